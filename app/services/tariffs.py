"""Broadcast tariffs: what a play costs a station (issue 6 item 4).

A tariff version applies to one station class, one usage type (featured, background,
jingle…) and one time-of-day ``band``: a window of the station's *local* clock ``timeFrom`` ≤ t
< ``timeTo`` ('HH:MM'; wrapping past midnight when timeFrom > timeTo), or the whole day (band
``all_day``, no times). Its ``basis`` is per_play (``rate`` per play) or per_second (``rate`` ×
the play's duration). Versions of one (class, usage type, band) follow each other by effective
date: a new version must start after the current one, which then ends on that day (history is
kept, never deleted). The windowed bands of a class and usage type in force together must not
overlap; the all-day band is the fallback for hours no window covers.

``rightSplit`` (millionths, summing to 100 %) divides a play's money between the recording's
and the work's rights; the default, 50 % neighbouring (performers and producers) and 50 %
performance (writers and publishers), is the common split of broadcast income between the two
sides — a starting point a society configures per tariff.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from app.money import format_amount
from app.money.shares import WHOLE, millionths_to_percent
from app.services import audit
from app.services.db import read, run, write
from app.services.entities import InvalidInput, add_error
from app.services.ids import reserve_ids

ALL_DAY = "all_day"
BROADCAST_RIGHTS = ("neighbouring", "performance", "master")
DEFAULT_RIGHT_SPLIT = {"neighbouring": WHOLE // 2, "performance": WHOLE // 2}


class TariffConflict(ValueError):
    """A version of the same band starts on or after the new one (API → 409)."""


@dataclass(frozen=True)
class Tariff:
    """A tariff version as charging uses it (``rate_micro`` per play or per second)."""

    tariff_id: str
    station_class: str
    usage_type: str
    band: str
    time_from: dt.time | None
    time_to: dt.time | None
    basis: str
    rate_micro: int
    currency: str
    right_split: dict[str, int]
    valid_from: dt.date
    valid_to: dt.date | None

    def applies(self, day: dt.date, clock: dt.time) -> bool:
        """In force on ``day`` and its window holds the local ``clock`` time (all day: always)."""
        if not (self.valid_from <= day and (self.valid_to is None or day < self.valid_to)):
            return False
        if self.time_from is None:
            return True
        if self.time_from < self.time_to:
            return self.time_from <= clock < self.time_to
        return clock >= self.time_from or clock < self.time_to

    def amount(self, duration_seconds: int | None) -> int | None:
        """Micro-units a play costs; None for a per-second tariff and a play of unknown length."""
        if self.basis == "per_play":
            return self.rate_micro
        return None if duration_seconds is None else self.rate_micro * duration_seconds


def _time(text: str | None) -> dt.time | None:
    return None if text is None else dt.time.fromisoformat(text)


def _tariff(node: dict) -> Tariff:
    return Tariff(node["tariffId"], node["stationClass"], node["usageType"], node["band"], _time(node.get("timeFrom")),
                  _time(node.get("timeTo")), node["basis"], node["rateMicro"], node["currency"],
                  json.loads(node["rightSplit"]), node["validFrom"], node.get("validTo"))


def _windows_overlap(a: Tariff, b: Tariff) -> bool:
    """Two windowed bands share a minute of the day (each may wrap midnight)."""
    def minutes(t: Tariff) -> set[int]:
        start, end = t.time_from.hour * 60 + t.time_from.minute, t.time_to.hour * 60 + t.time_to.minute
        return set(range(start, end)) if start < end else set(range(start, 24 * 60)) | set(range(0, end))
    return bool(minutes(a) & minutes(b))


def _problems(record: dict) -> dict:
    errors: dict = {}
    band, start, end = record["band"], record["timeFrom"], record["timeTo"]
    if band == ALL_DAY and (start or end):
        add_error(errors, ("timeFrom",), f"the {ALL_DAY} band has no window: leave timeFrom and timeTo empty")
    if band != ALL_DAY and not (start and end):
        add_error(errors, ("timeFrom",), f"band {band!r} needs a window: timeFrom and timeTo (HH:MM)")
    if start and end and start == end:
        add_error(errors, ("timeTo",), "timeTo must differ from timeFrom (the whole day is the all_day band)")
    split = record["rightSplit"]
    if sum(split.values()) != WHOLE:
        add_error(errors, ("rightSplit",), f"shares sum to {sum(split.values()) / 10_000}%, not 100%")
    if record["rateMicro"] <= 0:
        add_error(errors, ("rate",), "a rate is positive")
    return errors


def create_tariff(record: dict, actor: str) -> dict:
    """Record a tariff version. ``record``: ``{stationClass, usageType, band, timeFrom,
    timeTo ('HH:MM'|None), basis, rateMicro, currency, rightSplit ({rightType: millionths}),
    validFrom}``. Raises InvalidInput (every problem: window, split, rate, a window overlapping
    another band in force), TariffConflict (a version of the band starting on or after
    ``validFrom``). Ends the band's current version on ``validFrom``; audited."""
    errors = _problems(record)
    if errors:
        raise InvalidInput(errors)

    def work(tx):
        versions = [_tariff(r["tariff"]) for r in run(tx, "broadcast/tariff_versions",
                                                       stationClass=record["stationClass"],
                                                       usageType=record["usageType"])]
        same_band = [v for v in versions if v.band == record["band"]]
        if same_band and same_band[0].valid_from >= record["validFrom"]:
            raise TariffConflict(f"{same_band[0].tariff_id} of band {record['band']!r} starts "
                                 f"{same_band[0].valid_from}: a new version must start after it")
        new = _tariff({**record, "tariffId": "new", "rightSplit": json.dumps(record["rightSplit"]), "validTo": None})
        if new.time_from is not None:
            for other in versions:
                in_force = other.valid_to is None or other.valid_to > new.valid_from
                if other.band not in (new.band, ALL_DAY) and in_force and _windows_overlap(new, other):
                    add_error(errors, ("timeFrom",),
                              f"the window overlaps band {other.band!r} ({other.time_from:%H:%M}–"
                              f"{other.time_to:%H:%M}, {other.tariff_id})")
        if errors:
            raise InvalidInput(errors)
        tariff_id = reserve_ids(tx, "tariff", 1)[0]
        stored = {**{k: record[k] for k in ("stationClass", "usageType", "band", "timeFrom", "timeTo", "basis",
                                            "rateMicro", "currency", "validFrom")},
                  "tariffId": tariff_id, "rightSplit": json.dumps(record["rightSplit"], sort_keys=True),
                  "createdBy": actor}
        previous = same_band[0].tariff_id if same_band and same_band[0].valid_to is None else None
        run(tx, "broadcast/create_tariff", tariff=stored, previousId=previous)
        audit.record(tx, actor, "tariff.create", tariff_id, before={"supersedes": previous}, after=stored)
        return tariff_out(run(tx, "broadcast/get_tariff", tariffId=tariff_id)[0]["tariff"])
    return write(work)


def tariff_out(node: dict) -> dict:
    """A Tariff node as the API shows it (rate as Decimal units, split as percent)."""
    return {"tariffId": node["tariffId"], "stationClass": node["stationClass"], "usageType": node["usageType"],
            "band": node["band"], "timeFrom": node.get("timeFrom"), "timeTo": node.get("timeTo"),
            "basis": node["basis"], "rate": format_amount(node["rateMicro"]), "currency": node["currency"],
            "rightSplit": [{"rightType": k, "share": millionths_to_percent(v)}
                           for k, v in sorted(json.loads(node["rightSplit"]).items())],
            "validFrom": node["validFrom"], "validTo": node.get("validTo"), "status": node["status"],
            "createdAt": node.get("createdAt"), "createdBy": node.get("createdBy")}


def list_tariffs(skip: int, limit: int, station_class: str | None = None, usage_type: str | None = None,
                 as_of: dt.date | None = None) -> tuple[list[dict], int]:
    """A page of tariff versions (by class, usage type, band, start) and the total."""
    row = read(lambda tx: run(tx, "broadcast/list_tariffs", stationClass=station_class, usageType=usage_type,
                              asOf=as_of, skip=skip, limit=limit))[0]
    return [tariff_out(t) for t in row["tariffs"]], row["total"]


def all_tariffs(tx) -> list[Tariff]:
    """Every tariff version (a few hundred at most), for charging."""
    return [_tariff(t) for t in run(tx, "broadcast/list_tariffs", stationClass=None, usageType=None, asOf=None,
                                    skip=0, limit=1_000_000)[0]["tariffs"]]


def pick(tariffs: list[Tariff], station_class: str, usage_type: str, local: dt.datetime) -> Tariff | None:
    """The tariff of a play at the station's ``local`` date-time: a windowed band holding that
    time, else the all-day band; None when neither is in force."""
    day, clock = local.date(), local.time()
    found = [t for t in tariffs if t.station_class == station_class and t.usage_type == usage_type
             and t.applies(day, clock)]
    windowed = [t for t in found if t.time_from is not None]
    return (windowed or found or [None])[0]
