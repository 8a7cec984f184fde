"""DOCX → text: paragraphs and table rows in document order, one per line."""

from __future__ import annotations

import io
import zipfile

from ipatlas.errors import InputError, cause
from ipatlas.sourcetext.archive import open_archive


def docx_to_text(
    data: bytes, *, name: str | None = None, cells: str = "\t", archive: zipfile.ZipFile | None = None
) -> str:
    """The paragraphs and tables of a Word file as lines; a table row is one line, its non-empty
    cells joined with ``cells`` (a merged cell repeats its text in each grid cell it spans: kept
    once). Tables stay where they are in the document: a 任务分工 table belongs to its section.

    ``archive``: the bytes' zip, already opened and checked by the caller (``read_source`` sniffing
    the format), so that it is not opened again for the check."""
    import docx
    from docx.table import Table

    if archive is None:
        open_archive(data, "DOCX", name).close()
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError/lxml variants
        raise InputError(f"无法读取 DOCX 文件（文件损坏或不是 Word 文档）：{cause(exc)}", file=name) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                row_cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not row_cells or row_cells[-1] != text):
                        row_cells.append(text)
                lines.append(cells.join(row_cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)
