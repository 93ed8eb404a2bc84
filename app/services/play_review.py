"""Plays after intake: reading them, the attribution review queue, and the manual link override
(issue 6 item 3).

``link`` attributes a play to a recording by hand (method ``manual``, confidence 1.0): its
previous attribution is superseded, never deleted, and an AuditEvent records before → after.
A play that was not charged yet (unmatched, in review) is then charged like any matched play.
A play already charged to another recording keeps its charge — the station paid for a play —
and its money moves inside the pool: one ``play_reallocation`` entry takes each part back from
the accounts it was credited to and credits the new recording's payees (routed as at charging:
``play_routing``), keyed ``play-relink:<attributionId>``. A part already withdrawn leaves that
pool account negative: the payee owes it back to the pool, as a reversal would show.

``link_work`` (issue 7) links a play to a work only — a partner's work known by its ISWC or
title when no recording is: the same, routed by the work (``play_routing``); the play's
``originPartner`` is the partner whose repertoire holds the recording or work linked (none for
the local catalog).
"""
from __future__ import annotations

import json
from collections import defaultdict

from app.money import format_amount
from app.services import audit, ledger, pool
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, StateConflict
from app.services.play_charging import ChargeRun, charge_plays, finish
from app.services.play_routing import allocation_json, totals_by_account


class PlayChanged(StateConflict):
    """The play was charged by another run while it was being linked (API → 409: link again)."""


def _play_out(row: dict) -> dict:
    play = row["play"]
    return {**{k: play.get(k) for k in ("playId", "stationId", "importId", "line", "playedAt", "localDate", "title",
                                          "artist", "isrc", "iswc", "durationSeconds", "detectionConfidence",
                                          "usageType", "fingerprint", "status", "recordingId", "workId",
                                          "originPartner", "chargeStatus", "chargeNote", "currency", "tariffId",
                                          "entryId")},
            "recordingTitle": row["recordingTitle"],
            "charged": None if play.get("chargedMicro") is None else format_amount(play["chargedMicro"]),
            "allocation": [part | {"amount": format_amount(part["amount"])}
                           for part in json.loads(play.get("allocation") or "[]")],
            "extra": json.loads(play.get("extra") or "{}"), "attributions": row["attributions"]}


def get_play(play_id: str) -> dict:
    """A play with its attributions (newest first) and its allocation (who got what, why);
    raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "broadcast/get_plays", playIds=[play_id]))
    if not rows:
        raise UnknownEntity("play", play_id)
    return _play_out(rows[0])


def list_plays(skip: int, limit: int, **filters) -> tuple[list[dict], int]:
    """A page of plays, newest first, and the total; ``filters``: stationId, status,
    chargeStatus, importId, recordingId, since, until (each optional)."""
    params = {k: filters.get(k) for k in ("stationId", "status", "chargeStatus", "importId", "recordingId", "since",
                                          "until")}

    def work(tx):
        page = run(tx, "broadcast/list_plays", skip=skip, limit=limit, **params)[0]
        return run(tx, "broadcast/get_plays", playIds=page["playIds"]), page["total"]
    rows, total = read(work)
    return [_play_out(r) for r in rows], total


def review_queue(skip: int, limit: int, station_id: str | None = None) -> tuple[list[dict], int]:
    """Plays waiting for a person, oldest first, with their candidate recording, and the total."""
    row = read(lambda tx: run(tx, "broadcast/review_plays", stationId=station_id, skip=skip, limit=limit))[0]
    return row["items"], row["total"]


def _moved_parts(run_: ChargeRun, play: dict, target: dict) -> list[dict]:
    """The parts a charged play's amount would have had linked to ``target`` ``{recordingId,
    workId}`` (its tariff and station as charged)."""
    station = run_.stations[play["stationId"]]
    tariff = next(t for t in run_.tariffs if t.tariff_id == play["tariffId"])
    relinked = play | target
    run_.router.prepare([(relinked, tariff, station["country"])])
    return run_.router.route(relinked, play["chargedMicro"], tariff, station["country"], station["currency"])


def link(play_id: str, recording_id: str, actor: str, note: str | None = None) -> dict:
    """Attribute a play to ``recording_id`` by hand (audited), then charge it if it was not, or
    move its money inside the pool if it was (module docstring). Linking a play to the
    recording it is matched to already changes nothing. Raises UnknownEntity (play),
    InvalidInput (unknown recording), PlayChanged (charged by another run meanwhile)."""
    return _link(play_id, {"recordingId": recording_id, "workId": None}, actor, note)


def link_work(play_id: str, work_id: str, actor: str, note: str | None = None) -> dict:
    """Attribute a play to the work ``work_id`` only, no recording (issue 7), as ``link`` does
    for a recording: audited, charged or its money moved. Raises UnknownEntity (play),
    InvalidInput (unknown work), PlayChanged."""
    return _link(play_id, {"recordingId": None, "workId": work_id}, actor, note)


def _link(play_id: str, target: dict, actor: str, note: str | None) -> dict:
    current = get_play(play_id)
    field, asset_id = ("recordingId", target["recordingId"]) if target["recordingId"] else ("workId", target["workId"])
    found = read(lambda tx: run(tx, "reciprocal/qa_external_assets", ids=[asset_id]))
    if not found or found[0]["isRecording"] != (field == "recordingId"):
        raise InvalidInput({field: [f"unknown {'recording' if field == 'recordingId' else 'work'} {asset_id}"]})
    if current["status"] == "matched" and all(current[k] == v for k, v in target.items()):
        return current
    partner = found[0]["partnerCode"]
    run_ = ChargeRun.start()
    charged = current["chargeStatus"] == "charged"
    parts = _moved_parts(run_, read(lambda tx: run(tx, "broadcast/get_plays", playIds=[play_id]))[0]["play"],
                         target) if charged else None

    def work(tx):
        locked = run(tx, "broadcast/lock_play", playId=play_id)[0]
        play, n = locked["play"], locked["attributions"] + 1
        if (play["chargeStatus"] == "charged") != charged:
            raise PlayChanged(f"play {play_id} was charged meanwhile: link it again")
        attribution_id = f"{play_id}/{n}"
        run(tx, "broadcast/write_attributions", rows=[target | {
            "playId": play_id, "attributionId": attribution_id, "method": "manual", "confidence": 1.0,
            "candidateRecordingId": None, "originPartner": partner, "status": "matched", "by": actor, "note": note}])
        after = target | {"status": "matched", "method": "manual", "originPartner": partner,
                          "attributionId": attribution_id}
        if play["chargeStatus"] == "charged":
            _reallocate(tx, play, parts, attribution_id)
            after["reallocated"] = True
        audit.record(tx, actor, "play.link", play_id, before={"status": play["status"],
                                                               "recordingId": play.get("recordingId"),
                                                               "workId": play.get("workId")}, after=after)
    write(work)
    if not charged:
        charge_plays(run_, [play_id], actor)
        finish(run_)
    return get_play(play_id)


def _reallocate(tx, play: dict, parts: list[dict], attribution_id: str) -> None:
    """Move a charged play's money from its old parts' accounts to ``parts``' (one entry)."""
    old = json.loads(play["allocation"] or "[]")
    moves: dict[str, int] = defaultdict(int)
    for part in old:
        moves[part["accountId"]] -= part["amount"]
    for account, amount in totals_by_account(parts).items():
        moves[account] += amount
    pool.ensure_accounts(tx, play["currency"], {(p["payeeId"], p["forParticipantId"]) for p in parts})
    pool.lock_accounts(tx, set(moves))
    ledger.post(tx, f"play-relink:{attribution_id}", "play_reallocation",
                [{"accountId": a, "amount": x} for a, x in sorted(moves.items())],
                f"play {play['playId']} relinked ({attribution_id})", source_id=play["playId"])
    run(tx, "broadcast/mark_charges", rows=[{
        "playId": play["playId"], "chargeStatus": "charged", "chargeNote": None, "chargedMicro": play["chargedMicro"],
        "currency": play["currency"], "tariffId": play["tariffId"], "entryId": play["entryId"],
        "allocation": allocation_json(parts)}])
