"""Write tests/fixtures/office97: legacy Office files (and RTF, OFD) made by real writers.

The content is defined once in tests/office97.py. This script writes it as XLSX/DOCX and converts
each with LibreOffice (``soffice --headless --convert-to xls|doc|rtf``; Debian's
libreoffice-calc-nogui and libreoffice-writer-nogui, 7.4), the way an office's old Excel/Word
files are made. Only the converted .xls/.doc files are kept: the tests build the XLSX/DOCX again
and compare what the readers make of both. Run again after changing tests/office97.py:

    .venv/bin/python scripts/make_office97_fixtures.py [--ofd-python PYTHON]

The OFD fixture (``plan.ofd``) is an official document printed to PDF by WeasyPrint and converted
by easyofd (PyPI ``easyofd``, ``OFD().pdf2ofd(pdf, optional_text=True)``), an OFD writer of its
own; easyofd needs PyMuPDF, so it runs in the Python given by ``--ofd-python`` (a scratch venv with
``pip install easyofd``), never in the project's environment. Without the option it is left as is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "ingest"), str(ROOT / "tests")]

import office97  # noqa: E402  (the tests' content module, found through the path above)


def convert(src: Path, fmt: str, out: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("需要 LibreOffice：apt-get install libreoffice-calc-nogui libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                str(src),
            ],
            check=True,
            capture_output=True,
        )
    return out / f"{src.stem}.{fmt}"


OFD_CONVERT = """
import sys
from easyofd import OFD
sys.stdout.buffer.write(OFD().pdf2ofd(open(sys.argv[1], "rb").read(), optional_text=True))
"""


def make_ofd(python: str, work: Path) -> Path:
    import weasyprint

    pdf = work / "plan.pdf"
    weasyprint.HTML(string=office97.plan_html()).write_pdf(pdf)
    # easyofd writes scratch files under the working directory: run it in the scratch one
    made = subprocess.run([python, "-c", OFD_CONVERT, str(pdf)], check=True, capture_output=True, cwd=work)
    out = office97.FIXTURES / "plan.ofd"
    out.write_bytes(made.stdout)
    return out


def main() -> int:
    ofd_python = sys.argv[sys.argv.index("--ofd-python") + 1] if "--ofd-python" in sys.argv else None
    office97.FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for stem, sheets in office97.workbooks().items():
            made = convert(office97.write_xlsx(work / f"{stem}.xlsx", sheets), "xls", work)
            shutil.copyfile(made, office97.FIXTURES / made.name)
            print(made.name, made.stat().st_size)
        made = convert(office97.write_tasks_xlsx(work / "tasks.xlsx"), "xls", work)
        shutil.copyfile(made, office97.FIXTURES / made.name)
        print(made.name, made.stat().st_size)
        for fmt in ("doc", "rtf"):
            made = convert(office97.write_plan_docx(work / "plan.docx"), fmt, work)
            shutil.copyfile(made, office97.FIXTURES / made.name)
            print(made.name, made.stat().st_size)
        if ofd_python:
            made = make_ofd(ofd_python, work)
            print(made.name, made.stat().st_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
