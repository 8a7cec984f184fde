"""Set 21 (tests/plans/external21, labels.yaml cites each page): the region of pages whose title and issuer
name no place. Blind on main `91d8efc`: held-out region 0/3, development 2/2; after the round's rule
(README "Round 21", no longer blind) 3/3 and 2/2. Batch 21b (five held-out pages labelled after that rule),
blind on the round's code: 3/5 (main 2/5); after its two kinds (a ranking scope "全市第一", "我市XX县") 5/5,
no longer blind. No page states a target; none may be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ipatlas.plans import ParsedPlan, parse_plan

HERE = Path(__file__).parent / "external21"
LABELS: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "labels.yaml").read_text("utf-8"))["plans"]
REGION_FLOOR = {"holdout": 1.0, "train": 1.0}


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedPlan]:
    return {name: parse_plan(HERE / name) for name in LABELS}


def test_cited_and_split() -> None:
    assert all(lab["url"].startswith("http") for lab in LABELS.values())
    assert {lab["split"] for lab in LABELS.values()} == {"train", "holdout"}


@pytest.mark.parametrize("split", ["holdout", "train"])
def test_region(parsed: dict[str, ParsedPlan], split: str) -> None:
    names = [n for n, lab in LABELS.items() if lab["split"] == split]
    right = 0
    for n in names:
        p = parsed[n]
        got = {"name": p.region.name, "code": p.region.code} if p.region else None
        right += got == LABELS[n]["region"]
    assert right / len(names) >= REGION_FLOOR[split]


def test_no_target_read_from_reported_figures(parsed: dict[str, ParsedPlan]) -> None:
    assert all(not parsed[n].targets for n, lab in LABELS.items() if not lab["targets"])


def test_labelled_regions_of_earlier_sets() -> None:
    # sets 19 and 20 label the region (name only): 37 of 39 right on main `91d8efc` (宁波, 江西 named only in
    # the body), all 39 with the round's rule
    earlier = Path(__file__).parent / "external"
    labels = yaml.safe_load((earlier / "labels.yaml").read_text("utf-8"))["plans"]
    named = {n: lab["region"] for n, lab in labels.items() if "region" in lab}
    assert len(named) >= 39
    got = {n: parse_plan(earlier / n).region for n in named}
    assert all((got[n].name if got[n] else None) == want for n, want in named.items())
