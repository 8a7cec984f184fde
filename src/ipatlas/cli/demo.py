"""``ipatlas demo …``: generate the demo data set (演示数据) and run the whole demo.

Thin wrappers over :func:`ipatlas.demo.generate` and :func:`ipatlas.demo.run.run_demo`;
``ipatlas bench demo`` times the generator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ipatlas import DEMO_LABEL
from ipatlas.cli.output import (
    JSON_OPTION_HELP,
    console,
    err_console,
    print_json,
    progress_bar,
    settings,
)
from ipatlas.demo.generate import DEFAULT_SEED

demo_app = typer.Typer(
    help=f"{DEMO_LABEL}：生成与运行（按真实导出格式生成，经真实导入流程入库）。", no_args_is_help=True
)


def _table_zh(table: str) -> str:
    """The Chinese name of a lake or library table, for the import summary."""
    from ipatlas.operations.kinds import KINDS
    from ipatlas.store.table_labels import TABLE_LABELS

    by_table = {k.table: k.zh for k in KINDS.values()}
    return TABLE_LABELS.get(table) or by_table.get(table, table)


def _show_progress(json_out: bool) -> bool:
    return not json_out and err_console.is_terminal


def _print_manifest(man: Any) -> None:
    cal = man.calibration
    vp = cal["valid_patents_2015_12_31"]
    vi = cal["inventions_per_10k_2015"]
    vt = cal["valid_trademarks_2015_12_31"]
    console.print(
        f"[bold]{DEMO_LABEL}[/]：{man.region_name}（{man.region}，{man.counties} 个区县），种子 {man.seed}，"
        f"专利 {man.records:,} 件（真实规模 {man.realistic_records:,} 件的 {man.scale:.4f} 倍），"
        f"商标 {man.trademark_records:,} 件"
    )
    t = Table(title="生成的文件")
    for c in ("文件", "类型", "字段映射", "编码", "行数", "重复导出", "旧版本", "脏数据"):
        t.add_column(c)
    for f in man.files:
        t.add_row(
            f.name,
            _table_zh(f.table),
            f.profile,
            f.encoding,
            f"{f.rows:,}",
            str(f.duplicate_rows),
            str(f.older_version_rows),
            str(f.dirty_rows),
        )
    console.print(t)
    console.print(
        f"校准：2015年末有效专利 {vp['achieved']:,} 件（目标 {vp['target']:,}；按规模折算 "
        f"{vp['achieved_scaled_to_realistic']:,}，公布值 {vp['published'] or '—'}）；"
        f"每万人口发明专利拥有量 {vi['achieved_per_10k']:.2f}（公布值 {vi['published'] or '—'}）；"
        f"有效注册商标 {vt['achieved']:,} 件（目标 {vt['target']:,}）"
    )
    if man.out_dir is not None:
        console.print(f"目录：{man.out_dir}（清单 manifest.json）")


@demo_app.command("generate")
def demo_generate(
    out: Path | None = typer.Option(None, "--out", help="输出目录（默认：数据目录下的 demo/）"),
    region: str = typer.Option("500000", "--region", help="省级或地市级区划代码，默认重庆市 500000"),
    records: int = typer.Option(200_000, "--records", help="专利记录数（不同申请号）"),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="随机种子：相同种子生成完全相同的文件"),
    end_year: int = typer.Option(2025, "--end-year", help="数据截止年份"),
    trademarks: int | None = typer.Option(None, "--trademarks", help="商标记录数（默认与专利同比例）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """生成演示数据集（专利：标准/incoPat/智慧芽导出格式；商标；统计年鉴摘录）。"""
    from ipatlas.demo import generate

    s = settings()
    target = out or (Path(s.data_dir) / "demo")
    with progress_bar("生成演示数据", enabled=_show_progress(json_out)) as progress:
        man = generate(
            target,
            region=region,
            records=records,
            seed=seed,
            end_year=end_year,
            progress=progress,
            trademarks=trademarks,
            shared_dir=s.shared_dir,
        )
    if json_out:
        print_json({**man.to_dict(), "out_dir": str(target), "elapsed_s": round(man.elapsed_s, 2)})
    else:
        _print_manifest(man)
        console.print(f"用时 {man.elapsed_s:.1f} 秒")


@demo_app.command("run")
def demo_run(
    records: int = typer.Option(200_000, "--records", help="专利记录数"),
    region: str = typer.Option("500000", "--region", help="省级或地市级区划代码"),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="随机种子"),
    no_serve: bool = typer.Option(False, "--no-serve", help="导入后不启动网页服务"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """生成演示数据（已是最新则跳过）、经真实导入流程入库、校验，然后启动平台。"""
    from ipatlas.demo.run import run_demo

    s = settings()
    with progress_bar("演示", enabled=_show_progress(json_out)) as progress:
        result = run_demo(s, records=records, region=region, seed=seed, progress=progress)
    if not result.imported:
        if json_out:
            print_json({**result.to_dict(), "serve": False})
        else:
            _print_run(result)
        return
    from ipatlas.demo.platform import prepare_platform
    from ipatlas.web import ensure_demo_admin, serve

    with progress_bar("计算指标立方体", enabled=_show_progress(json_out)) as progress:
        platform = prepare_platform(s, progress=progress)
    creds = _demo_admin(s, ensure_demo_admin(s))
    if json_out:
        admin = {"username": creds[0], "password": creds[1]} if creds else None
        print_json({**result.to_dict(), **platform.to_dict(), "demo_admin": admin, "serve": not no_serve})
    else:
        _print_run(result)
        _print_platform(platform, creds)
    if no_serve:
        return
    if not json_out:
        console.print(f"启动平台：http://{s.host}:{s.port}  （Ctrl+C 结束）")
    serve(s)


def _demo_admin(s: Any, created: tuple[str, str] | None) -> tuple[str, str] | None:
    """Keep the demo administrator's first password in the data directory (mode 600), so a
    second ``make demo`` can show it again; a changed password is not tracked."""
    path = s.data_dir / "demo_admin.json"
    if created:
        path.touch(mode=0o600)
        path.write_text(json.dumps({"username": created[0], "password": created[1]}), "utf-8")
        return created
    if path.exists():
        data = json.loads(path.read_text("utf-8"))
        return str(data["username"]), str(data["password"])
    return None


def _print_platform(platform: Any, creds: tuple[str, str] | None) -> None:
    cube = platform.cube
    state = "已计算" if cube.get("computed") else "已是最新"
    years = cube.get("years") or ["?"]
    console.print(f"指标立方体{state}：版本 {cube.get('version', '?')}，{years[0]}—{years[-1]}年")
    for p in platform.plans:
        console.print(f"规划督查台账：#{p['id']} {p['title']}" + ("（新导入）" if p["imported"] else ""))
    for note in platform.notes:
        console.print(note)
    if creds:
        console.print(f"[bold]演示管理员[/]  用户名：{creds[0]}  密码：{creds[1]}")


def _print_run(result: Any) -> None:
    man = result.manifest
    console.print(
        ("已生成" if result.generated else "沿用已有的")
        + f"{DEMO_LABEL}：{man.region_name}，专利 {man.records:,} 件，商标 {man.trademark_records:,} 件"
        + f"（目录 {result.demo_dir}）"
    )
    if not result.imported:
        console.print(result.message)
        return
    t = Table(title=f"导入结果（{DEMO_LABEL}）")
    for c in ("文件", "类型", "读取", "入库", "新增", "更新", "重复", "隔离", "应隔离"):
        t.add_column(c, overflow="fold")  # a narrow terminal folds names instead of cutting them
    for i in result.imports:
        t.add_row(
            Path(i["file"]).name + ("（已导入过，跳过）" if i.get("skipped") else ""),
            _table_zh(i["table"]),
            *(
                f"{int(i.get(k) or 0):,}"
                for k in ("read", "loaded", "inserted", "replaced", "duplicates", "quarantined")
            ),
            "—" if i.get("expected_quarantined") is None else str(i["expected_quarantined"]),
        )
    console.print(t)
    c = result.checks
    vp, vi, vt, q = c["valid_patents"], c["inventions_per_10k"], c["valid_trademarks"], c["quarantine"]
    mark = {True: "[green]通过[/]", False: "[red]未通过[/]"}
    console.print(
        f"2015年末有效专利：库中 {vp['lake']:,} 件，目标 {vp['target']:,} 件"
        f"（按规模 {vp['scale']:.4f} 折算 {vp['lake_scaled_to_realistic']:,} 件，"
        f"公布值 {vp['published']:,} 件）"
        f" {mark[bool(vp['ok'])]}"
    )
    console.print(
        f"每万人口发明专利拥有量（2015）：{vi['lake_per_10k']}（公布值 {vi['published']}，"
        f"2015年末常住人口 {vi['population_2015_wan']} 万人） {mark[bool(vi['ok'])]}"
    )
    console.print(
        f"2015年末有效注册商标：库中 {vt['lake']:,} 件，目标 {vt['target']:,} 件；"
        f"驰名商标 {vt['well_known']} 件"
        f" {mark[bool(vt['ok'])]}"
    )
    console.print(f"隔离行：{q['got']}（生成时注入 {q['expected']}） {mark[bool(q['ok'])]}")
    rows = "，".join(f"{_table_zh(k)} {v:,}" for k, v in result.lake_rows.items() if k != "quarantine")
    console.print(f"资源库现有：{rows}；隔离区 {result.lake_rows.get('quarantine', 0):,} 行")
    console.print(result.message)


def bench_demo(
    records: int = typer.Option(1_000_000, "--records", help="专利记录数"),
    out: Path | None = typer.Option(None, "--out", help="输出目录（默认临时目录，结束后删除）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """演示数据生成速度（专利记录/秒），与同一批文件用 pyarrow 读写 CSV 的速度之比。"""
    from ipatlas.demo.bench import bench_generate

    result = bench_generate(records, out_dir=out, shared_dir=settings().shared_dir)
    if json_out:
        print_json(result)
    else:
        for k, v in result.items():
            console.print(f"{k}: {v}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from ipatlas.cli.bench import bench_app

    app.add_typer(demo_app, name="demo")
    bench_app.command("demo")(bench_demo)
