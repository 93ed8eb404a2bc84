"""Remittances: what a closed royalty cycle owes a partner society, paid out (issue 7 item 6;
docs/international.md "Remittances").

One remittance per cycle × partner (``remittanceKey`` "<cycleId>|<partnerCode>" is unique:
asking again returns the first). ``remit`` sums the partner's line items of a Locked or
Invoiced cycle in the cycle's currency: gross − admin fee = net; the withholding tax (the
request's ``withholdingTaxPercent``, else the partner's ``remittanceRequirements``, else 0) is
``ROUND_HALF_EVEN(net × % / 100)`` to the micro-unit; payable = net − withholding. When the
partner is paid in another currency (its ``remittanceRequirements.currency``) the request
must carry the rate ``fx {to, rate, source, date}``: ``remittedMicro`` = payable × rate, exact
then rounded once half-even to the micro-unit (app.services.fx rules); the ledger stays in the
cycle's currency. The first remittance of a cycle moves it Locked → Invoiced.

Statuses (``TRANSITIONS``) and their journal entries (app.services.ledger, ``sourceId`` the
remittanceId; accounts in the cycle's currency):

* Pending → Sent (``reference``: the bank transfer's) — ``remittance_sent``, key
  ``remittance:<id>:sent``: ``ACC-PARTNER_PAYABLE-<CODE>`` −net, ``ACC-WITHHOLDING_TAX`` +withholding,
  ``ACC-REMITTANCE_CLEARING`` +payable;
* Sent → Settled — ``remittance_settled``: clearing −payable, ``ACC-PAYOUTS_PAID`` +payable;
  when every partner with line items in the cycle has a Settled remittance, the cycle → Remitted;
* Sent → Failed (``reason`` required) — ``remittance_failed``: the Sent entry reversed (the
  partner is owed the net again);
* Pending → Failed (``reason``) — nothing posted (the transfer never left);
* Failed → Pending — a retry: the next Sent posts a new entry whose keys end ``:<attempt>``
  (``remittance:<id>:sent:2``…), so every attempt is its own, never-edited pair of entries.

Anything else is refused (TransitionNotAllowed, API 409). Each change takes the remittance's
write lock first, so of two simultaneous "Sent" exactly one posts; every change writes an
AuditEvent (before → after) in its transaction. Graph:
``(:Remittance)-[:FOR_CYCLE]->(:RoyaltyCycle)``, ``(:Remittance)-[:TO_PARTNER]->(:Society)``.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from neo4j import ManagedTransaction

from app.money import format_amount, from_micro, to_micro
from app.money.shares import percent_to_millionths
from app.services import audit, cycles, fx, ledger, partners, remittance_statement
from app.services.cycle_lines import admin_fee
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, StateConflict, ensure_transition
from app.services.ids import reserve_ids

TRANSITIONS = {"Pending": ("Sent", "Failed"), "Sent": ("Settled", "Failed"), "Settled": (), "Failed": ("Pending",)}
STATUSES = tuple(TRANSITIONS)
REMITTABLE_CYCLE = ("Locked", "Invoiced")


class Conflict(StateConflict):
    """The remittance or its cycle is in the wrong state for the request (API → 409)."""


def summarize(items: Iterable[dict], withholding_percent: Decimal, rate: Decimal | None = None) -> dict:
    """The money of a remittance from its line items (``{usageCount, durationSeconds,
    grossMicro, feeMicro, netMicro}``): ``{lineItems, usageCount, durationSeconds, grossMicro,
    feeMicro, netMicro, withholdingMicro, payableMicro, remittedMicro}``, every amount an int of
    micro-units; ``remittedMicro`` = payable × ``rate`` (None without a rate). Pure."""
    items = list(items)
    gross, fee, net = (sum(i[k] for i in items) for k in ("grossMicro", "feeMicro", "netMicro"))
    withholding = admin_fee(net, withholding_percent)  # the admin fee's rule: % of an amount, half-even
    payable = net - withholding
    return {"lineItems": len(items), "usageCount": sum(i["usageCount"] for i in items),
            "durationSeconds": sum(i.get("durationSeconds") or 0 for i in items),
            "grossMicro": gross, "feeMicro": fee, "netMicro": net, "withholdingMicro": withholding,
            "payableMicro": payable,
            "remittedMicro": None if rate is None else to_micro(fx.convert_amount(from_micro(payable), rate))}


def remit(cycle_id: str, partner_ref: str, record: dict, actor: str) -> tuple[dict, bool]:
    """Create the remittance of ``partner_ref``'s (participantId or society code) line items in
    cycle ``cycle_id``; ``record`` = ``{withholdingTaxPercent? (Decimal|str, 0–100, ≤ 4
    decimals), fx? {to, rate (decimal string), source?, date?}, reference?}``. Returns
    (remittance as ``get_remittance`` gives it, created): created False when the cycle already
    has this partner's remittance (the first, unchanged). Raises UnknownEntity (cycle,
    partner), InvalidInput (every bad field at once), Conflict (cycle Open, nothing to remit,
    or a partner payable holding less than the net)."""
    def work(tx):
        locked = run(tx, "reciprocal/remittances_lock_cycle", cycleId=cycle_id)
        if not locked:
            raise UnknownEntity("cycle", cycle_id)
        cycle = locked[0]["cycle"]
        partner = partners.partner_in(tx, partner_ref)
        code = partner["code"]
        if found := run(tx, "reciprocal/remittances_by_key", remittanceKey=f"{cycle_id}|{code}"):
            return found[0]["remittanceId"], False
        percent, rate = _terms(record, partner, cycle["currency"])
        if cycle["status"] not in REMITTABLE_CYCLE:
            raise Conflict(f"cycle {cycle_id} is {cycle['status']}: close it before remitting")
        items = [r["item"] for r in run(tx, "reciprocal/remittances_line_items", cycleId=cycle_id, partnerCode=code)]
        if not items:
            raise Conflict(f"nothing to remit: cycle {cycle_id} has no line items for {code}")
        money = summarize(items, percent, rate and rate.rate)
        payable_account = ledger.ensure_platform_accounts(tx, cycle["currency"], [("partner_payable", code)])[0]
        owed = run(tx, "money/lock_account", accountId=payable_account)[0]["balance"]
        if owed < money["netMicro"]:
            raise Conflict(f"{payable_account} holds {format_amount(owed)} {cycle['currency']}, less than the "
                           f"net {format_amount(money['netMicro'])} of cycle {cycle_id}")
        remittance_id = reserve_ids(tx, "remittance", 1)[0]
        props = {"remittanceId": remittance_id, "remittanceKey": f"{cycle_id}|{code}", "cycleId": cycle_id,
                 "partnerCode": code, "currency": cycle["currency"],
                 **{k: money[k] for k in ("grossMicro", "feeMicro", "netMicro", "withholdingMicro", "payableMicro",
                                          "remittedMicro")},
                 "withholdingTaxPercent": f"{percent:f}", "fx": json.dumps(rate.props(), default=str) if rate else None,
                 "remittedCurrency": rate.to if rate else None, "status": "Pending",
                 "reference": record.get("reference"), "createdBy": actor}
        run(tx, "reciprocal/remittances_create", remittance=props)
        if cycle["status"] == "Locked":
            cycles.set_status(tx, cycle_id, "Invoiced", actor)
        audit.record(tx, actor, "remittance.create", remittance_id, after=_amounts(props))
        return remittance_id, True

    remittance_id, created = write(work)
    return get_remittance(remittance_id), created


def _terms(record: dict, partner: dict, currency: str) -> tuple[Decimal, fx.Rate | None]:
    """The withholding tax percent and FX rate of a new remittance, from the request and the
    partner's remittance requirements. Raises InvalidInput naming every bad field."""
    requirements = partner.get("remittanceRequirements") or {}
    errors: dict = {}
    given = record.get("withholdingTaxPercent")
    raw = given if given is not None else requirements.get("withholdingTaxPercent", 0)
    percent = Decimal(0)
    try:
        percent = Decimal(str(raw))
        percent_to_millionths(percent)
    except (InvalidOperation, ValueError):
        where = "withholdingTaxPercent" if given is not None else "partner.remittanceRequirements"
        errors[where] = [f"withholding tax {raw!r} is not a percent 0–100 with at most 4 decimals"]
    target = (requirements.get("currency") or partner.get("currency") or currency).upper()
    rate = None
    wanted = record.get("fx")
    if wanted is None and target != currency:
        errors["fx"] = [f"{partner['code']} is paid in {target}: give the rate {{to: {target}, rate, source, date}} "
                        f"from {currency}"]
    elif wanted is not None:
        to = str(wanted.get("to") or "").upper()
        if to != target:
            errors.setdefault("fx", {})["to"] = [f"{partner['code']} is paid in {target}, not {to or '(none)'}"]
        try:
            rate = fx.parse_rates([{**wanted, "from": currency}], to or target)[0]
        except fx.InvalidRates as exc:
            for key, messages in exc.errors.items():
                field = key.partition(".")[2] or "fx"
                errors.setdefault("fx", {}).setdefault("to" if field == "from" else field, []).extend(messages)
    if errors:
        raise InvalidInput(errors)
    return percent, rate


def set_status(remittance_id: str, status: str, actor: str, reference: str | None = None,
               reason: str | None = None) -> dict:
    """Move a remittance to ``status`` (module docstring: Sent with the transfer ``reference``,
    Settled, Failed with a ``reason``, Pending again after a failure), posting the transition's
    journal entry, in one transaction under the remittance's lock. Returns the remittance as
    ``get_remittance`` does. Raises UnknownEntity, InvalidInput (Failed without a reason, an
    unknown status), TransitionNotAllowed."""
    if status not in STATUSES:
        raise InvalidInput({"status": [f"one of {', '.join(STATUSES)}"]})
    if status == "Failed" and not (reason and reason.strip()):
        raise InvalidInput({"reason": ["say why the remittance failed"]})

    def work(tx):
        locked = run(tx, "reciprocal/remittances_lock", remittanceId=remittance_id)
        if not locked:
            raise UnknownEntity("remittance", remittance_id)
        rem = locked[0]["remittance"]
        ensure_transition(f"remittance {remittance_id}", rem["status"], status, TRANSITIONS)
        now = dt.datetime.now(dt.timezone.utc)
        props: dict = {}
        if status == "Sent":
            props = {"attempts": (rem.get("attempts") or 0) + 1, "sentAt": now, "reason": None,
                     **({"reference": reference} if reference else {})}
        elif status == "Settled":
            props = {"settledAt": now, **({"reference": reference} if reference else {})}
        elif status == "Failed":
            props = {"failedAt": now, "reason": reason}
        entry_id = _post(tx, rem, status, props.get("attempts", rem.get("attempts") or 0))
        run(tx, "reciprocal/remittances_set_status", remittanceId=remittance_id, status=status, props=props,
            entryId=entry_id)
        audit.record(tx, actor, "remittance.status", remittance_id, before={"status": rem["status"]},
                     after={"status": status, **props, **({"entryId": entry_id} if entry_id else {})})
        if status == "Settled":
            done = run(tx, "reciprocal/remittances_cycle_remitted", cycleId=rem["cycleId"])[0]
            if done["remitted"] and done["status"] != "Remitted":
                cycles.set_status(tx, rem["cycleId"], "Remitted", actor)

    write(work)
    return get_remittance(remittance_id)


def _post(tx: ManagedTransaction, rem: dict, status: str, attempt: int) -> str | None:
    """Post the journal entry of a remittance reaching ``status`` (module docstring); its id,
    or None when the transition moves no money."""
    failed_after_sent = status == "Failed" and rem["status"] == "Sent"
    if status not in ("Sent", "Settled") and not failed_after_sent:
        return None
    cur, code, rid = rem["currency"], rem["partnerCode"], rem["remittanceId"]
    payable_acc, tax_acc, clearing_acc, paid_acc = ledger.ensure_platform_accounts(
        tx, cur, [("partner_payable", code), ("withholding_tax", None), ("remittance_clearing", None),
                  ("payouts_paid", None)])
    sent = [{"accountId": payable_acc, "amount": -rem["netMicro"]},
            {"accountId": tax_acc, "amount": rem["withholdingMicro"]},
            {"accountId": clearing_acc, "amount": rem["payableMicro"]}]
    suffix = "" if attempt <= 1 else f":{attempt}"
    if status == "Sent":
        kind, postings = "remittance_sent", sent
    elif status == "Settled":
        kind, postings = "remittance_settled", [{"accountId": clearing_acc, "amount": -rem["payableMicro"]},
                                                {"accountId": paid_acc, "amount": rem["payableMicro"]}]
    else:
        kind, postings = "remittance_failed", [{**p, "amount": -p["amount"]} for p in sent]
    return ledger.post(tx, f"remittance:{rid}:{status.lower()}{suffix}", kind, postings,
                       f"remittance {rid} {status.lower()} ({code}, cycle {rem['cycleId']})", source_id=rid)


def get_remittance(remittance_id: str) -> dict:
    """``{remittanceId, cycleId, period, territory, periodStart, periodEnd, cycleStatus,
    partnerCode, partnerId, partnerName, currency, gross, fee, net, withholdingTaxPercent,
    withholding, payable (Decimal amounts in currency), fx {from, to, rate, source, date} | None,
    remittedCurrency, remitted, status, reference, reason, attempts, entryIds, allowedTransitions,
    createdAt, createdBy, sentAt, settledAt, failedAt, history: [{at, actor, action, before,
    after}]}``. Raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "reciprocal/remittances_get", remittanceIds=[remittance_id]))
    if not rows:
        raise UnknownEntity("remittance", remittance_id)
    return _out(rows[0])


def list_remittances(skip: int, limit: int, cycle_id: str | None = None, partner: str | None = None,
                     status: str | None = None) -> tuple[list[dict], int]:
    """A page of remittances, newest first (each as ``get_remittance`` gives it), and the total,
    filtered by cycle, partner (society code or participantId) and status."""
    def work(tx):
        page = run(tx, "reciprocal/remittances_list", skip=skip, limit=limit, cycleId=cycle_id,
                   partner=partner.upper() if partner and not partner.startswith("PART-") else partner,
                   status=status)[0]
        return run(tx, "reciprocal/remittances_get", remittanceIds=page["remittanceIds"]), page["total"]
    rows, total = read(work)
    return [_out(r) for r in rows], total


def statement(remittance_id: str, fmt: str) -> tuple[bytes, str, str]:
    """The remittance statement as ``(bytes, filename, mimetype)``: ``fmt`` 'csv' or 'pdf'
    (app.services.remittance_statement). Raises UnknownEntity, InvalidInput (another format)."""
    if fmt not in remittance_statement.MIMETYPES:
        raise InvalidInput({"format": [f"one of {', '.join(remittance_statement.MIMETYPES)}"]})
    rem = get_remittance(remittance_id)
    items = read(lambda tx: [r["item"] for r in run(tx, "reciprocal/remittances_line_items", cycleId=rem["cycleId"],
                                                     partnerCode=rem["partnerCode"])])
    return remittance_statement.render(rem, items, fmt)


def _amounts(props: dict) -> dict:
    """A remittance's properties for the audit trail and the API: ``…Micro`` ints as Decimal
    amounts without the suffix."""
    return {(k[:-5] if k.endswith("Micro") else k): (format_amount(v) if k.endswith("Micro") and v is not None else v)
            for k, v in props.items()}


def _out(row: dict) -> dict:
    rem, partner, cycle = row["remittance"], row["partner"] or {}, row["cycle"] or {}
    out = _amounts({k: rem.get(k) for k in (
        "remittanceId", "cycleId", "partnerCode", "currency", "grossMicro", "feeMicro", "netMicro",
        "withholdingMicro", "payableMicro", "remittedCurrency", "remittedMicro", "status", "reference", "reason",
        "createdAt", "createdBy", "sentAt", "settledAt", "failedAt")})
    return {**out, "partnerId": partner.get("participantId"), "partnerName": partner.get("name"),
            "period": cycle.get("period"), "territory": cycle.get("territory"),
            "periodStart": cycle.get("periodStart"), "periodEnd": cycle.get("periodEnd"),
            "cycleStatus": cycle.get("status"), "withholdingTaxPercent": Decimal(rem["withholdingTaxPercent"]),
            "fx": json.loads(rem["fx"]) if rem.get("fx") else None, "attempts": rem.get("attempts") or 0,
            "entryIds": rem.get("entryIds") or [], "allowedTransitions": list(TRANSITIONS[rem["status"]]),
            "history": audit.decoded(row["history"])}
