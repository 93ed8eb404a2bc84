"""Control totals of a statement, checked before anything is allocated (issue 4 "Control totals").

Declared figures:

* in the file — a DDEX DSR's SY AllocatedRevenue per currency and its FOOT counts
  (``importers.statements.dsr_totals``, read through ``dsr_bundle.open_report``); a ClicknClear
  statement's T rows (``clicknclear.declared_totals``);
* at upload — ``declaredTotal`` in ``declaredCurrency``; without a currency, in the file's
  currency when all its lines share one, else in the statement currency. In the statement
  currency it is compared with the converted total (lines without a rate left out).

The imported figures (Σ gross per currency, exact; lines; periods) come from one pass over the
file before allocation. That pass is made only when something is declared: a statement with no
declared figure is not read twice (``controlStatus`` 'none').

Amounts: a declared total is usually rounded (cents) while lines carry up to 10+ decimals, so an
amount check passes when the imported total, rounded half-even to the declared figure's
decimals, equals it. Counts are exact. Amount checks are always listed; DSR FOOT count checks
when they fail.

Result on the statement: ``controlStatus`` ok | mismatch | none, ``controlChecks`` (a JSON list
of ``{check, origin 'file'|'upload', currency, fileNumber, declared, imported, ok}``; amounts as
decimal strings), and, when the file was read, ``linesTotal``, ``grossByCurrency`` (JSON
``{currency: decimal string}``), ``periodStart``/``periodEnd``. A mismatch records a
DataQualityIssue (kind ``control_total_mismatch``) and holds the statement in status
``control_mismatch``: nothing is posted until an operator forces it (``statements.force``).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal

from app.services import audit, quality
from app.services.db import run, write
from app.services.fx import Converter
from importers.records import StatementLine
from importers.statements.clicknclear import TOTAL_COLUMNS, declared_totals
from importers.statements.dsr_bundle import open_report, report_lines

_EXACT = Context(prec=100)
FILE_TOTALS = ("dsr", "clicknclear")  # sources whose files declare control totals


@dataclass
class Imported:
    """What one pass over a statement file found: lines, issues, Σ gross per currency (exact),
    Σ converted into the statement currency, and the sale periods."""

    lines: int = 0
    issues: int = 0
    gross: dict[str, Decimal] = field(default_factory=dict)
    converted: Decimal = Decimal(0)
    periods: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Check:
    """One declared figure against the imported one."""

    check: str
    origin: str
    declared: Decimal | int
    imported: Decimal | int
    currency: str | None = None
    file_number: int | None = None

    @property
    def ok(self) -> bool:
        """Counts equal; amounts equal at the declared figure's decimals (module docstring)."""
        if isinstance(self.declared, int):
            return self.declared == self.imported
        return amount_matches(self.declared, self.imported)

    def as_json(self) -> dict:
        """The check as stored on the statement (amounts as decimal strings)."""
        def value(v):
            return v if isinstance(v, int) else f"{v:f}"
        return {"check": self.check, "origin": self.origin, "currency": self.currency,
                "fileNumber": self.file_number, "declared": value(self.declared),
                "imported": value(self.imported), "ok": self.ok}


def amount_matches(declared: Decimal, imported: Decimal) -> bool:
    """True when ``imported`` rounded half-even to ``declared``'s decimals equals it."""
    exponent = min(declared.as_tuple().exponent, 0)
    return imported.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN, context=_EXACT) == declared


def needs_pass(statement: dict) -> bool:
    """True when the statement declares a total somewhere, so its file must be read before allocation."""
    return statement["source"] in FILE_TOTALS or statement.get("declaredTotal") is not None


def tally(items: Iterable, converter: Converter) -> Imported:
    """Read parsed items to the end and sum them."""
    found = Imported()
    for item in items:
        if not isinstance(item, StatementLine):
            found.issues += 1
            continue
        found.lines += 1
        found.gross[item.currency] = _EXACT.add(found.gross.get(item.currency, Decimal(0)), item.gross)
        amount = converter.convert(item)
        if amount is not None:
            found.converted = _EXACT.add(found.converted, amount)
        found.periods.add(item.period)
    return found


def file_checks(statement: dict, parse: Callable[[str], Iterator], converter: Converter
                ) -> tuple[Imported, list[Check]]:
    """One pass over the statement's file: what it holds, and its own control totals checked."""
    path = statement["path"]
    if statement["source"] == "dsr":
        with open_report(path) as report:
            found = tally(report_lines(report), converter)
            declared = report.declared_totals.amount_payable
            counts = [Check(m.check, "file", m.declared, m.imported, file_number=m.file_number)
                      for m in report.mismatches() if m.currency is None]
        return found, _amount_checks("AllocatedRevenue", declared, found) + counts
    found = tally(parse(path), converter)
    if statement["source"] == "clicknclear":
        return found, _amount_checks(TOTAL_COLUMNS[7], declared_totals(path), found)
    return found, []


def _amount_checks(name: str, declared: dict[str, Decimal], found: Imported) -> list[Check]:
    return [Check(name, "file", amount, found.gross.get(currency, Decimal(0)), currency=currency)
            for currency, amount in sorted(declared.items())]


def upload_check(statement: dict, found: Imported) -> Check | None:
    """The check of the total entered at upload, if one was (module docstring for its currency)."""
    if statement.get("declaredTotal") is None:
        return None
    currency = statement.get("declaredCurrency")
    if currency is None:
        currency = next(iter(found.gross)) if len(found.gross) == 1 else statement["currency"]
    imported = found.converted if currency == statement["currency"] else found.gross.get(currency, Decimal(0))
    return Check("declaredTotal", "upload", Decimal(statement["declaredTotal"]), imported, currency=currency)


def check(statement: dict, parse: Callable[[str], Iterator], actor: str) -> dict:
    """Check the statement's control totals (one pass over its file when something is declared)
    and record the result on it (module docstring); returns its properties. A mismatch moves it
    to ``control_mismatch`` with a DataQualityIssue, in the same transaction."""
    updates: dict = {"controlStatus": "none", "controlChecks": "[]"}
    if needs_pass(statement):
        found, checks = file_checks(statement, parse, Converter(statement.get("fxRates") or [], statement["currency"]))
        checks += [c for c in [upload_check(statement, found)] if c]
        periods = sorted(found.periods)
        updates = {
            "controlStatus": "none" if not checks else "ok" if all(c.ok for c in checks) else "mismatch",
            "controlChecks": json.dumps([c.as_json() for c in checks]),
            "linesTotal": found.lines + found.issues,
            "grossByCurrency": json.dumps({cur: f"{v:f}" for cur, v in sorted(found.gross.items())}),
            "periodStart": periods[0] if periods else None, "periodEnd": periods[-1] if periods else None,
        }
    sid = statement["statementId"]

    def work(tx):
        row = run(tx, "allocation/set_control", statementId=sid, updates=updates,
                  hold=updates["controlStatus"] == "mismatch")[0]["statement"]
        after = {"controlStatus": updates["controlStatus"], "controlChecks": json.loads(updates["controlChecks"])}
        audit.record(tx, actor, "statement.control", sid, after=after)
        if updates["controlStatus"] == "mismatch":
            failed = [c for c in after["controlChecks"] if not c["ok"]]
            quality.record(tx, [quality.Finding(
                kind="control_total_mismatch", key=f"control_total|{sid}", entity_id=sid,
                message=f"statement {sid}: " + "; ".join(
                    f"{c['check']}{' ' + c['currency'] if c['currency'] else ''} declared {c['declared']}, "
                    f"imported {c['imported']}" for c in failed) + " — held before allocation",
                witness={"statementId": sid, "checks": failed})])
        return row
    return write(work)
