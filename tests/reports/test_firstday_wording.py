"""Wording rules as data: every 集中/均衡, 较快/较慢, 高于/低于 and RTA sentence follows from its numbers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipatlas.errors import ConfigError
from ipatlas.reports import wording
from ipatlas.reports.document import Para


def test_rules_are_versioned_data_with_a_basis() -> None:
    doc = yaml.safe_load(wording.RULES_FILE.read_text("utf-8"))
    assert doc["version"] >= 1 and doc["effective_from"] and doc["basis"]


@pytest.mark.parametrize(
    ("share", "k", "n", "key"),
    [
        (0.589, 5, 38, "highly_concentrated"),  # the issue's case: 58.9 % in 5 of 38 counties
        (5 / 38 * 1.6, 5, 38, "concentrated"),
        (5 / 38 * 1.1, 5, 38, "balanced"),
        (0.6, 5, 5, "balanced"),  # all units: no concentration to speak of
    ],
)
def test_concentration(share: float, k: int, n: int, key: str) -> None:
    assert wording.concentration(share, k, n).key == key


def test_the_issue_sentence_is_now_concentration() -> None:
    s = wording.concentration_sentence(0.589, 5, 38)
    assert "高度集中" in s and "均衡" not in s and "13.2%" in s


@pytest.mark.parametrize(
    ("rate", "word"),
    [(0.8, "较慢"), (3.0, "平稳"), (9.99, "平稳"), (10.0, "较快"), (25, "较快"), (-1, "下降")],
)
def test_growth(rate: float, word: str) -> None:
    assert wording.growth(rate).word == word


def test_compare_with_tolerance() -> None:
    assert wording.compare(104, 100).key == "equal"
    assert wording.compare(106, 100).word == "高于"
    assert wording.compare(94, 100).word == "低于"
    assert wording.compare(0, 0).key == "equal"


def test_rta_and_self_comparator() -> None:
    assert (
        wording.rta(1.25).key == "advantage"
        and wording.rta(1.0).key == "par"
        and wording.rta(0.5).key == "weak"
    )
    assert wording.comparator_is_self(0.996) and not wording.comparator_is_self(0.1)


def test_bad_rules_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text("version: 1\n", "utf-8")
    with pytest.raises(ConfigError, match="措辞规则文件无效"):
        wording.rules(bad)


def _paras(report: Any) -> list[str]:
    return [b.text for b in report.blocks if isinstance(b, Para)]


def test_layout_report_sentences_follow_the_rules(layout_report: Any) -> None:
    text = "\n".join(_paras(layout_report))
    m = re.search(
        r"有效发明专利最多的(\d+)个(区县|地市)（[^）]*）合计占[^的]*的([\d.]+)%，分布(高度集中|较为集中|相对均衡)",
        text,
    )
    assert m, "the concentration sentence is missing"
    k, share, word = int(m.group(1)), float(m.group(3)) / 100, m.group(4)
    assert wording.concentration(share, k, 38).word == word
    # "较快" only for growth the rules call fast
    for name, rate in re.findall(r"([^，。、（]+)（年均(-?[\d.]+)%）", text.split("增长较快的领域为")[-1])[
        :5
    ]:
        if "增长较快的领域为" in text:
            assert wording.growth(float(rate)).key == "fast", name
    for rate, word in re.findall(r"同比增长([\d.]+)%（增速(较快|平稳|较慢)）", text):
        assert wording.growth(float(rate)).word == word


def test_navigation_rta_names_its_comparator(cube_settings: Any) -> None:
    from ipatlas.reports.navigation import build_navigation, gather_navigation

    county = build_navigation(gather_navigation(cube_settings, "wipo:06", "500106", year=2025))
    text = "\n".join(_paras(county))
    assert re.search(r"与重庆市相比的显示性技术优势指数（RTA）为[\d.]+", text) or "来自" in text
    # The whole library is (almost) Chongqing: comparing Chongqing with it is said to be meaningless.
    city = build_navigation(gather_navigation(cube_settings, "wipo:06", "500000", year=2025))
    text = "\n".join(_paras(city))
    assert "不能说明相对优势" in text and "资源库全部地区" in text
    assert "RTA）为1.00" not in text


def test_lisa_caption_states_the_method_in_chinese(layout_report: Any) -> None:
    from ipatlas.reports.document import Figure

    lisa = [b for b in layout_report.blocks if isinstance(b, Figure) and "局部空间集聚" in b.title]
    assert lisa, "the layout report has no LISA map"
    for fig in lisa:  # the caption states the method, in Chinese
        assert "后式邻接" in fig.note and "伪p值" in fig.note and "queen" not in fig.note
