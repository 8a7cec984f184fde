"""Round 17b (src/ipatlas/plans/README.md "Round 17b (tasks and units)"): task assignments.

The set: four real pages in tests/plans/external17b (labels.yaml cites each), labelled and split before
the parser ran. Blind (on 47d18d9): development 0 of 3 tasks, held-out 0 of 5. After the general rules
below: development 1 of 3 (国家知识产权局's table run onto one line is still not read), held-out 5 of 5
(read after the blind measurement, so no longer blind). A fourth page (渝中 2023, held out) was found and
labelled after those rules: blind on them, found 1 of 1, units and lead 0 of 1 (its 领导小组办公室 took the
区 prefix); after the coordination-body rule, 1 of 1. The constructed cases each fail on 47d18d9 except
the guards.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipatlas.errors import InputError
from ipatlas.plans import ParsedPlan, Task, parse_plan
from ipatlas.plans.units import load_registry
from ipatlas.plans.wrapped import rebuild_wrapped_task_tables

HERE = Path(__file__).parent / "external17b"
LABELS: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "labels.yaml").read_text("utf-8"))["plans"]


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedPlan]:
    return {name: parse_plan(HERE / name) for name in LABELS}


def _deadline(value: object) -> str | None:
    return value.strftime("%Y-%m") if isinstance(value, dt.date) else (None if value is None else str(value))


def _scores(parsed: dict[str, ParsedPlan], split: str) -> dict[str, float]:
    """Labelled tasks found (a noted task containing the label's `text`), units exact, lead, deadline."""
    n = found = exact = lead = deadline = 0
    for name, lab in LABELS.items():
        if lab["split"] != split:
            continue
        noted = [t for t in parsed[name].tasks if t.units]
        for want in lab["tasks"]:
            n += 1
            got = next((t for t in noted if want["text"] in f"{t.title or ''}{t.text}"), None)
            if got is None:
                continue
            found += 1
            exact += got.units == want["units"]
            lead += got.lead_unit == want["lead"]
            deadline += got.deadline == _deadline(want["deadline"])
    counts = {"recall": found, "units": exact, "lead": lead, "deadline": deadline}
    return {k: v / n for k, v in counts.items()}


def test_the_set_is_cited_and_split() -> None:
    assert {lab["split"] for lab in LABELS.values()} == {"train", "holdout"}
    assert all(lab["url"].startswith("http") and (HERE / name).is_file() for name, lab in LABELS.items())


# Floors at the figures measured after the rules (README); blind they were all 0.
FLOOR = {"train": 1 / 3, "holdout": 1.0}


@pytest.mark.parametrize("split", ["train", "holdout"])
def test_set_17b(parsed: dict[str, ParsedPlan], split: str) -> None:
    s = _scores(parsed, split)
    assert all(v >= FLOOR[split] - 1e-9 for v in s.values()), s


def _tasks(text: str) -> list[Task]:
    return [t for t in parse_plan(text).tasks if t.units]


PLAN = "某市知识产权工作要点\n一、重点任务\n"


def test_keyed_lines_under_an_item_are_one_note() -> None:
    """ "牵头单位：A" / "配合单位：B" / "完成时限：…" one key a line: every line's units count."""
    (t,) = _tasks(
        PLAN + "1.加大行政执法力度。开展专项行动。\n牵头单位：市市场监管局\n"
        "配合单位：市公安局、市文化广电旅游局\n完成时限：2025年6月\n"
    )
    assert t.units == ["市市场监管局", "市公安局", "市文化广电旅游局"]
    assert t.lead_unit == "市市场监管局" and t.deadline == "2025-06"
    assert "配合单位" not in t.text


def test_a_bureaus_own_sections_and_a_person_key() -> None:
    """ "牵头科室（单位）：" names the issuing bureau's sections (no prefix); "责任领导：" is a person."""
    (t,) = _tasks(
        "某市科学技术局2018年重点工作任务分解\n1.建设科技资源统筹中心。\n责任领导：张三\n"
        "牵头科室（单位）：计划科、科技资源统筹中心基建办\n完成时限：2018年12月\n"
    )
    assert t.units == ["计划科", "科技资源统筹中心基建办"] and t.lead_unit == "计划科"
    assert t.deadline == "2018-12" and "张三" not in t.units


def test_a_table_with_lead_and_responsible_columns() -> None:
    """序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限: the 责任单位 column is read too."""
    tasks = _tasks(
        "某县知识产权工作任务分工表\n序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限\n"
        "1 | 开展专利转化运用专项行动 | 县市场监管局 | 县科技局、县工信局 | 2025年底前\n"
        "2 | 建设知识产权维权援助工作站 | 县市场监管局 | 县司法局 | 持续推进\n"
    )
    assert [t.units for t in tasks] == [
        ["县市场监管局", "县科技局", "县工信局"],
        ["县市场监管局", "县司法局"],
    ]
    assert [t.lead_unit for t in tasks] == ["县市场监管局", "县市场监管局"]
    assert [(t.deadline, t.cycle) for t in tasks] == [("2025", None), (None, "长期")]


def test_ongoing_tasks() -> None:
    """A note closing on "持续推进" is an ongoing task; "年内持续推进" is not."""
    ongoing, this_year = _tasks(
        PLAN + "1.加强地理标志保护。（市市场监管局、市农业农村局按职责分工负责，持续推进）\n"
        "2.推进知识产权强市建设。（市市场监管局牵头，有关部门按职责分工负责，年内持续推进）\n"
    )
    assert ongoing.cycle == "长期" and this_year.cycle is None


def test_a_note_closing_an_item_without_a_full_stop() -> None:
    """ "1.加强地理标志保护（责任单位：…）" is all title: its note still gives the units; a heading's note
    covers the items under it."""
    first, second = _tasks(
        PLAN + "1.加强地理标志保护（责任单位：市市场监管局、市农业农村局）\n"
        "（二）强化知识产权保护（市市场监管局牵头，市公安局配合）\n1.开展专项执法行动。\n"
    )
    assert first.title == "加强地理标志保护" and first.units == ["市市场监管局", "市农业农村局"]
    assert second.units == ["市市场监管局", "市公安局"] and second.units_inherited


@pytest.mark.parametrize(
    ("note", "units", "lead"),
    [
        # the unit marked （牵头） in a list leads, wherever it stands
        ("（责任单位：市科技局、市市场监管局（牵头））", ["市科技局", "市市场监管局"], "市市场监管局"),
        # "A牵头，B落实"
        ("（市市场监管局牵头，各区县人民政府落实）", ["市市场监管局", "各区县人民政府"], "市市场监管局"),
        # a bare list separated by ；
        ("（市市场监管局；市财政局）", ["市市场监管局", "市财政局"], "市市场监管局"),
        # keys in 【】, short keys, "由A负责"
        (
            "【牵头单位】市市场监管局【配合单位】市公安局、市科技局",
            ["市市场监管局", "市公安局", "市科技局"],
            "市市场监管局",
        ),
        ("（牵头：市市场监管局；配合：市公安局）", ["市市场监管局", "市公安局"], "市市场监管局"),
        ("（由市市场监管局负责）", ["市市场监管局"], "市市场监管局"),
        # a keyed note after the measure's last sentence, on the same line
        ("开展专项行动。责任单位：市市场监管局、市公安局", ["市市场监管局", "市公安局"], "市市场监管局"),
        # the plan's own coordination body is not a department: no level prefix
        (
            "（联席会议办公室牵头，各成员单位按职责分工负责）",
            ["联席会议办公室", "各成员单位"],
            "联席会议办公室",
        ),
        # 主要责任单位 leads, 协同责任单位 work with it
        (
            "（主要责任单位：市商务局；协同责任单位：市市场监管局、市农业农村局）",
            ["市商务局", "市市场监管局", "市农业农村局"],
            "市商务局",
        ),
    ],
)
def test_more_note_forms(note: str, units: list[str], lead: str) -> None:
    (t,) = _tasks(PLAN + f"1.培育商标品牌。{note}\n")
    assert (t.units, t.lead_unit) == (units, lead)


def test_units_glued_when_a_pdf_lost_their_space() -> None:
    """ "（责任单位：市市场监管局 市科技局）" read from a PDF loses its space: two registry units."""
    (t,) = _tasks(PLAN + "1.加强专利导航。（责任单位：市市场监管局 市科技局）\n")
    assert t.units == ["市市场监管局", "市科技局"]


def test_a_note_closing_on_its_cycle() -> None:
    """ "（A牵头，B、C参与，每年）": the closing 每年 is the task's cycle, the rest its units."""
    (t,) = _tasks(PLAN + "1.培育商标品牌。（市市场监管局牵头，市商务局、市农业农村局参与，每年）\n")
    assert (t.units, t.lead_unit, t.cycle) == (
        ["市市场监管局", "市商务局", "市农业农村局"],
        "市市场监管局",
        "每年",
    )


def test_a_time_progress_column() -> None:
    """A 任务清单 whose time column is headed 时间进度."""
    (t,) = _tasks(
        "某县知识产权工作任务清单\n序号 | 主要任务 | 责任单位 | 时间进度\n"
        "1 | 开展专利导航 | 县市场监管局、县科技局 | 2024年12月\n"
    )
    assert (t.units, t.deadline) == (["县市场监管局", "县科技局"], "2024-12")


WRAPPED = [
    "序号 工作重点 工作内容 具体任务 成果形式 责任部门",
    "将故意侵犯知识产权行为情",
    "况纳入信用记录",
    "完善征信目录，将恶",
    "意侵权行为纳入信用体系",
    "省信用办、知识产权",
    "局、工商局",
    "12",
    "加强专业市场知识产",
    "权保护",
    "遴选一批规范化培育市场",
    "省工商局",
]


def test_a_pdf_table_with_wrapped_cells() -> None:
    """One wrapped cell line per line: the unit cell closes each row."""
    assert rebuild_wrapped_task_tables(WRAPPED) == [
        "1.将故意侵犯知识产权行为情况纳入信用记录完善征信目录，将恶意侵权行为纳入信用体系"
        "（责任单位：省信用办、知识产权局、工商局）",
        "2.加强专业市场知识产权保护遴选一批规范化培育市场（责任单位：省工商局）",
    ]
    tasks = _tasks("\n".join(WRAPPED))
    assert [t.units for t in tasks] == [["省信用办", "省知识产权局", "省工商局"], ["省工商局"]]


def test_short_lines_without_the_header_stay_as_they_are() -> None:
    """Only a header ending in a responsible-unit column starts such a table: a signature stays."""
    lines = ["请认真贯彻执行。", "省知识产权局", "省教育厅", "2024年3月1日"]
    assert rebuild_wrapped_task_tables(lines) == lines


@pytest.mark.parametrize(
    ("written", "normalized", "department"),
    [
        ("省科技厅", "省科技厅", "science-technology"),
        ("省科技局", "省科技厅", "science-technology"),
        ("省商务厅", "省商务厅", "commerce"),
        ("省农业厅", "省农业农村厅", "agriculture-rural"),
        ("省文化厅", "省文化和旅游厅", "culture-tourism"),
        ("省林业厅", "省林业局", "forestry"),
        ("省高级人民法院", "省法院", "court"),
        ("省科技厅（知识产权局）", "省知识产权局", "ip-office"),
        # a city's departments keep their 局
        ("市科技局", "市科技局", "science-technology"),
        ("市农业局", "市农业农村局", "agriculture-rural"),
    ],
)
def test_provincial_departments_are_ting(written: str, normalized: str, department: str) -> None:
    """A province's departments are 厅: the registry knows them and normalises to today's 厅 or 局."""
    resolver = load_registry().resolver(None, jurisdiction="省" if written[0] == "省" else "市")
    (unit,) = resolver.resolve(written)
    assert (unit.normalized, unit.department_id) == (normalized, department)


@pytest.mark.parametrize(
    ("limit", "deadline"),
    [
        ("完成时限：2024年上半年", "2024-06"),
        ("完成时限：2024年第三季度", "2024-09"),
        ("2024年第二季度前完成", "2024-06"),
        ("完成时限：2024—2025年", "2025"),
        ("2024年内完成", "2024"),
        ("完成时限：2018年12月", "2018-12"),
    ],
)
def test_time_limits(limit: str, deadline: str) -> None:
    """A half-year or quarter gives its last month, a span its last year, a keyed month needs no 前."""
    (t,) = _tasks(PLAN + f"1.开展专利导航。（责任单位：市市场监管局）{limit}\n")
    assert t.deadline == deadline


def test_a_task_table_as_an_excel_workbook(tmp_path: Path) -> None:
    """A 任务分工表 attached as .xlsx (office97.write_tasks_xlsx): title row merged across, a 重点任务
    merged over two measures, a date cell, a cell wrapped inside."""
    import office97

    path = office97.write_tasks_xlsx(tmp_path / "分工表.xlsx")
    plan = parse_plan(path)
    assert plan.title == "某县知识产权强县建设重点任务分工表" and plan.source.format == "xlsx"
    got = [(t.title, t.units, t.deadline, t.cycle) for t in plan.tasks]
    assert got == [
        ("开展专利导航", ["县市场监管局"], "2024-12-31", None),
        ("培育高价值专利", ["县科技局"], None, "长期"),
        ("建设维权援助工作站", ["县市场监管局", "县司法局"], "2025", None),
    ]


def test_a_task_table_from_old_excel_reads_as_its_xlsx(tmp_path: Path) -> None:
    """The same 任务分工表 saved by an office suite as Excel 97–2003 (.xls; WPS's .et is the same
    layout): merged cells filled the same way, the same tasks."""
    import shutil

    import office97

    xlsx = parse_plan(office97.write_tasks_xlsx(tmp_path / "分工表.xlsx"))
    for suffix in (".xls", ".et"):
        path = tmp_path / f"分工表{suffix}"
        shutil.copyfile(office97.FIXTURES / "tasks.xls", path)
        old = parse_plan(path)
        assert old.title == xlsx.title == "某县知识产权强县建设重点任务分工表"
        got = [(t.title, t.units, t.deadline, t.cycle) for t in old.tasks]
        assert got == [(t.title, t.units, t.deadline, t.cycle) for t in xlsx.tasks] and len(got) == 3


def test_a_damaged_workbook_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(InputError, match=r"坏\.xlsx.*不是 Excel 文件"):
        parse_plan(path)
