"""``ipatlas imports list|show``: past imports and their quarantined rows."""

from __future__ import annotations

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings
from ipatlas.store.table_labels import table_label

imports_app = typer.Typer(help="导入记录与隔离数据。", no_args_is_help=True)


@imports_app.command("list")
def imports_list(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """列出历次导入（最新在前）。"""
    from ipatlas import DEMO_LABEL
    from ipatlas.ingest import list_imports

    items = list_imports(settings())
    if json_out:
        print_json(items)
        return
    print_table(
        [
            {
                "导入批次": s.import_id,
                "类型": table_label(s.table),
                "文件": s.file,
                "读取": s.read,
                "入库": s.loaded,
                "重复": s.duplicates,
                "隔离": s.quarantined,
                "时间": s.started_at,
                "标记": DEMO_LABEL if s.is_demo else "",
            }
            for s in items
        ],
        title="导入记录",
    )


@imports_app.command("show")
def imports_show(
    import_id: str = typer.Argument(..., help="导入批次，如 imp-20261121-050912-ab12cd"),
    limit: int | None = typer.Option(50, "--limit", "-n", help="最多显示的隔离行数（0 = 全部）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示一次导入的结果及其隔离行。"""
    from ipatlas.cli.ingest import render_summary
    from ipatlas.ingest import get_import

    summary, rows = get_import(settings(), import_id, limit=limit or None)
    if json_out:
        print_json({"import": summary, "quarantine": rows})
        return
    render_summary(summary, sample=False)
    if rows:
        print_table(
            [
                {"行号": r["source_row"], "字段": r["field"], "值": r["value"], "原因": r["reason"]}
                for r in rows
            ],
            title=f"隔离行（显示 {len(rows)} / {summary.quarantined}）",
        )
    else:
        console.print("（无隔离行）")


def register(app: typer.Typer) -> None:
    """Add ``imports`` to the root app."""
    app.add_typer(imports_app, name="imports")
