"""Round 7: the batch-6 failure kinds fixed by general rules, as constructed pages (each failed on main
dd59dbd). The texts are made up (names, numbers); the layouts are those of real pages in
tests/fixtures/judgments_external (64365-313396, 66law-anli365365, chinalawyer-ezhou, lawking-5515,
szhgh-260239), with other wording.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def test_names_masked_with_latin_letters_are_kept() -> None:
    text = "\n".join(
        [
            "浙江省杭州市余杭区人民法院",
            "刑事判决书",
            "（2022）浙0110刑初77号",
            "公诉机关杭州市余杭区人民检察院。",
            "被告人王xx，男，1990年3月1日出生，汉族，初中文化，住浙江省杭州市。",
            "辩护人C，浙江YY律师事务所律师。",
            "被告人陈XX，女，1992年5月9日出生，汉族，住浙江省杭州市。",
            "杭州市余杭区人民检察院以杭余检刑诉〔2022〕1号起诉书指控被告人王xx、陈XX犯销售假冒注册商标的"
            "商品罪，于2022年1月5日向本院提起公诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["defendants"] == ["王xx", "陈XX"]
    assert r["law_firms"] == ["浙江YY律师事务所"]
    assert r["lawyers"] == []  # an agent masked as one letter is nobody's lawyer


def test_one_line_criminal_page_with_a_letter_for_a_name() -> None:
    text = (
        "B乙假冒注册商标罪二审刑事判决书 广东省深圳市中级人民法院 刑事判决书 （2016）粤03刑终88号 "
        "原公诉机关深圳市龙岗区人民检察院， 上诉人（原审被告人）B，女，1980年1月2日出生于广东省深圳市，"
        "汉族，因涉嫌犯假冒注册商标罪于2015年3月1日被刑事拘留，现羁押于深圳市看守所， "
        "辩护人C，广东ZZ律师事务所律师， 深圳市龙岗区人民法院审理深圳市龙岗区人民检察院指控原审被告人B"
        "犯假冒注册商标罪一案，于2015年12月1日作出（2015）深龙法刑初字第9号刑事判决，原审被告人B不服，"
        "提出上诉。本院依法组成合议庭，公开开庭审理了本案。"
    )
    r = parse_text(text, resolve_regions=False)
    assert r["defendants"] == ["B"]
    assert r["law_firms"] == ["广东ZZ律师事务所"]


def test_site_title_gives_the_type_over_a_party_block() -> None:
    text = "\n".join(
        [
            "欢迎访问某某律师网!",
            "",
            "咨询电话 010-1234-5678",
            "",
            "甲影视文化有限公司与乙网络科技有限公司侵害作品信息网络传播权纠纷一审民事判决书",
            "",
            "2022-03-01 编辑 评论0",
            "",
            "原告:甲影视文化有限公司,住所地北京市朝阳区建国路2号。",
            "法定代表人:钱七,该公司执行董事。",
            "委托诉讼代理人:赵六,北京某某律师事务所律师。",
            "委托诉讼代理人:孙八,北京某某律师事务所实习律师。",
            "被告:乙网络科技有限公司,住所地江苏省南京市鼓楼区中山路1号。",
            "法定代表人:周九,该公司经理。",
            "委托诉讼代理人:吴十,江苏某某律师事务所律师。",
            "",
            "原告甲影视文化有限公司与被告乙网络科技有限公司侵害作品信息网络传播权纠纷一案,本院于2021年"
            "9月1日立案后,依法适用简易程序,公开开庭进行了审理。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["document_type"] == "判决书"


def test_site_title_cause_when_a_date_line_with_site_keys_follows_it() -> None:
    text = "\n".join(
        [
            "北京律师在线",
            "专利纠纷案例",
            "某某律师为您提供专利纠纷法律咨询，法律顾问服务。本站擅长专利纠纷律师为您解答法律咨询，代理案件。",
            "",
            "张三、李四侵害发明专利权纠纷二审民事判决书",
            "",
            "时间:2021年07月08日 来源: 作者: 浏览次数:1288   收藏[0]",
            "浙江省高级人民法院",
            "民 事 判 决 书",
            "（2020）浙民终99号",
            "上诉人（原审被告）：张三，男，1980年1月1日出生，住浙江省杭州市。",
            "上诉人（原审被告）：李四，男，1981年2月2日出生，住浙江省杭州市。",
            "被上诉人（原审原告）：丙机械有限公司，住所地浙江省宁波市。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["cause"] == "侵害发明专利权纠纷"


def test_report_quoting_the_ruling_gives_its_type() -> None:
    text = "\n".join(
        [
            "本站声明",
            "原告甲文化传播有限公司诉被告乙科技有限公司侵害作品信息网络传播权纠纷一案，近日有了结果。",
            "法院的民事裁定书载明：准许原告撤回起诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["document_type"] == "裁定书"
    assert r["outcome"] == "撤诉/调解"


def test_report_naming_the_sides_as_one_suing_the_others() -> None:
    text = "\n".join(
        [
            "驰名商标侵权案调解结案",
            "本网讯 某某商标侵权案在上海市第一中级人民法院以调解结案。",
            "2019年甲食品有限公司在市场上发现仿冒产品。甲食品有限公司分别对乙饮料厂和丙贸易有限公司提起诉讼，"
            "认为其行为构成商标侵权，要求判令二被告停止侵权，赔偿经济损失30万元。",
            "经法院主持调解，双方达成调解协议。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == ["甲食品有限公司"]
    assert r["defendants"] == ["乙饮料厂", "丙贸易有限公司"]
    assert r["court"] == "上海市第一中级人民法院"
    assert r["procedure"] == "一审"
    assert r["outcome"] == "撤诉/调解"
    assert r["cause"] is None  # the sentence names no cause


def test_news_sentence_about_a_person_suing_is_not_a_party_block() -> None:
    text = "今天张三对邻居提起诉讼，法院尚未受理。"
    r = parse_text(text, resolve_regions=False)
    assert r["plaintiffs"] == [] and r["defendants"] == []


def test_pinyin_readings_and_a_case_number_without_its_opening_bracket() -> None:
    text = "\n".join(
        [
            "近日，最高法院对（duì）某技术秘密案作出二审判决。",
            "",
            "中華人民共和國(guó)最高人民法院",
            "",
            "2022)最高法知民終999號(hào)",
            "",
            "上訴人(一審原告):甲科技股份有限公司。住所地:浙江省杭州市。",
            "被上訴人(一審被告):乙電子有限公司。住所地:江蘇省蘇州市。",
            "上訴人甲科技股份有限公司因與被上訴人乙電子有限公司侵害技術秘密糾紛一案，不服一審判決，向本院提起上訴。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert r["case_number"] == "（2022）最高法知民终999号"
    assert r["court"] == "最高人民法院"
    assert r["procedure"] == "二审"
    assert r["plaintiffs"] == ["甲科技股份有限公司"]
