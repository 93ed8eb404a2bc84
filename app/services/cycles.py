"""Royalty cycles (issue 7 item 4; docs/international.md "Royalty cycles"): what the plays of a
territory and period owe each partner society we represent, its admin fee, and the ledger.

A cycle (``graph.reciprocal_schema.RoyaltyCycle``, CYC-000001) is created Open for a territory
and a period; **closing** it reads the charged plays of the stations in the territory whose
local date is in the period and whose allocation routed a part to a partner (``via:
'reciprocal'``, app.services.play_routing) and that no other closed cycle counted, groups them
into line items (app.services.cycle_lines), marks each play ``IN_CYCLE``, posts one journal entry
per partner — kind ``reciprocal_cycle_close``, key ``cycle:<cycleId>:<partnerCode>``: the
partner's pool account(s) −gross, ``ACC-PARTNER_PAYABLE-<CODE>-<CUR>`` +net,
``ACC-ADMIN_FEE_INCOME-<CUR>`` +fee — and locks it, audited. Statuses Open → Locked → Invoiced
(its first remittance) → Remitted (every partner's remittance settled; app.services.remittances).

The admin fee % of a line item: the cycle's override, else its agreement's, else the partner's
default (``reciprocal_agreements.effective_fee_percent``). The close itself is
app.services.cycle_close.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Iterable, Iterator

from marshmallow import ValidationError
from neo4j import ManagedTransaction

from app.money import format_amount
from app.services import audit, partners
from app.services.catalog import UnknownEntity
from app.services.cycle_lines import interval_label, period_bounds
from app.services.db import read, run, settings, write
from app.services.entities import InvalidInput, StateConflict, add_error
from app.services.ids import reserve_ids

STATION_BATCH = 20  # stations per read of a close or of cycle_plays
NEXT = {"Locked": "Invoiced", "Invoiced": "Remitted"}


class CycleConflict(StateConflict):
    """The cycle's state does not allow this (API → 409): an Open cycle already covers the
    territory and period, a status change out of order, a concurrent close."""


def _percent(value, errors: dict, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        percent = Decimal(str(value))
        partners.percent(percent)
        return percent
    except InvalidOperation:
        add_error(errors, (field,), "not a decimal number")
    except ValidationError as exc:
        add_error(errors, (field,), exc.messages[0])
    return None


def _bounds(record: dict, errors: dict) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, label) of a cycle record's period, or None with its problems in ``errors``:
    a label, or periodStart + periodEnd, or both when they agree."""
    period, start, end = record.get("period"), record.get("periodStart"), record.get("periodEnd")
    if period:
        try:
            bounds = period_bounds(period)
        except ValueError as exc:
            add_error(errors, ("period",), str(exc))
            return None
        if (start or end) and (start, end) != bounds:
            add_error(errors, ("periodStart",), f"periodStart and periodEnd must be those of {period}: "
                                                f"{bounds[0]} and {bounds[1]}")
            return None
        return *bounds, period
    if start and end:
        if end > start:
            return start, end, interval_label(start, end)
        add_error(errors, ("periodEnd",), f"periodEnd {end} must be after periodStart {start} (exclusive end)")
        return None
    add_error(errors, ("periodEnd" if start else "periodStart" if end else "period",),
              "required: a period label (2025-Q1) or periodStart and periodEnd")
    return None


def create_cycle(record: dict, actor: str) -> dict:
    """Open a royalty cycle. ``record``: ``{territory (code), period ('2025-Q1' | '2025-H1' |
    '2025' | '2025-03') | periodStart + periodEnd (dates, end exclusive), adminFeePercent?
    (0–100, ≤ 4 decimals: overrides the agreements), currency? (default: the currency of the
    territory's stations, else settings().wallet_currency)}``. Raises InvalidInput naming every
    bad field, CycleConflict when an Open cycle of the territory overlaps the period. Audited;
    returns the cycle as ``get_cycle``."""
    errors: dict = {}
    bounds = _bounds(record, errors)
    fee = _percent(record.get("adminFeePercent"), errors, "adminFeePercent")
    currency = record.get("currency")
    if currency is not None and not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        add_error(errors, ("currency",), "an ISO 4217 code such as GHS")
    territory = record.get("territory") or ""

    def work(tx):
        if not run(tx, "broadcast/known_territories", codes=[territory]):
            add_error(errors, ("territory",), f"unknown territory {territory!r}")
        chosen = currency
        if chosen is None and not errors:
            found = sorted({s["currency"] for s in run(tx, "reciprocal/cycles_stations", territory=territory)})
            if len(found) > 1:
                add_error(errors, ("currency",), f"the stations of {territory} use {', '.join(found)}: name one")
            chosen = found[0] if found else settings().wallet_currency
        if errors:
            raise InvalidInput(errors)
        start, end, label = bounds
        open_ = run(tx, "reciprocal/cycles_open_overlapping", territory=territory, periodStart=start, periodEnd=end)
        if open_:
            raise CycleConflict(f"Open cycle {open_[0]['cycleId']} ({open_[0]['period']}) of {territory} "
                                f"overlaps {label}: close it first")
        cycle_id = reserve_ids(tx, "cycle", 1)[0]
        stored = {"cycleId": cycle_id, "territory": territory, "period": label, "periodStart": start,
                  "periodEnd": end, "adminFeePercent": partners.decimal_string(fee), "currency": chosen,
                  "createdBy": actor}
        run(tx, "reciprocal/cycles_create", cycle=stored)
        audit.record(tx, actor, "cycle.create", cycle_id, after=stored)
        return cycle_in(tx, cycle_id)
    return write(work)


def _out(row: dict) -> dict:
    """A cycle node → the API shape (money as Decimal)."""
    c = row["cycle"]
    totals = json.loads(c.get("totals") or "null")
    out_totals = None
    if totals is not None:
        out_totals = {"usageCount": totals["usageCount"], "gross": format_amount(totals["grossMicro"]),
                      "fee": format_amount(totals["feeMicro"]), "net": format_amount(totals["netMicro"]),
                      "partners": [{"partnerCode": code, "usageCount": t["usageCount"], "lineItems": t["lineItems"],
                                    "gross": format_amount(t["grossMicro"]), "fee": format_amount(t["feeMicro"]),
                                    "net": format_amount(t["netMicro"]), "entryId": t["entryId"]}
                                   for code, t in sorted(totals["partners"].items())]}
    fee = c.get("adminFeePercent")
    return {"cycleId": c["cycleId"], "territory": c["territory"], "period": c["period"],
            "periodStart": c["periodStart"], "periodEnd": c["periodEnd"],
            "adminFeePercent": None if fee is None else Decimal(fee), "currency": c["currency"],
            "status": c["status"], "lineItems": row["lineItems"], "totals": out_totals,
            "createdAt": c.get("createdAt"), "createdBy": c.get("createdBy"),
            "closedAt": c.get("closedAt"), "closedBy": c.get("closedBy")}


def cycle_in(tx: ManagedTransaction, cycle_id: str) -> dict:
    """A cycle inside ``tx``: ``{cycleId, territory, period, periodStart, periodEnd,
    adminFeePercent (Decimal|None), currency, status, lineItems (count), totals ({usageCount,
    gross, fee, net, partners: [{partnerCode, usageCount, lineItems, gross, fee, net, entryId}]}
    | None while Open), createdAt, createdBy, closedAt, closedBy}``. Raises UnknownEntity."""
    rows = run(tx, "reciprocal/cycles_get", cycleIds=[cycle_id])
    if not rows:
        raise UnknownEntity("cycle", cycle_id)
    return _out(rows[0])


def get_cycle(cycle_id: str) -> dict:
    """``cycle_in`` in its own read transaction. Raises UnknownEntity."""
    return read(cycle_in, cycle_id)


def list_cycles(skip: int, limit: int, status: str | None = None,
                territory: str | None = None) -> tuple[list[dict], int]:
    """A page of cycles (latest period first; filters optional), each as ``get_cycle``, and the total."""
    def work(tx):
        page = run(tx, "reciprocal/cycles_list", status=status, territory=territory, skip=skip, limit=limit)[0]
        by_id = {r["cycle"]["cycleId"]: _out(r) for r in run(tx, "reciprocal/cycles_get", cycleIds=page["cycleIds"])}
        return [by_id[i] for i in page["cycleIds"]], page["total"]
    return read(work)


def _item_out(li: dict) -> dict:
    return {"lineItemId": li["lineItemId"], "cycleId": li["cycleId"], "partnerCode": li["partnerCode"],
            "agreementId": li.get("agreementId"), "workId": li.get("workId"), "recordingId": li.get("recordingId"),
            "iswc": li.get("iswc"), "isrc": li.get("isrc"), "title": li.get("title"), "usageCount": li["usageCount"],
            "durationSeconds": li.get("durationSeconds"), "gross": format_amount(li["grossMicro"]),
            "fee": format_amount(li["feeMicro"]), "net": format_amount(li["netMicro"]),
            "adminFeePercent": Decimal(li["adminFeePercent"]), "currency": li["currency"], "notes": li.get("notes")}


def line_items(cycle_id: str, skip: int, limit: int, partner: str | None = None,
               work_id: str | None = None) -> tuple[list[dict], int]:
    """A page of a cycle's line items (by partner, work, recording) and the total; ``partner``
    a participantId or society code. Each ``{lineItemId, cycleId, partnerCode, agreementId,
    workId, recordingId, iswc, isrc, title, usageCount, durationSeconds, gross, fee, net
    (Decimal), adminFeePercent (Decimal), currency, notes}``. Raises UnknownEntity (cycle),
    InvalidInput ``{partner}`` for an unknown partner."""
    def work(tx):
        cycle_in(tx, cycle_id)
        code = None
        if partner is not None:
            try:
                code = partners.partner_in(tx, partner)["code"]
            except UnknownEntity as exc:
                raise InvalidInput({"partner": [str(exc)]}) from exc
        page = run(tx, "reciprocal/cycles_line_items", cycleId=cycle_id, partnerCode=code, workId=work_id,
                   skip=skip, limit=limit)[0]
        return [_item_out(li) for li in page["items"]], page["total"]
    return read(work)


def set_status(tx: ManagedTransaction, cycle_id: str, status: str, actor: str) -> dict:
    """Move a cycle Locked → Invoiced → Remitted inside ``tx`` (remittances call it), audited;
    the status it already has is a no-op. Raises UnknownEntity, CycleConflict for any other
    change. Returns the cycle as ``cycle_in``."""
    cycle = cycle_in(tx, cycle_id)
    if cycle["status"] == status:
        return cycle
    if NEXT.get(cycle["status"]) != status:
        raise CycleConflict(f"cycle {cycle_id} is {cycle['status']}: it cannot become {status}")
    run(tx, "reciprocal/cycles_set_status", cycleId=cycle_id, status=status)
    audit.record(tx, actor, "cycle.status", cycle_id, before={"status": cycle["status"]}, after={"status": status})
    return cycle_in(tx, cycle_id)


def territory_stations(territory: str) -> list[dict]:
    """The stations whose country is (PART_OF*) ``territory``: ``[{stationId, name, currency}]``."""
    return read(lambda tx: run(tx, "reciprocal/cycles_stations", territory=territory))


def batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` (any iterable, consumed lazily) in consecutive lists of up to ``size``."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def cycle_plays(cycle_id: str, partner_code: str) -> Iterator[dict]:
    """The plays a cycle counted for a partner (society code), streamed station by station in
    play order (a few stations per read transaction): ``{playId, stationId, stationName,
    playedAt, isrc, iswc, title, artist, durationSeconds, confidence, grossMicro, feeMicro,
    netMicro, lineItemId, workId, recordingId}`` — one row per play and line item. Raises
    UnknownEntity for an unknown cycle (when the iterator starts)."""
    cycle = get_cycle(cycle_id)
    ids = [s["stationId"] for s in territory_stations(cycle["territory"])]
    for batch in batches(ids, STATION_BATCH):
        yield from read(lambda tx: run(tx, "reciprocal/cycles_plays", cycleId=cycle_id, partnerCode=partner_code,
                                       stationIds=batch))


def close_cycle(cycle_id: str, actor: str) -> dict:
    """Close an Open cycle (see the module docstring) and return it Locked, as ``get_cycle``; a
    cycle that is not Open is returned unchanged (closing twice changes nothing). A cycle with
    no reciprocal plays closes with zero line items. Raises UnknownEntity, CycleConflict when a
    concurrent close of the same cycle, or of another cycle counting the same plays, won."""
    from app.services.cycle_close import close  # imported here: cycle_close builds on this module
    return close(cycle_id, actor)
