"""How judgments are read: :mod:`ipatlas.sourcetext` with the judgment options.

Kept as this package's entry (the parser, the corpus import and the benchmark call it) so that the
options live in one place: a table row's cells joined with an ideographic space, a line break in
an HTML page's source kept (the parser rejoins cut sentences itself), content sniffed when the
suffix does not say (a judgment saved as .txt from a web page is HTML).
"""

from __future__ import annotations

from pathlib import Path

from ipatlas.sourcetext import DOCUMENT_SUFFIXES, ReadOptions, SourceText, read_source

SUPPORTED = DOCUMENT_SUFFIXES
JUDGMENT_READING = ReadOptions(cells="　", wrapped="keep")


def read_text(path: Path) -> str:
    """The text of one judgment file; InputError naming the file when it cannot be read."""
    return read_file(path).text


def read_file(path: Path) -> SourceText:
    """One judgment file as read: its text, format and how many scanned pages were recognised."""
    return read_source(path, name=str(path), options=JUDGMENT_READING)


def bytes_to_text(data: bytes, *, name: str = "<bytes>", suffix: str = ".txt") -> str:
    """The text of a judgment file's bytes (an upload, a corpus blob)."""
    return read_source(data, suffix, name=name, options=JUDGMENT_READING).text
