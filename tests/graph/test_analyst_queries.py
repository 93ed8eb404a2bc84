"""The analysts' ready questions (``cypher/analyst/``) on a small real graph: each file runs
unchanged, as Neo4j Browser would run it — its parameters set from the ``:param`` lines of its
header — and answers with the values expected of the graph below."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

import cypher
from app.services import audit
from app.services.db import read, run, write
from tests.graph.helpers import ingest, write_distrokid

ANALYST = Path(cypher.ROOT) / "analyst"
QUERIES = sorted(p.stem for p in ANALYST.glob("*.cypher"))
PARAM_LINE = re.compile(r"^//\s+:param (\w+) => (.+?)(?:\s+//.*)?$")
TODAY = dt.datetime.now(dt.timezone.utc).date()

BLOCK_TALK, KUMASI_RAIN, UNKNOWN_ISRC = "GHA0C2400001", "GHA0C2400002", "GHA0C2499999"
PARTICIPANTS = (  # id, name, kinds, country, IPI
    ("PART-000001", "Big Homie Cash", ["artist"], "GH", None),
    ("PART-000002", "Ama Writer", ["writer"], "GH", "00000000199"),
    ("PART-000003", "Gold Coast Songs", ["publisher"], "GH", None),
    ("PART-000004", "Osu Records", ["label"], "GH", None),
)
# participant, asset, right type, share (millionths), territories, excluded, validFrom, validTo, status
SLICES = (
    ("PART-000001", "REC-000001", "master", 1_000_000, ["WORLD"], [], "2020-01-01", "2024-07-01", "superseded"),
    ("PART-000004", "REC-000001", "master", 600_000, ["WORLD"], ["DE"], "2024-07-01", None, "active"),
    ("PART-000001", "REC-000001", "master", 400_000, ["WORLD"], ["DE"], "2024-07-01", None, "active"),
    ("PART-000004", "REC-000001", "master", 1_000_000, ["DE"], [], "2024-07-01", None, "active"),
    ("PART-000001", "REC-000002", "master", 500_000, ["WORLD"], [], "2020-01-01", None, "active"),
    ("PART-000002", "WRK-000001", "performance", 500_000, ["WORLD"], [], "2020-01-01", None, "active"),
    ("PART-000003", "WRK-000001", "performance", 500_000, ["WORLD"], [], "2020-01-01", None, "active"),
    ("PART-000002", "WRK-000001", "mechanical", 1_000_000, ["WORLD"], [], "2020-01-01", None, "active"),
    ("PART-000002", "WRK-000002", "performance", 600_000, ["WORLD"], [], "2020-01-01", None, "active"),
    ("PART-000003", "WRK-000002", "performance", 300_000, ["WORLD"], [], "2020-01-01", None, "active"),
    ("PART-000002", "WRK-000002", "mechanical", 1_000_000, ["WORLD"], ["GH"], "2020-01-01", None, "active"),
    ("PART-000003", "WRK-000003", "performance", 1_000_000, ["WORLD"], [], "2020-01-01", "2021-01-01", "active"),
)


@pytest.fixture
def small_graph(graph, tmp_path):
    """Block Talk (its master sold on 2024-07-01: Germany to the label alone, elsewhere 60/40)
    and Kumasi Rain (half its master owned, a 90 % performance split, no mechanical owner in
    Ghana), a work whose only slice ended in 2021, and a DistroKid statement paid on them."""
    graph.execute_query(
        "UNWIND $rows AS r CREATE (p:Participant {participantId: r[0], name: r[1], kinds: r[2], country: r[3]}) "
        "WITH p, r WHERE r[4] IS NOT NULL "
        "CREATE (p)-[:IDENTIFIED_BY]->(:Identifier {key: 'IPI:' + r[4], scheme: 'IPI', value: r[4]})",
        rows=[list(p) for p in PARTICIPANTS])
    graph.execute_query(
        "CREATE (w1:Work {workId: 'WRK-000001', title: 'Block Talk', iswc: 'T-034.524.680-1'}), "
        "(w2:Work {workId: 'WRK-000002', title: 'Kumasi Rain'}), (:Work {workId: 'WRK-000003', title: 'Old Song'}), "
        "(:Recording {recordingId: 'REC-000001', title: 'Block Talk', isrc: $bt})-[:RECORDING_OF]->(w1), "
        "(:Recording {recordingId: 'REC-000002', title: 'Kumasi Rain', isrc: $kr})-[:RECORDING_OF]->(w2)",
        bt=BLOCK_TALK, kr=KUMASI_RAIN)
    graph.execute_query(
        "UNWIND $rows AS s MATCH (p:Participant {participantId: s[0]}) "
        "CALL (s) { MATCH (a:Recording {recordingId: s[1]}) RETURN a UNION MATCH (a:Work {workId: s[1]}) RETURN a } "
        "CREATE (p)-[:OWNS {rightType: s[2], role: 'owner', share: s[3], territories: s[4], excluded: s[5], "
        "validFrom: date(s[6]), validTo: CASE WHEN s[7] IS NULL THEN null ELSE date(s[7]) END, status: s[8]}]->(a)",
        rows=[list(s) for s in SLICES])
    statement = ingest(write_distrokid(tmp_path / "statement.tsv", [
        {"ISRC": BLOCK_TALK, "Sale Month": "2024-08", "Country of Sale": "DE", "Earnings (USD)": "10.00"},
        {"ISRC": BLOCK_TALK, "Sale Month": "2024-08", "Country of Sale": "US", "Earnings (USD)": "20.00"},
        {"ISRC": BLOCK_TALK, "Sale Month": "2024-06", "Country of Sale": "US", "Earnings (USD)": "3.00"},
        {"ISRC": KUMASI_RAIN, "Sale Month": "2024-08", "Country of Sale": "US", "Earnings (USD)": "5.00"},
        {"ISRC": UNKNOWN_ISRC, "Sale Month": "2024-08", "Country of Sale": "US", "Earnings (USD)": "1.00"}]))
    return statement


def header_params(name: str) -> dict:
    """The parameters the file's header sets with ``:param name => expression``, each
    expression evaluated by the server as Browser does (``RETURN expression``)."""
    params = {}
    for line in cypher.load(f"analyst/{name}").splitlines():
        if m := PARAM_LINE.match(line):
            params[m.group(1)] = read(lambda tx: tx.run(f"RETURN {m.group(2)} AS v").single()["v"])
    return params


def ask(name: str, **params) -> list[dict]:
    """Run ``cypher/analyst/<name>.cypher`` unchanged with the header's parameters, overridden by
    ``params``."""
    values = {**header_params(name), **params}
    return read(lambda tx: run(tx, f"analyst/{name}", **values))


# -- every file --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", QUERIES)
def test_the_file_is_one_statement_with_a_header_documenting_every_parameter(name):
    text = cypher.load(f"analyst/{name}")
    lines = text.splitlines()
    assert lines[0].startswith("// ")  # the question
    assert any(line.startswith("// Params") for line in lines) and any(line.startswith("// Returns:") for line in lines)
    body = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    assert ";" not in body, "Browser would split the file into several statements"
    used = set(re.findall(r"\$(\w+)", body))
    assert used and used == set(header_params(name)), "every $param needs a `:param name => default` line"


@pytest.mark.parametrize("name", QUERIES)
def test_the_file_runs_with_its_header_defaults(small_graph, name):
    ask(name)  # no error; the values are checked per question below


def test_ask_is_the_set_of_questions_the_issue_and_brief_name():
    assert QUERIES == ["owners_of_isrc", "participants_without_ipi", "recent_changes", "splits_not_adding_up",
                       "suspense_by_statement", "top_earning_recordings"]


# -- the questions -------------------------------------------------------------------------------

def owners(rows) -> list[tuple]:
    return [(r["asset"], r["rightType"], r["participantId"], r["share"]) for r in rows]


def test_who_owns_this_isrc_in_germany_today(small_graph):
    assert header_params("owners_of_isrc") == {"isrc": BLOCK_TALK, "country": "DE", "asOf": None}
    rows = ask("owners_of_isrc")
    assert owners(rows) == [("work", "mechanical", "PART-000002", "100.0000"),
                            ("work", "performance", "PART-000002", "50.0000"),
                            ("work", "performance", "PART-000003", "50.0000"),
                            ("recording", "master", "PART-000004", "100.0000")]
    assert rows[-1]["validFrom"] == dt.date(2024, 7, 1) and rows[-1]["territories"] == ["DE"]


def test_who_owns_this_isrc_elsewhere_and_before_the_sale(small_graph):
    us = [o for o in owners(ask("owners_of_isrc", country="US", asOf="2024-07-01")) if o[0] == "recording"]
    assert us == [("recording", "master", "PART-000001", "40.0000"), ("recording", "master", "PART-000004", "60.0000")]
    before = ask("owners_of_isrc", asOf=dt.date(2024, 6, 30))
    assert [o for o in owners(before) if o[0] == "recording"] == [("recording", "master", "PART-000001", "100.0000")]


def test_owners_of_isrc_are_exactly_what_owners_at_pays(small_graph):
    for country, day in (("DE", TODAY), ("US", TODAY), ("GH", dt.date(2024, 1, 1))):
        rows = ask("owners_of_isrc", country=country, asOf=day)
        paid = read(lambda tx: run(tx, "rights/owners_at", keys=[
            {"key": "k", "assetId": "REC-000001", "rightType": "master", "date": day, "country": country}]))
        assert sorted((r["participantId"], r["shareMillionths"]) for r in rows if r["asset"] == "recording") == sorted(
            (r["participantId"], r["share"]) for r in paid)


def test_which_works_have_splits_that_dont_add_up_today(small_graph):
    rows = ask("splits_not_adding_up")
    assert [(r["workId"], r["rightType"], r["country"], r["restOfWorld"], r["total"]) for r in rows] == [
        ("WRK-000002", "mechanical", "GH", False, "0.0000"),
        ("WRK-000002", "performance", "AD", True, "90.0000")]
    assert rows[1]["owners"] == [{"participantId": "PART-000002", "name": "Ama Writer", "share": 600_000},
                                 {"participantId": "PART-000003", "name": "Gold Coast Songs", "share": 300_000}]
    assert rows[0]["owners"] == [] and rows[0]["totalMillionths"] == 0


def test_a_split_within_the_cwr_tolerance_adds_up_and_an_ended_one_is_back_in_the_past(small_graph, graph):
    graph.execute_query("MATCH (:Participant {participantId: 'PART-000003'})-[o:OWNS]->(:Work {workId: 'WRK-000002'}) "
                        "SET o.share = 399_400")  # 99.94 %: within ±0.06 %
    assert {r["rightType"] for r in ask("splits_not_adding_up")} == {"mechanical"}
    past = ask("splits_not_adding_up", asOf="2020-06-01")
    assert ("WRK-000003", "performance") not in {(r["workId"], r["rightType"]) for r in past}  # 100 % then
    assert {(r["workId"], r["rightType"]) for r in past} == {("WRK-000002", "mechanical")}


def test_what_changed_in_the_last_30_days(small_graph):
    rows = ask("recent_changes", asOf="2024-07-15")
    assert [(r["kind"], r["type"], r["holder"], r["assetId"], r["share"]) for r in rows] == [
        ("opened", "OWNS", "PART-000001", "REC-000001", "40.0000"),
        ("opened", "OWNS", "PART-000004", "REC-000001", "100.0000"),
        ("opened", "OWNS", "PART-000004", "REC-000001", "60.0000"),
        ("superseded", "OWNS", "PART-000001", "REC-000001", "100.0000")]
    assert {r["at"] for r in rows} == {dt.datetime(2024, 7, 1, tzinfo=dt.timezone.utc)}
    assert ask("recent_changes", asOf="2024-08-01") == []  # 2024-07-01 is 31 days back


def test_recent_changes_today_lists_the_audit_trail(small_graph):
    before = dt.datetime.now(dt.timezone.utc).date()
    write(lambda tx: audit.record(tx, "ops-user", "registration.pending", "WRK-000001", after={"status": "pending"}))
    rows = [r for r in ask("recent_changes") if r["kind"] == "audit"]
    after = dt.datetime.now(dt.timezone.utc).date()
    assert [(r["type"], r["assetId"], r["actor"]) for r in rows][0] == ("registration.pending", "WRK-000001", "ops-user")
    day = rows[0]["at"].date()  # read back, so a run across midnight UTC still knows the audit's day
    assert before <= day <= after and all(r["at"].date() <= day for r in rows)
    assert ask("recent_changes", days=1, asOf=day - dt.timedelta(days=1)) == []


def test_top_earning_recordings_of_a_participant(small_graph):
    rows = ask("top_earning_recordings", participantId="PART-000001")
    # Block Talk: 40 % of 20.00 (after the sale, outside DE) + 100 % of 3.00 (before); Kumasi Rain: 50 % of 5.00
    assert [(r["recordingId"], r["isrc"], r["amount"], r["amountMicro"], r["periods"]) for r in rows] == [
        ("REC-000001", BLOCK_TALK, "11.000000", 11_000_000, 2), ("REC-000002", KUMASI_RAIN, "2.500000", 2_500_000, 1)]
    assert (rows[0]["currency"], rows[0]["firstPeriod"], rows[0]["lastPeriod"]) == ("USD", "2024-06", "2024-08")
    assert [r["recordingId"] for r in ask("top_earning_recordings", participantId="PART-000004", limit=1)] == ["REC-000001"]


def test_unmatched_money_by_statement(small_graph):
    [row] = ask("suspense_by_statement")
    assert row["statementId"] == small_graph["statementId"]
    assert (row["gross"], row["suspense"], row["suspenseMicro"], row["suspensePercent"], row["lines"]) == (
        "39.000000", "3.500000", 3_500_000, "8.97", 2)
    assert row["byReason"] == [{"reason": "partially_owned", "lines": 1, "micro": 2_500_000},
                               {"reason": "unmatched", "lines": 1, "micro": 1_000_000}]
    assert ask("suspense_by_statement", statementId="STM-999999") == []
    assert Decimal(row["suspense"]) * 1_000_000 == row["suspenseMicro"]


def test_participants_without_an_ipi(small_graph):
    assert [(r["participantId"], r["works"]) for r in ask("participants_without_ipi")] == [("PART-000003", 2)]
    everyone = ask("participants_without_ipi", kinds=None)
    assert [r["participantId"] for r in everyone] == ["PART-000003", "PART-000001", "PART-000004"]
    assert everyone[0]["identifiers"] == [] and everyone[0]["kinds"] == ["publisher"]
