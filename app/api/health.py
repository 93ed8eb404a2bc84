"""GET /api/health: liveness plus a Neo4j round trip (used by docker-compose health checks)."""
from __future__ import annotations

from flask_smorest import Blueprint, abort
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from app.services.db import driver

blp = Blueprint("health", __name__, url_prefix="/api", description="Service health")


@blp.route("/health")
@blp.response(200)
def health():
    """``{"status": "ok", "neo4j": "ok"}``, or 503 when the graph is unreachable."""
    try:
        driver().execute_query("RETURN 1")
    except (ServiceUnavailable, Neo4jError, OSError) as exc:
        abort(503, message=f"neo4j unreachable: {exc}")
    return {"status": "ok", "neo4j": "ok"}
