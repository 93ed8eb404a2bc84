"""The maintained registration-gap flag (app.services.registration_gaps) equals
registrations.has_missing through every kind of change behind it: registration moves,
membership and country changes, performers, a split, a society created behind the service's
back, and the calendar alone. At each step the flag stored before
the change either stopped answering or still tells the truth, and the hub returns the truth."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services import money_hub, participants, recordings, registration_gaps, registrations, splits
from app.services.catalog_import import import_catalog
from app.services.db import read, run, settings
from tests.graph.helpers import participant, participant_ids, write_catalog

DAY = dt.date(2025, 6, 15)
LATER = dt.date(2025, 9, 2)  # after A's work W1 ends (2025-07-01) and W3 starts (2025-09-01)


def truth(pid: str, day: dt.date) -> bool:
    return read(lambda tx: registrations.has_missing(tx, pid, day))


def stored(pid: str, day: dt.date) -> bool | None:
    return read(lambda tx: registration_gaps.cached(tx, pid, day))


def check(pid: str, day: dt.date = DAY) -> bool:
    """The flag stored earlier (if it still answers) and the hub's flag are has_missing; the hub
    leaves a flag that answers for ``day``."""
    expected = truth(pid, day)
    assert stored(pid, day) in (None, expected)
    assert money_hub.hub(pid, today=day)["flags"]["hasMissingRegistrations"] is expected
    assert stored(pid, day) is expected
    return expected


@pytest.fixture
def ids(graph, tmp_path) -> dict[str, str]:
    """A (GH) owns the performance of W1 until 2025-07-01, of W3 from 2025-09-01 and the master of
    R1; B performs on R2 and R3; C (GH) owns W4; D (GH) owns W5."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant(ref, name=ref.upper(), country="GH") for ref in ("a", "b", "c", "d")],
        works=[{"ref": f"w{i}", "title": f"Work {i}"} for i in (1, 3, 4, 5)],
        recordings=[{"ref": "r1", "isrc": "GHA0C2500101", "title": "R1"},
                    {"ref": "r2", "isrc": "GHA0C2500102", "title": "R2",
                     "performers": [{"participantRef": "b", "role": "primary"}]},
                    {"ref": "r3", "isrc": "GHA0C2500103", "title": "R3",
                     "performers": [{"participantRef": "b", "role": "featured"}]}],
        ownership=[{"participantRef": "a", "assetRef": "w1", "rightType": "performance", "share": "100",
                    "validTo": "2025-07-01"},
                   {"participantRef": "a", "assetRef": "w3", "rightType": "performance", "share": "100",
                    "validFrom": "2025-09-01"},
                   {"participantRef": "a", "assetRef": "r1", "rightType": "master", "share": "100"},
                   {"participantRef": "c", "assetRef": "w4", "rightType": "performance", "share": "100"},
                   {"participantRef": "d", "assetRef": "w5", "rightType": "performance", "share": "100"}]))
    records, _, _ = graph.execute_query(
        "MATCH (a) WHERE a:Work OR a:Recording RETURN a.title AS title, coalesce(a.workId, a.recordingId) AS id")
    return {**participant_ids(graph), **{r["title"]: r["id"] for r in records}}


def test_the_flag_follows_registration_moves_and_the_calendar(ids):
    a, b = ids["a"], ids["b"]
    assert check(a) is True and check(b) is True
    registrations.register_recording(ids["R2"], "pending", None, "test")
    assert check(b) is True  # R3 still missing
    registrations.register_recording(ids["R3"], "pending", None, "test")
    assert check(b) is False
    registrations.register_work(ids["Work 1"], "GHAMRO", "pending", None, "test")
    assert check(a) is True  # R1 still missing
    registrations.register_recording(ids["R1"], "pending", None, "test")
    assert check(a) is False
    registrations.register_recording(ids["R1"], "rejected", None, "test")
    assert check(a) is True
    registrations.register_recording(ids["R1"], "pending", None, "test")
    assert check(a) is False
    # the calendar alone: W1 ends, W3 (not registered) starts; the flag of DAY does not answer
    assert stored(a, LATER) is None
    assert check(a, LATER) is True
    assert stored(a, DAY) is None or stored(a, DAY) is False


def test_the_flag_follows_memberships_country_performers_and_societies(ids, graph):
    a, b, c, d = ids["a"], ids["b"], ids["c"], ids["d"]
    registrations.register_work(ids["Work 1"], "GHAMRO", "pending", None, "test")
    registrations.register_recording(ids["R1"], "pending", None, "test")
    assert check(a) is False
    currency = settings().wallet_currency
    participants.update_participant(a, {"memberships": [{"society": "PRS", "role": "writer",
                                                        "validFrom": dt.date(2020, 1, 1)}]}, currency, "test")
    assert check(a) is True  # its works now belong at PRS

    registrations.register_work(ids["Work 4"], "GHAMRO", "pending", None, "test")
    assert check(c) is False
    participants.update_participant(c, {"country": "NG"}, currency, "test")
    assert check(c) is True  # COSON now

    registrations.register_recording(ids["R2"], "pending", None, "test")
    assert check(b) is True  # R3
    recordings.update_recording(ids["R3"], {"performers": []}, "test", DAY)
    assert check(b) is False

    registrations.register_work(ids["Work 5"], "GHAMRO", "pending", None, "test")
    assert check(d) is False
    graph.execute_query("CREATE (:Society {code: 'GHX', name: 'A new Ghanaian PRO', type: 'PRO', country: 'GH'})")
    assert stored(d, DAY) is None  # not told, but the number of societies changed
    assert check(d) is True


def test_the_flag_follows_a_split_that_hands_a_master_over(ids):
    a, b = ids["a"], ids["b"]
    registrations.register_work(ids["Work 1"], "GHAMRO", "pending", None, "test")
    assert check(a) is True  # R1
    assert check(b) is True
    splits.put_split(ids["R1"], "master", dt.date(2025, 1, 1),
                     [{"participantId": b, "share": Decimal("100"), "role": "label"}], "test")
    assert check(a) is False  # R1 is no longer its master
    registrations.register_recording(ids["R2"], "pending", None, "test")
    registrations.register_recording(ids["R3"], "pending", None, "test")
    assert check(b) is True  # R1 now is its master


def test_the_window_is_the_ownership_dates_around_the_day(ids):
    a = ids["a"]
    check(a)
    records = read(lambda tx: run(tx, "registrations/gap_window", participantId=a, asOf=DAY))
    assert records == [{"validFrom": dt.date(2020, 1, 1), "validUntil": dt.date(2025, 7, 1)}]
