"""``ipatlas operations …`` and ``ipatlas rights …``: import operation records (质押、转让、许可、
开放许可、保险、资助、风险补偿) and copyright / plant-variety registrations; figures by region and year.

Thin wrappers over :mod:`ipatlas.operations`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import (
    JSON_OPTION_HELP,
    err_console,
    print_json,
    print_table,
    progress_bar,
    settings,
)

operations_app = typer.Typer(
    help="知识产权运营与金融：质押、转让、许可、开放许可、保险、资助、风险补偿。", no_args_is_help=True
)
rights_app = typer.Typer(help="著作权（作品、计算机软件）登记与植物新品种权。", no_args_is_help=True)

KIND_HELP = "记录类型：pledge|tm-pledge|transfer|licence|open-licence|insurance|subsidy|risk"
RIGHT_HELP = "记录类型：work（作品登记）|software（软件著作权登记）|variety（植物新品种权）"
PROFILE_HELP = "字段映射：内置名称（默认 standard；质押注销公告用 cnipa_release）或 YAML 文件路径。"
UNIT_HELP = "金额单位（万元 或 元）：文件中不带单位的金额按此解释；元 将换算为万元。"
DEMO_HELP = "标记为演示数据（默认：文件旁有 <文件>.ipatlas-demo.json 时自动标记）。"


def _render_import(result: dict[str, Any]) -> None:
    rows = [
        {"项目": "记录类型", "值": result["kind"]},
        {"项目": "读取", "值": result["read"]},
        {"项目": "入库", "值": result["loaded"]},
        {"项目": "重复", "值": result["duplicates"]},
        {"项目": "隔离", "值": result["quarantined"]},
        {"项目": "待核实（已入库并标注）", "值": result["flagged"]},
        {"项目": "导入批次", "值": result["import_id"]},
    ]
    print_table(rows, title="导入结果")
    if result["quarantine_reasons"]:
        print_table(
            [{"原因": r, "行数": n} for r, n in result["quarantine_reasons"].items()], title="隔离原因"
        )
    if result["flag_reasons"]:
        print_table([{"提示": r, "记录数": n} for r, n in result["flag_reasons"].items()], title="核查提示")


def _import(
    kind: str,
    file: Path,
    profile: str,
    amount_unit: str | None,
    demo: bool | None,
    json_out: bool,
    allowed: tuple[str, ...],
) -> None:
    from ipatlas.operations import import_records

    with progress_bar("导入中", enabled=not json_out and err_console.is_terminal) as progress:
        result = import_records(
            settings(),
            kind,
            file,
            profile,
            amount_unit=amount_unit,
            demo=demo,
            allowed=allowed,
            progress=progress,
        )
    if json_out:
        print_json(result)
    else:
        _render_import(result)


def _stats(kind: str, region: str | None, year: int | None, json_out: bool, allowed: tuple[str, ...]) -> None:
    from ipatlas.operations import get_kind, stats_for

    get_kind(kind, allowed)
    result = stats_for(settings(), kind, region=region, year=year)
    if json_out:
        print_json(result)
    else:
        print_table([{"项目": k, "值": v} for k, v in result.items()], title="统计")


@operations_app.command("import")
def operations_import(
    file: Path = typer.Argument(..., help="CSV 或 XLSX 文件", show_default=False),
    kind: str = typer.Option(..., "--kind", "-k", help=KIND_HELP),
    profile: str = typer.Option("standard", "--profile", "-p", help=PROFILE_HELP),
    amount_unit: str | None = typer.Option(None, "--amount-unit", help=UNIT_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导入运营记录（read = loaded + duplicates + quarantined；重复导入不改变任何数据）。"""
    from ipatlas.operations import OPERATION_KINDS

    _import(kind, file, profile, amount_unit, demo, json_out, OPERATION_KINDS)


@operations_app.command("stats")
def operations_stats(
    kind: str = typer.Option(..., "--kind", "-k", help=KIND_HELP),
    region: str | None = typer.Option(None, "--region", "-r", help="区划代码（区县、地市或省）"),
    year: int | None = typer.Option(None, "--year", "-y", help="年份（登记生效的年份）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """登记笔数、涉及专利件数、金额（万元）。"""
    from ipatlas.operations import OPERATION_KINDS

    _stats(kind, region, year, json_out, OPERATION_KINDS)


@operations_app.command("flows")
def operations_flows(
    level: str = typer.Option("county", "--level", help="county（区县）或 province（省）"),
    year: int | None = typer.Option(None, "--year", "-y"),
    region: str | None = typer.Option(None, "--region", "-r", help="只看涉及该区划的转让"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """专利权转让流向（转出地 → 转入地）及净流入。"""
    from ipatlas.operations import net_inflow, transfer_flows
    from ipatlas.store.lake import Lake

    con = Lake(settings().lake_dir).connect()
    try:
        flows = transfer_flows(con, level=level, year=year, under=region)
    finally:
        con.close()
    data = {"level": level, "year": year, "flows": flows, "net": net_inflow(flows)}
    if json_out:
        print_json(data)
    else:
        print_table(
            [{"转出": f["source"], "转入": f["target"], "次数": f["count"]} for f in flows[:50]],
            title="转让流向",
        )


@rights_app.command("import")
def rights_import(
    file: Path = typer.Argument(..., help="CSV 或 XLSX 文件", show_default=False),
    kind: str = typer.Option(..., "--kind", "-k", help=RIGHT_HELP),
    profile: str = typer.Option("standard", "--profile", "-p", help=PROFILE_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导入作品登记、软件著作权登记或植物新品种权。"""
    from ipatlas.operations import RIGHT_KINDS

    _import(kind, file, profile, None, demo, json_out, RIGHT_KINDS)


@rights_app.command("stats")
def rights_stats(
    kind: str = typer.Option(..., "--kind", "-k", help=RIGHT_HELP),
    region: str | None = typer.Option(None, "--region", "-r"),
    year: int | None = typer.Option(None, "--year", "-y"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """登记量（授权量）。"""
    from ipatlas.operations import RIGHT_KINDS

    _stats(kind, region, year, json_out, RIGHT_KINDS)


def register(app: typer.Typer) -> None:
    app.add_typer(operations_app, name="operations")
    app.add_typer(rights_app, name="rights")
