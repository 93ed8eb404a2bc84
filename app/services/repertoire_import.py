"""Repertoire import (issue 7 item 2, docs/repertoire-import.md): a partner
society's file of works and recordings (CSV, CWR, DDEX ERN; parsed by ``importers.repertoire``)
into the graph as the partner's repertoire, so its plays can be attributed and its money routed.

The file streams through the parser in batches of ``BATCH_SIZE`` records; each batch is planned
(``repertoire_plan``, read-only) and written (``repertoire_write``) in ONE transaction, and the
``RepertoireImport`` node (RPI-…) records the progress (``done`` of ``total`` records) so a long
import can be watched. A failure marks the import failed with its error; the batches before it
stay written — every write is an upsert, so importing the same file again (a failed import is
re-run, under the same id) is safe and completes it.

The same file for the same partner (sha256) again returns the first import's log without
writing (``new`` False); a changed file updates what changed. A dry run plans every batch with
read transactions and writes nothing (no import node either). Every import is audited
(``repertoire.import`` on success, ``repertoire.import.failed``).
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from app.services import audit
from app.services.catalog import UnknownEntity
from app.services.db import read, run, settings, write
from app.services.entities import InvalidInput
from app.services.files import sha256_of
from app.services.ids import reserve_ids
from app.services.partners import get_partner
from app.services.repertoire_log import ImportLog
from app.services.repertoire_plan import plan_batch
from app.services.repertoire_write import apply_batch
from graph.reciprocal_schema import REPERTOIRE_FORMATS
from importers.identifiers import IdentifierError, validate
from importers.records import ParseIssue
from importers.repertoire.records import RepertoireRecording, RepertoireWork

PARSERS = {"csv": "importers.repertoire.csv_format", "cwr": "importers.repertoire.cwr",
           "ddex-ern": "importers.repertoire.ern"}
BATCH_SIZE = 2000  # records per transaction: bounded transaction memory, progress every batch
FINAL = ("done", "failed")
_CWR_SUFFIXES = {".v21", ".v22", ".v30", ".v31", ".sub", ".isr", ".cwr"}
_CWR_NAME = re.compile(r"^CW\d{2}", re.I)  # CWR file naming: CWyynnnnSSS_RRR.Vxx

Progress = Callable[[int, int | None], None]


def parser(fmt: str) -> Callable[[str | os.PathLike], Iterator]:
    """The ``parse(path)`` of a repertoire format. Raises InvalidInput on ``format``."""
    if fmt not in PARSERS:
        raise InvalidInput({"format": [f"must be one of {', '.join(REPERTOIRE_FORMATS)}"]})
    return importlib.import_module(PARSERS[fmt]).parse


def format_of(path: str | os.PathLike) -> str | None:
    """The repertoire format a file name suggests: .csv → csv, .xml → ddex-ern, CWR
    extensions (.V21, .V22, .SUB, .ISR…) or CWR file names (CW…) → cwr; else None."""
    name = Path(path).name
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xml":
        return "ddex-ern"
    return "cwr" if suffix in _CWR_SUFFIXES or _CWR_NAME.match(name) else None


def _batches(records: Iterable) -> Iterator[tuple[list, list[ParseIssue]]]:
    """(records, parse issues) in batches of BATCH_SIZE works/recordings; other records
    (CWR acknowledgements) are not repertoire and are passed over."""
    batch, issues = [], []
    for item in records:
        if isinstance(item, ParseIssue):
            issues.append(item)
        elif isinstance(item, (RepertoireWork, RepertoireRecording)):
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                yield batch, issues
                batch, issues = [], []
    if batch or issues:
        yield batch, issues


def _out(found: dict, new: bool) -> dict:
    log = found.get("log")
    return {"importId": found["importId"], "partnerCode": found["partnerCode"], "format": found["format"],
            "filename": found.get("filename"), "sha256": found["sha256"], "status": found["status"],
            "done": found.get("done") or 0, "total": found.get("total"), "error": found.get("error"),
            "by": found.get("by"), "startedAt": found.get("startedAt"), "finishedAt": found.get("finishedAt"),
            "progressAt": found.get("progressAt"),
            "log": json.loads(log) if log else None, "new": new}


def import_records(records: Iterable, partner_code: str, import_id: str | None, actor: str,
                   total: int | None = None, progress: Progress | None = None) -> dict:
    """The inner entry point: import ``records`` (parser output: works, recordings, ParseIssues)
    for the partner ``partner_code`` under the registered import ``import_id``, or plan them only
    when ``import_id`` is None (dry run). Returns the log (``repertoire_log``). Raises what a
    batch raises, after marking the import failed."""
    log, done = ImportLog(), 0
    currency = settings().wallet_currency
    if import_id:
        write(_update, import_id, status="running", done=0, total=total)
    try:
        for batch, issues in _batches(records):
            for issue in issues:
                log.issue(issue)
            if not batch:
                continue
            if import_id is None:
                log.batch(read(plan_batch, partner_code, batch), None)
            else:
                def work(tx, batch=batch, done=done):
                    plan = plan_batch(tx, partner_code, batch)
                    written = apply_batch(tx, partner_code, import_id, plan, currency)
                    _update(tx, import_id, done=done + len(batch))
                    return plan, written
                log.batch(*write(work))
            done += len(batch)
            if progress:
                progress(done, total)
    except Exception as exc:
        if import_id:
            write(_finish, import_id, actor, "failed", log.as_dict(), f"{type(exc).__name__}: {exc}")
        raise
    if import_id:
        write(_finish, import_id, actor, "done", log.as_dict(), None, total=done)
    return log.as_dict()


def _update(tx, import_id: str, status=None, done=None, total=None, log=None, error=None) -> dict:
    return run(tx, "reciprocal/repertoire_update_import", importId=import_id, status=status, done=done, total=total,
               log=log, error=error)[0]["import"]


def _finish(tx, import_id: str, actor: str, status: str, log: dict, error: str | None, total=None) -> dict:
    found = _update(tx, import_id, status=status, done=total, total=total, log=json.dumps(log, default=str),
                    error=error)
    counts = {k: log[k] for k in ("works", "recordings", "writers", "publishers", "created", "updated", "mandates")}
    audit.record(tx, actor, "repertoire.import" if status == "done" else "repertoire.import.failed", import_id,
                 after={"partnerCode": found["partnerCode"], "filename": found.get("filename"),
                        "sha256": found["sha256"], **counts, "conflicts": len(log["conflicts"]),
                        "errors": len(log["errors"]), **({"error": error} if error else {})})
    return found


def register(path: str | os.PathLike, partner_ref: str, fmt: str, actor: str,
             filename: str | None = None) -> tuple[dict, bool]:
    """Register a file for import (``RepertoireImport`` status ``queued``). Returns (import as
    ``get_import``, runnable): runnable False when the same file was imported for the partner
    before (done, or queued/running now and not stale). Raises InvalidInput (``format``,
    ``file``), UnknownEntity."""
    parser(fmt)
    if not Path(path).is_file():
        raise InvalidInput({"file": [f"no such file: {path}"]})
    partner = get_partner(partner_ref)
    digest = sha256_of(path)

    def work(tx):
        rows = run(tx, "reciprocal/repertoire_register_import", record={
            "importId": reserve_ids(tx, "repertoire_import", 1)[0], "importKey": f"{digest}|{partner['code']}",
            "partnerCode": partner["code"], "format": fmt, "filename": filename or Path(path).name,
            "sha256": digest, "status": "queued", "by": actor})
        return rows[0]["import"], rows[0]["created"]
    found, created = write(work)
    return _out(found, created), created or found["status"] == "failed" or _stale(found)


def _stale(found: dict) -> bool:
    """A queued or running import without progress for longer than the task visibility timeout
    (its process died: Celery would have redelivered a live task by then) may be run again."""
    quiet = dt.datetime.now(dt.timezone.utc) - (found.get("progressAt") or found["startedAt"])
    return found["status"] in ("queued", "running") and quiet.total_seconds() > settings().visibility_timeout


def run_import(import_id: str, path: str | os.PathLike, actor: str, progress: Progress | None = None) -> dict:
    """Import the registered file ``path`` (what a Celery worker runs for a queued import).
    Counts the records first (one parse) so the progress has a total. Returns ``get_import``."""
    found = get_import(import_id)
    parse = parser(found["format"])
    try:
        total = sum(1 for r in parse(path) if isinstance(r, (RepertoireWork, RepertoireRecording)))
    except Exception as exc:  # not a file of that format (FormatError) or unreadable: the import failed
        write(_finish, import_id, actor, "failed", ImportLog().as_dict(), f"{type(exc).__name__}: {exc}")
        raise
    import_records(parse(path), found["partnerCode"], import_id, actor, total=total, progress=progress)
    return {**get_import(import_id), "new": True}


def import_repertoire(path: str | os.PathLike, partner_ref: str, fmt: str, actor: str, dry_run: bool = False,
                      progress: Progress | None = None) -> dict:
    """Import a partner's repertoire file (``fmt`` csv | cwr | ddex-ern) in-process. Returns
    ``{importId (None on a dry run), status (done | failed | running | dry-run), log, new,
    partnerCode, format, filename, sha256, done, total, error, …}``; the same file again
    returns the first import (``new`` False) without writing. ``progress(done, total)`` is
    called after each batch. Raises InvalidInput (``format``, ``file``), UnknownEntity (partner)."""
    if dry_run:
        parse = parser(fmt)
        if not Path(path).is_file():
            raise InvalidInput({"file": [f"no such file: {path}"]})
        partner = get_partner(partner_ref)
        log = import_records(parse(path), partner["code"], None, actor, progress=progress)
        return {"importId": None, "status": "dry-run", "partnerCode": partner["code"], "format": fmt,
                "filename": Path(path).name, "sha256": sha256_of(path), "log": log, "new": False}
    found, runnable = register(path, partner_ref, fmt, actor)
    if not runnable:
        return found
    return run_import(found["importId"], path, actor, progress)


def get_import(import_id: str) -> dict:
    """One import: ``{importId, partnerCode, format, filename, sha256, status (queued | running
    | done | failed), done, total, error, by, startedAt, finishedAt, log}``. Raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "reciprocal/repertoire_imports", code=None, importIds=[import_id],
                               importKeys=None, skip=0, limit=1))
    if not rows[0]["imports"]:
        raise UnknownEntity("repertoire import", import_id)
    return _out(rows[0]["imports"][0], False)


def list_imports(partner_ref: str, skip: int, limit: int) -> tuple[list[dict], int]:
    """A partner's imports, newest first (``get_import`` shape without the log), and their
    total. Raises UnknownEntity (partner)."""
    code = get_partner(partner_ref)["code"]
    page = read(lambda tx: run(tx, "reciprocal/repertoire_imports", code=code, importIds=None, importKeys=None,
                               skip=skip, limit=limit))[0]
    return [{**_out(i, False), "log": None} for i in page["imports"]], page["total"]


def repertoire(partner_ref: str, kind: str, q: str | None, skip: int, limit: int) -> tuple[list[dict], int]:
    """A page of the partner's repertoire (``kind`` work | recording), by title, ``q`` matching
    a title / alternate title (contains, case-insensitive) or an ISWC / ISRC: ``[{id, kind,
    title, iswc, isrc, since, updatedAt, importId, lastImportId, claims, workIds}]`` and the
    total. Raises UnknownEntity (partner)."""
    code = get_partner(partner_ref)["code"]
    q = _identifier(q) if q else None
    page = read(lambda tx: run(tx, "reciprocal/repertoire_list", code=code, kind=kind, q=q, skip=skip,
                               limit=limit))[0]
    return page["items"], page["total"]


def _identifier(q: str) -> str:
    """``q`` normalized as the graph stores it when it is an ISWC or ISRC (any spelling), else as given."""
    for scheme in ("ISWC", "ISRC"):
        try:
            return validate(scheme, q)
        except IdentifierError:
            pass
    return q


def sync_drop_folder(actor: str) -> list[dict]:
    """Import every new file of ``settings().repertoire_drop_dir/<PARTNERCODE>/`` (format by
    file name: ``format_of``; hidden files skipped; a file imported before, by sha256, is not
    listed). Returns one result per file tried: ``{partner, file, importId, status, error}``;
    an unknown partner folder or format, or a failing file, is reported there, never raised."""
    root = settings().repertoire_drop_dir
    results: list[dict] = []
    if not root.is_dir():
        return results
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            code = get_partner(folder.name)["code"]
        except UnknownEntity:
            results.append({"partner": folder.name, "file": None, "importId": None, "status": "failed",
                            "error": f"unknown partner {folder.name}"})
            continue
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        keys = {f"{sha256_of(p)}|{code}": p for p in files}
        done = {i["importKey"] for i in read(lambda tx: run(
            tx, "reciprocal/repertoire_imports", code=code, importIds=None, importKeys=sorted(keys), skip=0,
            limit=len(keys) or 1))[0]["imports"] if i["status"] == "done"}
        for key, path in keys.items():
            if key not in done:
                results.append(_sync_one(path, code, actor))
    return results


def _sync_one(path: Path, code: str, actor: str) -> dict:
    fmt = format_of(path)
    result = {"partner": code, "file": path.name, "importId": None, "status": "failed", "error": None}
    if fmt is None:
        return result | {"error": "unknown repertoire format (by file name)"}
    try:
        found = import_repertoire(path, code, fmt, actor)
        return result | {"importId": found["importId"], "status": found["status"], "error": found.get("error")}
    except Exception as exc:  # one bad file must not stop the nightly sync of the others
        return result | {"error": f"{type(exc).__name__}: {exc}"}
