"""Writing one planned batch of a repertoire import (``app.services.repertoire_plan``) in the
caller's transaction: new parties (``catalog.upsert_participants``, each with its wallet like any
participant), works (``catalog.upsert_works``), the partner's repertoire and claims
(``reciprocal/repertoire_link_works``), recordings with their work link and performers
(``catalog.upsert_recordings``), and, for the batch's works, the partner's reciprocal mandates
(``reciprocal_agreements.add_repertoire_mandates``: COLLECTS edges of its Active agreements).
Our own OWNS splits are never written here.
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services import reciprocal_agreements
from app.services.catalog import upsert_participants, upsert_recordings, upsert_works
from app.services.db import run
from app.services.repertoire_plan import BatchPlan


def _keyed(rows: list[dict], ids: dict[str, str]) -> list[str]:
    """Graph ids of upserted rows, in row order (``Upserted.ids`` is keyed by ref, else position)."""
    return [ids[row["ref"] if row["ref"] is not None else str(i)] for i, row in enumerate(rows)]


def apply_batch(tx: ManagedTransaction, code: str, import_id: str, plan: BatchPlan, currency: str) -> dict:
    """Write ``plan`` for partner ``code`` under ``import_id``. Returns ``{mandates}``: the
    COLLECTS edges created for the partner's Active agreements."""
    new_parties = [p for p in plan.parties.values() if p.participant_id is None]
    if new_parties:
        created = upsert_participants(tx, [p.record for p in new_parties], currency)
        for party, participant_id in zip(new_parties, _keyed([p.record for p in new_parties], created.ids)):
            party.participant_id = participant_id
    if plan.renames:
        run(tx, "reciprocal/repertoire_rename_parties", rows=plan.renames)
    if plan.works:
        rows = [w.row for w in plan.works]
        for work, work_id in zip(plan.works, _keyed(rows, upsert_works(tx, rows).ids)):
            work.work_id = work_id
        run(tx, "reciprocal/repertoire_link_works", code=code, importId=import_id, rows=[
            {"workId": w.work_id, "fingerprint": w.fingerprint,
             "claims": [{**props, "participantId": plan.parties[key].participant_id} for key, props in w.claims]}
            for w in plan.works])
    if plan.recordings:
        rows = [{**r.row, "workId": r.work.work_id if r.work else r.work_id,
                 "performers": [{"participantId": plan.parties[key].participant_id, "role": role}
                                for key, role in r.performers]} for r in plan.recordings]
        for rec, recording_id in zip(plan.recordings, _keyed(rows, upsert_recordings(tx, rows).ids)):
            rec.recording_id = recording_id
        run(tx, "reciprocal/repertoire_link_recordings", code=code, importId=import_id,
            rows=[{"recordingId": r.recording_id, "fingerprint": r.fingerprint} for r in plan.recordings])
    work_ids = sorted({w.work_id for w in plan.works})
    mandates = reciprocal_agreements.add_repertoire_mandates(tx, code, work_ids) if work_ids else 0
    return {"mandates": mandates}
