"""Statement mapping templates: stored in the graph, versioned, audited, and found from a file's header.

A template (``importers.statements.template_spec``) describes a statement layout we have no
adapter for. ``create`` stores it as ``TPL-…`` version 1; ``revise`` adds a version when the
document changed (versions are never edited, so a statement keeps the version it was parsed
with: ``Statement.templateVersion``). ``detect`` finds a file's layout: the code adapters first
(``importers.statements.detect_source``), then the stored templates by header signature, then
by header overlap. ``parser`` gives the parse function of a statement registered with one.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from neo4j.exceptions import ConstraintError

from app.services import audit
from app.services.db import read, run, write
from app.services.ids import reserve_ids
from importers.records import ParseIssue, StatementLine
from importers.statements import detect_source
from importers.statements.template import Template, guess_header, header_signature, parse_template
from importers.statements.template_spec import TemplateError

__all__ = ["Detection", "TemplateError", "TemplateExists", "TemplateNotFound", "create", "detect", "detect_template",
           "get", "list_templates", "load", "parser", "revise"]


class TemplateNotFound(LookupError):
    """No template (or no such version of it) has this id."""


class TemplateExists(ValueError):
    """Another template already has this name (compared case-folded); ``template_id`` is its id."""

    def __init__(self, name: str, template_id: str):
        super().__init__(f"a template named {name!r} exists: {template_id}")
        self.template_id = template_id


@dataclass(frozen=True)
class Detection:
    """What ``detect`` found for a file: an adapter's ``source`` (``template_id`` None) or a
    template (``template_id``, ``version``, its ``source`` slug); ``name`` to show;
    ``confidence`` 0..1 (1: an adapter's required columns, or a template's exact header);
    ``header_columns`` the file's header as read. Nothing found: every field None, confidence 0."""

    source: str | None
    template_id: str | None
    version: int | None
    name: str | None
    confidence: float
    header_columns: list[str]

    def as_dict(self) -> dict:
        """The camelCase view of the API."""
        return {"source": self.source, "templateId": self.template_id, "version": self.version, "name": self.name,
                "confidence": self.confidence, "headerColumns": self.header_columns}


def _stored(template: Template) -> dict:
    """The graph properties of a template's version (and of the template)."""
    return {"name": template.name, "nameKey": template.name.casefold(), "source": template.source,
            "spec": json.dumps(template.spec), "headerSignature": template.signature,
            "headerColumns": template.header_columns}


def create(document: dict, actor: str) -> dict:
    """Validate and store a new template as version 1 (audited ``template.create``); returns
    ``get`` of it. Raises TemplateError (every problem, by key path) or TemplateExists."""
    template = Template(document)

    def work(tx):
        new_id = reserve_ids(tx, "template", 1)[0]
        row = run(tx, "templates/create", templateId=new_id, actor=actor, **_stored(template))[0]
        if not row["created"]:
            raise TemplateExists(template.name, row["templateId"])
        audit.record(tx, actor, "template.create", new_id, after={"version": 1, "spec": template.spec})
        return new_id

    return get(_write_named(work, template.name))


def revise(template_id: str, document: dict, actor: str) -> tuple[dict, bool]:
    """Make ``document`` the template's next version when it differs from the current one
    (audited ``template.revise``, before → after); (``get`` of the template, changed).
    Raises TemplateNotFound, TemplateError, or TemplateExists when the new name is another
    template's."""
    template = Template(document)
    stored = _stored(template)
    current = get(template_id)
    if current["spec"] == template.spec:
        return current, False

    def work(tx):
        clash = run(tx, "templates/by_name", nameKey=stored["nameKey"])
        if clash and clash[0]["templateId"] != template_id:
            raise TemplateExists(template.name, clash[0]["templateId"])
        rows = run(tx, "templates/add_version", templateId=template_id, actor=actor, **stored)
        if not rows:
            raise TemplateNotFound(template_id)
        audit.record(tx, actor, "template.revise", template_id,
                     before={"version": current["version"], "spec": current["spec"]},
                     after={"version": rows[0]["version"], "spec": template.spec})

    _write_named(work, template.name, template_id)
    return get(template_id), True


def _write_named(work, name: str, template_id: str | None = None):
    """``write(work)``, with ``name`` taken meanwhile by another template than ``template_id``
    (the ``nameKey`` constraint) raised as TemplateExists."""
    try:
        return write(work)
    except ConstraintError:
        rows = read(lambda tx: run(tx, "templates/by_name", nameKey=name.casefold()))
        if not rows or rows[0]["templateId"] == template_id:
            raise
        raise TemplateExists(name, rows[0]["templateId"]) from None


def get(template_id: str, version: int | None = None) -> dict:
    """``{templateId, name, source, version, spec (dict), headerSignature, headerColumns,
    createdAt, createdBy, updatedAt, versions: [{version, createdAt, createdBy}]}`` of the
    current version, or of ``version``. Raises TemplateNotFound."""
    rows = read(lambda tx: run(tx, "templates/get", templateId=template_id, version=version))
    if not rows or rows[0]["current"] is None:
        raise TemplateNotFound(template_id if version is None else f"{template_id} version {version}")
    head, current = rows[0]["template"], rows[0]["current"]
    return {"templateId": head["templateId"], "name": head["name"], "source": head["source"],
            "version": current["version"], "spec": json.loads(current["spec"]),
            "headerSignature": current["headerSignature"], "headerColumns": current["headerColumns"],
            "createdAt": head["createdAt"], "createdBy": head["createdBy"], "updatedAt": head["updatedAt"],
            "versions": rows[0]["versions"]}


def list_templates(source: str | None = None, skip: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    """A page of templates by id (their current version, without the spec) and the total."""
    row = read(lambda tx: run(tx, "templates/list", source=source, skip=skip, limit=limit))[0]
    return row["items"], row["total"]


def load(template_id: str, version: int | None = None) -> tuple[Template, int]:
    """(the Template ready to parse, its version): the current one, or ``version``.
    Raises TemplateNotFound."""
    found = get(template_id, version)
    return Template(found["spec"]), found["version"]


def parser(template_id: str, version: int, period: str | None = None
           ) -> Callable[[str | os.PathLike], Iterator[StatementLine | ParseIssue]]:
    """The parse function of a statement registered with template ``template_id`` at
    ``version`` (``period``: the statement's, for templates whose lines state none).
    Raises TemplateNotFound."""
    template, _ = load(template_id, version)
    return lambda path: parse_template(path, template, period)


def detect(path: str | os.PathLike) -> Detection:
    """The layout of the file at ``path``: a code adapter whose sniff accepts it (confidence
    1), else ``detect_template``. Raises OSError if unreadable."""
    source = detect_source(path)
    if source is not None:
        return Detection(source, None, None, source, 1.0, guess_header(path))
    return detect_template(path)


def detect_template(path: str | os.PathLike) -> Detection:
    """The stored template scoring best on the header of the file at ``path``
    (``Template.score``: every mapped column present; 1 for its exact header — the stored
    header signature —, else the overlap of the columns), else nothing (confidence 0).
    Raises OSError if unreadable."""
    rows = read(lambda tx: run(tx, "templates/current_versions"))
    headers: dict[tuple, list[str] | None] = {}
    best: tuple[float, dict, list[str]] | None = None
    for row in rows:
        template = Template(json.loads(row["spec"]))
        spec = template.spec
        settings = (spec["format"], spec["sheet"], spec["delimiter"], spec["quoted"], spec["encoding"], spec["skipRows"])
        if settings not in headers:  # the file's header is read once per way of reading it
            headers[settings] = template.header(path)
        cells = headers[settings]
        score = 1.0 if cells and header_signature(cells) == row["headerSignature"] else template.score(cells)
        if score > 0 and (best is None or score > best[0]):
            best = (score, row, cells)
    if best is None:
        return Detection(None, None, None, None, 0.0, guess_header(path))
    score, row, cells = best
    return Detection(row["source"], row["templateId"], row["version"], row["name"], round(score, 4), cells)
