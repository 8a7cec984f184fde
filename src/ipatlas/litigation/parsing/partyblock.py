"""The party block: role lines and agent lines after the header, parties joined or named only in
the story, masked names completed from the title or the story, short names (以下简称) attached."""

from __future__ import annotations

import re
from typing import Any

from ipatlas.litigation.parsing.party import (
    _ALIAS_IN_PAREN,
    _DROP_PAREN,
    _FIRM_RE,
    Party,
    _address,
    _clean_name,
    _is_narrative_party_line,
    _is_party_line,
    _parse_agent,
    _party_type,
)
from ipatlas.litigation.parsing.patterns import _AGENT_RE, _NARRATIVE_RE, _PARTY_RE, _REP_RE
from ipatlas.litigation.parsing.sides import _direct_side
from ipatlas.litigation.parsing.text import compact

#: A key line of a case summary (2、案由：侵害商标权纠纷, 3、当事人, 审理法院：…) in the party block.
_BLOCK_KEY = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?"
    r"(?:案由|当事人(?:信息)?|审理法院|案号|裁判文书字号|文书字号|案件类型)[：:]?[^。]{0,40}$"
)
_STORY_HEADING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?"
    r"(?:原告诉求|诉讼请求|基本案情|案情简介|案件事实|核心争议|争议焦点)[：:]?$"
)
_LISTED_NAME = re.compile(
    r"^(?:[^、，。；：]{2,30}?(?:公司|厂|店|商行|协会|中心|宾馆|超市|经营部)|[\u4e00-\u9fa5]{2,4})$"
)


def _listed_parties(p: Party | None) -> list[Party]:
    """被告：深圳B公司、深圳C公司 (a summary lists a side on one line): a party each, when every item
    is an organisation's or a person's name."""
    if p is None:
        return []
    items = p.name.split("、")
    if len(items) < 2 or not all(_LISTED_NAME.match(x) for x in items):
        return [p]
    out = []
    for item in items:
        q = Party(name=item, role=p.role, side=p.side, role_detail=p.role_detail, line=p.line)
        q.type = _party_type(item, "")
        out.append(q)
    return out


#: 甲公司之商标权承继人：乙公司 — the successor stands in the suit for the party it succeeded.
_SUCCESSOR = re.compile(r"^[^，。；：]{2,60}?之[\u4e00-\u9fa5]{0,8}?(?:承继人|继受人|继承人)[：:]")


def _party_from_line(pm: re.Match[str], line: str) -> Party | None:
    rest = _SUCCESSOR.sub("", pm.group("rest"))
    name, aliases = _clean_name(rest)
    # 上诉人代理律师：甲 (a site's metadata key): the side's agent, never a party's name.
    if not name or re.match(r"^(?:代理律师|代理人|委托代理)", name):
        return None
    paren = pm.group("paren")
    p = Party(
        name=name,
        role=pm.group("role"),
        side=_direct_side(pm.group("role"), paren),
        role_detail=paren,
        line=line,
        aliases=aliases,
    )
    p.type = _party_type(name, rest)
    p.address = _address(rest)
    return p


def _bare_firm(text: str) -> bool:
    """The agent's description stops at its firm (…，均系某律师事务所 / …，某律师事务所。)."""
    ends = [m.end() for m in _FIRM_RE.finditer(text)]
    return bool(ends) and not text[ends[-1] :].strip("。，, ")


def _agents_from_line(am: re.Match[str], parties: list[Party], agents_all: list[dict[str, Any]]) -> None:
    # 张三，甲律师事务所律师；李四，乙律师事务所律师 — several agents on one line.
    chunks = [x for x in re.split(r"[；;]", am.group("rest")) if x.strip()] or [am.group("rest")]
    for k, chunk in enumerate(chunks):
        if k and not _FIRM_RE.search(chunk) and not re.match(r"^[\u4e00-\u9fa5·]{2,4}[，、]", chunk):
            continue  # a clause about the same agent (代理权限 …), not another agent
        info = _parse_agent(chunk)
        if am.group("kind") == "辩护人" and info["firm"] and not info["lawyer"] and _bare_firm(info["text"]):
            # 辩护人甲、乙，均系某律师事务所 (nothing said after the firm): a firm's defender is its lawyer.
            info["lawyer"] = True
        info["lead"] = am.group("lead")
        info["kind"] = am.group("kind")
        if parties:
            info["party"] = parties[-1].name
            parties[-1].agents.append(info)
        agents_all.append(info)


def _parties(lines: list[str], body_lo: int) -> tuple[list[Party], list[dict[str, Any]], int]:
    """The party block after the header: (parties, all agents, index of the first narrative line)."""
    parties: list[Party] = []
    agents_all: list[dict[str, Any]] = []
    i = body_lo
    narrative_idx = len(lines)
    while i < len(lines):
        line = lines[i]
        c = compact(line)
        pm = _PARTY_RE.match(c)
        am = _AGENT_RE.match(c) if not pm else None
        if (pm and _is_narrative_party_line(c)) or _STORY_HEADING.match(c):
            narrative_idx = i  # also 原告诉求 / 二、基本案情: a case summary's story begins
            break
        if pm:
            parties.extend(_listed_parties(_party_from_line(pm, line)))
        elif _BLOCK_KEY.match(c):
            pass  # a case summary's 案由：… / 3、当事人 key: its value is read as metadata
        elif am and len(c) < 400:
            _agents_from_line(am, parties, agents_all)
        elif _REP_RE.match(c):
            if parties and parties[-1].address is None and re.match(r"^(?:住所|住址|地址|营业场所)", c):
                parties[-1].address = _address(c)
        elif _NARRATIVE_RE.search(c) or len(c) > 120:
            narrative_idx = i
            break
        i += 1
        if i - body_lo > 80:
            narrative_idx = i
            break
    return parties, agents_all, narrative_idx


#: 本院依法追加乙为本案被告 / 追加丙为第三人: a party the court joined, named only in the story.
_JOINED_RE = re.compile(
    r"追加(?P<name>[^，。；、：为]{1,40}?)为(?:本案)?(?:共同)?(?P<side>被告|第三人)(?![^，。；]{0,4}的)"
)


def _joined_parties(narrative: str, parties: list[Party]) -> list[Party]:
    """The parties a text without a party block names only as joined by the court (追加乙为本案被告)."""
    known = {n for p in parties for n in (p.name, *p.aliases)}
    out: list[Party] = []
    for m in _JOINED_RE.finditer(narrative):
        name = re.sub(r"^(?:原告|被告|第三人)", "", _DROP_PAREN.sub("", m.group("name"))).strip()
        if len(name) >= 2 and name not in known and all(o.name != name for o in out):
            out.append(
                Party(name=name, role=m.group("side"), side=m.group("side"), role_detail=None, line="")
            )
            out[-1].type = _party_type(name, "")
    return out


#: 由包括原告乙公司在内的… / 被告丙公司认为…: an organisation named with its side inside a story.
_SIDE_MENTION = re.compile(
    r"(原告|被告|第三人)([\u4e00-\u9fa5（）]{2,30}?(?:公司|厂|商行|中心|集团|合作社))(?![\u4e00-\u9fa5]{0,2}[）)])"
)


def _story_line_parties(parties: list[Party], block: list[str]) -> list[Party]:
    """A case summary whose 'party block' is its story paragraph (原告甲公司系…，…原告乙公司…，被告丙公司…):
    the other organisations it names with their side, in a party line over 120 characters or, after a
    party line that describes its party (甲公司系…), in the block and the story's first lines."""
    known = {n for p in parties for n in (p.name, *p.aliases)}
    out: list[Party] = []
    lines = [compact(p.line) for p in parties if len(compact(p.line)) > 120]
    if any(re.match(rf"^.{{0,16}}?{re.escape(p.name)}(?:系(?![统列])|是)", compact(p.line)) for p in parties):
        lines += [compact(p.line) for p in parties] + [compact(x) for x in block]
    for line in dict.fromkeys(lines):
        for m in _SIDE_MENTION.finditer(line):
            name = m.group(2)
            if name not in known and not any(name in k or k in name for k in known):
                known.add(name)
                out.append(Party(name=name, role=m.group(1), side=m.group(1), role_detail=None, line=line))
                out[-1].type = _party_type(name, "")
    return out


def _unmask_from_title(parties: list[Party], title: str | None) -> None:
    """A party line masked in part (新疆***米拉斯国际贸易有限公司) under a site title that names the same
    party in full (…、新疆艾佳德米拉斯国际贸易有限公司侵害…纠纷): the full name is the party's. The
    unmasked start and end must both be there (two characters or more)."""
    t = compact(title or "")
    if not t:
        return
    for p in parties:
        pieces = re.split(r"[*＊×XxＸ]+", p.name)
        if len(pieces) < 2 or len(pieces[0]) < 2 or len(pieces[-1]) < 2 or "某" in p.name:
            continue
        fill = r"[^*＊×XxＸ、，。；：与诉及和]{1,12}?"
        m = re.search(fill.join(re.escape(x) for x in pieces), t)
        if m and m.group(0) != p.name:
            p.name = m.group(0)


def _late_block(lines: list[str], idx: int) -> int:
    """A party block that starts a few lines below the header, after a site's note (中诉网本网追踪…):
    the index of its first line when two party or agent lines follow the note, else -1."""
    for j in range(idx + 1, min(idx + 4, len(lines))):
        if _is_party_line(compact(lines[j])):
            nxt = compact(lines[j + 1]) if j + 1 < len(lines) else ""
            return j if _AGENT_RE.match(nxt) or _REP_RE.match(nxt) or _is_party_line(nxt) else -1
    return -1


def _unmask_from_story(parties: list[Party], story: str) -> None:
    """A party masked in part (佛山市依之妮*限公司) whose full name the story prints once it is unmasked
    (原审原告佛山市依之妮内衣有限公司): that name, when the story fills the mask one way only."""
    for p in parties:
        pieces = re.split(r"[*＊×]+", p.name)
        if len(pieces) < 2 or len(pieces[0]) < 2 or len(pieces[-1]) < 2 or "某" in p.name:
            continue
        fill = r"[^*＊×XxＸ、，。；：与诉及和（）]{1,12}?"
        found = {m.group(0) for m in re.finditer(fill.join(re.escape(x) for x in pieces), story)}
        if len(found) == 1:
            p.name = found.pop()


def _complete_parties(parties: list[Party], narrative: str, title: str | None, *, blockless: bool) -> None:
    """Parties found, then completed: the joined ones of a text without a party block (追加乙为被告), full
    names for masked ones from the title, and short names from the story."""
    if blockless:
        parties += _joined_parties(compact(narrative), parties)
    _unmask_from_title(parties, title)
    _narrative_aliases(parties, narrative)


def _narrative_aliases(parties: list[Party], narrative: str) -> None:
    for m in _ALIAS_IN_PAREN.finditer(narrative):
        # 原告中粮集团有限公司（以下简称中粮公司）: attach the alias to the party named before it.
        before = narrative[: m.start()]
        for p in parties:
            if before.endswith(p.name) and m.group(1) not in p.aliases:
                p.aliases.append(m.group(1).strip())


def _party_block_start(lines: list[str], *, prosecution: bool = False) -> int:
    """The first line of a party block (原告：甲公司，住所地… / 上诉人（原审被告）：乙) on a page without a
    court header or a judgment title, when the story (…纠纷一案, 本院) follows within a few lines. With
    ``prosecution`` (a page nothing else reads), a prosecution's block (原公诉机关：… / 上诉人
    （原审被告人）：…) may go on to what the court found or the charge (经审理查明…, 公诉机关指控…)."""
    for i, line in enumerate(lines[:60]):
        c = compact(line)
        if not _is_party_line(c):
            continue
        story = r"一案|本院|纠纷"
        if prosecution and re.match(r"(?:原)?公诉机关", c):
            story += r"|审理查明|指控|公诉机关认为"
        if any(re.search(story, compact(x)) for x in lines[i + 1 : i + 30]):
            return i
    return -1
