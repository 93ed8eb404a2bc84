"""TuneCore, CD Baby, Apple (S1 streams, iTunes downloads) and Spotify adapters: real samples, hand-made files."""

import datetime
from decimal import Decimal

import pytest

from importers.records import FormatError, ParseIssue
from importers.statements import apple, cdbaby, spotify, tunecore
from importers.statements.apple import parse_apple_music, parse_itunes, sniff_apple_music, sniff_itunes
from importers.statements.cdbaby import parse_cdbaby, sniff_cdbaby
from importers.statements.spotify import parse_spotify, sniff_spotify
from importers.statements.tunecore import parse_tunecore, sniff_tunecore
from tests.unit.statement_helpers import STATEMENTS, exact_sum, run

APPLE_S1 = STATEMENTS / "Apple_Streams_S1_80032046_1117_AU_for 201710_example.txt"
ITUNES = STATEMENTS / "Apple_DL_80032046_AU_example.txt"
SPOTIFY = STATEMENTS / "tmp-422006745-finetunes-track-for-streaming-201710_example.txt"


def write(path, lines, newline="\r\n", encoding="utf-8"):
    """Write text lines to ``path``."""
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


# --- TuneCore -----------------------------------------------------------------------------

TUNECORE_HEADER = (STATEMENTS / "Tunecore_Test.csv").read_text("utf-8").splitlines()[0]
TUNECORE_ROW = ("2020-04-01,2020-06-01,Spotify,GB,Artist 1,Song,Album 1,Song 1,Test Records,567890123456,,"
                "ABCDE1234567,BCDEF5678901,Streaming,1,0.000342,0.000342,USD,0.79,{earned},GBP")  # fmt: skip


def test_real_tunecore_sample():
    lines, issues = run(parse_tunecore(STATEMENTS / "Tunecore_Test.csv"))
    assert issues == []
    assert [line.line for line in lines] == [2, 3, 4, 5]
    assert exact_sum(lines) == Decimal("0.1355")
    assert [line.source for line in lines] == ["google_play", "pandora", "google_play", "youtube"]
    assert {(line.currency, line.period, line.territory, line.usage_type, line.right_type) for line in lines} == {
        ("GBP", "2020-04", "GB", "stream", "master")}  # fmt: skip
    assert [line.units for line in lines] == [1, 1, 1, 2]
    first = lines[0]
    assert (first.isrc, first.upc, first.title, first.artist) == ("BCDEF5678901", "567890123456", "Song 1", "Artist 1")
    assert first.reported_on == datetime.date(2020, 6, 1)
    assert (first.extra["net_sales"], first.extra["net_sales_currency"], first.extra["exchange_rate"]) == (
        "0.000342", "USD", "0.79")  # fmt: skip
    assert first.extra["tc_song_id"] == "ABCDE1234567"
    assert lines[3].gross == Decimal("0.0542")


def test_sniff_tunecore():
    assert sniff_tunecore(STATEMENTS / "Tunecore_Test.csv")
    assert not sniff_tunecore(STATEMENTS / "CdBaby_Test.txt")


def test_tunecore_refuses_another_source_naming_missing_columns():
    with pytest.raises(FormatError) as caught:
        next(parse_tunecore(STATEMENTS / "DistroKid_Test.tsv"))
    assert caught.value.missing == list(tunecore.REQUIRED_COLUMNS)
    assert "not a TuneCore statement" in str(caught.value)


def test_tunecore_amounts_thousands_separators_decimal_commas_and_returns(tmp_path):
    rows = [TUNECORE_ROW.format(earned='"1,234.50"'), TUNECORE_ROW.format(earned='"0,5"'),
            TUNECORE_ROW.format(earned='"1,234"'), TUNECORE_ROW.format(earned="-0.05"),
            TUNECORE_ROW.format(earned="1.5E-7")]  # fmt: skip
    lines, issues = run(parse_tunecore(write(tmp_path / "tc.csv", [TUNECORE_HEADER, *rows])))
    assert [(line.line, line.gross) for line in lines] == [
        (2, Decimal("1234.50")), (5, Decimal("-0.05")), (6, Decimal("1.5E-7"))]  # fmt: skip
    assert issues == [ParseIssue(3, "Total Earned", "Total Earned is not a number", "0,5"),
                      ParseIssue(4, "Total Earned", "Total Earned is not a number", "1,234")]  # fmt: skip


def test_tunecore_rows_album_download_country_names_and_bad_cells(tmp_path):
    good = TUNECORE_ROW.format(earned="0.01")
    album = good.replace(",Song,Album 1,Song 1,", ",Album,Album 1,,").replace("ABCDE1234567,BCDEF5678901", ",")
    download = good.replace("Streaming", "Download").replace(",GB,", ",GBR,")
    tc_isrc = good.replace("BCDEF5678901", "")
    bad = good.replace(",GB,", ",Narnia,").replace("2020-04-01,", "04/2020,", 1).replace(",GBP", ",GB£")
    lines, issues = run(parse_tunecore(write(tmp_path / "tc.csv", [TUNECORE_HEADER, album, download, tc_isrc, bad])))
    assert [(line.isrc, line.title, line.usage_type, line.territory) for line in lines] == [
        (None, "Album 1", "stream", "GB"), ("BCDEF5678901", "Song 1", "download", "GB"),
        ("ABCDE1234567", "Song 1", "stream", "GB")]  # fmt: skip
    assert [(i.line, i.field, i.message) for i in issues] == [
        (5, "Sales Period", "Sales Period is not a date like 2024-01-31"),
        (5, "Country Of Sale", "Country Of Sale is not a known country"),
        (5, "Currency", "Currency is not an ISO 4217 currency code")]  # fmt: skip


def test_tunecore_cr_only_line_ends_and_truncated_last_line(tmp_path):
    row = TUNECORE_ROW.format(earned="0.01")
    path = write(tmp_path / "tc.csv", [TUNECORE_HEADER, row, row, row[:40]], newline="\r")
    lines, issues = run(parse_tunecore(path))
    assert [line.line for line in lines] == [2, 3]
    assert issues == [ParseIssue(4, None, "truncated: 5 of 21 cells", row[:40])]


# --- CD Baby ------------------------------------------------------------------------------

CDBABY_HEADER = (STATEMENTS / "CdBaby_Test.txt").read_text("utf-8").splitlines()[0]


def test_real_cdbaby_sample():
    lines, issues = run(parse_cdbaby(STATEMENTS / "CdBaby_Test.txt"))
    assert issues == []
    assert [line.line for line in lines] == [2, 3]
    assert exact_sum(lines) == Decimal("0.1596539948")
    first = lines[0]
    assert (first.source, first.source_label, first.usage_type, first.right_type) == (
        "amazon_music", "Amazon Music", "stream", "master")  # fmt: skip
    assert (first.territory, first.period, first.currency, first.units) == ("IN", "2023-07", "USD", 1)
    assert first.reported_on == datetime.date(2023, 10, 15)
    assert (first.isrc, first.upc, first.title, first.artist) == ("USX123000001", "880000000001", "Example", "Artist 1")
    assert (first.extra["partner"], first.extra["cdbaby_sku"], first.extra["price"]) == (
        "Amazon Prime IN", "artist1", "0.09982699")  # fmt: skip
    assert lines[1].gross == Decimal("0.0598269974")


def test_sniff_cdbaby():
    assert sniff_cdbaby(STATEMENTS / "CdBaby_Test.txt")
    assert not sniff_cdbaby(STATEMENTS / "DistroKid_Test.tsv")


def test_cdbaby_quote_in_a_title_and_a_bad_date(tmp_path):
    row = ("10/15/2023 12:00:00 AM\t7/31/2023 12:00:00 AM\t1\t0.1\t0.1\tusx123000001\t\"880000000001\"\tsku\t"
           "Album\tArtist\t12\" Mix\tSpotify\tStream\tDE")  # fmt: skip
    bad_date = row.replace("7/31/2023 12:00:00 AM", "2023-07-31")
    lines, issues = run(parse_cdbaby(write(tmp_path / "cd.txt", [CDBABY_HEADER, row, bad_date, row])))
    assert [(line.line, line.title, line.source) for line in lines] == [
        (2, '12" Mix', "spotify"), (4, '12" Mix', "spotify")]  # fmt: skip
    assert issues == [ParseIssue(3, "Sales Date", "Sales Date is not a date like 01/31/2024 1:05:00 PM", "2023-07-31")]


def test_cdbaby_refuses_another_source():
    with pytest.raises(FormatError) as caught:
        next(parse_cdbaby(STATEMENTS / "Tunecore_Test.csv"))
    assert caught.value.missing == list(cdbaby.REQUIRED_COLUMNS)


# --- Apple Music S1 -----------------------------------------------------------------------


def test_real_apple_music_streams_sample():
    lines, issues = run(parse_apple_music(APPLE_S1))
    assert issues == []
    assert len(lines) == 245
    assert (lines[0].line, lines[-1].line) == (6, 250)  # 4 preamble lines and the header
    assert exact_sum(lines) == Decimal("11.795490")
    assert sum(line.units for line in lines) == 553
    assert {(line.source, line.usage_type, line.right_type, line.currency, line.period, line.territory)
            for line in lines} == {("apple_music", "stream", "master", "AUD", "2017-10", "AU")}  # fmt: skip
    first = lines[0]
    assert (first.isrc, first.title, first.artist, first.gross) == ("DEW259500109", "Q1.2", "Basic Channel",
                                                                     Decimal("0.021330"))  # fmt: skip
    assert (first.extra["period_start"], first.extra["period_end"]) == ("2017-10-01", "2017-11-04")
    assert first.extra["membership_type"] == "Indirect Individual Monthly EXTENDED TRIAL"


def s1_file(path, start="10/01/2017", end="11/04/2017", currency="AUD", rows=()):
    """An S1 report with the sample's header."""
    header = APPLE_S1.read_text("utf-8").splitlines()[4]
    preamble = [f"Start Date\t{start}", f"End Date\t{end}", "Report Type\tApple Music", f"Currency\t{currency}"]
    return write(path, [*preamble, header, *rows], newline="\n")


def test_apple_fiscal_month_is_the_month_holding_the_middle_of_the_report(tmp_path):
    row = "GB\t1\tIndividual\t3\t.01\t.03\tGBAAA1800001\tT\tA\t1\t1\tGBAAA1800001\t0\tL\t"
    (line,) = parse_apple_music(s1_file(tmp_path / "s1.txt", "12/30/2018", "02/02/2019", "GBP", [row]))
    assert (line.period, line.currency, line.territory, line.units, line.gross) == (
        "2019-01", "GBP", "GB", 3, Decimal(".03"))  # fmt: skip


def test_apple_music_preamble_is_required(tmp_path):
    assert sniff_apple_music(APPLE_S1)
    assert not sniff_apple_music(ITUNES)
    with pytest.raises(FormatError) as caught:
        next(parse_apple_music(s1_file(tmp_path / "s1.txt", currency="ZZZ")))
    assert caught.value.missing == ["Currency"]
    with pytest.raises(FormatError) as caught:
        next(parse_apple_music(ITUNES))
    # The iTunes header has a Quantity column, but none of the S1 preamble.
    assert caught.value.missing == [*apple.PREAMBLE_KEYS, "Storefront Name", "Net Royalty Total", "ISRC", "Item_Title",
                                    "Item_Artist"]  # fmt: skip


# --- iTunes downloads ---------------------------------------------------------------------


def test_real_itunes_downloads_sample():
    lines, issues = run(parse_itunes(ITUNES))
    assert issues == []
    assert len(lines) == 249
    assert exact_sum(lines) == Decimal("635.62")
    assert sum(line.units for line in lines) == 298
    assert {(line.source, line.usage_type, line.currency, line.period) for line in lines} == {
        ("itunes", "download", "AUD", "2017-11")}  # fmt: skip
    assert sum(line.territory == "NZ" for line in lines) == 25
    returns = [line for line in lines if line.extra["sales_or_return"] == "R"]
    assert (len(returns), exact_sum(returns), {line.units for line in returns}) == (11, Decimal("-14.19"), {-1})
    albums = [line for line in lines if line.isrc is None]
    assert len(albums) == 30 and all(line.upc for line in albums)
    assert (albums[0].line, albums[0].upc, albums[0].gross, albums[0].title) == (
        21, "0090204932832", Decimal("10.99"), "Freestyle 80'S")  # fmt: skip
    first = lines[0]
    assert (first.line, first.isrc, first.title, first.artist, first.territory) == (
        2, "ATK430405801", "Pleasure Boy", "Seelenluft", "AU")  # fmt: skip
    assert (first.extra["period_start"], first.extra["period_end"], first.extra["customer_price"]) == (
        "2017-11-05", "2017-12-02", "2.19")  # fmt: skip


def test_itunes_sniff_and_bad_currency(tmp_path):
    assert sniff_itunes(ITUNES) and not sniff_itunes(APPLE_S1)
    header, row = ITUNES.read_text("utf-8").splitlines()[:2]
    path = write(tmp_path / "dl.txt", [header, row.replace("\tAUD\tS\t", "\tA$\tS\t")], newline="\n")
    (issue,) = parse_itunes(path)
    assert (issue.line, issue.field, issue.raw) == (2, "Partner Share Currency", "A$")


# --- Spotify ------------------------------------------------------------------------------


def test_real_spotify_sample():
    lines, issues = run(parse_spotify(SPOTIFY))
    assert issues == []
    assert len(lines) == 247
    assert (lines[0].line, lines[-1].line) == (4, 250)
    # 30 significant digits per cell: the exact sum has more than the default 28.
    assert exact_sum(lines) == Decimal("33.0964897858356444621782127250224362")
    assert sum(line.units for line in lines) == 7407
    assert {(line.source, line.usage_type, line.currency, line.period) for line in lines} == {
        ("spotify", "stream", "USD", "2017-10")}  # fmt: skip
    first, last = lines[0], lines[-1]
    assert (first.territory, first.units, first.gross) == ("DE", 8, Decimal("0.01000246370629471467011063892"))
    assert (first.isrc, first.upc, first.title, first.artist) == (
        "DEOK41100074", "4250137264165", "Struggles of a Working Man", "Joker Face")  # fmt: skip
    assert dict(first.extra) == {
        "label": "Rocking Records!", "product": "A", "uri": "spotify:track:0005ucELVAjPuvKNsqR1XE",
        "composer": "Julian Paul Wörndle", "album": "On the Road Again", "period_end": "2017-10-31",
        "format_version": "2", "recipient": "Finetunes"}  # fmt: skip
    assert (last.territory, last.gross) == ("HN", Decimal("0.000004728602417533660881608229722"))


def test_spotify_currency_comes_from_the_amount_column(tmp_path):
    preamble, values, header, row = SPOTIFY.read_text("utf-8").splitlines()[:4]
    path = write(tmp_path / "sp.txt", [preamble, values, header.replace("USD Payable", "EUR Payable"), row])
    (line,) = parse_spotify(path)
    assert (line.currency, line.gross) == ("EUR", Decimal("0.01000246370629471467011063892"))


def test_spotify_needs_its_preamble(tmp_path):
    assert sniff_spotify(SPOTIFY) and not sniff_spotify(APPLE_S1)
    header, row = SPOTIFY.read_text("utf-8").splitlines()[2:4]
    with pytest.raises(FormatError) as caught:
        next(parse_spotify(write(tmp_path / "sp.txt", [header, row, row])))
    assert caught.value.missing[:3] == list(spotify.PREAMBLE_COLUMNS)
