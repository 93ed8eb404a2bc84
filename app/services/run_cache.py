"""What one statement run reads once and reuses across its batches.

A 1,000,000-line statement is processed as 200 batches of one transaction each. Between them
the catalog barely changes, yet each batch used to read again the recording of every ISRC it
names and the accounts of every owner it pays: 480,000 ISRC lookups for 81,523 distinct ISRCs,
and the same few thousand wallets 200 times (bench/README.md, "Statement pipeline at scale").
A ``RunCache`` lives for one run (``statements.process``) and keeps:

* ``owners`` — ``allocation.resolve_owners``'s shares per owner key;
* ``fuzzy`` — the run's ``FuzzyPool`` (candidates per blocking key, outcomes per track);
* ``recordings`` — ISRC → recordingId, None for an ISRC the catalog does not hold;
* ``accounts`` — (kind, currency, participantId) → accountId of accounts that existed.

Everything kept is committed data read inside a batch's transaction, never that
transaction's own writes (an account opened by a batch is kept only once a later batch reads
it), so a batch that rolls back leaves nothing false behind. What changes in the catalog during
the run (a recording, owner or account added) is seen by the next run, and suspense
re-matching finds it; accounts are never deleted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.services.fuzzy_pool import FuzzyPool

#: Entries a run keeps per kind (an owner key is ~350 bytes); past it that kind starts over, so
#: memory stays bounded on statements of many millions of lines (the 1M-line bench has 315,286
#: distinct owner keys and 81,523 distinct ISRCs).
LIMIT = 1_000_000


@dataclass
class RunCache:
    """The reads one statement run reuses (module docstring); ``trim`` before each batch."""

    owners: dict[str, dict[str, int]] = field(default_factory=dict)
    fuzzy: FuzzyPool = field(default_factory=FuzzyPool)
    recordings: dict[str, str | None] = field(default_factory=dict)
    accounts: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def trim(self, limit: int = LIMIT) -> None:
        """Empty each dictionary holding more than ``limit`` entries."""
        for kept in (self.owners, self.recordings, self.accounts):
            if len(kept) > limit:
                kept.clear()
