"""The shared adapter machinery (decoding, records, cell parsing) and the source registry."""

import io
import tracemalloc
import zipfile
from decimal import Decimal

import pytest

from importers.records import ParseIssue, StatementLine
from importers.statements import ADAPTERS, detect_source
from importers.statements.common import (
    Record,
    currency_code,
    open_text,
    parse_decimal,
    parse_int,
    read_records,
    sniff_encoding,
    territory_code,
    usage_type,
)
from importers.stores import Store, classify_store
from tests.fixtures_paths import REAL

STATEMENTS = REAL / "statements"

#: Every real statement sample and the adapter that must recognize it.
SAMPLES = {
    "DistroKid_Test.tsv": "distrokid",
    "DistroKid_NonAscii.tsv": "distrokid",
    "Tunecore_Test.csv": "tunecore",
    "CdBaby_Test.txt": "cdbaby",
    "Apple_Streams_S1_80032046_1117_AU_for 201710_example.txt": "apple_music",
    "Apple_DL_80032046_AU_example.txt": "itunes",
    "tmp-422006745-finetunes-track-for-streaming-201710_example.txt": "spotify",
    "bandcamp.csv": "bandcamp",
    "bandcamp-simple-3-songs.csv": "bandcamp",
    "bandcamp-non-ascii.csv": "bandcamp",
    "Cargo_Digital_Test.zip": "cargo_digital",
    "cargo-simple-3-songs.csv": "cargo_digital",
    "Cargo_Physical_Test.xlsx": "cargo_physical",
    "sddigital.csv": "secretly_digital",
    "sdphysical.csv": "secretly_physical",
    "prs-simple-3-songs.csv": "prs",
    "prs-simple-multiple-artist.csv": "prs",
    "TEST_RIGHTSHOLDER_STANDARD_Q1_2023.csv": "clicknclear",
    "royaltystatement.csv": "publisher",
}
#: Sources whose files state no period: the caller gives one.
NEEDS_PERIOD = {"prs", "publisher"}


def records(data: bytes, delimiter=",", quoted=True):
    """The records of ``data`` read the way the adapters read files."""
    with open_text(io.BytesIO(data)) as text:
        return list(read_records(text, delimiter, quoted))


# --- registry -----------------------------------------------------------------------------


def test_every_statement_sample_is_covered():
    assert sorted(SAMPLES) == sorted(p.name for p in STATEMENTS.iterdir() if p.name != "FORMATS.md")


@pytest.mark.parametrize(("name", "source"), sorted(SAMPLES.items()))
def test_detect_source_recognizes_each_sample_and_only_one_sniff_does(name, source):
    assert detect_source(STATEMENTS / name) == source
    assert [key for key, (_, sniff) in ADAPTERS.items() if sniff(STATEMENTS / name)] == [source]


@pytest.mark.parametrize(("name", "source"), sorted(SAMPLES.items()))
def test_each_sample_parses_through_the_registry(name, source):
    parse, _ = ADAPTERS[source]
    results = list(parse(STATEMENTS / name, **({"period": "2023-01"} if source in NEEDS_PERIOD else {})))
    lines = [r for r in results if isinstance(r, StatementLine)]
    if name == "royaltystatement.csv":
        assert lines == []  # its Currency cells read 'Really'
    else:
        assert lines and len(lines) == len(results)


def test_detect_source_returns_none_for_files_that_are_not_statements(tmp_path):
    others = [STATEMENTS / "FORMATS.md", *(p for d in ("cwr", "playlogs") for p in (REAL / d).iterdir() if p.is_file())]
    assert [p.name for p in others if detect_source(p) is not None] == []
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    for name in ("empty.csv", "noise.bin", "broken.zip"):
        assert detect_source(tmp_path / name) is None


# --- decoding and records -----------------------------------------------------------------


@pytest.mark.parametrize(("head", "complete", "encoding"), [
    (b"\xff\xfed\x00a\x00", True, "utf-16"),
    (b"\xfe\xff\x00d\x00a", True, "utf-16"),
    (b"\xef\xbb\xbfdate", True, "utf-8-sig"),
    ("Café".encode(), True, "utf-8-sig"),
    ("Café".encode()[:-1], False, "utf-8-sig"),  # cut mid-character by the sniff window
    ("Café".encode()[:-1], True, "cp1252"),
    ("Café".encode("cp1252"), True, "cp1252"),
])  # fmt: skip
def test_sniff_encoding(head, complete, encoding):
    assert sniff_encoding(head, complete) == encoding


def test_records_are_numbered_by_physical_line_with_any_line_end():
    data = b'a,b\r\n1,"two\nlines"\r\n\r\n3,4\r5,6\n7,8'
    assert records(data) == [
        Record(1, "a,b", ["a", "b"]), Record(2, '1,"two\nlines"', ["1", "two\nlines"]),
        Record(5, "3,4", ["3", "4"]), Record(6, "5,6", ["5", "6"]), Record(7, "7,8", ["7", "8"])]  # fmt: skip


def test_utf16_and_stray_cp1252_bytes_decode():
    assert records("a,b\r\nPèrsona,1\r\n".encode("utf-16")) == [
        Record(1, "a,b", ["a", "b"]), Record(2, "Pèrsona,1", ["Pèrsona", "1"])]  # fmt: skip
    # 64 KiB of UTF-8, then a Windows-1252 é: that one byte is read as cp1252, the rest as UTF-8.
    found = records("Ünï,x\n".encode() * 10_000 + b"caf\xe9,1\n")
    assert (len(found), found[0], found[-1]) == (10_001, Record(1, "Ünï,x", ["Ünï", "x"]),
                                                 Record(10_001, "café,1", ["café", "1"]))  # fmt: skip


def test_tab_separated_records_keep_quote_marks():
    assert records(b'12" Mix\t"880"\n', "\t", quoted=False) == [Record(1, '12" Mix\t"880"', ['12" Mix', '"880"'])]


def test_an_oversized_cell_is_an_issue_and_reading_goes_on():
    data = b"a,b\n" + b'1,"' + b"x" * 200_000 + b'"\n2,3\n'
    first, issue, last = records(data)
    assert first.line == 1 and last == Record(3, "2,3", ["2", "3"])
    assert isinstance(issue, ParseIssue) and (issue.line, issue.field) == (2, None)
    assert "field larger than field limit" in issue.message


def test_a_file_without_line_breaks_is_read_in_bounded_pieces():
    data = b"x" * (3 * 1024 * 1024)
    found = records(data, "\t", quoted=False)
    assert len(found) == 3 and {record.line for record in found} == {1}
    assert max(len(record.raw) for record in found) == 1024 * 1024


# --- cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("12.5", Decimal("12.5")), (".021330", Decimal("0.021330")), ("-0.004", Decimal("-0.004")),
    ("+3", Decimal("3")), ("1.2E-05", Decimal("0.000012")), (" 7 ", Decimal("7")),
    ("1,234.56", Decimal("1234.56")), ("-12,345,678.9", Decimal("-12345678.9")), ("(9.50)", Decimal("-9.50")),
    ("0.0002503585965471062832417870324", Decimal("0.0002503585965471062832417870324")),
    ("", None), ("abc", None), ("NaN", None), ("Infinity", None), ("1,5", None), ("0,5", None),
    ("1,234", None), ("1.234,56", None), ("12,34.5", None), ("(-1)", None), ("()", None), ("1 000", None),
])  # fmt: skip
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), ("-2", -2), ("1,234", 1234), ("", None), ("1.5", None), ("1,23", None), ("x", None),
])  # fmt: skip
def test_parse_int(text, value):
    assert parse_int(text) == value


@pytest.mark.parametrize(("text", "code"), [
    ("GB", "GB"), ("gb", "GB"), ("UK", "GB"), ("GBR", "GB"), ("Germany", "DE"), ("United States", "US"),
    (" de ", "DE"), ("XX", None), ("Narnia", None), ("", None), ("OU", None),
])  # fmt: skip
def test_territory_code(text, code):
    assert territory_code(text) == code


def test_currency_code():
    assert [currency_code(c) for c in ("GBP", "aud", " USD ", "Really", "", "£", "ZZZ")] == [
        "GBP", "AUD", "USD", None, None, None, None]  # fmt: skip


def test_usage_type_prefers_ugc_then_the_sale_type_then_the_store():
    content_id = classify_store("YouTube (ContentID)")
    other = Store("shop", "Shop", "other")
    assert usage_type(content_id, "Streaming") == "ugc"
    assert usage_type(other, "Video Stream (Audio + Video)") == "stream"
    assert usage_type(classify_store("Spotify"), "Download") == "download"
    assert usage_type(classify_store("iTunes"), "") == "download"
    assert usage_type(other, "Sync") == "other"
    assert classify_store("Bandcamp") == Store("bandcamp", "Bandcamp", "download")


# --- streaming ----------------------------------------------------------------------------


def test_adapters_stream_in_constant_memory(tmp_path):
    header, row = (STATEMENTS / "cargo-simple-3-songs.csv").read_text("utf-8").splitlines()[:2]
    bundle = tmp_path / "Big.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("Big-royalty_extended.csv", "w") as member:  # fmt: skip
        member.write((header + "\n").encode())
        for _ in range(5_000):
            member.write((row + "\n").encode())
    parse, _ = ADAPTERS["cargo_digital"]
    tracemalloc.start()
    try:
        count = sum(1 for _ in parse(bundle))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 5_000
    assert peak < 500_000  # the member is 1.6 MB unpacked
