"""Fixtures of the API tests: the real app on the real test Neo4j (emptied per test by the
``graph`` fixture), API users of every role, bearer tokens obtained over HTTP, and a small
catalog for the real DistroKid fixture built through the API."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app import create_app
from app.services import statements
from app.services.users import create_user
from tests.api.helpers import PASSWORD, bearer, body, participant_body, relation_body, token, upload_form
from tests.fixtures_paths import REAL

STAFF_ROLES = ("admin", "ops", "viewer")
DISTROKID_TEST = REAL / "statements" / "DistroKid_Test.tsv"


@pytest.fixture
def app(graph):
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def staff_users(graph) -> dict[str, str]:
    """One user per staff role; username by role (password ``PASSWORD``)."""
    return {role: create_user(f"{role}-user", PASSWORD, role)["username"] for role in STAFF_ROLES}


@pytest.fixture
def auth(client, staff_users):
    """``auth(role)`` → Authorization headers of a token for that staff role (fetched once)."""
    cache: dict[str, dict] = {}

    def headers(role: str) -> dict:
        if role not in cache:
            cache[role] = bearer(token(client, staff_users[role]))
        return cache[role]
    return headers


@pytest.fixture
def post_json(client, auth):
    """``post_json(url, payload, role="admin")`` → the response of an authenticated POST."""
    def post(url: str, payload: dict, role: str = "admin"):
        return client.post(url, json=payload, headers=auth(role))
    return post


@pytest.fixture
def make_participant(post_json):
    """``make_participant(name, *kinds, **fields)`` → the created participant (201 checked)."""
    def make(name: str, *kinds: str, **fields) -> dict:
        resp = post_json("/api/participants", participant_body(name, *kinds, **fields))
        assert resp.status_code == 201, body(resp)
        return body(resp)
    return make


@pytest.fixture
def artist(client, make_participant):
    """Two participants and a participant user bound to the first: ``own``, ``other`` (ids),
    ``headers`` (its bearer token)."""
    own = make_participant("Own Artist")["participantId"]
    other = make_participant("Other Artist")["participantId"]
    create_user("own-artist", PASSWORD, "participant", own)
    return SimpleNamespace(own=own, other=other, headers=bearer(token(client, "own-artist")))


@pytest.fixture
def distrokid_catalog(post_json, make_participant):
    """A catalog for DistroKid_Test.tsv built over HTTP:

    * Song 1 (AAAAA1234567) on the work "Song One" — Artist 1 owns the master 100 %, the writer
      the performance right 100 % (publishing in place → status ok);
    * Song 10 (BBBBB1234567), no work — Artist 2 60 % / the label 40 % of the master
      (→ missing_publishing);
    * CCCCC1234567 and BBBBB8910111 are not in the catalog (suspense).
    """
    a1 = make_participant("Artist 1", country="US",
                          payoutMethod={"type": "bank_transfer", "label": "Chase 000012341234"})
    a2 = make_participant("Artist 2")
    label = make_participant("Label", "label")
    writer = make_participant("Writer", "writer")
    work = post_json("/api/works", {"title": "Song One", "iswc": "T0345246801"})
    assert work.status_code == 201, body(work)
    work_id = body(work)["workId"]
    recordings = {}
    for isrc, title, performer, work_ref in (("AAAAA1234567", "Song 1", a1, work_id),
                                             ("BBBBB1234567", "Song 10", a2, None)):
        resp = post_json("/api/recordings", {"title": title, "isrc": isrc, "workId": work_ref,
                                             "performers": [{"participantId": performer["participantId"]}]})
        assert resp.status_code == 201, body(resp)
        recordings[title] = body(resp)["recordingId"]
    for pid, asset, right, share in ((a1["participantId"], recordings["Song 1"], "master", 100),
                                     (writer["participantId"], work_id, "performance", 100),
                                     (a2["participantId"], recordings["Song 10"], "master", 60),
                                     (label["participantId"], recordings["Song 10"], "master", 40)):
        resp = post_json("/api/rights/relations", relation_body(pid, asset, right, share))
        assert resp.status_code == 201, body(resp)
    return SimpleNamespace(artist1=a1["participantId"], artist2=a2["participantId"], label=label["participantId"],
                           writer=writer["participantId"], work=work_id, song1=recordings["Song 1"],
                           song10=recordings["Song 10"])


@pytest.fixture
def upload(client, auth):
    """``upload(data, filename, source="distrokid", role="admin")`` → the upload response."""
    def send(data: bytes, filename: str, source: str = "distrokid", role: str = "admin"):
        return client.post("/api/royalties/statements", data=upload_form(data, filename, source),
                           content_type="multipart/form-data", headers=auth(role))
    return send


@pytest.fixture
def ingested(distrokid_catalog):
    """The catalog above with DistroKid_Test.tsv registered and processed (through the service
    layer, so the Money Hub tests do not depend on the upload endpoint, tested on its own); the
    catalog namespace plus ``statement`` (the processed statement's properties)."""
    registered, created = statements.register(DISTROKID_TEST, DISTROKID_TEST.name, "distrokid")
    assert created is True
    distrokid_catalog.statement = statements.process(registered["statementId"])
    assert distrokid_catalog.statement["status"] == "processed"
    return distrokid_catalog
