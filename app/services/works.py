"""Works (musical compositions) one at a time (the API): create, read, list, update.

A work's writers and publishers are not fields of the work: they are who holds its
performance / mechanical OWNS slices with role ``writer`` / ``publisher`` at a date, so the
view is built from those edges (``cypher/catalog/get_works.cypher``) and changes only through
the rights use cases. There is no delete, on purpose: history is never deleted.
"""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from app.money.shares import millionths_to_percent
from app.services import audit
from app.services.catalog import ensure_identifiers_free, upsert_works
from app.services.db import read, run, write
from app.services.entities import changes, get_one, page_of

WORK_FIELDS = ("title", "iswc", "alternateTitles")
SLICE_FIELDS = ("rightType", "territories", "excluded", "validFrom", "validTo", "agreementId")


def create_work(record: dict, actor: str, as_of: dt.date) -> dict:
    """Create one work ``{title, iswc (normalized)|None, alternateTitles}``; returns it as
    ``get_work`` at ``as_of``. Raises catalog.DuplicateIdentifier (ISWC held by another work)."""
    def work(tx):
        if record.get("iswc"):
            ensure_identifiers_free(tx, [("ISWC", record["iswc"])])
        work_id = upsert_works(tx, [{**record, "ref": None}]).ids["0"]
        audit.record(tx, actor, "work.create", work_id, after=record)
        return get_one(tx, "work", work_id, asOf=as_of)
    return _work_out(write(work), as_of)


def get_work(work_id: str, as_of: dt.date) -> dict:
    """``{workId, title, iswc, alternateTitles, recordingIds, asOf, writers, publishers}``;
    writers/publishers: ``[{participantId, name, ipi, shares: [{rightType, share (percent
    Decimal), territories, excluded, validFrom, validTo, agreementId}]}]``, the OWNS slices
    valid at ``as_of``. Raises catalog.UnknownEntity."""
    return _work_out(read(get_one, "work", work_id, asOf=as_of), as_of)


def list_works(skip: int, limit: int, as_of: dt.date, title: str | None = None,
               iswc: str | None = None) -> tuple[list[dict], int]:
    """A page of works (ordered by id, each as ``get_work``) and the total count. Filters:
    ``title`` (case-insensitive part of the title or an alternate title), ``iswc`` (normalized)."""
    rows, total = page_of("work", skip, limit, {"title": title, "iswc": iswc}, asOf=as_of)
    return [_work_out(row, as_of) for row in rows], total


def update_work(work_id: str, patch: dict, actor: str, as_of: dt.date) -> dict:
    """Apply a partial update (any of ``title``, ``iswc`` — null clears it —,
    ``alternateTitles``); the AuditEvent stores the changed fields before → after (none when
    nothing changed). Returns the work as ``get_work``. Raises catalog.UnknownEntity,
    catalog.DuplicateIdentifier."""
    def work(tx):
        current = get_one(tx, "work", work_id, asOf=as_of)
        if patch.get("iswc"):
            ensure_identifiers_free(tx, [("ISWC", patch["iswc"])], holder_id=work_id)
        old, new = changes({k: current[k] for k in WORK_FIELDS}, patch)
        if not new:
            return current
        run(tx, "catalog/update_work", workId=work_id, props=new)
        audit.record(tx, actor, "work.update", work_id, before=old, after=new)
        return get_one(tx, "work", work_id, asOf=as_of)
    return _work_out(write(work), as_of)


def _work_out(work: dict, as_of: dt.date) -> dict:
    slices = work.pop("slices")
    return {**work, "asOf": as_of, "writers": _holders(slices, "writer"), "publishers": _holders(slices, "publisher")}


def _holders(slices: list[dict], role: str) -> list[dict]:
    """Slices of one role grouped per participant (they come ordered by participant)."""
    holders = []
    for participant_id, group in groupby((s for s in slices if s["role"] == role), key=lambda s: s["participantId"]):
        group = list(group)
        holders.append({"participantId": participant_id, "name": group[0]["name"], "ipi": group[0]["ipi"],
                        "shares": [{"share": millionths_to_percent(s["share"]), **{k: s[k] for k in SLICE_FIELDS}}
                                   for s in group]})
    return holders
