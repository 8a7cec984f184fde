"""``ipatlas bench ocr``: text recognition of a scanned page against reading the same page's text
layer, timed in the same run.

Each page of a text PDF is read twice through :func:`ipatlas.sourcetext.pdf.pdf_read`, the path a
user's upload takes: once as it is (text layer), once as a scan of it (the page rendered to a
200 dpi picture and saved as an image-only PDF, as a scanner would). The ratio per page is what a
scan costs over a text PDF; the similarity of the two texts is how close recognition came.
"""

from __future__ import annotations

import difflib
import io
import os
import statistics
import time
from typing import Any

from ipatlas.errors import InputError
from ipatlas.sourcetext import ocr
from ipatlas.sourcetext.pdf import pdf_read

SCAN_DPI = 200  # a typical office scanner setting (the tests' scans too)


def printed_pdf(text: str, *, font_family: str = "serif", max_chars: int = 12_000) -> bytes:
    """``text`` printed to an A4 PDF by WeasyPrint (paragraphs with a 公文 first-line indent)."""
    import html

    import weasyprint

    paragraphs = [ln.strip().lstrip("#").strip() for ln in text[:max_chars].splitlines() if ln.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    css = (
        "@page { size: A4; margin: 2.5cm; @bottom-center { content: '- ' counter(page) ' -'; } }"
        f"body {{ font-family: {font_family}; font-size: 14pt; }} p {{ margin: 0; text-indent: 2em; }}"
    )
    return bytes(
        weasyprint.HTML(
            string=f"<html><head><style>{css}</style></head><body>{body}</body></html>"
        ).write_pdf()
    )


def _split(pdf: bytes, pages: int) -> list[tuple[bytes, bytes]]:
    """(the page as a one-page text PDF, the same page as a one-page scan) for the first ``pages``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(min(pages, len(doc))):
            one = pdfium.PdfDocument.new()
            one.import_pages(doc, [i])
            buf = io.BytesIO()
            one.save(buf)
            image = doc[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
            scan = io.BytesIO()
            image.save(scan, format="PDF", resolution=SCAN_DPI)
            out.append((buf.getvalue(), scan.getvalue()))
    finally:
        doc.close()
    return out


def _best(data: bytes, repeat: int) -> tuple[float, tuple[str, int]]:
    """The fastest of ``repeat`` reads (the least disturbed by other jobs) and what it read."""
    times, result = [], ("", 0)
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = pdf_read(data, name="page.pdf")
        times.append(time.perf_counter() - t0)
    return min(times), result


def run_ocr_benchmark(pdf: bytes, *, pages: int = 3, repeat: int = 5, ocr_repeat: int = 1) -> dict[str, Any]:
    """Per page: text-layer read (best of ``repeat``), recognition of its scan (best of
    ``ocr_repeat``), their ratio and the similarity of the two texts."""
    if not ocr.available():
        raise InputError("需要 Tesseract 及其简体中文模型（tesseract-ocr tesseract-ocr-chi-sim）")
    rows = []
    for n, (text_pdf, scan_pdf) in enumerate(_split(pdf, pages), start=1):
        text_s, (text, _) = _best(text_pdf, repeat)
        ocr_s, (recognised, count) = _best(scan_pdf, ocr_repeat)
        rows.append(
            {
                "page": n,
                "chars": len(text),
                "text_layer_s": round(text_s, 5),
                "ocr_s": round(ocr_s, 3),
                "ocr_vs_text_layer": round(ocr_s / text_s, 1),
                "recognised_pages": count,
                "similarity": round(difflib.SequenceMatcher(None, text, recognised).ratio(), 4),
            }
        )
    if not rows:
        raise InputError("PDF 没有页面")
    return {
        "pages": len(rows),
        "per_page": rows,
        "median_ocr_s_per_page": round(statistics.median(r["ocr_s"] for r in rows), 3),
        "median_text_layer_s_per_page": round(statistics.median(r["text_layer_s"] for r in rows), 5),
        "median_ratio": round(statistics.median(r["ocr_vs_text_layer"] for r in rows), 1),
        "min_similarity": min(r["similarity"] for r in rows),
        "dpi": {"scan": SCAN_DPI, "recognition": ocr.DPI},
        "languages": ocr.LANGS,
        "cpu_count": os.cpu_count(),
    }
