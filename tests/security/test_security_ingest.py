"""Bounded inputs on import: zip bombs, oversized declared dimensions, 128 KB headers, header-only
files, duplicated columns, over-long fields and control characters — each a clear error or a
quarantined row, never a traceback, never gigabytes of memory."""

from __future__ import annotations

import csv
import resource
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from ingest_helpers import GOOD_PATENTS, patent_header, write_patents, write_table

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest.pipeline import import_file
from ipatlas.security import limits


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bomb(path: Path, *, rows: int) -> Path:
    """A real XLSX whose sheet XML repeats one row ``rows`` times (compresses ~1000:1)."""
    write_patents(path, GOOD_PATENTS[:1])
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    head, rest = sheet.split("<sheetData>", 1)
    body, tail = rest.split("</sheetData>", 1)
    header_row, data_row = body.split("</row>", 1)[0] + "</row>", body.split("</row>", 1)[1]
    data_row = data_row.replace('r="2"', 'r="ROW"')
    big = path.with_suffix(".bomb.xlsx")
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write((head + "<sheetData>" + header_row).encode())
            chunk = data_row.encode()
            for _ in range(rows):
                fh.write(chunk)
            fh.write(("</sheetData>" + tail).encode())
    return big


def test_xlsx_bomb_is_refused_before_parsing(settings: Settings, tmp_path: Path) -> None:
    big = _bomb(tmp_path / "p.xlsx", rows=120_000)  # ~130 MB of XML in a ~1 MB file
    assert big.stat().st_size < 4 * 2**20
    with zipfile.ZipFile(big) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size / info.compress_size > limits.ZIP_MAX_RATIO
    before = _rss_mb()
    with pytest.raises(IngestError, match=r"压缩比|压缩炸弹"):
        import_file(settings, "patents", big)
    assert _rss_mb() - before < 200  # refused from the zip directory, nothing expanded


def test_declared_dimension_past_the_limit_is_refused(settings: Settings, tmp_path: Path) -> None:
    path = write_patents(tmp_path / "p.xlsx", GOOD_PATENTS[:2])
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    import re

    sheet = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:V99999999"/>', sheet)
    if "<dimension" not in sheet:
        sheet = sheet.replace("<sheetViews>", '<dimension ref="A1:V99999999"/><sheetViews>', 1)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    with pytest.raises(IngestError, match="99,999,999 行"):
        import_file(settings, "patents", path)


def test_header_row_over_128_kb_is_a_clear_error(settings: Settings, tmp_path: Path) -> None:
    header = [*patent_header().values(), "备注" + "x" * 200_000]
    path = write_table(tmp_path / "wide.csv", header, [["1"] * len(header)])
    with pytest.raises(IngestError, match="表头行超过 128 KB"):
        import_file(settings, "patents", path)
    # The same file without a line break at all (a 1 MB "header").
    blob = tmp_path / "blob.csv"
    blob.write_text("申请号," + "y" * (2 * 2**20), "utf-8")
    with pytest.raises(IngestError, match="表头行超过 128 KB"):
        import_file(settings, "patents", blob)


@pytest.fixture
def fresh_csv_limit() -> Iterator[None]:
    """The csv module's field limit as a fresh process has it (131,072); a row reader that ran
    earlier in the process raises it for good, which hid the bug below."""
    saved = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(saved)


@pytest.mark.parametrize("kind", ["patents", "trademarks", "statistics"])
def test_long_first_line_before_the_header_is_a_clear_error(
    settings: Settings, tmp_path: Path, kind: str, fresh_csv_limit: None
) -> None:
    # The header search splits the first lines with the csv module; a 3 MB first line raised
    # _csv.Error ("field larger than field limit") as a traceback.
    path = tmp_path / "long.csv"
    path.write_bytes(b"x" * 3_000_000 + b"\n1\n")
    with pytest.raises(IngestError, match="表头行超过 128 KB"):
        import_file(settings, kind, path)


def test_oversized_value_in_a_row_is_a_clear_error_not_a_traceback(
    settings: Settings, tmp_path: Path
) -> None:
    rows = [dict(GOOD_PATENTS[0]), dict(GOOD_PATENTS[1])]
    rows[1]["abstract"] = "摘" * 200_000  # over Python's csv field limit
    path = write_patents(tmp_path / "big.csv", rows)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("a,b\n")  # a ragged row forces the exact row-by-row reader
    summary = import_file(settings, "patents", path)
    assert summary.read == summary.loaded + summary.duplicates + summary.quarantined
    assert any("字段过长" in r for r in summary.quarantine_reasons)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_header_only_file_is_not_loaded_silently(settings: Settings, tmp_path: Path, suffix: str) -> None:
    path = write_table(tmp_path / f"empty{suffix}", list(patent_header().values()), [])
    with pytest.raises(IngestError, match="只有表头"):
        import_file(settings, "patents", path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_duplicated_column_is_refused(settings: Settings, tmp_path: Path, suffix: str) -> None:
    header = [*patent_header().values(), "名称"]
    rows = [[*(GOOD_PATENTS[0].get(f, "") for f in patent_header()), "另一个名称"]]
    path = write_table(tmp_path / f"dup{suffix}", header, rows)
    with pytest.raises(IngestError, match="列名「名称」重复"):
        import_file(settings, "patents", path)


def test_long_fields_and_control_characters_are_quarantined(settings: Settings, tmp_path: Path) -> None:
    rows = [dict(r) for r in GOOD_PATENTS[:3]]
    rows[0]["applicants"] = "重" * 100_000  # the 100,000-character applicant of the issue
    rows[1]["title"] = "一种\x00装置\x0b"
    path = write_patents(tmp_path / "dirty.csv", rows)
    summary = import_file(settings, "patents", path)
    assert summary.quarantined == 2 and summary.loaded == 1
    reasons = summary.quarantine_reasons
    assert any("字段过长" in r for r in reasons) and any("控制字符" in r for r in reasons)
    sample = {s.reason: s for s in summary.quarantine_sample}
    long = next(v for k, v in sample.items() if "字段过长" in k)
    assert len(long.value or "") < 300 and "100000 字符" in (long.value or "")
