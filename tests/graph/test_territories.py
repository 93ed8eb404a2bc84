"""Territories on the real graph: the seed (ISO countries, WORLD, CISAC TIS groups and their TIS
numeric codes), the PART_OF closure, and include/exclude resolution through regions — for the
resolver and for ownership (``rights/owners_at``)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from marshmallow import ValidationError

import cypher
from app.services import territories
from app.services.catalog import add_ownership, upsert_participants, upsert_works
from app.services.db import read, run, write
from graph.territories import territory_rows
from importers.catalog import OwnershipRecord
from importers.territory_codes import code_for_tis

EU_2024 = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
           "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}


def ancestors(driver, code: str) -> set[str]:
    records, _, _ = driver.execute_query(
        "MATCH (:Territory {code: $code})-[:PART_OF*1..]->(a:Territory) RETURN collect(DISTINCT a.code) AS codes",
        code=code)
    return set(records[0]["codes"])


def test_known_countries_and_groups_carry_their_tis_numeric_codes(graph):
    records, _, _ = graph.execute_query(
        "MATCH (t:Territory) WHERE t.code IN $codes RETURN t.code AS code, t.tisCode AS tis, t.kind AS kind",
        codes=["GH", "NG", "US", "DE", "GB", "FR", "WORLD", "2AF", "2EN", "GI", "OU"])
    found = {r["code"]: (r["tis"], r["kind"]) for r in records}
    assert found == {"GH": (288, "country"), "NG": (566, "country"), "US": (840, "country"), "DE": (276, "country"),
                     "GB": (826, "country"), "FR": (250, "country"), "WORLD": (2136, "world"),
                     "2AF": (2100, "region"), "2EN": (2123, "region"),
                     "GI": (None, "country"),  # TIS reports Gibraltar under the United Kingdom
                     "OU": (None, "region")}
    assert [code_for_tis(t) for t in ("0288", 840, "2136", 2123, 810)] == ["GH", "US", "WORLD", "2EN", None]


def test_part_of_closure_reaches_world_from_everywhere_without_cycles(graph):
    records, _, _ = graph.execute_query(
        "MATCH (t:Territory) WHERE t.code <> 'WORLD' "
        "RETURN count(t) AS all, count(CASE WHEN EXISTS { (t)-[:PART_OF*1..]->(:Territory {code: 'WORLD'}) } THEN 1 END) AS inWorld, "
        "count(CASE WHEN EXISTS { (t)-[:PART_OF*1..]->(t) } THEN 1 END) AS cyclic")
    assert records[0]["all"] == records[0]["inWorld"] == len(territory_rows()) - 1
    assert records[0]["cyclic"] == 0
    assert ancestors(graph, "GH") == {"2AF", "2CF", "2CO", "WORLD"}  # Africa; Commonwealth (African territories)
    assert {"2EN", "2EM", "2EC", "2EU", "WORLD"} <= ancestors(graph, "DE")
    assert "2EN" not in ancestors(graph, "GB")  # left the EU on 2020-01-31
    assert ancestors(graph, "2CA") == {"2AC", "2AM", "WORLD"}  # Central America ⊂ American continent ⊂ America
    assert ancestors(graph, "OU") == {"WORLD"}


def test_eu_members_are_exactly_the_countries_inside_2EN(graph):
    rows, total = territories.list_territories(0, 100, kind="country", part_of="2EN")
    assert total == 27
    assert {r["code"] for r in rows} == EU_2024


@pytest.mark.parametrize("country, included, excluded, matches, path", [
    ("GH", ["WORLD"], ["GH", "NG"], False, ["GH"]),
    ("NG", ["WORLD"], ["GH"], True, ["NG", "2AF", "WORLD"]),
    ("DE", ["2EN"], [], True, ["DE", "2EN"]),
    ("GB", ["2EN"], [], False, []),
    ("FR", ["WORLD"], ["2EN"], False, ["FR", "2EN"]),
    ("GH", ["WORLD"], ["2EN"], True, ["GH", "2AF", "WORLD"]),
    ("GH", ["2AF"], ["2CO"], False, ["GH", "2CF", "2CO"]),
    ("KE", ["2AF", "US"], [], True, ["KE", "2AF"]),
    ("OU", ["WORLD"], ["US"], True, ["OU", "WORLD"]),
    ("OU", ["2AM"], [], False, []),
])
def test_a_country_resolves_against_include_and_exclude_lists_through_regions(graph, country, included, excluded,
                                                                              matches, path):
    result = territories.resolve(country, included, excluded)
    assert (result["matches"], result["path"]) == (matches, path)


def test_resolving_an_unknown_country_raises(graph):
    with pytest.raises(territories.UnknownTerritory):
        territories.resolve("XX", ["WORLD"], [])


def test_an_ownership_slice_scoped_to_a_region_pays_its_members_only(graph):
    record = OwnershipRecord().load({"participantRef": "p", "assetRef": "w", "rightType": "performance",
                                     "share": "100", "territories": ["2EN"], "excluded": ["FR"],
                                     "validFrom": "2020-01-01"})
    with pytest.raises(ValidationError) as bad:
        OwnershipRecord().load({**record, "territories": ["EU", "2XX"], "validFrom": "2020-01-01"})
    assert set(bad.value.messages["territories"]) == {0, 1}

    def build(tx):
        pid = upsert_participants(tx, [{"kinds": ["publisher"], "name": "EU Publisher"}], "USD").ids["0"]
        wid = upsert_works(tx, [{"title": "Song"}]).ids["0"]
        add_ownership(tx, [{**record, "participantId": pid, "assetId": wid, "share": Decimal(100)}])
        return pid, wid
    pid, wid = write(build)
    keys = [{"key": c, "assetId": wid, "rightType": "performance", "date": dt.date(2024, 7, 1), "country": c}
            for c in ("DE", "FR", "GB", "GH")]
    rows = read(lambda tx: run(tx, "rights/owners_at", keys=keys))
    assert [(r["key"], r["participantId"], r["share"]) for r in rows] == [("DE", pid, 1_000_000)]


def test_reseeding_removes_a_part_of_edge_the_tis_structure_no_longer_lists(graph):
    graph.execute_query("MATCH (gb:Territory {code: 'GB'}), (eu:Territory {code: '2EN'}) MERGE (gb)-[:PART_OF]->(eu)")
    assert "2EN" in ancestors(graph, "GB")
    records, _, _ = graph.execute_query(cypher.load("schema/seed_territories"), territories=territory_rows())
    assert records[0]["written"] == len(territory_rows())
    assert "2EN" not in ancestors(graph, "GB")
    assert ancestors(graph, "GH") == {"2AF", "2CF", "2CO", "WORLD"}
