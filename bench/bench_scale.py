#!/usr/bin/env python
"""Statement pipeline at scale (issue 4, "Measure"): a generated 1,000,000-line DistroKid statement
against a ~100,000-recording catalog, with lines/s for parse, match, allocate and post, peak
memory, and the ratio of the whole pipeline to parse-only.

    python bench/bench_scale.py [--recordings 99999] [--lines 1000000] [--batch-size 5000]
                                [--instance scale] [--bolt-port 7690] [--http-port 7477]
                                [--heap 768m] [--pagecache 256m] [--import-heap 1g] [--budget SECONDS]
                                [--cache-dir bench/out/scale] [--profile-call 10] [--keep]
                                [--without rollups] [--without events]

The catalogue (``demo_data.generate_catalog``: 99,999 recordings is its maximum, five-digit ISRC
designation codes) is imported in chunks of ``--import-chunk`` recordings, each chunk a catalog
file of its own (one transaction each: a 100k catalog in one transaction needs ~4.5 GiB of
transaction memory). The imported store is snapshotted under ``--cache-dir`` and restored on the
next run with the same parameters, so repeated runs spend their time on the statement.

Stages, all measured INSIDE one ``statements.register`` + ``statements.process`` run by wrapping
module attributes (no app code is changed), so they add up to the whole:

* parse     pulling batches from the statement parser (``statements.chunked``), in the
            read-ahead thread (``app.services.read_ahead``): overlapped, not on the critical path;
* match     ``allocation.match_lines``: exact ISWC / ISRC / UPC + track queries, fuzzy matching;
* allocate  owners (``allocation.resolve_owners``), accounts, and the splits (``split_line``);
* post      ``ledger.post``, the write-out queries (events, issues, rollups, progress), commit;
* build     the rest of ``allocate_batch``: Python building the write-out parameters.

"parse-only" is a separate pass over the file (parser + rounder, no graph): the ratio
whole pipeline ÷ parse-only is the issue's target (≤ 10), as is peak memory (< 1.5 GB). Both
ratios are printed: wall clock, and CPU seconds (this process + the Neo4j JVM, from /proc) —
on a shared machine the wall clock swings with other programs' load, CPU time barely does.
``--without rollups|events`` (ablation) replaces that write-out by a no-op, to measure what the
rest of the pipeline costs on its own (the money checks are then not run).
``--budget`` stops after that many seconds and extrapolates; ``--profile-call n`` PROFILEs the
n-th call of each query file inside the pipeline's own transaction.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_statement import Table, _query_timer, finish, print_queries, proc_status_mib, python_peak_rss_mib, start_fresh  # noqa: E402

os.environ["RIGHTSGRAPH_INSTANCE"] = "scale"
os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402

SEED = 7


# -- catalogue: generate, split, import (in a spawned child), snapshot ---------------------------

def split_catalog(catalog: dict, chunk: int) -> list[dict]:
    """Split a catalog document into self-contained catalog documents of about ``chunk``
    recordings, whole releases each: a chunk carries its releases' recordings, their works,
    the ownership of those assets and every participant they reference. A work shared by
    recordings of two chunks is repeated (works upsert by ISWC; identical slices are not
    created twice), as are participants (upsert by ref)."""
    recordings = {r["ref"]: r for r in catalog["recordings"]}
    works = {w["ref"]: w for w in catalog["works"]}
    participants = {p["ref"]: p for p in catalog["participants"]}
    ownership: dict[str, list[dict]] = {}
    for row in catalog["ownership"]:
        ownership.setdefault(row["assetRef"], []).append(row)
    groups, current, placed = [], [], set()
    for release in catalog["releases"]:
        current.append(release)
        placed.update(t["recordingRef"] for t in release["tracks"])
        if sum(len(r["tracks"]) for r in current) >= chunk:
            groups.append(current)
            current = []
    groups.append(current)
    loose = [ref for ref in recordings if ref not in placed]  # recordings on no release

    docs = []
    for i, releases in enumerate(groups):
        refs = list(dict.fromkeys(t["recordingRef"] for rel in releases for t in rel["tracks"]))
        if i == len(groups) - 1:
            refs += loose
        recs = [recordings[ref] for ref in refs]
        work_refs = list(dict.fromkeys(r["workRef"] for r in recs if r.get("workRef")))
        owns = [row for ref in refs + work_refs for row in ownership.get(ref, [])]
        people = dict.fromkeys([p["participantRef"] for r in recs for p in r["performers"]]
                               + [row["participantRef"] for row in owns])
        docs.append({"format": catalog["format"], "participants": [participants[ref] for ref in people],
                     "works": [works[ref] for ref in work_refs], "recordings": recs, "releases": releases,
                     "ownership": owns})
    return docs


def _generate(recordings: int, lines: int, chunk: int, folder: str) -> dict:
    """Child process: write the catalogue chunks and the statement into ``folder``."""
    from app.services.demo_data import generate_catalog, write_catalog, write_distrokid_statement

    t0 = time.perf_counter()
    catalog = generate_catalog(recordings, seed=SEED)
    paths = []
    for i, doc in enumerate(split_catalog(catalog, chunk)):
        paths.append(str(Path(folder) / f"catalog-{i:03d}.json"))
        write_catalog(paths[-1], doc)
    statement = Path(folder) / f"distrokid-{lines}.tsv"
    write_distrokid_statement(statement, catalog, lines, seed=SEED)
    return {"catalogs": paths, "statement": str(statement), "seconds": time.perf_counter() - t0,
            "ownership": len(catalog["ownership"]), "peak_rss_mib": python_peak_rss_mib()}


def _import(paths: list[str]) -> dict:
    """Child process: import the catalogue chunks, one transaction each (timed)."""
    from app.services import catalog_import

    t0 = time.perf_counter()
    issues = sum(len(catalog_import.import_catalog(p, actor="bench").issues) for p in paths)
    return {"seconds": time.perf_counter() - t0, "issues": issues, "peak_rss_mib": python_peak_rss_mib()}


def in_child(fn, *args):
    """Run ``fn(*args)`` in a spawned child, so this process's peak RSS covers the statement only."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def prepare(server: LocalServer, args, cache: Path) -> tuple[int | None, Path, dict]:
    """Start the instance with the catalogue imported: restored from the snapshot in ``cache``
    when there is one, else generated, imported and snapshotted. Returns (Neo4j pid, statement
    path, what was done)."""
    from app.services.db import driver
    from graph.connection import close_all
    from graph.setup import init_schema

    meta_file = cache / "meta.json"
    snapshot = cache / "data"
    if meta_file.exists() and snapshot.exists():
        server.stop()
        shutil.rmtree(server.instance / "data", ignore_errors=True)
        shutil.copytree(snapshot, server.instance / "data")
        pid = _start(server)
        _reset_schema(driver())
        return pid, Path(json.loads(meta_file.read_text())["statement"]), {"restored": True}

    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    # a 10,000-recording chunk needs ~450 MiB of transaction memory (70 % of the heap is the cap)
    importer = dataclasses.replace(server, heap=args.import_heap)
    _start(importer)
    with driver().session() as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    init_schema(driver())
    gen = in_child(_generate, args.recordings, args.lines, args.import_chunk, str(cache))
    print(f"generated {len(gen['catalogs'])} catalog chunks and the statement in {gen['seconds']:.1f} s "
          f"(child peak {gen['peak_rss_mib']:.0f} MiB)", flush=True)
    imp = in_child(_import, gen["catalogs"])
    print(f"imported the catalogue in {imp['seconds']:.1f} s ({gen['ownership']:,} ownership rows, "
          f"{imp['issues']} issues; child peak {imp['peak_rss_mib']:.0f} MiB)", flush=True)
    close_all()
    importer.stop()
    shutil.copytree(server.instance / "data", snapshot)
    meta_file.write_text(json.dumps({"statement": gen["statement"], "import_s": imp["seconds"]}))
    pid = _start(server)
    return pid, Path(gen["statement"]), {"restored": False, "import_s": imp["seconds"]}


def cpu_seconds(jvm_pid: int | None) -> tuple[float, float]:
    """(CPU seconds of this process, all threads; of the Neo4j JVM, from /proc — 0 without a pid).
    CPU time, unlike wall time, barely moves when other programs load the machine."""
    times = os.times()
    jvm = 0.0
    if jvm_pid is not None:
        fields = Path(f"/proc/{jvm_pid}/stat").read_text().rsplit(")", 1)[1].split()
        jvm = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return times.user + times.system, jvm


def gc_seconds(jvm_pid: int) -> float | None:
    """Total GC time of the Neo4j JVM so far (``jstat -gcutil``: GCT), None without jstat."""
    try:
        out = subprocess.run(["jstat", "-gcutil", str(jvm_pid)], capture_output=True, text=True, timeout=30).stdout
        return float(out.split()[-1])
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        return None


def _reset_schema(drv) -> None:
    """Replace the snapshot's constraints and indexes with the current schema's (it changes
    while the project grows; a changed index kind would make ``init_schema`` fail)."""
    from graph.setup import init_schema

    with drv.session() as session:
        for row in list(session.run("SHOW CONSTRAINTS YIELD name")):
            session.run(f"DROP CONSTRAINT `{row['name']}`").consume()
        for row in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            session.run(f"DROP INDEX `{row['name']}`").consume()
    init_schema(drv)
    with drv.session() as session:
        session.run("CALL db.awaitIndexes(600)").consume()


def _start(server: LocalServer) -> int:
    """Start our instance fresh; raise SystemExit when its ports belong to another program
    (whose graph we must never wipe)."""
    pid = start_fresh(server)
    if pid is None:
        raise SystemExit(2)
    return pid


# -- stage timers ---------------------------------------------------------------------------------

class Stages:
    """Seconds per stage, filled by wrappers installed on module attributes (``install``)."""

    WRITE_OUT = ("allocation/write_events", "allocation/write_issues", "money/add_income_rollups",
                 "allocation/batch_done", "money/post_entries")

    def __init__(self, profile_call: int = 0, without: tuple[str, ...] = ()):
        self.without = without  # ablation: write-outs replaced by no-ops (``--without``)
        self.seconds: dict[str, float] = {}
        self.queries: dict[str, list] = {}
        self.profiles: dict[str, str] = {}  # query file → PROFILE table of its ``profile_call``-th call
        self.profile_call = profile_call
        self._saved: list[tuple[object, str, object]] = []

    def add(self, stage: str, secs: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + secs

    def _patch(self, mod, name: str, new) -> None:
        self._saved.append((mod, name, getattr(mod, name)))
        setattr(mod, name, new)

    def _timed(self, stage: str, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.add(stage, time.perf_counter() - t)
        return wrapper

    def install(self) -> None:
        import cypher
        from app.services import allocation, db, ledger, statements

        real_run = db.run
        calls: dict[str, int] = {}

        def run_or_profile(tx, name, /, **params):
            # the profile_call-th call of each query file runs under PROFILE, in the pipeline's own
            # transaction (Community runs the slotted runtime: operators, rows, db hits, page cache)
            calls[name] = calls.get(name, 0) + 1
            if calls[name] != self.profile_call:
                return real_run(tx, name, **params)
            result = tx.run("PROFILE " + cypher.load(name), **params)
            rows = [db._native(record.data()) for record in result]
            self.profiles[name] = result.consume().profile["args"]["string-representation"]
            return rows

        self.queries, self.timed_run = _query_timer(run_or_profile)
        for name, mod in list(sys.modules.items()):
            if name.startswith("app.services.") and getattr(mod, "run", None) is real_run:
                self._patch(mod, "run", self.timed_run)
        for mod, name, stage in ((allocation, "match_lines", "match"), (allocation, "resolve_owners", "resolve"),
                                 (allocation, "split_line", "split"), (ledger, "participant_accounts", "accounts"),
                                 (ledger, "ensure_platform_accounts", "accounts"), (ledger, "post", "ledger.post")):
            if hasattr(mod, name):
                self._patch(mod, name, self._timed(stage, getattr(mod, name)))
        if "rollups" in self.without:
            self._patch(allocation.income_rollups, "add", lambda tx, entry_id, rows: None)
        if "events" in self.without:
            self._patch(allocation, "write_events", lambda tx, events, entry_id: 0)
        real_batches = statements.chunked

        def timed_batches(*a, **kw):
            it = real_batches(*a, **kw)
            while True:
                t = time.perf_counter()
                try:
                    batch = next(it)
                except StopIteration:
                    self.add("parse", time.perf_counter() - t)
                    return
                self.add("parse", time.perf_counter() - t)
                yield batch
        self._patch(statements, "chunked", timed_batches)
        self._patch(statements, "allocate_batch", self._timed("allocate_batch", statements.allocate_batch))
        real_write = statements.write

        def timed_write(work, *a, **kw):
            t = time.perf_counter()
            try:
                return real_write(work, *a, **kw)
            finally:
                self.add("write tx", time.perf_counter() - t)
        self._patch(statements, "write", timed_write)

    def uninstall(self) -> None:
        for mod, name, old in reversed(self._saved):
            setattr(mod, name, old)

    def breakdown(self) -> dict[str, float]:
        """match / allocate / post / build seconds from the raw timers (see module docstring)."""
        q = {name: secs for name, (_, secs) in self.queries.items()}
        s = self.seconds.get
        match = s("match", 0)  # its queries (ISWC, ISRC, UPC + track, fuzzy candidates) run inside
        allocate = s("resolve", 0) + s("accounts", 0) + s("split", 0)
        write_out = sum(q.get(k, 0) for k in self.WRITE_OUT if k != "money/post_entries")
        # ledger.post's own queries (post_entries, next_ids) are inside the ledger.post timer
        inside = match + allocate + write_out + s("ledger.post", 0)
        build = s("allocate_batch", 0) - inside
        commit = s("write tx", 0) - s("allocate_batch", 0)
        return {"match": match, "allocate": allocate, "post": s("ledger.post", 0) + write_out + commit,
                "build": build, "commit": commit}


# -- the bench ------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--recordings", type=int, default=99_999)
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--import-chunk", type=int, default=10_000, help="recordings per catalog import transaction")
    ap.add_argument("--instance", default="scale")
    ap.add_argument("--bolt-port", type=int, default=7690)
    ap.add_argument("--http-port", type=int, default=7477)
    # the JVM stays under 1.5 GB with these (VmHWM 1,457 MiB over 1M lines; bench/README.md)
    ap.add_argument("--heap", default="768m", help="Neo4j heap while the statement is processed")
    ap.add_argument("--pagecache", default="256m")
    ap.add_argument("--import-heap", default="1g", help="Neo4j heap while the catalogue is imported")
    ap.add_argument("--cache-dir", default=str(REPO / "bench" / "out" / "scale"))
    ap.add_argument("--keep", action="store_true", help="leave the Neo4j instance running")
    ap.add_argument("--budget", type=float, default=None,
                    help="stop processing after this many seconds (rates on the part done, whole extrapolated)")
    ap.add_argument("--profile-call", type=int, default=10,
                    help="PROFILE the n-th call of each query file (0: none)")
    ap.add_argument("--without", action="append", choices=("rollups", "events"), default=[],
                    help="ablation: skip that write-out (income rollups; RoyaltyEvents and ALLOCATED edges) to "
                         "measure what the rest of the pipeline costs; the money checks are then not run")
    args = ap.parse_args()

    base = Settings.from_env()
    server = LocalServer(root=base.neo4j_dir, name=args.instance, bolt_port=args.bolt_port,
                         http_port=args.http_port, heap=args.heap, pagecache=args.pagecache)
    os.environ.update(RIGHTSGRAPH_INSTANCE=args.instance, NEO4J_URI=server.bolt_uri, NEO4J_USER="neo4j",
                      NEO4J_PASSWORD=server.password)
    workdir = Path(tempfile.mkdtemp(prefix="rightsgraph-scale-"))
    os.environ["RIGHTSGRAPH_DATA_DIR"] = str(workdir / "data")
    cache = Path(args.cache_dir) / f"r{args.recordings}-l{args.lines}-c{args.import_chunk}-s{SEED}"

    from app.money import CumulativeRounder
    from app.services import db, statements
    from graph.connection import close_all
    from importers.records import StatementLine
    from importers.statements.distrokid import parse_distrokid

    print(f"rightsgraph scale bench: {args.recordings:,} recordings, {args.lines:,} lines, batch {args.batch_size:,}; "
          f"Neo4j '{args.instance}' at {server.bolt_uri} (heap {args.heap}, page cache {args.pagecache})", flush=True)
    ok = False
    try:
        neo_pid, statement_path, prep = prepare(server, args, cache)
        print(("catalogue restored from " + str(cache)) if prep["restored"]
              else f"catalogue imported in {prep['import_s']:.1f} s and snapshotted", flush=True)
        drv = db.driver()
        table = Table()

        t0, c0 = time.perf_counter(), cpu_seconds(None)
        rounder = CumulativeRounder()
        n_lines = n_issues = 0
        for item in parse_distrokid(statement_path):
            if isinstance(item, StatementLine):
                rounder.add(item.gross)
                n_lines += 1
            else:
                n_issues += 1
        parse_only, parse_cpu = time.perf_counter() - t0, cpu_seconds(None)[0] - c0[0]
        table.add("parse-only (+rounder)", parse_only, n_lines + n_issues, "lines",
                  f"separate pass, no graph; {parse_cpu:.1f} s CPU")

        stages = Stages(args.profile_call, tuple(args.without))
        stages.install()
        try:
            t0, c0, gc0 = time.perf_counter(), cpu_seconds(neo_pid), gc_seconds(neo_pid)
            stmt, _ = statements.register(statement_path, statement_path.name, "distrokid")
            final = statements.process(stmt["statementId"], batch_size=args.batch_size, max_seconds=args.budget)
            whole, c1, gc1 = time.perf_counter() - t0, cpu_seconds(neo_pid), gc_seconds(neo_pid)
        finally:
            stages.uninstall()
        parts = stages.breakdown()
        n = final["linesRead"]
        total = n_lines + n_issues
        if n < total:  # --budget: rates on the part processed, the whole extrapolated
            print(f"\n--budget {args.budget:.0f} s: {n:,} of {total:,} lines processed; whole-file figures "
                  f"below are extrapolated (× {total / n:.2f})")
        table.add("  parse (in pipeline)", stages.seconds.get("parse", 0), n, "lines")
        table.add("  match", parts["match"], n, "lines", "ISRC/UPC queries + fuzzy")
        table.add("  allocate", parts["allocate"], n, "lines", "owners + accounts + splits")
        table.add("  post", parts["post"], n, "lines", f"ledger + write-out queries + commit ({parts['commit']:.1f} s)")
        table.add("  build (python)", parts["build"], n, "lines", "write-out parameters")
        table.add("WHOLE register+process", whole, n, "lines",
                  f"{final['batchesDone']} batches, status {final['status']}")
        print()
        table.print()
        print("\ntime per query file inside the pipeline:")
        print_queries(stages.queries)
        print("raw timers: " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(stages.seconds.items())))
        slowest = sorted(stages.profiles, key=lambda k: -stages.queries[k][1])[:6]
        for name in slowest:
            print(f"\nPROFILE {name} (call {args.profile_call}):")
            print("\n".join(line for line in stages.profiles[name].splitlines()[8:] if line.strip()))

        hwm = proc_status_mib(neo_pid, "VmHWM")
        py = python_peak_rss_mib()
        scale = total / n
        py_cpu, jvm_cpu = c1[0] - c0[0], c1[1] - c0[1]
        gc = f"{gc1 - gc0:.1f} s" if gc0 is not None and gc1 is not None else "?"
        print(f"\nCPU in the pipeline: python {py_cpu:.1f} s, neo4j {jvm_cpu:.1f} s (of which GC {gc}; "
              f"parse-only: {parse_cpu:.1f} s)")
        print(f"ratio whole ÷ parse-only: wall {whole * scale / parse_only:.1f}×, CPU "
              f"{(py_cpu + jvm_cpu) * scale / parse_cpu:.1f}× (target ≤ 10×)")
        print(f"peak memory: python {py:.0f} MiB, neo4j JVM {hwm or 0:.0f} MiB (VmHWM; heap {args.heap} + "
              f"page cache {args.pagecache}) (target < 1.5 GB each)")

        if args.without:
            print(f"checks: not run (--without {', '.join(args.without)}: the ablation writes less than the ledger "
                  "contract)")
            return 0
        tot = statements.totals(final["statementId"])
        recs, _, _ = drv.execute_query(
            "MATCH (e:JournalEntry {statementId: $sid}) OPTIONAL MATCH (e)-[p:POSTS]->() WITH e, sum(p.amount) AS s "
            "RETURN count(e) AS entries, count(CASE WHEN s <> 0 THEN 1 END) AS unbalanced", sid=final["statementId"])
        gross = final["grossMicro"] if n == total else tot["grossMicro"]  # partial: Σ of the events written
        ok = (tot["allocatedMicro"] == gross and (n < total or gross == rounder.micro_total)
              and tot["events"] == n - final["linesRejected"]
              and recs[0]["unbalanced"] == 0 and recs[0]["entries"] == final["batchesDone"])
        print(f"checks: Σ ALLOCATED {tot['allocatedMicro']:,} µ = gross {gross:,} µ; events "
              f"{tot['events']:,} = lines {n - final['linesRejected']:,}; {recs[0]['entries']} entries = batches, "
              f"{recs[0]['unbalanced']} unbalanced -> {'OK' if ok else 'FAILED'}")
    finally:
        close_all()
        finish(server, str(workdir), args.keep)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
