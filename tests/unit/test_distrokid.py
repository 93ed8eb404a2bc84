"""Tests for the DistroKid statement parser and the store table, on real and hand-made files."""

import datetime
from decimal import Decimal

import pytest

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.distrokid import REQUIRED_COLUMNS, parse_distrokid, sniff_distrokid
from importers.stores import Store, classify_store
from tests.fixtures_paths import REAL

STATEMENTS = REAL / "statements"

HEADER_13 = [
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
]  # fmt: skip
GOOD_ROW = {
    "Reporting Date": "2023-02-02",
    "Sale Month": "2021-04",
    "Store": "Spotify",
    "Artist": "Artist 1",
    "Title": "Song 1",
    "ISRC": "USAAA2100001",
    "UPC": "111111111111",
    "Quantity": "3",
    "Team Percentage": "100",
    "Song/Album": "Song",
    "Country of Sale": "GB",
    "Songwriter Royalties Withheld": "0",
    "Earnings (USD)": "0.0123456789",
}


def write_tsv(path, header, rows, newline="\r\n", encoding="utf-8"):
    """Write a TSV with ``header`` and ``rows`` (dicts by column, or raw strings) to ``path``."""
    lines = ["\t".join(header)]
    for row in rows:
        lines.append(row if isinstance(row, str) else "\t".join(row.get(c, "") for c in header))
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def split(results):
    """Separate parser results into (statement lines, issues)."""
    lines = [r for r in results if isinstance(r, StatementLine)]
    issues = [r for r in results if isinstance(r, ParseIssue)]
    assert len(lines) + len(issues) == len(results)
    return lines, issues


# --- real fixtures -----------------------------------------------------------


def test_real_distrokid_sample():
    lines, issues = split(list(parse_distrokid(STATEMENTS / "DistroKid_Test.tsv")))
    assert issues == []
    assert len(lines) == 4
    # Exact sum of the four Earnings (USD) cells, added by hand.
    assert sum(line.gross for line in lines) == Decimal("0.00931179")
    assert [line.gross for line in lines] == [
        Decimal("0.00789993"), Decimal("0.00031410"), Decimal("0.00048066"), Decimal("0.00061710"),
    ]  # fmt: skip
    assert [line.line for line in lines] == [2, 3, 4, 5]
    assert [line.isrc for line in lines] == [
        "AAAAA1234567", "BBBBB1234567", "CCCCC1234567", "BBBBB8910111",
    ]  # fmt: skip
    assert [line.period for line in lines] == ["2021-04", "2022-05", "2022-06", "2022-07"]
    assert [line.source for line in lines] == ["napster", "apple_music", "deezer", "youtube"]
    assert [line.source_label for line in lines] == ["Napster", "Apple Music", "Deezer", "YouTube"]
    assert [line.units for line in lines] == [1, 1, 1, 2]
    assert [line.extra["team_percentage"] for line in lines] == ["100", "100", "30", "100"]
    first = lines[0]
    assert first.reported_on == datetime.date(2023, 2, 2)
    assert (first.territory, first.currency, first.right_type) == ("US", "USD", "master")
    assert (first.usage_type, first.upc, first.title, first.artist) == (
        "stream", "111111111111", "Song 1", "Artist 1",
    )  # fmt: skip
    assert dict(first.extra) == {
        "team_percentage": "100", "song_or_album": "Song", "songwriter_royalties_withheld": "0",
    }  # fmt: skip


def test_real_distrokid_non_ascii_sample():
    lines, issues = split(list(parse_distrokid(STATEMENTS / "DistroKid_NonAscii.tsv")))
    assert issues == []
    assert len(lines) == 4
    assert sum(line.gross for line in lines) == Decimal("10")
    assert lines[0].title == "Hier, à l'aube, j'ai fait une petite pisse"
    assert lines[0].artist == "Tøilette & Café"
    assert lines[1].title == "Hier, à l\u02bcaube, j\u02bcai fait une petite pisse"
    assert lines[2].artist == "Toilette & Cafe"


def test_sniff_distrokid(tmp_path):
    assert sniff_distrokid(STATEMENTS / "DistroKid_Test.tsv")
    assert sniff_distrokid(STATEMENTS / "DistroKid_NonAscii.tsv")
    assert not sniff_distrokid(STATEMENTS / "Tunecore_Test.csv")
    empty = tmp_path / "empty.tsv"
    empty.write_bytes(b"")
    assert not sniff_distrokid(empty)


def test_other_format_raises_format_error_naming_missing_columns():
    with pytest.raises(FormatError) as caught:
        list(parse_distrokid(STATEMENTS / "Tunecore_Test.csv"))
    assert caught.value.missing == list(REQUIRED_COLUMNS)
    assert "Earnings (USD)" in str(caught.value)


# --- format detection ----------------------------------------------------------


def test_header_missing_some_columns(tmp_path):
    header = [c for c in HEADER_13 if c not in {"ISRC", "Earnings (USD)"}]
    path = write_tsv(tmp_path / "dk.tsv", header, [GOOD_ROW])
    with pytest.raises(FormatError) as caught:
        next(parse_distrokid(path))
    assert caught.value.missing == ["ISRC", "Earnings (USD)"]
    assert "ISRC, Earnings (USD)" in str(caught.value)


def test_empty_file_raises_format_error(tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_bytes(b"")
    with pytest.raises(FormatError) as caught:
        list(parse_distrokid(path))
    assert caught.value.missing == list(REQUIRED_COLUMNS)
    assert "empty file" in str(caught.value)


def test_first_line_must_be_the_header(tmp_path):
    path = write_tsv(tmp_path / "dk.tsv", ["DistroKid export"], ["\t".join(HEADER_13)])
    with pytest.raises(FormatError):
        list(parse_distrokid(path))


# --- encodings and line ends ---------------------------------------------------


def test_crlf_and_lf_files_parse_the_same(tmp_path):
    crlf = write_tsv(tmp_path / "crlf.tsv", HEADER_13, [GOOD_ROW, GOOD_ROW], newline="\r\n")
    lf = write_tsv(tmp_path / "lf.tsv", HEADER_13, [GOOD_ROW, GOOD_ROW], newline="\n")
    from_crlf = list(parse_distrokid(crlf))
    assert from_crlf == list(parse_distrokid(lf))
    assert [line.line for line in from_crlf] == [2, 3]
    assert from_crlf[0].gross == Decimal("0.0123456789")
    assert from_crlf[0].title == "Song 1"


def test_cp1252_file_decodes(tmp_path):
    row = dict(GOOD_ROW, Artist="Café Noir", Title="L\u2019été")
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [row], encoding="cp1252")
    assert b"Caf\xe9" in path.read_bytes()
    (line,) = parse_distrokid(path)
    assert (line.artist, line.title) == ("Café Noir", "L\u2019été")


def test_utf8_bom_is_ignored(tmp_path):
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [GOOD_ROW], encoding="utf-8-sig")
    (line,) = parse_distrokid(path)
    assert line.reported_on == datetime.date(2023, 2, 2)


def test_stray_cp1252_line_after_a_utf8_head_still_decodes(tmp_path):
    filler = [dict(GOOD_ROW, Title="Ünïcödé " + "x" * 200)] * 400  # > 64 KiB of UTF-8
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, filler)
    last = "\t".join(dict(GOOD_ROW, Title="Caf\xe9").get(c, "") for c in HEADER_13)
    with path.open("ab") as file:
        file.write(last.encode("cp1252") + b"\r\n")
    lines, issues = split(list(parse_distrokid(path)))
    assert issues == []
    assert lines[0].title.startswith("Ünïcödé")
    assert (lines[-1].line, lines[-1].title) == (402, "Café")


# --- rows ----------------------------------------------------------------------


def test_newer_fifteen_column_variant(tmp_path):
    header = [
        "Date Inserted", "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC",
        "UPC", "Quantity", "Team Percentage", "Source Type", "Country of Sale",
        "Songwriter Royalties Withheld (USD)", "Earnings (USD)", "Recoup (USD)",
    ]  # fmt: skip
    song = {
        "Date Inserted": "2024-03-05", "Reporting Date": "2024-03-01", "Sale Month": "2024-01",
        "Store": "YouTube (ContentID)", "Artist": "A", "Title": "T", "ISRC": "QZ-ABC-24-00001",
        "UPC": "", "Quantity": "12", "Team Percentage": "50", "Source Type": "Song",
        "Country of Sale": "de", "Songwriter Royalties Withheld (USD)": "0.001",
        "Earnings (USD)": "-0.25", "Recoup (USD)": "0.5",
    }  # fmt: skip
    album = dict(song, Store="iTunes", ISRC="", UPC="859700000001", **{"Source Type": "Album"})
    path = write_tsv(tmp_path / "dk.tsv", header, [song, album])
    first, second = parse_distrokid(path)
    assert (first.source, first.usage_type, first.isrc, first.upc) == (
        "youtube", "ugc", "QZABC2400001", None,
    )  # fmt: skip
    assert (first.territory, first.gross, first.units) == ("DE", Decimal("-0.25"), 12)
    assert dict(first.extra) == {
        "date_inserted": "2024-03-05", "team_percentage": "50", "source_type": "Song",
        "songwriter_royalties_withheld": "0.001", "recoup": "0.5",
    }  # fmt: skip
    assert (second.source, second.usage_type, second.isrc, second.upc) == (
        "itunes", "download", None, "859700000001",
    )  # fmt: skip


def test_album_row_has_no_isrc(tmp_path):
    album = dict(GOOD_ROW, ISRC="", UPC="222222222222", **{"Song/Album": "Album"})
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [album])
    (line,) = parse_distrokid(path)
    assert (line.isrc, line.upc, line.extra["song_or_album"]) == (None, "222222222222", "Album")


def test_returns_and_outside_us(tmp_path):
    row = dict(GOOD_ROW, Quantity="-2", **{"Earnings (USD)": "-0.004", "Country of Sale": "OU"})
    (line,) = parse_distrokid(write_tsv(tmp_path / "dk.tsv", HEADER_13, [row]))
    assert (line.units, line.gross, line.territory) == (-2, Decimal("-0.004"), "OU")


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Earnings (USD)", "", "earnings are empty"),
        ("Earnings (USD)", "abc", "earnings are not a number"),
        ("Earnings (USD)", "1,5", "earnings are not a number"),
        ("Earnings (USD)", "NaN", "earnings are not a number"),
        ("Quantity", "1.5", "quantity is not an integer"),
        ("Quantity", "", "quantity is not an integer"),
        ("Country of Sale", "XX", "country is not an ISO 3166-1 alpha-2 code or OU"),
        ("Country of Sale", "", "country is not an ISO 3166-1 alpha-2 code or OU"),
        ("ISRC", "", "ISRC is missing on a song row"),
        ("ISRC", "1SAAA2100001", "ISRC is not CC-XXX-YY-NNNNN"),
        ("ISRC", "USAAA210001", "ISRC is not CC-XXX-YY-NNNNN"),
        ("Sale Month", "2021-13", "sale month is not YYYY-MM"),
        ("Sale Month", "04/2021", "sale month is not YYYY-MM"),
        ("Reporting Date", "2023-02-30", "reporting date is not a YYYY-MM-DD date"),
        ("Store", "  ", "store is empty"),
    ],
)
def test_bad_cell_gives_an_issue_with_line_and_field(tmp_path, column, value, reason):
    bad = dict(GOOD_ROW, **{column: value})
    # good row on line 2, a blank line 3 that is skipped, the bad row on line 4
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [GOOD_ROW, "", bad, GOOD_ROW])
    lines, issues = split(list(parse_distrokid(path)))
    assert [line.line for line in lines] == [2, 5]
    assert issues == [ParseIssue(4, column, reason, value.strip())]


def test_every_bad_cell_of_a_row_is_reported(tmp_path):
    bad = dict(GOOD_ROW, Quantity="x", **{"Earnings (USD)": "", "Country of Sale": "ZZ"})
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [bad])
    assert [(i.line, i.field) for i in parse_distrokid(path)] == [
        (2, "Quantity"), (2, "Earnings (USD)"), (2, "Country of Sale"),
    ]  # fmt: skip


def test_truncated_and_overlong_rows(tmp_path):
    full = "\t".join(GOOD_ROW[c] for c in HEADER_13)
    truncated = "\t".join(GOOD_ROW[c] for c in HEADER_13[:5])
    overlong = full.replace("Song 1", "Song\t1")
    padded = full + "\t\t"
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [truncated, overlong, padded])
    first, second, third = parse_distrokid(path)
    assert first == ParseIssue(2, None, "truncated: 5 of 13 cells", truncated)
    assert (second.line, second.field, second.raw) == (3, None, overlong)
    assert isinstance(third, StatementLine) and third.line == 4


def test_isrc_is_normalized(tmp_path):
    row = dict(GOOD_ROW, ISRC=" us-aaa-21 00001 ")
    (line,) = parse_distrokid(write_tsv(tmp_path / "dk.tsv", HEADER_13, [row]))
    assert line.isrc == "USAAA2100001"


def test_parser_is_lazy(tmp_path):
    path = write_tsv(tmp_path / "dk.tsv", HEADER_13, [GOOD_ROW] * 3)
    results = parse_distrokid(path)
    assert next(results).line == 2
    results.close()


# --- stores --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "store"),
    [
        ("YouTube (Ads)", Store("youtube", "YouTube", "stream")),
        ("YouTube (Red)", Store("youtube", "YouTube", "stream")),
        ("YouTube Music", Store("youtube", "YouTube", "stream")),
        ("YouTube (Red) - Composition", Store("youtube", "YouTube", "stream")),
        ("YouTube (ContentID)", Store("youtube", "YouTube", "ugc")),
        ("Youtube Shorts Composition", Store("youtube", "YouTube", "ugc")),
        ("Spotify", Store("spotify", "Spotify", "stream")),
        ("Apple Music", Store("apple_music", "Apple Music", "stream")),
        ("iTunes", Store("itunes", "iTunes", "download")),
        ("Amazon Unlimited", Store("amazon_music", "Amazon Music", "stream")),
        ("Amazon MP3", Store("amazon_music", "Amazon Music", "download")),
        ("TikTok", Store("tiktok", "TikTok", "ugc")),
        ("Instagram/Facebook", Store("facebook", "Facebook", "ugc")),
        ("Tidal", Store("tidal", "TIDAL", "stream")),
        ("Claro  Música", Store("claro_musica", "Claro Música", "other")),
    ],
)
def test_store_table(name, store):
    assert classify_store(name) == store


def test_store_without_letters_is_rejected():
    with pytest.raises(ValueError):
        classify_store(" - ")
