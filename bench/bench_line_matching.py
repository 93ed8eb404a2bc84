#!/usr/bin/env python
"""Exact-identifier matching benchmark: ``line_matching.match_lines`` (the matching stage of
``allocation.allocate_batch``) on batches of statement lines against a big catalog.

    python bench/bench_line_matching.py [--recordings 100000] [--batch 5000] [--batches 10] [--keep]
                                        [--instance bench-matching --bolt 7721 --http 7821] [--heap 1g]

It runs on its OWN local Neo4j instance (default ``bench-matching``, bolt 7721, http 7821):
restarted fresh, wiped, given the schema, stopped at the end unless ``--keep``.

The catalog (written with UNWIND Cypher, fixed ids): ``--recordings`` recordings with an ISRC,
each the recording of its own work (with an ISWC); releases of 10 tracks with a UPC. No
performers, so the fuzzy stage finds no candidate and the figures are the exact stages' own.
Batches (fixed random seed), ``--batch`` lines each, timed over ``--batches`` batches:

* ``isrc``      master lines with a catalog ISRC — the only exact stage before this work;
* ``upc``       master lines with no ISRC, a catalog UPC and a track number;
* ``iswc``      publishing lines with a catalog ISWC;
* ``lift``      publishing lines with a catalog ISRC and no ISWC (matched, then lifted to the work);
* ``mixed``     40 % isrc, 20 % upc, 20 % iswc, 10 % lift, 10 % unknown identifiers.

Reported per kind: median and worst milliseconds per batch, lines/s, and the match methods found
(every line of the first four kinds must be matched).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import batches  # noqa: E402
from harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402

os.environ.pop("CELERY_BROKER_URL", None)

from importers.identifiers import gtin_check_digit, iswc_check_digit  # noqa: E402

TRACKS = 10


def isrc(n: int) -> str:
    return f"GBBEN{n:07d}"


def iswc(n: int) -> str:
    digits = f"{n:09d}"
    return f"T-{digits[:3]}.{digits[3:6]}.{digits[6:]}-{iswc_check_digit(digits)}"


def upc(n: int) -> str:
    body = f"5{n:010d}"
    return body + str(gtin_check_digit(body))


def load(drv, recordings: int) -> None:
    """Works, recordings (RECORDING_OF) and 10-track releases, 10 000 rows a transaction."""
    for chunk in batches(range(recordings), 10_000):
        drv.execute_query(
            "UNWIND $rows AS r "
            "CREATE (w:Work {workId: r.work, title: r.title, iswc: r.iswc}) "
            "CREATE (:Recording {recordingId: r.rec, title: r.title, isrc: r.isrc})-[:RECORDING_OF]->(w)",
            rows=[{"work": f"WRK-{n:07d}", "rec": f"REC-{n:07d}", "title": f"Song {n}", "iswc": iswc(n),
                   "isrc": isrc(n)} for n in chunk])
    for chunk in batches(range(recordings // TRACKS), 1_000):
        drv.execute_query(
            "UNWIND $rows AS x CREATE (rel:Release {releaseId: x.rel, title: x.rel, upc: x.upc}) "
            "WITH rel, x UNWIND range(0, $tracks - 1) AS t "
            "MATCH (r:Recording {recordingId: 'REC-' + right('000000' + toString(x.first + t), 7)}) "
            "CREATE (rel)-[:CONTAINS {trackNumber: t + 1}]->(r)",
            rows=[{"rel": f"REL-{n:07d}", "upc": upc(n), "first": n * TRACKS} for n in chunk], tracks=TRACKS)


def line_ids(kind: str, key: int, n: int, rng: random.Random):
    from app.services.line_matching import LineIds
    if kind == "mixed":
        kind = rng.choices(("isrc", "upc", "iswc", "lift", "unknown"), (4, 2, 2, 1, 1))[0]
    if kind == "isrc":
        return LineIds(key, "master", isrc=isrc(n), title=f"Song {n}", artist="X")
    if kind == "upc":
        return LineIds(key, "master", upc=upc(n // TRACKS), track_number=n % TRACKS + 1, title=f"Song {n}", artist="X")
    if kind == "iswc":
        return LineIds(key, "performance", iswc=iswc(n), title=f"Song {n}", artist="X")
    if kind == "lift":
        return LineIds(key, "mechanical", isrc=isrc(n), title=f"Song {n}", artist="X")
    return LineIds(key, "master", isrc=f"ZZUNK{n:07d}", upc="0000000000000", title="Nothing", artist="Nobody")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--recordings", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--batches", type=int, default=10)
    instance_args(ap, "bench-matching", 7721, 7821)
    args = ap.parse_args()

    with fresh_instance(args, "matching") as bench:
        from app.services import db
        from app.services.line_matching import match_lines

        print(f"rightsgraph line-matching bench: {args.recordings:,} recordings/works, "
              f"{args.recordings // TRACKS:,} releases; batches of {args.batch:,} lines")
        drv, neo_pid = bench.driver, bench.neo_pid
        t0 = time.perf_counter()
        load(drv, args.recordings)
        print(f"load: {time.perf_counter() - t0:.1f} s")
        rng = random.Random(20250301)
        print(f"{'batch kind':<10} {'median ms':>10} {'max ms':>8} {'lines/s':>10}  methods")
        for kind in ("isrc", "upc", "iswc", "lift", "mixed"):
            times, methods = [], Counter()
            for _ in range(args.batches):
                lines = [line_ids(kind, key, rng.randrange(args.recordings), rng) for key in range(args.batch)]
                t0 = time.perf_counter()
                found = db.read(lambda tx, lines=lines: match_lines(tx, lines))
                times.append(time.perf_counter() - t0)
                methods.update(m.method for m in found.values())
            median = statistics.median(times)
            print(f"{kind:<10} {median * 1000:>10.0f} {max(times) * 1000:>8.0f} {args.batch / median:>10,.0f}  "
                  f"{dict(sorted(methods.items()))}", flush=True)
        print(f"Neo4j peak RSS {proc_status_mib(neo_pid, 'VmHWM')} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
