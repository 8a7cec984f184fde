"""``ipatlas cases …``: the protection desk (受理登记、办理、期限、统计). Thin wrappers over
:mod:`ipatlas.protection`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings
from ipatlas.errors import InputError

cases_app = typer.Typer(
    name="cases",
    help="知识产权保护案件：一站式受理、办理流程、法定时限（工作日）、移送、调解、统计。",
    no_args_is_help=True,
)


def _dt(value: str | None, field: str) -> dt.datetime | None:
    if value is None:
        return None
    from ipatlas.protection.intake import parse_datetime

    return parse_datetime(value, field=field)


def _date(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期格式应为 YYYY-MM-DD: {value!r}", field=field) from None


def _sets(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise InputError(f"--set 应为 key=value: {item!r}", field="--set")
        k, v = item.split("=", 1)
        if not k.strip():
            raise InputError(f"--set 缺少字段名: {item!r}", field="--set")
        out[k.strip()] = v
    return out


@cases_app.command("intake")
def intake_cmd(
    file: Path = typer.Argument(..., help="受理登记：JSON 对象或列表，或 XLSX/XLS 台账"),
    by: str = typer.Option("命令行", "--by", help="登记人用户名"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """受理登记（单件或批量导入历史台账）：分流建议、管辖区县、权利核对、重复件识别。"""
    from ipatlas.protection.intake import intake_file
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        res = intake_file(session, s, file, actor=by)
    if json_out:
        print_json(res)
        return
    console.print(
        f"读取 {res['read']} 件：登记 {len(res['created'])}，重复 {len(res['duplicates'])}，"
        f"隔离 {len(res['quarantined'])}"
    )
    for c in res["created"]:
        dup = f"（重复件，关联 {c['duplicate_of']}）" if c["duplicate_of"] else ""
        console.print(f"  {c['id']} {c['number']} {c['kind_label']} {c['region_name'] or ''}{dup}")
    for q in res["quarantined"]:
        console.print(f"  第 {q['row']} 条 {q['field']}：{q['reason']}")


@cases_app.command("act")
def act_cmd(
    case_id: str = typer.Argument(..., help="案件 ID 或登记编号"),
    action: str = typer.Argument(..., help="操作，如 accept、file、penalize、close"),
    by: str | None = typer.Option(None, "--by", help="操作人用户名（按其角色校验权限）"),
    at: str | None = typer.Option(None, "--at", help="操作时间 YYYY-MM-DD[ HH:MM]（默认现在）"),
    note: str | None = typer.Option(None, "--note", help="理由/说明"),
    sets: list[str] = typer.Option([], "--set", help="字段 key=value，可重复"),
    version: int | None = typer.Option(None, "--version", help="预期版本（乐观锁）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """对案件执行一个流程操作；不允许的操作以非零退出并说明当前状态。"""
    from ipatlas.protection.cases import act_case, actor_for, get_case
    from ipatlas.store.workflow import workflow_session

    s = settings()
    with workflow_session(s) as session:
        case = get_case(session, case_id)
        actor = actor_for(session, by, action=action, kind=case.kind)
        res = act_case(
            session,
            s,
            case.id,
            action,
            actor=actor,
            at=_dt(at, "--at"),
            note=note,
            fields=_sets(sets),
            expected_version=version,
        )
    if json_out:
        print_json(res)
        return
    ev = res["event"]
    console.print(f"{res['case']['number']}：{ev['action_label']}（{ev['from_state']} → {ev['to_state']}）")
    for d in res["documents"]:
        console.print(f"  文书 {d['number']} {d['kind']}：{d['file']}")


@cases_app.command("show")
def show_cmd(
    case_id: str = typer.Argument(..., help="案件 ID 或登记编号"),
    by: str | None = typer.Option(
        None, "--by", help="查看人用户名（个人信息仅承办人、负责人可见，并记入审计日志）"
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="期限状态的基准日期"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """案件详情：当事人（按权限脱敏）、分流结果、时间线、期限与法律依据、文书。"""
    from ipatlas.protection.cases import actor_for, show_case
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        viewer = actor_for(session, by) if by else None
        when = _date(as_of, "--as-of")
        data = show_case(
            session,
            case_id,
            viewer=viewer,
            as_of=dt.datetime.combine(when, dt.time(23, 59, 59)) if when else None,
        )
    if json_out:
        print_json(data)
        return
    demo = f"【{data['demo_label']}】" if data["demo_label"] else ""
    console.print(f"[bold]{data['number']}[/] {data['labels']['kind']} · {data['labels']['status']} {demo}")
    console.print(f"投诉人：{data['complainant'].get('name')}  被投诉人：{data['respondent'].get('name')}")
    console.print(f"管辖：{data['region_name'] or '未确定'}  承办单位：{data['handling_unit']}")
    for d in data["deadline_details"]:
        console.print(f"  期限 {d['rule']}：{d['due']}（{d['state']}）依据 {d['basis']}")
    for e in data["timeline"]:
        console.print(
            f"  {e['at']} {e['actor']} {e['action_label']} {e['from_state'] or ''} → {e['to_state']}"
        )


@cases_app.command("list")
def list_cmd(
    overdue: bool = typer.Option(False, "--overdue", help="只列出有超期期限的案件"),
    as_of: str | None = typer.Option(None, "--as-of", help="基准日期 YYYY-MM-DD（默认今天）"),
    by: str | None = typer.Option(None, "--by", help="按用户范围（责任单位只见移送给本单位的案件）"),
    mine: bool = typer.Option(False, "--mine", help="我的待办（需 --by）"),
    status: str | None = typer.Option(None, "--status", help="按状态筛选"),
    region: str | None = typer.Option(None, "--region", help="区县/地市/省代码"),
    limit: int = typer.Option(200, "--limit", help="最多条数"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """案件列表（不含个人信息）。"""
    from ipatlas.protection.cases import actor_for, list_cases
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        viewer = actor_for(session, by) if by else None
        data = list_cases(
            session,
            viewer=viewer,
            overdue=overdue,
            as_of=_date(as_of, "--as-of"),
            mine=mine,
            status=status,
            region=region,
            limit=limit,
        )
    if json_out:
        print_json(data)
        return
    print_table(
        [
            {
                "ID": c["id"],
                "编号": c["number"],
                "类型": c["kind_label"],
                "状态": c["status_label"],
                "区县": c["region_name"] or "",
                "演示": "演示数据" if c["is_demo"] else "",
            }
            for c in data["cases"]
        ]
    )


@cases_app.command("stats")
def stats_cmd(
    year: int | None = typer.Option(None, "--year", help="受理年份"),
    region: str | None = typer.Option(None, "--region", help="区县/地市/省代码"),
    as_of: str | None = typer.Option(None, "--as-of", help="超期的基准日期"),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="另存统计月报 XLSX（需 --year）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """统计：受理、结案、按期办结率、平均办结工作日、超期件数（重复件不计）。"""
    from ipatlas.protection.cases import stats
    from ipatlas.protection.reports import monthly_xlsx
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        data = stats(session, year=year, region=region, as_of=_date(as_of, "--as-of"))
        if xlsx is not None:
            if year is None:
                raise InputError("统计月报需要 --year", field="--year")
            data["xlsx"] = monthly_xlsx(session, year, xlsx, region=region)
    if json_out:
        print_json(data)
        return
    for k, v in data.items():
        console.print(f"{k}: {v}")


@cases_app.command("sweep")
def sweep_cmd(
    as_of: str | None = typer.Option(None, "--as-of", help="基准日期（默认今天）"),
    soon: int = typer.Option(3, "--soon", help="即将到期：剩余工作日数"),
    send: bool = typer.Option(False, "--send", help="随后通过 SMTP 发送待发提醒（需 IPATLAS_SMTP_HOST）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """每日期限巡检：即将到期与超期的期限写入提醒发件箱（可发送邮件）。"""
    from ipatlas.protection.cases import case_sweep
    from ipatlas.store.workflow import workflow_session
    from ipatlas.workflow import send_outbox

    with workflow_session(settings()) as session:
        data = case_sweep(session, as_of=_date(as_of, "--as-of"), soon_workdays=soon)
        if send:
            data["sent"] = send_outbox(session)
    if json_out:
        print_json(data)
        return
    console.print(
        f"即将到期 {data['due_soon']}，已超期 {data['overdue']}，新提醒 {data['notifications']}，"
        f"超期未回执的移送 {data['overdue_receipts']}"
    )


@cases_app.command("board")
def board_cmd(
    as_of: str | None = typer.Option(None, "--as-of", help="基准日期"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """期限看板：按承办单位的即将到期与超期件数。"""
    from ipatlas.protection.cases import board
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        data = board(session, as_of=_date(as_of, "--as-of"))
    if json_out:
        print_json(data)
        return
    print_table(data["units"])


@cases_app.command("rules")
def rules_cmd(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """期限规则表：各版本的生效日期、法律依据（是否已核对原文）、时限与承诺时限。"""
    from ipatlas.protection.rules import deadline_rules

    table = deadline_rules()
    rows = [
        {
            "rule": r.id,
            "label": r.label,
            "version": v.version,
            "effective_from": v.effective_from.isoformat(),
            "basis": v.basis,
            "length": v.length,
            "unit": v.unit,
            "promised": v.promised,
            "extension_cap": v.extension_cap,
            "verified": v.verified,
            "source": v.source,
        }
        for r in table.rules.values()
        for v in r.versions
    ]
    if json_out:
        print_json({"rules": rows})
        return
    print_table(rows, ["rule", "label", "version", "effective_from", "basis", "length", "unit", "verified"])


@cases_app.command("publish-facts")
def publish_facts_cmd(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """把案件快照写入数据湖事实表 case_facts（供指标目录计算）。"""
    from ipatlas.protection.facts import publish_facts

    data = publish_facts(settings())
    if json_out:
        print_json(data)
        return
    console.print(f"{data['table']}：{data['rows']} 行")


@cases_app.command("review")
def review_cmd(
    per_unit: int = typer.Option(5, "--per-unit", help="每个承办单位抽取的已结案件数"),
    seed: int = typer.Option(1, "--seed", help="随机种子（同一种子抽到同一批案卷）"),
    year: int | None = typer.Option(None, "--year", help="结案年份"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """案卷评查：按单位随机抽取已结案件，按评分表打分。"""
    from ipatlas.protection.review import review
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        data = review(session, per_unit=per_unit, seed=seed, year=year)
    if json_out:
        print_json(data)
        return
    print_table([{k: u[k] for k in ("unit", "closed", "sampled", "average_score")} for u in data["units"]])


@cases_app.command("export")
def export_cmd(
    file: Path = typer.Argument(..., help="输出 XLSX"),
    by: str = typer.Option(..., "--by", help="导出人用户名"),
    personal: bool = typer.Option(False, "--personal", help="含个人信息（仅负责人、管理员；记入审计日志）"),
    year: int | None = typer.Option(None, "--year", help="收到年份"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导出案件清单；默认个人信息脱敏。"""
    from ipatlas.protection.cases import actor_for
    from ipatlas.protection.review import export_cases
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        data = export_cases(
            session, file, viewer=actor_for(session, by), include_personal=personal, year=year
        )
    if json_out:
        print_json(data)
        return
    console.print(f"已导出 {data['rows']} 件到 {data['file']}（含个人信息 {data['personal_rows']} 件）")


@cases_app.command("mediators")
def mediators_cmd(
    add: str | None = typer.Option(None, "--add", help="新增/更新调解组织名称"),
    org_type: str = typer.Option(
        "people",
        "--type",
        help="people 人民调解 | industry 行业调解 | professional 专业调解 | lawyer 律师调解",
    ),
    specialty: list[str] = typer.Option([], "--specialty", help="专长，可重复"),
    mediator: list[str] = typer.Option([], "--mediator", help="调解员姓名，可重复"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """调解组织与调解员名录：列出，或 --add 新增。"""
    from ipatlas.protection.reports import add_mediation_org, list_mediation_orgs
    from ipatlas.store.workflow import workflow_session

    with workflow_session(settings()) as session:
        if add:
            add_mediation_org(
                session, name=add, org_type=org_type, specialties=specialty,
                mediators=[{"name": m} for m in mediator],
            )  # fmt: skip
        data = {"organisations": list_mediation_orgs(session)}
    if json_out:
        print_json(data)
        return
    print_table(
        [
            {"名称": o["name"], "类型": o["org_type_label"], "专长": "、".join(o["specialties"]),
             "调解员": "、".join(m["name"] for m in o["mediators"])}
            for o in data["organisations"]
        ]
    )  # fmt: skip


def bench_cases(
    n: int = typer.Option(100_000, "--n", help="案件数（批量写入的合成案件，可到 1,000,000）"),
    database_url: str | None = typer.Option(
        None, "--database-url", help="另用 PostgreSQL（postgresql+psycopg://…，应为空库；默认临时 SQLite）"
    ),
    todo_users: int = typer.Option(
        0,
        "--todo-users",
        help="同一数据上再测我的待办页：并发登录用户数（如 50；0 = 不测），同时测 /healthz 基线",
    ),
    todo_requests: int = typer.Option(10, "--todo-requests", help="待办页基准：每个用户的请求次数"),
    todo_workers: int = typer.Option(1, "--todo-workers", help="待办页基准：Web 工作进程数（按核数）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """案件基准：一次批量写入 N 件，超期巡检与年度统计 vs 手写 SQL（报告倍数），可选我的待办页并发 p95。"""
    from ipatlas.protection.bench import run_benchmark

    res = run_benchmark(
        n,
        database_url=database_url,
        todo_users=todo_users,
        todo_requests=todo_requests,
        todo_workers=todo_workers,
    )
    if json_out:
        print_json(res)
        return
    console.print(
        f"{res['cases']:,} 件（{res['backend']}，写入 {res['load_s']} s）：巡检 {res['sweep_find_s']} s"
        f" vs 手写 SQL {res['hand_sweep_s']} s（{res['sweep_ratio']}×）；"
        f"统计 {res['stats_s']} s vs {res['hand_stats_s']} s（{res['stats_ratio']}×）"
    )
    if "todo_page" in res:
        t = res["todo_page"]
        console.print(
            f"我的待办 {t['users']} 用户 {t['requests']} 次：p50 {t['todo_p50_ms']} ms，"
            f"p95 {t['todo_p95_ms']} ms（目标 ≤ {t['target_p95_ms']} ms）；"
            f"同次 /healthz p95 {t['healthz_p95_ms']} ms"
        )


def register(app: typer.Typer) -> None:
    from ipatlas.cli.bench import bench_app

    app.add_typer(cases_app, name="cases")
    bench_app.command("cases")(bench_cases)
