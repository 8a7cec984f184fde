"""``ipatlas exports sweep``: fail the background export jobs whose worker process died."""

from __future__ import annotations

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, settings

exports_app = typer.Typer(help="后台导出任务：清理已终止进程留下的任务。", no_args_is_help=True)


@exports_app.command("sweep")
def sweep_cmd(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """把执行进程已终止（或长时间没有进展）的排队中/导出中任务标记为失败（每个 Web 进程启动时也会执行）。"""
    from ipatlas.exports import jobs
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session:
        res = jobs.sweep(session)
    if json_out:
        print_json(res)
        return
    for job in res["failed"]:
        console.print(f"{job['id']}（{job['owner']}，{job['title']}）：{job['error']}")
    console.print(
        f"未完成任务 {res['open']} 个，标记失败 {len(res['failed'])} 个，仍在进行 {res['still_open']} 个"
    )


def register(app: typer.Typer) -> None:
    """Add ``exports`` to the root app."""
    app.add_typer(exports_app, name="exports")
