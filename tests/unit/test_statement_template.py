"""Statement mapping templates: validation, the template parser on hand-made layouts, and templates
of real layouts giving exactly what their code adapters give."""

import datetime
from decimal import Decimal

import pytest

from importers.records import FormatError
from importers.statements.cdbaby import parse_cdbaby
from importers.statements.template import Template, guess_header, header_signature, parse_template
from importers.statements.template_fields import number_parser
from importers.statements.template_spec import TemplateError, load_spec
from importers.statements.tunecore import parse_tunecore
from tests.unit.statement_helpers import STATEMENTS, exact_sum, run

# A German-style export: two preamble lines, semicolons, decimal commas, '.' thousands
# separators, dd.mm.yyyy dates, the store's own words for usage types and a total row.
ACME_LINES = [
    "Acme Music Abrechnung;;;;;;;;",
    "Zeitraum: Januar 2024;;;;;;;;",
    "ISRC;Titel;Album;Künstler;Land;Datum;Menge;Betrag;Nutzung;Shop;Label",
    "DE-A12-24-00001;Lied Eins;Album A;Künstlerin;DE;15.01.2024;1.200;1.234,5678;Streaming;Spotify;Acme",
    "DEA122400002;;Album A;Künstlerin;Österreich;31.01.2024;3;-0,25;Download;iTunes;",
    ";Summe;;;;;1.203;1.234,3178;;;",
]
ACME = {
    "name": "Acme Music DE", "source": "Acme Music", "delimiter": ";", "skipRows": 2,
    "columns": {"isrc": "ISRC", "title": ["Titel", "Album"], "artist": "Künstler", "territory": "Land",
                "saleDate": "Datum", "units": "Menge", "gross": "Betrag", "usageType": "Nutzung", "store": "Shop"},
    "constants": {"currency": "EUR", "rightType": "master"},
    "values": {"usageType": {"streaming": "stream", "DOWNLOAD": "download"}, "territory": {"Österreich": "AT"}},
    "dateFormats": ["%d.%m.%Y"], "decimalSeparator": ",", "thousandsSeparator": ".",
    "skipWhen": {"Titel": ["Summe"]}, "extra": {"Label": "label"},
}


def write(path, lines, encoding="utf-8", newline="\r\n"):
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def test_semicolon_decimal_comma_layout_with_preamble_total_row_and_value_mapping(tmp_path):
    lines, issues = run(parse_template(write(tmp_path / "acme.csv", ACME_LINES, "cp1252"), ACME))
    assert issues == []
    assert [line.line for line in lines] == [4, 5]
    first, second = lines
    assert (first.isrc, first.title, first.artist, first.territory, first.period, first.units, first.gross) == (
        "DEA122400001", "Lied Eins", "Künstlerin", "DE", "2024-01", 1200, Decimal("1234.5678"))
    assert (first.source, first.source_label, first.usage_type, first.right_type, first.currency) == (
        "spotify", "Spotify", "stream", "master", "EUR")
    assert dict(first.extra) == {"label": "Acme"}
    # An empty title falls back to the album; a country's German name is mapped; a negative amount is kept.
    assert (second.title, second.territory, second.gross, second.usage_type, second.source) == (
        "Album A", "AT", Decimal("-0.25"), "download", "itunes")
    assert dict(second.extra) == {}
    assert exact_sum(lines) == Decimal("1234.3178")


def test_bad_cells_are_line_numbered_issues_and_good_lines_kept(tmp_path):
    rows = ACME_LINES[:3] + [
        "DEA122400003;Drei;;X;DE;15.01.2024;1;1.5;Streaming;Spotify;",  # 1.5 is not 1.500 nor 1,5
        "DEA122400004;Vier;;X;Narnia;2024-01-15;1;;Radio;Spotify;",  # country, date, empty amount, usage
        "DEA122400005;Fünf;;X;DE;15.01.2024;1,5;2,00;Streaming;Spotify;",  # half a unit
        "BAD;Sechs;;X;DE;15.01.2024;1;2,00;Streaming;;",  # ISRC; empty store → the template's source
        "DEA122400007;Sieben;;X;DE;15.01.2024;1;3,00;streaming;;",
    ]
    lines, issues = run(parse_template(write(tmp_path / "acme.csv", rows), ACME))
    assert [(line.line, line.gross, line.source) for line in lines] == [(8, Decimal("3.00"), "acme_music")]
    # Values compare case-insensitively ('streaming' → stream).
    assert lines[0].source_label == "Acme Music" and lines[0].usage_type == "stream"
    assert [(i.line, i.field, i.raw) for i in issues] == [
        (4, "Betrag", "1.5"),
        (5, "Land", "Narnia"), (5, "Betrag", ""), (5, "Nutzung", "Radio"), (5, "Datum", "2024-01-15"),
        (6, "Menge", "1,5"),
        (7, "ISRC", "BAD"),
    ]
    assert issues[0].message == "Betrag is not an amount in the template's number format"
    assert issues[2].message == "Betrag is empty"
    assert issues[3].message.startswith("Nutzung is not one of stream, download")


def test_a_file_without_the_mapped_columns_is_a_format_error_naming_them(tmp_path):
    with pytest.raises(FormatError) as caught:
        next(parse_template(STATEMENTS / "Tunecore_Test.csv", ACME))
    assert caught.value.missing == ["ISRC", "Titel", "Album", "Künstler", "Land", "Datum", "Menge", "Betrag",
                                    "Nutzung", "Shop"]
    assert "not a 'Acme Music DE' statement" in str(caught.value)
    with pytest.raises(FormatError) as empty:
        next(parse_template(write(tmp_path / "empty.csv", ACME_LINES[:2]), ACME))
    assert str(empty.value).startswith("empty file")


def test_period_from_the_statement_when_the_template_maps_none(tmp_path):
    spec = {"name": "Works", "source": "Small PRO", "columns": {"title": "Work", "gross": "Amount"},
            "constants": {"currency": "GBP", "rightType": "performance", "usageType": "performance"}}
    path = write(tmp_path / "works.csv", ["Work,Amount", "A Song,1.50", "B Song,(2.25)"])
    lines, issues = run(parse_template(path, spec, period="2023-03"))
    assert [(line.period, line.gross, line.territory, line.units, line.right_type) for line in lines] == [
        ("2023-03", Decimal("1.50"), "WORLD", 0, "performance"), ("2023-03", Decimal("-2.25"), "WORLD", 0,
                                                                   "performance")]
    lines, issues = run(parse_template(path, spec))
    assert lines == [] and [(i.line, i.field) for i in issues] == [(2, None), (3, None)]
    assert "give period='YYYY-MM'" in issues[0].message
    with pytest.raises(ValueError):
        list(parse_template(path, spec, period="March"))


def test_constants_fill_empty_cells_and_explicit_encodings(tmp_path):
    spec = {"name": "UTF-16 tabs", "source": "Tabs", "delimiter": "\t", "encoding": "utf-16", "quoted": False,
            "columns": {"isrc": "isrc", "gross": "net", "currency": "cur", "period": "month", "territory": "ctry"},
            "constants": {"currency": "USD", "territory": "WORLD"}, "periodFormats": ["%Y%m", "%m/%Y"],
            "values": {"territory": {"Worldwide": "WORLD"}}}
    rows = ["isrc\tnet\tcur\tmonth\tctry", "USRC17607839\t1\tEUR\t202402\tWorldwide", "USRC17607839\t2\t\t03/2024\t"]
    lines, issues = run(parse_template(write(tmp_path / "tabs.txt", rows, "utf-16"), spec))
    assert issues == []
    assert [(line.currency, line.period, line.territory) for line in lines] == [
        ("EUR", "2024-02", "WORLD"), ("USD", "2024-03", "WORLD")]


def test_number_formats_never_scale_an_amount():
    german, swiss, plain = number_parser(",", "."), number_parser(".", "'"), number_parser(".", None)
    assert german("1.234.567,891") == Decimal("1234567.891")
    assert german("(12,50)") == Decimal("-12.50")
    assert german("1,2E-05") == Decimal("0.000012")
    assert [german(t) for t in ("1.5", "12.34,5", "1,234.5", "", "abc", "1.2345")] == [None] * 6
    assert swiss("1'234.50") == Decimal("1234.50") and swiss("1'23.5") is None
    assert plain("-.5") == Decimal("-0.5") and plain("1,234.5") is None


def test_template_errors_name_every_problem_at_once():
    with pytest.raises(TemplateError) as caught:
        load_spec({"name": "", "source": "--", "delimiter": ";;", "encoding": "klingon", "colour": "red",
                   "columns": {"isrc": "", "bpm": "BPM", "artist": "A"},
                   "constants": {"territory": "Narnia", "gross": 1, "units": "many", "rightType": "lyrics"},
                   "values": {"usageType": {"x": "stream"}}, "dateFormats": ["%d.%m."],
                   "decimalSeparator": ",", "thousandsSeparator": ","})
    errors = caught.value.errors
    assert set(errors) == {"name", "source", "delimiter", "encoding", "colour", "columns", "constants", "values",
                           "dateFormats", "thousandsSeparator"}
    assert errors["colour"] == ["Unknown field."]
    assert set(errors["columns"]) == {"isrc", "bpm", "gross", "currency", "title"}
    assert errors["columns"]["bpm"]["key"][0].startswith("unknown field 'bpm'")
    assert set(errors["constants"]) == {"territory", "gross", "units", "rightType"}
    assert errors["constants"]["territory"] == ["'Narnia' is not a country (ISO 3166-1 alpha-2/alpha-3 code or "
                                                "English name) or WORLD"]
    assert errors["values"] == {"usageType": ["values rewrite cells of a column: map usageType in columns"]}
    assert errors["dateFormats"] == ["'%d.%m.' has no year (%Y or %y)"]


def test_loaded_spec_has_every_default():
    spec = load_spec({"name": "N", "source": "S", "columns": {"isrc": "I", "gross": "G", "currency": "C"}})
    assert spec == {"name": "N", "source": "S", "description": None, "format": "delimited", "sheet": None,
                    "delimiter": ",", "quoted": True,
                    "encoding": "auto", "skipRows": 0, "columns": {"isrc": ["I"], "gross": ["G"], "currency": ["C"]},
                    "constants": {}, "values": {}, "dateFormats": ["%Y-%m-%d"], "periodFormats": ["%Y-%m"],
                    "decimalSeparator": ".", "thousandsSeparator": None, "skipWhen": {}, "extra": {},
                    "headerColumns": None}


TUNECORE_TEMPLATE = {
    "name": "TuneCore by template", "source": "TuneCore",
    "columns": {"saleDate": "Sales Period", "reportedOn": "Posted Date", "store": "Store Name",
                "territory": "Country Of Sale", "artist": "Artist", "title": "Song Title",
                "releaseTitle": "Release Title", "upc": "UPC", "isrc": ["Optional ISRC", "TC Song ID"],
                "usageType": "Sales Type", "units": "# Units Sold", "gross": "Total Earned", "currency": "Currency"},
    "values": {"usageType": {"Streaming": "stream", "Download": "download"}},
    "extra": {"Release Type": "release_type", "Release Title": "release_title", "Label": "label",
              "Optional UPC": "optional_upc", "TC Song ID": "tc_song_id", "Sales Type": "sales_type",
              "Per Unit Price": "per_unit_price", "Net Sales": "net_sales", "Net Sales Currency": "net_sales_currency",
              "Exchange Rate": "exchange_rate", "Commission": "commission"},
}
CDBABY_TEMPLATE = {
    "name": "CD Baby by template", "source": "CD Baby", "delimiter": "\t", "quoted": False,
    "columns": {"saleDate": "Sales Date", "reportedOn": "Report Date", "units": "Quantity", "gross": "Subtotal",
                "isrc": "Isrc", "upc": "Barcode", "title": ["Track Name", "Album Name"], "artist": "Artist Name",
                "store": "Partner Name", "usageType": "Transaction Type", "territory": "Delivery Country"},
    "constants": {"currency": "USD"}, "dateFormats": ["%m/%d/%Y %I:%M:%S %p"],
    "values": {"usageType": {"Stream": "stream", "Download": "download"}},
}


def test_a_tunecore_template_gives_exactly_the_tunecore_adapter_lines():
    path = STATEMENTS / "Tunecore_Test.csv"
    by_template, by_adapter = run(parse_template(path, TUNECORE_TEMPLATE)), run(parse_tunecore(path))
    assert by_template == by_adapter  # every field of every line, extra included
    lines = by_template[0]
    assert len(lines) == 4 and exact_sum(lines) == Decimal("0.1355")
    assert lines[0].reported_on == datetime.date(2020, 6, 1)


def test_a_cdbaby_template_gives_the_cdbaby_adapter_lines_but_extra():
    path = STATEMENTS / "CdBaby_Test.txt"
    (by_template, issues), (by_adapter, _) = run(parse_template(path, CDBABY_TEMPLATE)), run(parse_cdbaby(path))
    assert issues == [] and len(by_template) == len(by_adapter) == 2
    assert exact_sum(by_template) == exact_sum(by_adapter) == Decimal("0.1596539948")
    assert [{**vars(line), "extra": None} for line in by_template] == [{**vars(line), "extra": None}
                                                                      for line in by_adapter]


def test_header_signature_score_and_guess():
    assert header_signature(["ISRC", " Amount", "title"]) == header_signature(["amount", "Title", "isrc", "ISRC"])
    assert header_signature(["ISRC"]) != header_signature(["ISRC", "Amount"])
    template = Template(TUNECORE_TEMPLATE)
    header = guess_header(STATEMENTS / "Tunecore_Test.csv")
    assert len(header) == 21 and header[0] == "Sales Period"
    assert template.header(STATEMENTS / "Tunecore_Test.csv") == header
    assert template.score(header) == pytest.approx(14 / 21)  # the 14 mapped columns of the 21
    assert Template({**TUNECORE_TEMPLATE, "headerColumns": header}).score(header) == 1.0
    assert template.score(guess_header(STATEMENTS / "CdBaby_Test.txt")) == 0.0
    assert guess_header(STATEMENTS / "Cargo_Digital_Test.zip") == []


# -- spreadsheets (format xlsx) ------------------------------------------------------------------

ACME_XLSX = {**{k: v for k, v in ACME.items() if k != "delimiter"}, "format": "xlsx", "sheet": "Abrechnung"}


def write_xlsx(path, rows, sheet="Abrechnung"):
    """An xlsx workbook: a cover sheet first, then ``sheet`` holding ``rows`` (lists of values)."""
    import openpyxl
    book = openpyxl.Workbook()
    book.active.title = "Deckblatt"
    book.active.append(["Acme Music"])
    data = book.create_sheet(sheet)
    for row in rows:
        data.append(row)
    book.save(path)
    return path


def test_an_xlsx_worksheet_is_read_by_a_template_typed_cells_as_values_text_cells_in_its_formats(tmp_path):
    path = write_xlsx(tmp_path / "acme.xlsx", [
        ["Acme Music Abrechnung"],
        [],                                                                 # an empty row still counts
        ["ISRC", "Titel", "Album", "Künstler", "Land", "Datum", "Menge", "Betrag", "Nutzung", "Shop", "Label"],
        ["DE-A12-24-00001", "Lied Eins", "Album A", "Künstlerin", "DE", datetime.datetime(2024, 1, 15), 1200,
         1234.5678, "Streaming", "Spotify", "Acme"],                         # row 4: typed cells
        ["DEA122400002", None, "Album A", "Künstlerin", "Österreich", "31.01.2024", "3", "-0,25", "Download",
         "iTunes"],                                                          # row 5: text cells, no Label cell
        ["DEA122400003", "Lied Drei", None, "K", "DE", datetime.date(2024, 2, 1), 1, "viel", "Streaming", "Spotify"],
        [None, "Summe", None, None, None, None, 1204, 1234.3178],           # a total row, skipped
    ])
    assert Template(ACME_XLSX).header(path)[:2] == ["ISRC", "Titel"]
    assert guess_header(path) == ["Acme Music"]  # the first worksheet's first row: the cover
    lines, issues = run(parse_template(path, ACME_XLSX))
    assert [(i.line, i.field) for i in issues] == [(6, "Betrag")]
    first, second = lines
    assert (first.line, first.isrc, first.period, first.units, first.gross, first.usage_type, dict(first.extra)) == (
        4, "DEA122400001", "2024-01", 1200, Decimal("1234.5678"), "stream", {"label": "Acme"})
    assert (second.line, second.title, second.territory, second.units, second.gross) == (
        5, "Album A", "AT", 3, Decimal("-0.25"))


def test_an_xlsx_number_at_the_spreadsheet_precision_limit_is_named_on_its_line(tmp_path):
    header = ["ISRC", "Titel", "Album", "Künstler", "Land", "Datum", "Menge", "Betrag", "Nutzung", "Shop"]
    row = ["DEA122400001", "Lied", "A", "K", "DE", datetime.date(2024, 1, 15)]
    path = write_xlsx(tmp_path / "acme.xlsx", [
        header,
        [*row, 1, 0.123456789012345, "Streaming", "Spotify"],   # 15 significant digits: may have been cut
        [*row, 1, 0.12345678901234, "Streaming", "Spotify"]])   # 14: exact
    cut, exact = run(parse_template(path, {**ACME_XLSX, "skipRows": 0}))[0]
    assert (cut.gross, cut.extra["inexact_cells"]) == (Decimal("0.123456789012345"), "Betrag")
    assert "inexact_cells" not in exact.extra


def test_an_xlsx_template_refuses_a_missing_worksheet_a_text_file_and_a_sheet_on_delimited(tmp_path):
    path = write_xlsx(tmp_path / "other.xlsx", [["ISRC"]], sheet="Sheet2")
    with pytest.raises(FormatError, match="no worksheet 'Abrechnung'"):
        list(parse_template(path, ACME_XLSX))
    text = write(tmp_path / "acme.csv", ACME_LINES)
    assert Template(ACME_XLSX).header(text) is None and Template(ACME).header(path) is None
    with pytest.raises(TemplateError) as raised:
        load_spec({**ACME, "sheet": "Abrechnung"})
    assert raised.value.errors == {"sheet": ["a worksheet is named for format xlsx only"]}
