"""Round 22 (README "Round 22"): constructed cases of the kinds the round reads.

1. A district or county named in the body only by its short name (鄞州 for 鄞州区, 德清 for 德清县), read
   through `ipatlas.regions` when its city or province is named too (short names are often words: 振兴,
   新兴); of a short name two regions bear (江北: 重庆 and 宁波), the one whose city or province is named; a
   short name before another unit's word (江北新区, 南山村) is not the district; an autonomous region's 全区
   is not a district's.

2. A portal box whose key cells stand in brackets (`[ 发布机构 ] | … |`, one pair a row): its keys are read;
   the date a notice is signed comes before the box's 成文日期; the organ a plan's cover names above its year
   and month (`…科学技术局` / `2021年8月`) before the portal's 发布机构.
3. A 解读 page naming its plan for short (《规划》) whose drafting history ends in the plan's full title and
   number (`最终形成《…规划》（…〔2022〕16号）`): title, number and period.

The texts and figures are invented; none is a labelled page's text. The seven reading cases (four short names,
the box with and without a cover, the 解读) fail on main `993c631`; the guards pass on both (the signed date
before the box's) or test the new `local_short_places`.
"""

from __future__ import annotations

import pytest

from ipatlas.plans import parse_plan
from ipatlas.plans.place import body_place, local_short_places

DISTRICT_SHORT = """区人民政府办公室关于印发知识产权强区建设工作方案的通知
各街道办事处，区政府各部门：
现将《知识产权强区建设工作方案》印发给你们，请认真贯彻执行。
区人民政府办公室
2024年5月8日
知识产权强区建设工作方案
为加快宁波知识产权强市建设，立足鄞州产业实际，制定本方案。
一、工作目标
到2026年，全区有效发明专利拥有量达到5200件，鄞州知识产权综合实力位居全省前列。
二、重点任务
（一）强化知识产权保护。（责任单位：区市场监管局）
"""


def test_district_named_only_by_its_short_name() -> None:
    p = parse_plan(DISTRICT_SHORT)
    assert p.region is not None and (p.region.name, p.region.code) == ("鄞州区", "330212")
    assert p.level == "区"


def test_county_named_only_by_its_short_name() -> None:
    text = (
        "县人民政府关于印发商标品牌战略实施方案的通知\n各乡镇人民政府，县政府各部门：\n"
        "现将《商标品牌战略实施方案》印发给你们。\n县人民政府\n2023年3月1日\n商标品牌战略实施方案\n"
        "为贯彻浙江省商标品牌战略，推动德清特色产业品牌化发展，结合我县实际，制定本方案。\n"
        "一、工作目标\n到2025年，全县有效注册商标达到16000件。\n"
    )
    p = parse_plan(text)
    assert p.region is not None and (p.region.name, p.region.code) == ("德清县", "330521")


@pytest.mark.parametrize(
    ("city", "code"),
    [("宁波市", "330205"), ("重庆", "500105")],
)
def test_a_short_name_two_districts_bear_with_its_city_named(city: str, code: str) -> None:
    text = f"{city}召开会议。\n我区知识产权工作稳步推进，江北专利授权量增长12%，全区企业积极参与。\n"
    assert body_place(text.splitlines()) == code


def test_a_short_name_two_districts_bear_alone_is_no_region() -> None:
    text = "我区知识产权工作稳步推进，江北专利授权量增长12%，全区企业积极参与。\n"
    assert body_place(text.splitlines()) is None


@pytest.mark.parametrize(
    "text",
    [
        "我区积极对接江北新区，全区知识产权工作稳步推进。",  # another unit's name
        "全县在南山村举办知识产权宣传活动，我县群众踊跃参加。",
    ],
)
def test_a_short_name_before_another_units_word_is_not_the_district(text: str) -> None:
    assert local_short_places(text, "区" if "区" in text[:2] else "县") == []


def test_a_city_text_does_not_read_a_district_short_name() -> None:
    # the text calls itself 市: a district's short name in it is no candidate
    text = "我市知识产权工作会议召开，鄞州、海曙等地作交流发言，全市专利授权量稳步增长。\n"
    assert body_place(text.splitlines()) != "330212"


def test_a_full_name_of_the_kind_comes_before_short_names() -> None:
    text = "我区知识产权工作稳步推进，鄞州、海曙交流经验，北仑区企业积极参与，全区专利增长。\n"
    assert body_place(text.splitlines()) == "330206"


def test_a_short_name_without_its_city_or_province_is_not_read() -> None:
    # 振兴 is a word (乡村振兴) and 振兴区's city is not named
    text = "我区推进乡村振兴，全区知识产权工作稳步推进，鄞州企业参与。\n"
    assert body_place(text.splitlines()) is None


def test_an_autonomous_regions_text_reads_no_district_short_name() -> None:
    text = "广西壮族自治区召开会议，全区推进知识产权工作，我区青秀、兴宁企业参与，南宁市配合。\n"
    assert local_short_places(text, "区") == []


BRACKET_BOX_COVER = """[ 索引号 ] | 0000/2022-00012 | [ 发文字号 ] | 新府发〔2022〕9号 |
[ 发布机构 ] | 某区发展改革委 | ||
[ 成文日期 ] | 2022-03-14 | [ 发布日期 ] | 2022-05-20 |
[ 发布机构 ] | 某区发展改革委 |
[ 成文日期 ] | 2022-03-14 |
重庆市璧山区“十四五”知识产权发展规划
重庆市璧山区市场监督管理局
2022年3月
“十四五”时期是我区知识产权事业发展的关键时期。
一、发展目标
到2025年，全区有效发明专利达到1500件。
"""


def test_a_bracketed_box_and_a_cover_organ() -> None:
    p = parse_plan(BRACKET_BOX_COVER)
    assert p.issued_on is not None and p.issued_on.isoformat() == "2022-03-14"  # 成文日期, not 发布日期
    assert p.issuers == ["重庆市璧山区市场监督管理局"]  # the cover's organ, not the portal's 发布机构


def test_a_bracketed_box_without_a_cover_names_its_publisher() -> None:
    text = BRACKET_BOX_COVER.replace("重庆市璧山区市场监督管理局\n2022年3月\n", "")
    p = parse_plan(text)
    assert p.issuers and p.issuers[0].endswith("发展改革委")


def test_a_signed_date_comes_before_the_boxs_date() -> None:
    text = (
        "[ 发文字号 ] | 某办发〔2024〕3号 |\n[ 成文日期 ] | 2024-06-20 |\n"
        "重庆市璧山区知识产权局关于印发《2024年知识产权工作要点》的通知\n各有关单位：\n"
        "现将《2024年知识产权工作要点》印发给你们，请认真贯彻落实。\n重庆市璧山区知识产权局\n2024年6月12日\n"
        "2024年知识产权工作要点\n一、强化保护\n1.开展专项执法行动。（区市场监管局负责）\n"
    )
    p = parse_plan(text)
    assert p.issued_on is not None and p.issued_on.isoformat() == "2024-06-12"


JIEDU = """一、《规划》编制背景
“十四五”时期是我县推动高质量发展的关键时期。制定《规划》是落实县委县政府决策部署的具体举措。
二、编制依据
1.《“十四五”国家知识产权保护和运用规划》
2.《重庆市知识产权保护和运用“十四五”规划》
三、《规划》编制过程
本《规划》自2021年3月启动，经过调研、征求意见和县政府审议等阶段，最终形成《巫溪县知识产权“十四五”规划》（巫溪府发〔2022〕7号）。
（一）调研阶段
完成“十三五”知识产权规划评估。
"""


def test_a_jiedu_pages_drafting_history_names_its_plan() -> None:
    p = parse_plan(JIEDU)
    assert p.title == "巫溪县知识产权“十四五”规划"
    assert p.doc_number == "巫溪府发〔2022〕7号"
    assert (p.period.start, p.period.end) == (2021, 2025)
