"""Building blocks of the identity and catalog schemas: PATCH bodies derived from create
bodies, and identifier query arguments checked like identifiers in bodies."""
from __future__ import annotations

import copy

from marshmallow import Schema, ValidationError, fields, missing

from importers.identifiers import IdentifierError
from importers.identifiers import validate as validate_identifier


def patch_schema(create: type[Schema], name: str) -> type[Schema]:
    """A PATCH body schema from a create body schema: the same fields, validators and hooks,
    with no field required and no defaults, so an absent field stays absent (left unchanged)
    and an explicit null is kept (it clears the field where the field allows null). Nested
    items (a membership, a track) are still validated whole."""
    optional = {}
    for field_name, field in create._declared_fields.items():
        optional[field_name] = copy.copy(field)
        optional[field_name].required = False
        optional[field_name].load_default = missing
    return type(name, (create,), {**optional, "__doc__": f"PATCH body: any of the fields of {create.__name__}."})


class IdentifierArg(fields.String):
    """A string normalized by ``importers.identifiers.validate`` for ``scheme`` (ISWC, ISRC,
    UPC…), so a query argument matches the stored form; a value breaking the scheme's rule fails
    with ``invalid <scheme>: <rule>``, as in request bodies."""

    def __init__(self, scheme: str, **kwargs):
        super().__init__(**kwargs)
        self.scheme = scheme

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return validate_identifier(self.scheme, text)
        except IdentifierError as exc:
            raise ValidationError(f"invalid {self.scheme}: {exc.rule}") from exc
