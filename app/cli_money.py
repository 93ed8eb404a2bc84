"""The ``rightsgraph ledger`` and ``rightsgraph payouts`` command groups (click + rich)."""
from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

console = Console(soft_wrap=True)
ACTOR = "cli"


@click.group()
def ledger() -> None:
    """The double-entry ledger."""


@ledger.command("check")
@click.option("--limit", default=100, show_default=True, help="violations listed per kind (all are counted)")
def ledger_check(limit: int) -> None:
    """Prove the ledger: every journal entry sums to zero in one currency, every cached balance
    equals the sum of its postings, no idempotency key twice. Exit 1 on any violation."""
    from app.services.ledger_check import check
    with console.status("checking the ledger"):
        report = check(limit)
    console.print(f"{report.entries:,} journal entries, {report.postings:,} postings, {report.accounts:,} accounts")
    totals = Table(title="Per currency (micro-units; both Σ are 0 on a balanced ledger)")
    for col in ("currency", "accounts", "Σ postings", "Σ balances"):
        totals.add_column(col, justify="left" if col == "currency" else "right")
    for c in report.currencies:
        totals.add_row(c.currency, f"{c.accounts:,}", f"{c.posted:,}", f"{c.balances:,}")
    console.print(totals)
    if report.ok:
        console.print("[green]ledger balanced: no violation")
        return
    table = Table(title=f"{report.violation_count:,} violation(s)")
    for col in ("kind", "subject", "detail"):
        table.add_column(col)
    for v in report.violations:
        table.add_row(v.kind, v.subject, v.detail)
    console.print(table)
    sys.exit(1)


@click.group()
def payouts() -> None:
    """Payouts: approve, run (submit approved payouts to the payout provider), confirm."""


@payouts.command("approve")
@click.argument("payout_ids", nargs=-1, required=True)
def payouts_approve(payout_ids: tuple[str, ...]) -> None:
    """Approve requested payouts."""
    _move(payout_ids, "approved")


@payouts.command("run")
@click.option("--currency", default=None, help="only approved payouts in this currency")
def payouts_run(currency: str | None) -> None:
    """Submit every approved payout to the payout provider, one batch per currency (the file
    provider writes a payment batch CSV under the data dir); batches a stopped run left first."""
    from app.services.payout_runs import run_payouts
    batches = run_payouts(ACTOR, currency=currency and currency.upper())
    if not batches:
        console.print("no approved payouts to submit")
        return
    table = Table(title="Payout batches submitted")
    for col in ("batch", "provider", "currency", "payouts", "total", "file", "sha256"):
        table.add_column(col, justify="right" if col in ("payouts", "total") else "left")
    for b in batches:
        table.add_row(b["batchId"], b["provider"], b["currency"], str(b["count"]), str(b["total"]),
                      b["location"] or "-", (b["sha256"] or "-")[:16])
    console.print(table)


@payouts.command("confirm")
@click.argument("payout_ids", nargs=-1, required=True)
@click.option("--paid", "outcome", flag_value="paid", help="the provider paid them")
@click.option("--failed", "outcome", flag_value="failed", help="the provider failed them (the money returns)")
@click.option("--reference", default=None, help="the provider's payment reference (paid)")
@click.option("--reason", default=None, help="why they failed (required with --failed)")
def payouts_confirm(payout_ids: tuple[str, ...], outcome: str | None, reference: str | None,
                    reason: str | None) -> None:
    """Record the provider's outcome of processing payouts: --paid or --failed --reason."""
    if outcome is None:
        raise click.UsageError("say --paid or --failed")
    if outcome == "failed" and not reason:
        raise click.UsageError("--failed needs --reason")
    _move(payout_ids, outcome, reason, reference)


def _move(payout_ids: tuple[str, ...], status: str, reason: str | None = None, reference: str | None = None) -> None:
    """Move each payout to ``status``; report each; exit 1 when any could not move."""
    from app.services import payouts as service
    from app.services.catalog import UnknownEntity
    from app.services.entities import TransitionNotAllowed
    failed = False
    for payout_id in payout_ids:
        try:
            p = service.transition(payout_id, status, ACTOR, reason, reference)
        except (UnknownEntity, TransitionNotAllowed) as exc:
            console.print(f"[red]{payout_id}: {exc}")
            failed = True
            continue
        console.print(f"{p['payoutId']}: {p['status']} ({p['amount']} {p['currency']} to {p['method']['label']})")
    if failed:
        sys.exit(1)

