#!/usr/bin/env python
"""Holds routing benchmark: what ``holds.route`` (dispute freezes and advance recoupment) adds to
a statement batch, the hot path it sits on (``allocation.allocate_batch``).

    python bench/bench_holds.py [--participants 10000] [--recordings 50000] [--parts 5000]
                                [--disputes 200] [--advances 500] [--runs 10] [--keep]
                                [--instance bench-holds --bolt 7718 --http 7818] [--heap 1g]

It runs on its OWN local Neo4j instance (default ``bench-holds``; point it at another with
--instance/--bolt/--http), restarted fresh, wiped, given the schema, stopped at the end unless
``--keep``. Data (fixed seed): participants with wallets, recordings, and ``--disputes`` open
disputes (each about a random recording, involving a random participant) and ``--advances``
active advances (random participants, 50 % of master income, never recouped in the run), the
held participants' frozen and advance receivable accounts already open. A
batch is ``--parts`` participant parts of income (random participant × recording, master, US).

Timed, each in a transaction rolled back afterwards (so every run sees the same graph), taking
turns, median and max of ``--runs``:

* ``wallets only``: ``ledger.participant_accounts`` for the batch's participants — what
  allocation did to map parts to accounts before holds existed;
* ``route, nothing held``: ``holds.route`` on a batch whose assets and participants have no
  open dispute or active advance (the common case), with the same number of disputes and
  advances elsewhere in the graph;
* ``route, held``: ``holds.route`` on a batch where ~1 % of the parts are on disputed
  recordings of a party and ~5 % belong to participants recouping an advance.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import batches  # noqa: E402
from harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402

os.environ.pop("CELERY_BROKER_URL", None)


CHUNK = 10_000


def load(participants: int, recordings: int, disputes: int, advances: int, rng: random.Random):
    """The graph of the module docstring; (participantIds, recordingIds, disputed (recording,
    party) pairs, participants with advances)."""
    from app.services import ledger
    from app.services.catalog import upsert_participants
    from app.services.db import write

    pids: list[str] = []
    for chunk in batches(range(participants), CHUNK):
        records = [{"ref": f"p{i}", "kinds": ["artist"], "name": f"Artist {i}"} for i in chunk]
        pids += write(lambda tx, r=records: list(upsert_participants(tx, r, "USD").ids.values()))
    write(lambda tx: ledger.participant_accounts(tx, pids, "USD"))
    rids = [f"REC-B{i:07d}" for i in range(recordings)]
    for chunk in batches(rids, CHUNK):
        write(lambda tx, c=chunk: tx.run("UNWIND $ids AS id CREATE (:Recording {recordingId: id, title: id})",
                                         ids=c).consume())
    disputed = [(rng.choice(rids), rng.choice(pids)) for _ in range(disputes)]
    write(lambda tx: tx.run(
        "UNWIND range(0, size($rows) - 1) AS i WITH i, $rows[i] AS r "
        "MATCH (a:Recording {recordingId: r[0]}), (p:Participant {participantId: r[1]}) "
        "CREATE (d:Dispute {disputeId: 'DSP-B' + toString(i), status: 'open', reason: 'bench', "
        "openedAt: datetime(), updatedAt: datetime()})-[:ABOUT]->(a), (d)-[:INVOLVES]->(p)",
        rows=[list(r) for r in disputed]).consume())
    recouping = rng.sample(pids, advances)
    write(lambda tx: tx.run(
        "UNWIND range(0, size($pids) - 1) AS i "
        "CREATE (:Advance {advanceId: 'ADV-B' + toString(i), participantId: $pids[i], currency: 'USD', "
        "amount: 1000000000000, recoupPercent: 500000, buckets: ['master'], rightTypes: ['master', 'neighbouring'], "
        "recouped: 0, basis: 0, status: 'active'})", pids=recouping).consume())
    # their frozen / advance receivable accounts exist, as after their first statement
    write(lambda tx: ledger.participant_accounts(tx, sorted({p for _, p in disputed}), "USD", "frozen"))
    write(lambda tx: ledger.participant_accounts(tx, recouping, "USD", "advance_receivable"))
    return pids, rids, disputed, recouping


def parts_of(pids, rids, size, rng, disputed=(), recouping=()):
    """A batch of parts; with ``disputed`` / ``recouping``, ~1 % / ~5 % of them are held."""
    from app.services.holds import Part

    out = []
    for n in range(size):
        pid, rid = rng.choice(pids), rng.choice(rids)
        if disputed and n % 100 == 0:
            rid, pid = rng.choice(disputed)
        elif recouping and n % 20 == 1:
            pid = rng.choice(recouping)
        out.append(Part(pid, rng.randint(1, 5_000_000), rid, "master", "US", "2025-01", "spotify", "Spotify", rid))
    return out


def timed(works: dict, runs: int) -> dict[str, tuple[float, float]]:
    """(median, max) milliseconds of each ``work(tx)``, each run in a transaction rolled back
    afterwards; the works take turns (round-robin), so a busy machine weighs on all alike."""
    from app.services.db import driver

    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(runs):
        for name, work in works.items():
            with driver().session() as session:
                tx = session.begin_transaction()
                t0 = time.perf_counter()
                work(tx)
                times[name].append((time.perf_counter() - t0) * 1000)
                tx.rollback()
    return {name: (statistics.median(t), max(t)) for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--recordings", type=int, default=50_000)
    ap.add_argument("--parts", type=int, default=5_000)
    ap.add_argument("--disputes", type=int, default=200)
    ap.add_argument("--advances", type=int, default=500)
    ap.add_argument("--runs", type=int, default=10)
    instance_args(ap, "bench-holds", 7718, 7818)
    args = ap.parse_args()

    with fresh_instance(args, "holds") as bench:
        from app.services import holds, ledger

        print(f"rightsgraph holds bench: {args.participants:,} participants, {args.recordings:,} recordings, "
              f"{args.disputes} open disputes, {args.advances} active advances; batches of {args.parts:,} parts")
        drv, neo_pid = bench.driver, bench.neo_pid
        rng = random.Random(20250115)
        t0 = time.perf_counter()
        pids, rids, disputed, recouping = load(args.participants, args.recordings, args.disputes, args.advances, rng)
        print(f"load: {time.perf_counter() - t0:.1f} s")
        held_pids = {p for _, p in disputed} | set(recouping)
        held_rids = {r for r, _ in disputed}
        free = parts_of([p for p in pids if p not in held_pids], [r for r in rids if r not in held_rids],
                        args.parts, rng)
        mixed = parts_of(pids, rids, args.parts, rng, disputed, recouping)

        rows = timed({"wallets only": lambda tx: ledger.participant_accounts(
                          tx, sorted({p.participant_id for p in free}), "USD"),
                      "route, nothing held": lambda tx: holds.route(tx, "USD", free),
                      "route, held": lambda tx: holds.route(tx, "USD", mixed)}, args.runs)
        for name, (median, worst) in rows.items():
            print(f"{name:<22} median {median:8.1f} ms   max {worst:8.1f} ms   ({args.parts:,} parts)")
        with drv.session() as session:
            tx = session.begin_transaction()
            routed = holds.route(tx, "USD", mixed)
            tx.rollback()
        kinds = {"dispute": 0, "recoupment": 0, None: 0}
        for credits in routed:
            for c in credits:
                kinds[c.hold] += 1
        print(f"held batch credits: {kinds[None]:,} wallet, {kinds['dispute']:,} frozen, "
              f"{kinds['recoupment']:,} recoupment")
        print(f"Neo4j peak RSS {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        return 0


if __name__ == "__main__":
    sys.exit(main())
