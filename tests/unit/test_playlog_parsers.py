"""The play-log parsers on the real layouts (../shared/fixtures/real/playlogs) and on the
generic CSV/JSON format: exact counts, quirks, line numbers, malformed rows as issues."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import Decimal

import pytest

from importers.playlogs import LAYOUTS, detect_layout
from importers.playlogs.generic import parse_generic_csv, parse_generic_json
from importers.playlogs.records import PlayRecord
from importers.playlogs.suisa import parse_suisa
from importers.playlogs.triplej import parse_triplej, split_annotations
from importers.records import FormatError, ParseIssue
from tests.fixtures_paths import REAL

TRIPLEJ = REAL / "playlogs" / "playlist_20140929.csv"
SUISA = REAL / "playlogs" / "suisa_sendemeldung_test_get_csv.1.csv"


def test_each_real_log_is_recognised_by_exactly_its_layout():
    for path, layout in ((TRIPLEJ, "triplej"), (SUISA, "suisa")):
        assert [name for name, (_, sniff) in LAYOUTS.items() if sniff(path)] == [layout]
        assert detect_layout(path) == layout


def test_triple_j_cr_only_log_reads_every_record():
    items = list(parse_triplej(TRIPLEJ))
    assert Counter(type(i).__name__ for i in items) == {"PlayRecord": 8000}
    first, second = items[0], items[1]
    # the first record's album is a quoted CR: it spans physical lines 2-3, so the next is line 4
    assert (first.line, second.line) == (2, 4)
    assert first == PlayRecord(line=2, station=None, played_at=dt.datetime(2012, 2, 6, 22, 41, 57, tzinfo=dt.timezone.utc),
                               title="Jump Down", artist="Goodnight Tiger", duration_seconds=178,
                               extra=first.extra)
    assert "album" not in first.extra and second.extra["album"] == "Day Off"
    assert items[-1].played_at == dt.datetime(2012, 3, 31, 20, 45, 37, tzinfo=dt.timezone.utc)
    assert sum(1 for i in items if i.extra.get("featuring")) == sum(1 for i in items if "featuring" in i.extra)
    love = next(i for i in items if i.title == "I Love It")
    assert (love.artist, love.extra["featuring"], love.extra["album"]) == ("Hilltop Hoods", "Sia", "I Love It {Single}")
    assert all(i.isrc is None and i.play_id is None and i.station is None for i in items)


def test_annotations_leave_the_bare_title():
    assert split_annotations("I Love It {Ft. Sia}") == ("I Love It", ["Ft. Sia"])
    assert split_annotations("Sweet Dreams {triple j live recording, Like A Version 2011}") == (
        "Sweet Dreams", ["triple j live recording, Like A Version 2011"])
    assert split_annotations("Plain") == ("Plain", [])


def test_suisa_report_keeps_every_detection_with_its_isrc():
    items = list(parse_suisa(SUISA))
    assert len(items) == 7 and all(isinstance(i, PlayRecord) for i in items)
    assert [i.isrc for i in items].count("DEZ650710376") == 2
    meme = items[1]
    assert (meme.line, meme.station, meme.title, meme.artist) == (3, "Station Name", "Meme Dub", "Da Gang")
    assert meme.played_at == dt.datetime(1993, 3, 1, 13, 37) and meme.played_at.tzinfo is None  # station-local
    assert meme.duration_seconds == 60 and meme.extra["composer"] == "Da Composah"
    assert items[3].title == "" and items[3].artist == "Artists as string not list"  # a failed detection, kept
    assert items[4].duration_seconds == 19 * 3600 + 48 * 60 + 57


def _csv(tmp_path, lines: list[str]):
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_generic_csv_reads_fields_and_reports_malformed_rows(tmp_path):
    path = _csv(tmp_path, [
        "playedAt,title,artist,station,playId,isrc,durationSeconds,confidence,usageType,fingerprint",
        "2024-06-01T08:00:00Z,Sunrise,Ama,STN-000001,p1,GH-A0C-24-00001,200,0.93,featured,fp-1",
        "2024-06-01T09:00:00,Sunrise,Ama,joy-stream,p2,,0:03:20,,,",
        "yesterday,Sunrise,Ama,STN-000001,p3,,200,,,",
        "2024-06-01T10:00:00Z,Sunrise,Ama,STN-000001,p4,NOTANISRC,abc,1.5,,",
        "2024-06-01T11:00:00Z,too,few",
    ])
    items = list(parse_generic_csv(path))
    first, second = items[0], items[1]
    assert first == PlayRecord(line=2, station="STN-000001", played_at=dt.datetime(2024, 6, 1, 8, tzinfo=dt.timezone.utc),
                               title="Sunrise", artist="Ama", isrc="GHA0C2400001", duration_seconds=200,
                               confidence=Decimal("0.93"), usage_type="featured", fingerprint="fp-1", play_id="p1",
                               extra=first.extra)
    assert second.played_at.tzinfo is None and second.duration_seconds == 200 and second.station == "joy-stream"
    issues = [(i.line, i.field) for i in items if isinstance(i, ParseIssue)]
    assert issues == [(4, "playedAt"), (5, "durationSeconds"), (5, "confidence"), (5, "isrc"), (6, None)]


def test_generic_json_reads_plays_and_names_unknown_fields(tmp_path):
    path = tmp_path / "log.json"
    path.write_text(json.dumps({"format": "rightsgraph-playlog/1", "plays": [
        {"playedAt": "2024-06-01T08:00:00+02:00", "title": "Sunrise", "artist": "Ama", "durationSeconds": 200},
        {"playedAt": "2024-06-01T08:00:00Z", "title": "x", "artist": "y", "colour": "blue"},
        {"title": "no time", "artist": "y"}, "not an object"]}), encoding="utf-8")
    assert detect_layout(path) == "json"
    items = list(parse_generic_json(path))
    assert items[0].played_at == dt.datetime(2024, 6, 1, 6, tzinfo=dt.timezone.utc)
    assert [(i.line, i.field) for i in items[1:]] == [(2, None), (3, "playedAt"), (3, "playedAt"), (4, None)]
    assert "colour" in items[1].message


@pytest.mark.parametrize("parse", [parse_triplej, parse_suisa, parse_generic_csv])
def test_a_file_of_another_layout_is_a_format_error(parse, tmp_path):
    other = _csv(tmp_path, ["a,b,c", "1,2,3"])
    with pytest.raises(FormatError):
        next(iter(parse(other)))


def test_json_that_is_not_a_play_log_is_a_format_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(FormatError):
        list(parse_generic_json(path))


def test_generic_csv_reads_an_optional_iswc_and_rejects_a_bad_one(tmp_path):
    path = _csv(tmp_path, [
        "playedAt,title,artist,iswc",
        "2024-06-01T08:00:00Z,Midnight in Accra,Marcus Bell,t 345 246 800 3",
        "2024-06-01T09:00:00Z,Golden Coast Highway,Sarah Quinlan,",
        "2024-06-01T10:00:00Z,Wrong,Check digit,T-345.246.800-4",
        "2024-06-01T11:00:00Z,Wrong,Shape,T-345",
    ])
    items = list(parse_generic_csv(path))
    assert [items[0].iswc, items[1].iswc] == ["T-345.246.800-3", None]
    assert [(i.line, i.field, i.raw) for i in items[2:]] == [(4, "iswc", "T-345.246.800-4"), (5, "iswc", "T-345")]
    assert "valid ISWC" in items[2].message
