"""Numbers and units as plans write them: examples and property tests (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatlas.plans import parse_multiple, parse_number, parse_quantity
from ipatlas.plans.quantities import NumberParseError, find_quantities

DIGITS = "零一二三四五六七八九"
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def to_chinese(n: int) -> str:
    """Reference renderer: 120 → 一百二十, 100005 → 十万零五, 2005 → 二千零五 (obviously correct)."""
    if n == 0:
        return "零"

    def section(v: int) -> str:  # 0 < v < 10000
        out = ""
        zero = False
        for unit, digit in zip(("千", "百", "十", ""), f"{v:04d}", strict=True):
            d = int(digit)
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += DIGITS[d] + unit
        return out

    parts: list[str] = []
    for big, size in (("亿", 10**8), ("万", 10**4), ("", 1)):
        v, n = divmod(n, size)
        if v:
            if parts and v < 1000:
                parts.append("零")
            parts.append(section(v) + big)
        elif parts and n:
            parts.append("零")
    s = "".join(parts)
    s = s.replace("零零", "零")
    if s.startswith("一十"):
        s = s[1:]
    return s


def test_examples_from_the_issue() -> None:
    assert parse_quantity("8.5万件").value == 85000
    assert parse_quantity("3.2万件").value == 32000
    assert parse_quantity("19.75万件").value == 197500
    assert (parse_quantity("25件").value, parse_quantity("25件").unit) == (25, "件")
    assert (parse_quantity("31项").value, parse_quantity("31项").unit) == (31, "项")
    assert (parse_quantity("20%").value, parse_quantity("20%").unit) == (20, "%")
    assert parse_multiple("增长一倍") == 2
    assert parse_multiple("翻一番") == 2
    assert parse_multiple("翻两番") == 4
    assert parse_multiple("3.1倍") == Decimal("3.1")  # 是“十一五”末的3.1倍
    assert parse_quantity("0.45件").value == Decimal("0.45")


def test_money_folds_magnitude_into_yuan() -> None:
    q = parse_quantity("100亿元")
    assert (q.value, q.unit) == (10**10, "元")
    assert parse_quantity("2962.8亿元").value == Decimal("296280000000")
    assert parse_quantity("1.7亿元").value == 170_000_000
    assert parse_quantity("500万元").value == 5_000_000


def test_chinese_numerals() -> None:
    assert parse_number("一百二十") == 120
    assert parse_number("两千零五") == 2005
    assert parse_number("十三") == 13
    assert parse_number("二〇一八") == 2018
    assert parse_number("三点五") == Decimal("3.5")
    assert parse_quantity("百分之二十").value == 20
    assert parse_quantity("三十一项").value == 31


def test_not_numbers() -> None:
    for bad in ("", "件", "abc", "万", "8.5万件件"):
        with pytest.raises(NumberParseError):
            parse_quantity(bad)


def test_running_text() -> None:
    text = (
        "“十二五”末，全市有效专利达到94975件，是“十一五”末的3.1倍；每万人口发明专利授权量达到4.31件，2015年"
    )
    found = [(q.number, q.unit) for _, _, q in find_quantities(text)]
    assert found == [(94975, "件"), (3.1, "倍"), (4.31, "件")]  # not 十二五, 万人, 2015年
    assert find_quantities("培育一批企业，打通三链") == []


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_integers_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("", 1), ("十", 10), ("百", 100), ("千", 1000), ("万", 10**4), ("亿", 10**8)]),
    st.sampled_from(["件", "项", "家", "个"]),
    st.booleans(),
)
def test_magnitudes(value: Decimal, magnitude: tuple[str, int], unit: str, fullwidth: bool) -> None:
    text = f"{value}{magnitude[0]}{unit}"
    if fullwidth:
        text = text.translate(FULLWIDTH)
    q = parse_quantity(text)
    assert q.value == value * magnitude[1]
    assert q.unit == unit


@given(
    st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from(["%", "％"]),
)
def test_percentages(value: Decimal, sign: str) -> None:
    q = parse_quantity(f"{value}{sign}")
    assert (q.value, q.unit) == (value, "%")


@given(st.integers(min_value=1, max_value=99))
def test_percentages_in_words(n: int) -> None:
    assert parse_quantity("百分之" + to_chinese(n)).value == n


@given(
    st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("元", 1), ("万元", 10**4), ("亿元", 10**8), ("万亿元", 10**12)]),
)
def test_money(value: Decimal, unit: tuple[str, int]) -> None:
    q = parse_quantity(f"{value}{unit[0]}")
    assert (q.value, q.unit) == (value * unit[1], "元")


@given(st.integers(min_value=1, max_value=9))
def test_multiples(k: int) -> None:
    cn = to_chinese(k)
    assert parse_multiple(f"翻{cn}番") == 2**k
    assert parse_multiple(f"增长{cn}倍") == k + 1  # growth of k times the base
    assert parse_multiple(f"增长{k}倍") == k + 1
    assert parse_multiple(f"{k}倍") == k  # the ratio itself


@given(st.integers(min_value=1949, max_value=2100))
def test_years_are_not_quantities(year: int) -> None:
    assert find_quantities(f"到{year}年，") == []
