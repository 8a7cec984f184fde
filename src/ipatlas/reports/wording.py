"""Wording rules as data (``wording.yaml``): the words a report sentence may use for a number.

Every rule returns the word and the numbers that earned it, so a test (or a reader) can check that a
sentence follows from its figures."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipatlas.errors import ConfigError

RULES_FILE = Path(__file__).with_name("wording.yaml")


@functools.cache
def rules(path: Path = RULES_FILE) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in ("concentration", "growth", "comparison", "rta"):
            doc[section]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"措辞规则文件无效：{path}（{exc}）", file=str(path)) from exc
    return doc  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Verdict:
    key: str
    word: str
    value: float


def concentration(top_share: float, k: int, n: int) -> Verdict:
    """Share of the top ``k`` of ``n`` units → 高度集中 / 较为集中 / 相对均衡 (by the ratio to k/n)."""
    r = rules()["concentration"]
    if n <= 0 or k <= 0:
        raise ValueError("k and n must be positive")
    ratio = top_share / (min(k, n) / n)
    key = (
        "highly_concentrated"
        if ratio >= r["highly_concentrated"]
        else "concentrated"
        if ratio >= r["concentrated"]
        else "balanced"
    )
    return Verdict(key, r["words"][key], ratio)


def growth(rate_pct: float) -> Verdict:
    """A growth rate in percent → 较快 / 平稳 / 较慢 / 下降."""
    r = rules()["growth"]
    key = (
        "decline"
        if rate_pct < 0
        else "fast"
        if rate_pct >= r["fast"]
        else "steady"
        if rate_pct >= r["steady"]
        else "slow"
    )
    return Verdict(key, r["words"][key], rate_pct)


def compare(value: float, reference: float) -> Verdict:
    """``value`` against ``reference`` → 高于 / 低于 / 相当 (within the relative tolerance)."""
    r = rules()["comparison"]
    if reference == 0:
        key = "equal" if value == 0 else "higher" if value > 0 else "lower"
        return Verdict(key, r["words"][key], 0.0)
    diff = value / reference - 1
    key = "equal" if abs(diff) <= r["tolerance"] else "higher" if diff > 0 else "lower"
    return Verdict(key, r["words"][key], diff)


def rta(value: float) -> Verdict:
    r = rules()["rta"]
    key = "advantage" if value >= r["advantage"] else "par" if value >= r["weak"] else "weak"
    word = {"advantage": "相对优势", "par": "水平相当", "weak": "相对弱势"}[key]
    return Verdict(key, word, value)


def comparator_is_self(self_share: float) -> bool:
    """True when the region makes up most of its comparator (RTA then tells nothing)."""
    return self_share > float(rules()["rta"]["max_self_share"])


def concentration_sentence(top_share: float, k: int, n: int, unit_word: str = "区县") -> str:
    v = concentration(top_share, k, n)
    even = min(k, n) / n
    if v.key == "balanced":
        return f"分布{v.word}（平均分布时{k}个{unit_word}约占{even * 100:.1f}%）"
    return f"分布{v.word}，为平均分布时份额（{even * 100:.1f}%）的{v.value:.1f}倍"
