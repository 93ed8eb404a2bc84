#!/usr/bin/env python
"""Attribution of plays to partners' repertoire (issue 7 "Measure"): ``--plays`` plays against
``--works`` external works (a ``--recording-share`` of them with a recording and its ISRC),
through the real ``play_attribution.Attributor`` in batches, on a real Neo4j.

    python bench/bench_attribution.py [--works 1000000] [--plays 1000000] [--recording-share 0.6]
                                      [--batch-size 5000] [--budget SECONDS] [--cache-dir bench/out/attribution]
                                      [--instance bench-attribution] [--bolt 7714] [--http 7814]
                                      [--heap 1g] [--pagecache 512m] [--keep]

The repertoire (fixed seed) is one partner society (ASCAP) and its works — title from three
word lists, an ISWC, one or two writers (CLAIMS) from a pool of names — of which the first
``--recording-share`` have a recording (ISRC, one primary performer). It is loaded with batch
UNWIND queries (``LOAD``, 20 000 rows a transaction) into the bench's OWN instance, then the
store is snapshotted under ``--cache-dir`` and restored on the next run with the same size.

The plays are a realistic mix: 60 % carry the ISRC of a repertoire recording; 10 % only the
ISWC of a work (title unknown to us); 20 % only title + artist — half a recording's title and
performer with a typo or a case change, half a recording-less work's title and its writer
(fuzzy); 10 % tracks nobody knows. Each batch creates its PlayLog nodes and attributes them
in one write transaction; only ``Attributor.attribute`` is timed ("attribution"), and inside it
the two fuzzy pools ("fuzzy": local catalog + partners' repertoire).

Printed: load time (or restore), plays attributed, by method, the ISRC hit rate (plays with an
ISRC attributed by it) and the accuracy of each kind against the play's known source, plays/s
of the attribution, fuzzy throughput (plays sent to fuzzy matching per second of fuzzy time),
and the peak RSS of Python and of the Neo4j JVM. ``--budget`` stops after that many seconds of
attribution and extrapolates to all ``--plays``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from harness import finish, instance_args, proc_status_mib, start_fresh  # noqa: E402

os.environ.pop("CELERY_BROKER_URL", None)

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402

SEED = 11
CHUNK = 20_000
ADJECTIVES = ("Golden Silver Broken Hidden Electric Midnight Velvet Crimson Endless Lonely Wild Quiet Burning Frozen "
              "Restless Sacred Silent Neon Hollow Gentle Bitter Sweet Distant Fading Rising Falling Shining Wandering "
              "Secret Lost Brave Tender Savage Mellow Dusty Lucky Misty Stormy Sunny Rainy Crystal Paper Glass Iron "
              "Stone Copper Amber Scarlet Indigo Violet Emerald Ivory Ebony Blue Green Black White Purple Orange "
              "Yellow Northern Southern Eastern Western Ancient Modern Final First Last Little Big Heavy Light Empty "
              "Open Closed Hungry Holy Wicked Gilded Rusty Painted Faded Ragged Humble Proud Sleepy Wakeful Tired "
              "Lazy Busy Happy Sad Angry Calm Free Young Old").split()
NOUNS = ("Heart River Highway Train Moon Sun City Night Morning Fire Rain Dream Road Ocean Mountain Valley Window "
         "Garden Shadow Mirror Letter Song Dance Storm Summer Winter Autumn Spring Harbor Island Desert Forest "
         "Station Bridge Tower Castle Kingdom Angel Ghost Stranger Lover Sailor Soldier Rider Drifter Preacher "
         "Gambler Dancer Singer Poet Thief Queen King Prince Child Mother Father Sister Brother Friend Enemy Echo "
         "Silence Thunder Lightning Horizon Compass Anchor Feather Arrow Candle Lantern Diamond Pearl Rose Lily "
         "Willow Oak Pine Cedar Meadow Canyon Prairie Harvest Frontier Border Circle Spiral Signal Radio Engine "
         "Machine Carnival Circus Parade").split()
ENDINGS = ("Blues Ballad Lullaby Anthem Serenade Waltz Shuffle Boogie Rhapsody Requiem Hymn Overture Reverie "
           "Stomp Groove Jam Rag Chant Prayer Promise Goodbye Hello Tonight Forever Again Alone Together Away Home "
           "Tomorrow Yesterday Someday Anyway Inside Outside Above Below Beyond Within Calling Falling Rolling "
           "Running Burning Turning Waiting Fading Shining Dreaming Singing Dancing Crying Laughing Breathing "
           "Drifting Floating Flying Sinking Rising Healing Leaving Coming Going Staying Shaking Breaking Holding "
           "Letting Finding Losing Keeping Giving Taking Living Loving Hoping Praying Fighting Searching Wishing "
           "Wondering Waking Sleeping Remembering Forgetting Believing Becoming Returning Echoing").split()
FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan "
         "Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald "
         "Sandra Steven Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Dorothy Brian Carol "
         "George Amanda Edward Melissa Ronald Deborah Timothy Stephanie Jason Rebecca Jeffrey Sharon Ryan Laura "
         "Jacob Cynthia Gary Kathleen Nicholas Amy Eric Shirley Jonathan Angela Stephen Helen Larry Anna Justin "
         "Brenda Scott Pamela Brandon Nicole Benjamin Emma Samuel Samantha Gregory Katherine Frank Christine "
         "Alexander Debra Raymond Rachel Patrick Catherine Jack Carolyn Dennis Janet Jerry Ruth").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
        "Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins "
        "Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly "
        "Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
        "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster").split()

TITLES = len(ADJECTIVES) * len(NOUNS) * len(ENDINGS) * (len(NOUNS) + 1)
LOAD = {
    "works": """
        MATCH (s:Society {code: 'ASCAP'})
        UNWIND $rows AS w
        CREATE (x:Work {workId: w.workId, title: w.title, iswc: w.iswc})-[:IN_REPERTOIRE_OF {importId: 'RPI-bench',
                lastImportId: 'RPI-bench', since: datetime(), updatedAt: datetime()}]->(s)
        WITH x, w UNWIND w.writers AS pid
        MATCH (p:Participant {participantId: pid})
        CREATE (p)-[:CLAIMS {role: 'CA', prShare: 1000000 / size(w.writers), mrShare: 0, srShare: 0,
                             partnerCode: 'ASCAP', importId: 'RPI-bench'}]->(x)""",
    "recordings": """
        MATCH (s:Society {code: 'ASCAP'})
        UNWIND $rows AS r
        MATCH (w:Work {workId: r.workId})
        MATCH (p:Participant {participantId: r.performer})
        CREATE (x:Recording {recordingId: r.recordingId, title: r.title, isrc: r.isrc})-[:RECORDING_OF]->(w)
        CREATE (x)-[:IN_REPERTOIRE_OF {importId: 'RPI-bench', lastImportId: 'RPI-bench', since: datetime(),
                                       updatedAt: datetime()}]->(s)
        CREATE (p)-[:PERFORMS_ON {role: 'primary'}]->(x)""",
    "participants": """
        UNWIND $rows AS p
        CREATE (:Participant {participantId: p.participantId, name: p.name, kinds: p.kinds})""",
}


def _iswc(i: int) -> str:
    from importers.identifiers import iswc_check_digit
    nine = f"{i:09d}"
    return f"T-{nine[:3]}.{nine[3:6]}.{nine[6:]}-{iswc_check_digit(nine)}"


def _isrc(i: int) -> str:
    return f"QZB{i // 100_000:02d}24{i % 100_000:05d}"


def _title(i: int) -> str:
    """The i-th title: "<adjective> <noun> <ending>", or "… of <noun>" (8 M distinct)."""
    a, b, c = len(ADJECTIVES), len(NOUNS), len(ENDINGS)
    k = (i * 7_919) % TITLES  # a bijection on the title space (7919 is prime to its size)
    title = f"{ADJECTIVES[k % a]} {NOUNS[(k // a) % b]} {ENDINGS[(k // (a * b)) % c]}"
    return title if k < a * b * c else f"{title} of {NOUNS[k // (a * b * c) - 1]}"


class Repertoire:
    """The generated repertoire, by index: names, works' titles and writers, recordings."""

    def __init__(self, works: int, share: float):
        rng = random.Random(SEED)
        self.names = [f"{f} {last}" for f in FIRST for last in LAST]
        rng.shuffle(self.names)
        self.works = works
        self.recorded = int(works * share)
        self.writers = [[rng.randrange(len(self.names)) for _ in range(rng.choice((1, 1, 2)))] for _ in range(works)]
        self.performer = [rng.randrange(len(self.names)) for _ in range(self.recorded)]
        assert TITLES >= works, "title space too small"

    def load(self, driver) -> float:
        t0 = time.perf_counter()
        with driver.session() as session:
            session.run("MERGE (s:Society {code: 'ASCAP'}) SET s:Participant:Publisher, s.participantId = 'PART-ASCAP',"
                        " s.name = 'ASCAP', s.kinds = ['publisher']").consume()
            people = [{"participantId": f"PART-N{i:06d}", "name": n, "kinds": ["writer", "artist"]}
                      for i, n in enumerate(self.names)]
            session.execute_write(lambda tx: tx.run(LOAD["participants"], rows=people).consume())
            for start in range(0, self.works, CHUNK):
                rows = [{"workId": f"WRK-B{i:07d}", "title": _title(i), "iswc": _iswc(i),
                         "writers": [f"PART-N{w:06d}" for w in self.writers[i]]}
                        for i in range(start, min(start + CHUNK, self.works))]
                session.execute_write(lambda tx: tx.run(LOAD["works"], rows=rows).consume())
            for start in range(0, self.recorded, CHUNK):
                rows = [{"recordingId": f"REC-B{i:07d}", "workId": f"WRK-B{i:07d}", "title": _title(i),
                         "isrc": _isrc(i), "performer": f"PART-N{self.performer[i]:06d}"}
                        for i in range(start, min(start + CHUNK, self.recorded))]
                session.execute_write(lambda tx: tx.run(LOAD["recordings"], rows=rows).consume())
                print(f"  loaded {start + len(rows):,} recordings", flush=True)
        return time.perf_counter() - t0

    def plays(self, count: int):
        """``(play, kind, expected id)`` — kind isrc | iswc | fuzzy_recording | fuzzy_work | unknown."""
        rng = random.Random(SEED + 1)
        for n in range(count):
            base = {"playId": f"PLY-B{n:07d}", "isrc": None, "iswc": None, "detectionConfidence": None}
            roll = rng.random()
            if roll < 0.60:
                i = rng.randrange(self.recorded)
                yield base | {"title": _title(i), "artist": self.names[self.performer[i]],
                              "isrc": _isrc(i)}, "isrc", f"REC-B{i:07d}"
            elif roll < 0.70:
                i = rng.randrange(self.works)
                yield base | {"title": f"Track {n}", "artist": "Unknown", "iswc": _iswc(i)}, "iswc", f"WRK-B{i:07d}"
            elif roll < 0.80:
                i = rng.randrange(self.recorded)
                title = _title(i)
                title = title.upper() if rng.random() < 0.5 else title[:-1]  # a case change or a typo
                yield base | {"title": title, "artist": self.names[self.performer[i]]}, "fuzzy_recording", \
                    f"REC-B{i:07d}"
            elif roll < 0.90 and self.recorded < self.works:
                i = rng.randrange(self.recorded, self.works)
                yield base | {"title": _title(i), "artist": self.names[self.writers[i][0]]}, "fuzzy_work", \
                    f"WRK-B{i:07d}"
            else:
                yield base | {"title": f"Zzyzx Quonk {n}", "artist": f"Xq Vorbl {n % 977}"}, "unknown", None


def prepare(server: LocalServer, rep: Repertoire, cache: Path) -> tuple[int, dict]:
    """Start the instance with the repertoire: restored from ``cache`` or loaded and snapshotted."""
    from app.services.db import driver
    from graph.connection import close_all
    from graph.setup import init_schema

    snapshot, meta = cache / "data", cache / "meta.json"
    if snapshot.exists() and meta.exists():
        server.stop()
        shutil.rmtree(server.instance / "data", ignore_errors=True)
        shutil.copytree(snapshot, server.instance / "data")
        pid = start_fresh(server) or sys.exit(2)
        return pid, json.loads(meta.read_text()) | {"restored": True}
    pid = start_fresh(server) or sys.exit(2)
    with driver().session() as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    init_schema(driver())
    load_s = rep.load(driver())
    close_all()
    server.stop()
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    shutil.copytree(server.instance / "data", snapshot)
    meta.write_text(json.dumps({"load_s": load_s}))
    return start_fresh(server) or sys.exit(2), {"load_s": load_s, "restored": False}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=1_000_000)
    ap.add_argument("--plays", type=int, default=1_000_000)
    ap.add_argument("--recording-share", type=float, default=0.6)
    ap.add_argument("--batch-size", type=int, default=5_000)
    ap.add_argument("--budget", type=float, default=None, help="stop attributing after this many seconds")
    ap.add_argument("--cache-dir", default=str(REPO / "bench" / "out" / "attribution"))
    instance_args(ap, "bench-attribution", 7714, 7814, heap="1g", pagecache="512m")
    args = ap.parse_args()

    server = LocalServer(root=Settings.from_env().neo4j_dir, name=args.instance, bolt_port=args.bolt,
                         http_port=args.http, heap=args.heap, pagecache=args.pagecache)
    os.environ.update(NEO4J_URI=server.bolt_uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=server.password)
    workdir = tempfile.mkdtemp(prefix="rightsgraph-bench-attribution-")
    os.environ["RIGHTSGRAPH_DATA_DIR"] = str(Path(workdir) / "data")
    from app.services import play_attribution
    from app.services.db import write

    rep = Repertoire(args.works, args.recording_share)
    cache = Path(args.cache_dir) / f"w{args.works}-r{args.recording_share}-s{SEED}"
    print(f"bench Neo4j {args.instance!r} at {server.bolt_uri} (heap {args.heap}, page cache {args.pagecache}); "
          f"{args.works:,} external works, {rep.recorded:,} with a recording", flush=True)
    try:
        neo_pid, prep = prepare(server, rep, cache)
        print(f"repertoire {'restored from ' + str(cache) if prep['restored'] else 'loaded and snapshotted'} "
              f"(load {prep['load_s']:.1f} s)", flush=True)

        fuzzy = {"local": {"s": 0.0, "plays": 0}, "external": {"s": 0.0, "plays": 0}}

        def timed(pool, tally):
            real = pool.match

            def match(tx, queries):
                t0 = time.perf_counter()
                try:
                    return real(tx, queries)
                finally:
                    tally["s"] += time.perf_counter() - t0
                    tally["plays"] += len(queries)
            pool.match = match

        attributor = play_attribution.Attributor()
        timed(attributor.fuzzy, fuzzy["local"])
        timed(attributor.external.fuzzy, fuzzy["external"])
        methods, hits, kinds, attributed, spent, first = Counter(), Counter(), Counter(), 0, 0.0, None
        plays = rep.plays(args.plays)

        def batch_tx(tx, batch):
            tx.run("UNWIND $rows AS r CREATE (:PlayLog {playId: r.playId, sourceKey: r.playId, stationId: 'STN-B',"
                   " title: r.title, artist: r.artist, isrc: r.isrc, iswc: r.iswc, status: 'unattributed',"
                   " chargeStatus: 'pending', playedAt: datetime()})", rows=[p for p, _, _ in batch]).consume()
            t0 = time.perf_counter()
            rows = attributor.attribute(tx, [p for p, _, _ in batch], "bench")
            return rows, time.perf_counter() - t0

        while args.budget is None or spent < args.budget:
            batch = [x for _, x in zip(range(args.batch_size), plays)]
            if not batch:
                break
            rows, seconds = write(batch_tx, batch)
            spent += seconds
            first = first or (seconds, dict(fuzzy["external"]))
            attributed += len(batch)
            for (play, kind, expected), row in zip(batch, rows):
                got = row["recordingId"] or row["workId"] or row["candidateRecordingId"] or row["candidateWorkId"]
                methods[row["method"]] += 1
                kinds[kind] += 1
                hits[kind] += (got == expected) if expected else (row["method"] == "none")
            print(f"  {attributed:>9,} plays  {attributed / spent:>8,.0f} plays/s  external fuzzy "
                  f"{fuzzy['external']['plays']:,} in {fuzzy['external']['s']:.1f} s", flush=True)

        print(f"\nattributed {attributed:,} of {args.plays:,} plays against {args.works:,} external works "
              f"({rep.recorded:,} recordings) in {spent:.1f} s: {attributed / spent:,.0f} plays/s")
        steady = (attributed - args.batch_size) / (spent - first[0]) if attributed > args.batch_size else None
        print(f"  first batch {first[0]:.1f} s (the external candidates read and prepared: "
              f"{first[1]['s']:.1f} s); after it {steady or 0:,.0f} plays/s")
        if attributed < args.plays and steady:
            whole = first[0] + (args.plays - args.batch_size) / steady
            print(f"  extrapolated to {args.plays:,} plays: {whole:,.0f} s")
        print("  by method: " + ", ".join(f"{m} {n:,}" for m, n in methods.most_common()))
        print(f"  ISRC hit rate: {hits['isrc'] / max(kinds['isrc'], 1):.2%} of {kinds['isrc']:,} plays with an ISRC "
              f"({kinds['isrc'] / attributed:.1%} of plays)")
        for kind in ("iswc", "fuzzy_recording", "fuzzy_work", "unknown"):
            print(f"  {kind:<16} right: {hits[kind] / max(kinds[kind], 1):.2%} of {kinds[kind]:,}")
        for name, tally in fuzzy.items():
            print(f"  fuzzy, {name} pool: {tally['plays']:,} plays in {tally['s']:.1f} s = "
                  f"{tally['plays'] / max(tally['s'], 1e-9):,.0f} plays/s (candidates read, prepared and scored)")
        later = {k: fuzzy["external"][k] - first[1][k] for k in ("s", "plays")}
        if later["s"] > 0:
            print(f"  fuzzy, external pool after the first batch: {later['plays']:,} plays in {later['s']:.1f} s = "
                  f"{later['plays'] / later['s']:,.0f} plays/s (scoring only)")
        print(f"  external candidates prepared: {len(attributor.external.fuzzy.index.candidates):,}")
        print(f"  peak RSS: python {python_peak():.0f} MiB, neo4j {proc_status_mib(neo_pid, 'VmHWM') or 0:.0f} MiB")
    finally:
        from graph.connection import close_all
        close_all()
        finish(server, workdir, args.keep)


def python_peak() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
