"""``ipatlas serve``, ``users …``, ``db upgrade``, ``bench web`` and ``bench serve``."""

from __future__ import annotations

from pathlib import Path

import typer

from ipatlas.access import role_label
from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings

users_app = typer.Typer(help="用户管理（工作流数据库）。", no_args_is_help=True)
db_app = typer.Typer(help="工作流数据库（SQLite / PostgreSQL）。", no_args_is_help=True)


def serve(
    host: str | None = typer.Option(None, "--host", help="监听地址（默认 127.0.0.1）"),
    port: int | None = typer.Option(None, "--port", help="端口（默认 8000）"),
    workers: int | None = typer.Option(None, "--workers", min=1, max=64, help="工作进程数（默认 1）"),
) -> None:
    """启动 Web 平台。"""
    from ipatlas.web import serve as run

    s = settings()
    console.print(f"知识产权资源布局信息平台: http://{host or s.host}:{port or s.port}")
    run(s, host, port, workers=workers)


@users_app.command("create")
def users_create(
    username: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option(..., "--role", help="admin | analyst | viewer | unit"),
    password: str | None = typer.Option(None, "--password", help="密码（省略则提示输入）"),
    unit: str | None = typer.Option(None, "--unit", help="责任单位名称（unit 角色）"),
    display_name: str = typer.Option("", "--name", help="姓名"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """创建用户。"""
    from ipatlas.security.passwords import check_password
    from ipatlas.store import workflow
    from ipatlas.store.models import UserCreate

    if password is None:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True, err=True)
    check_password(password, username=username)
    data = workflow.validated(
        UserCreate, username=username, role=role, password=password, unit=unit, display_name=display_name
    )
    with workflow.workflow_session(settings()) as session:
        user = workflow.create_user(session, data)
    if json_out:
        print_json(user)
    else:
        console.print(f"已创建用户 {user.username}（{role_label(user.role)}）")


@users_app.command("list")
def users_list(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """列出用户。"""
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session:
        users = workflow.list_users(session)
    if json_out:
        print_json(users)
    else:
        print_table(
            [u.model_dump() for u in users],
            ["id", "username", "display_name", "role", "unit", "active", "created_at"],
        )


@db_app.command("upgrade")
def db_upgrade(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """把工作流数据库升级到最新结构（Alembic upgrade head）。"""
    from ipatlas.store import workflow

    res = workflow.migrate(settings())
    if json_out:
        print_json(res)
    else:
        state = "已升级" if res["upgraded"] else "已是最新"
        console.print(
            f"工作流数据库 {res['database']} {state}：{res['from_revision']} → {res['to_revision']}"
        )


def _print_result(res: dict[str, object], json_out: bool) -> None:
    if json_out:
        print_json(res)
    else:
        for k, v in res.items():
            console.print(f"{k}: {v}")


def bench_web(
    users: int = typer.Option(50, "--users", help="并发用户数"),
    requests_per_user: int = typer.Option(20, "--requests", help="每个用户的请求数"),
    records: int = typer.Option(20000, "--records", help="若数据目录为空，生成的演示记录数"),
    think_min: float = typer.Option(0.5, "--think-min", help="用户两次请求之间的最短思考时间（秒）"),
    think_max: float = typer.Option(2.0, "--think-max", help="最长思考时间（秒）；0 = 不停顿的压力测试"),
    fragments: bool = typer.Option(
        True, "--fragments/--no-fragments", help="总览页面之后是否同时请求指标体系片段（浏览器会这样做）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """Web 负载基准：并发用户访问总览、地图 JSON 与专利清单（仅回环地址）。"""
    from ipatlas.web.bench import run_bench

    res = run_bench(
        settings(),
        users=users,
        requests_per_user=requests_per_user,
        records=records,
        think=(min(think_min, think_max), think_max),
        fragments=fragments,
    )
    _print_result(res, json_out)


def bench_serve(
    users: int = typer.Option(200, "--users", help="并发用户数"),
    workers: int = typer.Option(4, "--workers", min=1, max=64, help="Web 工作进程数"),
    requests_per_user: int = typer.Option(10, "--requests", help="每个用户的请求数"),
    database_url: str | None = typer.Option(
        None, "--database-url", help="工作流数据库（PostgreSQL）；默认启动一个临时 PostgreSQL 集群"
    ),
    lake: Path | None = typer.Option(
        None, "--lake", help="数据目录（含 lake/）或数据湖目录；默认生成演示数据"
    ),
    records: int = typer.Option(20000, "--records", help="未给 --lake 时生成的演示记录数"),
    think_min: float = typer.Option(0.5, "--think-min", help="两次请求之间的最短思考时间（秒）"),
    think_max: float = typer.Option(2.0, "--think-max", help="最长思考时间（秒）"),
    during_import: int = typer.Option(
        0, "--during-import", help="负载期间导入这么多条生成的专利并重算指标立方体（0 = 不导入）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """生产规模 Web 基准：N 个工作进程 + PostgreSQL，并发用户的各端点 p95 与 /healthz 基线。"""
    from ipatlas.web.bench import run_serve_bench

    res = run_serve_bench(
        users=users,
        workers=workers,
        requests_per_user=requests_per_user,
        database_url=database_url,
        lake=lake,
        records=records,
        think=(min(think_min, think_max), think_max),
        during_import=during_import,
    )
    _print_result(res, json_out)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from ipatlas.cli.bench import bench_app

    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
    app.add_typer(db_app, name="db")
    bench_app.command("web")(bench_web)
    bench_app.command("serve")(bench_serve)
