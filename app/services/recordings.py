"""Sound recordings one at a time (the API): create, read, list, update.

A recording has an ISRC, a version and a duration, the work it records, and its performers
(``PERFORMS_ON {role}``: primary and featured artists, and non-featured performers — the
featured / non-featured split is what neighbouring-rights societies pay on). Its
sound-recording owners are the master OWNS slices valid at a date, read from the edges and
changed only through the rights use cases. There is no delete, on purpose: history is never
deleted.
"""
from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction

from app.money.shares import millionths_to_percent
from app.services import audit, registration_gaps
from app.services.catalog import ensure_identifiers_free, upsert_recordings
from app.services.db import read, run, write
from app.services.entities import InvalidInput, add_error, changes, get_one, missing_references, page_of

RECORDING_PROPS = ("title", "isrc", "version", "durationSeconds")


def create_recording(record: dict, actor: str, as_of: dt.date) -> dict:
    """Create one recording ``{title, isrc (normalized)|None, version, durationSeconds,
    workId|None, performers: [{participantId, role}]}``; returns it as ``get_recording`` at
    ``as_of``. Raises InvalidInput (unknown work or performer), catalog.DuplicateIdentifier."""
    def work(tx):
        _check_references(tx, record)
        if record.get("isrc"):
            ensure_identifiers_free(tx, [("ISRC", record["isrc"])])
        recording_id = upsert_recordings(tx, [{**record, "ref": None}]).ids["0"]
        audit.record(tx, actor, "recording.create", recording_id, after=record)
        return get_one(tx, "recording", recording_id, asOf=as_of)
    return _recording_out(write(work), as_of)


def get_recording(recording_id: str, as_of: dt.date) -> dict:
    """``{recordingId, title, isrc, version, durationSeconds, workId, asOf, performers:
    [{participantId, name, role}] (primary first), releases: [{releaseId, title, upc,
    trackNumber}], soundRecordingOwners: [{participantId, name, share (percent Decimal),
    territories, excluded, validFrom, validTo, agreementId}]}`` — the owners are the master
    OWNS slices valid at ``as_of``. Raises catalog.UnknownEntity."""
    return _recording_out(read(get_one, "recording", recording_id, asOf=as_of), as_of)


def list_recordings(skip: int, limit: int, as_of: dt.date, isrc: str | None = None, title: str | None = None,
                    work_id: str | None = None, participant_id: str | None = None) -> tuple[list[dict], int]:
    """A page of recordings (ordered by id, each as ``get_recording``) and the total count.
    Filters: ``isrc`` (normalized), ``title`` (case-insensitive part), ``work_id``,
    ``participant_id`` (performs on it or holds an OWNS slice of it, in any period)."""
    rows, total = page_of("recording", skip, limit, {"isrc": isrc, "title": title, "workId": work_id,
                                                     "participantId": participant_id}, asOf=as_of)
    return [_recording_out(row, as_of) for row in rows], total


def update_recording(recording_id: str, patch: dict, actor: str, as_of: dt.date) -> dict:
    """Apply a partial update: any of ``title``, ``isrc``, ``version``, ``durationSeconds``
    (null clears), ``workId`` (null unlinks the work), ``performers`` (the complete new list).
    The AuditEvent stores the changed fields before → after (none when nothing changed).
    Returns the recording as ``get_recording``. Raises catalog.UnknownEntity, InvalidInput,
    catalog.DuplicateIdentifier."""
    def work(tx):
        current = get_one(tx, "recording", recording_id, asOf=as_of)
        _check_references(tx, patch)
        if patch.get("isrc"):
            ensure_identifiers_free(tx, [("ISRC", patch["isrc"])], holder_id=recording_id)
        old, new = changes(_input_shape(current), _input_shape(patch, keys=patch))
        if not new:
            return current
        run(tx, "catalog/update_recording", recordingId=recording_id,
            props={k: new[k] for k in RECORDING_PROPS if k in new},
            setWork="workId" in new, workId=new.get("workId"), performers=new.get("performers"))
        # the new performers through the recording, the ones it dropped by name
        registration_gaps.invalidate(tx, asset_ids=[recording_id],
                                     participant_ids=[p["participantId"] for p in current.get("performers") or []])
        audit.record(tx, actor, "recording.update", recording_id, before=old, after=new)
        return get_one(tx, "recording", recording_id, asOf=as_of)
    return _recording_out(write(work), as_of)


def _check_references(tx: ManagedTransaction, record: dict) -> None:
    """Raise InvalidInput naming every unknown work or performer of ``record``."""
    performers = record.get("performers") or []
    work_id = record.get("workId")
    missing = missing_references(tx, participant_ids=[p["participantId"] for p in performers],
                                 work_ids=[work_id] if work_id else [])
    errors: dict = {}
    if work_id in missing["work"]:
        add_error(errors, ("workId",), f"unknown work {work_id}")
    for i, p in enumerate(performers):
        if p["participantId"] in missing["participant"]:
            add_error(errors, ("performers", i, "participantId"), f"unknown participant {p['participantId']}")
    if errors:
        raise InvalidInput(errors)


def _input_shape(view: dict, keys=None) -> dict:
    """A recording's fields in the create/patch input shape (performers sorted), for comparing
    and auditing; only ``keys`` when given."""
    shape = {k: view.get(k) for k in (*RECORDING_PROPS, "workId")}
    shape["performers"] = sorted(({"participantId": p["participantId"], "role": p["role"]}
                                  for p in view.get("performers") or []), key=lambda p: p["participantId"])
    return shape if keys is None else {k: shape[k] for k in keys}


def _recording_out(recording: dict, as_of: dt.date) -> dict:
    owners = recording.pop("owners")
    return {**recording, "asOf": as_of,
            "soundRecordingOwners": [{**o, "share": millionths_to_percent(o["share"])} for o in owners]}
