"""Patent imports on real files: every built-in layout, CSV/XLSX/GB18030, quarantine, dedupe, replacement."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from ingest_helpers import GOOD_PATENTS, app, check_invariant, patent_header, write_patents, write_table

from ipatlas.errors import IngestError
from ipatlas.ingest import get_import, import_file, list_imports
from ipatlas.ingest.sqlexpr import check_digit

EXPECTED = {
    app("201410123456"): {
        "kind": "invention",
        "filing_date": dt.date(2014, 3, 5),
        "grant_date": dt.date(2016, 1, 20),
        "ipc_main": "G06F 16/24",
        "ipcs": ["G06F 16/24", "G06F 17/30"],
        "applicants": ["重庆大学", "重庆长安汽车股份有限公司"],
        "first_applicant": "重庆大学",
        "applicant_type": "university",
        "inventors": ["张三", "李四"],
        "legal_status": "valid",
        "claims": 10,
        "adcode": "500106",  # 沙坪坝区
        "region_level": "county",
    },
    "CN201520123457." + check_digit("201520123457"): {
        "kind": "utility",
        "filing_date": dt.date(2015, 2, 1),
        "ipc_main": "B25B 11/00",
        "ipcs": ["B25B 11/00"],
        "applicant_type": "individual",
        "legal_status": "lapsed",
        "legal_status_raw": "未缴年费终止失效",
        "adcode": "500155",  # 梁平县 → 梁平区 (historical name)
    },
    "CN201630123458." + check_digit("201630123458"): {
        "kind": "design",
        "filing_date": dt.date(2016, 3, 1),
        "ipc_main": None,
        "applicant_type": "institute",
        "legal_status": "expired",
        "cited_by": None,
        "adcode": "500107",  # 九龙坡区
    },
    "CN99123456." + check_digit("99123456"): {
        "kind": "invention",
        "grant_date": None,
        "ipcs": ["B23Q 1/00", "B23B 5/00"],
        "applicant_type": "enterprise",
        "legal_status": "abandoned",
        "pct_app_no": "PCT/CN1999/000123",
        "family_countries": 3,
        "adcode": "210112",  # 东陵区 → 浑南区
    },
}


def _records(lake) -> dict[str, dict]:
    t = lake.read("patents").to_pylist()
    return {r["app_no"]: r for r in t}


def _check_expected(lake) -> None:
    got = _records(lake)
    assert set(got) == set(EXPECTED)
    for app_no, fields in EXPECTED.items():
        for k, v in fields.items():
            assert got[app_no][k] == v, (app_no, k, got[app_no][k], v)


@pytest.mark.parametrize("profile", ["standard", "incopat", "patsnap"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_each_layout_loads(settings, lake, tmp_path, profile, suffix):
    path = write_patents(tmp_path / f"export{suffix}", GOOD_PATENTS, profile)
    s = import_file(settings, "patents", path, profile)
    check_invariant(s)
    assert (s.read, s.loaded, s.inserted, s.quarantined) == (4, 4, 4, 0), s.quarantine_sample
    assert s.profile == profile
    _check_expected(lake)
    rows = {r["app_no"]: r for r in lake.read("patents").to_pylist()}
    assert {r["source_row"] for r in rows.values()} == {2, 3, 4, 5}
    assert all(r["import_id"] == s.import_id and not r["is_demo"] for r in rows.values())


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("gb18030", ","), ("utf-8-sig", ","), ("utf-8", "\t"), ("gb18030", ";")]
)
def test_csv_encodings_and_delimiters(settings, lake, tmp_path, encoding, delimiter):
    path = write_patents(tmp_path / "export.csv", GOOD_PATENTS, encoding=encoding, delimiter=delimiter)
    s = import_file(settings, "patents", path)
    assert (s.read, s.loaded, s.quarantined) == (4, 4, 0), s.quarantine_sample
    _check_expected(lake)


def test_xlsx_date_cells_and_excel_serials(settings, lake, tmp_path):
    header = patent_header()
    wb = openpyxl.Workbook()
    ws = wb.active
    fields = list(header)
    ws.append([header[f] for f in fields])
    base = ["201410111111", "201410222222"]
    values = [
        {"app_no": app(base[0]), "filing_date": dt.datetime(2014, 1, 5), "kind": "发明", "claims": 7},
        {"app_no": app(base[1]), "filing_date": 41640, "kind": "发明", "claims": 7.0},  # serial = 2014-01-01
    ]
    for v in values:
        ws.append([v.get(f) for f in fields])
    wb.save(tmp_path / "dates.xlsx")
    s = import_file(settings, "patents", tmp_path / "dates.xlsx")
    assert (s.loaded, s.quarantined) == (2, 0), s.quarantine_sample
    got = _records(lake)
    assert got[app(base[0])]["filing_date"] == dt.date(2014, 1, 5)
    assert got[app(base[1])]["filing_date"] == dt.date(2014, 1, 1)
    assert got[app(base[1])]["claims"] == 7


def _bad_rows() -> list[tuple[dict, str, str]]:
    """(row fields, source column that fails, reason) — one row per quarantine reason."""
    good = dict(GOOD_PATENTS[0])
    n = iter(range(10000, 99999))

    def row(**kw):
        r = dict(good, app_no=app(f"2014101{next(n):05d}"))
        r.update(kw)
        return r

    wrong = "201410123456." + ("0" if check_digit("201410123456") != "0" else "1")
    return [
        (row(app_no=""), "申请号", "缺少申请号"),
        (row(app_no="CN12345"), "申请号", "申请号格式错误"),
        (row(app_no=wrong), "申请号", "申请号校验位错误"),
        (row(app_no="CN201470123456." + check_digit("201470123456")), "申请号", "申请号格式错误"),
        (row(filing_date=""), "申请日", "缺少申请日"),
        (row(filing_date="2014-02-30"), "申请日", "日期格式错误"),
        (row(pub_date="1800-01-01"), "公开(公告)日", "日期超出合理范围"),
        (row(kind="植物新品种"), "专利类型", "未知专利类型"),
        (row(kind="实用新型"), "专利类型", "专利类型与申请号不符"),
        (row(pub_date="2013-01-01", grant_date=""), "公开(公告)日", "公开日早于申请日"),
        (row(pub_date="", grant_date="2013-01-01"), "授权公告日", "授权公告日早于申请日"),
        (row(pub_date="2016-06-01", grant_date="2016-01-20"), "授权公告日", "授权公告日早于公开日"),
        (row(legal_status="奇怪状态"), "法律状态", "未知法律状态"),
        (row(ipc_main="G06F16/24/1"), "IPC主分类号", "IPC分类号格式错误"),
        (row(ipcs="G06F16/24;ABC"), "IPC分类号", "IPC分类号格式错误"),
        (row(claims="十"), "权利要求数", "数值格式错误"),
        (row(cited_by="-3"), "被引证次数", "数值格式错误"),
        (row(pledged="也许"), "质押", "取值无法识别"),
    ]


def test_every_quarantine_reason(settings, lake, tmp_path):
    bad = _bad_rows()
    rows = [dict(GOOD_PATENTS[0]), *[b[0] for b in bad], dict(GOOD_PATENTS[1])]
    for r in rows:
        r.setdefault("pledged", "否")
    path = write_patents(tmp_path / "dirty.csv", rows)
    # A row with too few cells, appended by hand after the header-aligned rows.
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("CN201410999999.1,2014-01-01\n")
    s = import_file(settings, "patents", path)
    check_invariant(s)
    assert s.read == len(rows) + 1
    assert s.loaded == 2
    assert s.quarantined == len(bad) + 1
    summary, qrows = get_import(settings, s.import_id)
    got = {(q["source_row"], q["field"], q["reason"]) for q in qrows}
    expected = {(i + 3, field, reason) for i, (_, field, reason) in enumerate(bad)}
    expected.add((len(rows) + 2, None, "列数不符"))
    assert got == expected
    assert summary.quarantine_reasons["IPC分类号格式错误"] == 2
    # The raw row is kept, keyed by the file's own column names.
    first = next(q for q in qrows if q["reason"] == "缺少申请号")
    assert json.loads(first["raw"])["名称"] == GOOD_PATENTS[0]["title"]
    assert all(q["file"] == str(path.resolve()) for q in qrows)
    assert set(_records(lake)) == set(list(EXPECTED)[:2])


def test_reimport_changes_nothing(settings, lake, tmp_path):
    path = write_patents(tmp_path / "export.csv", GOOD_PATENTS)
    first = import_file(settings, "patents", path)
    before = lake.manifest()["tables"]["patents"]
    again = import_file(settings, "patents", path)
    check_invariant(again)
    assert (again.read, again.loaded, again.duplicates) == (4, 0, 4)
    assert not again.data_version_changed
    assert lake.manifest()["tables"]["patents"] == before  # no new data version
    assert lake.rows("patents") == 4
    assert [i.import_id for i in list_imports(settings)] == [again.import_id, first.import_id]


def test_duplicates_within_one_file(settings, lake, tmp_path):
    a, b = dict(GOOD_PATENTS[0]), dict(GOOD_PATENTS[1])
    newer_b = dict(b, legal_status="有效", status_date="2016-01-01")
    older_b = dict(b, legal_status="审中", status_date="2015-03-01")
    path = write_patents(tmp_path / "dups.csv", [a, older_b, a, b, newer_b])
    s = import_file(settings, "patents", path)
    check_invariant(s)
    assert (s.read, s.loaded, s.duplicates) == (5, 2, 3)
    got = _records(lake)
    assert got[b["app_no"].replace("2015", "CN2015", 1)]["status_date"] == dt.date(2017, 3, 1)


def test_newer_record_replaces_and_is_recorded(settings, lake, tmp_path):
    rec = dict(GOOD_PATENTS[0], legal_status="实质审查", status_date="2015-01-01", grant_date="")
    first = import_file(settings, "patents", write_patents(tmp_path / "a.csv", [rec, GOOD_PATENTS[1]]))
    newer = dict(GOOD_PATENTS[0])  # granted, valid, status 2016-01-20
    second = import_file(settings, "patents", write_patents(tmp_path / "b.csv", [newer]))
    check_invariant(second)
    assert (second.loaded, second.replaced, second.inserted) == (1, 1, 0)
    got = _records(lake)
    assert len(got) == 2
    assert got[rec["app_no"]]["legal_status"] == "valid"
    assert got[rec["app_no"]]["import_id"] == second.import_id
    repl = lake.read("replacements").to_pylist()
    assert len(repl) == 1
    r = repl[0]
    assert (r["import_id"], r["table"], r["key"], r["old_import_id"]) == (
        second.import_id,
        "patents",
        rec["app_no"],
        first.import_id,
    )
    assert r["new_record_hash"] == got[rec["app_no"]]["record_hash"] != r["old_record_hash"]
    # The older version again: stale → counted as a duplicate, nothing written.
    before = lake.manifest()["tables"]["patents"]
    stale = import_file(settings, "patents", write_patents(tmp_path / "c.csv", [rec]))
    assert (stale.loaded, stale.duplicates) == (0, 1)
    assert lake.manifest()["tables"]["patents"] == before
    # Same dates, different content: the later import wins.
    retitled = dict(newer, title="一种改进的数据处理方法")
    later = import_file(settings, "patents", write_patents(tmp_path / "d.csv", [retitled]))
    assert (later.replaced, later.duplicates) == (1, 0)
    assert _records(lake)[rec["app_no"]]["title"] == "一种改进的数据处理方法"
    assert len(lake.read("replacements")) == 2


def test_missing_required_column_fails_before_writing(settings, lake, tmp_path):
    path = write_patents(tmp_path / "nofiling.csv", GOOD_PATENTS, drop=("filing_date",))
    with pytest.raises(IngestError) as err:
        import_file(settings, "patents", path)
    assert "申请日" in err.value.message and "nofiling.csv" in err.value.message
    assert err.value.context["field"] == "申请日"
    assert lake.manifest()["seq"] == 0 and lake.manifest()["tables"] == {}


def test_optional_columns_mapped_when_present(settings, lake, tmp_path):
    rows = [dict(r, applicant_type="个人", pledged="是") for r in GOOD_PATENTS[:1]]
    s = import_file(settings, "patents", write_patents(tmp_path / "opt.csv", rows))
    assert s.loaded == 1
    rec = next(iter(_records(lake).values()))
    assert rec["applicant_type"] == "individual"  # from the column, not the name rule
    assert rec["pledged"] is True


def test_demo_sidecar_marks_records(settings, lake, tmp_path):
    path = write_patents(tmp_path / "demo.csv", GOOD_PATENTS)
    (tmp_path / "demo.csv.ipatlas-demo.json").write_text("{}")
    s = import_file(settings, "patents", path)
    assert s.is_demo
    assert all(r["is_demo"] for r in lake.read("patents").to_pylist())
    assert list_imports(settings)[0].is_demo


def test_user_profile_file(settings, lake, tmp_path):
    prof = tmp_path / "mine.yaml"
    prof.write_text(
        "name: mine\ntable: patents\ncolumns:\n  AppNo: app_no\n  Filed: filing_date\n  Type: kind\n"
        "date_formats: ['%d.%m.%Y']\nvalue_maps:\n  kind: {INV: invention, UM: utility}\n",
        encoding="utf-8",
    )
    path = write_table(
        tmp_path / "mine.csv",
        ["AppNo", "Filed", "Type", "Ignored"],
        [[app("201410123456"), "05.03.2014", "INV", "x"], [app("201520123457"), "01.02.2015", "UM", ""]],
    )
    s = import_file(settings, "patents", path, prof)
    assert (s.loaded, s.quarantined) == (2, 0), s.quarantine_sample
    assert s.profile == str(prof.resolve())
    assert _records(lake)[app("201410123456")]["filing_date"] == dt.date(2014, 3, 5)


def test_multiline_quoted_values(settings, lake, tmp_path):
    rows = [dict(GOOD_PATENTS[0], abstract="第一行\n第二行"), GOOD_PATENTS[1]]
    s = import_file(settings, "patents", write_patents(tmp_path / "ml.csv", rows))
    assert (s.loaded, s.quarantined) == (2, 0)
    got = {r["source_row"]: r for r in lake.read("patents").to_pylist()}
    assert got[2]["abstract"] == "第一行\n第二行"
    assert set(got) == {2, 3}


def test_applicant_type_rule(settings, lake, tmp_path):
    names = {
        "重庆大学": "university",
        "重庆城市管理职业学院": "university",
        "中国科学院重庆绿色智能技术研究院": "institute",
        "重庆长安汽车股份有限公司": "enterprise",
        "重庆市某某蔬菜专业合作社": "enterprise",
        "重庆市知识产权局": "government",
        "重庆医科大学附属第一医院": "university",
        "重庆市中医院": "government",
        "张三丰": "individual",
        "买买提·艾力": "individual",
        "SONY CORPORATION": "enterprise",
        "ABCDEFG": None,
    }
    rows = [
        dict(GOOD_PATENTS[0], app_no=app(f"2014101{i:05d}"), applicants=name) for i, name in enumerate(names)
    ]
    s = import_file(settings, "patents", write_patents(tmp_path / "types.csv", rows))
    assert s.loaded == len(names)
    got = {r["first_applicant"]: r["applicant_type"] for r in lake.read("patents").to_pylist()}
    assert got == names


def test_gb18030_detected_after_an_ascii_start(settings, lake, tmp_path):
    """The first megabyte is plain ASCII (valid UTF-8); GB18030 text appears further down."""
    prof = tmp_path / "ascii.yaml"
    prof.write_text(
        "name: ascii\ntable: patents\ncolumns:\n  AppNo: app_no\n  Filed: filing_date\n  Title: title\n",
        encoding="utf-8",
    )
    rows = [[app(f"2014101{i:05d}"), "2014-03-05", "x" * 120] for i in range(9000)]
    rows.append([app("201410199999"), "2014-03-05", "一种数据处理方法"])
    path = write_table(tmp_path / "late.csv", ["AppNo", "Filed", "Title"], rows, encoding="gb18030")
    assert path.stat().st_size > 1 << 20
    s = import_file(settings, "patents", path, prof)
    assert (s.loaded, s.quarantined) == (9001, 0)
    assert _records(lake)[app("201410199999")]["title"] == "一种数据处理方法"


def test_large_file_in_many_chunks(settings, lake, tmp_path, monkeypatch):
    """Files are staged chunk by chunk; row numbers, quarantine and counts must not notice."""
    from ipatlas.ingest import readers

    monkeypatch.setattr(readers, "BLOCK_SIZE", 64 << 10)
    monkeypatch.setattr(readers, "CHUNK_ROWS", 700)
    rows = []
    for i in range(5000):
        r = dict(GOOD_PATENTS[0], app_no=app(f"2014101{i:05d}"), title=f"标题{i}")
        if i % 997 == 0:
            r["filing_date"] = "2014-13-01"  # bad, spread over many chunks
        rows.append(r)
    rows.append(dict(rows[10]))  # an in-file duplicate far from its twin
    s = import_file(settings, "patents", write_patents(tmp_path / "big.csv", rows))
    check_invariant(s)
    bad = [i for i in range(5000) if i % 997 == 0]
    assert (s.read, s.quarantined, s.duplicates, s.loaded) == (5001, len(bad), 1, 5000 - len(bad))
    _, q = get_import(settings, s.import_id)
    assert [r["source_row"] for r in q] == [i + 2 for i in bad]
    got = {r["title"]: r["source_row"] for r in lake.read("patents").to_pylist()}
    assert got["标题4321"] == 4323 and got["标题10"] in (12, 5002)


@pytest.mark.parametrize("char", ["\v", "\f", "\x1c", "\x85", "\u2028"])
def test_header_with_a_line_separator_that_csv_does_not_break_at(settings, tmp_path, char: str) -> None:
    # str.splitlines breaks at these, a CSV reader does not: the header must not be cut in two
    # (it was, and the first data row was then skipped as part of the header: read 3 of 4).
    p = write_patents(tmp_path / "p.csv", [dict(r) for r in GOOD_PATENTS])
    head, rest = p.read_text("utf-8").split("\n", 1)
    rows = [line.rstrip("\r") for line in rest.split("\n") if line]
    p.write_text(f'"备{char}注",{head.rstrip()}\n' + "".join(f"x,{r}\n" for r in rows), "utf-8")
    summary = import_file(settings, "patents", p)
    check_invariant(summary)
    assert (summary.read, summary.loaded) == (len(GOOD_PATENTS), len(GOOD_PATENTS))
