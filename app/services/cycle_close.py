"""Closing a royalty cycle (issue 7 item 4): line items, per-play rows, the ledger, the lock.

1. **Plan** (reads only): the cycle's plays (``cycles_plays_to_close``, a few stations per read,
   each play's reciprocal parts grouped as they stream in: app.services.cycle_lines.Grouper),
   the agreements' and partners' admin fees, the tariffs (for the notes); per line item the fee
   (half-even to the micro-unit), per partner one journal entry ``reciprocal_cycle_close``
   keyed ``cycle:<cycleId>:<partnerCode>``: pool −gross, partner payable +net, admin-fee
   income +fee.
2. **Write**: line items (``HAS_LINE``, ``FOR`` the work and recording), one ``IN_CYCLE`` edge
   per play and line item, the entries, status Locked with the totals, an AuditEvent — in ONE
   transaction when the cycle has at most ``SINGLE_TX_PLAYS`` play rows. A bigger cycle writes
   its line items and play rows in transactions of ``CHUNK`` rows first, then posts and locks in
   a last one; until then the cycle is Open and nothing is posted.

Safety. A run token (``closeRun``) is put on the cycle when a close starts and every write
checks it, so two closes of one cycle cannot mix their drafts (the first one's writes fail
with CycleConflict). A crash leaves an Open cycle with a draft: the next close removes it
(``cycles_clear_draft``) and starts again. The last transaction re-checks, under the cycle's
lock, that the draft is complete (line items and play rows it expects) and that no other
cycle closed meanwhile counted one of its plays; otherwise CycleConflict and nothing is posted.
"""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from app.services import audit, ledger, partners, reciprocal_agreements, tariffs
from app.services.cycle_lines import Grouper, Line, admin_fee, notes, per_play
from app.services.cycles import STATION_BATCH, CycleConflict, batches, cycle_in, get_cycle, territory_stations
from app.services.db import read, run, write

SINGLE_TX_PLAYS = 50_000  # play rows a close writes in its one transaction; more: chunks
CHUNK = 20_000  # play rows per transaction of a chunked close
CLOSE_KIND = "reciprocal_cycle_close"


@dataclass
class Plan:
    """What a close writes: ``items`` [(line item row, Line)], ``entries`` (ledger.post_many
    shape), ``totals`` (the cycle's totals JSON as a dict), ``play_rows`` its IN_CYCLE edges."""

    items: list[tuple[dict, Line]] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    play_rows: int = 0
    plays: int = 0


def _fee_source(override, agreement: dict, partner: dict) -> str:
    """Where the effective fee % came from, for the notes (the precedence of
    reciprocal_agreements.effective_fee_percent)."""
    if override is not None:
        return "the cycle's override"
    if agreement.get("adminFeePercent") is not None:
        return f"agreement {agreement['agreementId']}"
    return f"{partner['code']}'s default"


def _read_facts(tx: ManagedTransaction, lines: list[Line]) -> tuple[dict, dict, dict]:
    """(agreements by id, partners by code, tariffs {tariffId: {basis, rateMicro}}) the lines need."""
    agreements = {aid: reciprocal_agreements.agreement_in(tx, aid)
                  for aid in sorted({line.agreement_id for line in lines if line.agreement_id})}
    by_code = {code: partners.partner_in(tx, code) for code in sorted({line.partner_code for line in lines})}
    rates = {t.tariff_id: {"basis": t.basis, "rateMicro": t.rate_micro} for t in tariffs.all_tariffs(tx)}
    return agreements, by_code, rates


def plan(cycle: dict) -> Plan:
    """Read the cycle's plays and compute its line items, entries and totals (no writes)."""
    grouper = Grouper()
    stations = [s["stationId"] for s in territory_stations(cycle["territory"])]
    for batch in batches(stations, STATION_BATCH):
        for play in read(lambda tx: run(tx, "reciprocal/cycles_plays_to_close", stationIds=batch,
                                        periodStart=cycle["periodStart"], periodEnd=cycle["periodEnd"],
                                        currency=cycle["currency"])):
            grouper.add(play)
    lines = grouper.ordered()
    agreements, by_code, rates = read(_read_facts, lines)
    out, currency, override = Plan(plays=grouper.plays), cycle["currency"], cycle["adminFeePercent"]
    per_partner: dict[str, dict] = defaultdict(lambda: {"usageCount": 0, "lineItems": 0, "grossMicro": 0,
                                                        "feeMicro": 0, "netMicro": 0, "accounts": defaultdict(int)})
    for n, line in enumerate(lines, start=1):
        agreement, partner = agreements.get(line.agreement_id, {}), by_code[line.partner_code]
        percent = reciprocal_agreements.effective_fee_percent(agreement, partner, override)
        gross = line.gross
        fee = admin_fee(gross, percent)
        row = {"lineItemId": f"{cycle['cycleId']}:{n}", "partnerCode": line.partner_code,
               "agreementId": line.agreement_id, "workId": line.work_id, "recordingId": line.recording_id,
               "usageCount": len(line.plays), "durationSeconds": line.duration, "grossMicro": gross,
               "feeMicro": fee, "netMicro": gross - fee, "adminFeePercent": partners.decimal_string(percent),
               "currency": currency,
               "notes": notes(line, gross, fee, percent, _fee_source(override, agreement, partner), currency, rates)}
        out.items.append((row, line))
        out.play_rows += len(line.plays)
        total = per_partner[line.partner_code]
        for key in ("grossMicro", "feeMicro", "netMicro"):
            total[key] += row[key]
        total["usageCount"] += row["usageCount"]
        total["lineItems"] += 1
        for account, amount in line.accounts.items():
            total["accounts"][account] += amount
    for code, total in sorted(per_partner.items()):
        out.entries.append({
            "idempotencyKey": f"cycle:{cycle['cycleId']}:{code}", "kind": CLOSE_KIND, "sourceId": cycle["cycleId"],
            "memo": f"royalty cycle {cycle['cycleId']} ({cycle['territory']} {cycle['period']}): {code} "
                    f"{total['usageCount']} usage(s), gross → payable (net) + admin fee",
            "partnerCode": code,
            "postings": [{"accountId": a, "amount": -x} for a, x in sorted(total.pop("accounts").items())]
            + [{"accountId": ledger.platform_account("partner_payable", currency, code), "amount": total["netMicro"]},
               {"accountId": ledger.platform_account("admin_fee_income", currency), "amount": total["feeMicro"]}]})
    out.totals = {"usageCount": sum(t["usageCount"] for t in per_partner.values()),
                  **{k: sum(t[k] for t in per_partner.values()) for k in ("grossMicro", "feeMicro", "netMicro")},
                  "partners": {code: dict(t) for code, t in per_partner.items()}}
    return out


def _play_rows(items: list[tuple[dict, Line]]):
    """The IN_CYCLE rows of the line items, in order (generated: a quarter has ~10⁶ of them)."""
    for row, line in items:
        for play in per_play(line, row["feeMicro"]):
            yield play | {"lineItemId": row["lineItemId"], "partnerCode": row["partnerCode"]}


def _write_lines(tx: ManagedTransaction, cycle_id: str, token: str, items: list[tuple[dict, Line]]) -> None:
    if items and run(tx, "reciprocal/cycles_write_lines", cycleId=cycle_id, run=token,
                     lines=[row for row, _ in items])[0]["lines"] != len(items):
        raise CycleConflict(f"cycle {cycle_id} is being closed by another run")


def _write_plays(tx: ManagedTransaction, cycle_id: str, token: str, rows: list[dict]) -> None:
    if rows and run(tx, "reciprocal/cycles_write_plays", cycleId=cycle_id, run=token,
                    rows=rows)[0]["plays"] != len(rows):
        raise CycleConflict(f"cycle {cycle_id} is being closed by another run")


def _clear_draft(tx: ManagedTransaction, cycle_id: str, token: str) -> int:
    """Remove up to CHUNK rows of a draft a crashed close left; how many were removed."""
    rows = run(tx, "reciprocal/cycles_clear_draft", cycleId=cycle_id, run=token, limit=CHUNK)
    if not rows:
        raise CycleConflict(f"cycle {cycle_id} is being closed by another run")
    return rows[0]["removed"]


def _finish(tx: ManagedTransaction, cycle: dict, token: str, todo: Plan, actor: str, single: bool) -> None:
    """Check the draft under the cycle's lock, post one entry per partner, lock, audit."""
    cycle_id, currency = cycle["cycleId"], cycle["currency"]
    if single:
        _write_lines(tx, cycle_id, token, todo.items)
        for rows in batches(_play_rows(todo.items), CHUNK):
            _write_plays(tx, cycle_id, token, rows)
    state = run(tx, "reciprocal/cycles_draft_state", cycleId=cycle_id)[0]
    if state["status"] != "Open" or state["closeRun"] != token:
        raise CycleConflict(f"cycle {cycle_id} was closed by another run")
    if (state["lineItems"], state["playRows"]) != (len(todo.items), todo.play_rows):
        raise CycleConflict(f"cycle {cycle_id}'s draft changed under this close: close it again")
    if state["recounted"]:
        raise CycleConflict(f"{state['recounted']} play(s) of cycle {cycle_id} were counted by another cycle "
                            "closed meanwhile: close it again")
    codes = sorted(todo.totals["partners"])
    ledger.ensure_platform_accounts(tx, currency, [("partner_payable", code) for code in codes]
                                    + [("admin_fee_income", None)])
    entry_ids = ledger.post_many(tx, [{k: v for k, v in e.items() if k != "partnerCode"} for e in todo.entries])
    for entry, entry_id in zip(todo.entries, entry_ids):
        todo.totals["partners"][entry["partnerCode"]]["entryId"] = entry_id
    run(tx, "reciprocal/cycles_lock", cycleId=cycle_id, totals=json.dumps(todo.totals, sort_keys=True), by=actor)
    audit.record(tx, actor, "cycle.close", cycle_id, before={"status": "Open"},
                 after={"status": "Locked", "lineItems": len(todo.items), "plays": todo.plays,
                        "playRows": todo.play_rows, "totals": todo.totals})


def close(cycle_id: str, actor: str) -> dict:
    """app.services.cycles.close_cycle: close an Open cycle and return it (a cycle that is not
    Open is returned unchanged). Raises UnknownEntity, CycleConflict."""
    cycle = get_cycle(cycle_id)
    if cycle["status"] != "Open":
        return cycle
    token = uuid.uuid4().hex
    if write(lambda tx: run(tx, "reciprocal/cycles_claim", cycleId=cycle_id, run=token))[0]["status"] != "Open":
        return get_cycle(cycle_id)
    while write(_clear_draft, cycle_id, token):
        pass
    todo = plan(cycle)
    single = todo.play_rows <= SINGLE_TX_PLAYS
    if not single:
        for items in batches(todo.items, CHUNK):
            write(_write_lines, cycle_id, token, items)
        for rows in batches(_play_rows(todo.items), CHUNK):
            write(_write_plays, cycle_id, token, rows)
    write(_finish, cycle, token, todo, actor, single)
    return read(cycle_in, cycle_id)
