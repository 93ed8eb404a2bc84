"""The CSV repertoire format (docs/repertoire-csv.md) on the hand-made fixtures of issue 7, its
variants (BOM, semicolons, spreadsheet headers) and bad rows as line-numbered issues."""
from __future__ import annotations

import codecs
from collections import Counter
from decimal import Decimal

import pytest

from importers.identifiers import is_valid_ipi_name_number, is_valid_isrc, is_valid_iswc, is_valid_upc
from importers.playlogs.generic import parse_generic_csv
from importers.records import FormatError, ParseIssue
from importers.repertoire.csv_format import parse
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork
from tests.fixtures_paths import ASCAP_RECORDINGS_CSV, ASCAP_WORKS_CSV, USAGE_CSV


def test_works_fixture_reads_ten_works_exactly():
    works = list(parse(ASCAP_WORKS_CSV))
    assert len(works) == 10 and all(isinstance(w, RepertoireWork) for w in works)
    assert works[0] == RepertoireWork(
        line=2, title="Midnight in Accra", iswc="T-345.246.800-3", ref="ASC-884512", language="EN",
        writers=(RepertoireParty(kind="writer", name="Marcus Bell", role="CA", ipi="00523467163",
                                 interested_party="writer_1", pr_share=Decimal(25), pr_society="ASCAP",
                                 publisher_ref="publisher_1"),
                 RepertoireParty(kind="writer", name="Kojo Mensah-Reed", role="CA", ipi="00667120351",
                                 interested_party="writer_2", pr_share=Decimal(25), pr_society="BMI",
                                 publisher_ref="publisher_2")),
        publishers=(RepertoireParty(kind="publisher", name="Bellwether Songs", role="E", ipi="00231045713",
                                    interested_party="publisher_1", pr_share=Decimal(25), mr_share=Decimal(50),
                                    pr_society="ASCAP"),
                    RepertoireParty(kind="publisher", name="Harmattan Music Publishing", role="E",
                                    ipi="00312098883", interested_party="publisher_2", pr_share=Decimal(25),
                                    mr_share=Decimal(50), pr_society="BMI")))
    lanterns = works[2]
    assert (lanterns.title, lanterns.alternate_titles) == ("Paper Lanterns", ("Paper Lantern",))
    assert [(w.name, w.role, w.pr_share) for w in lanterns.writers] == [
        ("Dana Whitfield", "A", Decimal("16.67")), ("Leo Okafor", "C", Decimal("16.67")),
        ("Ray Castillo", "C", Decimal("16.66"))]
    assert works[3].publishers[1].role == "AM"  # Sonic Admin Co administers Slow Burn Summer
    assert works[7].alternate_titles == ("Long Way Home", "The Long Way Home (Reprise)")
    for work in works:  # every identifier of the fixture passes its check, PR adds up to 100 %, MR too
        assert is_valid_iswc(work.iswc)
        assert all(is_valid_ipi_name_number(p.ipi) for p in work.writers + work.publishers)
        assert sum(p.pr_share for p in work.writers + work.publishers) == 100
        assert sum(p.mr_share for p in work.writers + work.publishers) == 100


def test_recordings_fixture_links_each_recording_to_a_work_by_iswc():
    recordings = list(parse(ASCAP_RECORDINGS_CSV))
    assert len(recordings) == 10 and all(isinstance(r, RepertoireRecording) for r in recordings)
    assert recordings[0] == RepertoireRecording(
        line=2, title="Midnight in Accra", isrc="USAT22500101", duration_seconds=222, artists=("The Coastliners",),
        work_iswc="T-345.246.800-3", work_ref="ASC-884512", label="Bellwether Records", upc="859385012012")
    assert recordings[3].artists == ("Dana Whitfield", "Leo Okafor")
    assert [r.title for r in recordings if r.isrc is None] == ["Kente Skies"]  # kept: the import lists it as missing
    works = {w.iswc for w in parse(ASCAP_WORKS_CSV)}
    assert {r.work_iswc for r in recordings} <= works
    assert all(is_valid_isrc(r.isrc) for r in recordings if r.isrc)
    assert all(is_valid_upc(r.upc) for r in recordings if r.upc)


def test_usage_fixture_is_a_generic_play_log_of_twenty_plays():
    plays = list(parse_generic_csv(USAGE_CSV))
    assert len(plays) == 20 and not [p for p in plays if isinstance(p, ParseIssue)]
    assert {p.station for p in plays} == {"joy-997"}
    assert min(p.played_at for p in plays).isoformat() == "2025-02-10T06:04:12"
    kinds = Counter("isrc" if p.isrc else "iswc" if p.iswc else "title" for p in plays)
    assert kinds == {"isrc": 10, "iswc": 3, "title": 7}  # 4 near-miss titles + 3 unknown songs
    recordings = {r.isrc for r in parse(ASCAP_RECORDINGS_CSV)}
    assert {p.isrc for p in plays if p.isrc} <= recordings
    works = {w.iswc for w in parse(ASCAP_WORKS_CSV)}
    assert {p.iswc for p in plays if p.iswc} <= works  # one ISWC form everywhere: the graph's


def _write(tmp_path, text: str, name: str = "repertoire.csv", bom: bool = False):
    path = tmp_path / name
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return path


def test_semicolons_bom_spreadsheet_headers_and_decimal_commas(tmp_path):
    path = _write(tmp_path, "Title;ISWC;Writer 1 Name;Writer 1 IPI;Writer 1 Role;Writer 1 PR Share;"
                            "Publisher 1 Name;Publisher 1 PR Share;Publisher 1 MR Share\r\n"
                            "Ɔdɔ Nti;T-034.524.680-1;Ama Mensah;199;Composer/Author;33,33;Accra Songs;66,67;100 %\r\n",
                  bom=True)
    [work] = list(parse(path))
    assert (work.title, work.iswc) == ("Ɔdɔ Nti", "T-034.524.680-1")
    [writer] = work.writers
    assert (writer.name, writer.ipi, writer.role, writer.pr_share) == ("Ama Mensah", "00000000199", "CA", Decimal("33.33"))
    [publisher] = work.publishers
    assert (publisher.role, publisher.pr_share, publisher.mr_share) == ("E", Decimal("66.67"), Decimal(100))


def test_bad_work_rows_report_every_problem_with_its_line_and_are_skipped(tmp_path):
    path = _write(tmp_path, "\n".join([
        "title,iswc,writer_1_name,writer_1_ipi,writer_1_role,writer_1_pr_share,writer_1_publisher,"
        "publisher_1_name,publisher_1_pr_share,publisher_1_controlled",
        "Good Song,T0345246801,Ama Mensah,00000000199,CA,50,1,Accra Songs,50,Y",
        ",T0345246802,Ama Mensah,00000000198,XX,150,2,Accra Songs,-5,maybe",
        "Second Good,,Kofi B,,,,,,,",
        "Short,T0345246801",
    ]) + "\n")
    items = list(parse(path))
    assert [i.title for i in items if isinstance(i, RepertoireWork)] == ["Good Song", "Second Good"]
    issues = [(i.line, i.field) for i in items if isinstance(i, ParseIssue)]
    assert issues == [
        (3, "title"), (3, "publisher_1_pr_share"), (3, "publisher_1_controlled"), (3, "writer_1_role"),
        (3, "writer_1_pr_share"), (3, "writer_1_publisher"), (3, "writer_1_ipi"), (3, "iswc"), (5, None)]
    messages = {i.field: i.message for i in items if isinstance(i, ParseIssue)}
    assert "check digit must be 1" in messages["iswc"]
    assert "check digits must be 99" in messages["writer_1_ipi"]
    assert "not a percent from 0 to 100" in messages["writer_1_pr_share"]
    assert "filled publisher_N_name" in messages["writer_1_publisher"]
    assert "truncated" in messages[None]
    second = next(i for i in items if isinstance(i, RepertoireWork) and i.title == "Second Good")
    assert second.iswc is None and second.writers[0].role == "CA" and second.writers[0].pr_share == 0


def test_bad_recording_rows(tmp_path):
    path = _write(tmp_path, "\n".join([
        "title,isrc,artist,duration,iswc,upc",
        "Fine,GH-A0C-24-00001,Ama Mensah|Kofi B,PT3M20S,,",
        "Broken,GHA0C24XXXX1,Ama,3 minutes,T0345246801,859385012013",
        ",,,,,",
        "No Isrc,,Ama,1:02:03,,",
    ]) + "\n")
    items = list(parse(path))
    recordings = [i for i in items if isinstance(i, RepertoireRecording)]
    assert [(r.title, r.isrc, r.duration_seconds, r.artists) for r in recordings] == [
        ("Fine", "GHA0C2400001", 200, ("Ama Mensah", "Kofi B")), ("No Isrc", None, 3723, ("Ama",))]
    assert [(i.line, i.field) for i in items if isinstance(i, ParseIssue)] == [
        (3, "isrc"), (3, "duration"), (3, "upc")]


def test_a_blank_title_alone_is_an_issue(tmp_path):
    path = _write(tmp_path, "title,isrc,artist\n ,GHA0C2400001,Ama\n")
    assert list(parse(path)) == [ParseIssue(2, "title", "title is empty", "")]


@pytest.mark.parametrize("header, missing", [
    ("name,code,writer", ["title", "iswc", "writer_1_name"]),  # as far from both: the works layout is named
    ("title,isrc,duration", ["artist"]),
    ("work title,iswc", ["title", "writer_1_name"]),
])
def test_a_header_of_neither_layout_raises_format_error_naming_missing_columns(tmp_path, header, missing):
    path = _write(tmp_path, header + "\nA,B,C\n")
    with pytest.raises(FormatError) as error:
        list(parse(path))
    assert error.value.missing == missing


def test_an_empty_file_raises_format_error(tmp_path):
    with pytest.raises(FormatError) as error:
        list(parse(_write(tmp_path, "")))
    assert error.value.missing == ["title", "iswc", "writer_1_name"]
