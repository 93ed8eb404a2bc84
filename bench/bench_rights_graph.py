#!/usr/bin/env python
"""Rights-graph endpoint benchmark: ``GET /api/rights/graph/{id}`` for a recording with 100
participants, through the Flask test client (routing, JWT, marshmallow, JSON included).

    python bench/bench_rights_graph.py [--requests 50] [--background 1000] [--keep]

It runs on its OWN local Neo4j instance ``bench-graph`` (``.neo4j/instances/bench-graph``, bolt
7712, http 7812), wiped and given the schema (territories, societies) at the start and stopped at
the end unless ``--keep``; the demo's (7687) and the tests' graphs are never touched.

The graph: one recording with 100 participants — 60 performers (PERFORMS_ON: 1 primary,
5 featured, 54 non-featured; the primary and featured ones also hold neighbouring rights) and 40
master owners spread over 3 time slices (2018, 2021, 2024-07-01 → open) × 3 territory scopes
(WORLD except GH and Europe; Europe (TIS 2EU); Ghana) — its work with 6 writers and 4 publishers
(performance and mechanical, the publishers changing on 2023-01-01), a release containing it, and
``--background`` other recordings owned by the same master owners (so the graph is not only the
subject). Each scenario is timed over ``--requests`` requests after 5 warm-up requests.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from harness import finish, percentile  # noqa: E402

# Before any app import: our own instance, tasks in-process.
os.environ["RIGHTSGRAPH_INSTANCE"] = "bench-graph"
os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402

BOLT_PORT, HTTP_PORT = 7712, 7812
WHOLE = 1_000_000
AS_OF = "2025-01-01"
SLICES = (("2018-01-01", "2021-01-01", "superseded"), ("2021-01-01", "2024-07-01", "superseded"),
          ("2024-07-01", None, "active"))
SCOPES = ((["WORLD"], ["GH", "2EU"]), (["2EU"], []), (["GH"], []))


def pid(n: int) -> str:
    return f"PART-{n:06d}"


def equal_shares(owners: list[str]) -> list[tuple[str, int]]:
    """Shares of WHOLE for ``owners``, equal but for the remainder, which goes to the first."""
    base, rest = divmod(WHOLE, len(owners))
    return [(o, base + (rest if i == 0 else 0)) for i, o in enumerate(owners)]


def slice_rows(asset: str, right: str, shares, valid_from, valid_to, status, territories=("WORLD",),
               excluded=()) -> list[dict]:
    return [{"participantId": p, "assetId": asset, "rightType": right, "share": s, "territories": list(territories),
             "excluded": list(excluded), "validFrom": valid_from, "validTo": valid_to, "status": status}
            for p, s in shares]


def build(drv, background: int) -> dict:
    """Write the benchmark graph (ids are fixed); returns counts of what the subject links."""
    performers = [pid(n) for n in range(1, 61)]
    masters = [pid(n) for n in range(61, 101)]
    writers, publishers = [pid(n) for n in range(101, 107)], [pid(n) for n in range(107, 111)]
    rec, work = "REC-000001", "WRK-000001"
    drv.execute_query("UNWIND $ids AS id CREATE (:Participant {participantId: id, name: 'Participant ' + id, "
                      "kinds: ['artist']})", ids=performers + masters + writers + publishers)
    drv.execute_query(
        "CREATE (w:Work {workId: $work, title: 'Benchmark Song', iswc: 'T-034.524.680-1'}) "
        "CREATE (r:Recording {recordingId: $rec, title: 'Benchmark Song', isrc: 'GHA0C2400001'})-[:RECORDING_OF]->(w) "
        "CREATE (:Release {releaseId: 'REL-000001', title: 'Benchmark Album'})-[:CONTAINS {trackNumber: 1}]->(r)",
        work=work, rec=rec)
    roles = ["primary"] + ["featured"] * 5 + ["non_featured"] * 54
    drv.execute_query("UNWIND $rows AS row MATCH (p:Participant {participantId: row.p}), (r:Recording {recordingId: $rec}) "
                      "CREATE (p)-[:PERFORMS_ON {role: row.role}]->(r)",
                      rows=[{"p": p, "role": role} for p, role in zip(performers, roles)], rec=rec)

    owns = []
    start = 0
    for i, (valid_from, valid_to, status) in enumerate(SLICES):
        for j, (territories, excluded) in enumerate(SCOPES):
            k = 4 + (i + j) % 3
            group = [masters[(start + x) % len(masters)] for x in range(k)]
            start += k
            owns += slice_rows(rec, "master", equal_shares(group), valid_from, valid_to, status, territories, excluded)
    owns += slice_rows(rec, "neighbouring", [(performers[0], 500_000)] + [(p, 100_000) for p in performers[1:6]],
                       "2018-01-01", None, "active")
    half = [(p, s // 2) for p, s in equal_shares(writers)]
    for right in ("performance", "mechanical"):
        owns += slice_rows(work, right, half, "2018-01-01", None, "active")
        owns += slice_rows(work, right, [(p, s // 2) for p, s in equal_shares(publishers[:2])], "2018-01-01",
                           "2023-01-01", "superseded")
        owns += slice_rows(work, right, [(p, s // 2) for p, s in equal_shares(publishers[2:])], "2023-01-01",
                           None, "active")
    bg = [{"participantId": masters[n % len(masters)], "assetId": f"REC-{n + 2:06d}", "rightType": "master",
           "share": WHOLE, "territories": ["WORLD"], "excluded": [], "validFrom": "2018-01-01", "validTo": None,
           "status": "active"} for n in range(background)]
    drv.execute_query("UNWIND $rows AS row CREATE (:Recording {recordingId: row.assetId, title: 'Background ' + row.assetId})",
                      rows=bg)
    drv.execute_query(
        "UNWIND $rows AS s MATCH (p:Participant {participantId: s.participantId}) "
        "CALL (s) { MATCH (a:Recording {recordingId: s.assetId}) RETURN a UNION MATCH (a:Work {workId: s.assetId}) RETURN a } "
        "CREATE (p)-[:OWNS {rightType: s.rightType, role: 'owner', share: s.share, territories: s.territories, "
        "excluded: s.excluded, validFrom: date(s.validFrom), validTo: CASE WHEN s.validTo IS NULL THEN null "
        "ELSE date(s.validTo) END, status: s.status}]->(a)", rows=owns + bg)
    return {"recording": rec, "participants": len(set(performers) | {o["participantId"] for o in owns if o["assetId"] == rec}),
            "owns": len(owns), "background": background}



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--background", type=int, default=1000, help="other recordings in the graph (default %(default)s)")
    ap.add_argument("--keep", action="store_true", help="leave the bench Neo4j running")
    args = ap.parse_args()
    # A fresh graph has no COLLECTS / REGISTERED_WITH… yet: the server's "unknown relationship
    # type" notifications on every request would drown the figures.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

    base = Settings.from_env()
    server = LocalServer(root=base.neo4j_dir, name="bench-graph", bolt_port=BOLT_PORT, http_port=HTTP_PORT)
    os.environ.update({"NEO4J_URI": server.bolt_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": server.password})

    from app import create_app
    from app.services import db, rights
    from app.services.users import create_user
    from graph.connection import close_all
    from graph.setup import init_schema

    assert db.settings().bolt_uri == server.bolt_uri, "services would not use the bench instance"
    t0 = time.perf_counter()
    server.start()
    print(f"rights-graph bench: Neo4j instance 'bench-graph' at {server.bolt_uri} "
          f"(heap {server.heap}, page cache {server.pagecache}), up in {time.perf_counter() - t0:.1f} s")
    try:
        drv = db.driver()
        with drv.session() as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        init_schema(drv)
        t0 = time.perf_counter()
        built = build(drv, args.background)
        print(f"graph: {built['participants']} participants on {built['recording']}, {built['owns']} OWNS slices on "
              f"it and its work, {built['background']} background recordings; built in {time.perf_counter() - t0:.1f} s")

        create_user("bench-viewer", "bench-password-1", "viewer")
        client = create_app({"TESTING": True}).test_client()
        resp = client.post("/api/auth/token", json={"username": "bench-viewer", "password": "bench-password-1"})
        headers = {"Authorization": f"Bearer {resp.get_json()['accessToken']}"}

        scenarios = [("graph, no territory", f"/api/rights/graph/{built['recording']}?asOf={AS_OF}"),
                     ("graph, territory=DE", f"/api/rights/graph/{built['recording']}?asOf={AS_OF}&territory=DE"),
                     ("graph, territory=GH", f"/api/rights/graph/{built['recording']}?asOf={AS_OF}&territory=GH"),
                     ("history, page of 50", f"/api/rights/history/{built['recording']}?pageSize=50")]
        print(f"\n{'scenario':<22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
              f"{'nodes':>6} {'edges':>6} {'rows':>5} {'KiB':>7}")
        print("-" * 86)
        for name, url in scenarios:
            for _ in range(5):
                client.get(url, headers=headers)
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                resp = client.get(url, headers=headers)
                times.append((time.perf_counter() - t) * 1000)
                assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
            data = resp.get_json()
            nodes, edges, rows = ((len(data["nodes"]), len(data["edges"]), len(data["effectiveSplits"]))
                                  if isinstance(data, dict) else ("", "", len(data)))
            print(f"{name:<22} {args.requests:>8} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f} "
                  f"{max(times):>8.1f} {nodes:>6} {edges:>6} {rows:>5} {len(resp.data) / 1024:>7.1f}")

        # Where the time goes: the service call alone (Cypher + owners_at + Python), no HTTP.
        for territory in (None, "DE"):
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                rights.graph_view(built["recording"], dt.date.fromisoformat(AS_OF), territory)
                times.append((time.perf_counter() - t) * 1000)
            print(f"  service graph_view (territory={territory}): p50 {statistics.median(times):.1f} ms, "
                  f"p95 {percentile(times, 95):.1f} ms")
        # Other processes on the machine skew the tail: say how busy it was.
        print(f"  machine: {os.cpu_count()} CPUs, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} "
              "(1 / 5 / 15 min)")
    finally:
        close_all()
        finish(server, None, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
