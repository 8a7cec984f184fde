"""The ``ipatlas`` command line: thin wrappers over library calls.

Each sub-module registers its commands; domain errors are rendered in :func:`main`, once.
"""

from __future__ import annotations

import sys

import typer

import ipatlas.cli.interrupt as interrupt  # first: its Ctrl-C handler covers the slow imports below
from ipatlas.cli import (
    audit,
    bench,
    calendar,
    cases,
    demo,
    documents,
    evaluate,
    exports,
    imports,
    indicators,
    ingest,
    litigation,
    maintenance,
    market,
    operations,
    plans,
    policies,
    regions,
    reports,
    web,
)
from ipatlas.cli.chrome import install as install_chrome
from ipatlas.cli.output import JSON_OPTION_HELP, console, err_console, print_json, render_error, settings
from ipatlas.errors import IpatlasError

install_chrome()

app = typer.Typer(
    name="ipatlas",
    help="知识产权布局信息平台 ipatlas：区域知识产权资源、保护、运营与监管。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """知识产权布局信息平台 ipatlas：区域知识产权资源、保护、运营与监管。"""


INFO_LABELS = {
    "version": "版本",
    "data_dir": "数据目录",
    "workflow_database": "工作流数据库",
    "shared_dir": "共享参考数据目录",
    "ocr": "扫描件文字识别（OCR）",
}


@app.command("info")
def info(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """显示配置及数据目录中的内容。"""
    from ipatlas import __version__
    from ipatlas.sourcetext import ocr
    from ipatlas.store.lake import Lake

    s = settings()
    lake = Lake(s.lake_dir)
    tables = {t: lake.rows(t) for t in lake.manifest()["tables"]}
    data = {
        "version": __version__,
        "data_dir": str(s.data_dir.resolve()),
        "workflow_database": s.workflow_url,
        "shared_dir": str(s.shared_dir),
        "ocr": ocr.available(),
        "tables": tables,
    }
    if json_out:
        print_json(data)
    else:
        from ipatlas.store.table_labels import table_label

        missing = "不可用（安装 tesseract-ocr tesseract-ocr-chi-sim）"
        shown = {**data, "ocr": "可用" if data["ocr"] else missing}
        for k, label in INFO_LABELS.items():
            console.print(f"{label}：{shown[k]}", highlight=False)
        rows = "，".join(f"{table_label(t)} {n:,} 条" for t, n in tables.items()) or "尚未导入任何数据"
        console.print(f"数据湖：{rows}", highlight=False)


for _module in (
    regions,
    ingest,
    imports,
    demo,
    indicators,
    evaluate,
    plans,
    policies,
    web,
    reports,
    maintenance,
    calendar,
    cases,
    litigation,
    bench,
    audit,
    market,
    operations,
    exports,
    documents,
):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    interrupt.watch()
    try:
        app(args=args, prog_name="ipatlas")
    except IpatlasError as exc:
        render_error(exc, as_json="--json" in args)
        raise SystemExit(exc.exit_code) from None
    except SystemExit as exc:  # Typer ends every run so; Ctrl-C as a silent exit 130
        if interrupt.received and exc.code == interrupt.EXIT_CODE:
            err_console.print(interrupt.ABORTED, highlight=False)
        raise
    except (KeyboardInterrupt, Exception):  # Ctrl-C surfacing as another error (DuckDB's RuntimeError)
        if not interrupt.received:
            raise
        err_console.print(interrupt.ABORTED, highlight=False)
        raise SystemExit(interrupt.EXIT_CODE) from None
