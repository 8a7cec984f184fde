"""Tasks: the numbered measures of the task sections, with their responsible units.

Forms of the responsibility note found in plans (brackets already normalised to full width):
``〔责任单位：A、B，C，列在首位者为牵头部门，下同〕``, ``（责任单位：A、B）``, ``（A、B负责）``,
``（A牵头，B、C配合）``, ``牵头单位：A；配合单位：B``. The lead unit is the first one listed
(or the one named 牵头).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ipatlas.plans.deadlines import find_cycle, find_deadline
from ipatlas.plans.models import Task, UnitRef
from ipatlas.plans.structure import Node
from ipatlas.plans.units import NOTE_UNIT_END_RE, UnitResolver, share_unit_word

# Half-width brackets too: a note wrapped over two lines keeps them, as normalising pairs them per line.
OPEN = "〔（【[("
CLOSE = {"〔": "〕", "（": "）", "【": "】", "[": "]", "(": ")"}
# A key names who (牵头/责任/配合 …) and what kind of body (单位, 部门, and a bureau's own 科室/处室,
# also written "牵头科室（单位）"); time keys and keys naming a person (责任领导) close the units.
_WHO = r"(?:主要|协同|其他|牵头)?(?:牵头|责任|主办|承办|配合|参与|协办|协同)"
_BODY = r"(?:单位|部门|科室|处室)(?:（(?:单位|部门)）)?"
# Keys naming units; short ones too ("（牵头：A；配合：B）").
_UNIT_KEY = rf"(?:{_WHO}{_BODY}|牵头|配合|参与|协办)"
KEYED_RE = re.compile(rf"({_UNIT_KEY}|完成时限|完成时间|时间节点|时限|(?:责任|分管|联系)领导|责任人)[：:]")
LEAD_RE = re.compile(rf"^(?:(?:牵头|主办|主要责任|牵头责任){_BODY}|牵头)$")
# Keys of a note that are not units: "（责任单位：A；完成时限：2024年底前）" keeps its deadline in the text.
TIME_KEYS = ("完成时限", "完成时间", "时间节点", "时限")
PERSON_RE = re.compile(r"^(?:(?:责任|分管|联系)领导|责任人)$")
# A line opening with a unit key: one line of a note written as keyed lines under its item.
KEYED_LINE_RE = re.compile(rf"^{_UNIT_KEY}[：:]")
# "【牵头单位】A【配合单位】B": keys in brackets, read as "牵头单位：A配合单位：B".
BRACKET_KEY_RE = re.compile(rf"【({_UNIT_KEY}|完成时限|完成时间|时间节点|时限)】")
# A keyed note after the measure's last sentence ("…开展专项行动。责任单位：A") starts a line of its own.
SENTENCE_KEY_RE = re.compile(rf"。[ \t]*(?={_UNIT_KEY}[：:])")
INTERNAL_KEY_RE = re.compile(rf"{_WHO}(?:科室|处室)(?:（(?:单位|部门)）)?[：:]")

# Sections whose numbered items are tasks, and sections that never are.
TASK_SECTION_RE = re.compile(
    r"(任务|重点工作|工作重点|措施|保障|举措|行动|组织实施|实施力度|工作要求|组织领导|落实|推进机制|重点项目|重大工程)"
)
NOT_TASK_SECTION_RE = re.compile(r"(目标|思想|原则|基础|形势|背景|意义|进度|时间|范围|总体要求|安排|步骤)")


@dataclass
class UnitNote:
    text: str  # the note as written, brackets included
    units_text: str  # the part that lists units
    lead_text: str | None  # units named 牵头, when the note says so
    # "牵头科室（单位）：计划科、…中心基建办": the issuing bureau's own sections and units, written
    # as they are (no level prefix).
    internal: bool = False


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """Top-level bracket groups (start, end-exclusive), with nesting."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in OPEN:
            stack.append((ch, i))
        elif stack and ch == CLOSE[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return spans


def _keyed_note(inner: str) -> tuple[str, str | None, str]:
    """ "牵头单位：A；配合单位：B、C" — each key's value runs to the next key, whatever separates
    them (；，a space, or nothing once a PDF's spaces are gone)."""
    keys = list(KEYED_RE.finditer(inner))
    units: list[str] = []
    times: list[str] = []
    lead: str | None = None
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(inner)
        value = inner[m.end() : end].strip().strip("；;，, ")
        if m.group(1) in TIME_KEYS:
            times.append(f"{m.group(1)}：{value}")
        elif PERSON_RE.match(m.group(1)):
            continue  # a person answers for the task; not a unit
        elif LEAD_RE.match(m.group(1)) and lead is None:
            lead = value
            units.insert(0, value)
        else:
            units.append(value)
    return "、".join(u for u in units if u), lead, "；".join(times)


# Schedule clauses closing a note ("…牵头，有关部门按职责分工负责，6月底前出台相关政策，年内持续推进":
# the State Council's and provinces' 重点工作分工 form): kept in the task's text for its deadline.
SCHEDULE_TAIL_RE = re.compile(
    r"(?:[，,；;][^，,；;]*?(?:\d{1,2}月|年内|年底|年中|年前|上半年|下半年|季度|持续推进|长期坚持|逐步推进|完成|出台|"
    r"每年|每半年|每月|常态化)"
    r"[^，,；;]*)+$"
)


def _parse_note(inner: str) -> tuple[str, str | None, str] | None:
    """(units text, lead text, text to keep) when ``inner`` (bracket content) is a responsibility note."""
    # A note wrapped over two lines ("（滨海高新\n区管委会、市知识产权局负责）") is one note; "（由A负责）".
    inner = re.sub(r"\s*\n\s*", "", inner).strip()
    inner = inner[1:] if inner.startswith("由") and len(inner) > 3 else inner
    tail = SCHEDULE_TAIL_RE.search(inner)
    if tail and tail.start() > 0:
        head = _parse_note(inner[: tail.start()])
        if head is not None:
            units, lead, keep = head
            return units, lead, "；".join(x for x in (keep, tail.group(0).lstrip("，,；;")) if x)
    if KEYED_RE.match(inner):
        keyed = _keyed_note(inner)
        return keyed if keyed[0] else None
    m = re.fullmatch(
        r"(.+?)牵头[，,、](.+?)(?:等)?(?:配合|参与|协同|协助|落实|共同负责|按职责分工负责|负责)", inner
    )
    if m:
        return f"{m.group(1)}、{m.group(2)}", m.group(1), ""
    m = re.fullmatch(r"(.+?)(?:等)?(?:配合|参与|协同)[，,、](.+?)牵头(?:负责)?", inner)
    if m:
        return f"{m.group(2)}、{m.group(1)}", m.group(2), ""
    # "A负责，B配合": A leads.
    m = re.fullmatch(
        r"(.+?)(?:牵头)?负责[，,、](.+?)(?:等(?:有关)?(?:部门|单位)?)?(?:配合|参与|协同|协助)", inner
    )
    if m and _looks_like_units(m.group(1)) and _looks_like_units(m.group(2)):
        return f"{m.group(1)}、{m.group(2)}", m.group(1), ""
    # "A会同有关部门负责": A leads, with the units it works with.
    m = re.fullmatch(r"(.+?)会同(.+?)(?:按照?职责(?:分工)?)?(?:共同)?负责", inner)
    if m and _looks_like_units(m.group(1)) and _looks_like_units(m.group(2)):
        return f"{m.group(1)}、{m.group(2)}", m.group(1), ""
    m = re.fullmatch(
        r"(.+?)(?:等(?:有关)?(?:部门|单位)?)?(?:按照?职责(?:分工)?)?(?:分别)?(?:牵头)?负责", inner
    )
    if m and _looks_like_units(m.group(1)):
        return m.group(1), None, ""
    # "（A牵头）" alone: A leads and is the only unit named.
    m = re.fullmatch(r"(.+?)牵头", inner)
    if m and _looks_like_units(m.group(1)):
        return m.group(1), m.group(1), ""
    # A bare list of two or more units ("（市知识产权、工商、版权局）"); one name alone in brackets
    # is an alias ("市科技局（知识产权局）"), not a note.
    if len(re.split(r"[、，,；;]", inner)) >= 2 and "：" not in inner and _looks_like_units(inner):
        return inner, None, ""
    return None


# "市科技局、市市场监管局（牵头）": the unit marked 牵头 in a list leads.
MARKED_LEAD_RE = re.compile(r"([^、，,；;：:（）]+)（牵头(?:单位|部门)?）")


def _marked_lead(parsed: tuple[str, str | None, str] | None) -> tuple[str, str | None, str] | None:
    if parsed is None or parsed[1] is not None or not (m := MARKED_LEAD_RE.search(parsed[0])):
        return parsed
    return parsed[0], m.group(1).strip(), parsed[2]


def _looks_like_units(text: str) -> bool:
    items = [x for x in re.split(r"[、，,；;]", share_unit_word(re.sub(r"（[^（）]*）", "", text))) if x]
    return bool(items) and all(NOTE_UNIT_END_RE.search(x) for x in items)


def find_unit_notes(text: str) -> tuple[str, list[UnitNote]]:
    """The text without its responsibility notes, and the notes."""
    notes: list[UnitNote] = []
    cut: list[tuple[int, int, str]] = []
    text = SENTENCE_KEY_RE.sub("。\n", BRACKET_KEY_RE.sub(r"\1：", text))
    for start, end in _bracket_spans(text):
        parsed = _marked_lead(_parse_note(text[start + 1 : end - 1]))
        if parsed:
            notes.append(UnitNote(text[start:end], parsed[0], parsed[1]))
            cut.append((start, end, parsed[2]))
    # Unbracketed keyed notes: "牵头单位：A；配合单位：B" on a line, or one key a line, the run of
    # keyed lines (with its 完成时限 / 责任领导 lines) being one note.
    for start, end in _keyed_line_runs(text):
        if any(s <= start < e for s, e, _ in cut):
            continue
        run = text[start:end]
        parsed = _marked_lead(_parse_note("；".join(x.strip() for x in run.split("\n"))))
        if parsed:
            notes.append(UnitNote(run, parsed[0], parsed[1], internal=bool(INTERNAL_KEY_RE.search(run))))
            cut.append((start, end, parsed[2]))
    out = text
    for start, end, keep in sorted(cut, reverse=True):
        out = out[:start] + keep + out[end:]
    return re.sub(r"\n{2,}", "\n", out).strip(), notes


def _keyed_line_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive keyed lines holding at least one unit key."""
    runs: list[tuple[int, int]] = []
    pos = 0
    run: tuple[int, int] | None = None
    has_unit = False
    for line in text.split("\n"):
        end = pos + len(line)
        if KEYED_RE.match(line.strip()):
            run = (run[0] if run else pos, end)
            has_unit = has_unit or bool(KEYED_LINE_RE.match(line.strip()))
        else:
            if run and has_unit:
                runs.append(run)
            run, has_unit = None, False
        pos = end + 1
    if run and has_unit:
        runs.append(run)
    return runs


def is_task_section(node: Node) -> bool:
    title = node.title or ""
    return bool(TASK_SECTION_RE.search(title)) and not NOT_TASK_SECTION_RE.search(title)


def _has_notes(node: Node) -> bool:
    return any(_own_notes(n) for n in [node, *node.walk()])


def _own_notes(node: Node) -> list[UnitNote]:
    """A node's notes: in its text, else closing its title ("1.加强地理标志保护（责任单位：…）", an
    item with no full stop is all title)."""
    return find_unit_notes(node.text)[1] or find_unit_notes(node.title or "")[1]


def extract_tasks(root: Node, resolver: UnitResolver) -> list[Task]:
    """Leaves of the task sections (and any leaf carrying a responsibility note) as tasks."""
    tasks: list[Task] = []
    for top in root.children:
        if not (is_task_section(top) or _has_notes(top)):
            continue
        leaves = [n for n in top.walk() if not n.children] or [top]
        for leaf in leaves:
            tasks.extend(_task(part, top, resolver) for part in _measures(leaf))
    return tasks


def _measures(leaf: Node) -> list[Node]:
    """A paragraph that closes each of its measures with its own note ("…。（A负责）…。（B负责）")
    is one task per note; otherwise the leaf is one task."""
    text = leaf.text
    ends = [end for start, end in _bracket_spans(text) if _parse_note(text[start + 1 : end - 1])]
    if len(ends) < 2 or text[ends[0] :].strip() == "":
        return [leaf]
    parts: list[Node] = []
    begin = 0
    for k, end in enumerate(ends):
        stop = len(text) if k == len(ends) - 1 else end
        piece = text[begin:stop].strip()
        if piece:
            number = f"{leaf.number or leaf.title or '?'}-{k + 1}"
            parts.append(
                Node(
                    leaf.rank,
                    number,
                    leaf.title if k == 0 else None,
                    leaf.line_index,
                    [piece],
                    [],
                    leaf.parent,
                )
            )
        begin = stop
    return parts


def _inherited(leaf: Node, own: str, find: Callable[[str], str | None]) -> str | None:
    """A deadline or cycle stated by the item, else by the nearest enclosing section."""
    found = find(own)
    node = leaf.parent
    while found is None and node is not None and node.rank >= 0:
        found = find(find_unit_notes(node.text)[0])
        node = node.parent
    return found


def _task(leaf: Node, top: Node, resolver: UnitResolver) -> Task:
    text, notes = find_unit_notes(leaf.text)
    title = leaf.title
    if not notes and title:
        title, notes = find_unit_notes(title)
    inherited = False
    if not notes:
        # A note on an enclosing section ("（一）… 〔责任单位：…〕") covers its items.
        node = leaf.parent
        while node is not None and node.rank >= 0 and not notes:
            notes = _own_notes(node)
            inherited = bool(notes)
            node = node.parent
    refs: list[UnitRef] = []
    lead_ref: UnitRef | None = None
    for note in notes:
        resolved = resolver.resolve(note.units_text, as_written=note.internal)
        if note.lead_text and lead_ref is None:
            lead_names = {u.written for u in resolver.resolve(note.lead_text, as_written=note.internal)}
            lead_ref = next((u for u in resolved if u.written in lead_names), None)
        for u in resolved:
            if all(u.expanded != r.expanded for r in refs):
                refs.append(u)
    if lead_ref is None and refs:
        lead_ref = refs[0]
    units = [u.expanded for u in refs]
    normalized: list[str] = []
    for u in refs:
        if u.normalized not in normalized:
            normalized.append(u.normalized)
    full = f"{title}。{text}" if title and text else (title or text)
    return Task(
        number=leaf.path(),
        title=title or None,
        text=text,
        section_title=top.title,
        units=units,
        lead_unit=lead_ref.expanded if lead_ref else None,
        units_normalized=normalized,
        lead_unit_normalized=lead_ref.normalized if lead_ref else None,
        unit_details=refs,
        units_text="；".join(n.text for n in notes) or None,
        units_inherited=inherited,
        deadline=_inherited(leaf, full, find_deadline),
        cycle=_inherited(leaf, full, find_cycle),
    )
