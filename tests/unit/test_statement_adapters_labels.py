"""Bandcamp, Cargo (digital ZIP/CSV, physical XLSX) and Secretly Distribution adapters: real samples, hand-made files."""

import datetime
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from importers.records import FormatError, ParseIssue
from importers.statements import cargo
from importers.statements.bandcamp import parse_bandcamp, sniff_bandcamp
from importers.statements.cargo import (
    parse_cargo_digital,
    parse_cargo_physical,
    sniff_cargo_digital,
    sniff_cargo_physical,
)
from importers.statements.secretly import (
    parse_secretly_digital,
    parse_secretly_physical,
    sniff_secretly_digital,
    sniff_secretly_physical,
)
from tests.unit.statement_helpers import STATEMENTS, exact_sum, run

CARGO_ZIP = STATEMENTS / "Cargo_Digital_Test.zip"
CARGO_CSV = STATEMENTS / "cargo-simple-3-songs.csv"
CARGO_XLSX = STATEMENTS / "Cargo_Physical_Test.xlsx"


# --- Bandcamp -----------------------------------------------------------------------------


def test_real_bandcamp_utf16_export():
    assert (STATEMENTS / "bandcamp.csv").read_bytes()[:2] == b"\xff\xfe"
    lines, issues = run(parse_bandcamp(STATEMENTS / "bandcamp.csv"))
    assert issues == []
    # 41 rows, of which the 6 payouts (lines 33-38) are transfers, not income.
    assert len(lines) == 35
    assert [line.line for line in lines if line.line > 30] == [31, 32, 39, 40, 41, 42]
    assert exact_sum(lines) == Decimal("312.45")
    assert {(line.source, line.currency, line.period, line.right_type) for line in lines} == {
        ("bandcamp", "USD", "2020-01", "master")}  # fmt: skip
    assert [line.usage_type for line in lines].count("physical") == 9
    assert {line.territory for line in lines} == {"US", "AU", "GB", "DE", "IE", "ES", "NO", "CA"}
    first = lines[0]
    assert (first.line, first.title, first.artist, first.upc, first.isrc, first.gross, first.units) == (
        2, "Amazing", "Bonehead", "2222222222", None, Decimal("0.8"), 1)  # fmt: skip
    assert (first.extra["date"], first.extra["item_type"], first.extra["sku"]) == (
        "1/1/20 4:49am", "album", "TEST-01digi")  # fmt: skip
    track = lines[-1]
    assert (track.isrc, track.usage_type, track.territory, track.gross) == (
        "ABC000000004", "download", "GB", Decimal("25.79"))  # fmt: skip


@pytest.mark.parametrize(("name", "count", "total", "periods"), [
    ("bandcamp-simple-3-songs.csv", 8, Decimal("17.68"), {"2022-11", "2022-12", "2023-02"}),
    ("bandcamp-non-ascii.csv", 13, Decimal("33.96"), {"2023-06", "2023-07", "2024-01"}),
])  # fmt: skip
def test_real_bandcamp_short_exports_have_no_country(name, count, total, periods):
    lines, issues = run(parse_bandcamp(STATEMENTS / name))
    assert issues == []
    assert (len(lines), exact_sum(lines), {line.period for line in lines}) == (count, total, periods)
    assert {(line.territory, line.currency, line.usage_type) for line in lines} == {("WORLD", "GBP", "download")}


def test_bandcamp_non_ascii_and_the_same_file_in_utf16_with_cr_line_ends(tmp_path):
    source = STATEMENTS / "bandcamp-non-ascii.csv"
    lines, _ = run(parse_bandcamp(source))
    assert lines[0].artist == "Pèrsona Dos"
    utf16 = tmp_path / "bc.csv"
    utf16.write_bytes(b"\xff\xfe" + source.read_text("utf-8").replace("\n", "\r").encode("utf-16-le"))
    assert list(parse_bandcamp(utf16)) == list(parse_bandcamp(source))
    assert sniff_bandcamp(utf16) and not sniff_bandcamp(STATEMENTS / "sddigital.csv")


def test_bandcamp_refund_is_a_negative_line_and_an_empty_country_an_issue(tmp_path):
    text = (STATEMENTS / "bandcamp.csv").read_text("utf-16").splitlines()
    header, sale = text[0], text[1]
    refund = sale.replace(",album,", ",refund,").replace(",0.8,,,,TEST-01digi", ",-0.8,,,,TEST-01digi")
    no_country = sale.replace("United States,US,NY", "United States,,NY")
    path = tmp_path / "bc.csv"
    path.write_text("\n".join([header, refund, no_country]) + "\n", encoding="utf-16")
    lines, issues = run(parse_bandcamp(path))
    assert [(line.line, line.usage_type, line.gross) for line in lines] == [(2, "other", Decimal("-0.8"))]
    assert issues == [ParseIssue(3, "country code", "country code is not a known country", "")]


# --- Cargo digital ------------------------------------------------------------------------


def test_real_cargo_digital_zip_streams_the_royalty_extended_member():
    lines, issues = run(parse_cargo_digital(CARGO_ZIP))
    assert issues == []
    assert [line.line for line in lines] == [2, 3, 4]
    assert exact_sum(lines) == Decimal("0.00642208200830")
    # Sales in GBP, USD and EUR, all converted to the statement's pounds.
    assert {line.currency for line in lines} == {"GBP"}
    assert [(line.extra["sale_currency"], line.extra["exchange_rate"]) for line in lines] == [
        ("GBP", "0.985"), ("USD", "0.7957"), ("EUR", "0.8862")]  # fmt: skip
    assert [(line.source, line.usage_type, line.territory) for line in lines] == [
        ("spotify", "stream", "GB"), ("spotify", "stream", "US"), ("youtube", "stream", "CZ")]  # fmt: skip
    first = lines[0]
    assert (first.period, first.isrc, first.upc, first.title, first.artist, first.units, first.gross) == (
        "2022-11", "ABCDE2300001", "1234567891011", "Song 1", "Artist 1", 1, Decimal("0.0027174397685"))  # fmt: skip
    assert (first.extra["sale_end"], first.extra["statement_run"], first.extra["sale_net_receipts"]) == (
        "2022-11-30", "2023Q1", "0.0031969879629411800")  # fmt: skip


def test_real_cargo_simple_csv():
    lines, issues = run(parse_cargo_digital(CARGO_CSV))
    assert issues == []
    assert len(lines) == 8
    assert exact_sum(lines) == Decimal("0.01915233318307929")
    assert {(line.currency, line.period, line.territory, line.source) for line in lines} == {
        ("GBP", "2022-08", "GB", "spotify")}  # fmt: skip
    assert [line.isrc for line in lines][::3] == ["GBABC1234567", "GBABC1234568", "GBABC1234569"]


def test_cargo_digital_sniff_and_wrong_inputs(tmp_path):
    assert sniff_cargo_digital(CARGO_ZIP) and sniff_cargo_digital(CARGO_CSV)
    assert not sniff_cargo_digital(CARGO_XLSX)  # a zip too, but with no royalty_extended member
    assert not sniff_cargo_digital(STATEMENTS / "Tunecore_Test.csv")
    empty_zip = tmp_path / "e.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("acct-stores.csv", "Sale Store Name,DSP\n")
    with pytest.raises(FormatError) as caught:
        next(parse_cargo_digital(empty_zip))
    assert "royalty_extended" in str(caught.value) and caught.value.missing == list(cargo.DIGITAL_COLUMNS)


def test_cargo_digital_zip_member_line_numbers_and_currency_from_the_calculation(tmp_path):
    header, row = CARGO_CSV.read_text("utf-8").splitlines()[:2]
    no_currency = row.replace("= £", "=")
    in_euros = row.replace("= £", "= €").replace(",0.00139510587933175,", ",-0.5,")
    path = tmp_path / "Acct.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Acct-royalty_extended.csv", "\r\n".join([header, row, "", no_currency, in_euros]) + "\r\n")
    lines, issues = run(parse_cargo_digital(path))
    assert [(line.line, line.currency, line.gross) for line in lines] == [
        (2, "GBP", Decimal("0.00139510587933175")), (5, "EUR", Decimal("-0.5"))]  # fmt: skip
    assert [(i.line, i.field) for i in issues] == [(4, "Sale net receipts calculation")]


# --- Cargo physical -----------------------------------------------------------------------


def test_real_cargo_physical_xlsx():
    lines, issues = run(parse_cargo_physical(CARGO_XLSX))
    assert issues == []
    assert [line.line for line in lines] == [2, 3, 4]
    assert exact_sum(lines) == Decimal("4.872")
    assert [(line.territory, line.units, line.gross) for line in lines] == [
        ("GB", 1, Decimal("7.28")), ("DE", -1, Decimal("-7.6")), ("GB", 1, Decimal("5.192"))]  # fmt: skip
    assert {(line.source, line.usage_type, line.currency, line.period, line.isrc) for line in lines} == {
        ("cargo", "physical", "GBP", "2023-01", None)}  # fmt: skip
    first = lines[0]
    assert (first.upc, first.title, first.artist) == ("1234567891234", "ALBUM 1", "ARTIST 1")
    assert (first.extra["catalog_number"], first.extra["sold_to"], first.extra["gross_value"]) == (
        "TS001LP", "AMAZON EU SARL, UK BRANCH", "9.1")  # fmt: skip
    assert "inexact_cells" not in first.extra


def test_cargo_physical_sniff():
    assert sniff_cargo_physical(CARGO_XLSX)
    assert not sniff_cargo_physical(CARGO_ZIP)
    assert not sniff_cargo_physical(CARGO_CSV)


def physical_workbook(path, rows):
    """An xlsx with the sample's header in row 1, an empty row 2, and ``rows`` from row 3."""
    header = next(openpyxl.load_workbook(CARGO_XLSX, read_only=True).worksheets[0].iter_rows(values_only=True))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    sheet.append([])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_cargo_physical_floats_accounting_negatives_costs_and_bad_cells(tmp_path):
    sale = ["2023_02", "TS001LP", "TEST", 1, "SHOP", "Sage", "Domestic", "Sale", "Store", "UK", "A", "T", 123, "VL",
            2, 9.1, None, None, 0.8, 0.00139510587933175]  # fmt: skip
    cost = sale[:7] + ["Cost", "Storage", "Germany", "INV-1", "pallets", None, None, 0, None, "(9.50)", None, None,
                       "(9.50)"]  # fmt: skip
    bad = sale[:9] + ["Narnia"] + sale[10:]
    bad[0] = "2023_13"
    path = physical_workbook(tmp_path / "phys.xlsx", [sale, cost, bad])
    lines, issues = run(parse_cargo_physical(path))
    assert [(line.line, line.usage_type, line.territory, line.gross) for line in lines] == [
        (3, "physical", "GB", Decimal("0.00139510587933175")), (4, "other", "DE", Decimal("-9.50"))]  # fmt: skip
    # 15 significant digits, all a spreadsheet keeps: the statement's amount may have had more.
    assert lines[0].extra["inexact_cells"] == "Net after fee"
    assert (lines[0].period, lines[0].upc, lines[0].units) == ("2023-02", "123", 2)
    assert [(i.line, i.field) for i in issues] == [(5, "Period"), (5, "Country")]


def test_cargo_physical_refuses_other_files(tmp_path):
    with pytest.raises(FormatError):
        next(parse_cargo_physical(STATEMENTS / "Tunecore_Test.csv"))
    with pytest.raises(FormatError) as caught:
        next(parse_cargo_physical(CARGO_ZIP))
    assert caught.value.missing == list(cargo.PHYSICAL_COLUMNS)
    other = openpyxl.Workbook()
    other.active.append(["Period", "Country"])
    other.save(tmp_path / "other.xlsx")
    with pytest.raises(FormatError) as caught:
        next(parse_cargo_physical(tmp_path / "other.xlsx"))
    assert "Net after fee" in caught.value.missing and "Period" not in caught.value.missing


# --- Secretly Distribution ----------------------------------------------------------------


def test_real_secretly_digital():
    lines, issues = run(parse_secretly_digital(STATEMENTS / "sddigital.csv"))
    assert issues == []
    assert len(lines) == 5
    assert exact_sum(lines) == Decimal("0.07653940313805")
    assert {(line.source, line.usage_type, line.currency, line.period, line.territory) for line in lines} == {
        ("tidal", "stream", "USD", "2019-08", "US")}  # fmt: skip
    first = lines[0]
    assert (first.isrc, first.upc, first.title, first.artist, first.units) == (
        "ABC000000001", "2222222222", "Chicken", "Bonehead", 1)  # fmt: skip
    assert first.reported_on == datetime.date(2020, 1, 31)
    assert (first.extra["total_gross_income"], first.extra["distribution_fee_total"]) == (
        "0.012863765233", "0.00192956478495")  # fmt: skip
    assert lines[-1].title == "New York Dreamin\u2019"


def test_real_secretly_physical():
    lines, issues = run(parse_secretly_physical(STATEMENTS / "sdphysical.csv"))
    assert issues == []
    assert [line.line for line in lines] == [2, 3, 4]
    assert exact_sum(lines) == Decimal("30")
    assert {(line.source, line.usage_type, line.currency, line.period, line.territory) for line in lines} == {
        ("secretly_distribution", "physical", "USD", "2020-01", "DE")}  # fmt: skip
    assert [line.title for line in lines] == ["asdf", "asdfa", "sdf"]
    assert lines[0].extra["catalog_number"] == "TEST-01lp"


def test_secretly_sniffs_tell_the_layouts_apart():
    digital, physical = STATEMENTS / "sddigital.csv", STATEMENTS / "sdphysical.csv"
    assert sniff_secretly_digital(digital) and not sniff_secretly_digital(physical)
    assert sniff_secretly_physical(physical) and not sniff_secretly_physical(digital)


def test_secretly_period_falls_back_to_the_payment_month(tmp_path):
    header, row = (STATEMENTS / "sddigital.csv").read_text("utf-8").splitlines()[:2]
    undated = row.replace("2019.08 Streams", "Streams")
    unpaid = undated.replace("1/6/2020", "2020-01-06")
    path = tmp_path / "sd.csv"
    path.write_text("\n".join([header, undated, unpaid]) + "\n", encoding="utf-8")
    lines, issues = run(parse_secretly_digital(path))
    assert [(line.line, line.period) for line in lines] == [(2, "2020-01")]
    assert issues == [ParseIssue(3, "datePaidlast", "datePaidlast is not a date like 01/31/2024", "2020-01-06")]
