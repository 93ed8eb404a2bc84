"""GET /api/territories (paginated, filters) and GET /api/territories/resolve."""
from __future__ import annotations

from tests.api.helpers import assert_error, bearer, body, token
from app.services.users import create_user


def test_list_filters_by_kind_and_region_and_paginates(client, auth):
    resp = client.get("/api/territories?kind=country&partOf=2EN&page=2&pageSize=10", headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    assert resp.headers["X-Total-Count"] == "27"
    page = body(resp)
    assert [t["code"] for t in page] == ["FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT"]
    assert page[0] == {"code": "FR", "name": "France", "kind": "country", "tisCode": 250,
                       "partOf": ["2EC", "2EM", "2EN"]}


def test_list_finds_a_territory_by_its_tis_numeric_code(client, auth):
    for tis, expected in ((288, {"code": "GH", "name": "Ghana", "kind": "country", "tisCode": 288,
                                 "partOf": ["2AF", "2CF"]}),
                          (2136, {"code": "WORLD", "name": "World", "kind": "world", "tisCode": 2136, "partOf": []})):
        resp = client.get(f"/api/territories?tisCode={tis}", headers=auth("viewer"))
        assert (resp.status_code, body(resp), resp.headers["X-Total-Count"]) == (200, [expected], "1")
    regions = client.get("/api/territories?kind=region&pageSize=500", headers=auth("viewer"))
    assert regions.headers["X-Total-Count"] == "36"  # 35 CISAC TIS groups + DistroKid's OU
    assert {"2AF", "2EN", "2CO", "OU"} <= {t["code"] for t in body(regions)}


def test_resolve_a_country_against_include_and_exclude_lists(client, auth):
    resp = client.get("/api/territories/resolve?country=GH&territories=WORLD&excluded=GH,NG", headers=auth("viewer"))
    assert (resp.status_code, body(resp)) == (200, {
        "country": "GH", "territories": ["WORLD"], "excluded": ["GH", "NG"], "matches": False, "path": ["GH"],
        "includedBy": "WORLD", "excludedBy": "GH"})
    resp = client.get("/api/territories/resolve?country=KE&territories=2EN,2AF&excluded=NG", headers=auth("viewer"))
    assert body(resp) == {"country": "KE", "territories": ["2EN", "2AF"], "excluded": ["NG"], "matches": True,
                          "path": ["KE", "2AF"], "includedBy": "2AF", "excludedBy": None}
    defaults = body(client.get("/api/territories/resolve?country=US", headers=auth("viewer")))
    assert (defaults["matches"], defaults["path"]) == (True, ["US", "2AP", "WORLD"])  # shortest chain (APEC), ties by code


def test_every_signed_in_role_reads_territories_but_not_anonymously(client, graph):
    create_user("a-participant", "pw-territories-1", "participant", "PART-000001")
    headers = bearer(token(client, "a-participant", "pw-territories-1"))
    assert client.get("/api/territories?tisCode=288", headers=headers).status_code == 200
    assert_error(client.get("/api/territories"), 401)


def test_unknown_codes_are_422_naming_the_query_field(client, auth):
    data = assert_error(client.get("/api/territories/resolve?country=XX&territories=WORLD,EU&excluded=ZZ",
                                   headers=auth("viewer")), 422)
    assert set(data["errors"]["query"]) == {"country", "territories", "excluded"}
    assert "unknown territory 'EU'" in str(data["errors"]["query"]["territories"])
    assert_error(client.get("/api/territories?partOf=NOPE", headers=auth("viewer")), 422, field="partOf",
                 location="query")
    assert_error(client.get("/api/territories?kind=planet", headers=auth("viewer")), 422, field="kind",
                 location="query")
