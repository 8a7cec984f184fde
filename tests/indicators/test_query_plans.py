"""Compiled cube plans: compiled once, replayed from memory or disk, identical to a fresh compile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from indicators_lake import D, patent, reference_tables, write_lake

from ipatlas.config import Settings
from ipatlas.indicators import compute_cube, compute_table, query_plan
from ipatlas.indicators.cube import query_plan_dir
from ipatlas.regions import groups as region_groups

COUNTINGS = ["first-ipc", "fractional-ipc+fractional-applicant"]
KW: dict[str, Any] = {"years": range(2018, 2022), "counting": COUNTINGS}
KEY = ("region_level", "region_code", "industry", "year", "indicator", "counting")
SORT = [(c, "ascending") for c in KEY]


@pytest.fixture
def s(tmp_path: Path, shared_dir: Path) -> Settings:
    out = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir)
    out.ensure_dirs()
    write_lake(out, **reference_tables())
    query_plan.CACHE.clear_memory()
    return out


def _sorted(t: pa.Table) -> pa.Table:
    return t.sort_by(SORT)


def _origins(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    orig = query_plan.CACHE.get_or_compile

    def spy(*a: Any, **k: Any) -> Any:
        plan, origin = orig(*a, **k)
        seen.append(origin)
        return plan, origin

    monkeypatch.setattr(query_plan.CACHE, "get_or_compile", spy)
    return seen


def test_replayed_plans_equal_a_fresh_compile(s: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    origins = _origins(monkeypatch)
    first = _sorted(compute_table(s, **KW))
    assert origins == ["compiled", "compiled"]  # one plan per counting method
    stored = sorted(p.name for p in query_plan_dir(s).iterdir())
    assert len(stored) == 2 and all(len(n) == 40 for n in stored)
    # same process: memory
    assert _sorted(compute_table(s, **KW)).equals(first)
    assert origins[2:] == ["memory", "memory"]
    # a new process: the plans come from disk
    query_plan.CACHE.clear_memory()
    assert _sorted(compute_table(s, **KW)).equals(first)
    assert origins[4:] == ["disk", "disk"]
    # with the cache off every call compiles, and the result is the same
    monkeypatch.setenv("IPATLAS_PLAN_CACHE", "0")
    assert _sorted(compute_table(s, **KW)).equals(first)
    assert origins[6:] == ["compiled", "compiled"]


def test_a_plan_follows_the_lake_not_the_data_it_was_compiled_on(s: Settings) -> None:
    """The SQL names only views: replaying it after an import reads the new records."""
    kw = {"years": [2020], "industries": [], "indicators": ["pat_grant_invention"], "levels": ("county",)}

    def grants(t: pa.Table) -> float:
        row = [
            r
            for r in t.to_pylist()
            if r["region_code"] == "500112" and r["year"] == 2020 and r["region_level"] == "county"
        ]
        return float(row[0]["value"])

    before = grants(compute_table(s, **kw))
    extra = [
        patent(f"CNX{i}", filed=D(2018, 1, 1), granted=D(2020, 5, 1), adcode="500112", status="valid")
        for i in range(3)
    ]
    write_lake(s, patents=reference_tables()["patents"] + extra)  # a new lake version
    after = grants(compute_table(s, **kw))
    assert after == before + 3


def test_inputs_that_shape_the_sql_change_the_key(s: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    origins = _origins(monkeypatch)
    kw = {"years": [2020], "industries": [], "indicators": ["pat_grant_invention"]}
    compute_table(s, **kw)
    compute_table(s, **kw)
    compute_table(s, **{**kw, "years": [2019, 2020]})
    compute_table(s, **{**kw, "levels": ("county",)})
    compute_table(s, **{**kw, "indicators": ["pat_grant_invention", "pat_app_invention"]})
    assert origins == ["compiled", "memory", "compiled", "compiled", "compiled"]
    # a new custom region group changes the region tables, hence the plan
    region_groups.save_group(s, "G:test", "测试组", ["500112", "500105"])
    t = compute_table(s, **kw)
    assert origins[-1] == "compiled"
    assert "G:test" in set(t.column("region_code").to_pylist())


def test_a_damaged_plan_on_disk_is_recompiled(s: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    kw = {"years": [2020], "industries": [], "indicators": ["inv_per_10k_pop"]}
    good = _sorted(compute_table(s, **kw))
    (entry,) = query_plan_dir(s).iterdir()
    doc = json.loads((entry / "plan.json").read_text("utf-8"))
    doc["steps"] = "not a list"
    (entry / "plan.json").write_text(json.dumps(doc), "utf-8")
    query_plan.CACHE.clear_memory()
    origins = _origins(monkeypatch)
    assert _sorted(compute_table(s, **kw)).equals(good)
    assert origins == ["compiled"]
    # …and rewritten in a readable form
    query_plan.CACHE.clear_memory()
    compute_table(s, **kw)
    assert origins[-1] == "disk"


def test_cube_summary_names_where_each_plan_came_from(s: Settings) -> None:
    a = compute_cube(s, years=[2020, 2021])
    b = compute_cube(s, years=[2020, 2021])
    assert a.query_plans == ["compiled"] and b.query_plans == ["memory"]
    assert json.loads((Path(b.path) / "summary.json").read_text("utf-8"))["query_plans"] == ["memory"]


def test_concurrent_replays_do_not_share_temp_tables(s: Settings) -> None:
    """Plans run on cursors of one in-memory database: each keeps its own temp tables and views."""
    from concurrent.futures import ThreadPoolExecutor

    sel = [
        {"years": [2019, 2020], "industries": [], "indicators": ["inv_per_10k_pop"]},
        {"years": [2020, 2021], "industries": [], "indicators": ["pat_grant_invention", "pat_app_total"]},
    ]
    alone = [_sorted(compute_table(s, **k)) for k in sel]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda k: _sorted(compute_table(s, **k)), sel * 4))
    assert all(g.equals(alone[i % 2]) for i, g in enumerate(got))


def test_a_new_process_replays_the_stored_plan(s: Settings) -> None:
    """The key is stable across processes (no object addresses, random names or set order in it)."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from ipatlas.config import Settings; "
        "from ipatlas.indicators import compute_cube; "
        "s = Settings(data_dir=Path(sys.argv[1]), shared_dir=Path(sys.argv[2])); "
        "print(compute_cube(s, years=[2020, 2021]).query_plans[0])"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(s.data_dir), str(s.shared_dir)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        for _ in range(2)
    ]
    assert runs == ["compiled", "disk"]
