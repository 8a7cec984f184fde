"""``ipatlas bench market``: entity resolution, credit grading and the 双随机 draw at scale.

Each part is measured against a baseline run in the same process:

* resolution — names/s of :func:`ipatlas.market.resolve.resolve` against N registered entities
  (index built once, timed apart); baseline: an exact-name Python dict lookup of the same names
  (which finds only the exact spellings);
* grading — :func:`ipatlas.market.credit.grade_tables` (SQL compiled from the rule data) against a
  hand-written DuckDB query for the same rule version; the grades must be identical;
* draw — :func:`ipatlas.market.inspections.draw` over N objects in strata; baseline:
  ``random.Random(seed).sample`` of the same number (no strata, no digest, not verifiable).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

WORDS = list("华瑞鑫泰恒达鼎盛隆兴宏远新源博创智能科技电子机械材料生物医药食品汽车精密光电信息环保能源建设")
FORMS = ["有限公司", "有限责任公司", "股份有限公司"]
AS_OF = dt.date(2025, 6, 30)


def _names(n: int, rng: np.random.Generator) -> list[str]:
    w = np.array(WORDS)
    a, b, c = (w[rng.integers(0, len(w), n)] for _ in range(3))
    forms = np.array(FORMS)[rng.integers(0, 3, n)]
    return [f"重庆{x}{y}{z}{i}{f}" for i, (x, y, z, f) in enumerate(zip(a, b, c, forms, strict=True))]


def _codes(n: int) -> list[str]:
    from stdnum.cn import uscc

    out = []
    for i in range(n):
        body = f"91500112MA{i:07d}"
        out.append(body + uscc.calc_check_digit(body))
    return out


def bench_resolution(entities: int, names: int, rng: np.random.Generator) -> dict[str, Any]:
    from ipatlas.market.resolve import prepare_entities, resolve

    ent_names = _names(entities, rng)
    codes = [f"E{i:09d}" for i in range(entities)]
    former = [[f"重庆旧名{i}有限公司"] if i % 10 == 0 else [] for i in range(entities)]
    ent = pa.table(
        {"code": codes, "name": ent_names, "former_names": pa.array(former, pa.list_(pa.string()))}
    )
    pick = rng.integers(0, entities, names)
    kind = rng.integers(0, 10, names)
    qs = []
    for k, i in zip(kind.tolist(), pick.tolist(), strict=True):
        base = ent_names[i]
        if k < 4:
            qs.append(base)
        elif k < 6:
            qs.append(
                base.replace("有限责任公司", "有限公司")
                if "有限责任" in base
                else base.replace("有限公司", "有限责任公司")
            )
        elif k == 6:
            qs.append(base.replace("重庆", "重庆（").replace("有限", "）有限", 1))
        elif k == 7:
            qs.append(base + "渝北分公司")
        else:
            qs.append(f"未登记个体{i}")
    t = pa.table({"source": ["patents"] * names, "name": qs})
    t0 = time.perf_counter()
    prepared = prepare_entities(ent)
    t_index = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = resolve(t, ent, prepared=prepared)
    t_resolve = time.perf_counter() - t0
    t0 = time.perf_counter()
    exact = dict(zip(ent_names, codes, strict=True))
    hits = sum(1 for q in qs if q in exact)
    t_base = time.perf_counter() - t0
    linked = sum(1 for c in out["code"].to_pylist() if c)
    return {
        "entities": entities,
        "names": names,
        "index_s": round(t_index, 3),
        "resolve_s": round(t_resolve, 3),
        "names_per_s": round(names / t_resolve),
        "linked": linked,
        "baseline_exact_dict_s": round(t_base, 3),
        "baseline_linked": hits,
        "ratio_to_baseline": round(t_resolve / t_base, 2),
        "target": ">= 50,000 names/s",
        "ok": names / t_resolve >= 50_000,
    }


HAND_SQL = """
WITH e AS (SELECT * FROM events WHERE code IS NOT NULL AND decided_on <= DATE '{d}'),
agg AS (
  SELECT code,
    bool_or(wilful AND decided_on > DATE '{d3}') AS wil,
    bool_or(event_type IN ('非正常专利申请','恶意商标申请','失信','承诺不实')
            AND decided_on > DATE '{d3}') AS dis,
    bool_or(event_type IN ('行政处罚','行政裁决侵权成立','司法判决侵权') AND decided_on > DATE '{d3}') AS inf,
    bool_or(event_type IN ('守信','承诺践诺') AND decided_on > DATE '{d3}') AS hon
  FROM e GROUP BY code),
rep AS (
  SELECT DISTINCT code FROM (
    SELECT code, decided_on,
      lag(decided_on) OVER (PARTITION BY code, right_kind ORDER BY decided_on, id) AS prev
    FROM e WHERE event_type IN ('行政处罚','行政裁决侵权成立','司法判决侵权')
      AND right_kind IN ('trademark','patent'))
  WHERE prev IS NOT NULL AND decided_on <= prev + INTERVAL 5 YEAR
    AND DATE '{d}' <= decided_on + INTERVAL 5 YEAR),
sl AS (
  SELECT DISTINCT code FROM serious
  WHERE listed_on <= DATE '{d}' AND DATE '{d}' < until AND (removed_on IS NULL OR DATE '{d}' < removed_on))
SELECT ent.code,
  CASE WHEN sl.code IS NOT NULL OR rep.code IS NOT NULL OR coalesce(agg.wil, false) THEN 'D'
       WHEN coalesce(agg.dis, false) OR coalesce(agg.inf, false) THEN 'C'
       WHEN coalesce(agg.hon, false) THEN 'A' ELSE 'B' END AS grade
FROM entities ent LEFT JOIN agg ON agg.code = ent.code LEFT JOIN rep ON rep.code = ent.code
LEFT JOIN sl ON sl.code = ent.code
"""


def bench_grading(entities: int, events: int, rng: np.random.Generator) -> dict[str, Any]:
    from ipatlas.market.credit import grade_tables, load_rules

    types = list(load_rules()["event_types"])
    codes = pa.array([f"E{i:09d}" for i in range(entities)])
    ev_code = codes.take(pa.array(rng.integers(0, entities, events)))
    start = np.datetime64("2010-01-01")
    days = rng.integers(0, (np.datetime64("2025-06-30") - start).astype(int), events)
    ev = pa.table(
        {
            "id": pa.array(np.arange(events, dtype=np.int64)),
            "code": ev_code,
            "event_type": pa.array(np.array(types)[rng.integers(0, len(types), events)]),
            "right_kind": pa.array(np.array(["trademark", "patent", "gi", ""])[rng.integers(0, 4, events)]),
            "wilful": pa.array(rng.random(events) < 0.02),
            "decided_on": pa.array((start + days).astype("datetime64[D]")),
        }
    )
    n_sl = max(entities // 100, 1)
    listed = start + rng.integers(3000, 5600, n_sl)
    sl = pa.table(
        {
            "code": codes.take(pa.array(rng.integers(0, entities, n_sl))),
            "listed_on": pa.array(listed.astype("datetime64[D]")),
            "until": pa.array((listed + 1095).astype("datetime64[D]")),
            "removed_on": pa.array([None] * n_sl, pa.date32()),
        }
    )
    ent = pa.table({"code": codes})
    con = duckdb.connect()
    times, hand_times = [], []
    ours = hand = None
    for _ in range(3):
        t0 = time.perf_counter()
        ours = grade_tables(ent, ev, sl, AS_OF, con=con)
        times.append(time.perf_counter() - t0)
        con.register("entities", ent)
        con.register("events", ev)
        con.register("serious", sl)
        sql = HAND_SQL.format(d=AS_OF.isoformat(), d3=AS_OF.replace(year=AS_OF.year - 3).isoformat())
        t0 = time.perf_counter()
        hand = con.sql(sql).to_arrow_table()
        hand_times.append(time.perf_counter() - t0)
    assert ours is not None and hand is not None
    a = dict(zip(ours["code"].to_pylist(), ours["grade"].to_pylist(), strict=True))
    b = dict(zip(hand["code"].to_pylist(), hand["grade"].to_pylist(), strict=True))
    same = a == b
    dist: dict[str, int] = {}
    for g in a.values():
        dist[g] = dist.get(g, 0) + 1
    t, h = float(np.median(times)), float(np.median(hand_times))
    return {
        "entities": entities,
        "events": events,
        "as_of": AS_OF.isoformat(),
        "grading_s": round(t, 3),
        "hand_sql_s": round(h, 3),
        "ratio_to_hand_sql": round(t / h, 2),
        "same_grades": same,
        "grades": dict(sorted(dist.items())),
        "target": "<= 2x hand-written DuckDB",
        "ok": same and t <= 2 * h,
    }


def bench_draw(objects: int, rng: np.random.Generator) -> dict[str, Any]:
    from ipatlas.market.inspections import Inspector, Objects, draw

    codes = _codes(objects)
    regions = np.array(["500112", "500103", "500105", "500106", "500107", "500108"])[
        rng.integers(0, 6, objects)
    ]
    grades = np.array(["A", "B", "C", "D"])[rng.choice(4, objects, p=[0.2, 0.6, 0.15, 0.05])]
    objs = Objects(pa.array(codes), pa.array(regions), pa.array(grades))
    pool = [Inspector(f"J{i:04d}", f"检查员{i}", f"单位{i % 12}") for i in range(300)]
    times = []
    res: dict[str, Any] = {}
    for _ in range(3):
        t0 = time.perf_counter()
        res = draw(objs, pool, seed="bench-2026", ratio=0.03, per_object=2)
        times.append(time.perf_counter() - t0)
    n = len(res["objects"])
    t0 = time.perf_counter()
    random.Random(1).sample(codes, n)
    base = time.perf_counter() - t0
    t = float(np.median(times))
    return {
        "objects": objects,
        "drawn": n,
        "draw_s": round(t, 3),
        "draw_s_runs": [round(x, 3) for x in times],
        "baseline_random_sample_s": round(base, 3),
        "ratio_to_baseline": round(t / base, 2),
        "target": "<= 1 s",
        "ok": t <= 1.0,
    }


def run_benchmark(
    *,
    entities: int = 1_000_000,
    events: int = 5_000_000,
    names: int = 200_000,
    objects: int = 1_000_000,
    seed: int = 13,
    parts: tuple[str, ...] = ("resolution", "grading", "draw"),
) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {}
    if "resolution" in parts:
        out["resolution"] = bench_resolution(entities, names, rng)
    if "grading" in parts:
        out["grading"] = bench_grading(entities, events, rng)
    if "draw" in parts:
        out["draw"] = bench_draw(objects, rng)
    return out
