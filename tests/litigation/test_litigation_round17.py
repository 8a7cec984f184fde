"""Round 17: a line that starts with a role word but holds no party, read as a party. The weakness recurs on
three held-out / dev pages of batch 17 on three different sites (a mirror's one-line full text where the
story sentence 原告的委托诉讼代理人…到庭参加诉讼 follows the party block: govopendata-130856b3; a mirror's
metadata key 上诉人代理律师：…: mingyangzhuzao-3981; a law firm's unnumbered 原告诉求 heading under the
parties: fengyqlawyer-212). Constructed pages with made-up names and numbers; each test failed on main
b9b58c5 but the guards, which pass on both.
"""

from __future__ import annotations

from ipatlas.litigation.parser import parse_text


def _sides(r: dict) -> tuple[list[str], list[str]]:
    return list(r["plaintiffs"]), list(r["defendants"])


def _header(number: str = "（2021）某01民初345号") -> list[str]:
    return ["某省某市中级人民法院", "民事判决书", number]


def test_a_story_sentence_about_a_sides_agent_is_no_party() -> None:
    # The last party line runs on into the story with a comma, so the next sentence opens with the role.
    text = "\n".join(
        [
            *_header(),
            "原告：甲酒业股份有限公司，住所地某省某市。",
            "委托诉讼代理人：赵某，某某律师事务所律师。",
            "被告：某区乙食杂店，经营场所某市某路。",
            "经营者：钱某，男，1970年1月1日出生，住某市，原告甲酒业股份有限公司与被告某区乙食杂店侵害商标权纠纷"
            "一案，本院立案后公开开庭进行了审理。",
            "被告的委托诉讼代理人孙某到庭参加诉讼。",
            "原告向本院提出诉讼请求：1.判令被告停止侵权；2.判令被告赔偿经济损失3万元。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert _sides(r) == (["甲酒业股份有限公司"], ["某区乙食杂店"])


def test_a_sides_agent_key_in_site_metadata_is_no_party() -> None:
    text = "\n".join(
        [
            "基本信息",
            "审理法院：某省高级人民法院",
            "案号：（2019）某民终77号",
            "上诉人：丙出版社有限公司",
            "被上诉人：丁某",
            "被上诉人代理律师：周某[某某律师事务所]",
            "文书正文",
            "上诉人（原审被告）：丙出版社有限公司，住所地某市。",
            "被上诉人（原审原告）：丁某，女，1980年2月2日出生。",
            "上诉人丙出版社有限公司因与被上诉人丁某著作权权属、侵权纠纷一案，不服某市中级人民法院"
            "（2018）某01民初9号民事判决，向本院提起上诉。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    plaintiffs, defendants = _sides(r)
    assert "代理律师：周某" not in plaintiffs + defendants
    assert all(not n.startswith("代理") for n in plaintiffs + defendants)


def test_an_unnumbered_claim_heading_under_the_parties_is_no_party() -> None:
    text = "\n".join(
        [
            *_header("（2022）某0102民初66号"),
            "原告：戊电器有限公司，住所地某省某市。",
            "被告：己某，男，1985年3月3日出生。",
            "原告诉求",
            "原告戊电器有限公司向本院提出诉讼请求：判令被告赔偿经济损失5万元。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert _sides(r) == (["戊电器有限公司"], ["己某"])


def test_guard_a_party_named_after_its_role_stays() -> None:
    # Guard: names that merely contain 的 or 代理 later on are parties as before.
    text = "\n".join(
        [
            *_header(),
            "原告：庚的卢贸易有限公司，住所地某市。",
            "被告：某市代理记账服务有限公司，住所地某市。",
            "原告庚的卢贸易有限公司与被告某市代理记账服务有限公司侵害商标权纠纷一案，本院公开开庭进行了审理。",
        ]
    )
    r = parse_text(text, resolve_regions=False)
    assert _sides(r) == (["庚的卢贸易有限公司"], ["某市代理记账服务有限公司"])
