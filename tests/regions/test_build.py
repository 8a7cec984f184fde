"""The packaged tables are exactly what scripts/build_region_tables.py makes from ../shared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ipatlas.regions._data import DATA_DIR, TABLES

ROOT = Path(__file__).resolve().parents[2]


def test_tables_rebuild_identically(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    res = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_region_tables.py"),
            "--shared",
            str(shared_dir),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    for name in TABLES:
        # pinyin tables: scripts/build_pinyin_table.py (see test below); gi_towns: scripts/build_gi_towns.py
        # (tests/regions/test_resolver_round18.py)
        if name in ("pinyin", "pinyin_hist", "gi_towns"):
            continue
        built = (out / f"{name}.csv.gz").read_bytes()
        assert built == (DATA_DIR / f"{name}.csv.gz").read_bytes(), (
            f"{name}: rerun scripts/build_region_tables.py"
        )
    assert "REJECTED event: 2025 撤销 500112 渝北区" in res.stderr


def test_runtime_needs_no_shared_folder(shared_dir: Path, tmp_path: Path) -> None:
    """A fresh interpreter that fails on any attempt to open a file under ../shared."""
    code = (
        "import sys\n"
        f"SHARED = {str(shared_dir.resolve())!r}\n"
        "def hook(event, args):\n"
        "    if event == 'open' and isinstance(args[0], str) and args[0].startswith(SHARED):\n"
        "        raise RuntimeError('opened ' + args[0])\n"
        "sys.addaudithook(hook)\n"
        "from ipatlas.regions import get_resolver, get_registry\n"
        "from ipatlas.regions.boundaries import feature_collection\n"
        "assert len(feature_collection('county', '530400')['features']) == 9\n"
        "from ipatlas.regions.population import census_population\n"
        "assert get_resolver().resolve('重庆市渝北区').adcode == '500112'\n"
        "assert len(get_registry().counties('500000')) == 38\n"
        "assert census_population('500000') == 32054159\n"
    )
    env = {"IPATLAS_SHARED_DIR": str(tmp_path / "nothing"), "PATH": "/usr/bin:/bin"}
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert res.returncode == 0, res.stderr


def test_pinyin_table_covers_every_current_unit() -> None:
    """scripts/build_pinyin_table.py (pypinyin) wrote one reading per current unit name."""
    from ipatlas.regions._data import read_table
    from ipatlas.regions.boundaries import EXTRA_PROVINCES

    names = {r["code"]: r["name"] for r in read_table("divisions")}
    pinyin = {r["code"]: r for r in read_table("pinyin")}
    assert set(names) | set(EXTRA_PROVINCES) == set(pinyin)
    assert all(pinyin[c]["name"] == n for c, n in names.items())
    assert all(p["pinyin"] and p["pinyin"].isascii() for p in pinyin.values())
    assert pinyin["500000"]["pinyin"] == "chong qing shi" and pinyin["341500"]["pinyin"] == "lu an shi"
