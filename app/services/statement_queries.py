"""Read models over ingested statements: the statement list and the royalty events with their allocation.

Amounts leave here as exact ``Decimal`` currency units (``app.money.format_amount`` of the
graph's micro-units) and shares as ``Decimal`` percent.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.money import format_amount
from app.money.shares import millionths_to_percent
from app.services.db import read, run


#: The RoyaltyEvent properties an event shows (None when the event has none): the line as
#: normalized, its identifiers, its match and, for a converted line, its original amount.
EVENT_FIELDS = ("eventId", "statementId", "line", "source", "usageType", "rightType", "territory", "period", "units",
                "currency", "isrc", "upc", "iswc", "trackNumber", "title", "artist", "recordingId", "assetId",
                "matchMethod", "matchConfidence", "candidateRecordingId", "allocationStatus", "originalCurrency")


class UnknownReference(LookupError):
    """A filter names an id that does not exist: ``kind`` participant | recording | statement."""

    def __init__(self, kind: str, ref: str):
        super().__init__(f"unknown {kind} {ref}")
        self.kind = kind
        self.ref = ref


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def list_statements(*, source: str | None = None, status: str | None = None, template_id: str | None = None,
                    period: str | None = None, uploaded_from: dt.date | None = None,
                    uploaded_to: dt.date | None = None, skip: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    """A page of statements, newest upload first, and the total. Filters (None: any): ``source``
    slug, ``status``, ``template_id``, ``period`` 'YYYY-MM' (given at upload or carried by any
    line), uploaded between ``uploaded_from`` and ``uploaded_to`` (dates, both inclusive, UTC)."""
    until = None if uploaded_to is None else uploaded_to + dt.timedelta(days=1)
    row = read(lambda tx: run(tx, "allocation/list_statements", source=source, status=status, templateId=template_id,
                              period=period, uploadedFrom=_day_start(uploaded_from), uploadedTo=_day_start(until),
                              skip=skip, limit=limit))[0]
    return row["items"], row["total"]


def events(*, participant_id: str | None = None, recording_id: str | None = None, statement_id: str | None = None,
           period: str | None = None, source: str | None = None, skip: int = 0, limit: int = 50
           ) -> tuple[list[dict], int]:
    """A page of RoyaltyEvents (newest statement first, then line) and the total. Filters (None:
    any): ``participant_id`` (events allocated to its accounts: ``amount`` is its part and
    ``allocations`` only its own), ``recording_id``, ``statement_id``, ``period``, ``source``.

    Each item: the event's EVENT_FIELDS, ``gross`` (Decimal, the line's amount in the
    statement currency), ``originalGross`` and ``fxRate`` (Decimal; None unless converted),
    ``amount`` (the participant's part, Decimal; None without
    ``participant_id``) and ``allocations``, the event's current allocation (edges a
    reallocation reversed are history, left out) [{accountId, kind, participantId, amount
    (Decimal), share (percent, Decimal | None), hold}]. Raises UnknownReference for an id that
    does not exist."""
    params = {"participantId": participant_id, "recordingId": recording_id, "statementId": statement_id,
              "period": period, "source": source}

    def work(tx):
        _check_refs(tx, participant_id, recording_id, statement_id)
        total = run(tx, "allocation/events_count", **params)[0]["total"]
        page = run(tx, "allocation/events", skip=skip, limit=limit, **params) if total > skip else []
        return page, total

    page, total = read(work)
    return [_event_out(row) for row in page], total


def _check_refs(tx, participant_id: str | None, recording_id: str | None, statement_id: str | None) -> None:
    """Raise UnknownReference for the first filter id that does not exist."""
    found = run(tx, "catalog/existing_ids", participantIds=[participant_id] if participant_id else [], workIds=[],
                recordingIds=[recording_id] if recording_id else [])[0]
    if participant_id and not found["participantIds"]:
        raise UnknownReference("participant", participant_id)
    if recording_id and not found["recordingIds"]:
        raise UnknownReference("recording", recording_id)
    if statement_id and not run(tx, "allocation/get_statement", statementId=statement_id):
        raise UnknownReference("statement", statement_id)


def _event_out(row: dict) -> dict:
    props = row["event"]
    event = {name: props.get(name) for name in EVENT_FIELDS}
    event["gross"] = format_amount(props["grossMicro"])
    for name in ("originalGross", "fxRate"):  # exact decimal strings on the node
        event[name] = None if props.get(name) is None else Decimal(props[name])
    micro = row["participantMicro"]
    event["amount"] = None if micro is None else format_amount(micro)
    event["allocations"] = [
        {**al, "amount": format_amount(al["amount"]),
         "share": None if al["share"] is None else millionths_to_percent(al["share"])}
        for al in sorted(row["allocations"], key=lambda al: al["accountId"])]
    return event
