"""Money in: each matched play charged at its tariff, station → central pool (issue 6 items 5, 6).

One journal entry per play, kind ``play_charge``, idempotency key ``play:<playId>``: the
station's account is debited the tariff amount and the pool credited — each owner's part
straight into its entitlement account (``app.services.play_routing``), the rest into the
unallocated pool account. Re-processing never charges twice: plays are locked and re-read
before posting, and the key would refuse a second entry anyway.

Insufficient funds follow the station's policy: ``reject`` charges only what the balance
covers; ``credit_limit`` lets the balance go down to minus ``creditLimitMicro``. A play that
does not fit is left ``insufficient_funds`` (never partly charged) and the station gets an
alert — a DataQualityIssue ``station_insufficient_funds`` (refreshed by each run, resolved once
nothing is owed any more); using credit raises a ``station_on_credit`` warning. Plays of a
station are charged in the order they were played. A play with no tariff in force
(``no_tariff``) or a per-second tariff and no duration (``not_chargeable``) is not charged.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from app.money import format_amount
from app.services import audit, ledger, pool, quality, tariffs
from app.services.db import read, run, write
from app.services.play_routing import Router, allocation_json, totals_by_account

#: Charge statuses a run (re-)tries: new plays, and those refused for want of funds or tariff.
CHARGEABLE = ("pending", "insufficient_funds", "no_tariff")


@dataclass
class ChargeRun:
    """One charging run's shared state: stations (full properties), tariffs, the Router and the
    per-station tallies behind the alerts. Counts: ``charged`` plays, ``micro`` charged,
    ``refused`` by status."""

    stations: dict[str, dict]
    tariffs: list[tariffs.Tariff]
    router: Router = field(default_factory=Router)
    charged: int = 0
    micro: int = 0
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    short: dict[str, dict] = field(default_factory=dict)
    on_credit: dict[str, int] = field(default_factory=dict)
    charged_stations: set[str] = field(default_factory=set)

    @classmethod
    def start(cls) -> "ChargeRun":
        """Read every station and tariff (a few hundred rows) for a run."""
        def work(tx):
            ids = [r["stationId"] for r in run(tx, "broadcast/station_directory")]
            stations = {r["station"]["stationId"]: r["station"]
                        for r in run(tx, "broadcast/get_stations", stationIds=ids)}
            return stations, tariffs.all_tariffs(tx)
        return cls(*read(work))

    def counts(self) -> dict:
        """``{charged, chargedMicro, refused: {status: plays}}``."""
        return {"charged": self.charged, "chargedMicro": self.micro, "refused": dict(self.refused)}


def _local(play: dict, station: dict) -> dt.datetime:
    return play["playedAt"].astimezone(ZoneInfo(station["timezone"]))


def _plan(run_: ChargeRun, plays: list[dict]) -> list[dict]:
    """Each play's tariff, amount and routed parts (``parts`` None when it cannot be charged,
    with ``chargeStatus`` and ``chargeNote`` saying why)."""
    planned, routable = [], []
    for play in plays:
        station = run_.stations[play["stationId"]]
        tariff = tariffs.pick(run_.tariffs, station["stationClass"], play["usageType"], _local(play, station))
        plan = {"play": play, "station": station, "tariff": tariff, "amount": None, "parts": None}
        if tariff is None or tariff.currency != station["currency"]:
            plan |= {"chargeStatus": "no_tariff", "chargeNote": f"no {station['currency']} tariff for "
                     f"{station['stationClass']} / {play['usageType']} at {_local(play, station):%Y-%m-%d %H:%M} local"}
        else:
            plan["amount"] = tariff.amount(play["durationSeconds"])
            if plan["amount"] is None:
                plan |= {"chargeStatus": "not_chargeable",
                         "chargeNote": f"{tariff.tariff_id} is per second and the play has no duration"}
            else:
                routable.append(plan)
        planned.append(plan)
    run_.router.prepare([(p["play"], p["tariff"], p["station"]["country"]) for p in routable])
    for plan in routable:
        plan["parts"] = (run_.router.route(plan["play"], plan["amount"], plan["tariff"], plan["station"]["country"],
                                           plan["station"]["currency"]) if plan["amount"] else [])
    return planned


def _lock(tx, planned: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """Lock the plays (dropping those charged meanwhile), open the pool accounts the rest need,
    and lock every account they touch; (plans still to charge, balances read under the locks)."""
    fresh = {r["playId"]: r["chargeStatus"] for r in run(tx, "broadcast/lock_plays",
                                                          playIds=[p["play"]["playId"] for p in planned])}
    planned = [p for p in planned if fresh.get(p["play"]["playId"]) in CHARGEABLE]
    payees: dict[str, set] = defaultdict(set)
    for plan in planned:
        payees[plan["station"]["currency"]].update((part["payeeId"], part["forParticipantId"])
                                                   for part in plan["parts"] or [])
    for currency, wanted in payees.items():
        pool.ensure_accounts(tx, currency, wanted | {(None, None)})
    accounts = {p["station"]["accountId"] for p in planned} | {
        part["accountId"] for p in planned for part in p["parts"] or []}
    return planned, pool.lock_accounts(tx, accounts)


def _entry(plan: dict) -> dict:
    """The ``play_charge`` journal entry of a plan: station debited, pool accounts credited."""
    play, station, amount = plan["play"], plan["station"], plan["amount"]
    credits = sorted(totals_by_account(plan["parts"]).items())
    return {"idempotencyKey": f"play:{play['playId']}", "kind": "play_charge", "sourceId": play["playId"],
            "memo": f"play {play['playId']} on {station['stationId']} at {play['playedAt'].isoformat()}: "
                    f"{plan['tariff'].tariff_id}",
            "postings": [{"accountId": station["accountId"], "amount": -amount}]
            + [{"accountId": a, "amount": x} for a, x in credits]}


def _charge_tx(tx, run_: ChargeRun, planned: list[dict], actor: str) -> dict:
    """Post the affordable plays of ``planned`` in ``tx``, each station's in the order played;
    returns this batch's tallies."""
    planned, balances = _lock(tx, planned)
    entries, marks = [], []
    tally = {"charged": 0, "micro": 0, "refused": defaultdict(int), "short": {}, "charged_stations": set()}
    for plan in sorted(planned, key=lambda p: (p["play"]["stationId"], p["play"]["playedAt"], p["play"]["playId"])):
        station, amount = plan["station"], plan["amount"]
        mark = {"playId": plan["play"]["playId"], "chargeStatus": plan.get("chargeStatus"),
                "chargeNote": plan.get("chargeNote"), "chargedMicro": None, "currency": None, "tariffId": None,
                "entryId": None, "allocation": None}
        marks.append(mark)
        if plan["parts"] is None:
            tally["refused"][mark["chargeStatus"]] += 1
            continue
        floor = -(station["creditLimitMicro"] or 0) if station["fundsPolicy"] == "credit_limit" else 0
        balance = balances[station["accountId"]]
        if balance - amount < floor:
            short = tally["short"].setdefault(station["stationId"], {"plays": 0, "micro": 0})
            short["plays"], short["micro"] = short["plays"] + 1, short["micro"] + amount
            tally["refused"]["insufficient_funds"] += 1
            mark |= {"chargeStatus": "insufficient_funds",
                     "chargeNote": f"balance {format_amount(balance)} {station['currency']} cannot cover "
                                   f"{format_amount(amount)} ({station['fundsPolicy']})"}
            continue
        balances[station["accountId"]] = balance - amount
        entries.append(_entry(plan))
        mark |= {"chargeStatus": "charged", "chargeNote": None, "chargedMicro": amount, "currency": station["currency"],
                 "tariffId": plan["tariff"].tariff_id, "allocation": allocation_json(plan["parts"])}
        tally["charged"], tally["micro"] = tally["charged"] + 1, tally["micro"] + amount
        tally["charged_stations"].add(station["stationId"])
    entry_ids = iter(ledger.post_many(tx, entries))
    for mark in marks:
        if mark["chargeStatus"] == "charged":
            mark["entryId"] = next(entry_ids)
    run(tx, "broadcast/mark_charges", rows=marks)
    tally["balances"] = {sid: balances[s["accountId"]] for sid, s in run_.stations.items()
                         if s["accountId"] in balances}
    if marks:
        audit.record(tx, actor, "plays.charge", None, after={
            "plays": len(marks), "charged": tally["charged"], "chargedMicro": tally["micro"],
            "refused": dict(tally["refused"]), "firstPlayId": marks[0]["playId"], "lastPlayId": marks[-1]["playId"]})
    return tally


def charge_plays(run_: ChargeRun, play_ids: list[str], actor: str, known: list[dict] = ()) -> None:
    """Charge the chargeable ones of ``play_ids`` (one write transaction), adding to ``run_``'s
    counts and tallies. Plays not matched, or already charged, are left alone. ``known``: plays
    the caller just wrote, matched (``{playId, stationId, playedAt, localDate, recordingId,
    workId (a work-only match: recordingId None), usageType, durationSeconds}``), so they need not
    be read back; the transaction re-reads every
    play's charge status under its lock anyway."""
    ids = sorted(set(play_ids) - {p["playId"] for p in known})
    plays = list(known) + ([r["play"] for r in read(lambda tx: run(tx, "broadcast/plays_for_charging", playIds=ids,
                                                                   statuses=list(CHARGEABLE)))] if ids else [])
    if not plays:
        return
    tally = write(_charge_tx, run_, _plan(run_, plays), actor)
    run_.charged += tally["charged"]
    run_.micro += tally["micro"]
    for status, n in tally["refused"].items():
        run_.refused[status] += n
    for sid, short in tally["short"].items():
        total = run_.short.setdefault(sid, {"plays": 0, "micro": 0})
        total["plays"] += short["plays"]
        total["micro"] += short["micro"]
    run_.charged_stations.update(tally["charged_stations"])
    for sid, balance in tally["balances"].items():
        if balance < 0:
            run_.on_credit[sid] = balance
        else:
            run_.on_credit.pop(sid, None)


def finish(run_: ChargeRun) -> None:
    """Record the run's alerts: ``station_insufficient_funds`` per station that could not pay
    (plays, micro-units owed), ``station_on_credit`` per station left below zero, and the
    routing's findings; resolve the insufficient-funds alert of stations that owe nothing now."""
    findings = list(run_.router.findings.values())
    for sid, short in sorted(run_.short.items()):
        station = run_.stations[sid]
        findings.append(quality.Finding(
            kind="station_insufficient_funds", key=f"station_insufficient_funds|{sid}", entity_id=sid,
            message=f"{sid} {station['name']}: {short['plays']} play(s) of {format_amount(short['micro'])} "
                    f"{station['currency']} not charged for want of funds ({station['fundsPolicy']})",
            witness={"plays": short["plays"], "micro": short["micro"], "policy": station["fundsPolicy"],
                     "creditLimitMicro": station["creditLimitMicro"] or 0}))
    for sid, balance in sorted(run_.on_credit.items()):
        station = run_.stations[sid]
        findings.append(quality.Finding(
            kind="station_on_credit", key=f"station_on_credit|{sid}", entity_id=sid, severity="warning",
            message=f"{sid} {station['name']} is on credit: balance {format_amount(balance)} {station['currency']} "
                    f"(limit {format_amount(station['creditLimitMicro'] or 0)})",
            witness={"balanceMicro": balance, "creditLimitMicro": station["creditLimitMicro"] or 0}))

    def work(tx):
        quality.record(tx, findings)
        touched = sorted(run_.charged_stations - set(run_.short))
        owing = {r["stationId"] for r in run(tx, "broadcast/insufficient_by_station", stationIds=touched)}
        settled = [sid for sid in touched if sid not in owing]
        if settled:
            quality.resolve_missing(tx, ["station_insufficient_funds"], settled, [])
    write(work)


def charge_waiting(station_id: str, actor: str, batch_size: int = 2000) -> dict:
    """Charge a station's plays refused earlier for want of funds or tariff (after a top-up or
    a new tariff), in play order; returns the run's counts."""
    run_ = ChargeRun.start()
    after = ""
    while True:
        ids = [r["playId"] for r in read(lambda tx: run(tx, "broadcast/waiting_plays", stationId=station_id,
                                                        statuses=["insufficient_funds", "no_tariff"], after=after,
                                                        limit=batch_size))]
        if not ids:
            break
        charge_plays(run_, ids, actor)
        after = ids[-1]
    finish(run_)
    return run_.counts()
