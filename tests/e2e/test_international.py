"""Issue 7's acceptance, end to end over the real API (and the play-log CLI an operator runs):
partner ASCAP with an Active agreement for GH; its CSV repertoire imported; a play-log window
of a Ghana station imported, attributed and charged; the QA queue and the unmatched plays
worked through; the 2025-Q1 cycle closed into line items with exact gross / fee / net; the
CSV, CWR and DDEX-DSR reports exported; a remittance created, its statement downloaded, marked
Sent then Settled. Real Neo4j, nothing mocked."""
from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from decimal import Decimal

import pytest

from app import create_app
from app.services.users import create_user
from importers.repertoire import cwr
from importers.repertoire.records import RepertoireWork
from tests.api.helpers import PASSWORD, bearer, body, token
from tests.fixtures_paths import ASCAP_RECORDINGS_CSV, ASCAP_WORKS_CSV, USAGE_CSV

STATION = {"name": "Joy FM", "stationClass": "national", "country": "GH", "timezone": "Africa/Accra",
           "streamIds": ["joy-997"], "currency": "GHS",
           "licence": {"status": "active", "number": "NCA-001", "validFrom": "2024-01-01", "coverage": ["GH"]}}
TARIFF = {"stationClass": "national", "usageType": "featured", "basis": "per_play", "rate": 2, "currency": "GHS",
          "validFrom": "2024-01-01"}  # default right split 50/50: 1.00 of each play is the work's performance side
FEE = Decimal("0.15")


@pytest.fixture
def api(graph):
    client = create_app({"TESTING": True}).test_client()
    headers = {}
    for role in ("admin", "ops", "finance", "viewer"):
        create_user(f"{role}-user", PASSWORD, role)
        headers[role] = bearer(token(client, f"{role}-user"))

    def call(method: str, url: str, role: str, expect: int, **kw):
        resp = client.open(url, method=method, headers=headers[role], **kw)
        assert resp.status_code == expect, (method, url, resp.status_code, resp.get_data(as_text=True)[:800])
        return resp
    return call


def _json(resp):
    return body(resp)


def _upload(api, path, role="ops", expect=201, **fields):
    with open(path, "rb") as fh:
        return _json(api("POST", "/api/partners/ASCAP/repertoire/import", role, expect,
                         data={"file": (fh, path.name), "format": "csv", **fields},
                         content_type="multipart/form-data"))


def test_ascap_partner_from_repertoire_to_settled_remittance(api, tmp_path):
    # -- partner and agreement (contracts are an admin matter) ---------------------------------
    partner = _json(api("POST", "/api/partners", "admin", 201, json={
        "code": "ASCAP", "name": "ASCAP", "country": "US", "reportingStandard": "CSV-Custom",
        "defaultAdminFeePercent": 20, "remittanceRequirements": {"currency": "USD", "withholdingTaxPercent": 10}}))
    api("POST", "/api/partners", "ops", 403, json={"code": "PRS", "name": "PRS", "country": "GB",
                                                   "reportingStandard": "CWR", "defaultAdminFeePercent": 10})
    agreement = _json(api("POST", "/api/partners/ASCAP/agreements", "admin", 201, json={
        "territories": ["GH"], "validFrom": "2025-01-01", "adminFeePercent": 15,
        "reportingFrequency": "Quarterly", "status": "Active"}))
    assert agreement["status"] == "Active" and agreement["effectiveAdminFeePercent"] == 15

    # -- repertoire: normalized works and recordings; a second import of the same file is a no-op
    works_log = _upload(api, ASCAP_WORKS_CSV)["log"]
    assert works_log["errors"] == [] and works_log["created"]["works"] == 10
    recordings_log = _upload(api, ASCAP_RECORDINGS_CSV)["log"]
    assert recordings_log["created"]["recordings"] == 10  # Kente Skies too, reported without ISRC:
    assert [m["title"] for m in recordings_log["missingIds"]] == ["Kente Skies"]
    again = _upload(api, ASCAP_WORKS_CSV, expect=200)
    assert again["log"]["created"] == works_log["created"]
    repertoire = api("GET", "/api/partners/ASCAP/repertoire?kind=work&q=Midnight", "viewer", 200)
    (midnight,) = _json(repertoire)
    assert (midnight["title"], midnight["iswc"]) == ("Midnight in Accra", "T-345.246.800-3")
    assert agreement["agreementId"] and _json(api("GET", f"/api/reciprocal-agreements/{agreement['agreementId']}",
                                                  "viewer", 200))["mandates"]["active"] == 10

    # -- a station, its funds and tariff; the play-log window through the operator's CLI --------
    station = _json(api("POST", "/api/stations", "ops", 201, json=STATION))
    api("POST", f"/api/stations/{station['stationId']}/topups", "finance", 201,
        json={"amount": 100, "reference": "bank-1"})
    api("POST", "/api/tariffs", "finance", 201, json=TARIFF)
    run = subprocess.run([sys.executable, "-m", "app.cli", "import", "playlogs", str(USAGE_CSV)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr + run.stdout

    plays = _json(api("GET", "/api/playlogs?pageSize=100", "viewer", 200))
    assert len(plays) == 20
    by_line = {p["line"]: p for p in plays}  # play joy-2502-000n is on line n + 1
    assert (by_line[2]["status"], by_line[2]["originPartner"]) == ("matched", "ASCAP")  # an ASCAP ISRC
    assert by_line[2]["recordingId"] and by_line[2]["chargeStatus"] == "charged"
    assert (by_line[6]["status"], by_line[6]["recordingId"]) == ("matched", None)  # ISWC only: the work
    assert by_line[6]["workId"] and by_line[6]["originPartner"] == "ASCAP"

    # -- QA: confirm every candidate in review; resolve one unmatched play by hand --------------
    for item in _json(api("GET", "/api/qa/attributions?pageSize=100", "viewer", 200)):
        target = ({"recordingId": item["candidateRecordingId"]} if item.get("candidateRecordingId")
                  else {"workId": item["candidateWorkId"]})
        api("POST", f"/api/qa/attributions/{item['playId']}/link", "ops", 200, json={**target, "note": "confirmed"})
    unmatched = _json(api("GET", "/api/usage/unmatched?pageSize=100", "viewer", 200))
    titles = sorted(p["title"] for p in unmatched)
    assert {"Market Day Shuffle", "Odo Nti", "Saturday Groove"} <= set(titles)
    neon = next(w for w in _json(api("GET", "/api/partners/ASCAP/repertoire?kind=work&q=Neon", "viewer", 200)))
    groove = next(p for p in unmatched if p["title"] == "Saturday Groove")
    api("POST", f"/api/qa/attributions/{groove['playId']}/link", "viewer", 403, json={"workId": neon["id"]})
    api("POST", f"/api/qa/attributions/{groove['playId']}/link", "ops", 200,
        json={"workId": neon["id"], "note": "a live medley of Neon Prayer"})
    still_unmatched = len(unmatched) - 1
    assert len(_json(api("GET", "/api/usage/unmatched?pageSize=100", "viewer", 200))) == still_unmatched
    counted = 20 - still_unmatched  # every other play is an ASCAP work's: 1.00 GHS each

    # -- the cycle: line items with exact gross / fee / net; locked; closing twice changes nothing
    cycle = _json(api("POST", "/api/royalties/cycles", "ops", 201, json={"territory": "GH", "period": "2025-Q1"}))
    cid = cycle["cycleId"]
    api("POST", f"/api/royalties/cycles/{cid}/close", "finance", 403)
    closed = _json(api("POST", f"/api/royalties/cycles/{cid}/close", "ops", 200))
    assert closed["status"] == "Locked"
    assert _json(api("POST", f"/api/royalties/cycles/{cid}/close", "ops", 200)) == closed
    items = _json(api("GET", f"/api/royalties/cycles/{cid}/line-items?partner=ASCAP&pageSize=100", "viewer", 200))
    gross = sum(Decimal(str(i["gross"])) for i in items)
    fee = sum(Decimal(str(i["fee"])) for i in items)
    net = sum(Decimal(str(i["net"])) for i in items)
    assert sum(i["usageCount"] for i in items) == counted
    assert (gross, fee, net) == (Decimal(counted), counted * FEE, counted * (1 - FEE))
    for i in items:
        assert Decimal(str(i["fee"])) == Decimal(str(i["gross"])) * FEE and i["partnerCode"] == "ASCAP"
        assert Decimal(str(i["gross"])) - Decimal(str(i["fee"])) == Decimal(str(i["net"]))

    # -- exports: CSV (per play, adding up), CWR snapshot, DDEX-DSR; each with its sha256 --------
    exports = {}
    for fmt in ("csv", "cwr", "ddex-dsr"):
        api("POST", f"/api/royalties/cycles/{cid}/partners/ASCAP/export?format={fmt}", "ops", 403)
        exports[fmt] = _json(api("POST", f"/api/royalties/cycles/{cid}/partners/ASCAP/export?format={fmt}",
                                 "finance", 201))
        data = api("GET", f"/api/exports/{exports[fmt]['exportId']}/file", "viewer", 200).data
        assert hashlib.sha256(data).hexdigest() == exports[fmt]["sha256"]
        exports[fmt]["data"] = data
    rows = list(csv.DictReader(io.StringIO(exports["csv"]["data"].decode("utf-8"))))
    assert len(rows) == counted
    net_column = next(k for k in rows[0] if k.lower() == "net")
    assert sum(Decimal(r[net_column]) for r in rows) == net
    assert b"RadioBroadcastProfile" in exports["ddex-dsr"]["data"]

    # -- remittance: 10 % withholding, paid in USD; statement; Sent then Settled ------------------
    fx = {"to": "USD", "rate": "0.08", "source": "Bank of Ghana", "date": "2025-04-02"}
    api("POST", f"/api/royalties/cycles/{cid}/partners/ASCAP/remit", "ops", 403, json={"fx": fx})
    remittance = _json(api("POST", f"/api/royalties/cycles/{cid}/partners/ASCAP/remit", "finance", 201,
                           json={"fx": fx}))
    withholding = net * Decimal("0.10")
    payable = net - withholding
    assert Decimal(str(remittance["net"])) == net and Decimal(str(remittance["withholding"])) == withholding
    assert Decimal(str(remittance["payable"])) == payable
    assert Decimal(str(remittance["remitted"])) == payable * Decimal("0.08")
    assert remittance["status"] == "Pending" and remittance["cycleStatus"] == "Invoiced"
    rid = remittance["remittanceId"]
    statement = api("GET", f"/api/remittances/{rid}/statement?format=csv", "viewer", 200).get_data(as_text=True)
    assert str(payable) in statement or f"{payable:.2f}" in statement
    pdf = api("GET", f"/api/remittances/{rid}/statement?format=pdf", "viewer", 200)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    api("POST", f"/api/remittances/{rid}/status", "finance", 409, json={"status": "Settled"})
    api("POST", f"/api/remittances/{rid}/status", "finance", 200, json={"status": "Sent", "reference": "WIRE-1"})
    settled = _json(api("POST", f"/api/remittances/{rid}/status", "finance", 200, json={"status": "Settled"}))
    assert settled["status"] == "Settled"
    assert _json(api("GET", f"/api/royalties/cycles/{cid}", "viewer", 200))["status"] == "Remitted"
    pool = _json(api("GET", "/api/pool?currency=GHS", "finance", 200))
    assert pool["balanced"] is True
    snapshot = tmp_path / exports["cwr"]["filename"]
    snapshot.write_bytes(exports["cwr"]["data"])
    iswcs = {w.iswc for w in cwr.parse(snapshot) if isinstance(w, RepertoireWork)}
    assert "T-345.246.800-3" in iswcs and len(iswcs) == len({i["workId"] for i in items})
    assert partner["participantId"].startswith("PART-")
