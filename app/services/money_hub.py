"""The artist-facing Money Hub payload and the wallet summary.

Reads the income rollups (hundreds of rows per participant, not the raw events) and the
wallet account. Amounts leave as ``Decimal`` (exact, from micro-units); the API writes them
as JSON numbers. A track is 'disputed' while an open or in-review dispute is about its
recording or its work. Features that land later (payouts, recoupment, advances) are present
with their honest zero/false values: nothing of them exists in the graph yet.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from app.money import format_amount
from app.services import disputes, registrations
from app.services.db import read, run, settings
from app.services.payouts import next_payout_date

TOP_TRACKS = 10
SUMMARY_DAYS = 30


class ParticipantNotFound(LookupError):
    """No participant has this id."""


def _participant_and_wallet(tx, participant_id: str, currency: str) -> tuple[dict, dict | None]:
    rows = run(tx, "money/participant_wallet", participantId=participant_id, currency=currency)
    if not rows:
        raise ParticipantNotFound(participant_id)
    return rows[0]["participant"], rows[0]["wallet"]


def wallet(participant_id: str) -> dict:
    """``{participantId, walletId, currency, balance, available, frozen, pending}`` (Decimals).

    Available = balance − frozen − pending (DESIGN.md "Money"); frozen holds and pending payouts
    arrive with the Money OS issue and are zero until then. Raises ParticipantNotFound."""
    currency = settings().wallet_currency
    _, acc = read(_participant_and_wallet, participant_id, currency)
    balance = acc["balance"] if acc else 0
    return {"participantId": participant_id, "walletId": acc["accountId"] if acc else None, "currency": currency,
            "balance": format_amount(balance), "available": format_amount(balance),
            "frozen": format_amount(0), "pending": format_amount(0)}


def hub(participant_id: str, today: dt.date | None = None) -> dict:
    """The Money Hub payload for a participant (field names, nesting and enums as the seed
    payload of issue 2). Raises ParticipantNotFound.

    ``flags.hasMissingRegistrations``: one of the participant's works (publishing share in force
    today) or recordings (master in force today, or performed on) is ``not_registered`` — never
    submitted, or rejected — with a society it should be registered with: its works societies
    by membership, else its country's PRO(s), and SoundExchange for recordings
    (``registrations.has_missing``). A track's ``missing_publishing`` status is separate: its
    recording has no work with a publishing owner today."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    cfg = settings()
    currency = cfg.wallet_currency

    def work(tx):
        participant, acc = _participant_and_wallet(tx, participant_id, currency)
        rollups = run(tx, "money/income_rollups", participantId=participant_id, currency=currency)
        until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
        since = until - dt.timedelta(days=SUMMARY_DAYS)
        recent = ({r["kind"]: r["amount"] for r in run(tx, "money/wallet_movements_since", accountId=acc["accountId"],
                                                          since=since, until=until)} if acc else {})
        own = [r["recordingId"] for r in run(tx, "rights/recordings_of_participant", participantId=participant_id)]
        earning = {r["recordingId"] for r in rollups if r["recordingId"]}
        tracks = {r["recordingId"]: r for r in run(tx, "rights/publishing_status",
                                                   recordingIds=sorted(set(own) | earning), asOf=today)}
        return participant, acc, rollups, recent, tracks, registrations.has_missing(tx, participant_id, today)

    participant, acc, rollups, recent, tracks, missing_registrations = read(work)
    disputed = disputes.active_disputes(sorted(tracks))  # about the recording or its work
    by_source, by_period, by_recording = defaultdict(int), defaultdict(int), defaultdict(lambda: defaultdict(int))
    labels = {}
    for r in rollups:
        by_source[r["source"]] += r["amount"]
        labels[r["source"]] = r["sourceLabel"]
        by_period[r["period"]] += r["amount"]
        if r["recordingId"]:
            by_recording[r["recordingId"]][r["period"]] += r["amount"]
    last_period = max(by_period) if by_period else None

    top = sorted(by_recording.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:TOP_TRACKS]
    payout_type, payout_label = participant.get("payoutMethodType"), participant.get("payoutMethodLabel")
    return {
        "participantId": participant_id,
        "currency": currency,
        "wallet": {
            "walletId": acc["accountId"] if acc else None,
            "balance": format_amount(acc["balance"] if acc else 0),
            "nextPayoutDate": next_payout_date(today, cfg.payout_day_of_month).isoformat(),
            "defaultPayoutMethod": {"type": payout_type, "label": payout_label} if payout_type else None,
        },
        "summary": {"period": "last_30_days", "totalIncome": format_amount(recent.get("royalty_allocation", 0)),
                    "totalPayouts": format_amount(0)},
        "incomeBySource": [{"source": s, "label": labels[s], "amount": format_amount(a)}
                           for s, a in sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))],
        "timeline": {"granularity": "month",
                     "points": [{"period": p, "totalIncome": format_amount(a), "netPaid": format_amount(0),
                                 "inRecoupment": format_amount(0)} for p, a in sorted(by_period.items())]},
        "topTracks": [{"recordingId": rid, "title": tracks[rid]["title"],
                       "primaryArtist": tracks[rid]["primaryArtist"] or "",
                       "lastPeriodIncome": format_amount(periods.get(last_period, 0)),
                       "lifetimeIncome": format_amount(sum(periods.values())),
                       "status": "disputed" if rid in disputed
                       else "ok" if tracks[rid]["hasPublishing"] else "missing_publishing"}
                      for rid, periods in top],
        "flags": {"hasActiveDisputes": bool(disputed),
                  "hasMissingRegistrations": missing_registrations,
                  "hasAdvanceOffers": False},
    }

