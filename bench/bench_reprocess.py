#!/usr/bin/env python
"""Reallocation benchmark (issue 4 item 6): how fast a processed statement is reprocessed after
a split change effective in the past, and how fast suspense is re-matched after the catalog grew.

    python bench/bench_reprocess.py [--recordings 2000] [--lines 50000] [--changed 10]
                                    [--instance reprocess] [--bolt-port 7723] [--http-port 7823]
                                    [--heap 1g] [--keep]

It runs on its own local Neo4j instance (``--instance``; restarted fresh, wiped, given the schema,
stopped at the end unless ``--keep``). Stages, each timed on its own:

* setup          catalog import (``demo_data``), then ``statements.register`` + ``process``;
* reprocess, no change    every event read and re-decided, nothing written (the read pass);
* split change   ``splits.put_split`` from 2020-01-01 on ``--changed`` % of the recordings
                 (one owner takes the master): not measured as reallocation;
* reprocess, after the change    the changed events locked, reversed and re-posted;
* reprocess again    must change nothing;
* suspense rematch   half of the statement's unknown ISRCs added to the catalog (a recording and
                 its owner each), then ``reprocessing.rematch_suspense``.

Then: time per query file during the reallocation stages (by wrapping ``run`` in the modules
that call it; no app code changed), peak memory, and checks: the ledger balanced
(``ledger_check``), Σ ALLOCATED = statement gross, a second reprocess posts nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_statement import (  # noqa: E402
    Table,
    _query_timer,
    finish,
    print_queries,
    proc_status_mib,
    python_peak_rss_mib,
    start_fresh,
)

os.environ["RIGHTSGRAPH_INSTANCE"] = "reprocess"
os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402

PAST = dt.date(2020, 1, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--recordings", type=int, default=2000)
    ap.add_argument("--lines", type=int, default=50_000)
    ap.add_argument("--changed", type=int, default=10, help="percent of the recordings whose split changes")
    ap.add_argument("--instance", default="reprocess")
    ap.add_argument("--bolt-port", type=int, default=7723)
    ap.add_argument("--http-port", type=int, default=7823)
    ap.add_argument("--heap", default="1g")
    ap.add_argument("--pagecache", default=LocalServer.pagecache)
    ap.add_argument("--keep", action="store_true", help="leave the Neo4j instance running and keep the temp dir")
    args = ap.parse_args()

    server = LocalServer(root=Settings.from_env().neo4j_dir, name=args.instance, bolt_port=args.bolt_port,
                         http_port=args.http_port, heap=args.heap, pagecache=args.pagecache)
    workdir = Path(tempfile.mkdtemp(prefix="rightsgraph-bench-reprocess-"))
    os.environ.update(RIGHTSGRAPH_INSTANCE=args.instance, NEO4J_URI=server.bolt_uri, NEO4J_USER="neo4j",
                      NEO4J_PASSWORD=server.password, RIGHTSGRAPH_DATA_DIR=str(workdir / "data"))

    from app.services import catalog_import, db, ledger_check, reprocessing, splits, statements
    from app.services.demo_data import generate_catalog, write_catalog, write_distrokid_statement
    from app.services.recordings import create_recording
    from graph.setup import init_schema

    print(f"rightsgraph reprocess bench: {args.recordings:,} recordings, {args.lines:,} lines, "
          f"{args.changed} % of the recordings re-split; Neo4j '{args.instance}' at {server.bolt_uri} "
          f"(heap {args.heap})")
    neo_pid = start_fresh(server)
    if neo_pid is None:
        return 2
    table = Table()
    ok = True
    try:
        drv = db.driver()
        with drv.session() as session:
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        init_schema(drv)

        def rows(cypher: str, **params) -> list[dict]:
            return [r.data() for r in drv.execute_query(cypher, **params)[0]]

        # -- setup ---------------------------------------------------------------------------
        catalog = generate_catalog(args.recordings)
        write_catalog(workdir / "catalog.json", catalog)
        write_distrokid_statement(workdir / "statement.tsv", catalog, args.lines)
        t0 = time.perf_counter()
        catalog_import.import_catalog(workdir / "catalog.json", actor="bench")
        registered, _ = statements.register(workdir / "statement.tsv", "statement.tsv", "distrokid", actor="bench")
        sid = statements.process(registered["statementId"], actor="bench")["statementId"]
        table.add("setup (import + process)", time.perf_counter() - t0, args.lines, "lines")

        queries = _wrap_queries()

        def timed(name: str, fn, *a, **kw) -> dict:
            t = time.perf_counter()
            report = fn(*a, **kw)
            seconds = time.perf_counter() - t
            count = report.get("events", report.get("examined"))
            table.add(name, seconds, count, "events", ", ".join(
                f"{k} {report[k]:,}" for k in ("changed", "matched", "rematched", "movedMicro", "releasedMicro")
                if k in report) + f"; {len(report['entries'])} entries")
            return report

        timed("reprocess, no change", reprocessing.reprocess_statement, sid, actor="bench")

        # -- a split change effective in the past -------------------------------------------------
        owner = rows("MATCH (p:Participant) RETURN p.participantId AS id ORDER BY id LIMIT 1")[0]["id"]
        recordings = [r["id"] for r in rows("MATCH (r:Recording) RETURN r.recordingId AS id ORDER BY id")]
        changed = recordings[:: max(1, 100 // max(1, args.changed))]
        t0, saved = time.perf_counter(), {k: list(v) for k, v in queries.items()}
        for rid in changed:
            splits.put_split(rid, "master", PAST, [{"participantId": owner, "share": Decimal(100)}], "bench")
        print(f"  .. {len(changed):,} splits changed in {time.perf_counter() - t0:.1f} s (not measured)")
        queries.clear()
        queries.update(saved)

        after = timed("reprocess, after change", reprocessing.reprocess_statement, sid, actor="bench")
        again = timed("reprocess again", reprocessing.reprocess_statement, sid, actor="bench")
        ok &= again["changed"] == 0 and not again["entries"] and after["changed"] > 0

        # -- the catalog grows: half the unknown ISRCs become recordings ---------------------------
        unknown = [r["isrc"] for r in rows("MATCH (e:RoyaltyEvent {statementId: $sid}) WHERE e.assetId IS NULL "
                                           "AND e.isrc IS NOT NULL RETURN DISTINCT e.isrc AS isrc ORDER BY isrc",
                                           sid=sid)]
        t0, saved = time.perf_counter(), {k: list(v) for k, v in queries.items()}
        for isrc in unknown[::2]:
            rid = create_recording({"title": f"Found {isrc}", "isrc": isrc, "performers": []}, "bench",
                                   PAST)["recordingId"]
            splits.put_split(rid, "master", PAST, [{"participantId": owner, "share": Decimal(100)}], "bench")
        print(f"  .. {len(unknown[::2]):,} of {len(unknown):,} unknown ISRCs added in {time.perf_counter() - t0:.1f} s"
              " (not measured)")
        queries.clear()
        queries.update(saved)
        rematch = timed("suspense rematch", reprocessing.rematch_suspense, actor="bench")
        ok &= rematch["matched"] > 0 and rematch["releasedMicro"] > 0

        # -- report -----------------------------------------------------------------------------
        print()
        table.print()
        print("\nqueries during the reallocation stages:")
        print_queries(queries)
        print(f"\nmemory: python peak RSS {python_peak_rss_mib():.0f} MiB; neo4j JVM VmHWM "
              f"{proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        check = ledger_check.check(10)
        totals = statements.totals(sid)
        gross = statements.get(sid)["grossMicro"]
        ok &= check.ok and totals["allocatedMicro"] == gross
        print(f"correctness: ledger {'balanced' if check.ok else 'VIOLATED'} ({check.entries:,} entries); "
              f"Σ ALLOCATED {totals['allocatedMicro']:,} µ = gross {gross:,} µ: "
              f"{totals['allocatedMicro'] == gross}; "
              f"second reprocess changed {again['changed']}: {'OK' if ok else 'FAILED'}")
    finally:
        finish(server, str(workdir), args.keep)
    return 0 if ok else 1


def _wrap_queries() -> dict[str, list]:
    """Wrap ``run`` in the modules the reallocation stages call; ``{query file: [calls,
    seconds]}``, filled as they run."""
    from app.services import (advances, allocation, audit, db, holds, ids, income_rollups, ledger, line_matching,
                              quality, reallocation, reprocessing, statements)
    queries, timed_run = _query_timer(db.run)
    for mod in (advances, allocation, audit, holds, ids, income_rollups, ledger, line_matching, quality,
                reallocation, reprocessing, statements):
        if hasattr(mod, "run"):
            mod.run = timed_run
    return queries


if __name__ == "__main__":
    sys.exit(main())
