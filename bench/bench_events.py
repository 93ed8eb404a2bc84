#!/usr/bin/env python
"""Royalty events and statement list benchmark: ``GET /api/royalties/events`` and
``GET /api/royalties/statements`` read models (``app.services.statement_queries``) on a big graph.

    python bench/bench_events.py [--statements 20] [--lines 25000] [--participants 2000]
                                 [--recordings 20000] [--keep]
                                 [--instance bench-events --bolt 7719 --http 7819] [--heap 1g]

It runs on its OWN local Neo4j instance (default ``bench-events``, bolt 7719, http 7819; point
it at yours with --instance/--bolt/--http): restarted fresh, wiped, given the schema, stopped
at the end unless ``--keep``.

The graph (fixed random seed): ``--statements`` processed statements of ``--lines`` RoyaltyEvents
each, written by the real write-out query (``allocation/write_events``) as allocation does —
90 % of the lines matched to one of ``--recordings`` recordings and split between one or two of
``--participants`` wallets, 10 % in suspense; a "star" participant owns 10 % of the lines; four
sale months per statement, three sources. Reported, median of 10 calls each, with the total the
filter selects and the database hits of one PROFILEd call: the events of one statement (first
and last page), of one recording, of the star (alone and with a period), of a period alone and
unfiltered; the statement list unfiltered and by period.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import batches  # noqa: E402
from harness import fresh_instance, instance_args, median_ms, proc_status_mib  # noqa: E402

os.environ.pop("CELERY_BROKER_URL", None)


BATCH = 5_000
SOURCES = ("spotify", "apple_music", "youtube")
STAR_SHARE = 0.10


def load(n_statements: int, lines: int, n_participants: int, n_recordings: int, rng: random.Random) -> dict:
    """The catalog, accounts, statements and events; the ids the queries use."""
    from app.services import ledger
    from app.services.catalog import upsert_participants
    from app.services.db import write
    from app.services.event_writer import write_events

    pids: list[str] = []
    for chunk in batches(range(n_participants), BATCH):
        records = [{"ref": f"p{i}", "kinds": ["artist"], "name": f"Artist {i}"} for i in chunk]
        pids += write(lambda tx, r=records: list(upsert_participants(tx, r, "USD").ids.values()))
    recordings = [f"REC-{n:06d}" for n in range(1, n_recordings + 1)]
    for chunk in batches(recordings, BATCH):
        write(lambda tx, c=chunk: tx.run("UNWIND $ids AS id CREATE (:Recording {recordingId: id, title: id})",
                                         ids=c).consume())
    wallets = write(lambda tx: ledger.participant_accounts(tx, pids, "USD"))
    suspense = write(lambda tx: ledger.ensure_platform_accounts(tx, "USD", [("suspense", None)])[0])
    star = pids[0]
    periods = []
    for s in range(n_statements):
        sid = f"STM-{s + 1:06d}"
        months = [f"{2020 + s // 3}-{(s % 3) * 4 + m:02d}" for m in range(1, 5)]
        periods.append(months)
        write(lambda tx: tx.run(
            "CREATE (:Statement {statementId: $sid, sha256: $sid, source: $source, status: 'processed', "
            "registeredAt: datetime() + duration({seconds: $n}), periods: $months, currency: 'USD', linesRead: $lines,"
            " linesMatched: 0, linesUnmatched: 0, linesRejected: 0, batchesDone: 1})",
            sid=sid, source=SOURCES[s % 3], n=s, months=months, lines=lines).consume())
        for chunk in batches(range(2, lines + 2), BATCH):
            events = []
            for line in chunk:
                gross = rng.randint(1, 50_000)
                if rng.random() < 0.10:
                    rid, allocations = None, [{"accountId": suspense, "amount": gross, "share": None}]
                else:
                    rid = rng.choice(recordings)
                    owners = [star] if rng.random() < STAR_SHARE else rng.sample(pids[1:], rng.choice((1, 2)))
                    part = gross // len(owners)
                    allocations = [{"accountId": wallets[p], "amount": part + (gross - part * len(owners)) * (i == 0),
                                    "share": 1_000_000 // len(owners), "participantId": p}
                                   for i, p in enumerate(owners)]
                events.append({"props": {
                    "eventId": f"{sid}:{line}", "statementId": sid, "line": line, "source": SOURCES[line % 3],
                    "usageType": "stream", "rightType": "master", "territory": "US", "period": months[line % 4],
                    "units": 1, "grossMicro": gross, "currency": "USD", "recordingId": rid,
                    "matchMethod": "isrc" if rid else "none", "title": f"Song {line}", "artist": "Artist"},
                    "allocations": [{"participantId": None, "hold": None, "disputeId": None, "advanceId": None,
                                     **a} for a in allocations]})
            write(lambda tx, ev=events, sid=sid: write_events(tx, ev, f"JE-{sid}"))
    return {"star": star, "recording": recordings[0], "statement": f"STM-{n_statements // 2 + 1:06d}",
            "period": periods[0][0]}



def db_hits(name: str, **params) -> int:
    """Total database hits of one PROFILEd run of query file ``name``."""
    import cypher
    from app.services.db import driver

    with driver().session() as session:
        profile = session.run("PROFILE " + cypher.load(name), **params).consume().profile

    def total(plan) -> int:
        return plan.get("dbHits", 0) + sum(total(child) for child in plan.get("children", []))
    return total(profile)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--statements", type=int, default=20)
    ap.add_argument("--lines", type=int, default=25_000)
    ap.add_argument("--participants", type=int, default=2_000)
    ap.add_argument("--recordings", type=int, default=20_000)
    instance_args(ap, "bench-events", 7719, 7819)
    args = ap.parse_args()

    with fresh_instance(args, "events") as bench:
        from app.services import statement_queries

        events_total = args.statements * args.lines
        print(f"rightsgraph events bench: {args.statements} statements × {args.lines:,} lines = {events_total:,} events, "
              f"{args.participants:,} participants, {args.recordings:,} recordings")
        neo_pid = bench.neo_pid
        t0 = time.perf_counter()
        ids = load(args.statements, args.lines, args.participants, args.recordings, random.Random(20250301))
        print(f"load: {time.perf_counter() - t0:.1f} s")
        last_page = (args.lines // 50) * 50
        cases = [
            ("events of one statement, page 1", {"statement_id": ids["statement"]}, 0),
            ("events of one statement, last page", {"statement_id": ids["statement"]}, last_page),
            ("events of one recording", {"recording_id": ids["recording"]}, 0),
            ("events of the star participant", {"participant_id": ids["star"]}, 0),
            ("… of the star in one period", {"participant_id": ids["star"], "period": ids["period"]}, 0),
            ("events of one period (via statements)", {"period": ids["period"]}, 0),
            ("events unfiltered", {}, 0),
        ]
        print(f"{'query (page of 50)':<40} {'median ms':>10} {'total':>10} {'db hits':>12}")
        for name, filters, skip in cases:
            total = statement_queries.events(**filters, skip=skip, limit=50)[1]
            ms = median_ms(lambda f=filters, s=skip: statement_queries.events(**f, skip=s, limit=50))
            params = {"statementId": None, "recordingId": None, "participantId": None, "period": None, "source": None,
                      **{k: v for k, v in {"statementId": filters.get("statement_id"),
                                           "recordingId": filters.get("recording_id"),
                                           "participantId": filters.get("participant_id"),
                                           "period": filters.get("period")}.items() if v}}
            hits = db_hits("allocation/events_count", **params) + db_hits("allocation/events", skip=skip, limit=50,
                                                                         **params)
            print(f"{name:<40} {ms:>10.1f} {total:>10,} {hits:>12,}")
        for name, filters in (("statement list, page 1", {}), ("statement list by period", {"period": ids["period"]})):
            total = statement_queries.list_statements(**filters)[1]
            ms = median_ms(lambda f=filters: statement_queries.list_statements(**f))
            print(f"{name:<40} {ms:>10.1f} {total:>10,}")
        print(f"Neo4j peak RSS {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        return 0


if __name__ == "__main__":
    sys.exit(main())
