"""HTTP errors of the money use cases: payouts, payout methods and runs, withdrawals."""
from __future__ import annotations

from contextlib import contextmanager

from flask_smorest import abort

from app.api.entity_errors import entity_errors
from app.money import format_amount
from app.services import payouts, withdrawals


@contextmanager
def money_errors():
    """entity_errors (an unknown participant, payout, method, batch or withdrawal → 404
    "unknown payout PAY-…"; InvalidInput → 422 with every problem under ``errors.json``; a
    status move not allowed → 409 with ``errors.status`` and ``errors.allowedTransitions``), and:
    NotAllowed → 403 with ``errors.reason``; more than the wallet or the entitlement holds → 409
    with ``errors.available`` (decimal text) and ``errors.currency``; an idempotency key reused
    with other values → 409 with ``errors.payoutId``."""
    try:
        with entity_errors():
            yield
    except withdrawals.NotAllowed as exc:
        abort(403, message=str(exc), errors={"reason": str(exc)})
    except (payouts.InsufficientFunds, withdrawals.InsufficientEntitlement) as exc:
        abort(409, message=str(exc), errors={"amount": [str(exc)], "available": format_amount(exc.available),
                                             "currency": exc.currency})
    except payouts.IdempotencyConflict as exc:
        abort(409, message=str(exc), errors={"idempotencyKey": [str(exc)], "payoutId": exc.payout_id})
