"""Partners, reciprocal agreements and their COLLECTS mandates on the real graph (issue 7 item 1),
and the reporting periods the scheduler closes (item 8)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from app.services import collects, mandates, partners, quality
from app.services import reciprocal_agreements as ra
from app.services.catalog import UnknownEntity, upsert_participants, upsert_works
from app.services.db import write
from app.services.entities import InvalidInput
from app.services.reporting_periods import periods, valid_frequency

D = dt.date
ASCAP = {"code": "ascap", "name": "ASCAP", "country": "US", "reportingStandard": "CWR",
         "defaultAdminFeePercent": Decimal("15"), "contact": {"name": "Intl desk", "email": "intl@ascap.test"},
         "remittanceRequirements": {"currency": "USD", "withholdingTaxPercent": Decimal("7.5")}}


def repertoire(graph, code: str, titles: list[str]) -> list[str]:
    """Works linked IN_REPERTOIRE_OF the society ``code`` (as the repertoire import links them)."""
    ids = write(lambda tx: upsert_works(tx, [{"ref": t, "title": t} for t in titles]).ids)
    work_ids = [ids[t] for t in titles]
    graph.execute_query("MATCH (s:Society {code: $code}) UNWIND $ids AS wid MATCH (w:Work {workId: wid}) "
                        "MERGE (w)-[:IN_REPERTOIRE_OF {importId: 'RPI-000001', since: datetime()}]->(s)",
                        code=code, ids=work_ids)
    return work_ids


def edges(graph, work_id: str) -> list[dict]:
    records, _, _ = graph.execute_query(
        "MATCH (s:Society)-[m:COLLECTS]->(:Work {workId: $w}) RETURN s.code AS code, properties(m) AS m "
        "ORDER BY code, m.rightType", w=work_id)
    return [{"code": r["code"], **{k: v for k, v in r["m"].items() if k not in ("createdAt", "updatedAt")}}
            for r in records]


def agreement(partner="ASCAP", **fields) -> dict:
    return ra.create_agreement({"partner": partner, "territories": ["GH"], "validFrom": "2025-01-01",
                                "reportingFrequency": "Quarterly", **fields}, "admin")


@pytest.fixture
def ascap(graph):
    return partners.create_partner(ASCAP, "admin")


def test_partner_reuses_the_seeded_society_and_reads_by_id_or_code(ascap, graph):
    assert ascap["code"] == "ASCAP" and ascap["participantId"].startswith("PART-")
    assert ascap["societyType"] == "PRO" and ascap["active"] is True
    assert ascap["defaultAdminFeePercent"] == Decimal("15")
    assert ascap["remittanceRequirements"] == {"currency": "USD", "withholdingTaxPercent": Decimal("7.5")}
    assert ascap["currency"] == "USD"
    assert ascap["contact"]["email"] == "intl@ascap.test"
    assert partners.get_partner("ascap") == partners.get_partner(ascap["participantId"]) == ascap
    records, _, _ = graph.execute_query("MATCH (s:Society {code: 'ASCAP'}) RETURN labels(s) AS l, s.cisacCode AS c")
    assert set(records[0]["l"]) == {"Society", "Participant", "Publisher"} and records[0]["c"] == "010"
    audit, _, _ = graph.execute_query("MATCH (a:AuditEvent {action: 'partner.create'}) RETURN a.entityId AS e")
    assert [r["e"] for r in audit] == [ascap["participantId"]]


def test_partner_twice_unknown_code_and_bad_fields(ascap):
    with pytest.raises(partners.PartnerExists) as exc:
        partners.create_partner({**ASCAP, "code": "ASCAP"}, "admin")
    assert exc.value.participant_id == ascap["participantId"]
    xyz = partners.create_partner({**ASCAP, "code": "XYZ", "name": "New Society", "country": "FR"}, "admin")
    assert xyz["societyType"] == "PRO" and xyz["country"] == "FR" and xyz["name"] == "New Society"
    with pytest.raises(InvalidInput) as bad:
        partners.create_partner({**ASCAP, "code": "ZZ", "country": "XX", "reportingStandard": "PDF",
                                 "defaultAdminFeePercent": Decimal("100.00001")}, "admin")
    assert set(bad.value.errors) == {"country", "reportingStandard", "defaultAdminFeePercent"}
    with pytest.raises(UnknownEntity):
        partners.get_partner("NOPE")


def test_list_and_update_partner_carries_fee_to_mandates(ascap, graph):
    partners.create_partner({**ASCAP, "code": "PRS", "country": "GB", "active": False}, "admin")
    rows, total = partners.list_partners(0, 10)
    assert total == 2 and [r["code"] for r in rows] == ["ASCAP", "PRS"]
    assert [r["code"] for r in partners.list_partners(0, 10, active=False)[0]] == ["PRS"]
    work = repertoire(graph, "ASCAP", ["Song A"])[0]
    agreement(status="Active")
    updated = partners.update_partner("ASCAP", {"defaultAdminFeePercent": Decimal("12.5"), "name": "ASCAP"}, "admin")
    assert updated["defaultAdminFeePercent"] == Decimal("12.5")
    assert edges(graph, work)[0]["feePercent"] == "12.5"
    audit, _, _ = graph.execute_query("MATCH (a:AuditEvent {action: 'partner.update'}) "
                                      "RETURN a.before AS b, a.after AS a")
    assert [(r["b"], r["a"]) for r in audit] == [('{"defaultAdminFeePercent": "15"}',
                                                  '{"defaultAdminFeePercent": "12.5"}')]


def test_activation_writes_one_mandate_per_work_and_right(ascap, graph):
    works = repertoire(graph, "ASCAP", ["Song A", "Song B"])
    draft = agreement(rightTypes=["performance", "mechanical"], adminFeePercent=Decimal("20"))
    assert draft["status"] == "Draft" and draft["mandates"] == {"active": 0, "suspended": 0, "superseded": 0}
    active = ra.set_status(draft["agreementId"], "Active", "admin")
    assert active["mandates"]["active"] == 4 and active["effectiveAdminFeePercent"] == Decimal("20")
    assert edges(graph, works[0]) == [
        {"code": "ASCAP", "agreementId": draft["agreementId"], "rightType": r, "territories": ["GH"], "excluded": [],
         "validFrom": _neo(D(2025, 1, 1)), "feePercent": "20",
         "basis": "reciprocal", "status": "active"} for r in ("mechanical", "performance")]
    # a new repertoire work: the import gives it the mandates, idempotently
    new = repertoire(graph, "ASCAP", ["Song C"])
    assert write(ra.add_repertoire_mandates, "ASCAP", new) == 2
    assert write(ra.add_repertoire_mandates, "ASCAP", new + works) == 0
    assert ra.get_agreement(draft["agreementId"])["mandates"]["active"] == 6


def _neo(day: dt.date):
    from neo4j.time import Date
    return Date(day.year, day.month, day.day)


def test_suspend_reactivate_terminate(ascap, graph):
    work = repertoire(graph, "ASCAP", ["Song A"])[0]
    aid = agreement(status="Active")["agreementId"]
    assert mandates.resolve_one(work, "GH", D(2025, 3, 1), "performance")["outcome"] == "reciprocal"
    suspended = ra.set_status(aid, "Suspended", "admin")
    assert suspended["mandates"] == {"active": 0, "suspended": 1, "superseded": 0}
    assert mandates.resolve_one(work, "GH", D(2025, 3, 1), "performance")["outcome"] == "suspense"
    later = repertoire(graph, "ASCAP", ["Song B"])[0]  # imported while suspended
    assert write(ra.add_repertoire_mandates, "ASCAP", [later]) == 0
    assert ra.set_status(aid, "Active", "admin")["mandates"] == {"active": 2, "suspended": 0, "superseded": 0}
    ended = ra.set_status(aid, "Terminated", "admin", on=D(2025, 7, 1))
    assert ended["status"] == "Terminated" and ended["validTo"] == D(2025, 7, 1)
    assert ended["mandates"] == {"active": 0, "suspended": 0, "superseded": 2}
    assert edges(graph, work)[0]["validTo"] == _neo(D(2025, 7, 1))
    assert mandates.resolve_one(work, "GH", D(2025, 6, 30), "performance")["outcome"] == "reciprocal"
    assert mandates.resolve_one(work, "GH", D(2025, 7, 1), "performance")["outcome"] == "suspense"
    for status in ("Active", "Suspended", "Terminated"):
        with pytest.raises(ra.StatusConflict):
            ra.set_status(aid, status, "admin")
    actions, _, _ = graph.execute_query("MATCH (a:AuditEvent) WHERE a.entityId = $id RETURN a.action AS x "
                                        "ORDER BY a.auditId", id=aid)
    assert [r["x"] for r in actions] == ["reciprocal_agreement.create", "reciprocal_agreement.suspended",
                                         "reciprocal_agreement.active", "reciprocal_agreement.terminated"]


def test_transitions_from_draft_and_overlap(ascap, graph):
    aid = agreement()["agreementId"]
    with pytest.raises(ra.StatusConflict):
        ra.set_status(aid, "Suspended", "admin")
    first = agreement(territories=["2AF"], status="Active")  # Africa includes GH
    with pytest.raises(ra.StatusConflict) as exc:
        ra.set_status(aid, "Active", "admin")
    assert exc.value.other == first["agreementId"]
    assert ra.get_agreement(aid)["status"] == "Draft"  # nothing written
    # no overlap: another right type, or excluded country, or after the first one ends
    assert agreement(rightTypes=["mechanical"], status="Active")["status"] == "Active"
    no_gh = agreement(territories=["2AF"], excluded=["GH", "NG"], validFrom="2024-01-01", status="Draft")
    assert no_gh["status"] == "Draft"
    with pytest.raises(InvalidInput) as bad:
        agreement(territories=["QQ"], validTo="2024-01-01", reportingFrequency="*/5 * * * *",
                  adminFeePercent=Decimal("-1"))
    assert set(bad.value.errors) == {"territories", "validTo", "reportingFrequency", "adminFeePercent"}
    with pytest.raises(InvalidInput):
        ra.set_status(aid, "Terminated", "admin", on=D(2024, 1, 1))


def test_reciprocal_outcome_and_local_direct_deal_wins(ascap, graph):
    work = repertoire(graph, "ASCAP", ["Song A"])[0]
    agreement(status="Active", adminFeePercent=Decimal("10"))
    ghana = mandates.resolve_one(work, "GH", D(2025, 5, 1), "performance")
    assert ghana["outcome"] == "reciprocal"
    assert ghana["collector"] == {"id": ascap["participantId"], "kind": "society", "name": "ASCAP",
                                  "societyCode": "ASCAP"}
    assert ghana["mandate"]["feePercent"] == Decimal("10")
    assert mandates.resolve_one(work, "NG", D(2025, 5, 1), "performance")["outcome"] == "suspense"
    local = write(lambda tx: upsert_participants(tx, [{"ref": "L", "kinds": ["publisher"], "name": "Local"}],
                                                 "GHS").ids)["L"]
    collects.create_collects([{"collectorId": local, "targetId": work, "rightType": "performance",
                               "basis": "direct", "territories": ["GH"], "validFrom": D(2025, 1, 1)}], "admin")
    direct = mandates.resolve_one(work, "GH", D(2025, 5, 1), "performance")
    assert (direct["outcome"], direct["collector"]["id"]) == ("direct", local)


def test_two_partners_claiming_a_work_is_a_quality_issue(ascap, graph):
    partners.create_partner({**ASCAP, "code": "PRS", "country": "GB"}, "admin")
    work = repertoire(graph, "ASCAP", ["Shared Song"])[0]
    graph.execute_query("MATCH (s:Society {code: 'PRS'}), (w:Work {workId: $w}) "
                        "MERGE (w)-[:IN_REPERTOIRE_OF]->(s)", w=work)
    agreement(status="Active")
    agreement("PRS", territories=["2AF"], status="Active")
    issues, total = quality.list_issues(0, 10, kind=ra.CONFLICT_KIND)
    assert total == 1 and issues[0]["key"] == f"{ra.CONFLICT_KIND}|{work}|performance|ASCAP+PRS"
    assert issues[0]["witness"]["sharedCountries"] == ["GH"]
    write(ra.add_repertoire_mandates, "PRS", [work])  # re-run refreshes, not duplicates
    assert quality.list_issues(0, 10, kind=ra.CONFLICT_KIND)[1] == 1
    assert mandates.resolve_one(work, "GH", D(2025, 5, 1), "performance")["outcome"] == "conflict"


def test_effective_fee_precedence():
    assert ra.effective_fee_percent({"adminFeePercent": "12"}, {"defaultAdminFeePercent": Decimal("15")},
                                    override="9.5") == Decimal("9.5")
    assert ra.effective_fee_percent({"adminFeePercent": "12"}, {"defaultAdminFeePercent": Decimal("15")}) == Decimal(12)
    assert ra.effective_fee_percent({"adminFeePercent": None}, {"defaultAdminFeePercent": "15"}) == Decimal(15)


def test_reporting_periods():
    q = list(periods("Quarterly", D(2025, 2, 15), D(2025, 10, 1)))
    assert [(p["period"], p["periodStart"], p["periodEnd"]) for p in q] == [
        ("2025-Q1", D(2025, 1, 1), D(2025, 4, 1)), ("2025-Q2", D(2025, 4, 1), D(2025, 7, 1)),
        ("2025-Q3", D(2025, 7, 1), D(2025, 10, 1))]
    assert [p["period"] for p in periods("SemiAnnual", D(2024, 8, 1), D(2025, 7, 1))] == ["2024-H2", "2025-H1"]
    assert [p["period"] for p in periods("Annual", D(2024, 1, 1), D(2025, 12, 31))] == ["2024"]
    monthly = list(periods("0 0 1 * *", D(2025, 1, 10), D(2025, 3, 1)))
    assert [(p["periodStart"], p["periodEnd"]) for p in monthly] == [(D(2025, 1, 10), D(2025, 2, 1)),
                                                                     (D(2025, 2, 1), D(2025, 3, 1))]
    assert valid_frequency("0 0 1 */2 *") is None and valid_frequency("Monthly") and valid_frequency("0 * * * *")


def test_due_cycles_and_mark_closed(ascap, graph):
    aid = agreement(status="Active", territories=["GH", "NG"])["agreementId"]
    agreement(rightTypes=["mechanical"])  # Draft: never due
    due = ra.due_cycles(D(2025, 7, 1))
    assert [(d["period"], d["territory"]) for d in due] == [("2025-Q1", "GH"), ("2025-Q1", "NG"),
                                                            ("2025-Q2", "GH"), ("2025-Q2", "NG")]
    assert due[0] == {"agreementId": aid, "partnerCode": "ASCAP", "territory": "GH", "period": "2025-Q1",
                      "periodStart": D(2025, 1, 1), "periodEnd": D(2025, 4, 1)}
    assert ra.mark_cycle_closed(aid, D(2025, 4, 1))["lastCycleEnd"] == D(2025, 4, 1)
    assert ra.mark_cycle_closed(aid, D(2025, 1, 1))["lastCycleEnd"] == D(2025, 4, 1)  # never goes back
    assert [d["period"] for d in ra.due_cycles(D(2025, 7, 1))] == ["2025-Q2", "2025-Q2"]
    assert ra.due_cycles(D(2025, 6, 30)) == []


def test_cli_partners_and_agreements(graph):
    from click.testing import CliRunner

    from app.cli import main

    cli = CliRunner()
    added = cli.invoke(main, ["partners", "add", "--code", "prs", "--name", "PRS for Music", "--country", "GB",
                              "--standard", "DDEX-DSR", "--admin-fee", "12.5", "--remittance", '{"currency": "GBP"}'])
    assert added.exit_code == 0, added.output
    assert "PRS" in added.output and "admin fee 12.5 %" in added.output and "currency GBP" in added.output
    again = cli.invoke(main, ["partners", "add", "--code", "PRS", "--name", "x", "--country", "GB", "--standard",
                              "CWR", "--admin-fee", "1"])
    assert again.exit_code == 1 and "already partner" in again.output
    created = cli.invoke(main, ["partners", "agreement", "add", "--partner", "PRS", "--territory", "GH",
                                "--from", "2025-01-01", "--frequency", "0 0 1 */2 *", "--active", "--json"])
    assert created.exit_code == 0, created.output
    aid = json.loads(created.output)["agreementId"]
    suspended = cli.invoke(main, ["partners", "agreement", "status", aid, "Suspended"])
    assert suspended.exit_code == 0 and "Suspended" in suspended.output
    shown = json.loads(cli.invoke(main, ["partners", "show", "prs", "--json"]).output)
    assert shown["code"] == "PRS" and [a["status"] for a in shown["agreementList"]] == ["Suspended"]
    due = cli.invoke(main, ["partners", "due-cycles", "--today", "2025-06-01"])
    assert due.exit_code == 0 and "nothing due" in due.output  # a suspended agreement is not due
