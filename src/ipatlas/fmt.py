"""Number and text formatting (report prose and tables, screens, CLI tables) and the compound
annual growth rate, each defined once for every package.

Conventions follow Chinese statistical bulletins: counts without thousands separators below
10万 ("94975件"), larger counts in 万 ("12.35万件"); rates with one decimal ("10.8%");
changes of shares in 百分点; null shown as "—" in tables and explained in prose.
"""

from __future__ import annotations

import math
from typing import Any

CN_DIGITS = "零一二三四五六七八九"
CHAPTER_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
NULL_CELL = "—"


def is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def cn_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (for chapter and item numbers up to 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


def decimals_for(unit: str | None, value: float | None = None) -> int:
    """Default decimals: counts are integers, ratios two decimals."""
    if unit in {"件", "个", "项", "家", "人", "户", "件/年"}:
        return 0 if value is None or float(value).is_integer() else 2
    if unit == "%":
        return 1
    return 2


def num(value: Any, decimals: int | None = None, unit: str | None = None) -> str:
    """A plain number as written in a table cell (no unit)."""
    if not is_num(value):
        return NULL_CELL
    d = decimals_for(unit, value) if decimals is None else decimals
    if d == 0:
        return f"{round(value):d}"
    return f"{value:.{d}f}"


def qty(value: Any, unit: str | None = None, decimals: int | None = None) -> str:
    """A quantity in prose: "12.35件", "9.50万件", "10.8%"."""
    if not is_num(value):
        return "暂无数据"
    unit = unit or ""
    if unit in {"件", "个", "项", "家", "户", "人"} and abs(value) >= 100_000:
        return f"{value / 10_000:.2f}万{unit}"
    if unit == "%":
        return f"{num(value, 1 if decimals is None else decimals)}%"
    if unit == "元" and abs(value) >= 1e8:
        return f"{value / 1e8:.2f}亿元"
    return f"{num(value, decimals, unit)}{unit}"


def pct(ratio: Any, decimals: int = 1) -> str:
    """A ratio (0.108) as a percentage ("10.8%")."""
    if not is_num(ratio):
        return "暂无数据"
    return f"{ratio * 100:.{decimals}f}%"


def change_phrase(current: Any, previous: Any, unit: str | None = None, decimals: int | None = None) -> str:
    """ "较上年增加1.20件，增长10.8%" / "较上年减少…，下降…" / "与上年持平"."""
    if not (is_num(current) and is_num(previous)):
        return "上年数据暂缺，无法比较"
    delta = current - previous
    d = decimals_for(unit, delta) if decimals is None else decimals
    if round(delta, d) == 0:
        return "与上年持平"
    verb, rate_verb = ("增加", "增长") if delta > 0 else ("减少", "下降")
    text = f"较上年{verb}{qty(abs(delta), unit, d)}"
    if previous:
        text += f"，{rate_verb}{abs(delta) / abs(previous) * 100:.1f}%"
    return text


def rank_phrase(rank: int | None, total: int | None, scope: str) -> str:
    """ "在重庆市38个区县中居第3位" / "居首位" / "居末位"."""
    if rank is None or not total:
        return ""
    if rank == 1:
        pos = "居首位"
    elif rank == total:
        pos = "居末位"
    else:
        pos = f"居第{rank}位"
    return f"在{scope}{total}个区县中{pos}"


def join_cn(items: list[str], conj: str = "和") -> str:
    """["A","B","C"] → "A、B和C"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + conj + items[-1]


# ---- screens and CLI tables ------------------------------------------------------------------
def grouped(value: Any, decimals: int = 2) -> str:
    """A number with thousands separators for screens and CLI tables: integers without decimals
    ("12,345"), others with ``decimals``; "—" for no value."""
    if not is_num(value):
        return NULL_CELL if value is None else str(value)
    v = float(value)
    if abs(v - round(v)) < 1e-9 and abs(v) < 1e15:
        return f"{round(v):,}"
    return f"{v:,.{decimals}f}"


# ---- growth --------------------------------------------------------------------------------
CAGR_MIN_BASE = 5.0  # below this base a growth rate says more about noise than about growth


def cagr(first: Any, last: Any, years: int, *, min_base: float = CAGR_MIN_BASE) -> float | None:
    """Compound annual growth rate (ratio, 0.1 = 10 %) from ``first`` to ``last`` over ``years``.

    None when either value is missing, ``years`` ≤ 0, the base is below ``min_base`` (one rule for
    the counts of every page and report; ratios such as per-10k-population figures pass 0) or a
    value is not positive."""
    if not (is_num(first) and is_num(last)) or years <= 0:
        return None
    a, b = float(first), float(last)
    if a < min_base or a <= 0 or b <= 0:
        return None
    return float((b / a) ** (1 / years) - 1)
