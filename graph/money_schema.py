"""The money side of the graph schema (DESIGN.md "Money"): ledger accounts and journal entries,
the income rollups the Money Hub reads, alerts, payouts and their methods and batches, dispute
holds, advances and their offers.

Kept apart from ``graph.schema`` (catalog, rights, statements) so neither grows past a page;
``graph.setup`` imports both, so ``rightsgraph db init`` installs every constraint and index
here. Money properties ending in ``Micro`` or named ``amount`` / ``balance`` are integers of
micro-units (10⁻⁶ of ``currency``).
"""
from __future__ import annotations

from neomodel import (
    BooleanProperty,
    DateProperty,
    DateTimeProperty,
    IntegerProperty,
    StringProperty,
    StructuredNode,
)

PAYOUT_METHOD_TYPES = ("bank_transfer", "paypal", "mobile_money")


class Account(StructuredNode):
    """A ledger account. ``kind``: wallet | frozen | pending_payout | platform_pool | station |
    partner_payable | admin_fee_income | suspense | advance_receivable | source.
    ``balance`` (micro-units) is the sum of its postings, updated in the posting transaction."""

    accountId = StringProperty(unique_index=True, required=True)
    kind = StringProperty(required=True, index=True)
    currency = StringProperty(required=True)
    balance = IntegerProperty(default=0)
    participantId = StringProperty(index=True)


class JournalEntry(StructuredNode):
    """A double-entry journal entry: ``(:JournalEntry)-[:POSTS {amount}]->(:Account)``; the
    amounts sum to zero per currency. ``idempotencyKey`` makes a repeated post a no-op."""

    entryId = StringProperty(unique_index=True, required=True)
    idempotencyKey = StringProperty(unique_index=True, required=True)
    kind = StringProperty(required=True)
    at = DateTimeProperty(required=True, index=True)
    statementId = StringProperty(index=True)
    memo = StringProperty()


class IncomeRollup(StructuredNode):
    """Credited income per participant × month × source × recording × right type (micro-units;
    ``recouped`` the part that went to recoupment), maintained in the posting transaction
    (app.services.income_rollups) so the Money Hub reads hundreds of rows, not millions. ``key``
    starts ``participantId|period|``, so its index serves a participant's month."""

    key = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True)  # no index of its own: ``key`` starts with it
    period = StringProperty(required=True)
    source = StringProperty(required=True)
    sourceLabel = StringProperty()
    recordingId = StringProperty()
    rightType = StringProperty()
    currency = StringProperty(required=True)
    amount = IntegerProperty(default=0)
    recouped = IntegerProperty(default=0)


class PeriodIncomeRollup(StructuredNode):
    """Income per participant × month × source (micro-units): the hub's income by source and
    timeline."""

    key = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True, index=True)
    period = StringProperty(required=True)
    source = StringProperty(required=True)
    sourceLabel = StringProperty()
    currency = StringProperty(required=True)
    amount = IntegerProperty(default=0)
    recouped = IntegerProperty(default=0)


class TrackIncomeRollup(StructuredNode):
    """Lifetime income per participant × recording × source × right type (micro-units) and that
    of its latest month (``lastPeriod``, ``lastPeriodAmount``): the track page (read by recording).
    ``key`` starts ``participantId|recordingId|``."""

    key = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True)  # no index of its own: ``key`` starts with it
    recordingId = StringProperty(required=True, index=True)
    source = StringProperty(required=True)
    sourceLabel = StringProperty()
    rightType = StringProperty()
    currency = StringProperty(required=True)
    amount = IntegerProperty(default=0)
    lastPeriod = StringProperty()
    lastPeriodAmount = IntegerProperty(default=0)


class RecordingIncomeRollup(StructuredNode):
    """Lifetime income per participant × recording × currency (micro-units) and that of the
    recording's latest month (``lastPeriod``, ``lastPeriodAmount``): the hub's top tracks read one
    row per recording, highest ``lifetime`` first, through the range index on (participantId,
    currency, lifetime) (``cypher/schema/recording_income_rank.cypher``) so the read stops after
    the top ones. Equal to its TrackIncomeRollups summed over source and right type."""

    key = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True)
    recordingId = StringProperty(required=True)
    currency = StringProperty(required=True)
    lifetime = IntegerProperty(default=0)
    lastPeriod = StringProperty()
    lastPeriodAmount = IntegerProperty(default=0)


class RegistrationGap(StructuredNode):
    """A participant's maintained ``hasMissingRegistrations`` flag (app.services.registration_gaps):
    ``missing`` as ``registrations.has_missing`` answered it, valid for dates in [``validFrom``,
    ``validUntil``) (null: unbounded) while ``stale`` is false and the graph holds ``societies``
    societies. Writers of the facts behind it set ``stale``; the hub refreshes it on a miss."""

    participantId = StringProperty(unique_index=True, required=True)
    missing = BooleanProperty()
    stale = BooleanProperty(default=True)
    validFrom = DateProperty()
    validUntil = DateProperty()
    societies = IntegerProperty()
    lockedAt = DateTimeProperty()


class Alert(StructuredNode):
    """A Money Hub alert for a participant (app.services.alerts): ``type`` missing_money |
    fraud_risk | data_integrity | registration_gap, ``status`` open | investigating | resolved;
    ``key`` deterministic (type, participant, what it is about), so detectors refresh rather
    than repeat it; ``evidence`` is JSON."""

    alertId = StringProperty(unique_index=True, required=True)
    key = StringProperty(unique_index=True, required=True)
    type = StringProperty(required=True, index=True)
    status = StringProperty(required=True, index=True)
    participantId = StringProperty(required=True, index=True)
    entityId = StringProperty()
    title = StringProperty()
    message = StringProperty()
    evidence = StringProperty()
    note = StringProperty()
    createdAt = DateTimeProperty()
    updatedAt = DateTimeProperty()
    lastSeenAt = DateTimeProperty()
    resolvedAt = DateTimeProperty()
    resolvedBy = StringProperty()


class EntryIncomeRollup(StructuredNode):
    """Income per participant × journal entry × source (``by`` 'source') and × recording (``by``
    'recording'), micro-units (``recouped`` the part that went to recoupment): what an artist
    statement of a calendar month breaks the month's income postings into, to the micro-unit.
    ``key`` is ``participantId|entryId|by|source or recordingId|currency``: written once per entry,
    looked up by its prefix, so participant, entry and currency are not repeated as properties
    (nodes written before may still carry them)."""

    key = StringProperty(unique_index=True, required=True)
    by = StringProperty(required=True)
    source = StringProperty()
    sourceLabel = StringProperty()
    recordingId = StringProperty()
    amount = IntegerProperty(default=0)
    recouped = IntegerProperty(default=0)


class PayoutMethod(StructuredNode):
    """Where a participant's payouts go (``methodId`` PM-000001): ``type`` one of
    PAYOUT_METHOD_TYPES, ``label`` masked for display ("Chase ••••1234", "PayPal a•••@example.com",
    "MTN MoMo ••••5678"), ``last4``; the full account number or address never reaches the graph
    (the bank or PSP holds it; ``externalRef`` is their token). ``isDefault`` on at most one
    active method; ``status`` active | inactive (never deleted). app.services.payout_methods."""

    methodId = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True, index=True)
    type = StringProperty(required=True, choices={t: t for t in PAYOUT_METHOD_TYPES})
    label = StringProperty(required=True)
    institution = StringProperty()
    last4 = StringProperty()
    externalRef = StringProperty()
    isDefault = BooleanProperty(default=False)
    status = StringProperty(default="active")
    createdAt = DateTimeProperty()
    updatedAt = DateTimeProperty()


class Payout(StructuredNode):
    """A payout (``payoutId`` PAY-000001) of ``amount`` micro-units of ``currency`` from a
    participant's wallet: ``status`` requested → approved → processing → paid | failed
    (app.services.payouts.TRANSITIONS). ``requestKey`` ("<participantId>:<idempotencyKey>") is
    unique, so a repeated request returns the first payout. Each money step is a journal entry
    with ``sourceId`` = payoutId; ``batchId`` the PayoutBatch it was submitted in."""

    payoutId = StringProperty(unique_index=True, required=True)
    requestKey = StringProperty(unique_index=True, required=True)
    idempotencyKey = StringProperty(required=True)
    participantId = StringProperty(required=True, index=True)
    amount = IntegerProperty(required=True)
    currency = StringProperty(required=True)
    status = StringProperty(required=True, index=True)
    methodId = StringProperty()
    methodType = StringProperty()
    methodLabel = StringProperty()
    batchId = StringProperty(index=True)
    providerReference = StringProperty()
    failureReason = StringProperty()
    requestedBy = StringProperty()
    requestedAt = DateTimeProperty(required=True)
    approvedBy = StringProperty()
    approvedAt = DateTimeProperty()
    processingAt = DateTimeProperty()
    paidAt = DateTimeProperty()
    failedAt = DateTimeProperty()
    updatedAt = DateTimeProperty()  # last change (set first, so it also takes the write lock)


class PayoutBatch(StructuredNode):
    """Payouts submitted together to a payout provider (``batchId`` PB-000001): ``status``
    submitting → submitted; the file provider's CSV ``location`` and its ``sha256``."""

    batchId = StringProperty(unique_index=True, required=True)
    provider = StringProperty(required=True)
    currency = StringProperty(required=True)
    status = StringProperty(required=True)
    count = IntegerProperty()
    total = IntegerProperty()  # micro-units
    location = StringProperty()
    sha256 = StringProperty()
    createdBy = StringProperty()
    createdAt = DateTimeProperty(required=True)
    submittedAt = DateTimeProperty()


class DisputeHold(StructuredNode):
    """Money frozen under a dispute (app.services.holds): one dispute × participant × origin
    ('arrived' | 'moved') × right type × territory × month × source × recording × currency;
    ``amount`` held now and ``released`` when the dispute closed (micro-units)."""

    key = StringProperty(unique_index=True, required=True)
    disputeId = StringProperty(required=True, index=True)
    participantId = StringProperty(required=True, index=True)
    currency = StringProperty(required=True)
    origin = StringProperty(required=True)
    amount = IntegerProperty(default=0)
    released = IntegerProperty(default=0)


class AdvanceOffer(StructuredNode):
    """An advance offered to a participant (app.services.advance_offers): ``offerId`` OFR-000001,
    ``amount`` (micro-units), ``recoupPercent`` (millionths), ``status`` open | accepted | superseded."""

    offerId = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True, index=True)
    currency = StringProperty(required=True)
    amount = IntegerProperty(required=True)
    recoupPercent = IntegerProperty(required=True)
    status = StringProperty(required=True)
    expiresAt = DateTimeProperty(required=True)


class Advance(StructuredNode):
    """An advance granted to a participant (app.services.advances): ``advanceId`` ADV-000001,
    ``amount`` / ``recouped`` / ``basis`` (micro-units), ``status`` active | recouped."""

    advanceId = StringProperty(unique_index=True, required=True)
    participantId = StringProperty(required=True, index=True)
    currency = StringProperty(required=True)
    amount = IntegerProperty(required=True)
    recoupPercent = IntegerProperty(required=True)
    recouped = IntegerProperty(default=0)
    basis = IntegerProperty(default=0)
    status = StringProperty(required=True, index=True)  # allocation looks up who is recouping
