"""Linking a target's indicator text to an indicator catalogue id (``data/indicator_map.yaml``).

The rules are data in the map's ``words`` section; this module only applies them:

* marks that never change a meaning (《》“”) are dropped, Latin letters upper-cased (r&d → R&D),
  some spellings rewritten (专利合作条约 → PCT; 全市GDP, 地区生产总值, 国内生产总值（GDP） → GDP),
  per-year wording of a flow dropped (年均申请量, 每年, 年登记量);
* the longest synonym contained in the text wins, provided everything around it is a scope or
  measure word (全市, 国内, 通过, 数量 …), a stock word (总数, 总量, 拥有量, 累计) or a flow word
  (新增). Anything else (a rate or per-capita word such as 每万人口 / 占比 / 率, a sector such as
  农产品 / 服务业, an actor such as 行政认定) means the text names something else: no link;
* a stock word on a flow entry switches to the entry's ``stock`` id (注册商标总数 → tm_valid,
  作品登记总量 → rights_works_stock); 新增 on a stock entry to its ``flow`` id, or to no link when
  it has none (新增有效发明专利 is not the year-end stock); a stock word on a yearly flow without a
  ``stock`` id means no link (商标国际注册总数 is not the year's applications);
* a fractional count (有效发明专利拥有量达到0.76件: a plan that dropped 每万人口) never links to a
  catalogue count: a region holds whole patents;
* an amount links only to an indicator in a money unit (元 → 亿元 is converted by the supervision,
  ``money_factor``), never to a count or a ratio; a number of things (笔, 项, 件) never to an amount.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ipatlas.indicators.catalog import load_catalog
from ipatlas.plans.quantities import COUNT_UNITS, MONEY_UNITS


@dataclass(frozen=True)
class IndicatorEntry:
    id: str | None
    name: str
    synonyms: tuple[str, ...]
    stock: str | None = None  # the stock id a stock word (总数, 总量 …) switches to
    flow: str | None = None  # the flow id 新增 switches to


@dataclass(frozen=True)
class LinkWords:
    drop: tuple[str, ...]
    rewrite: tuple[tuple[str, str], ...]
    rewrite_re: tuple[tuple[re.Pattern[str], str], ...]
    per_year: re.Pattern[str]
    modifier: re.Pattern[str]
    stock: re.Pattern[str]
    flow: re.Pattern[str]
    neutral: re.Pattern[str]


def _map_data() -> dict[str, Any]:
    text = resources.files("ipatlas.plans").joinpath("data/indicator_map.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _alternation(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


@functools.lru_cache(maxsize=1)
def indicator_map() -> tuple[IndicatorEntry, ...]:
    return tuple(
        IndicatorEntry(
            e.get("id"), e["name"], tuple(e.get("synonyms", [e["name"]])), e.get("stock"), e.get("flow")
        )
        for e in _map_data()["indicators"]
    )


@functools.lru_cache(maxsize=1)
def link_words() -> LinkWords:
    w = _map_data()["words"]
    return LinkWords(
        drop=tuple(w["drop"]),
        rewrite=tuple((a, b) for a, b in w["rewrite"].items()),
        rewrite_re=tuple((re.compile(a), b) for a, b in (w.get("rewrite_re") or {}).items()),
        per_year=re.compile(w["per_year"]),
        modifier=_alternation(w["modifier"]),
        stock=_alternation(w["stock"]),
        flow=_alternation(w["flow"]),
        neutral=re.compile(w["neutral"]),
    )


@functools.lru_cache(maxsize=1)
def _catalogue() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """(ids of whole-number counts, ids of yearly flows, units) of the indicator catalogue."""
    inds = load_catalog().indicators.values()
    counts = {i.id for i in inds if i.type == "count" and i.unit in ("件", "个", "笔", "次")}
    flows = {i.id for i in inds if i.flow}
    return frozenset(counts), frozenset(flows), {i.id: i.unit for i in inds}


def normalise(text: str) -> str:
    w = link_words()
    for ch in w.drop:
        text = text.replace(ch, "")
    text = text.upper()  # Latin letters only: r&d, gdp, pct
    for old, new in w.rewrite:
        text = text.replace(old, new)
    for pattern, new in w.rewrite_re:
        text = pattern.sub(new, text)
    return w.per_year.sub("", text)


def _around(rest: str) -> tuple[bool, bool] | None:
    """(stock word, flow word) when the text around a synonym only scopes or measures it, else None."""
    w = link_words()
    if w.modifier.search(rest):
        return None  # 每万人口发明专利授权量 is not 发明专利授权量
    stock, flow = bool(w.stock.search(rest)), bool(w.flow.search(rest))
    rest = w.flow.sub("|", w.stock.sub("|", rest))
    if any(w.neutral.fullmatch(part) is None for part in rest.split("|") if part):
        return None  # 农产品注册商标, 行政认定驰名商标: a part or another thing
    return stock, flow


def _by_id(indicator_id: str) -> IndicatorEntry:
    for entry in indicator_map():
        if entry.id == indicator_id:
            return entry
    raise KeyError(indicator_id)  # test_indicator_map checks every stock/flow id has an entry


def match_indicator(
    text: str, *, value: float | None = None, unit: str | None = None
) -> IndicatorEntry | None:
    """The mapping entry a target's indicator text (and, when given, its value and unit) links to."""
    norm = normalise(text)
    best: tuple[int, IndicatorEntry, tuple[bool, bool]] | None = None
    for entry in indicator_map():
        for syn in entry.synonyms:
            pos = norm.find(syn)
            if pos < 0 or (best is not None and len(syn) <= best[0]):
                continue
            around = _around(norm[:pos] + "|" + norm[pos + len(syn) :])
            if around is not None:
                best = (len(syn), entry, around)
    if best is None:
        return None
    entry, (stock, flow) = best[1], best[2]
    counts, flows, units = _catalogue()
    if stock and entry.stock:
        entry = _by_id(entry.stock)
    elif stock and entry.id in flows:
        return None  # 商标国际注册申请总数: a stock of a yearly flow the catalogue does not hold
    if flow and entry.id is not None and entry.id not in flows:
        if entry.flow is None:
            return None  # 新增有效发明专利: not the year-end stock, and no flow counterpart
        entry = _by_id(entry.flow)
    fractional = value is not None and unit == "件" and not float(value).is_integer()
    if entry.id in counts and fractional:
        return None
    if unit in MONEY_UNITS and entry.id is not None and units.get(entry.id) not in MONEY_UNITS:
        return None  # 2亿元 against a count or a ratio: another figure
    if unit in COUNT_UNITS and units.get(entry.id or "") in MONEY_UNITS:
        return None  # 质押融资100笔 against an amount: the number of deals, not their value
    return entry


def money_factor(unit: str | None, indicator_unit: str | None) -> float | None:
    """What a target value in ``unit`` (元: the parser reads every amount in 元) is multiplied by to be
    in the indicator's money unit (亿元, 万元); None when either is not a money unit."""
    if unit not in MONEY_UNITS or indicator_unit not in MONEY_UNITS:
        return None
    return MONEY_UNITS[unit] / MONEY_UNITS[indicator_unit]
