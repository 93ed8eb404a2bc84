"""Ownership in time and territory, resolved by ``rights/owners_at`` on the real graph, and the
exact split of statement money into wallets and suspense (micro-units)."""
from __future__ import annotations

from tests.graph.helpers import (
    allocations,
    assert_ledger_consistent,
    balances,
    event_statuses,
    load,
    participant,
    participant_ids,
    recording,
    wallet_balances,
)

SUSPENSE = "ACC-SUSPENSE-USD"
SOURCE = "ACC-SOURCE-DISTROKID-USD"
ISRC_1, ISRC_2, ISRC_3, ISRC_4 = "GHA0C2400001", "GHA0C2400002", "GHA0C2400003", "GHA0C2400004"


def master(owner: str, asset: str, share: str, **scope) -> dict:
    return {"participantRef": owner, "assetRef": asset, "rightType": "master", "share": share, **scope}


def test_catalogue_sold_mid_year_pays_old_owner_before_and_new_owner_after(graph, tmp_path):
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Sale Month": "2024-06", "Earnings (USD)": "1.25"},
         {"ISRC": ISRC_1, "Sale Month": "2024-07", "Earnings (USD)": "2.5"},
         {"ISRC": ISRC_1, "Sale Month": "2019-12", "Earnings (USD)": "0.125"}],  # before any deal
        participants=[participant("label-a", "label"), participant("label-b", "label")],
        recordings=[recording("r1", ISRC_1)],
        ownership=[master("label-a", "r1", "100", validFrom="2020-01-01", validTo="2024-07-01"),
                   master("label-b", "r1", "100", validFrom="2024-07-01")])
    ids = participant_ids(graph)
    a, b = ids["label-a"], ids["label-b"]

    assert statement["status"] == "processed"
    assert allocations(graph, statement["statementId"]) == {2: {a: 1_250_000}, 3: {b: 2_500_000}, 4: {SUSPENSE: 125_000}}
    assert event_statuses(graph, statement["statementId"]) == {2: "allocated", 3: "allocated", 4: "no_owner"}
    assert wallet_balances(graph) == {a: 1_250_000, b: 2_500_000}
    all_balances = balances(graph)
    assert (all_balances[SUSPENSE], all_balances[SOURCE]) == (125_000, -3_875_000)
    assert_ledger_consistent(graph)


def test_split_excluding_a_country_pays_that_countrys_lines_to_the_local_owner(graph, tmp_path):
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Country of Sale": "GH", "Earnings (USD)": "1"},
         {"ISRC": ISRC_1, "Country of Sale": "US", "Earnings (USD)": "3"}],
        participants=[participant("artist"), participant("label", "label"), participant("local", "label")],
        recordings=[recording("r1", ISRC_1)],
        ownership=[master("artist", "r1", "50", territories=["WORLD"], excluded=["GH"]),
                   master("label", "r1", "50", territories=["WORLD"]),
                   master("local", "r1", "50", territories=["GH"])])
    ids = participant_ids(graph)
    artist, label, local = ids["artist"], ids["label"], ids["local"]

    assert allocations(graph, statement["statementId"]) == {
        2: {label: 500_000, local: 500_000},      # GH: the artist's slice excludes it
        3: {artist: 1_500_000, label: 1_500_000},  # US: the GH-only slice does not apply
    }
    assert event_statuses(graph, statement["statementId"]) == {2: "allocated", 3: "allocated"}
    assert wallet_balances(graph) == {artist: 1_500_000, label: 2_000_000, local: 500_000}
    assert balances(graph).get(SUSPENSE, 0) == 0
    assert_ledger_consistent(graph)


def test_shares_under_100_percent_put_the_remainder_in_suspense(graph, tmp_path):
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Earnings (USD)": "1"}, {"ISRC": ISRC_1, "Earnings (USD)": "0.000001"}],
        participants=[participant("artist"), participant("producer", "producer")],
        recordings=[recording("r1", ISRC_1)],
        ownership=[master("artist", "r1", "60"), master("producer", "r1", "15.5")])
    ids = participant_ids(graph)
    artist, producer = ids["artist"], ids["producer"]

    # 1 USD: 60 % / 15.5 % / 24.5 % unowned. 1 micro: quotas .6/.155/.245 → the artist's remainder wins.
    assert allocations(graph, statement["statementId"]) == {
        2: {artist: 600_000, producer: 155_000, SUSPENSE: 245_000},
        3: {artist: 1},
    }
    assert event_statuses(graph, statement["statementId"]) == {2: "partially_owned", 3: "partially_owned"}
    assert wallet_balances(graph) == {artist: 600_001, producer: 155_000}
    all_balances = balances(graph)
    assert (all_balances[SUSPENSE], all_balances[SOURCE]) == (245_000, -1_000_001)
    assert_ledger_consistent(graph)


def test_shares_within_the_cwr_tolerance_share_the_whole_line(graph, tmp_path):
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Earnings (USD)": "1"}],
        participants=[participant("artist"), participant("producer", "producer")],
        recordings=[recording("r1", ISRC_1)],
        ownership=[master("artist", "r1", "66.66"), master("producer", "r1", "33.33")])  # 99.99 %
    ids = participant_ids(graph)

    # pro rata over 999 900 millionths: 666 600/999 900 of 1 USD = 666 666.67 → 666 667; 333 333.33 → 333 333
    assert allocations(graph, statement["statementId"]) == {2: {ids["artist"]: 666_667, ids["producer"]: 333_333}}
    assert event_statuses(graph, statement["statementId"]) == {2: "allocated"}
    assert_ledger_consistent(graph)


def test_shares_over_100_percent_put_the_whole_line_in_suspense(graph, tmp_path):
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Earnings (USD)": "2.000003"}],
        participants=[participant("artist"), participant("label", "label")],
        recordings=[recording("r1", ISRC_1)],
        ownership=[master("artist", "r1", "60"), master("label", "r1", "50")])

    assert allocations(graph, statement["statementId"]) == {2: {SUSPENSE: 2_000_003}}
    assert event_statuses(graph, statement["statementId"]) == {2: "overlap"}
    assert set(wallet_balances(graph).values()) == {0}
    assert balances(graph)[SUSPENSE] == 2_000_003
    assert_ledger_consistent(graph)


def test_outside_us_matches_world_edges_but_not_country_specific_ones(graph, tmp_path):
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Country of Sale": "OU", "Earnings (USD)": "1"},
         {"ISRC": ISRC_1, "Country of Sale": "US", "Earnings (USD)": "1"},
         {"ISRC": ISRC_2, "Country of Sale": "OU", "Earnings (USD)": "1"},
         {"ISRC": ISRC_3, "Country of Sale": "OU", "Earnings (USD)": "1"}],
        participants=[participant("world"), participant("us", "label"), participant("gb", "label"),
                      participant("ex-us", "label")],
        recordings=[recording("r1", ISRC_1), recording("r2", ISRC_2), recording("r3", ISRC_3)],
        ownership=[master("world", "r1", "50"), master("us", "r1", "50", territories=["US"]),
                   master("gb", "r2", "100", territories=["GB"]),
                   master("ex-us", "r3", "100", excluded=["US"])])
    ids = participant_ids(graph)

    assert allocations(graph, statement["statementId"]) == {
        2: {ids["world"]: 500_000, SUSPENSE: 500_000},     # OU is not in the US slice
        3: {ids["world"]: 500_000, ids["us"]: 500_000},
        4: {SUSPENSE: 1_000_000},                           # OU is not in GB either
        5: {ids["ex-us"]: 1_000_000},                       # WORLD except US still covers OU
    }
    assert event_statuses(graph, statement["statementId"]) == {
        2: "partially_owned", 3: "allocated", 4: "no_owner", 5: "allocated"}
    assert_ledger_consistent(graph)


def test_three_way_split_is_exact_by_largest_remainder_with_participant_id_tie_break(graph, tmp_path):
    # p2 holds the odd 33.3334 %; p1 and p3 tie on every remainder, so p1 (lower id) wins ties.
    recordings = [recording(f"r{i}", isrc) for i, isrc in enumerate((ISRC_1, ISRC_2, ISRC_3, ISRC_4), start=1)]
    ownership = [master(p, r["ref"], share) for r in recordings
                 for p, share in (("p1", "33.3333"), ("p2", "33.3334"), ("p3", "33.3333"))]
    statement = load(
        tmp_path,
        [{"ISRC": ISRC_1, "Earnings (USD)": "0.000001"},
         {"ISRC": ISRC_2, "Earnings (USD)": "0.000002"},
         {"ISRC": ISRC_3, "Earnings (USD)": "0.0001"},
         {"ISRC": ISRC_4, "Earnings (USD)": "-0.000002", "Quantity": "-1"}],  # a return splits the same way
        participants=[participant("p1"), participant("p2"), participant("p3")],
        recordings=recordings, ownership=ownership)
    ids = participant_ids(graph)
    p1, p2, p3 = ids["p1"], ids["p2"], ids["p3"]
    assert p1 < p2 < p3

    assert allocations(graph, statement["statementId"]) == {
        2: {p2: 1},
        3: {p1: 1, p2: 1},
        4: {p1: 33, p2: 34, p3: 33},
        5: {p1: -1, p2: -1},
    }
    assert set(event_statuses(graph, statement["statementId"]).values()) == {"allocated"}
    assert wallet_balances(graph) == {p1: 33, p2: 35, p3: 33}
    all_balances = balances(graph)
    assert (all_balances[SOURCE], all_balances.get(SUSPENSE, 0)) == (-101, 0)
    assert_ledger_consistent(graph)
