"""HTML → text: one line per block element, a table row on one line with its cells apart.

One walk over the lxml tree (through BeautifulSoup) serves every reader; what differs between them
is a parameter:

- ``cells``: the separator a table row's cells are joined with (``"\\t"`` for plans, whose
  normaliser splits them again; ``" | "`` for laws; ``"　"`` for judgments). Inside a cell,
  paragraphs and line breaks (Word's ``<p class=MsoNormal>`` in every ``<td>``) separate words.
- ``wrapped``: what a line break in the page's source inside a paragraph is. ``"join"``: layout
  (a government page wraps its ``<p>`` at 80 columns; plans). ``"keep"``: a line (text pasted into a
  ``<div>`` or ``<pre>`` without tags; laws, judgments, whose parsers rejoin cut sentences themselves).
- ``strip_chrome``: drop the site's furniture (header, footer, navigation, breadcrumbs, share
  bars, by tag or by class/id) and everything above the body's copy of the title; the title is the
  ``<h1>``, else the ``<title>`` without its site suffix (``…_最高人民检察院``). For law pages.
"""

from __future__ import annotations

import re
from typing import Any, Literal

SKIP = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "footer", "form", "iframe", "svg", "head"}
)
BLOCK = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "main"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "hr"),
    }
)
_ROW = frozenset({"tr", "table", "thead", "tbody", "tfoot"})
_CELL = frozenset({"td", "th"})
_VOID = frozenset({"br", "hr"})
_CELL_MARK = "\x1f"  # where a cell starts; replaced by the separator once the row is complete

_CHROME_TAGS = ("script", "style", "nav", "header", "footer", "noscript")
_CHROME_RE = re.compile(r"header|footer|nav|crumb|bread|share|copyright|sidebar|menu|toolbar|print", re.I)
_SITE_SUFFIX_RE = re.compile(r"\s*(?:[_|｜]|--|——| - )\s*[^_|｜]{2,40}$")
_HTML_SNIFF_RE = re.compile(r"<\s*(?:!doctype\s+html|html|body|p|div|br|table|h[1-6])[\s>/]", re.I)


def looks_like_html(text: str) -> bool:
    """A text (a paste, a .txt file) that is really a web page: a block tag near its start."""
    return bool(_HTML_SNIFF_RE.search(text[:4000]))


def html_to_text(
    html: str,
    *,
    cells: str = "\t",
    wrapped: Literal["join", "keep"] = "join",
    strip_chrome: bool = False,
) -> str:
    """Visible text of a page, one non-empty stripped line per block (see the module docstring)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    if strip_chrome:
        _strip_chrome(soup)
    lines = _lines(_walk(soup, join=wrapped == "join"), cells)
    if strip_chrome:
        lines = _from_title(soup, lines)
    return "\n".join(lines)


def _walk(root: Any, *, join: bool) -> str:
    """The text with a newline at every block boundary and a mark at every cell start (iterative:
    deeply nested pages must not hit the recursion limit)."""
    from bs4 import CData, NavigableString, Tag

    parts: list[str] = []
    in_cell = False
    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        if isinstance(node, Tag):
            name = node.name
            if entering and name in SKIP:
                continue
            if name in BLOCK and (entering or name not in _VOID):
                if name in _ROW:
                    in_cell = False
                parts.append(" " if in_cell else "\n")
            elif name in _CELL:
                in_cell = entering
                if entering:
                    parts.append(_CELL_MARK)
            if entering:
                stack.append((node, False))
                stack.extend((child, True) for child in reversed(node.contents))
        elif entering and (type(node) is NavigableString or isinstance(node, CData)):
            parts.append(re.sub(r"\s*\n\s*", "", node) if join else str(node))
    return "".join(parts)


def _lines(text: str, cells: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        if _CELL_MARK in line:
            # a cell's paragraphs became spaces; a browser shows runs of spaces as one
            parts = (re.sub(r" {2,}", " ", part.strip()) for part in line.split(_CELL_MARK))
            line = cells.join(c for c in parts if c)
        line = line.strip()
        if line:
            out.append(line)
    return out


def _is_chrome(tag: Any) -> bool:
    attrs = " ".join([*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""])
    return bool(attrs.strip()) and bool(_CHROME_RE.search(attrs))


def _strip_chrome(soup: Any) -> None:
    for tag in soup(list(_CHROME_TAGS)):
        tag.decompose()
    for tag in [t for t in soup.find_all(True) if _is_chrome(t)]:
        if not tag.decomposed:
            tag.decompose()


def _from_title(soup: Any, lines: list[str]) -> list[str]:
    """Lines from the body's copy of the title on (breadcrumbs and dates above it dropped), or the
    title put first when the body has no copy of it."""
    h1, head = soup.find("h1"), soup.find("title")
    title = h1.get_text(" ", strip=True) if h1 is not None else ""
    if not title and head is not None:
        title = _SITE_SUFFIX_RE.sub("", head.get_text(" ", strip=True))
    if title:
        if title in lines:
            return lines[lines.index(title) :]
        return [title, *lines]
    return lines
