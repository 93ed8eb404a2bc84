"""Explain and artist statements over HTTP on a real ingestion: a recording split 33.3333 /
33.3333 / 33.3334 % by an agreement, two statement lines, a payout posted by the ledger's payout
contract. The explanation reproduces each amount to the micro-unit; the statement ties out to
the ledger; CSV and PDF carry the same totals."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from app.cli import main as cli
from app.money import format_amount, split_largest_remainder
from app.services import audit, ledger, ledger_check
from app.services.db import write
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.helpers import ingest, write_distrokid

ISRC = "ZZZZZ0000001"
SHARES = (33.3333, 33.3333, 33.3334)
GROSS = (100_000_001, 250_500_000)  # the two lines of Tri Song, micro-units


def parts_of(index: int) -> tuple[int, int]:
    """The largest-remainder parts of both lines for the index-th owner (independent of the
    service: app.money's split over the agreement's shares)."""
    weights = {str(i): round(Decimal(str(s)) * 10_000) for i, s in enumerate(SHARES)}
    return tuple(split_largest_remainder(g, weights)[str(index)] for g in GROSS)


def ok(resp) -> dict:
    assert resp.status_code in (200, 201), body(resp)
    return body(resp)


@pytest.fixture
def tri(client, post_json, make_participant, tmp_path):
    """Three artists share the master of "Tri Song" by an agreement; a DistroKid statement pays
    100.000001 USD (US, 2024-05) and 250.5 USD (GB, 2024-06) for it, and 1 USD for an unknown song."""
    ids = [make_participant(f"Tri Artist {n}")["participantId"] for n in "ABC"]
    rid = ok(post_json("/api/recordings", {"title": "Tri Song", "isrc": ISRC,
                                           "performers": [{"participantId": ids[0]}]}))["recordingId"]
    agreement = ok(post_json("/api/agreements", {
        "type": "master_split", "title": "Tri deal", "validFrom": "2020-01-01",
        "parties": [{"participantId": pid, "role": "artist"} for pid in ids], "scope": {"recordings": [rid]},
        "terms": {"shares": [{"participantId": pid, "rightType": "master", "share": share}
                             for pid, share in zip(ids, SHARES)]}}))["agreementId"]
    statement = ingest(write_distrokid(tmp_path / "tri.tsv", [
        {"ISRC": ISRC, "Title": "Tri Song", "Artist": "Tri Artist A", "Sale Month": "2024-05",
         "Country of Sale": "US", "Earnings (USD)": "100.000001", "Quantity": "1000"},
        {"ISRC": ISRC, "Title": "Tri Song", "Artist": "Tri Artist A", "Sale Month": "2024-06", "Store": "Apple Music",
         "Country of Sale": "GB", "Earnings (USD)": "250.5", "Quantity": "2000"},
        {"ISRC": "QQQQQ0000009", "Title": "Nobody's", "Artist": "Nobody", "Earnings (USD)": "1"}]))
    assert statement["status"] == "processed"
    for n, pid in zip("abc", ids):
        create_user(f"tri-{n}", PASSWORD, "participant", pid)
    return SimpleNamespace(ids=ids, recording=rid, agreement=agreement, statement=statement["statementId"],
                           headers=[bearer(token(client, f"tri-{n}")) for n in "abc"])


def wallet_transaction(graph, participant_id: str) -> tuple[str, int]:
    """(transactionId, amount) of the allocation on the participant's wallet."""
    rec = graph.execute_query(
        "MATCH (e:JournalEntry {kind: 'royalty_allocation'})-[p:POSTS]->(a:Account {participantId: $pid, kind: 'wallet'}) "
        "RETURN e.entryId AS entry, a.accountId AS account, p.amount AS amount", pid=participant_id).records
    [r] = rec
    return ledger.transaction_id(r["entry"], r["account"]), r["amount"]


def test_explain_reproduces_every_amount_exactly(client, auth, graph, tri):
    parts = {}
    for pid in tri.ids:
        tid, amount = wallet_transaction(graph, pid)
        data = ok(client.get(f"/api/money/explain/{tid}", headers=auth("viewer")))
        assert set(data) == {"transactionId", "entry", "account", "amount", "statement", "lines", "object",
                             "auditTrail"}
        assert data["transactionId"] == tid and data["amount"] == float(format_amount(amount))
        assert (data["entry"]["kind"], data["entry"]["statementId"], data["entry"]["balanced"]) == (
            "royalty_allocation", tri.statement, True)
        assert (data["account"]["participantId"], data["account"]["kind"]) == (pid, "wallet")
        assert data["statement"]["statementId"] == tri.statement and data["statement"]["source"] == "distrokid"
        lines = data["lines"]
        assert (lines["total"], len(lines["items"]), lines["amount"]) == (2, 2, data["amount"])
        total = 0
        for item, (gross, period, country) in zip(lines["items"], ((100_000_001, "2024-05", "US"),
                                                                   (250_500_000, "2024-06", "GB"))):
            assert (item["gross"], item["period"], item["territory"], item["rightType"]) == (
                float(format_amount(gross)), period, country, "master")
            assert item["match"]["method"] == "isrc" and item["match"]["recordingId"] == tri.recording
            assert item["match"]["confidence"] == 1.0
            assert item["isrc"] == ISRC and item["title"] == "Tri Song"
            owners = {o["participantId"]: o for o in item["ownership"]}
            assert set(owners) == set(tri.ids)
            mine = owners[pid]
            assert mine["agreement"]["agreementId"] == tri.agreement and mine["rightType"] == "master"
            assert mine["assetId"] == tri.recording and mine["shareMillionths"] == round(
                Decimal(str(SHARES[tri.ids.index(pid)])) * 10_000)
            split = item["split"]
            assert split["grossMicro"] == gross and split["shareMillionths"] == mine["shareMillionths"]
            assert split["divisor"] == 1_000_000 and split["ownedMillionths"] == 1_000_000
            assert divmod(gross * split["shareMillionths"], split["divisor"]) == (split["floor"], split["remainder"])
            assert split["partMicro"] == split["floor"] + split["adjustment"] and split["reproduces"] is True
            assert item["amount"] == float(format_amount(split["partMicro"]))
            assert [a["hold"] for a in item["allocations"]] == [None]
            parts[(pid, item["line"])] = split
            total += split["partMicro"]
        assert total == amount  # the lines reproduce the wallet transaction exactly
    # the largest-remainder micro-unit of 100.000001 went to the 33.3334 % owner (largest remainder)
    a, b, c = (parts[(pid, 2)] for pid in tri.ids)
    assert (a["partMicro"], b["partMicro"], c["partMicro"]) == (33_333_300, 33_333_300, 33_333_401)
    assert [parts[(pid, 3)]["partMicro"] for pid in tri.ids] == [parts_of(i)[1] for i in range(3)]
    assert (a["adjustment"], c["adjustment"]) == (0, 1) and "largest remainder" in c["formula"]
    assert a["partMicro"] + b["partMicro"] + c["partMicro"] == 100_000_001


def test_explain_access_and_errors(client, auth, graph, tri):
    own, _ = wallet_transaction(graph, tri.ids[0])
    other, _ = wallet_transaction(graph, tri.ids[2])
    assert ok(client.get(f"/api/money/explain/{own}", headers=tri.headers[0]))["account"]["participantId"] == tri.ids[0]
    assert_error(client.get(f"/api/money/explain/{other}", headers=tri.headers[0]), 403)
    assert_error(client.get(f"/api/money/explain/{own.split('.')[0]}.WAL-999999", headers=auth("viewer")), 404)
    assert_error(client.get("/api/money/explain/not-a-transaction", headers=auth("viewer")), 404)
    page = ok(client.get(f"/api/money/explain/{own}?page=2&pageSize=1", headers=auth("viewer")))["lines"]
    assert (page["total"], page["skip"], [i["line"] for i in page["items"]]) == (2, 1, [3])


def test_explain_cli_twin(graph, tri):
    tid, _ = wallet_transaction(graph, tri.ids[2])
    result = CliRunner().invoke(cli, ["explain", tid])
    assert result.exit_code == 0, result.output
    assert tri.statement in result.output and tri.agreement in result.output
    assert "100000001 × 333334 / 1000000" in result.output
    assert CliRunner().invoke(cli, ["explain", "JE-999999.WAL-000001"]).exit_code != 0


def post_payout(participant_id: str, micro: int, key: str, payout_id: str | None = None) -> tuple[str, str]:
    """A paid payout by the ledger's payout contract: payout_request (wallet → pending_payout)
    then payout_paid (pending_payout → payouts_paid), both naming ``payout_id`` as their source,
    which gets an audit event. Returns (request entry id, wallet account id)."""
    def work(tx):
        wallet = ledger.participant_accounts(tx, [participant_id], "USD")[participant_id]
        pending = ledger.participant_accounts(tx, [participant_id], "USD", "pending_payout")[participant_id]
        paid, = ledger.ensure_platform_accounts(tx, "USD", [("payouts_paid", None)])
        request = ledger.post(tx, f"{key}:request", "payout_request",
                              [{"accountId": wallet, "amount": -micro}, {"accountId": pending, "amount": micro}],
                              "test payout", source_id=payout_id)
        ledger.post(tx, f"{key}:paid", "payout_paid",
                    [{"accountId": pending, "amount": -micro}, {"accountId": paid, "amount": micro}], "test paid",
                    source_id=payout_id)
        if payout_id:
            audit.record(tx, "finance-user", "payout.paid", payout_id, before={"status": "processing"},
                         after={"status": "paid"})
        return request, wallet
    return write(work)


def test_explain_a_payout_names_the_object_and_its_audit_trail(client, auth, tri):
    entry, wallet = post_payout(tri.ids[0], 10_000_000, "explained-payout", "PAY-000777")
    data = ok(client.get(f"/api/money/explain/{ledger.transaction_id(entry, wallet)}", headers=tri.headers[0]))
    assert (data["entry"]["kind"], data["amount"], data["lines"], data["statement"]) == ("payout_request", -10, None,
                                                                                        None)
    assert data["object"] == {"type": "PAY", "id": "PAY-000777"}
    assert [(e["actor"], e["action"], e["before"], e["after"]) for e in data["auditTrail"]] == [
        ("finance-user", "payout.paid", {"status": "processing"}, {"status": "paid"})]


def this_month() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m")


def test_statement_ties_out_to_the_ledger_in_json_csv_and_pdf(client, auth, graph, tri):
    pid = tri.ids[2]
    post_payout(pid, 50_000_000, "tri-payout")
    assert ledger_check.check(100).ok
    wallet = ok(client.get(f"/api/wallets/{pid}", headers=auth("viewer")))
    period = this_month()
    st = ok(client.get(f"/api/statements/{pid}?period={period}", headers=tri.headers[2]))
    first, second = parts_of(2)
    assert first == 33_333_401  # 33.3334 % of 100.000001, with the largest-remainder micro-unit
    income = first + second
    assert (st["participantId"], st["period"], st["currency"]) == (pid, period, "USD")
    assert st["openingBalance"] == 0 and st["income"]["total"] == float(format_amount(income))
    assert st["payouts"] == -50 and st["recoupment"] == 0 and st["frozenHolds"] == 0
    assert st["closingBalance"] == wallet["balance"] == float(format_amount(income - 50_000_000))
    assert st["income"]["bySource"] == [
        {"source": "apple_music", "label": "Apple Music", "amount": float(format_amount(second))},
        {"source": "spotify", "label": "Spotify", "amount": float(format_amount(first))}]
    assert st["income"]["byTrack"] == [{"recordingId": tri.recording, "title": "Tri Song", "isrc": ISRC,
                                        "amount": float(format_amount(income))}]
    assert {m["kind"]: m["amount"] for m in st["movements"]} == {
        "payout_paid": -50, "payout_request": 0, "royalty_allocation": float(format_amount(income))}
    assert st["tieOut"]["balanced"] is True and st["tieOut"]["incomeTiesOut"] is True
    assert st["balances"]["closing"] == {"available": wallet["available"], "frozen": 0, "pending": 0,
                                         "balance": wallet["balance"], "advanceOutstanding": 0}

    resp = client.get(f"/api/statements/{pid}?period={period}&format=csv", headers=auth("viewer"))
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    summary = {r["key"]: Decimal(r["amount"]) for r in rows if r["section"] == "summary"}
    assert summary["closing_balance"] == Decimal(str(wallet["balance"]))  # = the ledger's balance
    assert summary["opening_balance"] + sum(Decimal(r["amount"]) for r in rows if r["section"] == "movement") \
        == summary["closing_balance"]
    assert sum(Decimal(r["amount"]) for r in rows if r["section"] == "income_by_source") == summary["income"] \
        == sum(Decimal(r["amount"]) for r in rows if r["section"] == "income_by_track") == format_amount(income)
    assert summary["income"] + summary["recoupment"] + summary["payouts"] == summary["closing_balance"]

    by_accept = client.get(f"/api/statements/{pid}?period={period}", headers={**auth("viewer"), "Accept": "text/csv"})
    assert by_accept.mimetype == "text/csv" and by_accept.get_data(as_text=True) == resp.get_data(as_text=True)

    pdf = client.get(f"/api/statements/{pid}?period={period}&format=pdf", headers=auth("viewer"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert f"Closing balance {format_amount(income - 50_000_000)} USD" in text
    assert f"Income {format_amount(income)} USD" in text and "Payouts paid -50 USD" in text
    assert "balanced" in text and "ties out" in text and "Tri Song" in text


def test_statement_of_a_quiet_month_and_errors(client, auth, tri):
    st = ok(client.get(f"/api/statements/{tri.ids[0]}?period=2001-02", headers=auth("viewer")))
    assert (st["from"], st["to"], st["openingBalance"], st["closingBalance"]) == ("2001-02-01", "2001-03-01", 0, 0)
    assert st["income"] == {"total": 0, "recouped": 0, "net": 0, "bySource": [], "byTrack": []}
    assert st["movements"] == []
    assert_error(client.get(f"/api/statements/{tri.ids[0]}?period=2024-13", headers=auth("viewer")), 422,
                 field="period", location="query")
    assert_error(client.get(f"/api/statements/{tri.ids[0]}", headers=auth("viewer")), 422, field="period",
                 location="query")
    assert_error(client.get(f"/api/statements/{tri.ids[1]}?period=2024-01", headers=tri.headers[0]), 403)
    assert_error(client.get("/api/statements/PART-999999?period=2024-01", headers=auth("viewer")), 404)


def test_hub_reads_payouts_from_the_ledger(client, auth, tri):
    pid = tri.ids[2]
    first, second = parts_of(2)
    post_payout(pid, 50_000_000, "hub-payout")
    hub = ok(client.get(f"/api/money/hub/{pid}", headers=auth("viewer")))
    assert hub["summary"]["totalPayouts"] == 50
    assert hub["summary"]["totalIncome"] == float(format_amount(first + second))
    points = {p["period"]: p for p in hub["timeline"]["points"]}
    assert points[this_month()]["netPaid"] == 50
    assert points["2024-05"]["totalIncome"] == float(format_amount(first))
    assert points["2024-06"] == {"period": "2024-06", "totalIncome": float(format_amount(second)), "netPaid": 0,
                                 "inRecoupment": 0}
    assert hub["wallet"]["balance"] == float(format_amount(first + second - 50_000_000))
    assert hub["wallet"]["pending"] == 0 and hub["wallet"]["frozen"] == 0
    [top] = hub["topTracks"]
    assert (top["recordingId"], top["lastPeriodIncome"], top["lifetimeIncome"]) == (
        tri.recording, float(format_amount(second)), float(format_amount(first + second)))
