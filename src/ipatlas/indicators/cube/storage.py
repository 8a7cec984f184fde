"""Where the cube lives: ``<data_dir>/indicators/cube/<version>/`` and the atomically swapped ``CURRENT``
pointer; the summary of a computation; writing a version and keeping the last two."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipatlas.config import Settings
from ipatlas.errors import NotFoundError

KEEP_VERSIONS = 2


class CubeNotComputed(NotFoundError):
    """No cube has been computed for this data directory yet."""


@dataclass
class CubeSummary:
    version: str
    path: str
    backend: str
    counting: list[str]
    years: list[int]
    regions: dict[str, int]
    industries: dict[str, int]
    unavailable_industries: dict[str, str]
    indicators: int
    rows: int
    seconds: float
    lake_seq: int
    computed_at: str
    records: dict[str, int]
    is_demo: bool
    warnings: list[str] = field(default_factory=list)
    # per counting method: where the compiled query plan came from (memory, disk or compiled)
    query_plans: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cube_root(settings: Settings) -> Path:
    return settings.data_dir / "indicators" / "cube"


def query_plan_dir(settings: Settings) -> Path:
    """Compiled query plans reused across processes (see :mod:`ipatlas.indicators.query_plan`)."""
    return settings.data_dir / "cache" / "plans"


def _industries_table(names: dict[str, str], cube: pa.Table) -> pa.Table:
    present = set(pc.unique(cube.column("industry")).to_pylist()) if cube.num_rows else set()
    ids = sorted(present | {"ALL"}, key=lambda x: (x != "ALL", x))
    return pa.table(
        {
            "id": ids,
            "scheme": [i.split(":")[0] if ":" in i else "ALL" for i in ids],
            "name": [names.get(i, i) for i in ids],
        }
    )


def _industry_counts(t: pa.Table) -> dict[str, int]:
    out: dict[str, int] = {}
    for s in t.column("scheme").to_pylist():
        out[s] = out.get(s, 0) + 1
    return out


def _store(
    settings: Settings,
    summary: CubeSummary,
    cube: pa.Table,
    dim: pa.Table,
    industries: pa.Table,
    maps: dict[str, pa.Table],
    sei: pa.Table | None,
) -> Path:
    root = cube_root(settings)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{summary.version}"
    (tmp / "maps").mkdir(parents=True, exist_ok=True)
    # two sort orders of the same rows, small row groups: a region's page (show/series) and an
    # indicator's map/ranking (all regions, one year) each read only a few row groups
    pq.write_table(cube, tmp / "cube.parquet", compression="zstd", row_group_size=16384)
    by_ind = cube.sort_by(
        [
            ("indicator", "ascending"),
            ("year", "ascending"),
            ("region_level", "ascending"),
            ("industry", "ascending"),
        ]
    )
    pq.write_table(by_ind, tmp / "cube_by_indicator.parquet", compression="zstd", row_group_size=16384)
    pq.write_table(dim, tmp / "regions.parquet")
    pq.write_table(industries, tmp / "industries.parquet")
    for scheme, m in maps.items():
        pq.write_table(m, tmp / "maps" / f"{scheme}.parquet")
    if sei is not None:
        pq.write_table(sei, tmp / "maps" / "_sei_flag.parquet")
    final = root / summary.version
    os.replace(tmp, final)
    ptr = root / f".CURRENT.{summary.version}"
    ptr.write_text(json.dumps({"version": summary.version}), "utf-8")
    os.replace(ptr, root / "CURRENT")  # the commit point
    _gc(root, summary.version)
    return final


def _gc(root: Path, current: str) -> None:
    versions = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("c"))
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


def current_dir(settings: Settings) -> Path:
    ptr = cube_root(settings) / "CURRENT"
    if not ptr.is_file():
        raise CubeNotComputed("指标尚未计算：请先运行 `ipatlas indicators compute`")
    version = json.loads(ptr.read_text("utf-8"))["version"]
    d = cube_root(settings) / version
    if not (d / "cube.parquet").is_file():
        raise CubeNotComputed(f"指标数据 {version} 不完整：请重新运行 `ipatlas indicators compute`")
    return d
