"""``ipatlas composite``, ``ipatlas coordination``, ``ipatlas lq`` and ``ipatlas bench evaluate``.

Thin wrappers over :mod:`ipatlas.evaluate`; human output in Chinese, ``--json`` for scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, progress_bar, settings
from ipatlas.errors import EvaluationError


def _fmt(v: Any, nd: int = 2) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def _wide_table(rows: list[dict[str, Any]], title: str) -> None:
    """A table that is never squeezed: wide results wrap in the terminal instead of being cut."""
    from rich.console import Console
    from rich.table import Table

    if not rows:
        console.print("（无记录）")
        return
    cols = list(rows[0])
    table = Table(title=title)
    for c in cols:
        table.add_column(c, no_wrap=True, justify="left" if c in ("单位", "名称") else "right")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in cols])
    need = sum(max(len(str(c)) * 2, *(len(str(r.get(c) or "")) * 2 for r in rows)) + 3 for c in cols) + 4
    Console(width=max(console.width, need), soft_wrap=False).print(table)


def composite(
    data: Path | None = typer.Option(None, "--data", help="指标数据 CSV（每行一个单位，COINr iData 格式）"),
    meta: Path | None = typer.Option(None, "--meta", help="框架元数据 CSV/YAML（COINr iMeta 格式）"),
    pipeline: str | None = typer.Option(
        None, "--pipeline", help="流程规格 YAML 路径或内置名称（default、coinr-asem）"
    ),
    region: str | None = typer.Option(
        None, "--region", help="用平台指标数据评价该区划下的区县（代替 --data；--meta 可给框架 YAML）"
    ),
    year: int | None = typer.Option(None, "--year", help="与 --region 同用：评价年份"),
    rerun_log: Path | None = typer.Option(None, "--rerun", help="按运行日志重新运行（校验输入文件未变）"),
    force: bool = typer.Option(False, "--force", help="与 --rerun 同用：输入文件已变时仍然重跑"),
    log_dir: Path | None = typer.Option(
        None, "--log-dir", help="运行日志目录（默认 数据目录/evaluate/runs）"
    ),
    no_log: bool = typer.Option(False, "--no-log", help="不写运行日志"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """综合评价（合成指数）：按框架逐级聚合，输出每个单位各级得分与排名。"""
    from ipatlas.evaluate import rerun
    from ipatlas.evaluate.pipeline import run_composite_files

    logs = None if no_log else (log_dir or settings().data_dir / "evaluate" / "runs")
    with progress_bar("综合评价", enabled=not json_out) as progress:
        if rerun_log is not None:
            report = rerun(rerun_log, force=force, log_dir=logs, progress=progress, settings=settings())
            result = report.result
        elif region is not None:
            from ipatlas.evaluate.layout import evaluate_layout
            from ipatlas.evaluate.pipeline import save_log

            if year is None:
                raise EvaluationError("使用 --region 时请同时给出 --year")
            report = None
            result = evaluate_layout(settings(), region, year, framework=meta, pipeline=pipeline)
            if logs is not None:
                result.log["log_path"] = str(save_log(result.log, logs))
        else:
            if data is None or meta is None:
                raise EvaluationError("请同时给出 --data 与 --meta（或用 --rerun 重跑一次已记录的运行）")
            report = None
            result = run_composite_files(data, meta, pipeline, log_dir=logs, progress=progress)
    if json_out:
        print_json(report.to_dict() if report is not None else result.to_dict())
        return
    fw = result.framework
    aggs = list(result.scores.columns)
    rows = []
    for rec in result.to_records():
        row = {"单位": rec["unit"], "名称": rec["name"] or "", "排名": rec["rank"]}
        for c in aggs:
            row[c] = _fmt(rec["scores"][c])
        rows.append(row)
    title = (
        f"综合评价结果：{fw.name(fw.index_code)}（{len(rows)} 个单位；{result.spec.name or '自定义流程'}）"
    )
    if result.log.get("label"):
        title = f"【{result.log['label']}】{title}"
    _wide_table(rows, title)
    legend = "；".join(f"{c} = {fw.name(c)}" for c in aggs if fw.name(c) != c)
    if legend:
        console.print(f"说明：{legend}", soft_wrap=True)
    if report is not None:
        same = "与原运行结果完全一致" if report.identical else "与原运行结果不同"
        console.print(f"重新运行 {report.original['run_id']}：{same}")
    if result.log.get("log_path"):
        console.print(f"运行日志：{result.log['log_path']}（可用 --rerun 重新运行）")


def coordination(
    file: Path = typer.Argument(..., help="CSV：第一列为单位代码，其余每列为一个 0–1 标准化的子系统指数"),
    method: str = typer.Option("classic", "--method", help="耦合度公式：classic | wang | fan"),
    weights: str | None = typer.Option(None, "--weights", help="子系统权重，逗号分隔（默认等权）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """耦合协调度：耦合度 C、综合发展指数 T、协调度 D 与十级划分。"""
    from ipatlas.evaluate.coordination import METHODS, coupling_coordination
    from ipatlas.evaluate.data import numeric_columns, read_units_csv

    if method not in METHODS:
        raise EvaluationError(f"未知的耦合度方法 {method!r}；可选：{', '.join(METHODS)}")
    df = read_units_csv(file)
    cols = list(df.columns)
    df = numeric_columns(df, cols, file=str(file))
    w = None
    if weights:
        try:
            w = [float(x) for x in weights.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            raise EvaluationError(f"--weights 应为逗号分隔的数字，现为 {weights!r}") from None
    out = coupling_coordination(df, method=method, weights=w, file=str(file))
    if json_out:
        print_json(
            {
                "method": method,
                "subsystems": cols,
                "weights": w,
                "units": [
                    {
                        "unit": str(u),
                        "C": None if r.isna()["C"] else float(r["C"]),
                        "T": None if r.isna()["T"] else float(r["T"]),
                        "D": None if r.isna()["D"] else float(r["D"]),
                        "level": None if r.isna()["level"] else int(r["level"]),
                        "band": r["band"],
                    }
                    for u, r in out.iterrows()
                ],
            }
        )
        return
    rows = [
        {
            "单位": str(u),
            "耦合度C": _fmt(r["C"], 4),
            "发展指数T": _fmt(r["T"], 4),
            "协调度D": _fmt(r["D"], 4),
            "等级": "" if r.isna()["level"] else int(r["level"]),
            "类型": r["band"] or "",
        }
        for u, r in out.iterrows()
    ]
    print_table(rows, title=f"耦合协调度（{method}，{len(cols)} 个子系统：{', '.join(cols)}）")


def lq(
    file: Path = typer.Argument(
        ..., help="CSV：第一列为地区代码，其余每列为一个产业的数量（专利数、增加值等）"
    ),
    threshold: float = typer.Option(1.0, "--threshold", help="区位熵阈值（≥ 阈值视为专业化/密集）"),
    min_count: float = typer.Option(1.0, "--min-count", help="单元最小数量"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """区位熵 / 显示性技术优势（RTA）：地区 × 产业，标出专业化单元。"""
    from ipatlas.evaluate.data import numeric_columns, read_units_csv
    from ipatlas.evaluate.specialisation import dense_cells

    df = read_units_csv(file)
    df = numeric_columns(df, list(df.columns), file=str(file)).fillna(0.0)
    cells = dense_cells(df, lq_threshold=threshold, min_count=min_count)
    if json_out:
        print_json(
            {
                "threshold": threshold,
                "min_count": min_count,
                "cells": [
                    {
                        "region": str(r["region"]),
                        "industry": str(r["industry"]),
                        "count": float(r["count"]),
                        "lq": None if r.isna()["lq"] else float(r["lq"]),
                        "dense": bool(r["dense"]),
                    }
                    for _, r in cells.iterrows()
                ],
            }
        )
        return
    rows = [
        {
            "地区": r["region"],
            "产业": r["industry"],
            "数量": _fmt(float(r["count"]), 0),
            "区位熵": _fmt(r["lq"], 3),
        }
        for _, r in cells[cells["dense"]].sort_values("lq", ascending=False).iterrows()
    ]
    print_table(rows, title=f"区位熵 ≥ {threshold:g} 的地区 × 产业单元（共 {len(rows)} 个）")


def spatial(
    file: Path = typer.Argument(..., help="CSV：第一列为区县代码，其余列为数值"),
    value: str | None = typer.Option(None, "--value", help="分析的数值列（默认第一列数值）"),
    weights: str = typer.Option("queen", "--weights", help="空间权重：queen | rook | distance_band"),
    islands: str = typer.Option("nearest", "--islands", help="无邻居单位：nearest | keep | drop"),
    permutations: int = typer.Option(999, "--permutations", help="置换次数"),
    seed: int = typer.Option(12345, "--seed", help="随机种子"),
    alpha: float = typer.Option(0.05, "--alpha", help="显著性水平"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """空间自相关：全局 Moran's I、LISA 热点/冷点、Getis-Ord G*（区县边界邻接权重）。"""
    from ipatlas.evaluate.data import numeric_columns, read_units_csv
    from ipatlas.evaluate.spatial import county_weights, spatial_report

    df = read_units_csv(file)
    col = value or df.columns[0]
    if col not in df.columns:
        raise EvaluationError(f"文件中没有列 {col}；可选：{', '.join(map(str, df.columns))}")
    df = numeric_columns(df, [col], file=str(file))
    sw = county_weights(list(df.index), kind=weights, islands=islands)
    rep = spatial_report(df[col], sw, permutations=permutations, seed=seed, alpha=alpha)
    if json_out:
        print_json({"value": col, **rep})
        return
    m = rep["moran"]
    console.print(
        f"全局 Moran's I = {m['I']:.4f}（期望 {m['expected_I']:.4f}，z = {m['z_norm']:.3f}，"
        f"置换 p = {m['p_sim']:.3f}）；权重 {weights}，平均邻居数 {rep['weights']['mean_neighbours']:.2f}"
    )
    rows = [
        {
            "单位": u["unit"],
            "数值": _fmt(u["value"], 4),
            "局部I": _fmt(u["local_I"], 4),
            "p": _fmt(u["p_sim"], 3),
            "LISA": u["cluster_cn"],
            "热点": "是" if u["hotspot"] else "",
            "冷点": "是" if u["coldspot"] else "",
            "G*": u["gi_class"],
        }
        for u in rep["units"]
    ]
    print_table(rows, title=f"局部空间自相关（α = {alpha}）")


def bench_evaluate(
    regions: int = typer.Option(40, "--regions", help="单位数"),
    indicators: int = typer.Option(30, "--indicators", help="指标数"),
    runs: int = typer.Option(1000, "--runs", help="蒙特卡洛运行次数"),
    baseline_runs: int = typer.Option(
        100, "--baseline-runs", help="朴素基线实际计时的运行次数（按比例折算到全部）"
    ),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """综合评价不确定性分析基准：向量化蒙特卡洛 vs 朴素逐次 pandas 循环（同一进程内计时）。"""
    from ipatlas.evaluate.bench import run_benchmark

    res = run_benchmark(n_units=regions, n_indicators=indicators, n_runs=runs, baseline_runs=baseline_runs)
    if json_out:
        print_json(res)
        return
    ok = "达标" if res["meets_target"] else "未达标"
    same = "一致" if res["ranks_identical"] else "不一致"
    console.print(
        f"{res['regions']} 个单位 × {res['indicators']} 个指标，{res['runs']} 次蒙特卡洛运行：\n"
        f"  向量化引擎 {res['vectorised_seconds']:.3f} 秒（目标 ≤ {res['target_seconds']:.0f} 秒：{ok}）\n"
        f"  朴素 pandas 循环 {res['baseline_seconds_for_all_runs']:.1f} 秒"
        f"（实测 {res['baseline_runs_timed']} 次折算），加速 {res['speedup']} 倍\n"
        f"  逐次 numpy 循环 {res['baseline2_seconds']:.2f} 秒，加速 {res['speedup_vs_baseline2']} 倍\n"
        f"  结果一致性：最大差 {res['max_abs_score_difference']:.2e}，排名{same}"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from ipatlas.cli.bench import bench_app

    app.command("composite")(composite)
    app.command("coordination")(coordination)
    app.command("lq")(lq)
    app.command("spatial")(spatial)
    bench_app.command("evaluate")(bench_evaluate)
