"""What a proposed split must satisfy before anything is written (issue 3, "Bad input").

Every rule is checked and every problem collected, so one 422 lists them all, each under its
field path in marshmallow's error shape (``{"owners": {1: {"territories": {0: [...]}},
"_schema": [rules on the whole split]}}``):

* each owner: a known participant, 0 < share ≤ 100 % with at most 4 decimals, a known role,
  known territory codes, validFrom ≥ the effective date, validTo after validFrom;
* the same party (participant and role) never holds two slices whose periods and territories
  overlap;
* in every territory and period some slice covers, the shares sum to 100 % within ±0.06 (the
  CWR tolerance), and publishers hold at most 50 % of the performance right (CWR 2.1: the
  publishers' PR ownership share is 0–50 %, the writers keep at least half).

Territories are compared on their *leaves* — the territories with no part of their own
(countries, and regions such as DistroKid's ``OU`` that contain none) — so WORLD-except-GH
beside GH adds up exactly, whatever regions the territory graph carries.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from marshmallow.error_store import merge_errors
from neo4j import ManagedTransaction

from app.money.shares import WHOLE, millionths_to_percent, percent_to_millionths
from app.services.allocation import SHARE_TOLERANCE
from app.services.catalog import RightTypeMismatch
from app.services.db import run
from app.services.entities import InvalidInput
from importers.catalog import RECORDING_RIGHTS, RIGHT_TYPES, WORK_RIGHTS
from importers.territory_codes import SCOPE_CODES

# Roles an owner holds a slice in; the publisher-side ones count towards the CWR 50 % rule.
PUBLISHER_ROLES = frozenset({"publisher", "administrator", "sub_publisher"})
OWNER_ROLES = ("owner", "artist", "performer", "label", "producer", "writer", "composer", "lyricist",
               "distributor", *sorted(PUBLISHER_ROLES))
PUBLISHER_PERFORMANCE_MAX = WHOLE // 2  # CWR 2.1 SPU "PR Ownership Share": 0–50 %
RIGHTS_OF = {"work": WORK_RIGHTS, "recording": RECORDING_RIGHTS}


class Problems:
    """Collects problems by field path (a tuple such as ``("owners", 1, "share")``) into
    marshmallow's error shape, so a 422 from these rules reads like one from a schema; a
    problem of a whole list beside problems of its items goes under ``_schema``, as marshmallow
    puts it."""

    def __init__(self) -> None:
        self.errors: dict = {}

    def add(self, path: tuple, message: str) -> None:
        """Add ``message`` at ``path`` (e.g. ``("owners", 0, "share")``), keeping the messages already there."""
        nested: dict | list = [message]
        for key in reversed(path):
            nested = {key: nested}
        self.errors = merge_errors(self.errors, nested)

    def raise_if_any(self) -> None:
        """Raise every problem collected as one ``entities.InvalidInput`` (API → 422)."""
        if self.errors:
            raise InvalidInput(self.errors)


@dataclass(frozen=True)
class References:
    """What exists of the ids and codes an input names: participants, assets with their kind
    (``work`` | ``recording``), and each known territory code's leaf territories."""

    participants: frozenset[str]
    asset_kinds: dict[str, str]
    leaves: dict[str, frozenset[str]]


def load_references(tx: ManagedTransaction, participant_ids: Iterable[str], asset_ids: Iterable[str],
                    territory_codes: Iterable[str]) -> References:
    """One read of every participant, asset and territory an input names. A territory is known
    when it is a scope code (``importers.territory_codes.SCOPE_CODES``: WORLD, TIS groups,
    countries; not reporting codes such as OU) and is in the graph."""
    row = run(tx, "rights/splits/references", participantIds=sorted(set(participant_ids)),
              assetIds=sorted(set(asset_ids)), territoryCodes=sorted(set(territory_codes) & SCOPE_CODES))[0]
    return References(frozenset(row["participantIds"]), {a["assetId"]: a["kind"] for a in row["assets"]},
                      {t["code"]: frozenset(t["leaves"]) for t in row["territories"]})


def territory_codes(rows: Iterable[dict]) -> set[str]:
    """Every territory code named by ``rows`` (their ``territories``, WORLD when absent, and ``excluded``)."""
    return {code for row in rows for code in [*_included(row), *(row.get("excluded") or [])]}


def _included(row: dict) -> list[str]:
    return ["WORLD"] if row.get("territories") is None else row["territories"]


def check_asset(refs: References, asset_id: str, right_type: str, problems: Problems) -> None:
    """The asset exists (else a problem at ``assetId``) and its kind carries ``right_type``
    (else at ``rightType``; works: performance, mechanical, sync; recordings: master,
    neighbouring, sync — importers.catalog)."""
    kind = refs.asset_kinds.get(asset_id)
    if right_type not in RIGHT_TYPES:
        problems.add(("rightType",), f"unknown right type {right_type!r}; one of {', '.join(RIGHT_TYPES)}")
    if kind is None:
        problems.add(("assetId",), f"unknown work or recording {asset_id}")
    elif right_type in RIGHT_TYPES and right_type not in RIGHTS_OF[kind]:
        problems.add(("rightType",), str(RightTypeMismatch(right_type, kind, RIGHTS_OF[kind])))


def territory_leaves(refs: References, codes: list[str], path: tuple, problems: Problems) -> frozenset[str]:
    """The leaf territories ``codes`` cover; an unknown code is a problem at ``(*path, i)``."""
    leaves: set[str] = set()
    for i, code in enumerate(codes):
        if code in refs.leaves:
            leaves |= refs.leaves[code]
        else:
            problems.add((*path, i), f"unknown territory code {code!r}: use WORLD, a CISAC TIS group code "
                                     "(e.g. 2EN) or an ISO 3166-1 alpha-2 country code")
    return frozenset(leaves)


@dataclass(frozen=True)
class Slice:
    """A proposed slice as the rules see it: ``share`` in millionths, ``leaves`` the territories
    it applies in, ``valid_to`` exclusive or None."""

    path: tuple
    participant_id: str
    role: str
    share: int
    leaves: frozenset[str]
    valid_from: dt.date
    valid_to: dt.date | None


def check_owners(refs: References, right_type: str, effective_from: dt.date, rows: list[tuple[tuple, dict]],
                 problems: Problems, split_path: tuple) -> None:
    """Check proposed owner rows of one right type from ``effective_from``.

    ``rows``: (field path, ``{participantId, share (Decimal percent), role, territories (absent:
    WORLD), excluded, validFrom|None (→ effective_from), validTo|None}``). Problems of a row go under
    its path; sum and publisher-share problems under ``split_path``. A row whose share or
    territories cannot be read is left out of the sums (its own problem is reported); a
    validTo not after validFrom is reported and the row counted as open-ended."""
    slices = [s for path, row in rows if (s := _check_row(refs, effective_from, path, row, problems))]
    _check_overlaps(refs, slices, problems)
    for start, end, active in _periods(slices):
        for leaves, members in _leaf_groups(active):
            where = f"in {_territories(refs, leaves)} {_period(start, end)}"
            total = sum(s.share for s in members)
            if abs(total - WHOLE) > SHARE_TOLERANCE:
                problems.add(split_path, f"{right_type} shares sum to {millionths_to_percent(total)} % {where}; "
                                         "they must sum to 100 % within ±0.06 (CWR tolerance)")
            publishers = sum(s.share for s in members if s.role in PUBLISHER_ROLES)
            if right_type == "performance" and publishers > PUBLISHER_PERFORMANCE_MAX:
                problems.add(split_path, f"publishers hold {millionths_to_percent(publishers)} % of the performance "
                                         f"right {where}; CWR allows at most 50 %")


def _check_row(refs: References, effective_from: dt.date, path: tuple, row: dict, problems: Problems) -> Slice | None:
    if row["participantId"] not in refs.participants:
        problems.add((*path, "participantId"), f"unknown participant {row['participantId']}")
    role = row.get("role") or "owner"
    if role not in OWNER_ROLES:
        problems.add((*path, "role"), f"unknown role {role!r}; one of {', '.join(OWNER_ROLES)}")
    share = _millionths(row["share"], (*path, "share"), problems)
    territories = _included(row)
    included = territory_leaves(refs, territories, (*path, "territories"), problems)
    excluded = territory_leaves(refs, row.get("excluded") or [], (*path, "excluded"), problems)
    if not territories:
        problems.add((*path, "territories"), "name at least one territory (WORLD for everywhere)")
    valid_from = row.get("validFrom") or effective_from
    valid_to = row.get("validTo")
    if valid_from < effective_from:
        problems.add((*path, "validFrom"), f"validFrom {valid_from} is before the effective date {effective_from}")
    if valid_to is not None and valid_to <= valid_from:
        problems.add((*path, "validTo"), f"validTo {valid_to} must be after validFrom {valid_from} (it is exclusive)")
        valid_to = None
    leaves = included - excluded
    if included and not leaves:
        problems.add((*path, "excluded"), "the excluded territories cover every included one")
    if share is None or not leaves:
        return None
    return Slice(path, row["participantId"], role, share, frozenset(leaves), valid_from, valid_to)


def _millionths(percent, path: tuple, problems: Problems) -> int | None:
    try:
        value = Decimal(percent)
        if not 0 < value <= 100:
            problems.add(path, f"share {percent} must be > 0 and ≤ 100 (percent)")
            return None
        return percent_to_millionths(value)
    except (InvalidOperation, ValueError):
        problems.add(path, f"share {percent} is not a percent with at most 4 decimals")
        return None


def _overlaps(a: Slice, b: Slice) -> bool:
    return ((a.valid_to is None or b.valid_from < a.valid_to) and (b.valid_to is None or a.valid_from < b.valid_to)
            and bool(a.leaves & b.leaves))


def _check_overlaps(refs: References, slices: list[Slice], problems: Problems) -> None:
    for j, later in enumerate(slices):
        for earlier in slices[:j]:
            same_party = (earlier.participant_id, earlier.role) == (later.participant_id, later.role)
            if same_party and _overlaps(earlier, later):
                problems.add((*later.path, "validFrom"),
                             f"{later.participant_id} ({later.role}) already holds {_dotted(earlier.path)} for an "
                             f"overlapping period in {_territories(refs, earlier.leaves & later.leaves)}")
                break


def _dotted(path: tuple) -> str:
    """``("owners", 0)`` → ``owners[0]``, for messages."""
    return "".join(f"[{k}]" if isinstance(k, int) else (f".{k}" if i else k) for i, k in enumerate(path))


def _periods(slices: list[Slice]):
    """(start, end|None, slices valid in [start, end)) for each period between consecutive
    slice boundaries in which at least one slice is valid."""
    bounds = sorted({s.valid_from for s in slices} | {s.valid_to for s in slices if s.valid_to})
    for k, start in enumerate(bounds):
        active = [s for s in slices if s.valid_from <= start and (s.valid_to is None or start < s.valid_to)]
        if active:
            yield start, bounds[k + 1] if k + 1 < len(bounds) else None, active


def _leaf_groups(active: list[Slice]):
    """(leaves, slices) per group of leaves covered by exactly the same slices."""
    by_leaf: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(active):
        for leaf in s.leaves:
            by_leaf[leaf].append(i)
    groups: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for leaf, members in by_leaf.items():
        groups[tuple(members)].append(leaf)
    for members, leaves in sorted(groups.items(), key=lambda g: min(g[1])):
        yield frozenset(leaves), [active[i] for i in members]


def _territories(refs: References, leaves: frozenset[str], shown: int = 5) -> str:
    """A group of leaf territories in the input's own terms: a territory it names (``WORLD``),
    one of them less a few (``WORLD except GH``), else the first codes (``GH, NG and 3 more``)."""
    named = sorted(refs.leaves, key=lambda code: (len(refs.leaves[code]), code))
    for code in named:
        if refs.leaves[code] == leaves:
            return code
    for code in named:
        rest = refs.leaves[code] - leaves
        if leaves <= refs.leaves[code] and len(rest) <= shown:
            return f"{code} except {', '.join(sorted(rest))}"
    codes = sorted(leaves)
    more = f" and {len(codes) - shown} more" if len(codes) > shown else ""
    return ", ".join(codes[:shown]) + more


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"from {start}" + (f" until {end}" if end else "")
