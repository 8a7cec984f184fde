"""Abbreviations of law titles and the citation patterns: the one alias table (short form →
full official title), kept apart from citation detection so that ``versions`` can resolve a
short title without importing the citation machinery."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.library.text import NUMERAL, normalise_title

PRC = "中华人民共和国"
CORE_LAWS = (
    "刑法",
    "民法典",
    "民事诉讼法",
    "刑事诉讼法",
    "行政诉讼法",
    "行政复议法",
    "行政处罚法",
    "行政许可法",
    "专利法",
    "商标法",
    "著作权法",
    "反不正当竞争法",
    "反垄断法",
    "电子商务法",
    "广告法",
    "产品质量法",
    "消费者权益保护法",
    "科学技术进步法",
    "促进科技成果转化法",
    "种子法",
    "海关法",
    "对外贸易法",
    "民法通则",
    "民法总则",
    "合同法",
    "侵权责任法",
    "立法法",
    "专利法实施细则",
    "商标法实施条例",
    "著作权法实施条例",
    "植物新品种保护条例",
    "知识产权海关保护条例",
    "公司法",
    "反电信网络诈骗法",
)
# Colloquial abbreviations found in judgments and decisions.
SHORT_FORMS = {
    "民诉法": "民事诉讼法",
    "刑诉法": "刑事诉讼法",
    "反法": "反不正当竞争法",
    "著作权法实施细则": "著作权法实施条例",
}
SELF_WORDS = ("本法", "本条例", "本规定", "本解释", "本办法", "本细则", "本决定", "本批复", "本规则")

ARTICLE = rf"第({NUMERAL})条(?:之([一二三四五六七八九十]+))?"
MORE = rf"((?:\s*[、，,和及与或至]\s*第{NUMERAL}条(?:之[一二三四五六七八九十]+)?)*)"
CLAUSE = rf"(?:第{NUMERAL}款)?(?:第{NUMERAL}项)?"
BOOK_RE = re.compile(rf"《([^《》\n]{{2,120}})》(?:{ARTICLE}{CLAUSE}{MORE})?")
SELF_RE = re.compile(rf"({'|'.join(SELF_WORDS)}){ARTICLE}{CLAUSE}{MORE}")
MORE_ITEM_RE = re.compile(rf"第({NUMERAL})条")


class AliasTable:
    """Abbreviation → full official title; built from the library's titles and the core laws."""

    def __init__(self, titles: list[str]) -> None:
        self.full: dict[str, str] = {}
        for short in CORE_LAWS:
            self._add(PRC + short)
        for title in titles:
            self._add(title)
        for short, target in SHORT_FORMS.items():
            self.full.setdefault(short, self.full.get(target, PRC + target))
        names = sorted(self.full, key=len, reverse=True)
        # Longest names first, so 商标法实施条例 wins over 商标法 at the same position.
        alternation = "|".join(re.escape(n) for n in names if len(n) >= 2)
        self.bare_re = re.compile(rf"(?<!《)(?:{PRC})?({alternation}){ARTICLE}{CLAUSE}{MORE}")

    def _add(self, title: str) -> None:
        title = title.strip()
        self.full.setdefault(normalise_title(title), title)
        self.full.setdefault(title, title)
        if title.startswith(PRC) and len(title) > len(PRC) + 1:
            self.full.setdefault(title[len(PRC) :], title)

    @classmethod
    def load(cls, session: Session | None) -> AliasTable:
        if session is None:
            return cls([])
        from ipatlas.library.models import LawDocument

        return cls(list(session.scalars(select(LawDocument.title).distinct())))

    def resolve(self, name: str) -> str:
        name = name.strip()
        return self.full.get(name) or self.full.get(normalise_title(name)) or name
