"""Scanned PDF pages read by text recognition (Tesseract, installed by ``make system-deps``).

A page is printed by WeasyPrint, rendered to a picture by pdfium and saved as an image-only PDF (a
scan); recognition must give back the printed paragraphs nearly to the letter, through the same
layout step as a text PDF (page numbers dropped, wrapped lines joined), and say that it did."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest

import office97
from ipatlas.errors import InputError
from ipatlas.progress import reporting
from ipatlas.sourcetext import ocr, read_source
from ipatlas.sourcetext.ocr import clean

PARAGRAPHS = office97.OFD_PARAGRAPHS[:5]


def _printed(paragraphs: list[str]) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=office97.plan_html(paragraphs)).write_pdf()


def _scanned(pdf: bytes, dpi: int = 200) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


@pytest.fixture(scope="module", autouse=True)
def _tesseract() -> None:
    assert ocr.available(), (
        "需要 Tesseract 及其简体中文模型：make system-deps（tesseract-ocr tesseract-ocr-chi-sim）"
    )


def test_a_scanned_page_reads_as_its_paragraphs() -> None:
    src = read_source(_scanned(_printed(PARAGRAPHS)), ".pdf", name="scan.pdf")
    want = "\n".join(PARAGRAPHS)
    assert src.ocr_pages == 1 and "扫描件" in (src.note() or "") and "scan.pdf" in (src.note() or "")
    # wrapped lines joined, the page number dropped
    assert len(src.text.splitlines()) == len(PARAGRAPHS), src.text
    assert difflib.SequenceMatcher(None, src.text, want).ratio() >= 0.97, src.text
    assert "— 1 —" not in src.text


def test_a_scanned_plan_is_parsed_and_marked_for_checking(tmp_path: Path) -> None:
    from ipatlas.plans import parse_plan

    path = tmp_path / "方案.pdf"
    path.write_bytes(_scanned(_printed(PARAGRAPHS)))
    plan = parse_plan(path)
    assert plan.source.ocr_pages == 1 and plan.source.format == "pdf"
    assert plan.targets and plan.period is not None and plan.period.end == 2026


JUDGMENT = [
    "北京知识产权法院",
    "民事判决书",
    "（2023）京73民初1234号",
    "原告：甲科技有限公司，住所地北京市海淀区中关村大街1号。",
    "被告：乙贸易有限公司，住所地北京市朝阳区建国路2号。",
    "原告甲科技有限公司与被告乙贸易有限公司侵害发明专利权纠纷一案，本院于2023年3月1日立案后，依法适用普通程序，公开开庭进行了审理。",
]


def test_a_scanned_judgment_is_parsed_and_says_it_was_recognised(tmp_path: Path) -> None:
    from ipatlas.litigation import parse_file

    path = tmp_path / "判决书.pdf"
    path.write_bytes(_scanned(_printed(JUDGMENT), dpi=300))
    got = parse_file(path)
    assert got["ocr_pages"] == 1  # recognition errs (京 read as 各 in this print): a person checks
    assert got["case_number"] == "（2023）京73民初1234号" and got["document_type"] == "判决书"
    assert got["plaintiffs"] == ["甲科技有限公司"]


def test_a_text_pdf_with_one_scanned_page() -> None:
    """A notice with a text layer and a scanned attachment page: both read, in one geometry."""
    import pypdfium2 as pdfium

    text_pdf = pdfium.PdfDocument(_printed(PARAGRAPHS[:2]))
    scan = pdfium.PdfDocument(_scanned(_printed(PARAGRAPHS[2:4])))
    text_pdf.import_pages(scan)
    buf = io.BytesIO()
    text_pdf.save(buf)
    calls: list[tuple[int, int | None, str]] = []
    with reporting(lambda done, total, label="": calls.append((done, total, label))):
        src = read_source(buf.getvalue(), ".pdf", name="mixed.pdf")
    assert src.ocr_pages == 1
    assert calls == [
        (2, 2, ocr.PROGRESS_LABEL)
    ]  # the text page is no recognition: the bar starts at the scan
    assert src.text.splitlines()[:2] == PARAGRAPHS[:2]  # the text page, exactly
    recognised = "\n".join(src.text.splitlines()[2:])
    assert difflib.SequenceMatcher(None, recognised, "\n".join(PARAGRAPHS[2:4])).ratio() >= 0.95, src.text


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_a_picture_of_a_document_is_read(tmp_path: Path, fmt: str) -> None:
    """A photo or scan saved as a picture (a two-page TIFF, as a fax arrives), by suffix or bytes."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(_printed(office97.OFD_PARAGRAPHS))
    pages = [doc[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(2)]
    suffix = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif"}[fmt]
    path = tmp_path / f"通知{suffix}"
    extra = {"save_all": True, "append_images": pages[1:]} if fmt == "TIFF" else {}
    pages[0].save(path, format=fmt, **extra)
    calls: list[tuple[int, int | None, str]] = []
    with reporting(lambda done, total, label="": calls.append((done, total, label))):
        src = read_source(path)
    assert (src.format, src.ocr_pages) == ("image", 2 if fmt == "TIFF" else 1)
    assert calls == [(k, src.ocr_pages, ocr.PROGRESS_LABEL) for k in range(1, src.ocr_pages + 1)]
    first = office97.OFD_PARAGRAPHS[:3]
    assert (
        difflib.SequenceMatcher(None, "\n".join(src.text.splitlines()[:3]), "\n".join(first)).ratio() >= 0.95
    )
    assert read_source(path.read_bytes(), ".txt", name="x.txt").format == "image"  # the bytes decide
    broken = tmp_path / f"坏{suffix}"
    broken.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputError, match="坏"):
        read_source(broken)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("(一) 加强知识产权保护。", "（一）加强知识产权保护。"),
        ("实施方案 (2024一2026年)", "实施方案（2024—2026年）"),
        ("专利 申请量达到 20 件 , 其中 PCT 申请 5 件", "专利申请量达到 20 件，其中 PCT 申请 5 件"),
        ("Patent (PCT) applications, 2024-2026", "Patent (PCT) applications, 2024-2026"),
        ("(2023) 京73民初1234号", "（2023）京73民初1234号"),
        ("(2023）京73民初1234号", "（2023）京73民初1234号"),
        ("see (a) and (b).", "see (a) and (b)."),
    ],
)
def test_recognised_text_is_written_as_printed(raw: str, want: str) -> None:
    assert clean(raw) == want


@pytest.mark.slow
def test_bench_ocr_command_runs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``ipatlas bench ocr`` on one printed page: recognition costs many times the text layer and
    reads nearly the same text (the benchmark itself is run by hand, BENCHMARKS.md)."""
    import json

    from cli_runner import invoke

    text = tmp_path / "通知.txt"
    text.write_text("\n".join(PARAGRAPHS), encoding="utf-8")
    code, out, err = invoke(
        capsys, "bench", "ocr", "--file", str(text), "--pages", "1", "--repeat", "2", "--json"
    )
    assert code == 0, err
    res = json.loads(out)
    [page] = res["per_page"]
    assert res["pages"] == 1 and page["recognised_pages"] == 1 and page["chars"] > 100
    assert page["ocr_vs_text_layer"] > 5 and page["similarity"] >= 0.9, res
