"""Vectorised string building: dictionary look-ups (``take``) and element-wise joins in Arrow.

Names and addresses are functions of hashed entity keys, so the same applicant always gets
the same name and address without keeping a table of entities in memory.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.demo import vocab

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


def mix(x: np.ndarray | int, salt: int = 0) -> np.ndarray:
    """SplitMix64 finaliser: a well-spread 64-bit hash of each key (vectorised)."""
    with np.errstate(over="ignore"):
        z = np.asarray(x, dtype=np.uint64) + np.uint64(salt & 0xFFFFFFFFFFFFFFFF) * _GOLD + _GOLD
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        return np.asarray(z ^ (z >> np.uint64(31)))


def bits(h: np.ndarray, shift: int, n: int) -> np.ndarray:
    """``h >> shift`` modulo ``n`` as int64 indices."""
    return ((h >> np.uint64(shift)) % np.uint64(n)).astype(np.int64)


def unit(h: np.ndarray, shift: int) -> np.ndarray:
    """A uniform number in [0, 1) from 24 bits of ``h``."""
    return ((h >> np.uint64(shift)) & np.uint64(0xFFFFFF)).astype(np.float64) / float(1 << 24)


def lookup(words: Sequence[str] | pa.Array, idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """``words[idx]`` as an Arrow string array; null where ``mask`` is False."""
    arr = words if isinstance(words, pa.Array) else pa.array(list(words), pa.string())
    out = arr.take(pa.array(np.asarray(idx, dtype=np.int64)))
    if mask is not None:
        out = pc.if_else(pa.array(np.asarray(mask, dtype=bool)), out, pa.scalar(None, pa.string()))
    return out


def join(*parts: pa.Array | str, sep: str = "") -> pa.Array:
    """Element-wise concatenation; null parts are skipped, all-null rows give null.

    A constant empty first part works around pyarrow 26 dropping rows whose inputs are all
    null under ``null_handling="skip"``; the separator it adds is sliced off again."""
    raw = pc.binary_join_element_wise("", *parts, sep, null_handling="skip")
    if sep:
        raw = pc.utf8_slice_codeunits(raw, len(sep))
    return pc.if_else(pc.equal(raw, ""), pa.scalar(None, pa.string()), raw)


def where(cond: np.ndarray, a: pa.Array | str, b: pa.Array | str) -> pa.Array:
    av = pa.scalar(a, pa.string()) if isinstance(a, str) else a
    bv = pa.scalar(b, pa.string()) if isinstance(b, str) else b
    return pc.if_else(pa.array(np.asarray(cond, dtype=bool)), av, bv)


def null_strings(n: int) -> pa.Array:
    return pa.nulls(n, pa.string())


def num(values: np.ndarray, width: int = 0) -> pa.Array:
    s = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(s, width, "0") if width else s


class Flat:
    """Several word lists flattened into one array, indexed by (list number, uniform draw)."""

    def __init__(self, lists: Sequence[Sequence[str]]) -> None:
        self.lengths = np.array([len(x) for x in lists], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)
        self.words = pa.array([w for x in lists for w in x], pa.string())

    def index(self, which: np.ndarray, u: np.ndarray) -> np.ndarray:
        which = np.asarray(which, dtype=np.int64)
        return self.offsets[which] + np.minimum(
            (np.asarray(u) * self.lengths[which]).astype(np.int64), self.lengths[which] - 1
        )

    def pick(self, which: np.ndarray, u: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
        return lookup(self.words, self.index(which, u), mask)


_BRAND = pa.array(list(vocab.BRAND_CHARS), pa.string())
_GIVEN = pa.array(list(vocab.GIVEN_CHARS), pa.string())
_SURNAME = pa.array([s for s, _ in vocab.SURNAMES], pa.string())
_SURNAME_CDF = np.cumsum([w for _, w in vocab.SURNAMES]) / sum(w for _, w in vocab.SURNAMES)


def brand(h: np.ndarray, shift: int = 0, three: np.ndarray | None = None) -> pa.Array:
    """Two- or three-character brand from the hash (three where ``three`` is True)."""
    n = len(_BRAND)
    a = lookup(_BRAND, bits(h, shift, n))
    b = lookup(_BRAND, bits(h, shift + 7, n))
    if three is None:
        return join(a, b)
    c = lookup(_BRAND, bits(h, shift + 14, n), three)
    return join(a, b, c)


def person(h: np.ndarray) -> pa.Array:
    """A person's name (surname by real frequency, one- or two-character given name)."""
    s = np.searchsorted(_SURNAME_CDF, unit(h, 0), side="right").clip(0, len(_SURNAME_CDF) - 1)
    g1 = lookup(_GIVEN, bits(h, 24, len(_GIVEN)))
    two = bits(h, 34, 10) >= 3
    g2 = lookup(_GIVEN, bits(h, 38, len(_GIVEN)), two)
    return join(lookup(_SURNAME, s), g1, g2)


def date_strings(first_day: int, last_day: int, fmt: str) -> pa.Array:
    """All dates in [first_day, last_day] formatted with ``fmt`` (index = day - first_day)."""
    days = pa.array(np.arange(first_day, last_day + 1, dtype=np.int32), pa.date32())
    return pc.strftime(pc.cast(days, pa.timestamp("s")), format=fmt)
