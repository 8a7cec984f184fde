"""The administrator's holiday table (``calendar_days``) on SQLite and PostgreSQL, and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from cli_runner import invoke
from ipatlas.calendar import calendar_for, import_days, list_days
from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.store import workflow

CSV = """date,workday,reason
2027-01-01,0,元旦
2027-02-06,是,春节调休上班
2027-02-10,休,春节
not-a-date,1,x
2027-02-11,maybe,春节
2027-02-10,休,春节
"""


def test_import_upsert_quarantine_and_reimport(wf_engine: Engine, tmp_path: Path) -> None:
    f = tmp_path / "holidays-2027.csv"
    f.write_text(CSV, encoding="utf-8")
    Session = workflow.session_factory(wf_engine)
    with Session() as s, s.begin():
        before = calendar_for(s)
        assert before.is_workday(dt.date(2027, 1, 1)).assumed
        res = import_days(s, f, actor="admin")
    assert (res["read"], res["inserted"], res["updated"], res["unchanged"], res["duplicates"]) == (
        6,
        3,
        0,
        0,
        1,
    )
    assert res["read"] == res["inserted"] + res["updated"] + res["unchanged"] + res["duplicates"] + len(
        res["quarantined"]
    )
    assert [(q["row"], q["field"]) for q in res["quarantined"]] == [(5, "日期"), (6, "是否工作日")]
    with Session() as s, s.begin():
        cal = calendar_for(s)
        assert cal.is_workday(dt.date(2027, 1, 1)).to_dict() == {
            "date": "2027-01-01",
            "workday": False,
            "reason": "元旦",
            "assumed": False,
        }
        assert cal.is_workday(dt.date(2027, 2, 6)).workday is True  # Saturday made a working day
        assert cal.add_workdays(dt.date(2026, 12, 31), 1).date == dt.date(2027, 1, 4)
        again = import_days(s, f)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)
    # A corrected file updates the day and the cached calendar follows.
    f.write_text("date,workday,reason\n2027-01-01,1,更正\n", encoding="utf-8")
    with Session() as s, s.begin():
        assert import_days(s, f)["updated"] == 1
    with Session() as s, s.begin():
        assert calendar_for(s).is_workday(dt.date(2027, 1, 1)).reason == "更正"
        assert [d["date"] for d in list_days(s, year=2027)] == ["2027-01-01", "2027-02-06", "2027-02-10"]


def test_xlsx_with_chinese_headers(wf_engine: Engine, tmp_path: Path) -> None:
    f = tmp_path / "h.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["日期", "是否工作日", "说明"])
    ws.append([dt.datetime(2027, 10, 1), 0, "国庆节"])
    ws.append(["2027/10/9", 1, "国庆调休上班"])
    wb.save(f)
    with workflow.session_factory(wf_engine)() as s, s.begin():
        res = import_days(s, f)
        assert res["inserted"] == 2 and not res["quarantined"]
        assert calendar_for(s).is_workday(dt.date(2027, 10, 9)).workday is True


def test_xls_table_reads_as_the_xlsx_one(wf_engine: Engine, tmp_path: Path) -> None:
    """The same table saved by an office suite as Excel 97–2003 (office97.HOLIDAYS)."""
    import shutil

    import office97

    f = tmp_path / "节假日.xls"
    shutil.copyfile(office97.FIXTURES / "holidays.xls", f)
    with workflow.session_factory(wf_engine)() as s, s.begin():
        res = import_days(s, f)
        assert res["inserted"] == 2 and not res["quarantined"]
        cal = calendar_for(s)
        assert cal.is_workday(dt.date(2027, 10, 9)).workday is True
        assert cal.is_workday(dt.date(2027, 10, 1)).reason == "国庆节"


def test_bad_files_name_file_and_field(settings: Settings, tmp_path: Path) -> None:
    workflow.migrate(settings)
    engine = workflow.make_engine(settings)
    try:
        with workflow.session_factory(engine)() as s:
            bad = tmp_path / "bad.csv"
            bad.write_text("day,flag\n2027-01-01,0\n", encoding="utf-8")
            with pytest.raises(InputError, match=r"bad\.csv.*字段「日期」"):
                import_days(s, bad)
            (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
            with pytest.raises(InputError, match="不支持"):
                import_days(s, tmp_path / "x.pdf")
            with pytest.raises(InputError, match="不存在"):
                import_days(s, tmp_path / "missing.csv")
            (tmp_path / "dir.csv").mkdir()  # was IsADirectoryError
            with pytest.raises(InputError, match="不是文件"):
                import_days(s, tmp_path / "dir.csv")
            long = tmp_path / "long.csv"  # was _csv.Error: field larger than field limit
            long.write_bytes(b"date,workday\n" + b"x" * 3_000_000 + b"\n")
            saved = csv.field_size_limit(131_072)
            try:
                with pytest.raises(InputError, match="无法解析"):
                    import_days(s, long)
            finally:
                csv.field_size_limit(saved)
    finally:
        engine.dispose()


def test_cli(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    code, out, _ = invoke(capsys, "calendar", "add-workdays", "2026-09-30", "7", "--json")
    assert code == 0 and json.loads(out) == {
        "start": "2026-09-30",
        "workdays": 7,
        "date": "2026-10-15",
        "assumed": False,
    }
    code, out, _ = invoke(capsys, "calendar", "is-workday", "2026-10-01", "--json")
    assert json.loads(out) == {
        "date": "2026-10-01",
        "workday": False,
        "reason": "法定节假日：国庆节",
        "assumed": False,
    }
    code, out, _ = invoke(capsys, "calendar", "add-workdays", "2027-03-01", "5", "--json")
    assert code == 0 and json.loads(out)["assumed"] is True
    f = tmp_path / "h.csv"
    f.write_text("date,workday,reason\n2027-03-02,0,假设的节日\n", encoding="utf-8")
    code, out, _ = invoke(capsys, "calendar", "import", str(f), "--json")
    assert code == 0 and json.loads(out)["inserted"] == 1
    code, out, _ = invoke(capsys, "calendar", "add-workdays", "2027-03-01", "5", "--json")
    assert json.loads(out) == {"start": "2027-03-01", "workdays": 5, "date": "2027-03-09", "assumed": False}
    code, out, err = invoke(capsys, "calendar", "is-workday", "2026-02-30", "--json")
    assert code == 1 and json.loads(out)["error"] == "InputError" and "YYYY-MM-DD" in err


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_a_table_saved_as_gbk_or_unicode_text(wf_engine: Engine, tmp_path: Path, encoding: str) -> None:
    """A holiday table saved by Excel as GBK CSV or as Unicode text (it had to be UTF-8 before)."""
    f = tmp_path / "节假日.csv"
    f.write_bytes("日期,是否工作日,说明\n2027-10-01,0,国庆节\n2027-10-09,1,国庆调休上班\n".encode(encoding))
    with workflow.session_factory(wf_engine)() as s, s.begin():
        res = import_days(s, f)
        assert res["inserted"] == 2 and not res["quarantined"]
        assert calendar_for(s).is_workday(dt.date(2027, 10, 1)).reason == "国庆节"
