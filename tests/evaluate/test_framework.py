"""Framework table and validator: every problem listed, each with what to change."""

from __future__ import annotations

import pandas as pd
import pytest

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import Framework
from ipatlas.evaluate.framework import check_data

GOOD = [
    {"code": "Index", "level": 3, "type": "Aggregate"},
    {"code": "P1", "level": 2, "parent": "Index", "type": "Aggregate"},
    {"code": "a", "level": 1, "parent": "P1", "type": "Indicator", "denominator": "pop"},
    {"code": "b", "level": 1, "parent": "P1", "type": "Indicator", "direction": -1, "weight": 2},
    {"code": "pop", "type": "Denominator"},
    {"code": "grp", "type": "Group"},
]


def _problems(rows):
    with pytest.raises(EvaluationError) as exc:
        Framework.from_records(rows)
    return exc.value.message


def test_good_framework_normalises_columns():
    fw = Framework.from_records(GOOD)
    assert fw.indicators == ["a", "b"]
    assert fw.index_code == "Index" and fw.max_level == 3
    assert fw.direction("a") == 1 and fw.direction("b") == -1
    assert fw.weight("a") == 1.0 and fw.weight("b") == 2.0
    assert fw.children("P1") == ["a", "b"]
    assert fw.denominators == ["pop"] and fw.groups == ["grp"]
    assert fw.table.at["a", "denominator"] == "pop"
    assert fw.table.at["Index", "parent"] is None


def test_coinr_imeta_is_read(asem_paths):
    fw = Framework.load(asem_paths[1])
    assert len(fw.indicators) == 49 and len(fw.aggregates) == 11
    assert fw.index_code == "Index"
    assert set(fw.denominators) == {"Area", "Energy", "GDP", "Population"}
    assert fw.table.at["Flights", "denominator"] == "Population"
    assert fw.direction("CostImpEx") == -1


def test_unknown_parent_names_the_row_and_the_candidates():
    rows = [dict(r) for r in GOOD]
    rows[2]["parent"] = "P11"
    msg = _problems(rows)
    assert "第 4 行（a）" in msg and "'P11' 未定义" in msg and "P1" in msg


def test_all_problems_are_listed_together():
    rows = [dict(r) for r in GOOD]
    rows[2]["level"] = 2  # indicator at level 2 and its parent at the same level
    rows[3]["direction"] = 0
    rows.append({"code": "b", "level": 1, "parent": "P1", "type": "Indicator"})
    rows.append({"code": "x", "level": 1, "parent": "P1", "type": "Indicatr"})
    msg = _problems(rows)
    assert "共" in msg
    assert "指标的 level 应为 1" in msg
    assert "direction" in msg and "应为 1（正向）或 -1（逆向）" in msg
    assert "代码 b 重复出现" in msg
    assert "type 为 'Indicatr'" in msg


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda rows: rows[3].update(weight=-1), "应为非负数"),
        (lambda rows: rows[2].update(parent=None), "指标必须有 parent"),
        (lambda rows: rows[2].update(denominator="gdp"), "denominator 'gdp' 未定义"),
        (lambda rows: rows.append({"code": "Other", "level": 3, "type": "Aggregate"}), "只有一个总指数"),
        (
            lambda rows: rows.append({"code": "P9", "level": 2, "parent": "Index", "type": "Aggregate"}),
            "没有任何下级",
        ),
        (lambda rows: [r.update(weight=0) for r in rows[2:4]], "所有下级权重均为 0"),
        (lambda rows: rows[3].update(parent="Index"), "应比本行高一级"),
    ],
)
def test_specific_problems(mutate, fragment):
    rows = [dict(r) for r in GOOD]
    mutate(rows)
    assert fragment in _problems(rows)


def test_missing_columns():
    with pytest.raises(EvaluationError, match="缺少列 level"):
        Framework.from_frame(pd.DataFrame({"code": ["a"], "parent": ["b"], "type": ["Indicator"]}))


def test_data_checks_name_missing_and_non_numeric_columns():
    fw = Framework.from_records(GOOD)
    data = pd.DataFrame({"a": ["1", "x"], "pop": [1, 2], "grp": ["g", "h"]}, index=["u1", "u2"])
    with pytest.raises(EvaluationError) as exc:
        check_data(fw, data)
    msg = exc.value.message
    assert "数据中缺少 Indicator 列 b" in msg
    assert "数据列 a 含非数值（单位 u2）" in msg


def test_yaml_framework(tmp_path):
    p = tmp_path / "fw.yaml"
    p.write_text(
        "framework:\n"
        "  - {code: I, level: 2, type: Aggregate}\n"
        "  - {code: x, level: 1, parent: I, type: Indicator}\n",
        encoding="utf-8",
    )
    fw = Framework.load(p)
    assert fw.indicators == ["x"] and fw.source == str(p)
