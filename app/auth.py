"""JWT bearer auth with roles (DESIGN.md "Conventions").

Roles: admin, finance, ops, viewer, participant (with a ``participantId`` claim), station.
A participant token reads only its own participant's data.
"""
from __future__ import annotations

from functools import wraps

from flask import Flask, jsonify
from flask_jwt_extended import JWTManager, create_access_token, get_jwt, verify_jwt_in_request
from flask_smorest import abort

STAFF_READ = ("admin", "finance", "ops", "viewer")
CATALOG_WRITE = ("admin", "ops")
MONEY_WRITE = ("admin", "finance", "ops")

BEARER = [{"bearerAuth": []}]


def init_auth(app: Flask) -> None:
    """Configure flask-jwt-extended so every auth failure is a JSON 401 in our error shape."""
    jwt = JWTManager(app)

    def unauthorized(message: str):
        return jsonify({"code": 401, "status": "Unauthorized", "message": message}), 401

    jwt.unauthorized_loader(lambda reason: unauthorized(f"missing bearer token: {reason}"))
    jwt.invalid_token_loader(lambda reason: unauthorized(f"invalid token: {reason}"))
    jwt.expired_token_loader(lambda _h, _p: unauthorized("token expired"))
    jwt.revoked_token_loader(lambda _h, _p: unauthorized("token revoked"))


def issue_token(user: dict) -> str:
    """A signed access token for ``{username, role, participantId}``; the subject is the username."""
    return create_access_token(identity=user["username"],
                               additional_claims={"role": user["role"], "participantId": user["participantId"]})


def roles_required(*roles: str):
    """View decorator: a valid token whose role is in ``roles`` (403 otherwise)."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            role = get_jwt().get("role")
            if role not in roles:
                abort(403, message=f"role {role!r} may not do this; allowed: {', '.join(roles)}")
            return view(*args, **kwargs)
        return wrapper
    return decorate


def require_participant_access(participant_id: str) -> None:
    """Staff may read anyone; a participant token only its own participantId (403 otherwise).
    Call inside a view already guarded by ``roles_required``."""
    claims = get_jwt()
    if claims.get("role") == "participant" and claims.get("participantId") != participant_id:
        abort(403, message="a participant token may only read its own participant's data")


def own_participant() -> str | None:
    """The participantId of a participant token; None for staff. Call inside a view already
    guarded by ``roles_required``."""
    claims = get_jwt()
    return claims.get("participantId") if claims.get("role") == "participant" else None
