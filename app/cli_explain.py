"""``rightsgraph explain TRANSACTION_ID`` (why a wallet transaction is what it is) and
``rightsgraph alerts generate`` (the Money Hub alert detectors)."""
from __future__ import annotations

import click
import simplejson
from rich.console import Console

console = Console(soft_wrap=True)


@click.command("explain")
@click.argument("transaction_id")
@click.option("--page", default=1, show_default=True, help="page of statement lines")
@click.option("--page-size", default=20, show_default=True, help="statement lines per page")
@click.option("--json", "as_json", is_flag=True, help="print the API payload as JSON")
def explain(transaction_id: str, page: int, page_size: int, as_json: bool) -> None:
    """The chain behind a wallet transaction (<entryId>.<accountId>): entry, statement, lines,
    match, ownership slices and agreements, the split arithmetic, holds; or an object's audit
    trail. Same data as GET /api/money/explain/{transactionId}."""
    from app.services import explain as service
    try:
        result = service.explain(transaction_id, (page - 1) * page_size, page_size)
    except (ValueError, service.TransactionNotFound) as exc:
        raise click.ClickException(f"unknown transaction {transaction_id}: {exc}") from exc
    if as_json:
        console.print_json(simplejson.dumps(result, use_decimal=True, default=str))
        return
    entry, account = result["entry"], result["account"]
    console.print(f"[bold]{transaction_id}[/]: {result['amount']} {account['currency']} on {account['kind']} "
                  f"{account['accountId']} ({account['participantId'] or 'platform'})")
    console.print(f"entry {entry['entryId']} {entry['kind']} at {entry['at']}: {entry['memo']} "
                  f"({entry['postings']} postings, {'balanced' if entry['balanced'] else 'NOT BALANCED'})")
    if result["statement"]:
        st = result["statement"]
        console.print(f"statement {st['statementId']} ({st['source']}, {st['filename']}, {st['status']})")
    lines = result["lines"]
    if lines:
        console.print(f"lines {lines['skip'] + 1}–{lines['skip'] + len(lines['items'])} of {lines['total']} "
                      f"(Σ {lines['amount']} {account['currency']}):")
        for item in lines["items"]:
            match = item["match"]
            console.print(f"[bold]line {item['line']}[/] {item['period']} {item['territory']} {item['rightType']} "
                          f"{item['title']!r} gross {item['gross']} {item['currency']}; matched {match['method']} → "
                          f"{match['assetId'] or 'nothing'} (confidence {match['confidence']})")
            for o in item["ownership"]:
                agreement = o["agreement"]
                console.print(f"  owns: {o['participantId']} {o['share']} % of {o['rightType']} in {o['territories']}"
                              f" from {o['validFrom']}" + (f" under {agreement['agreementId']} {agreement['title']!r}"
                                                           if agreement else ""))
            if item["split"]:
                console.print(f"  split: {item['split']['formula']}")
            for a in item["allocations"]:
                console.print(f"  credited {a['amount']} to {a['kind']} {a['accountId']}"
                              + (f" (hold: {a['hold']} {a['disputeId'] or a['advanceId']})" if a["hold"] else ""))
    if result["object"]:
        console.print(f"{result['object']['type']} {result['object']['id']}")
    for e in result["auditTrail"]:
        console.print(f"  {e['at']} {e['actor']} {e['action']}: {e['before']} → {e['after']}")


@click.group("alerts")
def alerts() -> None:
    """Money Hub alerts."""


@alerts.command("generate")
@click.option("--statement", "statement_id", default=None, help="only the alerts after this statement")
def alerts_generate(statement_id: str | None) -> None:
    """Run the alert detectors (missing money, fraud risk, data integrity, registration gaps)
    over the whole graph, or after one statement; prints the counts."""
    from app.services import alerts as service
    with console.status("generating alerts"):
        counts = service.after_statement(statement_id) if statement_id else service.nightly()
    console.print(", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())) or "nothing found")
