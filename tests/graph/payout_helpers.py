"""Builders of the ledger, wallet and payout tests: participants, money in their wallets
(a real journal entry through app.services.ledger.post), and a payout provider that refuses or
breaks on purpose. Nothing here mocks the database."""
from __future__ import annotations

import itertools
from decimal import Decimal

from app.money import to_micro
from app.services import ledger
from app.services.catalog import upsert_participants
from app.services.db import write
from app.services.payout_providers import BatchReceipt, FileProvider, PayoutBatchRequest, ProviderResult

_keys = itertools.count(1)


def make_participants(*names: str, payout_method: dict | None = None) -> dict[str, str]:
    """Create participants (artists) by name; their participantIds by name. ``payout_method``
    ``{type, label (masked)}`` is given to each, as a catalog file would."""
    records = [{"ref": name, "kinds": ["artist"], "name": name, "payoutMethod": payout_method} for name in names]
    return write(lambda tx: upsert_participants(tx, records, "USD").ids)


def fund(participant_id: str, amount: str | Decimal, currency: str = "USD") -> str:
    """Credit ``amount`` to the participant's wallet in ``currency`` from a test statement source
    (one royalty_allocation journal entry); its entryId."""
    micro = to_micro(amount)

    def work(tx):
        wallet = ledger.participant_accounts(tx, [participant_id], currency)[participant_id]
        source = ledger.ensure_platform_accounts(tx, currency, [("source", "test")])[0]
        return ledger.post(tx, f"test-fund:{next(_keys)}", "royalty_allocation",
                           [{"accountId": wallet, "amount": micro}, {"accountId": source, "amount": -micro}],
                           f"test income {amount} {currency}")
    return write(work)


class RefusingProvider(FileProvider):
    """The file provider, except that it refuses ``refused`` payouts (as a bank rejects an account)."""

    def __init__(self, root, refused: set[str]):
        super().__init__(root)
        self.refused = refused

    def submit(self, batch: PayoutBatchRequest) -> BatchReceipt:
        receipt = super().submit(batch)
        return BatchReceipt(receipt.location, receipt.sha256, tuple(
            ProviderResult(r.payout_id, False, None, "account closed") if r.payout_id in self.refused else r
            for r in receipt.results))


class BrokenProvider(FileProvider):
    """A provider that fails before answering (a crash or a lost connection)."""

    def submit(self, batch: PayoutBatchRequest) -> BatchReceipt:
        raise ConnectionError("provider unreachable")
