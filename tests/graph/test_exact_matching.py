"""Exact-identifier matching before fuzzy (app.services.line_matching) on the real graph: UPC +
track number, UPC alone for a single-track release, ISWC to a work for publishing lines, a
recording lifted to its work, and the match fields every RoyaltyEvent carries."""
from __future__ import annotations

import pytest

from app.services import statements
from app.services.catalog_import import import_catalog
from app.services.db import read
from app.services.line_matching import NO_MATCH, LineIds, Match, match_lines
from importers.identifiers import gtin_check_digit
from tests.graph.helpers import allocations, assert_ledger_consistent, participant, participant_ids, write_catalog
from tests.graph.helpers import recording as recording_record
from tests.graph.helpers import write_distrokid
from tests.graph.source_helpers import BALANCED, RATES, dsr_copy, events

ALBUM = "01234567890" + str(gtin_check_digit("01234567890"))     # UPC-A of a two-track release
SINGLE = "0987654321" + "0" + str(gtin_check_digit("09876543210"))  # UPC-A of a single
ISWC_ONE, ISWC_EARTH = "T-034.524.680-1", "T-070.247.279-4"
SINCE = "2000-01-01"


@pytest.fixture
def catalog(graph, tmp_path):
    """Works Song One (ISWC_ONE) and This Bitter Earth (ISWC_EARTH, the DSR sample's); r1
    (GBAYE0601498, of Song One) and r2 (no ISRC) on the album, track 1 and 2; r3 (GBAYE0601499,
    no work) the single's only track; USSM19803037 (the DSR sample's first ISRC) of Song One.
    Masters: a r1, b r2, label r3. Publishing of Song One: writer 50 / publisher 50 performance,
    writer 100 mechanical; of This Bitter Earth: writer 100 performance."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("a", name="Artist A"), participant("b", name="Artist B"),
                      participant("label", "label"), participant("writer", "writer"),
                      participant("publisher", "publisher")],
        works=[{"ref": "one", "title": "Song One", "iswc": ISWC_ONE},
               {"ref": "earth", "title": "This Bitter Earth", "iswc": ISWC_EARTH}],
        recordings=[recording_record("r1", "GBAYE0601498", title="Song One", workRef="one"),
                    recording_record("r2", None, title="Track Two"),
                    recording_record("r3", "GBAYE0601499", title="Single"),
                    recording_record("healing", "USSM19803037", title="Sexual Healing", workRef="one")],
        releases=[{"ref": "album", "title": "Album", "upc": ALBUM,
                   "tracks": [{"recordingRef": "r1", "trackNumber": 1}, {"recordingRef": "r2", "trackNumber": 2}]},
                  {"ref": "single", "title": "Single", "upc": SINGLE,
                   "tracks": [{"recordingRef": "r3", "trackNumber": 1}]}],
        ownership=[{"participantRef": p, "assetRef": asset, "rightType": right, "share": share, "validFrom": SINCE}
                   for p, asset, right, share in (
                       ("a", "r1", "master", "100"), ("b", "r2", "master", "100"), ("label", "r3", "master", "100"),
                       ("writer", "one", "performance", "50"), ("publisher", "one", "performance", "50"),
                       ("writer", "one", "mechanical", "100"), ("writer", "earth", "performance", "100"))]))
    records, _, _ = graph.execute_query(
        "MATCH (n) WHERE n:Work OR n:Recording RETURN n.externalRef AS ref, coalesce(n.workId, n.recordingId) AS id")
    return {**{r["ref"]: r["id"] for r in records}, **participant_ids(graph)}


def matched(lines: list[LineIds]) -> dict:
    return read(lambda tx: match_lines(tx, lines))


def test_upc_and_track_number_then_upc_alone_for_a_single(catalog):
    ids = catalog
    found = matched([
        LineIds(1, "master", upc=ALBUM, track_number=2),
        LineIds(2, "master", upc="0" + ALBUM, track_number=1),           # as EAN-13
        LineIds(3, "master", upc=ALBUM),                                  # two tracks: which?
        LineIds(4, "master", upc=SINGLE),
        LineIds(5, "master", upc=SINGLE, isrc="GBAYE0600000"),            # the line's ISRC is another's
        LineIds(6, "master", upc=SINGLE, track_number=5),
        LineIds(7, "master", upc="not-a-upc"),
        LineIds(8, "master", isrc="GBAYE0601498", upc=SINGLE),            # ISRC first
    ])
    assert found == {
        1: Match(ids["r2"], ids["r2"], "upc_track", 1.0),
        2: Match(ids["r1"], ids["r1"], "upc_track", 1.0),
        3: NO_MATCH, 5: NO_MATCH, 6: NO_MATCH, 7: NO_MATCH,
        4: Match(ids["r3"], ids["r3"], "upc_track", 1.0),
        8: Match(ids["r1"], ids["r1"], "isrc", 1.0),
    }


def test_publishing_lines_are_paid_to_works(catalog):
    ids = catalog
    found = matched([
        LineIds(1, "performance", iswc=ISWC_ONE),
        LineIds(2, "performance", iswc=ISWC_ONE, isrc="GBAYE0601499"),   # ISWC first; the recording kept
        LineIds(3, "mechanical", isrc="GBAYE0601498"),                    # recording → its work
        LineIds(4, "performance", upc=ALBUM, track_number=1),            # so is a UPC match
        LineIds(5, "performance", isrc="GBAYE0601499"),                   # a recording of no work
        LineIds(6, "sync", iswc=ISWC_EARTH),                              # a publishing sync licence
        LineIds(7, "performance", iswc="T-000.000.001-0"),               # unknown work
        LineIds(8, "master", iswc=ISWC_ONE),                              # a master line is a recording's
    ])
    assert found == {
        1: Match(ids["one"], None, "iswc", 1.0),
        2: Match(ids["one"], ids["r3"], "iswc", 1.0),
        3: Match(ids["one"], ids["r1"], "isrc", 1.0),
        4: Match(ids["one"], ids["r1"], "upc_track", 1.0),
        5: Match(ids["r3"], ids["r3"], "isrc", 1.0),
        6: Match(ids["earth"], None, "iswc", 1.0),
        7: NO_MATCH, 8: NO_MATCH,
    }


def test_a_line_is_matched_again_from_its_event(catalog):
    event = {"eventId": "STM-000001:7", "rightType": "master", "upc": SINGLE, "title": "Single", "artist": "X"}
    assert matched([LineIds.of_event(event)]) == {"STM-000001:7": Match(catalog["r3"], catalog["r3"], "upc_track", 1.0)}


def test_a_distrokid_album_row_of_a_single_is_paid_by_its_upc(catalog, graph, tmp_path):
    ids = catalog
    path = write_distrokid(tmp_path / "dk.tsv", [
        {"ISRC": "GBAYE0601498", "UPC": ALBUM, "Earnings (USD)": "2"},                        # line 2: ISRC
        {"ISRC": "", "Song/Album": "Album", "UPC": SINGLE, "Earnings (USD)": "3"},          # line 3: UPC
        {"ISRC": "", "Song/Album": "Album", "UPC": ALBUM, "Earnings (USD)": "5"}])          # line 4: album
    registered, _ = statements.register(path, path.name)
    sid = statements.process(registered["statementId"])["statementId"]
    found = events(graph, sid)
    assert {n: (e["matchMethod"], e.get("assetId"), e.get("upc")) for n, e in found.items()} == {
        2: ("isrc", ids["r1"], ALBUM), 3: ("upc_track", ids["r3"], SINGLE), 4: ("none", None, ALBUM)}
    assert allocations(graph, sid) == {2: {ids["a"]: 2_000_000}, 3: {ids["label"]: 3_000_000},
                                       4: {"ACC-SUSPENSE-USD": 5_000_000}}
    assert_ledger_consistent(graph)


def test_a_publisher_statement_pays_the_owners_of_works(catalog, graph, tmp_path):
    ids = catalog
    path = tmp_path / "publisher.csv"
    path.write_text("Work Title,Work ID,Composers,Right Type,Source,Amount,Currency\n"
                    f"Song One,{ISWC_ONE.replace('-', '').replace('.', '')},Writer,PR,PRS,10.01,GBP\n"
                    "Song One,GBAYE0601498,Writer,MR,MLC,4.00,USD\n"
                    "Unknown,T0000000010,Nobody,PR,PRS,1,USD\n", "utf-8")
    registered, _ = statements.register(path, path.name, period="2024-03", rates=RATES)
    done = statements.process(registered["statementId"])
    found = events(graph, done["statementId"])
    assert {n: (e["matchMethod"], e.get("assetId"), e.get("recordingId"), e.get("iswc"), e["rightType"])
            for n, e in found.items()} == {
        2: ("iswc", ids["one"], None, ISWC_ONE, "performance"),
        3: ("isrc", ids["one"], ids["r1"], None, "mechanical"),
        4: ("none", None, None, "T-000.000.001-0", "performance")}
    # 10.01 GBP × 1.2712 = 12.724712 USD, split 50/50 between the writer and the publisher
    assert allocations(graph, done["statementId"]) == {
        2: {ids["publisher"]: 6_362_356, ids["writer"]: 6_362_356}, 3: {ids["writer"]: 4_000_000},
        4: {"ACC-SUSPENSE-USD": 1_000_000}}
    records, _, _ = graph.execute_query("MATCH (q:DataQualityIssue {kind: 'missing_money'}) RETURN q.witness AS w")
    assert '"lines": 1' in records[0]["w"]  # only the unknown work is missing money
    assert_ledger_consistent(graph)


def test_a_society_dsr_pays_works_by_iswc_and_by_the_recording_of_a_work(catalog, graph, tmp_path):
    ids = catalog
    path = dsr_copy(tmp_path / "youtube.tsv", BALANCED)
    registered, _ = statements.register(path, path.name)
    done = statements.process(registered["statementId"])
    found = events(graph, done["statementId"])
    assert {n: (e["matchMethod"], e.get("assetId")) for n, e in found.items()} == {
        18: ("isrc", ids["one"]),       # USSM19803037: no ISWC on the line; its recording is Song One's
        23: ("none", None),             # USUV71101875 / T-910.924.731-6: in no catalog
        28: ("iswc", ids["earth"]), 30: ("iswc", ids["earth"]), 32: ("iswc", ids["earth"]), 34: ("iswc", ids["earth"])}
    assert allocations(graph, done["statementId"]) == {
        18: {ids["writer"]: 62_615_000, ids["publisher"]: 62_615_000},
        28: {ids["writer"]: 30_320_000}, 30: {ids["writer"]: 20_980_000}, 32: {ids["writer"]: 10_860_000},
        34: {ids["writer"]: 11_490_000}}
    assert_ledger_consistent(graph)
