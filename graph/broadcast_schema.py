"""The broadcast side of the graph (issue 6; docs/broadcast.md): stations, tariffs, play logs,
their attributions, and withdrawals from the central pool.

Kept apart from ``graph.schema`` (the catalog and statement side) so the two grow
independently; ``graph.setup`` imports both, so ``rightsgraph db init`` installs every
constraint and index here. Money properties ending in ``Micro`` are integers of micro-units of
the node's ``currency``. Plays name their station by ``stationId`` (indexed) rather than by an
edge: at millions of plays a property index costs less than a relationship per play.
"""
from __future__ import annotations

from neomodel import (
    ArrayProperty,
    DateProperty,
    DateTimeProperty,
    FloatProperty,
    IntegerProperty,
    StringProperty,
    StructuredNode,
)

STATION_CLASSES = ("national", "regional", "community", "campus", "tv", "online")
LICENCE_STATUSES = ("active", "pending", "suspended", "expired")
FUNDS_POLICIES = ("reject", "credit_limit")
USAGE_TYPES = ("featured", "background", "jingle", "theme", "advert", "live")
TARIFF_BASES = ("per_play", "per_second")


class Station(StructuredNode):
    """A licensed radio or TV station (``stationId`` STN-000001): ``stationClass`` one of
    STATION_CLASSES, ``country`` (ISO alpha-2: the territory its plays are paid in), IANA
    ``timezone`` (time-of-day tariff bands are local), ``streamIds`` (the monitoring system's
    ids for it), licence (``licenceStatus`` one of LICENCE_STATUSES, number, validity,
    ``coverage`` territory codes), its pre-funded account's ``currency`` and the policy when it
    runs out of funds (``fundsPolicy`` reject | credit_limit, ``creditLimitMicro``)."""

    stationId = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True, index=True)
    stationClass = StringProperty(required=True, choices={c: c for c in STATION_CLASSES})
    country = StringProperty(required=True)
    timezone = StringProperty(required=True)
    streamIds = ArrayProperty(StringProperty())
    licenceStatus = StringProperty(required=True, choices={s: s for s in LICENCE_STATUSES})
    licenceNumber = StringProperty()
    licenceValidFrom = DateProperty()
    licenceValidTo = DateProperty()
    coverage = ArrayProperty(StringProperty())
    currency = StringProperty(required=True)
    fundsPolicy = StringProperty(required=True, choices={p: p for p in FUNDS_POLICIES})
    creditLimitMicro = IntegerProperty(default=0)
    createdAt = DateTimeProperty()
    updatedAt = DateTimeProperty()


class Tariff(StructuredNode):
    """One version of a broadcast tariff (``tariffId`` TRF-000001) for a station class, a usage
    type and a time-of-day ``band`` (local ``timeFrom`` ≤ t < ``timeTo``, 'HH:MM', wrapping past
    midnight when timeFrom > timeTo; both null: all day). ``basis`` per_play (``rateMicro`` per
    play) or per_second (``rateMicro`` per second played). Versions of one (class, usage type,
    band) follow each other: ``validFrom`` inclusive, ``validTo`` exclusive or null; ``status``
    active | superseded. ``rightSplit`` (JSON) is how a play's money divides between the
    recording's and the work's rights."""

    tariffId = StringProperty(unique_index=True, required=True)
    stationClass = StringProperty(required=True, index=True)
    usageType = StringProperty(required=True)
    band = StringProperty(required=True)
    timeFrom = StringProperty()
    timeTo = StringProperty()
    basis = StringProperty(required=True, choices={b: b for b in TARIFF_BASES})
    rateMicro = IntegerProperty(required=True)
    currency = StringProperty(required=True)
    rightSplit = StringProperty(required=True)
    validFrom = DateProperty(required=True)
    validTo = DateProperty()
    status = StringProperty(required=True)
    createdAt = DateTimeProperty()
    createdBy = StringProperty()


class PlayLogImport(StructuredNode):
    """A play-log file or API batch (``importId`` PLI-000001). ``importKey`` "<sha256 of its
    bytes>|<the stationId it was imported for, or empty>" is unique, so the same file again
    for the same station repeats the same import (its plays are never written or charged
    twice). ``status`` registered → processing → processed | failed; counts of the last run:
    rows received, plays accepted, rows rejected (reasons: PlayLogIssue), of which duplicates."""

    importId = StringProperty(unique_index=True, required=True)
    importKey = StringProperty(unique_index=True, required=True)
    sha256 = StringProperty(required=True, index=True)
    format = StringProperty(required=True)
    stationId = StringProperty()
    filename = StringProperty()
    path = StringProperty()
    status = StringProperty(required=True)
    error = StringProperty()
    received = IntegerProperty(default=0)
    accepted = IntegerProperty(default=0)
    rejected = IntegerProperty(default=0)
    duplicates = IntegerProperty(default=0)
    registeredAt = DateTimeProperty()
    processedAt = DateTimeProperty()


class PlayLogIssue(StructuredNode):
    """A rejected play-log row (``issueId`` "<importId>:<line>:<field>"): why, and its text."""

    issueId = StringProperty(unique_index=True, required=True)
    importId = StringProperty(required=True, index=True)
    line = IntegerProperty(required=True)
    field = StringProperty()
    message = StringProperty(required=True)
    raw = StringProperty()


class PlayLog(StructuredNode):
    """One detected play (``playId`` PLY-000001) on a station; ``sourceKey``
    "<stationId>|<the monitoring system's play id, or a digest of time, title, artist, ISRC>" is
    unique, so a play reported twice is one play. ``playedAt`` UTC; ``localDate`` in the
    station's timezone (the date its rights and tariff are taken at). Attribution status
    ``status`` unattributed | matched | review | unmatched; ``chargeStatus`` pending | charged |
    insufficient_funds | no_tariff | not_chargeable; once charged: ``chargedMicro``, ``tariffId``,
    ``entryId`` (its journal entry, key ``play:<playId>``) and ``allocation`` (JSON: who got
    what and why)."""

    playId = StringProperty(unique_index=True, required=True)
    sourceKey = StringProperty(unique_index=True, required=True)
    stationId = StringProperty(required=True, index=True)
    importId = StringProperty(index=True)
    line = IntegerProperty()
    playedAt = DateTimeProperty(required=True, index=True)
    localDate = DateProperty()
    title = StringProperty()
    artist = StringProperty()
    isrc = StringProperty(index=True)
    durationSeconds = IntegerProperty()
    detectionConfidence = FloatProperty()
    usageType = StringProperty()
    fingerprint = StringProperty()
    extra = StringProperty()
    status = StringProperty(required=True, index=True)
    recordingId = StringProperty(index=True)
    iswc = StringProperty()  # issue 7: the ISWC the log reported (normalized)
    workId = StringProperty(index=True)  # issue 7: matched to a work only (no recording)
    originPartner = StringProperty(index=True)  # issue 7: the partner society whose repertoire matched
    chargeStatus = StringProperty(required=True, index=True)
    chargeNote = StringProperty()
    chargedMicro = IntegerProperty()
    currency = StringProperty()
    tariffId = StringProperty()
    entryId = StringProperty()
    allocation = StringProperty()


class UsageAttribution(StructuredNode):
    """How a play was attributed to the catalog (``attributionId`` "<playId>/<n>"):
    ``(:PlayLog)-[:ATTRIBUTED]->(:UsageAttribution)``. ``method`` isrc | fuzzy | fuzzy_review |
    manual | none, or against a partner's repertoire (issue 7, app.services.external_attribution)
    external_isrc | external_iswc | external_fuzzy | external_review; ``confidence`` 0–1; ``recordingId`` (matched) or ``candidateRecordingId``
    (review band); ``status`` current | superseded (a manual link supersedes, never deletes)."""

    attributionId = StringProperty(unique_index=True, required=True)
    playId = StringProperty(required=True, index=True)
    method = StringProperty(required=True)
    confidence = FloatProperty()
    recordingId = StringProperty()
    candidateRecordingId = StringProperty()
    workId = StringProperty()  # issue 7: external_* methods: the work matched (or the recording's work)
    candidateWorkId = StringProperty()  # issue 7: the work candidate of an external_review
    originPartner = StringProperty()  # issue 7: society code of the partner whose repertoire matched
    status = StringProperty(required=True)
    at = DateTimeProperty(required=True)
    by = StringProperty()
    note = StringProperty()


class Withdrawal(StructuredNode):
    """A request to draw money out of the central pool (``withdrawalId`` WDR-000001) by
    ``requesterId`` for ``forParticipantId`` (itself, or a signed artist of a publisher) from
    the pool account ``poolAccountId``: ``status`` pending → approved → processed | rejected.
    Approval's journal entry is ``entryId``; the transfer is the Money OS payout ``payoutId`` to
    the payout method ``methodId`` (``provider`` its type, ``destinationLabel`` its masked
    label). ``requestKey`` "<requesterId>:<idempotencyKey>" is unique (a repeated request
    returns the first). app.services.withdrawals."""

    withdrawalId = StringProperty(unique_index=True, required=True)
    requestKey = StringProperty(unique_index=True, required=True)
    requesterId = StringProperty(required=True, index=True)
    forParticipantId = StringProperty(required=True, index=True)
    poolAccountId = StringProperty(required=True, index=True)
    amountMicro = IntegerProperty(required=True)
    currency = StringProperty(required=True)
    status = StringProperty(required=True, index=True)
    methodId = StringProperty()
    provider = StringProperty()
    destinationLabel = StringProperty()
    entryId = StringProperty()
    payoutId = StringProperty()
    transferError = StringProperty()  # why the payout step refused, while approved
    reason = StringProperty()
    requestedBy = StringProperty()
    requestedAt = DateTimeProperty(required=True)
    decidedBy = StringProperty()
    decidedAt = DateTimeProperty()
    processedAt = DateTimeProperty()
    updatedAt = DateTimeProperty()
