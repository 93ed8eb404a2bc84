"""DistroKid statement ingestion on the real graph: the real fixtures to the micro-unit,
idempotent re-ingest, rejected rows, foreign files, and ledger invariants."""
from __future__ import annotations

import pytest

from app.services import statements
from app.services.catalog_import import import_catalog
from importers.records import FormatError
from importers.statements.distrokid import REQUIRED_COLUMNS
from tests.fixtures_paths import REAL
from tests.graph.helpers import (
    DISTROKID_HEADER,
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

STATEMENTS = REAL / "statements"
SUSPENSE = "ACC-SUSPENSE-USD"
SOURCE = "ACC-SOURCE-DISTROKID-USD"


def import_fixture_catalog(graph, tmp_path) -> dict[str, str]:
    """Song 1 (AAAAA1234567) is Artist 1's; Song 10 (BBBBB1234567) is Artist 2 60 % / label 40 %.
    CCCCC1234567 and BBBBB8910111 are not in the catalog."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("artist-1", name="Artist 1"), participant("artist-2", name="Artist 2"),
                      participant("label", "label")],
        recordings=[recording("song-1", "AAAAA1234567", title="Song 1"),
                    recording("song-10", "BBBBB1234567", title="Song 10")],
        ownership=[{"participantRef": "artist-1", "assetRef": "song-1", "rightType": "master", "share": "100"},
                   {"participantRef": "artist-2", "assetRef": "song-10", "rightType": "master", "share": "60"},
                   {"participantRef": "label", "assetRef": "song-10", "rightType": "master", "share": "40"}]))
    return participant_ids(graph)


def ingest_real(name: str) -> dict:
    statement, created = statements.register(STATEMENTS / name, name, "distrokid")
    assert created is True
    return statements.process(statement["statementId"])


def test_real_distrokid_statement_reconciles_to_the_micro_unit(graph, tmp_path):
    ids = import_fixture_catalog(graph, tmp_path)
    statement = ingest_real("DistroKid_Test.tsv")
    sid = statement["statementId"]

    # Σ Earnings = 0.00931179 USD → 9312 micro (half-even); lines carry the rounding cumulatively:
    # 0.00789993 → 7900, 0.00031410 → 314, 0.00048066 → 481, 0.00061710 → 617.
    assert statement["status"] == "processed"
    assert statement["grossExact"] == "0.00931179"
    assert statement["grossMicro"] == 9312
    assert (statement["linesRead"], statement["linesMatched"], statement["linesUnmatched"],
            statement["linesRejected"]) == (4, 2, 2, 0)
    assert allocations(graph, sid) == {
        2: {ids["artist-1"]: 7900},
        3: {ids["artist-2"]: 188, ids["label"]: 126},  # 314 × 60/40 = 188.4/125.6 → the label's .6 wins
        4: {SUSPENSE: 481},
        5: {SUSPENSE: 617},
    }
    assert wallet_balances(graph) == {ids["artist-1"]: 7900, ids["artist-2"]: 188, ids["label"]: 126}
    all_balances = balances(graph)
    assert all_balances[SUSPENSE] == 1098
    assert sum(wallet_balances(graph).values()) + all_balances[SUSPENSE] == 9312 == -all_balances[SOURCE]
    assert statements.totals(sid) == {"events": 4, "grossMicro": 9312, "allocatedMicro": 9312, "suspenseMicro": 1098}
    assert_ledger_consistent(graph)


def test_real_non_ascii_statement_totals_ten_dollars(graph, tmp_path):
    ids = import_fixture_catalog(graph, tmp_path)
    statement = ingest_real("DistroKid_NonAscii.tsv")

    assert statement["status"] == "processed"
    assert statement["grossMicro"] == 10_000_000
    assert (statement["linesRead"], statement["linesMatched"], statement["linesUnmatched"]) == (4, 4, 0)
    assert allocations(graph, statement["statementId"]) == {
        2: {ids["artist-1"]: 1_000_000}, 3: {ids["artist-1"]: 2_000_000},
        4: {ids["artist-1"]: 3_000_000}, 5: {ids["artist-1"]: 4_000_000}}
    assert balances(graph)[SOURCE] == -10_000_000
    assert wallet_balances(graph)[ids["artist-1"]] == 10_000_000
    artists, _, _ = graph.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid}) RETURN e.artist AS artist ORDER BY e.line",
        sid=statement["statementId"])
    assert [r["artist"] for r in artists] == ["Tøilette & Café", "Tøilette & Café", "Toilette & Cafe", "Tøilette & Café"]
    assert_ledger_consistent(graph)


def test_reingesting_the_same_file_is_a_no_op(graph, tmp_path):
    import_fixture_catalog(graph, tmp_path)
    first = ingest_real("DistroKid_Test.tsv")
    before = balances(graph)
    entries_before = graph.execute_query("MATCH (e:JournalEntry) RETURN count(e) AS n").records[0]["n"]

    # The same file again, and the same bytes under another name from another path.
    copy = tmp_path / "renamed.tsv"
    copy.write_bytes((STATEMENTS / "DistroKid_Test.tsv").read_bytes())
    for path in (STATEMENTS / "DistroKid_Test.tsv", copy):
        again, created = statements.register(path, path.name, "distrokid")
        assert (again["statementId"], created) == (first["statementId"], False)
        assert balances(graph) == before

    reprocessed = statements.process(again["statementId"])
    assert (reprocessed["status"], reprocessed["grossMicro"], reprocessed["linesRead"]) == ("processed", 9312, 4)
    assert balances(graph) == before
    assert graph.execute_query("MATCH (e:JournalEntry) RETURN count(e) AS n").records[0]["n"] == entries_before
    assert graph.execute_query("MATCH (s:Statement) RETURN count(s) AS n").records[0]["n"] == 1
    assert graph.execute_query("MATCH (e:RoyaltyEvent) RETURN count(e) AS n").records[0]["n"] == 4
    assert_ledger_consistent(graph)


def test_malformed_rows_are_rejected_with_line_and_field_and_good_rows_are_processed(graph, tmp_path):
    good = {"ISRC": "GHA0C2400001", "Earnings (USD)": "1.5"}
    statement = load(
        tmp_path,
        [good,                                                            # line 2
         {**good, "Earnings (USD)": "1,5"},                               # line 3
         {**good, "Country of Sale": "ZZ"},                               # line 4
         {**good, "ISRC": ""},                                            # line 5 (a Song row)
         "2024-09-02\t2024-06\tSpotify\tArtist\tSong",                    # line 6: truncated
         {"ISRC": "GHA0C2400099", "Earnings (USD)": "0.25"},              # line 7: unmatched
         {**good, "ISRC": "", "Song/Album": "Album", "Earnings (USD)": "0.5"}],  # line 8: album row
        participants=[participant("artist")],
        recordings=[recording("r1", "GHA0C2400001")],
        ownership=[{"participantRef": "artist", "assetRef": "r1", "rightType": "master", "share": "100"}])
    sid = statement["statementId"]
    artist = participant_ids(graph)["artist"]

    assert statement["status"] == "processed_with_errors"
    assert (statement["linesRead"], statement["linesMatched"], statement["linesUnmatched"],
            statement["linesRejected"]) == (7, 1, 2, 4)
    assert statement["grossMicro"] == 2_250_000
    found = statements.issues(sid)
    assert [(i["line"], i["field"]) for i in found] == [
        (3, "Earnings (USD)"), (4, "Country of Sale"), (5, "ISRC"), (6, None)]
    assert [i["raw"] for i in found] == ["1,5", "ZZ", "", "2024-09-02\t2024-06\tSpotify\tArtist\tSong"]
    assert all(i["message"] for i in found)
    assert allocations(graph, sid) == {2: {artist: 1_500_000}, 7: {SUSPENSE: 250_000}, 8: {SUSPENSE: 500_000}}
    all_balances = balances(graph)
    assert (all_balances[SOURCE], all_balances[SUSPENSE]) == (-2_250_000, 750_000)
    assert_ledger_consistent(graph)


@pytest.mark.parametrize("make, missing", [
    (lambda tmp: STATEMENTS / "Tunecore_Test.csv", list(REQUIRED_COLUMNS)),
    (lambda tmp: write_distrokid(tmp / "partial.tsv", [{"ISRC": "GHA0C2400001", "Earnings (USD)": "1"}],
                                 header=[c for c in DISTROKID_HEADER if c not in ("ISRC", "Earnings (USD)")]),
     ["ISRC", "Earnings (USD)"]),
], ids=["tunecore", "missing-columns"])
def test_a_file_that_is_not_distrokid_is_refused_before_registration(graph, tmp_path, make, missing):
    path = make(tmp_path)
    with pytest.raises(FormatError) as info:
        statements.register(path, path.name, "distrokid")
    assert info.value.missing == missing
    for column in missing:
        assert column in str(info.value)
    assert graph.execute_query("MATCH (s:Statement) RETURN count(s) AS n").records[0]["n"] == 0


def test_batches_carry_the_cumulative_rounding(graph, tmp_path):
    """4 lines of 0.0000005 USD: running totals 0.5, 1, 1.5, 2 micro round half-even to
    0, 1, 2, 2, so the lines get 0, 1, 1, 0 micro — in one batch or in four."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json", participants=[participant("artist")], recordings=[recording("r1", "GHA0C2400001")],
        ownership=[{"participantRef": "artist", "assetRef": "r1", "rightType": "master", "share": "100"}]))
    artist = participant_ids(graph)["artist"]
    for n, batch_size in enumerate((5000, 1)):
        rows = [{"ISRC": "GHA0C2400001", "Earnings (USD)": "0.0000005", "Reporting Date": f"2024-09-0{n + 1}"}] * 4
        statement = ingest(write_distrokid(tmp_path / f"s{n}.tsv", rows), batch_size=batch_size)
        assert (statement["grossExact"], statement["grossMicro"]) == ("0.0000020", 2)
        assert allocations(graph, statement["statementId"]) == {3: {artist: 1}, 4: {artist: 1}}
    assert statement["batchesDone"] == 4
    entries = graph.execute_query("MATCH (e:JournalEntry {statementId: $sid}) RETURN count(e) AS n",
                                  sid=statement["statementId"]).records[0]["n"]
    assert entries == 2  # a batch with no money posts no entry
    assert wallet_balances(graph) == {artist: 4}
    assert_ledger_consistent(graph)


def test_ledger_invariants_hold_across_several_statements(graph, tmp_path):
    import_fixture_catalog(graph, tmp_path)
    ingest_real("DistroKid_Test.tsv")
    ingest_real("DistroKid_NonAscii.tsv")
    all_balances = balances(graph)
    assert sum(all_balances.values()) == 0
    assert all_balances[SOURCE] == -(9312 + 10_000_000)
    assert_ledger_consistent(graph)


def test_an_interrupted_run_resumes_after_its_last_committed_batch(graph, tmp_path):
    ids = import_fixture_catalog(graph, tmp_path)
    statement, _ = statements.register(STATEMENTS / "DistroKid_Test.tsv", "DistroKid_Test.tsv", "distrokid")
    sid = statement["statementId"]

    class Crash(Exception):
        pass

    def crash_after_two_lines(done: int) -> None:
        if done == 2:
            raise Crash

    with pytest.raises(Crash):
        statements.process(sid, batch_size=1, progress=crash_after_two_lines)
    halfway = statements.get(sid)
    assert (halfway["status"], halfway["batchesDone"]) == ("processing", 2)
    assert wallet_balances(graph) == {ids["artist-1"]: 7900, ids["artist-2"]: 188, ids["label"]: 126}

    resumed = statements.process(sid, batch_size=1)

    assert (resumed["status"], resumed["batchesDone"], resumed["grossMicro"], resumed["linesRead"]) == (
        "processed", 4, 9312, 4)
    assert allocations(graph, sid) == {2: {ids["artist-1"]: 7900}, 3: {ids["artist-2"]: 188, ids["label"]: 126},
                                       4: {SUSPENSE: 481}, 5: {SUSPENSE: 617}}
    assert balances(graph)[SOURCE] == -9312
    assert_ledger_consistent(graph)
