"""The artist-facing Money Hub payload.

Reads pre-aggregated rollups only (``app.services.income_rollups``: months × sources rows for
income by source and the timeline, catalog-sized track rows for top tracks), the ledger for
payouts and the last 30 days, and the wallet figures of ``app.services.wallets``, so its cost
does not grow with the number of statement lines. Amounts leave as ``Decimal`` (exact, from
micro-units); the API writes them as JSON numbers. A track is 'disputed' while an open or
in-review dispute is about its recording or its work.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from app.money import format_amount
from app.services import advances, disputes, registration_gaps, wallets
from app.services.db import read, run, settings
from app.services.payouts import next_payout_date
from app.services.catalog import ParticipantNotFound

TOP_TRACKS = 10
SUMMARY_DAYS = 30
PAYOUT_PAID = "payout_paid"  # the entry kind of money leaving through a payout provider


def _participant_and_wallet(tx, participant_id: str, currency: str) -> tuple[dict, dict | None]:
    rows = run(tx, "money/participant_wallet", participantId=participant_id, currency=currency)
    if not rows:
        raise ParticipantNotFound(participant_id)
    return rows[0]["participant"], rows[0]["wallet"]


def hub(participant_id: str, today: dt.date | None = None) -> dict:
    """The Money Hub payload for a participant (field names, nesting and enums as the seed
    payload of issue 2; the wallet block adds ``available``, ``frozen`` and ``pending``, the
    figures of ``wallets.wallet``, whose ``balance`` is their sum). Raises ParticipantNotFound.

    * ``incomeBySource`` and ``timeline.points[].totalIncome``: the participant's income by
      sale month (``PeriodIncomeRollup``); ``inRecoupment``: the part of it recouped by an
      advance; ``netPaid``: payouts paid in that calendar month (``payout_paid`` entries on its
      pending_payout account). A point exists for every month with income or a payout.
    * ``summary`` (the ``SUMMARY_DAYS`` up to ``today``): ``totalIncome`` = net postings on all
      of its accounts except payouts paid (moves between its own accounts net to zero),
      ``totalPayouts`` = payouts paid.
    * ``topTracks``: the ``TOP_TRACKS`` recordings of highest lifetime income;
      ``lastPeriodIncome`` is a track's income in the participant's latest month with income.
    * ``flags.hasActiveDisputes``: an open or in-review dispute is about one of its recordings
      (owned or performed on) or their works (``money/has_active_disputes``).
    * ``flags.hasAdvanceOffers``: ``advances.has_offers`` (an open offer, or the offer engine
      would make one now).
    * ``flags.hasMissingRegistrations``: one of the participant's works (publishing share in
      force today) or recordings (master in force today, or performed on) is ``not_registered``
      — never submitted, or rejected — with a society it should be registered with: its works
      societies by membership, else its country's PRO(s), and SoundExchange for recordings
      (``registrations.has_missing``, read from its maintained flag: ``registration_gaps``). A
      track's ``missing_publishing`` status is separate: its recording has no work with a
      publishing owner today (``track_statuses``)."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    cfg = settings()
    currency = cfg.wallet_currency
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), dt.timezone.utc)

    def work(tx):
        participant, _ = _participant_and_wallet(tx, participant_id, currency)
        periods = run(tx, "money/period_income", participantId=participant_id, currency=currency)[0]
        last_period = max((r["period"] for r in periods["byPeriod"]), default=None)
        top = run(tx, "money/top_tracks", participantId=participant_id, currency=currency, lastPeriod=last_period,
                  limit=TOP_TRACKS)
        flows = {r["kind"]: r["amount"] for r in run(
            tx, "money/participant_flows_since", participantId=participant_id, currency=currency,
            since=until - dt.timedelta(days=SUMMARY_DAYS), until=until)}
        paid = {r["period"]: r["amount"] for r in run(tx, "money/payouts_by_month", participantId=participant_id,
                                                      currency=currency)}
        disputed = run(tx, "money/has_active_disputes", participantId=participant_id)[0]["active"]
        tracks = track_statuses(tx, [t["recordingId"] for t in top], today)
        return (participant, periods, top, flows, paid, disputed, tracks,
                registration_gaps.cached(tx, participant_id, today))

    participant, periods, top, flows, paid, disputed, tracks, missing_registrations = read(work)
    if missing_registrations is None:  # no maintained flag for today: compute and store it
        missing_registrations = registration_gaps.refresh(participant_id, today)
    money = wallets.wallet(participant_id, currency)
    by_source, labels = defaultdict(int), {}
    by_period: dict[str, dict[str, int]] = defaultdict(lambda: {"income": 0, "recouped": 0, "paid": 0})
    for r in periods["bySource"]:
        by_source[r["source"]] += r["amount"]
        labels[r["source"]] = r["sourceLabel"]
    for r in periods["byPeriod"]:
        by_period[r["period"]]["income"] += r["amount"]
        by_period[r["period"]]["recouped"] += r["recouped"]
    for period, amount in paid.items():
        by_period[period]["paid"] += amount
    payout_type, payout_label = participant.get("payoutMethodType"), participant.get("payoutMethodLabel")
    return {
        "participantId": participant_id,
        "currency": currency,
        "wallet": {
            "walletId": money["walletId"],
            "balance": money["balance"],
            "nextPayoutDate": next_payout_date(today, cfg.payout_day_of_month).isoformat(),
            "defaultPayoutMethod": {"type": payout_type, "label": payout_label} if payout_type else None,
            "available": money["available"], "frozen": money["frozen"], "pending": money["pending"],
        },
        "summary": {"period": "last_30_days",
                    "totalIncome": format_amount(sum(a for k, a in flows.items() if k != PAYOUT_PAID)),
                    "totalPayouts": format_amount(-flows.get(PAYOUT_PAID, 0))},
        "incomeBySource": [{"source": s, "label": labels[s], "amount": format_amount(a)}
                           for s, a in sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))],
        "timeline": {"granularity": "month",
                     "points": [{"period": p, "totalIncome": format_amount(v["income"]),
                                 "netPaid": format_amount(v["paid"]), "inRecoupment": format_amount(v["recouped"])}
                                for p, v in sorted(by_period.items())]},
        "topTracks": [{"recordingId": t["recordingId"], "title": tracks[t["recordingId"]]["title"],
                       "primaryArtist": tracks[t["recordingId"]]["primaryArtist"] or "",
                       "lastPeriodIncome": format_amount(t["lastPeriodAmount"]),
                       "lifetimeIncome": format_amount(t["lifetime"]), "status": tracks[t["recordingId"]]["status"]}
                      for t in top],
        "flags": {"hasActiveDisputes": disputed,
                  "hasMissingRegistrations": missing_registrations,
                  "hasAdvanceOffers": advances.has_offers(participant_id)},
    }


def _publishing(tx, recording_ids: list[str], today: dt.date) -> dict[str, dict]:
    """``{recordingId: {recordingId, title, primaryArtist, hasPublishing}}`` on ``today``."""
    if not recording_ids:
        return {}
    return {r["recordingId"]: r for r in run(tx, "rights/publishing_status", recordingIds=recording_ids, asOf=today)}


def track_status(publishing: dict, disputed: bool) -> str:
    """A track's status: ``disputed`` while an open or in-review dispute is about its recording or
    its work, else ``ok`` when its recording has a work with a publishing owner today
    (``rights/publishing_status``' ``hasPublishing``), else ``missing_publishing``."""
    return "disputed" if disputed else "ok" if publishing["hasPublishing"] else "missing_publishing"


def track_statuses(tx, recording_ids: list[str], today: dt.date) -> dict[str, dict]:
    """``{recordingId: {title, primaryArtist, status}}`` of recordings (see ``track_status``);
    the disputes are read in their own transaction."""
    tracks = _publishing(tx, recording_ids, today)
    disputed = disputes.active_disputes(sorted(tracks))
    return {rid: {"title": t["title"], "primaryArtist": t["primaryArtist"], "status": track_status(t, rid in disputed)}
            for rid, t in tracks.items()}
