"""Rightsgraph: rights and royalties on a Neo4j graph. ``create_app()`` is the Flask factory."""
from __future__ import annotations

import datetime as dt

from flask import Flask, send_from_directory
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from app.json import DecimalJSONProvider

SWAGGER_STATIC = "/api/docs/static"


def create_app(overrides: dict | None = None) -> Flask:
    """The API app: JSON errors, JWT auth, OpenAPI at /api/openapi.json and Swagger UI at
    /api/docs served from local files (no CDN)."""
    from app.api import register
    from app.auth import init_auth
    from app.services.db import settings

    app = Flask(__name__)
    app.json = DecimalJSONProvider(app)
    cfg = settings()
    app.config.update(
        API_TITLE="Rightsgraph", API_VERSION="0.1.0", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api", OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs", OPENAPI_SWAGGER_UI_URL=f"{SWAGGER_STATIC}/",
        API_SPEC_OPTIONS={"components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}},
        JWT_SECRET_KEY=cfg.jwt_secret, JWT_ACCESS_TOKEN_EXPIRES=dt.timedelta(hours=8),
        MAX_CONTENT_LENGTH=512 * 1024 * 1024,
    )
    app.config.update(overrides or {})
    init_auth(app)
    api = Api(app)
    register(api)

    @app.route(f"{SWAGGER_STATIC}/<path:filename>")
    def swagger_static(filename):
        return send_from_directory(str(swagger_ui_path), filename)

    return app
