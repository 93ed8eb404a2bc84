"""What every benchmark does around its measurements: its own local Neo4j instance (never the
demo's 7687 or the test suite's 7688), started in a fresh JVM so its peak RSS covers the run,
wiped and given the schema; a private temporary data directory; and at the end the instance
stopped and the directory removed unless ``--keep``.

    ap = argparse.ArgumentParser(...)
    instance_args(ap, "bench-holds", 7718, 7818)
    args = ap.parse_args()
    with fresh_instance(args, "holds") as bench:   # sets NEO4J_URI & co. before app.services loads
        from app.services import holds
        ...                                        # bench.driver, bench.neo_pid, bench.workdir
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.config import Settings  # noqa: E402
from graph.server.local import LocalServer  # noqa: E402


def proc_status_mib(pid: int | None, field: str) -> float | None:
    """``VmHWM`` (peak RSS) or ``VmRSS`` of a process from /proc, in MiB; None if unavailable."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        return None
    return None


def median_ms(call, repeat: int = 10) -> float:
    """The median wall time of ``repeat`` calls of ``call()``, in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of ``values`` by nearest rank: a value that was measured."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def port_busy(port: int) -> bool:
    """True when something listens on the local TCP ``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_fresh(server: LocalServer) -> int | None:
    """Start the bench instance in a fresh JVM, so its peak RSS (VmHWM) covers this run only:
    a running one is restarted. Returns its pid, or None (after printing why) when another
    program holds its ports."""
    if server.pid() is not None:
        print("bench instance was running: restarting it for clean memory figures")
        server.stop()
    if port_busy(server.bolt_port) or port_busy(server.http_port):
        print(f"error: port {server.bolt_port} or {server.http_port} is used by something else", file=sys.stderr)
        return None
    t0 = time.perf_counter()
    server.start()
    pid = server.pid()
    print(f"started in {time.perf_counter() - t0:.1f} s (pid {pid})")
    return pid


def finish(server: LocalServer, workdir: str | None, keep: bool) -> None:
    """End a bench run: leave the bench Neo4j and its temporary files (``workdir``, if any) with
    ``keep``, else stop the instance and remove them."""
    if keep:
        print(f"\n--keep: bench Neo4j left running at {server.bolt_uri} (browser {server.browser_url})"
              + (f"; files in {workdir}" if workdir else ""))
        return
    server.stop()
    if workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nbench Neo4j stopped" + (", temp dir removed" if workdir else ""))


def instance_args(ap: argparse.ArgumentParser, name: str, bolt: int, http: int, heap: str = "1g",
                  pagecache: str = LocalServer.pagecache) -> None:
    """Add ``--instance --bolt --http --heap --pagecache --keep`` with these defaults."""
    ap.add_argument("--instance", default=name, help="local Neo4j instance name (default %(default)s)")
    ap.add_argument("--bolt", type=int, default=bolt)
    ap.add_argument("--http", type=int, default=http)
    ap.add_argument("--heap", default=heap, help="bench JVM heap (default %(default)s)")
    ap.add_argument("--pagecache", default=pagecache, help="bench page cache (default %(default)s)")
    ap.add_argument("--keep", action="store_true", help="leave the bench Neo4j running and keep the temp dir")


@dataclass
class Bench:
    """A running bench instance: ``server``, its JVM ``neo_pid``, the services' ``driver``, the
    private ``workdir`` (``RIGHTSGRAPH_DATA_DIR`` is ``workdir/data``)."""

    server: LocalServer
    neo_pid: int
    driver: object
    workdir: Path


@contextmanager
def fresh_instance(args: argparse.Namespace, label: str) -> Iterator[Bench]:
    """Point the services at the instance of ``args`` (see ``instance_args``) and a temporary
    data dir, start it fresh, wipe it, install the schema; stop and clean up on exit (unless
    ``args.keep``). Exits the program with status 2 when the instance's ports are taken."""
    server = LocalServer(root=Settings.from_env().neo4j_dir, name=args.instance, bolt_port=args.bolt,
                         http_port=args.http, heap=args.heap, pagecache=args.pagecache)
    os.environ.update(NEO4J_URI=server.bolt_uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=server.password)
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process: the bench measures the services
    workdir = Path(tempfile.mkdtemp(prefix=f"rightsgraph-bench-{label}-"))
    os.environ["RIGHTSGRAPH_DATA_DIR"] = str(workdir / "data")

    from app.services import db
    from graph.setup import init_schema

    assert db.settings().bolt_uri == server.bolt_uri, "services would not use the bench instance"
    print(f"bench Neo4j: instance {args.instance!r} at {server.bolt_uri} (heap {args.heap}, page cache "
          f"{args.pagecache}); data dir {workdir}")
    neo_pid = start_fresh(server)
    if neo_pid is None:
        sys.exit(2)
    try:
        drv = db.driver()
        with drv.session() as session:  # relationships first: a dense node's DETACH DELETE is one huge transaction
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        init_schema(drv)
        yield Bench(server, neo_pid, drv, workdir)
    finally:
        from graph.connection import close_all
        close_all()
        finish(server, str(workdir), args.keep)
