"""Trademarks, statistics (wide and long layouts) and geographical indications."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ingest_helpers import TM_HEADER, check_invariant, write_table

from ipatlas.errors import IngestError, SharedDataMissing
from ipatlas.ingest import get_import, import_file, import_gi_builtin


def test_trademarks(settings, lake, tmp_path):
    rows = [
        ["12345678", "9", "云端", "重庆某科技有限公司", "重庆市渝北区金开大道1号", "2015-01-02", "2016-03-04",
         "2026-03-03", "已注册", "普通商标", "否", "否"],
        ["1234567", "第30类", "涪陵榨菜", "重庆市涪陵榨菜协会", "重庆市涪陵区", "2003-05-06", "2005-01-01",
         "2025-01-01", "已注册", "证明商标", "是", "是"],
        ["1234567", "29", "涪陵榨菜", "重庆市涪陵榨菜协会", "重庆市涪陵区", "2003-05-06", "", "", "申请中",
         "证明商标", "是", "否"],
        ["ABC", "9", "坏", "某人", "", "", "", "", "已注册", "普通商标", "否", "否"],
        ["7654321", "50", "坏", "某人", "", "", "", "", "已注册", "普通商标", "否", "否"],
        ["7654322", "9", "坏", "", "", "", "", "", "已注册", "普通商标", "否", "否"],
        ["7654323", "9", "坏", "某人", "", "2016-01-01", "2015-01-01", "", "已注册", "普通商标", "否", "否"],
        ["7654324", "9", "坏", "某人", "", "", "", "", "异议中", "普通商标", "否", "否"],
    ]  # fmt: skip
    path = write_table(tmp_path / "tm.xlsx", TM_HEADER, rows)
    s = import_file(settings, "trademarks", path)
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (8, 3, 5)
    _, q = get_import(settings, s.import_id)
    assert {(r["source_row"], r["reason"]) for r in q} == {
        (5, "注册号格式错误"),
        (6, "国际分类错误"),
        (7, "缺少申请人"),
        (8, "注册日期早于申请日期"),
        (9, "未知商标状态"),
    }
    got = {(r["reg_no"], r["nice_class"]): r for r in lake.read("trademarks").to_pylist()}
    assert set(got) == {("12345678", 9), ("1234567", 30), ("1234567", 29)}  # key: number + class
    fl = got[("1234567", 30)]
    assert (fl["tm_type"], fl["is_gi"], fl["well_known"], fl["status"]) == (
        "certification",
        True,
        True,
        "registered",
    )
    assert fl["adcode"] == "500102"  # 涪陵区
    assert got[("12345678", 9)]["adcode"] == "500112"
    assert got[("12345678", 9)]["reg_date"] == dt.date(2016, 3, 4)
    before = lake.manifest()["tables"]["trademarks"]
    again = import_file(settings, "trademarks", path)
    assert (again.loaded, again.duplicates, again.quarantined) == (0, 3, 5)
    assert lake.manifest()["tables"]["trademarks"] == before


STATS_HEADER = [
    "区划代码",
    "地区",
    "年份",
    "年末常住人口(万人)",
    "地区生产总值(亿元)",
    "R&D经费支出(万元)",
    "备注",
]


def test_statistics_wide(settings, lake, tmp_path):
    rows = [
        ["500112", "渝北区", "2020", "219.2", "2,000.5", "—", ""],
        ["500228", "梁平县", "2020年", "64.5", "", "", ""],  # historical code → 梁平区 500155
        ["", "沙坪坝区", "2020", "147.9", "", "", ""],  # name only
        ["", "江北区", "2020", "92.6", "", "", ""],  # 重庆 or 宁波: ambiguous
        ["999999", "不存在", "2020", "1", "", "", ""],
        ["500105", "", "20x0", "1", "", "", ""],
        ["500105", "", "2021", "很多", "", "", ""],
    ]
    path = write_table(tmp_path / "stats.csv", STATS_HEADER, rows)
    s = import_file(settings, "statistics", path)
    check_invariant(s)
    # records = non-empty cells (the "—" no-data mark is not a record)
    assert (s.read, s.loaded, s.quarantined) == (8, 4, 4)
    got = {
        (r["region_code"], r["year"], r["variable"]): (r["value"], r["unit"])
        for r in lake.read("statistics").to_pylist()
    }
    assert got == {
        ("500112", 2020, "population"): (219.2, "万人"),
        ("500112", 2020, "gdp"): (2000.5, "亿元"),
        ("500155", 2020, "population"): (64.5, "万人"),
        ("500106", 2020, "population"): (147.9, "万人"),
    }
    _, q = get_import(settings, s.import_id)
    assert sorted((r["source_row"], r["reason"]) for r in q) == [
        (5, "地区名称不唯一，请填写区划代码"),
        (6, "未知区划代码"),
        (7, "年份格式错误"),
        (8, "数值格式错误"),
    ]
    assert next(r for r in q if r["source_row"] == 8)["field"] == "年末常住人口(万人)"
    # A revised figure for the same key replaces the old one (the later import wins).
    rows2 = [["500112", "渝北区", "2020", "219.5", "2,000.5", "", ""]]
    s2 = import_file(settings, "statistics", write_table(tmp_path / "rev.csv", STATS_HEADER, rows2))
    assert (s2.read, s2.replaced, s2.duplicates) == (2, 1, 1)
    got2 = {(r["region_code"], r["variable"]): r["value"] for r in lake.read("statistics").to_pylist()}
    assert got2[("500112", "population")] == 219.5


def test_statistics_long(settings, lake, tmp_path):
    path = write_table(
        tmp_path / "long.csv",
        ["region_code", "year", "variable", "value", "unit"],
        [
            ["500112", "2021", "population", "220.1", "万人"],
            ["500155", "2021", "年末常住人口", "64.0", ""],  # label → id, declared unit
            ["500112", "2021", "patent_pledges", "12", "件"],  # any id with its unit
            ["500112", "2021", "奇怪指标", "1", ""],
            ["500112", "2021", "rd_cost", "1", ""],  # no unit known
        ],
    )
    s = import_file(settings, "statistics", path)
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (5, 3, 2)
    again = import_file(settings, "statistics", path)
    assert (again.loaded, again.duplicates) == (0, 3)
    got = {(r["region_code"], r["variable"]): r["unit"] for r in lake.read("statistics").to_pylist()}
    assert got == {
        ("500112", "population"): "万人",
        ("500155", "population"): "万人",
        ("500112", "patent_pledges"): "件",
    }


def test_statistics_without_variables_is_an_error(settings, tmp_path):
    path = write_table(tmp_path / "s.csv", ["区划代码", "年份", "别的"], [["500112", "2020", "1"]])
    with pytest.raises(IngestError, match="没有可识别的指标列"):
        import_file(settings, "statistics", path)
    path = write_table(tmp_path / "s2.csv", ["区划代码", "年末常住人口(万人)"], [["500112", "1"]])
    with pytest.raises(IngestError, match="年份"):
        import_file(settings, "statistics", path)


def test_gi_user_file(settings, lake, tmp_path):
    path = write_table(
        tmp_path / "gi.csv",
        ["产品名称", "类别", "公告年份", "省份", "地市", "保护范围"],
        [
            [
                "奉节脐橙",
                "地理标志保护产品",
                "2005",
                "重庆市",
                "重庆市",
                "草堂镇、白帝镇",
            ],  # county from the name
            ["江津花椒", "", "2008", "重庆市", "", "江津市"],  # historical county name in the scope
            [
                "罗盘山生姜",
                "地理标志保护产品",
                "2015",
                "重庆市",
                "重庆市",
                "新胜镇、塘坝镇",
            ],  # no county → city
            ["某某茶", "农产品地理标志", "2019", "重庆市", "重庆市", "渝北区、北碚区"],  # two counties → city
            ["坏", "未知类", "2019", "重庆市", "", ""],
            ["", "", "", "重庆市", "", ""],
        ],
    )
    s = import_file(settings, "gi", path)
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (6, 4, 2)
    got = {r["product_name"]: r for r in lake.read("gi").to_pylist()}
    assert (got["奉节脐橙"]["adcode"], got["奉节脐橙"]["region_level"]) == ("500236", "county")
    assert (got["江津花椒"]["adcode"], got["江津花椒"]["gi_kind"]) == ("500116", "product")
    assert (got["罗盘山生姜"]["adcode"], got["罗盘山生姜"]["city_code"]) == (None, "500000")
    assert got["罗盘山生姜"]["region_level"] == "city"
    assert (got["某某茶"]["adcode"], got["某某茶"]["region_level"], got["某某茶"]["gi_kind"]) == (
        None,
        "city",
        "agri",
    )
    assert got["奉节脐橙"]["districts"] == ["草堂镇", "白帝镇"]
    assert got["奉节脐橙"]["year"] == 2005


def test_gi_builtin(settings, lake, shared_dir):
    s = import_gi_builtin(settings)
    check_invariant(s)
    raw = json.loads((shared_dir / "data" / "gi_products_2005_2023.json").read_text("utf-8"))
    assert s.read == len(raw) == 4400
    assert s.loaded + s.duplicates == 4400 and s.quarantined == 0
    con = lake.connect()
    # Published count per the data README: Chongqing 65, Shenyang 18 products.
    assert con.execute("SELECT count(*) FROM gi WHERE province = '重庆市'").fetchall()[0][0] == 65
    assert con.execute("SELECT count(*) FROM gi WHERE city = '沈阳市'").fetchall()[0][0] == 18
    cq = dict(con.execute("SELECT product_name, adcode FROM gi WHERE province = '重庆市'").fetchall())
    assert cq["合川桃片"] == "500117" and cq["酉阳青蒿"] == "500242"
    assert con.execute("SELECT count(*) FROM gi WHERE city_code IS NULL").fetchall()[0][0] < 100
    again = import_gi_builtin(settings)
    assert (again.loaded, again.duplicates) == (0, s.loaded + s.duplicates)


def test_gi_builtin_missing(settings, tmp_path):
    missing = settings.model_copy(update={"shared_dir": tmp_path / "nowhere"})
    with pytest.raises(SharedDataMissing, match=r"gi_products_2005_2023\.json"):
        import_gi_builtin(missing)


def test_the_standard_trademark_profile_reads_chinese_form_dates(settings, lake, tmp_path):
    # Chinese-form dates as the CNIPA trademark site prints them: every profile reads them, not only auto.
    rows = [
        ["12345678", "9", "星河", "甲公司", "河南省郑州市", "2012年07月14日", "2013年8月7日",
         "2023年08月06日", "已注册", "普通商标", "否", "否"],
        ["12345679", "9", "星海", "甲公司", "河南省郑州市", "2012年13月14日", "", "", "申请中",
         "普通商标", "否", "否"],
    ]  # fmt: skip
    path = write_table(tmp_path / "tm.csv", TM_HEADER, rows)
    s = import_file(settings, "trademarks", path, "standard")
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (2, 1, 1)
    (r,) = lake.read("trademarks").to_pylist()
    assert (r["app_date"], r["reg_date"], r["expiry_date"]) == (
        dt.date(2012, 7, 14),
        dt.date(2013, 8, 7),
        dt.date(2023, 8, 6),
    )
    again = import_file(settings, "trademarks", path, "standard")
    assert (again.loaded, again.duplicates, again.quarantined) == (0, 1, 1)
