"""The zip containers of XLSX, DOCX and OFD files: checked before any member is parsed.

A few kilobytes can declare gigabytes (a zip bomb). Every member's declared uncompressed size and
compression ratio, and their total, are held to the limits of ``ipatlas.security.limits`` — the
same for every format, so a workbook, a Word file and an OFD document are refused alike."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ipatlas.errors import InputError, cause
from ipatlas.security import limits

ZIP_MAGIC = b"PK\x03\x04"  # XLSX, DOCX and OFD files all start with it


def open_archive(source: Path | bytes, kind: str, name: str | None = None) -> zipfile.ZipFile:
    """The checked zip (close it); ``kind`` (XLSX, DOCX, OFD) names the format in messages."""
    return checked(open_zip(source, kind, name), kind, name)


def open_zip(source: Path | bytes, kind: str, name: str | None = None) -> zipfile.ZipFile:
    """The zip, its members not yet checked: for a caller that learns ``kind`` from the member
    names (a sniffed zip: OFD or DOCX) and then calls :func:`checked` before reading any member."""
    name = name or (str(source) if isinstance(source, Path) else None)
    try:
        return zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
    except (zipfile.BadZipFile, NotImplementedError, OSError) as exc:
        raise InputError(f"不是有效的 {kind} 文件：{cause(exc)}", file=name) from None


def checked(zf: zipfile.ZipFile, kind: str, name: str | None = None) -> zipfile.ZipFile:
    """``zf`` once its members are within the limits; closed, and InputError, when one is not."""
    name = name or zf.filename
    try:
        check_members(zf.infolist(), kind, name)
    except InputError:
        zf.close()
        raise
    return zf


def check_members(members: list[zipfile.ZipInfo], kind: str, name: str | None) -> None:
    total = 0
    for m in members:
        total += m.file_size
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > limits.ZIP_MAX_MEMBER_BYTES:
            raise InputError(
                f"{kind} 内部文件 {m.filename} 解压后 {m.file_size / 2**20:,.0f} MB，超过上限 "
                f"{limits.ZIP_MAX_MEMBER_BYTES / 2**20:,.0f} MB：拒绝解析（疑似压缩炸弹）",
                file=name,
            )
        if ratio > limits.ZIP_MAX_RATIO and m.file_size > 16 * 2**20:
            raise InputError(
                f"{kind} 内部文件 {m.filename} 压缩比 {ratio:,.0f}:1 超过上限 {limits.ZIP_MAX_RATIO}:1"
                "：拒绝解析（疑似压缩炸弹）",
                file=name,
            )
    if total > limits.ZIP_MAX_TOTAL_BYTES:
        cap = limits.ZIP_MAX_TOTAL_BYTES / 2**20
        raise InputError(f"{kind} 解压后共 {total / 2**20:,.0f} MB，超过上限 {cap:,.0f} MB", file=name)
