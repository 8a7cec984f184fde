"""One party line read: the ``Party`` record, its name cleaned (aliases, former names, foreign
names dropped), its type and address, its agents (firm, lawyer or not);
a party line told from a story line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ipatlas.litigation.parsing.patterns import _NARRATIVE_RE, _PARTY_RE, _ROLE_ALT


@dataclass
class Party:
    name: str
    role: str
    side: str | None  # 原告 | 被告 | 第三人 (first instance)
    role_detail: str | None
    line: str
    aliases: list[str] = field(default_factory=list)
    type: str = "企业"
    address: str | None = None
    agents: list[dict[str, Any]] = field(default_factory=list)


_ALIAS_IN_PAREN = re.compile(r"（(?:以下|下)?(?:简称|称)[：:]?“?([^（）”]{1,20})”?）")
_DROP_PAREN = re.compile(
    r"（(?:以下|下)?(?:简称|称|曾用名|原名|又名|原企业名称|原称|现名|变更前名称|英文名|译名|别名)[^（）]*）"
)
_ROLE_PAREN = re.compile(r"（[^（）]*(?:原告|被告|上诉人|申请人|第三人|反诉)[^（）]*）")
_NAME_STOP = re.compile(
    r"[，。；,]|\s(?=[\u4e00-\u9fa5])|住所|住址|地址|住\s*[\u4e00-\u9fa5]{2}|公民身份|身份证|统一社会|组织机构|"
    r"法定代表|负责人|经营者|营业执照|注册号|出生|性别|男，|女，|男。|女。|"
    # 原告甲公司系挪威著名铝业公司: a description after an organisation's name (not 系统, 系列)
    r"(?:(?<=公司)|(?<=厂)|(?<=集团)|(?<=中心)|(?<=商行)|(?<=合作社))(?:系(?![统列])|是)"
)
_ORG_WORDS = re.compile(
    r"公司|厂|店|行$|商行|中心|经营部|门市|集团|企业|合作社|事务所|株式会社|会社|酒店|饭店|宾馆|超市|商场|"
    r"批发部|研究所|Company|Inc|Ltd|LLC|GmbH|S\.A|S\.P\.A|AG$|有限|合伙|商店|市场|工作室|部$|馆$|铺$|场$|社$|站$"
)
_INST_WORDS = re.compile(
    r"协会|委员会|局$|大学|学院|学校|研究院|科学院|医院|政府|管理处|办公室|基金会|商会|联合会|法院|检察院"
)


KEEP_TRAILING_PARENS = {"普通合伙", "有限合伙", "特殊普通合伙", "集团"}


def _clean_name(raw: str) -> tuple[str, list[str]]:
    """Party name from the text after the role label; returns (name, aliases)."""
    s = raw.strip().lstrip("：:，, ")
    aliases = [a.strip() for a in _ALIAS_IN_PAREN.findall(s)]
    # Cut at the first delimiter that is not inside parentheses.
    depth = 0
    cut = len(s)
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _NAME_STOP.match(s, i)
            if m:
                cut = i
                break
        i += 1
    name = s[:cut]
    name = _DROP_PAREN.sub("", name)
    name = _ROLE_PAREN.sub("", name)
    # Foreign names in parentheses (mostly Latin letters) are dropped.
    name = re.sub(r"（[^（）\u4e00-\u9fa5]*[A-Za-z][^（）\u4e00-\u9fa5]*）?$", "", name)
    name = re.sub(r"（[^（）\u4e00-\u9fa5]{3,}）", "", name)
    name = re.sub(r"（[^（）]*$", "", name)  # an unclosed parenthesis
    name = re.sub(r"[【［][^【】［］]*[】］]?$", "", name)
    # A trailing parenthesis is a description or a former name, not part of the registered name.
    if name.endswith("）"):
        depth = 0
        for k in range(len(name) - 1, -1, -1):
            if name[k] == "）":
                depth += 1
            elif name[k] == "（":
                depth -= 1
                if depth == 0:
                    if k > 0 and name[k + 1 : -1] not in KEEP_TRAILING_PARENS:
                        name = name[:k]
                    break
    # A Latin-script name after the Chinese one (德国舒乐达公司 I.Schroeder KG).
    # Letters that mask a name (余XX, 王xx) are the name as printed, not a foreign one.
    if not re.search(r"(?<=[\u4e00-\u9fa5])(?:[XxＸ]{1,4}|[A-Z])$", name):
        name = re.sub(r"(?<=[\u4e00-\u9fa5）])\s*[A-Za-z][A-Za-z0-9 .,&'’/-]*$", "", name)
    name = name.strip(" ：:，,。.")
    name = re.sub(r"\s+(?=[\u4e00-\u9fa5（])|(?<=[\u4e00-\u9fa5）])\s+", "", name)
    return name, aliases


def _party_type(name: str, rest: str) -> str:
    if re.match(r"^[^，。]{0,30}[，,]\s*(?:男|女)(?:[，。,]|$)", rest) or re.search(
        r"[，,]\s*(?:男|女)\s*[，,。]", rest[:60]
    ):
        return "个人"
    if _INST_WORDS.search(name):
        return "机构"
    if _ORG_WORDS.search(name):
        return "企业"
    if re.fullmatch(r"[\u4e00-\u9fa5·]{2,4}", name) or re.fullmatch(
        r"[\u4e00-\u9fa5]某+|[\u4e00-\u9fa5]{1,2}某某?", name
    ):
        return "个人"
    if re.search(r"[A-Za-z]", name):
        return "企业"
    return "企业" if len(name) > 5 else "个人"


_ADDR_RE = re.compile(r"(?:住所地|住所|住址|地址|营业场所|经营场所|住)\s*[：:]?\s*([^。；]{2,80})")


def _address(rest: str) -> str | None:
    m = _ADDR_RE.search(rest)
    if not m:
        return None
    addr = m.group(1).split("，")[0].strip()
    return addr or None


_FIRM_RE = re.compile(
    r"([\u4e00-\u9fa5A-Za-z（）]{2,40}?律师事务所(?:（[\u4e00-\u9fa5]{1,8}）)?(?:[\u4e00-\u9fa5]{1,8}?分所)?)"
)
_FIRM_PREFIX = re.compile(
    r"^(?:均系|均为|均是|分别系|分别为|系|为|是|现为|均|该所|隶属|供职于|就职于|执业于|任职于)+"
)
_PERSON_NAME = re.compile(
    r"^[\u4e00-\u9fa5][\u4e00-\u9fa5·•XxＸ×＊*]{1,5}$|^[\u4e00-\u9fa5]某+$|^[A-Za-z][A-Za-z .·-]{1,40}$"
    # a name masked as one capital letter (辩护人A、B)
    r"|^[A-Z]$"
)


def _parse_agent(rest: str) -> dict[str, Any]:
    """'孙彦，北京市天元律师事务所律师。' -> {names, firm, lawyer}."""
    text = rest.strip().lstrip("：: ")
    text = re.sub(r"^（[^（）]{0,12}）", "", text).lstrip("：: ")
    text = re.sub(r"（[^（）]{0,10}(?:授权|代理)[^（）]{0,6}）", "", text)
    first = re.split(r"。|代理权限|特别授权|一般授权|；", text, maxsplit=1)[0]
    segments = [seg.strip() for seg in re.split(r"[，,]", first) if seg.strip()]
    names: list[str] = []
    desc_start = 0
    for k, seg in enumerate(segments):
        parts = [p.strip() for p in re.split(r"[、和及]", seg) if p.strip()]
        parts = [re.sub(r"\s+", "", p) for p in parts]
        if parts and all(_PERSON_NAME.match(p) for p in parts) and not _FIRM_RE.search(seg):
            names.extend(parts)
            desc_start = k + 1
            continue
        break
    if not names and segments:
        head = re.sub(r"\s+", "", segments[0])
        m = re.match(r"^([\u4e00-\u9fa5·]{2,4})(?=[\u4e00-\u9fa5]*律师事务所)", head)
        if m:
            names = [m.group(1)]
    desc = "，".join(segments[desc_start:]) if segments else ""
    firm = None
    role_text = ""
    m = _FIRM_RE.search(desc) or _FIRM_RE.search(first)
    if m:
        firm = _FIRM_PREFIX.sub("", re.sub(r"\s+", "", m.group(1)))
        # A name glued to the firm ("孙彦北京市天元律师事务所") is not part of it.
        for n in names:
            if firm.startswith(n) and len(firm) > len(n) + 6:
                firm = firm[len(n) :]
        after = (desc if _FIRM_RE.search(desc) else first)[m.end() :]
        role_text = re.split(r"[，。；、]", after, maxsplit=1)[0]
    is_lawyer = bool(
        firm
        and "律师" in role_text
        and not re.search(r"实习|助理|工作人员|职员|秘书|行政|员工|学徒", role_text)
    )
    return {"names": names, "firm": firm, "lawyer": is_lawyer, "text": first}


_STORY = re.compile(
    r"一案|纠纷|诉称|辩称|诉讼请求|向本院|本院|请求|提起|不服|申请再审|认为|主张"
    # 原告甲与被告乙… / 上诉人甲因与被上诉人乙…: two sides in one clause, even when the page stops there
    r"|(?:因与|与|诉)(?:一审|原审)?(?:被告|被上诉人|被申请人|被申诉人|原告|上诉人)"
)


_LEAD_ROLE = re.compile(rf"^(?:{_ROLE_ALT})")


def _is_narrative_party_line(c: str) -> bool:
    """原告甲公司与被告乙…纠纷一案… / 原告诉讼请求：… start like a party line but tell the story."""
    first = re.split(r"[，。；]", re.sub(r"^([^（]{0,8})（[^（）]{0,30}）", r"\1", c), maxsplit=1)[0]
    # The role word is no story even when it holds one of its words (申请再审人：王忠 vs 申请再审).
    first = _LEAD_ROLE.sub("", first)
    if first.startswith("的"):
        return True  # 原告的委托诉讼代理人甲到庭参加诉讼: no name ever begins with 的
    if re.search(r"住所|住址|出生|身份证|地址|营业场所", c[:80]):
        return False
    return bool(_STORY.search(first)) or (bool(_NARRATIVE_RE.search(c)) and len(c) > 60)


def _is_party_line(c: str) -> bool:
    """原告：甲公司，住所地… / 上诉人（原审被告）：乙 — a party's own line, not a story sentence."""
    pm = _PARTY_RE.match(c)
    if not pm or _is_narrative_party_line(c) or len(c) > 300:
        return False
    name, _ = _clean_name(pm.group("rest"))
    return len(name) >= 2 and bool(
        pm.group("paren")
        or re.match(r"(?:人|单位)?[：:]", c[len(pm.group("role")) :])  # 被告人：甲 as well as 被告：甲
        or re.search(r"住所|住址|出生|法定代表人", c)
    )
