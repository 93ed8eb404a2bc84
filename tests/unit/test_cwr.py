"""The CWR parser on every real sample (../shared/fixtures/real/cwr, PROVENANCE.md): values read
from the files, version detection, ACK files, the deliberately invalid file's line-numbered
issues, control counts and malformed input that must never crash."""
from __future__ import annotations

from decimal import Decimal

import pytest

from importers.records import ParseIssue
from importers.repertoire.cwr import parse, read_header
from importers.repertoire.records import Acknowledgement, RepertoireWork
from tests.fixtures_paths import REAL

CWR = REAL / "cwr"


def _split(path):
    out = list(parse(path))
    return ([r for r in out if isinstance(r, RepertoireWork)],
            [r for r in out if isinstance(r, Acknowledgement)],
            [r for r in out if isinstance(r, ParseIssue)])


@pytest.mark.parametrize(("name", "version", "sender"), [
    ("nwrexample2.V21", "2.1", ("PB", "000000199", "THE SENDER")),
    ("CW220001DMP_000.V21", "2.1", ("PB", "09000000020", "TEST PUBLISHER")),  # rev. 8 11-digit IPI
    ("CW220001052_DMP.V21", "2.1", ("SO", "000000021", "BMI")),
    ("demo_cwr_cleaned.v22", "2.2", ("PB", "000000DP1", "TOTALLY MADE UP PUBLISHING")),
    ("CW220002DMP_0000_V3-0-0.SUB", "3.0", ("PB", "DMP", "TEST PUBLISHER")),
    ("CW220003DMP_0000_V3-0-0.ISR", "3.0", ("PB", "DMP", "TEST PUBLISHER")),
])
def test_version_and_sender_come_from_the_hdr(name, version, sender):
    header = read_header(CWR / name)
    assert (header.version, header.sender_type, header.sender_id, header.sender_name) == (version, *sender)


def test_v21_nwr_reads_title_writers_ipi_shares_and_links():
    works, acks, issues = _split(CWR / "nwrexample2.V21")
    assert issues == [] and acks == []
    (work,) = works
    assert (work.line, work.title, work.ref, work.transaction, work.iswc) == (3, "THE WORK", "CLAIMDIGITAL01", "NWR", None)
    john, jane = work.writers
    assert (john.name, john.first_name, john.ipi, john.role, john.pr_society) == ("DOE", "JOHN", "00000000395", "CA", "010")
    assert (john.pr_share, john.mr_share, john.controlled, john.territories) == (Decimal("25.00"), 0, True, ("WORLD",))
    assert john.publisher_ref == "HCJ3EBJT6"  # PWR links him to THE PUBLISHER
    assert (jane.controlled, jane.pr_share, jane.mr_share) == (False, Decimal("50.00"), Decimal("50.00"))
    publisher, administrator = work.publishers
    assert (publisher.name, publisher.ipi, publisher.role, publisher.pr_share, publisher.mr_share) == (
        "THE PUBLISHER", "00000000297", "E", Decimal("25.00"), Decimal("50.00"))
    assert (administrator.role, administrator.ipi, administrator.territories) == ("AM", "00000000199", ("WORLD",))


def test_v21_dmp_file_reads_iswc_alternate_titles_original_title_and_origin():
    works, _, issues = _split(CWR / "CW220001DMP_000.V21")
    assert issues == []
    (work,) = works
    assert (work.iswc, work.ref, work.original_title) == ("T-123.456.789-4", "DMP000001", "MUSIC PUB CARTOONS")
    assert work.alternate_titles[:2] == ("MPC ACADEMY", "MUSIC PUB CARTOONS SUFFIX") and len(work.alternate_titles) == 5
    assert [(w.name, w.ipi, w.ipi_base, w.pr_share) for w in work.writers] == [
        ("KOLARIC", "00000000199", "I-123456789-3", Decimal("25.00")), ("OTHER", "00000000297", None, Decimal("25.00"))]
    # The unknown OPU (12.50 %) and OWR are not parties, but they count in the totals: no issue.
    assert [(p.name, p.pr_share, p.mr_share) for p in work.publishers] == [("TEST PUBLISHER", Decimal("37.50"), Decimal("75.00"))]
    assert work.extra["origin"] == {"intended_purpose": "LIB", "cd_identifier": "ML001", "library": "MUSIC LIBRARY"}


def test_rev_file_reads_performers_recordings_and_both_works():
    works, _, issues = _split(CWR / "revexample.V21")
    assert issues == []
    assert [(w.line, w.title, w.transaction) for w in works] == [(3, "THE ONE", "REV"), (16, "SECOND BEST", "REV")]
    assert works[0].performers == ("THE BAND",)
    (recording,) = works[0].recordings
    assert (recording.line, recording.title, recording.label, recording.work_ref, recording.isrc) == (
        14, "THE ONE", "DML", "DMP000001", None)
    assert works[1].writers[0].first_name == "JOHN JAMES" and works[1].writers[1].name == "ADAMS"


def test_v22_file_cross_references_invalid_ipis_and_embedded_ack():
    works, acks, issues = _split(CWR / "demo_cwr_cleaned.v22")
    assert len(works) == 9
    echoes = works[1]
    assert (echoes.title, echoes.ref, echoes.iswc) == ("ECHOES OF TOMORROW", "KEY002", "T-012.345.678-9")
    assert echoes.cross_references == (("052", "123456BR"), ("055", "A35G45A1"), ("089", "12345678"))
    assert [(w.name, w.pr_society, w.pr_share) for w in echoes.writers] == [
        ("SMITH", "052", Decimal("25.00")), ("JOHNSON", "128", Decimal("25.00"))]
    # The file's IPI numbers fail the mod-101 check: reported on their line, kept without the IPI.
    bad_ipi = next(i for i in issues if i.line == 6)
    assert (bad_ipi.field, bad_ipi.raw) == ("SWR.ipi_name", "00856545879") and echoes.writers[0].ipi is None
    # The ACK + MSG in the middle of the REV group: warned about, read as an acknowledgement.
    assert any(i.line == 38 and "ACK record inside a REV group" in i.message for i in issues)
    (ack,) = acks
    assert (ack.status, ack.ref, ack.society_ref) == ("AS", "KEY005B", "795145CV")
    assert ack.messages[0].startswith("Submitter work number for revision work does not exist in BMI")
    # KEY003: MR shares 50 + 25 + 25 + 25 = 125 % -> an issue naming the work's line.
    assert any(i.line == 21 and i.field == "REV.mr_share" and "125.00" in i.message for i in issues)
    # The "cleaned" file kept its original control counts.
    assert any(i.line == 92 and i.field == "GRT.record_count" and "720" in i.message for i in issues)
    assert any(i.line == 93 and i.field == "TRL.transaction_count" for i in issues)
    # Territory exclusions are kept apart from inclusions (GOLDEN HORIZON: world excluding 0056).
    golden = next(w for w in works if w.title == "GOLDEN HORIZON")
    assert golden.publishers[0].territories == ("WORLD",) and len(golden.publishers[0].excluded) == 1


def test_v30_submission_reads_shares_from_territory_records_and_4_char_codes():
    works, _, issues = _split(CWR / "CW220002DMP_0000_V3-0-0.SUB")
    assert issues == []
    (work,) = works
    assert (work.transaction, work.title, work.iswc, work.extra["cwrVersion"]) == ("WRK", "MUSIC PUB CARTOONS", "T-123.456.789-4", "3.0")
    (publisher,) = work.publishers
    assert (publisher.pr_share, publisher.mr_share, publisher.pr_society, publisher.mr_society) == (
        Decimal("37.50"), Decimal("75.00"), "052", "044")
    assert [(w.name, w.ipi, w.pr_share, w.pr_society, w.publisher_ref) for w in work.writers] == [
        ("KOLARIC", "00000000199", Decimal("25.00"), "010", "P000001"),
        ("OTHER", "00000000297", Decimal("25.00"), "010", "P000001")]
    assert [(r.title, r.label) for r in work.recordings] == [("MUSIC PUB CARTOONS SUFFIX", None), ("WORK RECORDING", "MUSIC LABEL")]
    assert work.cross_references == (("051", "REMOTE1"),) and work.original_title == "MUSIC PUB CARTOONS"


def test_v30_iswc_request_lists_its_writers():
    works, _, issues = _split(CWR / "CW220003DMP_0000_V3-0-0.ISR")
    assert issues == []
    (work,) = works
    assert (work.transaction, work.iswc) == ("ISR", "T-123.456.789-4")
    assert [(w.name, w.first_name, w.ipi) for w in work.writers] == [("KOLARIC", "MATIJA", "00000000199"), ("OTHER", "ANN", "00000000297")]


def test_ack_files_yield_acknowledgements_with_status_refs_and_messages():
    _, acks, _ = _split(CWR / "CW220001000_DMP.V21")
    assert [(a.line, a.status, a.ref, a.society_ref, a.original_transaction) for a in acks] == [
        (3, "AS", "MK000003", "337739ES", "REV"), (19, "AS", "MK000004", "337739DU", "REV")]
    assert acks[0].iswc == "T-300.560.027-7"  # from the echoed REV
    _, acks, _ = _split(CWR / "sacm_ack_sample.txt")
    assert [(a.status, a.title, a.messages) for a in acks] == [("RA", "WORK 00000", ("ANON MESSAGE",)),
                                                               ("RA", "WORK 00001", ("ANON MESSAGE",))]
    works, acks, issues = _split(CWR / "CW220001052_DMP.V21")
    assert [a.status for a in acks] == ["AS", "RA", "RA", "NP", "NP"] and len(works) == 3
    assert ("ISW.iswc", 10) in {(i.field, i.line) for i in issues}  # T3221234234: bad check digit
    # Its GRT writes a transaction count the spec's 8 digits read as 50 (the file holds 5).
    assert any(i.line == 8 and i.field == "GRT.transaction_count" and "says 50" in i.message for i in issues)


def test_the_deliberately_invalid_file_yields_line_numbered_issues_and_skips_the_work():
    works, _, issues = _split(CWR / "CW220004DMP_000.V21")
    assert works == []  # an unreadable share skips the transaction
    assert [(i.line, i.field, i.raw) for i in issues] == [(5, "SPT.inclusion", "E"), (8, "SWT.pr_share", "XXX00")]


def test_structural_errors_are_issues_not_crashes(tmp_path):
    good = (CWR / "nwrexample2.V21").read_text("latin-1").splitlines()
    path = tmp_path / "broken.V21"
    # No HDR, a record of an unknown type, an orphan detail record, no TRL.
    path.write_text("\n".join(["SPU0000000000000001", "XYZ123", *good[1:-1]]) + "\n", "latin-1")
    works, _, issues = _split(path)
    messages = [(i.line, i.message) for i in issues]
    assert messages[0][0] == 1 and "does not start with an HDR" in messages[0][1]
    assert (1, "SPU record outside a transaction; ignored") in messages
    assert any(line == 2 and "unknown record type 'XYZ'" in m for line, m in messages)
    assert "the file has no TRL (transmission trailer)" in messages[-1][1]
    assert len(works) == 1
    # A missing title skips the work; an empty file yields the missing HDR/TRL issues.
    path.write_text("\n".join([good[0], good[1], "NWR0000000000000000" + " " * 60, good[-2], good[-1]]), "latin-1")
    works, _, issues = _split(path)
    assert works == [] and any(i.field == "NWR.title" and i.line == 3 for i in issues)
    (tmp_path / "empty.V21").write_bytes(b"")
    assert [i.message for i in parse(tmp_path / "empty.V21")] == ["the file has no TRL (transmission trailer)"]


def test_pr_total_over_100_percent_names_the_work_line(tmp_path):
    lines = (CWR / "nwrexample2.V21").read_text("latin-1").splitlines()
    # Jane (OWR, line 10) claims 50 % PR; raise it to 60.01 %: total 110.01 %.
    lines[9] = lines[9][:129] + "06001" + lines[9][134:]
    path = tmp_path / "over.V21"
    path.write_text("\r\n".join(lines), "latin-1")
    works, _, issues = _split(path)
    assert len(works) == 1
    (issue,) = [i for i in issues if i.field == "NWR.pr_share"]
    assert issue.line == 3 and "110.01" in issue.message and issue.raw == "THE WORK"
