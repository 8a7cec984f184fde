"""Patent-navigation report: figures against a plain-Python recount of the fixture records."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
import rep_lake

from ipatlas.errors import NotFoundError
from ipatlas.reports.industries import get_industry
from ipatlas.reports.navigation import build_navigation, gather_navigation

FIELD_06 = ("G06F", "G06N")


@pytest.fixture(scope="module")
def nav(cube_settings: Any) -> Any:
    return gather_navigation(cube_settings, "wipo:06", "500106", year=2025)


def _mine(rows: list[dict[str, Any]], adcode: str | None, y0: int, y1: int) -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if r["ipc_main"][:4] in FIELD_06
        and (adcode is None or r["adcode"] == adcode)
        and y0 <= r["filing_date"].year <= y1
    ]


def test_industry_ids() -> None:
    assert get_industry("6").id == get_industry("wipo:06").id == get_industry("计算机技术").id == "06"
    with pytest.raises(NotFoundError, match="35个技术领域"):
        get_industry("wipo:99")


def test_totals_applicants_and_key_patents(nav: Any) -> None:
    mine = _mine(rep_lake.ROWS, "500106", 2021, 2025)
    assert nav.totals["applications"] == len(mine)
    assert nav.totals["inventions"] == sum(r["kind"] == "invention" for r in mine)
    assert nav.compare is not None and nav.compare.code == "500000"
    assert nav.compare_totals["applications"] == len(_mine(rep_lake.ROWS, None, 2021, 2025))
    counts = Counter(r["first_applicant"] for r in mine)
    assert [(a.name, a.applications) for a in nav.applicants] == sorted(
        counts.items(), key=lambda kv: (-kv[1], kv[0])
    )
    trend = Counter(r["filing_date"].year for r in _mine(rep_lake.ROWS, "500106", 2016, 2025))
    assert {y: v["apps"] for y, v in nav.trend.items()} == dict(trend)
    everything = _mine(rep_lake.ROWS, "500106", 1900, 2100)
    best = max(everything, key=lambda r: (r["cited_by"], r["family_countries"]))
    assert nav.key_patents[0].cited_by == best["cited_by"]
    groups = Counter(r["ipc_main"].split("/")[0] + "/" for r in mine)
    assert {b.group.replace("\u00a0", " "): b.total for b in nav.branches if b.total} == dict(groups)


def test_report_structure(nav: Any, tmp_path: Path) -> None:
    from ipatlas.reports.render_docx import render_docx

    report = build_navigation(nav)
    d = docx.Document(str(render_docx(report, tmp_path / "nav.docx")))
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h1[:7] == [
        "一、产业专利总体态势",
        "二、技术构成与发展趋势",
        "三、创新主体分析",
        "四、重点专利",
        "五、比较优势与差距",
        "六、预警提示",
        "七、导航建议",
    ]
    text = "\n".join(p.text for p in d.paragraphs)
    assert f"共申请专利{nav.totals['applications']}件，其中发明专利{nav.totals['inventions']}件" in text
    assert nav.applicants[0].name in text
    assert len(d.inline_shapes) == len(report.figures) >= 3
