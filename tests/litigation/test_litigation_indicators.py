"""Court statistics as catalogue indicators (basis ``records`` over the ``judgments`` fact table)
agree with the CLI/page breakdown computed directly from the same lake table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipatlas.config import Settings
from ipatlas.indicators import compute_cube, compute_table, records
from ipatlas.litigation.corpus import import_dir
from ipatlas.litigation.stats import court_statistics

IDS = [
    "judgments_count",
    "judgments_plaintiff_win_rate",
    "judgments_represented_share",
    "judgments_punitive_count",
    "judgments_awarded_total",
    "judgments_award_ratio",
]


@pytest.fixture()
def corpus(settings: Settings, shared_dir: Path, tmp_path: Path) -> Settings:
    d = tmp_path / "in"
    d.mkdir()
    for p in sorted((shared_dir / "data" / "judgments" / "texts").glob("*.txt"))[:40]:
        shutil.copy(p, d / p.name)
    import_dir(settings, d)
    return settings


def test_catalogue_matches_statistics(corpus: Settings) -> None:
    stats = court_statistics(corpus, by="province", year=2015)
    assert stats["rows"], "the sample has 2015 judgments"
    cube = {
        (r["region_code"], r["indicator"]): r
        for r in compute_table(corpus, years=[2015], industries=[], indicators=IDS).to_pylist()
    }
    for row in stats["rows"]:
        if row["key"] is None:
            continue
        prov = row["key"]
        assert cube[(prov, "judgments_count")]["value"] == row["judgments"]
        if row["plaintiff_win_rate"] is not None:
            assert cube[(prov, "judgments_plaintiff_win_rate")]["value"] == pytest.approx(
                row["plaintiff_win_rate"] * 100, abs=0.01
            )
        assert cube[(prov, "judgments_represented_share")]["value"] == pytest.approx(
            row["represented_share"] * 100, abs=0.01
        )
        assert cube[(prov, "judgments_awarded_total")]["value"] == pytest.approx(row["awarded_total"] or 0.0)
        assert cube[(prov, "judgments_punitive_count")]["value"] == row["punitive"]


def test_drill_down_lists_the_judgments(corpus: Settings) -> None:
    compute_cube(corpus, years=[2015], industries=[], indicators=IDS)
    stats = court_statistics(corpus, by="city", year=2015)
    top = stats["rows"][0]
    page = records(corpus, top["key"], 2015, "judgments_count")
    assert page.total == top["judgments"] and page.table == "judgments"
    assert all(r["case_number"] and r["year"] == 2015 for r in page.items)
