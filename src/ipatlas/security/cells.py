"""Text that leaves the platform in a spreadsheet or document: one function for every export.

- OWASP CSV-injection rule: a text value beginning with ``=``, ``+``, ``-``, ``@``, tab or CR is
  prefixed with a single quote, so Excel/LibreOffice show it as text and never evaluate it (in CSV
  and in XLSX, where openpyxl would otherwise store ``=…`` as a live formula). Plain numbers
  written as text (``-12``, ``+3.5``) are left alone: they cannot carry a formula.
- Control characters (NUL, vertical tab, …) are not allowed in XML (XLSX, DOCX) and break CSV
  readers: they are removed (tab/CR/LF become a space).
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab/LF/CR, DEL, C1 controls, and the XML-illegal non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_BLANKS = re.compile("[\t\r\n]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def strip_control(text: str) -> str:
    """``text`` without control characters (tab, LF and CR are kept)."""
    return _CONTROL.sub("", text)


def xml_safe(text: str) -> str:
    """Text any XML writer (python-docx, openpyxl) accepts."""
    return _CONTROL.sub("", text)


def neutralise(text: str) -> str:
    """The OWASP CSV-injection rule for one text value (control characters removed first)."""
    text = _CONTROL.sub("", text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A value ready for a CSV or XLSX cell: lists joined, text neutralised, numbers/dates kept."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy / pyarrow scalars
        if value is None or isinstance(value, bool | int | float):
            return value
    if isinstance(value, list | tuple):
        value = "；".join("" if v is None else str(v) for v in value)
    elif isinstance(value, dict):
        value = str(value)
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "isoformat"):
        return value  # date/datetime: written as a date cell
    return neutralise(str(value))


def safe_row(row: Any) -> list[Any]:
    return [safe_cell(v) for v in row]


def clean_strings(value: Any) -> Any:
    """``value`` (dicts, lists, strings) with control characters removed from every string."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {k: clean_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_strings(v) for v in value)
    return value
