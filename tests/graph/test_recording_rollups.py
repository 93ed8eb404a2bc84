"""The recording income rollups (participant × recording): maintained by income_rollups.add in
the posting query, equal to the track rollups summed over source and right type, rebuilt from
them by db init / `rightsgraph money rebuild-rollups`, and read by the hub's top tracks through
the (participantId, currency, lifetime) index without reading the whole catalogue."""
from __future__ import annotations

from app.services import income_rollups
from app.services.db import read, run, write
from graph.setup import init_schema

P1, P2 = "PART-000001", "PART-000002"


def row(pid, period, source, rid, amount, right="master", currency="USD", recouped=0):
    return {"participantId": pid, "period": period, "source": source, "sourceLabel": source.title(),
            "recordingId": rid, "rightType": right, "currency": currency, "amount": amount, "recouped": recouped}


# Several entries: months out of order, a second source and right type, a negative reallocation
# delta in the latest month and one in an earlier month, a work-only row (no recording), EUR.
ENTRIES = {
    "JE-000001": [row(P1, "2024-03", "spotify", "REC-000001", 5_000_000),
                  row(P1, "2024-03", "apple", "REC-000001", 1_000_000, right="performance"),
                  row(P1, "2024-02", "spotify", "REC-000002", 7_000_000),
                  row(P2, "2024-03", "spotify", "REC-000001", 2_500_000)],
    "JE-000002": [row(P1, "2024-01", "apple", "REC-000001", 3_000_000),
                  row(P1, "2024-04", "deezer", "REC-000002", 250_000),
                  row(P1, "2024-04", "spotify", None, 9_000_000)],
    "JE-000003": [row(P1, "2024-04", "deezer", "REC-000002", -100_000),
                  row(P1, "2024-03", "spotify", "REC-000001", -1_000_000),
                  row(P1, "2024-03", "spotify", "REC-000003", 7_250_000, currency="EUR")],
    "JE-000004": [row(P1, "2024-02", "youtube", "REC-000004", 5_000_000),
                  row(P1, "2024-02", "spotify", "REC-000005", 5_000_000),
                  row(P1, "2024-02", "spotify", "REC-000006", 0)],  # a zero row is skipped
}
EXPECTED = {  # (participant, recording, currency): (lifetime, lastPeriod, lastPeriodAmount)
    (P1, "REC-000001", "USD"): (8_000_000, "2024-03", 5_000_000),
    (P1, "REC-000002", "USD"): (7_150_000, "2024-04", 150_000),
    (P1, "REC-000003", "EUR"): (7_250_000, "2024-03", 7_250_000),
    (P1, "REC-000004", "USD"): (5_000_000, "2024-02", 5_000_000),
    (P1, "REC-000005", "USD"): (5_000_000, "2024-02", 5_000_000),
    (P2, "REC-000001", "USD"): (2_500_000, "2024-03", 2_500_000),
}


def _post_all():
    for entry_id, rows in ENTRIES.items():
        write(income_rollups.add, entry_id, rows)


def _recording_rollups(driver) -> dict:
    records, _, _ = driver.execute_query(
        "MATCH (x:RecordingIncomeRollup) RETURN x.participantId AS p, x.recordingId AS r, x.currency AS c, "
        "x.lifetime AS lifetime, x.lastPeriod AS lastPeriod, x.lastPeriodAmount AS lastPeriodAmount")
    return {(r["p"], r["r"], r["c"]): (r["lifetime"], r["lastPeriod"], r["lastPeriodAmount"]) for r in records}


def _from_track_rollups(driver) -> dict:
    """The recording level as the track rollups give it (the rule the hub's top tracks had)."""
    records, _, _ = driver.execute_query(
        "MATCH (x:TrackIncomeRollup) WITH x.participantId AS p, x.recordingId AS r, x.currency AS c, collect(x) AS xs "
        "WITH p, r, c, xs, reduce(m = '', x IN xs | CASE WHEN x.lastPeriod > m THEN x.lastPeriod ELSE m END) AS last "
        "RETURN p, r, c, reduce(s = 0, x IN xs | s + x.amount) AS lifetime, last, "
        "reduce(s = 0, x IN xs | s + CASE WHEN x.lastPeriod = last THEN x.lastPeriodAmount ELSE 0 END) AS lastAmount")
    return {(r["p"], r["r"], r["c"]): (r["lifetime"], r["last"], r["lastAmount"]) for r in records}


def _top(participant_id, currency, last_period, limit):
    return read(lambda tx: run(tx, "money/top_tracks", participantId=participant_id, currency=currency,
                               lastPeriod=last_period, limit=limit))


def test_add_maintains_the_recording_level_equal_to_the_track_level(graph):
    _post_all()
    assert _recording_rollups(graph) == EXPECTED
    assert _from_track_rollups(graph) == EXPECTED


def test_top_tracks_order_ties_by_recording_and_last_period_of_the_participant(graph):
    _post_all()
    assert _top(P1, "USD", "2024-04", 10) == [
        {"recordingId": "REC-000001", "lifetime": 8_000_000, "lastPeriodAmount": 0},
        {"recordingId": "REC-000002", "lifetime": 7_150_000, "lastPeriodAmount": 150_000},
        {"recordingId": "REC-000004", "lifetime": 5_000_000, "lastPeriodAmount": 0},
        {"recordingId": "REC-000005", "lifetime": 5_000_000, "lastPeriodAmount": 0}]
    # a tie across the limit: the lower recording id wins, as before
    assert [t["recordingId"] for t in _top(P1, "USD", "2024-04", 3)] == ["REC-000001", "REC-000002", "REC-000004"]
    assert _top(P1, "EUR", "2024-03", 10) == [
        {"recordingId": "REC-000003", "lifetime": 7_250_000, "lastPeriodAmount": 7_250_000}]


def test_top_tracks_reads_the_rank_index_and_stops_after_the_limit(graph):
    rows = [row(P1, "2024-01", "spotify", f"REC-{i:06d}", 1_000_000 + i) for i in range(1, 301)]
    write(income_rollups.add, "JE-000009", rows)
    with graph.session() as session:
        summary = session.run("PROFILE " + _top_query(), participantId=P1, currency="USD", lastPeriod="2024-01",
                              limit=10).consume()
    operators = _operators(summary.profile)
    types = [op["operatorType"].split("@")[0] for op in operators]
    assert "PartialTop" in types and "Top" not in types, types  # read in index order, no full sort
    seek = operators[types.index("NodeIndexSeek")]
    assert "RecordingIncomeRollup(participantId, currency, lifetime)" in seek["args"]["Details"]
    assert seek["rows"] <= 20  # not the 300 of the catalogue
    assert [t["recordingId"] for t in _top(P1, "USD", "2024-01", 2)] == ["REC-000300", "REC-000299"]


def test_db_init_and_rebuild_set_the_level_from_the_track_rollups(graph):
    _post_all()
    graph.execute_query("MATCH (x:RecordingIncomeRollup {participantId: $p}) DELETE x", p=P1)
    init_schema(graph)  # a graph from before the level: db init builds the missing ones
    assert _recording_rollups(graph) == EXPECTED
    graph.execute_query("MATCH (x:RecordingIncomeRollup) SET x.lifetime = 1, x.lastPeriodAmount = 1")
    result = income_rollups.rebuild(graph, only_missing=False)
    assert result["participants"] == 2
    assert _recording_rollups(graph) == EXPECTED


def _derived_levels(driver) -> dict:
    """Every period, track and recording rollup: key → its properties."""
    records, _, _ = driver.execute_query(
        "MATCH (x) WHERE x:PeriodIncomeRollup OR x:TrackIncomeRollup OR x:RecordingIncomeRollup "
        "RETURN labels(x)[0] + ' ' + x.key AS key, properties(x) AS props")
    return {r["key"]: r["props"] for r in records}


def test_a_graph_with_only_the_detail_level_gets_the_levels_derived_from_it(graph):
    _post_all()  # as the posting query maintains them: months out of order, reversals, EUR, a work-only row
    maintained = _derived_levels(graph)
    assert len(maintained) == 24  # 9 period, 9 track and 6 recording rollups
    graph.execute_query("MATCH (x) WHERE x:PeriodIncomeRollup OR x:TrackIncomeRollup OR x:RecordingIncomeRollup "
                        "DETACH DELETE x")  # a graph from an early build: IncomeRollup alone

    graph.execute_query(  # a detail rollup of a pre-release build (no rightType, no recouped): left out
        "CREATE (:IncomeRollup {key: 'PART-000009|2024-06|spotify|REC-000009', participantId: 'PART-000009', "
        "period: '2024-06', source: 'spotify', sourceLabel: 'Spotify', recordingId: 'REC-000009', currency: 'USD', "
        "amount: 1000000})")

    init_schema(graph)

    assert _derived_levels(graph) == maintained
    graph.execute_query("MATCH (x:TrackIncomeRollup) SET x.amount = 0, x.lastPeriodAmount = 0")
    graph.execute_query("MATCH (x:PeriodIncomeRollup) SET x.amount = 0")
    assert income_rollups.rebuild(graph, only_missing=False) == {"participants": 2, "rollups": len(maintained)}
    assert _derived_levels(graph) == maintained


def _top_query() -> str:
    import cypher
    return cypher.load("money/top_tracks")


def _operators(plan) -> list[dict]:
    out = [{"operatorType": plan["operatorType"], "args": plan.get("args", {}), "rows": plan.get("rows")}]
    for child in plan.get("children", []):
        out += _operators(child)
    return out
