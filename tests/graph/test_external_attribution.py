"""Attribution of plays to a partner society's repertoire and the routing of reciprocal money
(issue 7 item 3) on the real Neo4j: local catalog first, then external ISRC, ISWC, fuzzy; the
work side of a work under a partner's reciprocal mandate goes whole to the partner's pool
account; QA queue, manual links (to a work only too), unmatched usage, no withdrawals."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.services import partners, play_review, playlogs, pool, qa, reciprocal_agreements, withdrawals
from app.services.entities import InvalidInput
from importers.identifiers import iswc_check_digit
from tests.graph.broadcast_helpers import balance, catalog, kind_total, play_log, station, tariff
from tests.graph.helpers import assert_ledger_consistent


def _iswc(nine: str) -> str:
    return f"T-{nine[:3]}.{nine[3:6]}.{nine[6:]}-{iswc_check_digit(nine)}"


ISWC_EMPIRE, ISWC_HIGHWAY = _iswc("900000001"), _iswc("900000002")
ISRC_EMPIRE = "USRC10900001"

# ASCAP's repertoire as an import leaves it (package E writes the same shape): two works, one
# recording, writers claiming shares, a performer; and Kofi's local work, also in its repertoire.
REPERTOIRE = """
MATCH (s:Society {code: 'ASCAP'})
MATCH (kofi:Work {workId: $kofiWork})
CREATE (w1:Work {workId: 'WRK-900001', title: 'Empire State of Mind', iswc: $iswc1})
CREATE (w2:Work {workId: 'WRK-900002', title: 'Lonely Highway Blues', iswc: $iswc2})
CREATE (r1:Recording {recordingId: 'REC-900001', title: 'Empire State of Mind', isrc: $isrc1})-[:RECORDING_OF]->(w1)
CREATE (:Participant {participantId: 'PART-900001', name: 'Alicia Keys', kinds: ['artist']})
       -[:PERFORMS_ON {role: 'primary'}]->(r1)
CREATE (john:Participant {participantId: 'PART-900002', name: 'John Writer', kinds: ['writer']})
CREATE (mary:Participant {participantId: 'PART-900003', name: 'Mary Composer', kinds: ['writer']})
CREATE (john)-[:CLAIMS {role: 'CA', prShare: 500000, mrShare: 0, srShare: 0, partnerCode: 'ASCAP'}]->(w2)
CREATE (mary)-[:CLAIMS {role: 'CA', prShare: 500000, mrShare: 0, srShare: 0, partnerCode: 'ASCAP'}]->(w2)
WITH s, kofi, w1, w2, r1
UNWIND [w1, w2, r1, kofi] AS asset
CREATE (asset)-[:IN_REPERTOIRE_OF {importId: 'RPI-test', lastImportId: 'RPI-test', since: datetime(),
                                   updatedAt: datetime()}]->(s)
"""


def _play(hour: int, title: str, artist: str, isrc: str = "", iswc: str = "") -> dict:
    return {"playedAt": f"2024-03-01T{hour:02d}:00:00Z", "title": title, "artist": artist, "isrc": isrc,
            "iswc": iswc, "durationSeconds": "200"}


@pytest.fixture
def scene(graph, tmp_path):
    """Ama (local, self-published), Kofi (local; his work also in ASCAP's repertoire), partner
    ASCAP with an Active GH agreement over its repertoire, a station paying 1.00 GHS a play, and
    eight plays of every kind imported."""
    ids = catalog(tmp_path, graph)
    ascap = partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US",
                                     "reportingStandard": "CSV-Custom", "defaultAdminFeePercent": "15"}, "test")
    graph.execute_query(REPERTOIRE, kofiWork=ids.w_kofi, iswc1=ISWC_EMPIRE, iswc2=ISWC_HIGHWAY, isrc1=ISRC_EMPIRE)
    agreement = reciprocal_agreements.create_agreement({
        "partner": "ASCAP", "territories": ["GH"], "validFrom": "2024-01-01", "reportingFrequency": "Quarterly",
        "status": "Active"}, "test")
    joy = station("Joy FM", "national", top_up="100.00")
    tariff("national", "1.00")
    rows = [_play(1, "Sunrise Accra", "Ama Mensah", "GHA0C2400001"),  # local ISRC
            _play(2, "Harmattan", "Kofi Boateng", "GHA0C2400002"),  # local ISRC, work under ASCAP's mandate
            _play(3, "Empire (edit?)", "Unknown", ISRC_EMPIRE),  # external ISRC
            _play(4, "Empire State of Mind", "Alicia Keys"),  # external fuzzy: a recording
            _play(5, "Untitled 5", "DJ Nobody", iswc=ISWC_HIGHWAY),  # external ISWC: a work only
            _play(6, "Lonely Highway Blues", "Mary Composer & John Writer"),  # external fuzzy: a work by its writers
            _play(7, "Lonely Highway Blues", "John Writer"),  # external review band
            _play(8, "Completely Unknown Song", "Zed Nobody")]  # unmatched
    result = playlogs.import_file(play_log(tmp_path / "joy.csv", rows), joy["stationId"], actor="ops")
    records, _, _ = graph.execute_query("MATCH (p:PlayLog) RETURN p.line AS line, p.playId AS id")
    plays = {r["line"] - 1: r["id"] for r in records}  # by row number 1..8
    return {"ids": ids, "ascap": ascap, "agreement": agreement, "station": joy, "result": result, "plays": plays,
            "ascapPool": pool.account_id("GHS", ascap["participantId"])}


def _attribution(play: dict) -> tuple:
    a = play["attributions"][0]
    return (play["status"], a["method"], a.get("confidence"), a.get("originPartner"), play["recordingId"],
            play["workId"])


def _reciprocal(play: dict) -> list[dict]:
    return [p for p in play["allocation"] if p["via"] == "reciprocal"]


def test_plays_are_attributed_local_first_then_partner_repertoire(scene):
    plays = {n: play_review.get_play(pid) for n, pid in scene["plays"].items()}
    ids = scene["ids"]
    assert _attribution(plays[1]) == ("matched", "isrc", 1.0, None, ids.r_ama, None)
    assert _attribution(plays[2]) == ("matched", "isrc", 1.0, None, ids.r_kofi, None)
    assert _attribution(plays[3]) == ("matched", "external_isrc", 1.0, "ASCAP", "REC-900001", None)
    assert _attribution(plays[4]) == ("matched", "external_fuzzy", 1.0, "ASCAP", "REC-900001", None)
    assert _attribution(plays[5]) == ("matched", "external_iswc", 1.0, "ASCAP", None, "WRK-900002")
    assert plays[5]["iswc"] == ISWC_HIGHWAY
    assert _attribution(plays[6]) == ("matched", "external_fuzzy", 1.0, "ASCAP", None, "WRK-900002")
    assert _attribution(plays[7]) == ("review", "external_review", 0.8444, "ASCAP", None, None)
    assert plays[7]["attributions"][0]["candidateWorkId"] == "WRK-900002"
    assert _attribution(plays[8]) == ("unmatched", "none", None, None, None, None)
    assert scene["result"]["charged"] == 6


def test_reciprocal_money_goes_whole_to_the_partner_pool_account(scene, graph):
    plays = {n: play_review.get_play(pid) for n, pid in scene["plays"].items()}
    ascap, agreement = scene["ascap"], scene["agreement"]
    # Kofi owns his work here, but ASCAP's reciprocal mandate takes its whole performance side
    assert _reciprocal(plays[2]) == [{
        "rightType": "performance", "assetId": scene["ids"].w_kofi, "amount": Decimal("0.50"),
        "accountId": scene["ascapPool"], "payeeId": ascap["participantId"], "via": "reciprocal",
        "partnerCode": "ASCAP", "partnerId": ascap["participantId"], "agreementId": agreement["agreementId"],
        "note": f"collected by ASCAP under reciprocal agreement {agreement['agreementId']}: the whole work side"}]
    assert [p["via"] for p in plays[2]["allocation"]] == ["owner", "reciprocal"]  # master side: Kofi
    for n, work in ((3, "WRK-900001"), (4, "WRK-900001"), (5, "WRK-900002"), (6, "WRK-900002")):
        assert [(p["assetId"], p["amount"], p["partnerCode"]) for p in _reciprocal(plays[n])] == [
            (work, Decimal("0.50"), "ASCAP")]
    work_only = {p["rightType"]: p for p in plays[5]["allocation"]}
    assert work_only["neighbouring"]["via"] == "unallocated"
    assert work_only["neighbouring"]["note"] == "no recording: the play matched a work only"
    assert balance(graph, scene["ascapPool"]) == Decimal("2.50")
    assert balance(graph, pool.account_id("GHS")) == Decimal("2.00")  # external recording sides, nobody owns
    assert balance(graph, pool.account_id("GHS", scene["ids"].ama)) == Decimal("1.00")
    assert balance(graph, pool.account_id("GHS", scene["ids"].kofi)) == Decimal("0.50")
    assert kind_total(graph, "pool") == Decimal("6.00")
    records, _, _ = graph.execute_query("MATCH (a:Account {accountId: $id}) RETURN a.holderId AS h",
                                        id=scene["ascapPool"])
    assert records[0]["h"] == ascap["participantId"]
    assert pool.summary("GHS")["balanced"] is True
    assert_ledger_consistent(graph)


def test_qa_queue_filters_and_unmatched_usage(scene):
    items, total = qa.qa_queue(0, 50, {"partner": scene["ascap"]["participantId"]})
    assert total == 1
    assert {k: items[0][k] for k in ("playId", "method", "confidence", "originPartner", "candidateWorkId",
                                     "candidateTitle", "candidateIswc")} == {
        "playId": scene["plays"][7], "method": "external_review", "confidence": 0.8444, "originPartner": "ASCAP",
        "candidateWorkId": "WRK-900002", "candidateTitle": "Lonely Highway Blues", "candidateIswc": ISWC_HIGHWAY}
    assert qa.qa_queue(0, 50, {"minConfidence": 0.9}) == ([], 0)
    assert qa.qa_queue(0, 50, {"maxConfidence": 0.9, "stationId": scene["station"]["stationId"]})[1] == 1
    with pytest.raises(InvalidInput) as bad:
        qa.qa_queue(0, 50, {"partner": "NOPE"})
    assert "partner" in bad.value.errors
    unmatched, total = qa.unmatched_usage(0, 50, {"from": dt.date(2024, 3, 1), "to": dt.date(2024, 3, 1)})
    assert (total, [u["playId"] for u in unmatched]) == (1, [scene["plays"][8]])
    assert unmatched[0]["title"] == "Completely Unknown Song"
    assert qa.unmatched_usage(0, 50, {"from": dt.date(2024, 3, 2)}) == ([], 0)


def test_manual_links_charge_or_reroute_and_are_audited(scene, graph):
    review = play_review.link_work(scene["plays"][7], "WRK-900002", "ops", "confirmed by ear")
    assert (review["status"], review["workId"], review["originPartner"], review["chargeStatus"]) == (
        "matched", "WRK-900002", "ASCAP", "charged")
    assert review["attributions"][0]["method"] == "manual"
    assert balance(graph, scene["ascapPool"]) == Decimal("3.00")
    assert qa.qa_queue(0, 50, {}) == ([], 0)

    # an external ISRC match corrected to a local recording: its money leaves ASCAP's account
    moved = play_review.link(scene["plays"][3], scene["ids"].r_ama, "ops", "wrong ISRC in the log")
    assert (moved["recordingId"], moved["workId"], moved["originPartner"]) == (scene["ids"].r_ama, None, None)
    assert _reciprocal(moved) == []
    assert balance(graph, scene["ascapPool"]) == Decimal("2.50")
    assert balance(graph, pool.account_id("GHS", scene["ids"].ama)) == Decimal("2.00")
    records, _, _ = graph.execute_query(
        "MATCH (e:AuditEvent {action: 'play.link', entityId: $id}) RETURN e.before AS before, e.after AS after",
        id=scene["plays"][3])
    assert json.loads(records[0]["before"])["recordingId"] == "REC-900001"
    assert json.loads(records[0]["after"])["reallocated"] is True

    unmatched = play_review.link_work(scene["plays"][8], "WRK-900001", "ops")
    assert (unmatched["status"], unmatched["chargeStatus"]) == ("matched", "charged")
    assert qa.unmatched_usage(0, 50, {}) == ([], 0)
    with pytest.raises(InvalidInput) as bad:
        play_review.link_work(scene["plays"][1], "REC-900001", "ops")  # a recording is not a work
    assert "workId" in bad.value.errors
    assert kind_total(graph, "pool") == Decimal("8.00")
    assert_ledger_consistent(graph)


def test_a_partner_pool_account_is_never_withdrawn(scene):
    with pytest.raises(InvalidInput) as refused:
        withdrawals.request_withdrawal({"requesterId": scene["ascap"]["participantId"], "amount": Decimal("1.00"),
                                        "currency": "GHS", "idempotencyKey": "w1"}, "finance")
    assert "partner society ASCAP" in refused.value.errors["requesterId"][0]


def test_a_suspended_agreement_stops_the_routing_to_the_partner(scene, graph, tmp_path):
    reciprocal_agreements.set_status(scene["agreement"]["agreementId"], "Suspended", "test")
    result = playlogs.import_file(play_log(tmp_path / "later.csv", [_play(9, "Harmattan", "Kofi", "GHA0C2400002")]),
                                  scene["station"]["stationId"], actor="ops")
    assert result["charged"] == 1
    later = next(p for p in play_review.list_plays(0, 50, recordingId=scene["ids"].r_kofi)[0]
                 if p["playedAt"].hour == 9)
    assert _reciprocal(later) == []
    assert {p["via"] for p in later["allocation"]} == {"owner"}  # Kofi's own performance share again
    assert balance(graph, scene["ascapPool"]) == Decimal("2.50")
