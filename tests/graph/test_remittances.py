"""Remittances on the real Neo4j, from a cycle closed through the real flow (partner, agreement,
repertoire import, plays, close): the summary's exact figures, withholding and FX, the ledger
after Sent / Settled / Failed, the cycle's statuses, refusals, concurrency and the statement."""
from __future__ import annotations

import io
import threading
from decimal import Decimal

import pytest
import simplejson
from click.testing import CliRunner
from pypdf import PdfReader

from app.cli import main
from app.services import cycles, remittances
from app.services.catalog import UnknownEntity
from app.services.entities import InvalidInput, TransitionNotAllowed
from importers.identifiers import validate
from tests.graph.broadcast_helpers import balance
from tests.graph.helpers import assert_ledger_consistent
from tests.graph.remittance_helpers import ISRC_1, ISWC_1, closed_cycle, partner

PAYABLE, TAX = "ACC-PARTNER_PAYABLE-ASCAP-GHS", "ACC-WITHHOLDING_TAX-GHS"
CLEARING, PAID = "ACC-REMITTANCE_CLEARING-GHS", "ACC-PAYOUTS_PAID-GHS"
FX = {"to": "USD", "rate": "0.0851", "source": "ECB reference rate", "date": "2025-04-02"}


def _entries(driver, remittance_id: str) -> list[tuple[str, str]]:
    records, _, _ = driver.execute_query(
        "MATCH (e:JournalEntry {sourceId: $id}) RETURN e.kind AS kind, e.idempotencyKey AS key ORDER BY e.entryId",
        id=remittance_id)
    return [(r["kind"], r["key"]) for r in records]


def _ledger(driver) -> tuple[Decimal, ...]:
    return tuple(balance(driver, a) for a in (PAYABLE, TAX, CLEARING, PAID))


def test_remit_sums_line_items_with_withholding_and_fx(graph, tmp_path):
    # 4 plays × 2.50 GHS, half the work side: ASCAP's gross 5.00, fee 15 % 0.75, net 4.25
    flow = closed_cycle(tmp_path, requirements={"currency": "USD", "withholdingTaxPercent": "12.5"})
    cycle_id = flow.cycle["cycleId"]
    assert flow.cycle["status"] == "Locked" and flow.cycle["lineItems"] == 2
    with pytest.raises(InvalidInput) as missing:
        remittances.remit(cycle_id, "ASCAP", {}, "fin")
    assert "fx" in missing.value.errors
    with pytest.raises(InvalidInput) as wrong:
        remittances.remit(cycle_id, "ASCAP", {"fx": {**FX, "to": "EUR", "rate": "-1"}}, "fin")
    assert set(wrong.value.errors["fx"]) == {"to", "rate"}

    rem, created = remittances.remit(cycle_id, flow.partner["participantId"], {"fx": FX}, "fin")
    assert created and rem["status"] == "Pending" and rem["partnerCode"] == "ASCAP"
    assert (rem["gross"], rem["fee"], rem["net"]) == (Decimal("5"), Decimal("0.75"), Decimal("4.25"))
    # withholding 12.5 % of 4.25 = 0.53125 (from the partner's requirements); payable 3.71875
    assert (rem["withholdingTaxPercent"], rem["withholding"], rem["payable"]) == (
        Decimal("12.5"), Decimal("0.53125"), Decimal("3.71875"))
    # 3.71875 × 0.0851 = 0.316465625 USD → 0.316466 (half-even at the micro-unit)
    assert (rem["remittedCurrency"], rem["remitted"]) == ("USD", Decimal("0.316466"))
    assert rem["fx"] == {"from": "GHS", "to": "USD", "rate": "0.0851", "source": "ECB reference rate",
                         "date": "2025-04-02"}
    assert cycles.get_cycle(cycle_id)["status"] == "Invoiced"
    assert [h["action"] for h in rem["history"]] == ["remittance.create"]
    assert _entries(graph, rem["remittanceId"]) == []  # Pending moves no money

    again, created = remittances.remit(cycle_id, "ascap", {"withholdingTaxPercent": "0", "fx": FX}, "fin")
    assert not created and again["remittanceId"] == rem["remittanceId"] and again["withholding"] == Decimal("0.53125")
    rows, total = remittances.list_remittances(0, 10, partner=flow.partner["participantId"])
    assert total == 1 and rows[0]["remittanceId"] == rem["remittanceId"]
    assert remittances.list_remittances(0, 10, status="Sent") == ([], 0)


def test_sent_then_settled_moves_the_payable_out_and_remits_the_cycle(graph, tmp_path):
    flow = closed_cycle(tmp_path)
    assert _ledger(graph) == (Decimal("4.25"), 0, 0, 0)
    rem, _ = remittances.remit(flow.cycle["cycleId"], "ASCAP", {"withholdingTaxPercent": Decimal("10")}, "fin")
    assert (rem["withholding"], rem["payable"], rem["remitted"]) == (Decimal("0.425"), Decimal("3.825"), None)

    sent = remittances.set_status(rem["remittanceId"], "Sent", "fin", reference="WIRE-2025-001")
    assert (sent["status"], sent["reference"], sent["attempts"]) == ("Sent", "WIRE-2025-001", 1)
    assert sent["allowedTransitions"] == ["Settled", "Failed"]
    assert _ledger(graph) == (0, Decimal("0.425"), Decimal("3.825"), 0)
    settled = remittances.set_status(rem["remittanceId"], "Settled", "fin")
    assert settled["status"] == "Settled" and settled["settledAt"] is not None
    assert _ledger(graph) == (0, Decimal("0.425"), 0, Decimal("3.825"))
    rid = rem["remittanceId"]
    assert _entries(graph, rid) == [("remittance_sent", f"remittance:{rid}:sent"),
                                    ("remittance_settled", f"remittance:{rid}:settled")]
    assert settled["entryIds"] and len(settled["entryIds"]) == 2
    assert cycles.get_cycle(flow.cycle["cycleId"])["status"] == "Remitted"
    assert [(h["before"], h["after"]["status"]) for h in settled["history"][1:]] == [
        ({"status": "Pending"}, "Sent"), ({"status": "Sent"}, "Settled")]
    with pytest.raises(TransitionNotAllowed):
        remittances.set_status(rid, "Failed", "fin", reason="too late")
    assert_ledger_consistent(graph)


def test_failed_after_sent_reverses_and_a_retry_posts_anew(graph, tmp_path):
    flow = closed_cycle(tmp_path)
    rem, _ = remittances.remit(flow.cycle["cycleId"], "ASCAP", {"withholdingTaxPercent": "10"}, "fin")
    rid = rem["remittanceId"]
    remittances.set_status(rid, "Sent", "fin", reference="WIRE-1")
    with pytest.raises(InvalidInput) as no_reason:
        remittances.set_status(rid, "Failed", "fin")
    assert "reason" in no_reason.value.errors
    failed = remittances.set_status(rid, "Failed", "fin", reason="IBAN rejected by the beneficiary bank")
    assert (failed["status"], failed["reason"]) == ("Failed", "IBAN rejected by the beneficiary bank")
    assert _ledger(graph) == (Decimal("4.25"), 0, 0, 0)  # the partner is owed the net again
    with pytest.raises(TransitionNotAllowed) as refused:
        remittances.set_status(rid, "Settled", "fin")
    assert refused.value.allowed == ("Pending",)

    remittances.set_status(rid, "Pending", "fin")
    resent = remittances.set_status(rid, "Sent", "fin", reference="WIRE-2")
    assert (resent["attempts"], resent["reference"], resent["reason"]) == (2, "WIRE-2", None)
    remittances.set_status(rid, "Settled", "fin")
    assert _ledger(graph) == (0, Decimal("0.425"), 0, Decimal("3.825"))
    assert _entries(graph, rid) == [
        ("remittance_sent", f"remittance:{rid}:sent"), ("remittance_failed", f"remittance:{rid}:failed"),
        ("remittance_sent", f"remittance:{rid}:sent:2"), ("remittance_settled", f"remittance:{rid}:settled:2")]
    assert_ledger_consistent(graph)


def test_pending_can_fail_without_moving_money(graph, tmp_path):
    flow = closed_cycle(tmp_path)
    rem, _ = remittances.remit(flow.cycle["cycleId"], "ASCAP", {}, "fin")
    assert rem["withholding"] == 0 and rem["payable"] == Decimal("4.25")
    failed = remittances.set_status(rem["remittanceId"], "Failed", "fin", reason="partner asked to hold")
    assert failed["status"] == "Failed" and failed["entryIds"] == []
    assert _ledger(graph) == (Decimal("4.25"), 0, 0, 0)


def test_two_simultaneous_sent_post_once(graph, tmp_path):
    flow = closed_cycle(tmp_path)
    rem, _ = remittances.remit(flow.cycle["cycleId"], "ASCAP", {}, "fin")
    barrier, results = threading.Barrier(2), [None, None]

    def one(i):
        barrier.wait()
        try:
            results[i] = remittances.set_status(rem["remittanceId"], "Sent", f"fin{i}", reference=f"W{i}")["status"]
        except TransitionNotAllowed as exc:
            results[i] = exc
    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["TransitionNotAllowed", "str"]
    assert [k for k, _ in _entries(graph, rem["remittanceId"])] == ["remittance_sent"]
    assert _ledger(graph) == (0, 0, Decimal("4.25"), 0)


def test_refusals_unknown_open_and_nothing_to_remit(graph, tmp_path):
    partner()
    with pytest.raises(UnknownEntity):
        remittances.remit("CYC-999999", "ASCAP", {}, "fin")
    open_ = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "test")
    with pytest.raises(UnknownEntity):
        remittances.remit(open_["cycleId"], "NOSUCH", {}, "fin")
    with pytest.raises(remittances.Conflict, match="close it"):
        remittances.remit(open_["cycleId"], "ASCAP", {}, "fin")
    closed = cycles.close_cycle(open_["cycleId"], "test")  # no plays: no line items
    assert closed["status"] == "Locked"
    with pytest.raises(remittances.Conflict, match="nothing to remit"):
        remittances.remit(open_["cycleId"], "ASCAP", {}, "fin")
    with pytest.raises(InvalidInput) as bad:
        remittances.remit(open_["cycleId"], "ASCAP", {"withholdingTaxPercent": "101"}, "fin")
    assert "withholdingTaxPercent" in bad.value.errors
    with pytest.raises(UnknownEntity):
        remittances.set_status("RMT-999999", "Sent", "fin")
    assert cycles.get_cycle(open_["cycleId"])["status"] == "Locked"


def test_statement_lists_the_line_items_and_totals(graph, tmp_path):
    flow = closed_cycle(tmp_path, requirements={"currency": "USD"})
    rem, _ = remittances.remit(flow.cycle["cycleId"], "ASCAP", {"withholdingTaxPercent": "12.5", "fx": FX}, "fin")
    data, filename, mimetype = remittances.statement(rem["remittanceId"], "csv")
    assert mimetype == "text/csv" and filename.endswith("-ASCAP-2025-Q1.csv")
    text = data.decode("utf-8")
    assert f"Blue Moon Rising,{validate('ISWC', ISWC_1)},{ISRC_1}," in text  # the ISWC as the graph keeps it
    assert ",3,600,3.75,0.5625,3.1875" in text and "TOTAL,,,,,,4,800,5,0.75,4.25" in text
    assert "Net payable,3.71875,GHS" in text and "Remitted in USD,0.316466,USD" in text
    assert f"Agreement,{flow.agreement['agreementId']}" in text
    pdf, filename, mimetype = remittances.statement(rem["remittanceId"], "pdf")
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    words = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for needle in ("Blue Moon Rising", "Desert Highway", "3.71875 GHS", "0.316466 USD", "0.53125 GHS", "4.25"):
        assert needle in words, needle
    with pytest.raises(InvalidInput):
        remittances.statement(rem["remittanceId"], "xlsx")


def test_cli_remit_send_settle_and_statement(graph, tmp_path):
    flow = closed_cycle(tmp_path, requirements={"currency": "USD"})
    cli = CliRunner()
    missing = cli.invoke(main, ["remittances", "remit", flow.cycle["cycleId"], "--partner", "ascap"])
    assert missing.exit_code == 1 and "is paid in USD" in missing.output
    made = cli.invoke(main, ["remittances", "remit", flow.cycle["cycleId"], "--partner", "ascap", "--withholding",
                             "12.5", "--fx", "USD:0.0851:ECB:2025-04-02", "--json"])
    assert made.exit_code == 0, made.output
    rem = simplejson.loads(made.output, use_decimal=True)
    assert (rem["payable"], rem["remitted"]) == (Decimal("3.71875"), Decimal("0.316466"))
    rid = rem["remittanceId"]
    assert cli.invoke(main, ["remittances", "status", rid, "Sent", "--reference", "WIRE-9"]).exit_code == 0
    settled = cli.invoke(main, ["remittances", "status", rid, "Settled"])
    assert settled.exit_code == 0 and "Settled" in settled.output
    refused = cli.invoke(main, ["remittances", "status", rid, "Sent"])
    assert refused.exit_code == 1 and "cannot become Sent" in refused.output
    listed = cli.invoke(main, ["remittances", "list", "--status", "Settled"])
    assert rid in listed.output and "1 of 1" in listed.output
    out = tmp_path / "statement.pdf"
    assert cli.invoke(main, ["remittances", "statement", rid, "-o", str(out)]).exit_code == 0
    assert "3.71875 GHS" in "\n".join(p.extract_text() for p in PdfReader(out).pages)
