"""Unit tests for app.services.demo_data: determinism, valid identifiers, exact splits, and a
DistroKid statement shaped like the real export."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from app.services.demo_data import (
    CATALOG_FORMAT,
    DISTROKID_COLUMNS,
    SALE_DATE,
    generate_catalog,
    generate_distrokid_statement,
    write_catalog,
    write_distrokid_statement,
)
from importers.identifiers import (
    is_valid_ipi_name_number,
    is_valid_isni,
    is_valid_isrc,
    is_valid_iswc,
    is_valid_upc,
)

REAL_DISTROKID = (Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"
                  / "statements" / "DistroKid_Test.tsv")
HUNDRED = Decimal(100)
EARNINGS = re.compile(r"\d+\.\d{8}")


@pytest.fixture(scope="module")
def demo() -> dict:
    return generate_catalog()


@pytest.fixture(scope="module")
def big() -> dict:
    # The benchmark's size; generated once for the whole module.
    return generate_catalog(10_000)


def covers(edge: dict, country: str) -> bool:
    """DESIGN.md territory rule, with every country PART_OF WORLD and of nothing else."""
    included = "WORLD" in edge["territories"] or country in edge["territories"]
    return included and country not in edge["excluded"]


def active(edge: dict, day: str) -> bool:
    """validFrom inclusive, validTo exclusive (ISO dates compare as strings)."""
    return edge["validFrom"] <= day and (edge["validTo"] is None or day < edge["validTo"])


def share_totals(catalog: dict) -> dict[tuple[str, str, str, str], Decimal]:
    """Sum of shares per (asset, rightType, country, instant), at every instant where an
    edge of that asset starts or ends, for every country named in an edge plus US."""
    by_asset: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for edge in catalog["ownership"]:
        by_asset[(edge["assetRef"], edge["rightType"])].append(edge)
    totals = {}
    for (asset, right_type), edges in by_asset.items():
        named = {c for e in edges for c in e["territories"] + e["excluded"]}
        countries = (named | {"US"}) - {"WORLD"}
        instants = {e["validFrom"] for e in edges} | {e["validTo"] for e in edges if e["validTo"]}
        for country in countries:
            for day in instants:
                live = [e for e in edges if covers(e, country) and active(e, day)]
                if live:
                    totals[(asset, right_type, country, day)] = sum(
                        (Decimal(e["share"]) for e in live), Decimal(0))
    return totals


# --- catalogue -------------------------------------------------------------------------------

def test_same_seed_same_catalog_and_other_seed_differs(demo: dict) -> None:
    assert generate_catalog() == demo
    assert json.dumps(generate_catalog(40, seed=3)) == json.dumps(generate_catalog(40, seed=3))
    assert generate_catalog(seed=8) != demo


def test_demo_shape(demo: dict) -> None:
    assert demo["format"] == CATALOG_FORMAT
    assert set(demo) == {"format", "participants", "works", "recordings", "releases", "ownership"}
    assert len(demo["recordings"]) == 12
    kinds = [p["kinds"][0] for p in demo["participants"]]
    assert 2 <= kinds.count("artist") <= 3
    assert {"producer", "label", "publisher", "writer"} <= set(kinds)
    assert len(demo["participants"]) <= 8
    assert {p["country"] for p in demo["participants"]} >= {"GH", "NG", "DE", "GB"}
    assert demo["participants"][0]["country"] == "GH"
    for p in demo["participants"]:
        assert p["payoutMethod"]["type"] in {"bank_transfer", "paypal", "mobile_money"}
        assert not re.search(r"\d{5,}", p["payoutMethod"]["label"])


def test_references_resolve(big: dict) -> None:
    participants = {p["ref"] for p in big["participants"]}
    works = {w["ref"] for w in big["works"]}
    recordings = {r["ref"] for r in big["recordings"]}
    for r in big["recordings"]:
        assert r["workRef"] is None or r["workRef"] in works
        assert r["performers"] and all(p["participantRef"] in participants for p in r["performers"])
        assert {p["role"] for p in r["performers"]} <= {"primary", "featured", "non_featured"}
    on_release = [t["recordingRef"] for rel in big["releases"] for t in rel["tracks"]]
    assert sorted(on_release) == sorted(recordings)
    for edge in big["ownership"]:
        assert edge["participantRef"] in participants
        if edge["assetRef"] in works:
            assert edge["rightType"] in {"performance", "mechanical"}
        else:
            assert edge["assetRef"] in recordings and edge["rightType"] == "master"


@pytest.mark.parametrize("size", ["demo", "big"])
def test_identifiers_are_valid_and_unique(size: str, request: pytest.FixtureRequest) -> None:
    catalog = request.getfixturevalue(size)
    isrcs = [r["isrc"] for r in catalog["recordings"]]
    iswcs = [w["iswc"] for w in catalog["works"]]
    upcs = [rel["upc"] for rel in catalog["releases"]]
    assert all(map(is_valid_isrc, isrcs)) and len(set(isrcs)) == len(isrcs)
    assert all(map(is_valid_iswc, iswcs)) and len(set(iswcs)) == len(iswcs)
    assert all(len(u) == 12 and is_valid_upc(u) for u in upcs) and len(set(upcs)) == len(upcs)
    ids = [i for p in catalog["participants"] for i in p["identifiers"]]
    assert all(is_valid_ipi_name_number(i["value"]) for i in ids if i["scheme"] == "IPI")
    assert all(is_valid_isni(i["value"]) for i in ids if i["scheme"] == "ISNI")
    assert len({(i["scheme"], i["value"]) for i in ids}) == len(ids)


@pytest.mark.parametrize("size", ["demo", "big"])
def test_shares_sum_to_exactly_100(size: str, request: pytest.FixtureRequest) -> None:
    catalog = request.getfixturevalue(size)
    for edge in catalog["ownership"]:
        share = Decimal(edge["share"])
        assert 0 < share <= HUNDRED and share == share.quantize(Decimal("0.0001"))
    totals = share_totals(catalog)
    assert totals
    wrong = {key: total for key, total in totals.items() if total != HUNDRED}
    assert not wrong, list(wrong.items())[:5]


def test_publisher_performance_share_at_most_half(big: dict) -> None:
    kinds = {p["ref"]: p["kinds"] for p in big["participants"]}
    publisher_shares = [
        Decimal(e["share"]) for e in big["ownership"]
        if e["rightType"] == "performance" and "publisher" in kinds[e["participantRef"]]]
    assert publisher_shares and max(publisher_shares) <= 50


def test_story_catalogue_sale(demo: dict) -> None:
    master = [e for e in demo["ownership"] if e["assetRef"] == "r-1" and e["rightType"] == "master"]
    assert [(e["participantRef"], e["share"], e["validFrom"], e["validTo"]) for e in master] == [
        ("p-label-1", "100", "2020-01-01", SALE_DATE),
        ("p-label-2", "100", SALE_DATE, None),
    ]


def test_story_territory_exclusion(demo: dict) -> None:
    master = [e for e in demo["ownership"] if e["assetRef"] == "r-5"]
    excluding_gh = [e for e in master if e["excluded"] == ["GH"]]
    only_gh = [e for e in master if e["territories"] == ["GH"]]
    assert {e["participantRef"] for e in excluding_gh} == {"p-artist-2", "p-label-2"}
    assert {e["participantRef"] for e in only_gh} == {"p-artist-2", "p-label-1"}


def test_story_fractional_splits_and_missing_work(demo: dict) -> None:
    r7 = [e["share"] for e in demo["ownership"] if e["assetRef"] == "r-7"]
    assert r7 == ["33.3333", "33.3333", "33.3334"]
    assert [r["ref"] for r in demo["recordings"] if r["workRef"] is None] == ["r-11"]
    acoustic = [r for r in demo["recordings"] if r["version"] == "Acoustic"]
    assert acoustic and acoustic[0]["workRef"] == "w-1"


def test_small_catalogues_keep_a_consistent_prefix_of_the_story() -> None:
    for n in (1, 5, 11):
        catalog = generate_catalog(n)
        assert len(catalog["recordings"]) == n
        assert all(total == HUNDRED for total in share_totals(catalog).values())


def test_big_catalogue_scales_participants(big: dict) -> None:
    assert len(big["recordings"]) == 10_000
    assert 900 <= len(big["participants"]) <= 1_100
    assert any(r["workRef"] is None for r in big["recordings"][12:])


def test_out_of_range_size_is_rejected() -> None:
    with pytest.raises(ValueError):
        generate_catalog(0)
    with pytest.raises(ValueError):
        generate_catalog(100_000)


def test_catalog_parses_with_the_catalog_importer(demo: dict, tmp_path: Path) -> None:
    parse_catalog = pytest.importorskip("importers.catalog").parse_catalog
    path = tmp_path / "demo.json"
    write_catalog(path, demo)
    assert json.loads(path.read_text(encoding="utf-8")) == demo
    assert "Babatúndé" in path.read_text(encoding="utf-8")      # UTF-8, not \\u escapes
    parsed = parse_catalog(path)
    assert parsed.issues == []
    assert len(parsed.ownership) == len(demo["ownership"])


# --- statement -------------------------------------------------------------------------------

def test_header_matches_real_distrokid_export() -> None:
    if not REAL_DISTROKID.exists():
        pytest.skip("shared real fixtures not present")
    real_header = REAL_DISTROKID.read_bytes().split(b"\r\n", 1)[0].decode("utf-8")
    generated = next(generate_distrokid_statement(generate_catalog(), 0))
    assert generated == real_header + "\r\n"
    assert tuple(real_header.split("\t")) == DISTROKID_COLUMNS


def test_statement_lines(demo: dict) -> None:
    lines = list(generate_distrokid_statement(demo, 2_000))
    assert len(lines) == 2_001
    assert all(line.endswith("\r\n") and "\n" not in line[:-2] for line in lines)
    rows = [line[:-2].split("\t") for line in lines[1:]]
    assert all(len(row) == len(DISTROKID_COLUMNS) for row in rows)
    columns = {name: [row[i] for row in rows] for i, name in enumerate(DISTROKID_COLUMNS)}
    assert set(columns["Store"]) == {"Spotify", "Apple Music", "YouTube (Ads)",
                                     "Amazon Unlimited", "Deezer", "Tidal", "TikTok"}
    assert set(columns["Country of Sale"]) == {"US", "GB", "GH", "NG", "DE", "OU"}
    assert set(columns["Sale Month"]) == {"2024-05", "2024-06", "2024-07", "2024-08"}
    assert all(EARNINGS.fullmatch(e) and Decimal(e) > 0 for e in columns["Earnings (USD)"])
    assert all(map(is_valid_isrc, columns["ISRC"]))
    assert all(map(is_valid_upc, columns["UPC"]))
    assert all(d[:7] > m for d, m in zip(columns["Reporting Date"], columns["Sale Month"]))


def test_sold_catalogue_earns_before_and_after_the_sale(demo: dict) -> None:
    sold = {r["isrc"] for r in demo["recordings"][:4]}
    months = {line.split("\t")[1] for line in generate_distrokid_statement(demo, 500)
              if line.split("\t")[5] in sold}
    assert any(m < SALE_DATE[:7] for m in months) and any(m >= SALE_DATE[:7] for m in months)


def test_statement_is_deterministic(demo: dict) -> None:
    first = list(generate_distrokid_statement(demo, 300, seed=11))
    assert first == list(generate_distrokid_statement(demo, 300, seed=11))
    assert first != list(generate_distrokid_statement(demo, 300, seed=12))


@pytest.mark.parametrize("ratio", [0.0, 0.02, 0.25])
def test_unmatched_ratio_is_approximately_respected(demo: dict, ratio: float) -> None:
    known = {r["isrc"] for r in demo["recordings"]}
    isrcs = [line.split("\t")[5] for line in generate_distrokid_statement(
        demo, 20_000, unmatched_ratio=ratio)][1:]
    unmatched = [i for i in isrcs if i not in known]
    assert all(map(is_valid_isrc, unmatched))
    expected = 20_000 * ratio
    assert abs(len(unmatched) - expected) <= max(5, expected * 0.15)


def test_bad_statement_arguments_are_rejected(demo: dict) -> None:
    with pytest.raises(ValueError):
        generate_distrokid_statement(demo, -1)
    with pytest.raises(ValueError):
        generate_distrokid_statement(demo, 10, unmatched_ratio=1.5)
    with pytest.raises(ValueError):
        generate_distrokid_statement(demo, 10, months=("2024-13",))


def test_write_distrokid_statement_keeps_crlf(demo: dict, tmp_path: Path) -> None:
    path = tmp_path / "DistroKid_demo.tsv"
    write_distrokid_statement(path, demo, 50, seed=5)
    data = path.read_bytes()
    assert data.count(b"\r\n") == 51 and data.count(b"\n") == 51
    assert data.decode("utf-8") == "".join(generate_distrokid_statement(demo, 50, seed=5))


def test_big_statement_streams(big: dict) -> None:
    # The benchmark's statement: 100 000 lines plus the header, consumed as a stream.
    assert sum(1 for _ in generate_distrokid_statement(big, 100_000)) == 100_001
