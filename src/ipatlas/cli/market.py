"""``ipatlas entities|credit|leads|inspections``: market supervision (市场主体监管).

Thin wrappers: each command is one call into ``ipatlas.market`` inside one workflow session.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings
from ipatlas.errors import InputError

entities_app = typer.Typer(help="市场主体：导入、查看、名称关联。", no_args_is_help=True)
credit_app = typer.Typer(help="信用事件、信用分级分类、严重违法失信名单与信用修复。", no_args_is_help=True)
leads_app = typer.Typer(help="线索池：监测规则扫描、导入、核查与转立案。", no_args_is_help=True)
inspections_app = typer.Typer(help="双随机、一公开：抽取、结果录入、公示。", no_args_is_help=True)

_JSON = typer.Option(False, "--json", help=JSON_OPTION_HELP)
_ACTOR = typer.Option("cli", "--by", help="操作人（记入审计日志）")


def _date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期应为 YYYY-MM-DD：{value!r}", field=field) from None


def _out(data: Any, json_out: bool, title: str | None = None) -> None:
    if json_out:
        print_json(data)
    elif isinstance(data, list):
        print_table(data, title=title)
    elif isinstance(data, dict):
        for k, v in data.items():
            console.print(f"{k}: {v}", highlight=False)
    else:
        console.print(data)


# ---- entities ---------------------------------------------------------------------------------
@entities_app.command("import")
def entities_import(
    file: Path = typer.Argument(
        ..., help="CSV/XLSX/XLS：统一社会信用代码, 名称, 曾用名, 注册地址, 成立日期, 类型, 法定代表人"
    ),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """导入市场主体（读取 = 入库 + 重复 + 隔离；重复导入不改变任何数据）。"""
    from ipatlas.market.entities import import_entities
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(import_entities(session, file, actor=by), json_out)


@entities_app.command("show")
def entities_show(code: str = typer.Argument(..., help="统一社会信用代码"), json_out: bool = _JSON) -> None:
    """显示一个市场主体及其关联名称。"""
    from ipatlas.market.entities import show_entity
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(show_entity(session, code), json_out)


@entities_app.command("link")
def entities_link(
    source: list[str] = typer.Option(None, "--source", help="名称来源：patents / trademarks（默认全部）"),
    json_out: bool = _JSON,
) -> None:
    """把资源库中的申请人/权利人名称关联到市场主体。"""
    from ipatlas.market.resolve import link_lake
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        _out(link_lake(session, s, sources=source or None), json_out)


@entities_app.command("decide")
def entities_decide(
    name: str = typer.Argument(..., help="资源库中的名称"),
    code: str = typer.Argument(..., help="统一社会信用代码"),
    decision: str = typer.Option(..., "--decision", help="confirm（确认关联）/ split（拆分，不是该主体）"),
    note: str | None = typer.Option(None, "--note", help="备注（判断依据）"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """分析员确认或拆分一条名称关联（重新导入后仍然有效）。"""
    from ipatlas.market.resolve import decide
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(decide(session, name, code, decision, actor=by, note=note), json_out)


@entities_app.command("review")
def entities_review(
    limit: int = typer.Option(100, "--limit", help="最多列出的条数"), json_out: bool = _JSON
) -> None:
    """待确认的名称关联（多个候选或置信度较低）。"""
    from ipatlas.market.resolve import review_queue
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(review_queue(session, limit=limit), json_out, "待确认的关联")


def register(app: typer.Typer) -> None:
    """Add ``entities``, ``credit``, ``leads`` and ``inspections`` to the root app."""
    app.add_typer(entities_app, name="entities")
    app.add_typer(credit_app, name="credit")
    app.add_typer(leads_app, name="leads")
    app.add_typer(inspections_app, name="inspections")
    app.add_typer(agencies_app, name="agencies")
    from ipatlas.cli.bench import bench_app

    bench_app.command("market")(bench_market)


# ---- credit -------------------------------------------------------------------------------------
@credit_app.command("import")
def credit_import(
    file: Path = typer.Argument(
        ...,
        help="CSV/XLSX/XLS：统一社会信用代码, 名称, 事件类型, 违法行为, 决定日期, 决定文号, 决定机关, 金额",
    ),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """导入信用事件（未知主体的事件保留为待关联，不丢弃）。"""
    from ipatlas.market.credit import import_events
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(import_events(session, file, actor=by), json_out)


@credit_app.command("show")
def credit_show(
    code: str = typer.Argument(..., help="统一社会信用代码"),
    as_of: str | None = typer.Option(None, "--as-of", help="查询日期 YYYY-MM-DD（默认今天）"),
    json_out: bool = _JSON,
) -> None:
    """某一日期的信用等级及其理由。"""
    from ipatlas.market.credit import credit_show as show
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(show(session, code, _date(as_of, "as_of")), json_out)


@credit_app.command("unlinked")
def credit_unlinked(json_out: bool = _JSON) -> None:
    """未关联到市场主体的信用事件（待复核）。"""
    from ipatlas.market.credit import unlinked_events
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(unlinked_events(session), json_out, "待关联的信用事件")


@credit_app.command("link")
def credit_link(
    event_id: int = typer.Argument(..., help="信用事件编号（见 credit unlinked）"),
    code: str = typer.Argument(..., help="统一社会信用代码"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """把一条待关联事件关联到市场主体。"""
    from ipatlas.market.credit import link_event
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(link_event(session, event_id, code, actor=by), json_out)


@credit_app.command("relink")
def credit_relink(json_out: bool = _JSON) -> None:
    """导入市场主体后，重新关联待关联事件。"""
    from ipatlas.market.credit import relink_events
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(relink_events(session), json_out)


@credit_app.command("repair")
def credit_repair(
    code: str = typer.Argument(..., help="统一社会信用代码"),
    statement: str = typer.Option(..., "--statement", help="修复申请说明（已改正、已履行等）"),
    on: str | None = typer.Option(None, "--on", help="申请日期（默认今天）"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """申请信用修复（提前移出严重违法失信名单）。"""
    from ipatlas.market.credit import apply_repair
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        day = _date(on, "on") or dt.date.today()
        _out(apply_repair(session, code, applied_on=day, statement=statement, actor=by), json_out)


@credit_app.command("review")
def credit_review(
    repair_id: int = typer.Argument(..., help="信用修复申请编号"),
    approve: bool = typer.Option(..., "--approve/--reject", help="准予移出 / 不予修复"),
    note: str | None = typer.Option(None, "--note", help="不予修复时须说明理由"),
    on: str | None = typer.Option(None, "--on", help="审核日期（默认今天）"),
    by: str = _ACTOR,
    role: str = typer.Option("approver", "--role", help="操作人角色（负责人 approver / 管理员 admin）"),
    json_out: bool = _JSON,
) -> None:
    """审核信用修复申请（准予则移出名单）。"""
    from ipatlas.market.credit import review_repair
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        day = _date(on, "on") or dt.date.today()
        _out(
            review_repair(session, repair_id, approve=approve, on=day, actor=by, role=role, note=note),
            json_out,
        )


@credit_app.command("disclosure")
def credit_disclosure(
    on: str | None = typer.Option(None, "--on", help="公示日期（默认今天）"), json_out: bool = _JSON
) -> None:
    """公示名单：名单期内且未移出的严重违法失信主体，以及处于标记期内的重复侵权、故意侵权主体。"""
    from ipatlas.market.credit import disclosure_list, infringer_disclosure
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        day = _date(on, "on")
        data = {
            "serious_list": disclosure_list(session, day),
            "infringers": infringer_disclosure(session, day),
        }
    if json_out:
        print_json(data)
        return
    print_table(data["serious_list"], title="严重违法失信名单（公示）")
    print_table(data["infringers"], title="重复侵权、故意侵权主体（公示）")


@credit_app.command("rules")
def credit_rules(json_out: bool = _JSON) -> None:
    """信用分级规则（版本、生效日期、依据）。"""
    from ipatlas.market.credit import load_rules

    rules = load_rules()
    if json_out:
        print_json(rules)
        return
    print_table(
        [
            {
                "版本": v["id"],
                "生效": v["effective_from"],
                "失效": v.get("effective_to") or "",
                "依据": v["source"],
            }
            for v in rules["versions"]
        ],
        title="信用分级规则版本",
    )


# ---- inspections --------------------------------------------------------------------------------
@inspections_app.command("draw")
def inspections_draw(
    objects: Path | None = typer.Option(
        None, "--objects", help="对象名录 CSV/XLSX/XLS：统一社会信用代码[, 区划代码, 信用等级]"
    ),
    registry: bool = typer.Option(
        False, "--registry", help="改为从市场主体库筛选对象（区县、等级取自主体库）"
    ),
    entity_type: str | None = typer.Option(None, "--type", help="与 --registry 一起：主体类型"),
    county: str | None = typer.Option(None, "--county", help="与 --registry 一起：区县代码"),
    agencies: bool = typer.Option(False, "--agencies", help="与 --registry 一起：服务机构"),
    nice_class: int | None = typer.Option(
        None, "--nice-class", help="与 --registry 一起：该尼斯分类商标的持有人"
    ),
    inspectors: Path = typer.Option(
        ..., "--inspectors", help="检查人员 CSV/XLSX/XLS：编号, 姓名, 单位[, 回避]"
    ),
    ratio: float | None = typer.Option(None, "--ratio", help="抽查比例，如 0.05"),
    count: int | None = typer.Option(None, "--count", help="抽查数量"),
    seed: str = typer.Option(..., "--seed", help="随机种子（与结果一并公示）"),
    per_object: int | None = typer.Option(None, "--per-object", help="每个对象的检查人员数（默认 2）"),
    plan: str = typer.Option("抽查计划", "--plan", help="抽查计划名称"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """双随机抽取：同样的输入与种子得到同样的结果和摘要；抽取记入审计日志。"""
    from ipatlas.market.inspections import (
        draw,
        load_inspectors,
        load_objects,
        objects_from_registry,
        record_draw,
    )
    from ipatlas.store.workflow import workflow_session

    if (objects is None) == (not registry):
        raise InputError("须且只能给出 --objects 文件或 --registry 筛选之一", field="objects")
    s = settings()
    with workflow_session(s) as session:
        objs = (
            load_objects(objects)
            if objects is not None
            else objects_from_registry(
                session, s, entity_type=entity_type, adcode=county, agencies=agencies, nice_class=nice_class
            )
        )
        result = draw(
            objs, load_inspectors(inspectors), seed=seed, ratio=ratio, count=count, per_object=per_object
        )
        result["draw_id"] = record_draw(session, result, plan_name=plan, actor=by)["id"]
    if json_out:
        print_json(result)
        return
    console.print(
        f"抽查 {result['draw_id']}：从 {result['population']} 个对象中抽取 {len(result['objects'])} 个"
    )
    console.print(f"种子 {result['seed']}  摘要 {result['digest']}")
    print_table(
        [{"对象": a["object"], "检查人员": "、".join(a["inspectors"])} for a in result["assignments"][:50]]
    )


@inspections_app.command("result")
def inspections_result(
    draw_id: int = typer.Argument(..., help="抽查批次编号"),
    code: str = typer.Argument(..., help="统一社会信用代码"),
    result: str = typer.Option(..., "--result", help="未发现问题 / 责令整改 / 立案查处"),
    on: str | None = typer.Option(None, "--on", help="检查日期（默认今天）"),
    note: str | None = typer.Option(None, "--note", help="检查情况说明"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """录入检查结果。"""
    from ipatlas.market.inspections import enter_result
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        day = _date(on, "on") or dt.date.today()
        _out(enter_result(session, draw_id, code, result, on=day, actor=by, note=note, settings=s), json_out)


@inspections_app.command("publish")
def inspections_publish(
    draw_id: int = typer.Argument(..., help="抽查批次编号"),
    on: str | None = typer.Option(None, "--on", help="公示日期（默认今天）"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """公示抽查结果（应在结果形成后 20 个工作日内）。"""
    from ipatlas.market.inspections import publish
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        day = _date(on, "on") or dt.date.today()
        _out(publish(session, draw_id, on=day, actor=by), json_out)


@inspections_app.command("list")
def inspections_list(json_out: bool = _JSON) -> None:
    """历次抽查。"""
    from ipatlas.market.inspections import list_draws
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(list_draws(session), json_out, "抽查记录")


# ---- leads --------------------------------------------------------------------------------------
@leads_app.command("scan")
def leads_scan(
    year: int | None = typer.Option(None, "--year", help="突增规则的年份（默认资源库最新年份）"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """运行监测规则（非正常申请突增、商标囤积），命中结果进入线索池。"""
    from ipatlas.market.leads import scan
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        _out(scan(session, s, actor=by, year=year), json_out)


@leads_app.command("import")
def leads_import(
    file: Path = typer.Argument(
        ..., help="CSV/XLSX/XLS：店铺, 商品, 标注号码[, 链接, 采集时间, 经营者, 类型, 来源]"
    ),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """导入电商/展会标注清单，逐条核对专利号与商标。"""
    from ipatlas.market.leads import import_listings
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        _out(import_listings(session, s, file, actor=by), json_out)


@leads_app.command("add")
def leads_add(
    name: str = typer.Option(..., "--name", help="对象名称（企业、店铺）"),
    title: str = typer.Option(..., "--title", help="线索标题"),
    evidence: str = typer.Option("", "--evidence", help="证据说明"),
    object_ref: str | None = typer.Option(
        None, "--object", help="涉及的专利号或商标注册号（与其他来源的同一线索合并）"
    ),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """人工录入线索。"""
    from ipatlas.market.leads import add_manual
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(
            add_manual(session, name=name, title=title, evidence=evidence, actor=by, object_ref=object_ref),
            json_out,
        )


@leads_app.command("list")
def leads_list(
    status: str | None = typer.Option(None, "--status", help="待核查 / 核查中 / 转立案 / 排除"),
    source: str | None = typer.Option(
        None, "--source", help="monitor / listing / manual / case / inspection"
    ),
    limit: int = typer.Option(100, "--limit", help="最多列出的条数"),
    json_out: bool = _JSON,
) -> None:
    """线索池。"""
    from ipatlas.market.leads import list_leads
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        data = list_leads(session, status=status, source=source, limit=limit)
    if json_out:
        print_json(data)
        return
    print_table(
        [
            {
                "编号": x["id"],
                "标题": x["title"],
                "来源": "、".join(x["sources"]),
                "分值": x["score"],
                "状态": x["status"],
            }
            for x in data["items"]
        ],
        title=f"线索池（共 {data['total']} 条）",
    )


@leads_app.command("show")
def leads_show(lead_id: int = typer.Argument(..., help="线索编号"), json_out: bool = _JSON) -> None:
    """线索详情（证据、流程记录、可用操作）。"""
    from ipatlas.market.leads import lead_detail
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(lead_detail(session, lead_id), json_out)


@leads_app.command("act")
def leads_act(
    lead_id: int = typer.Argument(..., help="线索编号"),
    action: str = typer.Argument(..., help="check 开始核查 / exclude 排除 / file 转立案"),
    note: str | None = typer.Option(None, "--note", help="排除须说明理由"),
    role: str = typer.Option("handler", "--role", help="操作人角色"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """处置线索：核查、排除或转立案（生成保护案件）。"""
    from ipatlas.market.leads import act_lead
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        _out(act_lead(session, s, lead_id, action, actor=by, role=role, note=note), json_out)


@leads_app.command("stats")
def leads_stats(json_out: bool = _JSON) -> None:
    """按来源统计线索与转立案率。"""
    from ipatlas.market.leads import lead_stats
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(lead_stats(session), json_out)


def bench_market(
    entities: int = typer.Option(1_000_000, "--entities", help="市场主体数"),
    events: int = typer.Option(5_000_000, "--events", help="信用事件数"),
    names: int = typer.Option(200_000, "--names", help="待关联的名称数"),
    objects: int = typer.Option(1_000_000, "--objects", help="抽查对象库规模"),
    part: list[str] = typer.Option(None, "--part", help="resolution / grading / draw（默认全部）"),
    json_out: bool = _JSON,
) -> None:
    """市场监管基准：主体关联、信用分级、双随机抽取。"""
    from ipatlas.market.bench import run_benchmark

    res = run_benchmark(
        entities=entities,
        events=events,
        names=names,
        objects=objects,
        parts=tuple(part) if part else ("resolution", "grading", "draw"),
    )
    _out(res, json_out)


@credit_app.command("publish-facts")
def credit_publish_facts(json_out: bool = _JSON) -> None:
    """把信用等级、线索、抽查的事实表写入资源库（供指标目录按 records 口径统计）。"""
    from ipatlas.market.facts import publish_facts
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        _out(publish_facts(session, s), json_out)


# ---- service agencies ---------------------------------------------------------------------------
agencies_app = typer.Typer(help="服务机构：名录、投诉、信用与公开目录。", no_args_is_help=True)


@agencies_app.command("import")
def agencies_import(
    file: Path = typer.Argument(
        ..., help="CSV/XLSX/XLS：统一社会信用代码, 名称[, 注册地址, 区划代码, 代理师人数, 业务领域]"
    ),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """导入服务机构名录。"""
    from ipatlas.market.agencies import import_agencies
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(import_agencies(session, file, actor=by), json_out)


@agencies_app.command("complaint")
def agencies_complaint(
    code: str = typer.Argument(..., help="服务机构统一社会信用代码"),
    summary: str = typer.Option(..., "--summary", help="投诉内容摘要"),
    on: str | None = typer.Option(None, "--on", help="收到日期（默认今天）"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """登记对服务机构的投诉。"""
    from ipatlas.market.agencies import add_complaint
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        day = _date(on, "on") or dt.date.today()
        _out(add_complaint(session, code, received_on=day, summary=summary, actor=by), json_out)


@agencies_app.command("decide")
def agencies_decide(
    complaint_id: int = typer.Argument(..., help="投诉编号"),
    status: str = typer.Option(..., "--status", help="查实 / 不成立"),
    by: str = _ACTOR,
    json_out: bool = _JSON,
) -> None:
    """处理投诉。"""
    from ipatlas.market.agencies import decide_complaint
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(decide_complaint(session, complaint_id, status, actor=by), json_out)


@agencies_app.command("directory")
def agencies_directory(json_out: bool = _JSON) -> None:
    """公开目录（门户网站用）：名称、代码、区县、代理师人数、业务领域、信用等级。"""
    from ipatlas.market.agencies import agency_directory
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(agency_directory(session), json_out, "服务机构目录")


@credit_app.command("from-decisions")
def credit_from_decisions(json_out: bool = _JSON) -> None:
    """把本局保护案件的处罚、裁决决定（ipatlas.protection 公开决定）转为信用事件。"""
    from ipatlas.market.credit import import_protection_decisions
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        _out(import_protection_decisions(session), json_out)
