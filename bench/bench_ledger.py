#!/usr/bin/env python
"""Ledger, wallet and payout benchmark: ``rightsgraph ledger check`` on a big ledger, a busy
wallet's figures and transactions page, and 50 concurrent payout requests on one wallet.

    python bench/bench_ledger.py [--participants 10000] [--entries 100000] [--keep]
                                 [--instance bench-ledger --bolt 7716 --http 7816] [--heap 1g]

It runs on its OWN local Neo4j instance (default ``bench-ledger``, bolt 7716, http 7816; an
engineer may point it at their own with --instance/--bolt/--http) and a temporary data
directory: restarted fresh, wiped, given the schema, stopped at the end unless ``--keep``.

The ledger (fixed random seed): ``--entries`` royalty_allocation journal entries, each debiting a
statement source account and crediting 5 random wallets of ``--participants`` (6 postings),
posted through the real posting query (``money/post_entries``, as ``ledger.post`` does) in
batches of 5 000; a "star" participant is credited in 10 % of the entries (a busy wallet).
Reported: the load time, the ledger check time (entries/s, postings/s), ``wallets.wallet`` and
the first transactions page of the star (median of 20 calls), and 50 concurrent payout requests
of 30.00 on a wallet holding 1 000.00: wall time, p50/p95 latency per request, how many succeeded
(must be exactly 33) and the ledger check after them.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import batches  # noqa: E402
from harness import fresh_instance, instance_args, median_ms, percentile, proc_status_mib  # noqa: E402

os.environ.pop("CELERY_BROKER_URL", None)


BATCH = 5_000
OWNERS_PER_ENTRY = 5
STAR_SHARE = 0.10


def load(participants: int, entries: int, rng: random.Random) -> tuple[list[str], str]:
    """Participants with wallets and the journal entries; (participantIds, the star's id)."""
    from app.services import ledger
    from app.services.catalog import upsert_participants
    from app.services.db import run, write
    from app.services.ids import reserve_ids

    pids: list[str] = []
    for chunk in batches(range(participants), BATCH):
        records = [{"ref": f"p{i}", "kinds": ["artist"], "name": f"Artist {i}"} for i in chunk]
        pids += write(lambda tx, r=records: list(upsert_participants(tx, r, "USD").ids.values()))
    star = pids[0]
    wallets = write(lambda tx: ledger.participant_accounts(tx, pids, "USD"))
    source = write(lambda tx: ledger.ensure_platform_accounts(tx, "USD", [("source", "bench")])[0])

    def post_batch(tx, numbers: list[int]):
        rows = []
        for n, entry_id in zip(numbers, reserve_ids(tx, "entry", len(numbers))):
            owners = rng.sample(pids, OWNERS_PER_ENTRY)
            if rng.random() < STAR_SHARE and star not in owners:
                owners[0] = star
            amounts = [rng.randint(1, 5_000_000) for _ in owners]
            postings = [{"accountId": wallets[p], "amount": a} for p, a in zip(owners, amounts)]
            postings.append({"accountId": source, "amount": -sum(amounts)})
            rows.append({"entryId": entry_id, "idempotencyKey": f"bench:{n}", "kind": "royalty_allocation",
                         "at": _now(), "statementId": None, "sourceId": None, "memo": f"bench entry {n}",
                         "postings": postings})
        run(tx, "money/post_entries", entries=rows)

    for numbers in batches(range(entries), BATCH):
        write(post_batch, numbers)
    return pids, star


def _now():
    import datetime as dt
    return dt.datetime.now(dt.timezone.utc)



def concurrent_payouts(pid: str) -> dict:
    """50 threads request 30.00 each from a wallet holding 1 000.00 (after funding it)."""
    from app.services import ledger, payout_methods, payouts
    from app.services.db import write

    def fund(tx):
        wallet = ledger.participant_accounts(tx, [pid], "USD")[pid]
        source = ledger.ensure_platform_accounts(tx, "USD", [("source", "bench")])[0]
        balance = tx.run("MATCH (a:Account {accountId: $id}) RETURN a.balance AS b", id=wallet).single()["b"]
        ledger.post(tx, "bench:payout-funding", "royalty_allocation",
                    [{"accountId": wallet, "amount": 1_000_000_000 - balance},
                     {"accountId": source, "amount": balance - 1_000_000_000}], "bench funding")
    write(fund)
    payout_methods.add_method(pid, {"type": "bank_transfer", "institution": "Bench Bank",
                                    "accountNumber": "12345678"}, True, "bench")
    barrier, latencies, outcomes = threading.Barrier(50), [0.0] * 50, [None] * 50

    def one(i):
        barrier.wait()
        t0 = time.perf_counter()
        try:
            payouts.request_payout(pid, Decimal("30"), "USD", f"bench-{i}", None, "bench")
            outcomes[i] = "ok"
        except payouts.InsufficientFunds:
            outcomes[i] = "insufficient"
        latencies[i] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"wall": wall, "p50": statistics.median(latencies), "p95": percentile(latencies, 95),
            "ok": outcomes.count("ok"), "insufficient": outcomes.count("insufficient")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=100_000)
    instance_args(ap, "bench-ledger", 7716, 7816)
    args = ap.parse_args()

    with fresh_instance(args, "ledger") as bench:
        from app.services import ledger_check, wallets

        print(f"rightsgraph ledger bench: {args.participants:,} participants, {args.entries:,} entries "
              f"(~{args.entries * (OWNERS_PER_ENTRY + 1):,} postings)")
        neo_pid = bench.neo_pid
        t0 = time.perf_counter()
        pids, star = load(args.participants, args.entries, random.Random(20250115))
        print(f"load: {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        report = ledger_check.check()
        check_s = time.perf_counter() - t0
        print(f"ledger check: {check_s:.2f} s for {report.entries:,} entries / {report.postings:,} postings / "
              f"{report.accounts:,} accounts ({report.entries / check_s:,.0f} entries/s, "
              f"{report.postings / check_s:,.0f} postings/s); violations {report.violation_count}")

        star_rows = wallets.transactions(star, 0, 50)[1]
        print(f"star wallet ({star_rows:,} transactions): wallet() median "
              f"{median_ms(lambda: wallets.wallet(star)):.1f} ms; transactions page 1 (50 rows) median "
              f"{median_ms(lambda: wallets.transactions(star, 0, 50)):.1f} ms; page 1 filtered by type median "
              f"{median_ms(lambda: wallets.transactions(star, 0, 50, kind='royalty_allocation')):.1f} ms")

        c = concurrent_payouts(pids[1])
        after = ledger_check.check()
        print(f"50 concurrent payout requests of 30.00 on 1 000.00: {c['wall']:.2f} s wall, latency p50 "
              f"{c['p50']:.0f} ms, p95 {c['p95']:.0f} ms; {c['ok']} succeeded (expected 33), {c['insufficient']} "
              f"refused; ledger check after: {after.violation_count} violations")
        print(f"Neo4j peak RSS {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
        return 0 if report.ok and after.ok and c["ok"] == 33 else 1


if __name__ == "__main__":
    sys.exit(main())
