"""Royalty statements over HTTP: upload (multipart), duplicate bytes, processing, progress,
foreign files (422 naming the missing columns) and rejected rows."""
from __future__ import annotations

import re

import pytest

from app.services import statements
from importers.statements.distrokid import REQUIRED_COLUMNS
from tests.api.conftest import DISTROKID_TEST
from tests.api.helpers import assert_error, body
from tests.fixtures_paths import REAL
from tests.graph.helpers import write_distrokid

PROGRESS = ("linesRead", "linesMatched", "linesUnmatched", "linesRejected", "batchesDone")


def statement_count(graph) -> int:
    records, _, _ = graph.execute_query("MATCH (s:Statement) RETURN count(s) AS n")
    return records[0]["n"]


def get_statement(client, auth, sid: str) -> dict:
    resp = client.get(f"/api/royalties/statements/{sid}", headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return body(resp)


def process(client, auth, sid: str) -> dict:
    resp = client.post(f"/api/royalties/statements/{sid}/process", headers=auth("ops"))
    assert resp.status_code == 200, body(resp)
    return body(resp)


def uploaded(upload, data: bytes, filename: str) -> dict:
    resp = upload(data, filename)
    assert resp.status_code == 201, body(resp)
    return body(resp)


@pytest.fixture
def malformed(tmp_path):
    """A DistroKid file with two good rows (1.50 + 0.25 USD) and three rejected ones."""
    return write_distrokid(tmp_path / "bad.tsv", [
        {"ISRC": "AAAAA1234567", "Earnings (USD)": "1.50"},                    # line 2: fine
        {"ISRC": "AAAAA1234567", "Quantity": "many", "Earnings (USD)": "1"},    # line 3: Quantity
        {"ISRC": "AAAAA1234567", "Sale Month": "June", "Earnings (USD)": "1"},  # line 4: Sale Month
        "2024-09-02\t2024-06\tSpotify",                                         # line 5: truncated row
        {"ISRC": "AAAAA1234567", "Earnings (USD)": "0.25"},                    # line 6: fine
    ])


EXPECTED_ISSUES = [(3, "Quantity", "many"), (4, "Sale Month", "June"), (5, None, "2024-09-02\t2024-06\tSpotify")]


def assert_issues(client, auth, sid: str) -> None:
    resp = client.get(f"/api/royalties/statements/{sid}/issues", headers=auth("viewer"))
    issues = body(resp)
    assert resp.status_code == 200
    assert [(i["line"], i["field"], i["raw"]) for i in issues] == EXPECTED_ISSUES
    assert all(isinstance(i["message"], str) and i["message"] for i in issues)
    resp = client.get(f"/api/royalties/statements/{sid}/issues?page=2&pageSize=2", headers=auth("viewer"))
    assert [i["line"] for i in body(resp)] == [5]


# -- upload, duplicate, process, progress ------------------------------------------------

def test_upload_registers_the_statement(graph, upload):
    first = uploaded(upload, DISTROKID_TEST.read_bytes(), DISTROKID_TEST.name)
    assert re.fullmatch(r"STM-\d{6}", first["statementId"])
    assert (first["status"], first["source"], first["filename"], first["currency"]) == (
        "registered", "distrokid", "DistroKid_Test.tsv", "USD")
    assert first["duplicate"] is False
    assert re.fullmatch(r"[0-9a-f]{64}", first["sha256"])
    assert first["gross"] is None
    assert first["registeredAt"]
    assert "path" not in first
    assert statement_count(graph) == 1


def test_the_same_bytes_again_are_a_duplicate(graph, upload):
    data = DISTROKID_TEST.read_bytes()
    first = uploaded(upload, data, DISTROKID_TEST.name)
    resp = upload(data, "renamed.tsv")
    again = body(resp)
    assert resp.status_code == 200, again
    assert again["duplicate"] is True
    assert (again["statementId"], again["sha256"], again["filename"]) == (
        first["statementId"], first["sha256"], "DistroKid_Test.tsv")
    assert statement_count(graph) == 1


def test_process_then_progress(client, auth, distrokid_catalog, upload):
    sid = uploaded(upload, DISTROKID_TEST.read_bytes(), DISTROKID_TEST.name)["statementId"]
    registered = get_statement(client, auth, sid)
    assert registered["status"] == "registered"
    assert {k: registered[k] for k in PROGRESS} == dict.fromkeys(PROGRESS, 0)
    assert registered.get("processedAt") is None

    done = process(client, auth, sid)
    assert done["status"] == "processed"
    assert done["queued"] is False
    assert done["gross"] == 0.009312 and type(done["gross"]) is float  # Σ 0.00931179 → micro-units
    assert (done["linesRead"], done["linesMatched"], done["linesUnmatched"], done["linesRejected"]) == (4, 2, 2, 0)
    assert done["processedAt"]

    status = get_statement(client, auth, sid)
    assert status["status"] == "processed"
    assert {k: status[k] for k in PROGRESS} == {k: done[k] for k in PROGRESS}
    assert status["batchesDone"] >= 1
    assert status["gross"] == 0.009312

    # processing a processed statement changes nothing
    assert {k: v for k, v in process(client, auth, sid).items() if k != "queued"} == \
        {k: v for k, v in done.items() if k != "queued"}
    assert body(client.get(f"/api/royalties/statements/{sid}/issues", headers=auth("viewer"))) == []


def test_malformed_rows_over_http(client, auth, upload, malformed):
    sid = uploaded(upload, malformed.read_bytes(), malformed.name)["statementId"]
    done = process(client, auth, sid)
    assert done["status"] == "processed_with_errors"
    assert (done["linesRead"], done["linesRejected"]) == (5, 3)
    assert done["gross"] == 1.75
    assert_issues(client, auth, sid)


def test_issues_list_rejected_rows_by_line_and_field(client, auth, malformed):
    """The issues endpoint on a statement processed by the service (the upload endpoint is
    covered above)."""
    registered, _ = statements.register(malformed, malformed.name, "distrokid")
    assert statements.process(registered["statementId"])["status"] == "processed_with_errors"
    assert_issues(client, auth, registered["statementId"])


# -- refusals ------------------------------------------------------------------------------

def test_a_non_distrokid_file_is_422_naming_missing_columns(graph, upload):
    foreign = REAL / "statements" / "Tunecore_Test.csv"
    data = assert_error(upload(foreign.read_bytes(), foreign.name), 422)
    missing = data["errors"]["missingColumns"]
    assert missing and set(missing) <= set(REQUIRED_COLUMNS)
    assert data["errors"]["files"]["file"]
    for column in missing:
        assert column in data["message"]
    assert statement_count(graph) == 0


def test_an_empty_file_is_422_missing_every_column(graph, upload):
    data = assert_error(upload(b"", "empty.tsv"), 422)
    assert data["errors"]["missingColumns"] == list(REQUIRED_COLUMNS)
    assert statement_count(graph) == 0


def test_an_unknown_source_is_422_on_source(graph, upload):
    data = assert_error(upload(DISTROKID_TEST.read_bytes(), DISTROKID_TEST.name, source="napster-direct"), 422,
                        field="source", location="form")
    assert "napster-direct" in data["message"] and "distrokid" in data["message"]
    assert statement_count(graph) == 0


def test_upload_without_file_is_422_on_file(client, auth):
    resp = client.post("/api/royalties/statements", data={"source": "distrokid"},
                       content_type="multipart/form-data", headers=auth("admin"))
    assert_error(resp, 422, field="file", location="files")


def test_viewer_cannot_upload(graph, upload):
    assert_error(upload(DISTROKID_TEST.read_bytes(), DISTROKID_TEST.name, role="viewer"), 403)
    assert statement_count(graph) == 0


@pytest.mark.parametrize(("method", "url"), [("get", "/api/royalties/statements/STM-999999"),
                                             ("post", "/api/royalties/statements/STM-999999/process"),
                                             ("get", "/api/royalties/statements/STM-999999/issues")])
def test_unknown_statement_is_404(client, auth, method, url):
    data = assert_error(getattr(client, method)(url, headers=auth("admin")), 404)
    assert "STM-999999" in data["message"]
