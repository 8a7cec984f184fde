"""Round 24: criminal reports whose accused are named only in the story.

A typical case or a news report tells a prosecution in prose: 基本案情：被告人甲指使被告人乙、丙…
(no party block, no charge sentence, no sentence on each), 案号：… over 案情简介：…被告人甲注册成立
被告单位乙公司…, a report whose sentence names one accused (对被告人甲、乙作出判决…被告人甲犯某罪，
判处) while its story names both, or one with no role word at all (判决：一、甲犯某罪，判处…;
甲不服…上诉，某法院驳回上诉，维持原判); an appeal story naming only the basic first-instance court
has no court.
Constructed pages with made-up names and places (not those of batch 24); each test failed on main 8349528
but the guards, which pass on both.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _parse(lines: list[str]) -> dict:
    return parse_text("\n".join(lines), resolve_regions=False)


def test_a_library_case_naming_every_accused_only_in_its_story() -> None:
    r = _parse(
        [
            "周某某、孙某甲等五人侵犯著作权案",
            "关键词：刑事 侵犯著作权罪 网络传播",
            "基本案情",
            "2019年起，被告人周某某成立某某动漫网站，指使被告人孙某甲雇用被告人钱某、赵某某、孙某乙负责运营，"
            "并由被告人李某某从境外下载未经授权的动画作品上传至服务器",
        ]
    )
    assert r["defendants"] == ["周某某", "孙某甲", "钱某", "赵某某", "孙某乙", "李某某"]
    assert r["cause"] == "侵犯著作权罪"
    assert r["procedure"] is None  # no court, charge or decision told: the instance is unknown
    assert r["damages_awarded"] is None


def test_a_case_number_over_a_story_naming_a_unit_and_its_staff() -> None:
    r = _parse(
        [
            "二、单位犯罪",
            "单位犯侵犯著作权罪的，对单位判处罚金，并对其直接负责的主管人员依本条规定追究刑事责任。",
            "【典型案例】",
            "案号：（2020）浙0102刑初88号",
            "2018年3月，被告人郑某某注册成立被告单位云帆公司，雇佣被告人冯某某破解某视频软件，对外销售牟利。",
        ]
    )
    assert r["defendants"] == ["郑某某", "云帆公司", "冯某某"]
    assert r["cause"] == "侵犯著作权罪"
    assert r["procedure"] == "一审"
    assert r["outcome"] is None  # the statute's 犯某罪的…判处 is no conviction


def test_a_sentence_naming_one_accused_and_a_story_naming_both() -> None:
    r = _parse(
        [
            "2021年5月，某酒业公司报案后，公安机关抓获嫌疑人何某某和陶某某。"
            "被告人何某某、陶某某销售假冒注册商标的白酒，销售数额较大。法院遂依法作出判决："
            "被告人何某某犯销售假冒注册商标的商品罪，判处有期徒刑一年，并处罚金人民币五万元。",
        ]
    )
    assert r["defendants"] == ["何某某", "陶某某"]
    assert r["cause"] == "销售假冒注册商标的商品罪"
    assert r["outcome"] == "支持"


def test_an_accused_with_no_role_word_whose_appeal_was_dismissed() -> None:
    r = _parse(
        [
            "基本案情",
            "韦某某系鞋店经营者，长期销售假冒某品牌注册商标的运动鞋。",
            "裁判结果",
            "法院认为：韦某某销售明知是假冒注册商标的商品，数额巨大。判决：一、韦某某犯销售假冒注册商标的商品罪，"
            "判处有期徒刑三年，并处罚金五十万元；二、扣押的假冒商品予以没收。",
            "韦某某不服一审判决提起上诉，某高级人民法院驳回上诉，维持原判。",
        ]
    )
    assert r["defendants"] == ["韦某某"]
    assert r["cause"] == "销售假冒注册商标的商品罪"
    assert r["procedure"] == "二审"
    assert r["outcome"] == "维持原判"


def test_a_one_line_story_printing_an_appeal_number_is_on_the_appeal() -> None:
    r = _parse(
        [
            "蒋某平等假冒注册商标案01、案号（2021）苏05刑终77号02、案情与裁判某公司为某商标的权利人。"
            "被告人蒋某平、包某成等生产假冒该商标的耳机对外销售。法院遂以假冒注册商标罪分别判处被告人有期徒刑。",
        ]
    )
    assert r["defendants"] == ["蒋某平", "包某成"]
    assert r["procedure"] == "二审"
    assert r["outcome"] is None  # the appeal's result is not told


def test_an_appeal_story_whose_only_court_is_the_basic_first_instance() -> None:
    # The story is read now (main rejected the page); the basic court it names decided no appeal.
    r = _parse(
        [
            "2020年6月，公安机关以涉嫌假冒注册商标罪在某县抓获被告人褚某某，查获假冒白酒300箱。"
            "某县人民法院判决后，褚某某不服提出上诉，二审法院裁定驳回上诉，维持原判。",
        ]
    )
    assert r["defendants"] == ["褚某某"]
    assert r["procedure"] == "二审"
    assert r["outcome"] == "维持原判"
    assert r["court"] is None


def test_guard_a_unit_is_read_only_after_its_own_role_word() -> None:
    # 被告人某公司原经理甲: the company is the accused's employer, not a unit charged.
    r = _parse(
        [
            "经法院一审审理，被告人某软件公司原技术主管梁某犯侵犯著作权罪，被判处有期徒刑二年，并处罚金8万元。",
            "检察机关指控被告人梁某涉嫌侵犯著作权犯罪，梁某在担任某软件公司主管期间复制公司软件。",
        ]
    )
    assert r["defendants"] == ["梁某"]


def test_guard_a_prosecution_block_is_read_before_the_story() -> None:
    r = _parse(
        [
            "侵犯著作权罪的认定",
            "提要：被告人冯某和韩某有直接销售的行为，本案从构成要件入手。",
            "公诉机关上海市某区人民检察院。",
            "被告人冯某，男，1970年生。",
            "被告人韩某，女，1975年生。",
            "上海市某区人民检察院以被告人冯某、韩某犯侵犯著作权罪，向上海市某区人民法院提起公诉。",
        ]
    )
    assert r["defendants"] == ["冯某", "韩某"]
