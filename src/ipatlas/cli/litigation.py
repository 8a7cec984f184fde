"""``ipatlas judgments …`` and ``ipatlas firms …``: the judgment parser, corpus, statistics, showcase.

Thin wrappers over :mod:`ipatlas.litigation`; every command takes ``--json``.
"""

from __future__ import annotations

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
from ipatlas.errors import InputError

judgments_app = typer.Typer(help="裁判文书：解析、入库、法院统计、标注评分。", no_args_is_help=True)
firms_app = typer.Typer(help="律所案件展示：律所与律师画像、商机线索。", no_args_is_help=True)

BACKEND_HELP = "解析后端：local（本机）或 pyspark（本地模式 Spark，面向海量文书）"


@judgments_app.command("parse")
def parse_cmd(
    files: list[Path] = typer.Argument(
        ..., help="判决书文件（.txt/.html/.docx/.doc/.wps/.rtf/.pdf/.ofd，文本为 UTF-8 或 GBK）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """解析一份或多份文书：一份输出一个对象，多份按输入顺序输出列表。"""
    from ipatlas.litigation import parse_file

    with recognition_progress(enabled=not json_out):
        results = [parse_file(f) for f in files]
    data: Any = results[0] if len(results) == 1 else results
    if json_out:
        print_json(data)
        return
    for f, r in zip(files, results, strict=True):
        if r["ocr_pages"]:
            console.print(
                f"[yellow]{f}：有 {r['ocr_pages']} 页是扫描件，已用文字识别（OCR）读取，请对照原件核对[/]"
            )
        if not r["case_number"]:
            console.print(f"[yellow]{f}[/]：{r['reason']}")
            continue
        console.print(
            f"[bold]{r['case_number']}[/] {r['court']} {r['document_type']}（{r['procedure']}）"
            f"{r['cause'] or ''} {r['decided_on'] or ''}\n"
            f"  原告：{'、'.join(r['plaintiffs'])}；被告：{'、'.join(r['defendants'])}\n"
            f"  结果：{r['outcome']}；判赔 {r['damages_awarded']}；请求 {r['damages_claimed']}；"
            f"律所：{'、'.join(r['law_firms']) or '无'}"
        )


@judgments_app.command("import")
def import_cmd(
    directory: Path = typer.Argument(..., help="文书目录（递归）"),
    backend: str = typer.Option("local", "--backend", help=BACKEND_HELP),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """把目录中的文书解析入库（按案号+法院去重，解析失败的进入隔离区；重复导入不改变任何数据）。"""
    from ipatlas.litigation.corpus import import_dir

    res = import_dir(settings(), directory, backend=backend)
    if json_out:
        print_json(res)
        return
    console.print(
        f"读取 {res['read']} 份 = 入库 {res['loaded']} + 重复 {res['duplicates']} + 隔离 {res['quarantined']}"
        + ("" if res["changed"] else "（数据未变化）")
    )
    if res["quarantine"]:
        print_table([{"文件": q["file"], "原因": q["reason"]} for q in res["quarantine"]], title="隔离")


def _link_laws(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """把已导入文书引用的法条登记到法规库（通过法规库的引用解析与简称表），条文页显示“被引用”。"""
    from ipatlas.litigation.lawlinks import register_judgments
    from ipatlas.store import workflow

    cfg = settings()
    with workflow.workflow_session(cfg) as session:
        res = register_judgments(session, cfg)
    if json_out:
        print_json(res)
        return
    console.print(
        f"文书 {res['judgments']} 份，引用 {res['citations']} 处，其中 {res['linked']} 处链接到法规库条文"
    )


judgments_app.command("link-laws")(_link_laws)


@judgments_app.command("stats")
def stats_cmd(
    court: str | None = typer.Option(None, "--court", help="只看某法院"),
    year: int | None = typer.Option(None, "--year", help="只看某年（裁判年份）"),
    cause: str | None = typer.Option(None, "--cause", help="只看某案由"),
    region: str | None = typer.Option(None, "--region", help="法院所在区划代码（区县/地市/省）"),
    by: str = typer.Option(
        "court", "--by", help="分组：court/year/cause/province/city/region/procedure/outcome"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """法院统计：件数、原告胜诉率、判赔中位数与四分位、判赔/请求比、惩罚性赔偿、律师代理比例。"""
    from ipatlas.litigation.stats import court_statistics

    res = court_statistics(settings(), by=by, court=court, year=year, cause=cause, region=region)
    if json_out:
        print_json(res)
        return
    print_table(
        [
            {
                "分组": r["key"],
                "件数": r["judgments"],
                "原告胜诉率": r["plaintiff_win_rate"],
                "判赔中位数": r["award_median"],
                "判赔/请求": r["awarded_claimed_ratio"],
                "惩罚性赔偿": r["punitive"],
                "律师代理": r["represented_share"],
            }
            for r in res["rows"]
        ],
        title=f"法院统计（共 {res['total']} 份）",
    )


@judgments_app.command("score")
def score_cmd(
    fixtures: Path = typer.Option(Path("tests/fixtures/judgments"), "--fixtures", help="人工标注目录"),
    judgments_dir: Path | None = typer.Option(
        None,
        "--judgments",
        help="文书目录（默认：标注目录下有 texts/ 时用标注目录，否则 ../shared/data/judgments）",
    ),
    split: str | None = typer.Option(None, "--split", help="dev（开发集）或 heldout（留出集）；默认全部"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """按字段给解析器打分（准确率 / F1），与议题目标比较。"""
    from ipatlas.litigation.scoring import judgments_dir_for, score_fixtures

    jdir = judgments_dir or judgments_dir_for(fixtures, settings().shared_dir / "data" / "judgments")
    res = score_fixtures(fixtures, jdir, split=split)
    if json_out:
        print_json(res)
        return
    print_table(
        [
            {
                "字段": f,
                "指标": v["metric"],
                "得分": v["value"],
                "目标": v.get("goal"),
                "达标": "是" if v.get("meets_goal") else "否",
            }
            for f, v in res["fields"].items()
        ],
        title=f"解析器评分（{res['split']}，{res['documents']} 份）",
    )


@judgments_app.command("typical")
def typical_cmd(
    q: str | None = typer.Option(None, "--q", help="关键词"),
    tag: str | None = typer.Option(None, "--tag", help="标签（案由、结果、惩罚性赔偿…）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """案例指导：典型案例（附评析的文书）检索。"""
    from ipatlas.litigation.leads import typical_cases

    res = typical_cases(settings(), q=q, tag=tag)
    if json_out:
        print_json(res)
        return
    print_table(
        [
            {"案号": r["case_number"], "法院": r["court"], "案由": r["cause"], "标签": "、".join(r["tags"])}
            for r in res
        ]
    )


@firms_app.command("show")
def firms_show(
    name: str = typer.Argument(..., help="律所名称（分所名称亦可，按总所归并）"),
    docx_out: Path | None = typer.Option(None, "--docx", help="导出 DOCX 画像到此文件"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """律所画像：案由、法院、代理方、结果、获赔、趋势、合作律所网络。"""
    from ipatlas.litigation.firms import firm_profile, profile_docx

    prof = firm_profile(settings(), name)
    if docx_out:
        docx_out.write_bytes(profile_docx(prof))
    if json_out:
        print_json(prof)
        return
    rate = prof["win_rate"]
    console.print(
        f"[bold]{prof['name']}[/]（分所：{'、'.join(prof['branches'])}）\n"
        f"代理 {prof['cases_total']} 件；胜诉率 {'—' if rate is None else f'{rate:.0%}'}；"
        f"获赔 {prof['damages_won']:,.0f} 元"
    )
    print_table(
        [
            {"案号": c["case_number"], "法院": c["court"], "代理方": c["side"], "结果": c["outcome"]}
            for c in prof["cases"]
        ]
    )


@firms_app.command("lawyer")
def firms_lawyer(
    name: str = typer.Argument(..., help="律师姓名"),
    firm: str | None = typer.Option(None, "--firm", help="所在律所（区分同名律师）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """律师画像。"""
    from ipatlas.litigation.firms import lawyer_profile

    prof = lawyer_profile(settings(), name, firm=firm)
    if json_out:
        print_json(prof)
        return
    console.print(f"[bold]{prof['name']}[/] 代理 {prof['cases_total']} 件")


@firms_app.command("match")
def firms_match(
    cause: str | None = typer.Option(None, "--cause", help="案由"),
    court: str | None = typer.Option(None, "--court", help="法院"),
    limit: int = typer.Option(10, "--limit", help="最多列出的律师数"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """律师匹配（案件协同）：按同案由、同法院代理经验与胜诉情况排序。"""
    from ipatlas.litigation.firms import match_lawyers

    res = match_lawyers(settings(), cause=cause, court=court, limit=limit)
    if json_out:
        print_json(res)
        return
    print_table(
        [
            {
                "律师": m["name"],
                "律所": m["firm"],
                "同案由": m["same_cause"],
                "同法院": m["same_court"],
                "胜诉": m["won"],
                "案件": m["cases"],
            }
            for m in res
        ]
    )


@firms_app.command("leads")
def firms_leads(
    role: str = typer.Option(
        "rights_holder", "--role", help="rights_holder（维权权利人）或 defendant（多次被诉企业）"
    ),
    region: str | None = typer.Option(None, "--region", help="区划代码"),
    cause: str | None = typer.Option(None, "--cause", help="案由（完整名称，如 侵害商标权纠纷）"),
    year_from: int | None = typer.Option(None, "--from", help="起始年份（裁判年份，含）"),
    year_to: int | None = typer.Option(None, "--to", help="截止年份（裁判年份，含）"),
    min_cases: int = typer.Option(1, "--min-cases", help="至少涉及的案件数"),
    min_trademarks: int = typer.Option(0, "--min-trademarks", help="至少持有的商标数"),
    without_counsel: bool = typer.Option(False, "--without-counsel", help="只看从未委托律所的"),
    industry: str | None = typer.Option(
        None, "--industry", help="技术领域（按其专利主分类，WIPO 35 领域中文名）"
    ),
    csv_out: Path | None = typer.Option(None, "--csv", help="导出 CSV"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """商机线索：维权权利人 / 多次被诉企业，关联其专利、商标与地区。"""
    from ipatlas.litigation.leads import business_leads, leads_csv

    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError("起始年份不能晚于结束年份", field="from")
    res = business_leads(
        settings(), role=role, region=region, cause=cause, year_from=year_from, year_to=year_to,
        min_cases=min_cases, min_trademarks=min_trademarks, without_counsel=without_counsel,
        industry=industry,
    )  # fmt: skip
    if csv_out:
        csv_out.write_text(leads_csv(res), encoding="utf-8-sig")
    if json_out:
        print_json(res)
        return
    print_table(
        [
            {
                "名称": x["name"],
                "案件": x["cases"],
                "商标": x["trademarks"],
                "专利": x["patents"],
                "地区": x["region"],
            }
            for x in res["leads"]
        ]
    )


def bench_judgments(
    directory: Path | None = typer.Option(
        None, "--dir", help="文书目录（默认 ../shared/data/judgments/texts）"
    ),
    rounds: int = typer.Option(3, "--rounds", help="重复轮数（取中位数）"),
    spark: int = typer.Option(
        0, "--spark", help="另在 PySpark 本地模式上解析 N 份并线性推算 100 万份（0 = 不测）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """文书解析基准：每核每秒解析份数，对比仅读取+正则扫描案号；可选 PySpark 推算。"""
    from ipatlas.litigation.bench import run_benchmark, run_profile_benchmark, run_spark_benchmark

    d = directory or settings().shared_dir / "data" / "judgments" / "texts"
    res = run_benchmark(d, rounds=rounds)
    res["firm_profile"] = run_profile_benchmark(d)
    if spark:
        res["pyspark"] = run_spark_benchmark(d, n=spark)
    if json_out:
        print_json(res)
        return
    console.print(
        f"{res['files']} 份 × {res['rounds']} 轮：解析 {res['parser_per_s_per_core']} 份/秒/核"
        f"（目标 ≥ {res['target_per_s']}：{'达标' if res['meets_target'] else '未达标'}）；"
        f"仅读取+正则 {res['baseline_read_regex_per_s']} 份/秒；"
        f"解析耗时为基线的 {res['parser_cost_vs_baseline']} 倍"
    )


def register(app: typer.Typer) -> None:
    from ipatlas.cli.bench import bench_app

    app.add_typer(judgments_app, name="judgments")
    app.add_typer(firms_app, name="firms")
    bench_app.command("judgments")(bench_judgments)
