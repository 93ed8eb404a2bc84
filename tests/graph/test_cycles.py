"""Royalty cycles on the real Neo4j (issue 7 item 4): ASCAP's repertoire played on a Ghanaian
station, charged into the pool and routed to the partner; the close's line items, per-play rows
and ledger to the micro-unit, idempotence, overlapping cycles, chunked and crashed closes."""
from __future__ import annotations

import pytest

from app.services import cycle_close, cycles, pool
from app.services.catalog import UnknownEntity
from app.services.db import write
from app.services.entities import InvalidInput
from tests.graph.broadcast_helpers import kind_total
from tests.graph.cycle_helpers import GOLDEN, MIDNIGHT, ascap, day, plays, radio
from tests.graph.helpers import assert_ledger_consistent

FEB = [("2025-02-10T06:04:12Z", MIDNIGHT), ("2025-02-11T09:00:00Z", MIDNIGHT), ("2025-03-30T23:59:00Z", MIDNIGHT),
       ("2025-02-12T10:00:00Z", GOLDEN)]
WORK_SIDE = 166_666  # 0.333333 per play, 50 % neighbouring / 50 % performance (largest remainder: 166_667 / 166_666)


def _micro(driver, query: str, **params) -> int:
    records, _, _ = driver.execute_query(query, **params)
    return records[0][0]


def _balance(driver, account_id: str) -> int:
    records, _, _ = driver.execute_query("MATCH (a:Account {accountId: $id}) RETURN a.balance", id=account_id)
    return records[0][0] if records else 0


def _entries(driver) -> int:
    return _micro(driver, "MATCH (e:JournalEntry {kind: 'reciprocal_cycle_close'}) RETURN count(e)")


def _in_cycle(driver, cycle_id: str) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (p:PlayLog)-[r:IN_CYCLE]->(:RoyaltyCycle {cycleId: $id}) RETURN p.playId AS playId, r {.*} AS r "
        "ORDER BY r.lineItemId, p.playId", id=cycle_id)
    return [{"playId": rec["playId"], **rec["r"]} for rec in records]


def _items(cycle_id: str) -> dict[str, dict]:
    """Line items by ISRC."""
    rows, total = cycles.line_items(cycle_id, 0, 100)
    assert total == len(rows)
    return {r["isrc"]: r for r in rows}


def _assert_balanced(driver) -> None:
    summary = pool.summary("GHS")
    assert summary["balanced"] is True, summary
    assert_ledger_consistent(driver)


def _scenario(graph, tmp_path, **fees):
    ids = ascap(**fees)
    joy = radio()
    result = plays(tmp_path / "feb.csv", joy["stationId"], FEB + [("2025-04-02T08:00:00Z", GOLDEN)])
    assert result["charged"] == 5, result
    return ids, joy


def test_worked_example_line_items_plays_and_ledger(graph, tmp_path):
    ids, _ = _scenario(graph, tmp_path)
    partner_pool = pool.account_id("GHS", ids.partner)
    assert _balance(graph, partner_pool) == 5 * WORK_SIDE  # the whole work side of every play
    _assert_balanced(graph)

    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "ops")
    assert (cycle["status"], cycle["currency"], cycle["periodStart"], cycle["periodEnd"]) == (
        "Open", "GHS", day("2025-01-01"), day("2025-04-01"))
    closed = cycles.close_cycle(cycle["cycleId"], "ops")
    assert closed["status"] == "Locked" and closed["lineItems"] == 2 and closed["closedBy"] == "ops"

    items = _items(cycle["cycleId"])
    midnight, golden = items[MIDNIGHT], items[GOLDEN]
    # 3 plays × 166_666 = 499_998; 15 % (the agreement's, over ASCAP's 20 %) = 74_999.7 → 75_000
    assert (midnight["usageCount"], midnight["durationSeconds"]) == (3, 600)
    assert (str(midnight["gross"]), str(midnight["fee"]), str(midnight["net"])) == ("0.499998", "0.075", "0.424998")
    assert str(midnight["adminFeePercent"]) == "15" and midnight["agreementId"] == ids.agreement
    assert midnight["iswc"] in ("T3452468003", "T-345.246.800-3") and midnight["title"] == "Midnight in Accra"
    assert "agreement " + ids.agreement in midnight["notes"] and "× 3" in midnight["notes"]
    # 1 play: 166_666 × 15 % = 24_999.9 → 25_000
    assert (golden["usageCount"], str(golden["gross"]), str(golden["fee"]), str(golden["net"])) == (
        1, "0.166666", "0.025", "0.141666")

    rows = _in_cycle(graph, cycle["cycleId"])
    assert len(rows) == 4  # the April play is outside the period
    by_line: dict[str, list] = {}
    for row in rows:
        assert row["grossMicro"] - row["feeMicro"] == row["netMicro"]
        by_line.setdefault(row["lineItemId"], []).append(row)
    assert sorted(r["feeMicro"] for r in by_line[midnight["lineItemId"]]) == [25_000, 25_000, 25_000]
    assert sum(r["grossMicro"] for r in by_line[golden["lineItemId"]]) == 166_666

    totals = closed["totals"]
    assert (totals["usageCount"], str(totals["gross"]), str(totals["fee"]), str(totals["net"])) == (
        4, "0.666664", "0.1", "0.566664")
    assert _balance(graph, partner_pool) == WORK_SIDE  # only April's play is left in the pool
    assert _balance(graph, "ACC-PARTNER_PAYABLE-ASCAP-GHS") == 566_664
    assert _balance(graph, "ACC-ADMIN_FEE_INCOME-GHS") == 100_000
    assert _entries(graph) == 1 and totals["partners"][0]["entryId"].startswith("JE-")
    _assert_balanced(graph)
    assert str(pool.summary("GHS")["reciprocal"]["partnerPayables"]) == "0.566664"

    exported = list(cycles.cycle_plays(cycle["cycleId"], "ASCAP"))  # what package G's exports stream
    assert [(r["isrc"], r["stationName"], r["durationSeconds"]) for r in exported] == [
        (MIDNIGHT, "Joy FM", 200), (MIDNIGHT, "Joy FM", 200), (GOLDEN, "Joy FM", 200), (MIDNIGHT, "Joy FM", 200)]
    assert sum(r["netMicro"] for r in exported) == 566_664 and exported[0]["iswc"] == midnight["iswc"]
    assert {r["lineItemId"] for r in exported} == {midnight["lineItemId"], golden["lineItemId"]}
    assert list(cycles.cycle_plays(cycle["cycleId"], "PRS")) == []

    again = cycles.close_cycle(cycle["cycleId"], "ops")  # closing twice changes nothing
    assert again == closed and _entries(graph) == 1 and len(_in_cycle(graph, cycle["cycleId"])) == 4


def test_cycle_override_splits_the_fee_by_largest_remainder(graph, tmp_path):
    _scenario(graph, tmp_path)
    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1", "adminFeePercent": "12.5"}, "ops")
    cycles.close_cycle(cycle["cycleId"], "ops")
    midnight = _items(cycle["cycleId"])[MIDNIGHT]
    # 499_998 × 12.5 % = 62_499.75 → 62_500, split over three equal plays: 20_834 + 20_833 + 20_833
    assert (str(midnight["fee"]), str(midnight["adminFeePercent"])) == ("0.0625", "12.5")
    assert "the cycle's override" in midnight["notes"]
    fees = [r["feeMicro"] for r in _in_cycle(graph, cycle["cycleId"]) if r["lineItemId"] == midnight["lineItemId"]]
    assert fees == [20_834, 20_833, 20_833]
    assert str(_items(cycle["cycleId"])[GOLDEN]["fee"]) == "0.020833"  # 20_833.25 → 20_833
    _assert_balanced(graph)


def test_partner_default_fee_when_the_agreement_names_none(graph, tmp_path):
    _scenario(graph, tmp_path, agreement_fee=None)
    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "ops")
    cycles.close_cycle(cycle["cycleId"], "ops")
    golden = _items(cycle["cycleId"])[GOLDEN]
    assert (str(golden["adminFeePercent"]), str(golden["fee"])) == ("20", "0.033333")  # 33_333.2 → 33_333
    assert "ASCAP's default" in golden["notes"]


def test_plays_of_a_locked_cycle_are_not_counted_again(graph, tmp_path):
    _, joy = _scenario(graph, tmp_path)
    first = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "ops")
    with pytest.raises(cycles.CycleConflict):  # an Open cycle of GH overlaps February
        cycles.create_cycle({"territory": "GH", "period": "2025-02"}, "ops")
    cycles.close_cycle(first["cycleId"], "ops")
    february = cycles.create_cycle({"territory": "GH", "period": "2025-02"}, "ops")
    february = cycles.close_cycle(february["cycleId"], "ops")
    assert (february["status"], february["lineItems"], february["totals"]["usageCount"]) == ("Locked", 0, 0)
    late = plays(tmp_path / "late.csv", joy["stationId"], [("2025-02-20T12:00:00Z", GOLDEN)])
    assert late["charged"] == 1
    supplement = cycles.close_cycle(cycles.create_cycle({"territory": "GH", "periodStart": day("2025-02-01"),
                                                         "periodEnd": day("2025-03-01")}, "ops")["cycleId"], "ops")
    assert (supplement["period"], supplement["totals"]["usageCount"], str(supplement["totals"]["gross"])) == (
        "2025-02", 1, "0.166666")
    nigeria = cycles.close_cycle(cycles.create_cycle({"territory": "NG", "period": "2025-Q1"}, "ops")["cycleId"], "ops")
    assert nigeria["lineItems"] == 0  # Joy FM is in GH
    assert _entries(graph) == 2
    _assert_balanced(graph)


def test_status_transitions(graph):
    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1", "currency": "GHS"}, "ops")
    with pytest.raises(cycles.CycleConflict):
        write(cycles.set_status, cycle["cycleId"], "Invoiced", "finance")  # still Open
    closed = cycles.close_cycle(cycle["cycleId"], "ops")  # no plays at all: zero line items
    assert (closed["status"], closed["lineItems"], closed["totals"]["partners"]) == ("Locked", 0, [])
    with pytest.raises(cycles.CycleConflict):
        write(cycles.set_status, cycle["cycleId"], "Remitted", "finance")  # skips Invoiced
    assert write(cycles.set_status, cycle["cycleId"], "Invoiced", "finance")["status"] == "Invoiced"
    assert write(cycles.set_status, cycle["cycleId"], "Invoiced", "finance")["status"] == "Invoiced"  # no-op
    assert write(cycles.set_status, cycle["cycleId"], "Remitted", "finance")["status"] == "Remitted"
    with pytest.raises(cycles.CycleConflict):
        write(cycles.set_status, cycle["cycleId"], "Locked", "finance")
    assert cycles.close_cycle(cycle["cycleId"], "ops")["status"] == "Remitted"
    actions = [r["action"] for r in graph.execute_query(
        "MATCH (a:AuditEvent {entityId: $id}) RETURN a.action AS action ORDER BY a.auditId", id=cycle["cycleId"])[0]]
    assert actions == ["cycle.create", "cycle.close", "cycle.status", "cycle.status"]
    with pytest.raises(UnknownEntity):
        cycles.get_cycle("CYC-999999")


def test_create_reports_every_problem(graph):
    with pytest.raises(InvalidInput) as bad:
        cycles.create_cycle({"territory": "XX", "period": "2025-Q5", "adminFeePercent": "100.5", "currency": "ghs"},
                            "ops")
    assert set(bad.value.errors) == {"territory", "period", "adminFeePercent", "currency"}
    with pytest.raises(InvalidInput) as bad:
        cycles.create_cycle({"territory": "GH", "periodStart": day("2025-03-01"), "periodEnd": day("2025-02-01")},
                            "ops")
    assert set(bad.value.errors) == {"periodEnd"}
    rows, total = cycles.list_cycles(0, 10)
    assert (rows, total) == ([], 0)


def test_chunked_close_after_a_crash_gives_the_same_result(graph, tmp_path, monkeypatch):
    ids, _ = _scenario(graph, tmp_path)
    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "ops")
    monkeypatch.setattr(cycle_close, "SINGLE_TX_PLAYS", 1)
    monkeypatch.setattr(cycle_close, "CHUNK", 1)
    finish = cycle_close._finish

    def crash(*_args, **_kwargs):
        raise RuntimeError("worker killed before the last transaction")
    monkeypatch.setattr(cycle_close, "_finish", crash)
    with pytest.raises(RuntimeError):
        cycles.close_cycle(cycle["cycleId"], "ops")
    draft = cycles.get_cycle(cycle["cycleId"])
    assert (draft["status"], draft["lineItems"], len(_in_cycle(graph, cycle["cycleId"]))) == ("Open", 2, 4)
    assert _entries(graph) == 0 and _balance(graph, pool.account_id("GHS", ids.partner)) == 5 * WORK_SIDE

    monkeypatch.setattr(cycle_close, "_finish", finish)
    closed = cycles.close_cycle(cycle["cycleId"], "ops")
    assert (closed["status"], closed["lineItems"], str(closed["totals"]["net"])) == ("Locked", 2, "0.566664")
    assert len(_in_cycle(graph, cycle["cycleId"])) == 4 and _entries(graph) == 1
    assert kind_total(graph, "admin_fee_income") * 1_000_000 == 100_000
    _assert_balanced(graph)
