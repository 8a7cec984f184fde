"""The judgment parser on small hand-written judgments (each case one convention of issue 16 §1),
input formats (GBK, HTML, DOCX) and fuzzing: never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipatlas.errors import InputError
from ipatlas.litigation import FIELDS, FILE_FIELDS, parse_file, parse_text

FIRST_INSTANCE = """某某律所网站转载：重庆甲乙食品有限公司与张三侵害商标权纠纷一审民事判决书
重庆市第一中级人民法院
民 事 判 决 书
(2020)渝01民初123号
原告：重庆甲乙食品有限公司（曾用名重庆甲食品厂），住所地重庆市渝北区龙溪街道1号。
法定代表人：李四，该公司董事长。
委托诉讼代理人：王五、赵六，北京市金杜（重庆）律师事务所律师。
委托诉讼代理人：钱七，北京市金杜（重庆）律师事务所实习律师。
被告：张三，男，1980年1月1日出生，汉族，住四川省成都市武侯区某路2号。
委托诉讼代理人：孙八，四川某某知识产权代理有限公司商标代理人。
委托诉讼代理人：周九，重庆市某某法律服务所法律工作者。
被告：成都丙丁商贸有限公司（DINGDING TRADING CO., LTD.），住所地四川省成都市锦江区3号。
原告重庆甲乙食品有限公司（以下简称甲乙公司）与被告张三、成都丙丁商贸有限公司（以下简称丙丁公司）侵害商标权纠纷一案，本院于2020年3月1日立案后，依法适用普通程序。审理中，甲乙公司撤回对丙丁公司的起诉。本案现已审理终结。
甲乙公司向本院提出诉讼请求：1.判令张三停止侵权；2.判令张三赔偿经济损失10万元及合理开支2万元（其中律师费1.5万元）；3.本案诉讼费由张三负担。
张三辩称，不同意原告的诉讼请求。
本院认为，张三销售侵犯第1234567号“甲乙”注册商标专用权的商品，应承担赔偿责任。原告主张适用惩罚性赔偿，本院不予支持。
综上，依照《中华人民共和国商标法》（2019年修正）第五十七条第（三）项、第六十三条第一款、第三款，《最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释》第十六条、第十七条，《中华人民共和国民事诉讼法》第六十四条之规定，判决如下：
一、张三于本判决生效之日起立即停止销售侵害第1234567号注册商标专用权的商品；
二、张三于本判决生效之日起十日内赔偿重庆甲乙食品有限公司经济损失及合理开支共计人民币三万五千元；
三、驳回重庆甲乙食品有限公司的其他诉讼请求。
如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百五十三条之规定，加倍支付迟延履行期间的债务利息。
案件受理费2800元，由张三负担。
如不服本判决，可在判决书送达之日起十五日内向本院递交上诉状。
审　判　长　　陈　一
审　判　员　　林二
人民陪审员　　欧阳三
二〇二〇年九月三十日
法 官 助 理　　吴 四
书　记　员　　郑五
"""

SECOND_INSTANCE = """【典型案例】
推荐理由：本案明确了销售者合法来源抗辩的认定标准。
裁判要旨：销售者能证明合法来源的不承担赔偿责任。
江苏省高级人民法院
民事判决书
（2019）苏民终456号
上诉人（原审被告）：南京戊己贸易有限公司，住所地江苏省南京市鼓楼区4号。
委托代理人：冯十，江苏某某律师事务所律师。
被上诉人（原审原告）：新百丽鞋业（深圳）有限公司，住所地广东省深圳市宝安区5号。
委托代理人：陈十一，该公司员工。
上诉人南京戊己贸易有限公司（简称戊己公司）因与被上诉人新百丽鞋业（深圳）有限公司（简称新百丽公司）侵害商标权纠纷一案，不服南京市中级人民法院（2018）苏01民初789号民事判决，向本院提起上诉。
新百丽公司一审诉讼请求：判令戊己公司赔偿经济损失50万元。
一审法院认为，戊己公司构成侵权。依照《中华人民共和国商标法》第五十七条之规定，判决：一、戊己公司赔偿新百丽公司经济损失8万元；二、驳回新百丽公司的其他诉讼请求。
戊己公司不服，上诉请求：撤销一审判决，驳回新百丽公司全部诉讼请求。
本院认为，一审判决认定事实清楚，适用法律正确。依照《中华人民共和国民事诉讼法》第一百七十条第一款第一项之规定，判决如下：
驳回上诉，维持原判。
二审案件受理费1800元，由戊己公司负担。
本判决为终审判决。
审判长  何甲代理审判员  许乙人民陪审员  吕丙
二〇一九年十二月二十日
书记员  施丁
"""


def test_first_instance_conventions() -> None:
    r = parse_text(FIRST_INSTANCE)
    assert list(r) == list(FIELDS)
    assert r["case_number"] == "（2020）渝01民初123号"
    assert r["court"] == "重庆市第一中级人民法院"
    assert (r["document_type"], r["procedure"]) == ("判决书", "一审")
    assert r["cause"] == "侵害商标权纠纷"
    assert r["decided_on"] == "2020-09-30"
    # former name dropped; the party whose claims were withdrawn is excluded
    assert r["plaintiffs"] == ["重庆甲乙食品有限公司"]
    assert r["defendants"] == ["张三"]
    # trainees, trademark agents and 法律工作者 are not lawyers; the branch firm is kept as written
    assert r["law_firms"] == ["北京市金杜（重庆）律师事务所"]
    assert r["lawyers"] == ["王五", "赵六"]
    assert r["judges"] == [
        {"name": "陈一", "role": "审判长"},
        {"name": "林二", "role": "审判员"},
        {"name": "欧阳三", "role": "人民陪审员"},
        {"name": "吴四", "role": "法官助理"},
        {"name": "郑五", "role": "书记员"},
    ]
    assert r["damages_awarded"] == 35000.0
    assert r["damages_claimed"] == 120000.0  # the 其中 amount is part of the 2万, not added
    assert r["outcome"] == "部分支持"
    laws = {(c["law"], c["article"]) for c in r["laws_cited"]}
    assert ("中华人民共和国商标法", "第五十七条") in laws  # version tag dropped
    assert ("中华人民共和国民事诉讼法", "第六十四条") in laws
    assert ("中华人民共和国民事诉讼法", "第二百五十三条") not in laws  # late-payment sentence
    assert r["punitive_damages"] is False  # claimed but refused
    assert {"kind": "trademark", "number": "1234567"} in r["rights"]
    people = {p["name"]: p for p in r["parties"]}
    assert people["张三"]["type"] == "个人"
    assert people["重庆甲乙食品有限公司"]["type"] == "企业"
    assert people["重庆甲乙食品有限公司"]["adcode"] == "500112"  # 渝北区 via the regions resolver
    assert r["commentary"] is None


def test_second_instance_sides_commentary_and_upheld_amount() -> None:
    r = parse_text(SECOND_INSTANCE)
    assert r["procedure"] == "二审"
    # first-instance sides whatever the role in this document; registered-name brackets kept
    assert r["plaintiffs"] == ["新百丽鞋业（深圳）有限公司"]
    assert r["defendants"] == ["南京戊己贸易有限公司"]
    assert r["lawyers"] == ["冯十"]  # company staff are not lawyers
    assert r["commentary"] and "推荐理由" in r["commentary"]
    assert r["outcome"] == "维持原判"
    assert r["damages_awarded"] == 80000.0  # the upheld first-instance amount
    assert r["damages_claimed"] == 500000.0
    assert r["laws_cited"] == [{"law": "中华人民共和国民事诉讼法", "article": "第一百七十条"}]
    assert [j["role"] for j in r["judges"]] == ["审判长", "代理审判员", "人民陪审员", "书记员"]


RETRIAL = """中华人民共和国最高人民法院
民 事 判 决 书
(2019)最高法民再123号
再审申请人(一审原告、二审上诉人):甲乙(中国)有限公司,住所地上海市黄浦区1号。
法定代表人:张三,该公司董事长。
委托诉讼代理人:李四、王五,均系北京市立方律师事务所律师。
被申请人(一审被告、二审被上诉人):丙丁贸易商行,住所地广东省广州市天河区2号。
经营者:赵六。
再审申请人甲乙(中国)有限公司(以下简称甲乙公司)因与被申请人丙丁贸易商行(以下简称丙丁商行)侵害商标权纠纷一案,\
不服广东省高级人民法院(2018)粤民终1号民事判决,向本院申请再审。
甲乙公司向一审法院起诉请求:1.丙丁商行停止侵权;2.丙丁商行赔偿经济损失人民币贰拾万元。
一审法院判决:驳回甲乙公司的诉讼请求。二审法院判决:驳回上诉,维持原判。
本院认为,丙丁商行构成侵权。依照《中华人民共和国商标法》第五十七条第二项、第六十三条,\
《中华人民共和国民事诉讼法》第二百一十四条第一款、第一百七十条第一款第二项之规定,判决如下:
一、撤销广东省高级人民法院(2018)粤民终1号民事判决及广州知识产权法院(2017)粤73民初1号民事判决;
二、丙丁贸易商行于本判决生效之日起十日内赔偿甲乙(中国)有限公司经济损失人民币贰万元;
三、驳回甲乙(中国)有限公司的其他诉讼请求。
本判决为终审判决。
审 判 长 王 一
审 判 员 钱二
二〇一九年十一月二十日
书 记 员 吴五
"""

MEDIATION = """上海市浦东新区人民法院
民事调解书
（2018）沪0115民初100号
原告：甲公司，住所地上海市浦东新区。
被告：乙，男，1990年1月1日出生，住上海市浦东新区。
原告甲公司与被告乙侵害商标权纠纷一案，本院于2018年1月1日立案后，依法适用简易程序。
原告诉讼请求：判令被告赔偿原告经济损失5万元。
本案审理过程中，经本院主持调解，双方当事人自愿达成如下协议：
一、被告乙于2018年3月1日前支付原告甲公司赔偿款1万元；
二、原告甲公司放弃其他诉讼请求。
案件受理费减半收取计525元，由被告负担。
上述协议，不违反法律规定，本院予以确认。
审判员　刘七
二〇一八年二月一日
书记员　陈八
"""


def test_retrial_half_width_punctuation_and_chinese_amounts() -> None:
    r = parse_text(RETRIAL, resolve_regions=False)
    assert (r["case_number"], r["court"], r["procedure"]) == (
        "（2019）最高法民再123号",
        "最高人民法院",
        "再审",
    )
    assert (r["plaintiffs"], r["defendants"]) == (["甲乙（中国）有限公司"], ["丙丁贸易商行"])
    assert (r["law_firms"], r["lawyers"]) == (["北京市立方律师事务所"], ["李四", "王五"])
    assert (r["damages_awarded"], r["damages_claimed"], r["outcome"]) == (20000.0, 200000.0, "改判")
    assert [c["article"] for c in r["laws_cited"]] == [
        "第五十七条",
        "第六十三条",
        "第二百一十四条",
        "第一百七十条",
    ]


def test_mediation() -> None:
    r = parse_text(MEDIATION, resolve_regions=False)
    assert (r["document_type"], r["outcome"]) == ("调解书", "撤诉/调解")
    assert (r["plaintiffs"], r["defendants"]) == (["甲公司"], ["乙"])
    assert (r["damages_awarded"], r["damages_claimed"]) == (10000.0, 50000.0)


def test_two_instances_in_one_file_take_the_last() -> None:
    r = parse_text(FIRST_INSTANCE + "\n\n" + SECOND_INSTANCE.split("【典型案例】")[1])
    assert r["case_number"] == "（2019）苏民终456号"
    assert "2" in (r["reason"] or "")


def test_rejection_and_remand() -> None:
    text = FIRST_INSTANCE.replace(
        "一、张三于本判决生效之日起立即停止销售侵害第1234567号注册商标专用权的商品；\n"
        "二、张三于本判决生效之日起十日内赔偿重庆甲乙食品有限公司经济损失及合理开支共计人民币三万五千元；\n"
        "三、驳回重庆甲乙食品有限公司的其他诉讼请求。",
        "驳回重庆甲乙食品有限公司的全部诉讼请求。",
    )
    r = parse_text(text)
    assert (r["outcome"], r["damages_awarded"]) == ("驳回", 0.0)
    remand = SECOND_INSTANCE.replace("民事判决书", "民事裁定书").replace(
        "驳回上诉，维持原判。",
        "一、撤销南京市中级人民法院（2018）苏01民初789号民事判决；\n二、本案发回南京市中级人民法院重审。",
    )
    r2 = parse_text(remand)
    assert (r2["document_type"], r2["outcome"], r2["damages_awarded"]) == ("裁定书", "撤销并发回重审", None)


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "这是一份会议纪要，没有案号。\n第二段。", "最高人民法院\n关于某某问题的批复"]
)
def test_not_a_judgment_gets_a_reason(text: str) -> None:
    r = parse_text(text)
    assert r["case_number"] is None
    assert r["reason"]


def test_gbk_html_and_docx_files(tmp_path: Path) -> None:
    gbk = tmp_path / "a.txt"
    gbk.write_bytes(FIRST_INSTANCE.encode("gbk"))
    assert parse_file(gbk)["case_number"] == "（2020）渝01民初123号"
    page = tmp_path / "b.html"
    body = "".join(f"<p>{line}</p>" for line in SECOND_INSTANCE.splitlines())
    page.write_text(
        f"<html><head><title>x</title></head><body><div>{body}</div></body></html>", encoding="utf-8"
    )
    assert parse_file(page)["plaintiffs"] == ["新百丽鞋业（深圳）有限公司"]
    import docx

    d = docx.Document()
    for line in FIRST_INSTANCE.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    doc = tmp_path / "c.docx"
    doc.write_bytes(buf.getvalue())
    assert parse_file(doc)["damages_awarded"] == 35000.0


def test_unreadable_files_raise_input_errors_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"broken\.docx"):
        parse_file(bad)
    with pytest.raises(InputError, match=r"missing\.txt"):
        parse_file(tmp_path / "missing.txt")


_ALPHABET = st.sampled_from(
    list(
        "原告被告上诉人（）()：:，。、；判决如下依照《中华人民共和国商标法》第五十七条赔偿元万"
        "审判长书记员二〇一五年四月十七日号民初终律师事务所\n 0123456789"
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    noise=st.text(alphabet=_ALPHABET, max_size=400),
    cut=st.integers(min_value=0, max_value=len(FIRST_INSTANCE)),
)
def test_fuzz_never_raises(noise: str, cut: int) -> None:
    for text in (noise, FIRST_INSTANCE[:cut] + noise, noise + FIRST_INSTANCE[cut:]):
        r = parse_text(text, resolve_regions=False)
        assert list(r) == list(FIELDS)
        assert r["case_number"] is None or r["case_number"].startswith("（")
        assert r["case_number"] is not None or r["reason"]


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_fuzz_bytes_never_traceback(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    p = tmp_path_factory.mktemp("fz") / "x.txt"
    p.write_bytes(data)
    try:
        r = parse_file(p, resolve_regions=False)
    except InputError:
        return
    assert list(r) == list(FILE_FIELDS) and r["ocr_pages"] == 0


def test_several_agents_on_one_line() -> None:
    text = FIRST_INSTANCE.replace(
        "委托诉讼代理人：钱七，北京市金杜（重庆）律师事务所实习律师。",
        "委托诉讼代理人：钱七，上海市锦天城律师事务所律师；孙九，上海市锦天城律师事务所律师助理。",
    )
    r = parse_text(text, resolve_regions=False)
    assert r["law_firms"] == ["北京市金杜（重庆）律师事务所", "上海市锦天城律师事务所"]
    assert r["lawyers"] == ["王五", "赵六", "钱七"]


def test_court_type_and_number_glued_on_one_line() -> None:
    glued = FIRST_INSTANCE.replace(
        "重庆市第一中级人民法院\n民 事 判 决 书\n(2020)渝01民初123号",
        "重庆市第一中级人民法院民事判决书\n(2020)渝01民初123号",
    )
    r = parse_text(glued, resolve_regions=False)
    assert (r["court"], r["document_type"], r["case_number"]) == (
        "重庆市第一中级人民法院",
        "判决书",
        "（2020）渝01民初123号",
    )
    r2 = parse_text(
        SECOND_INSTANCE.replace("民事判决书\n（2019）苏民终456号", "民事判决书（2019）苏民终456号"),
        resolve_regions=False,
    )
    assert (r2["case_number"], r2["plaintiffs"]) == ("（2019）苏民终456号", ["新百丽鞋业（深圳）有限公司"])


def test_law_names_defined_in_the_judgment_and_official_forms() -> None:
    from ipatlas.litigation.laws import abbreviations, extract_citations

    body = (
        "根据《最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释》（以下简称《解释》）第九条的规定，"
    )
    cites = extract_citations(
        "依照《商标法》（2001年修正）第五十二条第（一）项、《解释》第十六条、最高人民法院《关于审理注册商标、企业名称与在先权利冲突的"
        "民事纠纷案件若干问题的规定》第四条、《最高人民法院关于适用<中华人民共和国民事诉讼法>的解释》第九十三条之规定",
        abbreviations(body),
    )
    assert cites == [
        {"law": "中华人民共和国商标法", "article": "第五十二条"},
        {"law": "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释", "article": "第十六条"},
        {
            "law": "最高人民法院关于审理注册商标、企业名称与在先权利冲突的民事纠纷案件若干问题的规定",
            "article": "第四条",
        },
        {"law": "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "article": "第九十三条"},
    ]
