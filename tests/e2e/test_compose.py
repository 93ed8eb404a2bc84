"""docker-compose.yml is accepted by the real Docker Compose v2 (`docker compose config`), which
scripts/compose-check builds once from its Go module: this machine has no Docker engine."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "compose-check"


def _check(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK), *map(str, files)], capture_output=True, text=True, timeout=1200)


@pytest.fixture(scope="module")
def validator_ready():
    done = _check()
    if done.returncode == 2:
        pytest.fail(f"compose validator could not be installed:\n{done.stderr[-3000:]}")
    return done


def test_compose_file_is_valid(validator_ready):
    assert validator_ready.returncode == 0, validator_ready.stderr
    assert "is valid" in validator_ready.stderr + validator_ready.stdout
    text = (ROOT / "docker-compose.yml").read_text()
    for service in ("neo4j:", "redis:", "api:", "worker:", "beat:"):
        assert f"\n  {service}" in text
    assert "neo4j:5.26-community" in text and "gunicorn" in text and text.count("healthcheck:") >= 4


def test_compose_check_rejects_a_broken_file(validator_ready, tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text((ROOT / "docker-compose.yml").read_text().replace("condition: service_healthy",
                                                                        "condition: service_ready", 1))
    done = _check(broken)
    assert done.returncode == 1
    assert "condition" in done.stderr
