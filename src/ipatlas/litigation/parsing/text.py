"""Text as published brought to plain lines: traditional characters, HTML remnants, full-width forms."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

_FW_ASCII = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}  # ０-９
_FW_ASCII.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FW_ASCII.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FW_ASCII.update({0xFF0E: ord(".")})
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")


def normalise_line(line: str) -> str:
    """Full-width brackets and punctuation, ASCII digits/letters, single spaces, trimmed."""
    s = line.translate(_FW_ASCII)
    s = s.replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")
    s = s.replace("[", "【").replace("]", "】")
    s = re.sub(r"(?<!\d):|:(?!\d)", "：", s)
    s = re.sub(r"(?<!\d),|,(?!\d{3})", "，", s)
    s = s.replace(";", "；").replace("“", "“").replace("”", "”")
    s = _SPACES.sub(" ", s)
    return s.strip()


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


_HTML_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|div|span|td|tr|th|li|ul|table|font|strong|b|h[1-6]|section)\b[^<>]{0,200}>", re.I
)
_HTML_BLOCK = re.compile(r"<\s*/?\s*(?:p|br|div|tr|li|table|h[1-6]|section)\b", re.I)
#: Characters that only traditional script uses, frequent in judgments (判決書, 審判長, 訴訟 …).
_TRADITIONAL = re.compile(
    "[決書調審訴託師務權專糾紛辯護據條號償費駁維請訟稱認為與錄員長經濟損賠發設計實罰處檢關單產標識註冊無議異轄準許銷術網絡傳軟資電業貨萬終結達協應當負擔]"
)


def _simplified(text: str) -> str:
    """A text in traditional characters (a bad conversion, a Hong Kong/Taiwan site) -> simplified."""
    if len(_TRADITIONAL.findall(text[:5000])) < 8:
        return text
    # Standard simplified characters that OpenCC folds into another (昇 -> 升) would change a name
    # (深圳裕昇科技有限公司): they are kept through the conversion.
    for k, ch in enumerate(_KEEP_IN_T2S):
        text = text.replace(ch, chr(0xE000 + k))
    text = _t2s().convert(text)
    for k, ch in enumerate(_KEEP_IN_T2S):
        text = text.replace(chr(0xE000 + k), ch)
    return text


#: In the 通用规范汉字表 (so a simplified text may hold them, mostly in names), folded by OpenCC t2s.
_KEEP_IN_T2S = "昇"


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _strip_tags(text: str) -> str:
    """HTML remnants in pasted text: block tags end a line, inline tags vanish."""
    if "<" not in text or not _HTML_TAG.search(text):
        return text
    return _HTML_TAG.sub(lambda m: "\n" if _HTML_BLOCK.match(m.group(0)) else "", text)


def split_lines(text: str) -> list[str]:
    text = _strip_tags(_simplified(text))
    if "&" in text:
        text = html.unescape(html.unescape(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    # One pass over the whole text is much cheaper than one per line (same result).
    text = normalise_line(text.replace("\n", "\x00"))
    out = []
    for raw in text.split("\x00"):
        s = raw.strip()
        if s:
            out.append(s)
    return out
