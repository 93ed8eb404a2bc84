"""``rightsgraph import catalog FILE``: a catalog file (docs/catalog-format.md) into the graph.

The whole file is written in one transaction: a catalog either lands completely or not at all.
The same file twice (by sha256) is a no-op that returns the first import's summary.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from app.services import audit, jobs
from app.services.catalog import add_ownership, upsert_participants, upsert_recordings, upsert_releases, upsert_works
from app.services.db import run, settings, write
from app.services.files import sha256_of
from app.services.ids import reserve_ids
from importers.catalog import mask_account_label, parse_catalog
from importers.records import ParseIssue


@dataclass
class CatalogImportResult:
    """``counts``: ``{participants|works|recordings|releases: {created, updated}, ownership:
    {created}}``; ``issues``: records rejected by the parser (skipped, the rest imported)."""

    import_id: str
    new: bool
    counts: dict
    issues: list[ParseIssue] = field(default_factory=list)


def import_catalog(path: str | os.PathLike, actor: str = "cli") -> CatalogImportResult:
    """Parse and import a catalog file. Raises importers.catalog.CatalogFormatError for a file
    that is not a catalog at all; record-level problems are returned as issues. A new import
    then re-matches the money in suspense (``jobs.rematch_suspense``: in-process, or queued)."""
    catalog = parse_catalog(path)
    digest = sha256_of(path)
    currency = settings().wallet_currency

    def work(tx) -> CatalogImportResult:
        new_id = reserve_ids(tx, "catalog_import", 1)[0]
        reg = run(tx, "rights/register_catalog_import", importId=new_id, sha256=digest, filename=os.path.basename(path))[0]
        if not reg["created"]:
            stored = json.loads(reg["summary"] or "{}")
            return CatalogImportResult(reg["importId"], False, stored.get("counts", {}),
                                       [ParseIssue(**i) for i in stored.get("issues", [])])
        for rec in catalog.participants:
            if rec["payoutMethod"]:
                rec["payoutMethod"]["label"] = mask_account_label(rec["payoutMethod"]["label"])
        parts = upsert_participants(tx, catalog.participants, currency)
        works = upsert_works(tx, catalog.works)
        recordings = upsert_recordings(tx, [
            {**r, "workId": works.ids.get(r["workRef"]),
             "performers": [{"participantId": parts.ids[p["participantRef"]], "role": p["role"]} for p in r["performers"]]}
            for r in catalog.recordings])
        releases = upsert_releases(tx, [
            {**r, "tracks": [{"recordingId": recordings.ids[t["recordingRef"]], "trackNumber": t["trackNumber"]}
                             for t in r["tracks"]]}
            for r in catalog.releases])
        asset_ids = {**works.ids, **recordings.ids}
        slices = add_ownership(tx, [{**o, "participantId": parts.ids[o["participantRef"]], "assetId": asset_ids[o["assetRef"]]}
                                    for o in catalog.ownership])
        counts = {name: {"created": up.created, "updated": up.updated}
                  for name, up in (("participants", parts), ("works", works), ("recordings", recordings), ("releases", releases))}
        counts["ownership"] = {"created": slices}
        result = CatalogImportResult(new_id, True, counts, catalog.issues)
        summary = {"counts": counts, "issues": [asdict(i) for i in catalog.issues]}
        run(tx, "rights/finish_catalog_import", importId=new_id, summary=json.dumps(summary))
        audit.record(tx, actor, "catalog.import", new_id, after={"file": os.path.basename(path), **summary})
        return result

    result = write(work)
    if result.new:
        jobs.rematch_suspense(actor)  # the grown catalog may claim money waiting in suspense
    return result
