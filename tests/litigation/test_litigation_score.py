"""The parser against the hand-labelled judgments: issue 16's goals on the held-out set.

The fixtures (tests/fixtures/judgments/*.json) were labelled by reading each text; ``dev`` ones
were used while building the parser, ``heldout`` ones never were (see their ``split``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.litigation.scoring import GOALS, load_fixtures, score, score_fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "judgments"


@pytest.fixture(scope="module")
def heldout(shared_dir: Path) -> dict:
    return score_fixtures(FIXTURES, shared_dir / "data" / "judgments", split="heldout")


def test_fixture_set_is_large_enough() -> None:
    labels = load_fixtures(FIXTURES)
    assert len(labels) >= 40
    assert sum(1 for x in labels if x["split"] == "heldout") >= 15
    assert {x["split"] for x in labels} == {"dev", "heldout"}


@pytest.mark.parametrize("field", sorted(GOALS))
def test_heldout_meets_goal(heldout: dict, field: str) -> None:
    got = heldout["fields"][field]
    misses = [m for m in heldout["misses"] if m["field"] == field]
    assert got["value"] >= GOALS[field], f"{field}: {got} misses={misses}"


def test_scoring_counts_misses() -> None:
    label = {
        "case_number": "（2020）京01民初1号",
        "plaintiffs": ["甲"],
        "defendants": ["乙"],
        "judges": [],
        "damages_awarded": 100.0,
    }
    pred = {
        "case_number": "（2020）京01民初2号",
        "plaintiffs": ["甲"],
        "defendants": ["丙"],
        "judges": [],
        "damages_awarded": 100.0,
    }
    res = score([(label, pred)])
    assert res["fields"]["case_number"]["value"] == 0.0
    assert res["fields"]["damages_awarded"]["value"] == 1.0
    assert res["fields"]["parties"]["value"] == 0.5
