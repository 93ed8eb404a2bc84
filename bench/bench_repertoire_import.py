"""Repertoire import throughput (issue 7 item 2, app.services.repertoire_import): a generated
partner CSV of N works (2–3 writers from a pool with IPIs, 1–2 publishers, ISWC on 90 % of the
works; the rest go through the title + writers key and the fuzzy fallback) imported into an
empty graph, then the same file again (sha256: nothing written), a dry run of a changed copy,
and the changed copy (1 % of titles changed → updated, the rest unchanged).

    .venv/bin/python bench/bench_repertoire_import.py --works 20000

Prints records/s of each pass and the peak RSS of this process and of the bench Neo4j.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402
from importers.identifiers import ipi_check_digits, iswc_check_digit  # noqa: E402

WRITER_POOL, PUBLISHER_POOL = 3000, 300


def _ipi(n: int) -> str:
    body = f"{100_000_000 + n:09d}"
    return body + ipi_check_digits(body)


def _iswc(n: int) -> str:
    body = f"{200_000_000 + n:09d}"
    return f"T-{body[:3]}.{body[3:6]}.{body[6:]}-{iswc_check_digit(body)}"


def write_csv(path: Path, works: int, seed: int, changed: float = 0.0) -> None:
    """The partner's works CSV (docs/repertoire-csv.md layout); ``changed`` share of titles altered."""
    rng = random.Random(seed)
    header = ["work_id", "title", "iswc"]
    for n in (1, 2, 3):
        header += [f"writer_{n}_{c}" for c in ("name", "ipi", "role", "society", "pr_share", "mr_share")]
    for m in (1, 2):
        header += [f"publisher_{m}_{c}" for c in ("name", "ipi", "role", "society", "pr_share", "mr_share")]
    flip = random.Random(seed + 1)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(works):
            title = f"Song {i} {rng.choice(['Blue', 'Night', 'River', 'Gold', 'Fire'])} {rng.choice(['Road', 'Sky', 'Heart'])}"
            if changed and flip.random() < changed:
                title += " Reprise"
            row = [f"W{i}", title, _iswc(i) if rng.random() < 0.9 else ""]
            n_writers = rng.choice([2, 3])
            for n, share in enumerate(_shares(50, n_writers) + [""] * (3 - n_writers)):
                if share:
                    w = rng.randrange(WRITER_POOL)
                    row += [f"Writer {w}", _ipi(w), "CA", "ASCAP", share, "0"]
                else:
                    row += [""] * 6
            n_pubs = rng.choice([1, 2])
            for pr, mr in zip(_shares(50, n_pubs) + [""] * (2 - n_pubs), _shares(100, n_pubs) + [""] * (2 - n_pubs)):
                if pr:
                    p = rng.randrange(PUBLISHER_POOL)
                    row += [f"Publisher {p}", _ipi(WRITER_POOL + p), "E", "ASCAP", pr, mr]
                else:
                    row += [""] * 6
            out.writerow(row)


def _shares(total: int, parts: int) -> list[str]:
    """``parts`` percent strings (2 decimals) adding up to ``total`` exactly, the rest on the first."""
    cents = total * 100
    each = cents // parts
    return [f"{(each + (cents - each * parts if i == 0 else 0)) / 100:.2f}" for i in range(parts)]


def timed(label: str, fn, records: int):
    t0 = time.perf_counter()
    result = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<34} {dt:8.1f} s  {records / dt:10,.0f} records/s")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=7)
    instance_args(ap, "bench-repertoire", 7745, 7845)
    args = ap.parse_args()
    with fresh_instance(args, "repertoire") as bench:
        from app.services import partners
        from app.services import repertoire_import as ri

        partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US", "reportingStandard": "CWR",
                                 "defaultAdminFeePercent": "10"}, "bench")
        first, changed = bench.workdir / "works.csv", bench.workdir / "works_v2.csv"
        write_csv(first, args.works, args.seed)
        write_csv(changed, args.works, args.seed, changed=0.01)
        print(f"{args.works:,} works, writer pool {WRITER_POOL:,}, publisher pool {PUBLISHER_POOL:,}")
        log = timed("import (empty graph)", lambda: ri.import_repertoire(first, "ASCAP", "csv", "bench"),
                    args.works)["log"]
        print(f"  created {log['created']}, conflicts {len(log['conflicts'])}, errors {len(log['errors'])}")
        timed("same file again (sha256)", lambda: ri.import_repertoire(first, "ASCAP", "csv", "bench"), args.works)
        dry = timed("dry run of the changed copy", lambda: ri.import_repertoire(changed, "ASCAP", "csv", "bench",
                                                                                dry_run=True), args.works)["log"]
        print(f"  would update {dry['updated']['works']:,} works, leave {dry['unchanged']['works']:,} unchanged")
        log = timed("changed copy (1 % titles)", lambda: ri.import_repertoire(changed, "ASCAP", "csv", "bench"),
                    args.works)["log"]
        print(f"  created {log['created']['works']:,}, updated {log['updated']['works']:,}, "
              f"unchanged {log['unchanged']['works']:,}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS: this process {rss:,.0f} MiB, Neo4j {proc_status_mib(bench.neo_pid, 'VmHWM') or 0:,.0f} MiB")


if __name__ == "__main__":
    main()
