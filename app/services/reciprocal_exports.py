"""Partner reports of a royalty cycle (issue 7 item 5; docs/international.md "Exports").

``export(cycle_id, partner, fmt)`` writes one report of a closed cycle (Locked, Invoiced or
Remitted — an Open cycle has no line items yet: ExportConflict) for one partner, in one of
three formats (pure writers in app.exports):

* ``csv`` — the CSV baseline, one row per play the cycle counted (cycles.cycle_plays);
* ``cwr`` — a CWR 2.1 ownership snapshot of the partner's works with line items, with the
  shares the partner reported (CLAIMS), sent by us (settings sender_code / sender_name);
* ``ddex-dsr`` — a DDEX DSRF Radio Broadcast Profile 1.0 flat file (SY08 per line item ×
  station, a block per line item; sender settings().sender_dpid).

A partner without line items in the cycle gets an empty but valid report (a nil return: the
CSV header, a CWR file without transactions, a DSR file with one zero summary) — partners
expect a report every period. Every call writes a new file (a new Export, EXP-000001): the
file goes to ``settings().export_dir/<cycleId>/<partnerCode>/<filename>`` through a temporary
file renamed into place (never half a file under its name, never over an existing one); its
sha256 and generation time are stored on the Export node, audited (``export.create``), in the
transaction that records it. ``generate_reports`` gives every partner with line items its
reportingStandard's format (CWR → cwr, DDEX-DSR → ddex-dsr, CSV-Custom → csv).
"""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from app.exports import csv_baseline, cwr_snapshot, ddex_dsr
from app.services import audit, cycles, partners
from app.services.catalog import UnknownEntity
from app.services.db import read, run, settings, write
from app.services.entities import InvalidInput, StateConflict
from app.services.files import sha256_of
from app.services.ids import reserve_ids
from graph.reciprocal_schema import EXPORT_FORMATS

FORMAT_OF_STANDARD = {"CWR": "cwr", "DDEX-DSR": "ddex-dsr", "CSV-Custom": "csv"}
MIMETYPES = {"csv": csv_baseline.MIMETYPE, "cwr": cwr_snapshot.MIMETYPE, "ddex-dsr": ddex_dsr.MIMETYPE}
CWR_VERSION = "2.1"


class ExportConflict(StateConflict):
    """The cycle is still Open (nothing to report yet), or a file of the same name was written
    in the same second (API → 409)."""


def _out(e: dict) -> dict:
    """An Export node → the API shape."""
    return {"exportId": e["exportId"], "cycleId": e["cycleId"], "partnerCode": e["partnerCode"],
            "format": e["format"], "filename": e["filename"], "sha256": e["sha256"], "rows": e.get("rows"),
            "generatedAt": e["generatedAt"], "generatedBy": e.get("generatedBy"),
            "mimetype": MIMETYPES[e["format"]], "downloadUrl": f"/api/exports/{e['exportId']}/file"}


def _node(export_id: str) -> dict:
    rows = read(lambda tx: run(tx, "reciprocal/exports_get", exportIds=[export_id]))
    if not rows:
        raise UnknownEntity("export", export_id)
    return rows[0]["export"]


def get_export(export_id: str) -> dict:
    """An export: ``{exportId, cycleId, partnerCode, format, filename, sha256, rows,
    generatedAt, generatedBy, mimetype, downloadUrl}``. Raises UnknownEntity."""
    return _out(_node(export_id))


def export_path(export_id: str) -> tuple[Path, dict]:
    """The stored file of an export and the export (as ``get_export``). Raises UnknownEntity
    (unknown export), FileNotFoundError (its file was removed from the export directory)."""
    node = _node(export_id)
    path = Path(node["path"])
    if not path.is_file():
        raise FileNotFoundError(f"the file of export {export_id} is gone: {path}")
    return path, _out(node)


def _write_csv(cycle: dict, partner: dict, tmp: Path) -> int:
    with open(tmp, "w", newline="", encoding="utf-8") as out:
        return csv_baseline.write_csv(cycles.cycle_plays(cycle["cycleId"], partner["code"]), cycle["currency"], out)


def _write_cwr(cycle: dict, partner: dict, tmp: Path, created: dt.datetime) -> int:
    s = settings()
    works = read(lambda tx: run(tx, "reciprocal/exports_cwr_works", cycleId=cycle["cycleId"],
                                partnerCode=partner["code"]))
    sender = {"name": s.sender_name, "code": s.sender_code, "type": "SO"}
    lines = cwr_snapshot.write_snapshot(works, sender, created, CWR_VERSION)
    with open(tmp, "w", newline="", encoding="latin-1", errors="replace") as out:  # CWR's character set
        for line in lines:
            out.write(line + "\r\n")
    return len(works)


def dsr_resources(cycle_id: str, partner_code: str) -> list[ddex_dsr.UsedResource]:
    """The partner's line items in a cycle as DSR resources, each with its plays summed per
    station (from cycles.cycle_plays: the per-station amounts add up to the line item's)."""
    items = read(lambda tx: run(tx, "reciprocal/exports_line_items", cycleId=cycle_id, partnerCode=partner_code,
                                publisherRoles=list(cwr_snapshot.PUBLISHER_ROLES)))
    stations: dict[str, dict[str, list]] = defaultdict(dict)  # lineItemId → stationId → [name, n, s, g, f, net]
    artists: dict[str, str] = {}
    for play in cycles.cycle_plays(cycle_id, partner_code):
        acc = stations[play["lineItemId"]].setdefault(play["stationId"], [play["stationName"] or "", 0, 0, 0, 0, 0])
        acc[1] += 1
        acc[2] += play["durationSeconds"] or 0
        acc[3] += play["grossMicro"]
        acc[4] += play["feeMicro"]
        acc[5] += play["netMicro"]
        if play.get("artist"):
            artists.setdefault(play["lineItemId"], play["artist"])
    resources = []
    for li in items:
        usages = tuple(ddex_dsr.StationUsage(station_id, *acc)
                       for station_id, acc in sorted(stations[li["lineItemId"]].items()))
        track = li["recordingSeconds"] or (li["durationSeconds"] or 0) // max(li["usageCount"], 1)
        resources.append(ddex_dsr.UsedResource(
            line_item_id=li["lineItemId"], resource_id=li["recordingId"] or li["workId"], title=li["title"] or "",
            artist=artists.get(li["lineItemId"], ""), isrc=li["isrc"], iswc=li["iswc"], work_id=li["workId"],
            duration_seconds=track, admin_fee_percent=li["adminFeePercent"], composers=tuple(sorted(li["composers"])),
            publishers=tuple(sorted(li["publishers"])), usages=usages))
    return resources


def _dsr_message(cycle: dict, partner: dict, export_id: str, created: dt.datetime) -> ddex_dsr.Message:
    s = settings()
    return ddex_dsr.Message(
        message_id=export_id, created=created, usage_start=cycle["periodStart"],
        usage_end=cycle["periodEnd"] - dt.timedelta(days=1), sender_dpid=s.sender_dpid, sender_name=s.sender_name,
        recipient_name=partner["name"], recipient_dpid=None, territory=cycle["territory"],
        currency=cycle["currency"])


def _write_dsr(message: ddex_dsr.Message, cycle: dict, partner: dict, tmp: Path) -> int:
    resources = dsr_resources(cycle["cycleId"], partner["code"])
    with open(tmp, "w", newline="", encoding="utf-8") as out:
        for line in ddex_dsr.write_dsr(message, resources):
            out.write(line + "\n")
    return len(resources)


def _filename(fmt: str, cycle: dict, partner: dict, export_id: str, created: dt.datetime,
              message: ddex_dsr.Message | None) -> str:
    if fmt == "csv":
        return f"{cycle['cycleId']}_{partner['code']}_{export_id}.csv"
    if fmt == "cwr":
        sequence = int(export_id.split("-")[1])
        return cwr_snapshot.cwr_filename(created, sequence, settings().sender_code, partner["code"], CWR_VERSION)
    return ddex_dsr.dsr_filename(message)


def _place(tmp: Path, target: Path) -> None:
    """Give the finished temporary file its name, atomically and never over another file."""
    try:
        os.link(tmp, target)  # fails if the name exists, unlike rename
    except FileExistsError as exc:
        raise ExportConflict(f"{target.name} already exists: export again in a second") from exc
    finally:
        tmp.unlink(missing_ok=True)


def export(cycle_id: str, partner_ref: str, fmt: str, actor: str) -> dict:
    """Write the ``fmt`` report (csv | cwr | ddex-dsr) of a closed cycle for a partner
    (participantId or society code) and return the Export as ``get_export``.

    Raises InvalidInput ``{format}`` for another format, UnknownEntity for an unknown cycle or
    partner, ExportConflict for an Open cycle; OSError if the export directory is not writable.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput({"format": [f"must be one of {', '.join(EXPORT_FORMATS)}"]})
    cycle = cycles.get_cycle(cycle_id)
    partner = partners.get_partner(partner_ref)
    if cycle["status"] == "Open":
        raise ExportConflict(f"cycle {cycle_id} is Open: close it before exporting")
    export_id = write(lambda tx: reserve_ids(tx, "export", 1)[0])
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    message = _dsr_message(cycle, partner, export_id, created) if fmt == "ddex-dsr" else None
    filename = _filename(fmt, cycle, partner, export_id, created, message)
    folder = settings().export_dir / cycle["cycleId"] / partner["code"]
    folder.mkdir(parents=True, exist_ok=True)
    tmp, target = folder / f".{export_id}.partial", folder / filename
    try:
        if fmt == "csv":
            rows = _write_csv(cycle, partner, tmp)
        elif fmt == "cwr":
            rows = _write_cwr(cycle, partner, tmp, created)
        else:
            rows = _write_dsr(message, cycle, partner, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _place(tmp, target)
    stored = {"exportId": export_id, "cycleId": cycle["cycleId"], "partnerCode": partner["code"], "format": fmt,
              "path": str(target), "filename": filename, "sha256": sha256_of(target), "rows": rows,
              "generatedAt": created, "generatedBy": actor}

    def record(tx):
        node = run(tx, "reciprocal/exports_create", export=stored)[0]["export"]
        audit.record(tx, actor, "export.create", export_id, after={**stored, "generatedAt": created.isoformat()})
        return node
    try:
        return _out(write(record))
    except BaseException:
        target.unlink(missing_ok=True)  # no Export node, no file
        raise


def generate_reports(cycle_id: str, actor: str) -> list[dict]:
    """Every partner with line items in a closed cycle gets its report in its reporting
    standard's format (``FORMAT_OF_STANDARD``; CSV when it has none); the Exports, by partner
    code. Raises UnknownEntity, ExportConflict (Open cycle)."""
    cycle = cycles.get_cycle(cycle_id)
    if cycle["status"] == "Open":
        raise ExportConflict(f"cycle {cycle_id} is Open: close it before exporting")
    rows = read(lambda tx: run(tx, "reciprocal/exports_cycle_partners", cycleId=cycle_id))
    return [export(cycle_id, row["partnerCode"], FORMAT_OF_STANDARD.get(row["reportingStandard"], "csv"), actor)
            for row in rows]

