"""Bounds applied at the edges (web requests, imports, uploads). One place, documented in SECURITY.md."""

from __future__ import annotations

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

# Years a request may ask for: wide enough for every data set (patents since 1985, plans to 2035+),
# narrow enough that dates and cache keys stay valid.
YEAR_MIN = 1900
YEAR_MAX = 2100

# Pagination: page numbers past this are refused (offset overflow, pointless scans).
MAX_PAGE = 100_000

# Request bodies: JSON/forms and multipart uploads (checked while the body streams in).
MAX_JSON_BODY = 2 * 1024 * 1024
MAX_FORM_BODY = 2 * 1024 * 1024
MAX_UPLOAD_BODY = 25 * 1024 * 1024

# Imported text fields: characters per value (longer values are quarantined with a reason).
FIELD_MAX_CHARS: dict[str, int] = {
    "abstract": 20_000,
    "claims": 20_000,
    "title": 1_000,
    "mark_name": 1_000,
    "product_name": 1_000,
}
FIELD_DEFAULT_MAX_CHARS = 2_000

# Zip containers (XLSX, DOCX, OFD): checked on the zip directory before any member is parsed
# (sourcetext.archive). XLSX rows, columns and cells have limits of their own below.
ZIP_MAX_MEMBER_BYTES = 512 * 1024 * 1024  # uncompressed size of one zip member
ZIP_MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # uncompressed size of all members
ZIP_MAX_RATIO = 100  # uncompressed / compressed, per member past 16 MB (sheet XML: ~10-30x)
XLSX_MAX_ROWS = 2_000_000
XLSX_MAX_COLUMNS = 512
XLSX_MAX_CELL_CHARS = 32_767  # Excel's own limit per cell
HEADER_MAX_BYTES = 128 * 1024
# One law or regulation text: 民法典, the longest, has about 106,000 characters; a file 30 times that
# is a compilation or not a law, and word segmentation of it would take minutes.
DOCUMENT_MAX_CHARS = 3_000_000
# One CSV value (Python's csv module stops at 128 KB by default; longer values are quarantined).
CSV_MAX_FIELD_BYTES = 8 * 1024 * 1024


def field_limit(field: str) -> int:
    return FIELD_MAX_CHARS.get(field, FIELD_DEFAULT_MAX_CHARS)
