"""Region search by name, pinyin or initials (the region picker): 渝北, "yubei", "ybq" and "500112" all
find 渝北区. Pinyin comes from the compact table ``data/pinyin.csv.gz`` (``scripts/build_pinyin_table.py``,
from pypinyin); nothing is computed at run time."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ipatlas.regions._data import read_table
from ipatlas.regions.registry import LEVEL_LABELS, LEVELS, get_registry


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    name: str
    full: str  # "yubeiqu"
    initials: str  # "ybq"
    short_full: str  # without the generic suffix: "yubei"
    short_initials: str  # "yb"


_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "新区", "省", "市", "区", "县", "旗", "盟", "州")


@functools.cache
def _entries() -> tuple[_Entry, ...]:
    out = []
    for r in read_table("pinyin"):
        syl = r["pinyin"].split()
        short = r["name"]
        for suf in _SUFFIXES:
            if short.endswith(suf) and len(short) > len(suf) + 1:
                short = short[: -len(suf)]
                break
        out.append(
            _Entry(
                code=r["code"],
                name=r["name"],
                full="".join(syl),
                initials="".join(s[0] for s in syl if s),
                short_full="".join(syl[: len(short)]),
                short_initials="".join(s[0] for s in syl[: len(short)] if s),
            )
        )
    return tuple(out)


def _score(e: _Entry, q: str) -> int | None:
    if q.isdigit():
        return 0 if e.code == q else (3 if e.code.startswith(q) else None)
    if e.name == q:
        return 0
    if e.name.startswith(q):
        return 1
    ql = q.lower().replace(" ", "")
    if ql.isascii():
        if e.short_full == ql or e.full == ql:
            return 1
        if e.initials == ql or e.short_initials == ql:
            return 2
        if e.initials.startswith(ql) or e.full.startswith(ql):
            return 3
        return None
    return 4 if q in e.name else None


def search(q: str, *, under: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Regions matching ``q`` (name, name part, full pinyin, pinyin prefix, initials or code), best first;
    ``under`` (a province or city code) ranks its own units first. Each hit: code, name, level,
    level_label, parent_name (for telling 永川 from 永川 apart), label."""
    q = (q or "").strip()
    if not q:
        return []
    reg = get_registry()
    hits = []
    for e in _entries():
        s = _score(e, q)
        if s is None or e.code not in reg:
            continue
        region = reg.get(e.code)
        inside = bool(under) and (region.code == under or reg.is_under(region.code, str(under)))
        level = LEVELS.index(region.level) if region.level in LEVELS else 3
        hits.append((s, 0 if inside else 1, level, len(e.name), e.code, region))
    hits.sort(key=lambda h: h[:5])
    out = []
    for *_, region in hits[:limit]:
        parent = reg.get(region.parent).name if region.parent and region.parent in reg else ""
        out.append(
            {
                "code": region.code,
                "name": region.name,
                "level": region.level,
                "level_label": LEVEL_LABELS.get(region.level, region.level),
                "parent_name": parent,
                "label": f"{region.name}（{parent}）" if parent else region.name,
            }
        )
    return out
