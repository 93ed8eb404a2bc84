"""Statement mapping templates in the graph (app.services.templates): a template and its versions.

``(:StatementTemplateVersion)-[:VERSION_OF]->(:StatementTemplate)``. A change to a template adds
a version and moves ``currentVersion``; versions are never edited or deleted, and a statement
parsed with a template records ``templateId`` and ``templateVersion``, so it keeps its layout.
"""
from __future__ import annotations

from neomodel import ArrayProperty, DateTimeProperty, IntegerProperty, StringProperty, StructuredNode


class StatementTemplate(StructuredNode):
    """A statement layout described by a mapping template (``templateId`` TPL-000001). ``name``
    is unique case-folded (``nameKey``); ``source`` the slug its statements carry."""

    templateId = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    nameKey = StringProperty(unique_index=True, required=True)
    source = StringProperty(required=True, index=True)
    currentVersion = IntegerProperty(required=True)
    createdAt = DateTimeProperty(required=True)
    createdBy = StringProperty()
    updatedAt = DateTimeProperty()  # last version added (set first, so it also takes the write lock)


class StatementTemplateVersion(StructuredNode):
    """One version of a template: ``spec`` the validated template document (JSON text,
    importers.statements.template_spec), ``headerSignature`` the sha256 of its header columns
    (importers.statements.template.header_signature) for auto-detection. ``versionKey`` is
    ``<templateId>@<version>``."""

    versionKey = StringProperty(unique_index=True, required=True)
    templateId = StringProperty(required=True, index=True)
    version = IntegerProperty(required=True)
    spec = StringProperty(required=True)
    headerSignature = StringProperty(required=True, index=True)
    headerColumns = ArrayProperty(StringProperty())
    createdAt = DateTimeProperty(required=True)
    createdBy = StringProperty()
