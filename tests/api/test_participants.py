"""POST/GET /api/participants: creation with a wallet, masking, validation (422 naming the
field), duplicate identifiers (409), pagination and the kind filter."""
from __future__ import annotations

import re

import pytest

from tests.api.helpers import IPI_BAD_CHECK, IPI_VALID, assert_error, body, participant_body


def test_create_participant_returns_ids_wallet_and_masked_payout_label(client, auth, post_json):
    resp = post_json("/api/participants", participant_body(
        "Big Homie Cash", "artist", "writer", legalName="Cash Holmes", country="US", email="cash@example.com",
        identifiers=[{"scheme": "ipi", "value": "199"}],
        payoutMethod={"type": "bank_transfer", "label": "Chase 000012341234"}))
    data = body(resp)
    assert resp.status_code == 201, data
    assert re.fullmatch(r"PART-\d{6}", data["participantId"]), data
    assert re.fullmatch(r"WAL-\d{6}", data["walletId"]), data
    assert data["name"] == "Big Homie Cash"
    assert data["legalName"] == "Cash Holmes"
    assert sorted(data["kinds"]) == ["artist", "writer"]
    assert (data["country"], data["email"]) == ("US", "cash@example.com")
    assert data["identifiers"] == [{"scheme": "IPI", "value": IPI_VALID}]
    assert data["payoutMethod"] == {"type": "bank_transfer", "label": "Chase ••••1234"}
    assert "000012341234" not in resp.get_data(as_text=True)

    again = client.get(f"/api/participants/{data['participantId']}", headers=auth("viewer"))
    assert again.status_code == 200
    assert body(again) == data


def test_country_is_stored_as_given_iso_code(post_json):
    resp = post_json("/api/participants", participant_body("Ama", country="GH"))
    assert resp.status_code == 201
    assert body(resp)["country"] == "GH"


def test_first_participant_of_an_empty_graph_is_part_000001(post_json):
    data = body(post_json("/api/participants", participant_body("First")))
    assert (data["participantId"], data["walletId"]) == ("PART-000001", "WAL-000001")


def test_short_account_number_is_kept(post_json):
    data = body(post_json("/api/participants", participant_body(
        "Momo", payoutMethod={"type": "mobile_money", "label": "MTN 1234"})))
    assert data["payoutMethod"] == {"type": "mobile_money", "label": "MTN 1234"}


@pytest.mark.parametrize(("payload", "field"), [
    (participant_body("X", country="XX"), "country"),
    (participant_body("X", country="Ghana"), "country"),
    (participant_body("X", identifiers=[{"scheme": "IPI", "value": IPI_BAD_CHECK}]), "identifiers"),
    ({"kinds": ["artist"]}, "name"),
    (participant_body(""), "name"),
    ({"name": "No kinds"}, "kinds"),
    (participant_body("X", "astronaut"), "kinds"),
    (participant_body("X", email="not-an-email"), "email"),
    (participant_body("X", payoutMethod={"type": "cheque", "label": "x"}), "payoutMethod"),
])
def test_invalid_participant_is_422_naming_the_field(post_json, graph, payload, field):
    data = assert_error(post_json("/api/participants", payload), 422, field=field)
    assert set(data["errors"]["json"]) == {field}, data
    records, _, _ = graph.execute_query("MATCH (n) WHERE n:Participant OR n:Account RETURN count(n) AS n")
    assert records[0]["n"] == 0


def test_invalid_ipi_check_digits_message_names_the_rule(post_json):
    data = assert_error(post_json("/api/participants", participant_body(
        "X", identifiers=[{"scheme": "IPI", "value": IPI_BAD_CHECK}])), 422, field="identifiers")
    assert "invalid IPI" in str(data["errors"]["json"]["identifiers"])


def test_duplicate_ipi_is_409_with_the_existing_id(post_json, graph):
    first = body(post_json("/api/participants", participant_body("First", identifiers=[
        {"scheme": "IPI", "value": IPI_VALID}])))
    # the same IPI written without its leading zeros is the same identifier
    resp = post_json("/api/participants", participant_body("Second", identifiers=[{"scheme": "IPI", "value": "199"}]))
    data = assert_error(resp, 409)
    assert data["errors"]["existingId"] == first["participantId"]
    assert IPI_VALID in data["message"]
    records, _, _ = graph.execute_query("MATCH (p:Participant) RETURN collect(p.name) AS names")
    assert records[0]["names"] == ["First"]


@pytest.fixture
def five(make_participant):
    """Five participants: three artists and two labels, created in this order."""
    kinds = ("artist", "label", "artist", "label", "artist")
    return [make_participant(f"P{i}", kind) for i, kind in enumerate(kinds)]


def list_page(client, auth, query: str):
    resp = client.get(f"/api/participants?{query}", headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return resp, body(resp)


def test_list_is_paginated_and_ordered_by_id(client, auth, five):
    ids = [p["participantId"] for p in five]
    assert ids == sorted(ids)
    resp, page1 = list_page(client, auth, "page=1&pageSize=2")
    assert resp.headers["X-Total-Count"] == "5"
    assert [p["participantId"] for p in page1] == ids[:2]
    resp, page3 = list_page(client, auth, "page=3&pageSize=2")
    assert resp.headers["X-Total-Count"] == "5"
    assert [p["participantId"] for p in page3] == ids[4:]
    assert page3[0] == five[4]
    _, past_end = list_page(client, auth, "page=4&pageSize=2")
    assert past_end == []


def test_list_defaults_to_everything_in_id_order(client, auth, five):
    resp, rows = list_page(client, auth, "")
    assert resp.headers["X-Total-Count"] == "5"
    assert [p["participantId"] for p in rows] == [p["participantId"] for p in five]


def test_list_filters_by_kind(client, auth, five):
    resp, labels = list_page(client, auth, "kind=label")
    assert resp.headers["X-Total-Count"] == "2"
    assert [p["name"] for p in labels] == ["P1", "P3"]
    assert all("label" in p["kinds"] for p in labels)
    resp, artists = list_page(client, auth, "kind=artist&pageSize=2&page=2")
    assert resp.headers["X-Total-Count"] == "3"
    assert [p["name"] for p in artists] == ["P4"]


@pytest.mark.parametrize(("query", "field"), [("kind=astronaut", "kind"), ("pageSize=0", "pageSize"),
                                              ("pageSize=501", "pageSize"), ("page=0", "page")])
def test_bad_list_arguments_are_422_naming_them(client, auth, query, field):
    assert_error(client.get(f"/api/participants?{query}", headers=auth("viewer")), 422, field=field,
                 location="query")
