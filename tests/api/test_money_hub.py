"""The Money Hub and wallets over HTTP after a real ingestion: the seed payload's exact key
structure, amounts as JSON numbers, the empty case."""
from __future__ import annotations

import datetime as dt

import pytest

from app.services.users import create_user
from tests.fixtures_paths import MONEY_HUB_SEED
from tests.api.helpers import PASSWORD, bearer, body, key_shape, leaves, token

SEED = MONEY_HUB_SEED
AMOUNT_KEYS = {"balance", "totalIncome", "totalPayouts", "amount", "netPaid", "inRecoupment",
               "lastPeriodIncome", "lifetimeIncome"}
TRACK_STATUSES = {"ok", "missing_publishing", "disputed"}


WALLET_EXTRAS = {"available", "frozen", "pending"}  # beyond the seed: frozen amounts appear in the hub


def seed_keys(hub: dict) -> dict:
    """The hub without the wallet's extra figures (checked here to be there, as numbers): the
    part that must have the seed payload's exact shape."""
    wallet = dict(hub["wallet"])
    assert WALLET_EXTRAS <= set(wallet), wallet
    assert all(type(wallet.pop(k)) in (int, float) for k in WALLET_EXTRAS)
    return {**hub, "wallet": wallet}


def get(client, headers, url: str) -> dict:
    resp = client.get(url, headers=headers)
    assert resp.status_code == 200, body(resp)
    return body(resp)


def assert_amounts_are_numbers(payload: dict) -> None:
    for path, value in leaves(payload):
        if path.rsplit(".", 1)[-1] in AMOUNT_KEYS:
            assert type(value) in (int, float), (path, value)


@pytest.fixture
def hub_of(client, auth):
    return lambda pid: get(client, auth("viewer"), f"/api/money/hub/{pid}")


def test_key_structure_equals_the_seed_payload(hub_of, ingested):
    hub = hub_of(ingested.artist1)
    assert key_shape(seed_keys(hub)) == key_shape(SEED)
    # lists are checked item by item too
    for name in ("incomeBySource", "topTracks"):
        assert hub[name] and all(set(item) == set(SEED[name][0]) for item in hub[name])
    assert all(set(p) == set(SEED["timeline"]["points"][0]) for p in hub["timeline"]["points"])
    assert {t["status"] for t in hub["topTracks"]} <= TRACK_STATUSES
    assert dt.date.fromisoformat(hub["wallet"]["nextPayoutDate"]).isoformat() == hub["wallet"]["nextPayoutDate"]


def test_amounts_are_json_numbers_and_values_are_right(hub_of, ingested):
    hub = hub_of(ingested.artist1)
    assert_amounts_are_numbers(hub)
    assert hub["participantId"] == ingested.artist1
    assert hub["currency"] == "USD"
    assert hub["wallet"]["balance"] == 0.0079  # 0.00789993 USD, micro-rounded
    assert hub["wallet"]["defaultPayoutMethod"] == {"type": "bank_transfer", "label": "Chase ••••1234"}
    next_payout = dt.date.fromisoformat(hub["wallet"]["nextPayoutDate"])
    assert next_payout > dt.date.today() and next_payout.day == 15
    assert hub["incomeBySource"] == [{"source": "napster", "label": "Napster", "amount": 0.0079}]
    assert hub["timeline"] == {"granularity": "month", "points": [
        {"period": "2021-04", "totalIncome": 0.0079, "netPaid": 0, "inRecoupment": 0}]}
    assert hub["summary"] == {"period": "last_30_days", "totalIncome": 0.0079, "totalPayouts": 0}
    [track] = hub["topTracks"]
    assert track == {"recordingId": ingested.song1, "title": "Song 1", "primaryArtist": "Artist 1",
                     "lastPeriodIncome": 0.0079, "lifetimeIncome": 0.0079, "status": "ok"}
    # Song 1 has publishing (status ok) but is registered with no society (SoundExchange)
    assert hub["flags"] == {"hasActiveDisputes": False, "hasMissingRegistrations": True,
                            "hasAdvanceOffers": False}


def test_a_track_without_publishing_is_flagged(hub_of, ingested):
    hub = hub_of(ingested.artist2)
    assert_amounts_are_numbers(hub)
    assert {t["status"] for t in hub["topTracks"]} <= TRACK_STATUSES
    [track] = hub["topTracks"]
    assert (track["recordingId"], track["status"], track["lifetimeIncome"]) == (
        ingested.song10, "missing_publishing", 0.000188)
    assert hub["flags"]["hasMissingRegistrations"] is True
    assert hub["wallet"]["defaultPayoutMethod"] is None


def test_the_label_sees_its_share_of_a_track_it_does_not_perform(hub_of, ingested):
    hub = hub_of(ingested.label)
    assert hub["wallet"]["balance"] == 0.000126
    assert [t["recordingId"] for t in hub["topTracks"]] == [ingested.song10]
    assert hub["topTracks"][0]["primaryArtist"] == "Artist 2"


@pytest.mark.parametrize("who", ["artist1", "artist2", "label", "writer"])
def test_wallet_balance_equals_the_hub_balance(client, auth, hub_of, ingested, who):
    pid = getattr(ingested, who)
    wallet = get(client, auth("viewer"), f"/api/wallets/{pid}")
    hub = hub_of(pid)
    assert wallet["balance"] == hub["wallet"]["balance"]
    assert wallet["walletId"] == hub["wallet"]["walletId"]
    assert wallet["currency"] == hub["currency"] == "USD"
    assert wallet["available"] == wallet["balance"]
    assert (wallet["frozen"], wallet["pending"]) == (0, 0)
    assert_amounts_are_numbers(wallet)
    assert all(type(wallet[k]) in (int, float) for k in ("balance", "available", "frozen", "pending"))


def test_participant_token_reads_its_own_hub(client, ingested):
    create_user("artist-1", PASSWORD, "participant", ingested.artist1)
    headers = bearer(token(client, "artist-1"))
    hub = get(client, headers, f"/api/money/hub/{ingested.artist1}")
    assert hub["wallet"]["balance"] == 0.0079


def test_a_participant_with_no_income_has_empty_lists_and_zero_balance(hub_of, ingested):
    hub = hub_of(ingested.writer)  # owns publishing, but the statement only paid masters
    assert hub["incomeBySource"] == []
    assert hub["topTracks"] == []
    assert hub["timeline"] == {"granularity": "month", "points": []}
    assert hub["wallet"]["balance"] == 0
    assert hub["summary"]["totalIncome"] == 0
    assert_amounts_are_numbers(hub)
    assert set(hub) == set(SEED)


def test_a_brand_new_participant_hub(client, auth, hub_of, make_participant):
    pid = make_participant("Nobody Yet")["participantId"]
    hub = hub_of(pid)
    assert (hub["incomeBySource"], hub["topTracks"], hub["timeline"]["points"]) == ([], [], [])
    assert hub["wallet"]["balance"] == 0 and type(hub["wallet"]["balance"]) is int
    assert hub["flags"] == {"hasActiveDisputes": False, "hasMissingRegistrations": False,
                            "hasAdvanceOffers": False}
    assert get(client, auth("viewer"), f"/api/wallets/{pid}")["balance"] == 0
