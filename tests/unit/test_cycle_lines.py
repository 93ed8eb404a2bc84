"""The arithmetic of a cycle close (app.services.cycle_lines), without a database: periods,
the half-even admin fee, grouping of plays' reciprocal parts, per-play fee rows that add up."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.services.cycle_lines import Grouper, admin_fee, interval_label, per_play, period_bounds

D = dt.date


@pytest.mark.parametrize("label, start, end", [
    ("2025", D(2025, 1, 1), D(2026, 1, 1)), ("2025-H2", D(2025, 7, 1), D(2026, 1, 1)),
    ("2025-Q1", D(2025, 1, 1), D(2025, 4, 1)), ("2025-Q4", D(2025, 10, 1), D(2026, 1, 1)),
    ("2025-02", D(2025, 2, 1), D(2025, 3, 1)), ("2025-01-15..2025-04-15", D(2025, 1, 15), D(2025, 4, 15))])
def test_period_labels_round_trip(label, start, end):
    assert period_bounds(label) == (start, end)
    assert interval_label(start, end) == label


@pytest.mark.parametrize("label", ["2025-Q5", "2025-H3", "2025-13", "25-Q1", "2025-04-01..2025-01-01", "x..y"])
def test_bad_period_labels(label):
    with pytest.raises(ValueError):
        period_bounds(label)


@pytest.mark.parametrize("gross, percent, fee", [
    (15, "10", 2), (25, "10", 2), (35, "10", 4), (499_998, "15", 75_000), (499_998, "12.5", 62_500),
    (166_666, "12.5", 20_833), (1, "50", 0), (3, "50", 2), (1_000_000, "0", 0), (1_000_000, "100", 1_000_000),
    (123_456_789, "7.3333", 9_053_457)])
def test_admin_fee_rounds_half_to_even(gross, percent, fee):
    assert admin_fee(gross, Decimal(percent)) == fee


def _play(play_id: str, recording: str | None, *parts: tuple[str, str, int]) -> dict:
    return {"playId": play_id, "recordingId": recording, "durationSeconds": 100, "tariffId": "TRF-000001",
            "allocation": json.dumps(
                [{"via": "reciprocal", "partnerCode": code, "partnerId": "PART-000009", "assetId": work,
                  "amount": amount, "agreementId": "RCA-000001", "accountId": "ACC-POOL-PART-000009-GHS"}
                 for code, work, amount in parts]
                + [{"via": "unallocated", "assetId": recording, "amount": 7, "accountId": "ACC-POOL-GHS"}])}


def test_grouping_and_per_play_rows_add_up():
    grouper = Grouper()
    grouper.add(_play("PLY-1", "REC-1", ("ASCAP", "WRK-1", 101)))
    grouper.add(_play("PLY-2", "REC-1", ("ASCAP", "WRK-1", 100)))
    grouper.add(_play("PLY-3", None, ("ASCAP", "WRK-1", 100)))  # matched to the work only
    grouper.add(_play("PLY-4", "REC-2", ("ASCAP", "WRK-2", 50), ("PRS", "WRK-3", 50)))
    grouper.add({"playId": "PLY-5", "recordingId": "REC-9", "durationSeconds": 1, "tariffId": "TRF-000001",
                 "allocation": json.dumps([{"via": "owner", "assetId": "WRK-9", "amount": 9}])})
    lines = grouper.ordered()
    assert [(li.partner_code, li.work_id, li.recording_id, len(li.plays), li.gross) for li in lines] == [
        ("ASCAP", "WRK-1", None, 1, 100), ("ASCAP", "WRK-1", "REC-1", 2, 201), ("ASCAP", "WRK-2", "REC-2", 1, 50),
        ("PRS", "WRK-3", "REC-2", 1, 50)]
    assert grouper.plays == 4 and lines[1].duration == 200 and lines[1].tariffs["TRF-000001"] == 2
    rows = per_play(lines[1], admin_fee(201, Decimal("15")))  # 30.15 → 30, split 101 : 100
    assert rows == [{"playId": "PLY-1", "grossMicro": 101, "feeMicro": 15, "netMicro": 86},
                    {"playId": "PLY-2", "grossMicro": 100, "feeMicro": 15, "netMicro": 85}]
    assert sum(r["feeMicro"] for r in rows) == 30


def test_per_play_rows_of_zero_gross_split_evenly():
    grouper = Grouper()
    for pid in ("PLY-1", "PLY-2"):
        grouper.add(_play(pid, "REC-1", ("ASCAP", "WRK-1", 0)))
    assert [r["feeMicro"] for r in per_play(grouper.ordered()[0], 0)] == [0, 0]
