#!/usr/bin/env python
"""Money Hub benchmark: does the hub's cost stay flat as an artist's history grows?

    python bench/bench_money_hub.py [--tracks 500] [--months 60] [--requests 200] \
                                    [--load-requests 500] [--concurrency 32] [--workers 4] [--keep]

It runs on the engineer's own local Neo4j instance (``--instance hG``, bolt 7707, http 7807:
set ``--instance/--bolt/--http`` for another), restarted fresh and wiped, with a temporary data
directory. The graph is built through the real pipeline (catalog import, then one DistroKid
statement registered and processed: matching, allocation, journal entries, rollups, alerts):

* a big artist with ``--tracks`` recordings (master 100 %), paid every month for ``--months``
  months by 6 stores — tracks × months × 6 lines;
* a shared track with 100 participants (1 % each of the master), paid every month by every store;
* a one-track artist paid once (one month, one store): the baseline;
* a second ``--tracks`` artist paid for the last month only (6 stores): the same catalog with a
  month of history, to separate what grows with history (nothing should) from what grows with
  the catalog.

Measured in-process with the Flask test client (server latency: routing, auth, queries, JSON;
no network): p50 / p95 of ``GET /api/money/hub/{id}`` for the artists and the ratios 5-year /
one-track (target ≤ 2) and 5-year / one-month of the same catalog size (history alone), and
of the other Money Hub endpoints (track — the 100-participant one as staff —, rights, alerts,
plan, statement).

Then a load run with ApacheBench (``ab``, Debian package apache2-utils) at ``--concurrency``
against ``rightsgraph serve`` (gunicorn, ``--workers``) on a free local port: per endpoint,
requests/s, p50 / p95 / max latency and errors (failed or non-2xx; target none).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from harness import finish, percentile, start_fresh  # noqa: E402

os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402

STORES = ("Spotify", "Apple Music", "YouTube (Ads)", "Amazon Music", "Deezer", "Tidal")
SHARED_OWNERS = 100
PASSWORD = "bench-password-1"


def months(count: int, last: dt.date) -> list[str]:
    """``count`` months ending with ``last``'s, oldest first, as YYYY-MM."""
    out, year, month = [], last.year, last.month
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def build(workdir: Path, tracks: int, periods: list[str]) -> tuple[Path, Path]:
    """The catalog JSON and the DistroKid statement TSV of the bench graph."""
    participants = [{"ref": "big", "kinds": ["artist"], "name": "Big Catalogue"},
                    {"ref": "one", "kinds": ["artist"], "name": "One Track"},
                    {"ref": "short", "kinds": ["artist"], "name": "Short History"}]
    participants += [{"ref": f"co{i}", "kinds": ["artist"], "name": f"Co Owner {i:03d}"} for i in range(SHARED_OWNERS)]
    recordings = [{"ref": f"r{i}", "title": f"Big Song {i:03d}", "isrc": f"QZBIG{i:07d}",
                   "performers": [{"participantRef": "big", "role": "primary"}]} for i in range(tracks)]
    recordings += [{"ref": f"s{i}", "title": f"Short Song {i:03d}", "isrc": f"QZSHT{i:07d}",
                    "performers": [{"participantRef": "short", "role": "primary"}]} for i in range(tracks)]
    recordings += [{"ref": "shared", "title": "Posse Cut", "isrc": "QZSHR0000001",
                    "performers": [{"participantRef": "co0", "role": "primary"}]},
                   {"ref": "single", "title": "Only Song", "isrc": "QZONE0000001",
                    "performers": [{"participantRef": "one", "role": "primary"}]}]
    ownership = [{"participantRef": "big", "assetRef": f"r{i}", "rightType": "master", "share": "100",
                  "validFrom": "2015-01-01"} for i in range(tracks)]
    ownership += [{"participantRef": "short", "assetRef": f"s{i}", "rightType": "master", "share": "100",
                   "validFrom": "2015-01-01"} for i in range(tracks)]
    ownership += [{"participantRef": f"co{i}", "assetRef": "shared", "rightType": "master", "share": "1",
                   "validFrom": "2015-01-01"} for i in range(SHARED_OWNERS)]
    ownership += [{"participantRef": "one", "assetRef": "single", "rightType": "master", "share": "100",
                   "validFrom": "2015-01-01"}]
    catalog = workdir / "catalog.json"
    catalog.write_text(json.dumps({"format": "rightsgraph-catalog/1", "participants": participants, "works": [],
                                   "recordings": recordings, "releases": [], "ownership": ownership}))
    statement = workdir / "statement.tsv"
    header = ["Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
              "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld", "Earnings (USD)"]
    with statement.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\r\n")
        w.writerow(header)
        n = 0
        for period in periods:
            for store in STORES:
                for i in range(tracks):
                    n += 1
                    w.writerow(["2025-11-01", period, store, "Big Catalogue", f"Big Song {i:03d}", f"QZBIG{i:07d}", "",
                                str(100 + n % 900), "100", "Song", "US", "0", f"{(n % 997) / 100 + 0.013:.6f}"])
                w.writerow(["2025-11-01", period, store, "Co Owner 000", "Posse Cut", "QZSHR0000001", "", "500", "100",
                            "Song", "GB", "0", "12.345678"])
        w.writerow(["2025-11-01", periods[-1], "Spotify", "One Track", "Only Song", "QZONE0000001", "", "10", "100",
                    "Song", "US", "0", "1.5"])
        for store in STORES:
            for i in range(tracks):
                w.writerow(["2025-11-01", periods[-1], store, "Short History", f"Short Song {i:03d}", f"QZSHT{i:07d}",
                            "", "100", "100", "Song", "US", "0", "2.5"])
    return catalog, statement



def latency(client, headers: dict, url: str, requests: int) -> tuple[float, float]:
    """(p50, p95) in ms of ``requests`` GETs after 10 warm-up ones; every response must be 200."""
    for _ in range(10):
        assert client.get(url, headers=headers).status_code == 200, url
    samples = []
    for _ in range(requests):
        t0 = time.perf_counter()
        resp = client.get(url, headers=headers)
        samples.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, (url, resp.status_code)
    return statistics.median(samples), percentile(samples, 95)


def interleaved(client, headers: dict, urls: dict[str, str], requests: int) -> dict[str, tuple[float, float]]:
    """``{name: (p50, p95)}`` in ms of ``requests`` GETs of each url taken in turn (round robin,
    after 10 warm-up rounds), so a change of the shared machine's load weighs on all alike: the
    fair basis of a latency ratio."""
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for i in range(requests + 10):
        for name, url in urls.items():
            t0 = time.perf_counter()
            resp = client.get(url, headers=headers)
            if i >= 10:
                samples[name].append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200, (url, resp.status_code)
    return {name: (statistics.median(s), percentile(s, 95)) for name, s in samples.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(f"the API did not listen on port {port}")


def ab(url: str, token: str, requests: int, concurrency: int) -> dict:
    """One ApacheBench run: requests/s, p50/p95/max ms, failed and non-2xx counts."""
    out = subprocess.run(["ab", "-q", "-n", str(requests), "-c", str(concurrency), "-H", f"Authorization: Bearer {token}",
                          url], capture_output=True, text=True, check=True).stdout

    def number(pattern: str, default: float = 0.0) -> float:
        m = re.search(pattern, out, re.M)
        return float(m.group(1)) if m else default
    return {"rps": number(r"^Requests per second:\s+([\d.]+)"), "p50": number(r"^\s+50%\s+(\d+)"),
            "p95": number(r"^\s+95%\s+(\d+)"), "max": number(r"^\s+100%\s+(\d+)"),
            "failed": int(number(r"^Failed requests:\s+(\d+)")), "non2xx": int(number(r"^Non-2xx responses:\s+(\d+)"))}


def wipe(drv) -> None:
    """Empty the graph but its territories, in small transactions: relationships first (an event
    with its ALLOCATED edges is too big for one DETACH DELETE batch in a 1g heap), so the test
    suite's per-test cleanup can run on this instance afterwards."""
    with drv.session() as session:
        session.run("MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS"
                    ).consume()
        session.run("MATCH (n) WHERE NOT n:Territory CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
                    ).consume()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tracks", type=int, default=500)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--requests", type=int, default=200, help="timed requests per endpoint (test client)")
    ap.add_argument("--load-requests", type=int, default=500, help="requests per endpoint in the load run (0: no load run)")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers of the load run")
    ap.add_argument("--instance", default="hG")
    ap.add_argument("--bolt", type=int, default=7707)
    ap.add_argument("--http", type=int, default=7807)
    ap.add_argument("--heap", default="1g")
    ap.add_argument("--keep", action="store_true", help="leave the Neo4j instance running and keep the temp dir")
    args = ap.parse_args()

    server = LocalServer(root=Settings.from_env().neo4j_dir, name=args.instance, bolt_port=args.bolt,
                         http_port=args.http, heap=args.heap)
    os.environ.update(NEO4J_URI=server.bolt_uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=server.password,
                      RIGHTSGRAPH_INSTANCE=args.instance)
    workdir = Path(tempfile.mkdtemp(prefix="rightsgraph-bench-hub-"))
    os.environ["RIGHTSGRAPH_DATA_DIR"] = str(workdir / "data")

    from app import create_app
    from app.services import catalog_import, db, statements
    from app.services.users import create_user
    from graph.setup import init_schema

    print(f"Money Hub bench: {args.tracks} tracks × {args.months} months × {len(STORES)} stores; Neo4j instance "
          f"'{args.instance}' at {server.bolt_uri}; data dir {workdir}")
    if start_fresh(server) is None:
        return 2
    gunicorn = None
    try:
        drv = db.driver()
        wipe(drv)
        init_schema(drv)
        periods = months(args.months, dt.date.today().replace(day=1) - dt.timedelta(days=1))
        catalog, statement_file = build(workdir, args.tracks, periods)
        t0 = time.perf_counter()
        catalog_import.import_catalog(catalog, actor="bench")
        registered, _ = statements.register(statement_file, statement_file.name, "distrokid", actor="bench")
        processed = statements.process(registered["statementId"], actor="bench")
        lines = processed["linesRead"]
        build_s = time.perf_counter() - t0
        ids = {r["ref"]: r["id"] for r in db.read(lambda tx: tx.run(
            "MATCH (p:Participant) WHERE p.externalRef IN ['big', 'one', 'short', 'co0'] "
            "RETURN p.externalRef AS ref, p.participantId AS id").data())}
        shared = db.read(lambda tx: tx.run("MATCH (r:Recording {isrc: 'QZSHR0000001'}) RETURN r.recordingId AS id")
                         .single()["id"])
        counts = db.read(lambda tx: tx.run(
            "MATCH (x) WHERE (x:IncomeRollup OR x:PeriodIncomeRollup OR x:TrackIncomeRollup "
            "OR x:EntryIncomeRollup OR x:RecordingIncomeRollup) AND x.key STARTS WITH $pid + '|' "
            "RETURN labels(x)[0] AS label, count(*) AS n",
            pid=ids["big"]).data())
        print(f"built in {build_s:.0f} s: {lines:,} statement lines ({processed['status']}); rollups of the big "
              f"artist: " + ", ".join(f"{c['label']} {c['n']:,}" for c in sorted(counts, key=lambda c: c["label"])))

        create_user("bench-viewer", PASSWORD, "viewer")
        app = create_app({"TESTING": True})
        client = app.test_client()
        token = client.post("/api/auth/token", json={"username": "bench-viewer", "password": PASSWORD}).get_json()[
            "accessToken"]
        headers = {"Authorization": f"Bearer {token}"}
        period = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m")
        endpoints = {
            "hub (500 tracks, 5 years)": f"/api/money/hub/{ids['big']}",
            "hub (one track, one line)": f"/api/money/hub/{ids['one']}",
            "hub (500 tracks, 1 month)": f"/api/money/hub/{ids['short']}",
            "hub (a 1 % owner of the 100-owner track)": f"/api/money/hub/{ids['co0']}",
            "track (100 participants, staff)": f"/api/money/track/{shared}?participantId={ids['co0']}",
            "track (one of the 500)": f"/api/money/track/REC-000001?participantId={ids['big']}",
            "rights (500 tracks, page of 50)": f"/api/money/rights/{ids['big']}",
            "alerts": f"/api/money/alerts/{ids['big']}",
            "plan": f"/api/account/plan/{ids['big']}",
            "artist statement (JSON, this month)": f"/api/statements/{ids['big']}?period={period}",
        }
        print(f"\nserver latency, Flask test client, {args.requests} requests each (ms):")
        print(f"{'endpoint':<44} {'p50':>8} {'p95':>8}")
        timings = {}
        for name, url in endpoints.items():
            timings[name] = latency(client, headers, url, args.requests)
            print(f"{name:<44} {timings[name][0]:>8.1f} {timings[name][1]:>8.1f}", flush=True)
        ratio_of = ("hub (500 tracks, 5 years)", "hub (one track, one line)", "hub (500 tracks, 1 month)")
        fair = interleaved(client, headers, {name: endpoints[name] for name in ratio_of}, args.requests)
        print(f"\nthe same three hubs again, requests interleaved ({args.requests} rounds), the basis of the ratios:")
        for name in ratio_of:
            print(f"{name:<44} {fair[name][0]:>8.1f} {fair[name][1]:>8.1f}")
        big, one, short = (fair[name] for name in ratio_of)
        print(f"\nhub latency ratio, 500-track 5-year artist / one-track artist: p50 {big[0] / one[0]:.2f}, "
              f"p95 {big[1] / one[1]:.2f} (target <= 2)")
        print(f"hub latency ratio, 500-track 5-year artist / 500-track 1-month artist (history alone): "
              f"p50 {big[0] / short[0]:.2f}, p95 {big[1] / short[1]:.2f}")

        if not args.load_requests:
            return 0
        if shutil.which("ab") is None:
            print("\nload run skipped: ApacheBench (ab) is not installed (apt-get install apache2-utils)")
            return 0
        port = free_port()
        gunicorn = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers",
                                     str(args.workers)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(port)
        print(f"\nload run: ab -c {args.concurrency} -n {args.load_requests} per endpoint against gunicorn "
              f"({args.workers} workers) on 127.0.0.1:{port}")
        print(f"{'endpoint':<44} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'errors':>7}")
        errors = 0
        for name, url in endpoints.items():
            r = ab(f"http://127.0.0.1:{port}{url}", token, args.load_requests, args.concurrency)
            errors += r["failed"] + r["non2xx"]
            print(f"{name:<44} {r['rps']:>8.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} {r['max']:>7.0f} "
                  f"{r['failed'] + r['non2xx']:>7}", flush=True)
        print(f"load run errors: {errors} (target 0)")
        return 0 if errors == 0 else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        if not args.keep:
            wipe(db.driver())
        finish(server, str(workdir), args.keep)


if __name__ == "__main__":
    sys.exit(main())
