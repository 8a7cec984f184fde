"""Property tests for the vectorised parsers (application numbers, IPC, dates) against small
obviously-correct Python references."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ipatlas.ingest.sqlexpr import check_digit, normalize_app_no, normalize_ipc, parse_dates

# ---- application numbers -----------------------------------------------------------------------
post2003 = st.builds(
    lambda year, kind, serial: f"{year}{kind}{serial:07d}",
    st.integers(2003, 2030),
    st.sampled_from("12389"),
    st.integers(0, 9_999_999),
)
pre2003 = st.builds(
    lambda yy, kind, serial: f"{yy:02d}{kind}{serial:05d}",
    st.sampled_from([*range(85, 100), 0, 1, 2, 3]),
    st.sampled_from("12389"),
    st.integers(0, 99_999),
)


def _reference_check(base: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] if len(base) == 12 else [2, 3, 4, 5, 6, 7, 8, 9]
    total = 0
    for digit, weight in zip(base, weights, strict=True):
        total += int(digit) * weight
    return "X" if total % 11 == 10 else str(total % 11)


def test_hand_computed_examples():
    # 2·2+0·3+0·4+4·5+1·6+0·7+0·8+1·9+2·2+3·3+4·4+5·5 = 93; 93 mod 11 = 5
    assert check_digit("200410012345") == _reference_check("200410012345") == "5"
    # 9·2+9·3+1·4+2·5+3·6+4·7+5·8+6·9 = 199; 199 mod 11 = 1
    assert check_digit("99123456") == "1"
    # 2·2+0·3+1·4+4·5+1·6+0·7+1·8+0·9+0·2+0·3+1·4+7·5 = 81; 81 mod 11 = 4
    assert check_digit("201410100017") == "4"
    # 42 + 9·5 = 87; 87 mod 11 = 10 → X
    assert check_digit("201410100009") == "X"
    assert normalize_app_no(["201410100009x", "CN201410100009.X"]) == [("CN201410100009.X", None)] * 2


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(post2003, pre2003), min_size=1, max_size=40), st.data())
def test_app_no_forms_round_trip(bases, data):
    forms = []
    for b in bases:
        c = _reference_check(b)
        forms.append(
            data.draw(
                st.sampled_from(
                    [f"CN{b}.{c}", f"{b}.{c}", f"{b}{c}", f"ZL{b}.{c}", f" cn{b}.{c} ", f"ZL{b}{c}", b]
                )
            )
        )
    got = normalize_app_no(forms)
    assert got == [(f"CN{b}.{_reference_check(b)}", None) for b in bases]
    # Normalised output is a fixed point.
    assert normalize_app_no([g[0] for g in got]) == got


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(post2003, st.integers(1, 10)), min_size=1, max_size=40))
def test_app_no_wrong_check_digit_rejected(items):
    forms = []
    for b, shift in items:
        digits = "0123456789X"
        wrong = digits[(digits.index(_reference_check(b)) + shift) % 11]
        forms.append(f"CN{b}.{wrong}")
    assert normalize_app_no(forms) == [(None, "申请号校验位错误")] * len(forms)


def test_app_no_malformed():
    got = normalize_app_no(["", None, "CN2014", "20141012345", "CN2014101234567.8", "ABC", "201470123456"])
    assert [r for _, r in got] == [
        "缺少申请号",
        "缺少申请号",
        "申请号格式错误",
        "申请号格式错误",
        "申请号格式错误",
        "申请号格式错误",
        "申请号格式错误",  # type digit 7 does not exist
    ]


# ---- IPC ----------------------------------------------------------------------------------------
subclass = st.builds(
    lambda s, c, sub: f"{s}{c:02d}{sub}",
    st.sampled_from("ABCDEFGH"),
    st.integers(1, 99),
    st.sampled_from("ABCDEFGHJKLMNPQ"),
)
# Canonical subgroup: two digits, or more digits without trailing zeros.
subgroup = st.one_of(
    st.integers(0, 99).map(lambda v: f"{v:02d}"),
    st.builds(lambda a, b: f"{a:02d}{b}", st.integers(0, 99), st.integers(1, 9999).filter(lambda v: v % 10)),
)
canonical_ipc = st.builds(lambda sc, g, sg: f"{sc} {g}/{sg}", subclass, st.integers(1, 9999), subgroup)


def _variants(sym: str) -> list[str]:
    sc, rest = sym.split(" ")
    group, sub = rest.split("/")
    epo = f"{sc}{int(group):04d}{sub.ljust(6, '0')}" if len(sub) <= 6 else None
    out = [sym, f"{sc}{group}/{sub}", f"{sc}{' ' * (4 - len(group) + 1)}{group}/{sub}", f"{sym}(2006.01)"]
    out += [f"{sc} {int(group):04d}/{sub}", sym.lower()]
    if len(sub) <= 5:
        out.append(f"{sc}{group}/{sub}0")  # a trailing zero is not significant
    if epo:
        out.append(epo)
    return out


@settings(max_examples=30, deadline=None)
@given(st.lists(canonical_ipc, min_size=1, max_size=30))
def test_ipc_variants_normalise_to_canonical(symbols):
    texts, expected = [], []
    for s in symbols:
        for v in _variants(s):
            texts.append(v)
            expected.append(s)
    assert normalize_ipc(texts) == expected


def test_ipc_examples_and_rejects():
    assert normalize_ipc(["G06F16/24", "G06F0016240000", "G06F 16/24(2006.01)", "H04N   3/00"]) == [
        "G06F 16/24",
        "G06F 16/24",
        "G06F 16/24",
        "H04N 3/00",
    ]
    assert normalize_ipc(["G06F", "X01B 1/00", "G06F 16", "16/24", "", None, "G06F 0/00"]) == [None] * 7


# ---- dates --------------------------------------------------------------------------------------
FORMATS = ["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.dates(dt.date(1985, 1, 1), dt.date(2040, 12, 31)), min_size=1, max_size=40), st.data())
def test_dates_round_trip(dates, data):
    texts = []
    for d in dates:
        kind = data.draw(st.sampled_from(["fmt", "serial", "time", "nopad"]))
        if kind == "fmt":
            texts.append(d.strftime(data.draw(st.sampled_from(FORMATS))))
        elif kind == "serial":
            texts.append(str((d - dt.date(1899, 12, 30)).days))  # Excel serial day number
        elif kind == "time":
            texts.append(d.isoformat() + " 00:00:00")
        else:
            texts.append(f"{d.year}/{d.month}/{d.day}")
    assert parse_dates(texts, FORMATS) == dates


def test_bad_dates_are_null():
    assert parse_dates(["2014-02-30", "2014-13-01", "昨天", "", None, "2014"], FORMATS) == [None] * 6
