"""双随机一公开 draws: the vectorised ranks equal the documented reference, reproducibility,
回避, units, strata, bad requests, the CLI with its audit, results and publication."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from market_helpers import code, write_csv
from sqlalchemy.orm import Session

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.market import inspections as ins
from ipatlas.market.inspections import Inspector, Objects


def _objects(n: int, *, strata: bool = False) -> Objects:
    codes = [code(i) for i in range(n)]
    regions = [("500112", "500103")[i % 2] if strata else "" for i in range(n)]
    grades = [("A", "B", "C", "D")[i % 4] if strata else "" for i in range(n)]
    return Objects(codes, regions, grades)


def _pool(n: int = 12, units: int = 4) -> list[Inspector]:
    return [Inspector(f"J{i:03d}", f"检查员{i}", f"单位{i % units}") for i in range(n)]


def test_vectorised_ranks_match_reference() -> None:
    codes = [code(random.Random(i).randrange(10**7)) for i in range(300)]
    k0, k1, _ = ins.seed_keys("2026-第1批")
    assert [int(x) for x in ins.ranks(codes, k0, k1)] == [ins.rank_of(c, k0, k1) for c in codes]


def test_unstratified_draw_is_the_lowest_ranks() -> None:
    objs = _objects(200)
    res = ins.draw(objs, _pool(), seed="s1", count=15)
    k0, k1, _ = ins.seed_keys("s1")
    expected = sorted(objs.codes.to_pylist(), key=lambda c: (ins.rank_of(c, k0, k1), c))[:15]
    assert res["objects"] == expected
    assert [a["object"] for a in res["assignments"]] == expected


def test_reproducible_and_order_independent() -> None:
    objs, pool = _objects(500, strata=True), _pool()
    a = ins.draw(objs, pool, seed="2026-07", ratio=0.1, per_object=2)
    b = ins.draw(objs, pool, seed="2026-07", ratio=0.1, per_object=2)
    assert a == b
    perm = list(range(500))
    random.Random(3).shuffle(perm)
    shuffled = Objects(
        [objs.codes[i] for i in perm], [objs.regions[i] for i in perm], [objs.grades[i] for i in perm]
    )
    c = ins.draw(shuffled, list(reversed(pool)), seed="2026-07", ratio=0.1, per_object=2)
    assert c["digest"] == a["digest"] and c["objects"] == a["objects"]
    other = ins.draw(objs, pool, seed="2026-08", ratio=0.1, per_object=2)
    assert other["digest"] != a["digest"] and other["objects"] != a["objects"]
    assert ins.verify(a, objs, pool)
    tampered = {**a, "digest": "0" * 64}
    assert not ins.verify(tampered, objs, pool)


def test_strata_raise_the_ratio_with_risk() -> None:
    res = ins.draw(_objects(4000, strata=True), _pool(), seed="x", ratio=0.1)
    by_grade: dict[str, int] = {}
    for s in res["strata"]:
        by_grade[s["grade"]] = by_grade.get(s["grade"], 0) + s["drawn"]
        assert s["drawn"] == min(s["population"], int(0.1 * s["factor"] * s["population"] + 0.5))
    assert by_grade == {"A": 50, "B": 100, "C": 200, "D": 300}
    counted = ins.draw(_objects(4000, strata=True), _pool(), seed="x", count=333)
    assert len(counted["objects"]) == 333 == sum(s["drawn"] for s in counted["strata"])
    d = sum(s["drawn"] for s in counted["strata"] if s["grade"] == "D")
    a = sum(s["drawn"] for s in counted["strata"] if s["grade"] == "A")
    assert d > 5 * a
    every = ins.draw(_objects(40, strata=True), _pool(), seed="x", count=40)
    assert sorted(every["objects"]) == sorted(_objects(40).codes.to_pylist())


def test_avoidance_and_units() -> None:
    objs = _objects(60)
    codes = objs.codes.to_pylist()
    pool = _pool(8, 4)
    # Inspectors J000 and J001 must avoid every object; J002 avoids half of them.
    pool[0].avoid = frozenset(codes)
    pool[1].avoid = frozenset(codes)
    pool[2].avoid = frozenset(codes[::2])
    res = ins.draw(objs, pool, seed="a", ratio=1.0, per_object=3)
    units = {i.id: i.unit for i in pool}
    avoid = {i.id: i.avoid for i in pool}
    for asg in res["assignments"]:
        assert len(asg["inspectors"]) == 3 == len(set(asg["inspectors"]))
        assert all(asg["object"] not in avoid[i] for i in asg["inspectors"])
        assert len({units[i] for i in asg["inspectors"]}) == 3  # four units available: all different
    # With one unit only, teams still form (same unit allowed when nothing else is left).
    same = ins.draw(objs, _pool(3, 1), seed="a", count=5, per_object=3)
    assert all(len(a["inspectors"]) == 3 for a in same["assignments"])


def test_bad_requests() -> None:
    objs, pool = _objects(10), _pool(3, 3)
    with pytest.raises(InputError, match="只有 10 个"):
        ins.draw(objs, pool, seed="s", count=11)
    with pytest.raises(InputError, match="之一"):
        ins.draw(objs, pool, seed="s")
    with pytest.raises(InputError, match=r"\(0, 1\]"):
        ins.draw(objs, pool, seed="s", ratio=1.5)
    with pytest.raises(InputError, match="少于每个对象所需"):
        ins.draw(objs, pool, seed="s", count=1, per_object=4)
    pool[0].avoid = frozenset(objs.codes.to_pylist())
    with pytest.raises(InputError, match="回避后可用检查人员只有 2 名"):
        ins.draw(objs, pool, seed="s", count=1, per_object=3)


def test_file_errors_name_row_and_field(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "o.csv", ["统一社会信用代码"], [[code(1)], [code(2)], [code(1)]])
    with pytest.raises(InputError, match="第 2 行重复") as exc:
        ins.load_objects(f)
    assert exc.value.context["row"] == 4 and "o.csv" in exc.value.message
    g = write_csv(tmp_path / "g.csv", ["统一社会信用代码", "信用等级"], [[code(1), "E"]])
    with pytest.raises(InputError, match="未知的信用等级"):
        ins.load_objects(g)
    h = write_csv(tmp_path / "i.csv", ["编号", "姓名", "单位", "回避"], [["J1", "甲", "一科", "123"]])
    with pytest.raises(InputError, match="回避"):
        ins.load_inspectors(h)


def test_results_and_publication(session: Session) -> None:
    res = ins.draw(_objects(30), _pool(), seed="r", count=3)
    rec = ins.record_draw(session, res, plan_name="2026 年专利代理机构抽查", actor="ana")
    from ipatlas.store.workflow import list_audit

    audit = list_audit(session, object_type="inspection_draw")
    assert audit[0].after is not None and audit[0].after["digest"] == res["digest"]
    first, *rest = res["objects"]
    with pytest.raises(InputError, match="不能公示"):
        ins.publish(session, rec["id"], on=dt.date(2026, 3, 1), actor="ana")
    out = ins.enter_result(session, rec["id"], first, "责令整改", on=dt.date(2025, 9, 26), actor="ana")
    # 20 working days from Friday 26 Sep 2025: 28 Sep (Sunday, 调休) counts, 1–8 Oct (国庆) do not,
    # 11 Oct (Saturday, 调休) counts → Thursday 30 Oct 2025.
    assert out["publish_due"] == "2025-10-30"
    assert ins.publish_deadline(session, dt.date(2025, 6, 3)).isoformat() == "2025-07-01"
    with pytest.raises(InputError, match="不是抽查"):
        ins.enter_result(session, rec["id"], code(999), "未发现问题", on=dt.date(2026, 2, 27), actor="ana")
    with pytest.raises(InputError, match="检查结果应为"):
        ins.enter_result(session, rec["id"], first, "很好", on=dt.date(2026, 2, 27), actor="ana")
    for c in rest:
        ins.enter_result(session, rec["id"], c, "未发现问题", on=dt.date(2025, 10, 9), actor="ana")
    pub = ins.publish(session, rec["id"], on=dt.date(2025, 10, 31), actor="ana")
    assert pub["late"] is True and pub["published_on"] == "2025-10-31"
    shown = ins.public_draw(session, rec["id"])
    assert {i["object"]: i["result"] for i in shown["items"]} == {
        first: "责令整改",
        **dict.fromkeys(rest, "未发现问题"),
    }


def test_cli_draw(cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    objs = write_csv(
        tmp_path / "objects.csv",
        ["统一社会信用代码", "区划代码", "信用等级"],
        [[code(i), "500112", "ABCD"[i % 4]] for i in range(40)],
    )
    people = write_csv(
        tmp_path / "inspectors.csv",
        ["编号", "姓名", "单位", "回避"],
        [[f"J{i}", f"人{i}", f"科{i % 3}", code(0) if i == 0 else ""] for i in range(6)],
    )
    args = [
        "inspections",
        "draw",
        "--objects",
        str(objs),
        "--inspectors",
        str(people),
        "--ratio",
        "0.2",
        "--seed",
        "2026-1",
        "--per-object",
        "2",
        "--json",
    ]
    rc, out, _ = invoke(capsys, *args)
    first = json.loads(out)
    assert rc == 0 and {"seed", "objects", "assignments", "digest"} <= set(first)
    rc, out, _ = invoke(capsys, *args)
    second = json.loads(out)
    assert second["digest"] == first["digest"] and second["draw_id"] != first["draw_id"]
    rc, out, err = invoke(
        capsys,
        "inspections",
        "draw",
        "--objects",
        str(objs),
        "--inspectors",
        str(people),
        "--count",
        "41",
        "--seed",
        "x",
        "--json",
    )
    assert rc == 1 and "只有 40 个" in err


def test_objects_from_the_registry(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from market_helpers import CREDIT_HEADER, ENTITY_HEADER, write_lake

    where, kind = ("重庆市渝北区", "重庆市江北区"), ("A类", "B类")
    rows = [[code(i), f"重庆登记{i}有限公司", "", where[i % 2], "", kind[i % 2], ""] for i in range(1, 11)]
    invoke(capsys, "entities", "import", str(write_csv(tmp_path / "e.csv", ENTITY_HEADER, rows)), "--json")
    write_lake(cli_env, [["重庆登记1有限公司"]], owners=["重庆登记2有限公司", "重庆登记3有限公司"])
    invoke(capsys, "entities", "link", "--json")
    ev = [[code(2), "x", "行政处罚", "商标侵权", dt.date.today().isoformat(), "q1", "", ""]]
    invoke(capsys, "credit", "import", str(write_csv(tmp_path / "c.csv", CREDIT_HEADER, ev)), "--json")
    people = write_csv(
        tmp_path / "p.csv", ["编号", "姓名", "单位"], [[f"J{i}", f"人{i}", f"科{i}"] for i in range(4)]
    )
    base = ["inspections", "draw", "--inspectors", str(people), "--seed", "r1", "--registry", "--json"]
    rc, out, _ = invoke(capsys, *base, "--county", "500112", "--ratio", "1")
    assert rc == 0 and sorted(json.loads(out)["objects"]) == [code(i) for i in (2, 4, 6, 8, 10)]
    strata = {(s["region"], s["grade"]) for s in json.loads(out)["strata"]}
    assert strata == {("500112", "C"), ("500112", "B")}  # code(2) has a penalty this year: C
    rc, out, _ = invoke(capsys, *base, "--nice-class", "9", "--ratio", "1")
    assert rc == 0 and json.loads(out)["objects"] == [code(2)]  # write_lake: owner 0 → class 9
    rc, out, _ = invoke(capsys, *base, "--type", "A类", "--count", "2")
    assert rc == 0 and set(json.loads(out)["objects"]) <= {code(i) for i in (2, 4, 6, 8, 10)}
    rc, _, err = invoke(capsys, *base, "--county", "110101", "--count", "1")
    assert rc == 1 and "没有抽查对象" in err
    rc, _, err = invoke(
        capsys, "inspections", "draw", "--inspectors", str(people), "--seed", "x", "--count", "1", "--json"
    )
    assert rc == 1 and "--registry" in err
