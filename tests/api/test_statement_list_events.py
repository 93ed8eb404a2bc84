"""The statement list and the royalty events over HTTP: filters, pagination, participant access."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services import statements
from tests.api.helpers import assert_error, body
from tests.fixtures_paths import REAL

CDBABY_TEST = REAL / "statements" / "CdBaby_Test.txt"


def get(client, headers, url: str) -> tuple[list, int]:
    resp = client.get(url, headers=headers)
    assert resp.status_code == 200, body(resp)
    return body(resp), int(resp.headers["X-Total-Count"])


@pytest.fixture
def two_statements(ingested):
    """DistroKid_Test.tsv processed (the ``ingested`` catalog), then CD Baby's sample registered."""
    cdbaby, _ = statements.register(CDBABY_TEST, CDBABY_TEST.name, "cdbaby")
    ingested.cdbaby = cdbaby["statementId"]
    ingested.distrokid = ingested.statement["statementId"]
    return ingested


def test_statements_newest_first_with_filters_and_pagination(client, auth, two_statements):
    s = two_statements
    url = "/api/royalties/statements"
    items, total = get(client, auth("viewer"), url)
    assert total == 2 and [i["statementId"] for i in items] == [s.cdbaby, s.distrokid]
    assert (items[1]["status"], items[1]["gross"], items[1]["linesRead"]) == ("processed", 0.009312, 4)
    assert "path" not in items[0] or items[0]["path"] is None
    items, total = get(client, auth("viewer"), f"{url}?pageSize=1&page=2")
    assert total == 2 and [i["statementId"] for i in items] == [s.distrokid]
    assert get(client, auth("viewer"), f"{url}?source=cdbaby")[0][0]["statementId"] == s.cdbaby
    assert get(client, auth("viewer"), f"{url}?status=processed")[1] == 1
    assert get(client, auth("viewer"), f"{url}?status=registered")[0][0]["statementId"] == s.cdbaby
    items, total = get(client, auth("viewer"), f"{url}?period=2022-06")
    assert total == 1 and items[0]["statementId"] == s.distrokid
    assert sorted(items[0]["periods"]) == ["2021-04", "2022-05", "2022-06", "2022-07"]
    assert get(client, auth("viewer"), f"{url}?period=2019-01")[1] == 0
    today = dt.datetime.now(dt.timezone.utc).date()
    assert get(client, auth("viewer"), f"{url}?uploadedFrom={today}&uploadedTo={today}")[1] == 2
    assert get(client, auth("viewer"), f"{url}?uploadedFrom={today + dt.timedelta(days=1)}")[1] == 0
    assert get(client, auth("viewer"), f"{url}?uploadedTo={today - dt.timedelta(days=1)}")[1] == 0
    assert get(client, auth("viewer"), f"{url}?templateId=TPL-000001")[1] == 0


def test_statement_list_bad_arguments_and_roles(client, auth, artist):
    url = "/api/royalties/statements"
    assert_error(client.get(f"{url}?period=2024-13", headers=auth("viewer")), 422, field="period", location="query")
    assert_error(client.get(f"{url}?status=lost", headers=auth("viewer")), 422, field="status", location="query")
    assert_error(client.get(f"{url}?uploadedFrom=yesterday", headers=auth("viewer")), 422, field="uploadedFrom",
                 location="query")
    assert_error(client.get(url, headers=artist.headers), 403)


def test_events_of_a_statement_paginated_with_their_allocation(client, auth, two_statements):
    s = two_statements
    url = f"/api/royalties/events?statementId={s.distrokid}"
    items, total = get(client, auth("viewer"), f"{url}&pageSize=3")
    assert total == 4 and [e["line"] for e in items] == [2, 3, 4]
    assert [e["line"] for e in get(client, auth("viewer"), f"{url}&pageSize=3&page=2")[0]] == [5]
    assert get(client, auth("viewer"), f"{url}&pageSize=3&page=3") == ([], 4)
    song10 = items[1]
    assert (song10["recordingId"], song10["source"], song10["period"], song10["gross"]) == (
        s.song10, "apple_music", "2022-05", 0.000314)
    assert song10["amount"] is None
    assert sorted((a["participantId"], a["kind"], a["amount"], a["share"]) for a in song10["allocations"]) == sorted(
        [(s.artist2, "wallet", 0.000188, 60), (s.label, "wallet", 0.000126, 40)])
    unmatched = items[2]
    assert unmatched["recordingId"] is None and unmatched["matchMethod"] == "none"
    assert [(a["kind"], a["amount"], a["participantId"]) for a in unmatched["allocations"]] == [
        ("suspense", 0.000481, None)]


def test_events_filters(client, auth, two_statements):
    s = two_statements
    viewer = auth("viewer")
    assert [e["line"] for e in get(client, viewer, f"/api/royalties/events?recordingId={s.song10}")[0]] == [3]
    items, total = get(client, viewer, "/api/royalties/events?period=2022-07")
    assert total == 1 and items[0]["source"] == "youtube"
    assert get(client, viewer, "/api/royalties/events?source=deezer")[0][0]["line"] == 4
    assert get(client, viewer, f"/api/royalties/events?statementId={s.cdbaby}")[1] == 0  # not processed yet
    assert get(client, viewer, "/api/royalties/events")[1] == 4
    assert get(client, viewer, f"/api/royalties/events?participantId={s.label}&period=2021-04")[1] == 0


def test_events_of_a_participant_show_only_its_part(client, auth, two_statements):
    s = two_statements
    items, total = get(client, auth("ops"), f"/api/royalties/events?participantId={s.label}")
    assert total == 1
    [event] = items
    assert (event["line"], event["gross"], event["amount"]) == (3, 0.000314, 0.000126)
    assert [(a["participantId"], a["amount"], a["share"]) for a in event["allocations"]] == [(s.label, 0.000126, 40)]
    items, total = get(client, auth("ops"), f"/api/royalties/events?participantId={s.artist1}"
                                                f"&statementId={s.distrokid}")
    assert total == 1 and (items[0]["line"], items[0]["amount"]) == (2, 0.0079)


def test_events_for_participant_tokens_and_unknown_ids(client, auth, two_statements, make_participant):
    from app.services.users import create_user
    from tests.api.helpers import PASSWORD, bearer, token

    s = two_statements
    create_user("artist-two", PASSWORD, "participant", s.artist2)
    headers = bearer(token(client, "artist-two"))
    items, total = get(client, headers, f"/api/royalties/events?participantId={s.artist2}")
    assert total == 1 and items[0]["amount"] == 0.000188
    assert get(client, headers, "/api/royalties/events")[1] == 1  # its own by default
    assert_error(client.get(f"/api/royalties/events?participantId={s.label}", headers=headers), 403)
    viewer = auth("viewer")
    for query in ("participantId=PART-999999", "recordingId=REC-999999", "statementId=STM-999999"):
        assert_error(client.get(f"/api/royalties/events?{query}", headers=viewer), 404)
    assert_error(client.get("/api/royalties/events?period=May", headers=viewer), 422, field="period",
                 location="query")


def test_events_show_the_current_allocation_after_a_reprocessing(client, auth, two_statements):
    """Song 10 becomes Artist 2's alone from 2022-01-01 and the statement is reprocessed: the
    label's reversed part is history, no longer one of its events."""
    from app.services import reprocessing, splits

    s = two_statements
    splits.put_split(s.song10, "master", dt.date(2022, 1, 1),
                     [{"participantId": s.artist2, "share": Decimal("100"), "role": "artist"}], "tester")
    assert reprocessing.reprocess_statement(s.distrokid, actor="ops")["changed"] == 1
    assert get(client, auth("viewer"), f"/api/royalties/events?participantId={s.label}") == ([], 0)
    [event], total = get(client, auth("viewer"), f"/api/royalties/events?participantId={s.artist2}")
    assert (total, event["line"], event["amount"]) == (1, 3, 0.000314)
    [line3] = [e for e in get(client, auth("viewer"), f"/api/royalties/events?statementId={s.distrokid}")[0]
               if e["line"] == 3]
    assert [(a["participantId"], a["amount"], a["share"]) for a in line3["allocations"]] == [(s.artist2, 0.000314,
                                                                                             100)]
