"""``ipatlas report …``, ``ipatlas maps``, ``ipatlas catalog …``: thin wrappers over ``ipatlas.reports``."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, progress_bar, settings

report_app = typer.Typer(help="分析报告：区域布局分析报告、专利导航报告、匹配表。", no_args_is_help=True)
catalog_app = typer.Typer(help="区域和产业知识产权导向目录：草稿 → 调整 → 发布。", no_args_is_help=True)

FORMAT_HELP = "输出格式：docx | pdf | html"
OUT_HELP = "输出文件路径（默认 <数据目录>/reports/ 下自动命名）"


def _user(user: str | None) -> str:
    if user:
        return user
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


def _load_targets(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    from ipatlas.errors import InputError, cause

    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取规划目标文件: {cause(exc)}", file=str(path)) from exc
    import yaml

    try:
        data = yaml.safe_load(text) if path.suffix.lower() in (".yaml", ".yml") else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise InputError(f"规划目标文件格式错误: {cause(exc)}", file=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError("规划目标文件应为 {指标id: {value, year, ...}} 的映射", file=str(path))
    return data.get("targets", data)


def _done(result: Any, json_out: bool, what: str) -> None:
    if json_out:
        print_json(result.to_dict())
        return
    console.print(f"已生成{what}：[bold]{result.path}[/]（{result.seconds:.1f} 秒）")
    if result.summary.get("is_demo"):
        console.print("[red]注意：数据为演示数据[/]")


@report_app.command("layout")
def layout_cmd(
    region: str = typer.Option(..., "--region", help="地区代码（区县/地市/省）或区域组 id（G:…）"),
    year: int | None = typer.Option(None, "--year", help="数据年份（默认最近完整年度）"),
    fmt: str = typer.Option("docx", "--format", help=FORMAT_HELP),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
    targets: Path | None = typer.Option(
        None,
        "--targets",
        help="规划目标 YAML/JSON：{指标id: {value, year, baseline_year?, baseline_value?, source?}}",
    ),
    counting: str | None = typer.Option(None, "--counting", help="计数方法（默认与指标立方体一致）"),
    no_evaluate: bool = typer.Option(False, "--no-evaluate", help="不计算综合评价、匹配度和空间自相关"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """生成年度《知识产权区域布局分析报告》（DOCX / PDF / HTML）。"""
    from ipatlas.reports import build_layout_report

    with progress_bar("生成区域布局分析报告", enabled=not json_out) as cb:
        result = build_layout_report(
            settings(),
            region,
            year,
            fmt,
            out,
            targets=_load_targets(targets),
            counting=counting,
            evaluate=not no_evaluate,
            progress=cb,
        )
    _done(result, json_out, "区域布局分析报告")


@report_app.command("navigation")
def navigation_cmd(
    industry: str = typer.Option(
        ..., "--industry", help="技术领域：wipo:06、6 或名称（ipatlas indicators industries 查看）"
    ),
    region: str = typer.Option(..., "--region", help="地区代码或区域组 id"),
    year: int | None = typer.Option(None, "--year", help="分析截止年份（默认数据中最近年份）"),
    compare: str | None = typer.Option(
        None, "--compare", help="比较区域代码，或 all（库内全部）；默认上级地区"
    ),
    fmt: str = typer.Option("docx", "--format", help=FORMAT_HELP),
    out: Path | None = typer.Option(None, "--out", help=OUT_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """生成产业专利导航报告（GB/T 39551 思路）。"""
    from ipatlas.reports import build_navigation_report

    with progress_bar("生成专利导航报告", enabled=not json_out) as cb:
        result = build_navigation_report(
            settings(), industry, region, fmt, out, year=year, compare=compare, progress=cb
        )
    _done(result, json_out, "专利导航报告")


@report_app.command("match-table")
def match_table_cmd(
    region: str = typer.Option(..., "--region", help="地区代码或区域组 id（表中为其下各区县）"),
    year: int | None = typer.Option(None, "--year", help="数据年份（默认最近完整年度）"),
    out: Path | None = typer.Option(None, "--out", help="输出 XLSX 路径"),
    industries: str | None = typer.Option(
        None, "--industries", help="只含这些技术领域，逗号分隔（如 wipo:06,wipo:32）"
    ),
    counting: str | None = typer.Option(None, "--counting", help="计数方法"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """生成《产业发展与知识产权等相关资源匹配表》（XLSX）。"""
    from ipatlas.reports import build_match_table

    inds = [i.strip() for i in industries.split(",") if i.strip()] if industries else None
    with progress_bar("生成匹配表", enabled=not json_out) as cb:
        result = build_match_table(
            settings(), region, year, out, industries=inds, counting=counting, progress=cb
        )
    _done(result, json_out, "匹配表")
    if not json_out:
        for note in result.summary.get("notes", []):
            console.print(f"[yellow]说明[/] {note}")


def maps_cmd(
    indicator: str = typer.Option(..., "--indicator", help="指标 id（ipatlas indicators catalog 查看）"),
    year: int = typer.Option(..., "--year", help="年份"),
    region: str | None = typer.Option(
        None, "--region", help="地区代码（默认数据覆盖的地区）；区县则绘其所在地市"
    ),
    industry: str | None = typer.Option(None, "--industry", help="产业 id（默认全部）"),
    fmt: str = typer.Option("png", "--format", help="png | svg"),
    out: Path | None = typer.Option(None, "--out", help="输出文件路径"),
    classes: int = typer.Option(5, "--classes", help="分级数"),
    scheme: str = typer.Option(
        "fisher_jenks", "--scheme", help="分级方法：fisher_jenks | quantiles | equal_interval"
    ),
    counting: str | None = typer.Option(None, "--counting", help="计数方法"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """绘制知识产权布局地图（标题、图例、指北针、比例尺、数据来源）。"""
    from ipatlas.reports import render_indicator_map

    result = render_indicator_map(
        settings(),
        indicator,
        year,
        region=region,
        industry=industry,
        fmt=fmt,
        out=out,
        counting=counting,
        classes=classes,
        scheme=scheme,
    )
    if json_out:
        print_json(result.to_dict())
        return
    _done(result, json_out, "布局地图")


# ---- catalog -------------------------------------------------------------------------------
@catalog_app.command("draft")
def catalog_draft(
    region: str = typer.Option(..., "--region", help="地区代码或区域组 id"),
    year: int | None = typer.Option(None, "--year", help="数据年份（默认最近完整年度）"),
    rules: Path | None = typer.Option(None, "--rules", help="分类规则 YAML（默认内置规则）"),
    industries: str | None = typer.Option(None, "--industries", help="只含这些技术领域，逗号分隔"),
    user: str | None = typer.Option(None, "--user", help="编制人（默认当前系统用户）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """按分类规则生成导向目录草稿。"""
    from ipatlas.reports.catalog import draft_catalog

    inds = [i.strip() for i in industries.split(",") if i.strip()] if industries else None
    with progress_bar("生成导向目录草稿", enabled=not json_out) as cb:
        info = draft_catalog(
            settings(), region, year, user=_user(user), rules=rules, industries=inds, progress=cb
        )
    if json_out:
        print_json(info.to_dict())
        return
    console.print(f"已生成导向目录草稿 {info.id}：{info.title}，{info.cells} 个单元")
    print_table([{"类别": k, "单元数": v} for k, v in info.counts.items()])


@catalog_app.command("adjust")
def catalog_adjust(
    catalog_id: int = typer.Argument(..., help="草稿编号"),
    region: str = typer.Option(..., "--region", help="区县代码"),
    industry: str = typer.Option(..., "--industry", help="技术领域 id（如 wipo:32）"),
    cls: str | None = typer.Option(None, "--class", help="新类别（名称或代码，如 优势巩固 / consolidate）"),
    reason: str | None = typer.Option(None, "--reason", help="调整理由（调整类别时必填）"),
    comment: str | None = typer.Option(None, "--comment", help="备注"),
    user: str | None = typer.Option(None, "--user", help="调整人（默认当前系统用户）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """调整一个单元的类别或理由（记录调整人、时间、调整前后）。"""
    from ipatlas.reports.catalog import adjust_catalog

    change = adjust_catalog(
        settings(), catalog_id, region, industry, user=_user(user), cls=cls, reason=reason, comment=comment
    )
    if json_out:
        print_json(change)
        return
    console.print(
        f"已调整 {change['region_name']} × {change['industry_name']}："
        f"{change['before']['class']} → {change['after']['class']}（{change['by']}，{change['at']}）"
    )


@catalog_app.command("publish")
def catalog_publish(
    catalog_id: int = typer.Argument(..., help="草稿编号"),
    note: str | None = typer.Option(None, "--note", help="发布说明"),
    user: str | None = typer.Option(None, "--user", help="发布人（默认当前系统用户）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """发布编号版本（如 2026-01 v1），发布后不可修改。"""
    from ipatlas.reports.catalog import publish_catalog

    v = publish_catalog(settings(), catalog_id, user=_user(user), note=note)
    if json_out:
        print_json(v)
        return
    console.print(f"已发布导向目录 {v['label']}（{v['cells']} 个单元，校验码 {v['content_hash']}）")


@catalog_app.command("list")
def catalog_list(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """列出导向目录草稿及其发布版本。"""
    from ipatlas.reports.catalog import list_catalogs

    items = list_catalogs(settings())
    if json_out:
        print_json([i.to_dict() for i in items])
        return
    print_table(
        [
            {
                "编号": i.id,
                "名称": i.title,
                "编制人": i.created_by,
                "时间": i.created_at,
                "单元": i.cells,
                "已调整": i.adjusted,
                "发布版本": "、".join(i.versions) or "（未发布）",
                "演示数据": "是" if i.is_demo else "",
            }
            for i in items
        ]
    )


@catalog_app.command("show")
def catalog_show(
    ref: str = typer.Argument(..., help='草稿编号或发布版本（如 "2026-01 v1"）'),
    cls: str | None = typer.Option(None, "--class", help="只看某一类别"),
    region: str | None = typer.Option(None, "--region", help="只看某一区县"),
    industry: str | None = typer.Option(None, "--industry", help="只看某一技术领域"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示导向目录草稿或发布版本的单元、类别、理由和调整记录。"""
    from ipatlas.reports.catalog import show_catalog

    data = show_catalog(settings(), ref, cls=cls, region=region, industry=industry)
    if json_out:
        print_json(data)
        return
    console.print(f"{data['info']['title']}  {data['label']}")
    print_table(
        [
            {
                "区县": c["region_name"],
                "技术领域": c["industry_name"],
                "类别": c["class_label"],
                "理由": c["reason"],
                "调整": "是" if c.get("adjusted") else "",
            }
            for c in data["cells"]
        ]
    )
    if data["changes"]:
        print_table(
            [
                {
                    "时间": ch["at"],
                    "调整人": ch["by"],
                    "单元": f"{ch['region']}/{ch['industry']}",
                    "调整前": ch["before_label"],
                    "调整后": ch["after_label"],
                }
                for ch in data["changes"]
            ],
            title="调整记录",
        )


@catalog_app.command("export")
def catalog_export(
    ref: str = typer.Argument(..., help='草稿编号或发布版本（如 "2026-01 v1"）'),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx | docx | pdf | html"),
    out: Path = typer.Option(..., "--out", help="输出文件路径"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """导出导向目录（XLSX 或 DOCX/PDF/HTML 文档）。"""
    from ipatlas.reports.catalog import export_catalog

    path = export_catalog(settings(), ref, fmt, out)
    if json_out:
        print_json({"path": str(path), "format": fmt, "ref": ref})
        return
    console.print(f"已导出：{path}")


@catalog_app.command("rules")
def catalog_rules(
    rules: Path | None = typer.Option(None, "--rules", help="分类规则 YAML（默认内置规则）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示（并校验）导向目录分类规则。"""
    from ipatlas.reports.catalog import load_rules, rules_table

    r = load_rules(rules)
    rows = rules_table(r)
    if json_out:
        print_json({"name": r.name, "version": r.version, "hash": r.hash, "path": r.path, "rules": rows})
        return
    print_table(rows, title=f"{r.name}（{r.hash}）")


def bench_report(
    region: str = typer.Option("500000", "--region", help="地区代码（约40个区县的地市）"),
    year: int | None = typer.Option(None, "--year", help="数据年份"),
    formats: str = typer.Option("docx,pdf,html", "--formats", help="逗号分隔的格式"),
    repeat: int = typer.Option(1, "--repeat", help="重复次数（取最小值）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """各格式完整版式报告的生成耗时，与同一次运行中读取相同指标数据的基线之比。"""
    from ipatlas.reports.bench import bench_layout

    result = bench_layout(
        settings(), region, year, [f.strip() for f in formats.split(",") if f.strip()], repeat=repeat
    )
    if json_out:
        print_json(result)
        return
    print_table(
        result["rows"],
        title=f"bench report {result['region_name']} {result['year']}（{result['units']} 个区县）",
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from ipatlas.cli.bench import bench_app

    app.add_typer(report_app, name="report")
    app.add_typer(catalog_app, name="catalog")
    app.command("maps")(maps_cmd)
    bench_app.command("report")(bench_report)
