"""Tests for the DDEX DSR adapter on reports built here from the UGC Profile 1.2 record layouts."""

import gzip
from decimal import Decimal

import pytest

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.dsr import parse_dsr, parse_dsr_files
from importers.statements.dsr_records import IdRanges
from importers.statements.dsr_totals import ControlMismatch

NAME = "DSR_PADPIDA0000000002_PADPIDA0000000001_AdSupport_2024-02_GH_{}_20240305T100000.tsv"
BLOCK_TYPES = ("AS", "MW", "RE", "RU", "SU", "LI")


def head(profile="UgcProfile", file_number="1", files="1", message_id="MSG-1"):
    return ["HEAD", "dsrf/30/14/1.2", profile, "1.2", message_id, "2024-03-05T10:00:00Z", file_number, files,
            "2024-02-01", "2024-02-29", "PADPIDA0000000001", "ExampleTube", "AdSupport",
            "PADPIDA0000000002", "Example Publishing", ""]  # fmt: skip


def summary(summary_id, controller, revenue, rights, territory="GH", currency="usd"):
    """An SY02.02 record: 1000 usages and 500.00 of service revenue, ``revenue`` allocated to ``controller``."""
    return ["SY02.02", summary_id, "", "", "AdvertisementSupportedModel", "Stream", territory, "AdSupport", "1000",
            "", currency, "500.00", controller, "", "600", revenue, "250.00", rights, "Music"]  # fmt: skip


def sale(block, transaction, summary_id, resource, usages="1000", net="200.00"):
    return ["SU03.02", block, transaction, summary_id, resource, usages, net, "2024-02-01", "2024-02-29", "Music", "true"]


def allocation(block, controller, amount, rights, summary_id="S1"):
    return ["LI01.02", block, summary_id, controller, "", "", "50", rights, "100.00", amount, "500"]


def resource(block, dsp_id, isrc, title="Title \\| With Pipe"):
    return ["AS01.01", block, "R1", dsp_id, isrc, title, "", "Some Artist", "", "PT3M", "SoundRecording", "true"]


GOOD = [
    head(),
    ["#SY02.02", "SummaryRecordId", "DistributionChannel"],  # a column-header comment
    summary("S1", "PUB_A", "12.3456789", "MechanicalRight"),
    summary("S1", "PUB_B", "0.5", "PerformingRight"),
    summary("S2", "", "0", "PerformingRight", territory="2136"),  # CISAC TIS code of the world
    resource("1", "DSP1", "GBAYE0601498|GBAYE0601499"),
    ["RU01.01", "1", "S1", "vid1|vid2", "700|300", "Music"],
    sale("1", "T1", "S1", "DSP1"),
    allocation("1", "PUB_A", "12.3456789", "MechanicalRight"),
    ["MW01.01", "1", "DW1", "T-034.524.680-1", "A Work", "", "Writer One|Writer Two"],  # PUB_A's work
    allocation("1", "PUB_B", "0.5", "PerformingRight"),
    ["RE01", "2", "RL1", "DSPR1", "", "", "00602557190298"],
    resource("2", "DSP2", "GBAYE0601500", title="Other"),
    sale("2", "T2", "S2", "DSP2", usages="40.0"),  # SU03.02 Usages are xs:decimal
]


def write(path, records, foot=True):
    """Write ``records`` (lists of cells) as a DSR file, with a FOOT counting them when ``foot``."""
    lines = ["\t".join(record) for record in records]
    if foot:
        summaries = sum(record[0].startswith("SY") for record in records)
        block_ids = [record[1] for record in records if record[0][:2] in BLOCK_TYPES]
        blocks = sum(1 for i, block_id in enumerate(block_ids) if i == 0 or block_ids[i - 1] != block_id)
        count = str(len(lines) + 1)
        lines.append("\t".join(["FOOT", count, count, str(summaries), str(blocks), str(blocks)]))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def read(report):
    items = list(report.lines)
    return ([item for item in items if isinstance(item, StatementLine)],
            [item for item in items if isinstance(item, ParseIssue)])  # fmt: skip


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_a_consistent_report_matches_its_declared_totals(tmp_path, suffix):
    report = parse_dsr(write(tmp_path / (NAME.format("1of1") + suffix), GOOD))
    lines, issues = read(report)
    assert issues == []
    pub_a, pub_b, unallocated = lines
    assert (pub_a.line, pub_a.gross, pub_a.right_type, pub_a.units) == (9, Decimal("12.3456789"), "mechanical", 1000)
    assert (pub_b.line, pub_b.gross, pub_b.right_type) == (11, Decimal("0.5"), "performance")
    # The MW after PUB_A's LI is PUB_A's work; PUB_B's LI has none.
    assert (pub_a.extra["iswc"], pub_a.extra["composers"]) == ("T-034.524.680-1", "Writer One|Writer Two")
    assert "iswc" not in pub_b.extra
    assert (pub_a.isrc, pub_a.extra["isrcs"], pub_a.title) == ("GBAYE0601498", "GBAYE0601498|GBAYE0601499", "Title | With Pipe")
    assert (pub_a.territory, pub_a.currency, pub_a.period, pub_a.extra["ugc_releases"]) == ("GH", "USD", "2024-02", "2")
    assert (unallocated.gross, unallocated.units, unallocated.territory) == (Decimal(0), 40, "WORLD")
    assert (unallocated.upc, unallocated.source) == ("00602557190298", "exampletube")
    assert report.declared_totals.amount_payable == {"USD": Decimal("12.8456789")}
    assert report.imported_totals.gross == {"USD": Decimal("12.8456789")}
    assert report.mismatches() == []


def test_truncated_and_malformed_records_are_line_numbered_issues(tmp_path):
    records = [
        *GOOD[:5],
        resource("1", "DSP1", "NOT-AN-ISRC"),                                        # line 6
        ["RU01.01", "1", "S1", "vid1|vid2|vid3", "700|300", "Music"],                 # line 7
        sale("1", "T1", "S1", "DSP1"),                                               # line 8
        allocation("1", "PUB_A", "12,5", "MechanicalRight"),                          # line 9
        allocation("1", "PUB_B", "0.5", "MakeAvailableRight"),                        # line 10
        allocation("1", "PUB_B", "0.25", "PerformingRight"),                          # line 11
        ["SU03.02", "1", "T2", "S1", "DSP1"],                                         # line 12: cut short
        allocation("1", "PUB_A", "7.00", "MechanicalRight"),                          # line 13
        ["LI01.02", "1", "S1"],                                                       # line 14: the file ends here
    ]  # fmt: skip
    report = parse_dsr(write(tmp_path / NAME.format("1of1"), records, foot=False))
    lines, issues = read(report)
    # The good allocation still makes its line, without the malformed ISRC.
    (line,) = lines
    assert (line.line, line.gross, line.isrc, line.title) == (11, Decimal("0.25"), None, "Title | With Pipe")
    # Issues come in file order, except that an allocation's own problems (its rights type)
    # are found when its sale is complete: here at the next SU record.
    assert [(i.line, i.field, i.raw) for i in issues] == [
        (6, "ISRC", "NOT-AN-ISRC"),
        (7, "Usages", "700|300"),
        (9, "AllocatedAmount", "12,5"),
        (10, "RightsType", "MakeAvailableRight"),
        (12, None, "SU03.02\t1\tT2\tS1\tDSP1"),
        (13, None, "LI01.02\t1\tS1\tPUB_A\t\t\t50\tMechanicalRight\t100.00\t7.00\t500"),
        (14, None, "LI01.02\t1\tS1"),
        (15, None, None),
    ]
    messages = [issue.message for issue in issues]
    assert messages[4] == "truncated: 5 cells, SU03 needs 7"
    assert messages[5] == "the SU record on line 12 was rejected, and with it this allocation"
    assert messages[7] == "the file ends without a FOOT record: it may be truncated"
    assert ControlMismatch("FOOT", 1, 0, file_number=1) in report.mismatches()


def test_a_report_without_rights_types_is_a_master_report(tmp_path):
    records = [head(), summary("S1", "LABEL", "3.00", ""), resource("1", "DSP1", "GBAYE0601498"),
               sale("1", "T1", "S1", "DSP1"), allocation("1", "LABEL", "3.00", "")]  # fmt: skip
    lines, issues = read(parse_dsr(write(tmp_path / NAME.format("1of1"), records)))
    assert issues == []
    assert [(line.right_type, line.gross) for line in lines] == [("master", Decimal("3.00"))]


def test_a_block_seen_twice_is_not_read_twice(tmp_path):
    block_1 = [resource("1", "DSP1", "GBAYE0601498"), sale("1", "T1", "S1", "DSP1"),
               allocation("1", "PUB_A", "1.00", "MechanicalRight")]  # fmt: skip
    block_2 = [resource("2", "DSP2", "GBAYE0601500"), sale("2", "T2", "S1", "DSP2"),
               allocation("2", "PUB_A", "2.00", "MechanicalRight")]  # fmt: skip
    records = [head(), summary("S1", "PUB_A", "3.00", "MechanicalRight"), *block_1, *block_2, *block_1]
    report = parse_dsr(write(tmp_path / NAME.format("1of1"), records))
    lines, issues = read(report)
    assert [line.gross for line in lines] == [Decimal("1.00"), Decimal("2.00")]
    assert [(issue.line, issue.field) for issue in issues] == [(9, "BlockId"), (10, "BlockId"), (11, "BlockId")]
    assert report.mismatches() == []  # FOOT counts the repeated block as a block of the file


def test_an_unusable_summary_record(tmp_path):
    records = [head(), summary("S1", "PUB_A", "1.00", "MechanicalRight", territory="XX"),
               resource("1", "DSP1", "GBAYE0601498"), sale("1", "T1", "S1", "DSP1"),
               allocation("1", "PUB_A", "1.00", "MechanicalRight")]  # fmt: skip
    lines, issues = read(parse_dsr(write(tmp_path / NAME.format("1of1"), records)))
    assert lines == []
    assert [(issue.line, issue.field, issue.raw) for issue in issues] == [
        (2, "Territory", "XX"), (5, "SummaryRecordId", "S1"),
    ]  # fmt: skip


def test_a_multi_file_report_built_of_two_parts(tmp_path):
    part_1 = write(tmp_path / NAME.format("1of2"), [head(files="2"), *GOOD[1:11]])
    part_2 = write(tmp_path / NAME.format("2of2"), [head(file_number="2", files="2"), *GOOD[11:]])
    report = parse_dsr_files([part_2, part_1])
    lines, issues = read(report)
    assert issues == []
    assert [(line.extra["file_number"], line.line) for line in lines] == [("1", 9), ("1", 11), ("2", 4)]
    # The FOOTs written here give their own file's counts as the report's: 12 + 5 lines, 1 + 1 blocks.
    assert report.mismatches() == [
        ControlMismatch("NumberOfLinesInReport", 12, 17, file_number=1),
        ControlMismatch("NumberOfBlocksInReport", 1, 2, file_number=1),
        ControlMismatch("NumberOfLinesInReport", 5, 17, file_number=2),
        ControlMismatch("NumberOfBlocksInReport", 1, 2, file_number=2),
    ]


@pytest.mark.parametrize(("records", "name", "message", "missing"), [
    ([head(profile="BasicAudioProfile")], NAME.format("1of1"), "profile 'BasicAudioProfile' is not supported", ["Profile"]),
    ([head()], NAME.format("1of2"), "HEAD says file 1 of 1, the file name 1 of 2", ["FileNumber"]),
    ([head(file_number="3", files="2")], "report.tsv", "file number 3 is not within 1..2", ["FileNumber"]),
    ([["#only a comment"]], "report.tsv", "has no HEAD record", ["HEAD"]),
    ([["SY02.02", "S1"]], "report.tsv", "does not start with a complete HEAD record", ["HEAD"]),
    ([head()[:8]], "report.tsv", "no usage period", ["UsageStartDate"]),
])  # fmt: skip
def test_files_that_are_not_ugc_dsr_reports(tmp_path, records, name, message, missing):
    path = write(tmp_path / name, records, foot=False)
    with pytest.raises(FormatError, match=message) as raised:
        parse_dsr(path)
    assert raised.value.missing == missing


def test_parts_of_different_reports(tmp_path):
    part_1 = write(tmp_path / "a.tsv", [head(files="2", message_id="A")])
    part_2 = write(tmp_path / "b.tsv", [head(file_number="2", files="2", message_id="B")])
    with pytest.raises(FormatError, match="MessageIds differ"):
        parse_dsr_files([part_1, part_2])


def test_block_id_ranges():
    ids = IdRanges()
    assert [ids.add(block_id) for block_id in ["1", "2", "3", "5", "4", "3", "B7", "B7", "0"]] == [
        True, True, True, True, True, False, True, False, True,
    ]  # fmt: skip
    assert (ids._starts, ids._ends) == ([0], [5])  # ascending ids stay one range
