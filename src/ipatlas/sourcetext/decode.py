"""The encoding of a text file: UTF-8 (with or without BOM), UTF-16 with a BOM (Notepad's
"Unicode"), GB18030 (a superset of GBK and GB2312) or Big5.

GB18030 accepts almost any byte sequence, Big5 text included (as nonsense), so "the first codec that
does not fail" never finds Big5. When both decode, Big5 wins only if the GB18030 reading is mostly
characters outside GB2312 (the 6,763 common simplified characters): genuine GBK text is nearly all
GB2312, Big5 read as GB18030 is about half rare characters.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ipatlas.errors import InputError

# Share of non-ASCII characters outside GB2312 above which a GB18030 reading is taken for Big5.
_RARE_SHARE = 0.2
_NOTE_NAMES = {"utf-16": "UTF-16", "gb18030": "GBK/GB18030", "big5": "Big5"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8" | "utf-16" | "gb18030" | "big5"

    def note(self, name: str) -> str | None:
        """What a user is told when the file was converted (None for UTF-8)."""
        label = _NOTE_NAMES.get(self.encoding)
        return f"{name}: 文件为 {label} 编码，已转换为 UTF-8" if label else None


def decode_bytes(data: bytes, *, name: str | None = None) -> Decoded:
    """The text of ``data``; InputError naming the file when no encoding fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise InputError("UTF-16 文件已损坏，无法解码", file=name) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if (wide := utf16_without_bom(data)) is not None:
        try:
            return Decoded(data.decode(wide), "utf-16")
        except UnicodeDecodeError:
            raise InputError("UTF-16 文件已损坏，无法解码", file=name) from None
    if b"\x00" in data[:4096]:  # not text at all
        raise InputError("不是文本文件（含二进制内容）", file=name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    gb = _try(data, "gb18030")
    big5 = _try(data, "big5")
    if gb is not None and (big5 is None or _rare_share(gb) <= _RARE_SHARE):
        return Decoded(gb, "gb18030")
    if big5 is not None:
        return Decoded(big5, "big5")
    raise InputError("无法识别文本编码（支持 UTF-8、UTF-16、GBK/GB18030、Big5）", file=name)


def utf16_without_bom(sample: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 saved without a BOM (some Windows exports), else None.

    ASCII characters (line ends, digits, commas) leave NUL bytes, which UTF-8 and GB18030 text
    never has; the byte order is the one whose reading is text (the other turns a line end into
    U+0A00, unassigned), and binary data reads as text in neither."""
    head = sample[: 1 << 14]
    half = len(head) // 2
    if half < 8 or head.count(0) < max(4, half // 100):
        return None
    best: tuple[int, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cn", "Co") and ch not in "\t\r\n")
        if odd <= len(text) // 100 and (best is None or odd < best[0]):
            best = (odd, enc)
    return best[1] if best else None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _rare_share(text: str) -> float:
    wide = Counter(ch for ch in text if ord(ch) > 0x7F)
    rare = 0
    for ch, n in wide.items():
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += n
    return rare / max(1, wide.total())
