"""PRS, ClicknClear (generic rights-holder statement) and generic publisher statement adapters."""

from decimal import Decimal

import pytest

from importers.records import FormatError, ParseIssue
from importers.statements.clicknclear import parse_clicknclear, sniff_clicknclear
from importers.statements.prs import parse_prs, sniff_prs
from importers.statements.publisher import parse_publisher, sniff_publisher
from tests.unit.statement_helpers import STATEMENTS, exact_sum, run

CLICKNCLEAR = STATEMENTS / "TEST_RIGHTSHOLDER_STANDARD_Q1_2023.csv"
PUBLISHER = STATEMENTS / "royaltystatement.csv"


# --- PRS ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "artists", "cae_numbers"), [
    ("prs-simple-3-songs.csv", {"Person 1"}, {"1234567890"}),
    ("prs-simple-multiple-artist.csv", {"Person 1", "Person 2"}, {"1234567890", "9876543210"}),
])  # fmt: skip
def test_real_prs_samples(name, artists, cae_numbers):
    lines, issues = run(parse_prs(STATEMENTS / name, period="2023-04"))
    assert issues == []
    assert [line.line for line in lines] == list(range(2, 11))
    assert exact_sum(lines) == Decimal("0.372")
    assert {(line.source, line.source_label, line.usage_type, line.right_type, line.currency, line.period,
             line.territory, line.units) for line in lines} == {
        ("prs", "PRS for Music", "performance", "performance", "GBP", "2023-04", "WORLD", 0)}  # fmt: skip
    assert {line.artist for line in lines} == artists
    assert {line.extra["cae_number"] for line in lines} == cae_numbers
    assert [line.title for line in lines][::3] == ["Song 1", "Song 2", "Song 3"]
    assert (lines[2].gross, lines[2].extra["record_number"]) == (Decimal("0.072"), "3")


def test_prs_without_a_period_reports_every_row():
    lines, issues = run(parse_prs(STATEMENTS / "prs-simple-3-songs.csv"))
    assert lines == [] and len(issues) == 9
    assert issues[0] == ParseIssue(2, None, "PRS files state no period: give period='YYYY-MM'",
                                   "1,1234567890,Song 1,0.016,Person 1")  # fmt: skip


def test_prs_rejects_a_malformed_period_and_other_files():
    with pytest.raises(ValueError, match="YYYY-MM"):
        next(parse_prs(STATEMENTS / "prs-simple-3-songs.csv", period="04/2023"))
    assert sniff_prs(STATEMENTS / "prs-simple-3-songs.csv") and not sniff_prs(PUBLISHER)
    with pytest.raises(FormatError) as caught:
        next(parse_prs(PUBLISHER, period="2023-04"))
    assert caught.value.missing == ["CAE Number", "Amount (performance revenue)"]


# --- ClicknClear --------------------------------------------------------------------------


def test_real_clicknclear_sample():
    lines, issues = run(parse_clicknclear(CLICKNCLEAR))
    assert issues == []
    # Lines 1 and 4 are the master and publishing total rows.
    assert [line.line for line in lines] == [2, 3, 5, 6]
    assert exact_sum(lines) == Decimal("21.8748")
    assert [line.right_type for line in lines] == ["master", "master", "sync", "sync"]
    assert {(line.source, line.usage_type, line.currency, line.period, line.territory, line.units)
            for line in lines} == {("clicknclear", "other", "USD", "2023-01", "US", 1)}  # fmt: skip
    master, publishing = lines[0], lines[2]
    assert (master.isrc, master.upc, master.title, master.artist, master.gross) == (
        "USRC17607839", "00123456789012", "Track Title", "Artist 1, Artist 2", Decimal("7.2916"))  # fmt: skip
    assert (master.extra["licensee"], master.extra["gross_receipts"], master.extra["period_end"]) == (
        "Tristan Barlow-Griffin", "25.0000", "2023-03-31T23:59:59.999Z")  # fmt: skip
    assert (publishing.isrc, publishing.title, publishing.gross) == (None, "Work Title", Decimal("3.6458"))
    assert (publishing.extra["iswc"], publishing.extra["writers"], publishing.extra["composition_ownership"]) == (
        "T-345.246.800-1", "Writer 1, Writer 2", "50.00")  # fmt: skip


def test_clicknclear_bad_rows(tmp_path):
    rows = CLICKNCLEAR.read_text("utf-8").splitlines()
    producer_fee = rows[1].replace("S,M,", "S,PR,")
    short = rows[1].rsplit(",", 1)[0]
    bad_cells = rows[4].replace(",US,USD,", ",ZZ,USD,").replace("T3452468001", "T345")
    path = tmp_path / "cnc.csv"
    path.write_text("\r\n".join([rows[0], producer_fee, short, rows[3], bad_cells, rows[5]]) + "\r\n", encoding="utf-8")
    lines, issues = run(parse_clicknclear(path))
    assert [line.line for line in lines] == [6]
    assert [(i.line, i.field, i.message) for i in issues] == [
        (2, None, "no ClicknClear layout for a S/PR row"),
        (3, None, "17 cells, a S/M row has 18"),
        (5, "Territory Licensed", "Territory Licensed is not a known country"),
        (5, "ISWC", "ISWC is not T-DDD.DDD.DDD-C")]  # fmt: skip


def test_clicknclear_sniff_and_format_error(tmp_path):
    assert sniff_clicknclear(CLICKNCLEAR)
    assert not sniff_clicknclear(PUBLISHER)
    with pytest.raises(FormatError) as caught:
        next(parse_clicknclear(STATEMENTS / "prs-simple-3-songs.csv"))
    assert caught.value.missing == ["Row Type", "Income Type"]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FormatError, match="empty file"):
        next(parse_clicknclear(empty))


# --- generic publisher statement ----------------------------------------------------------


def test_real_publisher_sample_has_no_usable_currency():
    lines, issues = run(parse_publisher(PUBLISHER, period="2023-01"))
    # Every row says its currency is 'Really': no amount is given a guessed currency.
    assert lines == []
    assert [(i.line, i.field, i.raw) for i in issues] == [(line, "Currency", "Really") for line in range(2, 8)]


def test_publisher_identifiers_rights_and_sources(tmp_path):
    rows = PUBLISHER.read_text("utf-8").splitlines()
    fixed = [row.replace(",Really", ",EUR") for row in rows[1:]]
    mechanical = fixed[3].replace(",PR,", ",MR,").replace(",,", ",YouTube,")
    unknown_right = fixed[0].replace(",PR,", ",XX,")
    path = tmp_path / "pub.csv"
    path.write_text("\n".join([rows[0], *fixed, mechanical, unknown_right]) + "\n", encoding="utf-8")
    lines, issues = run(parse_publisher(path, period="2023-01"))
    assert issues == [ParseIssue(9, "Right Type", "Right Type is not PR, MR or SR", "XX")]
    assert exact_sum(lines) == Decimal("700.51")
    assert {(line.currency, line.period, line.territory, line.units) for line in lines} == {
        ("EUR", "2023-01", "WORLD", 0)}  # fmt: skip
    assert [(line.isrc, line.extra.get("iswc"), line.extra["work_id"]) for line in lines] == [
        (None, None, "X123"), (None, None, "X125"), (None, None, "X125"), (None, None, "337739ES"),
        ("JMK401400001", None, "JM-K40-14-00001"), (None, "T-123.456.789-4", "T-123.456.789-4"),
        (None, None, "337739ES")]  # fmt: skip
    assert [(line.right_type, line.usage_type, line.source) for line in lines][-1] == (
        "mechanical", "mechanical", "youtube")  # fmt: skip
    assert lines[0].source == "100_51really"  # the sample's Source cell is free text
    assert (lines[1].title, lines[1].artist) == ("A title, maybe, must be long, really long", "Who knows?")
    assert {line.right_type for line in lines[:-1]} == {"performance"}


def test_publisher_sniff():
    assert sniff_publisher(PUBLISHER)
    assert not sniff_publisher(STATEMENTS / "prs-simple-3-songs.csv")
