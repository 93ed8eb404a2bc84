"""The CWR writer: fixed-width records from the layout table, control counts, and the round
trip write -> parse giving the same works."""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from importers.records import ParseIssue
from importers.repertoire.cwr import parse, read_header
from importers.repertoire.cwr_layouts import LAYOUTS
from importers.repertoire.cwr_writer import write_cwr
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork

CREATED = dt.datetime(2025, 3, 4, 5, 6, 7)
SENDER = {"name": "Rightsgraph Reciprocal", "code": "999", "type": "SO"}


def _works() -> list[RepertoireWork]:
    publisher = RepertoireParty(kind="publisher", name="ACME MUSIC", role="E", ipi="00000000199",
                                interested_party="P1", pr_share=Decimal("50.00"), mr_share=Decimal("100.00"),
                                pr_society="010", mr_society="034", territories=("WORLD",), excluded=("GB",))
    writer = RepertoireParty(kind="writer", name="MENSAH", first_name="AMA", role="CA", ipi="00000000297",
                             interested_party="W1", pr_share=Decimal("33.33"), pr_society="010",
                             publisher_ref="P1", territories=("WORLD",))
    other = RepertoireParty(kind="writer", name="BOATENG", role="A", pr_share=Decimal("16.67"),
                            interested_party="W2", controlled=False)
    recording = RepertoireRecording(line=0, title="HIGHLIFE SUNRISE", isrc="GHA012500001", duration_seconds=201,
                                    artists=("AMA MENSAH",), work_iswc="T-034.524.680-1", work_ref="ASC-1",
                                    label="ACCRA RECORDS")
    return [
        RepertoireWork(line=0, title="HIGHLIFE SUNRISE", iswc="T-034.524.680-1", ref="ASC-1",
                       alternate_titles=("SUNRISE",), performers=("AMA MENSAH",), writers=(writer, other),
                       publishers=(publisher,), recordings=(recording,), duration_seconds=201,
                       cross_references=(("010", "ASCAP-884"),)),
        RepertoireWork(line=0, title="KUMASI NIGHTS", ref="ASC-2", original_title="NIGHTS IN KUMASI",
                       writers=(dataclasses.replace(writer, pr_share=Decimal("100.00"), publisher_ref=None),)),
    ]


def _comparable(work: RepertoireWork) -> dict:
    data = dataclasses.asdict(work)
    data.pop("line"), data.pop("extra")
    for recording in data["recordings"]:
        recording.pop("line")
    return data


def _write(tmp_path, works, version):
    lines = list(write_cwr(works, SENDER, version, CREATED))
    path = tmp_path / f"out.V{version.replace('.', '')}"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    return lines, path


def test_round_trip_v22_gives_the_same_works(tmp_path):
    works = _works()
    _, path = _write(tmp_path, works, "2.2")
    out = list(parse(path))
    assert [o for o in out if isinstance(o, ParseIssue)] == []
    assert [_comparable(w) for w in out] == [_comparable(w) for w in works]
    assert read_header(path).version == "2.2"


def test_round_trip_v21_keeps_everything_the_version_can_carry(tmp_path):
    works = _works()
    _, path = _write(tmp_path, works, "2.1")
    out = list(parse(path))
    assert [o for o in out if isinstance(o, ParseIssue)] == []
    first = out[0]
    # 2.1 has no XRF record and no recording title / display artist: those are the only losses.
    assert first.cross_references == () and first.recordings[0].artists == ()
    assert first.recordings[0].title == "HIGHLIFE SUNRISE" and first.recordings[0].isrc == "GHA012500001"
    assert dataclasses.replace(first, cross_references=works[0].cross_references).writers == works[0].writers
    assert out[1].original_title == "NIGHTS IN KUMASI"


def test_records_are_fixed_width_and_counts_match(tmp_path):
    lines, _ = _write(tmp_path, _works(), "2.1")
    table = LAYOUTS["2"]
    for line in lines:
        layout = table[line[:3]]
        assert len(line) == sum(f.length for f in layout.fields if f.since <= "2.1") + 3, line[:3]
    assert lines[0].startswith("HDRSO000000999RIGHTSGRAPH RECIPROCAL")
    assert lines[-2][3:24] == f"00001{2:08d}{len(lines) - 2:08d}"  # GRT: 2 transactions, GRH..GRT
    assert lines[-1][3:24] == f"00001{2:08d}{len(lines):08d}"  # TRL: HDR..TRL
    spu = next(line for line in lines if line.startswith("SPU"))
    assert spu[112:136] == "0100500003410000   00000"  # PR 010 50.00 %, MR 034 100.00 %, no SR society, 0


def test_bad_version_or_sender_is_refused():
    with pytest.raises(ValueError):
        list(write_cwr([], SENDER, "3.0", CREATED))
    with pytest.raises(ValueError):
        list(write_cwr([], {"name": "X"}, "2.1", CREATED))
