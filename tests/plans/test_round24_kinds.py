"""Round 24 (README "Round 24"): a city's one-character 代字 and organ codes beyond 府 / 政 / 知 / 市监.

A prefecture-level city's 代字 is often one character (杭政办函: 杭州, 温政办函: 温州). Where that character
is the first of exactly one city's name (within the page's province, or, when the page names no place,
the one city the text names), the number names that city. The organ codes 科 / 发改 / 财 / 商务 / 工信 /
经信 name the departments (a province's 厅, a municipality's or lower government's 局; 发改 the
发展和改革委员会 at every level). A character that is also a province's 简称 (宁, 青, 吉, 新) or opens two
cities' names (宁波 / 宁德) names nothing without the page's own place. A box's short 发布单位
(市政府办公厅) is completed with the page's place of that level. Texts are invented; the reading cases fail
on main `8349528`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.plans import parse_plan
from ipatlas.plans.series import coded_issuer, coded_region, completed_government

CITY_INITIAL = """关于印发专利转化运用专项行动方案的通知
温政办函〔2024〕15号
各区、县（市）人民政府，市政府各部门：
现将《温州市专利转化运用专项行动方案》印发给你们，请认真组织实施。
专利转化运用专项行动方案
为加快专利转化运用，制定本方案。
一、工作目标
到2025年，全市专利转化率达到40%。
"""

SCIENCE = """关于开展高价值专利培育项目申报工作的通知
渝科发〔2022〕3号
各区县（自治县）科技主管部门：
现就高价值专利培育项目申报有关事项通知如下。
一、申报条件
在本市注册的企业。
"""

DEVREFORM = """关于印发知识产权强市建设实施方案的通知
杭发改规划〔2022〕9号
各区、县（市）发改局：
现将《杭州市知识产权强市建设实施方案》印发给你们。
一、工作目标
到2025年，全市有效发明专利达到10万件。
"""

FINANCE = """关于印发知识产权专项资金管理办法的通知
黔财工〔2023〕12号
各市（州）财政局：
现将《知识产权专项资金管理办法》印发给你们，请遵照执行。
一、总则
专项资金由省级财政安排。
"""


BOX = """索引号: 000000/2022-1 公开方式: 主动公开
文号: 温政办发〔2022〕7号 成文日期: 2022-03-01
发布单位: 市政府办公室
温州市知识产权保护工作方案
为加强知识产权保护，制定本方案。
一、工作目标
到2025年，全市知识产权保护社会满意度达到85分。
"""


def _parse(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    f = tmp_path / "doc.txt"
    f.write_text(text, "utf-8")
    return parse_plan(f)


@pytest.mark.parametrize(
    ("text", "issuers", "region"),
    [
        (CITY_INITIAL, ["温州市人民政府办公室"], "330300"),
        (SCIENCE, ["重庆市科学技术局"], "500000"),
    ],
)
def test_issuer_named_by_number(tmp_path: Path, text: str, issuers: list[str], region: str) -> None:
    p = _parse(tmp_path, text)
    assert p.issuers == issuers
    assert p.region is not None and p.region.code == region


def test_city_initial_region() -> None:
    assert coded_region("杭政办函〔2023〕71号", None, "杭州市人民政府办公厅") == ("330100", "政办")
    assert coded_region("杭政办函〔2023〕71号") is None  # with no place known, the text must name 杭州
    assert coded_region("内政发〔2017〕142号", None, "内蒙古自治区人民政府") is None  # not 内江
    assert (
        coded_region("武知领办〔2011〕9号", "420100") is None
    )  # a leading group's office, not the 知识产权局
    assert coded_issuer("宁政发〔2021〕1号", None) is None  # 宁夏 / 宁波 / 宁德: the page names no place
    assert coded_issuer("宁政发〔2021〕1号", "330200") == "宁波市人民政府"  # 宁 within 浙江: 宁波 only
    assert coded_issuer("宁政办发〔2021〕58号", "320100") is None  # no 江苏 city opens with 宁


def test_city_aliases() -> None:
    # a 简称 that is not the name's first character (甬: 宁波, 穗: 广州), from a cited hand-read table
    assert coded_issuer("甬政发〔2021〕3号", "330200") == "宁波市人民政府"
    assert coded_issuer("穗府办函〔2022〕9号", None, "广州市人民政府办公厅") == "广州市人民政府办公厅"
    assert coded_issuer("甬政发〔2021〕3号", None, "本市") is None  # the text names no 宁波


def test_department_codes() -> None:
    assert coded_issuer("杭科发〔2022〕3号", None, "杭州市") == "杭州市科学技术局"
    assert coded_issuer("浙科发〔2022〕3号", "330000") == "浙江省科学技术厅"
    assert coded_issuer("杭发改规划〔2022〕9号", None, "杭州市") == "杭州市发展和改革委员会"
    assert coded_issuer("黔财工〔2023〕12号", "520000") == "贵州省财政厅"
    assert coded_issuer("渝经信发〔2021〕5号", "500000") == "重庆市经济和信息化局"
    assert coded_issuer("苏工信发〔2021〕5号", "320000") == "江苏省工业和信息化厅"
    assert coded_issuer("杭商务〔2021〕5号", None, "杭州市") == "杭州市商务局"


def test_department_pages(tmp_path: Path) -> None:
    assert _parse(tmp_path, DEVREFORM).issuers == ["杭州市发展和改革委员会"]
    p = _parse(tmp_path, FINANCE)
    assert p.issuers == ["贵州省财政厅"]


def test_short_publisher_completed(tmp_path: Path) -> None:
    # a box's 发布单位 "市政府办公室" is the page's city's office
    assert _parse(tmp_path, BOX).issuers == ["温州市人民政府办公室"]
    assert completed_government("区政府办公室", "500120", "区") == "重庆市璧山区人民政府办公室"
    assert completed_government("市政府办公厅", "500120", "区") == "市政府办公厅"  # not the page's level
    assert completed_government("市知识产权局", "330100", "市") == "市知识产权局"
