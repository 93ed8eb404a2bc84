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
from app.api import remittances  # remittances to partner societies (issue 7 item 6)
from app.api import cycles  # royalty cycles (issue 7 item 4)
from app.api import exports  # partner reports of closed cycles (issue 7 item 5)
from app.api import partners  # partners and reciprocal agreements (issue 7 item 1)
from app.api import qa  # attribution QA queue, manual links, unmatched usage (issue 7 item 3)
from app.api import repertoire  # partners' repertoire imports and listing (issue 7 item 2)


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
    api.register_blueprint(remittances.blp)
    api.register_blueprint(cycles.blp)
    api.register_blueprint(exports.blp)
    api.register_blueprint(partners.blp)
    api.register_blueprint(qa.blp)
    api.register_blueprint(repertoire.blp)
