"""Sharing a whole number out by weights, exactly (the largest-remainder method)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TypeVar

Item = TypeVar("Item")


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights``: whole numbers that add up to ``total``
    exactly, each within one of its exact share; ties go to the earlier weight."""
    if total < 0:
        raise ValueError("the total must not be negative")
    if not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError("the weights must be non-negative and not all zero")
    exact = [Fraction(w) * total / Fraction(sum(Fraction(w) for w in weights)) for w in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def spread(items: Sequence[Item], weights: Sequence[float], slots: int) -> list[Item]:
    """``slots`` items, each of ``items`` repeated as often as its share by ``weights``: a
    weighted choice becomes picking one slot at random."""
    counts = apportion(slots, weights)
    return [item for item, count in zip(items, counts, strict=True) for _ in range(count)]
