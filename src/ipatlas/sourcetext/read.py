"""One entry for reading a user's document (a path, or its bytes and suffix) into text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ipatlas.errors import InputError, cause
from ipatlas.sourcetext.archive import ZIP_MAGIC, checked, open_zip
from ipatlas.sourcetext.decode import Decoded, decode_bytes
from ipatlas.sourcetext.doc97 import OLE_MAGIC, doc97_to_text
from ipatlas.sourcetext.docx import docx_to_text
from ipatlas.sourcetext.html import html_to_text, looks_like_html
from ipatlas.sourcetext.ocr import IMAGE_MAGIC, image_text
from ipatlas.sourcetext.ofd import ofd_archive_text, ofd_text
from ipatlas.sourcetext.pdf import pdf_read
from ipatlas.sourcetext.rtf import RTF_MAGIC, rtf_to_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
OCR_NOTE = "{name} 有 {pages} 页是扫描件，已用文字识别（OCR）读取，可能有错字：请对照原件核对"
WORD97_SUFFIXES = (".doc", ".wps")  # Word 97–2003, and WPS 文字 files in the same binary layout
# Every suffix read_source reads (without ``sniff`` a file's suffix alone decides): the one list the
# packages' file pickers, upload filters and messages use.
# Pictures of a document (a photo, a scan, a fax) are read by recognition when given one by one;
# folder imports do not pick them up (a folder's logos and screenshots are no documents).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
DOCUMENT_SUFFIXES = (".txt", ".text", *HTML_SUFFIXES, ".docx", *WORD97_SUFFIXES, ".rtf", ".pdf", ".ofd")


@dataclass(frozen=True)
class ReadOptions:
    """How a package wants its documents read (see :func:`html_to_text` for the HTML ones).

    ``sniff``: a file's content decides its format when the suffix does not say (a zip with OFD.xml
    → OFD, another zip → DOCX, OLE magic → Word 97–2003, ``{\\rtf`` → RTF, ``%PDF-`` → PDF, block
    tags → HTML); without it the suffix alone decides (a law in Markdown that quotes a tag stays
    Markdown). A .doc/.wps that is no Word 97 file always goes by its bytes."""

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
    format: str  # "text" | "html" | "docx" | "doc" | "rtf" | "pdf" | "ofd" | "image"
    encoding: str | None = None  # of a text or HTML file: "utf-8" | "utf-16" | "gb18030" | "big5"
    name: str | None = None
    ocr_pages: int = 0  # pages of a scan read by text recognition: a person checks them

    def note(self) -> str | None:
        """What a user is told about an encoding conversion or recognised pages (None: nothing)."""
        notes = []
        if self.encoding is not None:
            notes.append(Decoded(self.text, self.encoding).note(self.name or ""))
        if self.ocr_pages:
            notes.append(OCR_NOTE.format(name=self.name or "", pages=self.ocr_pages))
        return "；".join(n for n in notes if n) or None


def read_source(
    source: Path | bytes,
    suffix: str | None = None,
    *,
    name: str | None = None,
    options: ReadOptions = ReadOptions(),
) -> SourceText:
    """The text of a file, or of ``source`` bytes with the ``suffix`` of the file they came from.

    ``name`` is how errors name the file (default: the path). InputError, naming the file, for a
    missing or unreadable file, an unknown encoding, a broken DOCX or .doc, a PDF without a text layer."""
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
    if suffix in WORD97_SUFFIXES and data[:4] != OLE_MAGIC[:4]:
        # a "Word" download that is no Word 97 file (RTF, a web page saved for Word, a renamed
        # DOCX, text): its bytes decide, whatever the caller's sniffing
        suffix, sniff = "", True
    fmt = _binary_format(data, suffix, sniff)
    if fmt == "zip":
        return _sniffed_zip(data, name, options)
    if fmt == "ofd":
        return SourceText(ofd_text(data, name=name), fmt, None, name)
    if fmt == "docx":
        return SourceText(docx_to_text(data, name=name, cells=options.cells), fmt, None, name)
    if fmt == "doc":
        return SourceText(doc97_to_text(data, name=name, cells=options.cells), fmt, None, name)
    if fmt == "rtf":
        return SourceText(rtf_to_text(data, name=name, cells=options.cells), fmt, None, name)
    if fmt == "image":
        text, pages = image_text(data, name=name)
        return SourceText(text, fmt, None, name, ocr_pages=pages)
    if fmt == "pdf":
        text, recognised = pdf_read(data, name=name or "<pdf>")
        return SourceText(text, fmt, None, name, ocr_pages=recognised)
    decoded = decode_bytes(data, name=name)
    if suffix in HTML_SUFFIXES or (sniff and looks_like_html(decoded.text)):
        return SourceText(options.html(decoded.text), "html", decoded.encoding, name)
    return SourceText(decoded.text, "text", decoded.encoding, name)


def _binary_format(data: bytes, suffix: str, sniff: bool) -> str | None:
    """The reader a suffix names, else (when sniffing) the one the bytes' signature names; None
    for text (plain or HTML)."""
    by_suffix = {".ofd": "ofd", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".rtf": "rtf", ".pdf": "pdf"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    if suffix in IMAGE_SUFFIXES or (sniff and data.startswith(IMAGE_MAGIC)):
        return "image"
    if not sniff:
        return None
    if data[:4] == ZIP_MAGIC:
        return "zip"  # OFD or DOCX: its member names decide (_sniffed_zip)
    if data[:8] == OLE_MAGIC:
        return "doc"
    if data.lstrip()[:5] == RTF_MAGIC:
        return "rtf"
    if data[:5] == b"%PDF-":
        return "pdf"
    return None


def _sniffed_zip(data: bytes, name: str | None, options: ReadOptions) -> SourceText:
    """A zip with no telling suffix, opened once: an OFD by its OFD.xml, else a DOCX (a zip that
    does not open is reported as the DOCX it would be)."""
    with open_zip(data, "DOCX", name) as zf:
        if "OFD.xml" in zf.namelist():
            return SourceText(ofd_archive_text(checked(zf, "OFD", name), name=name), "ofd", None, name)
        checked(zf, "DOCX", name)
        return SourceText(docx_to_text(data, name=name, cells=options.cells, archive=zf), "docx", None, name)
