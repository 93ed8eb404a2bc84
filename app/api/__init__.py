"""The REST API: flask-smorest blueprints under /api (OpenAPI at /api/openapi.json)."""
from __future__ import annotations

from flask_smorest import Api

from app.api import auth, catalog, health, money, participants, rights, royalties, wallets


def register(api: Api) -> None:
    """Register every blueprint on ``api``."""
    for module in (health, auth, participants, catalog, rights, royalties, wallets, money):
        api.register_blueprint(module.blp)
