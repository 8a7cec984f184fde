"""``ipatlas backup``, ``ipatlas restore`` and ``ipatlas doctor``: running a deployment for years."""

from __future__ import annotations

from pathlib import Path

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, progress_bar, settings

STATUS_LABELS = {"ok": "[green]正常[/]", "warn": "[yellow]注意[/]", "fail": "[red]需处理[/]"}


def backup_cmd(
    target: Path = typer.Argument(..., help="归档文件（.tar）或目录（自动命名）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """在平台运行时写出一份一致的备份（工作流数据库、数据湖、其他数据文件、不含密钥的配置）。"""
    from ipatlas.maintenance import backup

    with progress_bar("备份", enabled=not json_out) as cb:
        res = backup(settings(), target, progress=cb)
    if json_out:
        print_json(res.to_dict())
    else:
        console.print(
            f"已备份到 {res.archive}：数据湖版本 {res.lake_seq}，{res.files} 个文件，{res.bytes:,} 字节"
        )


def restore_cmd(
    archive: Path = typer.Argument(..., help="ipatlas backup 写出的归档"),
    replace: bool = typer.Option(False, "--replace", help="覆盖已有数据（默认只恢复到空的数据目录/数据库）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """从备份归档恢复（校验每个文件，恢复后自动升级数据库结构）。"""
    from ipatlas.maintenance import restore

    with progress_bar("恢复", enabled=not json_out) as cb:
        res = restore(settings(), archive, replace=replace, progress=cb)
    if json_out:
        print_json(res)
    else:
        console.print(f"已恢复到 {res.data_dir}：数据湖版本 {res.lake_seq}，数据库 {res.revision_after}")


def doctor_cmd(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """检查部署：数据库、迁移、数据目录、密钥、字体、磁盘空间；有需处理项时退出码为 1。"""
    from ipatlas.maintenance import doctor

    checks = doctor(settings())
    failed = any(c.status == "fail" for c in checks)
    if json_out:
        print_json({"ok": not failed, "checks": [c.to_dict() for c in checks]})
    else:
        for c in checks:
            line = f"{STATUS_LABELS[c.status]} {c.name}：{c.detail}"
            if c.fix:
                line += f"\n      → {c.fix}"
            console.print(line)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("backup")(backup_cmd)
    app.command("restore")(restore_cmd)
    app.command("doctor")(doctor_cmd)
