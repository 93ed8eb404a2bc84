"""Money Hub alerts: ``(:Alert {alertId ALR-000001, key, type, status, participantId, entityId,
title, message, evidence (JSON), createdAt, updatedAt, lastSeenAt, resolvedAt, resolvedBy,
note})``.

Types (``TYPES``) and what raises them: ``app.services.alert_detectors``. Statuses move along
``TRANSITIONS`` (open → investigating → resolved, or open → resolved); every change writes an
AuditEvent in its transaction.

``generate`` runs the detectors and stores their findings, idempotently: an alert's ``key`` is
deterministic (type, participant and what it is about), so a re-run refreshes the alert (its
message, evidence, lastSeenAt) and keeps its status. A run that covered a type completely for
some participants resolves their open alerts of that type it did not find again (as
``SYSTEM_ACTOR``); if such a finding comes back, its alert opens again (an alert a person
resolved stays resolved). It runs after each processed statement (``after_statement``: what the
statement reveals), for participants on demand (``for_participants``: the catalog checks) and
nightly over everything (``nightly``, a beat task).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import simplejson
from neo4j import ManagedTransaction

from app.services import alert_detectors as detect
from app.services import audit
from app.services.catalog import ParticipantNotFound, UnknownEntity
from app.services.db import read, run, settings, write
from app.services.entities import ensure_transition, missing_references
from app.services.ids import reserve_ids

TYPES = ("missing_money", "fraud_risk", "data_integrity", "registration_gap")
STATUSES = ("open", "investigating", "resolved")
TRANSITIONS = {"open": ("investigating", "resolved"), "investigating": ("resolved",), "resolved": ()}
SYSTEM_ACTOR = "system:alerts"
PARTICIPANT_PAGE = 500  # participants per nightly transaction
RECENT_DAYS = 35  # the nightly fraud check re-reads the statements processed in this many days


def _store(tx: ManagedTransaction, findings: list[detect.Finding], full: dict[str, list[str] | None]) -> Counter:
    """Upsert ``findings`` and, for each type in ``full`` (type → the participants it covered
    completely, None = all), resolve the alerts of that type not found again. Audited; returns
    counts ``created``, ``reopened``, ``refreshed``, ``resolved``."""
    counts: Counter = Counter()
    unique = list({f.key: f for f in findings}.values())
    if unique:
        rows = run(tx, "alerts/upsert", systemActor=SYSTEM_ACTOR, alerts=[
            {"alertId": alert_id, "key": f.key, "type": f.type, "participantId": f.participant_id,
             "entityId": f.entity_id, "title": f.title, "message": f.message,
             "evidence": simplejson.dumps(f.evidence, use_decimal=True, default=str, sort_keys=True)}
            for f, alert_id in zip(unique, reserve_ids(tx, "alert", len(unique)))])
        created = [r for r in rows if r["created"]]
        reopened = [r for r in rows if r["reopened"]]
        by_key = {f.key: f for f in unique}
        audit.record_many(tx, SYSTEM_ACTOR, "alert.open", [
            (r["alertId"], None, {"type": by_key[r["key"]].type, "status": "open"}) for r in created])
        audit.record_many(tx, SYSTEM_ACTOR, "alert.reopen",
                          [(r["alertId"], {"status": "resolved"}, {"status": "open"}) for r in reopened])
        counts.update(created=len(created), reopened=len(reopened), refreshed=len(rows) - len(created))
    for kind, participant_ids in full.items():
        keys = [f.key for f in unique if f.type == kind]
        gone = run(tx, "alerts/resolve_missing", types=[kind], participantIds=participant_ids, keys=keys,
                   systemActor=SYSTEM_ACTOR)
        audit.record_many(tx, SYSTEM_ACTOR, "alert.status",
                          [(r["alertId"], {"status": r["before"]}, {"status": "resolved", "note": "no longer found"})
                           for r in gone])
        counts.update(resolved=len(gone))
    return counts


def after_statement(statement_id: str, today: dt.date | None = None) -> dict:
    """Alerts after a statement was processed: what the statement itself reveals — its money in
    suspense that matches someone's catalog now, and usage spikes of the tracks it reports. The
    catalog checks (data integrity, registration gaps) do not depend on statements: they run
    nightly. Returns the counts (``created``, ``reopened``, ``refreshed``, ``resolved``)."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    currency = settings().wallet_currency
    findings = read(lambda tx: detect.missing_money(tx, [statement_id], today, currency)
                    + detect.fraud_risk(tx, [statement_id], today))
    return dict(write(_store, findings, {}))


def for_participants(participant_ids: list[str], today: dt.date | None = None) -> dict:
    """The catalog checks (data integrity, registration gaps) of some participants, in full:
    their alerts of those types no longer found are resolved. Returns the counts."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    findings = read(lambda tx: detect.data_integrity(tx, participant_ids, today)
                    + detect.registration_gap(tx, participant_ids, today))
    return dict(write(_store, findings, {"data_integrity": participant_ids, "registration_gap": participant_ids}))


def nightly(today: dt.date | None = None) -> dict:
    """Every detector over the whole graph: missing money of every statement with an open
    missing-money issue, usage spikes of the statements processed in the last ``RECENT_DAYS``,
    and the data-integrity and registration checks of every participant (pages of
    ``PARTICIPANT_PAGE``, one transaction each). Returns the counts."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    currency = settings().wallet_currency
    since = dt.datetime.combine(today - dt.timedelta(days=RECENT_DAYS), dt.time(), dt.timezone.utc)
    counts: Counter = Counter()

    def statements_work(tx):
        recent = [r["statementId"] for r in run(tx, "alerts/recent_statements", since=since)]
        return detect.missing_money(tx, None, today, currency) + detect.fraud_risk(tx, recent, today)
    counts.update(write(_store, read(statements_work), {"missing_money": None}))
    after = ""
    while page := read(lambda tx: run(tx, "alerts/participant_ids_after", after=after,
                                      limit=PARTICIPANT_PAGE))[0]["participantIds"]:
        counts.update(for_participants(page, today))
        after = page[-1]
    return dict(counts)


def _out(alert: dict) -> dict:
    return {"alertId": alert["alertId"], "type": alert["type"], "status": alert["status"],
            "participantId": alert["participantId"], "entityId": alert.get("entityId"), "title": alert["title"],
            "message": alert["message"], "evidence": simplejson.loads(alert.get("evidence") or "{}", use_decimal=True),
            "createdAt": alert["createdAt"], "updatedAt": alert["updatedAt"], "lastSeenAt": alert.get("lastSeenAt"),
            "resolvedAt": alert.get("resolvedAt"), "resolvedBy": alert.get("resolvedBy"), "note": alert.get("note")}


def participant_alerts(participant_id: str, skip: int, limit: int, type_: str | None = None,
                       status: str | None = None) -> dict:
    """``{participantId, counts {open, investigating, resolved}, total, alerts [{alertId, type,
    status, participantId, entityId, title, message, evidence, createdAt, updatedAt, lastSeenAt,
    resolvedAt, resolvedBy, note}]}``: a page of the participant's alerts (newest first) of
    ``type_`` / ``status`` (all when None); ``total`` counts the matching ones, ``counts`` all its
    alerts (of that type) per status. Raises ParticipantNotFound."""
    def work(tx):
        if missing_references(tx, participant_ids=[participant_id])["participant"]:
            raise ParticipantNotFound(participant_id)
        return run(tx, "alerts/list", participantId=participant_id, type=type_, status=status, skip=skip,
                   limit=limit)[0]
    row = read(work)
    return {"participantId": participant_id, "counts": row["counts"], "total": row["total"],
            "alerts": [_out(a) for a in row["alerts"]]}


def get(alert_id: str) -> dict:
    """One alert (``participant_alerts`` item shape). Raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "alerts/get", alertId=alert_id, lock=False))
    if not rows:
        raise UnknownEntity("alert", alert_id)
    return _out(rows[0]["alert"])


def set_status(alert_id: str, status: str, note: str | None, actor: str, participant_id: str | None = None) -> dict:
    """Move an alert to ``status`` (``TRANSITIONS``) with an AuditEvent ``alert.status``
    (before → after, note); returns it. ``participant_id``: when given (a participant token),
    the alert must be that participant's (UnknownEntity otherwise, so ids of others' alerts are
    not revealed). Raises UnknownEntity, TransitionNotAllowed (also for its current status)."""
    def work(tx):
        rows = run(tx, "alerts/get", alertId=alert_id, lock=True)
        if not rows or participant_id not in (None, rows[0]["alert"]["participantId"]):
            raise UnknownEntity("alert", alert_id)
        current = rows[0]["alert"]["status"]
        ensure_transition(f"alert {alert_id}", current, status, TRANSITIONS)
        after = run(tx, "alerts/set_status", alertId=alert_id, status=status, actor=actor, note=note)[0]["alert"]
        audit.record(tx, actor, "alert.status", alert_id, before={"status": current},
                     after={"status": status, "note": note})
        return _out(after)
    return write(work)
