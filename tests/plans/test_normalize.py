"""Normalisation: widths, Traditional → Simplified with Taiwan terms, furniture and body detection."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatlas.plans import parse_plan
from ipatlas.plans.document import find_document_parts
from ipatlas.plans.normalize import normalize_text, normalize_width, taiwan_terms, to_simplified


def test_width_and_punctuation() -> None:
    assert normalize_width("(一)提高知识产权创造水平。") == "（一）提高知识产权创造水平。"
    assert normalize_width("〔责任单位:市科技局(知识产权局)、工商局,公安局〕") == (
        "〔责任单位：市科技局（知识产权局）、工商局，公安局〕"
    )
    assert normalize_width("１２３件，达到８．５万件") == "123件，达到8.5万件"
    assert normalize_width("2021-11-20 10:14:00") == "2021-11-20 10:14:00"  # no Chinese: untouched
    assert normalize_width("年收入1,700万元") == "年收入1,700万元"  # thousands separator stays
    assert normalize_width("总体要求, 深化改革") == "总体要求，深化改革"
    assert normalize_width("2018年7―12月") == "2018年7—12月"
    assert normalize_width("从“6 1”重点产业") == "从“6+1”重点产业"
    assert normalize_width("f(x) = 1") == "f(x) = 1"


CJK_AND_PUNCT = st.text(
    alphabet=st.sampled_from(list('知识产权局市区县一二三（）()，,。：:；;、 0123456789.%“”"０１％')),
    max_size=40,
)


@given(CJK_AND_PUNCT)
def test_width_normalisation_is_idempotent(s: str) -> None:
    once = normalize_width(s)
    assert normalize_width(once) == once


def test_simplified_text_is_left_alone() -> None:
    text = "重庆市知识产权局牵头，积极推进著作权登记和机车车辆产业专利导航。"
    out, info = to_simplified(text)
    assert out == text  # no 机车 → 摩托车 in mainland text, no character changes
    assert info.script == "simplified" and info.taiwan_terms == {}


def test_traditional_with_taiwan_terms() -> None:
    out, info = to_simplified(
        "推動智慧財產權保護，發展積體電路產業，最佳化資料庫與軟體，推廣套用，詳見附屬檔案。"
    )
    assert out == "推动知识产权保护，发展集成电路产业，优化数据库与软件，推广应用，详见附件。"
    assert info.script == "traditional"
    assert info.taiwan_terms["智慧财产权"] == 1


def test_taiwan_table_covers_seed_003(shared_dir: Path) -> None:
    """Every Taiwan term of seed 003 (read by hand) is in the table with its mainland form."""
    terms = taiwan_terms()
    expected = {
        "智慧财产权": "知识产权",
        "积体电路": "集成电路",
        "最佳化": "优化",
        "连线": "连接",
        "套用": "应用",
        "附属档案": "附件",
        "计画": "计划",
        "资料库": "数据库",
        "模组": "模块",
        "机车": "摩托车",
        "经济成长": "经济增长",
        "网路": "网络",
        "软体": "软件",
        "资讯": "信息",
    }
    for k, v in expected.items():
        assert terms[k] == v
    text = (shared_dir / "seeds" / "003_a80329dc2d3c96ae.txt").read_text("utf-8")
    norm = "\n".join(normalize_text(text).lines)
    for taiwan in (
        "智慧财产",
        "积体",
        "最佳化",
        "连线",
        "套用",
        "附属档案",
        "计画",
        "资料库",
        "模组",
        "机车",
        "台賬",
    ):
        assert taiwan not in norm, taiwan
    assert "建立试点工作专门台账" in norm


@pytest.mark.parametrize(
    "seed", ["001_45e33f3d4ac1438b.txt", "002_e28b6c53a957f5e4.txt", "004_c2b4c720c7d91a67.txt"]
)
def test_taiwanised_mainland_seed_parses_the_same(shared_dir: Path, seed: str) -> None:
    """A mainland plan written out in Taiwan usage (OpenCC s2twp) reads back to the same plan."""
    text = (shared_dir / "seeds" / seed).read_text("utf-8")
    taiwanised = opencc.OpenCC("s2twp").convert(text)
    assert "智慧財產權" in taiwanised
    a, b = parse_plan(text), parse_plan(taiwanised)
    assert b.source.script == "traditional"
    assert (b.title, b.doc_number, b.issuers, b.issued_on, b.period) == (
        a.title,
        a.doc_number,
        a.issuers,
        a.issued_on,
        a.period,
    )
    assert [(t.indicator, t.value, t.year, t.kind) for t in b.targets] == [
        (t.indicator, t.value, t.year, t.kind) for t in a.targets
    ]
    assert [(t.number, t.title, t.units, t.lead_unit) for t in b.tasks] == [
        (t.number, t.title, t.units, t.lead_unit) for t in a.tasks
    ]


def test_body_between_title_and_end_markers() -> None:
    lines = normalize_text(
        "首页 > 政策文件\n"
        "咨询电话：023-12345678\n"
        "某某市知识产权保护工作方案\n"
        "2022-03-01 09:00\n"
        "为加强保护，制定本方案。\n"
        "一、主要任务\n"
        "（一）加强执法。开展专项行动。（责任单位：市市场监管局）\n"
        "扫描二维码 关注我们\n"
        "相关链接\n"
        "某某市关于印发另一个方案的通知\n"
    ).lines
    parts = find_document_parts(lines)
    assert parts.title == "某某市知识产权保护工作方案"
    assert parts.body_lines() == [
        "为加强保护，制定本方案。",
        "一、主要任务",
        "（一）加强执法。开展专项行动。（责任单位：市市场监管局）",
    ]
    assert parts.published_on == (2022, 3, 1)


def test_prose_mentioning_furniture_words_is_kept() -> None:
    lines = normalize_text(
        "某某市知识产权保护工作方案\n"
        "一、主要任务\n"
        "（一）加强宣传。利用微信公众号、二维码等新媒体开展宣传。\n"
        "相关政策由市财政局会同有关部门制定，每年发布。\n"
        "（二）加强保护。开展专项行动。\n"
        "本文链接：//www.example.gov.cn/a.html\n"
    ).lines
    body = find_document_parts(lines).body_lines()
    assert "相关政策由市财政局会同有关部门制定，每年发布。" in body
    assert any("二维码" in line for line in body)
    assert body[-1] == "（二）加强保护。开展专项行动。"


def test_a_page_on_one_line_is_split_before_its_numbered_items() -> None:
    item = "到2015年，全市研发经费支出占地区生产总值比重达到3%，企业研发投入明显增加，创新能力显著增强。"
    page = "[接上页] 2.具体目标。 " + " ".join(f"({i}){item * 4}" for i in range(1, 6))
    lines = normalize_text(page).lines
    assert lines[0] == "2.具体目标。"  # the continuation mark is furniture
    assert [ln[:3] for ln in lines[1:]] == [f"（{i}）" for i in range(1, 6)]
    # a paragraph that lists （1）…（2）… inline is no page: it stays one line
    short = "主要目标：（1）专利申请量增长。（2）商标注册量增长。（3）版权登记量增长。"
    assert normalize_text(short).lines == [short]


@pytest.mark.parametrize(("text", "once"), [("一. ", "一。"), ('""一""', "““一””")])
def test_width_normalisation_fixed_points(text: str, once: str) -> None:
    # found by the idempotence property: a full stop before a trailing space, nested quotes
    assert normalize_width(text) == once and normalize_width(once) == once
