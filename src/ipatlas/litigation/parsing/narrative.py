"""Parties of a text without a party block, from its story or title: 甲诉乙…纠纷一案, 上诉人甲与
被上诉人乙因…一案, 上诉人甲、乙因…一案, and those who plead (原告甲诉称 / 被告乙辩称)."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.cause import _cause
from ipatlas.litigation.parsing.party import _ALIAS_IN_PAREN, _DROP_PAREN, Party, _party_type
from ipatlas.litigation.parsing.text import compact

_PAIR_RE = re.compile(
    r"(?:(?:一审|原审)?原告)(?P<p>[^，。；：]{1,80}?)(?:诉|与)(?:(?:一审|原审)?被告)(?P<d>[^，。；：]{1,160})$"
)


#: 上诉人甲与上诉人乙因…纠纷一案 / 再审申请人甲因与再审被申请人乙…: the labels give no first-instance
#: side; the sides are inferred from the story (甲向一审法院提出诉讼请求, 驳回乙的全部诉讼请求).
_ROLE_PAIR_RE = re.compile(
    r"^(?P<r1>上诉人|再审申请人|申请再审人|申诉人)(?P<p>[^，。；：]{1,80}?)(?:因与|与)"
    r"(?P<r2>被上诉人|上诉人|再审被申请人|被申请人|被申诉人)(?P<d>[^，。；：]{1,160}?)因?$"
)


#: 上诉人甲、乙因…纠纷一案，不服…: one role and no second side named (a masked page that starts with
#: its story); the sides come from the story or, in an administrative case, from who the agency is.
_ROLE_ONLY_RE = re.compile(
    r"^(?P<r1>上诉人|再审申请人|申请再审人|申诉人)(?P<p>(?:[^，。；：（）]|（[^（）]{0,40}）){1,160}?)因$"
)
#: A party named in a list with its own first-instance label (被上诉人甲、原审被告乙).
_LISTED_ROLE = re.compile(r"^(?:一审|原审)?(原告|被告|第三人)")
_TITLE_WITH_RE = re.compile(r"^(?P<r1>)(?P<p>[^，。；：与]{2,80}?)与(?P<r2>)(?P<d>[^，。；：]{2,160})$")
_FOREIGN_PAREN = re.compile(r"（[^（）]*[A-Za-z][^（）]*）$")
_LIST_NUMBER = re.compile(
    r"^(?:\d{1,3}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)


def _narrative_parties(title: str | None, narrative: str) -> list[Party]:
    """Parties of a text without a party block: 甲诉乙…纠纷一案 (title), 原告甲诉/与被告乙…一案 or
    上诉人甲与上诉人乙因…一案 (story), 上诉人甲、乙因…一案 (one role). A title that abridges its list
    (甲诉乙等…纠纷) gives way to a story that names everyone."""
    return _pair_parties(title, narrative, abridged=False) or _pair_parties(title, narrative, abridged=True)


def _pair_parties(title: str | None, narrative: str, *, abridged: bool) -> list[Party]:
    """_narrative_parties, taking (abridged) or leaving (not abridged) a side list that ends with 等."""
    title = _LIST_NUMBER.sub("", compact(title or ""))  # 5.甲与乙…纠纷案: an item of a list of cases
    for text, pattern in (
        (title, re.compile(r"^(?P<p>[^，。；：]{1,80}?)诉(?P<d>[^，。；：]{1,160})$")),
        (narrative, _PAIR_RE),
        (narrative, _ROLE_PAIR_RE),
        (narrative, _ROLE_ONLY_RE),
        # A title 甲与乙、丙…纠纷案 lists the plaintiff first; the story can still say otherwise.
        (title, _TITLE_WITH_RE),
    ):
        cause = _cause(text, []) if text else None
        if not cause or text.find(cause) <= 0:
            continue
        m = pattern.search(text[: text.find(cause)])
        if not m or (not abridged and any((m.groupdict().get(g) or "").endswith("等") for g in ("p", "d"))):
            continue
        out: list[Party] = []
        for side, group in (("原告", "p"), ("被告", "d")):
            role = m.groupdict().get("r1" if group == "p" else "r2") or side
            for raw in (m.groupdict().get(group) or "").split("、"):
                aliases = [a.strip() for a in _ALIAS_IN_PAREN.findall(raw)]
                own = _LISTED_ROLE.match(raw)
                name = re.sub(r"^(?:(?:一审|原审)?(?:原告|被告|第三人))", "", _DROP_PAREN.sub("", raw))
                name = _FOREIGN_PAREN.sub("", name).strip()  # a foreign name in brackets
                name = re.sub(r"(?<=..)等$", "", name) if abridged else name
                name = re.sub(r"^原(?=国家|中华人民共和国)", "", name)  # 原国家工商…: the former agency
                if name:
                    known = own.group(1) if own else side if role == side else None
                    label = own.group(0) if own else role or side
                    out.append(Party(name=name, role=label, side=known, role_detail=None, line=text))
                    out[-1].type = _party_type(name, "")
                    out[-1].aliases = aliases
        return out
    return []


_PLEADING_RE = re.compile(
    r"(?:^|[。；\n])(?P<side>原告|被告)(?P<names>[^，。；：\n]{2,80}?)(?:共同)?(?:起诉称|诉称|答辩称|辩称)"
)


def _pleading_parties(body: str) -> list[Party]:
    """No party block and no pair in the story (a 调解书 that starts with 案由): the parties are those
    who plead, 原告甲、乙共同起诉称 / 被告丙答辩称."""
    out: list[Party] = []
    for m in _PLEADING_RE.finditer(body):
        for raw in m.group("names").split("、"):
            # A leading bracket is a description (（英国）路华公司), not part of the name.
            name = re.sub(r"^（[^（）]{1,10}）", "", _DROP_PAREN.sub("", raw)).strip()
            if name and all(p.name != name for p in out):
                out.append(
                    Party(name=name, role=m.group("side"), side=m.group("side"), role_detail=None, line="")
                )
                out[-1].type = _party_type(name, "")
    return out if any(p.side == "原告" for p in out) else []
