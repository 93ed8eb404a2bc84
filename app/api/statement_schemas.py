"""Schemas of the statement upload and of a statement's registration options, rate table and
control totals (``POST /api/royalties/statements``, ``GET …/statements/{id}``)."""
from __future__ import annotations

import simplejson
from marshmallow import Schema, ValidationError, fields

from app.api.schemas import Amount
from app.api.schemas import StatementOut as BaseStatementOut


class JsonList(fields.Field):
    """A form field holding a JSON list (numbers read as exact decimals, never floats)."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            items = simplejson.loads(value, use_decimal=True) if isinstance(value, (str, bytes)) else value
        except ValueError as exc:
            raise ValidationError(f"not JSON: {exc}") from exc
        if not isinstance(items, list):
            raise ValidationError("a JSON list")
        return items


class StatementUploadForm(Schema):
    """The form fields of a statement upload (beside the ``file`` part)."""

    source = fields.String(load_default=None, metadata={
        "description": "statement layout (an adapter name such as distrokid, tunecore, dsr, prs); "
                       "left out, it is recognised from the file's header"})
    period = fields.String(load_default=None, metadata={
        "description": "YYYY-MM; required for layouts that state none (prs, publisher, youtube_content_id)"})
    # a decimal string, checked by the service with the other fields (every problem at once)
    declaredTotal = fields.String(load_default=None, metadata={
        "description": "the statement's total as printed on it (decimal), checked before allocation"})
    currency = fields.String(load_default=None, metadata={
        "description": "currency of declaredTotal (default: the file's, when it has one, else the wallet currency)"})
    templateId = fields.String(load_default=None, metadata={
        "description": "read the file with this stored mapping template (TPL-…) instead of an adapter"})
    rates = JsonList(load_default=list, metadata={
        "description": 'JSON list of exchange rates into the wallet currency: [{"from": "GBP", "to": "USD", '
                       '"rate": "1.2712", "source": "ECB", "date": "2024-06-28"}]'})


class ProcessArgs(Schema):
    """``?force=true`` allocates a statement held for a control-total mismatch."""

    force = fields.Boolean(load_default=False)


class FxRateOut(Schema):
    """One rate of a statement's rate table: 1 ``from`` = ``rate`` ``to``."""

    from_ = fields.String(data_key="from", attribute="from")
    to = fields.String()
    rate = Amount()
    source = fields.String()
    date = fields.Date()


class ControlCheckOut(Schema):
    """One control total: declared (in the file, or entered at upload) against imported."""

    check = fields.String(metadata={"description": "AllocatedRevenue, NumberOfLinesInFile… (DSR), "
                                                   "Amounts Due To Rightsholder (ClicknClear), declaredTotal"})
    origin = fields.String(metadata={"description": "file | upload"})
    currency = fields.String(allow_none=True)
    fileNumber = fields.Integer(allow_none=True)
    declared = Amount()
    imported = Amount()
    ok = fields.Boolean()


class StatementOut(BaseStatementOut):
    """A statement with its registration options, rate table and control totals."""

    sourceDetected = fields.Boolean(allow_none=True)
    templateId = fields.String(allow_none=True, metadata={"description": "the mapping template it is read with"})
    templateVersion = fields.Integer(allow_none=True)
    period = fields.String(allow_none=True)
    periodStart = fields.String(allow_none=True)
    periodEnd = fields.String(allow_none=True)
    declaredTotal = Amount(allow_none=True)
    declaredCurrency = fields.String(allow_none=True)
    controlStatus = fields.String(allow_none=True, metadata={"description": "ok | mismatch | none"})
    controlChecks = fields.List(fields.Nested(ControlCheckOut), allow_none=True)
    controlForcedBy = fields.String(allow_none=True)
    controlForcedAt = fields.DateTime(allow_none=True)
    linesTotal = fields.Integer(allow_none=True)
    grossByCurrency = fields.Dict(keys=fields.String(), values=Amount(), allow_none=True)
    fxRates = fields.List(fields.Nested(FxRateOut))



class LateRatesIn(Schema):
    """Exchange rates added to a statement after upload (``POST …/statements/{id}/rates``)."""

    rates = fields.List(fields.Dict(), required=True, metadata={
        "description": 'rates into the statement currency, the rate a decimal string: [{"from": "EUR", "to": "USD", '
                       '"rate": "1.0842", "source": "ECB", "date": "2024-06-28"}]'})


class LatePostedOut(Schema):
    """The waiting lines posted once the rates were added."""

    lines = fields.Integer()
    grossMicro = fields.Integer(metadata={"description": "what they posted, micro-units of the statement currency"})
    gross = Amount()
    batches = fields.Integer()
    waiting = fields.Integer(metadata={"description": "lines still waiting: their currency has no rate yet"})


class LateRatesOut(Schema):
    """The statement after the rates were added, the currencies added, and what was posted
    (null while the statement is not processed — its processing uses the rates — or while the
    workers post it)."""

    statement = fields.Nested(StatementOut)
    added = fields.List(fields.String())
    posted = fields.Nested(LatePostedOut, allow_none=True)
    queued = fields.Boolean(metadata={"description": "the waiting lines are being posted by the Celery workers"})
