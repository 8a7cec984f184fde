"""``ipatlas audit verify|list``: the tamper-evident audit log of the workflow database."""

from __future__ import annotations

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings
from ipatlas.errors import StoreError

audit_app = typer.Typer(help="审计日志（只可追加、哈希链防篡改）。", no_args_is_help=True)


class AuditChainBroken(StoreError):
    """The audit log's hash chain does not verify."""

    exit_code = 4


@audit_app.command("verify")
def verify(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """校验审计日志的哈希链（每条记录的哈希、与上一条的衔接、序号连续、链尾）。"""
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session:
        result = workflow.verify_audit(session)
    if json_out:
        print_json(result)
    elif result["ok"]:
        console.print(f"审计日志校验通过：{result['entries']} 条，链尾序号 {result['last_seq']}")
    if not result["ok"]:
        first = result["problems"][0]
        where = f"序号 {first.get('seq', first.get('id'))}"
        if json_out:
            raise SystemExit(AuditChainBroken.exit_code)
        raise AuditChainBroken(
            f"审计日志校验未通过（{len(result['problems'])} 处）：{where} {first['problem']}"
        )


@audit_app.command("list")
def list_entries(
    action: str | None = typer.Option(None, "--action", help="操作，如 login_failed、export"),
    username: str | None = typer.Option(None, "--user", help="用户名"),
    limit: int = typer.Option(50, "--limit", min=1, max=100_000, help="最多列出的条数"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出最近的审计记录。"""
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session:
        entries = workflow.list_audit(session, action=action, username=username, limit=limit)
    if json_out:
        print_json(entries)
        return
    print_table(
        [
            {
                "序号": e.seq,
                "时间": e.at.isoformat(sep=" ", timespec="seconds"),
                "用户": e.username or "系统",
                "来源": e.client or "",
                "操作": e.action,
                "对象": f"{e.object_type} {e.object_id}",
            }
            for e in entries
        ]
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(audit_app, name="audit")
