"""``rightsgraph repertoire import`` and ``repertoire sync`` through click, on the real Neo4j."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.services import partners

WORKS_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "ascap_works_sample.csv"


@pytest.fixture
def ascap(graph):
    return partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US", "reportingStandard": "CWR",
                                    "defaultAdminFeePercent": "10"}, "test")


def _run(*args):
    return CliRunner().invoke(main, ["repertoire", *args])


def test_import_json_dry_run_and_again(ascap, graph):
    dry = _run("import", str(WORKS_CSV), "--partner", "ASCAP", "--format", "csv", "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["importId"] is None and json.loads(dry.output)["log"]["created"]["works"] == 10
    done = _run("import", str(WORKS_CSV), "--partner", "ASCAP", "--format", "csv", "--json")
    first = json.loads(done.output)
    assert done.exit_code == 0 and first["status"] == "done" and first["log"]["created"]["works"] == 10
    table = _run("import", str(WORKS_CSV), "--partner", "ascap", "--format", "csv")
    assert table.exit_code == 0 and first["importId"] in table.output and "imported before" in table.output
    assert "works" in table.output and "10" in table.output


def test_errors_only_and_unknown_partner_exit_1(ascap, tmp_path):
    bad = tmp_path / "bad.csv"
    lines = WORKS_CSV.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], lines[1].replace("Midnight in Accra", "")]) + "\n", encoding="utf-8")
    result = _run("import", str(bad), "--partner", "ASCAP", "--format", "csv")
    assert result.exit_code == 1 and "error line 2" in result.output
    unknown = _run("import", str(WORKS_CSV), "--partner", "NOPE", "--format", "csv")
    assert unknown.exit_code == 1 and "unknown partner NOPE" in unknown.output


def test_sync(ascap, tmp_path, monkeypatch):
    monkeypatch.setenv("RIGHTSGRAPH_REPERTOIRE_DROP_DIR", str(tmp_path))
    (tmp_path / "ASCAP").mkdir()
    shutil.copy(WORKS_CSV, tmp_path / "ASCAP" / "works.csv")
    first = _run("sync")
    assert first.exit_code == 0 and "ASCAP/works.csv: RPI-" in first.output and "done" in first.output
    assert _run("sync").output.strip() == "no new file"
