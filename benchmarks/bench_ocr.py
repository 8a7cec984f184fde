#!/usr/bin/env python3
"""Text recognition benchmark (same as ``ipatlas bench ocr --json``), for scripted runs.

Usage: ``.venv/bin/python benchmarks/bench_ocr.py [--file PDF_OR_TEXT] [--pages 3] [--out FILE]``.
Prints the JSON result: per page, the time to read its text layer and to recognise a 200 dpi scan
of it through the same reader, their ratio, and how similar the recognised text is. Needs Tesseract
with its Simplified Chinese model; slow (seconds a page), so it is not part of the test suite.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench_output import emit

from ipatlas.config import Settings
from ipatlas.reports.fonts import CSS_SERIF
from ipatlas.sourcetext import read_source
from ipatlas.sourcetext.bench import printed_pdf, run_ocr_benchmark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument(
        "--file", type=Path, help="a text PDF, or a text file printed first (default: a shared law)"
    )
    ap.add_argument("--pages", type=int, default=3, help="pages timed")
    ap.add_argument("--repeat", type=int, default=5, help="text-layer reads per page (fastest kept)")
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args()
    file = args.file or sorted((Settings().shared_dir / "data" / "policies" / "texts").glob("*.md"))[0]
    if file.suffix.lower() == ".pdf":
        pdf = file.read_bytes()
    else:
        pdf = printed_pdf(read_source(file).text, font_family=CSS_SERIF)
    emit({"file": str(file), **run_ocr_benchmark(pdf, pages=args.pages, repeat=args.repeat)}, args.out)


if __name__ == "__main__":
    main()
