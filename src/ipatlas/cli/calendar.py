"""``ipatlas calendar …``: working days (工作日) and the administrator's holiday table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, settings
from ipatlas.errors import InputError

calendar_app = typer.Typer(
    name="calendar",
    help="工作日日历：法定节假日与调休（chinesecalendar + 管理员导入的节假日表），期间开始之日不计算在内。",
    no_args_is_help=True,
)


def _date(value: str, field: str = "DATE") -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD: {value!r}", field=field) from None


@calendar_app.command("add-workdays")
def add_workdays_cmd(
    date: str = typer.Argument(..., help="起算日 YYYY-MM-DD（当日不计入）"),
    n: int = typer.Argument(..., help="工作日数（负数为向前推算）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """起算日之后第 N 个工作日（期间开始之日不计算在内）。"""
    from ipatlas.calendar import calendar_for
    from ipatlas.store.workflow import workflow_session

    start = _date(date)
    with workflow_session(settings()) as session:
        due = calendar_for(session).add_workdays(start, n)
    data = {"start": start.isoformat(), "workdays": n, "date": due.date.isoformat(), "assumed": due.assumed}
    if json_out:
        print_json(data)
        return
    note = "（含无节假日数据的年份，按周一至周五推定）" if due.assumed else ""
    console.print(f"{start} 起 {n} 个工作日：{due.date}{note}")


@calendar_app.command("is-workday")
def is_workday_cmd(
    date: str = typer.Argument(..., help="日期 YYYY-MM-DD"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """某日是否工作日及原因（法定节假日、调休上班、周末）。"""
    from ipatlas.calendar import calendar_for
    from ipatlas.store.workflow import workflow_session

    day = _date(date)
    with workflow_session(settings()) as session:
        info = calendar_for(session).is_workday(day)
    if json_out:
        print_json(info.to_dict())
        return
    console.print(f"{info.date}：{'工作日' if info.workday else '休息日'}（{info.reason}）")


@calendar_app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="CSV、XLSX 或 XLS，列 date, workday, reason"),
    by: str | None = typer.Option(None, "--by", help="导入人用户名（记入节假日表）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导入节假日安排（补充 chinesecalendar 未覆盖的年份，或更正）；重复导入不改变任何数据。"""
    from ipatlas.calendar import import_days
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        res = import_days(session, file, actor=by)
    if json_out:
        print_json(res)
        return
    console.print(
        f"读取 {res['read']} 行：新增 {res['inserted']}，更新 {res['updated']}，未变 {res['unchanged']}，"
        f"重复 {res['duplicates']}，隔离 {len(res['quarantined'])}；年份 {res['years']}"
    )
    for q in res["quarantined"]:
        console.print(f"  第 {q['row']} 行 {q['field']}：{q['reason']}")


@calendar_app.command("list")
def list_cmd(
    year: int | None = typer.Option(None, "--year", help="只列出某年"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出管理员导入的节假日表与日历覆盖范围。"""
    from ipatlas.calendar import calendar_for, list_days
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        data: dict[str, Any] = {
            "coverage": calendar_for(session).coverage(),
            "days": list_days(session, year=year),
        }
    if json_out:
        print_json(data)
        return
    console.print(
        f"chinesecalendar 覆盖年份：{data['coverage']['package_years'][0]}–"
        f"{data['coverage']['package_years'][-1]}"
    )
    console.print(f"管理员导入年份：{data['coverage']['admin_years'] or '无'}")
    for d in data["days"]:
        console.print(f"  {d['date']} {'班' if d['workday'] else '休'} {d['reason']}")


def bench_calendar(
    n: int = typer.Option(2_000_000, "--n", help="日期数"),
    baseline_n: int = typer.Option(20_000, "--baseline-n", help="逐日循环基线实际计时的日期数"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """期限推算基准：向量化（累计工作日 + searchsorted）vs 逐日循环 chinesecalendar。"""
    from ipatlas.calendar.bench import run_benchmark

    res = run_benchmark(n, baseline_n=baseline_n)
    if json_out:
        print_json(res)
        return
    ok = "达标" if res["meets_target"] else "未达标"
    console.print(
        f"{res['dates']:,} 个日期：向量化 {res['vectorised_per_s']:,} 个/秒"
        f"（目标 ≥ {res['target_per_s']:,}：{ok}），逐日基线 {res['baseline_per_s']:,} 个/秒，"
        f"快 {res['speedup']} 倍；结果一致：{res['results_agree_with_baseline']}"
    )


def register(app: typer.Typer) -> None:
    from ipatlas.cli.bench import bench_app

    app.add_typer(calendar_app, name="calendar")
    bench_app.command("calendar")(bench_calendar)
