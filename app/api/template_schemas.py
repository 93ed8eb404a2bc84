"""Schemas of the mapping-template, detection, statement-list and events endpoints.

A template body is ``importers.statements.template_spec.TemplateSpec`` itself: the API and the
CLI validate a template the same way (422 names every field at fault).
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import Amount, PageArgs, StatementOut
from importers.statements.template_spec import TemplateSpec

PERIOD = validate.Regexp(r"^[0-9]{4}-(0[1-9]|1[0-2])$", error="a month like 2024-01")

TemplateIn = TemplateSpec


class TemplateVersionOut(Schema):
    version = fields.Integer()
    createdAt = fields.DateTime()
    createdBy = fields.String(allow_none=True)


class TemplateOut(Schema):
    templateId = fields.String()
    name = fields.String()
    source = fields.String(metadata={"description": "the slug of its statements' source"})
    version = fields.Integer(metadata={"description": "the version shown (the current one unless asked)"})
    spec = fields.Dict(metadata={"description": "the template document, defaults filled in"})
    headerSignature = fields.String()
    headerColumns = fields.List(fields.String())
    createdAt = fields.DateTime()
    createdBy = fields.String(allow_none=True)
    updatedAt = fields.DateTime(allow_none=True)
    versions = fields.List(fields.Nested(TemplateVersionOut))
    changed = fields.Boolean(metadata={"description": "PUT only: false when the document was already current"})


class TemplateSummaryOut(Schema):
    templateId = fields.String()
    name = fields.String()
    source = fields.String()
    version = fields.Integer()
    headerSignature = fields.String()
    headerColumns = fields.List(fields.String())
    createdAt = fields.DateTime()
    createdBy = fields.String(allow_none=True)
    updatedAt = fields.DateTime(allow_none=True)


class TemplateListArgs(PageArgs):
    source = fields.String(load_default=None, metadata={"description": "only templates of this source slug"})


class TemplateVersionArgs(Schema):
    version = fields.Integer(load_default=None, validate=validate.Range(min=1),
                             metadata={"description": "a past version (default: the current one)"})


class DetectionOut(Schema):
    source = fields.String(allow_none=True, metadata={"description": "the adapter's or template's source"})
    templateId = fields.String(allow_none=True, metadata={"description": "set when a stored template matched"})
    version = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True)
    confidence = fields.Float(metadata={"description": "0–1: 1 for an adapter or a template's exact header"})
    headerColumns = fields.List(fields.String())


class StatementListArgs(PageArgs):
    source = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(
        ("registered", "processing", "processed", "processed_with_errors", "failed", "control_mismatch")))
    templateId = fields.String(load_default=None)
    period = fields.String(load_default=None, validate=PERIOD,
                           metadata={"description": "a sale month of the statement (YYYY-MM)"})
    uploadedFrom = fields.Date(load_default=None, metadata={"description": "uploaded on or after (UTC)"})
    uploadedTo = fields.Date(load_default=None, metadata={"description": "uploaded on or before (UTC)"})


class StatementListItem(StatementOut):
    """A statement in the list: its status, progress and totals (its rate table and control
    checks are on ``GET …/statements/{id}``)."""

    sourceDetected = fields.Boolean(allow_none=True)
    templateId = fields.String(allow_none=True)
    templateVersion = fields.Integer(allow_none=True)
    period = fields.String(allow_none=True, metadata={"description": "given at upload"})
    periods = fields.List(fields.String(), metadata={"description": "sale months of its lines"})
    controlStatus = fields.String(allow_none=True)


class EventArgs(PageArgs):
    participantId = fields.String(load_default=None, metadata={
        "description": "events allocated to this participant (a participant token: its own, the default)"})
    recordingId = fields.String(load_default=None)
    statementId = fields.String(load_default=None)
    period = fields.String(load_default=None, validate=PERIOD)
    source = fields.String(load_default=None)


class AllocationOut(Schema):
    accountId = fields.String()
    kind = fields.String(metadata={"description": "wallet, frozen, advance_receivable, suspense…"})
    participantId = fields.String(allow_none=True)
    amount = Amount()
    share = Amount(allow_none=True, metadata={"description": "the owner's share, percent"})
    hold = fields.String(allow_none=True, metadata={
        "description": "why a participant's part is not in its wallet: dispute (frozen) or recoupment"})


class EventOut(Schema):
    eventId = fields.String()
    statementId = fields.String()
    line = fields.Integer()
    source = fields.String()
    usageType = fields.String(allow_none=True)
    rightType = fields.String(allow_none=True)
    territory = fields.String(allow_none=True)
    period = fields.String(allow_none=True)
    units = fields.Integer(allow_none=True)
    gross = Amount(metadata={"description": "the line's amount in the statement's currency"})
    currency = fields.String()
    originalGross = Amount(allow_none=True, metadata={"description": "the amount as reported, before conversion"})
    originalCurrency = fields.String(allow_none=True)
    fxRate = fields.Decimal(allow_none=True, metadata={"description": "originalCurrency → currency rate used"})
    isrc = fields.String(allow_none=True)
    upc = fields.String(allow_none=True)
    iswc = fields.String(allow_none=True)
    trackNumber = fields.Integer(allow_none=True)
    title = fields.String(allow_none=True)
    artist = fields.String(allow_none=True)
    recordingId = fields.String(allow_none=True)
    assetId = fields.String(allow_none=True, metadata={"description": "the work or recording whose owners are paid"})
    matchMethod = fields.String(allow_none=True)
    matchConfidence = fields.Float(allow_none=True)
    candidateRecordingId = fields.String(allow_none=True, metadata={"description": "review queue candidate"})
    allocationStatus = fields.String(allow_none=True)
    amount = Amount(allow_none=True, metadata={"description": "the participant's part (with participantId)"})
    allocations = fields.List(fields.Nested(AllocationOut))
