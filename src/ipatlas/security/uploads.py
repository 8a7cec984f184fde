"""Uploaded files: the stored content type comes from the bytes, never from the client's header."""

from __future__ import annotations

import io
import zipfile

OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc/.xls (legacy Office)
    (b"Rar!", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
]


def sniff_content_type(data: bytes) -> str:
    """The content type the bytes really are (PDF, images, Office, zip, UTF-8/GB18030 text),
    ``application/octet-stream`` otherwise. HTML and SVG are never reported as such: a stored
    file is served as a download, never rendered by the browser."""
    head = data[:16]
    for magic, ctype in MAGIC:
        if head.startswith(magic):
            return ctype
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile:
            return "application/octet-stream"
        for prefix, ctype in OOXML.items():
            if any(n.startswith(prefix) for n in names):
                return ctype
        return "application/zip"
    sample = data[:4096]
    if b"\x00" not in sample:
        for enc in ("utf-8", "gb18030"):
            try:
                sample.decode(enc)
            except UnicodeDecodeError as exc:
                if exc.start >= len(sample) - 4:  # a character cut at the sample's end
                    return "text/plain; charset=" + enc
                continue
            return "text/plain; charset=" + enc
    return "application/octet-stream"
