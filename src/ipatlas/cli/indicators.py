"""``ipatlas indicators …``: the indicator catalogue, the cube and the concordances.

Each command wraps one call of :mod:`ipatlas.indicators`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, progress_bar, settings
from ipatlas.fmt import grouped

indicators_app = typer.Typer(
    help="指标体系：指标目录、指标计算、查询与下钻、产业对照表。", no_args_is_help=True
)
concordance_app = typer.Typer(help="产业对照表（IPC→产业）：导入与查看。", no_args_is_help=True)
indicators_app.add_typer(concordance_app, name="concordance")

COUNTING_HELP = (
    "计数方法：first-ipc|all-ipc|fractional-ipc，可加 +first-applicant|+fractional-applicant "
    "（默认 first-ipc+first-applicant，官方口径）"
)


def _years(text: str | None) -> list[int] | None:
    if not text:
        return None
    from ipatlas.errors import InputError

    out: set[int] = set()
    try:
        for part in text.replace("，", ",").split(","):
            if "-" in part:
                a, b = part.split("-", 1)
                out.update(range(int(a), int(b) + 1))
            elif part.strip():
                out.add(int(part))
    except ValueError:
        raise InputError(f"年份格式不对：{text!r}（例：2015-2020 或 2018,2020）", field="years") from None
    return sorted(out)


def _fmt(v: Any, decimals: int = 2) -> str:
    return grouped(v, decimals)


@indicators_app.command("catalog")
def catalog_cmd(
    indicator: str | None = typer.Option(None, "--id", help="只显示一个指标的完整定义"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """指标目录：每个指标的定义、公式、分子分母、统计口径、来源与注意事项。"""
    from ipatlas.indicators import catalog_listing, load_catalog

    if indicator:
        cat = load_catalog()
        data = cat.describe(cat.get(indicator))
        if json_out:
            print_json(data)
            return
        console.print(f"[bold]{data['name']}[/]（{data['name_en']}） id={data['id']}  单位：{data['unit']}")
        console.print(f"公式：{data['formula']}")
        console.print(f"统计范围：{data['counts']}")
        for c in data["conventions"]:
            console.print(f"· {c['name']}：{c['text']}")
        for s in data["sources"]:
            console.print(f"来源：{s['title']}（{s.get('publisher', '')}）")
        for c in data["caveats"]:
            console.print(f"注意：{c}")
        return
    listing = catalog_listing()
    if json_out:
        print_json(listing)
        return
    print_table(
        [
            {
                "指标": i["id"],
                "名称": i["name"],
                "单位": i["unit"],
                "类别": i["category"],
                "分产业": "是" if i["by_industry"] else "",
                "来源": "；".join(s["title"] for s in i["sources"])[:60],
            }
            for i in listing["indicators"]
        ],
        title=f"指标目录（{len(listing['indicators'])} 项）",
    )


@indicators_app.command("compute")
def compute_cmd(
    years: str | None = typer.Option(
        None, "--years", help="年份范围，如 2010-2023（默认：数据覆盖的全部年份）"
    ),
    industries: str | None = typer.Option(
        None, "--industries", help="产业分类，逗号分隔：wipo,sei,nic,ipi；ALL = 不分产业（默认：全部可用）"
    ),
    counting: list[str] = typer.Option([], "--counting", help=COUNTING_HELP + "；可重复给出多种"),
    backend: str = typer.Option("duckdb", "--backend", help="计算引擎：duckdb（默认）或 pyspark"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """计算全部指标：地区（区县→地市→省，及自定义区域组）× 产业 × 年份。"""
    from ipatlas import DEMO_LABEL
    from ipatlas.indicators import compute_cube

    inds = None if industries is None else [x.strip() for x in industries.split(",") if x.strip()]
    with progress_bar("计算指标", enabled=not json_out) as progress:
        summary = compute_cube(
            settings(),
            years=_years(years),
            industries=inds,
            counting=list(counting) or None,
            backend=backend,
            progress=progress,
        )
    if json_out:
        print_json(summary)
        return
    console.print(
        f"指标计算完成（{summary.backend}，{summary.seconds:.1f} 秒）："
        f"{summary.indicators} 项指标，{summary.years[0]}–{summary.years[-1]} 年，"
        f"区县 {summary.regions.get('county', 0)}、地市 {summary.regions.get('city', 0)}、"
        f"省级 {summary.regions.get('province', 0)}、区域组 {summary.regions.get('group', 0)}，"
        f"产业 {sum(summary.industries.values())} 个，共 {summary.rows:,} 行"
        + (f"  [bold yellow]{DEMO_LABEL}[/]" if summary.is_demo else "")
    )
    console.print(f"计数方法：{', '.join(summary.counting)}")
    for scheme, why in summary.unavailable_industries.items():
        console.print(f"[yellow]未计算产业分类 {scheme}[/]：{why}")
    for w in summary.warnings:
        console.print(f"[yellow]提示[/] {w}")


@indicators_app.command("show")
def show_cmd(
    region: str = typer.Option(..., "--region", help="地区代码（区县/地市/省）或区域组 id（G:…）"),
    year: int = typer.Option(..., "--year", help="年份"),
    industry: str | None = typer.Option(None, "--industry", help="产业 id，如 wipo:06（默认 ALL）"),
    counting: str | None = typer.Option(None, "--counting", help=COUNTING_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示一个地区某年的全部指标（值、分子、分母、定义、标记）。"""
    from ipatlas.indicators import show

    rows = show(settings(), region, year, industry, counting=counting)
    if json_out:
        print_json(rows)
        return
    print_table(
        [
            {
                "指标": r["name"],
                "值": _fmt(r["value"], r["decimals"]),
                "单位": r["unit"],
                "分子": _fmt(
                    r["numerator"], 2 if r["flags"].get("counting", "").startswith("fractional") else 0
                ),
                "分母": _fmt(r["denominator"]),
                "说明": r["reason"] or _flag_text(r["flags"]),
            }
            for r in rows
        ],
        title=f"{region} {year} 年指标" + (f"（产业 {industry}）" if industry else ""),
    )


def _flag_text(flags: dict[str, Any]) -> str:
    parts = []
    if flags.get("population_source") == "census2020_fallback":
        parts.append("人口取2020年普查数")
    elif flags.get("population_source") == "mixed":
        parts.append("人口部分取2020年普查数")
    if flags.get("missing_criteria"):
        from ipatlas.indicators.engine import CRITERION_NAMES

        parts.append("缺少标准：" + "、".join(CRITERION_NAMES.get(c, c) for c in flags["missing_criteria"]))
    if flags.get("lower_bound"):
        parts.append(f"下限（{int(flags.get('undetermined', 0))} 件无法判定）")
    if flags.get("demo"):
        parts.append(flags["demo"])
    return "；".join(parts)


@indicators_app.command("records")
def records_cmd(
    region: str = typer.Option(..., "--region", help="地区代码或区域组 id"),
    year: int = typer.Option(..., "--year", help="年份"),
    indicator: str = typer.Option(..., "--id", help="指标 id（用 ipatlas indicators catalog 查看）"),
    industry: str | None = typer.Option(None, "--industry", help="产业 id（默认 ALL）"),
    counting: str | None = typer.Option(None, "--counting", help=COUNTING_HELP),
    limit: int = typer.Option(50, "--limit", "-n", help="每页条数（0 = 全部）"),
    offset: int = typer.Option(0, "--offset", help="跳过条数"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """下钻：列出构成某个指标值（分子）的记录。"""
    from ipatlas.indicators import records

    page = records(
        settings(),
        region,
        year,
        indicator,
        industry=industry,
        counting=counting,
        limit=limit or None,
        offset=offset,
    )
    if json_out:
        print_json(page)
        return
    console.print(
        f"{indicator} · {page.region} · {page.year} 年 · 产业 {page.industry}：共 {page.total} 条记录"
        f"（权重合计 {page.weight_total:g}），显示第 {page.offset + 1}–{page.offset + len(page.items)} 条"
        + (f"  {page.note}" if page.note else "")
    )
    cols = {
        "patents": [
            "app_no",
            "title",
            "kind",
            "filing_date",
            "grant_date",
            "legal_status",
            "first_applicant",
            "weight",
        ],
        "trademarks": ["reg_no", "nice_class", "mark_name", "owner", "reg_date", "expiry_date", "status"],
        "gi": ["gi_id", "product_name", "year", "province", "city"],
    }.get(page.table or "", [])
    if not cols:  # a domain fact table (basis records): every column it has
        print_table(page.items)
        return
    print_table([{c: r.get(c) for c in cols} for r in page.items], columns=cols)


@indicators_app.command("series")
def series_cmd(
    region: str = typer.Option(..., "--region", help="地区代码或区域组 id"),
    indicator: str = typer.Option(..., "--id", help="指标 id"),
    industry: str | None = typer.Option(None, "--industry", help="产业 id（默认 ALL）"),
    counting: str | None = typer.Option(None, "--counting", help=COUNTING_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """一个地区一个指标的逐年序列。"""
    from ipatlas.indicators import series

    rows = series(settings(), region, indicator, industry, counting=counting)
    if json_out:
        print_json(rows)
        return
    print_table(
        [
            {
                "年份": r["year"],
                "值": _fmt(r["value"]),
                "分子": _fmt(r["numerator"]),
                "分母": _fmt(r["denominator"]),
                "说明": r["reason"] or "",
            }
            for r in rows
        ]
    )


@indicators_app.command("ranking")
def ranking_cmd(
    level: str = typer.Option("county", "--level", help="层级：county|city|province|group"),
    parent: str | None = typer.Option(None, "--parent", help="上级地区代码（默认全部）"),
    year: int = typer.Option(..., "--year", help="年份"),
    indicator: str = typer.Option(..., "--id", help="指标 id"),
    industry: str | None = typer.Option(None, "--industry", help="产业 id（默认 ALL）"),
    counting: str | None = typer.Option(None, "--counting", help=COUNTING_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """按某个指标对地区排名。"""
    from ipatlas.indicators import ranking

    rows = ranking(settings(), level, parent, year, indicator, industry, counting=counting)
    if json_out:
        print_json(rows)
        return
    print_table(
        [
            {
                "名次": r["rank"] or "—",
                "地区": r["region_name"],
                "代码": r["region_code"],
                "值": _fmt(r["value"]),
                "说明": r["reason"] or "",
            }
            for r in rows
        ]
    )


@indicators_app.command("industries")
def industries_cmd(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """当前指标数据中的产业（ALL、WIPO 技术领域及已导入对照表的产业）。"""
    from ipatlas.indicators import industries

    rows = industries(settings())
    if json_out:
        print_json(rows)
        return
    print_table([{"产业": r["id"], "分类": r["scheme"], "名称": r["name"]} for r in rows])


@indicators_app.command("info")
def info_cmd(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """当前指标数据的概况（计算时间、年份、地区、是否过期）。"""
    from ipatlas.indicators import cube_info

    data = cube_info(settings())
    if json_out:
        print_json(data)
        return
    for k, v in data.items():
        console.print(f"{k}: {v}")


@concordance_app.command("import")
def concordance_import(
    file: Path = typer.Argument(..., help="CSV（UTF-8/GBK）、XLSX 或 XLS 文件"),
    kind: str = typer.Option(..., "--kind", help="ipc-industry | sei | ip-intensive | enterprises"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导入产业对照表（校验 GB/T 4754-2017 代码与 IPC 格式），替换同类已导入的表。"""
    from ipatlas.indicators import import_concordance

    info = import_concordance(settings(), file, kind)
    if json_out:
        print_json(info)
        return
    console.print(
        f"已导入《{info.name}》：{info.rows} 行，{info.entries} 条规则，{info.codes} 个代码"
        + ("  [bold yellow]示例表，非官方[/]" if info.is_sample else "")
    )
    for w in info.warnings:
        console.print(f"[yellow]提示[/] {w}")
    console.print("重新运行 `ipatlas indicators compute` 使其生效。")


@concordance_app.command("list")
def concordance_list(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """列出内置和已导入的产业对照表。"""
    from ipatlas.indicators import list_concordances

    rows = list_concordances(settings())
    if json_out:
        print_json(rows)
        return
    print_table(
        [
            {
                "类型": r["kind"],
                "名称": r["name"],
                "状态": "内置" if r.get("builtin") else ("已导入" if r.get("imported") else "未导入"),
                "规则数": r.get("entries", ""),
                "示例": "示例，非官方" if r.get("is_sample") else "",
                "文件": r.get("file", ""),
            }
            for r in rows
        ]
    )


def bench_indicators(
    records: int = typer.Option(1_000_000, "--records", "-n", help="演示专利记录数"),
    backend: str = typer.Option("duckdb", "--backend", help="立方体计算引擎"),
    keep: Path | None = typer.Option(None, "--keep", help="保留生成的数据目录（默认用临时目录）"),
    repeat: int = typer.Option(3, "--repeat", min=1, help="单一指标各实现的重复次数（取中位数）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """指标立方体基准：全目录立方体 vs 手写 SQL vs pandas（同一次运行中测得）。"""
    from ipatlas.indicators.bench import run_benchmark

    with progress_bar("指标基准", enabled=not json_out) as progress:
        result = run_benchmark(
            settings(), records=records, backend=backend, keep=keep, repeat=repeat, progress=progress
        )
    if json_out:
        print_json(result)
        return
    for k, v in result.items():
        console.print(f"{k}: {v}")


def bench_national(
    records: int = typer.Option(3_000_000, "--records", "-n", help="全国演示专利记录数"),
    cores: int = typer.Option(2, "--cores", min=1, help="DuckDB 线程数 / Spark local[C]"),
    spark: bool = typer.Option(False, "--spark", help="同时用 PySpark 本地模式计算并核对结果一致"),
    scaling: bool = typer.Option(False, "--scaling", help="另以 1 核重算，测并行扩展并推算集群时间"),
    industries: str = typer.Option("all", "--industries", help="all：全部产业口径；none：仅全行业合计"),
    memory_limit: str = typer.Option("16GB", "--memory-limit", help="DuckDB memory_limit（超出部分落盘）"),
    work: Path | None = typer.Option(None, "--work", help="数据目录（默认 /tmp 下的临时目录，结束后删除）"),
    keep: bool = typer.Option(False, "--keep", help="保留生成的数据"),
    distinct_chunks: int = typer.Option(
        0,
        "--distinct-chunks",
        help="只随机生成这么多个百万条块，其余块重复它们并换新申请号（0：全部随机生成）",
    ),
    results: Path | None = typer.Option(None, "--results", help="每个阶段结束后把结果写入此 JSON 文件"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """全国规模基准：生成 N 条全国演示专利，DuckDB（及 PySpark）计算立方体，记录用时与峰值内存。"""
    from ipatlas.indicators.national import run_national

    with progress_bar("全国规模基准", enabled=not json_out) as progress:
        result = run_national(
            settings(),
            records=records,
            cores=cores,
            spark=spark,
            compare_cores=scaling,
            industries=industries,
            results=results,
            distinct_chunks=distinct_chunks,
            memory_limit=memory_limit,
            work=work,
            keep=keep,
            progress=progress,
        )
    if json_out:
        print_json(result)
        return
    for k, v in result.items():
        console.print(f"{k}: {v}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from ipatlas.cli.bench import bench_app

    app.add_typer(indicators_app, name="indicators")
    bench_app.command("indicators")(bench_indicators)
    bench_app.command("national")(bench_national)
