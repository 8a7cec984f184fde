"""``ipatlas plans …``: read plans (规划、方案、意见) and, later, supervise them.

Every command is a thin wrapper over one library call in :mod:`ipatlas.plans`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, settings

plans_app = typer.Typer(
    name="plans",
    help="规划与方案：解析文本，提取目标、任务和责任单位（督查台账见 import/list/show/report）。",
    no_args_is_help=True,
)

KIND_NAMES = {
    "level": "达到值",
    "count": "数量",
    "amount": "金额",
    "share": "比例",
    "growth_rate": "年均增速",
    "growth": "较基期增长",
    "multiple": "倍数",
    "cumulative": "累计",
}


@plans_app.command("parse")
def parse_cmd(
    file: Path = typer.Argument(..., help="规划文本：TXT、DOCX 或 HTML"),
    region: str | None = typer.Option(None, "--region", help="行政区划代码（默认按标题识别）"),
    registry: Path | None = typer.Option(
        None, "--registry", help="部门名录 YAML（默认：数据目录下 plans/departments.yaml，如存在）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """解析一份规划/方案：标题、文号、期限、章节、目标、任务与责任单位、进度安排。"""
    from ipatlas.plans import parse_plan

    plan = parse_plan(file, region=region, settings=settings(), registry_path=registry)
    if json_out:
        print_json(plan)
        return
    _print_summary(plan)


@plans_app.command("departments")
def departments_cmd(
    region: str | None = typer.Option(None, "--region", help="行政区划代码：显示该地区生效的名录"),
    registry: Path | None = typer.Option(None, "--registry", help="部门名录 YAML"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出部门名录（别名、机构改革前名称），说明如何用数据目录中的文件覆盖。"""
    from ipatlas.plans import describe_registry

    data = describe_registry(settings=settings(), region=region, path=registry)
    if json_out:
        print_json(data)
        return
    exists = "已存在" if data["user_file_exists"] else "不存在，可新建"
    console.print(f"内置名录与用户名录：{data['user_file']}（{exists}）")
    if data["region"]:
        r = data["region"]
        console.print(f"地区：{r['name']}（{r['code']}），层级前缀“{r['jurisdiction']}”")
    _table(
        [
            {
                "编号": d["id"],
                "规范名称": d["normalized"],
                "别名": "、".join(d["aliases"]),
                "改革前名称": "、".join(n for f in d["former"] for n in f["names"]),
            }
            for d in data["departments"]
        ],
        title="部门名录",
    )


def _print_summary(plan: object) -> None:
    from ipatlas.plans import ParsedPlan

    assert isinstance(plan, ParsedPlan)
    console.print(f"[bold]{plan.title or '（未识别标题）'}[/]", highlight=False)
    rows = [
        ("文号", plan.doc_number),
        ("发文机关", "、".join(plan.issuers) or None),
        ("印发通知", plan.notice_title),
        ("成文日期", plan.issued_on),
        ("发布日期", plan.published_on),
        ("施行日期", plan.effective_on),
        ("状态", plan.status),
        ("地区", f"{plan.region.name}（{plan.region.code or '代码未知'}）" if plan.region else None),
        ("层级", plan.level),
        ("类型", plan.kind),
        ("期限", _period(plan)),
    ]
    for k, v in rows:
        if v is not None:
            console.print(f"{k}：{v}", highlight=False)
    if plan.source.script == "traditional" or plan.source.taiwan_terms:
        terms = "、".join(f"{k}×{n}" for k, n in plan.source.taiwan_terms.items())
        console.print(f"原文为繁体/台湾用语，已转换为简体（替换：{terms or '无'}）", highlight=False)
    if plan.source.removed:
        console.print(f"已从正文中剔除网页杂项 {len(plan.source.removed)} 行", highlight=False)
    console.print(
        "章节：" + "；".join(f"{s.number or ''}{'、' if s.number else ''}{s.title}" for s in plan.sections)
    )
    _table(
        [
            {
                "指标": t.indicator,
                "目录编号": t.indicator_id or "—",
                "目标值": t.value_text,
                "类型": KIND_NAMES.get(t.kind, t.kind),
                "年份": t.year,
                "基期": (
                    f"{t.baseline.year or ''}年{'' if t.baseline.value is None else f' {t.baseline.value}'}"
                    if t.baseline
                    else "—"
                ),
                "属性": t.nature or "—",
            }
            for t in plan.targets
        ],
        title=f"量化目标（{len(plan.targets)} 项）",
    )
    _table(
        [
            {
                "编号": t.number,
                "任务": t.title or t.text[:20],
                "牵头单位": t.lead_unit or "—",
                "责任单位": "、".join(t.units[1:]) or "—",
                "规范牵头单位": t.lead_unit_normalized or "—",
            }
            for t in plan.tasks
        ],
        title=f"任务（{len(plan.tasks)} 项，其中 {sum(1 for t in plan.tasks if t.units)} 项列明责任单位）",
    )
    if plan.schedule:
        _table(
            [{"阶段": s.stage, "开始": s.start, "结束": s.end} for s in plan.schedule],
            title="进度安排",
        )


def _period(plan: object) -> str | None:
    from ipatlas.plans import ParsedPlan

    assert isinstance(plan, ParsedPlan)
    p = plan.period
    if p.start is None and p.end is None:
        return None
    return f"{p.start or '?'}—{p.end or '?'}年"


def _table(rows: list[dict[str, Any]], title: str) -> None:
    """A table that folds long Chinese cells instead of cutting them."""
    if not rows:
        console.print(f"{title}：（无）")
        return
    table = Table(title=title, show_lines=False)
    for c in rows[0]:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r.values()])
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(plans_app, name="plans")
