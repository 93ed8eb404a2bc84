"""Mandate precedence on the real graph (``cypher/rights/mandate_at``): a local direct deal beats an
active reciprocal mandate, which beats none (suspense); conflicts are DataQualityIssues, never
guessed; repertoire-level mandates follow ownership; time and territory scope every mandate.
COLLECTS edges are written by ``collects.add_collects`` (validated, audited)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.services import collects, mandates
from app.services.catalog import add_ownership, upsert_participants, upsert_works
from app.services.db import write

D = dt.date
JULY = D(2024, 7, 1)


def society(driver, code: str, country: str) -> str:
    """The Society ``code`` (the seeded one when ``db init`` seeds it)."""
    driver.execute_query("MERGE (s:Society {code: $code}) ON CREATE SET s.name = $code, s.type = 'PRO', "
                         "s.country = $country", code=code, country=country)
    return code


def mandate(collector: str, target: str, basis: str = "direct", **fields) -> dict:
    return {"collectorId": collector, "targetId": target, "rightType": "performance", "basis": basis,
            "validFrom": D(2020, 1, 1), **fields}


def add(*rows: dict) -> list[dict]:
    return collects.create_collects(list(rows), "test")


def who(work: str, territory: str, date: dt.date = JULY, right: str = "performance") -> dict:
    return mandates.resolve_one(work, territory, date, right)


def summary(result: dict) -> tuple:
    collector = result["collector"]["id"] if result["collector"] else None
    via = result["mandate"]["via"] if result["mandate"] else None
    return result["outcome"], collector, via


@pytest.fixture
def cat(graph):
    """Writer W and publisher P own work X's performance right 50/50 world-wide; W alone owns
    Z; nobody owns Y. Admins A and B, local publisher L; societies GHAMRO and ASCAP."""
    def build(tx):
        people = upsert_participants(tx, [{"ref": r, "kinds": [k], "name": r} for r, k in
                                          (("W", "writer"), ("P", "publisher"), ("A", "admin"), ("B", "admin"),
                                           ("L", "publisher"))], "USD").ids
        works = upsert_works(tx, [{"ref": r, "title": r} for r in ("X", "Y", "Z")]).ids
        add_ownership(tx, [{"participantId": people[p], "assetId": works[w], "rightType": "performance",
                            "share": Decimal(s), "validFrom": D(2020, 1, 1)}
                           for p, w, s in (("W", "X", 50), ("P", "X", 50), ("W", "Z", 100))])
        return people, works
    people, works = write(build)
    return SimpleNamespace(**people, **works, GHAMRO=society(graph, "GHAMRO", "GH"), ASCAP=society(graph, "ASCAP", "US"))


def test_direct_deal_beats_reciprocal_mandate_which_beats_none(cat):
    add(mandate(cat.GHAMRO, cat.W, "reciprocal", territories=["2AF"], feePercent="20"),
        mandate(cat.L, cat.X, "direct", territories=["GH"], feePercent=Decimal("12.5"), agreementId="AGR-000001"))

    ghana = who(cat.X, "GH")
    assert summary(ghana) == ("direct", cat.L, "work")
    assert ghana["mandate"] == {"basis": "direct", "feePercent": Decimal("12.5"), "agreementId": "AGR-000001",
                                "via": "work", "forParticipantId": None, "validFrom": D(2020, 1, 1), "validTo": None}
    assert ghana["collector"] == {"id": cat.L, "kind": "participant", "name": "L", "societyCode": None}

    nigeria = who(cat.X, "NG")  # the direct deal is GH-only: the reciprocal mandate over W's repertoire applies
    assert summary(nigeria) == ("reciprocal", "GHAMRO", "participant")
    assert nigeria["collector"]["kind"] == "society" and nigeria["mandate"]["forParticipantId"] == cat.W
    assert nigeria["mandate"]["feePercent"] == Decimal(20)

    france = who(cat.X, "FR")  # no mandate covers France
    assert (france["outcome"], france["collector"], france["mandate"], france["conflicting"], france["issueId"]) == \
        ("suspense", None, None, [], None)
    assert summary(who(cat.Y, "GH")) == ("suspense", None, None)  # no owner, no mandate


def test_an_administrator_is_a_direct_deal(cat):
    add(mandate(cat.ASCAP, cat.P, "reciprocal"), mandate(cat.A, cat.P, "admin", territories=["US"]))
    assert summary(who(cat.X, "US")) == ("direct", cat.A, "participant")
    assert summary(who(cat.X, "CA")) == ("reciprocal", "ASCAP", "participant")


def test_two_direct_collectors_are_a_conflict_logged_once(cat, graph):
    add(mandate(cat.A, cat.P, "admin"), mandate(cat.B, cat.X, "direct", territories=["2AF"]),
        mandate(cat.GHAMRO, cat.W, "reciprocal"))

    first = who(cat.X, "GH")
    assert (first["outcome"], first["collector"], first["mandate"]) == ("conflict", None, None)
    assert sorted(c["collector"]["id"] for c in first["conflicting"]) == sorted([cat.A, cat.B])
    assert first["conflicting"][0]["mandate"]["via"] == "work"  # the work's own deal listed first
    assert summary(who(cat.X, "FR")) == ("direct", cat.A, "participant")  # B's deal is Africa-only

    again = mandates.resolve([{"workId": cat.X, "territory": t, "date": d, "rightType": "performance"}
                              for t, d in (("GH", JULY), ("NG", D(2023, 1, 1)), ("KE", JULY))])
    assert {r["issueId"] for r in again} == {first["issueId"]}
    records, _, _ = graph.execute_query(
        "MATCH (q:DataQualityIssue {kind: 'mandate_conflict'}) RETURN q.issueId AS id, q.key AS key, "
        "q.entityId AS entity, q.status AS status, q.witness AS witness")
    assert len(records) == 1
    issue = records[0]
    assert (issue["id"], issue["entity"], issue["status"]) == (first["issueId"], cat.X, "open")
    assert issue["key"] == f"mandate_conflict|{cat.X}|performance|direct|{'+'.join(sorted([cat.A, cat.B]))}"
    assert '"country": "GH"' in issue["witness"]


def test_two_reciprocal_societies_conflict_but_one_society_on_two_paths_does_not(cat):
    add(mandate(cat.GHAMRO, cat.W, "reciprocal"), mandate(cat.GHAMRO, cat.X, "reciprocal", territories=["GH"]))
    assert summary(who(cat.X, "GH")) == ("reciprocal", "GHAMRO", "work")  # same collector twice: no conflict
    add(mandate(cat.ASCAP, cat.P, "reciprocal", territories=["2AF"]))
    result = who(cat.X, "GH")
    assert result["outcome"] == "conflict"
    assert {c["collector"]["id"] for c in result["conflicting"]} == {"GHAMRO", "ASCAP"}


def test_a_repertoire_mandate_follows_ownership_in_time_and_territory(cat):
    # P sells its half of X to L on 2024-07-01; P's administrator A stops collecting X then.
    def sell(tx):
        tx.run("MATCH (:Participant {participantId: $p})-[o:OWNS]->(:Work {workId: $x}) "
               "SET o.validTo = $d, o.status = 'superseded'", p=cat.P, x=cat.X, d=JULY).consume()
        add_ownership(tx, [{"participantId": cat.L, "assetId": cat.X, "rightType": "performance",
                            "share": Decimal(50), "validFrom": JULY, "territories": ["WORLD"], "excluded": ["GH"]}])
    write(sell)
    add(mandate(cat.A, cat.P, "admin"), mandate(cat.B, cat.L, "admin"))

    assert summary(who(cat.X, "US", D(2024, 6, 30))) == ("direct", cat.A, "participant")
    assert summary(who(cat.X, "US", JULY)) == ("direct", cat.B, "participant")
    assert summary(who(cat.X, "GH", JULY)) == ("suspense", None, None)  # L does not own X in Ghana
    assert summary(who(cat.Z, "US", JULY)) == ("suspense", None, None)  # A and B hold nothing of Z
    assert summary(who(cat.X, "US", JULY, "mechanical")) == ("suspense", None, None)  # other right type


def test_mandates_are_scoped_in_time_territory_and_status(cat):
    add(mandate(cat.A, cat.X, "direct", territories=["2AF"], excluded=["NG"], validFrom=D(2021, 1, 1),
                validTo=D(2024, 1, 1)),
        mandate(cat.B, cat.X, "direct", territories=["WORLD"], status="suspended"),
        mandate(cat.GHAMRO, cat.X, "reciprocal", territories=["WORLD"], validFrom=D(2022, 1, 1)))

    assert summary(who(cat.X, "GH", D(2020, 12, 31))) == ("suspense", None, None)
    assert summary(who(cat.X, "GH", D(2021, 1, 1))) == ("direct", cat.A, "work")
    assert summary(who(cat.X, "GH", D(2023, 12, 31))) == ("direct", cat.A, "work")
    assert summary(who(cat.X, "GH", D(2024, 1, 1))) == ("reciprocal", "GHAMRO", "work")  # validTo is exclusive
    assert summary(who(cat.X, "NG", D(2023, 6, 1))) == ("reciprocal", "GHAMRO", "work")  # excluded country
    assert summary(who(cat.X, "KE", D(2021, 6, 1))) == ("direct", cat.A, "work")  # inside 2AF
    assert summary(who(cat.X, "DE", D(2021, 6, 1))) == ("suspense", None, None)  # B's deal is suspended


def test_batch_results_keep_the_input_order_and_unknown_works_are_named(cat):
    add(mandate(cat.GHAMRO, cat.W, "reciprocal"))
    items = [{"workId": w, "territory": "GH", "date": JULY, "rightType": "performance"} for w in (cat.Y, cat.Z, cat.X)]
    results = mandates.resolve([*items, items[1], items[0]])  # repeated items are resolved once, answered each time
    assert [(r["workId"], r["outcome"]) for r in results] == [(cat.Y, "suspense"), (cat.Z, "reciprocal"),
                                                              (cat.X, "reciprocal"), (cat.Z, "reciprocal"),
                                                              (cat.Y, "suspense")]
    with pytest.raises(mandates.UnknownWorks) as unknown:
        mandates.resolve([*items, {**items[0], "workId": "WRK-999999"}, {**items[0], "workId": "nope"}])
    assert unknown.value.missing == {3: "WRK-999999", 4: "nope"}


def test_add_collects_reports_every_problem_and_writes_nothing(cat, graph):
    rows = [mandate(cat.A, cat.X, "direct", territories=["GH", "EU"], validTo=D(2019, 1, 1), feePercent="101"),
            mandate("PART-999999", "WRK-999999", "direct"),
            mandate(cat.L, cat.X, "reciprocal", rightType="master"),
            mandate(cat.A, cat.A, "admin"),
            mandate(cat.GHAMRO, cat.X, "reciprocal")]  # valid
    with pytest.raises(collects.InvalidCollects) as invalid:
        add(*rows)
    errors = invalid.value.errors
    assert set(errors) == {0, 1, 2, 3}
    assert set(errors[0]) == {"territories", "validTo", "feePercent"}
    assert set(errors[1]) == {"collectorId", "targetId"}
    assert set(errors[2]) == {"basis", "rightType"}
    assert set(errors[3]) == {"targetId"}
    records, _, _ = graph.execute_query("MATCH ()-[m:COLLECTS]->() RETURN count(m) AS n")
    assert records[0]["n"] == 0


def test_add_collects_audits_each_new_edge_and_never_duplicates_one(cat, graph):
    row = mandate(cat.A, cat.P, "admin", territories=["US", "CA"], feePercent="15.50", agreementId="AGR-000007")
    first = add(row, row, mandate(cat.GHAMRO, cat.X, "reciprocal"))
    assert [r["created"] for r in first] == [True, False, True]
    assert first[0]["feePercent"] == Decimal("15.50") and first[0]["status"] == "active"
    assert [r["created"] for r in add(row)] == [False]
    records, _, _ = graph.execute_query(
        "MATCH (c)-[m:COLLECTS]->(t) RETURN coalesce(c.participantId, c.code) AS c, t.participantId AS p, "
        "t.workId AS w, m.feePercent AS fee, m.territories AS terr, m.excluded AS exc, m.status AS status ORDER BY c")
    assert [r.data() for r in records] == [
        {"c": "GHAMRO", "p": None, "w": cat.X, "fee": None, "terr": ["WORLD"], "exc": [], "status": "active"},
        {"c": cat.A, "p": cat.P, "w": None, "fee": "15.5", "terr": ["US", "CA"], "exc": [], "status": "active"}]
    audits, _, _ = graph.execute_query(
        "MATCH (a:AuditEvent {action: 'rights.collects.create'}) RETURN a.entityId AS entity, a.actor AS actor "
        "ORDER BY entity")
    assert [(r["entity"], r["actor"]) for r in audits] == sorted([(cat.P, "test"), (cat.X, "test")])
