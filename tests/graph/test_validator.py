"""The RightsGraphValidator on crafted splits in the real graph: every finding's witness exactly,
correct time-sliced and territory-split ownership left alone, disputes opened for conflicts
between parties, and re-runs that refresh and resolve issues instead of adding them."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.services import catalog, validation
from app.services.db import write

D = Decimal
START = dt.date(2020, 1, 1)
# The lowest ISO 3166-1 code: the rest-of-world representative when no slice names it.
ROW = "AD"


@pytest.fixture
def build(graph):
    """``build(participants={ref: kinds}, works=[ref], recordings=[ref], slices=[(participant,
    asset, rightType, share, extra)])`` → {ref: graph id}; slices start on START unless ``extra``
    says otherwise."""
    def make(participants: dict[str, list[str]], works=(), recordings=(), slices=()) -> dict[str, str]:
        def work(tx):
            ids = dict(catalog.upsert_participants(tx, [{"ref": r, "kinds": k, "name": r} for r, k in participants.items()],
                                                   "USD").ids)
            ids |= catalog.upsert_works(tx, [{"ref": r, "title": r} for r in works]).ids if works else {}
            ids |= catalog.upsert_recordings(tx, [{"ref": r, "title": r} for r in recordings]).ids if recordings else {}
            add_slices(tx, ids, slices)
            return ids
        return write(work)
    return make


def add_slices(tx, ids: dict[str, str], slices) -> None:
    catalog.add_ownership(tx, [{"participantId": ids[p], "assetId": ids[a], "rightType": right, "share": D(share),
                                "validFrom": START, **extra} for p, a, right, share, extra in slices])


def issues(driver) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (q:DataQualityIssue) RETURN q {.issueId, .key, .kind, .status, .entityId, .witness, .resolvedAt} AS q "
        "ORDER BY q.key")
    return [{**r["q"], "witness": json.loads(r["q"]["witness"])} for r in records]


def disputes_in_graph(driver) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (d:Dispute)-[:ABOUT]->(a) "
        "RETURN d {.disputeId, .status, .origin, .rightType, .issueId, "
        "          asset: coalesce(a.workId, a.recordingId), "
        "          involves: COLLECT { MATCH (d)-[:INVOLVES]->(p) RETURN p.participantId ORDER BY p.participantId }, "
        "          raisedBy: COLLECT { MATCH (d)-[:RAISED_BY]->(p) RETURN p.participantId }, "
        "          audits: COLLECT { MATCH (e:AuditEvent {entityId: d.disputeId}) RETURN e.action }} AS d "
        "ORDER BY d.disputeId")
    return [r["d"] for r in records]


def owner(pid: str, share: str, publisher: bool = False) -> dict:
    return {"participantId": pid, "share": D(share), "publisher": publisher}


def test_gap_is_reported_with_its_witness_and_recorded_as_an_issue(build, graph):
    ids = build({"writer": ["writer"]}, works=["w"], slices=[("writer", "w", "performance", "60", {})])
    w, writer = ids["w"], ids["writer"]

    summary = validation.validate(w)

    assert summary["assetsChecked"] == 1
    assert summary["findings"] == {"split_gap": 1, "split_overlap": 0, "publisher_share": 0}
    assert (summary["disputesOpened"], summary["resolved"], summary["issuesOmitted"]) == (0, 0, 0)
    [issue] = summary["issues"]
    assert issue["kind"] == "split_gap" and issue["entityId"] == w and issue["created"] is True
    assert issue["key"] == f"split_gap|{w}|performance|ROW|2020-01-01"
    assert issue["witness"] == {"assetId": w, "rightType": "performance", "country": ROW, "restOfWorld": True,
                                "date": "2020-01-01", "until": None, "total": D("60"), "owners": [owner(writer, "60")]}
    assert issue["message"] == (f"performance shares of {w} total 60 % in the rest of the world (e.g. AD) "
                                "from 2020-01-01: under 100 % (±0.06)")
    [stored] = issues(graph)
    assert (stored["issueId"], stored["status"], stored["kind"]) == (issue["issueId"], "open", "split_gap")
    assert stored["witness"] == {**issue["witness"], "total": 60, "owners": [{**owner(writer, "60"), "share": 60}]}
    assert disputes_in_graph(graph) == []


def test_within_the_cwr_tolerance_is_not_a_finding_and_no_owner_at_all_is_a_gap(build, graph):
    ids = build({"a": ["writer"], "b": ["writer"], "c": ["writer"], "gh": ["writer"]}, works=["w", "lonely"],
                slices=[("a", "w", "mechanical", "33.3333", {}), ("b", "w", "mechanical", "33.3333", {}),
                        ("c", "w", "mechanical", "33.3334", {}), ("a", "w", "performance", "99.94", {}),
                        ("gh", "lonely", "performance", "100", {"territories": ["GH"]})])

    assert validation.validate(ids["w"])["issues"] == []
    [issue] = validation.validate(ids["lonely"])["issues"]
    assert issue["message"] == f"no performance owner of {ids['lonely']} in the rest of the world (e.g. AD) from 2020-01-01"
    assert issue["witness"] == {"assetId": ids["lonely"], "rightType": "performance", "country": ROW,
                                "restOfWorld": True, "date": "2020-01-01", "until": None, "total": D("0"),
                                "owners": []}


def test_overlap_between_parties_opens_one_dispute_and_reruns_do_not_duplicate_it(build, graph):
    ids = build({"label": ["label"], "artist": ["artist"]}, recordings=["r"],
                slices=[("label", "r", "master", "60", {}),
                        ("artist", "r", "master", "50", {"validFrom": dt.date(2023, 1, 1)})])
    r, label, artist = ids["r"], ids["label"], ids["artist"]

    first = validation.validate(r, actor="tester")

    assert first["findings"] == {"split_gap": 1, "split_overlap": 1, "publisher_share": 0}
    gap, overlap = first["issues"]
    assert gap["witness"] == {"assetId": r, "rightType": "master", "country": ROW, "restOfWorld": True,
                              "date": "2020-01-01", "until": "2023-01-01", "total": D("60"),
                              "owners": [owner(label, "60")]}
    assert overlap["witness"] == {"assetId": r, "rightType": "master", "country": ROW, "restOfWorld": True,
                                  "date": "2023-01-01", "until": None, "total": D("110"),
                                  "owners": [owner(label, "60"), owner(artist, "50")]}
    assert first["disputesOpened"] == 1
    [dispute] = disputes_in_graph(graph)
    assert dispute == {"disputeId": first["disputeIds"][0], "status": "open", "origin": "validator",
                       "rightType": "master", "issueId": overlap["issueId"], "asset": r,
                       "involves": sorted([label, artist]), "raisedBy": [], "audits": ["dispute.open"]}

    again = validation.validate(r)
    assert again["disputesOpened"] == 0 and len(disputes_in_graph(graph)) == 1
    assert [(i["issueId"], i["created"]) for i in again["issues"]] == [(gap["issueId"], False),
                                                                        (overlap["issueId"], False)]
    assert len(issues(graph)) == 2


def test_one_participant_holding_too_much_is_an_overlap_but_not_a_dispute(build, graph):
    ids = build({"label": ["label"]}, recordings=["r"],
                slices=[("label", "r", "master", "60", {}), ("label", "r", "master", "50", {})])

    summary = validation.validate(ids["r"])

    assert summary["findings"]["split_overlap"] == 1
    assert summary["disputesOpened"] == 0 and disputes_in_graph(graph) == []


def test_publishers_over_half_of_the_performance_right_break_the_cwr_rule(build, graph):
    ids = build({"writer": ["writer"], "pub": ["publisher"], "admin": ["writer"]}, works=["w"],
                slices=[("writer", "w", "performance", "40", {}), ("pub", "w", "performance", "45", {}),
                        ("admin", "w", "performance", "15", {"role": "administrator"}),
                        ("pub", "w", "mechanical", "100", {})])  # the 50 % rule is about performance only
    w = ids["w"]

    summary = validation.validate(w)

    assert summary["findings"] == {"split_gap": 0, "split_overlap": 0, "publisher_share": 1}
    [issue] = summary["issues"]
    assert issue["key"] == f"publisher_share|{w}|performance|ROW|2020-01-01"
    assert issue["witness"] == {"assetId": w, "rightType": "performance", "country": ROW, "restOfWorld": True,
                                "date": "2020-01-01", "until": None, "total": D("100"), "publisherTotal": D("60"),
                                "owners": [owner(ids["writer"], "40"), owner(ids["pub"], "45", True),
                                           owner(ids["admin"], "15", True)]}
    assert issue["message"] == (f"publishers hold 60 % of the performance right of {w} in the rest of the world "
                                "(e.g. AD) from 2020-01-01: CWR allows at most 50 %")


def test_time_sliced_and_territory_split_ownership_that_adds_up_is_not_reported(build, graph):
    build(
        {"old": ["writer"], "new1": ["writer"], "new2": ["writer"], "label": ["label"], "local": ["label"],
         "eu": ["label"]},
        works=["w"], recordings=["r", "r-eu"],
        slices=[("old", "w", "performance", "100", {"validTo": dt.date(2024, 7, 1)}),
                ("new1", "w", "performance", "50", {"validFrom": dt.date(2024, 7, 1)}),
                ("new2", "w", "performance", "50", {"validFrom": dt.date(2024, 7, 1)}),
                ("label", "r", "master", "100", {"excluded": ["GH"]}),
                ("local", "r", "master", "100", {"territories": ["GH"]}),
                ("label", "r-eu", "master", "100", {"excluded": ["2EN"]}),  # the European Union
                ("eu", "r-eu", "master", "100", {"territories": ["2EN"]})])

    summary = validation.validate()

    assert summary["assetsChecked"] == 3
    assert summary["findings"] == {"split_gap": 0, "split_overlap": 0, "publisher_share": 0}
    assert summary["issues"] == [] and issues(graph) == []


def test_territory_and_time_witnesses_name_the_country_and_the_first_date(build, graph):
    ids = build({"eu": ["label"], "de": ["label"], "gh1": ["label"], "gh2": ["label"], "rest": ["label"]},
                recordings=["r"],
                slices=[("eu", "r", "master", "100", {"territories": ["2EN"]}),
                        ("de", "r", "master", "100", {"territories": ["DE"], "validFrom": dt.date(2022, 3, 1)}),
                        ("rest", "r", "master", "70", {"excluded": ["2EN", "GH"]}),
                        ("gh1", "r", "master", "100", {"territories": ["GH"], "validTo": dt.date(2021, 1, 1)}),
                        ("gh2", "r", "master", "100", {"territories": ["GH"], "validFrom": dt.date(2021, 1, 1)})])
    r = ids["r"]

    found = [(i["kind"], i["witness"]["country"], i["witness"]["date"], i["witness"]["until"], i["witness"]["total"])
             for i in validation.validate(r)["issues"]]

    # DE: 100 % (EU) until the German deal adds 100 % more; AT stands for the rest of the EU and is
    # fine; GH changes hands in 2021 and stays at 100 %; the rest of the world is short by 30 %, and
    # GH's change of hands does not split that finding in two.
    assert found == [("split_gap", ROW, "2020-01-01", None, D("70")),
                     ("split_overlap", "DE", "2022-03-01", None, D("200"))]


def test_rerun_refreshes_open_issues_and_resolves_those_no_longer_found(build, graph):
    ids = build({"a": ["writer"], "b": ["writer"]}, works=["w", "v"],
                slices=[("a", "w", "performance", "60", {}), ("a", "v", "performance", "70", {})])
    first = validation.validate()
    assert first["findings"]["split_gap"] == 2 and first["resolved"] == 0
    w_issue = next(i for i in first["issues"] if i["entityId"] == ids["w"])

    write(add_slices, ids, [("b", "w", "performance", "40", {})])  # w now adds up
    one = validation.validate(ids["w"])
    assert (one["issues"], one["resolved"]) == ([], 1)
    by_key = {i["key"]: i for i in issues(graph)}
    assert by_key[w_issue["key"]]["status"] == "resolved" and by_key[w_issue["key"]]["resolvedAt"] is not None
    assert sorted(i["status"] for i in by_key.values()) == ["open", "resolved"]

    write(add_slices, ids, [("b", "v", "performance", "30", {})])  # v too: the whole-graph run resolves it
    whole = validation.validate(page_size=1)
    assert (whole["assetsChecked"], whole["resolved"], whole["issues"]) == (2, 1, [])
    assert sorted(i["status"] for i in issues(graph)) == ["resolved", "resolved"]


def test_an_issue_found_again_after_resolution_is_reopened_not_duplicated(build, graph):
    ids = build({"a": ["writer"], "b": ["writer"]}, works=["w"], slices=[("a", "w", "performance", "60", {})])
    [first] = validation.validate(ids["w"])["issues"]
    write(add_slices, ids, [("b", "w", "performance", "40", {"validTo": dt.date(2030, 1, 1)})])
    assert validation.validate(ids["w"])["resolved"] == 1

    # From 2030 b's slice has ended: a new gap, under a new key; the 2020 one stays resolved.
    [later] = validation.validate(ids["w"])["issues"]
    assert later["key"] == f"split_gap|{ids['w']}|performance|ROW|2030-01-01" and later["issueId"] != first["issueId"]
    assert {i["key"]: i["status"] for i in issues(graph)} == {first["key"]: "resolved", later["key"]: "open"}


def test_whole_graph_pages_cover_every_asset_and_an_active_dispute_suppresses_a_new_one(build, graph):
    ids = build({"a": ["label"], "b": ["label"]}, works=["w"], recordings=["r1", "r2", "r3"],
                slices=[("a", "r1", "master", "100", {}), ("b", "r1", "master", "100", {}),
                        ("a", "r2", "master", "100", {}), ("b", "r2", "master", "100", {}),
                        ("a", "r3", "master", "100", {}), ("a", "w", "performance", "100", {})])
    from app.services import disputes
    manual = disputes.open_dispute({"assetId": ids["r2"], "reason": "b claims the master", "raisedBy": ids["b"],
                                    "involves": [ids["a"]]}, actor="tester")

    summary = validation.validate(page_size=2)

    assert summary["assetsChecked"] == 4
    assert summary["findings"] == {"split_gap": 0, "split_overlap": 2, "publisher_share": 0}
    assert summary["disputesOpened"] == 1
    opened = {d["asset"]: d for d in disputes_in_graph(graph)}
    assert set(opened) == {ids["r1"], ids["r2"]}
    assert opened[ids["r2"]]["disputeId"] == manual["disputeId"]
    assert opened[ids["r1"]]["origin"] == "validator"


def test_unknown_asset_raises(graph):
    with pytest.raises(validation.AssetNotFound):
        validation.validate("REC-999999")
