"""A local Neo4j Community server assembled from Maven Central jars.

No tarball of Neo4j 5.x is published on Maven Central, so the server is the runtime classpath of
``org.neo4j:neo4j`` + ``org.neo4j.app:neo4j-server`` + ``org.neo4j.client:neo4j-browser``
(``pom.xml`` beside this module), copied once into ``<root>/home/lib`` by Maven's
``dependency:copy-dependencies``. It is started and stopped by Neo4j's own bootloader
(``org.neo4j.server.startup.Neo4jCommand``, what ``bin/neo4j`` runs), so the pid file, the
daemon fork and the graceful stop are Neo4j's, not ours.

Layout under ``root`` (git-ignored)::

    home/lib/*.jar              shared by every instance; ``home/lib/.complete`` marks a full fetch
    instances/<name>/conf/neo4j.conf
    instances/<name>/{data,logs,run,import,plugins}

Several instances (``default`` for the demo, ``test`` for the suite) share the jars and differ
in ports and data.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

POM = Path(__file__).with_name("pom.xml")
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
BOOTLOADER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"
SERVER_MAIN = "org.neo4j.server.CommunityEntryPoint"

# The 5.x shipped neo4j.conf JVM list (minus AlwaysPreTouch, which commits the whole heap at start).
JVM_ADDITIONAL = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)


class ServerError(RuntimeError):
    """A local Neo4j could not be fetched, configured, started or stopped; the message says why
    and, where there is one, quotes the tail of the server log."""


@dataclass(frozen=True)
class LocalServer:
    """One local Neo4j instance.

    ``root`` holds the jars and the instances; ``name`` picks the instance folder;
    ``bolt_port``/``http_port`` are bound on 127.0.0.1 only; ``heap``/``pagecache`` are JVM
    size strings (``512m``) that cap memory on a shared machine.
    """

    root: Path
    name: str = "default"
    bolt_port: int = 7687
    http_port: int = 7474
    password: str = "rightsgraph-dev"
    heap: str = "1g"  # a 10k-recording catalog imports in one transaction of ~450 MiB (bench/)
    pagecache: str = "256m"
    startup_timeout_s: float = 180.0

    @property
    def home(self) -> Path:
        """The Neo4j distribution (conf, lib, plugins) shared by the instances."""
        return self.root / "home"

    @property
    def lib(self) -> Path:
        """The Maven Central jars of the distribution."""
        return self.home / "lib"

    @property
    def instance(self) -> Path:
        """This instance's directory (conf, data, logs, run)."""
        return self.root / "instances" / self.name

    @property
    def conf_dir(self) -> Path:
        """This instance's neo4j.conf directory."""
        return self.instance / "conf"

    @property
    def pid_file(self) -> Path:
        """The running server's pid, written at start."""
        return self.instance / "run" / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        """The server's neo4j.log."""
        return self.instance / "logs" / "neo4j.log"

    @property
    def bolt_uri(self) -> str:
        """Bolt://127.0.0.1:<bolt port>."""
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        """Neo4j Browser of this instance."""
        return f"http://127.0.0.1:{self.http_port}/browser/"

    # -- fetch -----------------------------------------------------------------------------

    def fetch(self) -> bool:
        """Copy the Neo4j runtime jars from Maven Central into ``home/lib`` unless already there.

        Returns True when it downloaded, False when the cache was complete.
        Raises ServerError when Maven is missing or the resolution fails.
        """
        marker = self.lib / ".complete"
        if marker.exists() and marker.read_text() == POM.read_text():
            return False
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ServerError("Maven (mvn) is not on PATH; it is needed once to fetch Neo4j from Maven Central")
        staging = self.home / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [mvn, "-B", "-q", "-f", str(POM), DEPENDENCY_PLUGIN,
               "-DincludeScope=runtime", f"-DoutputDirectory={staging}"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise ServerError(f"fetching Neo4j jars failed ({' '.join(cmd)}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        shutil.rmtree(self.lib, ignore_errors=True)
        staging.rename(self.lib)
        marker.write_text(POM.read_text())
        return True

    # -- configure ---------------------------------------------------------------------------

    def configure(self) -> Path:
        """Write ``neo4j.conf`` for this instance: loopback only, capped memory, no usage reports.

        Rewritten on every start so a changed port or memory cap takes effect. Returns its path.
        """
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.instance / sub).mkdir(parents=True, exist_ok=True)
        d = self.instance
        settings = {
            "server.directories.lib": self.lib,
            "server.directories.data": d / "data",
            "server.directories.logs": d / "logs",
            "server.directories.run": d / "run",
            "server.directories.import": d / "import",
            "server.directories.plugins": d / "plugins",
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.enabled": "true",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        lines = [f"{k}={v}" for k, v in settings.items()]
        lines += [f"server.jvm.additional={opt}" for opt in JVM_ADDITIONAL]
        path = self.conf_dir / "neo4j.conf"
        path.write_text("# written by rightsgraph (graph/server/local.py); edits are overwritten\n" + "\n".join(lines) + "\n")
        return path

    # -- process control ---------------------------------------------------------------------

    def _java(self, main: str, *args: str) -> subprocess.CompletedProcess:
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else shutil.which("java")
        if not java:
            raise ServerError("java is not on PATH; Neo4j 5.26 needs a Java 17 or 21 runtime")
        env = dict(os.environ, NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.conf_dir))
        env.pop("JAVA_OPTS", None)  # the bootloader would use it instead of server.jvm.additional
        cmd = [java, "-Xms16m", "-Xmx128m", "-XX:+UseSerialGC", "-cp", f"{self.lib}/*",
               f"-Dbasedir={self.home}", main, *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)

    def pid(self) -> int | None:
        """The pid of this instance's running server, or None. A pid file whose process is gone
        or is not a Neo4j server (the pid was reused) is stale: it is removed and None returned."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError):
            cmdline = ""
        if SERVER_MAIN not in cmdline or str(self.conf_dir) not in cmdline:
            self.pid_file.unlink(missing_ok=True)
            return None
        return pid

    def start(self, wait: bool = True) -> bool:
        """Fetch if needed, configure, set the password on first start, start, wait for Bolt.

        Idempotent: returns False (and does nothing) when the instance is already running,
        True when it started it. Raises ServerError with the log tail if it does not come up.
        """
        if self.pid() is not None:
            if wait:
                self.wait_ready()
            return False
        self.fetch()
        self.configure()
        if not (self.instance / "data" / "databases" / "system").exists():
            done = self._java(ADMIN, "dbms", "set-initial-password", self.password)
            if done.returncode != 0:
                raise ServerError(f"set-initial-password failed: {done.stdout}{done.stderr}")
        done = self._java(BOOTLOADER, "start")
        if done.returncode != 0:
            raise ServerError(f"neo4j start failed: {done.stdout}{done.stderr}\n{self.log_tail()}")
        if wait:
            self.wait_ready()
        return True

    def wait_ready(self) -> None:
        """Block until Bolt accepts our credentials. Raises ServerError after the timeout or if
        the server process dies meanwhile."""
        deadline = time.monotonic() + self.startup_timeout_s
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                with GraphDatabase.driver(self.bolt_uri, auth=("neo4j", self.password)) as driver:
                    driver.verify_connectivity()
                return
            except AuthError as exc:
                raise ServerError(f"Neo4j at {self.bolt_uri} rejected the configured password: {exc}") from exc
            except (ServiceUnavailable, OSError) as exc:
                last = exc
            if self.pid() is None:
                raise ServerError(f"Neo4j exited during start-up.\n{self.log_tail()}")
            time.sleep(0.5)
        raise ServerError(f"Neo4j not ready on {self.bolt_uri} after {self.startup_timeout_s:.0f}s ({last}).\n{self.log_tail()}")

    def stop(self) -> bool:
        """Stop gracefully through the bootloader; returns False if it was not running.
        Raises ServerError if the bootloader fails and the process survives a SIGTERM."""
        pid = self.pid()
        if pid is None:
            return False
        done = self._java(BOOTLOADER, "stop")
        if done.returncode != 0 and self.pid() is not None:
            os.kill(pid, signal.SIGTERM)
            for _ in range(120):
                if self.pid() is None:
                    break
                time.sleep(0.5)
            else:
                raise ServerError(f"neo4j stop failed: {done.stdout}{done.stderr}")
        return True

    def status(self) -> dict:
        """``{instance, running, pid, bolt, browser, fetched}`` for display and scripting."""
        pid = self.pid()
        return {"instance": self.name, "running": pid is not None, "pid": pid, "bolt": self.bolt_uri,
                "browser": self.browser_url, "fetched": (self.lib / ".complete").exists()}

    def log_tail(self, lines: int = 30) -> str:
        """The last ``lines`` lines of neo4j.log (what a failed start shows)."""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no neo4j.log yet)"
