"""``--profile auto`` on the export layouts of other databases and offices.

tests/ingest/fixtures/exports holds one small file per layout (README there: the source of every
header, which rows are real and which were re-rendered); labels.json holds the counts and field
values expected of each, written before the importer was first run on them
(scripts/score_export_layouts.py prints the same comparison as a score).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import check_invariant, write_table

from ipatlas.errors import IngestError
from ipatlas.ingest import import_file
from ipatlas.ingest.autoprofile import choose_profile
from ipatlas.ingest.profiles import Profile, check_profile
from ipatlas.ingest.sqlexpr import normalize_app_no, parse_dates
from ipatlas.store.lake import Lake

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
LABELS: dict[str, dict] = json.loads((EXPORTS / "labels.json").read_text("utf-8"))


def _records(settings, table: str) -> list[dict]:
    files = [str(f) for f in Lake(settings.lake_dir).files(table)]
    rel = duckdb.sql(f"SELECT * FROM read_parquet({files!r})")
    return [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]


def _plain(v: object) -> object:
    return v.isoformat() if isinstance(v, dt.date) else v


@pytest.mark.parametrize("name", sorted(n for n, lab in LABELS.items() if "counts" in lab))
def test_an_export_layout_imports_with_its_labelled_values(settings, name):
    label = LABELS[name]
    s = import_file(settings, label["table"], EXPORTS / name, "auto")
    check_invariant(s)
    assert [s.read, s.loaded, s.quarantined] == label["counts"]
    assert s.profile == "auto"
    by_key = {str(r[label["key"]]): r for r in _records(settings, label["table"])} if s.loaded else {}
    got = {k: {f: _plain(by_key[k].get(f)) for f in fields} for k, fields in label["records"].items()}
    assert got == label["records"]
    again = import_file(settings, label["table"], EXPORTS / name, "auto")
    assert (again.loaded, again.duplicates, again.quarantined) == (0, s.loaded, s.quarantined)


def test_a_google_patents_csv_is_refused_naming_the_missing_application_number(settings):
    """Google's CSV identifies a document by its publication number only: no 申请号 to key on."""
    with pytest.raises(IngestError) as e:
        import_file(settings, "patents", EXPORTS / "dev_google_patents.csv", "auto")
    msg = str(e.value)
    assert "app_no" in msg and "申请号" in msg and "--profile" in msg
    assert "id、title、assignee、inventor/author" in msg  # the file's own columns, found below the URL line


def test_foreign_application_numbers_are_quarantined_with_the_column_named(settings):
    s = import_file(settings, "patents", EXPORTS / "held_patentics_global.csv", "auto")
    assert s.quarantine_reasons == {"申请号格式错误": 3}
    assert {q.field for q in s.quarantine_sample} == {"申请号"}
    assert "US16/911183" in {q.value for q in s.quarantine_sample}


def test_english_columns_type_words_number_forms_line_lists_and_excel_dates(settings, tmp_path):
    """Generated rows (real patents, re-rendered): English headers, the patent type in English
    and Chinese words, spaced and ZL application numbers, one list item per line, Excel dates."""
    header = ["Application Number", "Filing Date", "Publication Number", "Publication Date", "Patent Type",
              "Title", "Applicant", "Applicant Address", "Inventors", "IPC", "Legal Status"]  # fmt: skip
    gz = ["广州雅妍时光医疗美容门诊部有限公司", "广东省广州市天河区"]
    rows = [
        ["CN 2022 1 0016632.1", dt.date(2022, 1, 7), "CN114399933A", dt.date(2022, 4, 26), "Invention", "t1",
         *gz, "孙恺\n张福生", "G09B 9/00\nG06T 19/00", "Pending"],
        ["ZL202123402459.9", dt.date(2021, 12, 30), "CN216391212U", dt.date(2022, 4, 26), "Utility model",
         "t2", "郑州科技学院", "Zhengzhou, Henan", "梁飞", "H04N 5/225", "ACTIVE"],
        ["CN202111450040.2", "2021/11/30", "CN114399613A", "20220426", "发明申请", "t3", "西安交通大学",
         "陕西省西安市咸宁西路28号", "符均", "G06T 19/00", "pending"],
    ]  # fmt: skip
    f = write_table(tmp_path / "en.xlsx", header, rows)
    s = import_file(settings, "patents", f, "auto")
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (3, 3, 0)
    assert s.columns["address"] == "Applicant Address" and s.columns["kind"] == "Patent Type"
    got = {r["app_no"]: r for r in _records(settings, "patents")}
    first = got["CN202210016632.1"]
    assert (first["kind"], first["filing_date"], first["legal_status"]) == (
        "invention",
        dt.date(2022, 1, 7),
        "pending",
    )
    assert first["inventors"] == ["孙恺", "张福生"] and first["ipcs"] == ["G09B 9/00", "G06T 19/00"]
    second = got["CN202123402459.9"]
    assert (second["kind"], second["legal_status"], second["province_code"]) == ("utility", "valid", "410000")
    assert got["CN202111450040.2"]["filing_date"] == dt.date(2021, 11, 30)
    again = import_file(settings, "patents", f, "auto")
    assert (again.loaded, again.duplicates) == (0, 3)


def test_number_and_date_forms():
    given = ["CN 202210016632 A", "CN 202123402459 U", "CN 2022 1 0016632.1", "ZL202210261533.X"]
    want = ["CN202210016632.1", "CN202123402459.9", "CN202210016632.1", "CN202210261533.X"]
    assert normalize_app_no(given) == [(w, None) for w in want]
    # a kind letter is not a check digit: "A" after a complete number with its check digit is wrong
    assert normalize_app_no(["CN202210016632.1A"])[0][0] is None
    formats = ["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d"]
    assert parse_dates(["2021.03.05", "20210305", "2021/3/5", "44260"], formats) == [dt.date(2021, 3, 5)] * 4


def test_an_espacenet_csv_is_refused_naming_the_missing_application_number(settings):
    """Espacenet's CSV: seven lines of search metadata, then a ';'-separated header with the
    publication number only (one row per family): no 申请号 to key on."""
    with pytest.raises(IngestError) as e:
        import_file(settings, "patents", EXPORTS / "dev_espacenet.csv", "auto")
    msg = str(e.value)
    assert "app_no" in msg and "--profile" in msg
    assert "No、Title、Inventors、Applicants、Publication number、Earliest priority" in msg


def _mapped(headers: list[str]) -> dict[str, str]:
    prof = choose_profile("patents", headers, "x")
    return {field: src for src, (field, _req) in prof.all_columns().items()}


def test_date_names_in_either_form_and_qualified_names_map_to_their_field():
    """公开(公告)日期 is 公开(公告)日; Derwent's 'IPC - 现版' and '发明人 - 带有地址' (and Orbit's
    'IPC - International classification') are the names before ' - '; an exact name wins."""
    derwent = ["IPC - 现版", "IPC - 现版 - DWPI", "发明人 - 带有地址"]
    derwent += ["专利权人/申请人", "专利权人/申请人 (首位)"]
    got = _mapped(["申请号", "申请日期", "公开(公告)日期", "标题", "标题 - DWPI", *derwent])
    assert got["filing_date"] == "申请日期" and got["pub_date"] == "公开(公告)日期"
    assert got["title"] == "标题" and got["ipcs"] == "IPC - 现版" and got["inventors"] == "发明人 - 带有地址"
    assert got["applicants"] == "专利权人/申请人"
    assert _mapped(["Application Number", "Application Date", "IPC - International classification"])[
        "ipcs"
    ] == ("IPC - International classification")
    assert _mapped(["申请号", "申请日", "法律状态更新日期"])["status_date"] == "法律状态更新日期"


def test_an_address_split_over_region_columns_is_joined_on_both_reader_paths(settings, tmp_path):
    """PatSnap-style 州/省, 地市, 区县 columns and no address: joined in that order they place the
    applicant to the district. UTF-8 takes DuckDB's reader, GB18030 the exact one."""
    part = "当前申请(专利权)人"
    header = ["申请号", "申请日", f"{part}区县", f"{part}州/省", f"{part}地市"]
    rows = [["CN202210056993.9", "2022-01-18", " 海淀区 ", "北京市", "北京市"],
            ["CN202123202820.3", "2021-12-20", "", "江苏省", "苏州市"]]  # fmt: skip
    for enc in ("utf-8", "gb18030"):
        f = write_table(tmp_path / f"region_{enc}.csv", header, rows, encoding=enc)
        s = import_file(settings, "patents", f, "auto")
        assert (s.read, s.loaded + s.duplicates, s.quarantined) == (2, 2, 0)
        assert s.columns["address"] == f"{part}州/省+{part}地市+{part}区县"
    got = {r["app_no"]: r for r in _records(settings, "patents")}
    assert got["CN202210056993.9"]["adcode"] == "110108"
    assert got["CN202210056993.9"]["address"] == "北京市北京市海淀区"
    assert (got["CN202123202820.3"]["city_code"], got["CN202123202820.3"]["address"]) == (
        "320500",
        "江苏省苏州市",
    )


def test_joined_columns_need_a_mapped_field_of_a_patent_or_trademark_table(tmp_path):
    base = {"name": "x", "columns": {"申请号": "app_no", "申请日": "filing_date"}}
    check_profile(Profile(table="patents", **base, optional_columns={"省": "address"},
                          joined_columns={"address": ["市"]}), "x")  # fmt: skip
    with pytest.raises(IngestError, match=r"joined_columns\.address"):
        check_profile(Profile(table="patents", **base, joined_columns={"address": ["市"]}), "x")
