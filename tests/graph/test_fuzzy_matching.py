"""Fuzzy title + artist attribution on the real graph: an ISRC-less line allocated to its
owners (matchMethod fuzzy), a near miss held for review in suspense, an unrelated line
unmatched, the statement's missing-money issue, and the review queue over HTTP."""
from __future__ import annotations

from app import create_app
from app.services import quality, statements
from app.services.users import create_user
from tests.api.helpers import PASSWORD, bearer, body, token
from tests.graph.helpers import allocations, assert_ledger_consistent, balances, load, participant, participant_ids, recording, wallet_balances

SUSPENSE = "ACC-SUSPENSE-USD"
# The DistroKid parser rejects a song row without ISRC, so each line carries an ISRC the catalog
# does not know; "Blinding Lights" has no ISRC in the catalog (the line's ISRC does not conflict).
ROWS = [
    {"Title": "Blinding Lights (feat. Rosalía)", "Artist": "Weeknd, The", "ISRC": "QZAAA2400001", "Earnings (USD)": "10.00"},
    {"Title": "Save Your Tears", "Artist": "Weeknd Trio", "ISRC": "QZAAA2400002", "Earnings (USD)": "4.00"},
    {"Title": "Unknown Song", "Artist": "Nobody", "ISRC": "QZAAA2400003", "Earnings (USD)": "1.50"},
]


def load_statement(graph, tmp_path) -> tuple[dict, dict]:
    statement = load(
        tmp_path, ROWS,
        participants=[participant("weeknd", name="The Weeknd"), participant("label", "label")],
        recordings=[recording("bl", None, title="Blinding Lights",
                              performers=[{"participantRef": "weeknd", "role": "primary"}]),
                    recording("syt", "USUG12004749", title="Save Your Tears",
                              performers=[{"participantRef": "weeknd", "role": "primary"}])],
        ownership=[{"participantRef": "weeknd", "assetRef": "bl", "rightType": "master", "share": "70"},
                   {"participantRef": "label", "assetRef": "bl", "rightType": "master", "share": "30"},
                   {"participantRef": "weeknd", "assetRef": "syt", "rightType": "master", "share": "100"}])
    return statement, participant_ids(graph)


def events(graph, sid):
    records, _, _ = graph.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid}) OPTIONAL MATCH (r:Recording {recordingId: e.recordingId}) "
        "OPTIONAL MATCH (c:Recording {recordingId: e.candidateRecordingId}) "
        "RETURN e.line AS line, e.matchMethod AS method, e.matchConfidence AS confidence, r.title AS recording, "
        "c.title AS candidate, e.allocationStatus AS status ORDER BY line", sid=sid)
    return {r["line"]: r.data() for r in records}


def test_fuzzy_attribution_review_and_missing_money(graph, tmp_path):
    statement, ids = load_statement(graph, tmp_path)
    sid = statement["statementId"]
    ev = events(graph, sid)
    assert ev[2]["method"] == "fuzzy" and ev[2]["recording"] == "Blinding Lights" and ev[2]["status"] == "allocated"
    assert ev[2]["confidence"] >= 0.9
    assert ev[3]["method"] == "fuzzy_review" and ev[3]["recording"] is None and ev[3]["candidate"] == "Save Your Tears"
    assert 0.75 <= ev[3]["confidence"] < 0.9
    assert ev[4]["method"] == "none" and ev[4]["confidence"] is None and ev[4]["candidate"] is None

    assert allocations(graph, sid) == {2: {ids["weeknd"]: 7_000_000, ids["label"]: 3_000_000},
                                       3: {SUSPENSE: 4_000_000}, 4: {SUSPENSE: 1_500_000}}
    assert (statement["linesMatched"], statement["linesUnmatched"]) == (1, 2)
    suspense = balances(graph)[SUSPENSE]
    assert suspense == 5_500_000
    assert sum(wallet_balances(graph).values()) + suspense == statement["grossMicro"] == 15_500_000
    assert_ledger_consistent(graph)

    issues, total = quality.list_issues(0, 10, kind="missing_money")
    assert total == 1
    assert issues[0]["key"] == f"missing_money|{sid}" and issues[0]["entityId"] == sid
    assert issues[0]["witness"] == {"statementId": sid, "lines": 2, "micro": suspense,
                                    "reviewLines": 1, "reviewMicro": 4_000_000}

    items, n = statements.review_queue(sid)
    assert n == 1 and items[0]["line"] == 3 and items[0]["candidateTitle"] == "Save Your Tears"


def test_review_queue_api(graph, tmp_path):
    statement, _ = load_statement(graph, tmp_path)
    sid = statement["statementId"]
    client = create_app({"TESTING": True}).test_client()
    headers = bearer(token(client, create_user("viewer-user", PASSWORD, "viewer")["username"]))
    resp = client.get(f"/api/royalties/review?statementId={sid}&page=1&pageSize=10", headers=headers)
    assert resp.status_code == 200, body(resp)
    assert resp.headers["X-Total-Count"] == "1"
    [item] = body(resp)
    assert {k: item[k] for k in ("statementId", "line", "title", "artist", "candidateTitle", "amount", "currency")} == {
        "statementId": sid, "line": 3, "title": "Save Your Tears", "artist": "Weeknd Trio",
        "candidateTitle": "Save Your Tears", "amount": 4, "currency": "USD"}
    assert item["candidateRecordingId"].startswith("REC-") and 0.75 <= item["confidence"] < 0.9
    assert client.get("/api/royalties/review", headers=headers).status_code == 200
    assert client.get("/api/royalties/review?statementId=STMT-999999", headers=headers).status_code == 404
    assert client.get("/api/royalties/review").status_code == 401
