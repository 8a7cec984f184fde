"""Bad-input hunt (2026-12-04, SECURITY.md): each case below gave a traceback, an English message, a
message without the file, or a wrong figure on main before the fix. Real files through the real
importers and the real command line; no mocks."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError, IpatlasError
from ipatlas.ingest import import_file
from ipatlas.ingest.sqlexpr import check_digit

HEADER = "申请号,申请日,公开号,公开日,发明名称,申请人,申请人地址,IPC主分类号,专利类型"


def _app_no(n: int) -> str:
    base = f"2023100000{n:02d}"
    return f"CN{base}.{check_digit(base)}"


def _patent_row(n: int) -> str:
    address = "浙江省杭州市西湖区文三路1号"
    return f"{_app_no(n)},2023-01-05,CN1,2023-06-01,一种装置,某某公司,{address},G06F17/00,发明"


@pytest.fixture
def fresh_csv_limit() -> Iterator[None]:
    """The csv module's field limit of a fresh process (an earlier row reader raises it for good)."""
    saved = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(saved)


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("IPATLAS_SHARED_DIR", str(settings.shared_dir))
    return settings


# ---- the location of a bad input, as the user reads it ------------------------------------------
def test_the_command_line_names_file_row_and_field_in_chinese(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # was: "错误 file /…/dup.csv, field 申请号: 列名「申请号」重复…"
    path = tmp_path / "dup.csv"
    path.write_text(f"{HEADER},申请号\n{_patent_row(1)},X\n", encoding="utf-8")
    code, _out, err = invoke(capsys, "ingest", "patents", str(path))
    assert code == 1
    assert f"文件 {path}，字段「申请号」：列名「申请号」重复" in " ".join(err.split())
    assert "file " not in err and "field " not in err
    from ipatlas.errors import location

    assert location("a.csv", 3, "金额") == "文件 a.csv，第 3 行，字段「金额」"
    assert InputError("坏", row=0).message == "第 0 行：坏"  # row 0 is a row, not "unknown"


def test_a_folder_given_for_a_file_says_so(cli_env: Settings, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "导出 数据.csv"  # was: "文件不存在"
    folder.mkdir()
    for args in (("ingest", "patents"), ("operations", "import", "--kind", "pledge")):
        code, _out, err = invoke(capsys, *args, str(folder))
        assert code == 1 and "文件夹，不是文件" in err and "Traceback" not in err


def test_library_reasons_are_chinese_with_line_and_column() -> None:
    from ipatlas.errors import cause

    with pytest.raises(json.JSONDecodeError) as bad_json:
        json.loads('{"a": 1,\n "b" x}')
    assert cause(bad_json.value) == "JSON 格式错误（第 2 行第 6 列）"
    import yaml

    with pytest.raises(yaml.YAMLError) as bad_yaml:
        yaml.safe_load("a: [1, 2\nb: 3\n")
    assert cause(bad_yaml.value).startswith("YAML 格式错误（第 ")
    assert cause(IsADirectoryError(21, "Is a directory")) == "这是一个文件夹，不是文件"
    assert cause(ValueError("could not convert string to float: 'x'")) == "不是有效的数值"
    assert cause(TypeError("f() got an unexpected keyword argument 'wieghts'")) == "未知参数 wieghts"
    assert cause(ValueError("列「甲」重复")) == "列「甲」重复"  # a message of ours is kept


# ---- tracebacks on main ---------------------------------------------------------------------------
def test_concordance_csv_with_cr_line_ends_or_a_huge_cell(
    settings: Settings, tmp_path: Path, fresh_csv_limit: None
) -> None:
    from ipatlas.indicators import concordance as conc

    mac = tmp_path / "mac.csv"  # old Mac Excel: CR only; was _csv.Error "new-line character seen …"
    mac.write_bytes("国民经济行业代码,IPC\r3911,G06F 1/*\r3841,H01M 10/05*\r".encode())
    info = conc.import_concordance(settings, mac, "ipc-industry")
    assert info.entries == 2
    huge = tmp_path / "huge.csv"  # an unclosed quote runs to the end; was _csv.Error "field larger …"
    huge.write_text('国民经济行业代码,IPC\n3911,"G06F 1/*\n' + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        conc.import_concordance(settings, huge, "ipc-industry")
    assert "huge.csv" in exc.value.message and exc.value.context["row"] == 2
    assert "128 KB" in exc.value.reason


def test_statistics_csv_with_a_huge_cell(settings: Settings, tmp_path: Path, fresh_csv_limit: None) -> None:
    # Neither a long nor a wide table: the yearbook-table reader split the whole file with the csv
    # module, and an unclosed quote before 200 KB of text raised _csv.Error as a traceback.
    path = tmp_path / "年鉴.csv"
    path.write_text('表1 主要指标,说明\n合计,"' + "9" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(IpatlasError) as exc:
        import_file(settings, "statistics", path, "auto")
    assert "年鉴.csv" in exc.value.message and "Error" not in exc.value.message


def test_plans_import_of_a_json_that_is_no_object(cli_env: Settings, tmp_path: Path, capsys) -> None:
    scalar = tmp_path / "plan.json"  # was TypeError: argument of type 'int' is not iterable
    scalar.write_text("1", encoding="utf-8")
    code, _out, err = invoke(capsys, "plans", "import", str(scalar))
    assert code == 1 and "plan.json" in err and "解析结果格式不符" in err and "Traceback" not in err
    broken = tmp_path / "broken.json"  # was "…：Expecting property name enclosed in double quotes…"
    broken.write_text("{bad", encoding="utf-8")
    code, _out, err = invoke(capsys, "plans", "import", str(broken))
    assert code == 1 and "JSON 格式错误（第 1 行第 2 列）" in err and "Expecting" not in err


def test_plans_import_of_an_empty_text_names_the_file(cli_env: Settings, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "规划.txt"  # was "错误 field title: 规划没有标题…" (no file, an English field)
    empty.write_text("", encoding="utf-8")
    code, _out, err = invoke(capsys, "plans", "import", str(empty))
    assert code == 1 and "规划.txt" in err and "字段「标题」" in err


def test_evaluation_csv_that_is_empty(cli_env: Settings, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "units.csv"  # was pandas.errors.EmptyDataError as a traceback
    empty.write_bytes(b"")
    code, _out, err = invoke(capsys, "coordination", str(empty))
    assert code == 1 and "units.csv" in err and "文件为空" in err


def test_case_intake_of_a_folder_named_json(cli_env: Settings, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "台账.json"  # was IsADirectoryError as a traceback
    folder.mkdir()
    code, _out, err = invoke(capsys, "cases", "intake", str(folder))
    assert code == 1 and "台账.json" in err and "文件夹" in err


# ---- numbers and encodings ------------------------------------------------------------------------
def test_nan_inf_and_overflowing_amounts_are_quarantined(settings: Settings, tmp_path: Path) -> None:
    from ipatlas.operations import import_records

    header = (
        "主分类号,专利号,申请日,授权公告日,登记号,登记生效日,出质人,质权人,发明名称,事件类型,质押金额(万元)"
    )
    amounts = ["1e400", "NaN", "inf", "１２３．５", "1,234.5", "100万元"]
    lines = [header]
    for i, amount in enumerate(amounts):
        base = f"20141{i:07d}"
        lines.append(
            f"G06F16/24,ZL{base}.{check_digit(base)},2014-03-05,2016-01-20,Y2023{i:07d},2023-03-01,"
            f'重庆大学,中国工商银行股份有限公司重庆分行,一种装置,生效,"{amount}"'
        )
    path = tmp_path / "质押.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = import_records(settings, "pledge", path)
    # was: 6 loaded, NaN and inf amounts in the lake and "金额 inf 万元数量级异常" flags
    assert (res["read"], res["loaded"], res["duplicates"], res["quarantined"]) == (6, 3, 0, 3)
    assert res["quarantine_reasons"] == {"金额格式错误": 3}
    loaded = duckdb.sql(
        f"SELECT amount FROM read_parquet('{settings.lake_dir}/pledges/**/*.parquet') ORDER BY amount"
    ).fetchall()
    assert [a for (a,) in loaded] == [100.0, 123.5, 1234.5]


def test_statistics_values_nan_inf_and_full_width(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "统计.csv"
    path.write_text(
        "区划代码,地区,年份,年末常住人口(万人)\n"
        "500101,万州区,2020,1e400\n500102,涪陵区,2020,NaN\n500103,渝中区,2020,１２３．５\n"
        "500104,大渡口区,2020,inf\n",
        encoding="utf-8",
    )
    s = import_file(settings, "statistics", path, "auto")
    # was: 0 loaded; NaN and inf quarantined as "数值超出该级地区的合理上限", 123.5 as a format error
    assert (s.read, s.loaded, s.duplicates, s.quarantined) == (4, 1, 0, 3)
    assert s.quarantine_reasons == {"数值格式错误": 3}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(settings: Settings, tmp_path: Path, encoding: str) -> None:
    # Some Windows exports save UTF-16 without a BOM: LE was read as GB18030 mojibake ("无法自动识别
    # 字段映射"), BE refused as an unknown encoding.
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(f"{HEADER}\n{_patent_row(1)}\n{_patent_row(2)}\n".encode(encoding))
    s = import_file(settings, "patents", path, "auto")
    assert (s.read, s.loaded, s.quarantined) == (2, 2, 0)


# ---- the web ------------------------------------------------------------------------------------------
def test_invalid_query_values_are_explained_in_chinese(analyst) -> None:  # type: ignore[no-untyped-def]
    # was: "请求参数无效: sort Input should be 'filing_desc', 'filing_asc', … or 'app_no'"
    res = analyst.get("/records.json", params={"sort": "%ff不存在"})
    assert res.status_code == 422
    message = res.json()["message"]
    assert message.startswith("请求参数无效：sort 应为以下取值之一：") and "'app_no'" in message
    assert "Input should" not in message and " or " not in message
    res = analyst.get("/records.json?sort=%ff%fe&page=%c0%80")  # invalid UTF-8: a 4xx, never a 500
    assert 400 <= res.status_code < 500 and "Input should" not in res.text


def test_validation_reasons_cover_the_common_types() -> None:
    from ipatlas.errors import validation_reason

    assert validation_reason("missing") == "缺少必填项"
    assert validation_reason("bool_parsing") == "应为是/否（true/false）"
    assert validation_reason("string_too_long", {"max_length": 200}) == "不能超过 200 个字符"
    ours = "日期不能早于 2000 年"
    assert validation_reason("value_error", None, f"Value error, {ours}") == ours
    assert validation_reason("some_new_type", None, "Something English") == "取值无效"


def test_a_file_mixing_encodings_names_the_line(settings: Settings, tmp_path: Path) -> None:
    # A GBK line pasted into a UTF-8 file: refused as a whole, and now the line is named.
    path = tmp_path / "混合.csv"
    gbk_line = _patent_row(2).replace("某某", "乙乙").encode("gbk")
    path.write_bytes(f"{HEADER}\n{_patent_row(1)}\n".encode() + gbk_line + b"\n")
    with pytest.raises(InputError) as exc:
        import_file(settings, "patents", path, "auto")
    assert exc.value.context["row"] == 3 and "混合.csv" in exc.value.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_plan_in_utf16_without_bom_is_read(tmp_path: Path, encoding: str) -> None:
    # was "不是文本文件（含二进制内容）": the NUL bytes of UTF-16 taken for a binary file
    from ipatlas.sourcetext import decode_bytes

    text = "重庆市知识产权保护和运用“十四五”规划\n一、总体要求 😀\n" * 50
    decoded = decode_bytes(text.encode(encoding), name="规划.txt")
    assert decoded.text == text and decoded.encoding == "utf-16"
    with pytest.raises(InputError, match="不是文本文件"):  # binary stays binary
        decode_bytes(bytes(range(256)) * 4, name="x.bin")


def test_an_unclosed_quote_is_named_as_such(settings: Settings, tmp_path: Path) -> None:
    # The quote opened in row 2 swallows row 3: one record of the wrong width, quarantined as
    # "列数不符" alone before; now the reason says why (and read still adds up).
    from ipatlas.ingest import get_import

    path = tmp_path / "引号.csv"
    opened = _patent_row(1).replace("一种装置", '"一种装置')
    path.write_text(f"{HEADER}\n{opened}\n{_patent_row(2)}\n", encoding="utf-8")
    s = import_file(settings, "patents", path, "auto")
    assert s.read == s.loaded + s.duplicates + s.quarantined
    _summary, rows = get_import(settings, s.import_id)
    reason = "列数不符（引号不成对：其后的行被并入了本行）"
    assert [(q["source_row"], q["reason"]) for q in rows] == [(2, reason)]


def test_a_workbook_and_a_csv_under_each_others_name(settings: Settings, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(_patent_row(1).split(","))
    named_csv = tmp_path / "导出.csv"  # was "无法打开 XLSX：openpyxl does not support .csv file format…"
    wb.save(named_csv)
    s = import_file(settings, "patents", named_csv, "auto")
    assert (s.read, s.loaded) == (1, 1)
    named_xlsx = tmp_path / "导出.xlsx"  # was "不是 Excel 文件（既不是 .xlsx 也不是 .xls）", no hint
    named_xlsx.write_text(f"{HEADER}\n{_patent_row(2)}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"内容是文本（可能是 CSV），请把扩展名 \.xlsx 改为 \.csv"):
        import_file(settings, "patents", named_xlsx, "auto")
    broken = tmp_path / "损坏.xlsx"  # was "…（zip 结构损坏）: File is not a zip file"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError) as exc:
        import_file(settings, "patents", broken, "auto")
    assert "损坏.xlsx" in exc.value.message and "压缩结构损坏" in exc.value.message
    assert "zip file" not in exc.value.message
