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
PROFILE_HELP = (
    "字段映射：auto（默认，按表头选用内置映射，如质押生效公告 standard、注销公告 cnipa_release）、"
    "内置名称或 YAML 文件路径。"
)
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
    file: Path = typer.Argument(..., help="CSV、XLSX 或 XLS 文件", show_default=False),
    kind: str = typer.Option(..., "--kind", "-k", help=KIND_HELP),
    profile: str = typer.Option("auto", "--profile", "-p", help=PROFILE_HELP),
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
    year: int | None = typer.Option(None, "--year", "-y", help="年份（登记生效的年份；默认全部）"),
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


@operations_app.command("link")
def operations_link(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """把出质人、质权人、许可人、受让人、投保人、资助对象等名称关联到市场主体（统一社会信用代码）。"""
    from ipatlas.operations.parties import link_parties

    with _session() as session:
        out = link_parties(session, settings())
    print_json(out) if json_out else print_table(
        [{"项目": k, "值": v} for k, v in out.items()], title="运营当事人关联"
    )


@operations_app.command("entity")
def operations_entity(
    code: str = typer.Argument(..., help="统一社会信用代码", show_default=False),
    limit: int = typer.Option(50, "--limit", help="列出最近多少条记录"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """一个市场主体的权利流转：按类别和角色汇总的质押、转让、许可、保险、资助、登记记录。"""
    from ipatlas.market.entities import get_entity
    from ipatlas.operations.parties import entity_flows

    with _session() as session:
        out = entity_flows(session, settings(), get_entity(session, code).code, limit=limit)
    print_json(out) if json_out else print_table(
        [{"类别": r["kind_zh"], "角色": r["role_zh"], "笔数": r["count"], "金额（万元）": r["amount"]}
         for r in out["summary"]],
        title="权利流转",
    )  # fmt: skip


@rights_app.command("import")
def rights_import(
    file: Path = typer.Argument(..., help="CSV、XLSX 或 XLS 文件", show_default=False),
    kind: str = typer.Option(..., "--kind", "-k", help=RIGHT_HELP),
    profile: str = typer.Option("auto", "--profile", "-p", help=PROFILE_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导入作品登记、软件著作权登记或植物新品种权。"""
    from ipatlas.operations import RIGHT_KINDS

    _import(kind, file, profile, None, demo, json_out, RIGHT_KINDS)


@rights_app.command("stats")
def rights_stats(
    kind: str = typer.Option(..., "--kind", "-k", help=RIGHT_HELP),
    region: str | None = typer.Option(None, "--region", "-r", help="区划代码（区县、地市或省）"),
    year: int | None = typer.Option(None, "--year", "-y", help="年份（登记或授权的年份）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """登记量（授权量）。"""
    from ipatlas.operations import RIGHT_KINDS

    _stats(kind, region, year, json_out, RIGHT_KINDS)


def register(app: typer.Typer) -> None:
    from ipatlas.cli.bench import bench_app

    app.add_typer(operations_app, name="operations")
    app.add_typer(rights_app, name="rights")
    bench_app.command("operations")(bench_operations)


# ---- 贴息补助 / 风险补偿 claims on the workflow engine ------------------------------------------
claim_app = typer.Typer(
    help="质押融资贴息补助与风险补偿申请：申请 → 受理 → 批准 → 拨付。", no_args_is_help=True
)
operations_app.add_typer(claim_app, name="claim")


def _actor(user: str, role: str) -> Any:
    from ipatlas.workflow import Actor

    return Actor(user, role)


def _session() -> Any:
    from ipatlas.store import workflow as store

    return store.workflow_session(settings())


@claim_app.command("submit")
def claim_submit(
    kind: str = typer.Option(..., "--kind", "-k", help="interest（贴息补助）| risk（风险补偿）"),
    field: list[str] = typer.Option(
        [],
        "--field",
        "-f",
        help="字段 名=值：enterprise, bank, pledge_reg_no, year, loan_amount, interest_paid|loss",
    ),
    user: str = typer.Option("cli", "--user", help="操作人用户名"),
    role: str = typer.Option("clerk", "--role", help="操作人角色（clerk 受理员）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """提交申请（质押登记号须在资源库中，且出质人、质权人一致）。"""
    from ipatlas.errors import InputError
    from ipatlas.operations import claims

    fields: dict[str, Any] = {}
    for f in field:
        if "=" not in f:
            raise InputError(f"字段应写成 名=值：{f!r}", field="--field")
        k, v = f.split("=", 1)
        fields[k.strip()] = v.strip()
    with _session() as s:
        out = claims.submit(s, settings(), kind, fields, actor=_actor(user, role))
    print_json(out) if json_out else print_table([{"项目": k, "值": v} for k, v in out.items()], title="申请")


@claim_app.command("act")
def claim_act(
    claim_id: int = typer.Argument(..., help="申请编号"),
    action: str = typer.Argument(..., help="accept | return | resubmit | approve | reject | pay | withdraw"),
    user: str = typer.Option("cli", "--user", help="操作人用户名"),
    role: str = typer.Option(
        ..., "--role", help="办理人角色（clerk 受理员、handler 承办人、approver 负责人 …）"
    ),
    note: str | None = typer.Option(None, "--note", help="办理意见"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """办理一步：批准时按规则计算金额，拨付时编文号。"""
    from ipatlas.operations import claims
    from ipatlas.workflow import act

    who = _actor(user, role)
    with _session() as s:
        claims.claim(s, claim_id)
        if action == "approve":
            out: dict[str, Any] = claims.approve(s, claim_id, actor=who, note=note)
        elif action == "pay":
            out = claims.pay(s, claim_id, actor=who)
        else:
            out = {"event": act(s, claim_id, action, actor=who, note=note).to_dict()}
    print_json(out) if json_out else print_table(
        [{"项目": k, "值": v} for k, v in out.items()], title="办理结果"
    )


@claim_app.command("show")
def claim_show(
    claim_id: int = typer.Argument(..., help="申请编号"),
    docx: Path | None = typer.Option(None, "--docx", help="另存审批表/拨付通知书（DOCX）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """申请详情、办理过程、时限；可导出 DOCX。"""
    from ipatlas.operations import claims

    with _session() as s:
        out = claims.claim(s, claim_id)
        if docx is not None:
            out["docx"] = str(claims.document(s, claim_id, docx))
    print_json(out) if json_out else print_table([{"项目": k, "值": v} for k, v in out.items()], title="申请")


@claim_app.command("budget")
def claim_budget(
    kind: str = typer.Option(..., "--kind", "-k", help="interest | risk"),
    year: int = typer.Option(..., "--year", "-y", help="预算年度"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """年度预算、各银行预算的使用与剩余（万元）。"""
    from ipatlas.operations import claims

    with _session() as s:
        out = claims.budget_status(s, kind, year)
    print_json(out) if json_out else print_table([{"项目": k, "值": v} for k, v in out.items()], title="预算")


def bench_operations(
    records: int = typer.Option(1_000_000, "--records", "-n", help="质押记录行数"),
    transfers: int = typer.Option(200_000, "--transfers", help="转让记录行数（流向图）"),
    repeat: int = typer.Option(1, "--repeat", help="重复轮数（取中位数）"),
    workdir: Path | None = typer.Option(None, "--workdir", help="工作目录（默认临时目录）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """运营记录导入 vs DuckDB read_csv→Parquet；全部区县转让流向数据（热）用时。"""
    from ipatlas.operations.bench import run_operations_benchmark

    out = run_operations_benchmark(records, transfers=transfers, workdir=workdir, repeat=repeat)
    print_json(out) if json_out else print_table(
        [{"项目": k, "值": v} for k, v in out.items()], title="运营基准"
    )


@operations_app.command("publish")
def operations_publish(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """重建指标用的派生事实表（质押合同、转让流向、转化）；内容不变时不写。"""
    from ipatlas.operations.publish import publish_facts

    out = publish_facts(settings())
    print_json({"rewritten": out}) if json_out else print_table(
        [{"表": k, "行数": v} for k, v in out.items()], title="已重建"
    )


@claim_app.command("export-paid")
def claim_export_paid(
    file: Path = typer.Argument(..., help="CSV（资助拨付台账格式）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """已拨付的申请导出为资助台账 CSV（再用 operations import --kind subsidy 导入）。"""
    from ipatlas.operations import claims

    with _session() as s:
        out = claims.export_paid(s, file)
    print_json(out) if json_out else print_table([{"项目": k, "值": v} for k, v in out.items()], title="导出")
