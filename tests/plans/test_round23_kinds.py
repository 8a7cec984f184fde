"""Round 23 (README "Round 23"): the issuer and region a page's own document number names.

A number's 机关代字 is the issuing organ's place (a province's one-character 简称, or a city's, district's
or county's name without its suffix) and the organ's code: 府 / 政 the government, 府办 / 政办 its general
office (the province's 办公厅, a lower government's 办公室), 知 the 知识产权局, 市监 the 市场监督管理局. A
page that prints no organ is named by its number; a joint document carries its lead organ's number, so a
co-signing national office does not make it national. The place is read through `ipatlas.regions` (names
without their suffix) and the province 简称 of `series.PROVINCES`; a short name two regions bear (江北), a
one-character 简称 on a page of another place (宁: 宁夏 and 南京) and a number the page only reports name
nothing.

The texts are invented; none is a labelled page's text. The reading cases (and the 批复) fail on main
`5aff18e`; the guards pass on both or test the new functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.plans import parse_plan
from ipatlas.plans.series import coded_issuer, coded_region

DISTRICT = """关于印发科技创新发展规划的通知
大渡口府发〔2021〕17号
各街道办事处，区政府各部门：
现将《科技创新发展规划》印发给你们，请认真贯彻执行。
科技创新发展规划
为推动我区科技创新，制定本规划。
一、发展目标
到2025年，全区高新技术企业达到150家。
"""

CITY_OFFICE = """重庆市专利转化运用专项行动实施方案
渝府办发〔2024〕8号
为加快专利转化运用，制定本方案。
一、工作目标
到2025年，全市专利产业化率达到50%。
"""

IP_OFFICE = """关于开展知识产权试点园区评审工作的通知
渝知发〔2019〕12号
各区县（自治县）知识产权局：
现就试点园区评审有关事项通知如下。
一、评审范围
市级园区。
"""

COUNTY_MARKET = """关于印发地理标志保护工程实施方案的通知
奉节市监发〔2023〕5号
各市场监管所，局机关各科室：
现将《地理标志保护工程实施方案》印发给你们。
地理标志保护工程实施方案
为加强我县地理标志保护，制定本方案。
一、工作目标
到2025年，全县地理标志商标达到12件。
"""

JOINT = """关于印发共建知识产权强市实施方案的通知
渝府发〔2024〕30号
各区县（自治县）人民政府，市政府各部门：
现将《共建知识产权强市实施方案》印发给你们，请认真贯彻执行。
重庆市人民政府 国家知识产权局
2024年10月11日
共建知识产权强市实施方案
为加快知识产权强市建设，制定本方案。
一、工作目标
到2027年，全市有效发明专利达到7万件。
"""

NANJING = """南京市知识产权保护工作方案
宁政办发〔2021〕58号
为加强知识产权保护，制定本方案。
一、工作目标
到2025年，全市知识产权保护社会满意度达到85分。
"""

REPORTED = """奉节县科技创新规划解读
一、起草背景
为推动全县科技创新，县科技局牵头起草《规划》。
二、起草过程
经多次征求意见，最终形成《奉节县科技创新“十四五”规划》（奉节府发〔2022〕16号）。
"""

PIFU = """首页>资讯>江苏省知识产权局关于同意苏州市建设知识产权服务业集聚区的批复
江苏省知识产权局关于同意苏州市建设知识产权服务业集聚区的批复
苏知发〔2020〕9号
苏州市知识产权局：
你局《关于建设知识产权服务业集聚区的请示》收悉。经研究，同意苏州市建设知识产权服务业集聚区。
江苏省知识产权局
2020年5月6日
"""


def _parse(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    f = tmp_path / "doc.txt"
    f.write_text(text, "utf-8")
    return parse_plan(f)


@pytest.mark.parametrize(
    ("text", "issuers", "region"),
    [
        (DISTRICT, ["重庆市大渡口区人民政府"], "500104"),
        (CITY_OFFICE, ["重庆市人民政府办公厅"], "500000"),
        (IP_OFFICE, ["重庆市知识产权局"], "500000"),
        (COUNTY_MARKET, ["重庆市奉节县市场监督管理局"], "500236"),
    ],
)
def test_issuer_named_by_number(tmp_path: Path, text: str, issuers: list[str], region: str) -> None:
    p = _parse(tmp_path, text)
    assert p.issuers == issuers
    assert p.region is not None and p.region.code == region


def test_joint_document_takes_its_number_place(tmp_path: Path) -> None:
    p = _parse(tmp_path, JOINT)
    assert p.issuers == ["重庆市人民政府", "国家知识产权局"]
    assert p.region is not None and p.region.code == "500000"


def test_shared_abbreviation_on_another_place(tmp_path: Path) -> None:
    # 宁 is 宁夏's 简称 and 南京's: on 南京's page the number names no 宁夏 organ
    p = _parse(tmp_path, NANJING)
    assert not any("宁夏" in i for i in p.issuers)
    assert p.region is not None and p.region.code == "320100"


def test_reported_number_names_no_issuer(tmp_path: Path) -> None:
    # a 解读 page reports its plan's number; the page itself issues nothing
    assert _parse(tmp_path, REPORTED).issuers == []


def test_coded_region_and_issuer() -> None:
    assert coded_region("大渡口府发〔2021〕17号") == ("500104", "府")
    assert coded_region("浙知发发〔2018〕18号") == ("330000", "知")
    assert coded_region("江北府发〔2020〕1号") is None  # 江北区: 重庆 and 宁波
    assert coded_region("国知发保字〔2022〕27号") is None
    assert coded_region("泸市府办发〔2024〕23号") is None  # 泸市: no region's name without its suffix
    assert coded_issuer("璧山府办发〔2022〕30号", None) == "重庆市璧山区人民政府办公室"
    assert coded_issuer("浙政发〔2021〕1号", None) is None  # a one-character 简称 needs the page's place
    assert coded_issuer("浙政发〔2021〕1号", "330000") == "浙江省人民政府"
    assert coded_issuer("宁政办发〔2021〕58号", "320100") is None


def test_reply_is_a_titled_document_of_its_organ(tmp_path: Path) -> None:
    # a 批复 is one of the 公文 kinds; the organ before 关于 owns it, not the city it answers
    p = _parse(tmp_path, PIFU)
    assert p.title == "江苏省知识产权局关于同意苏州市建设知识产权服务业集聚区的批复"
    assert p.doc_number == "苏知发〔2020〕9号"
    assert p.region is not None and p.region.code == "320000"
