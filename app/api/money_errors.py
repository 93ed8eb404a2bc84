"""HTTP errors of the money use cases: payouts, payout methods and runs, withdrawals."""
from __future__ import annotations

from contextlib import contextmanager

from flask_smorest import abort

from app.money import format_amount
from app.services import payout_methods, payout_runs, payouts, withdrawals
from app.services.entities import InvalidInput
from app.services.wallets import ParticipantNotFound

#: The lookups whose miss is a 404, each with the word naming what was not found.
NOT_FOUND = {ParticipantNotFound: "participant", payouts.PayoutNotFound: "payout",
             payout_methods.MethodNotFound: "payout method", payout_runs.BatchNotFound: "payout batch",
             withdrawals.WithdrawalNotFound: "withdrawal"}


@contextmanager
def money_errors():
    """Turn the money use cases' errors into JSON errors: an unknown id → 404 ("unknown payout
    PAY-…"); InvalidInput → 422 with every problem under ``errors.json``; NotAllowed → 403 with
    ``errors.reason``; more than the wallet or the entitlement holds → 409 with
    ``errors.available`` (decimal text) and ``errors.currency``; an idempotency key reused with
    other values → 409 with ``errors.payoutId``; a status move not allowed → 409 with
    ``errors.status`` and ``errors.allowedTransitions``."""
    try:
        yield
    except tuple(NOT_FOUND) as exc:
        abort(404, message=f"unknown {NOT_FOUND[type(exc)]} {exc}")
    except InvalidInput as exc:
        abort(422, message=str(exc), errors={"json": exc.errors})
    except withdrawals.NotAllowed as exc:
        abort(403, message=str(exc), errors={"reason": str(exc)})
    except (payouts.InsufficientFunds, withdrawals.InsufficientEntitlement) as exc:
        abort(409, message=str(exc), errors={"amount": [str(exc)], "available": format_amount(exc.available),
                                             "currency": exc.currency})
    except payouts.IdempotencyConflict as exc:
        abort(409, message=str(exc), errors={"idempotencyKey": [str(exc)], "payoutId": exc.payout_id})
    except (payouts.TransitionNotAllowed, withdrawals.TransitionNotAllowed) as exc:
        abort(409, message=str(exc), errors={"status": exc.current, "allowedTransitions": list(exc.allowed)})
