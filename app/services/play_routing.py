"""Who a play's money belongs to inside the central pool (issue 6 item 6).

For a charged play of ``amount`` micro-units (docs/broadcast.md "Allocation"):

1. the tariff's ``rightSplit`` divides it between the recording's rights (``neighbouring``,
   falling back to the ``master`` owners when the recording has no neighbouring split) and the
   work's (``performance``), by largest remainder; a recording of several works splits its
   work side equally among them;
2. each side goes to the owners of that right valid on the play's local date in the station's
   country (the rights graph traversal ``allocation.resolve_owners``), split by
   ``allocation.split_line`` — largest remainder, exact; what nobody owns (or a conflict over
   100 %) stays *unallocated* in the pool;
3. each owner's part is routed: on the work side, mandate precedence
   (``app.services.mandates``) first — a direct/admin collector collects (the whole work, or the
   owner it holds a mandate for); a reciprocal mandate's money and a mandate conflict stay
   unallocated (the latter is never guessed). Then, on
   both sides, an owner signed to a publisher (an active publishing agreement on the date,
   ``publishers_of``) is represented by it: its part is credited to the publisher's pool
   account *for* the artist; a self-published owner's to its own pool account. An owner signed
   to two publishers at once is a conflict: unallocated, and a DataQualityIssue.

Reciprocal representation (issue 7): when a work's mandate outcome is ``reciprocal`` through a
COLLECTS edge on the work held by a *partner* (a Society with a participantId), the WHOLE work
side of that work goes to the partner's pool account ``ACC-POOL-<partnerId>-<CUR>`` as one part
``via 'reciprocal'`` (with ``partnerCode``, ``partnerId``, ``agreementId``), whether or not the
work has owners here; royalty cycles then move it to the partner payable (never withdrawn). A
play matched to a work only (``workId``, no ``recordingId``) is routed by that work; its
recording side stays unallocated ("no recording").

A ``Router`` reads everything a batch needs in bulk (``prepare``) and keeps it for the run, so
``route`` is pure arithmetic over cached facts. Facts are read *as of* a play's segment start:
the last date on or before the play's on which any of them could change
(``broadcast/routing_boundaries``), not the play's own date — the same answer (every fact is
constant between boundaries), read once per recording and segment instead of once per day.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import defaultdict

from app.money import split_largest_remainder
from app.services import mandates, pool, quality
from app.services.allocation import SUSPENSE_KEY, resolve_owners, split_line
from app.services.db import read, run
from app.services.tariffs import Tariff
from importers.catalog import WORK_RIGHTS

SIGNING_TYPES = ("publishing_administration", "co_publishing")
ARTIST_ROLES = ("artist", "writer")
PUBLISHER_ROLES = ("publisher", "administrator")
#: The right whose owners a recording-side right falls back to when nobody holds it.
FALLBACK = {"neighbouring": "master"}


def signed_publishers(tx, participant_dates: list[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], list[dict]]:
    """Publishers each participant is signed to on each date: ``{(participantId, date):
    [{publisherId, publisherName, agreementId, agreementType, since}]}`` (empty list: none)."""
    items = [{"key": i, "participantId": pid, "date": day} for i, (pid, day) in enumerate(participant_dates)]
    found: dict[tuple[str, dt.date], list[dict]] = {pd: [] for pd in participant_dates}
    for row in run(tx, "broadcast/publishers_of", items=items, types=list(SIGNING_TYPES),
                   artistRoles=list(ARTIST_ROLES), publisherRoles=list(PUBLISHER_ROLES)):
        found[participant_dates[row.pop("key")]].append(row)
    return found


def _owner_key(asset_id: str, right: str, day: dt.date, country: str) -> str:
    return f"{asset_id}|{right}|{day.isoformat()}|{country}"


def _subject(play: dict) -> str:
    """What a play is routed by: its recording, or the work of a work-only match."""
    return play.get("recordingId") or play["workId"]


class Router:
    """Routes plays' money to pool accounts, with the run's caches of works, owners, mandates
    and signings (facts read once per run and key)."""

    def __init__(self) -> None:
        self.boundaries: dict[str, list[dt.date]] = {}
        self.works: dict[str, list[str]] = {}
        self.owners: dict[str, dict[str, int]] = {}
        self.mandates: dict[tuple, dict] = {}
        self.signed: dict[tuple[str, dt.date], list[dict]] = {}
        self.findings: dict[str, quality.Finding] = {}

    def prepare(self, plays: list[tuple[dict, Tariff, str]]) -> None:
        """Read what routing ``plays`` — ``(play {recordingId | workId, localDate}, tariff,
        country)`` — needs and is not cached: works, owners, signings (one read transaction), then
        mandates."""
        def work(tx):
            subjects = {_subject(p): p for p, _, _ in plays}
            missing = sorted(set(subjects) - set(self.works))
            if missing:
                recordings = sorted(s for s in missing if subjects[s].get("recordingId"))
                self.works.update({s: [s] for s in missing if not subjects[s].get("recordingId")})
                self.works.update({r["recordingId"]: r["workIds"]
                                   for r in run(tx, "broadcast/recording_works", recordingIds=recordings)})
                self.boundaries.update({r["recordingId"]: sorted(set(r["boundaries"]))
                                        for r in run(tx, "broadcast/routing_boundaries", recordingIds=missing)})
            keys = {}
            for play, tariff, country in plays:
                day = self.as_of(play)
                for right in tariff.right_split:
                    for asset, r in self._assets(play, right):
                        k = _owner_key(asset, r, day, country)
                        keys[k] = {"key": k, "assetId": asset, "rightType": r, "date": day, "country": country}
            resolve_owners(tx, list(keys.values()), self.owners)
            wanted = sorted({(pid, k["date"]) for k in keys.values() for pid in self.owners[k["key"]]}
                            - set(self.signed))
            if wanted:
                self.signed.update(signed_publishers(tx, wanted))
        read(work)
        items = {(w, country, self.as_of(play), right): None for play, tariff, country in plays
                 for right in tariff.right_split if right in WORK_RIGHTS
                 for w in self.works.get(_subject(play), [])}
        todo = [k for k in items if k not in self.mandates]
        if todo:
            results = mandates.resolve([{"workId": w, "territory": c, "date": d, "rightType": r}
                                        for w, c, d, r in todo])
            self.mandates.update(zip(todo, results))

    def as_of(self, play: dict) -> dt.date:
        """The start of the play's routing segment: the last boundary on or before its local
        date (``date.min`` when none is); ``prepare`` must have read its recording."""
        bounds = self.boundaries.get(_subject(play), [])
        i = bisect.bisect_right(bounds, play["localDate"])
        return bounds[i - 1] if i else dt.date.min

    def _assets(self, play: dict, right: str) -> list[tuple[str, str]]:
        """(asset, right) pairs whose owners a side may need: the work(s) for a work right; the
        recording for its rights, plus the fallback right (none for a work-only play)."""
        if right in WORK_RIGHTS:
            return [(w, right) for w in self.works.get(_subject(play), [])]
        recording_id = play.get("recordingId")
        if recording_id is None:
            return []
        return [(recording_id, right)] + ([(recording_id, FALLBACK[right])] if right in FALLBACK else [])

    def route(self, play: dict, amount: int, tariff: Tariff, country: str, currency: str) -> list[dict]:
        """The parts of ``amount`` (micro-units, > 0): ``[{rightType, assetId, participantId,
        share, amount, accountId, payeeId, forParticipantId, via ('owner' | 'publisher' |
        'mandate' | 'reciprocal' | 'unallocated'), agreementId, note}]`` (a reciprocal part also
        ``partnerCode``, ``partnerId``); they sum to ``amount``."""
        parts: list[dict] = []
        day, recording_id, subject = self.as_of(play), play.get("recordingId"), _subject(play)
        for right, side in sorted(split_largest_remainder(amount, tariff.right_split).items()):
            if not side:
                continue
            if right not in WORK_RIGHTS:
                parts += (self._asset_parts(right, recording_id, side, day, country, currency) if recording_id else
                          [_unallocated(right, subject, side, currency, "no recording: the play matched a work only")])
                continue
            works = self.works.get(subject, [])
            if not works:
                parts.append(_unallocated(right, recording_id, side, currency, "the recording has no work"))
                continue
            for work_id, part in split_largest_remainder(side, {w: 1 for w in works}).items():
                reciprocal = self._reciprocal(right, work_id, part, day, country, currency)
                parts += [reciprocal] if reciprocal else self._asset_parts(right, work_id, part, day, country, currency)
        return parts

    def _reciprocal(self, right: str, work_id: str, amount: int, day: dt.date, country: str,
                    currency: str) -> dict | None:
        """The one part of a work's side collected by a partner under a reciprocal mandate on the
        work (module docstring), or None. A reciprocal mandate of a society that is no partner
        (no participantId: mandate_at's collectorId is then its code), or over an owner's
        repertoire only, leaves the side to ``_asset_parts`` (unallocated, as before issue 7)."""
        m = self.mandates.get((work_id, country, day, right))
        if not m or m["outcome"] != "reciprocal" or m["mandate"]["via"] != "work":
            return None
        partner, code = m["collector"]["id"], m["collector"]["societyCode"]
        if partner == code:
            return None
        agreement = m["mandate"]["agreementId"]
        return {"rightType": right, "assetId": work_id, "participantId": None, "share": None, "amount": amount,
                "accountId": pool.account_id(currency, partner), "payeeId": partner, "forParticipantId": None,
                "via": "reciprocal", "partnerCode": code, "partnerId": partner, "agreementId": agreement,
                "note": f"collected by {code} under reciprocal agreement {agreement}: the whole work side"}

    def _asset_parts(self, right: str, asset_id: str, amount: int, day: dt.date, country: str,
                     currency: str) -> list[dict]:
        used, shares = right, self.owners.get(_owner_key(asset_id, right, day, country), {})
        if not shares and right in FALLBACK:
            used, shares = FALLBACK[right], self.owners.get(_owner_key(asset_id, FALLBACK[right], day, country), {})
        status, split = split_line(amount, shares)
        out = []
        for owner, part in split.items():
            if not part:
                continue
            if owner == SUSPENSE_KEY:
                out.append(_unallocated(used, asset_id, part, currency, f"{status}: no owner holds this part"))
                continue
            payee, for_id, via, agreement, note = self._payee(owner, used, asset_id, day, country)
            account = pool.account_id(currency) if payee is None else pool.account_id(currency, payee, for_id)
            out.append({"rightType": used, "assetId": asset_id, "participantId": owner, "share": shares[owner],
                        "amount": part, "accountId": account, "payeeId": payee, "forParticipantId": for_id,
                        "via": via, "agreementId": agreement, "note": note})
        return out

    def _payee(self, owner: str, right: str, asset_id: str, day: dt.date, country: str):
        """(payee | None, forParticipantId | None, via, agreementId, note) of an owner's part."""
        if right in WORK_RIGHTS:
            m = self.mandates.get((asset_id, country, day, right))
            mandate = m and m["mandate"]
            applies = mandate and (mandate["via"] == "work" or mandate["forParticipantId"] == owner)
            if m and m["outcome"] == "conflict":
                return None, None, "unallocated", None, f"mandate conflict ({m['issueId']}): never guessed"
            if applies and m["outcome"] == "reciprocal":
                return (None, None, "unallocated", mandate["agreementId"],
                        f"collected by {m['collector']['id']} under a reciprocal mandate")
            if applies and m["collector"]["kind"] == "participant":
                collector = m["collector"]["id"]
                return (collector, None if collector == owner else owner, "mandate", mandate["agreementId"],
                        f"{mandate['basis']} mandate")
            if applies:
                return None, None, "unallocated", mandate["agreementId"], f"collected by {m['collector']['id']}"
        publishers = sorted({s["publisherId"] for s in self.signed.get((owner, day), [])})
        if len(publishers) > 1:
            finding = quality.Finding(
                kind="publishing_conflict", key=f"publishing_conflict|{owner}|{'+'.join(publishers)}",
                entity_id=owner, message=f"{owner} is signed to {len(publishers)} publishers at once: "
                                         f"{', '.join(publishers)}; its broadcast income stays unallocated",
                witness={"date": day, "publishers": publishers})
            self.findings.setdefault(finding.key, finding)
            return None, None, "unallocated", None, f"signed to {', '.join(publishers)} at once: conflict"
        if publishers:
            signing = self.signed[(owner, day)][0]
            return publishers[0], owner, "publisher", signing["agreementId"], f"signed to {publishers[0]}"
        return owner, None, "owner", None, None


def _unallocated(right: str, asset_id: str, amount: int, currency: str, note: str) -> dict:
    return {"rightType": right, "assetId": asset_id, "participantId": None, "share": None, "amount": amount,
            "accountId": pool.account_id(currency), "payeeId": None, "forParticipantId": None,
            "via": "unallocated", "agreementId": None, "note": note}


def allocation_json(parts: list[dict]) -> str:
    """The ``PlayLog.allocation`` JSON of parts (null fields left out): who got what, and why."""
    return json.dumps([{k: v for k, v in part.items() if v is not None} for part in parts], default=str)


def totals_by_account(parts: list[dict]) -> dict[str, int]:
    """Σ amount per pool account of some parts."""
    out: dict[str, int] = defaultdict(int)
    for part in parts:
        out[part["accountId"]] += part["amount"]
    return dict(out)
