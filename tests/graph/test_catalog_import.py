"""Catalog import (``rightsgraph-catalog/1``) into the real graph: counts, idempotency,
record-level issues, and masking of payout account numbers."""
from __future__ import annotations

import json

from app.services import payout_methods
from app.services.catalog_import import import_catalog
from tests.graph.helpers import graph_counts, graph_text, participant, participant_ids, recording, write_catalog

UPC = "036000291452"  # GS1's UPC-A example, valid check digit


def full_catalog(path):
    return write_catalog(
        path,
        participants=[participant("ama", name="Ama Owusu", country="GH",
                                  identifiers=[{"scheme": "IPI", "value": "00000000199"}]),
                      participant("efua", "writer", name="Efua Sarpong"),
                      participant("accra", "label", name="Accra Sound Records")],
        works=[{"ref": "w-block", "title": "Block Talk", "iswc": "T0345246801"},
               {"ref": "w-osu", "title": "Osu Nights"}],
        recordings=[recording("r-block", "GH-A0C-24-00001", title="Block Talk", workRef="w-block",
                              performers=[{"participantRef": "ama", "role": "primary"}]),
                    recording("r-osu", "GHA0C2400002", title="Osu Nights", workRef="w-osu",
                              performers=[{"participantRef": "ama"}, {"participantRef": "efua", "role": "featured"}]),
                    recording("r-demo", None, title="Untitled demo")],
        releases=[{"ref": "rel-1", "title": "Osu Nights", "upc": UPC, "releaseDate": "2024-03-01",
                   "tracks": [{"recordingRef": "r-block", "trackNumber": 1}, {"recordingRef": "r-osu", "trackNumber": 2}]}],
        ownership=[{"participantRef": "ama", "assetRef": "r-block", "rightType": "master", "share": "50"},
                   {"participantRef": "accra", "assetRef": "r-block", "rightType": "master", "share": "50"},
                   {"participantRef": "accra", "assetRef": "r-osu", "rightType": "master", "share": "100",
                    "territories": ["WORLD"], "excluded": ["GH"], "validTo": "2024-07-01"},
                   {"participantRef": "efua", "assetRef": "w-block", "rightType": "performance", "share": "100"},
                   {"participantRef": "efua", "assetRef": "w-block", "rightType": "mechanical", "share": "33.3333"}])


EXPECTED_COUNTS = {"participants": {"created": 3, "updated": 0}, "works": {"created": 2, "updated": 0},
                   "recordings": {"created": 3, "updated": 0}, "releases": {"created": 1, "updated": 0},
                   "ownership": {"created": 5}}
EXPECTED_GRAPH = {"Participant": 3, "Account": 3, "Identifier": 1, "Work": 2, "Recording": 3, "Release": 1,
                  "CatalogImport": 1, "AuditEvent": 1,
                  "-HAS_ACCOUNT->": 3, "-IDENTIFIED_BY->": 1, "-RECORDING_OF->": 2, "-PERFORMS_ON->": 3,
                  "-CONTAINS->": 2, "-OWNS->": 5}


def without_sequences(counts: dict[str, int]) -> dict[str, int]:
    """The counts without id sequences and the societies ``db init`` seeds (not the import's)."""
    return {k: v for k, v in counts.items() if k not in ("Sequence", "Society")}


def test_import_creates_the_expected_nodes_and_edges(graph, tmp_path):
    result = import_catalog(full_catalog(tmp_path / "catalog.json"))

    assert (result.new, result.counts, result.issues) == (True, EXPECTED_COUNTS, [])
    assert without_sequences(graph_counts(graph)) == EXPECTED_GRAPH
    ids = participant_ids(graph)
    assert sorted(ids.values()) == ["PART-000001", "PART-000002", "PART-000003"]

    recs, _, _ = graph.execute_query(
        "MATCH (r:Recording) OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work) "
        "RETURN r.title AS title, r.isrc AS isrc, w.iswc AS iswc ORDER BY title")
    assert [tuple(r.values()) for r in recs] == [
        ("Block Talk", "GHA0C2400001", "T-034.524.680-1"), ("Osu Nights", "GHA0C2400002", None),
        ("Untitled demo", None, None)]
    owns, _, _ = graph.execute_query(
        "MATCH (p:Participant)-[o:OWNS]->(a) "
        "RETURN p.externalRef AS who, coalesce(a.title) AS asset, o.rightType AS right, o.share AS share, "
        "o.territories AS territories, o.excluded AS excluded, toString(o.validFrom) AS validFrom, "
        "toString(o.validTo) AS validTo, o.status AS status ORDER BY who, right, asset")
    assert [tuple(r.values()) for r in owns] == [
        ("accra", "Block Talk", "master", 500_000, ["WORLD"], [], "2020-01-01", None, "active"),
        ("accra", "Osu Nights", "master", 1_000_000, ["WORLD"], ["GH"], "2020-01-01", "2024-07-01", "active"),
        ("ama", "Block Talk", "master", 500_000, ["WORLD"], [], "2020-01-01", None, "active"),
        ("efua", "Block Talk", "mechanical", 333_333, ["WORLD"], [], "2020-01-01", None, "active"),
        ("efua", "Block Talk", "performance", 1_000_000, ["WORLD"], [], "2020-01-01", None, "active")]
    wallets, _, _ = graph.execute_query(
        "MATCH (p:Participant)-[:HAS_ACCOUNT]->(a:Account {kind: 'wallet'}) "
        "RETURN p.participantId = a.participantId AS linked, a.currency AS currency, a.balance AS balance")
    assert [tuple(r.values()) for r in wallets] == [(True, "USD", 0)] * 3


def test_the_same_file_twice_is_a_no_op(graph, tmp_path):
    path = full_catalog(tmp_path / "catalog.json")
    first = import_catalog(path)
    before = graph_counts(graph)

    again = import_catalog(path)

    assert (again.import_id, again.new, again.counts, again.issues) == (first.import_id, False, EXPECTED_COUNTS, [])
    assert graph_counts(graph) == before


def test_the_same_records_in_a_new_file_update_and_add_nothing(graph, tmp_path):
    path = full_catalog(tmp_path / "catalog.json")
    import_catalog(path)
    before = graph_counts(graph)
    reformatted = tmp_path / "reformatted.json"
    reformatted.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")

    result = import_catalog(reformatted)

    assert result.new is True
    assert result.counts == {"participants": {"created": 0, "updated": 3}, "works": {"created": 0, "updated": 2},
                             "recordings": {"created": 0, "updated": 3}, "releases": {"created": 0, "updated": 1},
                             "ownership": {"created": 0}}
    after = graph_counts(graph)
    assert after == {**before, "CatalogImport": 2, "AuditEvent": 2}


def test_invalid_records_are_reported_with_their_path_and_skipped(graph, tmp_path):
    path = write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("ama")],
        works=[{"ref": "w1", "title": "Good", "iswc": "T-034.524.680-1"},
               {"ref": "w2", "title": "Bad check digit", "iswc": "T-034.524.680-2"}],
        recordings=[recording("r1", "GHA0C2400001", workRef="w1", performers=[{"participantRef": "ama"}]),
                    recording("r2", "GH-A0C-2X-00001"),
                    recording("r3", "GHA0C2400003", workRef="nowhere"),
                    recording("r4", "GHA0C2400004", performers=[{"participantRef": "ghost"}])],
        ownership=[{"participantRef": "ama", "assetRef": "r1", "rightType": "master", "share": "101"},
                   {"participantRef": "ghost", "assetRef": "r1", "rightType": "master", "share": "50"},
                   {"participantRef": "ama", "assetRef": "r2", "rightType": "master", "share": "50"},
                   {"participantRef": "ama", "assetRef": "w1", "rightType": "performance", "share": "100"},
                   {"participantRef": "ama", "assetRef": "r1", "rightType": "master", "share": "12.34567"}])

    result = import_catalog(path)

    assert sorted((i.field, i.message) for i in result.issues) == [
        ("ownership[0].share", "share must be > 0 and ≤ 100 (percent)"),
        ("ownership[1].participantRef", "unknown participant ref 'ghost'"),
        ("ownership[2].assetRef", "unknown work or recording ref 'r2'"),  # r2 itself was rejected
        ("ownership[4].share", "share has more than 4 decimals"),
        ("recordings[1].isrc", "invalid ISRC: must be CC + 3 alphanumerics + YY + 5 digits (ISO 3901)"),
        ("recordings[2].workRef", "unknown work ref 'nowhere'"),
        ("recordings[3].performers[0].participantRef", "unknown participant ref 'ghost'"),
        ("works[1].iswc", "invalid ISWC: check digit must be 1 (ISO 15707)"),
    ]
    assert result.counts == {"participants": {"created": 1, "updated": 0}, "works": {"created": 1, "updated": 0},
                             "recordings": {"created": 1, "updated": 0}, "releases": {"created": 0, "updated": 0},
                             "ownership": {"created": 1}}
    isrcs, _, _ = graph.execute_query("MATCH (r:Recording) RETURN collect(r.isrc) AS isrcs")
    assert isrcs[0]["isrcs"] == ["GHA0C2400001"]
    owns, _, _ = graph.execute_query("MATCH ()-[o:OWNS]->(w:Work) RETURN w.title AS t, o.rightType AS r, o.share AS s")
    assert [tuple(r.values()) for r in owns] == [("Good", "performance", 1_000_000)]
    # The summary kept on the import node lists the same issues for a later re-import.
    assert import_catalog(path).issues == result.issues


def test_payout_label_with_a_full_account_number_is_stored_masked(graph, tmp_path):
    import_catalog(write_catalog(tmp_path / "catalog.json", participants=[
        participant("ama", payoutMethod={"type": "bank_transfer", "label": "Chase 000123451234"}),
        participant("kojo", payoutMethod={"type": "mobile_money", "label": "MTN 0244123456"}),
        participant("lena", payoutMethod={"type": "paypal", "label": "PayPal ••••1234"})]))

    labels, _, _ = graph.execute_query(
        "MATCH (p:Participant) RETURN p.externalRef AS ref, p.payoutMethodType AS type, p.payoutMethodLabel AS label "
        "ORDER BY ref")
    assert [tuple(r.values()) for r in labels] == [
        ("ama", "bank_transfer", "Chase ••••1234"), ("kojo", "mobile_money", "MTN ••••3456"),
        ("lena", "paypal", "PayPal ••••1234")]
    stored = graph_text(graph)
    assert "000123451234" not in stored and "0244123456" not in stored


def test_a_reimport_leaves_the_payout_method_of_a_participant_with_payout_methods(graph, tmp_path):
    catalog = [participant("ama", payoutMethod={"type": "bank_transfer", "label": "Chase 000123451234"})]
    import_catalog(write_catalog(tmp_path / "c.json", participants=catalog))
    pid = participant_ids(graph)["ama"]
    payout_methods.add_method(pid, {"type": "paypal", "email": "ama@example.com"}, True, "tester")
    moved = [participant("ama", name="Ama O.", payoutMethod={"type": "mobile_money", "label": "MTN 0244123456"})]

    import_catalog(write_catalog(tmp_path / "c2.json", participants=moved))

    rows, _, _ = graph.execute_query("MATCH (p:Participant {participantId: $pid}) "
                                     "RETURN p.name AS name, p.payoutMethodType AS type, p.payoutMethodLabel AS label",
                                     pid=pid)
    assert tuple(rows[0].values()) == ("Ama O.", "paypal", "PayPal a•••@example.com")


def test_a_rejected_participant_does_not_leak_its_account_number_into_the_graph(graph, tmp_path):
    result = import_catalog(write_catalog(tmp_path / "catalog.json", participants=[
        participant("bad", email="not-an-email", payoutMethod={"type": "bank_transfer", "label": "GCB 0012345678"})]))

    assert [i.field for i in result.issues] == ["participants[0].email"]
    assert "0012345678" not in graph_text(graph)


def test_a_ref_shared_by_a_work_and_a_recording_is_not_silently_misresolved(graph, tmp_path):
    result = import_catalog(write_catalog(
        tmp_path / "catalog.json", participants=[participant("ama")],
        works=[{"ref": "block-talk", "title": "Block Talk"}],
        recordings=[recording("block-talk", "GHA0C2400001", title="Block Talk", workRef="block-talk")],
        ownership=[{"participantRef": "ama", "assetRef": "block-talk", "rightType": "master", "share": "100"},
                   {"participantRef": "ama", "assetRef": "block-talk", "rightType": "performance", "share": "100"}]))

    reported = [i.field for i in result.issues if "both a work and a recording" in i.message]
    assert reported == ["ownership[0].assetRef", "ownership[1].assetRef"]
    owns, _, _ = graph.execute_query(
        "MATCH ()-[o:OWNS]->(a) RETURN o.rightType AS right, labels(a)[0] AS asset ORDER BY right")
    assert [tuple(r.values()) for r in owns] == []  # nothing guessed
