"""Tests for the adapters built from published column lists only (FORMATS.md, "docs only"):
YouTube Content ID summary and The MLC royalty statement. No sample exists, so every file is
written here from the documented columns."""

from decimal import Decimal

import pytest

from importers.records import FormatError
from importers.statements.mlc import REQUIRED_COLUMNS as MLC_COLUMNS
from importers.statements.mlc import parse_mlc, sniff_mlc
from importers.statements.youtube import parse_youtube_content_id, sniff_youtube_content_id
from tests.unit.statement_helpers import run

YOUTUBE_HEADER = ["Payee ID", "Asset ID", "Asset Title", "Artist", "Album", "ISRC", "UPC", "Custom Labels", "Views",
                  "Royalties (EUR)", "Payout Rate", "Share", "Payout (EUR)"]  # fmt: skip
MLC_HEADER = [*MLC_COLUMNS, "Payee MLC Number", "Original Publisher Name", "Admin Publisher Name",
              "Member Song Identifier", "Work Payable %"]  # fmt: skip


def write_csv(path, header, rows, encoding="utf-8", newline="\r\n"):
    """Write a CSV: ``rows`` are dicts by column (quoted when they hold a comma) or raw strings."""
    def cell(value):
        return f'"{value}"' if "," in value else value

    lines = [",".join(header)]
    lines += [row if isinstance(row, str) else ",".join(cell(row.get(name, "")) for name in header) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


# --- YouTube Content ID summary ------------------------------------------------------------

ASSET = {
    "Payee ID": "P-1", "Asset ID": "A123456789012345", "Asset Title": "Song, Live", "Artist": "Artist 1",
    "Album": "Album 1", "ISRC": "gb-aye-06-01498", "UPC": "00602557190298", "Custom Labels": "label-a",
    "Views": "120345", "Royalties (EUR)": "25.123456789", "Payout Rate": "0.7", "Share": "1",
    "Payout (EUR)": "17.5864197523",
}  # fmt: skip


def test_youtube_content_id_summary(tmp_path):
    path = write_csv(tmp_path / "content_id.csv", YOUTUBE_HEADER, [ASSET, {**ASSET, "Asset ID": "A2", "ISRC": "",
                     "Views": "10", "Payout (EUR)": "-0.50", "Royalties (EUR)": ""}])  # fmt: skip
    assert sniff_youtube_content_id(path)
    lines, issues = run(parse_youtube_content_id(path, period="2024-02"))
    assert issues == []
    first, second = lines
    assert (first.line, first.gross, first.currency, first.units, first.period, first.territory) == (
        2, Decimal("17.5864197523"), "EUR", 120345, "2024-02", "WORLD",
    )  # fmt: skip
    assert (first.source, first.usage_type, first.right_type) == ("youtube", "ugc", "master")
    assert (first.isrc, first.upc, first.title, first.artist) == ("GBAYE0601498", "00602557190298", "Song, Live", "Artist 1")
    assert dict(first.extra) == {
        "payee_id": "P-1", "asset_id": "A123456789012345", "album": "Album 1", "custom_labels": "label-a",
        "payout_rate": "0.7", "share": "1", "royalties": "25.123456789",
    }  # fmt: skip
    assert (second.gross, second.isrc, "royalties" in second.extra) == (Decimal("-0.50"), None, False)
    assert sum(line.gross for line in lines) == Decimal("17.0864197523")


def test_youtube_rows_with_problems(tmp_path):
    path = write_csv(tmp_path / "content_id.csv", YOUTUBE_HEADER, [
        {**ASSET, "Views": "many", "Payout (EUR)": "1,5"},
        {**ASSET, "Asset ID": "", "ISRC": "NOPE"},
        ASSET,
        "P-1,A9,Cut short",
    ])  # fmt: skip
    lines, issues = run(parse_youtube_content_id(path, period="2024-02"))
    assert [line.line for line in lines] == [4]
    assert [(i.line, i.field) for i in issues] == [
        (2, "Views"), (2, "Payout (EUR)"), (3, "Asset ID"), (3, "ISRC"), (5, None),
    ]  # fmt: skip


def test_youtube_needs_a_period(tmp_path):
    path = write_csv(tmp_path / "content_id.csv", YOUTUBE_HEADER, [ASSET])
    lines, issues = run(parse_youtube_content_id(path))
    assert lines == []
    assert [(i.line, i.field) for i in issues] == [(2, None)]
    assert "give period='YYYY-MM'" in issues[0].message


@pytest.mark.parametrize(("header", "missing"), [
    ([c for c in YOUTUBE_HEADER if c != "Views"], ["Views"]),
    ([c for c in YOUTUBE_HEADER if c != "Payout (EUR)"], ["Payout (<ISO 4217 currency>)"]),
    ([c if c != "Payout (EUR)" else "Payout (XYZ)" for c in YOUTUBE_HEADER], ["Payout (<ISO 4217 currency>)"]),
    ([c if c != "Royalties (EUR)" else "Royalties (USD)" for c in YOUTUBE_HEADER], ["Royalties (EUR)"]),
])  # fmt: skip
def test_youtube_wrong_header_is_a_format_error_on_first_next(tmp_path, header, missing):
    path = write_csv(tmp_path / "content_id.csv", header, [])
    results = parse_youtube_content_id(path, period="2024-02")
    with pytest.raises(FormatError) as raised:
        next(results)
    assert raised.value.missing == missing
    assert not sniff_youtube_content_id(path)


def test_youtube_utf16_export(tmp_path):
    path = write_csv(tmp_path / "content_id.csv", YOUTUBE_HEADER, [{**ASSET, "Asset Title": "Café"}], encoding="utf-16")
    (line,) = parse_youtube_content_id(path, period="2024-02")
    assert line.title == "Café"


# --- The MLC royalty statement ----------------------------------------------------------------

WORK = {
    "Payee Name": "Example Publishing LLC", "Work Primary Title": "A Work", "Work Writer List": "WRITER ONE, WRITER TWO",
    "DSP Name": "Spotify", "Territory": "US", "Usage Period Start Date": "2024-01-01",
    "Usage Period End Date": "2024-01-31", "Royalty Amount": "10.1234567890", "Distributed Amount": "5.0617283945",
    "Number of Usages": "12,345", "ISWC": "T0345246801", "MLC Song Code": "AB1234", "Payee MLC Number": "P0001",
    "Work Payable %": "50",
}  # fmt: skip


def test_mlc_royalty_statement(tmp_path):
    rows = [WORK, {**WORK, "DSP Name": "iTunes", "Territory": "United States", "Usage Period Start Date": "02/01/2024",
                   "Usage Period End Date": "02/29/2024", "Distributed Amount": "-1.25", "ISWC": ""}]  # fmt: skip
    path = write_csv(tmp_path / "mlc.csv", MLC_HEADER, rows)
    assert sniff_mlc(path)
    lines, issues = run(parse_mlc(path))
    assert issues == []
    first, second = lines
    assert (first.line, first.gross, first.currency, first.units, first.period, first.territory) == (
        2, Decimal("5.0617283945"), "USD", 12345, "2024-01", "US",
    )  # fmt: skip
    assert (first.source, first.usage_type, first.right_type) == ("spotify", "stream", "mechanical")
    assert (first.title, first.artist, first.isrc) == ("A Work", "WRITER ONE, WRITER TWO", None)
    assert (first.extra["iswc"], first.extra["mlc_song_code"], first.extra["royalty_amount"]) == (
        "T-034.524.680-1", "AB1234", "10.1234567890",
    )  # fmt: skip
    assert (first.extra["work_payable_percent"], first.extra["payee_mlc_number"]) == ("50", "P0001")
    assert (second.source, second.usage_type, second.period, second.territory) == ("itunes", "download", "2024-02", "US")
    assert (second.gross, "iswc" in second.extra) == (Decimal("-1.25"), False)
    assert sum(line.gross for line in lines) == Decimal("3.8117283945")


def test_mlc_rows_with_problems(tmp_path):
    path = write_csv(tmp_path / "mlc.csv", MLC_HEADER, [
        {**WORK, "ISWC": "T0345246802", "Usage Period Start Date": "Jan 2024"},
        {**WORK, "Territory": "Atlantis", "Distributed Amount": ""},
        WORK,
    ])  # fmt: skip
    lines, issues = run(parse_mlc(path))
    assert [line.line for line in lines] == [4]
    assert [(i.line, i.field) for i in issues] == [
        (2, "Usage Period Start Date"), (2, "ISWC"), (3, "Territory"), (3, "Distributed Amount"),
    ]  # fmt: skip


def test_mlc_missing_columns_is_a_format_error_on_first_next(tmp_path):
    path = write_csv(tmp_path / "mlc.csv", [c for c in MLC_HEADER if c not in ("ISWC", "Distributed Amount")], [])
    results = parse_mlc(path)
    with pytest.raises(FormatError) as raised:
        next(results)
    assert raised.value.missing == ["Distributed Amount", "ISWC"]
    assert not sniff_mlc(path)
