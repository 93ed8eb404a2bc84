"""Stations: the licensed broadcasters, their balances and top-ups, and the compliance report."""
from __future__ import annotations

import datetime as dt

from flask import Response
from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.station_schemas import (ComplianceArgs, StationIn, StationListArgs, StationOut, StationPatch, TopUpIn,
                                     TopUpOut)
from app.auth import BEARER, STAFF_READ, roles_required
from app.money import format_amount, to_micro
from app.services import compliance, play_charging, stations

blp = Blueprint("stations", __name__, url_prefix="/api/stations", description="Broadcast stations")

STATION_WRITE = ("admin", "ops")
FINANCE = ("admin", "finance")


def _stored(body: dict) -> dict:
    """A station body (or a PATCH's part of one) in the service's flat stored shape."""
    out = {k: body[k] for k in ("name", "stationClass", "country", "timezone", "streamIds", "currency") if k in body}
    if "licence" in body:
        licence = body["licence"]
        out |= {"licenceStatus": licence["status"], "licenceNumber": licence["number"],
                "licenceValidFrom": licence["validFrom"], "licenceValidTo": licence["validTo"],
                "coverage": licence["coverage"]}
    if "fundsPolicy" in body:
        out |= {"fundsPolicy": body["fundsPolicy"]["policy"],
                "creditLimitMicro": to_micro(body["fundsPolicy"]["creditLimit"])}
    return out


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(StationIn)
@blp.response(201, StationOut)
@roles_required(*STATION_WRITE)
def create(body):
    """Register a licensed station and open its pre-funded account (balance 0; audited). 422
    names unknown territories (country, licence coverage) and bad licence dates; 409 when a
    stream id belongs to another station (``errors.existingId``)."""
    with entity_errors():
        return stations.create_station(_stored(body), get_jwt_identity())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(StationListArgs, location="query")
@blp.response(200, StationOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of stations with their balances, by id; ``X-Total-Count`` gives the total."""
    rows, total = stations.list_stations(args["skip"], args["pageSize"],
                                         args["stationClass"], args["country"], args["licenceStatus"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/compliance", methods=["GET"])
@blp.doc(security=BEARER, responses={200: {"description": "CSV", "content": {"text/csv": {}}}})
@blp.arguments(ComplianceArgs, location="query")
@roles_required(*STAFF_READ)
def compliance_report(args):
    """Per-station compliance CSV for plays in [since, until) (UTC days): plays, matched, in
    review, unmatched, charged (plays and amount), not charged for want of funds or tariff,
    licence status and balance."""
    since = dt.datetime.combine(args["since"], dt.time(), dt.timezone.utc)
    until = dt.datetime.combine(args["until"], dt.time(), dt.timezone.utc)
    name = f"compliance_{args['since']}_{args['until']}.csv"
    return Response(compliance.report_csv(since, until, args["stationId"]), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/<station_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, StationOut)
@roles_required(*STAFF_READ)
def get(station_id):
    """One station with its balance."""
    with entity_errors():
        return stations.get_station(station_id)


@blp.route("/<station_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(StationPatch)
@blp.response(200, StationOut)
@roles_required(*STATION_WRITE)
def update(body, station_id):
    """Change a station's name, class, time zone, stream ids, licence or funds policy (audited
    before → after). 404, 422, 409 as on create."""
    with entity_errors():
        return stations.update_station(station_id, _stored(body), get_jwt_identity())


@blp.route("/<station_id>/topups", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(TopUpIn)
@blp.response(201, TopUpOut)
@roles_required(*FINANCE)
def top_up(body, station_id):
    """Record money the station paid in (deposits → station account; audited), then charge
    its plays that were waiting for funds. 409 when the payment reference was recorded before."""
    try:
        with entity_errors():
            result = stations.top_up(station_id, to_micro(body["amount"]), body["reference"], get_jwt_identity(),
                                     body["method"])
    except stations.DuplicateTopUp as exc:
        abort(409, message=str(exc), errors={"reference": [str(exc)]})
    counts = play_charging.charge_waiting(station_id, get_jwt_identity())
    return result | {"station": stations.get_station(station_id), "charged": counts["charged"],
                     "chargedAmount": format_amount(counts["chargedMicro"])}
