"""Wallets over HTTP after a real ingestion and real payouts: the figures per currency, and the
transactions (paginated, filtered, each naming its source, with the balance after it)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.services import payout_methods, payouts
from tests.api.helpers import assert_error, body
from tests.graph.payout_helpers import fund


def get(client, headers, url, status=200):
    resp = client.get(url, headers=headers)
    assert resp.status_code == status, body(resp)
    return resp


def test_wallet_figures_per_currency(client, auth, artist):
    fund(artist.own, "100")
    fund(artist.own, "300", "GHS")
    payout_methods.add_method(artist.own, {"type": "mobile_money", "institution": "MTN MoMo",
                                           "accountNumber": "0241235678"}, True, "test")
    payouts.request_payout(artist.own, Decimal("120"), "GHS", "g", None, "test")
    usd = body(get(client, artist.headers, f"/api/wallets/{artist.own}"))
    assert {k: usd[k] for k in ("currency", "balance", "available", "frozen", "pending")} == {
        "currency": "USD", "balance": 100, "available": 100, "frozen": 0, "pending": 0}
    ghs = body(get(client, artist.headers, f"/api/wallets/{artist.own}?currency=ghs"))
    assert (ghs["currency"], ghs["balance"], ghs["available"], ghs["pending"]) == ("GHS", 300, 180, 120)
    assert [(c["currency"], c["available"]) for c in ghs["currencies"]] == [("GHS", 180), ("USD", 100)]
    assert_error(client.get(f"/api/wallets/{artist.own}?currency=XXQ", headers=artist.headers), 422,
                 field="currency", location="query")
    assert_error(client.get(f"/api/wallets/{artist.other}", headers=artist.headers), 403)
    unknown = assert_error(client.get("/api/wallets/PART-999999", headers=auth("viewer")), 404)
    assert unknown["message"] == "unknown participant PART-999999"


def test_transactions_name_their_source_and_balance_after(client, auth, ingested):
    pid = ingested.artist1
    fund(pid, "50")
    payout_methods.add_method(pid, {"type": "paypal", "email": "a1@example.com"}, True, "test")
    payout, _ = payouts.request_payout(pid, Decimal("20"), "USD", "t", None, "test")
    payouts.transition(payout["payoutId"], "failed", "fin", reason="test")
    headers = auth("viewer")
    resp = get(client, headers, f"/api/wallets/{pid}/transactions")
    rows = body(resp)
    assert resp.headers["X-Total-Count"] == str(len(rows)) == "4"
    assert [r["kind"] for r in rows] == ["payout_failed", "payout_request", "royalty_allocation", "royalty_allocation"]
    assert [r["amount"] for r in rows] == [20, -20, 50, 0.0079]
    assert [r["balanceAfter"] for r in rows] == [50.0079, 30.0079, 50.0079, 0.0079]
    failed = rows[0]
    assert (failed["source"], failed["sourceType"], failed["sourceId"]) == ("payout", "payout", payout["payoutId"])
    assert failed["transactionId"] == f"{failed['entryId']}.{failed['accountId']}"
    statement_row = rows[3]
    assert (statement_row["source"], statement_row["sourceType"], statement_row["statementId"]) == (
        "distrokid", "statement", ingested.statement["statementId"])

    def ids(query):
        resp = get(client, headers, f"/api/wallets/{pid}/transactions?{query}")
        return [r["kind"] for r in body(resp)], resp.headers["X-Total-Count"]
    assert ids("source=distrokid") == (["royalty_allocation"], "1")
    assert ids("source=statement") == (["royalty_allocation"], "1")
    assert ids("source=payout&type=payout_request") == (["payout_request"], "1")
    assert ids("page=2&pageSize=3") == (["royalty_allocation"], "4")
    today = dt.datetime.now(dt.timezone.utc).date()
    assert ids(f"dateFrom={today + dt.timedelta(days=1)}")[1] == "0"
    assert ids(f"dateFrom={today}&dateTo={today}")[1] == "4"
    assert ids("currency=GHS")[1] == "0"
    pending = body(get(client, headers, f"/api/wallets/{pid}/transactions?account=pending_payout"))
    assert [(r["kind"], r["amount"], r["balanceAfter"]) for r in pending] == [
        ("payout_failed", -20, 0), ("payout_request", 20, 20)]
    assert_error(client.get(f"/api/wallets/{pid}/transactions?dateFrom=2025-02-01&dateTo=2025-01-01",
                            headers=headers), 422, field="dateTo", location="query")


def test_a_participant_reads_only_its_own_transactions(client, artist):
    fund(artist.own, "10")
    rows = body(get(client, artist.headers, f"/api/wallets/{artist.own}/transactions"))
    assert [(r["kind"], r["amount"], r["balanceAfter"]) for r in rows] == [("royalty_allocation", 10, 10)]
    assert_error(client.get(f"/api/wallets/{artist.other}/transactions", headers=artist.headers), 403)
