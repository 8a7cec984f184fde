"""``ipatlas bench ocr``: reading a user's documents (``ipatlas.sourcetext``) — what a scanned page
costs over a text page."""

from __future__ import annotations

from pathlib import Path

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings


def bench_ocr(
    file: Path | None = typer.Option(
        None, "--file", help="PDF（有文字层）或文本文件（先排印为 PDF）；默认：共享法规库的第一份文本"
    ),
    pages: int = typer.Option(3, "--pages", help="计时的页数"),
    repeat: int = typer.Option(5, "--repeat", help="文字层读取重复次数（取最快）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """文字识别基准：同一页作为扫描件识别（OCR）的耗时，与读取其文字层之比（同一次运行中测得）。"""
    from ipatlas.errors import NotFoundError
    from ipatlas.sourcetext import read_source
    from ipatlas.sourcetext.bench import printed_pdf, run_ocr_benchmark

    if file is None:
        texts = sorted((settings().shared_dir / "data" / "policies" / "texts").glob("*.md"))
        if not texts:
            raise NotFoundError("共享法规库中没有文本：请用 --file 指定 PDF 或文本文件")
        file = texts[0]
    if file.suffix.lower() == ".pdf":
        pdf = file.read_bytes()
    else:
        from ipatlas.reports.fonts import CSS_SERIF

        pdf = printed_pdf(read_source(file).text, font_family=CSS_SERIF)
    res = {"file": str(file), **run_ocr_benchmark(pdf, pages=pages, repeat=repeat)}
    if json_out:
        print_json(res)
        return
    print_table(res["per_page"], title=f"文字识别基准：{file.name}")
    console.print(
        f"每页识别中位 {res['median_ocr_s_per_page']} 秒，为读取文字层的 {res['median_ratio']} 倍；"
        f"识别文本与文字层的最低相似度 {res['min_similarity']}"
    )


def register(app: typer.Typer) -> None:
    from ipatlas.cli.bench import bench_app

    bench_app.command("ocr")(bench_ocr)
