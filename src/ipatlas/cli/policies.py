"""``ipatlas policies …``: the policy and law library (政策法规库).

Thin wrappers over :mod:`ipatlas.library`; every command takes ``--json``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import (
    JSON_OPTION_HELP,
    console,
    print_json,
    print_table,
    recognition_progress,
    settings,
)

policies_app = typer.Typer(
    name="policies",
    help="政策法规库：导入法律法规文本，按条文检索，查看引用关系。",
    no_args_is_help=True,
)


def _date(value: str | None, name: str) -> dt.date | None:
    from ipatlas.errors import InputError

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} 应为 YYYY-MM-DD: {value!r}", field=name) from None


@policies_app.command("import")
def import_cmd(
    path: Path = typer.Argument(
        ..., help="目录（metadata.csv + texts/）或单个 .md/.txt/.docx/.doc/.wps/.rtf/.pdf/.ofd/.html 文件"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导入法规：read = loaded + duplicates + quarantined；重复导入不改变任何数据。"""
    from ipatlas.library import import_path
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session, recognition_progress(enabled=not json_out):
        result = import_path(session, path)
    if json_out:
        print_json(result)
        return
    console.print(
        f"读取 {result['read']}，导入 {result['loaded']}（其中新版本 {result['versions']}），"
        f"重复 {result['duplicates']}，隔离 {result['quarantined']}，条文 {result['articles']}"
    )
    for q in result["quarantine"]:
        where = f"（metadata.csv 第 {q['row']} 行）" if q["row"] is not None else ""
        console.print(f"  隔离：{q['file']}{where} {q['field'] or ''} — {q['reason']}")
    for note in result["notes"]:
        console.print(f"  说明：{note}")


@policies_app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="检索词（空格分隔多个词）"),
    limit: int = typer.Option(20, "--limit", help="返回条数（1–200）"),
    status: str | None = typer.Option(None, "--status", help="当前状态：有效、已失效、已修改、尚未生效"),
    level: str | None = typer.Option(
        None, "--level", help="效力级别：法律、行政法规、司法解释、部门规章、地方性法规…"
    ),
    category: str | None = typer.Option(None, "--category", help="法律类别"),
    date_from: str | None = typer.Option(None, "--from", help="颁布日期不早于 YYYY-MM-DD"),
    date_to: str | None = typer.Option(None, "--to", help="颁布日期不晚于 YYYY-MM-DD"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """按条文全文检索（标题与条文，高亮片段）。"""
    from ipatlas.library import search
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session:
        result = search(
            session,
            query,
            limit=limit,
            status=status,
            level=level,
            category=category,
            date_from=_date(date_from, "from"),
            date_to=_date(date_to, "to"),
        )
    hits = [{k: h[k] for k in ("id", "title", "article", "snippet", "score")} for h in result["hits"]]
    if json_out:
        print_json({"total": result["total"], "total_exact": result["total_exact"], "hits": hits})
        return
    console.print(f"共 {'' if result['total_exact'] else '约 '}{result['total']:,} 条结果")
    print_table(
        [{"编号": h["id"], "标题": h["title"], "条": h["article"] or "", "片段": h["snippet"]} for h in hits],
        title=f"检索：{query}",
    )


@policies_app.command("show")
def show_cmd(
    doc_id: str = typer.Argument(..., help="法规编号（search 结果的 id，# 之前的部分）"),
    on: str | None = typer.Option(None, "--on", help="显示该法规在 YYYY-MM-DD 施行的版本"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示一部法规：元数据、版本、逐条文本（--on 某日施行的文本）。"""
    from ipatlas.library import document_dict, text_in_force
    from ipatlas.store import workflow

    with workflow.workflow_session(settings()) as session:
        doc = document_dict(session, doc_id)
        day = _date(on, "on")
        if day is not None:
            doc = text_in_force(session, doc["title"], day)
    if json_out:
        keys = ("id", "title", "level", "status", "promulgated_on", "effective_on")
        out: dict[str, Any] = {k: doc[k] for k in keys}
        out["articles"] = [
            {"number": a["number"], "label": a["label"], "text": a["text"]} for a in doc["articles"]
        ]
        out["versions"] = doc["versions"]
        print_json(out)
        return
    console.print(f"[bold]{doc['title']}[/bold]（{doc['level'] or '—'}，{doc['status']}）")
    console.print(f"颁布 {doc['promulgated_on'] or '—'}，实施 {doc['effective_on'] or '—'}")
    for a in doc["articles"]:
        console.print(f"{a['label']} {a['text']}")


@policies_app.command("cites")
def cites_cmd(
    text_file: Path = typer.Argument(..., help="文本文件（UTF-8 或 GBK）"),
    context: str | None = typer.Option(None, "--context", help="文本所属法规的标题（解析“本法第…条”）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """找出文本中引用的法律条文，并链接到库中的条文。"""
    from ipatlas.errors import NotFoundError
    from ipatlas.library import find_citations
    from ipatlas.library.text import SUFFIXES, read_source
    from ipatlas.store import workflow

    if not text_file.is_file():
        raise NotFoundError(f"文件不存在: {text_file}")
    suffix = text_file.suffix.lower()
    if suffix in SUFFIXES and suffix not in (".txt", ".text"):
        with recognition_progress(enabled=not json_out):
            text, note = read_source(text_file)
    else:
        from ipatlas.sourcetext import decode_bytes

        decoded = decode_bytes(text_file.read_bytes(), name=text_file.name)
        text, note = decoded.text, decoded.note(text_file.name)
    with workflow.workflow_session(settings()) as session:
        found = [c.to_dict() for c in find_citations(text, context, session=session)]
    out = {
        "file": str(text_file),
        "note": note,
        "total": len(found),
        "linked": sum(1 for c in found if c["article_id"]),
        "citations": found,
    }
    if json_out:
        print_json(out)
        return
    console.print(f"共 {out['total']} 处引用，{out['linked']} 处已链接到库中条文")
    print_table(
        [
            {
                "引用": c["text"],
                "法规": c["law"],
                "条": c["article"] or "",
                "条文编号": c["article_id"] or "未收录",
            }
            for c in found
        ],
        title="引用",
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(policies_app, name="policies")


def _bench_library(
    documents: int = typer.Option(10_000, "--documents", help="生成后的法规总数"),
    articles: int = typer.Option(500_000, "--articles", help="生成后的条文总数"),
    users: int = typer.Option(50, "--users", help="检索并发用户数"),
    portal_users: int = typer.Option(100, "--portal-users", help="门户并发匿名用户数（0 跳过）"),
    think_max: float = typer.Option(
        2.0, "--think-max", help="每次请求后的停顿上限（秒；0 为无停顿压力测试）"
    ),
    work_dir: Path | None = typer.Option(
        None, "--dir", help="基准数据目录（默认：数据目录下 bench-library）"
    ),
    pg: str | None = typer.Option(
        None,
        "--pg",
        help="检索部分改在此 PostgreSQL 库上测（postgresql+psycopg://…；库可为空，语料自动生成）",
    ),
    processes: int = typer.Option(1, "--processes", help="并发检索分到几个工作进程（生产部署按核数）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """法规库基准（一条命令）：导入 63 份共享文本；生成语料上的检索 p95（单用户、并发）与 LIKE 全表扫描之比；
    门户页面 p95 与同一运行中的 /healthz 下限。"""
    import shutil

    from ipatlas.config import Settings
    from ipatlas.library.bench import bench_import, bench_search, generate_corpus, headline
    from ipatlas.web.portal.bench import bench_portal

    base = settings()
    root = work_dir or (base.data_dir / "bench-library")
    small = Settings(data_dir=root / "shared63", shared_dir=base.shared_dir)
    big = Settings(
        data_dir=root / ("corpus-pg" if pg else "corpus"), shared_dir=base.shared_dir, database_url=pg
    )
    shutil.rmtree(small.data_dir, ignore_errors=True)
    think = (min(0.5, think_max), think_max)
    out: dict[str, Any] = {"import": bench_import(small)}
    if portal_users:
        out["portal"] = bench_portal(small, users=portal_users, think=think)
    if not pg and not (big.data_dir / "workflow.sqlite").exists():
        shutil.rmtree(big.data_dir, ignore_errors=True)
    bench_import(big)  # the real texts first (a no-op when the corpus is kept from an earlier run)
    out["corpus"] = generate_corpus(big, documents=documents, articles=articles)
    out["search"] = bench_search(big, users=users, think=think, processes=processes)
    out = {"summary": headline(out), **out}
    if json_out:
        print_json(out)
        return
    print_table([{"指标": k, "结果": v} for k, v in out["summary"].items()], title="法规库基准")
    print_json(out)  # the full record follows the table


def _register_bench() -> None:
    from ipatlas.cli.bench import bench_app

    bench_app.command("library")(_bench_library)


_register_bench()
