"""The same parser on PySpark (local mode) gives exactly the local output (a parity test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipatlas.config import Settings
from ipatlas.litigation.corpus import import_dir, parse_many, read_judgments

FILES = ["051abf3537", "6ed5c4c8bb", "d218c0f64d"]


@pytest.mark.spark
@pytest.mark.slow
def test_pyspark_parity(tmp_path: Path, shared_dir: Path, settings: Settings) -> None:
    pytest.importorskip("pyspark")
    paths = [shared_dir / "data" / "judgments" / "texts" / f"{f}.txt" for f in FILES]
    junk = tmp_path / "junk.txt"
    junk.write_text("不是判决书", encoding="utf-8")
    paths.append(junk)
    local = parse_many(paths, backend="local")
    spark = parse_many(paths, backend="pyspark")
    assert spark == local
    assert local[-1]["case_number"] is None

    d = tmp_path / "in"
    d.mkdir()
    for p in paths:
        shutil.copy(p, d / p.name)
    res = import_dir(settings, d, backend="pyspark")
    assert (res["loaded"], res["quarantined"]) == (3, 1)
    assert {r["case_number"] for r in read_judgments(settings)} == {
        x["case_number"] for x in local if x["case_number"]
    }
