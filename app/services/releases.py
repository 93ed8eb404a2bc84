"""Releases (products) one at a time (the API): create, read, list, update.

A release has a UPC / EAN-13, a release date, the territories it is released in, and its
tracks (``(:Release)-[:CONTAINS {trackNumber}]->(:Recording)``). There is no delete, on
purpose: history is never deleted.
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services import audit
from app.services.catalog import ensure_identifiers_free, upsert_releases
from app.services.db import read, run, write
from app.services.entities import InvalidInput, add_error, changes, get_one, missing_references, page_of

RELEASE_PROPS = ("title", "upc", "releaseDate", "territories")


def create_release(record: dict, actor: str) -> dict:
    """Create one release ``{title, upc (normalized)|None, releaseDate|None, territories,
    tracks: [{recordingId, trackNumber}]}``; returns it as ``get_release``. Raises
    InvalidInput (unknown recording), catalog.DuplicateIdentifier (UPC held by another release)."""
    def work(tx):
        _check_tracks(tx, record)
        if record.get("upc"):
            ensure_identifiers_free(tx, [("UPC", record["upc"])])
        release_id = upsert_releases(tx, [{**record, "ref": None}]).ids["0"]
        audit.record(tx, actor, "release.create", release_id, after=record)
        return get_one(tx, "release", release_id)
    return write(work)


def get_release(release_id: str) -> dict:
    """``{releaseId, title, upc, releaseDate, territories, tracks: [{trackNumber, recordingId,
    title, isrc}] (by track number)}``. Raises catalog.UnknownEntity."""
    return read(get_one, "release", release_id)


def list_releases(skip: int, limit: int, upc: str | None = None, title: str | None = None,
                  recording_id: str | None = None) -> tuple[list[dict], int]:
    """A page of releases (ordered by id, each as ``get_release``) and the total count.
    Filters: ``upc`` (normalized), ``title`` (case-insensitive part), ``recording_id``."""
    return page_of("release", skip, limit, {"upc": upc, "title": title, "recordingId": recording_id})


def update_release(release_id: str, patch: dict, actor: str) -> dict:
    """Apply a partial update: any of ``title``, ``upc``, ``releaseDate`` (null clears),
    ``territories``, ``tracks`` (the complete new track list). The AuditEvent stores the
    changed fields before → after (none when nothing changed). Returns the release as
    ``get_release``. Raises catalog.UnknownEntity, InvalidInput, catalog.DuplicateIdentifier."""
    def work(tx):
        current = get_one(tx, "release", release_id)
        _check_tracks(tx, patch)
        if patch.get("upc"):
            ensure_identifiers_free(tx, [("UPC", patch["upc"])], holder_id=release_id)
        old, new = changes(_input_shape(current), _input_shape(patch, keys=patch))
        if not new:
            return current
        run(tx, "catalog/update_release", releaseId=release_id, props={k: new[k] for k in RELEASE_PROPS if k in new},
            tracks=new.get("tracks"))
        audit.record(tx, actor, "release.update", release_id, before=old, after=new)
        return get_one(tx, "release", release_id)
    return write(work)


def _check_tracks(tx: ManagedTransaction, record: dict) -> None:
    """Raise InvalidInput naming every track whose recording does not exist."""
    tracks = record.get("tracks") or []
    missing = missing_references(tx, recording_ids=[t["recordingId"] for t in tracks])["recording"]
    errors: dict = {}
    for i, t in enumerate(tracks):
        if t["recordingId"] in missing:
            add_error(errors, ("tracks", i, "recordingId"), f"unknown recording {t['recordingId']}")
    if errors:
        raise InvalidInput(errors)


def _input_shape(view: dict, keys=None) -> dict:
    """A release's fields in the create/patch input shape (tracks by number), for comparing and
    auditing; only ``keys`` when given."""
    shape = {k: view.get(k) for k in RELEASE_PROPS}
    shape["tracks"] = sorted(({"recordingId": t["recordingId"], "trackNumber": t["trackNumber"]}
                              for t in view.get("tracks") or []), key=lambda t: t["trackNumber"])
    return shape if keys is None else {k: shape[k] for k in keys}
