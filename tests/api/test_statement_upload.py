"""Statement upload over HTTP for every source: the source recognised from the file, a file of
the wrong source (422 naming what is missing and what it looks like), periods, rate tables,
declared totals, and processing held by a control-total mismatch (409) until forced."""
from __future__ import annotations

import io
import json

from tests.api.helpers import assert_error, body
from tests.graph.source_helpers import RATES, REAL_STATEMENTS

TUNECORE = REAL_STATEMENTS / "Tunecore_Test.csv"
PRS = REAL_STATEMENTS / "prs-simple-3-songs.csv"


def post(client, auth, path, role="admin", **form):
    """POST /api/royalties/statements with ``path`` as the file and ``form`` fields (lists as JSON)."""
    data = {"file": (io.BytesIO(path.read_bytes()), path.name),
            **{k: json.dumps(v) if isinstance(v, list) else v for k, v in form.items()}}
    return client.post("/api/royalties/statements", data=data, content_type="multipart/form-data",
                       headers=auth(role))


def test_a_statement_without_a_source_is_recognised_and_converted(graph, client, auth):
    resp = post(client, auth, TUNECORE, rates=RATES, declaredTotal="0.1355")
    created = body(resp)
    assert resp.status_code == 201, created
    assert (created["source"], created["sourceDetected"], created["currency"], created["declaredTotal"]) == (
        "tunecore", True, "USD", 0.1355)
    assert created["fxRates"][2] == {"from": "GBP", "to": "USD", "rate": 1.2712, "source": "test rates",
                                     "date": "2024-06-28"}
    resp = client.post(f"/api/royalties/statements/{created['statementId']}/process", headers=auth("ops"))
    done = body(resp)
    assert resp.status_code == 200, done
    # 0.1355 GBP × 1.2712 = 0.1722476 USD; the declared 0.1355 is in the file's currency, GBP
    assert (done["status"], done["gross"], done["controlStatus"], done["grossByCurrency"]) == (
        "processed", 0.172248, "ok", {"GBP": 0.1355})
    assert done["controlChecks"] == [{"check": "declaredTotal", "origin": "upload", "currency": "GBP",
                                      "fileNumber": None, "declared": 0.1355, "imported": 0.1355, "ok": True}]


def test_a_file_of_another_source_is_422_naming_missing_columns_and_the_source_it_looks_like(graph, client, auth):
    data = assert_error(post(client, auth, TUNECORE, source="cdbaby", rates=RATES), 422, field="file",
                        location="files")
    assert data["errors"]["looksLike"] == "tunecore"
    assert "Subtotal" in data["errors"]["missingColumns"]
    assert "looks like a tunecore statement" in data["message"]


def test_a_file_no_layout_recognises_is_422(graph, client, auth, tmp_path):
    noise = tmp_path / "notes.csv"
    noise.write_text("a,b\n1,2\n")
    data = assert_error(post(client, auth, noise), 422, field="file", location="files")
    assert "no statement layout recognises this file" in data["message"]


def test_every_bad_field_is_named_at_once(graph, client, auth):
    data = assert_error(post(client, auth, PRS, declaredTotal="12,5", currency="pounds"), 422)
    assert sorted(data["errors"]["form"]) == ["currency", "declaredTotal", "period", "rates"]
    assert "period='YYYY-MM'" in data["errors"]["form"]["period"][0]
    data = assert_error(post(client, auth, PRS, period="2023-03", rates=[{"from": "GBP", "rate": "-1"}]), 422,
                        field="rates", location="form")
    assert "rates[0.rate]" in data["message"]
    resp = post(client, auth, PRS, period="2023-03", rates="not json")
    assert_error(resp, 422, field="rates", location="form")
    records, _, _ = graph.execute_query("MATCH (s:Statement) RETURN count(s) AS n")
    assert records[0]["n"] == 0


def test_a_control_mismatch_holds_processing_until_forced(graph, client, auth):
    sid = body(post(client, auth, PRS, period="2023-03", rates=RATES, declaredTotal="0.50"))["statementId"]
    resp = client.post(f"/api/royalties/statements/{sid}/process", headers=auth("ops"))
    data = assert_error(resp, 409)
    assert data["errors"]["controlChecks"] == [{"check": "declaredTotal", "origin": "upload", "currency": "GBP",
                                                "fileNumber": None, "declared": 0.5, "imported": 0.372,
                                                "ok": False}]
    held = body(client.get(f"/api/royalties/statements/{sid}", headers=auth("viewer")))
    assert (held["status"], held["controlStatus"], held["linesTotal"], held["period"]) == (
        "control_mismatch", "mismatch", 9, "2023-03")
    assert_error(client.post(f"/api/royalties/statements/{sid}/process?force=true", headers=auth("viewer")), 403)
    resp = client.post(f"/api/royalties/statements/{sid}/process?force=true", headers=auth("ops"))
    done = body(resp)
    assert resp.status_code == 200, done
    assert (done["status"], done["controlForcedBy"], done["gross"]) == ("processed", "ops-user", 0.472886)


def test_a_rate_added_after_upload_posts_the_waiting_lines_over_http(graph, client, auth, tmp_path):
    from tests.graph.source_helpers import write_tunecore
    path = write_tunecore(tmp_path / "mixed.csv", [{"Total Earned": "1", "Currency": "GBP"},
                                                   {"Total Earned": "2.5", "Currency": "EUR"}])
    created = body(post(client, auth, path, rates=RATES[:1]))
    sid = created["statementId"]
    done = body(client.post(f"/api/royalties/statements/{sid}/process", headers=auth("ops")))
    assert (done["status"], done["linesRejected"]) == ("processed_with_errors", 1)
    url = f"/api/royalties/statements/{sid}/rates"

    assert client.post(url, json={"rates": [{"from": "EUR", "rate": "1.0834"}]}, headers=auth("viewer")).status_code == 403
    bad = assert_error(client.post(url, json={"rates": [{"from": "EUR", "rate": 1.0834}]}, headers=auth("ops")),
                       422, field="rates")
    assert list(bad["errors"]["json"]["rates"]) == ["0.rate"]
    assert_error(client.post(url, json={}, headers=auth("ops")), 422, field="rates")
    assert_error(client.post("/api/royalties/statements/STM-999999/rates", json={"rates": []},
                             headers=auth("ops")), 404)

    resp = client.post(url, json={"rates": [{"from": "EUR", "rate": "1.0834", "source": "ECB"}]},
                       headers=auth("ops"))
    result = body(resp)
    assert resp.status_code == 200, result
    assert result["added"] == ["EUR"]
    assert result["posted"] == {"lines": 1, "grossMicro": 2_708_500, "gross": 2.7085, "batches": 1, "waiting": 0}
    assert (result["statement"]["status"], result["statement"]["gross"]) == ("processed", 3.9797)
    issues = body(client.get(f"/api/royalties/statements/{sid}/issues", headers=auth("viewer")))
    assert [(i["line"], i["field"], i["resolution"]) for i in issues] == [(3, "currency", "rate added: posted")]
    again = assert_error(client.post(url, json={"rates": [{"from": "EUR", "rate": "1.1"}]},
                                     headers=auth("ops")), 422, field="rates")
    assert "already converts EUR" in again["errors"]["json"]["rates"]["0.from"][0]
