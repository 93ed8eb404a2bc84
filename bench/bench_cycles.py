#!/usr/bin/env python
"""Royalty cycle close benchmark (issue 7 "Measure"): close a quarter of 200 stations' charged
reciprocal plays — line items, per-play IN_CYCLE rows, one journal entry per partner, the lock.

    python bench/bench_cycles.py [--stations 200] [--days 90] [--plays-per-day 50] [--works 2000]
                                 [--keep] [--heap 1g] [--pagecache 512m]

Default: 200 stations × 90 days × 50 plays = 900,000 charged plays of partner ASCAP's repertoire.

The world is built with the real services: partner ASCAP (app.services.partners), its
repertoire of ``--works`` works with one recording each imported from a generated CSV
(app.services.repertoire_import, the repertoire CSV format), an Active GH agreement (its COLLECTS
mandates; admin fee 15 %), ``--stations`` Ghanaian stations (funded) and a per-play tariff per
class (app.services.stations / tariffs).

**Shortcut for the plays** (the measure is the close, not issue 6's charging, which
bench_broadcast.py measures at ≈ 900 plays/s — 900k plays would take ~20 min alone on a free
machine): each recording's allocation is routed ONCE by the real ``play_routing.Router`` (the
mandates decide: the whole work side goes to ASCAP's pool account ``via 'reciprocal'``), then
the plays are written as charged PlayLog nodes with that allocation in batches (UNWIND), and
each batch's charges are posted as ONE ``play_charge`` journal entry per station (station −, pool
accounts +) instead of one per play — so the pool, the ledger and the pool invariant hold
exactly, with fewer journal entries; plays get no UsageAttribution node (the close does not read
them). The close then runs the real ``cycles.close_cycle`` (chunked: > SINGLE_TX_PLAYS rows).

Printed: world and play generation times, the close time (plays/s), the time per query file of
the close, Python and Neo4j peak RSS, and the checks (line items and play rows add up to the
entries, pool balanced, every entry sums to zero).

Its own local Neo4j instance ``bench-cycles`` (bolt 7736, http 7836), started fresh and wiped.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import _query_timer, print_queries, python_peak_rss_mib  # noqa: E402
from harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402

QUARTER = dt.date(2025, 1, 1)
CLASSES = {"national": "2.00", "regional": "1.20", "community": "0.40", "campus": "0.25", "tv": "3.50"}
BATCH = 20_000  # plays written per transaction


def repertoire_csv(path: Path, n: int) -> list[str]:
    """A works CSV and a recordings CSV of ``n`` (≤ 100,000) works, one recording each; their ISRCs."""
    from importers.identifiers import ipi_check_digits, iswc_check_digit
    with open(path / "works.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["work_id", "title", "iswc", "writer_1_name", "writer_1_ipi", "writer_1_role", "writer_1_society",
                      "writer_1_pr_share", "writer_1_mr_share"])
        for i in range(n):
            nine, ipi = f"{700_000_000 + i:09d}", f"{200_000_000 + i % 500:09d}"
            out.writerow([f"ASC-{i:07d}", f"Bench Song {i}", f"T{nine}{iswc_check_digit(nine)}", f"Writer {i % 500}",
                          f"{ipi}{ipi_check_digits(ipi)}", "CA", "ASCAP", "100", "100"])
    isrcs = [f"USBN125{i:05d}" for i in range(n)]  # CC + registrant + year + 5 digits
    with open(path / "recordings.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "isrc", "duration", "artist", "work_id"])
        for i, isrc in enumerate(isrcs):
            out.writerow([f"Bench Song {i}", isrc, "3:30", f"Artist {i % 300}", f"ASC-{i:07d}"])
    return isrcs


def build_world(n_stations: int, n_works: int, workdir: Path) -> dict:
    from app.money import to_micro
    from app.services import partners, reciprocal_agreements, stations, tariffs
    from app.services.db import driver
    from app.services.repertoire_import import import_repertoire

    t0 = time.perf_counter()
    partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US",
                              "reportingStandard": "CSV-Custom", "defaultAdminFeePercent": "20"}, "bench")
    repertoire_csv(workdir, n_works)
    for name in ("works.csv", "recordings.csv"):
        log = import_repertoire(workdir / name, "ASCAP", "csv", "bench")["log"]
        assert not log["errors"], log["errors"][:3]
    reciprocal_agreements.create_agreement({"partner": "ASCAP", "territories": ["GH"], "validFrom": "2024-01-01",
                                            "adminFeePercent": "15", "reportingFrequency": "Quarterly",
                                            "status": "Active"}, "bench")
    print(f"  partner, {n_works:,} works + recordings, agreement: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    classes = [c for c in CLASSES for _ in range(4)]
    made = []
    for i in range(n_stations):
        station = stations.create_station({
            "name": f"Bench {i:03d}", "stationClass": classes[i % len(classes)], "country": "GH",
            "timezone": "Africa/Accra", "streamIds": [f"stream-{i:03d}"], "licenceStatus": "active",
            "licenceNumber": f"NCA-{i:04d}", "licenceValidFrom": dt.date(2024, 1, 1), "licenceValidTo": None,
            "coverage": ["GH"], "currency": "GHS", "fundsPolicy": "reject", "creditLimitMicro": 0}, "bench")
        stations.top_up(station["stationId"], to_micro("100000"), f"q1-{i}", "bench", "bank")
        made.append(station)
    for station_class, rate in CLASSES.items():
        tariffs.create_tariff({"stationClass": station_class, "usageType": "featured", "band": "all_day",
                               "timeFrom": None, "timeTo": None, "basis": "per_play", "rateMicro": to_micro(rate),
                               "currency": "GHS", "rightSplit": dict(tariffs.DEFAULT_RIGHT_SPLIT),
                               "validFrom": dt.date(2024, 1, 1)}, "bench")
    print(f"  {n_stations} stations funded, {len(CLASSES)} tariffs: {time.perf_counter() - t0:.1f} s")
    recordings = [r.data() for r in driver().execute_query(
        "MATCH (r:Recording)-[:IN_REPERTOIRE_OF]->(:Society {code: 'ASCAP'}) "
        "RETURN r.recordingId AS recordingId, r.isrc AS isrc ORDER BY r.recordingId").records]
    return {"stations": made, "recordings": recordings}


def allocations(world: dict) -> dict[tuple[str, str], dict]:
    """Per (recording, station class): tariff, amount and allocation JSON — routed once by the
    real Router (the mandates in force on the quarter's first day)."""
    from app.services import play_routing, tariffs
    from app.services.db import read
    all_tariffs = read(tariffs.all_tariffs)
    router = play_routing.Router()
    out = {}
    for station_class in CLASSES:
        noon = dt.datetime(2025, 1, 1, 12, tzinfo=dt.timezone.utc)
        tariff = tariffs.pick(all_tariffs, station_class, "featured", noon)
        plays = [({"recordingId": r["recordingId"], "localDate": QUARTER}, tariff, "GH") for r in world["recordings"]]
        router.prepare(plays)
        for play, _, _ in plays:
            amount = tariff.amount(None)
            parts = router.route(play, amount, tariff, "GH", "GHS")
            out[(play["recordingId"], station_class)] = {"tariff": tariff.tariff_id, "amount": amount, "parts": parts,
                                                         "json": play_routing.allocation_json(parts)}
    return out


def write_plays(world: dict, routed: dict, days: int, per_day: int, seed: int = 7) -> int:
    """The quarter's charged plays, BATCH per transaction, with their per-station charge entries."""
    from app.services import ledger, pool
    from app.services.db import write
    from app.services.play_routing import totals_by_account
    rng = random.Random(seed)
    recordings = world["recordings"]
    payees = {(p["payeeId"], p["forParticipantId"]) for r in routed.values() for p in r["parts"]} | {(None, None)}
    write(lambda tx: pool.ensure_accounts(tx, "GHS", payees))
    rows, n, batch_no = [], 0, 0

    def flush(rows: list[dict], batch_no: int) -> None:
        entries: dict[str, dict] = {}
        for row in rows:
            station = row.pop("_station")
            credit = entries.setdefault(station["stationId"], {"station": station, "accounts": {}})
            for account, amount in totals_by_account(row.pop("_parts")).items():
                credit["accounts"][account] = credit["accounts"].get(account, 0) + amount

        def work(tx):
            tx.run("UNWIND $rows AS r CREATE (p:PlayLog) SET p = r", rows=rows).consume()
            ledger.post_many(tx, [{
                "idempotencyKey": f"bench-charge:{sid}:{batch_no}", "kind": "play_charge", "sourceId": sid,
                "memo": f"bench: batch {batch_no} of {sid}'s plays",
                "postings": [{"accountId": e["station"]["accountId"], "amount": -sum(e["accounts"].values())}]
                + [{"accountId": a, "amount": x} for a, x in sorted(e["accounts"].items())]}
                for sid, e in sorted(entries.items())])
        write(work)

    for station in world["stations"]:
        for d in range(days):
            day = QUARTER + dt.timedelta(days=d)
            for k in range(per_day):
                rec = recordings[rng.randrange(len(recordings))]
                r = routed[(rec["recordingId"], station["stationClass"])]
                n += 1
                played = dt.datetime.combine(day, dt.time(), dt.timezone.utc) + dt.timedelta(seconds=k * 1700 + 13)
                rows.append({"playId": f"PLY-B{n:08d}", "sourceKey": f"{station['stationId']}|b{n}",
                             "stationId": station["stationId"], "playedAt": played, "localDate": day,
                             "title": "Bench Song", "artist": "Bench Artist", "isrc": rec["isrc"],
                             "durationSeconds": 210, "usageType": "featured", "status": "matched",
                             "recordingId": rec["recordingId"], "chargeStatus": "charged", "chargedMicro": r["amount"],
                             "currency": "GHS", "tariffId": r["tariff"], "allocation": r["json"],
                             "_station": station, "_parts": r["parts"]})
                if len(rows) == BATCH:
                    batch_no += 1
                    flush(rows, batch_no)
                    rows = []
    if rows:
        flush(rows, batch_no + 1)
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int, default=200)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--plays-per-day", type=int, default=50)
    ap.add_argument("--works", type=int, default=2000)
    instance_args(ap, "bench-cycles", 7736, 7836)
    args = ap.parse_args()
    with fresh_instance(args, "cycles") as bench:
        from app.services import audit, cycle_close, cycles, db, ledger, partners, pool, reciprocal_agreements, tariffs
        from app.money import to_micro
        print("world:")
        world = build_world(args.stations, args.works, bench.workdir)
        t0 = time.perf_counter()
        routed = allocations(world)
        n = write_plays(world, routed, args.days, args.plays_per_day)
        print(f"  {n:,} charged plays written in {time.perf_counter() - t0:.1f} s")
        assert pool.summary("GHS")["balanced"]

        cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "bench")
        real_run = db.run
        queries, timed_run = _query_timer(real_run)
        timed_modules = (cycles, cycle_close, ledger, partners, reciprocal_agreements, tariffs, audit)
        for module in timed_modules:
            module.run = timed_run
        t0 = time.perf_counter()
        closed = cycles.close_cycle(cycle["cycleId"], "bench")
        seconds = time.perf_counter() - t0
        for module in timed_modules:
            module.run = real_run
        totals = closed["totals"]
        print(f"\nclose of {cycle['cycleId']} ({closed['period']}, {args.stations} stations): {seconds:.1f} s = "
              f"{n / seconds:,.0f} plays/s; {closed['lineItems']:,} line items, {totals['usageCount']:,} usages, "
              f"gross {totals['gross']} fee {totals['fee']} net {totals['net']} GHS")
        print_queries(queries)
        neo = proc_status_mib(bench.neo_pid, "VmHWM")
        print(f"peak RSS: Python {python_peak_rss_mib():,.0f} MiB, Neo4j {neo:,.0f} MiB")
        drv = bench.driver
        rows = drv.execute_query("MATCH (:PlayLog)-[r:IN_CYCLE]->(:RoyaltyCycle {cycleId: $id}) "
                                 "RETURN count(r) AS n, sum(r.grossMicro) AS g, sum(r.feeMicro) AS f, "
                                 "sum(r.netMicro) AS net", id=cycle["cycleId"]).records[0]
        bad = drv.execute_query("MATCH (e:JournalEntry)-[p:POSTS]->() WITH e, sum(p.amount) AS s WHERE s <> 0 "
                                "RETURN count(e) AS n").records[0]["n"]
        ok = (rows["n"] == n and rows["g"] == to_micro(totals["gross"]) and rows["f"] == to_micro(totals["fee"])
              and rows["net"] == to_micro(totals["net"]) and bad == 0 and pool.summary("GHS")["balanced"])
        print(f"checks: {rows['n']:,} play rows add up to the line items and the entries; entries sum to zero; "
              f"pool balanced: {'OK' if ok else 'FAILED'}")
        again = time.perf_counter()
        assert cycles.close_cycle(cycle["cycleId"], "bench") == closed
        print(f"second close (a no-op): {time.perf_counter() - again:.2f} s")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
