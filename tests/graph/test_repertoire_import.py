"""Repertoire import (issue 7 item 2) on the real Neo4j: the CSV fixtures, real CWR and DDEX
ERN samples, idempotency, updates, dry run, fuzzy fallback, conflicts, failure, drop folder."""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from app.services import partners, reciprocal_agreements, validation
from app.services import repertoire_import as ri
from app.services.catalog import UnknownEntity
from app.services.entities import InvalidInput
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork
from tests.fixtures_paths import REAL
from tests.graph.helpers import graph_counts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WORKS_CSV = FIXTURES / "ascap_works_sample.csv"
RECORDINGS_CSV = FIXTURES / "ascap_recordings_sample.csv"


def _partner(code="ASCAP", country="US"):
    return partners.create_partner({"code": code, "name": f"{code} society", "country": country,
                                    "reportingStandard": "CWR", "defaultAdminFeePercent": "10"}, "test")


@pytest.fixture
def ascap(graph):
    return _partner()


def _one(driver, query, **params):
    with driver.session() as session:
        return session.run(query, **params).data()


def _writer(name, ipi=None, share="50", role="CA"):
    return RepertoireParty(kind="writer", name=name, role=role, ipi=ipi, pr_share=Decimal(share))


def _work(line, title, writers=(), iswc=None, ref=None, **kw):
    return RepertoireWork(line=line, title=title, iswc=iswc, ref=ref, writers=tuple(writers), **kw)


def _import(records, code="ASCAP", tmp_path=None):
    """Import built records through the inner entry point under a registered import."""
    marker = tmp_path / f"records-{len(list(tmp_path.iterdir()))}.txt"
    marker.write_text(repr(records))
    found, runnable = ri.register(marker, code, "csv", "test")
    assert runnable
    return ri.import_records(iter(records), code, found["importId"], "test"), found["importId"]


def test_csv_works_and_recordings(ascap, graph):
    works = ri.import_repertoire(WORKS_CSV, "ASCAP", "csv", "ops-user")
    assert works["status"] == "done" and works["new"] and works["importId"].startswith("RPI-")
    log = works["log"]
    assert (log["works"], log["writers"], log["publishers"]) == (10, 9, 6)
    assert log["created"]["works"] == 10 and log["created"]["writers"] == 9 and log["created"]["publishers"] == 6
    assert log["errors"] == [] and log["conflicts"] == []
    claims = _one(graph, "MATCH (p:Participant)-[c:CLAIMS]->(w:Work {iswc: 'T-345.246.800-3'}) "
                         "MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier {scheme: 'IPI'}) "
                         "RETURN p.name AS name, i.value AS ipi, c.role AS role, c.prShare AS pr, c.mrShare AS mr, "
                         "c.prSociety AS society, c.partnerCode AS partner ORDER BY name")
    assert {c["name"]: (c["ipi"], c["role"], c["pr"], c["mr"], c["society"]) for c in claims}["Marcus Bell"] == \
        ("00523467163", "CA", 250_000, 0, "ASCAP")
    assert {c["partner"] for c in claims} == {"ASCAP"} and len(claims) == 4
    rep = _one(graph, "MATCH (w:Work {iswc: 'T-345.246.800-3'})-[r:IN_REPERTOIRE_OF]->(s:Society) "
                      "RETURN w.title AS title, w.externalRef AS ref, s.code AS code, r.importId AS imp")
    assert rep == [{"title": "Midnight in Accra", "ref": "ASCAP:ASC-884512", "code": "ASCAP",
                    "imp": works["importId"]}]

    recs = ri.import_repertoire(RECORDINGS_CSV, "ASCAP", "csv", "ops-user")["log"]
    assert recs["recordings"] == 10 and recs["created"]["recordings"] == 10
    assert recs["missingIds"] == [{"line": 11, "kind": "recording", "title": "Kente Skies", "missing": "ISRC"}]
    linked = _one(graph, "MATCH (x:Recording {isrc: 'USAT22500102'})-[:RECORDING_OF]->(w:Work) "
                         "MATCH (p:Participant)-[:PERFORMS_ON]->(x) RETURN w.iswc AS iswc, p.name AS artist")
    assert linked == [{"iswc": "T-345.246.800-3", "artist": "The Coastliners"}]
    # our own splits are never written by a repertoire import
    assert _one(graph, "MATCH ()-[o:OWNS]->() RETURN count(o) AS n") == [{"n": 0}]
    audits = _one(graph, "MATCH (a:AuditEvent {action: 'repertoire.import'}) RETURN a.entityId AS id, a.actor AS by")
    assert sorted(a["id"] for a in audits) == sorted([works["importId"], ri.list_imports("ASCAP", 0, 10)[0][0]["importId"]])


def test_same_file_again_writes_nothing_and_changed_file_updates(ascap, graph, tmp_path):
    first = ri.import_repertoire(WORKS_CSV, "ASCAP", "csv", "ops-user")
    counts = graph_counts(graph)
    again = ri.import_repertoire(WORKS_CSV, ascap["participantId"], "csv", "ops-user")
    assert again["importId"] == first["importId"] and not again["new"] and again["log"] == first["log"]
    assert graph_counts(graph) == counts

    changed = tmp_path / "ascap_works_v2.csv"
    text = WORKS_CSV.read_text(encoding="utf-8")
    changed.write_text(text.replace("Golden Coast Highway", "Golden Coast Highway Revisited"), encoding="utf-8")
    log = ri.import_repertoire(changed, "ASCAP", "csv", "ops-user")["log"]
    assert log["created"]["works"] == 0 and log["updated"]["works"] == 1 and log["unchanged"]["works"] == 9
    assert _one(graph, "MATCH (w:Work {iswc: 'T-912.305.571-0'}) RETURN w.title AS t") == \
        [{"t": "Golden Coast Highway Revisited"}]
    assert _one(graph, "MATCH (w:Work) RETURN count(w) AS n") == [{"n": 10}]


def test_dry_run_writes_nothing(ascap, graph):
    counts = graph_counts(graph)
    seen = []
    result = ri.import_repertoire(WORKS_CSV, "ASCAP", "csv", "ops-user", dry_run=True,
                                  progress=lambda done, total: seen.append(done))
    assert result["importId"] is None and result["status"] == "dry-run"
    assert result["log"]["created"]["works"] == 10 and result["log"]["created"]["writers"] == 9
    assert seen == [10] and graph_counts(graph) == counts


def test_active_agreement_gets_mandates_and_validator_ignores_partner_works(ascap, graph):
    reciprocal_agreements.create_agreement({"partner": "ASCAP", "territories": ["GH"], "validFrom": dt.date(2025, 1, 1),
                                            "reportingFrequency": "Quarterly", "status": "Active"}, "test")
    log = ri.import_repertoire(WORKS_CSV, "ASCAP", "csv", "ops-user")["log"]
    assert log["mandates"] == 10
    edges = _one(graph, "MATCH (s:Society {code: 'ASCAP'})-[m:COLLECTS]->(w:Work) "
                        "RETURN count(DISTINCT w) AS works, collect(DISTINCT m.basis) AS basis")
    assert edges == [{"works": 10, "basis": ["reciprocal"]}]
    summary = validation.validate(None, actor="test")
    assert summary["findings"]["split_gap"] == 0 and summary["findings"]["split_overlap"] == 0


def test_fuzzy_fallback_updates_and_ambiguity_is_skipped(ascap, graph, tmp_path):
    writers = [_writer("Ama Serwaa", "00523467163", "50"), _writer("Kofi Boateng", None, "50")]
    log, _ = _import([_work(2, "Harbour Lights", writers)], tmp_path=tmp_path)
    assert log["created"]["works"] == 1 and log["missingIds"][0]["missing"] == "ISWC"
    log, _ = _import([_work(2, "Harbor Lights", [*writers])], tmp_path=tmp_path)
    assert (log["created"]["works"], log["updated"]["works"]) == (0, 1)
    assert _one(graph, "MATCH (w:Work) RETURN w.title AS t, w.alternateTitles AS alt") == \
        [{"t": "Harbor Lights", "alt": []}]
    # two works the partner tells apart (its own work ids) under the same title make a record
    # without an id ambiguous: reported, skipped
    others = [_writer("Efua Mensah", "00667120351", "100")]
    log, _ = _import([_work(2, "Sea Breeze", others, ref="SB-1"), _work(3, "Sea Breeze!", others, ref="SB-2")],
                     tmp_path=tmp_path)
    assert log["created"]["works"] == 2
    log, _ = _import([_work(7, "Sea  Breeze", others)], tmp_path=tmp_path)
    assert [(c["line"], c["kind"]) for c in log["conflicts"]] == [(7, "ambiguous")]
    assert log["works"] == 0 and _one(graph, "MATCH (w:Work) RETURN count(w) AS n") == [{"n": 3}]


def test_conflicts_are_reported(ascap, graph, tmp_path):
    _partner("PRS", "GB")
    with graph.session() as session:
        session.run("CREATE (:Work {workId: 'WRK-900001', iswc: 'T-034.524.680-1', title: 'Blue Horizon'}), "
                    "(:Work {workId: 'WRK-900002', title: 'Other Song'})<-[:RECORDING_OF]-"
                    "(:Recording {recordingId: 'REC-900001', isrc: 'GBAYE0000001', title: 'Other Song'})").consume()
    log, _ = _import([
        _work(2, "Completely Different Tune", [_writer("A One", None, "60"), _writer("B Two", None, "60")],
              iswc="T-034.524.680-1"),
        RepertoireRecording(line=3, title="Wrong Link", isrc="GBAYE0000001", work_iswc="T-034.524.680-1")],
        tmp_path=tmp_path)
    kinds = sorted(c["kind"] for c in log["conflicts"])
    assert kinds == ["isrc_other_work", "share_total", "title_mismatch"]
    assert _one(graph, "MATCH (w:Work {workId: 'WRK-900001'}) RETURN w.title AS t, w.alternateTitles AS alt") == \
        [{"t": "Blue Horizon", "alt": ["Completely Different Tune"]}]
    assert _one(graph, "MATCH (:Recording {isrc: 'GBAYE0000001'})-[:RECORDING_OF]->(w) RETURN w.workId AS w") == \
        [{"w": "WRK-900002"}]
    log, _ = _import([_work(2, "Blue Horizon", [_writer("A One", None, "100")], iswc="T-034.524.680-1")],
                     code="PRS", tmp_path=tmp_path)
    assert [c["kind"] for c in log["conflicts"]] == ["other_partner"]
    assert _one(graph, "MATCH (:Work {workId: 'WRK-900001'})-[:IN_REPERTOIRE_OF]->(s) RETURN s.code AS c "
                       "ORDER BY c") == [{"c": "ASCAP"}, {"c": "PRS"}]


def test_parse_errors_are_line_numbered(ascap, graph, tmp_path):
    bad = tmp_path / "bad_works.csv"
    lines = WORKS_CSV.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("T-918.447.302-7", "T-918.447.302-8")  # wrong check digit, line 4
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = ri.import_repertoire(bad, "ASCAP", "csv", "ops-user")["log"]
    assert log["works"] == 9 and [(e["line"], e["field"]) for e in log["errors"]] == [(4, "iswc")]


def test_failure_marks_the_import_failed(ascap, graph, tmp_path):
    marker = tmp_path / "boom.csv"
    marker.write_text("x")
    found, _ = ri.register(marker, "ASCAP", "csv", "test")

    def records():
        yield _work(2, "Fine Song", [_writer("A One", None, "100")], iswc="T-034.524.680-1")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        ri.import_records(records(), "ASCAP", found["importId"], "test")
    failed = ri.get_import(found["importId"])
    assert failed["status"] == "failed" and "disk on fire" in failed["error"]
    assert _one(graph, "MATCH (a:AuditEvent {action: 'repertoire.import.failed'}) RETURN a.entityId AS id") == \
        [{"id": found["importId"]}]
    # the same file again re-runs the failed import under its id
    assert ri.register(marker, "ASCAP", "csv", "test") == ({**failed, "new": False}, True)


def test_a_stale_running_import_may_run_again(ascap, graph, tmp_path):
    marker = tmp_path / "stale.csv"
    marker.write_text("x")
    found, runnable = ri.register(marker, "ASCAP", "csv", "test")
    with graph.session() as session:
        session.run("MATCH (i:RepertoireImport {importId: $id}) SET i.status = 'running'", id=found["importId"]).consume()
    assert ri.register(marker, "ASCAP", "csv", "test")[1] is False  # running, and alive
    with graph.session() as session:
        session.run("MATCH (i:RepertoireImport {importId: $id}) SET i.progressAt = datetime() - duration('P1D')",
                    id=found["importId"]).consume()
    again, runnable = ri.register(marker, "ASCAP", "csv", "test")
    assert runnable and again["importId"] == found["importId"]


def test_bad_input(ascap, tmp_path):
    with pytest.raises(InvalidInput) as exc:
        ri.import_repertoire(WORKS_CSV, "ASCAP", "xls", "test")
    assert list(exc.value.errors) == ["format"]
    with pytest.raises(InvalidInput) as exc:
        ri.import_repertoire(tmp_path / "none.csv", "ASCAP", "csv", "test")
    assert list(exc.value.errors) == ["file"]
    with pytest.raises(UnknownEntity):
        ri.import_repertoire(WORKS_CSV, "NOPE", "csv", "test")


def test_sync_drop_folder(ascap, graph, tmp_path, monkeypatch):
    monkeypatch.setenv("RIGHTSGRAPH_REPERTOIRE_DROP_DIR", str(tmp_path))
    (tmp_path / "ASCAP").mkdir()
    (tmp_path / "NOPE").mkdir()
    shutil.copy(WORKS_CSV, tmp_path / "ASCAP" / "works.csv")
    (tmp_path / "ASCAP" / "notes.txt").write_text("hello")
    results = {(r["partner"], r["file"]): r for r in ri.sync_drop_folder("scheduler")}
    assert results[("ASCAP", "works.csv")]["status"] == "done"
    assert "unknown repertoire format" in results[("ASCAP", "notes.txt")]["error"]
    assert results[("NOPE", None)]["error"] == "unknown partner NOPE"
    again = ri.sync_drop_folder("scheduler")
    assert ("ASCAP", "works.csv") not in {(r["partner"], r["file"]) for r in again}


def test_ddex_ern_sample(ascap, graph):
    result = ri.import_repertoire(REAL / "ddex-ern" / "ern42" / "4 SimpleAudioSingle.xml", "ASCAP", "ddex-ern", "ops")
    log = result["log"]
    assert result["status"] == "done" and log["errors"] == []
    assert log["created"]["recordings"] == log["recordings"] >= 1
    isrcs = _one(graph, "MATCH (x:Recording)-[:IN_REPERTOIRE_OF]->(:Society {code: 'ASCAP'}) RETURN x.isrc AS isrc")
    assert len(isrcs) == log["recordings"] and all(r["isrc"] for r in isrcs)


def test_cwr_rev_sample(ascap, graph):
    result = ri.import_repertoire(REAL / "cwr" / "revexample.V21", "ASCAP", "cwr", "ops")
    log = result["log"]
    assert result["status"] == "done" and log["errors"] == [] and log["conflicts"] == []
    assert (log["created"]["works"], log["created"]["recordings"], log["created"]["writers"],
            log["created"]["publishers"]) == (2, 1, 2, 1)
    assert [(m["line"], m["missing"]) for m in log["missingIds"]][:2] == [(3, "ISWC"), (16, "ISWC")]
    smith = _one(graph, "MATCH (p:Participant {name: 'SMITH'})-[c:CLAIMS]->(w:Work {title: 'THE ONE'}) "
                        "MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier {scheme: 'IPI'}) "
                        "RETURN i.value AS ipi, c.role AS role, c.prShare AS pr, c.partnerCode AS partner")
    assert smith == [{"ipi": "00000000395", "role": "CA", "pr": 500_000, "partner": "ASCAP"}]
    assert ri.import_repertoire(REAL / "cwr" / "revexample.V21", "ASCAP", "cwr", "ops")["new"] is False


def test_cwr_invalid_file_yields_line_numbered_errors(ascap, graph):
    result = ri.import_repertoire(REAL / "cwr" / "CW220004DMP_000.V21", "ASCAP", "cwr", "ops")
    errors = result["log"]["errors"]
    assert result["status"] == "done" and errors and all(e["line"] > 0 for e in errors)
