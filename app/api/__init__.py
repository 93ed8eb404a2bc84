"""The REST API: flask-smorest blueprints under /api (OpenAPI at /api/openapi.json)."""
from __future__ import annotations

from flask_smorest import Api

from app.api import (agreements, auth, disputes, health, mandates, money, participants, recordings, registrations,
                     releases, rights, royalties, societies, splits, territories, validation, wallets, works)
from app.api import templates  # statement mapping templates, layout detection, statement list, events
from app.api import payouts  # payout methods, payouts, payout runs
from app.api import advances, money_holds  # advances; the Money Hub's disputes and advances payloads
from app.api import account, artist_statements  # plans and upgrades; artist statements (JSON, CSV, PDF)
from app.api import playlogs, pool, stations, tariffs, withdrawals  # broadcast (issue 6)


def register(api: Api) -> None:
    """Register every blueprint on ``api``."""
    for module in (health, auth, participants, societies, works, recordings, releases, rights, royalties, wallets, money,
                   registrations, territories, mandates, validation, disputes, agreements, splits):
        api.register_blueprint(module.blp)
    api.register_blueprint(templates.blp)
    api.register_blueprint(payouts.blp)
    api.register_blueprint(advances.blp)
    api.register_blueprint(money_holds.blp)
    api.register_blueprint(account.blp)
    api.register_blueprint(artist_statements.blp)
    for module in (stations, tariffs, playlogs, pool, withdrawals):  # broadcast (issue 6)
        api.register_blueprint(module.blp)
