"""Reallocation on the real graph (issue 4 items 5 and 6): review confirm / relink / reject,
reprocessing after a split change effective in the past, suspense re-matching after the catalog
grew — exact micro-units, a balanced ledger, and history kept (old ALLOCATED edges and entries
still there, reversed, never edited)."""
from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from click.testing import CliRunner

from app.cli import main
from app.services import quality, reprocessing, review, splits, statements
from app.services.catalog import UnknownEntity
from app.services.catalog_import import import_catalog
from tests.graph.helpers import (
    allocations,
    assert_ledger_consistent,
    balances,
    ingest,
    load,
    participant,
    participant_ids,
    recording,
    wallet_balances,
    write_catalog,
    write_distrokid,
)

SUSPENSE = "ACC-SUSPENSE-USD"
SOURCE = "ACC-SOURCE-DISTROKID-USD"

# "Save Your Tears" by "Weeknd Trio" scores in the review band against The Weeknd's recording;
# the DistroKid parser needs an ISRC on song rows, so each carries one the catalog does not know.
REVIEW_ROW = {"Title": "Save Your Tears", "Artist": "Weeknd Trio", "ISRC": "QZAAA2400002", "Earnings (USD)": "4.00"}
UNKNOWN_ROW = {"Title": "Unknown Song", "Artist": "Nobody", "ISRC": "QZAAA2400003", "Earnings (USD)": "1.50"}


def weeknd_catalog() -> dict:
    """Save Your Tears (The Weeknd 70 % / the label 30 % of the master) and Blinding Lights
    (The Weeknd 100 %)."""
    return {"participants": [participant("weeknd", name="The Weeknd"), participant("label", "label")],
            "recordings": [recording("syt", "USUG12004749", title="Save Your Tears",
                                     performers=[{"participantRef": "weeknd", "role": "primary"}]),
                           recording("bl", "USUG11904206", title="Blinding Lights",
                                     performers=[{"participantRef": "weeknd", "role": "primary"}])],
            "ownership": [{"participantRef": "weeknd", "assetRef": "syt", "rightType": "master", "share": "70"},
                          {"participantRef": "label", "assetRef": "syt", "rightType": "master", "share": "30"},
                          {"participantRef": "weeknd", "assetRef": "bl", "rightType": "master", "share": "100"}]}


def query(graph, cypher: str, **params) -> list[dict]:
    records, _, _ = graph.execute_query(cypher, **params)
    return [r.data() for r in records]


def event(graph, event_id: str) -> dict:
    return query(graph, "MATCH (e:RoyaltyEvent {eventId: $id}) RETURN properties(e) AS e", id=event_id)[0]["e"]


def edges(graph, event_id: str) -> list[tuple]:
    """Every ALLOCATED edge of an event (live, reversed and reversing), in a stable order."""
    rows = query(graph, "MATCH (:RoyaltyEvent {eventId: $id})-[al:ALLOCATED]->(a:Account) "
                        "RETURN coalesce(a.participantId, a.accountId) AS who, al.amount AS amount, "
                        "al.reversedBy IS NOT NULL AS reversed, coalesce(al.reversal, false) AS reversal, "
                        "al.revision AS revision", id=event_id)
    return sorted((r["who"], r["amount"], r["reversed"], r["reversal"], r["revision"]) for r in rows)


def entry_kinds(graph) -> list[str]:
    return sorted(r["kind"] for r in query(graph, "MATCH (j:JournalEntry) RETURN j.kind AS kind"))


def audits(graph, action: str) -> list[dict]:
    return query(graph, "MATCH (a:AuditEvent {action: $action}) RETURN a.actor AS actor, a.entityId AS entity, "
                        "a.before AS before, a.after AS after ORDER BY a.auditId", action=action)


def rollup(graph, pid: str) -> dict[str | None, int]:
    return {r["rid"]: r["amount"] for r in query(
        graph, "MATCH (x:IncomeRollup {participantId: $pid}) RETURN x.recordingId AS rid, sum(x.amount) AS amount",
        pid=pid)}


def wallets(graph) -> dict[str, int]:
    """Wallet balances by participant, empty wallets left out."""
    return {pid: balance for pid, balance in wallet_balances(graph).items() if balance}


def recording_id(graph, title: str) -> str:
    return query(graph, "MATCH (r:Recording {title: $t}) RETURN r.recordingId AS id", t=title)[0]["id"]


@pytest.fixture
def queued(graph, tmp_path):
    """Line 2 waits for review (candidate Save Your Tears), line 3 is unmatched: 5.50 in suspense."""
    statement = load(tmp_path, [REVIEW_ROW, UNKNOWN_ROW], **weeknd_catalog())
    sid = statement["statementId"]
    assert allocations(graph, sid) == {2: {SUSPENSE: 4_000_000}, 3: {SUSPENSE: 1_500_000}}
    return statement, sid, participant_ids(graph)


def test_confirm_moves_the_line_from_suspense_to_the_owners(graph, queued):
    statement, sid, ids = queued
    result = review.review(f"{sid}:2", "confirm", actor="reviewer")

    syt = recording_id(graph, "Save Your Tears")
    assert allocations(graph, sid) == {2: {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}, 3: {SUSPENSE: 1_500_000}}
    assert balances(graph)[SUSPENSE] == 1_500_000
    assert wallets(graph) == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}
    assert result["movedMicro"] == 4_000_000 and len(result["entries"]) == 2
    assert sorted((a["participantId"], a["amount"]) for a in result["allocations"]) == [
        (ids["weeknd"], 2_800_000), (ids["label"], 1_200_000)]
    assert_ledger_consistent(graph)

    after = event(graph, f"{sid}:2")
    assert (after["recordingId"], after["assetId"], after["matchMethod"], after["matchConfidence"]) == (
        syt, syt, "manual", 1.0)
    assert after["allocationStatus"] == "allocated" and after["revision"] == 1
    assert (after["reviewAction"], after["reviewedBy"]) == ("confirm", "reviewer")
    assert "candidateRecordingId" not in after

    # history: the suspense edge kept and marked, mirrored by its reversal; the new edges
    assert edges(graph, f"{sid}:2") == sorted([
        (SUSPENSE, 4_000_000, True, False, None), (SUSPENSE, -4_000_000, False, True, 1),
        (ids["weeknd"], 2_800_000, False, False, 1), (ids["label"], 1_200_000, False, False, 1)])
    assert entry_kinds(graph) == ["reallocation", "reversal", "royalty_allocation"]
    posted = {r["kind"]: r["postings"] for r in query(
        graph, "MATCH (j:JournalEntry)-[p:POSTS]->(a:Account) WHERE j.kind IN ['reversal', 'reallocation'] "
               "WITH j, a, p ORDER BY a.accountId RETURN j.kind AS kind, collect([a.accountId, p.amount]) AS postings")}
    assert posted["reversal"] == [[SOURCE, 4_000_000], [SUSPENSE, -4_000_000]]
    assert sorted(posted["reallocation"]) == sorted([[SOURCE, -4_000_000], [result["allocations"][0]["accountId"],
                                                      result["allocations"][0]["amount"]],
                                                     [result["allocations"][1]["accountId"],
                                                      result["allocations"][1]["amount"]]])

    (trail,) = audits(graph, "royalty.review.confirm")
    assert trail["actor"] == "reviewer" and trail["entity"] == f"{sid}:2"
    before, after_audit = json.loads(trail["before"]), json.loads(trail["after"])
    assert (before["matchMethod"], before["candidateRecordingId"], before["parts"]) == (
        "fuzzy_review", syt, {"~suspense": 4_000_000})
    assert (after_audit["matchMethod"], after_audit["recordingId"], after_audit["revision"]) == ("manual", syt, 1)
    assert after_audit["parts"] == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}

    assert rollup(graph, ids["weeknd"]) == {syt: 2_800_000} and rollup(graph, ids["label"]) == {syt: 1_200_000}
    assert statements.review_queue(sid) == ([], 0)
    refreshed = statements.get(sid)
    assert (refreshed["linesMatched"], refreshed["linesUnmatched"]) == (1, 1)
    issues, _ = quality.list_issues(0, 10, kind="missing_money")
    assert issues[0]["witness"] == {"statementId": sid, "lines": 1, "micro": 1_500_000, "reviewLines": 0,
                                    "reviewMicro": 0}

    with pytest.raises(review.ReviewConflict):
        review.review(f"{sid}:2", "confirm")
    assert entry_kinds(graph) == ["reallocation", "reversal", "royalty_allocation"]


def test_relink_pays_the_chosen_recording_and_corrects_a_wrong_match(graph, queued):
    _, sid, ids = queued
    bl, syt = recording_id(graph, "Blinding Lights"), recording_id(graph, "Save Your Tears")
    review.review(f"{sid}:2", "relink", bl, actor="reviewer")
    assert allocations(graph, sid)[2] == {ids["weeknd"]: 4_000_000}

    # relinking a matched line again moves the money from the first owners to the second
    review.review(f"{sid}:2", "relink", syt, actor="reviewer")
    assert allocations(graph, sid)[2] == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}
    assert wallets(graph) == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}
    assert balances(graph)[SUSPENSE] == 1_500_000
    assert event(graph, f"{sid}:2")["revision"] == 2
    assert rollup(graph, ids["weeknd"]) == {bl: 0, syt: 2_800_000}
    assert len(edges(graph, f"{sid}:2")) == 1 + 1 + 1 + 1 + 2  # suspense ±, Blinding Lights ±, two live
    assert_ledger_consistent(graph)

    with pytest.raises(review.ReviewConflict):
        review.review(f"{sid}:2", "relink", syt)
    with pytest.raises(UnknownEntity, match="unknown recording REC-999999"):
        review.review(f"{sid}:3", "relink", "REC-999999")
    with pytest.raises(UnknownEntity, match=f"unknown statement line {sid}:99"):
        review.review(f"{sid}:99", "relink", syt)
    with pytest.raises(review.ReviewConflict):
        review.review(f"{sid}:3", "confirm")  # unmatched, not waiting for review
    assert len(audits(graph, "royalty.review.relink")) == 2


def test_reject_keeps_the_money_in_suspense_and_the_candidate_away(graph, queued, tmp_path):
    _, sid, ids = queued
    syt = recording_id(graph, "Save Your Tears")
    result = review.review(f"{sid}:2", "reject", actor="reviewer")
    assert result["entries"] == [] and result["movedMicro"] == 0
    after = event(graph, f"{sid}:2")
    assert (after["matchMethod"], after.get("recordingId"), after["rejectedRecordingId"]) == ("none", None, syt)
    assert after["allocationStatus"] == "unmatched" and after["revision"] == 1
    assert allocations(graph, sid)[2] == {SUSPENSE: 4_000_000}
    assert entry_kinds(graph) == ["royalty_allocation"]
    assert len(audits(graph, "royalty.review.reject")) == 1
    assert statements.review_queue(sid) == ([], 0)

    report = reprocessing.rematch_suspense(actor="beat")
    assert (report["examined"], report["matched"], report["changed"], report["releasedMicro"]) == (2, 0, 0, 0)
    assert event(graph, f"{sid}:2")["matchMethod"] == "none"

    # a reviewer may still link it by hand
    review.review(f"{sid}:2", "relink", syt)
    assert allocations(graph, sid)[2] == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}
    assert_ledger_consistent(graph)


def test_concurrent_confirms_move_the_money_once(graph, queued):
    _, sid, ids = queued
    outcomes = []

    def confirm():
        try:
            review.review(f"{sid}:2", "confirm")
            outcomes.append("ok")
        except review.ReviewConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    assert wallets(graph) == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}
    assert entry_kinds(graph) == ["reallocation", "reversal", "royalty_allocation"]
    assert_ledger_consistent(graph)


def split_catalog() -> dict:
    """Song A: artist 100 % of the master from 2020; Song B: artist 100 % (never changes)."""
    return {"participants": [participant("artist"), participant("producer", "producer")],
            "recordings": [recording("a", "QZAAA2400010", title="Song A"),
                           recording("b", "QZAAA2400011", title="Song B")],
            "ownership": [{"participantRef": "artist", "assetRef": "a", "rightType": "master", "share": "100"},
                          {"participantRef": "artist", "assetRef": "b", "rightType": "master", "share": "100"}]}


def test_reprocess_after_a_split_change_in_the_past_reverses_and_reposts_exactly(graph, tmp_path):
    statement = load(tmp_path, [
        {"ISRC": "QZAAA2400010", "Sale Month": "2024-05", "Earnings (USD)": "10.00"},   # before the change
        {"ISRC": "QZAAA2400010", "Sale Month": "2024-06", "Earnings (USD)": "1.000001"},  # after it
        {"ISRC": "QZAAA2400011", "Sale Month": "2024-06", "Earnings (USD)": "3.00"},
    ], **split_catalog())
    sid, ids = statement["statementId"], participant_ids(graph)
    song_a = recording_id(graph, "Song A")
    assert wallets(graph) == {ids["artist"]: 14_000_001}

    # the producer gets a third of Song A from 2024-06-01, agreed late
    splits.put_split(song_a, "master", dt.date(2024, 6, 1), [
        {"participantId": ids["artist"], "share": Decimal("66.6667"), "role": "artist"},
        {"participantId": ids["producer"], "share": Decimal("33.3333"), "role": "producer"}], "tester")
    assert wallets(graph) == {ids["artist"]: 14_000_001}  # nothing moves until reprocessed

    report = reprocessing.reprocess_statement(sid, actor="ops")
    # 1 000 001 µ × 66.6667 % = 666 667.67, × 33.3333 % = 333 333.33: the floors leave 1 µ, which
    # goes to the largest remainder
    assert allocations(graph, sid) == {2: {ids["artist"]: 10_000_000},
                                       3: {ids["artist"]: 666_668, ids["producer"]: 333_333},
                                       4: {ids["artist"]: 3_000_000}}
    assert wallets(graph) == {ids["artist"]: 13_666_668, ids["producer"]: 333_333}
    assert {k: report[k] for k in ("events", "changed", "rematched", "reversedMicro", "postedMicro", "movedMicro",
                                   "releasedMicro")} == {
        "events": 3, "changed": 1, "rematched": 0, "reversedMicro": 1_000_001, "postedMicro": 1_000_001,
        "movedMicro": 333_333, "releasedMicro": 0}
    assert len(report["entries"]) == 2
    assert edges(graph, f"{sid}:3") == sorted([
        (ids["artist"], 1_000_001, True, False, None), (ids["artist"], -1_000_001, False, True, 1),
        (ids["artist"], 666_668, False, False, 1), (ids["producer"], 333_333, False, False, 1)])
    assert rollup(graph, ids["producer"]) == {song_a: 333_333}
    assert rollup(graph, ids["artist"])[song_a] == 10_666_668
    assert statements.totals(sid)["allocatedMicro"] == statement["grossMicro"] == 14_000_001
    assert_ledger_consistent(graph)
    (trail,) = audits(graph, "statement.reprocessed")
    assert trail["actor"] == "ops" and json.loads(trail["after"])["changed"] == 1
    assert len(audits(graph, "statement.reprocess")) == 1  # one per changed event

    # the same again: nothing new
    again = reprocessing.reprocess_statement(sid, actor="ops")
    assert (again["events"], again["changed"], again["entries"]) == (3, 0, [])
    assert entry_kinds(graph) == ["reallocation", "reversal", "royalty_allocation"]
    assert wallets(graph) == {ids["artist"]: 13_666_668, ids["producer"]: 333_333}
    assert len(audits(graph, "statement.reprocessed")) == 1  # a run that changes nothing leaves no trace


def test_reprocess_refuses_an_unprocessed_statement(graph, tmp_path):
    path = write_distrokid(tmp_path / "s.tsv", [{"ISRC": "QZAAA2400010", "Earnings (USD)": "1"}])
    registered, _ = statements.register(path, path.name, "distrokid")
    with pytest.raises(reprocessing.StatementNotProcessed):
        reprocessing.reprocess_statement(registered["statementId"])
    with pytest.raises(statements.StatementNotFound):
        reprocessing.reprocess_statement("STM-999999")
    refused = CliRunner().invoke(main, ["statements", "reprocess", registered["statementId"]])
    assert refused.exit_code == 1
    assert f"statement {registered['statementId']} is registered, not processed" in refused.output
    for args in (["statements", "reprocess", "STM-999999"], ["suspense", "rematch", "--statement", "STM-999999"]):
        unknown = CliRunner().invoke(main, args)
        assert unknown.exit_code == 1 and "unknown statement STM-999999" in unknown.output


def test_suspense_rematch_releases_money_once_the_catalog_knows_the_recording(graph, tmp_path):
    statement = load(tmp_path, [
        {"ISRC": "QZAAA2400020", "Earnings (USD)": "2.50"},                    # unknown recording
        {"ISRC": "QZAAA2400021", "Earnings (USD)": "1.00"},                    # owned 60 % only
        {"ISRC": "QZAAA2400022", "Earnings (USD)": "0.75"},                    # nobody can claim it yet
    ], participants=[participant("artist"), participant("label", "label")],
        recordings=[recording("half", "QZAAA2400021", title="Half Owned")],
        ownership=[{"participantRef": "artist", "assetRef": "half", "rightType": "master", "share": "60"}])
    sid, ids = statement["statementId"], participant_ids(graph)
    assert balances(graph)[SUSPENSE] == 2_500_000 + 400_000 + 750_000

    # the catalog grows: the missing recording (artist 100 %) and the label's 40 % of Half Owned;
    # a catalog import re-matches suspense by itself
    import_catalog(write_catalog(
        tmp_path / "more.json", participants=[participant("artist"), participant("label", "label")],
        recordings=[recording("new", "QZAAA2400020", title="New Song"), recording("half", "QZAAA2400021",
                                                                             title="Half Owned")],
        ownership=[{"participantRef": "artist", "assetRef": "new", "rightType": "master", "share": "100"},
                   {"participantRef": "label", "assetRef": "half", "rightType": "master", "share": "40"}]))
    assert allocations(graph, sid) == {2: {ids["artist"]: 2_500_000},
                                       3: {ids["artist"]: 600_000, ids["label"]: 400_000},
                                       4: {SUSPENSE: 750_000}}
    assert balances(graph)[SUSPENSE] == 750_000
    assert wallets(graph) == {ids["artist"]: 3_100_000, ids["label"]: 400_000}
    assert event(graph, f"{sid}:2")["matchMethod"] == "isrc"
    assert statements.get(sid)["linesMatched"] == 2
    (trail,) = audits(graph, "suspense.rematched")
    assert json.loads(trail["after"])["releasedMicro"] == 2_900_000
    assert_ledger_consistent(graph)

    # nothing more to release: examined again, nothing changes
    report = reprocessing.rematch_suspense(actor="ops")
    assert {k: report[k] for k in ("examined", "matched", "changed", "releasedMicro", "entries")} == {
        "examined": 1, "matched": 0, "changed": 0, "releasedMicro": 0, "entries": []}
    again = CliRunner().invoke(main, ["suspense", "rematch", "--statement", sid])
    assert again.exit_code == 0, again.output
    assert "1 lines in suspense examined, 0 newly matched, 0 reallocated" in again.output
    assert "journal entries: none" in again.output
    issues, _ = quality.list_issues(0, 10, kind="missing_money")
    assert issues[0]["witness"]["lines"] == 1 and issues[0]["witness"]["micro"] == 750_000


def test_rematch_resolves_the_missing_money_issue_when_suspense_empties(graph, tmp_path):
    statement = load(tmp_path, [{"ISRC": "QZAAA2400030", "Earnings (USD)": "1.25"}],
                     participants=[participant("artist")])
    sid = statement["statementId"]
    issues, _ = quality.list_issues(0, 10, kind="missing_money", status="open")
    assert len(issues) == 1
    import_catalog(write_catalog(
        tmp_path / "more.json", participants=[participant("artist")],
        recordings=[recording("new", "QZAAA2400030", title="Found")],
        ownership=[{"participantRef": "artist", "assetRef": "new", "rightType": "master", "share": "100"}]))
    assert balances(graph)[SUSPENSE] == 0
    assert allocations(graph, sid) == {2: {participant_ids(graph)["artist"]: 1_250_000}}
    assert quality.list_issues(0, 10, kind="missing_money", status="open")[1] == 0
    assert_ledger_consistent(graph)


def test_a_statement_ingested_after_reprocessing_is_unaffected(graph, tmp_path):
    statement = load(tmp_path, [{"ISRC": "QZAAA2400010", "Earnings (USD)": "5"}], **split_catalog())
    reprocessing.reprocess_statement(statement["statementId"])
    second = ingest(write_distrokid(tmp_path / "second.tsv", [{"ISRC": "QZAAA2400011", "Earnings (USD)": "2"}]))
    assert second["status"] == "processed"
    assert sum(wallet_balances(graph).values()) == 7_000_000
    assert_ledger_consistent(graph)
