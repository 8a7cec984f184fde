"""IPC symbols: normalisation, syntax check and concordance patterns.

Canonical form (as in the lake): ``G06F 16/24`` — subclass, one space, main group, slash,
subgroup. Concordance tables write the same codes in many ways: padded main groups as in WIPO's
file (``H04N   3`` = main group H04N 3/), ``G06F16/24``, ``G06F 16/00``, wildcards (``G06F 16/2*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipatlas.errors import InputError

SUBCLASS_RE = re.compile(r"^[A-H][0-9]{2}[A-Z]$")
FULL_RE = re.compile(r"^([A-H][0-9]{2}[A-Z])\s*0*([0-9]{1,4})\s*/\s*([0-9]{2,6})$")
GROUP_RE = re.compile(r"^([A-H][0-9]{2}[A-Z])\s*0*([0-9]{1,4})\s*/?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９／＊　ＡＢＣＤＥＦＧＨ", "0123456789/* ABCDEFGH")


def clean(text: str) -> str:
    return text.translate(_FULLWIDTH).strip().upper()


def normalize(code: str) -> str | None:
    """``G06F16/24`` → ``G06F 16/24``; ``H04N 3`` → ``H04N 3/``; ``H04N`` → ``H04N``; else None."""
    c = clean(code)
    c = re.sub(r"\s+", " ", c)
    if SUBCLASS_RE.match(c):
        return c
    m = FULL_RE.match(c)
    if m:
        return f"{m.group(1)} {int(m.group(2))}/{m.group(3)}"
    m = GROUP_RE.match(c)
    if m:
        return f"{m.group(1)} {int(m.group(2))}/"
    return None


def is_valid_symbol(code: str) -> bool:
    """A complete IPC symbol (subclass + main group + subgroup) in canonical form."""
    return bool(re.match(r"^[A-H][0-9]{2}[A-Z] [1-9][0-9]{0,3}/[0-9]{2,6}$", code))


@dataclass(frozen=True)
class Pattern:
    """One IPC pattern of a concordance row.

    ``prefix`` patterns match every symbol that starts with ``value``; ``exact`` patterns match
    one symbol. ``specificity`` orders matches for longest-prefix tables (WIPO).
    """

    value: str
    exact: bool = False

    def matches(self, ipc: str) -> bool:
        return ipc == self.value if self.exact else ipc.startswith(self.value)

    @property
    def specificity(self) -> float:
        return len(self.value) + (0.5 if self.exact else 0.0)

    def __str__(self) -> str:
        return self.value + ("" if self.exact else "*")


def parse_pattern(
    text: str,
    *,
    exact_mark: bool = False,
    file: str | None = None,
    row: int | None = None,
    field: str | None = None,
) -> Pattern:
    """Parse a concordance IPC pattern.

    - ``H04N`` (subclass) → all of H04N;
    - ``H04N 3/``, ``H04N 3``, ``H04N   3`` and ``H04N 3/00`` → the whole main group 3 (prefix
      ``H04N 3/``), unless ``exact_mark`` (精确) is set, then only the symbol ``H04N 3/00``;
    - ``H04N 3/12`` → exactly that subgroup (the IPC hierarchy below a subgroup is by dots, not
      by digits, so a bare subgroup never silently takes in others);
    - a trailing ``*`` is a wildcard: ``H04N 3/1*`` → every symbol starting with ``H04N 3/1``;
      ``H04N*`` → the subclass.
    """
    raw = clean(text)
    if not raw:
        raise InputError("IPC 分类号模式为空", file=file, row=row, field=field)
    if raw.endswith("*") or raw.endswith("%"):
        stem = raw.rstrip("*%").rstrip()
        stem_c = re.sub(r"\s+", " ", stem)
        m = re.match(r"^([A-H][0-9]{2}[A-Z])(?:\s*0*([0-9]{1,4})(?:\s*/\s*([0-9]{0,6}))?)?$", stem_c)
        if not m or (m.group(3) is not None and "/" not in stem_c):
            raise InputError(f"IPC 分类号模式无效：{text!r}", file=file, row=row, field=field)
        sub, grp, subgrp = m.group(1), m.group(2), m.group(3)
        if grp is None:
            return Pattern(sub)
        if subgrp is None:
            # "H04N 1*": every main group whose number starts with 1 (1, 10–19, 100–199, …)
            return Pattern(f"{sub} {int(grp)}" if "/" not in stem_c else f"{sub} {int(grp)}/")
        return Pattern(f"{sub} {int(grp)}/{subgrp}")
    norm = normalize(raw)
    if norm is None:
        raise InputError(f"IPC 分类号模式无效：{text!r}", file=file, row=row, field=field)
    if SUBCLASS_RE.match(norm):
        return Pattern(norm, exact=False)
    if norm.endswith("/"):
        return Pattern(norm + "00", exact=True) if exact_mark else Pattern(norm)
    if norm.endswith("/00") and not exact_mark:
        return Pattern(norm[:-2])
    return Pattern(norm, exact=True)


def split_list(text: str | None) -> list[str]:
    """Split a cell that lists several items (``;``, ``；``, ``、``, ``,``, ``，``, newlines)."""
    if text is None:
        return []
    parts = re.split(r"[;；、,，\n]+", str(text))
    return [p.strip() for p in parts if p and p.strip()]
