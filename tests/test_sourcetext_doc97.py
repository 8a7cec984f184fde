"""Word 97–2003 (.doc) and WPS (.wps) documents: read as their DOCX twin reads.

The .doc fixture was made by LibreOffice from the DOCX that ``office97.write_plan_docx`` builds
(scripts/make_office97_fixtures.py); the test builds the DOCX again and compares the two readers.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import olefile
import pytest

import office97
from ipatlas.errors import InputError
from ipatlas.sourcetext import DOCUMENT_SUFFIXES, ReadOptions, doc97_to_text, docx_to_text, read_source
from ipatlas.sourcetext.doc97 import NFIB_WORD97, OLE_MAGIC, WORD_IDENT, Piece, _chars, read_pieces

DOC = office97.FIXTURES / "plan.doc"


def _word_stream_offset(data: bytes) -> int:
    """Where the WordDocument stream begins in the file (its first sector)."""
    with olefile.OleFileIO(data) as ole:
        start = ole.root.kids_dict["worddocument"].isectStart
        return int((start + 1) * ole.sectorsize)


def test_doc_reads_as_its_docx_twin(tmp_path: Path) -> None:
    """Paragraphs, a line break, Latin text, characters outside the BMP (two UTF-16 units: the
    byte offsets behind them must still find the right paragraph properties), a hyperlink field
    (its result kept, its code dropped), a page break, and a task table: one line per row, the
    merged cell once, a two-paragraph cell, an empty cell left out."""
    docx_text = docx_to_text(office97.write_plan_docx(tmp_path / "plan.docx").read_bytes())
    doc_text = doc97_to_text(DOC.read_bytes(), name="plan.doc")
    assert doc_text == docx_text
    assert "序号\t任务\t牵头单位\t完成时限" in doc_text.splitlines()
    assert "HYPERLINK" not in doc_text and "详见国家知识产权局网站。" in doc_text
    assert "𠀀𪚥" in doc_text


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".txt", ""])
def test_read_source_takes_a_word97_file_by_suffix_or_content(tmp_path: Path, suffix: str) -> None:
    """.doc and .wps by name; under a wrong or no suffix the OLE signature decides (sniffing)."""
    path = tmp_path / f"方案{suffix}"
    shutil.copyfile(DOC, path)
    src = read_source(path, options=ReadOptions(cells=" | "))
    assert src.format == "doc" and src.encoding is None
    assert "1 | 加强专利导航 | 市市场监管局 | 2025年底前" in src.text.splitlines()
    assert {".doc", ".wps"} <= set(DOCUMENT_SUFFIXES)


def test_plans_judgments_and_laws_read_doc_files(tmp_path: Path) -> None:
    """Every package that reads documents takes a .doc the way it takes the DOCX."""
    from ipatlas.library.text import read_source as read_law
    from ipatlas.litigation.reader import read_text
    from ipatlas.plans import parse_plan

    docx_path = office97.write_plan_docx(tmp_path / "plan.docx")
    doc_path = tmp_path / "plan.doc"
    shutil.copyfile(DOC, doc_path)
    from_doc, from_docx = parse_plan(doc_path), parse_plan(docx_path)
    assert from_doc.title == from_docx.title == "某市知识产权强市建设实施方案（2024—2026年）"
    assert [(t.indicator, t.value) for t in from_doc.targets] == [
        (t.indicator, t.value) for t in from_docx.targets
    ]
    assert len(from_doc.targets) >= 2
    assert read_law(doc_path)[0] == read_law(docx_path)[0]
    assert read_text(doc_path) == read_text(docx_path)


def _patched(tmp_path: Path, offset: int, fmt: str, value: int) -> Path:
    data = bytearray(DOC.read_bytes())
    base = _word_stream_offset(bytes(data))
    assert struct.unpack_from("<H", data, base)[0] == WORD_IDENT
    struct.pack_into(fmt, data, base + offset, value)
    out = tmp_path / "patched.doc"
    out.write_bytes(bytes(data))
    return out


def test_encrypted_old_and_broken_files_are_named_errors(tmp_path: Path) -> None:
    flags = struct.unpack_from("<H", DOC.read_bytes(), _word_stream_offset(DOC.read_bytes()) + 10)[0]
    encrypted = _patched(tmp_path, 10, "<H", flags | 0x0100)
    with pytest.raises(InputError, match=r"patched\.doc.*已加密"):
        read_source(encrypted)
    word6 = _patched(tmp_path, 2, "<H", NFIB_WORD97 - 0x10)
    with pytest.raises(InputError, match=r"patched\.doc.*Word 6\.0/95"):
        read_source(word6)
    cut = tmp_path / "cut.doc"
    cut.write_bytes(DOC.read_bytes()[:3000])
    with pytest.raises(InputError, match=r"cut\.doc.*(损坏|无法读取)"):
        read_source(cut)
    junk = tmp_path / "junk.doc"
    junk.write_bytes(OLE_MAGIC + b"\x00" * 600)
    with pytest.raises(InputError, match=r"junk\.doc"):
        read_source(junk)
    sheet = tmp_path / "表格.doc"
    shutil.copyfile(office97.FIXTURES / "cells.xls", sheet)
    with pytest.raises(InputError, match="没有 WordDocument 流"):
        read_source(sheet)


def test_a_cp1252_piece_and_a_utf16_piece_are_both_read() -> None:
    """[MS-DOC] FcCompressed: bit 30 set → one cp1252 byte per character at fc/2. LibreOffice writes
    only UTF-16 pieces, Word writes compressed ones for Latin text: a piece table is built here."""
    word = bytearray(64)
    word[16:21] = b"Word\r"  # compressed: fc field 32 → byte 16
    word[40:46] = "专利\r".encode("utf-16-le")
    cps = [0, 5, 8]
    pcds = [(32 | 0x40000000), 40]
    plc = struct.pack("<3I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in pcds)
    table = (
        bytes([0x01]) + struct.pack("<H", 2) + b"\x00\x00" + bytes([0x02]) + struct.pack("<I", len(plc)) + plc
    )
    pieces = read_pieces(table, (0, len(table)))
    assert pieces == [Piece(0, 5, 16, True), Piece(5, 8, 40, False)]
    assert "".join(ch for ch, _ in _chars(bytes(word), pieces, 8)) == "Word\r专利\r"
    assert [fc for _, fc in _chars(bytes(word), pieces, 8)] == [16, 17, 18, 19, 20, 40, 42, 44]
