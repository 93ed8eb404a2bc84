"""The REST API: flask-smorest blueprints under /api (OpenAPI at /api/openapi.json)."""
from __future__ import annotations

from flask_smorest import Api

from app.api import (agreements, auth, disputes, health, mandates, money, participants, recordings, registrations,
                     releases, rights, royalties, societies, splits, territories, validation, wallets, works)


def register(api: Api) -> None:
    """Register every blueprint on ``api``."""
    for module in (health, auth, participants, societies, works, recordings, releases, rights, royalties, wallets, money,
                   registrations, territories, mandates, validation, disputes, agreements, splits):
        api.register_blueprint(module.blp)
