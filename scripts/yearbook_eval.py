"""Import each yearbook extract with ``--profile auto`` into a fresh data dir and print the outcome
(loaded / quarantined / refused, with the loaded rows), for the before/after table in the README."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "tests/ingest/fixtures/yearbooks"


# What a person states from outside the table (README): the book a table comes from (广州统计年鉴),
# the census year a census yearbook does not print, the year of a table's province rows.
STATED: dict[str, dict[str, object]] = {
    "dev_gz_2023_17-5_rd.csv": {"region": "440100"},
    "held_nbs_2jp_1-G-18_rd.csv": {"year": 2008},
    "dev_r2_nbs_2015_13-3_above_scale.csv": {"year": 2014},
    "dev_r3_xm_2024_gdp_years.csv": {"region": "350200"},  # 厦门 only in the book's name
    "dev_r4_gz_2021_population_indicators.csv": {"region": "440100"},  # 广州 only in the page
    "held_r4_sm_2020_13-1_rd_years.csv": {"region": "350400"},  # 三明 only in the book's name
}


def run(path: Path, shared: Path, **given: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp) / "data", shared_dir=shared)
        s.ensure_dirs()
        tag = f"{path.name}{' ' + str(given) if given else ''}"
        try:
            r = import_file(s, "statistics", path, "auto", **given)  # type: ignore[arg-type]
        except IngestError as exc:
            print(f"{tag}: REFUSED {exc.message[:160]}")
            return
        print(
            f"{tag}: read {r.read} loaded {r.loaded} dup {r.duplicates} quar {r.quarantined} "
            f"reasons {r.quarantine_reasons}"
        )
        con = duckdb.connect(str(s.duckdb_path), read_only=True)
        rows = con.execute(
            "SELECT region_code, year, variable, value, unit FROM statistics ORDER BY 1, 2, 3 LIMIT 6"
        ).fetchall()
        print("   sample:", rows)


if __name__ == "__main__":
    shared = Path(sys.argv[1])
    for p in sorted(FIXTURES.glob("*.*")):
        if p.suffix in (".csv", ".xlsx"):
            run(p, shared)
    for name, given in STATED.items():
        run(FIXTURES / name, shared, **given)
