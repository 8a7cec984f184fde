"""Chinese IP court documents read by machine: one text -> the fields of a judgment record.

Civil, administrative and criminal judgments, rulings and mediation documents. The parser works on the
document's structure, not on a particular court's layout:

* the *header* is the last (court line, document-type line, case-number line) triple, so a
  典型案例 commentary before it is kept apart and, when one file holds two instances, the last
  instance is the document;
* the *party block* is the run of role lines (原告/上诉人（原审被告）/再审申请人/公诉机关/被告人 …) and agent
  lines (委托诉讼代理人, 辩护人 …) after the case number; parties are mapped to their **first-instance** side;
* the *operative part* follows the last 判决如下/裁定如下; the 依照/根据 sentence before it gives
  the laws cited; the signature block gives judges (with 书记员/法官助理) and the date.

Texts as published on the web are brought to that shape first: traditional characters, HTML remnants, a
document run together on one line; a page without the court header is read from its title, and site
metadata (裁判日期, 案由, 法律依据, 裁判结果) fills what the document itself does not say.

Nothing here raises on odd input: a text that is not a judgment comes back with
``case_number: None`` and a ``reason``.

The parts live in :mod:`ipatlas.litigation.parsing`, a module per concern; this module puts them
together (``parse_text``, ``parse_file``) and gives the output fields.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from ipatlas.litigation.courtnames import court_from_page
from ipatlas.litigation.laws import abbreviations, extract_citations
from ipatlas.litigation.numbers import parse_cn_date
from ipatlas.litigation.parsing.accused import named_offence, told_accused_parties, told_accused_story
from ipatlas.litigation.parsing.cause import _cause, _far_title_cause, _title_cause_of_pair
from ipatlas.litigation.parsing.criminal import (
    _CHARGED_RE,
    _PROSECUTED_RE,
    _charged_parties,
    _criminal_cause,
    _criminal_number_or_title,
    _title_defendants,
    _title_offence,
)
from ipatlas.litigation.parsing.header import (
    _case_number,
    _court_and_type,
    _fallback_header,
    _find_headers,
    _procedure,
    _type_on_number_line,
    _unmasked_number,
)
from ipatlas.litigation.parsing.keyblock import _key_block, _key_block_cause
from ipatlas.litigation.parsing.layout import (
    _reflow,
    _split_bracket_keys,
    _split_glued_header,
    _split_key_runs,
    _unannotate,
    _unpipe,
)
from ipatlas.litigation.parsing.metadata import _meta_header, _meta_judges, _metadata, _type_from_body
from ipatlas.litigation.parsing.money import _punitive, _sum_items
from ipatlas.litigation.parsing.narrative import _narrative_parties, _pleading_parties
from ipatlas.litigation.parsing.outcome import (
    _citation_sentence,
    _criminal_outcome,
    _damages,
    _operative,
    _outcome,
)
from ipatlas.litigation.parsing.party import Party, _is_party_line
from ipatlas.litigation.parsing.partyblock import (
    _complete_parties,
    _late_block,
    _parties,
    _party_block_start,
    _story_line_parties,
    _unmask_from_story,
)
from ipatlas.litigation.parsing.patterns import (
    _OP_MARK_RE,
    _SIG_DATE_RE,
    DOCUMENT_TYPES,
    OUTCOMES,
    PROCEDURES,
)
from ipatlas.litigation.parsing.prosefacts import (
    _PROSE_COURT,
    _bracket_number_type,
    _fill_unprinted,
    _prose_case_number,
)
from ipatlas.litigation.parsing.rights import _rights
from ipatlas.litigation.parsing.sides import _counsel, _infer_sides, _listed_third_parties, _sides, _withdrawn
from ipatlas.litigation.parsing.signature import _signature
from ipatlas.litigation.parsing.stories import _item_parties, _item_story, _prose_story
from ipatlas.litigation.parsing.text import compact, split_lines
from ipatlas.litigation.parsing.title import _numbered_title, _preamble, _title_facts, _title_line
from ipatlas.litigation.reader import read_file

__all__ = [
    "DOCUMENT_TYPES",
    "FIELDS",
    "FILE_FIELDS",
    "LIST_FIELDS",
    "OUTCOMES",
    "PARSER_VERSION",
    "PROCEDURES",
    "parse_file",
    "parse_text",
]

PARSER_VERSION = "2"

#: The fields whose value is a list (empty, never null, when the page gives none).
LIST_FIELDS = (
    "plaintiffs",
    "defendants",
    "third_parties",
    "law_firms",
    "lawyers",
    "judges",
    "laws_cited",
    "parties",
    "rights",
)

#: The fields of one parsed judgment, in output order (issue 16 §1).
FIELDS = (
    "case_number",
    "court",
    "document_type",
    "procedure",
    "cause",
    "decided_on",
    "plaintiffs",
    "defendants",
    "third_parties",
    "law_firms",
    "lawyers",
    "judges",
    "damages_awarded",
    "damages_claimed",
    "outcome",
    "laws_cited",
    "parties",
    "rights",
    "punitive_damages",
    "commentary",
    "title",
    "reason",
)
#: A parsed file: the judgment's fields and how many of its pages were scans read by recognition.
FILE_FIELDS = (*FIELDS, "ocr_pages")


def _empty(reason: str) -> dict[str, Any]:
    out: dict[str, Any] = {k: None for k in FIELDS}
    for k in LIST_FIELDS:
        out[k] = []
    out["punitive_damages"] = False
    out["reason"] = reason
    return out


def parse_text(text: str, *, resolve_regions: bool = True) -> dict[str, Any]:
    """Parse one judgment text. Never raises on content: non-judgments get a ``reason``."""
    if not isinstance(text, str):
        raise TypeError("parse_text expects str")
    lines = _split_glued_header(
        _reflow(_split_key_runs(_split_bracket_keys(_unpipe([_unannotate(x) for x in split_lines(text)]))))
    )
    if not lines:
        return _empty("空文本：没有可解析的内容")
    headers = _find_headers(lines)
    found = headers[-1] if headers else _fallback_header(lines)
    title_idx = _title_line(lines) if found is None else -1
    meta_head = _meta_header(lines) if found is None and title_idx < 0 else None
    block_idx = _party_block_start(lines) if found is None and title_idx < 0 and meta_head is None else -1
    prose = found is None and title_idx < 0 and meta_head is None and block_idx < 0
    story = ""
    if prose:
        # A report naming the case only in prose: its story sentence stands for the party block; else a
        # case library's metadata block stands for the header.
        block_idx, story, meta_head, lines = _headerless(lines)
        if block_idx < 0 and meta_head is None:
            last = _last_resort_block(lines)
            if last is None:
                # Nothing to read a case from; the court the page names still says whose case it is.
                reason = "不是裁判文书：找不到文书首部（法院名称、文书类型、案号）"
                return {**_empty(reason), "court": court_from_page(lines, None)}
            block_idx, story, lines = last
        prose = meta_head is None and bool(story)
    court_idx, type_idx, num_idx = found or (-1, -1, -1)
    title: str | None
    doc_type: str | None
    if meta_head is not None:
        # Site metadata stands for the header (案号：/法院： lines or a 案号 | … table).
        first_start = header_start = meta_head["start"]
        title, commentary = _preamble(lines[:first_start])
        court, doc_type, case_number = meta_head.get("court"), meta_head["type"], meta_head["case_number"]
        body_lo = meta_head["body_lo"]
    elif found is None and title_idx < 0:
        # A page whose only headline is not the judgment's (a firm's 成功代理…案, a news title) over the
        # party block: the document starts at the block (number, court and type only as printed above it).
        first_start = header_start = body_lo = block_idx
        title, commentary = _preamble(lines[:block_idx])
        court, doc_type, case_number = None, None, _prose_case_number(lines) if prose else None
        if not prose:
            # …民事裁定书（2007）…号 / 文号：… / 二审：某法院（2011）…号 above the block
            doc_type, case_number, court = _numbered_title(lines[:block_idx])
        if prose:
            doc_type = _bracket_number_type(lines, case_number)  # …纠纷上诉案【某法院（…）…号民事判决】
            court = _prose_court(lines)
    elif found is None:
        # A page without the court header: the title stands for it (case number and court unknown).
        first_start = header_start = title_idx
        title = lines[title_idx]
        commentary = "\n".join(lines[:title_idx]) or None
        court, doc_type, case_number = None, None, None
        body_lo = title_idx + 1
    else:
        first_start = min(x for x in (headers[0][0], headers[0][1]) if x >= 0) if headers else court_idx
        header_start = min(x for x in (court_idx, type_idx, num_idx) if x >= 0)
        title, commentary = _preamble(lines[:first_start])
        court, doc_type = _court_and_type(lines, court_idx, type_idx)
        case_number = _case_number(lines[num_idx]) if num_idx >= 0 else None
        case_number = _unmasked_number(case_number, lines[:first_start])
        body_lo = (num_idx if num_idx >= 0 else max(type_idx, court_idx)) + 1
        if case_number is None and not (body_lo < len(lines) and _is_party_line(compact(lines[body_lo]))):
            return {**_empty("找到法院和文书类型，但没有案号"), "court": court, "document_type": doc_type}
    meta = _metadata(lines[: body_lo + 40] if meta_head else lines[:first_start])
    if doc_type is None and type_idx < 0 and num_idx >= 0:
        doc_type = _type_on_number_line(lines[num_idx]) or doc_type  # （2015）陕民三终字第1号民事判决
    if "decided_on" not in meta and 0 <= num_idx < len(lines) - 1:
        _date_below_number(compact(lines[num_idx + 1]), meta)
    criminal = (
        "刑事" in meta.get("kind", "")
        or (type_idx >= 0 and "刑事" in compact(lines[type_idx]))
        or _criminal_number_or_title(case_number, title)
        or _criminal_story(story)
    )
    result = _assemble(
        lines,
        headers,
        (header_start, body_lo, title_idx),
        {"case_number": case_number, "court": court, "document_type": doc_type, "title": title}
        | {k: v for k, v in (meta_head or {}).items() if k in ("keyed", "judges", "decided_on")},
        meta,
        criminal,
        resolve_regions,
    )
    result["commentary"] = commentary
    _fill_unprinted(result, lines, story if prose else None, block_idx, criminal)
    if len(headers) > 1:
        result["reason"] = f"文件含 {len(headers)} 份文书，取最后一份（{case_number}）"
    elif case_number is None:
        result["reason"] = "没有案号：页面缺少文书首部，字段取自网页标题、元数据或当事人段"
    return result


def _last_resort_block(lines: list[str]) -> tuple[int, str, list[str]] | None:
    """For a page with no header, title, metadata block or story: a prosecution's party block over what
    the court found (no 一案/本院 after it: read as a block), else a criminal report naming its accused
    only in its story (基本案情：被告人甲…) as ``(line, story, lines)``; None when neither."""
    if (idx := _party_block_start(lines, prosecution=True)) >= 0:
        return idx, "", lines
    idx, story = told_accused_story(lines)
    if idx >= 0:
        return idx, story, _with_story(lines, idx, story)
    return None


def _prose_court(lines: list[str]) -> str | None:
    """The court a report names in its prose, not courts in general (…发布5起近期人民法院审结的案例)."""
    vague = r"近期|近年|近日|日前|各级|全国|地方|[\d一二三四五六七八九十]起"
    found_courts = _PROSE_COURT.finditer(compact("".join(lines)))
    court = next((m.group(1) for m in found_courts if not re.search(vague, m.group(1))), None)
    if court and re.search(r"在[\u4e00-\u9fa5]{4,}法院$", court):
        court = court[court.rfind("在") + 1 :]  # 侵权案在某某法院以调解告结: the court only
    return court


def _date_below_number(below: str, meta: dict[str, Any]) -> None:
    """A page that prints the date under the case number (2019年7月19日, or a site's 裁判日期：…)."""
    if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", below) or _SIG_DATE_RE.match(below):
        with contextlib.suppress(ValueError):
            meta["decided_on"] = parse_cn_date(below)
    elif (site := _metadata([below])).get("decided_on"):
        meta["decided_on"] = site["decided_on"]  # 裁判日期：… 文书类型：… under the number


def _criminal_story(story: str) -> bool:
    """A story that names the case by the charge (…以被告人X犯Y罪提起公诉 / （被告人X犯Y罪）)."""
    return bool(story) and bool(
        _CHARGED_RE.search(story)
        or _PROSECUTED_RE.search(story)
        or re.search(r"（被告人[^。（）]{1,60}犯[^。（）]{2,30}罪）$", story)
    )


def _with_story(lines: list[str], block_idx: int, story: str) -> list[str]:
    """The lines with the story's party lines and sentence standing for the story's line. The story's
    paragraph goes on (…最高人民法院于某日裁定撤销一审判决): the rest stays, a sentence a line (so that a
    party's 上诉请求：… opens its own line, as the claim and result readers expect)."""
    line, last = compact(lines[block_idx]), story.rsplit("\n", 1)[-1]
    rest = line[line.find(last) + len(last) :] if last and line.find(last) >= 0 else ""
    more = [x.strip() for x in re.split(r"(?<=[。；])", rest) if x.strip()]
    return [*lines[:block_idx], *story.split("\n"), *more, *lines[block_idx + 1 :]]


def _headerless(lines: list[str]) -> tuple[int, str, dict[str, Any] | None, list[str]]:
    """A page without a header, title or party block: (story line, story, None, lines with the story
    sentence standing for the party block) for a report naming the case in prose, else (-1, "", key
    block, its lines) for a case library's metadata block, else (-1, "", None, lines)."""
    block_idx, story = _prose_story(lines)
    if block_idx >= 0:
        return block_idx, story, None, _with_story(lines, block_idx, story)
    keyed = _key_block(lines)
    if keyed is None:
        block_idx, story = _item_story(lines)  # a summary naming its sides only in its items
        if block_idx < 0:
            return -1, "", None, lines
        return block_idx, story, None, [*lines[:block_idx], *story.split("\n"), *lines[block_idx + 1 :]]
    return -1, "", keyed[0], keyed[1]


def _assemble(
    lines: list[str],
    headers: list[tuple[int, int, int]],
    spans: tuple[int, int, int],
    head: dict[str, Any],
    meta: dict[str, Any],
    criminal: bool,
    resolve_regions: bool,
) -> dict[str, Any]:
    """The fields read from the body, once the header (or a website title) is located."""
    header_start, body_lo, title_idx = spans
    case_number, doc_type, title = head["case_number"], head["document_type"], head["title"]
    parties, agents_all, narrative_idx = _parties(lines, body_lo)
    if not parties and (late := _late_block(lines, narrative_idx)) > 0:
        parties, agents_all, narrative_idx = _parties(lines, late)  # a site's note before the block
    blockless = not parties
    sig_start, judges, decided_on = _signature(lines, narrative_idx)
    body = "\n".join(lines[narrative_idx:sig_start])
    narrative = lines[narrative_idx] if narrative_idx < len(lines) else ""
    if not parties and criminal:
        parties = _charged_parties(compact("".join(lines[narrative_idx : narrative_idx + 6])))
    if not parties and criminal:
        parties = told_accused_parties(lines[body_lo:])  # 案号：… over a story naming only the accused
    if not parties:
        parties = _narrative_parties(title if title_idx >= 0 else None, compact(narrative))
    if not parties:
        parties = _pleading_parties("\n".join(compact(x) for x in body.split("\n")))
    if not parties and title:
        parties = _narrative_parties(title, "")  # a site title over metadata (甲与乙…纠纷案)
    if not parties and head.get("keyed"):
        parties = _item_parties(lines[body_lo:])[1]  # a case summary naming its sides only in its items
    if criminal and title:
        parties += _title_defendants(title, parties, compact("".join(lines[body_lo:])))
    parties += _story_line_parties(parties, lines[body_lo : narrative_idx + 3])
    _complete_parties(parties, narrative, title, blockless=blockless)
    _unmask_from_story(parties, compact(body))
    _infer_sides(parties, body)
    parties += _listed_third_parties(lines[:narrative_idx], parties)
    withdrawn = _withdrawn(parties, body)

    mark_idx, before_mark, operative = _operative(lines, narrative_idx, sig_start)
    procedure = None
    if title_idx >= 0:
        mark = _OP_MARK_RE.search(lines[mark_idx]) if mark_idx >= 0 else None
        doc_type, procedure = _title_facts(title, mark.group(0) if mark else "")
    if doc_type is None and title_idx < 0 and title:
        doc_type = _title_facts(title, "")[0]  # a site title over the party block (…一审民事判决书)
    if doc_type is None:
        # Unknown stays unknown (None): 其他 is a type the page prints (决定书).
        doc_type = _type_from_body("\n".join(lines[body_lo:]))
    laws = extract_citations(_citation_sentence(before_mark), abbreviations(body)) or meta.get("laws", [])
    procedure = procedure or _procedure(case_number, parties, body)
    claimed, awarded, outcome = _damages(
        lines,
        headers,
        header_start,
        (narrative_idx, mark_idx, sig_start),
        (before_mark, operative),
        procedure,
        doc_type,
    )
    if criminal:
        awarded, outcome = _criminal_outcome(operative, procedure, awarded, outcome)
    if outcome is None and meta.get("result"):
        outcome = _outcome(doc_type, procedure, meta["result"], None, None)  # 裁判结果 on the page
        if awarded is None and title_idx < 0 and not headers:
            awarded = _sum_items(meta["result"])  # the page gives only its metadata
    cause = _cause_of(lines, (header_start, body_lo, narrative_idx, sig_start), head, meta, parties, criminal)
    plaintiffs, defendants, third, party_out = _sides(parties, withdrawn, resolve_regions)
    firms, lawyers = _counsel(agents_all, withdrawn)
    decided = decided_on or meta.get("decided_on") or head.get("decided_on")
    if not judges and not headers and title_idx < 0:
        judges = _meta_judges(lines[header_start:body_lo]) or head.get("judges") or []
    return {
        "case_number": case_number,
        "court": head["court"],
        "document_type": doc_type,
        "procedure": procedure,
        "cause": cause,
        "decided_on": decided.isoformat() if decided else None,
        "plaintiffs": plaintiffs,
        "defendants": defendants,
        "third_parties": third,
        "law_firms": firms,
        "lawyers": lawyers,
        "judges": judges,
        "damages_awarded": awarded,
        "damages_claimed": claimed,
        "outcome": outcome,
        "laws_cited": laws,
        "parties": party_out,
        "rights": _rights("\n".join(lines[header_start:])),
        "punitive_damages": _punitive(body),
        "commentary": None,
        "title": title,
        "reason": None,
    }


def _cause_of(
    lines: list[str],
    spans: tuple[int, int, int, int],
    head: dict[str, Any],
    meta: dict[str, Any],
    parties: list[Party],
    criminal: bool,
) -> str | None:
    """The cause: the story's, a criminal text's offence, the title's, a site's 案由, a far title's."""
    header_start, body_lo, narrative_idx, sig_start = spans
    narrative = lines[narrative_idx] if narrative_idx < len(lines) else ""
    title = head["title"]
    cause = _criminal_cause(compact(narrative), "\n".join(lines[body_lo:sig_start])) if criminal else None
    cause = cause or _cause(compact(narrative), parties)
    cause = _title_cause_of_pair(cause, title, parties) if not criminal else cause
    if cause is None and criminal and title and (offence := _title_offence(title)):
        cause = offence[0]  # 甲、乙侵犯商业秘密案: the offence the case is named after
    if cause is None and criminal:
        # a report's case title above its party block (某检察院诉甲、乙侵犯著作权案), not taken as its title
        named = (_title_offence(x) for x in lines[:header_start] if compact(x).endswith("案"))
        cause = next((o[0] for o in named if o), None)
    if cause is None and title:
        cause = _cause(compact(title), parties)
    if cause is None:
        cause = _metadata(lines[body_lo:narrative_idx]).get("cause")  # 2、案由：… among the parties
    if cause is None and meta.get("cause"):
        cause = meta["cause"] + ("罪" if criminal and not meta["cause"].endswith("罪") else "")
    if cause is None and not criminal:
        cause = _far_title_cause(lines[:header_start], parties)
    if cause is None and head.get("keyed"):
        cause = _key_block_cause(lines[:header_start], parties)
    if cause is None and criminal and parties:
        cause = named_offence(lines)  # a typical case under an article on one offence (…构成某罪…)
    return cause


def parse_file(path: Path | str, *, resolve_regions: bool = True) -> dict[str, Any]:
    """Parse one file of a :data:`DOCUMENT_SUFFIXES` kind. InputError when it cannot be read.

    ``ocr_pages``: pages of a scan read by text recognition (a person checks those fields)."""
    src = read_file(Path(path))
    return {**parse_text(src.text, resolve_regions=resolve_regions), "ocr_pages": src.ocr_pages}
