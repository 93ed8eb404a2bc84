"""Tariff arithmetic and choice (pure): windows, wrap past midnight, versions, per-second."""
from __future__ import annotations

import datetime as dt

from app.services.tariffs import DEFAULT_RIGHT_SPLIT, Tariff, pick


def _tariff(tid, band="all_day", start=None, end=None, basis="per_play", rate=2_000_000, since=dt.date(2024, 1, 1),
            until=None, usage="featured") -> Tariff:
    return Tariff(tid, "national", usage, band, start and dt.time.fromisoformat(start),
                  end and dt.time.fromisoformat(end), basis, rate, "GHS", DEFAULT_RIGHT_SPLIT, since, until)


ALL = [_tariff("T-day"), _tariff("T-peak", "peak", "06:00", "10:00", rate=3_000_000),
       _tariff("T-night", "night", "22:00", "05:00", rate=1_000_000),
       _tariff("T-old", "all_day", since=dt.date(2023, 1, 1), until=dt.date(2024, 1, 1), rate=1_500_000),
       _tariff("T-jingle", usage="jingle", basis="per_second", rate=10_000)]


def _at(stamp: str, usage="featured"):
    return pick(ALL, "national", usage, dt.datetime.fromisoformat(stamp))


def test_a_window_beats_the_all_day_band():
    assert [_at(s).tariff_id for s in ("2024-05-01T06:00", "2024-05-01T09:59", "2024-05-01T10:00",
                                       "2024-05-01T23:00", "2024-05-01T04:59", "2024-05-01T05:00")] == [
        "T-peak", "T-peak", "T-day", "T-night", "T-night", "T-day"]


def test_versions_apply_by_date_and_usage_and_class_select():
    assert _at("2023-06-01T12:00").tariff_id == "T-old"
    assert _at("2022-06-01T12:00") is None
    assert _at("2024-06-01T12:00", "jingle").tariff_id == "T-jingle"
    assert pick(ALL, "community", "featured", dt.datetime(2024, 6, 1, 12)) is None


def test_amounts_per_play_and_per_second():
    assert _at("2024-06-01T12:00").amount(None) == 2_000_000
    jingle = _at("2024-06-01T12:00", "jingle")
    assert (jingle.amount(15), jingle.amount(0), jingle.amount(None)) == (150_000, 0, None)
