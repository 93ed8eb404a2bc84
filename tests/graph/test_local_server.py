"""The project's own Neo4j: running, idempotent start, stale pid files, Browser."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request

from app.services.db import settings
from graph.server.local import LocalServer


def test_start_when_running_is_a_no_op(neo4j_driver):
    server = settings().local_server()
    pid = server.pid()
    assert pid is not None
    assert server.start() is False
    assert server.pid() == pid
    version = neo4j_driver.execute_query("CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition")
    assert version.records[0]["v"].startswith("5.26.")
    assert version.records[0]["edition"] == "community"


def test_browser_answers_on_loopback(neo4j_driver):
    server = settings().local_server()
    with urllib.request.urlopen(server.browser_url, timeout=10) as response:
        assert response.status == 200
        assert b"Neo4j Browser" in response.read()


def test_config_is_loopback_only_with_capped_memory(neo4j_driver):
    conf = (settings().local_server().conf_dir / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.memory.heap.max_size=1g" in conf
    assert "server.memory.pagecache.size=256m" in conf
    assert "dbms.security.auth_enabled=true" in conf


def test_stale_pid_files_are_removed(tmp_path):
    server = LocalServer(root=tmp_path, name="stale")
    server.pid_file.parent.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for stale_pid in (dead.pid, os.getpid()):  # a finished process; a live one that is not Neo4j
        server.pid_file.write_text(f"{stale_pid}\n")
        assert server.pid() is None
        assert not server.pid_file.exists()
    assert server.status()["running"] is False
    assert server.stop() is False
