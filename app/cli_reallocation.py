"""The ``rightsgraph statements reprocess|add-rates`` and ``rightsgraph suspense rematch`` commands
(click + rich): non-destructive reallocation (``app.services.reprocessing``) and rates added after
upload (``app.services.late_rates``)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import Progress, TextColumn, TimeElapsedColumn

from app.cli_errors import use_case_errors
from app.money import format_amount

console = Console(soft_wrap=True)
ACTOR = "cli"


@click.group()
def statements() -> None:
    """Royalty statements already ingested."""


@statements.command("reprocess")
@click.argument("statement_id")
def statements_reprocess(statement_id: str) -> None:
    """Allocate a processed statement again with the current catalog and rights; only lines
    whose allocation changes get entries (a reversal and the new allocation). Run it twice:
    the second run changes nothing."""
    from app.services import reprocessing
    with use_case_errors(), _bar(f"reprocessing {statement_id}") as progress:
        report = reprocessing.reprocess_statement(statement_id, actor=ACTOR, progress=progress)
    console.print(f"{statement_id}: {report['events']:,} lines examined, {report['changed']:,} reallocated, "
                  f"{report['rematched']:,} newly matched")
    _print_money(report)


@statements.command("add-rates")
@click.argument("statement_id")
@click.option("--rate", "rates", multiple=True, required=True, metavar="FROM:TO:RATE[:SOURCE[:DATE]]",
              help="an exchange rate into the statement currency (repeatable), e.g. EUR::1.0842:ECB:2024-06-28")
def statements_add_rates(statement_id: str, rates: tuple[str, ...]) -> None:
    """Add exchange rates to a statement after upload and post the lines that waited for them
    (rejected for a currency without a rate). A rate already on the statement is never replaced."""
    from app.services import fx, late_rates
    from app.services import statements as service
    with use_case_errors(fx.InvalidRates):
        currency = service.get(statement_id)["currency"]
        with _bar(f"posting the lines of {statement_id} that waited for a rate") as progress:
            result = late_rates.add_rates(statement_id, [fx.parse_rate_spec(spec, currency) for spec in rates],
                                          actor=ACTOR, progress=progress)
    statement, posted = result["statement"], result["posted"]
    console.print(f"{statement_id}: rates added for {', '.join(result['added']) or 'no new currency'}")
    if posted is None:
        console.print(f"  status {statement['status']}: its processing will use them")
    else:
        console.print(f"  posted {posted['lines']:,} waiting lines ({format_amount(posted['grossMicro'])} "
                      f"{statement['currency']}) in {posted['batches']} journal entries; {posted['waiting']:,} still "
                      f"waiting for a rate; status {statement['status']}")


@click.group()
def suspense() -> None:
    """Money waiting in suspense."""


@suspense.command("rematch")
@click.option("--statement", "statement_id", default=None, help="only this statement's lines")
def suspense_rematch(statement_id: str | None) -> None:
    """Try the lines in suspense again against the current catalog and rights; release what is
    now owned into the owners' accounts."""
    from app.services import reprocessing
    with use_case_errors(), _bar("re-matching suspense") as progress:
        report = reprocessing.rematch_suspense(actor=ACTOR, statement_id=statement_id, progress=progress)
    console.print(f"{report['examined']:,} lines in suspense examined, {report['matched']:,} newly matched, "
                  f"{report['changed']:,} reallocated")
    _print_money(report)


def _print_money(report: dict) -> None:
    console.print(f"  reversed {format_amount(report['reversedMicro'])}, posted "
                  f"{format_amount(report['postedMicro'])}, changed hands {format_amount(report['movedMicro'])}, "
                  f"released from suspense {format_amount(report['releasedMicro'])}; journal entries: "
                  f"{', '.join(report['entries']) or 'none'}")


@contextmanager
def _bar(description: str) -> Iterator:
    """A transient progress bar; yields the ``progress(lines_done)`` callback."""
    with Progress(TextColumn("{task.description}"), TextColumn("{task.completed:,} lines"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done: bar.update(task, completed=done)
