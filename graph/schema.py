"""The graph schema as neomodel classes: labels, keys and properties (DESIGN.md "The graph").

neomodel installs the uniqueness constraints and indexes (``graph.setup.init_schema``) and
serves simple single-node reads. Time-sliced edges (OWNS, COLLECTS) and every batch write go
through the Cypher in ``cypher/``, because ``connect()`` merges and keeps only one relationship
of a type between two nodes. The money side (ledger, rollups, payouts, holds, advances) is
``graph.money_schema``; broadcast, templates and reciprocal representation have their own modules.

Units: ``share`` on OWNS is an integer of millionths of the whole (100 % = 1 000 000, i.e.
percent with 4 decimals, exact); money properties ending in ``Micro`` or named ``amount`` /
``balance`` are integers of micro-units (10⁻⁶ of ``currency``).
"""
from __future__ import annotations

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateProperty,
    DateTimeProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)

RIGHT_TYPES = ("master", "neighbouring", "performance", "mechanical", "sync")
PARTICIPANT_KINDS = ("artist", "writer", "producer", "label", "publisher", "admin")
ROLES = ("admin", "finance", "ops", "viewer", "participant", "station")


class Owns(StructuredRel):
    """``(:Participant)-[:OWNS]->(:Work|:Recording)``: one time- and territory-scoped slice of
    ownership. ``validFrom`` inclusive, ``validTo`` exclusive or null; ``status`` active |
    superseded. Written and read only by Cypher (``cypher/rights/``)."""

    rightType = StringProperty(required=True, choices={r: r for r in RIGHT_TYPES})
    role = StringProperty()
    share = IntegerProperty(required=True)
    territories = ArrayProperty(StringProperty(), required=True)
    excluded = ArrayProperty(StringProperty())
    validFrom = DateProperty(required=True)
    validTo = DateProperty()
    agreementId = StringProperty()
    status = StringProperty(default="active")


class Territory(StructuredNode):
    """ISO 3166-1 alpha-2 country, ``WORLD``, or a region (a CISAC TIS group by its TIS-A code,
    e.g. ``2EN``); ``(:Territory)-[:PART_OF]->(:Territory)``. ``tisCode`` is the TIS-N numeric
    code CWR files use (``importers.territory_codes``)."""

    code = StringProperty(unique_index=True, required=True)
    name = StringProperty()
    kind = StringProperty()  # country | world | region
    tisCode = IntegerProperty(unique_index=True)
    part_of = RelationshipTo("Territory", "PART_OF")


class Identifier(StructuredNode):
    """An external identifier, unique per (scheme, value): IPI, ISNI, ASCAP/BMI ids, Spotify ids…"""

    key = StringProperty(unique_index=True, required=True)  # "<scheme>:<value>", the pair's uniqueness
    scheme = StringProperty(required=True, index=True)
    value = StringProperty(required=True)


class Membership(StructuredRel):
    """``(:Participant)-[:MEMBER_OF]->(:Society)``: a society membership; ``role`` writer |
    publisher | performer | label, ``memberId`` the society's id for the member, ``validFrom``
    inclusive, ``validTo`` exclusive or null. Keyed by (society, role, validFrom): ending a
    membership sets its validTo, never deletes it. Written by Cypher (``cypher/catalog/``)."""

    role = StringProperty(required=True)
    memberId = StringProperty(index=True)
    validFrom = DateProperty(required=True)
    validTo = DateProperty()


class Participant(StructuredNode):
    """An artist, writer, producer, label, publisher or admin: ``participantId`` PART-000001."""

    participantId = StringProperty(unique_index=True, required=True)
    externalRef = StringProperty(unique_index=True)  # the catalog file's ``ref``, for re-imports
    kinds = ArrayProperty(StringProperty(), required=True)
    name = StringProperty(required=True, index=True)
    legalName = StringProperty()
    country = StringProperty()
    email = StringProperty()
    payoutMethodType = StringProperty()
    payoutMethodLabel = StringProperty()  # already masked, e.g. "Chase ••••1234"
    taxTinType = StringProperty()  # SSN | EIN | ITIN | VAT | TIN | other
    taxTinLast4 = StringProperty()  # the last 4 characters of the TIN: the full TIN is never stored
    createdAt = DateTimeProperty()
    identified_by = RelationshipTo("Identifier", "IDENTIFIED_BY")
    member_of = RelationshipTo("Society", "MEMBER_OF", model=Membership)
    owns_works = RelationshipTo("Work", "OWNS", model=Owns)
    owns_recordings = RelationshipTo("Recording", "OWNS", model=Owns)


class Work(StructuredNode):
    """A musical work (composition): ``workId`` WRK-000001, ``iswc`` T-034.524.680-1."""

    workId = StringProperty(unique_index=True, required=True)
    iswc = StringProperty(unique_index=True)
    externalRef = StringProperty(unique_index=True)  # the catalog file's ``ref``
    title = StringProperty(required=True, index=True)
    alternateTitles = ArrayProperty(StringProperty())
    splitChangedAt = DateTimeProperty()  # last whole-split write (app.services.splits)


class Recording(StructuredNode):
    """A sound recording (master): ``recordingId`` REC-000001, ``isrc``; ``RECORDING_OF`` a Work;
    performers via ``(:Participant)-[:PERFORMS_ON {role}]->``."""

    recordingId = StringProperty(unique_index=True, required=True)
    isrc = StringProperty(unique_index=True)
    externalRef = StringProperty(unique_index=True)
    title = StringProperty(required=True, index=True)
    version = StringProperty()
    durationSeconds = IntegerProperty()
    splitChangedAt = DateTimeProperty()  # last whole-split write (app.services.splits)
    recording_of = RelationshipTo("Work", "RECORDING_OF")


class Release(StructuredNode):
    """A product: ``releaseId`` REL-000001, ``upc``; ``(:Release)-[:CONTAINS {trackNumber}]->(:Recording)``."""

    releaseId = StringProperty(unique_index=True, required=True)
    upc = StringProperty(unique_index=True)
    externalRef = StringProperty(unique_index=True)
    title = StringProperty(required=True)
    releaseDate = DateProperty()
    territories = ArrayProperty(StringProperty())


class Society(StructuredNode):
    """A PRO, MRO, NRO or CMO, keyed by ``code`` (BMI, ASCAP, PRS, MLC, SX, GHAMRO…)."""

    code = StringProperty(unique_index=True, required=True)
    name = StringProperty()
    type = StringProperty()  # PRO | MRO | NRO | CMO
    country = StringProperty()
    cisacCode = StringProperty()  # CISAC society code used in CWR, e.g. "021" (graph.societies)


class RegisteredWith(StructuredRel):
    """``(:Work|:Recording)-[:REGISTERED_WITH]->(:Society)``: one per asset and society;
    ``status`` not_registered → pending → registered | rejected (rejected → pending again),
    each step dated (submittedAt, registeredAt, rejectedAt) and by whom (``by``); ``reference``
    the society's number. Written by Cypher (``cypher/registrations/``), audited."""

    status = StringProperty(required=True)
    reference = StringProperty()
    submittedAt = DateTimeProperty()
    registeredAt = DateTimeProperty()
    rejectedAt = DateTimeProperty()
    by = StringProperty()
    createdAt = DateTimeProperty()
    updatedAt = DateTimeProperty()


class Agreement(StructuredNode):
    """A contract (master split, publishing admin, co-publishing, reciprocal…): ``agreementId``
    AGR-000001. Parties ``(:Participant)-[:PARTY_TO {role, validFrom, validTo}]->``, scope
    ``-[:COVERS {validFrom, validTo}]->(:Work|:Recording)``, amendments ``-[:AMENDED_BY]->``;
    the OWNS/COLLECTS edges it created carry its ``agreementId`` (app.services.agreements).
    ``status`` active | amended | terminated; ``terms``, ``scope``, ``documents`` are JSON."""

    agreementId = StringProperty(unique_index=True, required=True)
    type = StringProperty(index=True)
    title = StringProperty()
    validFrom = DateProperty()
    validTo = DateProperty()
    status = StringProperty()
    version = IntegerProperty()
    territories = ArrayProperty(StringProperty())
    excluded = ArrayProperty(StringProperty())
    terms = StringProperty()
    scope = StringProperty()
    documents = StringProperty()  # [{title, uri|sha256}]
    terminationReason = StringProperty()
    createdAt = DateTimeProperty()
    updatedAt = DateTimeProperty()


class AgreementAmendment(StructuredNode):
    """One amendment of an agreement (``amendmentId`` "AGR-000001/1"): from ``effectiveFrom``
    the changed fields went from ``before`` to ``after`` (JSON)."""

    amendmentId = StringProperty(unique_index=True, required=True)
    agreementId = StringProperty(required=True, index=True)
    number = IntegerProperty(required=True)
    effectiveFrom = DateProperty(required=True)
    reason = StringProperty()
    actor = StringProperty()
    at = DateTimeProperty()
    before = StringProperty()
    after = StringProperty()


class Statement(StructuredNode):
    """An ingested statement file. ``sha256`` of its bytes is unique, so re-ingest is a no-op.

    ``status``: registered → processing → processed | processed_with_errors | failed.
    ``linesRead``/``batchesDone`` record how far processing got (resumable)."""

    statementId = StringProperty(unique_index=True, required=True)
    sha256 = StringProperty(unique_index=True, required=True)
    source = StringProperty(required=True)
    filename = StringProperty()
    path = StringProperty()  # the stored copy under the data dir
    error = StringProperty()  # why the statement failed, when it did
    status = StringProperty(required=True, index=True)
    currency = StringProperty()
    grossExact = StringProperty()  # Σ of the file's amounts as written, decimal string
    grossMicro = IntegerProperty()
    linesRead = IntegerProperty(default=0)
    linesMatched = IntegerProperty(default=0)
    linesUnmatched = IntegerProperty(default=0)
    linesRejected = IntegerProperty(default=0)
    batchesDone = IntegerProperty(default=0)
    # Who processes it (app.services.statement_runs): the run and its chunk that may write, the
    # last sign of life (beat resumes a statement silent for STALE), the batch size it is cut with
    batchSize = IntegerProperty()
    runId = StringProperty()
    runSeq = IntegerProperty()
    progressAt = DateTimeProperty()
    registeredAt = DateTimeProperty()
    processedAt = DateTimeProperty()
    templateId = StringProperty(index=True)  # the mapping template it was parsed with, if any
    templateVersion = IntegerProperty()  # …and that template's version (app.services.templates)
    # Registration options and checks (app.services.statements, control_totals, fx): the source
    # recognised from the file or given; the period of layouts that state none; a total entered
    # at upload; the control-total result (checks as JSON); rates via USES_RATE → FxRate.
    sourceDetected = BooleanProperty()
    period = StringProperty(index=True)
    declaredTotal = StringProperty()  # decimal string, in declaredCurrency
    declaredCurrency = StringProperty()
    controlStatus = StringProperty()  # ok | mismatch | none
    controlChecks = StringProperty()  # JSON [{check, origin, currency, fileNumber, declared, imported, ok}]
    linesTotal = IntegerProperty()  # lines and rejected rows in the file: exact when read before allocation
    # or once processed, else estimated from its line ends when processing starts (statement_runs)
    grossByCurrency = StringProperty()  # JSON {currency: exact decimal string}, as reported
    periodStart = StringProperty()
    periodEnd = StringProperty()
    uses_rate = RelationshipTo("FxRate", "USES_RATE")


class FxRate(StructuredNode):
    """An exchange rate a statement converts with (``(:Statement)-[:USES_RATE]->``): 1 ``from``
    = ``rate`` (decimal string) ``to``, per ``source``, for ``date`` (app.services.fx). ``from`` and
    ``to`` (ISO 4217 codes) are written by Cypher: ``from`` is a Python keyword."""

    rate = StringProperty(required=True)
    source = StringProperty()
    date = DateProperty()


class StatementIssue(StructuredNode):
    """A rejected statement row: line number, field, reason (``statementId`` + ``line``)."""

    issueId = StringProperty(unique_index=True, required=True)  # "<statementId>:<line>:<field>"
    statementId = StringProperty(required=True, index=True)
    line = IntegerProperty(required=True)
    field = StringProperty()
    message = StringProperty(required=True)
    raw = StringProperty()


class Allocated(StructuredRel):
    """``(:RoyaltyEvent)-[:ALLOCATED {amount, share, entryId}]->(:Account)``: a line's part
    (micro-units; the owner's share in millionths, null for suspense) and the journal entry that
    posted it — indexed, so explaining a wallet transaction reads one entry's lines, not the
    account's history. Written by Cypher (``cypher/allocation/write_events.cypher``). A
    reallocation (``cypher/reallocation/apply.cypher``) never edits one: it marks it
    ``reversedBy`` (the reversal entry) and adds its reversing twin (``reversal: true``, amount
    negated) and the new edges (``revision``), so Σ ALLOCATED is always the current allocation."""

    entryId = StringProperty(index=True)


class RoyaltyEvent(StructuredNode):
    """One normalized statement line. ``grossMicro`` in micro-units of ``currency``; ``period``
    YYYY-MM; ``matchMethod`` isrc | upc_track | iswc | fuzzy | fuzzy_review | none, and ``assetId``
    the Work or Recording whose owners are paid (app.services.line_matching). Allocation:
    ``(:RoyaltyEvent)-[:ALLOCATED {amount}]->(:Account)``."""

    allocated = RelationshipTo("Account", "ALLOCATED", model=Allocated)

    eventId = StringProperty(unique_index=True, required=True)  # "<statementId>:<line>"
    statementId = StringProperty(required=True, index=True)
    line = IntegerProperty(required=True)
    source = StringProperty(required=True)
    usageType = StringProperty()
    rightType = StringProperty()
    territory = StringProperty()
    period = StringProperty()
    units = IntegerProperty()
    grossMicro = IntegerProperty(required=True)
    currency = StringProperty(required=True)
    isrc = StringProperty()
    recordingId = StringProperty(index=True)
    matchMethod = StringProperty()  # isrc | upc_track | iswc | fuzzy | fuzzy_review | manual | none
    matchConfidence = FloatProperty()  # 0–1 score of the match (never money)
    assetId = StringProperty()  # WRK-… (publishing lines) or REC-…; null when unmatched
    upc = StringProperty()
    iswc = StringProperty()
    trackNumber = IntegerProperty()
    originalCurrency = StringProperty()  # the line as reported: its currency, gross (decimal string)
    originalGross = StringProperty()
    fxRate = StringProperty()  # the rate used into ``currency`` (decimal string), null when none was needed
    allocationStatus = StringProperty()  # allocated | partially_owned | no_owner | unmatched | overlap
    title = StringProperty()
    artist = StringProperty()
    revision = IntegerProperty()  # reallocations so far (app.services.reallocation); null = none
    reviewAction = StringProperty()  # the review queue's decision: confirm | relink | reject
    reviewedBy = StringProperty()
    reviewedAt = DateTimeProperty()
    rejectedRecordingId = StringProperty()  # the candidate a reviewer rejected: never proposed again


class User(StructuredNode):
    """An API user: ``role`` one of ROLES; a participant user carries its ``participantId``."""

    username = StringProperty(unique_index=True, required=True)
    passwordHash = StringProperty(required=True)
    role = StringProperty(required=True)
    participantId = StringProperty()


class AuditEvent(StructuredNode):
    """Who did what, when, before → after (JSON strings)."""

    auditId = StringProperty(unique_index=True, required=True)
    at = DateTimeProperty(required=True, index=True)
    actor = StringProperty(required=True)
    action = StringProperty(required=True)
    entityId = StringProperty(index=True)
    before = StringProperty()
    after = StringProperty()


class Sequence(StructuredNode):
    """Counter behind the readable ids (PART-000001…); incremented under its write lock."""

    name = StringProperty(unique_index=True, required=True)
    value = IntegerProperty(default=0)


class CatalogImport(StructuredNode):
    """An imported catalog file; ``sha256`` unique, so importing the same file twice is a no-op."""

    importId = StringProperty(unique_index=True, required=True)
    sha256 = StringProperty(unique_index=True, required=True)
    filename = StringProperty()
    at = DateTimeProperty(required=True)
    summary = StringProperty()  # JSON: counts created/updated per section, issues


class Collects(StructuredRel):
    """``(:Participant|:Society)-[:COLLECTS]->(:Work|:Participant)``: who collects a right type in
    some territories for a time (``basis`` direct | reciprocal | admin; ``feePercent`` decimal
    string). Separate from ownership; decides mandate precedence. Written by Cypher."""

    rightType = StringProperty(required=True)
    territories = ArrayProperty(StringProperty(), required=True)
    excluded = ArrayProperty(StringProperty())
    validFrom = DateProperty(required=True)
    validTo = DateProperty()
    feePercent = StringProperty()
    basis = StringProperty(required=True)
    agreementId = StringProperty()
    status = StringProperty(default="active")


class DataQualityIssue(StructuredNode):
    """A finding about the data (split gap/overlap, publisher share rule, mandate conflict,
    missing money…). ``key`` is deterministic for the finding, so re-running a check updates
    the same issue instead of adding one; ``witness`` is JSON (e.g. country, date, total)."""

    issueId = StringProperty(unique_index=True, required=True)
    key = StringProperty(unique_index=True, required=True)
    kind = StringProperty(required=True, index=True)
    severity = StringProperty(default="error")  # error | warning
    status = StringProperty(default="open", index=True)  # open | resolved
    entityId = StringProperty(index=True)
    message = StringProperty(required=True)
    witness = StringProperty()
    firstSeenAt = DateTimeProperty()
    lastSeenAt = DateTimeProperty()
    resolvedAt = DateTimeProperty()  # when a full re-run of its check no longer found it


class Dispute(StructuredNode):
    """A disagreement over a work's or recording's ownership: ``status`` open | in_review |
    resolved | rejected; ``(:Dispute)-[:ABOUT]->(:Work|:Recording)``, parties by ``RAISED_BY`` /
    ``INVOLVES`` to Participants."""

    disputeId = StringProperty(unique_index=True, required=True)
    status = StringProperty(required=True, index=True)
    reason = StringProperty()
    rightType = StringProperty()
    openedAt = DateTimeProperty(required=True)
    closedAt = DateTimeProperty()
    origin = StringProperty()  # manual | validator
    issueId = StringProperty()  # the DataQualityIssue a validator dispute was opened from
    updatedAt = DateTimeProperty()  # last status change (set first, so it also takes the write lock)


class SplitChangeRequest(StructuredNode):
    """A proposed new split of an asset's right type from an effective date; applied as new
    time-sliced OWNS edges once every affected party approved (``status`` pending | rejected |
    applied; app.services.change_requests); ``proposal`` is JSON (the proposed owners)."""

    requestId = StringProperty(unique_index=True, required=True)
    assetId = StringProperty(required=True, index=True)
    rightType = StringProperty(required=True)
    effectiveFrom = DateProperty(required=True)
    status = StringProperty(required=True, index=True)
    proposal = StringProperty(required=True)
    reason = StringProperty()
    requestedBy = StringProperty()
    createdAt = DateTimeProperty(required=True)
    closedAt = DateTimeProperty()  # when it was rejected or applied
    updatedAt = DateTimeProperty()  # last decision (set first, so it also takes the write lock)
    # parties: (:SplitChangeRequest)-[:AFFECTS {decision pending|approved|rejected, decidedAt,
    # decidedBy, note}]->(:Participant); the asset: -[:ABOUT]->(:Work|:Recording)
