"""Reference tests: the cube against values worked out by hand and against a small, obviously
correct plain-Python implementation of the official definitions (no Ibis, no SQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from indicators_lake import reference_tables

from ipatlas.errors import NotFoundError
from ipatlas.indicators import records, series, show

TERMINAL = {"lapsed", "invalidated", "abandoned", "rejected", "expired"}

# 2020 census (persons) of the units in the fixture, from the NBS county tabulation
CENSUS = {"500105": 925_800, "500112": 2_191_493, "210112": 798_765, "210100": 9_070_093,
          "210000": 42_591_407, "500000": 32_054_159}  # fmt: skip


def value(s: Any, region: str, year: int, iid: str, industry: str | None = None, **kw: Any) -> dict[str, Any]:
    rows = {r["id"]: r for r in show(s, region, year, industry, **kw)}
    return rows[iid]


# ---------------------------------------------------------------------------------------------
# plain-Python reference implementation
# ---------------------------------------------------------------------------------------------
def add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def in_force(p: dict[str, Any], year: int) -> bool:
    """Granted on or before Y-12-31, term not over, not terminated on or before Y-12-31."""
    end = dt.date(year, 12, 31)
    if p["grant_date"] is None or p["grant_date"] > end:
        return False
    if p["kind"] == "invention":
        term = 20
    elif p["kind"] == "utility":
        term = 10
    else:
        term = 15 if p["filing_date"] >= dt.date(2021, 6, 1) else 10
    if add_years(p["filing_date"], term) <= end:  # the term ends the day before this date
        return False
    if p["legal_status"] in TERMINAL:
        return p["status_date"] is not None and p["status_date"] > end
    return True


def in_region(rec: dict[str, Any], code: str) -> bool:
    if rec["country"] != "CN":
        return False
    return code in (rec["adcode"], rec["city_code"], rec["province_code"])


def ref_valid_inventions(code: str, year: int) -> int:
    return sum(
        1
        for p in reference_tables()["patents"]
        if p["kind"] == "invention" and in_region(p, code) and in_force(p, year)
    )


def ref_applications(code: str, year: int) -> int:
    return sum(
        1 for p in reference_tables()["patents"] if in_region(p, code) and p["filing_date"].year == year
    )


def ref_trademarks_in_force(code: str, year: int) -> int:
    end = dt.date(year, 12, 31)
    n = 0
    for t in reference_tables()["trademarks"]:
        if not in_region(t, code) or t["reg_date"] is None or t["status"] in ("invalid", "pending"):
            continue
        last_day = t["expiry_date"] or add_years(t["reg_date"], 10) - dt.timedelta(days=1)
        if t["reg_date"] <= end <= last_day:
            n += 1
    return n


REGIONS = ["500112", "500105", "500000", "210112", "210100", "210000"]


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2021])
@pytest.mark.parametrize("code", REGIONS)
def test_counts_match_plain_python(ref_settings: Any, code: str, year: int) -> None:
    assert value(ref_settings, code, year, "pat_valid_invention")["value"] == ref_valid_inventions(code, year)
    assert value(ref_settings, code, year, "pat_app_total")["value"] == ref_applications(code, year)
    assert value(ref_settings, code, year, "tm_valid")["value"] == ref_trademarks_in_force(code, year)


# ---------------------------------------------------------------------------------------------
# 每万人口发明专利拥有量, worked by hand
# ---------------------------------------------------------------------------------------------
def test_per_10k_edge_cases_by_hand(ref_settings: Any) -> None:
    s = ref_settings
    # 渝北区 end of 2020: P1, P2 (lapsed 2021-03-01: still in force), P5 (term ends 2020-12-31),
    # P16 — not P3 (lapsed on 2020-12-31), P4 (term ended 2020-12-30), P6 (foreign), P7 (utility)
    r = value(s, "500112", 2020, "inv_per_10k_pop")
    assert (r["numerator"], r["denominator"]) == (4, 219.0)
    assert r["value"] == pytest.approx(4 / 219.0)
    assert r["flags"]["population_source"] == "statistics"
    assert r["unit"] == "件/万人" and "第一申请人" in r["definition"]
    # end of 2019: P1, P2, P3, P4, P5
    r = value(s, "500112", 2019, "inv_per_10k_pop")
    assert (r["numerator"], r["value"]) == (5, pytest.approx(5 / 215.0))
    # 2021 population declared in persons (2,200,000 人) is converted to 220 万人
    r = value(s, "500112", 2021, "inv_per_10k_pop")
    assert (r["numerator"], r["denominator"]) == (2, 220.0)
    # 江北区 has no statistics: the 2020 census is used, and flagged
    r = value(s, "500105", 2020, "inv_per_10k_pop")
    assert r["numerator"] == 1  # P9 granted 2019-12-31; P10 granted 2021; P13 invalidated 2020
    assert r["denominator"] == pytest.approx(CENSUS["500105"] / 1e4)
    assert r["flags"]["population_source"] == "census2020_fallback"
    # 重庆市 (province level): all of its counties
    r = value(s, "500000", 2020, "inv_per_10k_pop")
    assert (r["numerator"], r["denominator"]) == (5, 3205.42)
    # 2021: no province figure, 渝北区 has statistics, the other 37 units the census -> mixed
    r = value(s, "500000", 2021, "inv_per_10k_pop")
    expected_pop = 220.0 + (CENSUS["500000"] - CENSUS["500112"]) / 1e4
    assert r["numerator"] == 4
    assert r["denominator"] == pytest.approx(expected_pop)
    assert r["flags"]["population_source"] == "mixed"
    # 沈阳: P11 is only resolved to the city -> counted in 210100 and 210000, not in any county;
    # P12 terminated without a date is never counted
    r = value(s, "210100", 2020, "inv_per_10k_pop")
    assert r["numerator"] == 1
    assert r["denominator"] == pytest.approx(CENSUS["210100"] / 1e4)
    assert value(s, "210112", 2020, "inv_per_10k_pop")["value"] == 0
    assert value(s, "210000", 2020, "inv_per_10k_pop")["numerator"] == 1


def test_drill_down_lists_the_records_behind_the_figure(ref_settings: Any) -> None:
    page = records(ref_settings, "500112", 2020, "inv_per_10k_pop", limit=None)
    assert {r["app_no"] for r in page.items} == {
        "CN201510000001.1", "CN201210000002.1", "CN200110000005.1", "CN201810000016.1",
    }  # fmt: skip
    assert page.total == 4 and page.weight_total == 4.0
    assert all(r["import_id"] == "imp-test" and r["source_row"] for r in page.items)
    page2 = records(ref_settings, "500112", 2020, "inv_per_10k_pop", limit=2, offset=2)
    assert len(page2.items) == 2 and page2.total == 4
    # city-level record found through the city
    page3 = records(ref_settings, "210100", 2020, "pat_valid_invention")
    assert [r["app_no"] for r in page3.items] == ["CN201410000011.1"]


# ---------------------------------------------------------------------------------------------
# other catalogue entries, worked by hand
# ---------------------------------------------------------------------------------------------
def test_high_value_flags_missing_criteria(ref_settings: Any) -> None:
    s = ref_settings
    r = value(s, "500112", 2020, "hv_inv_valid")
    # P1 pledged, P2 overseas family, P5 maintained > 10 years; P16: nothing known true,
    # pledge flag unknown and no SEI table -> undetermined, never assumed "not high value"
    assert r["value"] == 3
    assert r["flags"]["undetermined"] == 1
    assert r["flags"]["lower_bound"] is True
    assert r["flags"]["missing_criteria"] == ["sei"]
    r = value(s, "500112", 2020, "hv_inv_per_10k_pop")
    assert r["value"] == pytest.approx(3 / 219.0)
    sei = value(s, "500112", 2020, "hv_crit_sei")
    assert sei["value"] is None and "战略性新兴产业" in sei["reason"]
    assert value(s, "500112", 2020, "hv_crit_overseas_family")["value"] == 1
    assert value(s, "500112", 2020, "hv_crit_maintained_10y")["value"] == 1  # P5 only
    pledged = value(s, "500112", 2020, "hv_crit_pledged")
    assert pledged["value"] == 1 and pledged["flags"]["undetermined"] == 1
    # end of 2019: P1, P2, P4 and P5 (filed 2000-12-31 / 2001-01-01: > 10 years); P3 is not yet
    # 10 years old (reached in 2020) and might be SEI: undetermined while no SEI table is loaded
    r = value(s, "500112", 2019, "hv_inv_valid")
    assert (r["value"], r["flags"]["undetermined"]) == (4, 1)


def test_pct_deduplicated_and_dated_by_international_filing(ref_settings: Any) -> None:
    s = ref_settings
    # P9 (江北区) and P16 (渝北区) share PCT/CN2019/000123: counted once, for the lower app_no (P9),
    # in 2019 (the year in the PCT number), although P9 was filed in 2016
    assert value(s, "500105", 2019, "pct_app")["value"] == 1
    assert value(s, "500112", 2019, "pct_app")["value"] == 0
    assert value(s, "500000", 2019, "pct_app")["value"] == 1


def test_grant_rate_and_structure(ref_settings: Any) -> None:
    s = ref_settings
    r = value(s, "500112", 2020, "invention_grant_rate")
    assert (r["numerator"], r["denominator"]) == (1, 3)  # P16 granted; P14 rejected; P15 withdrawn
    assert r["value"] == pytest.approx(100 / 3)
    with pytest.raises(NotFoundError):
        show(s, "500112", 2015)  # outside the computed years
    r = value(s, "500112", 2018, "invention_app_share")
    assert r["value"] == pytest.approx(100.0)  # P15 and P16 are inventions
    share = value(s, "500112", 2019, "share_individual")
    assert share["value"] == pytest.approx(100.0)  # P8 only


def test_concentration_first_and_fractional(ref_settings: Any) -> None:
    s = ref_settings
    r = value(s, "500112", 2018, "applicant_hhi")  # 甲公司 1, 戊公司 1
    assert r["value"] == pytest.approx(5000.0)
    assert value(s, "500112", 2018, "top10_applicant_share")["value"] == pytest.approx(100.0)
    frac = "fractional-ipc+fractional-applicant"
    r = value(s, "500112", 2018, "applicant_hhi", counting=frac)
    assert r["value"] == pytest.approx(5000.0) and r["flags"]["counting"] == frac


def test_trademarks_gi_and_market_entities(ref_settings: Any) -> None:
    s = ref_settings
    assert value(s, "500112", 2020, "tm_valid")["value"] == 3
    assert value(s, "500112", 2021, "tm_valid")["value"] == 1
    assert value(s, "500112", 2020, "tm_valid_gi")["value"] == 1
    r = value(s, "500112", 2020, "tm_per_10k_entities")
    assert (r["numerator"], r["denominator"], r["value"]) == (3, 25.0, pytest.approx(0.12))
    missing = value(s, "500105", 2020, "tm_per_10k_entities")
    assert missing["value"] is None and "市场主体户数" in missing["reason"]
    incomplete = value(s, "500000", 2020, "tm_per_10k_entities")
    assert incomplete["value"] is None and "不完整" in incomplete["reason"]
    assert value(s, "210100", 2020, "gi_total")["value"] == 1
    assert value(s, "210112", 2020, "gi_total")["value"] == 0  # resolved to the city only
    assert value(s, "500112", 2020, "gi_new")["value"] == 1
    assert value(s, "500112", 2019, "gi_total")["value"] == 0


def test_rd_lag_growth_and_parent_share(ref_settings: Any) -> None:
    s = ref_settings
    r = value(s, "500112", 2020, "grants_per_100m_rd")  # 2020 grants / 2019 R&D (500,000 万元)
    assert (r["numerator"], r["denominator"], r["value"]) == (1, 50.0, pytest.approx(0.02))
    assert value(s, "500112", 2021, "grants_per_100m_rd")["value"] is None
    g = value(s, "500112", 2020, "valid_inv_growth")
    assert (g["numerator"], g["denominator"], g["value"]) == (4, 5, pytest.approx(-20.0))
    assert value(s, "500112", 2020, "valid_inv_share_of_parent")["value"] == pytest.approx(80.0)
    top = value(s, "500000", 2020, "valid_inv_share_of_parent")
    assert top["value"] is None and "上级" in top["reason"]


def test_wipo_industry_rows(ref_settings: Any) -> None:
    s = ref_settings
    # G06F 16/24 -> field 06 computer technology; H04N 5/232 -> field 02 audio-visual
    assert value(s, "500112", 2020, "pat_valid_invention", "wipo:06")["value"] == 3  # P1, P5, P16
    assert value(s, "500112", 2020, "pat_valid_invention", "wipo:02")["value"] == 1  # P2
    # an industry with no records in the region: counts are 0, not missing
    r = value(s, "500112", 2020, "pat_valid_invention", "wipo:15")
    assert r["value"] == 0 and r["flags"]["no_records_in_industry"] is True
    r = value(s, "500112", 2020, "inv_per_10k_pop", "wipo:15")
    assert r["value"] == 0 and r["denominator"] == 219.0


def test_series_covers_years(ref_settings: Any) -> None:
    rows = series(ref_settings, "500112", "pat_valid_invention")
    assert [(r["year"], r["value"]) for r in rows] == [(2018, 5), (2019, 5), (2020, 4), (2021, 2)]
