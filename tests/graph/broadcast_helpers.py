"""Builders shared by the broadcast tests: a small Ghanaian catalog, stations, tariffs, generic
CSV play logs, and the ledger reads the assertions need. Nothing here mocks the database."""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from app.api.agreement_schemas import AgreementIn
from app.money import to_micro
from app.services import agreements, stations, tariffs
from app.services.catalog_import import import_catalog
from importers.playlogs.generic import FIELDS
from tests.graph.helpers import participant, participant_ids, recording, write_catalog

MOMO = {"type": "mobile_money", "label": "MTN MoMo 0241234567"}


def catalog(tmp_path: Path, driver) -> SimpleNamespace:
    """Ama (self-published artist-writer: 100 % of her master and of her song's performance
    right), Kofi (artist-writer signed to Asante Publishing from 2024-01-01: publishing
    administration of his song), the publisher, and a recording nobody owns; their ids
    (``ids_of``). Kofi's agreement is made by ``sign``."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("ama", "artist", "writer", name="Ama Mensah", payoutMethod=MOMO),
                      participant("kofi", "artist", "writer", name="Kofi Boateng", payoutMethod=MOMO),
                      participant("asante", "publisher", name="Asante Publishing",
                                  payoutMethod={"type": "bank_transfer", "label": "GCB 1234567890"})],
        works=[{"ref": "w-ama", "title": "Sunrise Accra"}, {"ref": "w-kofi", "title": "Harmattan"}],
        recordings=[recording("r-ama", "GHA0C2400001", title="Sunrise Accra", workRef="w-ama",
                              performers=[{"participantRef": "ama", "role": "primary"}]),
                    recording("r-kofi", "GHA0C2400002", title="Harmattan", workRef="w-kofi",
                              performers=[{"participantRef": "kofi", "role": "primary"}]),
                    recording("r-orphan", "GHA0C2400003", title="Nobody's Song")],
        ownership=[{"participantRef": "ama", "assetRef": "r-ama", "rightType": "master", "share": "100"},
                   {"participantRef": "ama", "assetRef": "w-ama", "rightType": "performance", "share": "100"},
                   {"participantRef": "kofi", "assetRef": "r-kofi", "rightType": "master", "share": "100"},
                   {"participantRef": "kofi", "assetRef": "w-kofi", "rightType": "performance", "share": "100"}]))
    return ids_of(driver)


def ids_of(driver) -> SimpleNamespace:
    """Participant and recording/work ids of ``catalog`` by short name."""
    pids = participant_ids(driver)
    records, _, _ = driver.execute_query(
        "MATCH (r:Recording) OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work) "
        "RETURN r.externalRef AS ref, r.recordingId AS rid, w.workId AS wid")
    assets = {r["ref"]: (r["rid"], r["wid"]) for r in records}
    return SimpleNamespace(ama=pids["ama"], kofi=pids["kofi"], asante=pids["asante"],
                           r_ama=assets["r-ama"][0], w_ama=assets["r-ama"][1], r_kofi=assets["r-kofi"][0],
                           w_kofi=assets["r-kofi"][1], r_orphan=assets["r-orphan"][0])


def sign(artist: str, publisher: str, work_id: str, since: str = "2024-01-01") -> str:
    """A publishing administration agreement: ``artist`` (writer) signed to ``publisher``
    (administrator, collects the performance right of ``work_id`` in GH); its id."""
    body = AgreementIn().load({
        "type": "publishing_administration", "title": "Admin deal", "validFrom": since, "territories": ["GH"],
        "parties": [{"participantId": artist, "role": "writer"}, {"participantId": publisher, "role": "administrator"}],
        "scope": {"works": [work_id]}, "terms": {"collectedRights": ["performance"], "adminFeePercent": "10"}})
    return agreements.record_agreement(body, "test")["agreementId"]


def station(name: str = "Joy FM", station_class: str = "national", policy: str = "reject", credit: str = "0",
            top_up: str | None = None, stream: str | None = None) -> dict:
    """A Ghanaian GHS station (Africa/Accra), topped up with ``top_up`` GHS when given."""
    created = stations.create_station({
        "name": name, "stationClass": station_class, "country": "GH", "timezone": "Africa/Accra",
        "streamIds": [stream] if stream else [], "licenceStatus": "active", "licenceNumber": "NCA-001",
        "licenceValidFrom": dt.date(2024, 1, 1), "licenceValidTo": None, "coverage": ["GH"], "currency": "GHS",
        "fundsPolicy": policy, "creditLimitMicro": to_micro(credit)}, "test")
    if top_up:
        stations.top_up(created["stationId"], to_micro(top_up), f"seed-{created['stationId']}", "test", "bank")
    return stations.get_station(created["stationId"])


def tariff(station_class: str, rate: str, usage: str = "featured", basis: str = "per_play", band: str = "all_day",
           time_from: str | None = None, time_to: str | None = None, valid_from: str = "2024-01-01") -> dict:
    """A GHS tariff version (default split: 50 % neighbouring, 50 % performance)."""
    return tariffs.create_tariff({
        "stationClass": station_class, "usageType": usage, "band": band, "timeFrom": time_from, "timeTo": time_to,
        "basis": basis, "rateMicro": to_micro(Decimal(rate)), "currency": "GHS",
        "rightSplit": dict(tariffs.DEFAULT_RIGHT_SPLIT), "validFrom": dt.date.fromisoformat(valid_from)}, "test")


def play_log(path: Path, rows: list[dict]) -> Path:
    """A generic CSV play log (docs/playlog-format.md) of ``rows`` (dicts of its fields)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def balance(driver, account_id: str) -> Decimal:
    """An account's balance in currency units (0 when it does not exist)."""
    records, _, _ = driver.execute_query("MATCH (a:Account {accountId: $id}) RETURN a.balance AS b", id=account_id)
    return Decimal(records[0]["b"] if records else 0) / 1_000_000


def kind_total(driver, kind: str, currency: str = "GHS") -> Decimal:
    """Σ balances of the accounts of one kind in a currency, in currency units."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Account {kind: $kind, currency: $cur}) RETURN coalesce(sum(a.balance), 0) AS b",
        kind=kind, cur=currency)
    return Decimal(records[0]["b"]) / 1_000_000


def participant_total(driver, participant_id: str, currency: str = "GHS") -> Decimal:
    """wallet + frozen + pending_payout of a participant (its balance, ledger.py), in units."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Account {participantId: $pid, currency: $cur}) "
        "WHERE a.kind IN ['wallet', 'frozen', 'pending_payout'] RETURN coalesce(sum(a.balance), 0) AS b",
        pid=participant_id, cur=currency)
    return Decimal(records[0]["b"]) / 1_000_000
