"""Splitting an integer amount into parts that add up to it exactly."""

from collections.abc import Mapping


def _check_weights(weights: Mapping[str, int]) -> None:
    if not weights:
        raise ValueError("weights must not be empty")
    for key, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int):
            raise TypeError(f"weight of {key!r} must be an int, not {type(weight).__name__}")
        if weight < 0:
            raise ValueError(f"weight of {key!r} is negative: {weight}")
    if not any(weights.values()):
        raise ValueError("all weights are zero")


def split_largest_remainder(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Divide ``total`` among the keys of ``weights`` in proportion to the weights.

    ``total`` is an int in micro-units (any sign); ``weights`` maps keys (e.g.
    participant ids) to non-negative ints on any scale (shares, basis points,
    percent...). Uses the largest-remainder (Hamilton) method: each key gets
    the floor of its exact quota ``total * weight / sum(weights)``, then the
    units left over go one each to the largest fractional remainders, ties
    broken by key ascending. So the parts sum to ``total`` exactly, each part
    is within one micro-unit of its exact quota, and the result depends only
    on the contents of ``weights``, not on its order.

    A negative ``total`` is split as ``abs(total)`` and every part negated, so
    a reversal mirrors the original split exactly.

    Returns a dict holding every key of ``weights`` (zero where nothing was
    allotted), in ascending key order. Raises ``ValueError`` if ``weights`` is
    empty, has a negative weight, or all weights are zero; ``TypeError`` if
    ``total`` or a weight is not an int.
    """
    if isinstance(total, bool) or not isinstance(total, int):
        raise TypeError(f"total must be an int, not {type(total).__name__}")
    _check_weights(weights)
    if total < 0:
        return {key: -part for key, part in split_largest_remainder(-total, weights).items()}

    weight_sum = sum(weights.values())
    parts: dict[str, int] = {}
    remainders: list[tuple[int, str]] = []
    for key in sorted(weights):
        parts[key], remainder = divmod(total * weights[key], weight_sum)
        remainders.append((remainder, key))
    leftover = total - sum(parts.values())
    # sorted() is stable and keys are already ascending, so equal remainders
    # keep key order: the tie-break is by key without comparing keys again.
    for _, key in sorted(remainders, key=lambda item: -item[0])[:leftover]:
        parts[key] += 1
    return parts
