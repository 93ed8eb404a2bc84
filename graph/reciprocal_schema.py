"""Reciprocal representation of foreign societies (issue 7; docs/international.md): partners,
reciprocal agreements, repertoire imports, royalty cycles and their line items, exports and
remittances.

A **partner** is not a class of its own: it is the foreign society's ``:Society`` node (``code``
ASCAP, PRS…) given the labels ``:Participant:Publisher`` and a ``participantId`` (so the ledger,
the audit trail and the API treat it like any publisher), plus the partner properties
``partnerActive`` (bool), ``reportingStandard`` (``CWR`` | ``DDEX-DSR`` | ``CSV-Custom``),
``defaultAdminFeePercent`` (decimal string, percent), ``contact`` and
``remittanceRequirements`` (JSON strings), ``partnerSince`` (datetime).

Its repertoire is ordinary ``:Work`` / ``:Recording`` nodes (upserted by ISWC / ISRC) linked
``(:Work|:Recording)-[:IN_REPERTOIRE_OF {importId, lastImportId, since, updatedAt, fingerprint}]->(:Society)``;
the shares the partner reports are ``(:Participant)-[:CLAIMS {role (CWR writer/publisher
designation code), prShare, mrShare, srShare (int millionths of 100 %), prSociety, mrSociety,
srSociety, controlled, partnerCode, importId}]->(:Work)`` — a partner's statement of
ownership, kept apart from our own ``OWNS`` splits. An Active agreement gives the partner's
society ``COLLECTS {basis: 'reciprocal', agreementId}`` edges on those works (app.services.collects
conventions), so mandate precedence decides every usage.

Money properties ending in ``Micro`` are integers of micro-units of the node's ``currency``;
percentages are decimal strings.
"""
from __future__ import annotations

from neomodel import (
    ArrayProperty,
    DateProperty,
    DateTimeProperty,
    IntegerProperty,
    StringProperty,
    StructuredNode,
)

REPORTING_STANDARDS = ("CWR", "DDEX-DSR", "CSV-Custom")
AGREEMENT_STATUSES = ("Draft", "Active", "Suspended", "Terminated")
REPORTING_FREQUENCIES = ("Quarterly", "SemiAnnual", "Annual")  # or a cron expression
CYCLE_STATUSES = ("Open", "Locked", "Invoiced", "Remitted")
REMITTANCE_STATUSES = ("Pending", "Sent", "Settled", "Failed")
EXPORT_FORMATS = ("csv", "cwr", "ddex-dsr")
REPERTOIRE_FORMATS = ("csv", "cwr", "ddex-ern")


class ReciprocalAgreement(StructuredNode):
    """A reciprocal representation agreement with a partner society (``agreementId``
    RCA-000001): ``(:ReciprocalAgreement)-[:WITH_PARTNER]->(:Society)``. ``territories`` /
    ``excluded`` territory codes where we represent the partner; ``validFrom`` (effective)
    inclusive, ``validTo`` (expiry) exclusive or null; ``adminFeePercent`` overrides the
    partner's default when set; ``rightTypes`` the work rights represented (default
    performance); ``status`` Draft | Active | Suspended | Terminated; ``reportingFrequency``
    Quarterly | SemiAnnual | Annual | a cron expression."""

    agreementId = StringProperty(unique_index=True, required=True)
    partnerCode = StringProperty(required=True, index=True)
    territories = ArrayProperty(StringProperty(), required=True)
    excluded = ArrayProperty(StringProperty())
    validFrom = DateProperty(required=True)
    validTo = DateProperty()
    adminFeePercent = StringProperty()
    rightTypes = ArrayProperty(StringProperty())
    status = StringProperty(required=True, index=True)
    reportingFrequency = StringProperty(required=True)
    notes = StringProperty()
    lastCycleEnd = DateProperty()  # the end of the last period a scheduled close covered
    createdAt = DateTimeProperty()
    updatedAt = DateTimeProperty()


class RepertoireImport(StructuredNode):
    """One repertoire file imported for a partner (``importId`` RPI-000001). ``importKey``
    "<sha256>|<partnerCode>" is unique for real imports (the same file again returns the first
    import's log); dry runs are not stored. ``status`` running → done | failed; ``done`` /
    ``total`` the progress in records; ``log`` the import log JSON ``{works, recordings,
    writers, publishers, created, updated, conflicts, missingIds, errors}``."""

    importId = StringProperty(unique_index=True, required=True)
    importKey = StringProperty(unique_index=True, required=True)
    partnerCode = StringProperty(required=True, index=True)
    format = StringProperty(required=True)
    filename = StringProperty()
    sha256 = StringProperty(required=True)
    status = StringProperty(required=True)
    done = IntegerProperty(default=0)
    total = IntegerProperty()
    log = StringProperty()
    error = StringProperty()
    startedAt = DateTimeProperty()
    finishedAt = DateTimeProperty()
    progressAt = DateTimeProperty()  # last state change: a queued/running import silent for long is stale
    by = StringProperty()


class RoyaltyCycle(StructuredNode):
    """A royalty cycle (``cycleId`` CYC-000001) over the plays of ``territory`` with a local date
    in [``periodStart``, ``periodEnd``) (``period`` its label, e.g. 2025-Q1); ``adminFeePercent``
    overrides the agreements' fee when set. ``status`` Open → Locked (closed: line items
    written, ledger posted) → Invoiced (a remittance exists) → Remitted (every partner's
    remittance settled). ``(:RoyaltyCycle)-[:HAS_LINE]->(:LineItem)``; a play counted by a
    cycle: ``(:PlayLog)-[:IN_CYCLE {partnerCode, lineItemId, grossMicro, feeMicro,
    netMicro}]->(:RoyaltyCycle)``."""

    cycleId = StringProperty(unique_index=True, required=True)
    territory = StringProperty(required=True, index=True)
    period = StringProperty(required=True)
    periodStart = DateProperty(required=True)
    periodEnd = DateProperty(required=True)
    adminFeePercent = StringProperty()
    currency = StringProperty()
    status = StringProperty(required=True, index=True)
    totals = StringProperty()  # JSON: per partner {usageCount, grossMicro, feeMicro, netMicro}
    createdAt = DateTimeProperty()
    createdBy = StringProperty()
    closedAt = DateTimeProperty()
    closedBy = StringProperty()


class LineItem(StructuredNode):
    """What a cycle owes a partner for one work (and recording, when the plays named one):
    ``lineItemId`` "<cycleId>:<n>"; ``usageCount`` plays, ``durationSeconds`` their total;
    ``grossMicro`` − ``feeMicro`` (``adminFeePercent`` of gross) = ``netMicro``; ``notes`` how
    it was calculated (tariffs, fee source). ``(:LineItem)-[:FOR]->(:Work|:Recording)``."""

    lineItemId = StringProperty(unique_index=True, required=True)
    cycleId = StringProperty(required=True, index=True)
    partnerCode = StringProperty(required=True, index=True)
    agreementId = StringProperty()
    workId = StringProperty(index=True)
    recordingId = StringProperty()
    iswc = StringProperty()
    isrc = StringProperty()
    title = StringProperty()
    usageCount = IntegerProperty(required=True)
    durationSeconds = IntegerProperty()
    grossMicro = IntegerProperty(required=True)
    feeMicro = IntegerProperty(required=True)
    netMicro = IntegerProperty(required=True)
    adminFeePercent = StringProperty(required=True)
    currency = StringProperty(required=True)
    notes = StringProperty()


class Export(StructuredNode):
    """A report file generated for a partner and cycle (``exportId`` EXP-000001): ``format``
    csv | cwr | ddex-dsr, stored at ``path`` under the export directory with its ``sha256``."""

    exportId = StringProperty(unique_index=True, required=True)
    cycleId = StringProperty(required=True, index=True)
    partnerCode = StringProperty(required=True, index=True)
    format = StringProperty(required=True)
    path = StringProperty(required=True)
    filename = StringProperty(required=True)
    sha256 = StringProperty(required=True)
    rows = IntegerProperty()
    generatedAt = DateTimeProperty(required=True)
    generatedBy = StringProperty()


class Remittance(StructuredNode):
    """The net a cycle owes a partner, remitted (``remittanceId`` RMT-000001; one per cycle and
    partner: ``remittanceKey`` "<cycleId>|<partnerCode>" unique). Amounts in ``currency`` (the
    cycle's): gross − fee = net; ``withholdingTaxPercent`` of net withheld → ``payableMicro``;
    ``fx`` (JSON {to, rate, source, date}) and ``remittedMicro`` in the partner's currency when
    it differs. ``status`` Pending → Sent → Settled | Failed; ``entryIds`` its journal entries."""

    remittanceId = StringProperty(unique_index=True, required=True)
    remittanceKey = StringProperty(unique_index=True, required=True)
    cycleId = StringProperty(required=True, index=True)
    partnerCode = StringProperty(required=True, index=True)
    currency = StringProperty(required=True)
    grossMicro = IntegerProperty(required=True)
    feeMicro = IntegerProperty(required=True)
    netMicro = IntegerProperty(required=True)
    withholdingTaxPercent = StringProperty()
    withholdingMicro = IntegerProperty(default=0)
    payableMicro = IntegerProperty(required=True)
    fx = StringProperty()
    remittedCurrency = StringProperty()
    remittedMicro = IntegerProperty()
    status = StringProperty(required=True, index=True)
    reference = StringProperty()
    reason = StringProperty()
    entryIds = ArrayProperty(StringProperty())
    attempts = IntegerProperty(default=0)  # times Sent: a re-sent remittance's entry keys end :<n>
    createdAt = DateTimeProperty()
    createdBy = StringProperty()
    sentAt = DateTimeProperty()
    settledAt = DateTimeProperty()
    failedAt = DateTimeProperty()
