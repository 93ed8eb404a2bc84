"""Rates added after upload (app/services/late_rates.py): the lines rejected for a currency
without a rate are posted once it has one — exactly, once, with the statement's history kept."""
from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from app.cli import main
from app.money import to_micro
from app.services import fx, late_rates, statements
from app.services.catalog_import import import_catalog
from tests.graph.helpers import assert_ledger_consistent, participant, recording, wallet_balances, write_catalog
from tests.graph.source_helpers import RATES, count, events, write_tunecore

EUR = {"from": "EUR", "rate": "1.0834", "source": "ECB", "date": "2024-06-28"}
FIRST_EXACT = Decimal("8.4160004233096")  # 0.000000333 × 1.2712 + 10.005 − 1.25 × 1.2712
FINAL_EXACT = Decimal("18.7083015067096")  # + (7.50 + 2.000001) × 1.0834


@pytest.fixture
def mixed(graph, tmp_path):
    """A TuneCore file in GBP (with a rate), USD, EUR and JPY (without), processed: the EUR
    lines 4 and 6 and the JPY line 7 rejected. Recording GBAYE0601498 owned 50/50."""
    path = write_tunecore(tmp_path / "mixed.csv", [
        {"Total Earned": "0.000000333", "Currency": "GBP"},   # line 2
        {"Total Earned": "10.005", "Currency": "USD"},        # line 3
        {"Total Earned": "7.50", "Currency": "EUR"},          # line 4
        {"Total Earned": "-1.25", "Currency": "GBP"},         # line 5
        {"Total Earned": "2.000001", "Currency": "EUR"},      # line 6
        {"Total Earned": "100", "Currency": "JPY"},           # line 7
    ])
    import_catalog(write_catalog(
        tmp_path / "catalog.json", participants=[participant("a"), participant("b")],
        recordings=[recording("r1", "GBAYE0601498")],
        ownership=[{"participantRef": p, "assetRef": "r1", "rightType": "master", "share": "50"} for p in "ab"]))
    registered, _ = statements.register(path, path.name, rates=[RATES[0]])
    done = statements.process(registered["statementId"])
    assert (done["status"], Decimal(done["grossExact"]), done["linesRejected"]) == (
        "processed_with_errors", FIRST_EXACT, 3)
    return done


def test_a_rate_added_later_posts_the_lines_that_waited_for_it(graph, mixed):
    sid = mixed["statementId"]
    result = late_rates.add_rates(sid, [EUR], actor="finance-1")

    after = result["statement"]
    assert result["added"] == ["EUR"]
    assert result["posted"] == {"lines": 2, "grossMicro": to_micro(FINAL_EXACT) - to_micro(FIRST_EXACT),
                                "batches": 1, "waiting": 1}
    # the statement's gross stays its exact total rounded once, as if the rate had been there
    assert (Decimal(after["grossExact"]), after["grossMicro"]) == (FINAL_EXACT, 18_708_302)
    assert (after["status"], after["linesRead"], after["linesRejected"], after["linesMatched"],
            after["batchesDone"]) == ("processed_with_errors", 6, 1, 5, mixed["batchesDone"] + 1)
    found = events(graph, sid)
    assert {n: (e["grossMicro"], e["fxRate"], e["originalCurrency"]) for n, e in found.items() if n in (4, 6)} == {
        4: (8_125_500, "1.0834", "EUR"), 6: (2_166_802, "1.0834", "EUR")}
    assert sum(wallet_balances(graph).values()) == 18_708_302
    assert [(i["line"], i["resolution"], i["resolvedBy"]) for i in statements.issues(sid)] == [
        (4, late_rates.RESOLUTION, "finance-1"), (6, late_rates.RESOLUTION, "finance-1"), (7, None, None)]
    assert {r["from"]: (r["rate"], r["source"]) for r in after["fxRates"]} == {
        "GBP": ("1.2712", "test rates"), "EUR": ("1.0834", "ECB")}
    assert count(graph, "MATCH (a:AuditEvent {action: 'statement.rates_added', actor: 'finance-1'}) "
                        "RETURN count(a)") == 1
    assert_ledger_consistent(graph)

    # again: nothing is posted twice
    assert late_rates.post_waiting(sid) == {"lines": 0, "grossMicro": 0, "batches": 0, "waiting": 1}
    assert count(graph, f"MATCH (e:RoyaltyEvent {{statementId: '{sid}'}}) RETURN count(e)") == 5

    # the last currency: no row rejected any more, the statement is processed
    last = late_rates.add_rates(sid, [{"from": "JPY", "rate": "0.0064"}])
    assert last["posted"]["lines"] == 1
    assert (last["statement"]["status"], last["statement"]["linesRejected"]) == ("processed", 0)
    assert last["statement"]["grossMicro"] == to_micro(FINAL_EXACT + Decimal("0.64"))
    assert_ledger_consistent(graph)


def test_a_rate_is_never_replaced_and_bad_rates_are_named(graph, mixed):
    sid = mixed["statementId"]
    with pytest.raises(fx.InvalidRates) as raised:
        late_rates.add_rates(sid, [EUR, {"from": "GBP", "rate": "1.3"}])
    assert list(raised.value.errors) == ["1.from"] and "already converts GBP at 1.2712" in str(raised.value)
    with pytest.raises(fx.InvalidRates) as raised:
        late_rates.add_rates(sid, [{"from": "EUR", "rate": 1.08}])  # a float is never exact enough
    assert list(raised.value.errors) == ["0.rate"]
    with pytest.raises(fx.InvalidRates):
        late_rates.add_rates(sid, [])
    with pytest.raises(statements.StatementNotFound):
        late_rates.add_rates("STM-999999", [EUR])
    assert statements.get(sid)["linesRejected"] == 3
    assert count(graph, "MATCH (r:FxRate) RETURN count(r)") == 1


def test_before_processing_the_rate_is_only_added_and_the_cli_reports_what_it_posted(graph, tmp_path):
    path = write_tunecore(tmp_path / "two.csv", [{"Total Earned": "1", "Currency": "GBP"},
                                                 {"Total Earned": "2", "Currency": "EUR"}])
    registered, _ = statements.register(path, path.name, rates=[RATES[0]])
    early = late_rates.add_rates(registered["statementId"], [EUR])
    assert (early["added"], early["posted"], early["statement"]["status"]) == (["EUR"], None, "registered")
    done = statements.process(registered["statementId"])
    assert (done["status"], done["linesRejected"], Decimal(done["grossExact"])) == (
        "processed", 0, Decimal("1.2712") + Decimal("2.1668"))

    out = CliRunner().invoke(main, ["statements", "add-rates", registered["statementId"], "--rate", "JPY::0.0064"])
    assert out.exit_code == 0, out.output
    assert "rates added for JPY" in out.output and "posted 0 waiting lines" in out.output
    refused = CliRunner().invoke(main, ["statements", "add-rates", registered["statementId"], "--rate", "EUR::1.1"])
    assert refused.exit_code == 1 and "already converts EUR at 1.0834" in refused.output
