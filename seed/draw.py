"""Exact-count random helpers.

The 2021 figures must equal the report's, so the generator never "hopes" a random
process lands on a number: it decides how many items get a property (an exact count),
then uses randomness only to choose *which* items get it.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder); they sum to `total`."""
    wsum = float(sum(weights))
    if total == 0 or wsum <= 0:
        return [0] * len(weights)
    quotas = [total * w / wsum for w in weights]
    counts = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (quotas[i] - counts[i], -i), reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def pick(rng: random.Random, items: Sequence[T], n: int, weight: Callable[[T], float] | None = None) -> list[T]:
    """Exactly `n` distinct items, chosen with probability rising with `weight` (Efraimidis–Spirakis:
    the n largest keys log(u)/w). numpy draws the keys, seeded from `rng`, so it stays deterministic.

    Raises ValueError when fewer than `n` items can be chosen, so a calibration that cannot
    be met fails loudly instead of silently missing the report's figure.
    """
    if n <= 0:
        return []
    items = list(items)
    weights = np.ones(len(items)) if weight is None else np.fromiter((weight(i) for i in items), float, len(items))
    if n > int(np.count_nonzero(weights > 0)):
        raise ValueError(f"cần chọn {n} nhưng chỉ có {int(np.count_nonzero(weights > 0))}")
    gen = np.random.default_rng(rng.getrandbits(64))
    with np.errstate(divide="ignore"):
        keys = np.where(weights > 0, np.log1p(-gen.random(len(items))) / weights, -np.inf)
    chosen = np.argpartition(-keys, n - 1)[:n]
    return [items[i] for i in sorted(chosen.tolist())]


def split_total(rng: random.Random, total: int, parts: int, minimum: int = 1) -> list[int]:
    """`parts` random integers, each >= `minimum`, summing exactly to `total`."""
    spare = total - parts * minimum
    if parts <= 0 or spare < 0:
        raise ValueError(f"không chia được {total} thành {parts} phần >= {minimum}")
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    edges = [0, *cuts, spare]
    return [minimum + edges[i + 1] - edges[i] for i in range(parts)]


def scaled(value: float, scale: float) -> int:
    """A volume multiplied by --scale (at least 0); exact at scale 1."""
    return max(0, round(value * scale))
