"""Why: every cent explains itself (issue 5 item 9).

``explain(transactionId)`` returns the chain behind one account's side of a journal entry
(``ledger.transaction_id``):

* the entry (kind, when, memo) and the amount it posted to the account;
* for entries that allocated statement lines (``royalty_allocation``, and reallocations whose
  ALLOCATED edges name their entry): the statement, and a page of the lines allocated to the
  account in that entry — each with the recording / work it matched and how (method,
  confidence), the ownership slices (OWNS edges) and agreements that apply at the line's sale
  month and country (``rights/owners_at``, the very query allocation uses), the participant's
  share, the split arithmetic that reproduces its part to the micro-unit, and where the part
  went (wallet, or a dispute hold / recoupment);
* for entries about an object (payout, dispute, advance…, the entry's ``sourceId``): that
  object's audit trail.

The split arithmetic (``app.money.split_largest_remainder`` over the owners' shares, see
``allocation.split_line``): with ``S`` the owners' shares in millionths summing to ``Σ`` and a line
of ``G`` micro-units, the divisor ``D`` is ``Σ`` when the owners hold the whole line (within
CWR's ±0.06 %), else 1 000 000 (the unowned rest goes to suspense). A participant's quota is
``G × share / D`` = ``floor`` + ``remainder / D``; the micro-units left over after every floor
go one each to the largest remainders (ties by participant id), so its part is ``floor`` or
``floor + 1`` (mirrored for negative lines).
"""
from __future__ import annotations

import simplejson

from app.money import format_amount
from app.money.shares import WHOLE, millionths_to_percent
from app.services import ledger
from app.services.allocation import owner_query, split_line
from app.services.db import read, run

ALLOCATION_KINDS = ("royalty_allocation", "reversal", "reallocation")
AUDIT_LIMIT = 200


class TransactionNotFound(LookupError):
    """No posting of that entry on that account (API → 404)."""


def owner_of(transaction_id: str) -> str | None:
    """The participant whose account the transaction is on (None for a platform account).
    Raises ValueError for a malformed id, TransactionNotFound."""
    entry_id, account_id = ledger.split_transaction_id(transaction_id)
    rows = read(lambda tx: run(tx, "money/explain_entry", entryId=entry_id, accountId=account_id))
    if not rows:
        raise TransactionNotFound(transaction_id)
    return rows[0]["account"]["participantId"]


def explain(transaction_id: str, skip: int = 0, limit: int = 50) -> dict:
    """``{transactionId, entry {entryId, kind, at, memo, idempotencyKey, statementId, sourceId,
    postings, balanced}, account {accountId, kind, currency, participantId}, amount, statement
    | None, lines {total, amount, skip, limit, items [line]} | None, object {type, id} | None,
    auditTrail [{at, actor, action, before, after}]}``. ``lines.amount`` is the sum over all
    the entry's lines to the account (equal to ``amount`` for an allocation entry). A line:
    ``{eventId, statementId, line, period, territory, rightType, usageType, units, gross,
    currency, title, artist, isrc, match {method, confidence, assetId, recordingId,
    candidateRecordingId}, ownership [{edgeId, participantId, name, assetId, rightType, share
    (percent), shareMillionths, role, territories, excluded, validFrom, validTo, status,
    agreement}], split {grossMicro, shareMillionths, ownedMillionths, divisor, floor, remainder,
    adjustment, partMicro, reproduces, formula}, allocations [{accountId, kind, participantId,
    amount, hold, disputeId, advanceId}], amount}`` (amounts Decimal). Raises ValueError for a
    malformed id, TransactionNotFound."""
    entry_id, account_id = ledger.split_transaction_id(transaction_id)

    def work(tx):
        rows = run(tx, "money/explain_entry", entryId=entry_id, accountId=account_id)
        if not rows:
            raise TransactionNotFound(transaction_id)
        head = rows[0]
        page = (run(tx, "money/explain_lines", entryId=entry_id, accountId=account_id, skip=skip, limit=limit)[0]
                if head["entry"]["kind"] in ALLOCATION_KINDS else None)
        edges = _applied_edges(tx, page["lines"]) if page else {}
        subject = head["entry"]["sourceId"] or head["entry"]["statementId"]
        trail = run(tx, "money/audit_trail", entityId=subject, limit=AUDIT_LIMIT) if subject else []
        return head, page, edges, trail

    head, page, edges, trail = read(work)
    entry, account = head["entry"], head["account"]
    participant = account["participantId"]
    source_id = entry["sourceId"]
    return {
        "transactionId": transaction_id,
        "entry": {**entry, "postings": head["postings"], "balanced": head["balanced"]},
        "account": account, "amount": format_amount(head["amount"]),
        "statement": head["statement"],
        "lines": None if page is None else {
            "total": page["total"], "amount": format_amount(page["amount"]), "skip": skip, "limit": limit,
            "items": [_line(row, participant, edges) for row in page["lines"]]},
        "object": {"type": source_id.split("-", 1)[0], "id": source_id} if source_id else None,
        "auditTrail": [{"at": e["at"], "actor": e["actor"], "action": e["action"],
                        "before": _json(e["before"]), "after": _json(e["after"])} for e in trail],
    }


def _json(text: str | None):
    return simplejson.loads(text, use_decimal=True) if text else None


def _applied_edges(tx, lines: list[dict]) -> dict[str, list[dict]]:
    """``{owner key: [edge]}``: for each line's asset, right type, sale month and country, the
    OWNS slices ``rights/owners_at`` finds now, with their props and agreement."""
    queries = {}
    for row in lines:
        ev = row["event"]
        asset = ev.get("assetId") or ev.get("recordingId")
        if asset and ev.get("period") and ev.get("territory"):
            q = owner_query(asset, ev["rightType"], ev["period"], ev["territory"])
            queries[q["key"]] = q
    hits = run(tx, "rights/owners_at", keys=list(queries.values())) if queries else []
    props = {e["edgeId"]: e for e in run(tx, "money/ownership_edges", edgeIds=sorted({h["edgeId"] for h in hits}))}
    out: dict[str, list[dict]] = {k: [] for k in queries}
    for h in hits:
        out[h["key"]].append(props[h["edgeId"]])
    return out


def _line(row: dict, participant: str | None, edges: dict[str, list[dict]]) -> dict:
    ev = row["event"]
    asset = ev.get("assetId") or ev.get("recordingId")
    applied = (edges.get(owner_query(asset, ev["rightType"], ev["period"], ev["territory"])["key"], [])
               if asset and ev.get("period") and ev.get("territory") else [])
    mine = [a for a in row["allocations"] if a["participantId"] == participant and a["kind"] != "suspense"]
    return {
        "eventId": ev["eventId"], "statementId": ev["statementId"], "line": ev["line"], "period": ev.get("period"),
        "territory": ev.get("territory"), "rightType": ev.get("rightType"), "usageType": ev.get("usageType"),
        "units": ev.get("units"), "gross": format_amount(ev["grossMicro"]), "currency": ev["currency"],
        "title": ev.get("title"), "artist": ev.get("artist"), "isrc": ev.get("isrc"),
        "match": {"method": ev.get("matchMethod"), "confidence": ev.get("matchConfidence"), "assetId": asset,
                  "recordingId": ev.get("recordingId"), "candidateRecordingId": ev.get("candidateRecordingId")},
        "ownership": [{**{k: e[k] for k in ("edgeId", "participantId", "name", "assetId", "rightType", "role",
                                             "territories", "excluded", "validFrom", "validTo", "status",
                                             "agreement")},
                       "share": millionths_to_percent(e["share"]), "shareMillionths": e["share"]} for e in applied],
        "split": split_arithmetic(ev["grossMicro"], row["allocations"], participant, sum(a["amount"] for a in mine)),
        "allocations": [{"accountId": a["accountId"], "kind": a["kind"], "participantId": a["participantId"],
                         "amount": format_amount(a["amount"]), "hold": a["hold"], "disputeId": a["disputeId"],
                         "advanceId": a["advanceId"]} for a in mine],
        "amount": format_amount(row["amount"]),
    }


def split_arithmetic(gross: int, allocations: list[dict], participant: str | None, part: int) -> dict | None:
    """How ``participant``'s ``part`` of a line of ``gross`` micro-units follows from the shares
    recorded on the line's ALLOCATED edges (module docstring): ``{grossMicro, shareMillionths,
    ownedMillionths, divisor, floor, remainder, adjustment, partMicro, reproduces, formula}``;
    ``reproduces`` is True when ``allocation.split_line`` over those shares gives exactly
    ``part``. None for a platform account (suspense: no share)."""
    shares: dict[str, int] = {}
    for a in allocations:
        if a["share"] is not None and a["participantId"]:
            shares[a["participantId"]] = a["share"]  # a part split by holds carries the share on each edge
    if participant not in shares:
        return None
    status, parts = split_line(gross, shares)
    owned = sum(shares.values())
    divisor = owned if status == "allocated" else WHOLE
    floor, remainder = divmod(abs(gross) * shares[participant], divisor)
    adjustment = abs(part) - floor
    sign = "-" if gross < 0 else ""
    formula = (f"{sign}{abs(gross)} × {shares[participant]} / {divisor} = {sign}{floor} remainder {remainder}"
               f"{f' + 1 (largest remainder)' if adjustment == 1 else ''} → {part} micro-units")
    return {"grossMicro": gross, "shareMillionths": shares[participant], "ownedMillionths": owned,
            "divisor": divisor, "floor": floor, "remainder": remainder, "adjustment": adjustment,
            "partMicro": part, "reproduces": parts.get(participant) == part,
            "formula": formula}
