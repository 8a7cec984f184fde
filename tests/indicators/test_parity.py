"""DuckDB and PySpark run the same Ibis expressions: the whole catalogue must come out identical."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from indicators_lake import D, patent, reference_tables, write_lake

from ipatlas.config import Settings
from ipatlas.indicators import compute_table
from ipatlas.indicators import concordance as conc

KEY = ["region_level", "region_code", "industry", "year", "indicator", "counting"]
SAMPLES = Path(conc.__file__).resolve().parent / "samples"


def _rows(t: pa.Table) -> dict[tuple[Any, ...], dict[str, Any]]:
    out = {}
    for r in t.to_pylist():
        out[tuple(r[k] for k in KEY)] = r
    assert len(out) == t.num_rows, "duplicate keys in the cube"
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))  # float sums may differ in the last bits
    return bool(a == b)


@pytest.mark.spark
@pytest.mark.slow
def test_duckdb_and_pyspark_identical(tmp_path: Path, shared_dir: Path, spark: Any) -> None:
    s = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir)
    s.ensure_dirs()
    tables = reference_tables()
    g = {"filed": D(2017, 3, 1), "granted": D(2019, 6, 1), "adcode": "500103"}
    tables["patents"] += [  # records that the sample SEI table maps (keyword row, non-main IPC)
        patent("CNP1", ipc="G06T 7/00", title="基于深度学习的图像识别", **g),
        patent("CNP2", ipcs=["H01M 10/0525", "B60L 50/60"], ipc="H01M 10/0525", **g),
    ]
    write_lake(s, **tables)
    # with the official concordances' samples loaded, industries, SEI and keyword rows are exercised
    conc.import_concordance(s, SAMPLES / "战略性新兴产业与IPC参照关系_示例非官方表.csv", "sei")
    conc.import_concordance(s, SAMPLES / "IPC与国民经济行业参照关系_示例非官方表.csv", "ipc-industry")
    kw: dict[str, Any] = {
        "years": range(2018, 2022),
        "counting": ["first-ipc", "fractional-ipc+fractional-applicant"],
    }
    duck = compute_table(s, backend="duckdb", **kw)
    sparked = compute_table(s, backend="pyspark", spark=spark, **kw)
    a, b = _rows(duck), _rows(sparked)
    assert a.keys() == b.keys()
    diffs = [
        (k, col, a[k][col], b[k][col])
        for k in a
        for col in a[k]
        if col not in KEY and not _same(a[k][col], b[k][col])
    ]
    assert not diffs, diffs[:10]
    # the comparison is not vacuous: real values, industries and both counting methods are present
    assert any(r["value"] not in (None, 0) for r in a.values())
    assert {k[2].split(":")[0] for k in a} >= {"ALL", "wipo", "sei", "nic"}
    assert {k[5] for k in a} == {"first-ipc+first-applicant", "fractional-ipc+fractional-applicant"}
