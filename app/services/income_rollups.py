"""Income rollups: the pre-aggregated income the Money Hub, the track page and the artist
statements read, so a read costs the same after five years of statements as after one.

Every credit of income to a participant (allocation, reallocation deltas — negative amounts —
from any writer) goes through ``add`` in the posting transaction, which maintains five levels
from the same rows in one query (``cypher/money/add_income_rollups.cypher``):

* ``IncomeRollup`` — participant × period × source × recording × right type: ``amount``,
  ``recouped``. The detail (analyst queries, the source labels reallocation reuses).
* ``PeriodIncomeRollup`` — participant × period × source: ``amount``, ``recouped``. The hub's
  income by source and monthly timeline (months × sources rows: one timeline point per month is
  the payload anyway).
* ``TrackIncomeRollup`` — participant × recording × source × right type: lifetime ``amount`` and
  ``lastPeriod`` / ``lastPeriodAmount`` (the amount of its latest period). The track page's
  lifetime and last-period figures; its count grows with the catalog, never with history.
* ``EntryIncomeRollup`` — participant × journal entry × source, and participant × journal entry
  × recording (``by`` 'source' | 'recording': two small breakdowns rather than their product):
  ``amount``, ``recouped``. An artist statement's income by source and by track for the entries
  posted in its month, equal to the entries' postings to the micro-unit. Participant, entry and
  currency are only in its ``key`` (``participantId|entryId|by|value|currency``), which readers
  look up by prefix.
* ``RecordingIncomeRollup`` — participant × recording: ``lifetime`` amount, ``lastPeriod`` /
  ``lastPeriodAmount``; the track rollups summed over source and right type, so the hub's top
  tracks read one row per recording through a (participantId, currency, lifetime) index.

Units: ``amount`` is the participant's whole part of the income in micro-units (whatever account
it went to: wallet, frozen while disputed, or advance receivable while recouping); ``recouped``
is the part of it that went to recoupment of an advance (⊆ amount). Periods are ``YYYY-MM``
(the sale month of the statement line). ``recordingId`` is None for income of a work matched
without a recording (publishing lines matched by ISWC).
"""
from __future__ import annotations

from collections import defaultdict

from more_itertools import chunked
from neo4j import Driver, ManagedTransaction

from app.services.db import run


def add(tx: ManagedTransaction, entry_id: str | None, rows: list[dict]) -> None:
    """Add ``rows`` ``[{participantId, period, source, sourceLabel, recordingId|None, rightType,
    currency, amount (signed micro-units), recouped (micro-units, optional, default 0)}]``, the
    income the journal entry ``entry_id`` posted, to the rollup levels in ``tx``. Rows may
    repeat a key (they are summed); zero rows are skipped. Raises ValueError when rows carry
    money but ``entry_id`` is None (income is always posted by an entry)."""
    detail: dict[tuple, dict] = {}
    periods: dict[tuple, dict] = {}
    tracks: dict[tuple, dict] = {}
    entries: dict[tuple, dict] = {}
    recordings: dict[tuple, dict] = {}
    for r in rows:
        amount, recouped = r["amount"], r.get("recouped") or 0
        if not (amount or recouped):
            continue
        base = {"participantId": r["participantId"], "currency": r["currency"], "source": r["source"],
                "sourceLabel": r["sourceLabel"]}
        d = detail.setdefault(
            (r["participantId"], r["period"], r["source"], r["recordingId"], r["rightType"], r["currency"]),
            {**base, "period": r["period"], "recordingId": r["recordingId"], "rightType": r["rightType"],
             "amount": 0, "recouped": 0})
        d["amount"] += amount
        d["recouped"] += recouped
        p = periods.setdefault((r["participantId"], r["period"], r["source"], r["currency"]),
                               {**base, "period": r["period"], "amount": 0, "recouped": 0})
        p["amount"] += amount
        p["recouped"] += recouped
        for by, value in (("source", r["source"]), ("recording", r["recordingId"])):
            e = entries.setdefault(
                (r["participantId"], entry_id, by, value, r["currency"]),
                {"by": by, "amount": 0, "recouped": 0, "recordingId": value if by == "recording" else None,
                 "source": value if by == "source" else None,
                 "sourceLabel": r["sourceLabel"] if by == "source" else None})
            e["amount"] += amount
            e["recouped"] += recouped
        if r["recordingId"]:
            t = tracks.setdefault((r["participantId"], r["recordingId"], r["source"], r["rightType"], r["currency"]),
                                  {**base, "recordingId": r["recordingId"], "rightType": r["rightType"],
                                   "amount": 0, "byPeriod": defaultdict(int)})
            t["amount"] += amount
            t["byPeriod"][r["period"]] += amount
            g = recordings.setdefault((r["participantId"], r["recordingId"], r["currency"]),
                                      {"participantId": r["participantId"], "recordingId": r["recordingId"],
                                       "currency": r["currency"], "amount": 0, "byPeriod": defaultdict(int)})
            g["amount"] += amount
            g["byPeriod"][r["period"]] += amount
    if not detail:
        return
    if entry_id is None:
        raise ValueError("income rollups need the journal entry that posted the income")
    run(tx, "money/add_income_rollups",
        rows=[{**d, "key": "|".join(map(str, k))} for k, d in detail.items()],
        periods=[{**p, "key": "|".join(map(str, k))} for k, p in periods.items()],
        tracks=_with_latest_month(tracks),
        entries=[{**e, "key": "|".join(map(str, k))} for k, e in entries.items()],
        recordings=_with_latest_month(recordings))


def _with_latest_month(rollups: dict[tuple, dict]) -> list[dict]:
    """The lifetime rows ``{key: {..., amount, byPeriod {period: amount}}}`` as query rows with
    ``key`` and, instead of ``byPeriod``, ``lastPeriod`` (the latest month of the rows) and
    ``lastPeriodAmount`` (their amount in it)."""
    out = []
    for key, t in rollups.items():
        by_period = t.pop("byPeriod")
        last = max(by_period)
        out.append({**t, "key": "|".join(map(str, key)), "lastPeriod": last, "lastPeriodAmount": by_period[last]})
    return out


def rebuild(driver: Driver, *, only_missing: bool, chunk: int = 200) -> dict:
    """Set the levels that finer ones determine: the period and track rollups from the detail
    rollups (``cypher/money/rebuild_period_track_rollups.cypher``), then the recording rollups
    from the track rollups (``cypher/money/rebuild_recording_rollups.cypher``), for every
    participant with income; with ``only_missing``, for those without any period rollup (all
    three levels) or without any recording rollup (that level): a graph from before the levels
    existed. The entry level is not derived: it needs each journal entry's postings.
    ``chunk`` participants per write transaction; idempotent. Returns ``{participants,
    rollups}`` (how many participants were rebuilt / rollups set)."""
    with driver.session() as session:
        def participants(query: str) -> list[str]:
            return [r["participantId"] for r in session.execute_read(run, query, all=not only_missing)]

        def rebuilt(query: str, pids: list[str]) -> int:
            return sum(session.execute_write(run, query, participantIds=part)[0]["written"]
                       for part in chunked(pids, chunk))

        detail = participants("money/period_rollup_participants")
        written = rebuilt("money/rebuild_period_track_rollups", detail)
        # after their tracks were set, those participants' recording rollups are set too
        recording = sorted(set(detail) | set(participants("money/recording_rollup_participants")))
        written += rebuilt("money/rebuild_recording_rollups", recording)
    return {"participants": len(recording), "rollups": written}
