"""Registrations of works with PROs / MROs and of recordings with SoundExchange.

A registration is one edge per asset and society:
``(:Work|:Recording)-[:REGISTERED_WITH {status, reference, submittedAt, registeredAt, rejectedAt,
by, createdAt, updatedAt}]->(:Society)``. Its life (``TRANSITIONS``): ``not_registered`` →
``pending`` (submitted) → ``registered`` | ``rejected``; a rejected registration may be submitted
again. Every move writes an AuditEvent in its transaction; posting the status the registration
already has (and no new reference) changes nothing.

Which societies a participant's repertoire should be registered with (``participant_status``)
is kept simple on purpose, see ``cypher/registrations/participant_status.cypher``: works go to
the works societies the participant is a member of (MEMBER_OF), else to its country's PRO(s) /
CMO(s); recordings go to SoundExchange.
"""
from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction

from app.services import audit, registration_gaps
from app.services.catalog import ParticipantNotFound
from app.services.entities import InvalidInput, missing_references
from app.services.db import read, run, write

STATUSES = ("not_registered", "pending", "registered", "rejected")
# The status a registration may move to from each status (re-posting the same one is a no-op).
TRANSITIONS = {"not_registered": {"pending"}, "pending": {"registered", "rejected"},
               "rejected": {"pending"}, "registered": set()}
# Societies that register works: performing-rights (PRO), mechanical-rights (MRO) and CMOs that
# administer both (GHAMRO, SACEM…). NROs register recordings.
WORK_SOCIETY_TYPES = ("PRO", "MRO", "CMO")
# Without a recorded membership, a work is expected at its writer's / publisher's national
# performing-rights society (PRO, or the CMO where one society does it all).
COUNTRY_SOCIETY_TYPES = ("PRO", "CMO")
SOUNDEXCHANGE = "SX"
RECORDING_SOCIETIES = (SOUNDEXCHANGE,)
# What the status endpoint reports for each edge status (no edge: not_registered).
REPORTED_STATUS = {"registered": "registered", "pending": "pending"}


class SocietyNotFound(LookupError):
    """A society the service relies on (SoundExchange, ``SX``) is not in the graph."""


def register_work(work_id: str, society_code: str, status: str, reference: str | None, actor: str) -> dict:
    """Create or move the registration of work ``work_id`` with the PRO / MRO / CMO
    ``society_code`` (see ``move``). Raises InvalidInput (unknown work, unknown society
    or one that does not register works, a transition ``TRANSITIONS`` forbids)."""
    return move(work_id, "work", society_code, status, reference, actor)


def register_recording(recording_id: str, status: str, reference: str | None, actor: str) -> dict:
    """Create or move the registration of recording ``recording_id`` with SoundExchange
    (``SX``; see ``move``). Raises InvalidInput (unknown recording, forbidden
    transition), SocietyNotFound when SX is not in the graph."""
    return move(recording_id, "recording", SOUNDEXCHANGE, status, reference, actor)


def move(asset_id: str, asset_kind: str, society_code: str, status: str, reference: str | None,
         actor: str) -> dict:
    """Create or move one registration in one transaction, with its AuditEvent
    (``registration.<status>``, entity the asset, before → after).

    ``asset_kind`` 'work' (society of a WORK_SOCIETY_TYPES type) or 'recording' (SoundExchange).
    Returns ``{assetId, assetKind, societyCode, status, previousStatus (None when created),
    reference, submittedAt, registeredAt, rejectedAt, by, created, changed}``. Raises
    InvalidInput naming every bad field (nothing written), SocietyNotFound when a recording's
    society is not in the graph."""
    asset_field = "workId" if asset_kind == "work" else "recordingId"

    def work(tx):
        target = run(tx, "registrations/targets", assetId=asset_id, societyCode=society_code)[0]
        errors: dict[str, list[str]] = {}
        if target["assetKind"] != asset_kind:
            errors[asset_field] = [f"unknown {asset_kind} {asset_id}"]
        society = target["society"]
        if society is None and asset_kind == "recording":
            raise SocietyNotFound(f"society {society_code} is not in the graph")
        if society is None:
            errors["societyCode"] = [f"unknown society {society_code}"]
        elif asset_kind == "work" and society.get("type") not in WORK_SOCIETY_TYPES:
            errors["societyCode"] = [f"{society_code} is a {society.get('type')} society; works are registered "
                                     f"with a {', '.join(WORK_SOCIETY_TYPES)}"]
        if errors:
            raise InvalidInput(errors)
        current = run(tx, "registrations/lock", assetId=asset_id, societyCode=society_code)[0]["registration"]
        before = current["status"]
        if status != before and status not in TRANSITIONS[before]:
            allowed = sorted(TRANSITIONS[before]) or ["none: it is final"]
            raise InvalidInput({"status": [
                f"a {before} registration cannot become {status}; allowed: {', '.join(allowed)}"]})
        created = target["registration"] is None
        changed = created or status != before or (reference is not None and reference != current.get("reference"))
        after = current
        if changed:
            after = run(tx, "registrations/move", assetId=asset_id, societyCode=society_code, status=status,
                        reference=reference, by=actor)[0]["registration"]
            audit.record(tx, actor, f"registration.{status}", asset_id,
                         before=None if created else _summary(society_code, current),
                         after=_summary(society_code, after))
            registration_gaps.invalidate(tx, asset_ids=[asset_id])
        return {"assetId": asset_id, "assetKind": asset_kind, "societyCode": society_code,
                "status": after["status"], "previousStatus": None if created else before,
                "reference": after.get("reference"), "submittedAt": after.get("submittedAt"),
                "registeredAt": after.get("registeredAt"), "rejectedAt": after.get("rejectedAt"),
                "by": after.get("by"), "created": created, "changed": changed}
    return write(work)


def _summary(society_code: str, registration: dict) -> dict:
    return {"societyCode": society_code, "status": registration["status"],
            "reference": registration.get("reference")}


def statuses(tx: ManagedTransaction, participant_id: str, as_of: dt.date) -> list[dict]:
    """For each of the participant's works and recordings and each society it should be
    registered with (rule: ``cypher/registrations/participant_status.cypher``), one row
    ``{assetId, assetKind, title, code (ISWC|ISRC), societyCode, societyName, basis
    (membership|country|standard), status (not_registered|pending|registered), rejected (the
    society rejected the last submission; status is then not_registered), reference,
    submittedAt, registeredAt, rejectedAt}``."""
    rows = run(tx, "registrations/participant_status", participantId=participant_id, asOf=as_of,
               memberTypes=list(WORK_SOCIETY_TYPES), countryTypes=list(COUNTRY_SOCIETY_TYPES),
               recordingSocieties=list(RECORDING_SOCIETIES))
    for row in rows:
        edge_status = row.pop("registrationStatus")
        row["status"] = REPORTED_STATUS.get(edge_status, "not_registered")
        row["rejected"] = edge_status == "rejected"
    return rows


def has_missing(tx: ManagedTransaction, participant_id: str, as_of: dt.date) -> bool:
    """True when one of the participant's works or recordings is ``not_registered`` (never
    submitted, or rejected) with a society it should be registered with (``statuses``); a
    pending submission is not missing."""
    return _any_missing(statuses(tx, participant_id, as_of))


def _any_missing(rows: list[dict]) -> bool:
    return any(row["status"] == "not_registered" for row in rows)


def participant_status(participant_id: str, as_of: dt.date) -> dict:
    """``{participantId, asOf, hasMissingRegistrations, registrations: [statuses rows]}``.
    Raises ParticipantNotFound."""
    def work(tx):
        if missing_references(tx, participant_ids=[participant_id])["participant"]:
            raise ParticipantNotFound(participant_id)
        return statuses(tx, participant_id, as_of)
    rows = read(work)
    return {"participantId": participant_id, "asOf": as_of,
            "hasMissingRegistrations": _any_missing(rows), "registrations": rows}
