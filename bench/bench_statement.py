#!/usr/bin/env python
"""Statement pipeline benchmark: how fast a DistroKid statement is parsed, matched, resolved,
allocated and posted on a real Neo4j, and what it costs in memory.

    python bench/bench_statement.py [--recordings 10000] [--lines 100000] [--batch-size 5000] [--keep]

It runs on its OWN local Neo4j instance ``bench`` (``.neo4j/instances/bench``, bolt 7689,
http 7476) and a temporary data directory, so it never touches the demo's (7687) or the test
suite's (7688) data. The instance is (re)started fresh (so the JVM's peak RSS covers this run
only), wiped, given the schema, and stopped at the end unless ``--keep``. Its heap defaults to
1g, not the demo's 512m: the catalogue is imported in ONE transaction, and 10 000 recordings need
~450 MiB of transaction memory, over the 358.4 MiB cap (70 % of 512m) — see bench/README.md.

Stages, each measured on its own:

* catalog import   ``catalog_import.import_catalog`` of a generated ``--recordings`` catalog;
* parse            iterate ``parse_distrokid`` over the file + ``CumulativeRounder`` (no graph);
* match            ``allocation/match_isrc`` over each batch's distinct ISRCs, exactly as
                   ``allocate_batch`` builds them (one read transaction per batch);
* resolve          ``rights/owners_at`` over each batch's distinct owner keys
                   (recording | right type | period | territory), as ``allocate_batch`` does;
* full pipeline    ``statements.register`` + ``statements.process`` end to end.

"allocate+post" = full − parse − match − resolve is an ESTIMATE (the full run does parse, match
and resolve itself, inside write transactions). As a cross-check, the full run also records the
time spent in each query file by wrapping the ``run`` helper the services call (no app code is
changed), and the time of each batch's write transaction, commit included.
"""
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Before any app import: our own instance name and in-process tasks (the bolt URI and a private
# data dir are set in main(), before any app.services import).
os.environ["RIGHTSGRAPH_INSTANCE"] = "bench"
os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402
from harness import finish, proc_status_mib, start_fresh  # noqa: E402

BENCH_BOLT_PORT = 7689
BENCH_HTTP_PORT = 7476


# -- helpers -----------------------------------------------------------------------------------

def python_peak_rss_mib() -> float:
    """Peak RSS of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batches(items, size):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>10,.0f}/s" if seconds > 0 else "         -"


class Table:
    """One line per stage: name, seconds, items, throughput, note."""

    def __init__(self):
        self.rows: list[tuple[str, float, int | None, str, str]] = []

    def add(self, name: str, seconds: float, count: int | None = None, unit: str = "", note: str = ""):
        self.rows.append((name, seconds, count, unit, note))
        print(f"  .. {name}: {seconds:.2f} s {note}", flush=True)

    def print(self):
        print(f"{'stage':<26} {'seconds':>9} {'items':>12} {'unit':<11} {'throughput':>12}  note")
        print("-" * 110)
        for name, seconds, count, unit, note in self.rows:
            items = f"{count:>12,}" if count is not None else " " * 12
            thr = rate(count, seconds) if count else " " * 12
            print(f"{name:<26} {seconds:>9.2f} {items} {unit:<11} {thr:>12}  {note}")


def _generate_and_import(recordings: int, lines: int, workdir: str) -> dict:
    """Child process: generate the catalogue and the statement into ``workdir``, import the
    catalogue (timed, with the time per query file). Environment inherited from the parent."""
    from app.services import audit, catalog_import, db
    from app.services import catalog as catalog_mod
    from app.services import ids as ids_mod
    from app.services.demo_data import generate_catalog, write_catalog, write_distrokid_statement
    from neo4j.exceptions import Neo4jError

    t0 = time.perf_counter()
    catalog = generate_catalog(recordings)
    catalog_path = Path(workdir) / f"catalog-{recordings}.json"
    write_catalog(catalog_path, catalog)
    statement_path = Path(workdir) / f"distrokid-{lines}.tsv"
    write_distrokid_statement(statement_path, catalog, lines)
    ownership_rows = len(catalog["ownership"])
    del catalog
    generate_s = time.perf_counter() - t0

    queries, timed_run = _query_timer(db.run)
    for mod in (catalog_import, catalog_mod, ids_mod, audit):
        mod.run = timed_run
    parse_s = []
    real_parse = catalog_import.parse_catalog

    def timed_parse(path):
        t = time.perf_counter()
        try:
            return real_parse(path)
        finally:
            parse_s.append(time.perf_counter() - t)

    catalog_import.parse_catalog = timed_parse
    t0 = time.perf_counter()
    try:
        imported = catalog_import.import_catalog(catalog_path, actor="bench")
    except Neo4jError as exc:  # returned, not raised: driver errors do not cross processes reliably
        return {"error": f"{exc.code}: {exc.message}", "import_s": time.perf_counter() - t0}
    import_s = time.perf_counter() - t0
    return {"statement_path": str(statement_path), "generate_s": generate_s, "import_s": import_s,
            "catalog_mib": catalog_path.stat().st_size / 2**20, "statement_mib": statement_path.stat().st_size / 2**20,
            "ownership_rows": ownership_rows, "parse_s": sum(parse_s), "issues": len(imported.issues), "peak_rss_mib": python_peak_rss_mib(),
            "queries": dict(queries)}


def _query_timer(real_run):
    """A drop-in for ``app.services.db.run`` that adds each call's seconds to ``queries[name]``
    ([calls, seconds])."""
    queries: dict[str, list] = defaultdict(lambda: [0, 0.0])

    def timed_run(tx, name, /, **params):
        t = time.perf_counter()
        try:
            return real_run(tx, name, **params)
        finally:
            queries[name][0] += 1
            queries[name][1] += time.perf_counter() - t

    return queries, timed_run


def print_queries(queries: dict[str, list]) -> float:
    total = 0.0
    for name, (calls, secs) in sorted(queries.items(), key=lambda kv: -kv[1][1]):
        print(f"  {name:<36} {calls:>5} calls {secs:>8.2f} s")
        total += secs
    print(f"  {'Σ queries':<36} {'':>11} {total:>8.2f} s")
    return total


# -- the bench -----------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--recordings", type=int, default=10_000)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--keep", action="store_true", help="leave the bench Neo4j running and keep the temp dir")
    # Not the demo's 512m: the catalogue lands in ONE transaction, which for 10 000 recordings
    # needs ~450 MiB of transaction memory, over the 358.4 MiB limit (70 % of a 512m heap).
    ap.add_argument("--heap", default="1g", help="bench JVM heap (default %(default)s; the demo's "
                    f"instances use {LocalServer.heap}, too small for a 10k-recording catalogue in one transaction)")
    ap.add_argument("--pagecache", default=LocalServer.pagecache, help="bench page cache (default %(default)s)")
    args = ap.parse_args()

    base = Settings.from_env()
    server = LocalServer(root=base.neo4j_dir, name="bench", bolt_port=BENCH_BOLT_PORT, http_port=BENCH_HTTP_PORT,
                         heap=args.heap, pagecache=args.pagecache)
    # Point the services at the bench instance before any app.services call (credentials too:
    # a NEO4J_USER/NEO4J_PASSWORD exported for another server must not leak in).
    os.environ["NEO4J_URI"] = server.bolt_uri
    os.environ["NEO4J_USER"] = "neo4j"
    os.environ["NEO4J_PASSWORD"] = server.password
    workdir = Path(tempfile.mkdtemp(prefix="rightsgraph-bench-"))
    os.environ["RIGHTSGRAPH_DATA_DIR"] = str(workdir / "data")

    from app.money import CumulativeRounder
    from app.services import db, statements
    from app.services import allocation as allocation_mod
    from app.services import ids as ids_mod
    from graph.connection import close_all
    from graph.setup import init_schema
    from importers.records import StatementLine
    from importers.statements.distrokid import parse_distrokid

    assert db.settings().bolt_uri == server.bolt_uri, "services would not use the bench instance"

    print(f"rightsgraph statement bench: {args.recordings:,} recordings, {args.lines:,} lines, "
          f"batch {args.batch_size:,}")
    print(f"bench Neo4j: instance 'bench' at {server.bolt_uri} (heap {args.heap}, page cache {args.pagecache}); "
          f"data dir {workdir}")

    neo_pid = start_fresh(server)
    if neo_pid is None:
        return 2

    table = Table()
    ok = True
    try:
        drv = db.driver()
        t0 = time.perf_counter()
        with drv.session() as session:
            # Relationships first: one DETACH DELETE batch of 10 000 nodes that includes wallets
            # with ~10 000 ALLOCATED edges each (a previous full run) exceeds the transaction
            # memory limit of a 512m heap (MemoryPoolOutOfMemoryError).
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        init_schema(drv)
        print(f"wiped and schema installed in {time.perf_counter() - t0:.1f} s")

        def graph_counts() -> tuple[int, int]:
            recs, _, _ = drv.execute_query("MATCH (n) RETURN count(n) AS n")
            nodes = recs[0]["n"]
            recs, _, _ = drv.execute_query("MATCH ()-[r]->() RETURN count(r) AS r")
            return nodes, recs[0]["r"]

        def counts_by(kind: str) -> dict[str, int]:
            q = ("MATCH (n) RETURN labels(n)[0] AS k, count(*) AS c" if kind == "labels"
                 else "MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS c")
            recs, _, _ = drv.execute_query(q)
            return {r["k"]: r["c"] for r in recs}

        # -- generate + catalog import (in a child process) -----------------------------------
        # The catalogue (tens of MiB of dicts) is generated, written and imported in a spawned
        # child, so this process's ru_maxrss measures the statement pipeline alone.
        n0, r0 = graph_counts()
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            cat = pool.submit(_generate_and_import, args.recordings, args.lines, str(workdir)).result()
        if "error" in cat:
            print(f"error: the catalog import failed after {cat['import_s']:.1f} s: {cat['error']}", file=sys.stderr)
            if "MemoryPoolOutOfMemoryError" in cat["error"]:
                print(f"  it is one transaction; Neo4j caps transaction memory at 70 % of the heap "
                      f"({args.heap} here): rerun with a larger --heap", file=sys.stderr)
            return 3
        statement_path = Path(cat["statement_path"])
        n1, r1 = graph_counts()
        print(f"generated catalog ({cat['catalog_mib']:.1f} MiB) and statement ({cat['statement_mib']:.1f} MiB) "
              f"in {cat['generate_s']:.1f} s")
        table.add("catalog import", cat["import_s"], args.recordings, "recordings",
                  f"1 tx; +{n1 - n0:,} nodes, +{r1 - r0:,} rels ({cat['ownership_rows']:,} OWNS rows); "
                  f"{cat['issues']} issues; child py peak {cat['peak_rss_mib']:.0f} MiB; "
                  f"JVM peak {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        cat_queries = cat["queries"]

        # -- parse -----------------------------------------------------------------------------
        t0 = time.perf_counter()
        rounder = CumulativeRounder()
        n_lines = n_issues = 0
        for item in parse_distrokid(statement_path):
            if isinstance(item, StatementLine):
                rounder.add(item.gross)
                n_lines += 1
            else:
                n_issues += 1
        parse_s = time.perf_counter() - t0
        table.add("parse (+rounder)", parse_s, n_lines + n_issues, "lines",
                  f"{n_issues} issues; no graph; py peak {python_peak_rss_mib():.0f} MiB")

        # -- match + resolve, per batch as allocate_batch does ----------------------------------
        match_s = resolve_s = 0.0
        n_isrcs = n_matched_isrcs = n_keys = n_owner_rows = 0
        distinct_isrcs: set[str] = set()
        with drv.session() as session:
            for batch in batches(parse_distrokid(statement_path), args.batch_size):
                lines = [item for item in batch if isinstance(item, StatementLine)]
                isrcs = sorted({line.isrc for line in lines if line.isrc})
                distinct_isrcs.update(isrcs)
                t0 = time.perf_counter()
                rows = session.execute_read(lambda tx: db.run(tx, "allocation/match_isrc", isrcs=isrcs))
                match_s += time.perf_counter() - t0
                recording_of = {r["isrc"]: r["recordingId"] for r in rows}
                n_isrcs += len(isrcs)
                n_matched_isrcs += len(recording_of)
                # The same keys allocate_batch builds.
                keys = {}
                for line in lines:
                    rid = recording_of.get(line.isrc) if line.isrc else None
                    if rid:
                        key = f"{rid}|{line.right_type}|{line.period}|{line.territory}"
                        keys[key] = {"key": key, "assetId": rid, "rightType": line.right_type,
                                     "date": dt.date.fromisoformat(line.period + "-01"), "country": line.territory}
                t0 = time.perf_counter()
                owner_rows = session.execute_read(lambda tx: db.run(tx, "rights/owners_at", keys=list(keys.values())))
                resolve_s += time.perf_counter() - t0
                n_keys += len(keys)
                n_owner_rows += len(owner_rows)
        table.add("match (match_isrc)", match_s, n_isrcs, "isrcs",
                  f"Σ per-batch distinct ({len(distinct_isrcs):,} distinct overall, {n_matched_isrcs:,} found)")
        table.add("resolve (owners_at)", resolve_s, n_keys, "keys",
                  f"Σ per-batch distinct keys; {n_owner_rows:,} owner rows")

        # -- full pipeline ---------------------------------------------------------------------
        # Time spent per query file inside the pipeline: wrap the `run` the services call.
        queries, timed_run = _query_timer(db.run)

        batch_tx_s: list[float] = []
        real_write = statements.write

        def timed_write(work, *a, **kw):
            t = time.perf_counter()
            try:
                return real_write(work, *a, **kw)
            finally:
                if work is allocation_mod.allocate_batch:
                    batch_tx_s.append(time.perf_counter() - t)

        patched = [(allocation_mod, "run", timed_run), (statements, "run", timed_run), (ids_mod, "run", timed_run),
                   (statements, "write", timed_write)]
        saved = [(mod, name, getattr(mod, name)) for mod, name, _ in patched]
        for mod, name, fn in patched:
            setattr(mod, name, fn)
        try:
            t0 = time.perf_counter()
            stmt, created = statements.register(statement_path, statement_path.name, "distrokid")
            reg_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            final = statements.process(stmt["statementId"], batch_size=args.batch_size)
            proc_s = time.perf_counter() - t1
        finally:
            for mod, name, fn in saved:
                setattr(mod, name, fn)
        full_s = reg_s + proc_s
        n2, r2 = graph_counts()
        table.add("register", reg_s, None, "", f"sha256 + copy + MERGE; created={created}")
        table.add("process", proc_s, final["linesRead"], "lines",
                  f"{final['batchesDone']} batches; status {final['status']}")
        table.add("FULL register+process", full_s, final["linesRead"], "lines",
                  f"+{n2 - n1:,} nodes, +{r2 - r1:,} rels; py peak {python_peak_rss_mib():.0f} MiB; "
                  f"JVM peak {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        alloc_s = full_s - parse_s - match_s - resolve_s
        table.add("allocate+post (ESTIMATE)", alloc_s, final["linesRead"], "lines",
                  "= full − parse − match − resolve (estimate, not measured)")

        # -- report ----------------------------------------------------------------------------
        print()
        table.print()

        print("\ncatalog import, time per query file (inside its one transaction):")
        cat_q = print_queries(cat_queries)
        print(f"  parse_catalog (marshmallow validation, before the tx) {cat['parse_s']:.2f} s; "
              f"row building + commit ≈ {cat['import_s'] - cat['parse_s'] - cat_q:.2f} s")
        print("\ninside register + process (measured by wrapping the services' `run`):")
        print_queries(queries)
        tx_total = sum(batch_tx_s)
        if batch_tx_s:
            outside = ("allocation/register_statement", "allocation/get_statement", "allocation/set_statement_status")
            in_batch_queries = sum(secs for k, (_, secs) in queries.items() if k not in outside)
            print(f"  allocate_batch write txs: {len(batch_tx_s)}, Σ {tx_total:.2f} s "
                  f"(min {min(batch_tx_s):.2f}, max {max(batch_tx_s):.2f} s per batch)")
            print(f"    of which queries ≈ {in_batch_queries:.2f} s, Python split/build + commit ≈ "
                  f"{tx_total - in_batch_queries:.2f} s")
            print(f"  outside the batch txs (parse + rounder + status updates) ≈ {proc_s - tx_total:.2f} s")

        print("\ngraph: created by the full pipeline, by label / relationship type:")
        labels, rels = counts_by("labels"), counts_by("types")
        for k in ("RoyaltyEvent", "StatementIssue", "JournalEntry", "IncomeRollup", "Statement", "Account"):
            print(f"  :{k:<16} {labels.get(k, 0):>10,}")
        for k in ("ALLOCATED", "POSTS"):
            print(f"  [:{k}]{'':<{14 - len(k)}} {rels.get(k, 0):>10,}")
        print(f"  total graph: {n2:,} nodes, {r2:,} relationships")

        # -- memory ------------------------------------------------------------------------------
        print("\nmemory:")
        print(f"  python peak RSS (ru_maxrss)       {python_peak_rss_mib():>8.0f} MiB   (statement stages; "
              f"the catalogue generation + import child peaked at {cat['peak_rss_mib']:.0f} MiB)")
        hwm, rss = proc_status_mib(neo_pid, "VmHWM"), proc_status_mib(neo_pid, "VmRSS")
        print(f"  neo4j JVM peak RSS (VmHWM)        {hwm:>8.0f} MiB   (now {rss:.0f} MiB; pid {neo_pid}, "
              f"heap {args.heap} + page cache {args.pagecache})" if hwm is not None else "  neo4j JVM: not readable")

        # -- correctness -------------------------------------------------------------------------
        print("\ncorrectness:")
        sid = final["statementId"]
        tot = statements.totals(sid)
        gross = final["grossMicro"]
        c1 = tot["allocatedMicro"] == gross
        print(f"  Σ ALLOCATED = {tot['allocatedMicro']:,} µ; statement grossMicro = {gross:,} µ "
              f"(parse-stage rounder {rounder.micro_total:,} µ) -> {'OK' if c1 else 'MISMATCH'}")
        c1b = rounder.micro_total == gross and tot["grossMicro"] == gross
        print(f"  Σ RoyaltyEvent.grossMicro = {tot['grossMicro']:,} µ, events {tot['events']:,} "
              f"(lines {n_lines:,}) -> {'OK' if c1b and tot['events'] == n_lines else 'MISMATCH'}")
        recs, _, _ = drv.execute_query(
            "MATCH (e:JournalEntry) OPTIONAL MATCH (e)-[p:POSTS]->() WITH e, sum(p.amount) AS s "
            "RETURN count(e) AS entries, count(CASE WHEN s <> 0 THEN 1 END) AS unbalanced")
        c2 = recs[0]["unbalanced"] == 0 and recs[0]["entries"] > 0
        print(f"  JournalEntries: {recs[0]['entries']:,}, not summing to zero: {recs[0]['unbalanced']} "
              f"-> {'OK' if c2 else 'FAIL'}")
        recs, _, _ = drv.execute_query(
            "MATCH (a:Account) RETURN sum(a.balance) AS all, "
            "sum(CASE WHEN a.kind IN ['wallet', 'suspense'] THEN a.balance ELSE 0 END) AS credited")
        c3 = recs[0]["all"] == 0 and recs[0]["credited"] == gross
        print(f"  Σ wallet+suspense balances = {recs[0]['credited']:,} µ, Σ all balances = {recs[0]['all']} "
              f"-> {'OK' if c3 else 'FAIL'}")
        ok = c1 and c1b and c2 and c3
        print(f"  overall: {'OK' if ok else 'FAILED'}")
    finally:
        close_all()
        finish(server, workdir, args.keep)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
