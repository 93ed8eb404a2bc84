"""Tests for the DDEX DSR flat-file adapter on the real DDEX samples (ddexnet/dsrf testdata)."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from importers.records import FormatError
from importers.statements.dsr import parse_dsr, parse_dsr_files, parse_dsr_lines, sniff_dsr
from importers.statements.dsr_records import Record
from importers.statements.dsr_totals import ControlMismatch
from tests.fixtures_paths import REAL
from tests.unit.statement_helpers import run

DSR = REAL / "ddex-dsr"
UGC_1_0 = DSR / "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv"
UGC_1_1 = DSR / "DSR_TEST2_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv"
AU = "DSR_PADPIDA2014999999Z_PADPIDA2014111801Y_AdSupport_2015-02_AU_{}_20150723T092522.tsv"
AU_1OF1, AU_1OF2, AU_2OF2 = (DSR / AU.format(part) for part in ("1of1", "1of2", "2of2"))


def test_youtube_ugc_1_0_report():
    report = parse_dsr(UGC_1_0)
    lines, issues = run(report.lines)
    assert issues == []
    assert report.imported_totals.records == Counter({
        "HEAD": 1, "SY02.01": 4, "AS01": 3, "MW01.01": 3, "RU01": 3, "SU03.01": 6, "LI01.01": 6, "FOOT": 1,
    })  # fmt: skip
    assert report.imported_totals.lines_in_file == {1: 35}  # 27 records + 8 '#' column-header comments
    # One line per LI record; gross = its AllocatedAmount.
    assert [line.line for line in lines] == [18, 23, 28, 30, 32, 34]
    amounts = ("125.23", "0.0", "30.32", "20.98", "10.86", "11.49")
    assert [line.gross for line in lines] == [Decimal(amount) for amount in amounts]
    assert [line.units for line in lines] == [7810, 2045, 18, 4, 258, 75]
    assert [line.extra["rights_controller"] for line in lines] == ["PUB_2", "Residual", "PUB_3", "SOC_1", "SOC_1", "PUB_3"]
    assert [line.isrc for line in lines] == ["USSM19803037", "USUV71101875"] + ["USRH10903879"] * 4
    assert [line.extra.get("iswc") for line in lines] == [None, "T-910.924.731-6"] + ["T-070.247.279-4"] * 4
    first = lines[0]
    assert (first.title, first.artist, first.upc) == ("Sexual Healing", "Marvin Gaye", None)
    assert (first.source, first.source_label, first.usage_type, first.right_type) == (
        "youtube", "YouTube", "ugc", "performance",
    )  # fmt: skip
    assert (first.territory, first.period, first.currency) == ("IS", "2015-10", "USD")
    assert first.reported_on == datetime.date(2016, 1, 21)
    assert first.extra["work_title"] == "SEXUAL HEALING"
    assert first.extra["composers"] == "DAVID RITZ|M. GAYE|MARVIN GAYE|ODELL BROWN ODELL BROWN"
    assert first.extra["ugc_releases"] == "17"  # the RU01 record's 17 multi-valued video ids
    assert (first.extra["net_revenue"], first.extra["usage_start"], first.extra["usage_end"]) == (
        "2.0", "2015-10-01", "2015-12-31",
    )  # fmt: skip
    # The Residual controller's summary names another service: the line takes its own summary's.
    assert lines[1].extra["service_description"] == "Video"

    # Control totals: the sample's figures do not agree (test data), and the report says so.
    declared, imported = report.declared_totals, report.imported_totals
    assert sum(line.gross for line in lines) == Decimal("198.88")
    assert declared.amount_payable == {"USD": Decimal("63.41")}  # Σ SY02.01 AllocatedRevenue
    assert declared.net_revenue == {"USD": Decimal("15763.58")}
    assert declared.usages == 27059772
    assert (imported.gross, imported.units, imported.statement_lines) == ({"USD": Decimal("198.88")}, 10210, 6)
    assert report.mismatches() == [
        ControlMismatch("AllocatedRevenue", Decimal("63.41"), Decimal("198.88"), currency="USD"),
    ]  # the FOOT counts (35 lines, 4 summaries, 3 blocks) all match


def test_youtube_ugc_1_1_report_with_an_unallocated_sale():
    report = parse_dsr(UGC_1_1)
    lines, issues = run(report.lines)
    assert issues == []
    assert report.imported_totals.records == Counter({
        "HEAD": 1, "SY02.01": 4, "AS01": 3, "MW01.01": 3, "RU01": 3, "SU03.01": 6, "LI01.01": 5, "FOOT": 1,
    })  # fmt: skip
    # Block 1's SU has no LI: its usage is kept as a zero line, without a rights controller.
    unallocated = lines[0]
    assert (unallocated.line, unallocated.gross, unallocated.units, unallocated.isrc) == (
        17, Decimal(0), 7810, "USSM19803037",
    )  # fmt: skip
    assert "rights_controller" not in unallocated.extra
    assert unallocated.right_type == "performance"  # from its summary record
    assert [line.gross for line in lines[1:]] == [Decimal(v) for v in ("0.0", "30.32", "20.98", "10.86", "11.49")]
    assert sum(line.gross for line in lines) == Decimal("73.65")
    assert report.declared_totals.amount_payable == {"USD": Decimal("63.41")}
    # This file drops a line but its FOOT still says 35.
    assert report.mismatches() == [
        ControlMismatch("AllocatedRevenue", Decimal("63.41"), Decimal("73.65"), currency="USD"),
        ControlMismatch("NumberOfLinesInFile", 35, 34, file_number=1),
        ControlMismatch("NumberOfLinesInReport", 35, 34, file_number=1),
    ]


def test_minimal_adsupport_report_written_against_the_dsrf_3_draft():
    report = parse_dsr(AU_1OF1)
    lines, issues = run(report.lines)
    assert (lines, issues) == ([], [])  # no SU records: nothing is owed
    assert report.imported_totals.records == Counter({"HEAD": 1, "SY03": 1, "RE01": 1, "AS02": 1, "FOOT": 1})
    # HEAD has no period, part number or territory: the file name supplies them.
    header = report.header
    assert (header.profile, header.profile_version, header.period, header.territory) == (
        "UgcProfile", "1.1", "2015-02", "AU",
    )  # fmt: skip
    assert (header.file_number, header.number_of_files) == (1, 1)
    (summary,) = report.declared_totals.summaries
    assert (summary.commercial_model, summary.use_type, summary.territory, summary.service, summary.usages) == (
        "AdSupport", "Broadcast", "AU", "AdSupport", 108552,
    )  # fmt: skip
    assert (summary.currency, summary.net_revenue, summary.allocated_revenue) == ("", None, None)
    assert report.declared_totals.amount_payable == {}
    assert report.mismatches() == [ControlMismatch("NumberOfLinesInFile", 123, 7, file_number=1)]


def test_escaped_pipe_and_non_ascii_title_of_the_adsupport_sample():
    text = AU_1OF1.read_text("utf-8").splitlines()[5]
    record = Record(6, text)
    assert (record.type, record.family) == ("AS02", "AS02")
    assert record.get("Title") == 'Lët Më Gët | Thîś "Rîght'  # '\|' is a literal pipe, not two values
    assert record.values("Title") == ['Lët Më Gët | Thîś "Rîght']
    assert record.values("ISRC") == ["USUM70600055"]


def test_multi_file_pair_read_together_in_part_order():
    report = parse_dsr_files([AU_2OF2, AU_1OF2])
    assert [(h.file_number, h.number_of_files) for h in report.headers] == [(1, 2), (2, 2)]
    lines, issues = run(report.lines)
    assert lines == []
    # The two parts are identical: part 2 repeats block 1, which is reported, not read twice.
    assert [(i.line, i.field, i.raw) for i in issues] == [(5, "BlockId", "1"), (6, "BlockId", "1")]
    assert all(i.message.startswith("file 2 of 2: this block was already reported") for i in issues)
    # The summary repeated verbatim by part 2 is declared once.
    assert report.declared_totals.usages == 108552
    assert report.imported_totals.records == Counter({"HEAD": 2, "SY03": 2, "RE01": 2, "AS02": 2, "FOOT": 2})
    assert report.imported_totals.lines_in_file == {1: 7, 2: 7}
    assert report.mismatches() == [
        ControlMismatch("NumberOfLinesInFile", 123, 7, file_number=1),
        ControlMismatch("NumberOfLinesInFile", 123, 7, file_number=2),
    ]


@pytest.mark.parametrize(("paths", "missing"), [
    ([AU_1OF2], ["file 2 of 2"]),
    ([AU_2OF2], ["file 1 of 2"]),
])  # fmt: skip
def test_a_missing_part_is_a_format_error(paths, missing):
    with pytest.raises(FormatError, match="incomplete report") as raised:
        parse_dsr_files(paths)
    assert raised.value.missing == missing


def test_parts_that_do_not_make_one_report():
    with pytest.raises(FormatError, match="given more than once"):
        parse_dsr_files([AU_1OF2, AU_1OF2])
    with pytest.raises(FormatError, match="disagree on the number of files"):
        parse_dsr_files([AU_1OF2, AU_2OF2, AU_1OF1])
    with pytest.raises(FormatError, match="given more than once"):
        parse_dsr_files([UGC_1_0, UGC_1_1])  # two single-file reports
    with pytest.raises(FormatError, match="no DSR file"):
        parse_dsr_files([])


def test_a_statement_of_another_source_is_a_format_error():
    with pytest.raises(FormatError, match="does not start with a complete HEAD record") as raised:
        parse_dsr(REAL / "statements" / "DistroKid_Test.tsv")
    assert raised.value.missing == ["HEAD"]


def test_mismatches_need_the_lines_read_first():
    report = parse_dsr(UGC_1_0)
    with pytest.raises(RuntimeError):
        report.mismatches()


def test_registry_entry_sniffs_and_reads_one_file_reports():
    assert all(sniff_dsr(path) for path in (UGC_1_0, UGC_1_1, AU_1OF1, AU_1OF2, AU_2OF2))
    assert not any(sniff_dsr(path) for path in (REAL / "statements").iterdir())
    assert [item.gross for item in parse_dsr_lines(UGC_1_0)] == [
        Decimal(v) for v in ("125.23", "0.0", "30.32", "20.98", "10.86", "11.49")
    ]
    lines = parse_dsr_lines(AU_1OF2)  # a part alone: the FormatError comes on the first next()
    with pytest.raises(FormatError, match="incomplete report"):
        next(lines)
