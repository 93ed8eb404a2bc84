"""A DDEX DSR report uploaded as one file or as a ZIP of its 1ofN parts (importers.statements.dsr_bundle)."""

import zipfile

import pytest

from importers.records import FormatError
from importers.statements import ADAPTERS, detect_source
from importers.statements.dsr_bundle import open_report, parse_dsr_bundle, report_lines, sniff_dsr_bundle
from tests.fixtures_paths import REAL
from tests.unit.statement_helpers import run

DSR = REAL / "ddex-dsr"
UGC_1_0 = DSR / "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv"
AU = "DSR_PADPIDA2014999999Z_PADPIDA2014111801Y_AdSupport_2015-02_AU_{}_20150723T092522.tsv"
AU_1OF2, AU_2OF2 = (DSR / AU.format(part) for part in ("1of2", "2of2"))


def bundle(path, *members, extra=()):
    """A ZIP of the given files (under a folder, beside macOS metadata the reader must skip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.write(member, f"report/{member.name}")
        for name, data in extra:
            archive.writestr(name, data)
    return path


def test_a_single_file_reads_as_before(tmp_path):
    lines, issues = run(parse_dsr_bundle(UGC_1_0))
    assert ([line.line for line in lines], issues) == ([18, 23, 28, 30, 32, 34], [])
    assert "file_line" not in lines[0].extra


def test_a_zip_of_the_parts_of_a_1of2_report_is_one_report_with_unique_line_numbers(tmp_path):
    path = bundle(tmp_path / "report.zip", AU_2OF2, AU_1OF2,
                  extra=[("__MACOSX/report/._x.tsv", b"\x00\x05"), ("report/.DS_Store", b"junk")])
    assert sniff_dsr_bundle(path) and detect_source(path) == "dsr"
    with open_report(path) as report:
        assert [(h.file_number, h.number_of_files) for h in report.headers] == [(1, 2), (2, 2)]
        lines, issues = run(report_lines(report))
        mismatches = report.mismatches()
    assert lines == []
    # part 2 (7 physical lines after part 1's 7) repeats block 1: its lines 5 and 6 become 12 and 13
    assert [(i.line, i.field, i.raw) for i in issues] == [(12, "BlockId", "1"), (13, "BlockId", "1")]
    assert all(i.message.startswith(f"file 2 of 2, line {i.line - 7}: this block was already reported")
               for i in issues)
    assert [m.check for m in mismatches] == ["NumberOfLinesInFile", "NumberOfLinesInFile"]


def test_a_zip_of_one_report_line_numbers_stay_physical(tmp_path):
    path = bundle(tmp_path / "one.zip", UGC_1_0)
    parse, _ = ADAPTERS["dsr"]
    lines, issues = run(parse(path))
    assert [line.line for line in lines] == [18, 23, 28, 30, 32, 34] and issues == []


def test_a_part_alone_or_a_zip_of_other_files_is_refused(tmp_path):
    with pytest.raises(FormatError, match="incomplete report: file 2 of 2 missing"):
        list(parse_dsr_bundle(bundle(tmp_path / "half.zip", AU_1OF2)))
    with pytest.raises(FormatError, match="incomplete report: file 1 of 2 missing"):
        list(parse_dsr_bundle(AU_2OF2))
    cargo = REAL / "statements" / "Cargo_Digital_Test.zip"
    assert not sniff_dsr_bundle(cargo) and detect_source(cargo) == "cargo_digital"
    mixed = bundle(tmp_path / "mixed.zip", UGC_1_0, REAL / "statements" / "DistroKid_Test.tsv")
    assert not sniff_dsr_bundle(mixed)
    with pytest.raises(FormatError, match="does not start with a complete HEAD record"):
        list(parse_dsr_bundle(mixed))
    assert not sniff_dsr_bundle(bundle(tmp_path / "empty.zip"))
