"""Partner reports on the real Neo4j, from a cycle closed through the real flow (partner ASCAP,
Active GH agreement, CSV repertoire, plays, close; tests.graph.remittance_helpers): the file
under the export directory, its sha256 on the Export node, the totals against the line items,
the DSR read back, the CWR snapshot parsed back, the audit event, nil reports and refusals."""
from __future__ import annotations

import csv
import hashlib
from decimal import Decimal

import pytest
from click.testing import CliRunner

from app.cli import main
from app.services import cycles, partners, reciprocal_exports
from app.services.catalog import UnknownEntity
from app.services.entities import InvalidInput
from importers.identifiers import normalize_iswc
from importers.statements.dsr_radio import read_radio_report
from tests.graph.remittance_helpers import ISRC_1, ISRC_2, ISWC_1, ISWC_2, closed_cycle, partner


@pytest.fixture
def export_dir(tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    monkeypatch.setenv("RIGHTSGRAPH_EXPORT_DIR", str(folder))
    return folder


def _line_totals(cycle_id: str) -> tuple[Decimal, Decimal, Decimal, int]:
    items, _ = cycles.line_items(cycle_id, 0, 100, partner="ASCAP")
    return (sum(i["gross"] for i in items), sum(i["fee"] for i in items), sum(i["net"] for i in items),
            sum(i["usageCount"] for i in items))


def test_csv_export_file_sha256_node_and_totals(graph, tmp_path, export_dir):
    flow = closed_cycle(tmp_path)  # 3 plays of ISRC_1, 1 of ISRC_2 at 2.50; ASCAP: gross 5.00, fee 0.75
    cycle_id = flow.cycle["cycleId"]
    done = reciprocal_exports.export(cycle_id, flow.partner["participantId"], "csv", "finance@x")
    path = export_dir / cycle_id / "ASCAP" / done["filename"]
    assert done["filename"] == f"{cycle_id}_ASCAP_{done['exportId']}.csv"
    assert done["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (done["format"], done["rows"], done["partnerCode"], done["generatedBy"]) == ("csv", 4, "ASCAP", "finance@x")
    assert done["downloadUrl"] == f"/api/exports/{done['exportId']}/file"
    assert reciprocal_exports.get_export(done["exportId"]) == done
    assert [p.name for p in path.parent.iterdir()] == [done["filename"]]  # no temporary file left
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["isrc"] for r in rows) == sorted([ISRC_1] * 3 + [ISRC_2])
    assert {normalize_iswc(r["iswc"]) for r in rows} == {normalize_iswc(ISWC_1), normalize_iswc(ISWC_2)}
    assert {r["station"] for r in rows} == {"Joy FM"} and {r["currency"] for r in rows} == {"GHS"}
    assert all(r["played_at"].endswith("Z") for r in rows)
    gross, fee, net, plays = _line_totals(cycle_id)
    assert (gross, fee, net, plays) == (Decimal("5"), Decimal("0.75"), Decimal("4.25"), 4)
    assert sum(Decimal(r["gross"]) for r in rows) == gross
    assert sum(Decimal(r["fee"]) for r in rows) == fee
    assert sum(Decimal(r["net"]) for r in rows) == net
    records, _, _ = graph.execute_query(
        "MATCH (a:AuditEvent {action: 'export.create', entityId: $id}) RETURN a.actor AS actor", id=done["exportId"])
    assert [r["actor"] for r in records] == ["finance@x"]


def test_ddex_dsr_export_reads_back_with_matching_totals(graph, tmp_path, export_dir):
    flow = closed_cycle(tmp_path)
    cycle_id = flow.cycle["cycleId"]
    done = reciprocal_exports.export(cycle_id, "ASCAP", "ddex-dsr", "test")
    path = export_dir / cycle_id / "ASCAP" / done["filename"]
    assert done["filename"].startswith("DSR_PADPIDA0000000000R_ASCAPSociety_Radio_2025-01-01--2025-03-31_GH_1of1_")
    assert done["rows"] == 2  # line items
    report = read_radio_report(path)
    assert report.mismatches == ()
    assert report.head.get("MessageId") == done["exportId"]
    gross, _, net, plays = _line_totals(cycle_id)
    assert report.allocated_revenue == {"GHS": gross}
    assert report.allocated_net_revenue == {"GHS": net}
    assert sum(int(u.get("NumberOfBroadcasts")) for u in report.usages) == plays


def test_cwr_snapshot_parses_back(graph, tmp_path, export_dir):
    from importers.repertoire import cwr
    from importers.repertoire.records import RepertoireWork

    flow = closed_cycle(tmp_path)
    done = reciprocal_exports.export(flow.cycle["cycleId"], "ASCAP", "cwr", "test")
    assert done["filename"].endswith("RGH_ASCAP.V21") and done["rows"] == 2
    path = export_dir / flow.cycle["cycleId"] / "ASCAP" / done["filename"]
    items, _ = cycles.line_items(flow.cycle["cycleId"], 0, 10)
    rows = {normalize_iswc(i["iswc"]): i["workId"] for i in items}  # the submitter work number is our workId
    works = [r for r in cwr.parse(path) if isinstance(r, RepertoireWork)]
    # CWR upper-cases titles and names (its character set)
    one, two = normalize_iswc(ISWC_1), normalize_iswc(ISWC_2)
    assert sorted((normalize_iswc(w.iswc), w.title, w.ref) for w in works) == [
        (one, "BLUE MOON RISING", rows[one]), (two, "DESERT HIGHWAY", rows[two])]
    assert {(p.name, p.pr_share) for w in works for p in w.writers} == {
        ("JANE WRITER", Decimal("100")), ("JOHN WRITER", Decimal("100"))}


def test_partner_without_line_items_gets_a_nil_report(graph, tmp_path, export_dir):
    flow = closed_cycle(tmp_path)
    partner("PRS")
    csv_export = reciprocal_exports.export(flow.cycle["cycleId"], "PRS", "csv", "test")
    path = export_dir / flow.cycle["cycleId"] / "PRS" / csv_export["filename"]
    assert csv_export["rows"] == 0 and path.read_text().count("\n") == 1  # the header only
    dsr_export = reciprocal_exports.export(flow.cycle["cycleId"], "PRS", "ddex-dsr", "test")
    report = read_radio_report(export_dir / flow.cycle["cycleId"] / "PRS" / dsr_export["filename"])
    assert report.mismatches == () and report.allocated_revenue == {"GHS": Decimal("0")}


def test_generate_reports_uses_each_partners_standard(graph, tmp_path, export_dir):
    flow = closed_cycle(tmp_path)
    partner("PRS")  # no line items: no report
    partners.update_partner("ASCAP", {"reportingStandard": "DDEX-DSR"}, "test")
    done = reciprocal_exports.generate_reports(flow.cycle["cycleId"], "test")
    assert [(d["partnerCode"], d["format"]) for d in done] == [("ASCAP", "ddex-dsr")]
    runner = CliRunner()
    made = runner.invoke(main, ["exports", "create", "--cycle", flow.cycle["cycleId"], "--partner", "ASCAP",
                                "--format", "csv"])
    assert made.exit_code == 0, made.output
    export_id = made.output.split()[0]
    assert reciprocal_exports.get_export(export_id)["format"] == "csv"
    shown = runner.invoke(main, ["exports", "show", export_id])
    assert shown.exit_code == 0 and str(export_dir / flow.cycle["cycleId"] / "ASCAP") in shown.output
    refused = runner.invoke(main, ["exports", "create", "--cycle", "CYC-999999", "--partner", "ASCAP", "--format", "csv"])
    assert refused.exit_code == 1 and "unknown cycle CYC-999999" in refused.output


def test_refusals(graph, tmp_path, export_dir):
    flow = closed_cycle(tmp_path)
    with pytest.raises(InvalidInput) as bad:
        reciprocal_exports.export(flow.cycle["cycleId"], "ASCAP", "xml", "test")
    assert list(bad.value.errors) == ["format"]
    with pytest.raises(UnknownEntity):
        reciprocal_exports.export("CYC-999999", "ASCAP", "csv", "test")
    with pytest.raises(UnknownEntity):
        reciprocal_exports.export(flow.cycle["cycleId"], "NOPE", "csv", "test")
    with pytest.raises(UnknownEntity):
        reciprocal_exports.get_export("EXP-999999")
    open_cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q2"}, "test")
    with pytest.raises(reciprocal_exports.ExportConflict):
        reciprocal_exports.export(open_cycle["cycleId"], "ASCAP", "csv", "test")
    with pytest.raises(reciprocal_exports.ExportConflict):
        reciprocal_exports.generate_reports(open_cycle["cycleId"], "test")
    assert not (export_dir / open_cycle["cycleId"]).exists()
