"""The accused a criminal report names only in its story: every 被告人甲 / 被告单位乙 of the paragraph
that first names one (基本案情：…被告人甲指使被告人乙、丙…), or, with no role word, the one its judgment
sentences (判决：一、甲犯某罪，判处…)."""

from __future__ import annotations

import re
from functools import cache

from ipatlas.litigation.parsing.party import Party, _party_type
from ipatlas.litigation.parsing.text import compact

#: A masked person (王某, 梁某某, 王某甲); 罗某洲 (a real given name) only before a word ending the name.
_MASKED = r"[\u4e00-\u9fa5]某[\u4e00-\u9fa5](?=[、，,和及等犯]|$)|[\u4e00-\u9fa5]某{1,2}[甲乙丙丁戊己庚辛]?"
#: A unit charged with its staff (被告单位某公司), up to the first organisation word.
_UNIT = r"[\u4e00-\u9fa5（）]{2,30}?(?:公司|厂|店|商行|经营部|中心)"
#: 被告人甲、乙… / 被告单位甲: the names the role word introduces (a list runs on with 、 and 和/及).
_TOLD = re.compile(
    rf"被告人(?P<names>(?:{_MASKED})(?:[、和及](?:被告人)?(?:{_MASKED}))*)|被告单位(?P<unit>{_UNIT})"
)
_ONE = re.compile(_MASKED)
#: The operative sentence on one accused with no role word: （判决：）一、甲犯某罪，判处… / 甲犯某罪，免予….
_SENTENCED = re.compile(
    rf"(?:^|[：:。；，,])(?:[一二三四五六七八九十]+、)?(?P<name>{_MASKED})犯(?P<offence>[\u4e00-\u9fa5、]{{2,30}}?罪)[，,]?(?:判处|免予)"
)


@cache
def _offences() -> re.Pattern[str]:
    """The IP offences of the 刑法 (the longest first, so that a full name beats the one it contains)."""
    from ipatlas.litigation.causes import catalogue

    names = sorted((c["name"] for c in catalogue()["criminal"]), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _told_names(line: str) -> list[str]:
    """The accused a paragraph introduces with their role word, in order of mention; 秦某 cut from 秦某强
    before a verb (被告人秦某强获悉…) is dropped when the full name is listed too."""
    names: list[str] = []
    for m in _TOLD.finditer(compact(line)):
        found = [m.group("unit")] if m.group("unit") else _ONE.findall(m.group("names"))
        names += [n for n in found if n not in names]
    full = [n for n in names if re.fullmatch(r".某[^某甲乙丙丁戊己庚辛]", n)]
    return [n for n in names if not any(f.startswith(n) and f != n for f in full)]


def told_accused_story(lines: list[str]) -> tuple[int, str]:
    """(line, story) for a criminal report without party block, charge or case title: the accused of the
    first paragraph naming one (a 被告人：… line each, in order of mention), then that paragraph with the
    offence noted after it: the one sentenced, else the first IP offence the text names; else (-1, "")."""
    text = compact("".join(lines[:80]))
    for i, line in enumerate(lines[:80]):
        c = compact(line)
        names = _told_names(c)
        sentenced = None if names else _SENTENCED.search(c)
        if sentenced:
            names = [sentenced.group("name")]
        if not names:
            continue
        found = _offences().search(text)
        offence = sentenced.group("offence") if sentenced else (found.group(0) if found else "")
        if not offence:
            return -1, ""
        block = [f"被告人：{n}。" for n in names]
        return i, "\n".join([*block, f"{c}（被告人{'、'.join(names)}犯{offence}）"])
    return -1, ""


def named_offence(lines: list[str]) -> str | None:
    """The one IP offence a criminal page names (a typical case under an article on that offence), or None
    when it names none or several."""
    found = {m.group(0) for m in _offences().finditer(compact("".join(lines)))}
    return found.pop() if len(found) == 1 else None


def merge_told(lines: list[str], i: int, story: str) -> str:
    """A sentenced story (被告人甲、乙以某罪分别判处…) with the accused its paragraph names elsewhere
    (…被告人甲、丙销售…, only 甲 in the sentence) added as party lines before its own."""
    head, _, last = story.rpartition("\n")
    known = re.findall(r"^被告人：(.+)。$", head, re.M)
    more = [n for n in _told_names(lines[i]) if n not in known]
    if not more or not known:
        return story
    return "\n".join([head, *(f"被告人：{n}。" for n in more), last])


def told_accused_parties(lines: list[str]) -> list[Party]:
    """The accused of a criminal page whose body has no party block (案号：… over 案情简介：…被告人甲…):
    those of the first paragraph naming one."""
    for line in lines[:80]:
        if names := _told_names(line):
            return [
                Party(
                    name=n, role="被告人", side="被告", role_detail=None, line=line, type=_party_type(n, "")
                )
                for n in names
            ]
    return []
