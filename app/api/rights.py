"""Ownership relations and the rights graph view."""
from __future__ import annotations

import datetime as dt

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.rights_view_schemas import GraphArgs, HistoryEvent, RightsGraphOut
from app.api.schemas import PageArgs, RelationIn, RelationOut
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import catalog, rights

blp = Blueprint("rights", __name__, url_prefix="/api/rights", description="Rights graph")


@blp.route("/relations", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RelationIn)
@blp.response(201, RelationOut)
@roles_required(*CATALOG_WRITE)
def create_relation(body):
    """Open an ownership slice ``(:Participant)-[:OWNS]->(:Work|:Recording)``; 422 when the
    participant or asset does not exist. An identical existing slice is not duplicated
    (``created`` false)."""
    try:
        created = catalog.create_relation(body, get_jwt_identity())
    except catalog.UnknownEntity as exc:
        field = "participantId" if exc.kind == "participant" else "assetId"
        abort(422, message=str(exc), errors={"json": {field: [str(exc)]}})
    except catalog.RightTypeMismatch as exc:
        abort(422, message=str(exc), errors={"json": {"rightType": [str(exc)]}})
    return {**body, "created": created}


@blp.route("/graph/<entity_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(GraphArgs, location="query")
@blp.response(200, RightsGraphOut)
@roles_required(*STAFF_READ)
def graph(args, entity_id):
    """Nodes and edges around a participant, work, recording or release, ready to draw, and the
    effective split table at ``asOf`` (default today): per asset × right type × territory scope,
    or, with ``territory``, per asset × right type resolved for that country (the owners a
    statement line there would pay). Shares are percent."""
    try:
        return rights.graph_view(entity_id, args["asOf"] or dt.date.today(), args["territory"])
    except rights.EntityNotFound:
        abort(404, message=f"no participant, work, recording or release {entity_id}")


@blp.route("/history/<entity_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PageArgs, location="query")
@blp.response(200, HistoryEvent(many=True))
@roles_required(*STAFF_READ)
def history(args, entity_id):
    """The changes to an entity's rights, newest first: OWNS / COLLECTS slices opened, closed or
    superseded (on their effective dates, with agreementId) and the AuditEvents about it.
    Paginated; ``X-Total-Count`` gives the total."""
    try:
        events, total = rights.history(entity_id, args["skip"], args["pageSize"])
    except rights.EntityNotFound:
        abort(404, message=f"no participant, work, recording or release {entity_id}")
    return events, 200, {"X-Total-Count": str(total)}
