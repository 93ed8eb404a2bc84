"""Stations: the licensed broadcasters, their pre-funded accounts and top-ups (issue 6 items 1, 8).

A station (``graph.broadcast_schema.Station``) is created with its ledger account
``ACC-STATION-<stationId>-<CUR>`` (platform kind ``station``). A top-up is money arriving from
outside: one journal entry ``station_topup`` debiting ``ACC-DEPOSITS-<CUR>`` and crediting the
station, keyed by the payment's reference (``topup:<stationId>:<reference>``), so the same
payment recorded twice is refused. Every change is audited.
"""
from __future__ import annotations

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from app.money import format_amount
from app.services import audit, ledger
from app.services.catalog import DuplicateIdentifier, UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, add_error, changes
from app.services.ids import reserve_ids

_STORED = ("name", "stationClass", "country", "timezone", "streamIds", "licenceStatus", "licenceNumber",
           "licenceValidFrom", "licenceValidTo", "coverage", "fundsPolicy", "creditLimitMicro")


class DuplicateTopUp(ValueError):
    """A top-up with this reference was already recorded for the station (API → 409)."""


def station_account(station_id: str, currency: str) -> str:
    """The ledger account of a station: ``ACC-STATION-STN-000001-GHS``."""
    return ledger.platform_account("station", currency, station_id)


def _check(tx: ManagedTransaction, record: dict, station_id: str | None) -> None:
    """Raise InvalidInput naming every unknown territory and a licence that ends before it
    starts, DuplicateIdentifier for a stream id another station holds."""
    errors: dict = {}
    codes = sorted({record["country"], *record["coverage"]})
    kinds = {r["code"]: r["kind"] for r in run(tx, "broadcast/known_territories", codes=codes)}
    if kinds.get(record["country"]) != "country":
        add_error(errors, ("country",), f"{record['country']} is not a known ISO 3166-1 country code")
    for i, code in enumerate(record["coverage"]):
        if code not in kinds:
            add_error(errors, ("licence", "coverage", i), f"unknown territory {code}")
    start, end = record.get("licenceValidFrom"), record.get("licenceValidTo")
    if start and end and end <= start:
        add_error(errors, ("licence", "validTo"), f"validTo {end} must be after validFrom {start}")
    if errors:
        raise InvalidInput(errors)
    for row in run(tx, "broadcast/station_directory"):
        taken = set(row["streamIds"]) & set(record["streamIds"])
        if taken and row["stationId"] != station_id:
            raise DuplicateIdentifier("stream id", sorted(taken)[0], row["stationId"])


def create_station(record: dict, actor: str) -> dict:
    """Create a station and open its account. ``record``: ``{name, stationClass, country,
    timezone, streamIds, licenceStatus, licenceNumber, licenceValidFrom, licenceValidTo,
    coverage, currency, fundsPolicy, creditLimitMicro}`` (already shape-checked). Raises
    InvalidInput (unknown territories, licence dates) or DuplicateIdentifier (a stream id in
    use). Returns the station as ``get_station``."""
    def work(tx):
        _check(tx, record, None)
        station_id = reserve_ids(tx, "station", 1)[0]
        account_id = ledger.ensure_platform_accounts(tx, record["currency"], [("station", station_id)])[0]
        stored = {k: record.get(k) for k in _STORED} | {"stationId": station_id, "currency": record["currency"],
                                                        "accountId": account_id}
        run(tx, "broadcast/create_station", station=stored)
        audit.record(tx, actor, "station.create", station_id, after=stored)
        return _get(tx, station_id)
    return write(work)


def _get(tx: ManagedTransaction, station_id: str) -> dict:
    rows = run(tx, "broadcast/get_stations", stationIds=[station_id])
    if not rows:
        raise UnknownEntity("station", station_id)
    return _out(rows[0]["station"])


def _out(node: dict) -> dict:
    """A station node as the API shows it (money as Decimal)."""
    return {"stationId": node["stationId"], "name": node["name"], "stationClass": node["stationClass"],
            "country": node["country"], "timezone": node["timezone"], "streamIds": node.get("streamIds") or [],
            "licence": {"status": node["licenceStatus"], "number": node.get("licenceNumber"),
                        "validFrom": node.get("licenceValidFrom"), "validTo": node.get("licenceValidTo"),
                        "coverage": node.get("coverage") or []},
            "currency": node["currency"], "accountId": node["accountId"], "balance": format_amount(node["balance"]),
            "fundsPolicy": {"policy": node["fundsPolicy"], "creditLimit": format_amount(node["creditLimitMicro"] or 0)},
            "createdAt": node.get("createdAt"), "updatedAt": node.get("updatedAt")}


def get_station(station_id: str) -> dict:
    """One station with its balance; raises UnknownEntity."""
    return read(_get, station_id)


def list_stations(skip: int, limit: int, station_class: str | None = None, country: str | None = None,
                  licence_status: str | None = None) -> tuple[list[dict], int]:
    """A page of stations in id order (filters optional) and the total."""
    def work(tx):
        page = run(tx, "broadcast/list_stations", skip=skip, limit=limit, stationClass=station_class,
                   country=country, licenceStatus=licence_status)[0]
        rows = run(tx, "broadcast/get_stations", stationIds=page["stationIds"])
        return [_out(r["station"]) for r in rows], page["total"]
    return read(work)


def update_station(station_id: str, patch: dict, actor: str) -> dict:
    """Change some fields (``patch`` in the stored shape: any of ``create_station``'s keys but
    currency, which the account fixes). Audited before → after; raises UnknownEntity,
    InvalidInput, DuplicateIdentifier."""
    def work(tx):
        current = run(tx, "broadcast/get_stations", stationIds=[station_id])
        if not current:
            raise UnknownEntity("station", station_id)
        node = current[0]["station"]
        merged = {k: node.get(k) for k in _STORED} | patch
        merged["streamIds"], merged["coverage"] = merged["streamIds"] or [], merged["coverage"] or []
        _check(tx, merged, station_id)
        before, after = changes({k: node.get(k) for k in _STORED}, {k: merged[k] for k in _STORED})
        if after:
            run(tx, "broadcast/update_station", stationId=station_id, changes=after)
            audit.record(tx, actor, "station.update", station_id, before=before, after=after)
        return _get(tx, station_id)
    return write(work)


def top_up(station_id: str, amount_micro: int, reference: str, actor: str, method: str | None = None) -> dict:
    """Credit ``amount_micro`` (> 0) of the station's currency to its account from outside
    (``deposits``), audited. Raises UnknownEntity, ValueError for a non-positive amount,
    DuplicateTopUp when ``reference`` was recorded for this station before. Returns
    ``{station, entryId}``."""
    if amount_micro <= 0:
        raise ValueError("a top-up amount must be positive")

    def work(tx):
        station = _get(tx, station_id)
        deposits = ledger.ensure_platform_accounts(tx, station["currency"], [("deposits", None)])[0]
        entry_id = ledger.post(tx, f"topup:{station_id}:{reference}", "station_topup",
                               [{"accountId": deposits, "amount": -amount_micro},
                                {"accountId": station["accountId"], "amount": amount_micro}],
                               f"top-up of {station_id} ({method or 'unspecified'}) ref {reference}",
                               source_id=station_id)
        audit.record(tx, actor, "station.topup", station_id, before={"balance": station["balance"]},
                     after={"amountMicro": amount_micro, "reference": reference, "method": method, "entryId": entry_id})
        return {"station": _get(tx, station_id), "entryId": entry_id}
    try:
        return write(work)
    except ConstraintError as exc:
        raise DuplicateTopUp(f"top-up {reference!r} of {station_id} was already recorded") from exc


def directory() -> list[dict]:
    """Every station's ``{stationId, name, streamIds, stationClass, country, timezone,
    currency}`` (play-log intake resolves the station a row names from it)."""
    return read(lambda tx: run(tx, "broadcast/station_directory"))
