"""Shared helpers of the API tests: JSON parsing with the standard library (so a Decimal
written as a string would show up as a string), error-body checks, and request builders.
Nothing here mocks the database."""
from __future__ import annotations

import io
import json
from typing import Any

PASSWORD = "api-test-password-1"

# Valid identifiers (check digits per importers.identifiers).
IPI_VALID = "00000000199"        # check 99 for 000000001
IPI_BAD_CHECK = "00000000198"
ISWC_COMPACT = "T0345246801"     # T-034.524.680-1
ISWC_DISPLAY = "T-034.524.680-1"
ISWC_BAD_CHECK = "T0345246802"


def body(resp) -> Any:
    """The response body parsed by the stdlib ``json`` (numbers → int/float, never Decimal)."""
    assert resp.mimetype == "application/json", (resp.status_code, resp.mimetype, resp.get_data(as_text=True)[:300])
    return json.loads(resp.get_data(as_text=True))


def token(client, username: str, password: str = PASSWORD) -> str:
    """A bearer token from ``POST /api/auth/token``."""
    resp = client.post("/api/auth/token", json={"username": username, "password": password})
    assert resp.status_code == 200, body(resp)
    data = body(resp)
    assert data["tokenType"] == "Bearer"
    return data["accessToken"]


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def assert_error(resp, code: int, *, field: str | None = None, location: str = "json") -> dict:
    """A JSON error body ``{code, status, message?, errors?}`` with HTTP ``code``; when ``field``
    is given, ``errors[location]`` names it. Returns the parsed body."""
    data = body(resp)
    assert resp.status_code == code, data
    assert data["code"] == code, data
    assert isinstance(data["status"], str) and data["status"], data
    if code != 422:
        assert isinstance(data.get("message"), str) and data["message"], data
    if field is not None:
        assert field in data["errors"][location], data
        messages = data["errors"][location][field]
        assert messages, data
    return data


def participant_body(name: str, *kinds: str, **fields) -> dict:
    """A POST /api/participants body (kinds default to artist)."""
    return {"kinds": list(kinds) or ["artist"], "name": name, **fields}


def relation_body(participant_id: str, asset_id: str, right_type: str = "performance", share: Any = 100,
                  valid_from: str = "2020-01-01", **fields) -> dict:
    return {"participantId": participant_id, "assetId": asset_id, "rightType": right_type, "share": share,
            "validFrom": valid_from, **fields}


def upload_form(data: bytes, filename: str, source: str = "distrokid") -> dict:
    """The multipart form of POST /api/royalties/statements."""
    return {"file": (io.BytesIO(data), filename), "source": source}


def key_shape(value: Any) -> Any:
    """The key structure of a JSON value: dicts → {key: shape}, lists → the set of their items'
    shapes (one item shape when all agree), scalars → None."""
    if isinstance(value, dict):
        return {k: key_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        shapes = {json.dumps(key_shape(v), sort_keys=True) for v in value}
        return [json.loads(s) for s in sorted(shapes)]
    return None


def leaves(value: Any, path: str = ""):
    """(dotted path, scalar) pairs of a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, f"{path}[{i}]")
    else:
        yield path, value
