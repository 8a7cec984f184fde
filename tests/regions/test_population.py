"""2020 census population: roll-ups against sums computed directly from the shared census file."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from ipatlas.regions import get_registry
from ipatlas.regions.population import census_population, census_rows, population_table


@pytest.fixture(scope="module")
def census(shared_dir: Path) -> list[dict[str, str]]:
    with open(shared_dir / "data" / "census2020_county_population.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _pop(row: dict[str, str]) -> int:
    return int(row["POPU"]) if row["POPU"].strip() else 0


def test_chongqing_total_equals_the_census_file(census: list[dict[str, str]]) -> None:
    expected = sum(_pop(r) for r in census if r["CODE"].startswith("50"))
    assert expected == 32_054_159
    assert census_population("500000") == expected
    # and equals the sum over its 38 counties (no statistical zones in Chongqing)
    assert sum(census_population(c.code) or 0 for c in get_registry().counties("500000")) == expected


def test_every_province_total_equals_the_census_file(census: list[dict[str, str]]) -> None:
    by_prov: dict[str, int] = defaultdict(int)
    for r in census:
        by_prov[r["CODE"][:2] + "0000"] += _pop(r)
    for prov, total in by_prov.items():
        assert census_population(prov) == total, prov
    assert sum(census_population(p.code) or 0 for p in get_registry().all("province")) == 1_409_878_724


def test_prefecture_roll_up(census: list[dict[str, str]]) -> None:
    shenyang = sum(_pop(r) for r in census if r["CODE"].startswith("2101"))
    yuxi = sum(_pop(r) for r in census if r["CODE"].startswith("5304"))
    assert census_population("210100") == shenyang
    assert census_population("530400") == yuxi
    assert sum(census_population(c.code) or 0 for c in get_registry().counties("530400")) == yuxi


def test_county_figures(census: list[dict[str, str]]) -> None:
    row = {r["CODE"]: _pop(r) for r in census}
    assert census_population("500112") == row["500112"]  # 渝北区
    assert census_population("500228") == row["500155"]  # historical code → 梁平区
    assert census_population("210112") == row["210112"]  # 浑南区
    # 2021 merges are summed: 吉利区 + 孟津县 → 孟津区; 梅列区 + 三元区 → 三元区
    assert census_population("410308") == row["410306"] + row["410322"]
    assert census_population("350404") == row["350402"] + row["350403"]
    # transcriber's own zone code 320571 matched by name to NBS 320576 苏州工业园区
    assert census_population("320576") == row["320571"]
    assert census_population("350527") is None  # 金门县: no figure
    assert census_population("330113") is None  # 临平区, split from 余杭区 after 2020


def test_unmapped_zone_rows_count_only_above_county() -> None:
    unmapped = [r for r in census_rows() if r["code"] is None]
    assert unmapped and all(r["census_code"][4] == "7" for r in unmapped)


def test_population_table() -> None:
    df = population_table()
    assert list(df.columns) == ["code", "level", "population", "source"]
    assert set(df["source"]) == {"census2020"}
    assert set(df["level"]) == {"province", "city", "county"}
    assert int(df.loc[df["code"] == "500000", "population"].iloc[0]) == 32_054_159
    assert df["code"].is_unique
