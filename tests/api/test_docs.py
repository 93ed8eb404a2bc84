"""OpenAPI document, Swagger UI served from local files, health."""
from __future__ import annotations

import re

from tests.api.helpers import body

README_PATHS = {
    "/api/auth/token", "/api/participants", "/api/participants/{participant_id}", "/api/works",
    "/api/recordings", "/api/rights/relations", "/api/rights/graph/{entity_id}",
    "/api/royalties/statements", "/api/royalties/statements/{statement_id}",
    "/api/royalties/statements/{statement_id}/process", "/api/royalties/statements/{statement_id}/issues",
    "/api/wallets/{participant_id}", "/api/money/hub/{participant_id}", "/api/health",
}


def test_openapi_lists_the_paths(client):
    resp = client.get("/api/openapi.json")
    spec = body(resp)
    assert resp.status_code == 200
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= README_PATHS
    assert set(spec["paths"]["/api/participants"]) >= {"get", "post"}
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_swagger_ui_is_served_from_local_files(client):
    resp = client.get("/api/docs")
    assert resp.status_code == 200
    assert resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "a CDN URL in the Swagger UI page"
    scripts = re.findall(r"""<script[^>]+src\s*=\s*["']([^"']+)["']""", html)
    bundle = [s for s in scripts if "swagger-ui-bundle" in s]
    assert bundle, scripts
    for url in scripts + re.findall(r"""<link[^>]+href\s*=\s*["']([^"']+)["']""", html):
        assert url.startswith("/api/docs/static/"), url
        static = client.get(url)
        assert static.status_code == 200, url
        assert static.data
        static.close()
    assert "/api/openapi.json" in html


def test_health(client, graph):
    resp = client.get("/api/health")
    assert resp.status_code == 200
    assert body(resp) == {"status": "ok", "neo4j": "ok"}
