"""``ipatlas regions …``: the division registry, the address resolver and region groups.

Each command is a thin wrapper over one call in :mod:`ipatlas.regions`.
"""

from __future__ import annotations

from typing import Any

import typer

from ipatlas.cli.output import JSON_OPTION_HELP, console, print_json, print_table, settings

regions_app = typer.Typer(
    name="regions",
    help="行政区划：查询区划与沿革、地址解析到区县、自定义区域分组。",
    no_args_is_help=True,
)
groups_app = typer.Typer(
    name="groups", help="自定义区域分组（如重庆五大功能区、园区）。", no_args_is_help=True
)
regions_app.add_typer(groups_app, name="groups")

LEVEL_LABEL = {
    "province": "省级",
    "city": "地市级",
    "county": "区县级",
    "country": "国家/地区",
    "none": "无法识别",
}


@regions_app.command("resolve")
def resolve_cmd(
    address: str = typer.Argument(..., help="地址，如“重庆市渝北区龙溪街道…”"),
    postcode: str | None = typer.Option(None, "--postcode", help="邮政编码（可选，用于消歧）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """把地址解析到区县（也可识别只到地市/省级，以及港澳台和外国地址）。"""
    from ipatlas.regions import get_resolver

    res = get_resolver().resolve(address, postcode)
    if json_out:
        print_json(res.to_dict())
        return
    where = "".join(p for p in (res.province, res.city if res.city != res.province else None) if p)
    if res.level == "county":
        console.print(f"{res.name}（{res.adcode}），{where}；匹配：{res.matched}")
    elif res.level in ("city", "province"):
        console.print(
            f"仅能确定到{LEVEL_LABEL[res.level]}：{res.name}（{res.adcode}）；匹配：{res.matched or '邮编'}"
        )
    elif res.level == "country":
        console.print(f"国家/地区：{res.country}；匹配：{res.matched}")
    else:
        console.print("无法识别该地址所在区划")


@regions_app.command("show")
def show_cmd(
    code: str = typer.Argument(..., help="行政区划代码（可用历史代码，如 500228）"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示一个区划：名称、层级、上级、类型、中心点、人口、历史代码与沿革。"""
    from ipatlas.regions.hierarchy import describe

    data = describe(code)
    if json_out:
        print_json(data)
        return
    console.print(
        f"[bold]{data['full_name']}[/]（{data['code']}）{LEVEL_LABEL[data['level']]} · {data['type']}"
    )
    if data["requested_code"] != data["code"]:
        console.print(f"历史代码 {data['requested_code']} 现为 {data['name']}（{data['code']}）")
    pop = data["population"]
    if pop is not None:
        console.print(f"常住人口 {pop:,} 人（{data['population_source']}）")
    if data["historical_codes"]:
        console.print("历史代码：" + "、".join(data["historical_codes"]))
    print_table(
        [
            {
                "年份": e["year"],
                "类型": e["type"],
                "原": f"{e['old_name'] or ''} {e['old_code'] or ''}",
                "新": f"{e['new_name'] or ''} {e['new_code'] or ''}",
                "文号": e["doc_no"] or "",
            }
            for e in data["history"]
        ],
        title="区划沿革",
    )


@regions_app.command("list")
def list_cmd(
    under: str | None = typer.Option(None, "--under", help="上级区划代码（默认全国）"),
    level: str | None = typer.Option(None, "--level", help="province / city / county"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """列出区划（可按上级和层级筛选）。"""
    from ipatlas.regions.registry import list_regions

    regions = list_regions(under=under, level=level)
    if json_out:
        print_json([r.to_dict() for r in regions])
        return
    print_table(
        [
            {
                "代码": r.code,
                "名称": r.name,
                "层级": LEVEL_LABEL[r.level],
                "类型": r.type,
                "上级": r.parent or "",
            }
            for r in regions
        ],
        title=f"共 {len(regions)} 个区划",
    )


@groups_app.command("list")
def groups_list(json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP)) -> None:
    """列出内置与自定义区域分组。"""
    from ipatlas.regions.groups import list_groups

    groups = list_groups(settings())
    if json_out:
        print_json([g.to_dict() for g in groups])
        return
    print_table(
        [
            {
                "编号": g.id,
                "名称": g.name,
                "区县数": len(g.members),
                "来源": "内置" if g.builtin else "自定义",
                "说明": g.description,
            }
            for g in groups
        ],
        title="区域分组",
    )


@groups_app.command("show")
def groups_show(
    group_id: str = typer.Argument(..., help="分组编号，如 G:cq-core"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """显示一个分组及其区县。"""
    from ipatlas.regions.groups import get_group

    g = get_group(settings(), group_id)
    _print_group(g.to_dict(), json_out)


@groups_app.command("add")
def groups_add(
    group_id: str = typer.Argument(..., help="分组编号，如 G:cq-parks"),
    name: str = typer.Option(..., "--name", help="分组名称"),
    members: list[str] = typer.Option(..., "--member", "-m", help="成员：区县/地市/省的代码或名称，可重复"),
    description: str = typer.Option("", "--description", help="说明"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """新建或替换一个自定义分组（地市、省会展开为其全部区县）。"""
    from ipatlas.regions.groups import save_group

    g = save_group(settings(), group_id, name, members, description=description)
    _print_group(g.to_dict(), json_out)


@groups_app.command("remove")
def groups_remove(
    group_id: str = typer.Argument(..., help="分组编号"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """删除一个自定义分组（内置分组不可删除）。"""
    from ipatlas.regions.groups import delete_group

    delete_group(settings(), group_id)
    if json_out:
        print_json({"removed": group_id})
    else:
        console.print(f"已删除分组 {group_id}")


def _print_group(data: dict[str, Any], json_out: bool) -> None:
    if json_out:
        print_json(data)
        return
    console.print(f"[bold]{data['name']}[/]（{data['id']}）{'内置' if data['builtin'] else '自定义'}")
    if data["description"]:
        console.print(data["description"])
    console.print("、".join(f"{m['name']}（{m['code']}）" for m in data["members"]))


def bench_resolver(
    n: int = typer.Option(200_000, "--n", help="地址条数（按真实文件的重复程度生成）"),
    baseline_n: int = typer.Option(2_000, "--baseline-n", help="朴素基线实际计时的地址条数"),
    json_out: bool = typer.Option(False, "--json", help=JSON_OPTION_HELP),
) -> None:
    """地址解析基准：自动机 + 缓存 vs 朴素逐名 str.find（同一进程内计时，报告倍数）。"""
    from ipatlas.regions.bench import run_benchmark

    res = run_benchmark(n, baseline_n=baseline_n)
    if json_out:
        print_json(res)
        return
    ok = "达标" if res["meets_target"] else "未达标"
    console.print(
        f"{res['addresses']:,} 条地址（{res['distinct_addresses']:,} 条不同）：\n"
        f"  解析器（含缓存，真实重复）{res['resolver_per_s_realistic_file']:,} 条/秒"
        f"（目标 ≥ {res['target_per_s']:,}：{ok}），比基线快 {res['speedup_realistic_file']} 倍\n"
        f"  解析器（无缓存）{res['resolver_per_s_no_cache']:,} 条/秒，比基线快 {res['speedup_no_cache']} 倍\n"
        f"  朴素基线 {res['baseline_per_s']:,} 条/秒（实测 {res['baseline_addresses_timed']:,} 条）\n"
        f"  准确率：解析器 {res['accuracy']:.2%}，基线 {res['baseline_accuracy']:.2%}"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    from ipatlas.cli.bench import bench_app

    app.add_typer(regions_app, name="regions")
    bench_app.command("resolver")(bench_resolver)
