"""Word 97–2003 (.doc) and WPS 文字 (.wps) → text: paragraphs and table rows in document order.

Offices still publish plans and notices as .doc attachments, and WPS Office (2005 on) writes .wps
in the same binary layout. The text is read as [MS-DOC] lays it out, with no converter to install:
the File Information Block (FIB) in the ``WordDocument`` stream names the table stream and where
its piece table (Clx) is; each piece is a run of characters stored either as cp1252 bytes or as
UTF-16LE. Table cells and rows end with the same character (0x07); a row's end is told from a
cell's by the paragraph property ``sprmPFTtp`` found through the paragraph FKPs. Field codes
(``PAGE``, ``HYPERLINK …``) are dropped and their results kept.
"""

from __future__ import annotations

import io
import logging
import struct
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ipatlas.errors import InputError, cause

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# olefile logs its own warnings about a damaged container; the reader raises one InputError instead
logging.getLogger("olefile").setLevel(logging.ERROR)
WORD_IDENT = 0xA5EC
NFIB_WORD97 = 0x00C1  # earlier nFib values are Word 6/95, whose text is stored differently
SPRM_IN_TABLE = (0x2416, 0x6649)  # sprmPFInTable, sprmPItap (nesting depth ≥ 1)
SPRM_TTP = (0x2417, 0x244C)  # sprmPFTtp, sprmPFInnerTTp: this paragraph mark ends a table row
# Characters that are not text: 0x01 picture, 0x08 drawn object, 0x02/0x05 note and comment
# anchors, 0x1E/0x1F non-breaking and optional hyphens (kept as -, dropped).
DROP = {0x01: "", 0x02: "", 0x05: "", 0x08: "", 0x1F: "", 0x1E: "-", 0x0C: "\n", 0x0B: "\n"}
FIELD_BEGIN, FIELD_SEP, FIELD_END, CELL_MARK = 0x13, 0x14, 0x15, 0x07


@dataclass(frozen=True)
class Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset in the WordDocument stream
    compressed: bool  # one cp1252 byte per character, else two (UTF-16LE)


@dataclass(frozen=True)
class Fib:
    table: str  # "0Table" or "1Table"
    ccp_text: int  # characters of the main document
    clx: tuple[int, int]  # (offset, length) of the piece table in the table stream
    bte_papx: tuple[int, int]  # of the paragraph-property bin table


def _fail(message: str, name: str | None) -> InputError:
    return InputError(message, file=name)


def read_fib(word: bytes, name: str | None = None) -> Fib:
    """The parts of the FIB the text needs, checked against the stream's size."""
    if len(word) < 154 or struct.unpack_from("<H", word, 0)[0] != WORD_IDENT:
        raise _fail("不是 Word 97–2003 文档（WordDocument 流无效）", name)
    nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 10)[0]
    if flags & 0x0100:
        raise _fail("Word 文档已加密：请去掉密码后另存为 .docx 再导入", name)
    if nfib < NFIB_WORD97:
        raise _fail("Word 6.0/95 格式的旧文档无法读取：请用 Word 或 WPS 另存为 .docx", name)
    pos = 32
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    lw = pos + 2
    pos = lw + 4 * cslw
    cb = struct.unpack_from("<H", word, pos)[0]
    fclcb = pos + 2
    if cslw < 4 or cb < 67 or fclcb + 8 * cb > len(word):
        raise _fail("Word 文档结构损坏（FIB 不完整）", name)
    ccp_text = struct.unpack_from("<i", word, lw + 12)[0]

    def pair(index: int) -> tuple[int, int]:
        fc, lcb = struct.unpack_from("<II", word, fclcb + 8 * index)
        return fc, lcb

    return Fib("1Table" if flags & 0x0200 else "0Table", ccp_text, pair(33), pair(13))


def read_pieces(table: bytes, clx: tuple[int, int], name: str | None = None) -> list[Piece]:
    """The piece table: skip the Prc entries (0x01), read the Pcdt (0x02)."""
    pos, end = clx[0], clx[0] + clx[1]
    if end > len(table):
        raise _fail("Word 文档结构损坏（片段表越界）", name)
    while pos < end and table[pos] == 0x01:
        pos += 3 + struct.unpack_from("<H", table, pos + 1)[0]
    if pos + 5 > end or table[pos] != 0x02:
        raise _fail("Word 文档结构损坏（没有片段表）", name)
    lcb = struct.unpack_from("<I", table, pos + 1)[0]
    start = pos + 5
    n = (lcb - 4) // 12
    if n < 1 or start + lcb > len(table):
        raise _fail("Word 文档结构损坏（片段表长度无效）", name)
    cps = struct.unpack_from(f"<{n + 1}I", table, start)
    pieces = []
    for i in range(n):
        raw = struct.unpack_from("<I", table, start + 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(raw & 0x40000000)
        fc = (raw & 0x3FFFFFFF) // 2 if compressed else raw & 0x3FFFFFFF
        pieces.append(Piece(cps[i], cps[i + 1], fc, compressed))
    return pieces


def _chars(word: bytes, pieces: list[Piece], ccp: int) -> Iterator[tuple[str, int]]:
    """(character, its byte offset) of the main document, CP 0 up to ``ccp``."""
    for p in pieces:
        if p.cp_start >= ccp:
            break
        stop = min(p.cp_end, ccp)
        count = stop - p.cp_start
        if p.compressed:
            text = word[p.fc : p.fc + count].decode("cp1252", errors="replace")
        else:
            text = word[p.fc : p.fc + 2 * count].decode("utf-16-le", errors="replace")
        fc = p.fc
        for ch in text:  # a character past the BMP is two UTF-16 units, two CPs
            yield ch, fc
            fc += 1 if p.compressed else (2 if ord(ch) < 0x10000 else 4)


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """(sprm, operand) of a property list; the operand's size is in the sprm's top three bits."""
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm in (0xD608, 0xD606):  # sprmTDefTable, sprmTDefTable10: two-byte length
                size = struct.unpack_from("<H", grpprl, pos)[0] + 1 if pos + 2 <= len(grpprl) else 0
            else:
                size = grpprl[pos] + 1 if pos < len(grpprl) else 0
            operand, pos = grpprl[pos : pos + size], pos + size
        else:
            size = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}[spra]
            operand, pos = grpprl[pos : pos + size], pos + size
        yield sprm, operand


def paragraph_props(word: bytes, table: bytes, fib: Fib) -> Callable[[int], tuple[bool, bool]]:
    """fc of a paragraph mark → (in a table, ends a table row), from the paragraph FKPs."""
    fc0, lcb = fib.bte_papx
    n = (lcb - 4) // 8 if lcb >= 12 else 0
    if n < 1 or fc0 + lcb > len(table):
        return lambda fc: (False, False)
    bounds = struct.unpack_from(f"<{n + 1}I", table, fc0)
    pages = [v & 0x3FFFFF for v in struct.unpack_from(f"<{n}I", table, fc0 + 4 * (n + 1))]

    def props(fc: int) -> tuple[bool, bool]:
        k = bisect_right(bounds, fc) - 1
        if not 0 <= k < n or pages[k] * 512 + 512 > len(word):
            return False, False
        fkp = word[pages[k] * 512 : pages[k] * 512 + 512]
        crun = fkp[511]
        if 4 * (crun + 1) + 13 * crun > 511:
            return False, False
        i = bisect_right(struct.unpack_from(f"<{crun + 1}I", fkp, 0), fc) - 1
        at = 2 * fkp[4 * (crun + 1) + 13 * i] if 0 <= i < crun else 0
        if at == 0 or at >= 510:
            return False, False
        cb = fkp[at]
        size, body = (2 * fkp[at + 1], at + 2) if cb == 0 else (2 * cb - 1, at + 1)
        flags = {s: any(op) for s, op in _sprms(fkp[body + 2 : body + size])}
        return any(flags.get(s, False) for s in SPRM_IN_TABLE), any(flags.get(s, False) for s in SPRM_TTP)

    return props


def assemble(chars: Iterator[tuple[str, int]], props: Callable[[int], tuple[bool, bool]], cells: str) -> str:
    """Paragraphs to lines, a table row to one line of its cells (as the DOCX reader does: empty
    cells and a merged cell's repeats left out, a cell's paragraphs joined by line breaks), field
    codes dropped and their results kept."""
    lines: list[str] = []
    buf: list[str] = []  # the paragraph, or the cell, being read
    row: list[str] = []
    fields: list[bool] = []  # per open field: still in its code part
    for ch, fc in chars:
        c = ord(ch)
        if c == FIELD_BEGIN:
            fields.append(True)
        elif c == FIELD_SEP and fields:
            fields[-1] = False
        elif c == FIELD_END and fields:
            fields.pop()
        elif any(fields):
            continue
        elif c == CELL_MARK:
            if props(fc)[1]:
                lines.append(cells.join(row))
                row = []
            else:
                text = "".join(buf).strip()
                if text and (not row or row[-1] != text):
                    row.append(text)
            buf = []
        elif ch == "\r":
            if props(fc)[0]:
                buf.append("\n")  # a paragraph inside a cell
            else:
                lines.append("".join(buf))
                buf = []
        else:
            buf.append(DROP.get(c, ch))
    if buf:
        lines.append("".join(buf))
    return "\n".join(lines)


def doc97_to_text(data: bytes, *, name: str | None = None, cells: str = "\t") -> str:
    """The text of a Word 97–2003 or WPS file (an OLE compound file with a WordDocument stream)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and its own types for a broken file
        raise _fail(f"无法读取 Word 97–2003 文档（文件损坏）：{cause(exc)}", name) from None
    try:
        if not ole.exists("WordDocument"):
            raise _fail("不是 Word 文档（OLE 文件中没有 WordDocument 流；若是 Excel 表格请按表格导入）", name)
        word = ole.openstream("WordDocument").read()
        fib = read_fib(word, name)
        if not ole.exists(fib.table):
            raise _fail(f"Word 文档结构损坏（缺少 {fib.table} 流）", name)
        table = ole.openstream(fib.table).read()
    except InputError:
        raise
    except Exception as exc:
        raise _fail(f"无法读取 Word 97–2003 文档（文件损坏）：{cause(exc)}", name) from None
    finally:
        ole.close()
    try:
        pieces = read_pieces(table, fib.clx, name)
        return assemble(_chars(word, pieces, fib.ccp_text), paragraph_props(word, table, fib), cells)
    except struct.error:
        raise _fail("Word 文档结构损坏（数据越界）", name) from None
