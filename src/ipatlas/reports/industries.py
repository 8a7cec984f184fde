"""Industries of the reports: the WIPO 35 technology fields (IPC concordance of the indicators module).

Navigation reports select the patents of one field with the same rule as the cube: the field of a
patent is the field of the longest concordance prefix matching its main IPC (first-IPC whole
counting, the default counting method of ``ipatlas.indicators``).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from ipatlas.errors import NotFoundError


@dataclass(frozen=True)
class Industry:
    id: str
    name: str
    name_en: str
    sector: str


@functools.cache
def concordance() -> tuple[tuple[str, str], ...]:
    """(field id, canonical IPC prefix) pairs, e.g. ("3", "H04N 3/")."""
    return tuple((r["field"], r["ipc_prefix"]) for r in _rows())


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files("ipatlas.indicators").joinpath("data/wipo_ipc_technology.csv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return tuple(csv.DictReader(lines))


@functools.cache
def industries() -> dict[str, Industry]:
    out: dict[str, Industry] = {}
    for r in _rows():
        out.setdefault(r["field"], Industry(r["field"], r["field_zh"], r["field_en"], r["sector_zh"]))
    return dict(sorted(out.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 999))


def get_industry(key: str) -> Industry:
    """By field number ("6"), prefixed forms ("W06", "wipo:6", "wipo_6") or Chinese/English name."""
    inds = industries()
    k = key.strip()
    low = k.lower()
    for prefix in ("wipo:", "wipo_", "wipo", "w"):
        if low.startswith(prefix) and low[len(prefix) :].isdigit():
            k = low[len(prefix) :]
            break
    if k.isdigit():
        width = max(len(i) for i in inds)
        k = str(int(k)).zfill(width)
    if k in inds:
        return inds[k]
    for ind in inds.values():
        if key in (ind.name, ind.name_en):
            return ind
    listing = "；".join(f"{i.id} {i.name}" for i in inds.values())
    raise NotFoundError(f"未知的技术领域 {key!r}。可选（WIPO 35个技术领域）：{listing}")
