"""Real yearbook / bulletin extracts (tests/ingest/fixtures/yearbooks/README.md) imported with
``--profile auto``: values checked against the printed tables. All of them were refused before the
yearbook reader (tests/ingest/fixtures/yearbooks/before.txt)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ipatlas.errors import IngestError
from ipatlas.ingest import import_file

FIX = Path(__file__).parent / "fixtures" / "yearbooks"


def _rows(settings, sql: str) -> list[tuple]:
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_guangdong_region_by_year_xlsx(settings) -> None:
    # 广东统计年鉴2024 表12-6: 广州 2023 = 6873, 中山 2020 = 3868 (中山市, not 大连's 中山区)
    s = import_file(settings, "statistics", FIX / "dev_gd_2024_12-6_enterprises.xlsx", "auto")
    assert (s.loaded, s.quarantined) == (189, 38)  # 21 cities × 9 years; 4 economic zones × 9, 2 rows
    zones = {r: n for r, n in s.quarantine_reasons.items() if "是经济区域" in r}
    assert sum(zones.values()) == 36 and any("「珠三角」" in r for r in zones)  # reported by name
    assert s.quarantine_reasons["脚注行（注、资料来源等），不是数据"] == 1
    got = dict(
        ((c, y), (v, u))
        for c, y, v, u in _rows(settings, "SELECT region_code, year, value, unit FROM statistics")
    )
    assert got[("440100", 2023)] == (6873, "个")
    assert got[("442000", 2020)] == (3868, "个")
    assert got[("440300", 2000)] == (1834, "个")
    again = import_file(settings, "statistics", FIX / "dev_gd_2024_12-6_enterprises.xlsx", "auto")
    assert (again.inserted, again.duplicates) == (0, 189)


def test_jinhua_bulletin_year_from_title_and_part_row(settings) -> None:
    # 2024年金华市人口主要数据公报: 义乌市 191.8 万人; 其中:开发区 49.2 is part of 婺城区
    s = import_file(settings, "statistics", FIX / "dev_jinhua_2024_population.csv", "auto")
    assert (s.loaded, s.quarantined) == (9, 1)
    got = dict(
        _rows(settings, "SELECT region_code, value FROM statistics WHERE year = 2024 AND unit = '万人'")
    )
    assert got["330782"] == 191.8 and got["330702"] == 98.2 and len(got) == 9


def test_nbs_multi_row_header_spaced_names(settings) -> None:
    # 中国统计年鉴2011 表20-46 (2010年): R&D经费 广东 6268811 万元, 吉林 (the province) 355405
    s = import_file(settings, "statistics", FIX / "dev_nbs_2011_20-46_rd.csv", "auto")
    assert (s.loaded, s.quarantined) == (31, 1)  # 全国 is quarantined with its reason
    got = dict(_rows(settings, "SELECT region_code, value FROM statistics WHERE variable = 'rd_expenditure'"))
    assert got["440000"] == 6268811 and got["220000"] == 355405
    # R&D人员 here is 全时当量 (person-years): not loaded as rd_personnel
    assert _rows(settings, "SELECT count(*) FROM statistics WHERE variable = 'rd_personnel'") == [(0,)]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("dev_gz_2023_17-5_rd.csv", "请用 --region"),  # rows are years, 广州 only in the book's name
        ("held_gd_2024_22-3_prd.csv", "「珠三角」是经济区域"),
        ("held_nbs_2jp_1-G-18_rd.csv", "--year"),  # the census year 2008 is not printed
        ("held_gz_2020_2-10_urbanisation.csv", "没有可识别的指标列"),
        # round 2: no catalogue variable, in the columns or in the row labels
        ("dev_r2_youyang_2019_bulletin_t1.csv", "行标题中也没有可识别的指标"),  # 户籍人口, not 常住人口
        ("dev_r2_mouding_2023_census_t2-1.csv", "行标题中也没有可识别的指标"),  # 法人单位 ≠ 市场主体
        ("dev_r2_nbs_2015_13-3_above_scale.csv", "--year"),  # provinces' year (2014) not printed
        ("held_r2_census6_city_rank.csv", "人口 \\(万人\\)"),  # 人口 is not 常住人口 by name
        ("held_r2_jingyuan_2018_census_t2-2.csv", "没有可识别的指标列"),
        ("held_r2_bj_2023_rd_jan-aug.csv", "研究开发费用合计"),  # not R&D经费内部支出
    ],
)
def test_refused_with_a_reason(settings, name: str, why: str) -> None:
    with pytest.raises(IngestError, match=why):
        import_file(settings, "statistics", FIX / name, "auto")


def _consistent(s) -> None:
    assert s.read == s.loaded + s.duplicates + s.quarantined


def test_year_rows_with_an_explicit_region(settings) -> None:
    # 广州统计年鉴2023 表17-5: R&D经费 2022 = 988.36 亿元, R&D人员 2009 = 9.07 万人 (none before 2009)
    s = import_file(settings, "statistics", FIX / "dev_gz_2023_17-5_rd.csv", "auto", region="440100")
    assert (s.loaded, s.quarantined) == (37, 2)  # 23 + 14 values; the two 注 lines
    _consistent(s)
    got = {
        (y, v): (x, u) for y, v, x, u in _rows(settings, "SELECT year, variable, value, unit FROM statistics")
    }
    assert got[(2022, "rd_expenditure")] == (988.36, "亿元")
    assert got[(2009, "rd_personnel")] == (9.07, "万人") and (2008, "rd_personnel") not in got
    assert {c for (c,) in _rows(settings, "SELECT DISTINCT region_code FROM statistics")} == {"440100"}
    again = import_file(settings, "statistics", FIX / "dev_gz_2023_17-5_rd.csv", "auto", region="440100")
    assert (again.inserted, again.duplicates) == (0, 37)
    _consistent(again)


def test_an_economic_zone_is_refused_even_with_a_region(settings) -> None:
    with pytest.raises(IngestError, match="经济区域"):
        import_file(settings, "statistics", FIX / "held_gd_2024_22-3_prd.csv", "auto", region="440000")


def test_bulletin_indicator_rows_region_and_year_from_the_title(settings) -> None:
    # 玉环市2019年统计公报 表1: 地区生产总值 617.50 亿元; 第一/二/三产业 are no catalogue names
    s = import_file(settings, "statistics", FIX / "held_yuhuan_2019_bulletin_gdp.csv", "auto")
    assert (s.read, s.loaded) == (1, 1)
    assert _rows(settings, "SELECT region_code, year, variable, value, unit FROM statistics") == [
        ("331083", 2019, "gdp", 617.5, "亿元")
    ]
    with pytest.raises(IngestError, match="不一致"):  # the title names 玉环市, not 杭州市
        import_file(
            settings, "statistics", FIX / "held_yuhuan_2019_bulletin_gdp.csv", "auto", region="330100"
        )


def test_census_year_given_explicitly(settings) -> None:
    # 第二次全国经济普查年鉴 表1-G-18 (2008): 广东 R&D经费内部支出 4109579 万元, 北京 R&D人员 33231 人
    s = import_file(settings, "statistics", FIX / "held_nbs_2jp_1-G-18_rd.csv", "auto", year=2008)
    assert (s.loaded, s.quarantined) == (58, 10)  # 29 provinces × 2; 4 zones × 2, 西藏 empty, 全国
    _consistent(s)
    got = dict(
        ((c, v), x) for c, v, x in _rows(settings, "SELECT region_code, variable, value FROM statistics")
    )
    assert got[("440000", "rd_expenditure")] == 4109579 and got[("110000", "rd_personnel")] == 33231
    assert _rows(settings, "SELECT DISTINCT year FROM statistics") == [(2008,)]


def test_mixed_year_and_region_rows(settings) -> None:
    # 中国统计年鉴2015 表13-3: the national year rows have no region; 北京 3686 个 in the given year
    s = import_file(settings, "statistics", FIX / "dev_r2_nbs_2015_13-3_above_scale.csv", "auto", year=2014)
    assert (s.loaded, s.quarantined) == (1, 4)
    assert s.quarantine_reasons == {"年份行：表中其余行按地区分，此行没有地区（全国或表题所指的合计）": 4}
    assert _rows(settings, "SELECT region_code, year, variable, value FROM statistics") == [
        ("110000", 2014, "above_scale_enterprises", 3686)
    ]


@pytest.mark.parametrize(
    ("name", "given", "why"),
    [
        ("dev_jinhua_2024_population.csv", {"year": 2023}, "与表题中的年份 2024 不一致"),
        ("dev_jinhua_2024_population.csv", {"region": "330700"}, "按地区分行"),
        ("dev_gz_2023_17-5_rd.csv", {"region": "999999"}, "区划代码不存在"),
        ("dev_gz_2023_17-5_rd.csv", {"year": 1800}, "1949–2100"),
    ],
)
def test_given_region_or_year_is_checked(settings, name: str, given: dict, why: str) -> None:
    with pytest.raises(IngestError, match=why):
        import_file(settings, "statistics", FIX / name, "auto", **given)


def test_given_year_is_refused_for_a_plain_wide_table(settings, tmp_path) -> None:
    p = tmp_path / "wide.csv"
    p.write_text("区划代码,年份,年末常住人口(万人)\n500112,2020,219.2\n", "utf-8")
    with pytest.raises(IngestError, match="只用于按原样读取的统计年鉴表"):
        import_file(settings, "statistics", p, "auto", year=2020)


def test_province_by_prefecture_census_persons_never_loaded_as_wan(settings) -> None:
    # 山东 2020 (七普): counts in persons with no unit printed — 济南市 9,202,432 read as 万人 would be
    # 920 million: every value is quarantined as out of range, none loaded
    s = import_file(settings, "statistics", FIX / "dev_r2_sd_2020_census_prefectures.xlsx", "auto")
    assert (s.read, s.loaded, s.quarantined) == (17, 0, 17)
    assert list(s.quarantine_reasons) == [
        "数值超出该级地区的合理上限（单位可能不符：表头未注明单位时按默认单位读取）"
    ]


def test_gbk_csv_footnoted_group_header(settings) -> None:
    # 山东 2015 (GBK CSV): 常住人口[注 1] / 年末数 / (万人) is population; 位次, 比重 and 户籍人口 are not
    s = import_file(settings, "statistics", FIX / "held_r2_sd_2015_prefectures_gbk.csv", "auto")
    assert (s.read, s.loaded, s.quarantined) == (4, 4, 0)
    got = _rows(settings, "SELECT region_code, year, variable, value, unit FROM statistics ORDER BY 1")
    assert got == [
        ("370000", 2015, "population", 9847.16, "万人"),
        ("370100", 2015, "population", 713.2, "万人"),
        ("370200", 2015, "population", 909.7, "万人"),
        ("370300", 2015, "population", 464.2, "万人"),
    ]


@pytest.mark.parametrize("row", ["北 京,…,见注,…", "北 京,,暂无数据,"])
def test_a_data_row_with_a_note_and_no_number_is_not_swallowed_into_the_header(
    settings, tmp_path, row: str
) -> None:
    """中国统计年鉴2011 表20-46 with 北京's R&D经费 replaced by a note (and the rest by … or blanks):
    the row stays a data row (quarantined for its value) instead of turning the R&D经费 header into
    'R&D经费见注' and the whole file into a refusal."""
    lines = (FIX / "dev_nbs_2011_20-46_rd.csv").read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("北 京"))
    lines[at] = row
    lines.insert(at, lines.pop(at - 1))  # 北京 before 全国: the first body row
    p = tmp_path / "t.csv"
    p.write_text("\n".join(lines) + "\n", "utf-8")
    s = import_file(settings, "statistics", p, "auto")
    assert (s.loaded, s.quarantined) == (30, 2)  # 30 other provinces; 北京's note and 全国
    _consistent(s)


def test_cli_region_option_json(settings) -> None:
    import json

    from typer.testing import CliRunner

    from ipatlas.cli import app

    env = {"IPATLAS_DATA_DIR": str(settings.data_dir), "IPATLAS_SHARED_DIR": str(settings.shared_dir)}
    args = ["ingest", "stats", str(FIX / "dev_gz_2023_17-5_rd.csv"), "--json"]
    res = CliRunner().invoke(app, [*args, "--region", "440100"], env=env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["loaded"] == 37
    bad = CliRunner().invoke(app, [*args, "--region", "999999"], env=env)
    assert bad.exit_code != 0 and "区划代码不存在" in str(bad.exception)  # main() prints it as one line


def test_grid_rows_are_csv_records(tmp_path) -> None:
    """A control character inside a cell does not start a row (str.splitlines would split at \\v),
    a quoted line break stays in its cell, and row numbers are the file's lines."""
    from ipatlas.ingest.yearbook import read_grid

    p = tmp_path / "t.csv"
    p.write_text('地区,常住人口\n渝中\v区,60\n"江北\n区",90\n', "utf-8")
    grid, rows = read_grid(p)
    assert grid == [["地区", "常住人口"], ["渝中\v区", "60"], ["江北\n区", "90"]]
    assert rows == [1, 2, 4]


def test_a_file_far_beyond_a_printed_table_is_no_yearbook(tmp_path) -> None:
    from ipatlas.ingest.yearbook import MAX_ROWS, NotYearbookTable, read_grid

    p = tmp_path / "big.csv"
    p.write_text("地区,常住人口\n" + "渝中区,60\n" * MAX_ROWS, "utf-8")
    with pytest.raises(NotYearbookTable, match="不是统计年鉴表"):
        read_grid(p)


STATED = {  # what the README says a person states from outside the table
    "dev_gz_2023_17-5_rd.csv": {"region": "440100"},
    "held_nbs_2jp_1-G-18_rd.csv": {"year": 2008},
    "dev_r2_nbs_2015_13-3_above_scale.csv": {"year": 2014},
    "dev_r3_xm_2024_gdp_years.csv": {"region": "350200"},  # 厦门 only in the book's name
    "dev_r4_gz_2021_population_indicators.csv": {"region": "440100"},  # 广州 only in the page
    "held_r4_sm_2020_13-1_rd_years.csv": {"region": "350400"},  # 三明 only in the book's name
}


GENERIC_REFUSAL = {"held_r4_xj_2008_1-5_masked.csv"}


@pytest.mark.parametrize("name", sorted(p.name for p in FIX.glob("*_*.*") if p.suffix in (".csv", ".xlsx")))
def test_every_extract_is_accounted_for_and_reimport_changes_nothing(settings, name: str) -> None:
    """read = loaded + duplicates + quarantined for every extract that is not refused, and a second
    import inserts nothing."""
    try:
        first = import_file(settings, "statistics", FIX / name, "auto", **STATED.get(name, {}))
    except IngestError as exc:
        # refused with the yearbook reader's reason; the held-out masked table (every value ***,
        # no number at all) is refused with the generic message: a known gap (README round 4)
        assert "统计年鉴表" in exc.message or name in GENERIC_REFUSAL
        return
    _consistent(first)
    again = import_file(settings, "statistics", FIX / name, "auto", **STATED.get(name, {}))
    _consistent(again)
    assert again.inserted == 0 and again.duplicates == first.loaded


def test_label_column_is_the_one_naming_regions_wherever_it_is(settings, tmp_path) -> None:
    # a ranking prints rank and a code before the city (as 第六次人口普查 city ranking does)
    f = tmp_path / "rank.csv"
    f.write_text(
        "2020年各市常住人口排名,,,\n排名,代号,城市,常住人口(万人)\n"
        "1,粤01,广州市,1867.66\n2,粤03,深圳市,1756.01\n3,粤06,佛山市,949.89\n",
        encoding="utf-8",
    )
    s = import_file(settings, "statistics", f, "auto")
    assert (s.read, s.loaded, s.quarantined) == (3, 3, 0)
    got = dict(_rows(settings, "SELECT region_code, value FROM statistics WHERE year = 2020"))
    assert got == {"440100": 1867.66, "440300": 1756.01, "440600": 949.89}


@pytest.mark.parametrize(
    "title",
    [
        "广州市和深圳市2022年地区生产总值",
        "2022年北京市、天津市地区生产总值",
        "杭州市与宁波市主要指标（2022年）",
    ],
)
def test_a_title_naming_two_regions_is_refused_unless_one_is_given(settings, tmp_path, title) -> None:
    f = tmp_path / "two.csv"
    f.write_text(f"{title},\n指标,绝对数(亿元)\n地区生产总值,28839.00\n", encoding="utf-8")
    with pytest.raises(IngestError, match="表题中有多个地区"):
        import_file(settings, "statistics", f, "auto")


def test_a_title_naming_a_region_and_its_province_names_one(settings, tmp_path) -> None:
    f = tmp_path / "one.csv"
    f.write_text(
        "浙江省台州市玉环市2019年主要指标,\n指标,绝对数(亿元)\n地区生产总值,617.50\n", encoding="utf-8"
    )
    s = import_file(settings, "statistics", f, "auto")
    assert s.loaded == 1
    assert _rows(settings, "SELECT region_code, year, value FROM statistics") == [("331083", 2019, 617.5)]


def test_of_two_regions_in_a_title_the_given_one_is_loaded(settings, tmp_path) -> None:
    f = tmp_path / "two.csv"
    f.write_text(
        "广州市和深圳市2022年地区生产总值,\n指标,绝对数(亿元)\n地区生产总值,28839.00\n", encoding="utf-8"
    )
    s = import_file(settings, "statistics", f, "auto", region="440100")
    assert s.loaded == 1
    with pytest.raises(IngestError, match="不一致"):
        import_file(settings, "statistics", f, "auto", region="110000")


# ---- round 3 (README: labels fixed before the first run) ----


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("dev_r3_xm_2024_gdp_years.csv", "请用 --region"),
        ("dev_r3_changzhou_4-3_gdp_index.csv", "是指数"),  # 1978=100: no amount
        ("dev_r3_ah_2022h1_tech_contracts_absorbed.csv", "成交额\\(亿元\\)"),  # half-year absorbed
        ("held_r3_fj_2019_21-2_gdp_index.csv", "是指数"),  # 以上年为100 (loaded as gdp before)
        ("held_r3_cnipa_2012-10_invention_grants.csv", "没有可识别的指标列"),
        ("held_r3_gz_2022_17-1_sci_monitoring.csv", "表头：2020、2021"),  # years stay the header
    ],
)
def test_round3_refused_with_a_reason(settings, name: str, why: str) -> None:
    with pytest.raises(IngestError, match=why):
        import_file(settings, "statistics", FIX / name, "auto")


def test_an_index_table_is_refused_even_with_a_region(settings) -> None:
    with pytest.raises(IngestError, match="是指数"):
        import_file(
            settings, "statistics", FIX / "dev_r3_changzhou_4-3_gdp_index.csv", "auto", region="320400"
        )


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        (  # 2018年福建省各市GDP排行榜: rank before the city
            "held_r3_fj_2018_city_gdp_rank.csv",
            2018,
            {
                "350500": 8467.98,
                "350100": 7856.81,
                "350200": 4791.41,
                "350600": 3947.63,
                "350800": 2393.3,
                "350400": 2353.72,
                "350300": 2242.41,
                "350900": 1942.8,
                "350700": 1792.51,
            },
        ),
        (  # 福建各区市排名: 2020年GDP / (亿元) on two header rows, short names, 全省 → 350000
            "held_r3_fj_2020_city_gdp_rank.csv",
            2020,
            {
                "350500": 6137.74,
                "350100": 5618.1,
                "350200": 3466.01,
                "350600": 2767.45,
                "350800": 1738.45,
                "350400": 1713.05,
                "350300": 1655.16,
                "350900": 1487.65,
                "350700": 1339.51,
                "350000": 25979.82,
            },
        ),
    ],
)
def test_round3_rank_first_city_gdp(settings, name: str, year: int, expected: dict) -> None:
    s = import_file(settings, "statistics", FIX / name, "auto")
    assert (s.loaded, s.quarantined) == (len(expected), 0)
    got = dict(
        _rows(settings, f"SELECT region_code, value FROM statistics WHERE year = {year} AND variable = 'gdp'")
    )
    assert got == expected


def test_round3_gdp_year_rows_spaced_thousands_and_sector_columns(settings) -> None:
    # 厦门经济特区年鉴2024 (当年价格, 万元): 1950 GDP 3 634 = 1054 + 1054 + 1526; 1960 GDP 23 411
    s = import_file(settings, "statistics", FIX / "dev_r3_xm_2024_gdp_years.csv", "auto", region="350200")
    assert (s.loaded, s.quarantined) == (53, 0)  # 11 × (gdp + 3 sectors) + #工业 1952–1960
    got = {
        (y, v): (x, u) for y, v, x, u in _rows(settings, "SELECT year, variable, value, unit FROM statistics")
    }
    assert got[(1950, "gdp")] == (3634, "万元") and got[(1960, "gdp")] == (23411, "万元")
    assert got[(1950, "value_added_tertiary")] == (1526, "万元")
    assert got[(1958, "industry_value_added")] == (6074, "万元") and (1950, "industry_value_added") not in got
    assert all(u == "万元" for _x, u in got.values())  # 人均GDP (元/人) and #建筑业 not read


def test_a_unit_the_catalogue_cannot_convert_is_quarantined(settings, tmp_path) -> None:
    f = tmp_path / "usd.csv"
    f.write_text(
        "2020年各市地区生产总值,\n单位:亿美元,\n地区,地区生产总值\n广州市,3862.5\n", encoding="utf-8"
    )
    s = import_file(settings, "statistics", f, "auto")
    assert (s.loaded, s.quarantined) == (0, 1)
    assert any(r.startswith("单位不是该指标可换算的单位") for r in s.quarantine_reasons)


# ---- round 4 (README: Round 4) ----


def test_round4_english_edition_regions_years_and_title_indicator(settings) -> None:
    # CNIPA yearbook 2022 7-4 (English): Beijing 299/335, Guangdong 1513/1551, Shenzhen 818/774,
    # Xi'an 23/17; Total (nation), Taiwan and 其他 (outside the registry) and the Note quarantined
    s = import_file(settings, "statistics", FIX / "dev_r4_cnipa_2022_7-4_madrid_en.csv", "auto")
    assert (s.loaded, s.quarantined) == (92, 6)
    assert s.quarantine_reasons["无法识别地区"] == 4
    assert s.quarantine_reasons["脚注行（注、资料来源等），不是数据"] == 1
    got = {
        (c, y): (v, u)
        for c, y, v, u in _rows(
            settings, "SELECT region_code, year, value, unit FROM statistics WHERE variable = 'tm_madrid_app'"
        )
    }
    assert got[("110000", 2021)] == (299, "件") and got[("110000", 2022)] == (335, "件")
    assert got[("440000", 2022)] == (1551, "件") and got[("440300", 2021)] == (818, "件")
    assert got[("610100", 2022)] == (17, "件") and got[("220000", 2022)] == (24, "件")  # Jilin: the province


def test_round4_transposed_indicator_rows_with_a_region(settings) -> None:
    # 广州 2005–2021: 常住人口(万人) read; 总人口(人) (户籍) never read as 常住人口
    with pytest.raises(IngestError, match="请用 --region"):
        import_file(settings, "statistics", FIX / "dev_r4_gz_2021_population_indicators.csv", "auto")
    s = import_file(
        settings, "statistics", FIX / "dev_r4_gz_2021_population_indicators.csv", "auto", region="440100"
    )
    assert (s.loaded, s.quarantined) == (7, 0)
    got = dict(_rows(settings, "SELECT year, value FROM statistics WHERE variable = 'population'"))
    assert got == {
        2021: 1881.06,
        2020: 1874.03,
        2019: 1831.21,
        2018: 1798.13,
        2015: 1594.95,
        2010: 1270.96,
        2005: 949.68,
    }


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("dev_r4_cnipa_2023_6-4_pct.xlsx", "没有可识别的指标列"),  # PCT: patent data, no statistic
        ("dev_r4_gz_2020_2-7_migration.csv", "没有可识别的指标列"),
        ("held_r4_cnipa_2014_c3_valid_service.csv", "没有可识别的指标列"),
        ("held_r4_stats_2007_21-39_research_institutes.csv", "请用 --region"),
        ("held_r4_xj_2008_1-5_masked.csv", "无法自动识别"),  # every value printed as ***
    ],
)
def test_round4_refused_with_a_reason(settings, name: str, why: str) -> None:
    with pytest.raises(IngestError, match=why):
        import_file(settings, "statistics", FIX / name, "auto")


def test_indicator_in_the_title_over_year_columns(settings, tmp_path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "2-2 各区年末常住人口,,\n单位:万人,,\n地区,2018,2019\n荔湾区,96.37,97.83\n越秀区,117.89,120.97\n"
        "Note: revised after the 2020 census,,\n",
        encoding="utf-8",
    )
    s = import_file(settings, "statistics", f, "auto")
    assert (s.loaded, s.quarantined) == (4, 1)
    got = dict(((c, y), v) for c, y, v in _rows(settings, "SELECT region_code, year, value FROM statistics"))
    assert got[("440103", 2018)] == 96.37 and got[("440104", 2019)] == 120.97


@pytest.mark.parametrize(
    "title",
    [
        "主要年份各区常住人口城镇人口比重",
        "各区人均地区生产总值",
        "各区地区生产总值指数",
        "各区地区生产总值和常住人口",
    ],
)
def test_a_title_of_rates_or_two_indicators_names_no_column(settings, tmp_path, title: str) -> None:
    f = tmp_path / "t.csv"
    f.write_text(f"{title},,\n地区,2018,2019\n荔湾区,96.37,97.83\n", encoding="utf-8")
    with pytest.raises(IngestError):
        import_file(settings, "statistics", f, "auto")


def test_english_unit_line_and_names(settings, tmp_path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "Gross Regional Product by Region,,\n(Unit: 100 million yuan),,\nRegion,2022,2023\n"
        "Beijing,41610.9,43760.7\nInner Mongolia,23158.6,24627.0\nHong Kong,1,2\n",
        encoding="utf-8",
    )
    s = import_file(settings, "statistics", f, "auto")
    assert (s.loaded, s.quarantined) == (4, 2)
    got = dict(
        ((c, y), (v, u))
        for c, y, v, u in _rows(settings, "SELECT region_code, year, value, unit FROM statistics")
    )
    assert got[("150000", 2023)] == (24627.0, "亿元")


def test_a_title_naming_a_longer_indicator_is_that_one(settings, tmp_path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "各市涉专利技术合同成交额,,\n单位:亿元,,\n地区,2022,2023\n广州市,12.5,13.1\n", encoding="utf-8"
    )
    s = import_file(settings, "statistics", f, "auto")
    assert s.loaded == 2
    assert _rows(settings, "SELECT DISTINCT variable FROM statistics") == [("patent_tech_contract_amount",)]


def test_whole_society_qualifier_names_the_same_indicator(settings) -> None:
    # found on the held-out 三明 13-1 (README round 4: not blind for this rule): 全社会R&D经费内部支出
    # is the catalogue's own wording of rd_expenditure (catalog.yaml text), 万元 from the unit column
    s = import_file(
        settings, "statistics", FIX / "held_r4_sm_2020_13-1_rd_years.csv", "auto", region="350400"
    )
    assert (s.loaded, s.quarantined) == (13, 0)
    got = dict(_rows(settings, "SELECT year, value FROM statistics WHERE unit = '万元'"))
    assert got[2000] == 8907.7 and got[2019] == 281565.2 and got[2018] == 247444.0605


@pytest.mark.parametrize(
    "name",
    [
        "dev_r5_cnipa_2015_b4_grants_service.csv",  # 专利授权量: patent data, no statistic
        "held_r5_cnipa_2018_a7_invention_app_service.csv",  # 发明专利申请量, `A*` footnote marker
    ],
)
@pytest.mark.parametrize("given", [{}, {"region": "110000"}, {"year": 2018}])
def test_round5_patent_counts_by_region_are_no_statistic(settings, name: str, given: dict) -> None:
    """Patent grants/applications by province come from the patent data, never the statistics
    table: refused whatever region or year a person states, with the yearbook reader's reason."""
    with pytest.raises(IngestError, match="没有可识别的指标列"):
        import_file(settings, "statistics", FIX / name, "auto", **given)


HUNAN_2019 = {  # 湖南 year-end 2019 常住人口 (万人), as the 2020-11 and 2021-02 tables repeat it
    "430000": 6918.40,
    "430100": 839.45,
    "430200": 402.85,
    "430300": 288.20,
    "430400": 730.06,
    "430500": 730.24,
    "430600": 577.13,
    "430700": 577.20,
    "430800": 154.90,
    "430900": 442.07,
    "431000": 475.50,
    "431100": 544.61,
    "431200": 498.33,
    "431300": 394.13,
    "433100": 263.83,
}


def test_round5_prefecture_rows_population_column_among_patent_counts(settings, tmp_path) -> None:
    """湖南 2020-11 有效发明专利统计表: only the 常住人口 (万人) column is a statistic, but a monthly
    table's population is the earlier year's bulletin figure (the 2021-02 table prints the same
    values), so nothing is loaded under 2020: every value reported (round 6 relabel). With a note
    dating the column (constructed: the real table plus one line) the 15 rows load under that year:
    short names (张家界, 湘西州), spaced 全 省, `-` for 其 他's missing values."""
    src = FIX / "held_r5_hunan_2020-11_valid_inventions.csv"
    s = import_file(settings, "statistics", src, "auto")
    assert (s.read, s.loaded, s.quarantined) == (15, 0, 15)
    assert all("月度或期中统计" in r for r in s.quarantine_reasons)
    noted = tmp_path / "hunan_noted.csv"
    noted.write_text(src.read_text(encoding="utf-8") + "常住人口：2019年末数\n", encoding="utf-8")
    s = import_file(settings, "statistics", noted, "auto")
    assert (s.loaded, s.quarantined) == (15, 1)  # the note row itself is reported
    got = dict(_rows(settings, "SELECT region_code, value FROM statistics WHERE year = 2019"))
    assert got == HUNAN_2019
    assert _rows(settings, "SELECT DISTINCT variable, unit FROM statistics") == [("population", "万人")]


def test_round6_a_note_dates_the_population_column(settings) -> None:
    """湖南 2025-07 有效发明专利统计表 (dev): the note 常住人口:数据来自于…2024年…统计公报 dates the
    column, not the title's 2025; 其 他 (`-`) holds no statistic."""
    s = import_file(settings, "statistics", FIX / "dev_r6_hunan_2025-07_valid_inventions.csv", "auto")
    assert (s.read, s.loaded, s.quarantined) == (16, 15, 1)
    got = dict(_rows(settings, "SELECT region_code, value FROM statistics WHERE year = 2024"))
    assert got == {
        "430000": 6539,
        "430100": 1061.65,
        "430200": 383.78,
        "430300": 269.18,
        "430400": 643.43,
        "430500": 630,
        "430600": 498.75,
        "430700": 516.9,
        "430800": 148.7,
        "430900": 373.52,
        "431000": 457.78,
        "431100": 501.85,
        "431200": 441.59,
        "431300": 372.77,
        "433100": 239.2,
    }


def test_round6_monthly_table_without_a_dated_column_loads_nothing(settings) -> None:
    """湖南 2021-02 (held-out): the population repeats the 2019 figures; its last two rows lost
    their labels (其 他, 全 省) in the stored copy. Every value row reported, none dropped."""
    s = import_file(settings, "statistics", FIX / "held_r6_hunan_2021-02_valid_inventions.csv", "auto")
    assert (s.read, s.loaded, s.quarantined) == (16, 0, 16)
    assert s.quarantine_reasons["没有地区或年份的行"] == 2
    assert sum(n for r, n in s.quarantine_reasons.items() if "2021年2月" in r) == 14


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("dev_r6_fj_2022_16-5_patents_years.csv", {}),  # 专利申请/授权数 by year, 福建 in the book only
        ("dev_r6_fj_2022_16-5_patents_years.csv", {"region": "350000"}),
        ("dev_r6_zj_2014h1_hightech_cities.csv", {}),  # 高新技术产业产值, half a year
        ("dev_r6_fj_2020_15-4_above_scale_rd.csv", {"region": "350000"}),  # enterprise groups
        ("held_r6_cnipa_2009_c2_valid_three_kinds.csv", {}),  # 北京 beijing: one cell
        ("held_r6_cnipa_2009_c2_valid_three_kinds.csv", {"year": 2009}),
        ("held_r6_jl_2011-11_invention_grants.csv", {}),  # monthly, 台湾 and 香港 rows
        ("held_r6_changde_patents_by_county.csv", {"year": 2017}),  # 常德经开区, 管理区 rows
        ("held_r6_fj_2022_16-4_above_scale_rd.csv", {"region": "350000"}),
        ("held_r6_gd_2018_city_invention_grants.csv", {}),  # rank | city | 2018 | 2017 | 2014
    ],
)
def test_round6_refused_with_a_reason(settings, name: str, given: dict) -> None:
    with pytest.raises(IngestError, match=r"没有可识别的指标列|--region 只用于"):
        import_file(settings, "statistics", FIX / name, "auto", **given)


@pytest.mark.parametrize(
    "name", ["dev_r6_fj_2020_15-4_above_scale_rd.csv", "held_r6_fj_2022_16-4_above_scale_rd.csv"]
)
def test_round6_enterprise_group_rows_are_reported_not_placed(settings, name: str) -> None:
    """规模以上工业企业 R&D by size and ownership (福建统计年鉴): 大型, 中央, 内资企业 … are no
    regions, 总计 has no region to be the total of: every row reported, nothing loaded."""
    s = import_file(settings, "statistics", FIX / name, "auto")
    assert s.loaded == 0 and s.quarantined == s.read > 0
    assert s.quarantine_reasons["无法识别地区"] >= 7


def test_a_part_year_bulletin_row_is_reported_not_loaded_as_the_year(settings, tmp_path) -> None:
    """An indicator-rows bulletin dated to half a year: its 地区生产总值 is a half-year total,
    reported, never the year's gdp; a column printing its own year still loads under it."""
    f = tmp_path / "h1.csv"
    f.write_text(
        "长沙市2023年1—6月主要经济指标,,\n指标,1—6月,比上年同期增长(%)\n地区生产总值(亿元),6890.5,4.8\n"
    )
    s = import_file(settings, "statistics", f, "auto")
    assert (s.loaded, s.quarantined) == (0, 1)
    assert "2023年1—6月" in next(iter(s.quarantine_reasons))
    h = tmp_path / "h2.csv"  # the period in the column header, not the title
    h.write_text("长沙市主要经济指标,,\n指标,2023年1—6月,2022年\n地区生产总值(亿元),6890.5,14331.98\n")
    s = import_file(settings, "statistics", h, "auto")
    assert (s.loaded, s.quarantined) == (1, 1)
    assert _rows(settings, "SELECT year, value FROM statistics WHERE variable = 'gdp'") == [(2022, 14331.98)]
    g = tmp_path / "m.csv"
    g.write_text(
        "2021年2月各市统计表,,\n地区,2019年常住人口(万人),专利量\n长沙市,839.45,34800\n株洲市,402.85,7281\n"
    )
    s = import_file(settings, "statistics", g, "auto")
    assert s.loaded == 2
    assert _rows(settings, "SELECT DISTINCT year FROM statistics WHERE variable = 'population'") == [(2019,)]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("2021年2月湖南省有效发明专利统计表", "2021年2月"),
        ("2012年10月份国内发明专利授权状况表", "2012年10月"),
        ("2022年1—6月各市吸纳技术合同情况", "2022年1—6月"),
        ("2014年上半年各市高新技术产业产值", "2014年上半年"),
        ("2023年前三季度主要指标", "2023年前三季度"),
        ("2021年1-12月分国内外专利授权统计表", None),  # the whole year
        ("常住人口第七次全国人口普查2020年11月1日", None),  # a census date, not a month's table
        ("2024年金华市人口主要数据公报", None),
        ("截至2023年12月底各县（市、区）实有市场主体", None),  # year-end stock
        ("2023年11月底各县（市、区）实有市场主体", "2023年11月"),
    ],
)
def test_part_year_titles(title: str, period: str | None) -> None:
    from ipatlas.ingest.yearbook_dates import part_year

    assert part_year([title]) == period


def test_note_years_need_an_indicator_and_one_year() -> None:
    from ipatlas.ingest.yearbook_dates import note_years

    names = {"常住人口": "population", "地区生产总值": "gdp"}.get
    assert note_years(["常住人口:数据来自于湖南省统计局2024年全省及各市州统计公报"], names) == {
        "population": "2024"
    }
    assert note_years(["注：地区生产总值：2022年数据"], names) == {"gdp": "2022"}
    assert note_years(["常住人口：2019年和2020年"], names) == {}  # two years date nothing
    assert note_years(["注：2024年起统计口径调整"], names) == {}  # no indicator named


def test_indicator_rows_with_region_columns_each_value_to_its_column(settings, tmp_path) -> None:
    """指标 | 全省 | 长沙市 | … (constructed: no such real table was found in the stored pages):
    each value belongs to its column's region, never to the region the title names; an economic
    zone's column (长株潭) and a column no region can be told for are reported value by value."""
    f = tmp_path / "cols.csv"
    f.write_text(
        "2023年湖南省各市州主要经济指标,,,,,,\n"
        "指标,全省,长沙市,株洲市,长株潭,湘潭市,西洞庭管理区\n"
        "地区生产总值(亿元),50012.85,14331.98,3846.3,20939.3,2761.0,45.2\n"
        "年末常住人口(万人),6568,1051.31,380.6,1702.4,270.5,…\n",
        encoding="utf-8",
    )
    s = import_file(settings, "statistics", f, "auto")
    assert (s.read, s.loaded, s.quarantined) == (11, 8, 3)
    assert s.quarantine_reasons["「长株潭」是经济区域，不是行政区划：其数据不属于任何一个地区，未导入"] == 2
    assert s.quarantine_reasons["无法识别地区（列「西洞庭管理区」）"] == 1
    got = {(r, v): x for r, v, x in _rows(settings, "SELECT region_code, variable, value FROM statistics")}
    assert got[("430000", "gdp")] == 50012.85 and got[("430100", "gdp")] == 14331.98
    assert got[("430300", "population")] == 270.5 and len(got) == 8
    with pytest.raises(IngestError, match="按地区分列"):
        import_file(settings, "statistics", f, "auto", region="430100")
