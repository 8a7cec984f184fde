"""A case library's metadata block (裁判书字号, 案例索引, 一审案号/二审案号, 审判组织, 基本情况) standing
for the header: the number of the latest instance listed, the court, judges, date and the party block
under it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ipatlas.litigation.parsing.cause import _cause
from ipatlas.litigation.parsing.header import _case_number
from ipatlas.litigation.parsing.metadata import _TYPE_WORD, _metadata
from ipatlas.litigation.parsing.party import Party, _is_party_line
from ipatlas.litigation.parsing.partyblock import _BLOCK_KEY
from ipatlas.litigation.parsing.patterns import _COURT_RE, _JUDGE_ROLE_RE, _PARTY_RE, _ROLE_ALT, CASE_NO_RE
from ipatlas.litigation.parsing.text import compact


@lru_cache(maxsize=1)
def _key_vocab() -> dict[str, tuple[str, ...]]:
    """``rules/metadata_keys.yaml``: the keys of a case page's 'label：value' metadata block."""
    from importlib import resources

    import yaml

    path = resources.files("ipatlas.litigation").joinpath("rules", "metadata_keys.yaml")
    data = yaml.safe_load(path.read_text("utf-8"))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in data.items()}


_LIST_NO = r"(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)?"
#: A bullet a site prints before a key (□案号, ● 案由).
_KEY_BULLET = r"[□■●•◆◇▪]?"
#: A case number's value run onto its key when a table's cell border was lost (一审案号(2020)苏01民初3534号),
#: also after the instance it names (案号 一审：（2021）沪03刑初101号).
_RUN_ON_NUMBER = r"(?=(?:[一二再]审[：:]?)?[（(〔\[]\d{4}[）)〕\]])"
#: A cause run onto its key the same way (案由侵害计算机软件著作权纠纷).
_RUN_ON_CAUSE = r"(?=[\u4e00-\u9fa5、（）()]{2,40}(?:纠纷|罪)$)"


def _key_line(c: str) -> tuple[str, str, str] | None:
    """(field, key, value) of a metadata line (1.裁判书字号 / 案例索引：… / （一）基本情况)."""
    for field_, keys in _key_vocab().items():
        alt = "|".join(re.escape(k) for k in keys)
        if field_ == "party_headings":
            m = re.match(rf"^{_LIST_NO}({alt})[：:]?$", c)
        elif field_ == "case_number":
            m = re.match(rf"^{_LIST_NO}{_KEY_BULLET}({alt})(?:[：:]\s*(.*)|{_RUN_ON_NUMBER}(.*))?$", c)
        else:
            m = re.match(rf"^{_LIST_NO}{_KEY_BULLET}({alt})(?:[：:]\s*(.*))?$", c)
        if m:
            return field_, m.group(1), next((g for g in m.groups()[1:] if g), "")
    return None


def _run_on_cause(c: str) -> str | None:
    """A 案由 key whose value runs on without a separator (案由侵害计算机软件著作权纠纷), or None."""
    m = re.match(rf"^{_KEY_BULLET}案由{_RUN_ON_CAUSE}(.+)$", c)
    return m.group(1) if m else None


def _number_rank(number: str) -> int:
    """The instance a case number's type names: 初 1, 终 2, 再/提/申/监 3, else 0."""
    if re.search(r"(?:再|提|申|监)(?:字)?第?\d", number):
        return 3
    if re.search(r"终(?:字)?第?\d", number):
        return 2
    return 1 if re.search(r"初(?:字)?第?\d", number) else 0


def _key_judges(value: str) -> list[dict[str, str]]:
    """审判长：黄涛；人民陪审员：姚小琼、区美琪 (a role before its names; names without a role are left)."""
    out = []
    for chunk in re.split(r"[；;，,]", value.rstrip("。")):
        m = re.match(rf"^({_JUDGE_ROLE_RE.pattern})[：:]?(.+)$", chunk.strip())
        if m:
            for name in m.group(2).split("、"):
                if re.fullmatch(r"[\u4e00-\u9fa5·]{2,6}", name):
                    out.append({"name": name, "role": m.group(1)})
    return out


def _split_side_runs(lines: list[str]) -> list[str]:
    """原告：甲、乙；被告： / 丙等 (a summary's sides on one line, a value run onto the next): a line
    per side, a side's name list completed from the next line, a closing 等 dropped."""
    out: list[str] = []
    for line in lines:
        parts = [line]
        if "；" in line or ";" in line:
            parts = re.split(rf"[；;](?=(?:{_ROLE_ALT})[：:])", compact(line))
        for part in parts:
            bare_role = out and re.fullmatch(rf"(?:{_ROLE_ALT})[：:]", compact(out[-1]))
            if bare_role and not _key_line(compact(part)):
                out[-1] = compact(out[-1]) + part
            else:
                out.append(part)
    out = [re.sub(r"(?<=[\u4e00-\u9fa5）])等$", "", x) if _PARTY_RE.match(compact(x)) else x for x in out]
    last = compact(out[-1]) if out else ""
    if _PARTY_RE.match(last) and "、" in last and not re.search(rf"[。；;）)]$|{_LIST_ORG_END}$", last):
        out[-1] = last[: last.rfind("、")]  # the page stops inside a side's list: its last item is cut
    return out


_LIST_ORG_END = r"(?:公司|厂|店|商行|协会|中心|院|局|委员会|社|所|部)"
#: a case title inside a page's sentence (本文以…之甲等诉乙等不正当竞争纠纷案为…)
_TITLE_IN_SENTENCE = re.compile(r"[^，。；：之]{2,80}?(?:诉|与)[^，。；：]{2,100}?纠纷(?:一)?案")


def _key_block_cause(pre: list[str], parties: list[Party]) -> str | None:
    """The cause of a key-block page from a case title in its opening sentences, when the title names
    one of the parties of the block."""
    names = [p.name for p in parties if len(p.name) >= 4]
    for line in pre:
        for m in _TITLE_IN_SENTENCE.finditer(compact(line)):
            if any(n in m.group(0) for n in names):
                return _cause(m.group(0), parties)
    return None


_INSTANCE_RANK = {"一审": 1, "二审": 2, "再审": 3}

#: The case title a collection prints in brackets after its 案号 (…号〔甲、乙诉丙等、丁…纠纷案〕).
_NUMBER_TITLE = re.compile(
    r"^[（(〔\[](?P<p>[^（）()〔〕诉]{2,120}?)诉(?P<d>[^（）()〔〕]{2,200}?纠纷(?:一)?案)[）)〕\]]"
)
_TITLE_SIDE_END = r"(?:公司|厂|店|商行|合作社|经营部|中心|协会|研究院|研究所|大学|学校|学院|医院|某某?)"


def _named_third(name: str, page: str) -> bool:
    """Whether the page calls a title's defendant 第三人 (by its name or a short name sharing its stem and
    its ending: 第三人浙东驾培公司 for 台州市…浙东驾驶员培训服务有限公司)."""
    for m in re.finditer(rf"第三人([\u4e00-\u9fa5]{{2,30}}?{_TITLE_SIDE_END})", page):
        short = m.group(1)
        end = re.search(_TITLE_SIDE_END + "$", short)
        if short == name or (end and name.endswith(end.group(0)) and short[:2] in name[:-2]):
            return True
    return False


def _number_title_sides(tail: str, page: str) -> list[str] | None:
    """Party lines for the sides of a bracketed case title following a key's case number, or None: the
    plaintiffs before 诉, the defendants after it up to the cause (a side's closing 等 dropped; one the page
    calls 第三人 is a third party)."""
    m = _NUMBER_TITLE.match(tail)
    if m is None:
        return None
    d = re.match(rf"^(.*{_TITLE_SIDE_END})等?[^、]*?纠纷(?:一)?案$", m.group("d"))
    if d is None:
        return None
    plaintiffs = m.group("p").split("、")
    defendants = [re.sub(r"(?<=.{2})等$", "", x) for x in d.group(1).split("、")]
    names = [*plaintiffs, *defendants]
    if any(len(x) < 2 or re.search(r"的|法院", x) or not re.search(_TITLE_SIDE_END + "$", x) for x in names):
        return None
    return [f"原告：{x}。" for x in plaintiffs] + [
        f"{'第三人' if _named_third(x, page) else '被告'}：{x}。" for x in defendants
    ]


def _block_above(lines: list[str], start: int) -> int:
    """The first line of a run of party lines just above a metadata key (a case report's 公诉机关：甲 /
    被告人：乙 lines, then 案由：… and 一审案号：…), or -1. Other keys may sit between the run and the key."""
    first = -1
    for j in range(start - 1, max(-1, start - 30), -1):
        c = compact(lines[j])
        if _is_party_line(c):
            first = j
        elif not (_BLOCK_KEY.match(c) or _key_line(c)):
            break
    return first


def _listed_number(c: str) -> str | None:
    """A line under a number key holding only another instance's number, a court's short name or an
    instance label before it (南京中院（2018）苏01民初3207号 / 二审：（2015）某终字第8号 / 指定管辖：…)."""
    c = re.sub(r"^[\u4e00-\u9fa5]{2,6}[：:]", "", c)  # 一审： / 二审： / 指定管辖：
    m = CASE_NO_RE.search(c)
    if (
        not m
        or m.end() != len(c.rstrip("。；;"))
        or m.start() > 12
        or re.search(r"[，。：:]", c[: m.start()])
    ):
        return None
    return _case_number(m.group(0))


def _continued_number(c: str, current: str | None) -> str | None:
    """A listed number (_listed_number) when its type names a later instance than the key's, else None."""
    number = _listed_number(c)
    return number if number and _number_rank(number) > _number_rank(current or "") else None


def _key_block(lines: list[str]) -> tuple[dict[str, Any], list[str]] | None:
    """A page whose only header is a case library's metadata block (裁判书字号 / 诉讼双方 / 审判组织,
    案例索引：法院+案号, 二审案号：…, 基本情况 原告：…被告：…): the header's fields from its keys; the
    party block follows them. None when the page has no key naming a case number and no party block
    under a key."""
    lines = _split_side_runs(lines)
    page = compact("".join(lines))
    head: dict[str, Any] = {}
    for i, line in enumerate(lines[:80]):
        c = compact(line)
        k = _key_line(c)
        if k is None:
            if "start" in head and "body_lo" not in head and _is_party_line(c):
                head["body_lo"] = i
            if head.get("number_key") == i - 1 and _listed_number(c):
                head["number_key"] = i  # the numbers listed under 案号： (一审：…, 指定管辖：…, 二审：…)
                if nxt := _continued_number(c, head.get("case_number")):
                    head["case_number"] = nxt  # 江苏高院（2019）苏民终1316号 under 案号：…
            continue
        field_, key, value = k
        head.setdefault("start", i)
        m = CASE_NO_RE.search(value)
        # Documents listed under 裁判书字号 (一审裁定书：…, 一审判决书：…) come in their order: the last
        # is the one the page gives; a plain number key gives the first number only, an instance's key
        # (一审案号：… 二审案号：…, 案号 一审：…) gives way to a later instance's.
        rank = 0
        if field_ == "case_number":
            rank = _INSTANCE_RANK.get(key[:2], _INSTANCE_RANK.get(value[:2], 0))
        if field_ == "case_number" and (m or not value):
            head["number_key"] = i  # 案号： alone on its line: the numbers follow, a line each
        if m and (
            field_ == "numbered_documents"
            or (field_ == "case_number" and ("case_number" not in head or rank > head.get("rank", 0)))
        ):
            head["case_number"] = _case_number(m.group(0))
            head["rank"] = rank
            court = value[: m.start()].strip("：:，,。 ")
            head["title_sides"] = (i, _number_title_sides(value[m.end() :].strip(), page))
            if _COURT_RE.match(court):
                head["court"] = court.removeprefix("中华人民共和国")
            if (t := _TYPE_WORD.search(key)) is not None:
                head["type"] = t.group(0)
        elif field_ == "court" and _COURT_RE.match(value.rstrip("。")):
            head.setdefault("court", value.rstrip("。").removeprefix("中华人民共和国"))
        elif field_ == "judges":
            head.setdefault("judges", _key_judges(value))
        elif field_ == "decided_on" and (d := _metadata([f"裁判日期：{value}"]).get("decided_on")):
            head.setdefault("decided_on", d)
    at, sides = head.pop("title_sides", (-1, None))
    if "start" in head and "body_lo" not in head and sides:
        lines = [*lines[: at + 1], *sides, *lines[at + 1 :]]  # the title's sides stand for a party block
        head["body_lo"] = at + 1
    if "start" in head and "body_lo" not in head and (above := _block_above(lines, head["start"])) >= 0:
        head.update(start=above, body_lo=above)  # 公诉机关：…/被告人：… lines, then 案由：/一审案号：
    if "start" not in head or ("case_number" not in head and "body_lo" not in head):
        return None
    head.pop("rank", None)
    head.pop("number_key", None)
    head.update(keyed=True)
    head.setdefault("type", None)
    head.setdefault("case_number", None)
    head.setdefault("body_lo", head["start"] + 1)
    return head, lines
