"""Payout providers: who actually sends the money of a batch of approved payouts.

A provider implements ``PayoutProvider.submit(batch) -> BatchReceipt``: it takes a batch of
instructions (one currency) and says, per payout, whether it accepted it (and its reference)
or refused it (and why). Accepted payouts stay ``processing`` until the provider's outcome is
confirmed (paid | failed, app.services.payouts.confirm); refused ones fail at once and their
money returns to the wallet. ``submit`` must be idempotent for a batch id: a run that stopped
after submitting and before recording the receipt submits the same batch again.

The default, ``FileProvider``, writes the batch as a payment CSV under the data dir
(``<data_dir>/payouts/<batchId>.csv``, written whole then renamed, so a reader never sees half
a file) for finance to upload to the bank or PSP; its sha256 is recorded on the batch. Another
provider (a bank API, PayPal Payouts, a mobile-money aggregator) is a class with the same
``submit`` registered in ``PROVIDERS`` and chosen by ``RIGHTSGRAPH_PAYOUT_PROVIDER``.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from app.services.db import settings
from app.services.files import sha256_of


@dataclass(frozen=True)
class PayoutInstruction:
    """One payout to send: ``amount`` exact in ``currency``; the method's masked label and the
    provider's own token for the account (``external_ref``), never a full account number."""

    payout_id: str
    participant_id: str
    amount: Decimal
    currency: str
    method_id: str | None
    method_type: str
    method_label: str
    external_ref: str | None


@dataclass(frozen=True)
class PayoutBatchRequest:
    """Payouts of one currency submitted together under ``batch_id``."""

    batch_id: str
    currency: str
    instructions: tuple[PayoutInstruction, ...]


@dataclass(frozen=True)
class ProviderResult:
    """The provider's answer for one payout: accepted with a ``reference``, or refused with an ``error``."""

    payout_id: str
    accepted: bool
    reference: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class BatchReceipt:
    """What a provider did with a batch: where it put it (a file, a provider batch id), the
    sha256 of what it sent when it is a file, and one result per payout."""

    location: str
    sha256: str | None
    results: tuple[ProviderResult, ...]


class PayoutProvider(Protocol):
    """A way money leaves. ``name`` is stored on each batch."""

    name: str

    def submit(self, batch: PayoutBatchRequest) -> BatchReceipt:
        """Send (or stage) the batch; idempotent for a batch id."""


CSV_COLUMNS = ("batch_id", "payout_id", "participant_id", "amount", "currency", "method_id", "method_type",
               "method_label", "external_ref", "reference")


class FileProvider:
    """Writes each batch as ``<root>/<batchId>.csv`` (CSV_COLUMNS, one row per payout, amounts
    as exact decimals); accepts every payout with reference ``<batchId>/<payoutId>``."""

    name = "file"

    def __init__(self, root: Path):
        self.root = root

    def submit(self, batch: PayoutBatchRequest) -> BatchReceipt:
        """Write the batch's CSV (through a partial file renamed at the end, so a crash never
        leaves half a file under the batch's name); every payout accepted. Raises OSError."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.root / f"{batch.batch_id}.csv"
        partial = target.with_suffix(f".csv.{os.getpid()}.partial")
        results = tuple(ProviderResult(i.payout_id, True, f"{batch.batch_id}/{i.payout_id}")
                        for i in batch.instructions)
        with open(partial, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for i, result in zip(batch.instructions, results):
                writer.writerow((batch.batch_id, i.payout_id, i.participant_id, str(i.amount), i.currency,
                                 i.method_id or "", i.method_type, i.method_label, i.external_ref or "",
                                 result.reference))
        partial.replace(target)
        return BatchReceipt(str(target), sha256_of(target), results)


PROVIDERS = {"file": lambda: FileProvider(settings().data_dir / "payouts")}


def provider(name: str | None = None) -> PayoutProvider:
    """The provider ``name`` (default: the ``RIGHTSGRAPH_PAYOUT_PROVIDER`` setting, ``file``).
    Raises ValueError for an unknown name."""
    name = name or settings().payout_provider
    if name not in PROVIDERS:
        raise ValueError(f"unknown payout provider {name!r}; known: {', '.join(PROVIDERS)}")
    return PROVIDERS[name]()
