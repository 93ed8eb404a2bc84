"""The import log of a repertoire import, accumulated batch by batch (issue 7 item 2):

``{works, recordings, writers, publishers`` (records imported — a skipped record is in
``conflicts`` — and distinct parties), ``created``,
``updated``, ``unchanged`` (each ``{works, recordings, writers, publishers, performers}``: new
nodes; existing ones whose partner record changed — a work or recording whose content differs
from the partner's last import, or one entering the partner's repertoire; a party the import
created earlier renamed —; existing ones the file repeats as they were), ``mandates`` (COLLECTS
edges created for the partner's Active agreements), ``conflicts`` ``[{line, kind, title,
iswc|isrc, workId|recordingId, message}]``, ``missingIds`` ``[{line, kind, title, missing}]``,
``errors`` (the parser's line-numbered ParseIssues), ``omitted`` (entries beyond ``LIST_LIMIT``
per list, counted only)``}``.
"""
from __future__ import annotations

from dataclasses import asdict

from app.services.repertoire_plan import BatchPlan
from importers.records import ParseIssue

LIST_LIMIT = 1000  # entries kept per list: a 500k-record file's log stays a readable size
KINDS = ("works", "recordings", "writers", "publishers", "performers")
_PARTY_KINDS = {"writer": "writers", "publisher": "publishers", "artist": "performers"}


class ImportLog:
    """Accumulates the log; ``seen`` keys make repeated records and parties count once per
    import (also across the batches of a dry run, which writes nothing)."""

    def __init__(self):
        self.data = {"works": 0, "recordings": 0, "writers": 0, "publishers": 0,
                     **{status: dict.fromkeys(KINDS, 0) for status in ("created", "updated", "unchanged")},
                     "mandates": 0, "conflicts": [], "missingIds": [], "errors": [],
                     "omitted": {"conflicts": 0, "missingIds": 0, "errors": 0}}
        self.seen: set[str] = set()

    def _add(self, name: str, entries) -> None:
        for entry in entries:
            if len(self.data[name]) < LIST_LIMIT:
                self.data[name].append(entry)
            else:
                self.data["omitted"][name] += 1

    def issue(self, issue: ParseIssue) -> None:
        """A parser's ParseIssue (the record was skipped)."""
        self._add("errors", [asdict(issue)])

    def batch(self, plan: BatchPlan, written: dict | None) -> None:
        """Count a planned batch (``written`` = ``apply_batch``'s result, None on a dry run)."""
        renamed = {r["participantId"] for r in plan.renames}
        for party in plan.parties.values():
            if f"party:{party.key}" in self.seen:
                continue
            self.seen.add(f"party:{party.key}")
            kind = _PARTY_KINDS[party.kind]
            if kind != "performers":
                self.data[kind] += 1
            status = "created" if party.record else "updated" if party.participant_id in renamed else "unchanged"
            self.data[status][kind] += 1
        for kind, items in (("works", plan.works), ("recordings", plan.recordings)):
            self.data[kind] += len(items)
            for item in items:
                key = f"{kind}:{item.row.get('iswc') or item.row.get('isrc') or item.row['ref']}"
                status = "unchanged" if key in self.seen and item.status == "created" else item.status
                self.seen.add(key)
                self.data[status][kind] += 1
        if written:
            self.data["mandates"] += written["mandates"]
        self._add("conflicts", plan.conflicts)
        self._add("missingIds", plan.missing)

    def as_dict(self) -> dict:
        """The log as stored and returned (JSON-ready)."""
        return self.data

