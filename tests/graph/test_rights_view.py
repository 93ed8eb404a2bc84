"""The rights graph view on the real graph: the territory-resolved split table is exactly what
``rights/owners_at`` pays, the per-scope table without a territory, edges ready to draw, and the
history of an entity's rights, newest first."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.services import audit, rights
from app.services.db import read, run, write

D = dt.date.fromisoformat
SALE = D("2024-07-01")

# (participant, asset, rightType, share millionths, territories, excluded, validFrom, validTo, status, agreementId)
SLICES = (
    ("PART-000001", "REC-000001", "master", 1_000_000, ["WORLD"], ["GH"], "2020-01-01", "2024-07-01", "superseded", None),
    ("PART-000002", "REC-000001", "master", 500_000, ["WORLD"], ["GH"], "2024-07-01", None, "active", "AGR-000001"),
    ("PART-000003", "REC-000001", "master", 500_000, ["WORLD"], ["GH"], "2024-07-01", None, "active", "AGR-000001"),
    ("PART-000004", "REC-000001", "master", 1_000_000, ["GH"], [], "2020-01-01", None, "active", None),
    # an extra European master slice from the sale on: DE then adds up to 150 %, FR too, US not
    ("PART-000005", "REC-000001", "master", 500_000, ["2EU"], [], "2024-07-01", None, "active", "AGR-000002"),
    ("PART-000006", "REC-000001", "neighbouring", 1_000_000, ["GH"], [], "2020-01-01", None, "active", None),
    ("PART-000007", "WRK-000001", "performance", 500_000, ["WORLD"], [], "2020-01-01", None, "active", None),
    ("PART-000008", "WRK-000001", "performance", 500_000, ["WORLD"], [], "2020-01-01", None, "active", None),
    ("PART-000007", "WRK-000001", "mechanical", 1_000_000, ["WORLD"], [], "2020-01-01", None, "active", None),
)


@pytest.fixture
def catalogue(graph) -> SimpleNamespace:
    """A recording sold on 2024-07-01 (outside Ghana), owned in Ghana by a local label, with a
    Europe-only slice, and its work with a writer and a publisher; a release containing it."""
    graph.execute_query(
        "UNWIND range(1, 8) AS i "
        "CREATE (:Participant {participantId: 'PART-00000' + i, name: 'P' + i, kinds: ['artist']})")
    graph.execute_query(
        "CREATE (w:Work {workId: 'WRK-000001', title: 'Song', iswc: 'T-034.524.680-1'}) "
        "CREATE (r:Recording {recordingId: 'REC-000001', title: 'Song', isrc: 'GHA0C2400001'})-[:RECORDING_OF]->(w) "
        "CREATE (:Release {releaseId: 'REL-000001', title: 'Album'})-[:CONTAINS {trackNumber: 1}]->(r) "
        "WITH r MATCH (p:Participant {participantId: 'PART-000004'}) CREATE (p)-[:PERFORMS_ON {role: 'primary'}]->(r) "
        "CREATE (p)-[:PARTY_TO {role: 'licensee'}]->(:Agreement {agreementId: 'AGR-000001', type: 'master_split'})"
        "-[:COVERS {validFrom: date('2024-07-01')}]->(r) "
        "CREATE (:Dispute {disputeId: 'DSP-000001', status: 'open'})-[:ABOUT]->(r)")
    graph.execute_query(
        "UNWIND $rows AS s "
        "MATCH (p:Participant {participantId: s[0]}) "
        "CALL (s) { MATCH (a:Recording {recordingId: s[1]}) RETURN a UNION MATCH (a:Work {workId: s[1]}) RETURN a } "
        "CREATE (p)-[:OWNS {rightType: s[2], role: 'owner', share: s[3], territories: s[4], excluded: s[5], "
        "validFrom: date(s[6]), validTo: CASE WHEN s[7] IS NULL THEN null ELSE date(s[7]) END, status: s[8], "
        "agreementId: s[9]}]->(a)", rows=[list(s) for s in SLICES])
    return SimpleNamespace(recording="REC-000001", work="WRK-000001", release="REL-000001")


def owners_at(asset_id: str, right_type: str, date: dt.date, country: str) -> Counter:
    rows = read(lambda tx: run(tx, "rights/owners_at", keys=[
        {"key": "k", "assetId": asset_id, "rightType": right_type, "date": date, "country": country}]))
    return Counter((r["participantId"], r["share"]) for r in rows)


def table_owners(row: dict) -> Counter:
    return Counter((o["participantId"], int(o["share"] * 10_000)) for o in row["owners"])


@pytest.mark.parametrize("as_of", ["2019-12-31", "2024-06-30", "2024-07-01", "2025-01-01"])
@pytest.mark.parametrize("country", ["DE", "FR", "GH", "US"])
def test_territory_table_is_exactly_what_owners_at_pays(catalogue, as_of, country):
    view = rights.graph_view(catalogue.recording, D(as_of), country)

    for row in view["effectiveSplits"]:
        assert row["territory"] == country and row["territories"] is None
        expected = owners_at(row["assetId"], row["rightType"], D(as_of), country)
        assert table_owners(row) == expected
        assert row["totalShare"] == Decimal(sum(s for (_, s) in expected.elements())) / 10_000
    # the effective OWNS edges are exactly the slices of the table
    effective = {e["id"] for e in view["edges"] if e["type"] == "OWNS" and e["effective"]}
    assert effective == {o["edgeId"] for row in view["effectiveSplits"] for o in row["owners"]}


def test_territory_table_values_across_the_sale(catalogue):
    def table(as_of, country):
        view = rights.graph_view(catalogue.recording, D(as_of), country)
        return {(r["assetId"], r["rightType"]): (sorted((o["participantId"], o["share"]) for o in r["owners"]),
                                                 r["totalShare"]) for r in view["effectiveSplits"]}

    assert table("2024-06-30", "DE") == {
        ("REC-000001", "master"): ([("PART-000001", 100)], 100),
        ("REC-000001", "neighbouring"): ([], 0),  # Ghana only: nobody in Germany
        ("WRK-000001", "mechanical"): ([("PART-000007", 100)], 100),
        ("WRK-000001", "performance"): ([("PART-000007", 50), ("PART-000008", 50)], 100)}
    after = table("2024-07-01", "DE")
    assert after[("REC-000001", "master")] == ([("PART-000002", 50), ("PART-000003", 50), ("PART-000005", 50)], 150)
    assert table("2024-07-01", "US")[("REC-000001", "master")] == ([("PART-000002", 50), ("PART-000003", 50)], 100)
    assert table("2024-07-01", "GH")[("REC-000001", "master")] == ([("PART-000004", 100)], 100)
    assert table("2019-12-31", "DE") == {}  # nothing in force yet


def test_owner_rows_carry_the_slice(catalogue):
    view = rights.graph_view(catalogue.recording, SALE, "US")
    [master] = [r for r in view["effectiveSplits"] if r["rightType"] == "master"]
    first = master["owners"][0]
    edge = next(e for e in view["edges"] if e["id"] == first["edgeId"])
    assert (edge["from"], edge["to"], edge["type"]) == ("PART-000002", "REC-000001", "OWNS")
    assert first == {"participantId": "PART-000002", "share": Decimal(50), "role": "owner", "territories": ["WORLD"],
                     "excluded": ["GH"], "validFrom": SALE, "validTo": None, "agreementId": "AGR-000001",
                     "edgeId": edge["id"]}


def test_without_territory_one_row_per_scope(catalogue):
    view = rights.graph_view(catalogue.recording, SALE)
    rows = {(r["assetId"], r["rightType"], tuple(r["territories"]), tuple(r["excluded"])):
            (sorted(o["participantId"] for o in r["owners"]), r["totalShare"]) for r in view["effectiveSplits"]}
    assert rows == {
        ("REC-000001", "master", ("WORLD",), ("GH",)): (["PART-000002", "PART-000003"], 100),
        ("REC-000001", "master", ("GH",), ()): (["PART-000004"], 100),
        ("REC-000001", "master", ("2EU",), ()): (["PART-000005"], 50),
        ("REC-000001", "neighbouring", ("GH",), ()): (["PART-000006"], 100),
        ("WRK-000001", "mechanical", ("WORLD",), ()): (["PART-000007"], 100),
        ("WRK-000001", "performance", ("WORLD",), ()): (["PART-000007", "PART-000008"], 100)}
    assert all(r["territory"] is None for r in view["effectiveSplits"])
    assert [r["assetId"] for r in view["effectiveSplits"]] == sorted(r["assetId"] for r in view["effectiveSplits"])


def test_the_subgraph_is_ready_to_draw(catalogue):
    view = rights.graph_view(catalogue.recording, SALE, "GH")
    ids = {n["id"] for n in view["nodes"]}
    assert ids == {"REC-000001", "WRK-000001", "REL-000001", "AGR-000001", "DSP-000001"} | {
        f"PART-00000{i}" for i in range(1, 9)}
    assert len(ids) == len(view["nodes"])  # each node once
    # + RECORDING_OF, CONTAINS, PERFORMS_ON, COVERS, ABOUT
    assert len({e["id"] for e in view["edges"]}) == len(view["edges"]) == len(SLICES) + 5
    assert all(e["from"] in ids and e["to"] in ids for e in view["edges"])
    recording_of = next(e for e in view["edges"] if e["type"] == "RECORDING_OF")
    assert (recording_of["from"], recording_of["to"], recording_of["effective"]) == ("REC-000001", "WRK-000001", True)
    # the ids are the relationships' elementIds: the same on every read
    again = rights.graph_view(catalogue.recording, D("2020-06-01"))
    assert {e["id"] for e in again["edges"]} == {e["id"] for e in view["edges"]}
    covers = next(e for e in view["edges"] if e["type"] == "COVERS")
    assert (covers["from"], covers["to"], covers["effective"]) == ("AGR-000001", "REC-000001", True)
    assert next(e for e in again["edges"] if e["type"] == "COVERS")["effective"] is False  # before it began
    ghana_only = {e["from"] for e in view["edges"] if e["type"] == "OWNS" and e["effective"]}
    assert ghana_only == {"PART-000004", "PART-000006", "PART-000007", "PART-000008"}


def test_unknown_entity(graph):
    with pytest.raises(rights.EntityNotFound):
        rights.graph_view("REC-999999", SALE)
    with pytest.raises(rights.EntityNotFound):
        rights.history("REC-999999", 0, 10)


# -- history ---------------------------------------------------------------------------------

def summary(events: list[dict]) -> list[tuple]:
    return [(e["kind"], e["date"].isoformat(), e["edge"]["from"] if e["edge"] else e["audit"]["action"])
            for e in events]


def test_history_is_newest_first(catalogue):
    write(lambda tx: audit.record(tx, "admin", "rights.relation.create", catalogue.recording, after={"x": 1}))
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()

    events, total = rights.history(catalogue.recording, 0, 50)

    assert total == len(events) == 8  # 6 slices opened, 1 superseded, 1 audit event
    assert summary(events) == [
        ("audit", today, "rights.relation.create"),
        ("opened", "2024-07-01", "PART-000002"), ("opened", "2024-07-01", "PART-000003"),
        ("opened", "2024-07-01", "PART-000005"),
        ("superseded", "2024-07-01", "PART-000001"),
        ("opened", "2020-01-01", "PART-000001"), ("opened", "2020-01-01", "PART-000004"),
        ("opened", "2020-01-01", "PART-000006")]
    assert [e["at"] for e in events] == sorted((e["at"] for e in events), reverse=True)
    sale = [e for e in events if e["date"] == SALE]
    assert [e["kind"] for e in sale] == ["opened", "opened", "opened", "superseded"]
    assert {e["agreementId"] for e in sale if e["kind"] == "opened"} == {"AGR-000001", "AGR-000002"}
    superseded = sale[-1]["edge"]
    assert (superseded["validFrom"], superseded["validTo"], superseded["share"], superseded["status"]) == (
        D("2020-01-01"), SALE, Decimal(100), "superseded")
    assert events[0]["audit"]["after"] == {"x": 1} and events[0]["agreementId"] is None


def test_history_pages(catalogue):
    events, total = rights.history(catalogue.recording, 0, 50)
    page2, total2 = rights.history(catalogue.recording, 3, 3)
    assert total2 == total and page2 == events[3:6]


def test_history_of_a_release_covers_its_tracks_and_a_participant_its_slices(catalogue):
    release, _ = rights.history(catalogue.release, 0, 50)
    recording, _ = rights.history(catalogue.recording, 0, 50)
    assert release == recording
    writer, total = rights.history("PART-000007", 0, 50)
    assert total == 2 and {(e["kind"], e["edge"]["to"], e["edge"]["rightType"]) for e in writer} == {
        ("opened", "WRK-000001", "performance"), ("opened", "WRK-000001", "mechanical")}


def test_a_closed_term_is_closed_not_superseded(catalogue, graph):
    graph.execute_query("MATCH (:Participant {participantId: 'PART-000006'})-[o:OWNS]->() "
                        "SET o.validTo = date('2030-01-01')")
    events, _ = rights.history(catalogue.recording, 0, 1)
    assert summary(events) == [("closed", "2030-01-01", "PART-000006")]
