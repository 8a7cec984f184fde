"""Numbers and quantities as Chinese plans write them.

Handles Arabic digits (half- and full-width, thousands separators, decimals), Chinese numerals
(一百二十, 两千, 〇/零, 廿), magnitude suffixes (万, 亿, 千, 百, 万亿), percentages
(20%, 百分之二十), multiples (一倍, 3.1倍, 翻一番, 翻两番) and the measure word that follows
(件, 项, 家, 亿元 …). Values are computed with :class:`decimal.Decimal` so that
"8.5万" is exactly 85000 and "0.45" stays 0.45.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ipatlas.errors import InputError

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
# Small units inside a section (below 万).
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Section units: 万 and 亿 multiply everything before them.
CN_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS) + "廿"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# An Arabic number optionally followed by magnitude characters (8.5万, 1.2亿, 3千, 2.5万亿).
ARABIC_WITH_MAGNITUDE = rf"{ARABIC}(?:[十百千万亿]{{1,2}})?"
CN_NUMBER = rf"[{CN_NUMERAL_CHARS}]+"
NUMBER_RE = re.compile(rf"(?:{ARABIC_WITH_MAGNITUDE}|{CN_NUMBER})")

# Measure words and monetary units, longest first so that 亿元 wins over 元.
MONEY_UNITS: dict[str, int] = {"万亿元": 10**12, "亿元": 10**8, "千万元": 10**7, "万元": 10**4, "元": 1}
COUNT_UNITS = (
    "件次",
    "人次",
    "人年",
    "件",
    "项",
    "个",
    "家",
    "所",
    "座",
    "名",
    "人",
    "户",
    "类",
    "次",
    "批",
    "条",
    "部",
    "篇",
    "场",
    "期",
    "款",
    "种",
    "枚",
    "处",
)
# Measure words that follow a Chinese numeral in wording rather than in figures (一批, 一些).
VAGUE_UNITS = frozenset({"批", "种", "类", "次", "个", "条", "处", "部", "场", "期"})
UNIT_RE = re.compile(
    "(" + "|".join(sorted([*MONEY_UNITS, *COUNT_UNITS, "%", "倍", "个百分点"], key=len, reverse=True)) + ")"
)


class NumberParseError(InputError):
    """A string that should be a number is not one."""


def _to_decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regexes
        raise NumberParseError(f"不是数字：{text!r}") from exc


def parse_cn_integer(text: str) -> int:
    """Parse a Chinese-numeral integer: 一百二十 → 120, 两千零五 → 2005, 十三 → 13, 一二 → 12.

    Digit strings without unit characters (二〇一八) read digit by digit, as years are written.
    """
    text = text.strip().replace("廿", "二十")
    if not text:
        raise NumberParseError("空的中文数字")
    if any(ch not in CN_DIGITS and ch not in CN_SMALL_UNITS and ch not in CN_BIG_UNITS for ch in text):
        raise NumberParseError(f"不是中文数字：{text!r}")
    if not text.startswith("十") and not any(ch in CN_DIGITS for ch in text):
        raise NumberParseError(f"不是中文数字：{text!r}")  # 万, 百 alone are words, not numbers
    if all(ch in CN_DIGITS for ch in text):
        # Positional form: 二〇一八 → 2018, 三 → 3.
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total = 0  # completed 亿 sections
    section = 0  # completed 万 sections within the current 亿
    current = 0  # value below 万
    digit: int | None = None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            current += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            current += digit or 0
            digit = None
            if CN_BIG_UNITS[ch] == 10**8:
                total = (total + section + current) * 10**8
                section = 0
            else:
                section = (section + current) * 10**4
            current = 0
    current += digit or 0
    return total + section + current


def parse_number(text: str) -> Decimal:
    """Parse one number as written in a plan: "8.5万" → 85000, "１２３" → 123, "一倍" → 1.

    Raises :class:`NumberParseError` for anything else.
    """
    s = text.strip().translate(FULLWIDTH_DIGITS)
    if not s:
        raise NumberParseError("空的数字")
    m = re.fullmatch(rf"({ARABIC})([十百千万亿]*)", s)
    if m:
        value = _to_decimal(m.group(1))
        for ch in m.group(2):
            value *= {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}[ch]
        return value
    if re.fullmatch(CN_NUMBER, s):
        # Chinese numerals may carry a decimal only via 点: 三点五 → 3.5
        return Decimal(parse_cn_integer(s))
    m = re.fullmatch(rf"({CN_NUMBER})点([{''.join(CN_DIGITS)}]+)([万亿]?)", s)
    if m:
        frac = "".join(str(CN_DIGITS[c]) for c in m.group(2))
        value = Decimal(f"{parse_cn_integer(m.group(1))}.{frac}")
        if m.group(3):
            value *= CN_BIG_UNITS[m.group(3)]
        return value
    raise NumberParseError(f"不是数字：{text!r}")


def as_number(value: Decimal) -> int | float:
    """A JSON-friendly number: int when integral, else float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: ``value`` in base units (元, 件, %), ``unit`` the base unit."""

    value: Decimal
    unit: str | None
    text: str

    @property
    def number(self) -> int | float:
        return as_number(self.value)


QUANTITY_RE = re.compile(
    rf"(?P<pct_cn>百分之(?P<pct_num>{CN_NUMBER}(?:点[{''.join(CN_DIGITS)}]+)?))"
    rf"|(?P<num>{ARABIC_WITH_MAGNITUDE}|{CN_NUMBER}(?:点[{''.join(CN_DIGITS)}]+[万亿]?)?)\s*"
    rf"(?P<unit>{UNIT_RE.pattern})?"
)


def parse_quantity(text: str) -> Quantity:
    """Parse a number with its unit: "8.5万件" → 85000 件, "100亿元" → 1e10 元, "20%" → 20 %.

    Monetary magnitudes are folded into the value (亿元 → 元) so that all money compares in 元;
    measure words are kept as the unit. Raises :class:`NumberParseError` when ``text`` is not
    exactly one quantity.
    """
    s = text.strip().translate(FULLWIDTH_DIGITS)
    m = QUANTITY_RE.fullmatch(s)
    if not m:
        raise NumberParseError(f"不是数量：{text!r}")
    if m.group("pct_cn"):
        return Quantity(parse_number(m.group("pct_num")), "%", text)
    value = parse_number(m.group("num"))
    unit = m.group("unit")
    if unit in MONEY_UNITS:
        return Quantity(value * MONEY_UNITS[unit], "元", text)
    if unit == "个百分点":
        return Quantity(value, "个百分点", text)
    return Quantity(value, unit, text)


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """All quantities in running text with their spans. Years (2018年) are not quantities."""
    s = text.translate(FULLWIDTH_DIGITS)
    out: list[tuple[int, int, Quantity]] = []
    for m in QUANTITY_RE.finditer(s):
        if not m.group(0).strip():
            continue
        end = m.end()
        # 2018年 / 12月 / 十三五 are dates and plan names, not quantities.
        if s[end : end + 1] in ("年", "月", "日", "五", "号", "届", "级", "大") and not m.group("unit"):
            continue
        num = m.group("num") or ""
        if num and not num[0].isdigit():
            # Chinese numerals count only with a digit and a measure word: 三项 yes;
            # 万人口, 千家万户, 一批, 三链 are wording, not figures.
            if not m.group("unit") or m.group("unit") in VAGUE_UNITS:
                continue
            if not any(ch in CN_DIGITS for ch in num) and not num.startswith("十"):
                continue
        try:
            q = parse_quantity(m.group(0).strip())
        except NumberParseError:
            continue
        out.append((m.start(), end, q))
    return out


MULTIPLE_RE = re.compile(
    rf"(?P<verb>增长|增加|提高|提升|扩大)?(?P<num>{ARABIC}|{CN_NUMBER})倍(?P<more>以上|多)?"
    rf"|翻(?P<fan>{CN_NUMBER})?番"
)


def parse_multiple(text: str) -> Decimal:
    """The factor on the baseline that a multiple phrase means.

    "增长一倍" → 2 (growth of 100 %), "翻一番" → 2, "翻两番" → 4, "3.1倍" (是…的3.1倍) → 3.1.
    """
    s = text.strip().translate(FULLWIDTH_DIGITS)
    m = MULTIPLE_RE.fullmatch(s)
    if not m:
        raise NumberParseError(f"不是倍数：{text!r}")
    if s.startswith("翻"):
        times = parse_cn_integer(m.group("fan")) if m.group("fan") else 1
        return Decimal(2) ** times
    n = parse_number(m.group("num"))
    # "增长N倍" counts the growth on top of the base; "N倍" alone is the ratio itself.
    return n + 1 if m.group("verb") else n
