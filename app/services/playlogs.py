"""Play logs in (issue 6 item 2): monitoring files and API batches → plays, attributed and charged.

A file is registered once per (sha256, station) (``PlayLogImport``) and processed in batches:
parse (``importers.playlogs``, streaming), check (``play_intake``: unknown stations, future
times, negative durations, duplicate play ids, repeat detections, malformed rows — rejected,
line-numbered, counted, stored as PlayLogIssue, never charged), write the accepted plays once
each (by ``sourceKey``), attribute the new ones (``play_attribution``) in the same transaction,
then charge the batch's matched plays (``play_charging``, one transaction). Processing the same
import again is safe at every step: known plays are not written again, charged plays are not
charged again; plays refused for want of funds or tariff are tried again.

Failed and unmatched detections are kept (status ``unmatched``), not dropped.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable

from more_itertools import chunked

from app.services import audit, stations
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.files import store
from app.services.ids import reserve_ids
from app.services.play_attribution import Attributor
from app.services.play_charging import ChargeRun, charge_plays, finish
from app.services.play_intake import Intake, StationDirectory, is_duplicate
from importers.identifiers import is_valid_isrc, is_valid_iswc, normalize_isrc, normalize_iswc
from importers.playlogs import LAYOUTS, detect_layout
from importers.playlogs.records import PlayRecord
from importers.records import FormatError, ParseIssue

BATCH_SIZE = 2000


class UnknownLayout(ValueError):
    """The play-log layout is not one we read (or could not be recognised); ``known`` lists ours."""

    def __init__(self, layout: str | None):
        known = sorted(LAYOUTS)
        super().__init__(f"unknown play-log layout {layout!r}; known: {', '.join(known)}" if layout
                         else f"the file is in no known play-log layout ({', '.join(known)})")
        self.known = known


def _station(ref: str | None) -> dict | None:
    """The station a reference names (id, stream id or name); raises UnknownEntity."""
    if ref is None:
        return None
    found = StationDirectory.of(stations.directory()).resolve(ref)
    if found is None:
        raise UnknownEntity("station", ref)
    return found


def register_file(file, filename: str, station: str | None = None, layout: str | None = None,
                  actor: str = "cli") -> tuple[dict, bool]:
    """Store and register a play-log file (path or binary stream) for ``station`` (id, stream
    id or name; None: its rows name their stations) in ``layout`` (None: detected). Returns
    (import properties, created). Raises UnknownEntity (station), UnknownLayout, FormatError
    (the header is not the layout's) before anything is written to the graph."""
    target = _station(station)
    path, digest, new = store(file, filename)
    try:
        layout = layout or detect_layout(path)
        if layout not in LAYOUTS:
            raise UnknownLayout(layout)
        head = LAYOUTS[layout][0](path)
        next(head, None)  # a file of another layout fails on its header
        head.close()
    except (UnknownLayout, FormatError):
        if new:
            path.unlink()
        raise

    def work(tx):
        row = run(tx, "broadcast/register_import", importId=reserve_ids(tx, "playlog_import", 1)[0], sha256=digest,
                  format=layout, stationId=target and target["stationId"], filename=os.path.basename(filename),
                  path=str(path))[0]
        if row["created"]:
            audit.record(tx, actor, "playlog.register", row["import"]["importId"],
                         after={"file": filename, "format": layout, "sha256": digest,
                                "stationId": target and target["stationId"]})
        return row["import"], row["created"]
    return write(work)


def process_import(import_id: str, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None,
                   actor: str = "cli") -> dict:
    """Parse, check, write, attribute and charge a registered import (again: safe). Returns
    ``{import, new (plays written this run), charged (plays), chargedMicro, refused
    {status: plays}}``. A file-level error marks the import ``failed`` and re-raises."""
    found = get_import(import_id)["import"]
    _set_status(import_id, "processing", None, None, actor)
    try:
        return _ingest(found, LAYOUTS[found["format"]][0](found["path"]), batch_size, progress, actor)
    except (FormatError, OSError) as exc:
        _set_status(import_id, "failed", None, str(exc), actor)
        raise


def import_file(path: str | os.PathLike, station: str | None = None, layout: str | None = None,
                progress: Callable[[int], None] | None = None, actor: str = "cli") -> dict:
    """``register_file`` then ``process_import`` (the CLI): the result of the processing, with
    ``created`` (the import is new)."""
    registered, created = register_file(path, os.path.basename(path), station, layout, actor)
    return process_import(registered["importId"], progress=progress, actor=actor) | {"created": created}


def post_plays(records: list[PlayRecord | ParseIssue], actor: str) -> dict:
    """Plays posted through the API (``station`` = a stationId per record): one import keyed by
    the sha256 of the plays' canonical JSON (the same batch again is the same import), processed
    at once. Returns what ``process_import`` returns plus ``issues`` (the rejections) and
    ``plays`` (``[{line, playId, status, chargeStatus}]`` of the accepted plays)."""
    canonical = json.dumps([{k: dict(v) if k == "extra" else v for k, v in vars(r).items()} for r in records],
                           default=str, sort_keys=True)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def work(tx):
        return run(tx, "broadcast/register_import", importId=reserve_ids(tx, "playlog_import", 1)[0], sha256=digest,
                   format="api", stationId=None, filename=None, path=None)[0]["import"]
    registered = write(work)
    _set_status(registered["importId"], "processing", None, None, actor)
    result = _ingest(registered, iter(records), BATCH_SIZE, None, actor)
    issues = import_issues(registered["importId"], 0, len(records))
    plays = read(lambda tx: run(tx, "broadcast/import_plays", importId=registered["importId"]))
    return result | {"issues": issues, "plays": plays}


def _ingest(found: dict, items: Iterable[PlayRecord | ParseIssue], batch_size: int,
            progress: Callable[[int], None] | None, actor: str) -> dict:
    import_id = found["importId"]
    charging = ChargeRun.start()  # every station, read once: also the intake's directory
    station = charging.stations[found["stationId"]] if found.get("stationId") else None
    intake = Intake(StationDirectory.of(charging.stations.values()), station, dt.datetime.now(dt.timezone.utc))
    attributor = Attributor()
    counts = {"received": 0, "accepted": 0, "rejected": 0, "duplicates": 0}
    new = 0
    for batch in chunked(intake.check(items), batch_size):
        outcome = write(_intake_tx, import_id, batch, attributor, actor)
        for key in counts:
            counts[key] += outcome[key]
        new += outcome["new"]
        charge_plays(charging, outcome["known"], actor, outcome["matched"])
        if progress:
            progress(counts["received"])
    finish(charging)
    final = _set_status(import_id, "processed", counts, None, actor)
    return {"import": final, "new": new, **charging.counts()}


def _intake_tx(tx, import_id: str, batch: list[dict | ParseIssue], attributor: Attributor, actor: str) -> dict:
    """Write one batch: accepted plays (once each), rejections, attributions of new plays."""
    accepted = [x for x in batch if isinstance(x, dict)]
    issues = [x for x in batch if isinstance(x, ParseIssue)]
    ids = iter(reserve_ids(tx, "play", len(accepted)))
    rows = run(tx, "broadcast/upsert_plays", importId=import_id, plays=[p | {"playId": next(ids)} for p in accepted])
    stored = {r["sourceKey"]: r for r in rows}
    created, known = [], []
    for play in accepted:
        row = stored[play["sourceKey"]]
        if row["created"]:
            created.append(play | {"playId": row["playId"]})
        elif row["importId"] == import_id and row["line"] == play["line"]:
            known.append(row["playId"])
        else:
            issues.append(ParseIssue(play["line"], "playId" if play["externalId"] else None,
                                     f"duplicate play: already imported as {row['playId']} ({row['importId']} "
                                     f"line {row['line']})", play["externalId"] or play["sourceKey"]))
    duplicates = sum(1 for i in issues if is_duplicate(i))
    run(tx, "broadcast/write_play_issues", importId=import_id,
        issues=[{"line": i.line, "field": i.field, "message": i.message, "raw": i.raw} for i in issues])
    status = {r["playId"]: r for r in attributor.attribute(tx, created, actor)} if created else {}
    matched = [{k: p[k] for k in ("playId", "stationId", "playedAt", "localDate", "usageType", "durationSeconds")}
               | {k: status[p["playId"]][k] for k in ("recordingId", "workId")}
               for p in created if status[p["playId"]]["status"] == "matched"]
    return {"received": len(batch), "accepted": len(created) + len(known), "rejected": len(issues),
            "duplicates": duplicates, "new": len(created), "known": known, "matched": matched}


def _set_status(import_id: str, status: str, counts: dict | None, error: str | None, actor: str) -> dict:
    def work(tx):
        row = run(tx, "broadcast/set_import_status", importId=import_id, status=status, counts=counts, error=error)
        if not row:
            raise UnknownEntity("play-log import", import_id)
        audit.record(tx, actor, f"playlog.{status}", import_id, after=counts if status != "processing" else None)
        return row[0]["import"]
    return write(work)


def get_import(import_id: str) -> dict:
    """``{import, plays, byStatus [{status, chargeStatus, plays}], chargedMicro}``; raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "broadcast/get_import", importId=import_id))
    if not rows:
        raise UnknownEntity("play-log import", import_id)
    return rows[0]


def import_issues(import_id: str, skip: int = 0, limit: int = 100) -> list[dict]:
    """Rejected rows of an import ``{line, field, message, raw}`` in line order."""
    return read(lambda tx: run(tx, "broadcast/import_issues", importId=import_id, skip=skip, limit=limit))


def records_from_api(plays: list[dict]) -> list[PlayRecord | ParseIssue]:
    """PlayRecords of API play bodies (already shape-checked: ``stationId``, ``playedAt``
    datetime, …), or a ParseIssue for a malformed ISRC or ISWC; ``line`` = 1-based position."""
    out: list[PlayRecord | ParseIssue] = []
    for i, p in enumerate(plays, start=1):
        isrc = normalize_isrc(p["isrc"]) if p["isrc"] else None
        if isrc and not is_valid_isrc(isrc):
            out.append(ParseIssue(i, "isrc", "ISRC is not CC-XXX-YY-NNNNN", p["isrc"]))
            continue
        if p.get("iswc") and not is_valid_iswc(p["iswc"]):
            out.append(ParseIssue(i, "iswc", "iswc is not a valid ISWC like T-034.524.680-1", p["iswc"]))
            continue
        out.append(PlayRecord(line=i, station=p["stationId"], played_at=p["playedAt"], title=p["title"],
                              artist=p["artist"], isrc=isrc, duration_seconds=p["durationSeconds"],
                              confidence=p["confidence"], usage_type=p["usageType"], fingerprint=p["fingerprint"],
                              play_id=p["playId"], extra={k: p[k] for k in ("album", "label") if p.get(k)},
                              iswc=normalize_iswc(p["iswc"]) if p.get("iswc") else None))
    return out
