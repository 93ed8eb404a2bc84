"""POST /api/auth/token: username + password → JWT bearer token."""
from __future__ import annotations

from flask_smorest import Blueprint, abort

from app.api.schemas import TokenRequest, TokenResponse
from app.auth import issue_token
from app.services.users import authenticate

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Authentication")


@blp.route("/token", methods=["POST"])
@blp.arguments(TokenRequest)
@blp.response(200, TokenResponse)
def token(body):
    """Exchange credentials for an access token; 401 on wrong credentials."""
    user = authenticate(body["username"], body["password"])
    if user is None:
        abort(401, message="wrong username or password")
    return {"accessToken": issue_token(user), "tokenType": "Bearer", "role": user["role"],
            "participantId": user["participantId"]}
