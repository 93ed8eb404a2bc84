"""The play-log intake rules (pure): unknown stations, future times, negative durations,
usage types, duplicate play ids, repeat detections, local times, source keys."""
from __future__ import annotations

import datetime as dt
import re

from app.services.play_intake import Intake, StationDirectory, is_duplicate, source_key
from importers.playlogs import LAYOUTS
from importers.playlogs.records import PlayRecord
from importers.records import ParseIssue
from tests.fixtures_paths import REAL

UTC = dt.timezone.utc
NOW = dt.datetime(2024, 7, 1, 12, tzinfo=UTC)
JOY = {"stationId": "STN-000001", "name": "Joy FM", "streamIds": ["joy-99.7"], "stationClass": "national",
       "country": "GH", "timezone": "Africa/Accra", "currency": "GHS"}
JJJ = {"stationId": "STN-000002", "name": "Triple J", "streamIds": [], "stationClass": "national",
       "country": "AU", "timezone": "Australia/Sydney", "currency": "AUD"}
DIRECTORY = StationDirectory.of([JOY, JJJ])


def _play(line: int, **fields) -> PlayRecord:
    base = {"station": "STN-000001", "played_at": dt.datetime(2024, 6, 1, 8, tzinfo=UTC), "title": "Sunrise",
            "artist": "Ama", "duration_seconds": 200}
    return PlayRecord(line=line, **(base | fields))


def _check(records, station=None):
    return list(Intake(DIRECTORY, station, NOW).check(records))


def test_stations_resolve_by_id_stream_id_and_name():
    assert [DIRECTORY.resolve(ref)["stationId"] for ref in ("STN-000001", "joy-99.7", "JOY FM", "triple j")] == [
        "STN-000001", "STN-000001", "STN-000001", "STN-000002"]
    assert DIRECTORY.resolve("Unknown FM") is None


def test_each_bad_play_is_rejected_with_its_reason():
    out = _check([_play(2, station="Unknown FM"), _play(3, played_at=NOW + dt.timedelta(seconds=1)),
                  _play(4, duration_seconds=-5), _play(5, usage_type="karaoke"), _play(6, station=None),
                  _play(7, played_at=NOW)])
    issues = [(o.line, o.field) for o in out if isinstance(o, ParseIssue)]
    assert issues == [(2, "station"), (3, "playedAt"), (4, "durationSeconds"), (5, "usageType"), (6, "station")]
    assert "Unknown FM" in out[0].message and "future" in out[1].message and "negative" in out[2].message
    assert out[-1]["playedAt"] == NOW  # exactly now is not the future


def test_duplicate_play_ids_and_repeat_detections_are_duplicates():
    t0 = dt.datetime(2024, 6, 1, 8, tzinfo=UTC)
    out = _check([_play(2, play_id="a"), _play(3, play_id="a", played_at=t0 + dt.timedelta(hours=1)),
                  _play(4, played_at=t0 + dt.timedelta(hours=2)),
                  _play(5, played_at=t0 + dt.timedelta(hours=2, seconds=3)),  # re-logged 3 s later
                  _play(6, played_at=t0 + dt.timedelta(hours=2, seconds=200)),  # a replay after it ended
                  _play(7, played_at=t0 + dt.timedelta(hours=2, seconds=201), station="STN-000002")])
    rejected = {o.line: o for o in out if isinstance(o, ParseIssue)}
    assert sorted(rejected) == [3, 5]
    assert rejected[3].message == "duplicate playId a (first on line 2)" and is_duplicate(rejected[3])
    assert rejected[5].message.startswith("repeat detection of the play on line 4") and is_duplicate(rejected[5])


def test_local_times_are_the_stations_and_keys_are_stable():
    naive = dt.datetime(2024, 6, 1, 23, 30)  # Sydney local: 13:30 UTC the same day
    play = _check([_play(2, station="STN-000002", played_at=naive)])[0]
    assert play["playedAt"] == dt.datetime(2024, 6, 1, 13, 30, tzinfo=UTC) and play["localDate"] == dt.date(2024, 6, 1)
    late = _check([_play(2, station="STN-000002", played_at=dt.datetime(2024, 6, 1, 14, 30, tzinfo=UTC))])[0]
    assert late["localDate"] == dt.date(2024, 6, 2)  # past midnight in Sydney
    again = _check([_play(9, station="STN-000002", played_at=naive)])[0]
    assert again["sourceKey"] == play["sourceKey"] and play["sourceKey"].startswith("STN-000002|")
    assert source_key("STN-000001", _play(2, play_id="x-1"), NOW) == "STN-000001|id:x-1"


def test_the_import_station_wins_over_a_placeholder_name():
    out = _check([_play(2, station="Station Name")], station=JOY)
    assert out[0]["stationId"] == "STN-000001"


def test_triple_j_log_repeat_detections():
    items = LAYOUTS["triplej"][0](REAL / "playlogs" / "playlist_20140929.csv")
    out = list(Intake(DIRECTORY, JJJ, NOW).check(items))
    rejected = [o for o in out if isinstance(o, ParseIssue)]
    # 27 re-logs 1-6 s after the first entry (some with another record between), and 4 entries
    # of a track again before it could have ended (151 s into a 214 s track, …)
    assert (len(out), len(rejected)) == (8000, 31)
    gaps = [int(re.search(r"track (\d+)s after", r.message).group(1)) for r in rejected]
    assert (sum(1 for g in gaps if g <= 6), sorted(g for g in gaps if g > 6)) == (27, [151, 196, 237, 244])
    assert all(r.message.startswith("repeat detection") for r in rejected)
    assert next(r for r in rejected if r.line == 7247).message == (
        "repeat detection of the play on line 7246: the same track 151s after it started, within its 214s")
    assert len({o["sourceKey"] for o in out if isinstance(o, dict)}) == 7969
