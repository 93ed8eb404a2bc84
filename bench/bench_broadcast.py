#!/usr/bin/env python
"""Broadcast benchmark (issue 6 "Measure"): a quarter of play logs for 200 stations through
intake, attribution, charging and allocation into the central pool, on a real Neo4j.

    python bench/bench_broadcast.py [--stations 200] [--plays 200000] [--recordings 5000]
                                    [--batch-size 2000] [--keep] [--heap 1g] [--pagecache 512m]

The full measure is ≈ 2 000 000 plays (``--plays 2000000``); on a shared 2-core machine run a
scaled quarter (fewer plays per station, same 200 stations, same 90 days) and extrapolate: the
per-play cost does not grow with the graph (each batch touches its own plays and a bounded set
of accounts, every lookup is by a unique index), which the printed per-batch times show.

It runs on its OWN local Neo4j instance ``bench-broadcast`` (bolt 7709, http 7809 — the ports of
this work package's test instance, so stop that one first) and a temporary data directory:
restarted fresh (its peak RSS covers this run only), wiped, given the schema, stopped at the
end unless ``--keep``.

The world (fixed seed): a ``demo_data`` catalogue of ``--recordings`` recordings (writers,
publishers, master owners); 10 % of its artists signed to a publisher (publishing
administration agreements); ``--stations`` Ghanaian stations of every class, pre-funded; a
featured all-day tariff per class plus a peak band, and a per-second jingle tariff. Each
station's log (generic CSV, one file per station) spreads its plays over 2024-04-01..06-30:
80 % carry the recording's ISRC, 12 % only its title and artist (some misspelt: fuzzy), 5 % are
tracks not in the catalogue, 3 % are jingles; the station is named by its stream id.

Printed: generation and import times; per stage, the time spent in each query file (the
services' ``run`` helper is wrapped; no app code changed) grouped as intake, attribution,
routing, charging; plays/s end to end; Python and Neo4j peak RSS; and the checks (every play
charged once, pool + stations = deposits, every journal entry sums to zero).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import _query_timer, finish, proc_status_mib, python_peak_rss_mib, start_fresh  # noqa: E402

os.environ["RIGHTSGRAPH_INSTANCE"] = "bench-broadcast"
os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402

BOLT_PORT, HTTP_PORT = 7709, 7809
QUARTER = (dt.date(2024, 4, 1), dt.date(2024, 7, 1))
CLASSES = {"national": 40, "regional": 60, "community": 50, "campus": 30, "tv": 20}
RATES = {"national": "2.00", "regional": "1.20", "community": "0.40", "campus": "0.25", "tv": "3.50"}
STAGES = {
    "intake": ("broadcast/upsert_plays", "broadcast/write_play_issues", "common/next_ids"),
    "attribution": ("reciprocal/qa_match_isrc", "attribution/fuzzy_candidates", "broadcast/write_attributions",
                    "reciprocal/qa_match_iswc", "reciprocal/qa_fuzzy_candidates", "reciprocal/qa_external_assets"),
    "routing": ("broadcast/recording_works", "broadcast/routing_boundaries", "rights/owners_at", "rights/mandate_at",
                "broadcast/publishers_of", "quality/record_issues"),
    "run set-up": ("broadcast/station_directory", "broadcast/get_stations", "broadcast/list_tariffs",
                   "broadcast/register_import", "broadcast/set_import_status", "broadcast/get_import",
                   "broadcast/insufficient_by_station", "quality/resolve_missing"),
    "charging": ("broadcast/plays_for_charging", "broadcast/lock_plays", "money/ensure_accounts",
                 "broadcast/tag_pool_accounts", "broadcast/lock_accounts", "money/post_entries",
                 "broadcast/mark_charges", "common/audit"),
}


def misspell(rng: random.Random, text: str) -> str:
    """Drop one letter of a longer word (a monitor's transcription slip)."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) > 4]
    if not long:
        return text
    i = rng.choice(long)
    j = rng.randrange(1, len(words[i]) - 1)
    words[i] = words[i][:j] + words[i][j + 1:]
    return " ".join(words)


def build_world(rng: random.Random, n_recordings: int, n_stations: int, workdir: Path) -> dict:
    """Catalogue, signings, stations (funded) and tariffs; the tracks the logs draw from."""
    from app.api.agreement_schemas import AgreementIn
    from app.money import to_micro
    from app.services import agreements, stations, tariffs
    from app.services.catalog_import import import_catalog
    from app.services.db import driver
    from app.services.demo_data import generate_catalog, write_catalog

    catalog = generate_catalog(n_recordings)
    write_catalog(workdir / "catalog.json", catalog)
    t0 = time.perf_counter()
    import_catalog(workdir / "catalog.json", actor="bench")
    print(f"  catalogue: {n_recordings:,} recordings imported in {time.perf_counter() - t0:.1f} s")
    records, _, _ = driver().execute_query(
        "MATCH (r:Recording) OPTIONAL MATCH (p:Participant)-[:PERFORMS_ON]->(r) "
        "OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work) "
        "RETURN r.isrc AS isrc, r.title AS title, collect(DISTINCT p.name)[0] AS artist, "
        "collect(DISTINCT p.participantId)[0] AS artistId, collect(DISTINCT w.workId)[0] AS workId")
    tracks = [r.data() for r in records if r["artist"]]
    publishers = [p["participantId"] for p in driver().execute_query(
        "MATCH (p:Participant) WHERE 'publisher' IN p.kinds RETURN p.participantId AS participantId").records]
    signed = 0
    t0 = time.perf_counter()
    for track in rng.sample(tracks, max(1, len(tracks) // 10)):
        if not (publishers and track["workId"]):
            continue
        body = AgreementIn().load({
            "type": "publishing_administration", "title": "bench admin deal", "validFrom": "2024-01-01",
            "territories": ["GH"], "parties": [{"participantId": track["artistId"], "role": "writer"},
                                               {"participantId": rng.choice(publishers), "role": "administrator"}],
            "scope": {"works": [track["workId"]]}, "terms": {"collectedRights": ["performance"]}})
        try:
            agreements.record_agreement(body, "bench")
            signed += 1
        except Exception:  # noqa: BLE001  a party that already collects that work: skip it, it is data
            continue
    print(f"  signings: {signed} publishing administration agreements in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    classes = [c for c, n in CLASSES.items() for _ in range(n)]
    made = []
    for i in range(n_stations):
        station_class = classes[i % len(classes)]
        station = stations.create_station({
            "name": f"Bench {station_class} {i:03d}", "stationClass": station_class, "country": "GH",
            "timezone": "Africa/Accra", "streamIds": [f"stream-{i:03d}"], "licenceStatus": "active",
            "licenceNumber": f"NCA-{i:04d}", "licenceValidFrom": dt.date(2024, 1, 1), "licenceValidTo": None,
            "coverage": ["GH"], "currency": "GHS", "fundsPolicy": "credit_limit" if i % 10 == 0 else "reject",
            "creditLimitMicro": to_micro("1000") if i % 10 == 0 else 0}, "bench")
        # most stations pre-fund the quarter; one in twenty runs short (insufficient funds)
        stations.top_up(station["stationId"], to_micro("60000" if i % 20 else "50"), f"q2-{i}", "bench", "bank")
        made.append(station)
    for station_class, rate in RATES.items():
        for band, start, end, mult in (("all_day", None, None, 1), ("peak", "06:00", "10:00", 2)):
            tariffs.create_tariff({"stationClass": station_class, "usageType": "featured", "band": band,
                                   "timeFrom": start, "timeTo": end, "basis": "per_play",
                                   "rateMicro": to_micro(Decimal(rate)) * mult, "currency": "GHS",
                                   "rightSplit": dict(tariffs.DEFAULT_RIGHT_SPLIT), "validFrom": dt.date(2024, 1, 1)},
                                  "bench")
        tariffs.create_tariff({"stationClass": station_class, "usageType": "jingle", "band": "all_day",
                               "timeFrom": None, "timeTo": None, "basis": "per_second", "rateMicro": 10_000,
                               "currency": "GHS", "rightSplit": dict(tariffs.DEFAULT_RIGHT_SPLIT),
                               "validFrom": dt.date(2024, 1, 1)}, "bench")
    print(f"  stations: {n_stations} created and funded, {len(RATES) * 3} tariffs, in {time.perf_counter() - t0:.1f} s")
    return {"tracks": tracks, "stations": made}


def write_logs(rng: random.Random, world: dict, plays: int, workdir: Path) -> list[tuple[str, Path, int]]:
    """One generic CSV per station; (stationId, path, plays)."""
    from importers.playlogs.generic import FIELDS
    tracks, out = world["tracks"], []
    per_station = max(1, plays // len(world["stations"]))
    span = (QUARTER[1] - QUARTER[0]).total_seconds()
    for i, station in enumerate(world["stations"]):
        path = workdir / f"log-{i:03d}.csv"
        start = dt.datetime.combine(QUARTER[0], dt.time(), dt.timezone.utc)
        step = span / per_station
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            for n in range(per_station):
                at = start + dt.timedelta(seconds=int(n * step + rng.random() * step * 0.5))
                track, roll = rng.choice(tracks), rng.random()
                row = {"playedAt": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "station": f"stream-{i:03d}",
                       "playId": f"{i:03d}-{n:07d}", "durationSeconds": rng.randint(150, 300),
                       "confidence": f"{rng.uniform(0.6, 1):.2f}", "title": track["title"], "artist": track["artist"],
                       "isrc": track["isrc"]}
                if roll < 0.12:
                    row["isrc"] = ""
                    row["title"] = misspell(rng, track["title"]) if rng.random() < 0.3 else track["title"]
                elif roll < 0.17:
                    row |= {"isrc": "", "title": f"Unknown Song {rng.randint(1, 10**6)}", "artist": "Foreign Act"}
                elif roll < 0.20:
                    row |= {"isrc": "", "title": "Station ident", "artist": "", "usageType": "jingle",
                            "durationSeconds": rng.randint(5, 30)}
                writer.writerow(row)
        out.append((station["stationId"], path, per_station))
    return out


def checks() -> dict:
    from app.services.db import driver
    q = driver().execute_query
    dup = q("MATCH (e:JournalEntry {kind: 'play_charge'}) WITH e.sourceId AS play, count(*) AS n WHERE n > 1 "
            "RETURN count(play) AS plays").records[0]["plays"]
    charged = q("MATCH (p:PlayLog {chargeStatus: 'charged'}) RETURN count(p) AS n, sum(p.chargedMicro) AS micro").records[0]
    entries = q("MATCH (e:JournalEntry {kind: 'play_charge'}) RETURN count(e) AS n").records[0]["n"]
    unbalanced = q("MATCH (e:JournalEntry)-[p:POSTS]->() WITH e, sum(p.amount) AS s WHERE s <> 0 "
                   "RETURN count(e) AS n").records[0]["n"]
    money = q("MATCH (a:Account {currency: 'GHS'}) WHERE a.kind IN ['pool', 'station', 'deposits'] "
              "RETURN a.kind AS kind, sum(a.balance) AS total").records
    totals = {r["kind"]: r["total"] for r in money}
    statuses = q("MATCH (p:PlayLog) RETURN p.status AS status, p.chargeStatus AS charge, count(*) AS n "
                 "ORDER BY n DESC").records
    return {"duplicate charges": dup, "plays charged": charged["n"], "charge entries": entries,
            "charged GHS": Decimal(charged["micro"] or 0) / 1_000_000, "unbalanced entries": unbalanced,
            "pool + stations + deposits (must be 0)": sum(totals.values()),
            "status mix": {f"{r['status']}/{r['charge']}": r["n"] for r in statuses}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int, default=200)
    ap.add_argument("--plays", type=int, default=200_000, help="plays in the quarter, all stations")
    ap.add_argument("--recordings", type=int, default=5000)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--heap", default="1g")
    ap.add_argument("--pagecache", default="512m")
    args = ap.parse_args()

    server = LocalServer(root=Settings.from_env().neo4j_dir, name="bench-broadcast", bolt_port=BOLT_PORT,
                         http_port=HTTP_PORT, heap=args.heap, pagecache=args.pagecache)
    os.environ.update(NEO4J_URI=server.bolt_uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=server.password)
    workdir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    os.environ["RIGHTSGRAPH_DATA_DIR"] = str(workdir / "data")
    print(f"bench Neo4j: instance 'bench-broadcast' at {server.bolt_uri} (heap {args.heap}, page cache "
          f"{args.pagecache}); data dir {workdir}")
    neo_pid = start_fresh(server)
    if neo_pid is None:
        return 2
    try:
        from app.services import db, playlogs
        from graph.setup import init_schema
        with db.driver().session() as session:  # IN TRANSACTIONS needs an implicit transaction
            # relationships first: a pool or station account of a previous run has 10^5 of them,
            # more than one inner transaction may hold
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
        init_schema(db.driver())
        rng = random.Random(11)
        print("building the world")
        world = build_world(rng, args.recordings, args.stations, workdir)
        t0 = time.perf_counter()
        logs = write_logs(rng, world, args.plays, workdir)
        total = sum(n for _, _, n in logs)
        print(f"  play logs: {total:,} plays in {len(logs)} files, written in {time.perf_counter() - t0:.1f} s")

        queries, timed_run = _query_timer(db.run)
        import app.services as services_pkg
        for name in ("playlogs", "play_attribution", "external_attribution", "fuzzy_pool", "play_routing",
                     "play_charging", "pool", "ledger", "ids", "audit", "quality", "allocation", "mandates", "stations",
                     "tariffs"):
            getattr(services_pkg, name).run = timed_run
        playlogs.BATCH_SIZE = args.batch_size
        print(f"\nimporting {len(logs)} logs (batch {args.batch_size})")
        t0 = time.perf_counter()
        per_import = []
        for i, (station_id, path, n) in enumerate(logs):
            t = time.perf_counter()
            result = playlogs.import_file(path, station_id, "csv", actor="bench")
            per_import.append((n, time.perf_counter() - t, result["charged"]))
            if i % 20 == 0 or i == len(logs) - 1:
                done = sum(x[0] for x in per_import)
                print(f"  {i + 1:>3}/{len(logs)} stations, {done:>9,} plays, {time.perf_counter() - t0:8.1f} s "
                      f"({done / (time.perf_counter() - t0):,.0f} plays/s; last file {n / per_import[-1][1]:,.0f}/s)",
                      flush=True)
        wall = time.perf_counter() - t0

        print(f"\nend to end: {total:,} plays in {wall:.1f} s = {total / wall:,.0f} plays/s "
              f"(intake + attribution + charging + allocation)")
        first, last = per_import[: len(per_import) // 4], per_import[-len(per_import) // 4:]
        print(f"  first quarter of files {sum(n for n, _, _ in first) / sum(s for _, s, _ in first):,.0f} plays/s, "
              f"last quarter {sum(n for n, _, _ in last) / sum(s for _, s, _ in last):,.0f} plays/s (graph growing)")
        grouped = defaultdict(float)
        print(f"\n{'query file':<36} {'calls':>8} {'seconds':>9}")
        for name, (calls, seconds) in sorted(queries.items(), key=lambda kv: -kv[1][1]):
            stage = next((s for s, files in STAGES.items() if name in files), "other")
            grouped[stage] += seconds
            print(f"{name:<36} {calls:>8,} {seconds:>9.1f}")
        in_db = sum(grouped.values())
        print("\nby stage (time inside queries; plays/s if the stage ran alone):")
        for stage, seconds in sorted(grouped.items(), key=lambda kv: -kv[1]):
            print(f"  {stage:<12} {seconds:>8.1f} s  {total / seconds if seconds else 0:>10,.0f} plays/s")
        print(f"  python       {wall - in_db:>8.1f} s  (parse, intake rules, fuzzy scoring, routing arithmetic)")
        print(f"\npeak RSS: python {python_peak_rss_mib():,.0f} MiB; neo4j {proc_status_mib(neo_pid, 'VmHWM') or 0:,.0f} "
              f"MiB (heap {args.heap} + page cache {args.pagecache})")
        print("\nchecks:")
        for key, value in checks().items():
            print(f"  {key}: {value}")
        if total < 2_000_000:
            print(f"\nextrapolated to 2,000,000 plays at the measured {total / wall:,.0f} plays/s: "
                  f"{2_000_000 / (total / wall) / 3600:.1f} h on this machine")
    finally:
        finish(server, str(workdir), args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
