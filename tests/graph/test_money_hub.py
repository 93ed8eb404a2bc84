"""The Money Hub payload after a real ingestion: exact shape of the issue's seed payload,
Decimal amounts, and values read back from the ledger and the income rollups."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services import money_hub, registrations, wallets
from tests.fixtures_paths import MONEY_HUB_SEED
from tests.graph.helpers import load, participant, participant_ids, recording

SEED_PAYLOAD = MONEY_HUB_SEED

BLOCK_TALK, KUMASI_RAIN = "GHA0C2500001", "GHA0C2500002"


def assert_same_shape(expected, actual, where="payload"):
    """Dict keys equal and list items' keys equal, recursively; JSON numbers must be Decimal
    (never float or str), booleans bool, strings str."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert set(actual) == set(expected), where
        for key in expected:
            assert_same_shape(expected[key], actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and actual, where
        for i, item in enumerate(actual):
            assert_same_shape(expected[0], item, f"{where}[{i}]")
    elif isinstance(expected, bool):
        assert isinstance(actual, bool), where
    elif isinstance(expected, (int, float)):
        assert type(actual) is Decimal, f"{where}: {actual!r}"
    else:
        assert isinstance(actual, str), f"{where}: {actual!r}"


@pytest.fixture
def hub_data(graph, tmp_path) -> dict[str, str]:
    """Big Homie Cash owns the masters of Block Talk (a work with a performance owner) and
    Kumasi Rain (no work); a statement pays both over two months and two stores."""
    load(
        tmp_path,
        [{"ISRC": BLOCK_TALK, "Sale Month": "2025-06", "Store": "Spotify", "Earnings (USD)": "100.10"},
         {"ISRC": BLOCK_TALK, "Sale Month": "2025-07", "Store": "Spotify", "Country of Sale": "GB",
          "Earnings (USD)": "200.20"},
         {"ISRC": BLOCK_TALK, "Sale Month": "2025-07", "Store": "Apple Music", "Earnings (USD)": "50.05"},
         {"ISRC": KUMASI_RAIN, "Sale Month": "2025-07", "Store": "Spotify", "Earnings (USD)": "10.01"},
         {"ISRC": KUMASI_RAIN, "Sale Month": "2025-06", "Store": "Apple Music", "Earnings (USD)": "5.5"},
         {"ISRC": "GHA0C2599999", "Sale Month": "2025-07", "Earnings (USD)": "1"}],  # unmatched: suspense
        participants=[participant("bhc", name="Big Homie Cash",
                                  payoutMethod={"type": "bank_transfer", "label": "Chase 000000001234"}),
                      participant("pub", "publisher", name="Gold Coast Songs")],
        works=[{"ref": "w-block", "title": "Block Talk"}],
        recordings=[recording("r-block", BLOCK_TALK, title="Block Talk", workRef="w-block",
                              performers=[{"participantRef": "bhc", "role": "primary"}]),
                    recording("r-kumasi", KUMASI_RAIN, title="Kumasi Rain",
                              performers=[{"participantRef": "bhc", "role": "primary"}])],
        ownership=[{"participantRef": "bhc", "assetRef": "r-block", "rightType": "master", "share": "100"},
                   {"participantRef": "bhc", "assetRef": "r-kumasi", "rightType": "master", "share": "100"},
                   {"participantRef": "pub", "assetRef": "w-block", "rightType": "performance", "share": "100"}])
    records, _, _ = graph.execute_query(
        "MATCH (r:Recording) RETURN r.isrc AS isrc, r.recordingId AS rid")
    return {**participant_ids(graph), **{r["isrc"]: r["rid"] for r in records}}


def test_hub_payload_has_the_seed_shape_and_exact_values(graph, hub_data):
    today = dt.datetime.now(dt.timezone.utc).date()  # the entries were posted just now
    pid = hub_data["bhc"]
    wallet_id = graph.execute_query("MATCH (a:Account {participantId: $pid, kind: 'wallet'}) RETURN a.accountId AS id",
                                    pid=pid).records[0]["id"]

    hub = money_hub.hub(pid, today=today)

    assert {k: hub["wallet"].pop(k) for k in ("available", "frozen", "pending")} == {
        "available": Decimal("365.86"), "frozen": Decimal("0"), "pending": Decimal("0")}
    assert_same_shape(SEED_PAYLOAD, hub)
    next_payout = dt.date.fromisoformat(hub["wallet"].pop("nextPayoutDate"))
    assert next_payout.day == 15 and today < next_payout <= today + dt.timedelta(days=31)
    assert hub == {
        "participantId": pid, "currency": "USD",
        "wallet": {"walletId": wallet_id, "balance": Decimal("365.86"),
                   "defaultPayoutMethod": {"type": "bank_transfer", "label": "Chase ••••1234"}},
        "summary": {"period": "last_30_days", "totalIncome": Decimal("365.86"), "totalPayouts": Decimal("0")},
        "incomeBySource": [{"source": "spotify", "label": "Spotify", "amount": Decimal("310.31")},
                           {"source": "apple_music", "label": "Apple Music", "amount": Decimal("55.55")}],
        "timeline": {"granularity": "month", "points": [
            {"period": "2025-06", "totalIncome": Decimal("105.6"), "netPaid": Decimal("0"), "inRecoupment": Decimal("0")},
            {"period": "2025-07", "totalIncome": Decimal("260.26"), "netPaid": Decimal("0"), "inRecoupment": Decimal("0")}]},
        "topTracks": [
            {"recordingId": hub_data[BLOCK_TALK], "title": "Block Talk", "primaryArtist": "Big Homie Cash",
             "lastPeriodIncome": Decimal("250.25"), "lifetimeIncome": Decimal("350.35"), "status": "ok"},
            {"recordingId": hub_data[KUMASI_RAIN], "title": "Kumasi Rain", "primaryArtist": "Big Homie Cash",
             "lastPeriodIncome": Decimal("10.01"), "lifetimeIncome": Decimal("15.51"), "status": "missing_publishing"}],
        "flags": {"hasActiveDisputes": False, "hasMissingRegistrations": True, "hasAdvanceOffers": False},
    }
    usd = {"walletId": wallet_id, "currency": "USD", "balance": Decimal("365.86"),
           "available": Decimal("365.86"), "frozen": Decimal("0"), "pending": Decimal("0")}
    assert wallets.wallet(pid) == {"participantId": pid, **usd, "currencies": [usd]}


@pytest.mark.parametrize("today, expected", [
    (dt.date(2025, 12, 1), "2025-12-15"), (dt.date(2025, 12, 15), "2026-01-15"), (dt.date(2025, 12, 31), "2026-01-15"),
])
def test_next_payout_date_is_the_next_15th_strictly_after_today(hub_data, today, expected):
    assert money_hub.hub(hub_data["bhc"], today=today)["wallet"]["nextPayoutDate"] == expected


def test_participant_whose_recordings_have_publishing_and_are_registered(graph, hub_data):
    # Give Kumasi Rain a work with a mechanical owner: every track of the artist is then 'ok'.
    graph.execute_query(
        "MATCH (r:Recording {isrc: $isrc}), (p:Participant {externalRef: 'pub'}) "
        "CREATE (w:Work {workId: 'WRK-999999', title: 'Kumasi Rain'}), (r)-[:RECORDING_OF]->(w), "
        "(p)-[:OWNS {rightType: 'mechanical', share: 1000000, territories: ['WORLD'], excluded: [], "
        "validFrom: date('2020-01-01'), status: 'active'}]->(w)", isrc=KUMASI_RAIN)

    today = dt.datetime.now(dt.timezone.utc).date()
    hub = money_hub.hub(hub_data["bhc"], today=today)
    assert [t["status"] for t in hub["topTracks"]] == ["ok", "ok"]
    assert hub["flags"]["hasMissingRegistrations"] is True  # neither master is registered with SoundExchange

    for isrc in (BLOCK_TALK, KUMASI_RAIN):  # submitted: pending is not missing
        registrations.register_recording(hub_data[isrc], "pending", None, "test")
    assert money_hub.hub(hub_data["bhc"], today=today)["flags"]["hasMissingRegistrations"] is False


def test_summary_counts_only_income_of_the_30_days_up_to_today(hub_data):
    a_year_ago = dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=365)

    hub = money_hub.hub(hub_data["bhc"], today=a_year_ago)

    assert hub["summary"]["totalIncome"] == Decimal("0")
