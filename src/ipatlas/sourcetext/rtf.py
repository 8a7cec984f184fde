"""RTF → text: paragraphs and table rows in document order, as the DOCX reader gives them.

Publishing systems often hand out a "Word" download that is RTF (under a .doc name, or .rtf).
The reader follows the RTF 1.9 specification's tokens: groups, control words and symbols, ``\\'hh``
bytes decoded in the current font's character set (``\\fcharset134`` → GBK) or the document's code
page (``\\ansicpg936``), ``\\uN`` characters with their ``\\ucN`` fallback bytes skipped, ``\\binN``
data jumped over. Destinations that are not body text (font and colour tables, styles, document
info, pictures, headers, footers, notes, field instructions, anything starred ``{\\*…}``) are
skipped; a field's result is kept. ``\\cell`` and ``\\row`` make a table row one line (empty cells
and a merged cell's repeats left out, as in DOCX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ipatlas.errors import InputError

RTF_MAGIC = b"{\\rtf"
TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
SKIP = {
    *("colortbl", "stylesheet", "info", "pict", "object", "fldinst", "listtable", "listoverridetable"),
    *("rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping", "latentstyles", "datastore"),
    *("pgdsctbl", "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf"),
    *("footnote", "annotation", "revtbl", "filetbl", "objdata", "shppict", "nonshppict", "bkmkstart"),
    *("bkmkend", "mmathPr", "background", "userprops", "template", "docvar"),
}
BREAKS = {"par", "sect", "page"}
WORDS = {
    **{"line": "\n", "tab": "\t", "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’"},
    **{"ldblquote": "“", "rdblquote": "”", "bullet": "•", "emspace": "\u3000", "enspace": " "},
}
SYMBOLS = {"~": "\u00a0", "_": "-", "\\": "\\", "{": "{", "}": "}"}
CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gbk", 136: "big5", 161: "cp1253", 204: "cp1251"}


@dataclass(frozen=True)
class _Group:
    skip: bool = False
    fonttbl: bool = False
    uc: int = 1  # bytes of fallback after each \uN
    font: int = -1
    intbl: bool = False  # the paragraph is in a table cell


class _Reader:
    def __init__(self, cells: str) -> None:
        self.cells = cells
        self.fonts: dict[int, str] = {}
        self.codepage = "cp1252"
        self.stack = [_Group()]
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.row: list[str] = []
        self.pending = bytearray()  # \'hh bytes of one run, decoded together (double-byte text)
        self.fallback = 0  # \uN fallback bytes still to drop
        self.defining = -1  # in the font table: the font being defined

    @property
    def top(self) -> _Group:
        return self.stack[-1]

    def set(self, **kw: object) -> None:
        self.stack[-1] = replace(self.top, **kw)  # type: ignore[arg-type]

    def flush(self) -> None:
        if self.pending:
            if not self.top.skip:
                self.buf.append(self.pending.decode(self.fonts.get(self.top.font, self.codepage), "replace"))
            self.pending.clear()

    def text(self, chunk: str) -> None:
        if self.fallback:
            drop = min(self.fallback, len(chunk))
            chunk, self.fallback = chunk[drop:], self.fallback - drop
        if not self.top.skip:
            self.buf.append(chunk)

    def end_cell(self) -> None:
        cell = "".join(self.buf).strip()
        if cell and (not self.row or self.row[-1] != cell):
            self.row.append(cell)
        self.buf = []

    def end_paragraph(self) -> None:
        if self.top.intbl:
            self.buf.append("\n")  # a paragraph inside a cell
        else:
            self.lines.append("".join(self.buf))
            self.buf = []

    def word(self, w: str, n: int | None) -> None:
        g = self.top
        if w in SKIP:
            self.set(skip=True)
        elif w == "fonttbl":
            self.set(skip=True, fonttbl=True)
        elif w == "f" and n is not None:
            if g.fonttbl:
                self.defining = n
            else:
                self.set(font=n)
        elif w == "fcharset" and n in CHARSETS and g.fonttbl:
            self.fonts[self.defining] = CHARSETS[n]
        elif w == "ansicpg" and n:
            self.codepage = "gbk" if n == 936 else f"cp{n}"
        elif w == "uc" and n is not None:
            self.set(uc=max(n, 0))
        elif w == "u" and n is not None:
            if not g.skip:
                self.buf.append(chr(n + 65536 if n < 0 else n))
            self.fallback = g.uc
        elif g.skip:
            return
        elif w in ("pard", "intbl"):
            self.set(intbl=w == "intbl")
        elif w in ("cell", "nestcell"):
            self.end_cell()
        elif w in ("row", "nestrow"):
            self.lines.append(self.cells.join(self.row))
            self.row, self.buf = [], []
        elif w in BREAKS:
            self.end_paragraph()
        elif w in WORDS:
            self.buf.append(WORDS[w])

    def read(self, data: bytes) -> str:
        pos = 0
        while pos < len(data):
            m = TOKEN.match(data, pos)
            if m is None:  # a lone backslash at the end
                break
            pos = m.end()
            word, arg, hexbyte, symbol, brace, chunk = m.groups()
            if hexbyte is not None:
                if self.fallback:
                    self.fallback -= 1
                else:
                    self.pending.append(int(hexbyte, 16))
                continue
            self.flush()
            if word == b"bin" and arg:  # raw bytes follow: jump over them
                pos += max(int(arg), 0)
            elif word is not None:
                self.word(word.decode("ascii"), int(arg) if arg else None)
            elif brace == b"{":
                self.stack.append(self.top)
            elif brace == b"}":
                if len(self.stack) > 1:
                    self.stack.pop()
                self.fallback = 0
            elif symbol == b"*":
                self.set(skip=True)
            elif symbol is not None:
                self.text(SYMBOLS.get(symbol.decode("latin-1"), ""))
            elif chunk is not None:
                self.text(chunk.decode(self.fonts.get(self.top.font, self.codepage), "replace"))
        self.flush()
        if self.buf:
            self.lines.append("".join(self.buf))
        # \uN writes a character past the BMP as two UTF-16 surrogates: pair them up
        return "\n".join(self.lines).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def rtf_to_text(data: bytes, *, name: str | None = None, cells: str = "\t") -> str:
    """The text of an RTF document; InputError naming the file when it is not one."""
    if not data.lstrip().startswith(RTF_MAGIC):
        raise InputError("不是 RTF 文档（缺少 {\\rtf 开头）", file=name)
    return _Reader(cells).read(data.lstrip())
