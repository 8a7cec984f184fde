"""The generated Chongqing data reproduce the published end-2015 figures (scaled), computed from
the files with the plain reference reader, not with the generator's own bookkeeping."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest
from demo_reference import (
    in_force,
    latest,
    marks_in_force,
    scan_patents,
    scan_trademarks,
)

from ipatlas.demo import PUBLISHED, DemoManifest

END_2015 = dt.date(2015, 12, 31)


@pytest.fixture(scope="module")
def patents(cq_demo: DemoManifest):
    rows, problems, per_file = [], Counter(), {}
    for f in cq_demo.files_of("patents"):
        scan = scan_patents(cq_demo.path(f.name), f.layout, f.encoding)
        assert scan.read == f.rows
        rows += scan.rows
        problems.update(scan.problems)
        per_file[f.name] = scan
    return rows, problems, per_file


def test_valid_patents_end_2015_match_published_figure(cq_demo: DemoManifest, patents) -> None:
    rows, _, _ = patents
    records = latest(rows)
    assert len(records) == cq_demo.records  # every clean record once, overlaps deduplicated
    valid = sum(in_force(r, END_2015) for r in records.values())
    scale = cq_demo.records / cq_demo.realistic_records
    expected = PUBLISHED["valid_patents_2015"] * scale
    assert abs(valid - expected) <= 0.01 * expected, (valid, expected)
    assert valid == cq_demo.calibration["valid_patents_2015_12_31"]["achieved"]
    # Scaled back to the realistic size: 94,975 within ±1 %.
    assert abs(valid / scale - 94_975) <= 0.01 * 94_975


def test_inventions_per_10k_people_2015(cq_demo: DemoManifest, patents) -> None:
    rows, _, _ = patents
    inv = sum(in_force(r, END_2015) for r in latest(rows).values() if r.kind == "invention")
    # Population from the generated yearbook extract: the region row of 2015 (万人).
    stats = cq_demo.files_of("statistics")[0]
    with cq_demo.path(stats.name).open(encoding="utf-8-sig") as fh:
        pop_rows = [r for r in csv.DictReader(fh) if r["区划代码"] == "500000" and r["年份"] == "2015"]
    pop_wan = float(pop_rows[0]["年末常住人口(万人)"])
    assert abs(pop_wan - 3016.55) < 1.0  # Chongqing's published 2015 resident population
    scale = cq_demo.records / cq_demo.realistic_records
    per_10k = inv / scale / pop_wan
    assert abs(per_10k - 4.31) <= 0.02 * 4.31, per_10k


def test_dirty_rows_match_manifest(cq_demo: DemoManifest, patents) -> None:
    _, problems, per_file = patents
    assert dict(problems) == cq_demo.dirty["patents"]
    for f in cq_demo.files_of("patents"):
        assert sum(per_file[f.name].problems.values()) == f.dirty_rows
    share = sum(problems.values()) / cq_demo.records
    assert 0.003 <= share <= 0.005
    assert set(problems) == {
        "bad_check_digit",
        "unparseable_date",
        "unknown_kind",
        "kind_number_mismatch",
        "missing_app_no",
        "grant_before_filing",
        "bad_ipc",
    }


def test_overlapping_exports(cq_demo: DemoManifest, patents) -> None:
    rows, _, _ = patents
    by_no = Counter(r.app_no for r in rows)
    repeated = sum(n - 1 for n in by_no.values())
    exp = cq_demo.expected["patents"]
    assert repeated == exp["duplicate_rows"] + exp["older_version_rows"]
    assert exp["older_version_rows"] > 0 and exp["duplicate_rows"] > 0
    # An older export carries an older status; in-force on 2015-12-31 is the same in both.
    groups: dict[str, list] = {}
    for r in rows:
        if by_no[r.app_no] > 1:
            groups.setdefault(r.app_no, []).append(r)
    changed = 0
    for versions in groups.values():
        assert len({in_force(v, END_2015) for v in versions}) == 1
        changed += len({(v.status, v.status_date) for v in versions}) > 1
    assert changed == exp["older_version_rows"]


def test_trademarks_end_2015(cq_demo: DemoManifest) -> None:
    f = cq_demo.files_of("trademarks")[0]
    rows, problems = scan_trademarks(cq_demo.path(f.name))
    assert dict(problems) == cq_demo.dirty["trademarks"]
    assert len({r["key"] for r in rows}) == len(rows) == cq_demo.trademark_records
    valid = marks_in_force(rows, END_2015)
    scale = cq_demo.calibration["valid_trademarks_2015_12_31"]["scale"]
    expected = PUBLISHED["valid_trademarks_2015"] * scale
    assert abs(valid - expected) <= 0.01 * expected + 1
    well_known = sum(r["well_known"] for r in rows)
    assert well_known == max(1, round(128 * scale))
    assert sum(r["is_gi"] for r in rows) == 65  # Chongqing's GI products (shared data)


def test_plausible_mix(cq_demo: DemoManifest, patents) -> None:
    rows, _, _ = patents
    recs = list(latest(rows).values())
    kinds = Counter(r.kind for r in recs)
    n = len(recs)
    assert 0.20 <= kinds["invention"] / n <= 0.32
    assert 0.45 <= kinds["utility"] / n <= 0.58
    assert 0.15 <= kinds["design"] / n <= 0.25
    decided = [r for r in recs if r.kind == "invention" and r.status != "pending"]
    granted = sum(r.grant is not None for r in decided)
    assert 0.40 <= granted / len(decided) <= 0.60
    util = [r for r in recs if r.kind == "utility" and r.status != "pending"]
    assert sum(r.grant is not None for r in util) / len(util) >= 0.88
    s = cq_demo.summary
    types = s["applicant_types"]
    assert 0.65 <= types["enterprise"] / n <= 0.78
    assert 0.10 <= types["individual"] / n <= 0.15
    assert 0.005 <= s["pct_records"] / n <= 0.02
