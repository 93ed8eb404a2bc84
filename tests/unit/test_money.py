"""Unit and property tests for app.money: conversion, splitting, cumulative rounding."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.money import (
    MICRO,
    CumulativeRounder,
    format_amount,
    from_micro,
    split_largest_remainder,
    to_micro,
)

totals = st.integers(min_value=-(10**15), max_value=10**15)
keys = st.text(alphabet="abcdefghij0123456789", min_size=1, max_size=6)
weights_maps = st.dictionaries(
    keys, st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30
).filter(lambda w: any(w.values()))
exact_amounts = st.decimals(
    min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=10, allow_nan=False
)


# --- units -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "micro"),
    [
        (Decimal("1.5"), 1_500_000),
        ("2387.42", 2_387_420_000),
        (7, 7_000_000),
        (Decimal("0.0000005"), 0),  # half-even: tie goes to the even 0
        (Decimal("0.0000015"), 2),  # half-even: tie goes to the even 2
        (Decimal("0.00000150001"), 2),
        (Decimal("-0.0000025"), -2),
        (Decimal("-0.00000251"), -3),
        (Decimal("1E+3"), 1_000_000_000),
        (Decimal("1E-999999999"), 0),
        (Decimal("123456789012345678901234567890.1234567"), 123456789012345678901234567890123457),
    ],
)
def test_to_micro_examples(amount, micro):
    assert to_micro(amount) == micro


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-inf", "abc", "1,5", ""])
def test_to_micro_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        to_micro(bad)
    if bad in {"NaN", "Infinity", "-inf"}:
        with pytest.raises(ValueError):
            to_micro(Decimal(bad))


@pytest.mark.parametrize("bad", [1.5, True, None, [1]])
def test_to_micro_rejects_floats_and_other_types(bad):
    with pytest.raises(TypeError):
        to_micro(bad)


def test_from_micro_is_exact_with_six_decimals():
    assert str(from_micro(1_234_500)) == "1.234500"
    assert str(from_micro(0)) == "0.000000"
    assert str(from_micro(-5)) == "-0.000005"
    assert str(from_micro(10**40 + 1)) == "10000000000000000000000000000000000.000001"
    with pytest.raises(TypeError):
        from_micro(1.0)


@pytest.mark.parametrize(
    ("micro", "text"),
    [
        (2_387_420_000, "2387.42"),
        (0, "0"),
        (1_000_000_000, "1000"),
        (1, "0.000001"),
        (-1_500_000, "-1.5"),
        (10**30, "1000000000000000000000000"),
    ],
)
def test_format_amount_never_uses_exponent_notation(micro, text):
    assert str(format_amount(micro)) == text


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_micro_round_trips(micro):
    assert to_micro(from_micro(micro)) == micro
    assert to_micro(format_amount(micro)) == micro
    assert "E" not in str(format_amount(micro))


# --- split -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (100, {"a": 1, "b": 1, "c": 1}, {"a": 34, "b": 33, "c": 33}),
        (-100, {"a": 1, "b": 1, "c": 1}, {"a": -34, "b": -33, "c": -33}),
        (0, {"a": 5, "b": 5}, {"a": 0, "b": 0}),
        (10, {"a": 1, "b": 0}, {"a": 10, "b": 0}),
        # quotas 6.3 / 2.8 / 0.9: floors 6+2+0 leave 2 units, for c (.9) then b (.8)
        (10, {"a": 63, "b": 28, "c": 9}, {"a": 6, "b": 3, "c": 1}),
        # quotas 3.5 / 3.5 / 3.0: one unit left, the tie on .5 goes to the smaller key
        (10, {"b": 7, "a": 7, "c": 6}, {"a": 4, "b": 3, "c": 3}),
        # percent split of $1.00 three ways on a 50/25/25 agreement
        (1_000_000, {"x": 50, "y": 25, "z": 25}, {"x": 500_000, "y": 250_000, "z": 250_000}),
    ],
)
def test_split_examples(total, weights, expected):
    assert split_largest_remainder(total, weights) == expected


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        ({}, ValueError),
        ({"a": 1, "b": -1}, ValueError),
        ({"a": 0, "b": 0}, ValueError),
        ({"a": 1.5}, TypeError),
    ],
)
def test_split_rejects_bad_weights(weights, error):
    with pytest.raises(error):
        split_largest_remainder(10, weights)


def test_split_rejects_non_int_total():
    with pytest.raises(TypeError):
        split_largest_remainder(Decimal("1"), {"a": 1})


def test_one_micro_unit_among_100_equal_owners_goes_to_smallest_key():
    owners = {f"owner-{n:03d}": 1 for n in range(100)}
    parts = split_largest_remainder(1, owners)
    assert sorted(parts.values()) == [0] * 99 + [1]
    assert parts["owner-000"] == 1


@given(totals, weights_maps)
def test_parts_sum_to_the_whole_and_cover_every_key(total, weights):
    parts = split_largest_remainder(total, weights)
    assert sum(parts.values()) == total
    assert parts.keys() == weights.keys()


@given(totals, weights_maps)
def test_each_part_within_one_unit_of_its_exact_quota(total, weights):
    weight_sum = sum(weights.values())
    for key, part in split_largest_remainder(total, weights).items():
        assert abs(part - Fraction(total * weights[key], weight_sum)) < 1


@given(totals, weights_maps, st.randoms(use_true_random=False))
def test_split_is_stable_under_reordering(total, weights, rng):
    items = list(weights.items())
    rng.shuffle(items)
    first = split_largest_remainder(total, weights)
    assert split_largest_remainder(total, dict(items)) == first
    assert list(split_largest_remainder(total, dict(items))) == sorted(weights)
    assert split_largest_remainder(total, weights) == first


@given(totals, weights_maps)
def test_negative_totals_mirror_positive_ones(total, weights):
    positive = split_largest_remainder(abs(total), weights)
    negative = split_largest_remainder(-abs(total), weights)
    assert negative == {key: -part for key, part in positive.items()}


# --- cumulative rounding ---------------------------------------------------


def test_cumulative_rounder_carries_sub_micro_amounts():
    rounder = CumulativeRounder()
    # Each 0.0000004 rounds to 0 alone; together they reach 2 micro-units.
    steps = [rounder.add(Decimal("0.0000004")) for _ in range(5)]
    assert steps == [0, 1, 0, 1, 0]
    assert rounder.exact_total == Decimal("0.0000020")
    assert rounder.micro_total == 2


def test_cumulative_rounder_rejects_floats_and_non_finite():
    rounder = CumulativeRounder()
    with pytest.raises(TypeError):
        rounder.add(0.1)
    with pytest.raises(ValueError):
        rounder.add(Decimal("NaN"))
    assert rounder.micro_total == 0


@given(st.lists(exact_amounts, max_size=200))
def test_cumulative_rounder_is_exact_in_total_and_close_per_line(amounts):
    rounder = CumulativeRounder()
    emitted = []
    for amount in amounts:
        step = rounder.add(amount)
        assert abs(Fraction(step) - Fraction(amount) * MICRO) <= 1
        emitted.append(step)
    exact = sum(amounts, Decimal(0))
    assert rounder.exact_total == exact
    assert sum(emitted) == rounder.micro_total == to_micro(exact)


def test_cumulative_rounder_beats_per_line_rounding():
    amounts = [Decimal("0.00000051")] * 1000
    rounder = CumulativeRounder()
    assert sum(rounder.add(a) for a in amounts) == 510
    assert sum(to_micro(a) for a in amounts) == 1000  # naive rounding drifts


@given(st.lists(exact_amounts, max_size=60), st.lists(exact_amounts, max_size=60))
def test_a_rounder_resumed_at_an_exact_total_continues_as_one_rounder(first, later):
    """Lines posted later (a rate added after upload) continue the statement's rounding: the
    same micro-units per line as if they had been rounded with the first ones."""
    whole = CumulativeRounder()
    expected = [whole.add(amount) for amount in first + later][len(first):]
    before = CumulativeRounder()
    for amount in first:
        before.add(amount)
    resumed = CumulativeRounder(before.exact_total)
    assert resumed.micro_total == before.micro_total
    assert [resumed.add(amount) for amount in later] == expected
    assert (resumed.exact_total, resumed.micro_total) == (whole.exact_total, whole.micro_total)
