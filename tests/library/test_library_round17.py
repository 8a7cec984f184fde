"""Round 17 rules of the law reader and the citation finder (src/ipatlas/library/README.md, "Round 17"):
the 效力级别 of a local text whose title names a zone or a port rather than its 省/市, the IP-adjacent
national laws in the alias table (标准化法, 计量法, 数据安全法…), and a list of laws named bare that ends in
等…的规定. Each text is constructed in other words than the labelled items, and each test fails on the code
before the round."""

from __future__ import annotations

from tests.library.lawtext import pairs as _pairs
from tests.library.lawtext import summary

PRC = "中华人民共和国"


def test_a_zone_regulation_adopted_by_a_provincial_standing_committee_is_local() -> None:
    text = (
        "某某高新技术产业开发区条例\n"
        "（2019年9月27日某某省第十三届人民代表大会常务委员会第十四次会议通过　"
        "根据2022年3月31日某某省第十三届人民代表大会常务委员会第三十次会议《关于修改部分地方性法规的决定》修正）\n"
        "第一章　总　　则\n第一条　为了促进开发区建设，制定本条例。\n第二条　本条例自2019年12月1日起施行。\n"
    )
    got = summary(text)
    assert got["level"] == "地方性法规"
    assert got["issuer"] == "某某省人民代表大会常务委员会"
    assert got["articles"] == [1, 2]


def test_a_zone_rule_issued_by_a_provincial_government_order_is_a_government_rule() -> None:
    text = (
        "某某自由贸易试验区知识产权保护办法\n"
        "（2021年6月1日某某省人民政府令第218号公布　自2021年8月1日起施行）\n"
        "第一条　为了加强试验区知识产权保护，制定本办法。\n第二条　本办法自2021年8月1日起施行。\n"
    )
    assert summary(text)["level"] == "地方政府规章"


def test_national_texts_keep_their_levels() -> None:
    law = (
        "中华人民共和国某某法\n（2020年1月1日第十三届全国人民代表大会常务委员会第十五次会议通过）\n"
        "第一条　为了某某，制定本法。\n"
    )
    assert summary(law)["level"] == "法律"
    regulation = (
        "某某保护条例\n（2018年3月2日中华人民共和国国务院令第698号公布　自公布之日起施行）\n"
        "第一条　为了某某，制定本条例。\n"
    )
    assert summary(regulation)["level"] == "行政法规"
    # a place's notice stays a normative document, whatever body its note names
    notice = (
        "某某市人民政府关于印发某某办法的通知\n某政发〔2021〕3号\n"
        "经某某市第十六届人民代表大会常务委员会第五次会议审议，现将办法印发给你们。\n"
    )
    assert summary(notice)["level"] == "规范性文件"


def test_ip_adjacent_laws_named_bare_before_an_article() -> None:
    # 数据安全法 holds 据, which the finder of unknown bare names took for 根据/依据
    assert _pairs("企业违反数据安全法第二十七条、计量法第九条的，依法处理。") == {
        (PRC + "数据安全法", 27),
        (PRC + "计量法", 9),
    }


def test_full_names_written_out_bare_in_a_list_that_ends_in_deng() -> None:
    text = "依据中华人民共和国计量法和中华人民共和国标准化法等有关规定，结合本市实际，制定本办法。"
    assert _pairs(text) == {(PRC + "计量法", None), (PRC + "标准化法", None)}
    text = "平台经营者应当依照网络安全法、电子商务法等法律的规定履行义务。"
    assert _pairs(text) == {(PRC + "网络安全法", None), (PRC + "电子商务法", None)}
    # 等 after no law's name cites nothing
    assert _pairs("依照有关部门等有关规定办理。") == set()
