"""The identity model over the API: masked tax info (the full TIN nowhere in the graph),
identifiers by scheme (check digits → 422 naming field and rule; duplicates → 409), society
memberships with dates, seeded societies, PATCH /api/participants/{id} (audited before →
after) and the list filters."""
from __future__ import annotations

import json

import pytest

from graph.setup import init_schema
from tests.api.helpers import IPI_BAD_CHECK, IPI_VALID, assert_error, body, participant_body
from tests.graph.helpers import graph_text

SSN = "536-27-4819"
SSN_DIGITS = "536274819"
ISNI_VALID = "0000 0001 2281 955X"
ISNI_COMPACT = "000000012281955X"
ISNI_BAD_CHECK = "0000000122819550"
SEEDED = ["APRA", "ASCAP", "BMI", "COSON", "GEMA", "GHAMRO", "GMR", "HFA", "JASRAC", "MLC", "PPL", "PRS",
          "SACEM", "SAMRO", "SESAC", "SOCAN", "SX"]


def bmi_writer(member_id="IPI-FREE-1", valid_from="2015-01-01", **fields) -> dict:
    return {"society": "BMI", "role": "writer", "memberId": member_id, "validFrom": valid_from, **fields}


def patch(client, auth, pid: str, payload: dict, role: str = "admin"):
    return client.patch(f"/api/participants/{pid}", json=payload, headers=auth(role))


def audit_events(graph, entity_id: str, action: str) -> list[tuple[dict, dict]]:
    records, _, _ = graph.execute_query(
        "MATCH (a:AuditEvent {entityId: $id, action: $action}) RETURN a.before AS before, a.after AS after "
        "ORDER BY a.auditId", id=entity_id, action=action)
    return [(json.loads(r["before"]) if r["before"] else None, json.loads(r["after"])) for r in records]


# -- tax info ------------------------------------------------------------------------------

def test_tax_info_is_masked_everywhere(client, auth, post_json, graph):
    resp = post_json("/api/participants", participant_body("Taxed", taxInfo={"tinType": "SSN", "tin": SSN}))
    data = body(resp)
    assert resp.status_code == 201, data
    assert data["taxInfo"] == {"tinType": "SSN", "last4": "4819"}
    pid = data["participantId"]
    again = client.get(f"/api/participants/{pid}", headers=auth("viewer"))
    assert body(again)["taxInfo"] == {"tinType": "SSN", "last4": "4819"}

    changed = patch(client, auth, pid, {"taxInfo": {"tinType": "EIN", "tin": "74-1234567"}})
    assert body(changed)["taxInfo"] == {"tinType": "EIN", "last4": "4567"}

    records, _, _ = graph.execute_query("MATCH (p:Participant {participantId: $pid}) RETURN p.taxTinType AS t, "
                                        "p.taxTinLast4 AS l", pid=pid)
    assert (records[0]["t"], records[0]["l"]) == ("EIN", "4567")
    text = graph_text(graph)
    for secret in (SSN, SSN_DIGITS, SSN_DIGITS[:5], "74-1234567", "741234567", "7412345"):
        assert secret not in text
        assert secret not in resp.get_data(as_text=True) + changed.get_data(as_text=True)
    [(before, after)] = audit_events(graph, pid, "participant.update")
    assert (before, after) == ({"taxInfo": {"tinType": "SSN", "last4": "4819"}},
                               {"taxInfo": {"tinType": "EIN", "last4": "4567"}})


@pytest.mark.parametrize(("tin_type", "tin", "last4"), [
    ("SSN", "536 27 4819", "4819"), ("EIN", "12-3456789", "6789"), ("ITIN", "912-70-1234", "1234"),
    ("ITIN", "900-94-0001", "0001"), ("VAT", "GB 123 4567 89", "6789"), ("TIN", "ab12cd", "12CD"),
    ("other", "X-99-123", "9123")])
def test_each_tin_type_keeps_type_and_last4(post_json, tin_type, tin, last4):
    data = body(post_json("/api/participants", participant_body("T", taxInfo={"tinType": tin_type, "tin": tin})))
    assert data["taxInfo"] == {"tinType": tin_type, "last4": last4}


@pytest.mark.parametrize(("tin_type", "tin", "rule"), [
    ("SSN", "000-12-3456", "SSA"), ("SSN", "666-12-3456", "SSA"), ("SSN", "912-12-3456", "SSA"),
    ("SSN", "536-00-4819", "SSA"), ("SSN", "53627481", "SSA"), ("EIN", "12-345678", "IRS"),
    ("ITIN", "912-93-1234", "IRS"), ("ITIN", "812-70-1234", "IRS"), ("VAT", "123456789", "VIES"),
    ("TIN", "A1", "4–30")])
def test_bad_tin_is_422_naming_the_rule_not_the_value(post_json, graph, tin_type, tin, rule):
    resp = post_json("/api/participants", participant_body("T", taxInfo={"tinType": tin_type, "tin": tin}))
    data = assert_error(resp, 422, field="taxInfo")
    [message] = data["errors"]["json"]["taxInfo"]["tin"]
    assert rule in message
    assert tin not in resp.get_data(as_text=True)
    records, _, _ = graph.execute_query("MATCH (p:Participant) RETURN count(p) AS n")
    assert records[0]["n"] == 0


def test_unknown_tin_type_is_422(post_json):
    data = assert_error(post_json("/api/participants", participant_body(
        "T", taxInfo={"tinType": "NINO", "tin": "AB123456C"})), 422, field="taxInfo")
    assert "tinType" in data["errors"]["json"]["taxInfo"]


# -- identifiers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("scheme", "value", "rule"), [
    ("IPI", IPI_BAD_CHECK, "invalid IPI: check digits must be 99 (IPI mod 101)"),
    ("IPI", "123456789012", "invalid IPI: IPI name number must be up to 11 digits"),
    ("ISNI", ISNI_BAD_CHECK, "invalid ISNI: check character must be X (ISO 7064 MOD 11-2)"),
    ("ISNI", "123", "invalid ISNI: must be 15 digits + check character 0-9 or X"),
])
def test_bad_identifier_is_422_naming_field_and_rule(post_json, graph, scheme, value, rule):
    data = assert_error(post_json("/api/participants", participant_body(
        "X", identifiers=[{"scheme": "SPOTIFY", "value": "4Z8W4fKeB5YxbusRsdQVPb"},
                          {"scheme": scheme, "value": value}])), 422, field="identifiers")
    assert data["errors"]["json"]["identifiers"] == {"1": {"value": [rule]}}
    records, _, _ = graph.execute_query("MATCH (n) WHERE n:Participant OR n:Identifier RETURN count(n) AS n")
    assert records[0]["n"] == 0


def test_identifiers_are_normalized_and_listed_by_scheme(post_json):
    data = body(post_json("/api/participants", participant_body("Ids", identifiers=[
        {"scheme": "spotify", "value": " 4Z8W4fKeB5YxbusRsdQVPb "}, {"scheme": "ISNI", "value": ISNI_VALID},
        {"scheme": "IPI", "value": "199"}, {"scheme": "APPLE", "value": "1419227"},
        {"scheme": "SX", "value": "SX-0042"}])))
    assert data["identifiers"] == [{"scheme": "APPLE", "value": "1419227"}, {"scheme": "IPI", "value": IPI_VALID},
                                   {"scheme": "ISNI", "value": ISNI_COMPACT},
                                   {"scheme": "SPOTIFY", "value": "4Z8W4fKeB5YxbusRsdQVPb"},
                                   {"scheme": "SX", "value": "SX-0042"}]


def test_unknown_scheme_is_422_listing_every_problem(post_json, graph):
    data = assert_error(post_json("/api/participants", participant_body(
        "X", identifiers=[{"scheme": "IPI", "value": IPI_VALID}, {"scheme": "MYSPACE", "value": "tom"}],
        memberships=[bmi_writer(), {"society": "XYZ", "role": "writer", "validFrom": "2020-01-01"}])), 422)
    errors = data["errors"]["json"]
    assert list(errors["identifiers"]) == ["1"] and "unknown scheme 'MYSPACE'" in errors["identifiers"]["1"]["scheme"][0]
    assert errors["memberships"] == {"1": {"society": ["unknown society 'XYZ' (GET /api/societies)"]}}
    records, _, _ = graph.execute_query("MATCH (n) WHERE n:Participant OR n:Identifier RETURN count(n) AS n")
    assert records[0]["n"] == 0


# -- memberships ---------------------------------------------------------------------------

def test_memberships_with_dates(post_json, graph):
    data = body(post_json("/api/participants", participant_body("Member", "writer", memberships=[
        bmi_writer("287456", "2015-03-01", validTo="2021-01-01"),
        {"society": "ascap", "role": "writer", "memberId": "AS-77", "validFrom": "2021-01-01"},
        {"society": "SX", "role": "performer", "validFrom": "2019-06-01"}])))
    assert data["memberships"] == [
        {"society": "ASCAP", "societyName": "American Society of Composers, Authors and Publishers", "role": "writer",
         "memberId": "AS-77", "validFrom": "2021-01-01", "validTo": None},
        {"society": "BMI", "societyName": "Broadcast Music, Inc.", "role": "writer", "memberId": "287456",
         "validFrom": "2015-03-01", "validTo": "2021-01-01"},
        {"society": "SX", "societyName": "SoundExchange", "role": "performer", "memberId": None,
         "validFrom": "2019-06-01", "validTo": None}]
    records, _, _ = graph.execute_query(
        "MATCH (:Participant {participantId: $pid})-[m:MEMBER_OF]->(s:Society) RETURN s.code AS code, m.role AS role, "
        "toString(m.validFrom) AS f ORDER BY code", pid=data["participantId"])
    assert [(r["code"], r["role"], r["f"]) for r in records] == [
        ("ASCAP", "writer", "2021-01-01"), ("BMI", "writer", "2015-03-01"), ("SX", "performer", "2019-06-01")]


@pytest.mark.parametrize(("memberships", "where"), [
    ([bmi_writer("1", "2015-01-01"), bmi_writer("2", "2018-01-01", validTo="2019-01-01")], ("1", "validFrom")),
    ([bmi_writer("1", "2015-01-01", validTo="2018-06-01"), bmi_writer("2", "2018-01-01")], ("1", "validFrom")),
    ([bmi_writer("1", "2015-01-01", validTo="2014-01-01")], ("0", "validTo")),
    ([bmi_writer("1", "2015-01-01", role="drummer")], ("0", "role")),
    ([{"society": "BMI", "role": "writer"}], ("0", "validFrom")),
])
def test_bad_memberships_are_422_naming_the_item(post_json, graph, memberships, where):
    data = assert_error(post_json("/api/participants", participant_body("M", memberships=memberships)), 422,
                        field="memberships")
    index, field = where
    assert field in data["errors"]["json"]["memberships"][index], data
    records, _, _ = graph.execute_query("MATCH (p:Participant) RETURN count(p) AS n")
    assert records[0]["n"] == 0


def test_back_to_back_memberships_do_not_overlap(post_json):
    resp = post_json("/api/participants", participant_body("M", memberships=[
        bmi_writer("1", "2015-01-01", validTo="2018-01-01"), bmi_writer("2", "2018-01-01"),
        {"society": "BMI", "role": "publisher", "memberId": "P-1", "validFrom": "2016-01-01"}]))
    assert resp.status_code == 201, body(resp)


def test_member_id_used_by_another_participant_is_409(post_json, graph):
    first = body(post_json("/api/participants", participant_body("First", memberships=[bmi_writer("287456")])))
    by_membership = assert_error(post_json("/api/participants", participant_body(
        "Second", memberships=[bmi_writer("287456")])), 409)
    assert by_membership["errors"]["existingId"] == first["participantId"]
    # the same member id given as a BMI identifier is the same identifier
    by_identifier = assert_error(post_json("/api/participants", participant_body(
        "Third", identifiers=[{"scheme": "BMI", "value": "287456"}])), 409)
    assert by_identifier["errors"]["existingId"] == first["participantId"]
    # a different society's member id with the same digits is another identifier
    other = post_json("/api/participants", participant_body("Fourth", identifiers=[{"scheme": "ASCAP", "value": "287456"}]))
    assert other.status_code == 201, body(other)
    records, _, _ = graph.execute_query("MATCH (p:Participant) RETURN collect(p.name) AS names")
    assert sorted(records[0]["names"]) == ["First", "Fourth"]


def test_duplicate_isni_is_409(post_json):
    first = body(post_json("/api/participants", participant_body("A", identifiers=[{"scheme": "ISNI", "value": ISNI_VALID}])))
    data = assert_error(post_json("/api/participants", participant_body(
        "B", identifiers=[{"scheme": "ISNI", "value": ISNI_COMPACT}])), 409)
    assert data["errors"]["existingId"] == first["participantId"]


# -- societies -----------------------------------------------------------------------------

def test_societies_are_seeded_by_db_init(client, auth, graph):
    assert init_schema(graph)["societies"] == len(SEEDED)
    resp = client.get("/api/societies", headers=auth("viewer"))
    rows = body(resp)
    assert [s["code"] for s in rows] == SEEDED
    by_code = {s["code"]: s for s in rows}
    assert by_code["BMI"] == {"code": "BMI", "name": "Broadcast Music, Inc.", "type": "PRO", "country": "US",
                              "cisacCode": "021"}
    assert by_code["GHAMRO"] == {"code": "GHAMRO", "name": "Ghana Music Rights Organisation", "type": "CMO",
                                 "country": "GH", "cisacCode": None}
    assert (by_code["MLC"]["type"], by_code["SX"]["type"], by_code["PPL"]["type"]) == ("MRO", "NRO", "NRO")


def test_societies_filter_by_type_and_country(client, auth):
    us_pros = body(client.get("/api/societies?type=PRO&country=us", headers=auth("viewer")))
    assert [s["code"] for s in us_pros] == ["ASCAP", "BMI", "GMR", "SESAC"]
    cmos = body(client.get("/api/societies?type=CMO", headers=auth("viewer")))
    assert [(s["code"], s["country"]) for s in cmos] == [("COSON", "NG"), ("GHAMRO", "GH")]
    assert_error(client.get("/api/societies?type=GUILD", headers=auth("viewer")), 422, field="type", location="query")


# -- PATCH ---------------------------------------------------------------------------------

@pytest.fixture
def member(make_participant):
    return make_participant("Kofi", "writer", legalName="Kofi Mensah", country="GH",
                            identifiers=[{"scheme": "IPI", "value": IPI_VALID}],
                            memberships=[{"society": "GHAMRO", "role": "writer", "memberId": "GH-1",
                                          "validFrom": "2016-01-01"}])


def test_patch_changes_only_what_is_sent_and_is_audited(client, auth, graph, member):
    pid = member["participantId"]
    resp = patch(client, auth, pid, {"name": "Kofi K", "email": "kofi@example.com", "legalName": None})
    data = body(resp)
    assert resp.status_code == 200, data
    assert (data["name"], data["email"], data["legalName"]) == ("Kofi K", "kofi@example.com", None)
    assert {k: data[k] for k in ("kinds", "country", "identifiers", "memberships", "walletId")} == \
        {k: member[k] for k in ("kinds", "country", "identifiers", "memberships", "walletId")}
    assert body(client.get(f"/api/participants/{pid}", headers=auth("viewer"))) == data
    [(before, after)] = audit_events(graph, pid, "participant.update")
    assert before == {"name": "Kofi", "email": None, "legalName": "Kofi Mensah"}
    assert after == {"name": "Kofi K", "email": "kofi@example.com", "legalName": None}
    records, _, _ = graph.execute_query("MATCH (a:AuditEvent {entityId: $pid}) RETURN a.actor AS actor, a.action AS action "
                                        "ORDER BY a.auditId", pid=pid)
    assert [(r["actor"], r["action"]) for r in records] == [("admin-user", "participant.create"),
                                                            ("admin-user", "participant.update")]


def test_patch_without_a_change_writes_no_audit_event(client, auth, graph, member):
    pid = member["participantId"]
    resp = patch(client, auth, pid, {"name": "Kofi", "identifiers": [{"scheme": "IPI", "value": "199"}]})
    assert resp.status_code == 200, body(resp)
    assert audit_events(graph, pid, "participant.update") == []


def test_patch_ends_a_membership_and_opens_the_next(client, auth, graph, member):
    pid = member["participantId"]
    data = body(patch(client, auth, pid, {"memberships": [
        {"society": "GHAMRO", "role": "writer", "memberId": "GH-1", "validFrom": "2016-01-01", "validTo": "2024-01-01"},
        {"society": "PRS", "role": "writer", "memberId": "PRS-9", "validFrom": "2024-01-01"}]}))
    assert [(m["society"], m["validFrom"], m["validTo"]) for m in data["memberships"]] == [
        ("GHAMRO", "2016-01-01", "2024-01-01"), ("PRS", "2024-01-01", None)]
    # memberships left out of a later PATCH are kept: history is never deleted
    data = body(patch(client, auth, pid, {"memberships": [
        {"society": "SX", "role": "performer", "validFrom": "2024-02-01"}]}))
    assert [m["society"] for m in data["memberships"]] == ["GHAMRO", "PRS", "SX"]
    [(before, after), _] = audit_events(graph, pid, "participant.update")
    assert [m["validTo"] for m in before["memberships"]] == [None]
    assert [(m["society"], m["validTo"]) for m in after["memberships"]] == [("GHAMRO", "2024-01-01"), ("PRS", None)]


def test_patch_membership_overlapping_a_kept_one_is_422(client, auth, graph, member):
    pid = member["participantId"]
    data = assert_error(patch(client, auth, pid, {"memberships": [
        {"society": "GHAMRO", "role": "writer", "memberId": "GH-2", "validFrom": "2020-01-01"}]}), 422,
        field="memberships")
    assert "overlaps the one from 2016-01-01" in data["errors"]["json"]["memberships"]["0"]["validFrom"][0]
    assert body(client.get(f"/api/participants/{pid}", headers=auth("viewer")))["memberships"] == member["memberships"]


def test_patch_identifiers_replaces_the_set_and_own_ids_are_not_duplicates(client, auth, make_participant, member):
    pid = member["participantId"]
    other = make_participant("Other", identifiers=[{"scheme": "ISNI", "value": ISNI_VALID}])["participantId"]
    data = body(patch(client, auth, pid, {"identifiers": [{"scheme": "IPI", "value": IPI_VALID},
                                                          {"scheme": "SPOTIFY", "value": "0OdUWJ0sBjDrqHygGUXeCF"}]}))
    assert data["identifiers"] == [{"scheme": "IPI", "value": IPI_VALID},
                                   {"scheme": "SPOTIFY", "value": "0OdUWJ0sBjDrqHygGUXeCF"}]
    data = body(patch(client, auth, pid, {"identifiers": [{"scheme": "SPOTIFY", "value": "0OdUWJ0sBjDrqHygGUXeCF"}]}))
    assert data["identifiers"] == [{"scheme": "SPOTIFY", "value": "0OdUWJ0sBjDrqHygGUXeCF"}]
    dup = assert_error(patch(client, auth, pid, {"identifiers": [{"scheme": "ISNI", "value": ISNI_COMPACT}]}), 409)
    assert dup["errors"]["existingId"] == other


@pytest.mark.parametrize(("payload", "field"), [
    ({"name": None}, "name"), ({"name": ""}, "name"), ({"kinds": []}, "kinds"), ({"country": "XX"}, "country"),
    ({"identifiers": [{"scheme": "IPI", "value": IPI_BAD_CHECK}]}, "identifiers"), ({"wallet": "x"}, "wallet"),
    ({"taxInfo": {"tinType": "SSN", "tin": "123"}}, "taxInfo")])
def test_bad_patch_is_422_and_changes_nothing(client, auth, graph, member, payload, field):
    pid = member["participantId"]
    assert_error(patch(client, auth, pid, payload), 422, field=field)
    assert body(client.get(f"/api/participants/{pid}", headers=auth("viewer"))) == member
    assert audit_events(graph, pid, "participant.update") == []


def test_patch_unknown_participant_is_404(client, auth):
    data = assert_error(patch(client, auth, "PART-999999", {"name": "X"}), 404)
    assert "PART-999999" in data["message"]


def test_viewer_cannot_patch(client, auth, member):
    assert_error(patch(client, auth, member["participantId"], {"name": "X"}, role="viewer"), 403)


def test_payout_label_is_masked_on_patch(client, auth, member):
    data = body(patch(client, auth, member["participantId"], {
        "payoutMethod": {"type": "bank_transfer", "label": "GCB 0012345678"}}))
    assert data["payoutMethod"] == {"type": "bank_transfer", "label": "GCB ••••5678"}


# -- list filters --------------------------------------------------------------------------

@pytest.fixture
def people(make_participant):
    """Four participants, in id order."""
    return [make_participant("Ama Serwaa", "artist", country="GH", identifiers=[{"scheme": "IPI", "value": IPI_VALID}]),
            make_participant("DJ Kojo", "artist", legalName="Kojo Serwaa Boateng", country="GH",
                             memberships=[bmi_writer("555")]),
            make_participant("Lagos Label", "label", country="NG"),
            make_participant("Writer Ltd", "publisher", country="US", memberships=[
                {"society": "BMI", "role": "publisher", "memberId": "P-77", "validFrom": "2010-01-01",
                 "validTo": "2012-01-01"}])]


@pytest.mark.parametrize(("query", "expected"), [
    ("name=serwaa", [0, 1]), ("name=SERWAA&pageSize=1&page=2", [1]), ("country=gh", [0, 1]), ("country=NG", [2]),
    ("society=bmi", [1, 3]), ("society=BMI&kind=label", []), ("identifier=ipi:199", [0]),
    ("identifier=BMI:555", [1]), ("identifier=BMI:P-77", [3]), ("identifier=ASCAP:555", []),
])
def test_list_filters(client, auth, people, query, expected):
    resp = client.get(f"/api/participants?{query}", headers=auth("viewer"))
    rows = body(resp)
    assert resp.status_code == 200, rows
    assert [r["participantId"] for r in rows] == [people[i]["participantId"] for i in expected]
    totals = {"name=SERWAA&pageSize=1&page=2": 2}
    assert resp.headers["X-Total-Count"] == str(totals.get(query, len(expected)))


@pytest.mark.parametrize(("query", "message"), [
    ("identifier=IPI:198", "invalid IPI: check digits must be 99 (IPI mod 101)"),
    ("identifier=199", "use SCHEME:VALUE, e.g. IPI:00000000199"),
    ("country=GHA", "Length must be 2."),
])
def test_bad_list_filter_is_422(client, auth, query, message):
    field = query.split("=")[0]
    data = assert_error(client.get(f"/api/participants?{query}", headers=auth("viewer")), 422, field=field,
                        location="query")
    assert data["errors"]["query"][field] == [message]


def test_patch_tax_info_null_removes_it(client, auth, graph, post_json):
    pid = body(post_json("/api/participants", participant_body("T", taxInfo={"tinType": "VAT", "tin": "DE123456789"})))[
        "participantId"]
    assert body(patch(client, auth, pid, {"taxInfo": None}))["taxInfo"] is None
    records, _, _ = graph.execute_query("MATCH (p:Participant {participantId: $pid}) RETURN keys(p) AS keys", pid=pid)
    assert not {"taxTinType", "taxTinLast4"} & set(records[0]["keys"])
    assert audit_events(graph, pid, "participant.update") == [({"taxInfo": {"tinType": "VAT", "last4": "6789"}},
                                                               {"taxInfo": None})]
