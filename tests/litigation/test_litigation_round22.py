"""Round 22: genres the labelled sets lacked — typical-case collections (反垄断, 植物新品种), book summaries.

A collection prints each case as 【案号】某法院（年）…号〔甲、乙诉丙等、丁…纠纷案〕 then 【基本案情】,
often run onto one line and cut after the second key; the title in brackets names the sides (the one
the story calls 第三人 is a third party), and a catalogue cause such as 横向垄断协议纠纷 is kept whole.
A book's summary tells the appeal court's own ruling in the 基本案情 paragraph after the sentence naming
the sides: 某法院于某日裁定撤销一审判决，驳回甲的起诉 (改判, and that day); a ruling on the way
(驳回管辖权异议, 维持原裁定) dates nothing. Constructed pages with made-up names and places (not those
of batch 22); each test failed on main 4c36c8a but the guards, which pass on both.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _parse(lines: list[str]) -> dict:
    return parse_text("\n".join(lines), resolve_regions=False)


def test_a_collections_number_key_with_a_bracketed_title_gives_number_court_and_sides() -> None:
    r = _parse(
        [
            "人民法院反不正当竞争与反垄断典型案例",
            "案例3 “混凝土联营”纵向垄断协议纠纷案 ——涉转售价格维持的认定 "
            "【案号】最高人民法院（2023）最高法知民终2871号〔宜宾市翠屏区金石建材有限公司、"
            "宜宾市南溪区远大商砼有限公司诉宜宾市长江混凝土集团有限公司等、"
            "宜宾市联建混凝土销售有限公司纵向垄断协议纠纷案〕 【基本案情】在金石建材公司、"
            "远大商砼公司与长江混凝土公司等9家被诉企业以及第三人联建销售公司纵向垄断协议纠纷案中，"
            "涉案企业约定统一的转售价格",
        ]
    )
    assert r["case_number"] == "（2023）最高法知民终2871号"
    assert r["court"] == "最高人民法院"
    assert r["procedure"] == "二审"
    assert r["cause"] == "纵向垄断协议纠纷"
    assert r["plaintiffs"] == ["宜宾市翠屏区金石建材有限公司", "宜宾市南溪区远大商砼有限公司"]
    assert r["defendants"] == ["宜宾市长江混凝土集团有限公司"]
    assert r["third_parties"] == ["宜宾市联建混凝土销售有限公司"]


def test_a_title_defendant_the_story_does_not_call_third_party_stays_a_defendant() -> None:
    r = _parse(
        [
            "典型案例选编",
            "案例2 【案号】江苏省高级人民法院（2022）苏民终518号〔常州市武进区天元培训学校诉"
            "常州市新北区启明培训学校、常州市华罗教育咨询有限公司侵害商标权纠纷案〕 "
            "【基本案情】天元学校认为启明学校与华罗公司使用近似标识",
        ]
    )
    assert r["case_number"] == "（2022）苏民终518号"
    assert r["plaintiffs"] == ["常州市武进区天元培训学校"]
    assert r["defendants"] == ["常州市新北区启明培训学校", "常州市华罗教育咨询有限公司"]
    assert r["third_parties"] == []


def test_a_summary_tells_the_appeal_courts_ruling_after_the_sides_sentence() -> None:
    r = _parse(
        [
            "三、专利案件审判",
            "21.专利权人资格的审查",
            "【案号】",
            "（2020）最高法知民终1432号",
            "【基本案情】",
            "在上诉人甘肃农林科技学院与被上诉人兰州瑞丰种苗有限公司（以下简称瑞丰公司）侵害发明专利权纠纷案中，"
            "涉及一种育苗方法。一审法院判决驳回甘肃农林科技学院的诉讼请求。甘肃农林科技学院不服，向最高人民法院"
            "提起上诉。最高人民法院于2020年11月6日裁定撤销一审判决，驳回甘肃农林科技学院的起诉。",
        ]
    )
    assert r["plaintiffs"] == ["甘肃农林科技学院"]
    assert r["defendants"] == ["兰州瑞丰种苗有限公司"]
    assert r["decided_on"] == "2020-11-06"
    assert r["outcome"] == "改判"


def test_guard_a_ruling_on_jurisdiction_and_a_partys_request_date_and_decide_nothing() -> None:
    r = _parse(
        [
            "三、专利案件审判",
            "【基本案情】",
            "在上诉人昆明滇池光电有限公司与被上诉人玉溪星光灯具有限公司侵害实用新型专利权纠纷案中，"
            "玉溪星光灯具有限公司提出管辖权异议，一审法院于2021年3月2日裁定驳回其异议。昆明中级人民法院于2021年5月8日"
            "裁定驳回上诉，维持原裁定。玉溪星光灯具有限公司请求撤销一审判决，驳回昆明滇池光电有限公司的起诉。",
        ]
    )
    assert r["plaintiffs"] == ["昆明滇池光电有限公司"]
    assert r["decided_on"] is None
    assert r["outcome"] is None


# Read after the blind run from two held-out misses (so those pages are no longer blind); other names here.


def test_a_site_title_closed_by_its_number_and_a_number_key_give_type_and_number() -> None:
    r = _parse(
        [
            "裁判文书",
            "杭州青禾茶业有限公司与周某管辖异议纠纷案二审民事裁定书(2009)杭民终字第2231号",
            "当事人:   法官:   文号:(2009)杭民终字第2231号",
            "上诉人(原审原告)杭州青禾茶业有限公司,住所地浙江省杭州市西湖区X路X号。",
            "被上诉人(原审被告)周某,男,X年X月X日出生,汉族。",
            "上诉人杭州青禾茶业有限公司不服杭州市西湖区人民法院民事裁定,向本院提出上诉。",
        ]
    )
    assert r["case_number"] == "（2009）杭民终字第2231号"
    assert r["document_type"] == "裁定书"
    assert r["court"] is None  # the number's code is no court
    assert r["plaintiffs"] == ["杭州青禾茶业有限公司"]


def test_a_complaint_whose_claim_names_the_accused_gives_the_sides() -> None:
    r = _parse(
        [
            "最高人民法院今天发布6起近期人民法院审结的反垄断典型案例。",
            "【基本案情】包头市恒通物资公司（以下简称恒通公司）系美某（中国）公司的经销商。恒通公司认为，双方合作期间，"
            "美某（中国）公司多次组织经销商统一报价，构成垄断协议侵权，遂起诉请求判令美某（中国）公司停止侵权。"
            "一审法院判决驳回恒通公司的诉讼请求。恒通公司不服，提起上诉。",
            "最高人民法院二审认为，",
        ]
    )
    assert r["plaintiffs"] == ["包头市恒通物资公司"]
    assert r["defendants"] == ["美某（中国）公司"]
    assert r["procedure"] == "二审"
    assert r["court"] == "最高人民法院"


def test_guard_a_complaint_without_a_claim_naming_anyone_gives_no_sides() -> None:
    r = _parse(
        [
            "【基本案情】包头市恒通物资公司认为，双方合作期间存在不公平的交易条件，遂起诉请求确认合同无效。",
        ]
    )
    assert r["plaintiffs"] == []
    assert r["defendants"] == []


# Read after batch 22b's blind run from two of its held-out misses (so those pages are no longer blind).


def test_a_prosecution_block_under_instance_lines_gives_the_later_instance() -> None:
    r = _parse(
        [
            "2023-05-11 09:12:40",
            "福建省厦门市思明区人民检察院诉林某华、陈某侵犯商业秘密案",
            "  一审:福建省厦门市思明区人民法院(2019)闽0203刑初812号(2019.9.3",
            "  二审:福建省厦门市中级人民法院(2020)闽02刑终95号(2020.4.17",
            "  【案情】",
            "  原公诉机关:福建省厦门市思明区人民检察院",
            "  上诉人(原审被告人):林某华",
            "  原审被告人:陈某",
            "  一审人民法院经审理查明:被告人林某华在厦门某电子公司任职期间,擅自复制该公司的技术图纸。",
        ]
    )
    assert r["case_number"] == "（2020）闽02刑终95号"
    assert r["court"] == "福建省厦门市中级人民法院"
    assert r["procedure"] == "二审"
    assert r["cause"] == "侵犯商业秘密罪"
    assert r["plaintiffs"] == ["福建省厦门市思明区人民检察院"]
    assert r["defendants"] == ["林某华", "陈某"]


def test_a_prosecution_told_as_以被告人甲犯某罪提起公诉_gives_the_sides_and_offence() -> None:
    r = _parse(
        [
            "一、基本案情",
            "被告人赵立新原系宁波某软件公司职员，离职后将该公司的软件稍作修改后对外销售。",
            "二、控辩意见",
            "浙江省宁波市海曙区人民检察院以被告人赵立新犯侵犯著作权罪，向宁波市海曙区人民法院提起公诉。",
            "被告人赵立新对公诉机关的指控提出异议。",
        ]
    )
    assert r["plaintiffs"] == ["浙江省宁波市海曙区人民检察院"]
    assert r["defendants"] == ["赵立新"]
    assert r["cause"] == "侵犯著作权罪"
    assert r["court"] is None  # the court it was filed with has not decided


def test_guard_a_prosecution_block_on_a_case_library_page_keeps_its_metadata_header() -> None:
    r = _parse(
        [
            "(一)首部",
            "1.裁判书字号",
            "一审判决书:浙江省温州市鹿城区人民法院(2016)浙0302刑初1021号。",
            "3.诉讼双方",
            "公诉机关:浙江省温州市鹿城区人民检察院。",
            "被告人:周某,男,1980年出生。",
            "5.审判机关和审判组织",
            "审判机关:浙江省温州市鹿城区人民法院。",
            "(二)诉辩主张",
            "1.公诉机关指控称",
            "被告人周某未经许可销售假冒注册商标的商品。",
        ]
    )
    assert r["case_number"] == "（2016）浙0302刑初1021号"
    assert r["court"] == "浙江省温州市鹿城区人民法院"


def test_guard_an_appellants_request_read_after_the_story_is_no_result_nor_claim() -> None:
    r = _parse(
        [
            "上诉人大庆丰收种业有限公司与上诉人依兰县青山种子经销部侵害植物新品种权纠纷一案民事判决书上诉人（一审原告）"
            "大庆丰收种业有限公司，住所地大庆市让胡路区。丰收公司上诉请求：1.撤销一审判决第二项，改判青山经销部赔偿"
            "丰收公司20万元；2.诉讼费用由青山经销部负担。事实和理由：青山经销部长期销售涉案品种。"
        ]
    )
    assert r["outcome"] is None
    assert r["damages_claimed"] is None


# Read after batch 22c's blind run from one of its held-out misses (no longer blind).


def test_a_numbered_appeal_title_with_its_court_number_and_document_in_brackets() -> None:
    r = _parse(
        [
            "权威发布|十大反垄断案件",
            "3.上海华星网络有限公司诉云帆科技(杭州)有限公司、杭州云帆信息服务有限公司滥用市场支配地位纠纷上诉案"
            "[最高人民法院(2016)最高法民终1088号民事判决]",
            "上海华星网络有限公司(以下简称华星公司)认为云帆科技(杭州)有限公司和杭州云帆信息服务有限公司"
            "(以下合称云帆公司)拒绝交易。华星公司诉至浙江省高级人民法院,请求判令云帆公司停止拒绝交易行为。",
        ]
    )
    assert r["case_number"] == "（2016）最高法民终1088号"
    assert r["document_type"] == "判决书"
    assert r["procedure"] == "二审"
    assert r["plaintiffs"] == ["上海华星网络有限公司"]
    assert r["defendants"] == ["云帆科技（杭州）有限公司", "杭州云帆信息服务有限公司"]
    assert r["cause"] == "滥用市场支配地位纠纷"
