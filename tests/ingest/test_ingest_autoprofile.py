"""``--profile auto``: a file's layout is recognised from its own header.

The Patentics file is a real export (15 rows of tests/ingest/fixtures/patentics_vr_2022.csv, cited in
profiles/patents/_aliases.yaml): other column names, a field selection without address or patent
type, main classes as subclasses only (G09B), lists separated by " | ", a trailing comma on every row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import GOOD_PATENTS, TM_HEADER, check_invariant, write_patents, write_table

from ipatlas.errors import IngestError
from ipatlas.ingest import import_file
from ipatlas.ingest.autoprofile import aliases, choose_profile
from ipatlas.store.lake import Lake

PATENTICS = Path(__file__).parent / "fixtures" / "patentics_vr_2022.csv"


def _records(settings, table: str = "patents") -> list[dict]:
    files = [str(f) for f in Lake(settings.lake_dir).files(table)]
    rel = duckdb.sql(f"SELECT * FROM read_parquet({files!r})")
    return [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]


def test_a_real_patentics_export_imports_without_a_profile(settings):
    s = import_file(settings, "patents", PATENTICS, "auto")
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (15, 15, 0)
    assert s.profile == "auto"
    assert s.columns["app_no"] == "申请号" and s.columns["ipcs"] == "国际分类"
    assert "address" not in s.columns and "kind" not in s.columns
    by_app = {r["app_no"]: r for r in _records(settings)}
    r = by_app["CN202210016632.1"]
    # kind from the application number's type digit; main class: first listed symbol of G09B
    assert r["kind"] == "invention" and r["ipc_main"] == "G09B 9/00"
    assert r["ipcs"] == ["G09B 9/00", "G06T 19/00"] and r["legal_status"] == "pending"
    assert by_app["CN202123402459.9"]["kind"] == "utility"
    two = ["北京乐客灵境科技有限公司", "广州市乐工电子实业有限责任公司"]
    assert by_app["CN202210039318.5"]["applicants"] == two
    # no address column: placed by the applicant's name, never finer than the province
    assert by_app["CN202111450040.2"]["province_code"] == "610000"  # 西安交通大学
    assert by_app["CN202111450040.2"]["region_level"] == "province"
    assert all(x["adcode"] is None for x in by_app.values())
    assert by_app["CN201980100026.4"]["region_level"] == "none"  # 神经进程公司
    again = import_file(settings, "patents", PATENTICS, "auto")
    assert (again.loaded, again.duplicates) == (0, 15)


@pytest.mark.parametrize("name", ["standard", "incopat", "patsnap"])
def test_a_file_in_a_builtin_layout_is_read_with_that_profile(settings, tmp_path, name):
    f = write_patents(tmp_path / f"{name}.csv", GOOD_PATENTS, name)
    auto = import_file(settings, "patents", f, "auto")
    assert auto.profile == name
    explicit = import_file(settings, "patents", f, name)
    assert (explicit.loaded, explicit.duplicates) == (0, auto.loaded)


def test_a_field_selection_with_other_names_is_mapped_field_by_field(settings, tmp_path):
    # gazette-style names, no patent type, no legal status, no IPC main: only what was exported
    names = {"app_no": "专利号", "filing_date": "申请日期", "title": "发明创造名称", "applicants": "专利权人",
             "address": "专利权人地址", "ipcs": "分类号"}  # fmt: skip
    rows = [[p[f] for f in names] for p in GOOD_PATENTS]
    f = write_table(tmp_path / "gazette.csv", list(names.values()), rows)
    s = import_file(settings, "patents", f, "auto")
    check_invariant(s)
    assert s.profile == "auto" and s.columns == names
    assert s.loaded == len(GOOD_PATENTS)
    first = {r["app_no"]: r for r in _records(settings)}[GOOD_PATENTS[0]["app_no"]]
    assert first["adcode"] == "500106" and first["kind"] == "invention"


def test_the_cnipr_download_columns_are_recognised():
    # the column list of CNIPR's download (cited in profiles/patents/_aliases.yaml)
    header = "申请（专利）号,名称,主分类号,分类号,申请（专利权）人,发明（设计）人,公开（公告）日,公开（公告）号,专利代理机构,代理人,申请日,地址,摘要,国省代码"  # noqa: E501
    p = choose_profile("patents", header.split(","), "cnipr.xlsx")
    got = {f: c for c, (f, _r) in p.all_columns().items()}
    assert got == {
        "app_no": "申请（专利）号", "title": "名称", "ipc_main": "主分类号", "ipcs": "分类号",
        "applicants": "申请（专利权）人", "inventors": "发明（设计）人", "pub_date": "公开（公告）日",
        "pub_no": "公开（公告）号", "agency": "专利代理机构", "filing_date": "申请日", "address": "地址",
        "abstract": "摘要",
    }  # fmt: skip


def test_unrecognised_layout_names_what_is_missing(settings, tmp_path):
    f = write_table(tmp_path / "x.csv", ["编号", "日期", "名称"], [["1", "2020-01-01", "x"]])
    with pytest.raises(IngestError) as e:
        import_file(settings, "patents", f, "auto")
    msg = str(e.value)
    assert "app_no" in msg and "申请号" in msg and "编号、日期、名称" in msg and "--profile" in msg
    assert str(f) in msg


def test_auto_is_refused_where_no_layout_is_known(settings, tmp_path):
    f = write_table(tmp_path / "g.csv", ["产品名称", "省份"], [["涪陵榨菜", "重庆市"]])
    with pytest.raises(IngestError, match="自动识别"):
        import_file(settings, "gi", f, "auto")


def test_a_yearbook_table_in_other_words_and_units(settings, tmp_path):
    """A county yearbook extract: its own column names, population in 人 (not 万人) as the header
    says, and the 10,000-person unit the catalogue expects reached through its unit table."""
    header = ["县（市、区）", "年度", "常住人口（人）", "地区生产总值（亿元）", "备注"]
    rows = [["永川区", "2020", "1147000", "1017.7", ""], ["渝北区", "2020", "2192000", "2100", "x"]]
    s = import_file(settings, "statistics", write_table(tmp_path / "yb.csv", header, rows), "auto")
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined, s.profile) == (4, 4, 0, "auto")
    got = {
        (r["region_code"], r["variable"]): (r["value"], r["unit"]) for r in _records(settings, "statistics")
    }
    assert got[("500118", "population")] == (1147000.0, "人")
    assert got[("500112", "gdp")] == (2100.0, "亿元")
    missing = write_table(tmp_path / "m.csv", ["地区", "年份", "备注"], [["江北区", "2020", "x"]])
    with pytest.raises(IngestError, match="缺少指标列"):
        import_file(settings, "statistics", missing, "auto")


def test_trademarks_auto(settings, tmp_path):
    header = ["申请/注册号", "类别", "商标", "注册人", "注册人地址", "申请日", "注册公告日期"]
    owner = ["重庆某某科技有限公司", "重庆市渝北区金开大道1号"]
    rows = [["12345678", "9", "示例", *owner, "2015-01-01", "2016-02-01"]]
    s = import_file(settings, "trademarks", write_table(tmp_path / "tm.csv", header, rows), "auto")
    check_invariant(s)
    assert s.loaded == 1 and s.columns["owner"] == "注册人"
    assert _records(settings, "trademarks")[0]["adcode"] == "500112"
    assert choose_profile("trademarks", TM_HEADER, "x").name == "standard"


def test_every_alias_maps_one_field():
    for table in ("patents", "trademarks"):
        seen: dict[str, str] = {}
        for field, names in aliases(table).items():
            for n in names:
                assert seen.setdefault(n, field) == field, f"{table}: {n} → {seen[n]} and {field}"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_header_below_export_metadata_is_found(settings, tmp_path, suffix):
    rows = list(csv.reader(PATENTICS.open(encoding="utf-8")))
    meta = [["检索式：TI=虚拟现实"], ["导出时间：2022-05-07"], []]
    f = write_table(tmp_path / f"meta{suffix}", meta[0], meta[1:] + rows)
    s = import_file(settings, "patents", f, "auto")
    assert (s.read, s.loaded, s.quarantined) == (15, 15, 0)
    rows_seen = sorted(r["source_row"] for r in _records(settings))
    assert rows_seen == list(range(5, 20))  # the spreadsheet's own row numbers


def test_a_trailing_delimiter_reads_the_same_on_every_reader_path(settings, tmp_path):
    # UTF-8 takes DuckDB's parallel reader, GB18030 the exact one: the same records from both
    gbk = tmp_path / "patentics_gbk.csv"
    gbk.write_bytes(PATENTICS.read_text("utf-8").encode("gb18030"))
    a = import_file(settings, "patents", PATENTICS, "auto")
    b = import_file(settings, "patents", gbk, "auto")
    assert (a.loaded, b.loaded, b.duplicates, b.quarantined) == (15, 0, 15, 0)


def test_a_value_beyond_its_level_is_quarantined_as_a_unit_the_file_did_not_state(settings, tmp_path):
    """Persons under a bare 常住人口 header are read in the default 万人: 1,147,000 万人 for one
    district is more than the nation, so the cell is quarantined with its reason, not loaded; the
    same figure with its unit in the header, and a plausible 万人 figure, load."""
    header = ["县（市、区）", "年度", "常住人口", "R&D经费支出（万元）"]
    rows = [["永川区", "2020", "1147000", "250000"], ["渝北区", "2020", "219.2", "9900000000"]]
    s = import_file(settings, "statistics", write_table(tmp_path / "yb.csv", header, rows), "auto")
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (4, 2, 2)
    assert {q.value for q in s.quarantine_sample} == {"1147000 万人", "9900000000 万元"}
    assert all("合理上限" in q.reason for q in s.quarantine_sample)
    got = {(r["region_code"], r["variable"]): r["value"] for r in _records(settings, "statistics")}
    assert got == {("500112", "population"): 219.2, ("500118", "rd_expenditure"): 250000.0}


def test_a_negative_count_is_quarantined(settings, tmp_path):
    """A population or an amount is never negative (the catalogue's statistics: min 0)."""
    header = ["县（市、区）", "年度", "常住人口（万人）"]
    rows = [["永川区", "2020", "-114.7"], ["渝北区", "2020", "219.2"]]
    s = import_file(settings, "statistics", write_table(tmp_path / "neg.csv", header, rows), "auto")
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (2, 1, 1)
    assert s.quarantine_sample[0].value == "-114.7 万人"
    assert "最小可能值" in s.quarantine_sample[0].reason
