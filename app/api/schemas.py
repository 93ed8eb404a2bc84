"""Marshmallow schemas of the REST API (camelCase JSON; amounts as exact JSON numbers).

Request bodies reuse the catalog record schemas of ``importers.catalog`` (one validation of an
ownership slice for files and for the API alike), with graph ids in place of file-local refs.
Participants and societies: ``app.api.identity_schemas``; works, recordings, releases:
``app.api.catalog_schemas``.
"""
from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, post_load, validate

from importers.catalog import OwnershipRecord

Amount = fields.Decimal  # dumped as Decimal → JSON number by app.json


class TokenRequest(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class TokenResponse(Schema):
    accessToken = fields.String()
    tokenType = fields.String()
    role = fields.String()
    participantId = fields.String(allow_none=True)


class RelationIn(OwnershipRecord):
    """POST /api/rights/relations body: one OWNS slice by graph ids; ``share`` percent."""

    participantId = fields.String(required=True)
    assetId = fields.String(required=True, metadata={"description": "workId or recordingId"})

    class Meta:
        exclude = ("participantRef", "assetRef")


class RelationOut(Schema):
    participantId = fields.String()
    assetId = fields.String()
    rightType = fields.String()
    share = Amount()
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    created = fields.Boolean()


class AsOfArgs(Schema):
    asOf = fields.Date(load_default=None, metadata={"description": "date the splits are evaluated at (default today)"})


class PageArgs(Schema):
    """``page`` (1-based) and ``pageSize`` of a list; loaded, they also give ``skip``, the rows
    of the pages before."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    pageSize = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))

    @post_load
    def _skip(self, data: dict, **_) -> dict:
        return {**data, "skip": (data["page"] - 1) * data["pageSize"]}


class StatementFile(Schema):
    file = Upload(required=True)


class StatementOut(Schema):
    statementId = fields.String()
    source = fields.String()
    filename = fields.String()
    sha256 = fields.String()
    status = fields.String()
    currency = fields.String()
    gross = Amount(allow_none=True)
    linesRead = fields.Integer()
    linesMatched = fields.Integer()
    linesUnmatched = fields.Integer()
    linesRejected = fields.Integer()
    batchesDone = fields.Integer()
    percent = fields.Decimal(allow_none=True, metadata={"description": "progress, 0–100 (null: total unknown)"})
    progressAt = fields.DateTime(allow_none=True, metadata={"description": "last batch committed or run started"})
    registeredAt = fields.DateTime()
    processedAt = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
    duplicate = fields.Boolean()
    queued = fields.Boolean()


class StatementIssueOut(Schema):
    """A rejected row; one posted later (a rate added after upload) keeps its resolution."""

    line = fields.Integer()
    field = fields.String(allow_none=True)
    message = fields.String()
    raw = fields.String(allow_none=True)
    resolvedAt = fields.DateTime(allow_none=True)
    resolvedBy = fields.String(allow_none=True)
    resolution = fields.String(allow_none=True)


# -- Money Hub (issue 2 seed payload: names, nesting and enums exactly) -----------------------

class HubPayoutMethod(Schema):
    type = fields.String(validate=validate.OneOf(("bank_transfer", "paypal", "mobile_money")))
    label = fields.String()


class _HubWallet(Schema):
    walletId = fields.String(allow_none=True)
    balance = Amount()
    nextPayoutDate = fields.String()
    defaultPayoutMethod = fields.Nested(HubPayoutMethod, allow_none=True)


class _HubSummary(Schema):
    period = fields.String()
    totalIncome = Amount()
    totalPayouts = Amount()


class _HubSource(Schema):
    source = fields.String()
    label = fields.String()
    amount = Amount()


class _HubPoint(Schema):
    period = fields.String()
    totalIncome = Amount()
    netPaid = Amount()
    inRecoupment = Amount()


class _HubTimeline(Schema):
    granularity = fields.String()
    points = fields.List(fields.Nested(_HubPoint))


class _HubTrack(Schema):
    recordingId = fields.String()
    title = fields.String()
    primaryArtist = fields.String()
    lastPeriodIncome = Amount()
    lifetimeIncome = Amount()
    status = fields.String(validate=validate.OneOf(("ok", "missing_publishing", "disputed")))


class _HubFlags(Schema):
    hasActiveDisputes = fields.Boolean()
    hasMissingRegistrations = fields.Boolean()
    hasAdvanceOffers = fields.Boolean()


class MoneyHubOut(Schema):
    participantId = fields.String()
    currency = fields.String()
    wallet = fields.Nested(_HubWallet)
    summary = fields.Nested(_HubSummary)
    incomeBySource = fields.List(fields.Nested(_HubSource))
    timeline = fields.Nested(_HubTimeline)
    topTracks = fields.List(fields.Nested(_HubTrack))
    flags = fields.Nested(_HubFlags)




class ReviewArgs(PageArgs):
    statementId = fields.String(load_default=None, metadata={"description": "only this statement's lines"})


class ReviewItemOut(Schema):
    eventId = fields.String()
    statementId = fields.String()
    line = fields.Integer()
    title = fields.String(allow_none=True)
    artist = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    candidateRecordingId = fields.String()
    candidateTitle = fields.String(allow_none=True)
    confidence = fields.Float(metadata={"description": "combined title + artist score, 0–1"})
    amount = Amount(metadata={"description": "the line's gross (it waits in suspense)"})
    currency = fields.String()


class OwnershipSliceOut(Schema):
    """One OWNS slice as the API shows it (rights view, splits, change requests): ``share``
    percent; ``validFrom`` inclusive, ``validTo`` exclusive or null; fields the caller does not
    have (``edgeId``, ``status``) are left out."""

    participantId = fields.String()
    role = fields.String(allow_none=True)
    share = Amount()
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    agreementId = fields.String(allow_none=True)
    status = fields.String()
    edgeId = fields.String()
