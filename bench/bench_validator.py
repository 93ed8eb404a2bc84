#!/usr/bin/env python
"""Split validator benchmark: the RightsGraphValidator over a whole catalogue on a real Neo4j.

    python bench/bench_validator.py [--works 100000] [--recordings 300000] [--page-size 2000] [--keep]

It runs on its OWN local Neo4j instance ``bench-validator`` (bolt 7710, http 7810), restarted
fresh (so the JVM's peak RSS covers this run only), wiped, given the schema, and stopped at the
end unless ``--keep``. The catalogue is generated straight in Cypher (``UNWIND range(…)`` in
batched transactions; no parameters to pack), not through the importer:

* ``--works`` works, each with 4 writers holding a performance and a mechanical slice (four share
  patterns, among them 33.3333/33.3333/16.6667/16.6667); every ``CONFLICT_EVERY``-th work has a
  fifth writer claiming 10 % more of the performance right (an overlap between parties → a
  dispute), every ``GAP_EVERY``-th (offset) has only 90 % of its mechanical right, every
  ``PUBLISHER_EVERY``-th (offset) gives 60 % of the performance right to a publisher role;
* ``--recordings`` recordings, master slices: one label 100 % (most), an artist 50 / label 50
  (every 7th), time-sliced between two labels on 2022-01-01 (every 10th), territory-split
  WORLD-except-GH / GH (every 13th); every ``CONFLICT_EVERY``-th recording has its artist
  claiming 100 % from 2023-01-01 (an overlap between parties → a dispute).

Then it times ``validation.validate()`` over the whole graph (first run: every finding new, every
dispute opened), a second whole-graph run (the nightly steady state: issues refreshed, nothing
new), and single-asset runs, and checks the findings against what the generator planted.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

# The statement bench's measuring helpers (it sets RIGHTSGRAPH_INSTANCE on import: ours overrides).
from bench_statement import _query_timer, print_queries, python_peak_rss_mib  # noqa: E402
from harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402

os.environ["RIGHTSGRAPH_INSTANCE"] = "bench-validator"
os.environ.pop("CELERY_BROKER_URL", None)

from graph.server.local import LocalServer  # noqa: E402

WRITERS, PUBLISHERS, LABELS, ARTISTS = 20_000, 500, 2_000, 10_000
CONFLICT_EVERY, GAP_EVERY, PUBLISHER_EVERY = 25_000, 20_000, 10_000  # a few deliberate problems
TX_ROWS = 5_000

# Participants: writers PART-000001…, then publishers, labels, artists (ids in reserve_ids' format).
PARTICIPANTS = """
UNWIND range(1, $writers + $publishers + $labels + $artists) AS i
CALL (i) {
  CREATE (:Participant {participantId: 'PART-' + right('00000' + toString(i), 6), name: 'Participant ' + i,
          kinds: CASE WHEN i <= $writers THEN ['writer'] WHEN i <= $writers + $publishers THEN ['publisher']
                      WHEN i <= $writers + $publishers + $labels THEN ['label'] ELSE ['artist'] END})
} IN TRANSACTIONS OF 10000 ROWS
"""
# Work i: writers (4i..4i+3) mod WRITERS, shares by pattern i % 4 (millionths), each writer a
# performance and a mechanical slice. Planted: a publisher work gives its publisher 60 % of the
# performance right and its writers 2/5 of their shares; a gap work's first writer has 10 % less
# of the mechanical right; a conflict work has a fifth writer claiming 10 % of the performance.
WORKS = """
UNWIND range(1, $works) AS i
CALL (i) {
  CREATE (w:Work {workId: 'WRK-' + right('00000' + toString(i), 6), title: 'Work ' + i})
  WITH w, i, [[250000, 250000, 250000, 250000], [400000, 300000, 200000, 100000],
              [333333, 333333, 166667, 166667], [500000, 200000, 200000, 100000]][i % 4] AS shares,
       i % $publisherEvery = 7 AS publisherWork
  UNWIND range(0, 3) AS k
  MATCH (p:Participant {participantId: 'PART-' + right('00000' + toString((4 * i + k) % $writers + 1), 6)})
  CREATE (p)-[:OWNS {rightType: 'performance', role: 'writer', territories: ['WORLD'], excluded: [],
                     share: CASE WHEN publisherWork THEN shares[k] * 2 / 5 ELSE shares[k] END,
                     validFrom: date('2020-01-01'), status: 'active'}]->(w)
  CREATE (p)-[:OWNS {rightType: 'mechanical', role: 'writer', territories: ['WORLD'], excluded: [],
                     share: CASE WHEN i % $gapEvery = 3 AND k = 0 THEN shares[k] - 100000 ELSE shares[k] END,
                     validFrom: date('2020-01-01'), status: 'active'}]->(w)
  WITH w, i, k, publisherWork WHERE k = 0
  MATCH (pub:Participant {participantId: 'PART-' + right('00000' + toString($writers + i % $publishers + 1), 6)}),
        (fifth:Participant {participantId: 'PART-' + right('00000' + toString((4 * i + 4) % $writers + 1), 6)})
  FOREACH (_ IN CASE WHEN publisherWork THEN [1] ELSE [] END |
    CREATE (pub)-[:OWNS {rightType: 'performance', role: 'publisher', share: 600000, territories: ['WORLD'],
                         excluded: [], validFrom: date('2020-01-01'), status: 'active'}]->(w))
  FOREACH (_ IN CASE WHEN i % $conflictEvery = 0 THEN [1] ELSE [] END |
    CREATE (fifth)-[:OWNS {rightType: 'performance', role: 'writer', share: 100000, territories: ['WORLD'],
                           excluded: [], validFrom: date('2020-01-01'), status: 'active'}]->(w))
} IN TRANSACTIONS OF $txRows ROWS
"""
# Recording j: master slices by pattern (see the module docstring); RECORDING_OF work j mod works.
RECORDINGS = """
UNWIND range(1, $recordings) AS j
CALL (j) {
  MATCH (w:Work {workId: 'WRK-' + right('00000' + toString(j % $works + 1), 6)})
  CREATE (r:Recording {recordingId: 'REC-' + right('00000' + toString(j), 6), title: 'Recording ' + j})
  CREATE (r)-[:RECORDING_OF]->(w)
  WITH r, j, 'PART-' + right('00000' + toString($writers + $publishers + j % $labels + 1), 6) AS labelId,
       'PART-' + right('00000' + toString($writers + $publishers + (j + 1) % $labels + 1), 6) AS otherLabelId,
       'PART-' + right('00000' + toString($writers + $publishers + $labels + j % $artists + 1), 6) AS artistId
  MATCH (label:Participant {participantId: labelId}), (other:Participant {participantId: otherLabelId}),
        (artist:Participant {participantId: artistId})
  WITH r, j, label, other, artist,
       CASE WHEN j % 7 = 0 THEN [[artist, 500000, ['WORLD'], [], '2020-01-01', null],
                                 [label, 500000, ['WORLD'], [], '2020-01-01', null]]
            WHEN j % 10 = 0 THEN [[label, 1000000, ['WORLD'], [], '2020-01-01', '2022-01-01'],
                                  [other, 1000000, ['WORLD'], [], '2022-01-01', null]]
            WHEN j % 13 = 0 THEN [[label, 1000000, ['WORLD'], ['GH'], '2020-01-01', null],
                                  [other, 1000000, ['GH'], [], '2020-01-01', null]]
            ELSE [[label, 1000000, ['WORLD'], [], '2020-01-01', null]] END
       + CASE WHEN j % $conflictEvery = 0 THEN [[artist, 1000000, ['WORLD'], [], '2023-01-01', null]] ELSE [] END
       AS slices
  UNWIND slices AS s
  WITH r, s[0] AS p, s
  CREATE (p)-[:OWNS {rightType: 'master', role: 'owner', share: s[1], territories: s[2], excluded: s[3],
                     validFrom: date(s[4]), validTo: CASE WHEN s[5] IS NULL THEN null ELSE date(s[5]) END,
                     status: CASE WHEN s[5] IS NULL THEN 'active' ELSE 'superseded' END}]->(r)
} IN TRANSACTIONS OF $txRows ROWS
"""


def planted(works: int, recordings: int) -> dict:
    """What the generator planted: findings per kind and conflicts (disputes) expected."""
    conflict_works = works // CONFLICT_EVERY
    conflict_recordings = recordings // CONFLICT_EVERY
    gap_works = sum(1 for i in range(1, works + 1) if i % GAP_EVERY == 3)
    publisher_works = sum(1 for i in range(1, works + 1) if i % PUBLISHER_EVERY == 7)
    return {"findings": {"split_gap": gap_works, "split_overlap": conflict_works + conflict_recordings,
                         "publisher_share": publisher_works},
            "disputes": conflict_works + conflict_recordings}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=100_000)
    ap.add_argument("--recordings", type=int, default=300_000)
    ap.add_argument("--page-size", type=int, default=2000, help="assets per validation transaction")
    ap.add_argument("--single-runs", type=int, default=20, help="single-asset validations timed")
    instance_args(ap, "bench-validator", 7710, 7810, heap=LocalServer.heap, pagecache="512m")
    args = ap.parse_args()

    ok = False
    with fresh_instance(args, "validator") as bench:
        from app.services import db, disputes, quality, validation
        print(f"rightsgraph validator bench: {args.works:,} works × 4 writers, {args.recordings:,} recordings, "
              f"page {args.page_size:,}")
        drv, neo_pid = bench.driver, bench.neo_pid

        # -- generate ------------------------------------------------------------------------
        params = dict(works=args.works, recordings=args.recordings, writers=WRITERS, publishers=PUBLISHERS,
                      labels=LABELS, artists=ARTISTS, conflictEvery=CONFLICT_EVERY, gapEvery=GAP_EVERY,
                      publisherEvery=PUBLISHER_EVERY, txRows=TX_ROWS)
        with drv.session() as session:
            for name, query in (("participants", PARTICIPANTS), ("works + OWNS", WORKS),
                                ("recordings + OWNS", RECORDINGS)):
                t0 = time.perf_counter()
                session.run(query, **params).consume()
                print(f"  generated {name} in {time.perf_counter() - t0:.1f} s", flush=True)
        recs, _, _ = drv.execute_query("MATCH ()-[o:OWNS]->() RETURN count(o) AS owns, "
                                       "count(DISTINCT endNode(o)) AS assets")
        owns, assets = recs[0]["owns"], recs[0]["assets"]
        print(f"graph: {assets:,} assets with {owns:,} OWNS slices; JVM peak so far "
              f"{proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        expected = planted(args.works, args.recordings)

        # -- whole graph, twice ----------------------------------------------------------------
        queries, timed_run = _query_timer(db.run)
        patched = [(validation, "run"), (quality, "run"), (disputes, "run")]
        saved = [(mod, name, getattr(mod, name)) for mod, name in patched]
        for mod, name in patched:
            setattr(mod, name, timed_run)
        runs = []
        try:
            for label in ("first run (all new)", "second run (refresh)"):
                queries.clear()
                t0 = time.perf_counter()
                summary = validation.validate(page_size=args.page_size, actor="bench")
                seconds = time.perf_counter() - t0
                runs.append((label, seconds, summary, {k: tuple(v) for k, v in queries.items()}))
                print(f"  {label}: {seconds:.1f} s, {summary['assetsChecked'] / seconds:,.0f} assets/s, "
                      f"findings {summary['findings']}, disputes {summary['disputesOpened']}", flush=True)
        finally:
            for mod, name, fn in saved:
                setattr(mod, name, fn)

        # -- single asset ----------------------------------------------------------------------
        singles = {}
        # a plain work, a publisher-rule work, a territory-split and a time-sliced recording
        for asset in ("WRK-000002", "WRK-000007", "REC-000013", "REC-000010"):
            validation.validate(asset, actor="bench")  # warm the plan and the pages
            times = []
            for _ in range(args.single_runs):
                t0 = time.perf_counter()
                validation.validate(asset, actor="bench")
                times.append(time.perf_counter() - t0)
            singles[asset] = times

        # -- report ----------------------------------------------------------------------------
        print(f"\n{'run':<24} {'seconds':>8} {'assets':>9} {'assets/s':>9} {'slices/s':>9}  findings / disputes / resolved")
        print("-" * 110)
        for label, seconds, summary, _ in runs:
            print(f"{label:<24} {seconds:>8.1f} {summary['assetsChecked']:>9,} "
                  f"{summary['assetsChecked'] / seconds:>9,.0f} {owns / seconds:>9,.0f}  "
                  f"{summary['findings']} / {summary['disputesOpened']} / {summary['resolved']}")
        for label, _, _, per_query in runs:
            print(f"\n{label}, time per query file:")
            print_queries({k: list(v) for k, v in per_query.items()})
        print("\nsingle-asset validation (validate(assetId): existence check + one page transaction):")
        for asset, times in singles.items():
            print(f"  {asset:<12} median {statistics.median(times) * 1000:6.1f} ms, "
                  f"min {min(times) * 1000:6.1f} ms, max {max(times) * 1000:6.1f} ms ({len(times)} runs)")
        hwm, rss = proc_status_mib(neo_pid, "VmHWM"), proc_status_mib(neo_pid, "VmRSS")
        print(f"\nmemory: neo4j JVM peak RSS (VmHWM) {hwm or 0:.0f} MiB (now {rss or 0:.0f} MiB; heap {args.heap} + "
              f"page cache {args.pagecache}); python peak RSS {python_peak_rss_mib():.0f} MiB")

        # -- correctness -----------------------------------------------------------------------
        first, second = runs[0][2], runs[1][2]
        recs, _, _ = drv.execute_query("MATCH (q:DataQualityIssue) RETURN count(q) AS issues")
        n_issues = recs[0]["issues"]
        recs, _, _ = drv.execute_query("MATCH (d:Dispute {origin: 'validator'}) RETURN count(d) AS n")
        n_disputes = recs[0]["n"]
        checks = {
            "first run: findings per kind as planted": first["findings"] == expected["findings"],
            "first run: one dispute per planted conflict": first["disputesOpened"] == expected["disputes"],
            "second run: same findings, nothing new": (second["findings"] == expected["findings"]
                                                       and not any(i["created"] for i in second["issues"])),
            "second run: no dispute, nothing resolved": second["disputesOpened"] == 0 and second["resolved"] == 0,
            "graph: one issue per finding, one dispute per conflict": (
                n_issues == sum(expected["findings"].values()) and n_disputes == expected["disputes"]),
        }
        print(f"\ncorrectness (planted {expected['findings']}, {expected['disputes']} conflicts):")
        for name, passed in checks.items():
            print(f"  {name}: {'OK' if passed else 'FAIL'}")
        ok = all(checks.values())
        print(f"  overall: {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
