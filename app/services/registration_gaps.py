"""The Money Hub's ``hasMissingRegistrations`` flag, maintained per participant so the hub's cost
does not grow with the participant's catalogue (``registrations.has_missing`` reads every work
and recording × society: 500 rows for a 500-track artist).

A ``RegistrationGap`` node per participant holds ``missing`` as ``registrations.has_missing``
computed it on some date, with the window of dates it holds for (no relevant ownership or
membership of the participant starts or ends inside it: ``cypher/registrations/gap_window``) and
the number of societies then. It answers (``cached``) only while nothing behind it changed:

* every writer of those facts calls ``invalidate`` in its transaction: registration moves
  (``registrations.move``), ownership slices (``catalog.add_ownership`` — splits, agreements,
  imports —, agreement amendments and terminations), performers (catalog import, recording
  update), a participant's country and memberships (catalog import, participant create / update),
  and the society seed (``invalidate_all``);
* a society created by any other path changes the number of societies, which the read checks;
* the calendar: outside its window the flag does not answer.

Otherwise the hub computes the flag exactly and stores it (``refresh``), under a lock the
invalidating writers also take (``cypher/registrations/gap_lock``), so a refresh never stores a
flag computed from facts a concurrent writer is changing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from neo4j import ManagedTransaction

from app.services.db import run, write


def cached(tx: ManagedTransaction, participant_id: str, as_of: dt.date) -> bool | None:
    """The maintained flag when it answers for ``as_of`` (equal to
    ``registrations.has_missing(tx, participant_id, as_of)``), else None."""
    rows = run(tx, "registrations/gap_flag", participantId=participant_id, asOf=as_of)
    return rows[0]["missing"] if rows else None


def refresh(participant_id: str, as_of: dt.date) -> bool:
    """Compute ``registrations.has_missing`` for ``as_of`` in a write transaction that first locks
    the participant's flag, store it with its window and return it."""
    from app.services import registrations  # not at the top: registrations → entities → catalog → here

    def work(tx):
        societies = run(tx, "registrations/gap_lock", participantId=participant_id)[0]["societies"]
        missing = registrations.has_missing(tx, participant_id, as_of)
        window = run(tx, "registrations/gap_window", participantId=participant_id, asOf=as_of)
        bounds = window[0] if window else {"validFrom": None, "validUntil": None}
        run(tx, "registrations/gap_store", participantId=participant_id, missing=missing, societies=societies,
            validFrom=bounds["validFrom"], validUntil=bounds["validUntil"])
        return missing
    return write(work)


def invalidate(tx: ManagedTransaction, *, participant_ids: Iterable[str] = (), asset_ids: Iterable[str] = (),
               agreement_ids: Iterable[str] = ()) -> None:
    """Mark stale, in the writer's transaction, the flags of ``participant_ids``, of the owners and
    performers (past and present) of the works / recordings ``asset_ids`` and of the assets
    ``agreement_ids`` cover. Call it after the write (it also locks the flags until commit)."""
    participant_ids, asset_ids, agreement_ids = sorted(set(participant_ids)), sorted(set(asset_ids)), \
        sorted(set(agreement_ids))
    if participant_ids or asset_ids or agreement_ids:
        run(tx, "registrations/gap_invalidate", participantIds=participant_ids, assetIds=asset_ids,
            agreementIds=agreement_ids)


def invalidate_all(tx: ManagedTransaction) -> None:
    """Mark every flag stale (the societies were written)."""
    run(tx, "registrations/gap_invalidate_all")
