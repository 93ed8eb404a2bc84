#!/usr/bin/env python
"""Mandate precedence benchmark: ``mandates.resolve`` over 100 000 (work, territory, date) triples
in ONE call of the service, on a realistic graph of works, owners and COLLECTS mandates.

    python bench/bench_mandates.py [--works 100000] [--triples 100000] [--chunk 5000] [--keep]

It runs on its OWN local Neo4j instance ``bench-mandates`` (bolt 7711, http 7811) and a
temporary data directory, like ``bench_statement.py``: restarted fresh (so the JVM's peak RSS
covers this run only), wiped, given the schema (territories, societies), stopped at the end
unless ``--keep``.

The graph (fixed random seed, so runs are comparable):

* ``--works`` works, each owned for the performance right world-wide by one publisher (50 %)
  and one to three writers (50 % between them); writers 1 per 5 works, publishers 1 per 50;
* reciprocal mandates over every publisher's repertoire, one per society, each for that
  society's territories (GHAMRO in GH, COSON in NG, SAMRO in southern Africa, PRS in GB/IE,
  SACEM in FR/BE/LU/MC, GEMA in DE/AT, SOCAN in CA, APRA in AU/NZ, JASRAC in JP);
* an administrator (basis admin) over 30 % of the publishers' repertoires, world-wide, the EU
  or North America; a third of those changed administrator on 2022-01-01 (old edge closed);
* local direct deals on 10 % of the works (work-level, GH or Africa), and a second, clashing one
  on 0.5 % of the works (conflicts); an administrator over 1 % of the writers (more conflicts);
* triples: a random work, a country drawn from a weighted list, a date in 2019–2025.

Writes go through ``collects.add_collects`` (validated, audited) and the catalog upserts, in
batches. Reported: the load time, the resolve time (one ``mandates.resolve`` call: its reads
plus recording the conflicts), triples/s, the outcome mix, and the peak RSS of Neo4j and Python.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import batches, python_peak_rss_mib  # noqa: E402
from harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402

# Our own instance, set before any app import reads it (bench_statement sets its own name).
os.environ["RIGHTSGRAPH_INSTANCE"] = "bench-mandates"
os.environ.pop("CELERY_BROKER_URL", None)

from graph.server.local import LocalServer  # noqa: E402

BATCH = 10_000
SOCIETY_TERRITORIES = {"GHAMRO": ["GH"], "COSON": ["NG"], "SAMRO": ["ZA", "BW", "NA", "LS", "SZ"],
                       "PRS": ["GB", "IE"], "SACEM": ["FR", "BE", "LU", "MC"], "GEMA": ["DE", "AT"],
                       "SOCAN": ["CA"], "APRA": ["AU", "NZ"], "JASRAC": ["JP"]}
ADMIN_SCOPES = (["WORLD"], ["2EN"], ["US", "CA"])
COUNTRY_WEIGHTS = {"US": 25, "GB": 10, "DE": 8, "FR": 6, "GH": 10, "NG": 8, "ZA": 5, "KE": 4, "CA": 4, "AU": 3,
                   "JP": 3, "BR": 4, "IN": 4, "MX": 3, "IE": 1, "AT": 1, "BE": 1}
FROM = dt.date(2019, 1, 1)
SWITCH = dt.date(2022, 1, 1)


def timed(label: str, fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - t0
    print(f"  .. {label}: {seconds:.1f} s", flush=True)
    return result, seconds


def load_graph(rng: random.Random, n_works: int) -> dict:
    """Participants, works, ownership and mandates as described in the module docstring;
    counts of what was written."""
    from app.services import db
    from app.services.catalog import add_ownership, upsert_participants, upsert_works
    from app.services.collects import add_collects

    def participants(kind: str, n: int) -> list[str]:
        ids: list[str] = []
        for chunk in batches(range(n), BATCH):
            rows = [{"kinds": [kind], "name": f"{kind} {i}"} for i in chunk]
            ids += db.write(lambda tx: list(upsert_participants(tx, rows, "USD").ids.values()))
        return ids

    writers = participants("writer", max(1, n_works // 5))
    publishers = participants("publisher", max(1, n_works // 50))
    admins = participants("admin", 60)
    locals_ = participants("publisher", 200)
    works: list[str] = []
    for chunk in batches(range(n_works), BATCH):
        rows = [{"title": f"Work {i}"} for i in chunk]
        works += db.write(lambda tx: list(upsert_works(tx, rows).ids.values()))

    owns = []
    for work in works:
        co_writers = rng.sample(writers, rng.randint(1, 3))
        share = Decimal(50) / len(co_writers)
        parts = [share.quantize(Decimal("0.0001"))] * len(co_writers)
        parts[0] += Decimal(50) - sum(parts)
        owns.append({"participantId": rng.choice(publishers), "assetId": work, "share": Decimal(50)})
        owns += [{"participantId": w, "assetId": work, "share": s} for w, s in zip(co_writers, parts)]
    for row in owns:
        row.update(rightType="performance", validFrom=FROM)
    for chunk in batches(owns, BATCH):
        db.write(lambda tx: add_ownership(tx, chunk))

    def mandate(collector, target, basis, territories, valid_from=FROM, valid_to=None, fee="15"):
        return {"collectorId": collector, "targetId": target, "rightType": "performance", "basis": basis,
                "territories": territories, "validFrom": valid_from, "validTo": valid_to, "feePercent": fee}

    collects = [mandate(s, p, "reciprocal", t, fee="20") for p in publishers for s, t in SOCIETY_TERRITORIES.items()]
    for p in rng.sample(publishers, int(len(publishers) * 0.3)):
        scope = rng.choice(ADMIN_SCOPES)
        if rng.random() < 1 / 3:
            collects += [mandate(rng.choice(admins), p, "admin", scope, valid_to=SWITCH),
                         mandate(rng.choice(admins), p, "admin", scope, valid_from=SWITCH)]
        else:
            collects.append(mandate(rng.choice(admins), p, "admin", scope))
    collects += [mandate(rng.choice(admins), w, "admin", ["WORLD"]) for w in rng.sample(writers, len(writers) // 100)]
    direct = rng.sample(works, n_works // 10)
    collects += [mandate(rng.choice(locals_), w, "direct", rng.choice((["GH"], ["2AF"]))) for w in direct]
    collects += [mandate(rng.choice(locals_), w, "direct", ["GH"], valid_from=dt.date(2021, 1, 1))
                 for w in rng.sample(direct, n_works // 200)]
    for chunk in batches(collects, BATCH):
        db.write(lambda tx: add_collects(tx, chunk, "bench"))
    return {"works": works, "participants": len(writers) + len(publishers) + len(admins) + len(locals_),
            "owns": len(owns), "collects": len(collects)}


def triples(rng: random.Random, works: list[str], n: int) -> list[dict]:
    countries, weights = zip(*COUNTRY_WEIGHTS.items())
    span = (dt.date(2025, 12, 31) - FROM).days
    return [{"workId": rng.choice(works), "territory": rng.choices(countries, weights)[0],
             "date": FROM + dt.timedelta(days=rng.randrange(span)), "rightType": "performance"} for _ in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=100_000)
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=5_000, help="items per mandate_at query (mandates.CHUNK)")
    instance_args(ap, "bench-mandates", 7711, 7811, heap=LocalServer.heap, pagecache=LocalServer.pagecache)
    args = ap.parse_args()

    ok = True
    with fresh_instance(args, "mandates") as bench:
        from app.services import mandates
        mandates.CHUNK = args.chunk
        print(f"rightsgraph mandate bench: {args.works:,} works, {args.triples:,} triples, chunk {args.chunk:,}")
        drv, neo_pid = bench.driver, bench.neo_pid
        rng = random.Random(20240701)
        loaded, load_s = timed("load graph", load_graph, rng, args.works)
        print(f"loaded {loaded['participants']:,} participants, {len(loaded['works']):,} works, "
              f"{loaded['owns']:,} OWNS, {loaded['collects']:,} COLLECTS in {load_s:.1f} s "
              f"(JVM peak so far {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB)")
        items = triples(rng, loaded["works"], args.triples)

        print("\nresolve (one mandates.resolve call each; the second run finds the graph warm and the "
              "conflicts already recorded):")
        for run_no in (1, 2):
            results, seconds = timed(f"run {run_no}", mandates.resolve, items)
            outcomes = Counter(r["outcome"] for r in results)
            issues = len({r["issueId"] for r in results if r["issueId"]})
            print(f"  run {run_no}: {len(results):,} triples in {seconds:.2f} s = {len(results) / seconds:,.0f} "
                  f"triples/s; outcomes {dict(sorted(outcomes.items()))}; {issues:,} conflict issues")
            ok = ok and len(results) == len(items) and sum(outcomes.values()) == len(items)
        recs, _, _ = drv.execute_query("MATCH (q:DataQualityIssue {kind: 'mandate_conflict'}) RETURN count(q) AS n")
        print(f"  DataQualityIssues of kind mandate_conflict: {recs[0]['n']:,} (one per conflicting "
              f"work × level × collectors, not per triple)")
        ok = ok and recs[0]["n"] == issues

        print("\nmemory:")
        print(f"  neo4j JVM peak RSS (VmHWM)   {proc_status_mib(neo_pid, 'VmHWM') or 0:>8.0f} MiB "
              f"(heap {args.heap} + page cache {args.pagecache}; pid {neo_pid})")
        print(f"  python peak RSS (ru_maxrss)  {python_peak_rss_mib():>8.0f} MiB")
        print(f"\noverall: {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
