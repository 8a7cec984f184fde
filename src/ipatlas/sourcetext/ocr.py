"""Scanned pages → printed lines, by Tesseract's text recognition (OCR), for the layout step.

Offices often publish a plan or a notice as a scan: a PDF whose pages are pictures. When the
``tesseract`` command and its Simplified Chinese model (Debian: tesseract-ocr, tesseract-ocr-chi-sim)
are installed, such a page is rendered at 300 dpi and recognised; Tesseract's TSV output gives each
word's box, so the page's lines come with their geometry and go through the same steps as a text
PDF (page numbers dropped, wrapped lines joined). Recognition makes mistakes: readers mark the text
as recognised (``SourceText.ocr_pages``) so that a person checks it. Without Tesseract a scan stays
an error that says so.

Recognised Chinese text carries Latin punctuation (``(一)``, ``2024一2026``) and spaces between
words; :func:`clean` writes them the way the printed page had them.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import shutil
import subprocess

from ipatlas.errors import InputError
from ipatlas.progress import current
from ipatlas.sourcetext.layout import Line, flag_lines, is_wide, page_text

DPI = 300
LANGS = "chi_sim"  # its model reads Latin letters and digits too; adding eng misreads Chinese lines as Latin
TIMEOUT_S = 120  # one page; a page that takes longer is not a text page
MAX_IMAGE_PAGES = 300  # frames of one TIFF
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

PROGRESS_LABEL = "文字识别（OCR）"

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s*([(),;:?!])|([(),;:?!])\s*(?=[{_CJK}])")
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}（）])|(?<=[（）])\s+(?=[{_CJK}])")
_PAIR = re.compile(r"[(（]([^()（）]{0,30})[)）]")
_DASH_IN_YEARS = re.compile(r"(?<=\d{4})\s*一\s*(?=\d{4})")  # 一 (one) is never printed between years


@functools.cache
def available() -> bool:
    """Whether Tesseract and its Simplified Chinese model are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in out.split()


def clean(text: str) -> str:
    """Punctuation next to Chinese in its full-width form, no spaces between Chinese characters, a
    year range's dash (2024一2026 → 2024—2026)."""
    text = _DASH_IN_YEARS.sub("—", text)
    text = _PAIR.sub(_pair, text)
    text = _NEAR_CJK.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)
    return _SPACE_IN_CJK.sub("", text).strip()


def _pair(m: re.Match[str]) -> str:
    """A bracket pair in or next to Chinese is full-width on both sides, also when recognition gave
    one side of it full-width: (2023)京73民初1号, (2023）京73民初1号."""
    before, after = m.string[: m.start()].rstrip(), m.string[m.end() :].lstrip()  # past recognised spaces
    near = (before and is_wide(before[-1])) or (after and is_wide(after[0]))
    if near or any(is_wide(ch) for ch in m.group(1)) or "（" in m.group(0) or "）" in m.group(0):
        return f"（{m.group(1).strip()}）"
    return m.group(0)


def report(done: int, total: int) -> None:
    """Pages recognised so far, to the caller's progress bar (``progress.reporting``): recognition
    takes seconds a page, so a scan of many pages shows how far it is."""
    current()(done, total, PROGRESS_LABEL)


def page_lines(png: bytes, widths: list[float], scale: float = 1.0) -> list[Line]:
    """The recognised lines of one page image as (text, left, right, leading run width), in
    ``scale`` units per pixel; CJK character widths are added to ``widths``."""
    run = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", LANGS, "--dpi", str(DPI), "tsv"],
        input=png,
        capture_output=True,
        timeout=TIMEOUT_S,
    )
    rows = csv.DictReader(
        io.StringIO(run.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    lines: dict[tuple[str, str, str], list[tuple[str, float, float]]] = {}
    for r in rows:
        text = (r.get("text") or "").strip()
        if r.get("level") != "5" or not text:
            continue
        left, width = float(r["left"]) * scale, float(r["width"]) * scale
        lines.setdefault((r["block_num"], r["par_num"], r["line_num"]), []).append((text, left, left + width))
    out: list[Line] = []
    for words in lines.values():
        joined = ""
        for text, x0, x1 in words:
            if joined and not (is_wide(joined[-1]) or is_wide(text[0])):
                joined += " "
            joined += text
            cjk = [ch for ch in text if is_wide(ch)]
            if cjk and len(cjk) == len(text):
                widths += [(x1 - x0) / len(text)] * len(text)
        first = words[0]
        lead = first[2] - first[1] if not is_wide(first[0][0]) else 0.0
        out.append((clean(joined), words[0][1], max(w[2] for w in words), lead))
    return [ln for ln in out if ln[0]]


def image_text(data: bytes, *, name: str | None = None) -> tuple[str, int]:
    """(text, pages) of a picture of a document — a photo or a scan saved as PNG, JPEG or a
    multi-page TIFF (a fax) — by recognition, through the same layout step as a scanned PDF."""
    from PIL import Image, ImageSequence

    if not available():
        raise InputError(
            "图片要经文字识别（OCR）才能读取：请安装 tesseract-ocr tesseract-ocr-chi-sim，或提供文字版",
            file=name,
        )
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except Exception as exc:  # PIL raises many types (KeyError, TypeError …) for a damaged picture
        raise InputError(f"无法打开图片（文件损坏或过大）：{exc}", file=name) from None
    if len(frames) > MAX_IMAGE_PAGES:
        raise InputError(f"图片共 {len(frames)} 页，超过上限 {MAX_IMAGE_PAGES} 页：请拆分文件", file=name)
    lines: list[Line] = []
    widths: list[float] = []
    for done, frame in enumerate(frames, start=1):
        png = io.BytesIO()
        frame.save(png, format="PNG")
        lines += page_lines(png.getvalue(), widths)
        report(done, len(frames))
    if not lines:
        raise InputError("图片中没有识别出文字：请提供文字版或更清晰的扫描件", file=name)
    return page_text(flag_lines(lines, widths), "图片", name), len(frames)
