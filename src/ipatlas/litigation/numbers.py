"""Chinese numerals, money amounts and signature dates as they are written in judgments."""

from __future__ import annotations

import datetime as dt
import re

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "o": 0, "ｏ": 0, "О": 0, "◯": 0,
    "一": 1, "壹": 1, "1": 1,
    "二": 2, "贰": 2, "两": 2, "2": 2,
    "三": 3, "叁": 3, "3": 3,
    "四": 4, "肆": 4, "4": 4,
    "五": 5, "伍": 5, "5": 5,
    "六": 6, "陆": 6, "6": 6,
    "七": 7, "柒": 7, "7": 7,
    "八": 8, "捌": 8, "8": 8,
    "九": 9, "玖": 9, "9": 9,
}  # fmt: skip
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}

CN_NUM_CHARS = "零〇○一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟两萬"


def cn_to_int(text: str) -> int | None:
    """A Chinese numeral (一百七十, 二十四, 壹万伍仟) as an int; None when it is not one."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total = 0
    section = 0
    number = 0
    seen = False
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
            seen = True
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
            seen = True
        elif ch in _BIG:
            section += number
            total += (section or 1) * _BIG[ch]
            section = 0
            number = 0
            seen = True
        else:
            return None
    return total + section + number if seen else None


def int_to_cn(n: int) -> str:
    """1 -> 一, 10 -> 十, 64 -> 六十四, 170 -> 一百七十, 207 -> 二百零七 (article numbers)."""
    digits = "零一二三四五六七八九"
    if n < 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十")]
    zero = False
    rest = n
    started = False
    for value, name in units:
        d = rest // value
        rest %= value
        if d:
            if zero:
                out += "零"
                zero = False
            out += digits[d] + name
            started = True
        elif started:
            zero = True
    if rest:
        if zero:
            out += "零"
        out += digits[rest]
    return out


_AMOUNT_RE = re.compile(
    r"(?P<num>\d+(?:[,，]\d{3})*(?:\.\d+)?|\d+(?: \d{3})+(?:\.\d+)?|[" + CN_NUM_CHARS + r"点]+)"
    # 千 is a unit only after Arabic digits (3千元, 1.5千万元); 三千元 is a Chinese numeral.
    r"\s*(?P<unit>(?<=\d)千万|(?<=\d)千|万|亿)?\s*(?:余)?元"
)


def parse_amounts(text: str) -> list[tuple[float, int, int]]:
    """Every money amount in ``text`` as (yuan, start, end)."""
    out: list[tuple[float, int, int]] = []
    for m in _AMOUNT_RE.finditer(text):
        raw = m.group("num")
        value: float | None
        if raw[0].isdigit():
            try:
                value = float(raw.replace(",", "").replace("，", "").replace(" ", ""))
            except ValueError:
                value = None
        else:
            if "点" in raw:
                whole, _, frac = raw.partition("点")
                w = cn_to_int(whole)
                fd = "".join(str(_DIGITS.get(c, "")) for c in frac)
                value = float(f"{w}.{fd}") if w is not None and fd else None
            else:
                iv = cn_to_int(raw)
                value = float(iv) if iv is not None else None
        if value is None:
            continue
        unit = m.group("unit")
        if unit == "千":
            value *= 1_000
        elif unit == "千万":
            value *= 10_000_000
        elif unit == "万":
            value *= 10_000
        elif unit == "亿":
            value *= 100_000_000
        out.append((round(value, 2), m.start(), m.end()))
    return out


_DATE_CN = re.compile(
    r"([" + "零〇○ＯO0oｏО◯一二三四五六七八九" + r"\d]{4})\s*年?\s*([" + CN_NUM_CHARS + r"\d]{1,3})\s*月"
    r"\s*([" + CN_NUM_CHARS + r"\d]{1,3})\s*日"
)


def parse_cn_date(text: str) -> dt.date | None:
    """二〇一五年四月十七日 / 二Ｏ一五 年 四 月 十七 日 / 2015年4月17日 -> date (last one in text)."""
    found: dt.date | None = None
    for m in _DATE_CN.finditer(text):
        y_raw, mo_raw, d_raw = m.groups()
        if y_raw.isdigit():
            year: int | None = int(y_raw)
        else:
            ys = [_DIGITS.get(c) for c in y_raw]
            year = None if any(v is None for v in ys) else int("".join(str(v) for v in ys))
        month = cn_to_int(mo_raw)
        day = cn_to_int(d_raw)
        if year is None or month is None or day is None:
            continue
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
    return found
