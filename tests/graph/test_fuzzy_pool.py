"""A run's FuzzyPool gives the outcomes of one-shot fuzzy matching, reading the catalog's
candidates once per blocking key and scoring each distinct track once."""
from __future__ import annotations

from app.services import fuzzy_pool
from app.services.catalog_import import import_catalog
from app.services.db import read, run
from app.services.fuzzy_pool import FuzzyPool
from app.services.matching import Candidate, Query, fuzzy_match
from tests.graph.helpers import participant, recording, write_catalog

BATCH_1 = [Query(1, "Blinding Lights (feat. Rosalía)", "Weeknd, The"), Query(2, "Save Your Tears", "Weeknd Trio"),
           Query(3, "Unknown Song", "Nobody")]
BATCH_2 = [Query(7, "Blinding Lights", "The Weeknd"), Query(8, "Save Your Tears", "Weeknd Trio"),
           Query(9, "Woman", "Wizkid")]


def test_pool_outcomes_equal_one_shot_matching_with_fewer_reads(graph, tmp_path, monkeypatch):
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("weeknd", name="The Weeknd"), participant("wizkid", name="Wizkid")],
        recordings=[recording("bl", None, title="Blinding Lights", performers=[{"participantRef": "weeknd", "role": "primary"}]),
                    recording("syt", "USUG12004749", title="Save Your Tears",
                              performers=[{"participantRef": "weeknd", "role": "primary"}]),
                    recording("wo", None, title="Woman", performers=[{"participantRef": "wizkid", "role": "primary"}])]))
    every = [Candidate(r["recordingId"], r["title"], tuple(r["artists"]), r["version"], r["isrc"])
             for r in read(lambda tx: run(tx, "attribution/fuzzy_candidates", keys=list("abcdefghijklmnopqrstuvwxyz")))]
    reads: list[list[str]] = []
    real_run = fuzzy_pool.run

    def counting_run(tx, name, /, **params):
        reads.append(params["keys"])
        return real_run(tx, name, **params)

    monkeypatch.setattr(fuzzy_pool, "run", counting_run)
    pool = FuzzyPool()
    first = read(lambda tx: pool.match(tx, BATCH_1))
    second = read(lambda tx: pool.match(tx, BATCH_2))

    assert first == fuzzy_match(BATCH_1, every) and second == fuzzy_match(BATCH_2, every)
    assert first[1][2] == "fuzzy" and first[2][2] == "fuzzy_review" and 3 not in first
    assert second[7][2] == "fuzzy" and second[8] == first[2] and second[9][2] == "fuzzy"
    assert reads == [["n", "w"]]  # batch 2's artists all start with a letter already read
