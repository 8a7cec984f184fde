"""受理登记: validation, triage (jurisdiction, competence, right check), duplicates, double submit,
the XLSX ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pytest
from protection_helpers import NOW, intake

from ipatlas.errors import ConflictError, InputError
from ipatlas.protection.intake import create_case, intake_file, validate_intake
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "lawsuit"}, "kind", "未知取值"),
        ({"colour": "red"}, "colour", "未知字段"),
        ({"complainant": {"id_number": "110105194912310021"}}, "complainant.id_number", "身份证号码无效"),
        ({"complainant": {"phone": "12ab"}}, "complainant.phone", "电话号码"),
        ({"received_at": "2027-06-01"}, "received_at", "未来"),
        ({"received_at": "2026-02-30"}, "received_at", "日期时间无效"),
        ({"respondent": {"name": ""}}, "respondent.name", "缺少名称"),
        ({"facts": "  "}, "facts", "缺少事实"),
        ({"respondent": {"phone": "13800000000"}}, "respondent.phone", "未知字段"),
        ({"kind": "adjudication", "right": {"number": ""}}, "right.number", "专利"),
    ],
)
def test_bad_intake_names_the_field(changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InputError) as exc:
        validate_intake(intake(**changes), now=NOW)
    assert exc.value.context["field"] == field and message in exc.value.message


def test_chinese_labels_and_normalisation() -> None:
    norm = validate_intake(
        intake(kind="投诉", channel="展会现场", complainant={"phone": "+86 138 1234 1234"}), now=NOW
    )
    assert (norm["kind"], norm["channel"], norm["complainant"]["phone"]) == (
        "complaint",
        "exhibition",
        "13812341234",
    )
    assert norm["received_at"] == dt.datetime(2026, 3, 2, 9, 30)


def test_case_shape_region_competence_duplicates_and_double_submit(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        case = create_case(s, settings, intake(), actor="clerk1", now=NOW)
        assert set(case) >= {"id", "number", "kind", "status", "region", "duplicate_of", "deadlines"}
        assert case["number"] == "渝知保登〔2026〕1号" and case["status"] == "registered"
        assert case["region"] == "500105" and case["duplicate_of"] is None  # 江北区
        acc = [d for d in case["deadlines"] if d["rule"] == "acceptance"]
        assert acc == [
            {
                "rule": "acceptance",
                "label": "投诉受理决定",
                "due": "2026-03-11",
                "unit": "workdays",
                "basis": "《市场监督管理投诉举报处理暂行办法》（国家市场监督管理总局令第20号，2022年修正）"
                "第十四条",
                "rule_version": 2,
                "state": "overdue",
                "promised_due": "2026-03-09",
                "assumed": False,
            }
        ]
        # The same parties and right 10 days later: a duplicate linked to the first.
        dup = create_case(
            s, settings, intake(received_at="2026-03-12 10:00", facts="再次投诉"), actor="clerk1", now=NOW
        )
        assert dup["duplicate_of"] == case["id"]
        # Outside the 90-day window: a new matter.
        later = create_case(s, settings, intake(received_at="2026-08-01 10:00"), actor="clerk1", now=NOW)
        assert later["duplicate_of"] is None
        # Copyright goes to the copyright office (the rule that fired is named).
        cp = create_case(
            s,
            settings,
            intake(ip_type="copyright", right={"type": "copyright", "number": None}),
            actor="clerk1",
            now=NOW,
        )
        from ipatlas.protection.cases import show_case

        triage = show_case(s, cp["id"], viewer=None)["triage"]
        assert triage["competence"]["rule"] == "copyright" and triage["competence"]["suggestion"] == "refer"
        assert "著作权法》第七条" in triage["competence"]["basis"]
    with S() as s, s.begin(), pytest.raises(ConflictError, match="同一登记已提交过"):
        create_case(s, settings, intake(), actor="clerk1", now=NOW)
    with S() as s, s.begin():
        # The refused double submit used no number: the next one continues the sequence.
        nxt = create_case(s, settings, intake(received_at="2026-09-01"), actor="clerk1", now=NOW)
        assert nxt["number"] == "渝知保登〔2026〕5号"


def test_right_check_against_the_lake(db: Any) -> None:
    settings, S = db
    schema = arrow_schema("patents")
    row = {f.name: None for f in schema}
    row.update(
        app_no="CN202310123456.6",
        kind="invention",
        filing_date=dt.date(2023, 1, 5),
        legal_status="valid",
        applicants=["重庆某某科技有限公司"],
        title="一种测试装置",
        import_id="t",
        source_hash="h",
        source_row=2,
        record_hash="r",
        is_demo=False,
    )
    with Lake(settings.lake_dir).transaction() as tx:
        tx.write_arrow("patents", pa.Table.from_pylist([row], schema=schema))
    fields = intake(
        kind="adjudication",
        ip_type="patent",
        complainant={"name": "重庆某某科技有限公司", "type": "enterprise", "id_number": None},
        right={"type": "patent", "number": "2023101234566"},
    )
    fields["complainant"].pop("id_number")
    with S() as s, s.begin():
        case = create_case(s, settings, fields, actor="clerk1", now=NOW)
        from ipatlas.protection.cases import show_case

        check = show_case(s, case["id"], viewer=None)["triage"]["right_check"]
        assert (
            check["found"]
            and check["in_force"]
            and check["holder_matches"]
            and check["number"] == "CN202310123456.6"
        )
        other = create_case(
            s,
            settings,
            intake(
                kind="adjudication", ip_type="patent", right={"type": "patent", "number": "2023101234571"}
            ),
            actor="clerk1",
            now=NOW,
        )
        assert show_case(s, other["id"], viewer=None)["triage"]["right_check"]["found"] is False


def test_xls_ledger_reads_as_the_xlsx_one(db: Any, tmp_path: Path) -> None:
    """An Excel 97–2003 ledger (LibreOffice's .xls of office97.INTAKE): the same cases, the same
    quarantine (row 4: an unknown channel), and a second import finds them registered."""
    import shutil

    import office97

    settings, S = db
    f = tmp_path / "台账.xls"
    shutil.copyfile(office97.FIXTURES / "intake.xls", f)
    with S() as s, s.begin():
        res = intake_file(s, settings, f, actor="clerk1", now=NOW)
    assert res["read"] == 3 and len(res["created"]) == 2
    assert [(q["row"], q["field"]) for q in res["quarantined"]] == [(4, "channel")]
    assert res["created"][0]["region"] == "500101" and res["created"][1]["kind"] == "report"
    with S() as s, s.begin():
        again = intake_file(s, settings, f, actor="clerk1", now=NOW)
    assert (len(again["created"]), len(again["duplicates"]), len(again["quarantined"])) == (0, 2, 1)


def test_xlsx_ledger_quarantine_and_reimport(db: Any, tmp_path: Path) -> None:
    import office97

    settings, S = db
    f = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in office97.INTAKE:  # the ledger of the .xls test, and a row with an impossible date
        ws.append(row)
    ws.append(["投诉", "商标", "来访", "2025-13-01", "王五", None, "丙公司", "重庆市", None, "x"])
    wb.save(f)
    with S() as s, s.begin():
        res = intake_file(s, settings, f, actor="clerk1", now=NOW)
    assert res["read"] == 4 and len(res["created"]) == 2
    assert res["read"] == len(res["created"]) + len(res["duplicates"]) + len(res["quarantined"])
    assert [(q["row"], q["field"]) for q in res["quarantined"]] == [(4, "channel"), (5, "received_at")]
    assert res["created"][0]["region"] == "500101" and res["created"][1]["kind"] == "report"
    with S() as s, s.begin():
        again = intake_file(s, settings, f, actor="clerk1", now=NOW)
    assert (len(again["created"]), len(again["duplicates"]), len(again["quarantined"])) == (0, 2, 2)


def test_unreadable_files(db: Any, tmp_path: Path) -> None:
    settings, S = db
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with S() as s, pytest.raises(InputError, match="JSON"):
        intake_file(s, settings, bad, actor="clerk1")
    with S() as s, pytest.raises(InputError, match="不支持"):
        (tmp_path / "x.csv").write_text("a", encoding="utf-8")
        intake_file(s, settings, tmp_path / "x.csv", actor="clerk1")
