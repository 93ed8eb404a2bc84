"""Partners' repertoire endpoints (issue 7 item 2): upload, dry run, the same file again, roles,
422 naming format/file, 404 for an unknown partner, imports and repertoire listings."""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest

from app.services import partners
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WORKS = (FIXTURES / "ascap_works_sample.csv").read_bytes()
RECORDINGS = (FIXTURES / "ascap_recordings_sample.csv").read_bytes()
IMPORT = "/api/partners/{}/repertoire/import"


@pytest.fixture
def headers(client, auth, graph):
    """Headers per role: the staff roles, finance, a participant and a station token."""
    create_user("finance-user", PASSWORD, "finance")
    create_user("station-user", PASSWORD, "station")
    extra = {"finance": bearer(token(client, "finance-user")), "station": bearer(token(client, "station-user"))}
    return lambda role: extra[role] if role in extra else auth(role)


@pytest.fixture
def ascap(graph):
    return partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US", "reportingStandard": "CWR",
                                    "defaultAdminFeePercent": "10"}, "test")


def _upload(client, headers, data=WORKS, fmt="csv", role="ops", partner="ASCAP", dry_run=None, filename="works.csv"):
    form = {"file": (io.BytesIO(data), filename), **({"format": fmt} if fmt else {})}
    if dry_run is not None:
        form["dryRun"] = "true" if dry_run else "false"
    return client.post(IMPORT.format(partner), data=form, headers=headers(role), content_type="multipart/form-data")


def test_import_then_same_file_again(client, headers, ascap):
    resp = _upload(client, headers)
    assert resp.status_code == 201, body(resp)
    first = body(resp)
    assert first["importId"].startswith("RPI-") and first["status"] == "done" and first["new"] is True
    assert first["log"]["created"]["works"] == 10 and first["log"]["writers"] == 9 and first["done"] == 10
    again = _upload(client, headers, partner=ascap["participantId"], role="admin")
    assert again.status_code == 200 and body(again)["importId"] == first["importId"] and body(again)["new"] is False

    listed = client.get("/api/partners/ASCAP/repertoire/imports", headers=headers("viewer"))
    assert listed.status_code == 200 and listed.headers["X-Total-Count"] == "1"
    assert [i["importId"] for i in body(listed)] == [first["importId"]] and "log" not in body(listed)[0]
    one = client.get(f"/api/partners/ASCAP/repertoire/imports/{first['importId']}", headers=headers("finance"))
    assert one.status_code == 200 and body(one)["log"]["created"]["works"] == 10 and body(one)["total"] == 10


def test_dry_run_writes_nothing(client, headers, ascap):
    resp = _upload(client, headers, dry_run=True)
    assert resp.status_code == 200, body(resp)
    assert body(resp)["importId"] is None and body(resp)["log"]["created"]["works"] == 10
    listed = client.get("/api/partners/ASCAP/repertoire", headers=headers("viewer"))
    assert listed.headers["X-Total-Count"] == "0"


def test_repertoire_listing(client, headers, ascap):
    assert _upload(client, headers).status_code == 201
    assert _upload(client, headers, RECORDINGS, filename="recs.csv").status_code == 201
    works = client.get("/api/partners/ASCAP/repertoire?pageSize=3", headers=headers("viewer"))
    assert works.status_code == 200 and works.headers["X-Total-Count"] == "10" and len(body(works)) == 3
    found = body(client.get("/api/partners/ASCAP/repertoire?q=midnight", headers=headers("ops")))
    assert [w["iswc"] for w in found] == ["T-345.246.800-3"]
    assert {c["name"]: c["prShare"] for c in found[0]["claims"]}["Marcus Bell"] == 250_000
    recs = client.get("/api/partners/ASCAP/repertoire?kind=recording&q=US-AT2-25-00102", headers=headers("admin"))
    assert [(r["isrc"], len(r["workIds"])) for r in body(recs)] == [("USAT22500102", 1)]


def test_roles(client, headers, ascap):
    for role in ("viewer", "finance", "station"):
        assert_error(_upload(client, headers, role=role), 403)
    for url in ("/api/partners/ASCAP/repertoire", "/api/partners/ASCAP/repertoire/imports"):
        for role in ("admin", "ops", "finance", "viewer"):
            assert client.get(url, headers=headers(role)).status_code == 200
        assert_error(client.get(url, headers=headers("station")), 403)


def test_participant_token_is_refused(client, ascap, artist):
    assert_error(client.get("/api/partners/ASCAP/repertoire", headers=artist.headers), 403)
    form = {"file": (io.BytesIO(WORKS), "works.csv"), "format": "csv"}
    assert_error(client.post(IMPORT.format("ASCAP"), data=form, headers=artist.headers,
                             content_type="multipart/form-data"), 403)


def test_bad_input(client, headers, ascap):
    assert_error(_upload(client, headers, fmt="xls"), 422, field="format", location="form")
    assert_error(_upload(client, headers, fmt=None), 422, field="format", location="form")
    no_file = client.post(IMPORT.format("ASCAP"), data={"format": "csv"}, headers=headers("ops"),
                          content_type="multipart/form-data")
    assert_error(no_file, 422, field="file", location="files")
    not_csv = _upload(client, headers, data=b"hello,world\n1,2\n", filename="x.csv")
    assert_error(not_csv, 422, field="file", location="files")


def test_unknown_partner_and_import(client, headers, ascap):
    assert_error(_upload(client, headers, partner="NOPE"), 404)
    assert_error(client.get("/api/partners/NOPE/repertoire", headers=headers("viewer")), 404)
    assert_error(client.get("/api/partners/NOPE/repertoire/imports", headers=headers("viewer")), 404)
    assert_error(client.get("/api/partners/ASCAP/repertoire/imports/RPI-999999", headers=headers("viewer")), 404)


def test_large_upload_is_queued_on_celery(client, headers, ascap, monkeypatch):
    """Above RIGHTSGRAPH_REPERTOIRE_INLINE_BYTES with a broker (the real Redis, db 5): 202 +
    Location, the import queued; the worker task then imports it."""
    import redis

    from workers import tasks

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://localhost:6379/5")
    monkeypatch.setenv("RIGHTSGRAPH_REPERTOIRE_INLINE_BYTES", "100")
    queue = redis.Redis(db=5)
    try:
        resp = _upload(client, headers)
        assert resp.status_code == 202, body(resp)
        queued = body(resp)
        assert queued["queued"] is True and queued["status"] == "queued" and queued["log"] is None
        assert resp.headers["Location"].endswith(f"/api/partners/ASCAP/repertoire/imports/{queued['importId']}")
        message = json.loads(queue.lpop("celery"))
        assert message["headers"]["task"] == "rightsgraph.import_repertoire"
        (import_id, path, actor), _, _ = json.loads(base64.b64decode(message["body"]))  # Celery protocol 2
        assert import_id == queued["importId"] and actor == "ops-user"
        done = tasks.import_repertoire.run(import_id, path, actor)
        assert done["status"] == "done" and done["done"] == 10
        watched = body(client.get(resp.headers["Location"], headers=headers("viewer")))
        assert watched["status"] == "done" and watched["log"]["created"]["works"] == 10
    finally:
        queue.flushdb()
