"""Round 10 of the library's header and citation rules, each a constructed case of a failure kind
seen on the round-9 held-out texts (named in its README), on round 9's dev text zbgz or on round 10's
dev texts; every case failed on main before its rule."""

from __future__ import annotations

import datetime as dt

from tests.library.lawtext import summary as _fields

from ipatlas.library.citations import AliasTable, detect


# ---- round-9 held-out kinds (no longer blind) ---------------------------------------------------
def test_an_announcement_with_its_number_after_the_title_and_a_signature_date() -> None:
    text = (
        "某某总局关于调整商标注册证书样式的公告(第15号)\n\n2020-03-02 10:00:00 editor 120\n\n"
        "根据有关规定,现将有关事项公告如下:\n\n一、自2020年4月1日起启用新版证书。\n\n"
        "二、旧版证书继续有效。\n\n特此公告。\n\n  某某总局\n\n  2020年2月28日\n"
    )
    f = _fields(text)
    assert f["title"] == "某某总局关于调整商标注册证书样式的公告"
    assert f["doc_no"] == "某某总局公告第15号"
    assert f["level"] == "规范性文件"
    assert f["promulgated_on"] == dt.date(2020, 2, 28)


def test_a_reposted_rule_titled_with_its_order_and_a_bracketed_date_summary() -> None:
    text = (
        "部门规章\n\n《某某代码编制规则》(署令第7号)\n\n发布时间:2016-01-05 09:00:00  浏览:300  来源:\n\n"
        "[发布:2005.03.02 实施:2005.06.01 时效性:现行有效]\n\n某某总署令\n第七号\n\n"
        "  《某某代码编制规则》经2005年2月20日署务会议通过,现予发布,自2005年6月1日起施行。\n\n"
        "        署长 张某\n\n二○○五年三月二日\n"
    )
    f = _fields(text)
    assert f["title"] == "某某代码编制规则"
    assert f["doc_no"] == "某某总署令第七号"
    assert f["issuer"] == "某某总署"
    assert f["level"] == "部门规章"
    assert f["promulgated_on"] == dt.date(2005, 3, 2)
    assert f["effective_on"] == dt.date(2005, 6, 1)


def test_a_row_of_site_links_is_not_joined_to_the_title() -> None:
    text = (
        "热门站点| 某某资料网 | 某某论坛 | 某某文库\n收藏本站| 设为首页| 首页\n\n"
        "某某省人民代表大会常务委员会关于加强某某工作的决定\n\n作者:某某网 时间:2024-01-01 10:00:00\n\n"
        "(2001年5月10日某某省第九届人民代表大会常务委员会第二十次会议通过 2001年7月1日起施行)\n\n"
        "一、加强领导。\n\n二、本决定自2001年7月1日起施行。\n"
    )
    f = _fields(text)
    assert f["title"] == "某某省人民代表大会常务委员会关于加强某某工作的决定"
    assert f["promulgated_on"] == dt.date(2001, 5, 10)
    assert f["effective_on"] == dt.date(2001, 7, 1)
    assert f["level"] == "地方性法规"


def test_a_document_number_printed_with_spaces() -> None:
    text = (
        "某某省人民政府关于同意设立某某开发区的批复\n\n某政函 〔2015〕 8 号\n\n某某市人民政府:\n"
        "你市《关于设立某某开发区的请示》收悉。现批复如下:\n同意设立某某开发区。\n\n某某省人民政府\n"
        "二○一五年一月九日\n"
    )
    f = _fields(text)
    assert f["doc_no"] == "某政函〔2015〕8号"
    assert f["level"] == "规范性文件"
    assert f["promulgated_on"] == dt.date(2015, 1, 9)


def test_a_list_of_articles_with_one_article_word_at_its_end() -> None:
    aliases = AliasTable(["中华人民共和国商标法"])

    def pairs(text: str) -> list[tuple[str, int | None]]:
        return [(c.law, c.article) for c in detect(text, aliases)]

    assert pairs("依照《中华人民共和国商标法》第十三和第十四条的规定") == [
        ("中华人民共和国商标法", 13),
        ("中华人民共和国商标法", 14),
    ]
    assert pairs("《中华人民共和国商标法》第四、第七、第九条") == [
        ("中华人民共和国商标法", n) for n in (4, 7, 9)
    ]
    assert pairs("第三次和第四条") == []  # 次 is no article: no list


# ---- round-9 dev zbgz ---------------------------------------------------------------------------
def test_a_county_number_names_the_county_government_when_the_box_names_the_site() -> None:
    text = (
        "某阳县人民政府议事规则\n\n  • 发文机构:\n\n    县政府网站\n  • 发文字号:\n\n    某政发〔2023〕3号\n"
        "  • 发文日期:\n\n    2023年05月06日 10:00\n\n某阳县人民政府议事规则\n\n一、为规范议事,制定本规则。\n"
    )
    f = _fields(text)
    assert f["issuer"] == "某阳县人民政府"
    assert f["doc_no"] == "某政发〔2023〕3号"


# ---- round-10 dev kinds ---------------------------------------------------------------------------
def test_a_local_order_number_without_di_in_the_note() -> None:
    text = (
        "收藏本站| 设为首页| 首页\n\n某某市集贸市场管理规定\n\n某某省某某市人民政府\n\n"
        "某某市集贸市场管理规定\n\n (1992年6月1日某某市人民政府令23号发布)\n\n"
        " 第一条 为加强管理,制定本规定。\n\n 第二条 本规定适用于本市。\n"
    )
    f = _fields(text)
    assert f["title"] == "某某市集贸市场管理规定"
    assert f["doc_no"] == "某某市人民政府令23号"
    assert f["issuer"] == "某某市人民政府"
    assert f["level"] == "地方政府规章"
    assert f["promulgated_on"] == dt.date(1992, 6, 1)


def test_a_court_page_with_fields_its_announcement_and_the_title_again() -> None:
    text = (
        "|\n最高人民法院关于审理某某纠纷案件适用法律若干问题的解释 (附:理解与适用)\n|\n"
        "发布部门:最高人民法院\n"
        "施行日期:2019/3/1\n整理者:某某 阅读:100 |\n|\n"
        "《最高人民法院关于审理某某纠纷案件适用法律若干问题的解释》已于2018年12月3日由最高人民法院审判委员会"
        "第1756次会议通过,现予公布,自2019年3月1日起施行。\n最高人民法院\n2019年2月20日\n"
        "最高人民法院关于审理某某纠纷案件适用法律若干问题的解释\n为正确审理某某纠纷案件,制定本解释。\n"
        "第一条 本解释所称某某,是指某某。\n第二条 本解释自2019年3月1日起施行。\n"
    )
    f = _fields(text)
    assert f["title"] == "最高人民法院关于审理某某纠纷案件适用法律若干问题的解释"
    assert f["level"] == "司法解释"
    assert f["issuer"] == "最高人民法院"
    assert f["promulgated_on"] == dt.date(2019, 2, 20)
    assert f["effective_on"] == dt.date(2019, 3, 1)
    assert f["articles"] == [1, 2]


def test_a_page_title_with_the_number_before_it_and_a_views_line() -> None:
    text = (
        "某政发〔2016〕9号《某某省人民政府关于加快某某发展的意见》\n\n"
        "浏览量:          时间:2017-02-01 08:00:00\n\n"
        "某某省人民政府关于加快某某发展的意见\n\n\n某政发〔2016〕9号\n\n各市人民政府,省政府各部门:\n\n"
        "为加快某某发展,提出以下意见:\n\n一、总体要求\n\n1.指导思想。坚持发展。\n"
    )
    f = _fields(text)
    assert f["title"] == "某某省人民政府关于加快某某发展的意见"
    assert f["doc_no"] == "某政发〔2016〕9号"
    assert f["issuer"] == "某某省人民政府"
    assert f["level"] == "规范性文件"
