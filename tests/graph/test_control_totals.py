"""Control totals checked before allocation: a DDEX DSR's SY summaries and FOOT counts (one file
or a ZIP of its parts), ClicknClear's T rows and a total entered at upload. A mismatch holds the
statement with nothing posted, records a DataQualityIssue, and an operator may force it."""
from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from app.services import quality, statements
from tests.graph.helpers import assert_ledger_consistent, balances, write_distrokid
from tests.graph.source_helpers import BALANCED, DSR, RATES, REAL_STATEMENTS, UGC_1_0, count, dsr_copy, write_tunecore

AU = "DSR_PADPIDA2014999999Z_PADPIDA2014111801Y_AdSupport_2015-02_AU_{}_20150723T092522.tsv"


def held_issues(graph, sid: str) -> list[dict]:
    issues, total = quality.list_issues(0, 10, kind="control_total_mismatch", entity_id=sid)
    assert total == len(issues)
    return issues


def nothing_posted(graph) -> bool:
    return count(graph, "MATCH (e:JournalEntry) RETURN count(e)") == 0 == count(
        graph, "MATCH (e:RoyaltyEvent) RETURN count(e)")


def test_a_dsr_whose_summaries_add_up_is_allocated(graph, tmp_path):
    path = dsr_copy(tmp_path / UGC_1_0.name, BALANCED)
    registered, _ = statements.register(path, path.name)
    assert registered["source"] == "dsr"
    done = statements.process(registered["statementId"])
    assert (done["status"], done["controlStatus"], done["grossMicro"]) == ("processed", "ok", 198_880_000)
    assert done["controlChecks"] == [{"check": "AllocatedRevenue", "origin": "file", "currency": "USD",
                                      "fileNumber": None, "declared": "198.88", "imported": "198.88", "ok": True}]
    assert (done["linesTotal"], done["grossByCurrency"], done["periodStart"], done["periodEnd"]) == (
        6, {"USD": "198.88"}, "2015-10", "2015-10")
    assert held_issues(graph, done["statementId"]) == []
    assert_ledger_consistent(graph)


def test_a_doctored_summary_holds_the_statement_until_it_is_forced(graph, tmp_path):
    path = dsr_copy(tmp_path / UGC_1_0.name, {**BALANCED, "PUB_3": "41.80"})
    registered, _ = statements.register(path, path.name, "dsr")
    sid = registered["statementId"]
    held = statements.process(sid)
    assert (held["status"], held["controlStatus"]) == ("control_mismatch", "mismatch")
    assert [(c["check"], c["declared"], c["imported"], c["ok"]) for c in held["controlChecks"]] == [
        ("AllocatedRevenue", "198.87", "198.88", False)]
    assert nothing_posted(graph)
    (issue,) = held_issues(graph, sid)
    assert "declared 198.87, imported 198.88" in issue["message"]
    assert issue["witness"]["checks"][0]["declared"] == "198.87"
    assert statements.process(sid)["status"] == "control_mismatch" and nothing_posted(graph)  # still held
    assert statements.unfinished(dt.timedelta(0)) == []  # the beat does not retry a held statement

    forced = statements.force(sid, actor="ops-user")
    assert (forced["status"], forced["controlForcedBy"], forced["controlStatus"]) == ("registered", "ops-user",
                                                                                     "mismatch")
    done = statements.process(sid)
    assert (done["status"], done["grossMicro"]) == ("processed", 198_880_000)
    assert -balances(graph)["ACC-SOURCE-DSR-USD"] == 198_880_000
    actions, _, _ = graph.execute_query("MATCH (a:AuditEvent {entityId: $sid}) RETURN a.action AS action, "
                                        "a.actor AS actor ORDER BY a.auditId", sid=sid)
    assert [(r["action"], r["actor"]) for r in actions if "control" in r["action"]] == [
        ("statement.control", "cli"), ("statement.control_forced", "ops-user")]
    assert_ledger_consistent(graph)


def test_a_zip_of_a_two_part_report_is_checked_over_both_parts(graph, tmp_path):
    path = tmp_path / "report.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in ("2of2", "1of2"):
            archive.write(DSR / AU.format(part), AU.format(part))
    registered, _ = statements.register(path, path.name)
    held = statements.process(registered["statementId"])
    assert (registered["source"], held["status"]) == ("dsr", "control_mismatch")
    assert [(c["check"], c["fileNumber"], c["declared"], c["imported"]) for c in held["controlChecks"]] == [
        ("NumberOfLinesInFile", 1, 123, 7), ("NumberOfLinesInFile", 2, 123, 7)]
    statements.force(registered["statementId"])
    done = statements.process(registered["statementId"])
    assert (done["status"], done["linesRead"], done["grossMicro"]) == ("processed_with_errors", 2, 0)
    assert [(i["line"], i["field"]) for i in statements.issues(done["statementId"])] == [
        (12, "BlockId"), (13, "BlockId")]


@pytest.mark.parametrize(("total", "currency", "status"), [
    ("0.01", None, "ok"),  # Σ 0.00931179 USD, at the declared cents
    ("0.009312", "USD", "ok"),
    ("0.02", None, "mismatch"),
])
def test_a_total_entered_at_upload(graph, total, currency, status):
    path = REAL_STATEMENTS / "DistroKid_Test.tsv"
    registered, _ = statements.register(path, path.name, declared_total=total, declared_currency=currency)
    assert (registered["declaredTotal"], registered.get("declaredCurrency")) == (total, currency)
    done = statements.process(registered["statementId"])
    assert done["controlStatus"] == status
    assert done["status"] == ("processed" if status == "ok" else "control_mismatch")
    assert [(c["check"], c["origin"], c["currency"], c["imported"]) for c in done["controlChecks"]] == [
        ("declaredTotal", "upload", "USD", "0.00931179")]


def test_a_total_entered_in_the_file_currency_or_the_wallet_currency(graph, tmp_path):
    path = write_tunecore(tmp_path / "gbp.csv", [{"Total Earned": "0.1355"}, {"Total Earned": "9.8645"}])
    registered, _ = statements.register(path, path.name, declared_total="10.00", rates=RATES)
    done = statements.process(registered["statementId"])
    assert (done["controlStatus"], done["controlChecks"][0]["currency"], done["controlChecks"][0]["imported"]) == (
        "ok", "GBP", "10.0000")
    other = write_tunecore(tmp_path / "gbp2.csv", [{"Total Earned": "10"}])
    registered, _ = statements.register(other, other.name, declared_total="12.72", declared_currency="USD",
                                        rates=RATES)
    done = statements.process(registered["statementId"])  # 10 GBP × 1.2712 = 12.712 USD: 12.71 at cents
    assert (done["controlStatus"], done["controlChecks"][0]["imported"]) == ("mismatch", "12.7120")


def test_clicknclear_t_rows_are_control_totals(graph, tmp_path):
    sample = REAL_STATEMENTS / "TEST_RIGHTSHOLDER_STANDARD_Q1_2023.csv"
    doctored = tmp_path / "doctored.csv"
    doctored.write_text(sample.read_text("utf-8").replace(",14.5832,114.58", ",14.5833,114.58"), "utf-8")
    registered, _ = statements.register(doctored, doctored.name)
    held = statements.process(registered["statementId"])
    assert held["status"] == "control_mismatch"
    assert [(c["declared"], c["imported"]) for c in held["controlChecks"]] == [("21.8749", "21.8748")]
    assert json.dumps(held["controlChecks"])  # stored and returned as plain JSON
    assert nothing_posted(graph)


def test_a_statement_without_declared_totals_is_not_read_twice(graph, tmp_path):
    path = write_distrokid(tmp_path / "dk.tsv", [{"ISRC": "GBAYE0601498", "Earnings (USD)": "1"}])
    registered, _ = statements.register(path, path.name)
    done = statements.process(registered["statementId"])
    assert (done["controlStatus"], done["controlChecks"], done.get("grossByCurrency")) == ("none", [], None)
