"""Mandate precedence (who collects a work's right type where and when) and COLLECTS edges."""
from __future__ import annotations

import datetime as dt

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.mandate_schemas import CollectsIn, CollectsOut, MandateArgs, MandateOut, MandateResolveIn, MandateResolveOut
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import collects, mandates

blp = Blueprint("mandates", __name__, url_prefix="/api/rights", description="Mandates (who collects)")


@blp.route("/mandate", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(MandateArgs, location="query")
@blp.response(200, MandateOut)
@roles_required(*STAFF_READ)
def mandate(args):
    """Who collects ``rightType`` of ``workId`` in ``territory`` at ``date`` (default today): a
    local direct deal beats an active reciprocal mandate, which beats none (``suspense``); two
    collectors at the winning level are a ``conflict`` (logged as a DataQualityIssue). 404 for
    an unknown work."""
    try:
        return mandates.resolve_one(args["workId"], args["territory"], args["date"] or dt.date.today(),
                                    args["rightType"])
    except mandates.UnknownWorks as exc:
        abort(404, message=str(exc))


@blp.route("/mandate/resolve", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(MandateResolveIn)
@blp.response(200, MandateResolveOut)
@roles_required(*STAFF_READ)
def resolve(body):
    """``GET /mandate`` for up to 10 000 items at once, results in the same order; 422 naming
    every item whose work does not exist."""
    today = dt.date.today()
    try:
        return {"items": mandates.resolve([{**item, "date": item["date"] or today} for item in body["items"]])}
    except mandates.UnknownWorks as exc:
        abort(422, message=str(exc),
              errors={"json": {"items": {i: {"workId": [f"unknown work {w}"]} for i, w in exc.missing.items()}}})


@blp.route("/collects", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(CollectsIn)
@blp.response(201, CollectsOut)
@roles_required(*CATALOG_WRITE)
def create_collects(body):
    """Open COLLECTS edges (up to 10 000): ``collectorId`` (participantId or society code)
    collects ``rightType`` for ``targetId`` (a work, or a participant's whole repertoire). All
    or nothing: 422 lists every problem of every item; an identical existing edge is not
    duplicated (``created`` false)."""
    try:
        return {"items": collects.create_collects(body["items"], get_jwt_identity())}
    except collects.InvalidCollects as exc:
        abort(422, message=str(exc), errors={"json": {"items": exc.errors}})
