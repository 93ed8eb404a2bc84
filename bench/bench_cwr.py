#!/usr/bin/env python
"""CWR parse speed (issue 7 measure): generate a CWR 2.1 file of ``--records`` records with the
writer (``importers.repertoire.cwr_writer``) into bench/out/, then parse it with
``importers.repertoire.cwr.parse`` and print records/s, works/s and peak memory.

    python bench/bench_cwr.py [--records 500000] [--keep]

Pure Python, no database. Each generated work is a realistic registration of 11 records: NWR,
SPU + SPT, 2 x (SWR + SWT + PWR), ALT, REC (with an ISRC), so 500 000 records = 45 454 works.
Speed is timed on a plain pass (wall and CPU seconds: the CPU figure is what the parser costs on
a shared machine); peak memory on a second pass under tracemalloc (Python allocations; the parser
holds one transaction at a time, so it must not grow with the file), plus the process's max RSS.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from importers.identifiers import ipi_check_digits, iswc_check_digit  # noqa: E402
from importers.records import ParseIssue  # noqa: E402
from importers.repertoire.cwr import parse  # noqa: E402
from importers.repertoire.cwr_writer import write_cwr  # noqa: E402
from importers.repertoire.records import (  # noqa: E402
    RepertoireParty,
    RepertoireRecording,
    RepertoireWork,
)

RECORDS_PER_WORK = 11


def _work(n: int) -> RepertoireWork:
    body = f"{n:09d}"
    iswc = f"T{body}{iswc_check_digit(body)}"
    publisher = RepertoireParty(kind="publisher", name=f"PUBLISHER {n % 997}", role="E",
                                ipi=f"{n % 10**9:09d}{ipi_check_digits(f'{n % 10**9:09d}')}",
                                interested_party=f"P{n % 997:06d}", pr_share=Decimal("50.00"),
                                mr_share=Decimal("100.00"), pr_society="010", mr_society="034",
                                territories=("WORLD",))
    writers = tuple(RepertoireParty(
        kind="writer", name=f"WRITER {n}-{k}", first_name="ANNA", role="CA", interested_party=f"W{k:06d}",
        pr_share=Decimal("25.00"), pr_society="010", publisher_ref=publisher.interested_party,
        territories=("WORLD",)) for k in (1, 2))
    recording = RepertoireRecording(line=0, title=f"WORK {n}", isrc=f"USRG1{n % 10**7:07d}",
                                    duration_seconds=180 + n % 120)
    return RepertoireWork(line=0, title=f"WORK NUMBER {n}", iswc=iswc, ref=f"BENCH{n:09d}",
                          alternate_titles=(f"WORK {n} ALT",), writers=writers, publishers=(publisher,),
                          recordings=(recording,))


def generate(path: Path, records: int) -> int:
    works = max(1, (records - 4) // RECORDS_PER_WORK)
    with path.open("w", encoding="ascii", newline="") as fh:
        for line in write_cwr((_work(n) for n in range(works)), {"name": "BENCH SOCIETY", "code": "10", "type": "SO"},
                              "2.1", dt.datetime(2025, 1, 1)):
            fh.write(line)
            fh.write("\r\n")
    return works


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench_{args.records}.V21"

    t0 = time.perf_counter()
    works = generate(path, args.records)
    t_gen = time.perf_counter() - t0
    lines = sum(1 for _ in path.open("rb"))

    t0, c0 = time.perf_counter(), time.process_time()
    parsed = issues = 0
    for item in parse(path):
        if isinstance(item, RepertoireWork):
            parsed += 1
        elif isinstance(item, ParseIssue):
            issues += 1
    t_parse, c_parse = time.perf_counter() - t0, time.process_time() - c0
    tracemalloc.start()
    for _ in parse(path):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"file        {path.name}: {lines:,} records, {works:,} works, {path.stat().st_size / 2**20:.1f} MiB "
          f"(generated in {t_gen:.1f} s, {lines / t_gen:,.0f} records/s written)")
    print(f"parse       {t_parse:.2f} s wall: {lines / t_parse:,.0f} records/s, {parsed / t_parse:,.0f} works/s "
          f"({parsed:,} works, {issues} issues)")
    print(f"parse CPU   {c_parse:.2f} s: {lines / c_parse:,.0f} records/s, {parsed / c_parse:,.0f} works/s")
    print(f"memory      tracemalloc peak during parse {peak / 2**20:.2f} MiB; process max RSS {rss:.0f} MiB")
    if parsed != works or issues:
        raise SystemExit(f"parse mismatch: {parsed} works / {issues} issues for {works} written")
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
