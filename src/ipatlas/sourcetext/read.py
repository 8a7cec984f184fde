"""One entry for reading a user's document (a path, or its bytes and suffix) into text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ipatlas.errors import InputError, cause
from ipatlas.sourcetext.decode import Decoded, decode_bytes
from ipatlas.sourcetext.docx import docx_to_text
from ipatlas.sourcetext.html import html_to_text, looks_like_html
from ipatlas.sourcetext.pdf import pdf_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class ReadOptions:
    """How a package wants its documents read (see :func:`html_to_text` for the HTML ones).

    ``sniff``: a file's content decides its format when the suffix does not say (ZIP magic → DOCX,
    ``%PDF-`` → PDF, block tags → HTML); without it the suffix alone decides (a law in Markdown
    that quotes a tag stays Markdown)."""

    cells: str = "\t"
    wrapped: Literal["join", "keep"] = "join"
    strip_chrome: bool = False
    sniff: bool = True

    def html(self, html: str) -> str:
        """The text of a page (a file's decoded content, or a paste) read with these options."""
        return html_to_text(html, cells=self.cells, wrapped=self.wrapped, strip_chrome=self.strip_chrome)


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str  # "text" | "html" | "docx" | "pdf"
    encoding: str | None = None  # of a text or HTML file: "utf-8" | "utf-16" | "gb18030" | "big5"
    name: str | None = None

    def note(self) -> str | None:
        """What a user is told about an encoding conversion (None when there was none)."""
        if self.encoding is None:
            return None
        return Decoded(self.text, self.encoding).note(self.name or "")


def read_source(
    source: Path | bytes,
    suffix: str | None = None,
    *,
    name: str | None = None,
    options: ReadOptions = ReadOptions(),
) -> SourceText:
    """The text of a file, or of ``source`` bytes with the ``suffix`` of the file they came from.

    ``name`` is how errors name the file (default: the path). InputError, naming the file, for a
    missing or unreadable file, an unknown encoding, a broken DOCX, a PDF without a text layer."""
    if isinstance(source, Path):
        name = name or str(source)
        suffix = source.suffix if suffix is None else suffix
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise InputError("文件不存在", file=name) from None
        except OSError as exc:
            raise InputError(f"无法读取文件：{cause(exc)}", file=name) from None
    else:
        data = source
    suffix = (suffix or "").lower()
    sniff = options.sniff
    if suffix == ".docx" or (sniff and data[:4] == b"PK\x03\x04"):
        return SourceText(docx_to_text(data, name=name, cells=options.cells), "docx", None, name)
    if suffix == ".pdf" or (sniff and data[:5] == b"%PDF-"):
        return SourceText(pdf_text(data, name=name or "<pdf>"), "pdf", None, name)
    decoded = decode_bytes(data, name=name)
    if suffix in HTML_SUFFIXES or (sniff and looks_like_html(decoded.text)):
        return SourceText(options.html(decoded.text), "html", decoded.encoding, name)
    return SourceText(decoded.text, "text", decoded.encoding, name)
