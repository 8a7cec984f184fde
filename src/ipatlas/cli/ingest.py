"""``ipatlas ingest …``: import patents, trademarks, geographical indications and statistics.

Thin wrappers over :func:`ipatlas.ingest.import_file`; ``ipatlas bench import`` times the importer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ipatlas.cli.output import (
    JSON_OPTION_HELP,
    console,
    err_console,
    print_json,
    print_table,
    progress_bar,
    settings,
)
from ipatlas.errors import IngestError

ingest_app = typer.Typer(
    help="导入数据：专利、商标、地理标志、统计数据（CSV / XLSX / XLS）。", no_args_is_help=True
)

PROFILE_HELP = "字段映射：内置名称（standard、incopat、patsnap）或 YAML 文件路径。"
AUTO_PROFILE_HELP = (
    "字段映射：auto（默认，按表头自动识别：先匹配内置映射，否则按常见导出列名逐字段识别）、"
    "内置名称（standard、incopat、patsnap）或 YAML 文件路径。"
)
DEMO_HELP = "标记为演示数据（默认：文件旁有 <文件>.ipatlas-demo.json 时自动标记）。"


def render_summary(summary: Any, *, sample: bool = True) -> None:
    table = Table(title="导入结果", show_header=False)
    table.add_column("项目", style="bold")
    table.add_column("值")
    for label, value in summary.zh_rows():
        table.add_row(label, value)
    console.print(table)
    if summary.quarantine_reasons:
        print_table(
            [{"原因": r, "行数": n} for r, n in summary.quarantine_reasons.items()],
            title="隔离原因",
        )
        if not sample:
            return
        print_table(
            [
                {"行号": q.row, "字段": q.field, "值": q.value, "原因": q.reason}
                for q in summary.quarantine_sample
            ],
            title="隔离示例（完整列表：ipatlas imports show " + summary.import_id + "）",
        )


def _show_progress(json_out: bool) -> bool:
    # A bar only for people at a terminal: scripts (and --json) get clean output.
    return not json_out and err_console.is_terminal


def _import(table: str, file: Path, profile: str, json_out: bool, demo: bool | None, **given: Any) -> None:
    from ipatlas.ingest import import_file

    with progress_bar("导入中", enabled=_show_progress(json_out)) as progress:
        summary = import_file(settings(), table, file, profile, demo=demo, progress=progress, **given)
    _audit_import(summary, file.name)
    if json_out:
        print_json(summary)
    else:
        render_summary(summary)


def _audit_import(summary: Any, name: str) -> None:
    """Every import goes to the workflow database's audit log (who ran it, which file, the counts)."""
    import getpass

    from ipatlas.store import workflow

    counts = {k: getattr(summary, k, None) for k in ("table", "read", "loaded", "duplicates", "quarantined")}
    try:
        with workflow.workflow_session(settings()) as session:
            workflow.record_audit(
                session, actor=None, username=f"cli:{getpass.getuser()}"[:64], object_type="import",
                object_id=summary.import_id, action="import", after=counts, note=name, client="cli",
            )  # fmt: skip
    except Exception as exc:  # the import itself is committed; say that its audit entry is missing
        err_console.print(f"[yellow]警告：导入已完成，但未能写入审计日志：{exc}[/yellow]")


def _file_arg() -> Any:
    return typer.Argument(..., help="CSV、XLSX 或 XLS 文件", show_default=False)


@ingest_app.command("patents")
def ingest_patents(
    file: Path = _file_arg(),
    profile: str = typer.Option("auto", "--profile", "-p", help=AUTO_PROFILE_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
) -> None:
    """导入专利数据。"""
    _import("patents", file, profile, json_out, demo)


@ingest_app.command("trademarks")
def ingest_trademarks(
    file: Path = _file_arg(),
    profile: str = typer.Option("auto", "--profile", "-p", help=AUTO_PROFILE_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
) -> None:
    """导入商标数据。"""
    _import("trademarks", file, profile, json_out, demo)


@ingest_app.command("stats")
def ingest_stats(
    file: Path = _file_arg(),
    profile: str = typer.Option("auto", "--profile", "-p", help=AUTO_PROFILE_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
    region: str | None = typer.Option(
        None,
        "--region",
        help="统计年鉴表按年份或指标分行、表题中没有地区时：数据所属地区的区划代码（如 440100）。",
    ),
    year: int | None = typer.Option(
        None, "--year", help="统计年鉴表中没有印年份时（如普查年鉴）：数据的年份。不会猜测。"
    ),
) -> None:
    """导入统计数据（宽表、长表或按原样的统计年鉴表）。"""
    _import("statistics", file, profile, json_out, demo, region=region, year=year)


@ingest_app.command("gi")
def ingest_gi(
    file: Path | None = typer.Argument(
        None, help="CSV、XLSX 或 XLS 文件（或使用 --builtin）", show_default=False
    ),
    builtin: bool = typer.Option(False, "--builtin", help="导入内置的全国地理标志保护产品名录（2005–2023）"),
    profile: str = typer.Option("standard", "--profile", "-p", help=PROFILE_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
    demo: bool | None = typer.Option(None, "--demo/--no-demo", help=DEMO_HELP),
) -> None:
    """导入地理标志数据。"""
    if builtin == (file is not None):
        raise IngestError("请给出一个文件，或使用 --builtin（二者选一）")
    if builtin:
        from ipatlas.ingest import import_gi_builtin

        with progress_bar("导入中", enabled=_show_progress(json_out)) as progress:
            summary = import_gi_builtin(settings(), progress=progress)
        print_json(summary) if json_out else render_summary(summary)
        return
    assert file is not None
    _import("gi", file, profile, json_out, demo)


@ingest_app.command("profiles")
def ingest_profiles(
    table: str | None = typer.Option(None, "--table", "-t", help="patents / trademarks / gi / stats"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出内置字段映射（导入格式）。"""
    from ipatlas.ingest import list_profiles

    profiles = list_profiles(table)
    if json_out:
        print_json(profiles)
        return
    print_table(
        [
            {
                "数据类型": p["table"],
                "名称": p["name"],
                "说明": p["description"],
                "必需列数": len(p["columns"]),
            }
            for p in profiles
        ],
        title="内置字段映射",
    )


def bench_import(
    records: int = typer.Option(100_000, "--records", "-n", help="生成的标准格式记录行数。"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
    workdir: Path | None = typer.Option(None, "--workdir", help="测试文件保存目录（默认：临时目录）。"),
    repeat: int = typer.Option(1, "--repeat", help="基线 + 导入的轮数；报告中位数。"),
    generator: str = typer.Option("auto", "--generator", help="auto | demo | simple"),
) -> None:
    """导入 N 行标准格式专利记录，与 DuckDB 将同一文件 read_csv → Parquet COPY 的耗时相比。"""
    from ipatlas.demo.bench import standard_patent_csv
    from ipatlas.ingest.bench import run_import_benchmark

    result = run_import_benchmark(
        records,
        workdir=workdir,
        keep=workdir is not None,
        repeat=repeat,
        generator=generator,
        demo_source=standard_patent_csv,
    )
    if json_out:
        print_json(result)
        return
    print_table(
        [
            {"项目": "记录数", "值": result["records"]},
            {"项目": "基准 DuckDB read_csv(all_varchar)→Parquet（秒）", "值": result["baseline_seconds"]},
            {"项目": "完整导入（秒）", "值": result["import_seconds"]},
            {"项目": "导入速度（条/秒）", "值": result["import_records_per_s"]},
            {"项目": "导入/基准 用时比（中位数）", "值": result["ratio_import_to_baseline"]},
            {"项目": "重复导入（秒）", "值": result["reimport_seconds"]},
        ],
        title="导入性能",
    )


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``bench import`` to the root app."""
    from ipatlas.cli.bench import bench_app

    app.add_typer(ingest_app, name="ingest")
    bench_app.command("import")(bench_import)
