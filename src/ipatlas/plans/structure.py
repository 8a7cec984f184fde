"""The heading hierarchy: 第一章 / 第一节 / 一、 / （一） / 第一条 / 1. / （1） / ①.

Works on normalised lines (full-width brackets; "1." and "1．" and "1、" all accepted). Levels
are ranked, not counted, so a plan that skips a level (一、 straight to 1.) still nests right.
Plans scraped from encyclopaedias have unnumbered top-level headings (工作目标, 主要任务 …);
they are taken from the page's table of contents, or, when a plan has no 一、 headings at all,
from short standalone lines with heading vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipatlas.plans.document import CN_NUM

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (rank, regex, number formatter). Lower rank = higher in the tree.
HEADING_PATTERNS: list[tuple[int, re.Pattern[str], str]] = [
    (0, re.compile(rf"^第({CN_NUM})章\s*(.*)$"), "第{}章"),
    (1, re.compile(rf"^第({CN_NUM})节\s*(.*)$"), "第{}节"),
    (2, re.compile(rf"^({CN_NUM})、\s*(.+)$"), "{}"),
    (3, re.compile(rf"^（({CN_NUM})）\s*(.*)$"), "({})"),
    (4, re.compile(rf"^第({CN_NUM})条\s*(.*)$"), "第{}条"),
    (5, re.compile(r"^(\d{1,3})[.、](?!\d)\s*(.+)$"), "{}"),
    (6, re.compile(r"^（(\d{1,3})）\s*(.+)$"), "({})"),
    (7, re.compile(rf"^([{CIRCLED}])\s*(.+)$"), "{}"),
]
UNNUMBERED_RANK = 2

HEADING_VOCAB = re.compile(
    r"(目标|任务|措施|要求|安排|时间|原则|思想|意义|范围|步骤|保障|分工|背景|基础|形势|重点|内容|机制|"
    r"领导|实施|附则|总则|组织|职责|考核|监督)$"
)


@dataclass
class Node:
    rank: int
    number: str | None
    title: str | None
    line_index: int
    lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def path(self) -> str:
        parts: list[str] = []
        node: Node | None = self
        while node is not None and node.rank >= 0:
            parts.append(node.number or node.title or "?")
            node = node.parent
        return ".".join(reversed(parts))

    def top(self) -> Node:
        node = self
        while node.parent is not None and node.parent.rank >= 0:
            node = node.parent
        return node

    def walk(self) -> list[Node]:
        out: list[Node] = []
        for c in self.children:
            out.append(c)
            out.extend(c.walk())
        return out

    def full_text(self) -> str:
        """Own text and all descendants' headings and text, in order."""
        parts = [self.text] if self.lines else []
        for c in self.children:
            head = c.heading_line()
            parts.append(head)
            body = c.full_text()
            if body:
                parts.append(body)
        return "\n".join(p for p in parts if p)

    def heading_line(self) -> str:
        num = self.number or ""
        return f"{num} {self.title or ''}".strip()


def split_heading(rank: int, rest: str) -> tuple[str | None, str]:
    """Title and the text that follows it on the heading line: "加强组织协调。在市委…" → both."""
    rest = rest.strip()
    if not rest:
        return None, ""
    m = re.match(r"^(.+?)[。！？](.*)$", rest)
    if m and len(m.group(1)) <= 60:
        return m.group(1).rstrip("：:"), m.group(2).strip()
    if not m and rank <= UNNUMBERED_RANK and len(rest) <= 60:
        return rest.rstrip("：:"), ""
    if not m and len(rest) <= 40 and "，" not in rest:
        return rest.rstrip("：:"), ""
    return None, rest


def match_heading(line: str) -> tuple[int, str, str] | None:
    """(rank, number, rest of line) for a heading line, else None."""
    for rank, pattern, fmt in HEADING_PATTERNS:
        m = pattern.match(line)
        if m:
            return rank, fmt.format(m.group(1)), m.group(2)
    return None


def _unnumbered_subheading(line: str) -> bool:
    """A short heading-vocabulary line closed by 。 or ： standing alone (`工作目标。`, `保障措施：`)."""
    m = re.fullmatch(r"([\u4e00-\u9fff“”]{2,12})[。：]", line)
    return m is not None and HEADING_VOCAB.search(m.group(1).replace("“", "").replace("”", "")) is not None


def parse_structure(lines: list[str], *, toc: list[str] | None = None) -> tuple[list[str], Node]:
    """Preamble lines and the root of the heading tree of the body lines."""
    toc_set = set(toc or [])
    has_numbered_top = any(re.match(rf"^({CN_NUM})、|^第({CN_NUM})章", ln) for ln in lines)

    def unnumbered(line: str) -> bool:
        if line in toc_set:
            return True
        if has_numbered_top or toc_set:
            return False
        # Quotes do not count: "“十三五”科技创新的总体目标" is a heading.
        bare = line.replace("“", "").replace("”", "")
        return (
            len(bare) <= 12
            and re.fullmatch(r"[\u4e00-\u9fff]+", bare) is not None
            and HEADING_VOCAB.search(bare) is not None
        )

    root = Node(rank=-1, number=None, title=None, line_index=-1)
    preamble: list[str] = []
    current = root
    for i, line in enumerate(lines):
        heading = match_heading(line)
        if heading is None and unnumbered(line):
            heading = (UNNUMBERED_RANK, "", line)
        if heading is None and current is not root and _unnumbered_subheading(line):
            # "工作目标。" on a line of its own under "一、总体要求": one level below the enclosing
            # numbered heading (the page lost the （一） numbering).
            heading = (current.top().rank + 1, "", line)
        if heading is None:
            if current is root:
                preamble.append(line)
            else:
                current.lines.append(line)
            continue
        rank, number, rest = heading
        title, text = split_heading(rank, rest)
        parent = current
        while parent.rank >= rank:
            assert parent.parent is not None
            parent = parent.parent
        node = Node(rank=rank, number=number or None, title=title, line_index=i, parent=parent)
        if text:
            node.lines.append(text)
        parent.children.append(node)
        current = node
    return preamble, root
