"""OFD (GB/T 33190-2016 版式文档) → text, the way a PDF is read.

Offices publish official documents (公文) as OFD, China's fixed-layout format: a zip whose
``OFD.xml`` names each document's ``Document.xml``, which lists its pages; a page's ``Content.xml``
holds ``TextObject`` elements (a ``Boundary`` box, a font ``Size``, an optional ``CTM``) with
``TextCode`` runs placed at ``X``/``Y`` inside the box and advanced by ``DeltaX`` (``g N v``
repeats ``v`` N times). Runs are gathered into printed lines by their baseline and then go through
the PDF reader's steps (``layout``): page numbers dropped, wrapped lines joined. Namespaces are
matched by local name, as writers differ in the namespace URI they declare.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass

from ipatlas.errors import InputError, cause
from ipatlas.sourcetext.archive import open_archive
from ipatlas.sourcetext.layout import Line, flag_lines, is_wide, leading_run, page_text

MAX_PAGES = 3000


@dataclass(frozen=True)
class Run:
    """One TextCode's characters at their page positions (millimetres, y downwards)."""

    y: float
    xs: tuple[float, ...]  # left edge of each character
    advances: tuple[float, ...]
    size: float
    text: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el.iter() if _local(c.tag) == name]


def _xml(zf: zipfile.ZipFile, path: str, name: str | None) -> ET.Element:
    path = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    try:
        return ET.fromstring(zf.read(path))
    except KeyError:
        raise InputError(f"OFD 文件结构损坏（缺少 {path}）", file=name) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise InputError(f"OFD 文件损坏（{path} 无法解压：{cause(exc)}）", file=name) from None
    except ET.ParseError as exc:
        raise InputError(f"OFD 文件结构损坏（{path} 不是有效的 XML：{cause(exc)}）", file=name) from None


def _floats(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def _deltas(text: str | None) -> list[float]:
    """``DeltaX``: numbers, with ``g N v`` for N copies of v."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        try:
            if tokens[i] == "g" and i + 2 < len(tokens):
                out += [float(tokens[i + 2])] * min(int(tokens[i + 1]), 100_000)
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
        except ValueError:
            return out
    return out


def _runs(obj: ET.Element) -> list[Run]:
    """The runs of one TextObject, placed on the page (CTM scale and offset applied)."""
    box = [*_floats(obj.get("Boundary")), 0.0, 0.0]
    ctm = _floats(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    size = (_floats(obj.get("Size")) or [3.5])[0] * (abs(a) or 1.0)
    runs = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = "".join(code.itertext())
        x = (_floats(code.get("X")) or [x])[0]
        y = (_floats(code.get("Y")) or [y])[0]
        if not text.strip():
            continue
        deltas = _deltas(code.get("DeltaX"))
        xs, advances, cx = [], [], x
        for i, ch in enumerate(text):  # no DeltaX: a CJK character is as wide as the font size
            step = deltas[i] if i < len(deltas) else (1.0 if is_wide(ch) else 0.5) * size / (abs(a) or 1.0)
            xs.append(box[0] + a * cx + c * y + e)
            advances.append(abs(a) * step)
            cx += step
        runs.append(Run(box[1] + b * x + d * y + f, tuple(xs), tuple(advances), size, text))
    return runs


def _line(runs: list[Run], widths: list[float]) -> Line:
    """Runs on one baseline, left to right, as (text, left, right, leading run width)."""
    runs.sort(key=lambda r: r.xs[0])
    chars: list[tuple[str, float, float]] = []
    for r in runs:
        # a gap between runs is a space: a word space in Latin text, an ideographic one (第一条　…)
        # where a character's width is left blank
        gap = r.xs[0] - chars[-1][2] if chars else 0.0
        if chars and (chars[-1][0].isascii() or r.text[0].isascii()) and gap > 0.5 * r.size:
            chars.append((" ", chars[-1][2], r.xs[0]))
        elif chars and gap > 0.8 * r.size:
            chars.append(("\u3000", chars[-1][2], r.xs[0]))
        chars += [(ch, x0, x0 + w) for ch, x0, w in zip(r.text, r.xs, r.advances, strict=True)]
    text = "".join(ch for ch, _, _ in chars).strip()
    ink = [(x0, x1) for ch, x0, x1 in chars if not ch.isspace()]
    left, right = min(x0 for x0, _ in ink), max(x1 for _, x1 in ink)
    lead = leading_run(chars, left)
    widths += [x1 - x0 for ch, x0, x1 in chars if is_wide(ch)]
    return text, left, right, lead


def page_lines(content: ET.Element, widths: list[float]) -> list[Line]:
    """The printed lines of one page, top to bottom (runs whose baselines differ by less than half
    a character are one line)."""
    runs = sorted((r for obj in _children(content, "TextObject") for r in _runs(obj)), key=lambda r: r.y)
    groups: list[list[Run]] = []
    for r in runs:
        if groups and r.y - groups[-1][0].y < 0.5 * max(r.size, groups[-1][0].size):
            groups[-1].append(r)
        else:
            groups.append([r])
    return [_line(g, widths) for g in groups]


def _page_paths(zf: zipfile.ZipFile, name: str | None) -> list[str]:
    """Every page's Content.xml, documents and pages in their order."""
    root = _xml(zf, "OFD.xml", name)
    paths = []
    for doc_root in _children(root, "DocRoot"):
        doc_path = (doc_root.text or "").strip()
        document = _xml(zf, doc_path, name)
        base = posixpath.dirname(doc_path.lstrip("/"))
        for page in _children(document, "Page"):
            loc = (page.get("BaseLoc") or "").strip()
            if loc:
                paths.append(loc if loc.startswith("/") else posixpath.join(base, loc))
    if len(paths) > MAX_PAGES:
        raise InputError(f"OFD 共 {len(paths)} 页，超过上限 {MAX_PAGES} 页：请拆分文件", file=name)
    return paths


def ofd_text(data: bytes, *, name: str | None = None) -> str:
    """Text of every page of every document in the file, page numbers dropped, lines unwrapped."""
    with open_archive(data, "OFD", name) as zf:
        return ofd_archive_text(zf, name=name)


def ofd_archive_text(zf: zipfile.ZipFile, *, name: str | None = None) -> str:
    """:func:`ofd_text` of a zip already opened and checked (``archive.open_archive``)."""
    if "OFD.xml" not in zf.namelist():
        raise InputError("不是 OFD 文件（zip 中没有 OFD.xml）", file=name)
    lines: list[Line] = []
    widths: list[float] = []
    for path in _page_paths(zf, name):
        lines += page_lines(_xml(zf, path, name), widths)
    return page_text(flag_lines(lines, widths), "OFD", name)
