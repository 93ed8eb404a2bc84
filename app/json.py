"""JSON for the API: ``Decimal`` amounts are written as JSON numbers, exactly (simplejson
writes the decimal's own digits; no float is involved), dates as ISO 8601."""
from __future__ import annotations

import datetime as dt
from typing import Any

import simplejson
from flask.json.provider import JSONProvider


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "to_native"):  # neo4j.time values
        return value.to_native().isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class DecimalJSONProvider(JSONProvider):
    """Flask JSON provider on simplejson with ``use_decimal=True``."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """JSON text of ``obj``: Decimals as numbers, non-ASCII kept as it is."""
        kwargs.setdefault("ensure_ascii", False)
        return simplejson.dumps(obj, use_decimal=True, default=_default, **kwargs)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """The value of JSON text, its non-integer numbers as Decimals (never floats)."""
        return simplejson.loads(s, use_decimal=True, **kwargs)
