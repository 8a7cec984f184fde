"""Criminal cases: the parties a charge names (公诉机关, 被告人, 附带民事诉讼原告), the accused a case title
names, the offence (犯…罪, 涉嫌…罪), a criminal case number or title."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.cause import _known_causes
from ipatlas.litigation.parsing.party import _DROP_PAREN, _ORG_WORDS, _PERSON_NAME, Party, _party_type
from ipatlas.litigation.parsing.patterns import _SITE_TAGS
from ipatlas.litigation.parsing.text import compact

#: 犯 as the verb "committed" (犯某罪), not the 犯 of 侵犯 / 触犯 / 冒犯 / 违犯 inside an offence's name.
_COMMITTED = r"(?<![侵触冒违])犯"
#: …人民法院审理…人民检察院指控（原审）被告人甲、（原审）被告单位乙犯某罪（及附带民事诉讼原告单位丙提起
#: 附带民事诉讼）一案: the parties of a criminal text that prints no party block.
_CHARGED_RE = re.compile(
    r"(?P<pro>[\u4e00-\u9fa5]{2,40}?人民检察院)(?:以[^，。；]{1,40}?)?指控(?:称)?[：:，,]?(?P<defs>[^。；]{2,200}?)"
    rf"{_COMMITTED}(?!罪)[\u4e00-\u9fa5、]{{2,40}}?罪(?P<rest>[^。；]{{0,120}})"
)
#: 某人民检察院以被告人甲（、乙）犯某罪，向某法院提起公诉: the prosecution told without 指控.
_PROSECUTED_RE = re.compile(
    r"(?P<pro>[\u4e00-\u9fa5]{2,40}?人民检察院)以(?P<defs>被告(?:人|单位)?[^。；，,]{2,80}?)"
    rf"{_COMMITTED}(?!罪)[\u4e00-\u9fa5、]{{2,40}}?罪[，,]?(?P<rest>[^。；]{{0,40}}?提起(?:了)?公诉)"
)
_CIVIL_PLAINTIFF = re.compile(
    r"附带民事诉讼原告(?:人|单位)?(?P<n>[\u4e00-\u9fa5（）]{2,40}?)(?:提起|向|对|诉)"
)


def _charged_parties(text: str) -> list[Party]:
    """Prosecutor (plaintiff side), the accused (defendants) and a 附带民事诉讼 plaintiff, from the
    sentence saying what the procuratorate charged (…指控… / 以被告人甲犯某罪…提起公诉)."""
    m = _CHARGED_RE.search(text) or _PROSECUTED_RE.search(text)
    if not m:
        return []
    prosecutor = re.split(r"审理|受理|法院", m.group("pro"))[-1]
    out = [Party(name=prosecutor, role="公诉机关", side="原告", role_detail=None, line=m.group(0))]
    for raw in re.split(r"、|和", m.group("defs")):
        name = re.sub(r"^(?:原审)?被告(?:人|单位)?", "", _DROP_PAREN.sub("", raw)).strip()
        if 2 <= len(name) <= 40 and all(p.name != name for p in out):
            out.append(Party(name=name, role="被告人", side="被告", role_detail=None, line=m.group(0)))
    cm = _CIVIL_PLAINTIFF.search(m.group("rest"))
    if cm:
        out.append(Party(name=cm.group("n"), role="附带民事诉讼原告", side="原告", role_detail=None, line=""))
    for p in out:
        p.type = _party_type(p.name, "")
    return out if len(out) > 1 else []


def _title_offence(title: str) -> tuple[str, str] | None:
    """(offence, the names before it) of a criminal case title (甲、乙侵犯商业秘密案 / …犯假冒注册商标罪一案 /
    …侵犯商业秘密罪刑事二审刑事裁定书): offences of the catalogue only."""
    c = _SITE_TAGS.sub("", compact(title))
    for name in _known_causes():
        if not name.endswith("罪"):
            continue
        m = re.search(rf"(?:犯)?{re.escape(name[:-1])}罪?(?:一)?案$|{re.escape(name)}", c)
        if m:
            return name, c[: m.start()]
    return None


def _title_defendants(title: str, parties: list[Party], body: str = "") -> list[Party]:
    """A criminal case title names the accused (甲、乙、丙侵犯商业秘密案): those the text cut off before
    their party lines. Not a document title (…刑事裁定书) nor an abridged one (甲等…案). A text naming
    nobody (a typical case's story) takes them when its story names them too."""
    found = _title_offence(title)
    if not found or not found[1] or "等" in found[1] or compact(title).endswith("书"):
        return []
    names = [x for x in found[1].split("、") if x]
    if not all(_PERSON_NAME.match(x) or _ORG_WORDS.search(x) for x in names):
        return []
    known = [p.name for p in parties]
    if not any(n in known for n in names) and (known or not all(f"被告人{n}" in body for n in names)):
        return []  # the title is another case's, or names the accused otherwise
    return [
        Party(name=n, role="被告人", side="被告", role_detail=None, line=title, type=_party_type(n, ""))
        for n in names
        if n not in known
    ]


def _criminal_cause(narrative: str, block: str) -> str | None:
    """The offence: 指控被告人…犯假冒注册商标罪一案, else 因涉嫌…罪 in the party block."""
    m = re.search(rf"{_COMMITTED}(?!罪)([\u4e00-\u9fa5、]{{2,40}}?罪)", narrative) or re.search(
        r"涉嫌(?:犯)?(?!罪)([\u4e00-\u9fa5、]{2,40}?罪)", compact(block)
    )
    return m.group(1) if m else None


def _criminal_number_or_title(case_number: str | None, title: str | None) -> bool:
    """A criminal case: its number's type (刑初, 刑终, 刑再 …) or a title ending …刑事（附带民事）裁定书."""
    if case_number and re.search(r"刑(?:初|终|再|申|监|提|核|更|抗|辖)", case_number):
        return True
    return bool(re.search(r"刑事(?:附带民事)?(?:判决|裁定)书$", _SITE_TAGS.sub("", compact(title or ""))))
