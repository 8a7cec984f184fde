"""Reading a user's document into text: the one place plans, the law library and judgments read
their sources.

``read_source(path or bytes, suffix)`` picks the format (suffix, else content) and returns a
:class:`SourceText`. The steps are modules of their own: ``decode`` (UTF-8, UTF-16, GB18030, Big5),
``html`` (block elements to lines, tables to rows, optional removal of site chrome), ``docx``
(paragraphs and table rows in document order), ``doc97`` and ``rtf`` (the same of a Word 97–2003
or WPS file and of an RTF document), ``pdf`` (the text layer, page numbers dropped, wrapped lines
joined; :data:`PAGE_NUMBER_RE` is the one page-number rule) and ``ofd`` (the same of an OFD 版式
文档, through the shared ``layout``).
What the readers want differently (how table cells are joined, whether a source line break inside
a paragraph is kept, whether site chrome is stripped, whether content may decide the format) is a
:class:`ReadOptions`. ``sheets`` opens XLSX and .xls workbooks for the importers; ``archive``
checks every zip container first. Errors are :class:`ipatlas.errors.InputError` naming the file.
"""

from ipatlas.sourcetext.decode import Decoded, decode_bytes
from ipatlas.sourcetext.doc97 import doc97_to_text
from ipatlas.sourcetext.docx import docx_to_text
from ipatlas.sourcetext.html import html_to_text, looks_like_html
from ipatlas.sourcetext.layout import PAGE_NUMBER_RE
from ipatlas.sourcetext.ofd import ofd_text
from ipatlas.sourcetext.pdf import pdf_text
from ipatlas.sourcetext.read import DOCUMENT_SUFFIXES, ReadOptions, SourceText, read_source
from ipatlas.sourcetext.rtf import rtf_to_text

__all__ = [
    "DOCUMENT_SUFFIXES",
    "PAGE_NUMBER_RE",
    "Decoded",
    "ReadOptions",
    "SourceText",
    "decode_bytes",
    "doc97_to_text",
    "docx_to_text",
    "html_to_text",
    "looks_like_html",
    "ofd_text",
    "pdf_text",
    "read_source",
    "rtf_to_text",
]
