"""The attribution QA queue and unmatched usage (issue 7 item 3; docs/international.md).

* ``qa_queue``: plays in review — a fuzzy candidate of the local catalog or of a partner's
  repertoire below its automatic threshold, or a match of an unsure detection — with the
  candidate, confidence, method and origin partner. A person confirms or corrects one with the
  manual link (``play_review.link`` to a recording, ``play_review.link_work`` to a work only).
* ``unmatched_usage``: plays nothing matched; they are never charged until linked, the same way.
"""
from __future__ import annotations

import datetime as dt

from app.services import partners
from app.services.catalog import UnknownEntity
from app.services.db import read, run
from app.services.entities import InvalidInput


def _partner_code(ref: str | None) -> str | None:
    """The society code of a partner filter (participantId or code). Raises InvalidInput."""
    if ref is None:
        return None
    try:
        return partners.get_partner(ref)["code"]
    except UnknownEntity as exc:
        raise InvalidInput({"partner": [f"unknown partner {ref}"]}) from exc


def qa_queue(skip: int, limit: int, filters: dict) -> tuple[list[dict], int]:
    """A page of the QA queue, oldest play first, and its total. ``filters`` (each optional):
    ``stationId``, ``partner`` (participantId or society code of the origin partner),
    ``minConfidence`` / ``maxConfidence`` (0–1, inclusive). Items: ``{playId, stationId,
    playedAt, localDate, title, artist, isrc, iswc, durationSeconds, detectionConfidence,
    chargeStatus, attributionId, method, confidence, note, originPartner, candidateRecordingId,
    candidateWorkId, candidateTitle, candidateIsrc, candidateIswc}``. Raises InvalidInput (an
    unknown partner, or minConfidence > maxConfidence)."""
    low, high = filters.get("minConfidence"), filters.get("maxConfidence")
    if low is not None and high is not None and low > high:
        raise InvalidInput({"minConfidence": [f"minConfidence {low} is above maxConfidence {high}"]})
    code = _partner_code(filters.get("partner"))
    row = read(lambda tx: run(tx, "reciprocal/qa_attributions", stationId=filters.get("stationId"), partner=code,
                              minConfidence=low, maxConfidence=high, skip=skip, limit=limit))[0]
    return row["items"], row["total"]


def unmatched_usage(skip: int, limit: int, filters: dict) -> tuple[list[dict], int]:
    """A page of unmatched plays, oldest first, and the total. ``filters`` (each optional):
    ``stationId``, ``from`` / ``to`` (station-local dates, inclusive). Items: ``{playId,
    stationId, importId, line, playedAt, localDate, title, artist, isrc, iswc, durationSeconds,
    detectionConfidence, usageType, note}``. Raises InvalidInput (from after to)."""
    since: dt.date | None = filters.get("from")
    until: dt.date | None = filters.get("to")
    if since is not None and until is not None and since > until:
        raise InvalidInput({"from": [f"from {since} is after to {until}"]})
    row = read(lambda tx: run(tx, "reciprocal/qa_unmatched", stationId=filters.get("stationId"), skip=skip,
                              limit=limit, **{"from": since, "to": until}))[0]
    return row["items"], row["total"]
