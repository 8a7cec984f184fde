"""OFD (GB/T 33190-2016) documents, and the layout step they share with PDFs.

``plan.ofd`` was written by another OFD writer (easyofd, from a WeasyPrint PDF of
``office97.plan_html``; scripts/make_office97_fixtures.py): it must read as the paragraphs it was
printed from. The other files are built here to the standard's structure (namespace, per-character
TextCode, DeltaX ``g`` repeats, CTM, absolute and relative BaseLoc, two pages)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

import office97
from ipatlas.errors import InputError
from ipatlas.sourcetext import ReadOptions, ofd_text, read_source
from ipatlas.sourcetext.layout import flag_lines, unwrap

NS = "http://www.ofdspec.org/2016"


def _ofd(
    pages: list[str], *, doc_root: str = "Doc_0/Document.xml", absolute: bool = False, ref: str | None = None
) -> bytes:
    """An OFD zip: OFD.xml → Document.xml → each page's Content.xml (the given Layer XML); ``ref``:
    the DocRoot OFD.xml names, if not ``doc_root``."""
    base = doc_root.rsplit("/", 1)[0]
    prefix = f"/{base}/" if absolute else ""
    page_refs = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="{prefix}Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "OFD.xml",
            f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>{ref or doc_root}</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            doc_root,
            f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID>'
            "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        for i, layer in enumerate(pages):
            zf.writestr(
                f"{base}/Pages/Page_{i}/Content.xml",
                f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">{layer}</ofd:Layer>'
                "</ofd:Content></ofd:Page>",
            )
    return buf.getvalue()


def _chars(text: str, x: float, y: float, size: float = 5.0) -> str:
    """One TextObject per line with one TextCode per character (as many writers place glyphs; a
    blank is not drawn, so it is a gap)."""
    codes = "".join(
        f'<ofd:TextCode X="{i * size:.2f}" Y="{size:.2f}">{ch}</ofd:TextCode>' for i, ch in enumerate(text)
    )
    return (
        f'<ofd:TextObject ID="2" Font="1" Size="{size}" Boundary="{x} {y} {len(text) * size} {size * 1.4}">'
        f"{codes}</ofd:TextObject>"
    )


def _run(text: str, x: float, y: float, size: float = 5.0, ctm: str | None = None) -> str:
    """One TextCode for a whole run, advanced by DeltaX with a ``g`` repeat."""
    attr = f' CTM="{ctm}"' if ctm else ""
    deltas = f"g {len(text) - 1} {size}" if len(text) > 1 else ""
    return (
        f'<ofd:TextObject ID="3" Font="1" Size="{size}" Boundary="{x} {y} 170 {size * 1.4}"{attr}>'
        f'<ofd:TextCode X="0" Y="{size}" DeltaX="{deltas}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def test_an_ofd_from_another_writer_reads_as_the_paragraphs_it_was_printed_from(tmp_path: Path) -> None:
    """Page numbers (— 2 —) dropped, wrapped lines joined, the centred title wrapped after
    ``2026`` made whole again; the plan parser reads its title and targets."""
    text = ofd_text((office97.FIXTURES / "plan.ofd").read_bytes(), name="plan.ofd")
    assert text == "\n".join(office97.OFD_PARAGRAPHS)
    path = tmp_path / "方案.ofd"
    shutil.copyfile(office97.FIXTURES / "plan.ofd", path)
    from ipatlas.plans import parse_plan

    plan = parse_plan(path)
    assert plan.title == office97.OFD_PARAGRAPHS[0]
    assert {t.indicator for t in plan.targets} >= {"有效发明专利拥有量", "PCT国际专利申请量"}


def test_the_standard_structure_glyph_by_glyph_on_two_pages() -> None:
    width = 34  # characters to a full line at size 5 between x = 20 and x = 190
    para = "知识产权" * 17  # 68 characters: two full lines
    page1 = (
        _chars("关于印发某市专利转化运用专项行动实施方案的通知", 40, 20)
        + _chars(para[: width - 2], 30, 40)  # indented two characters
        + _chars(para[width - 2 : 2 * width - 2], 20, 48)
        + _chars(para[2 * width - 2 :] + "。", 20, 56)
        + _run("Patent Cooperation Treaty", 20, 64, 5.0)
        + _run("PCT", 150, 64, 5.0)
        + _chars("— 1 —", 95, 280)
    )
    page2 = _run("二、保障措施", 20, 20, ctm="0.5 0 0 0.5 0 0", size=10.0) + _chars("— 2 —", 95, 280)
    for absolute in (False, True):
        text = ofd_text(_ofd([page1, page2], absolute=absolute), name="x.ofd")
        assert text.splitlines() == [
            "关于印发某市专利转化运用专项行动实施方案的通知",
            para + "。",
            "Patent Cooperation Treaty PCT",
            "二、保障措施",
        ], absolute


def test_read_source_takes_an_ofd_by_suffix_or_content(tmp_path: Path) -> None:
    data = _ofd([_chars("第一条　为了保护知识产权，制定本办法。", 20, 20)])
    for name in ("办法.ofd", "办法.zip", "办法"):
        path = tmp_path / name
        path.write_bytes(data)
        src = read_source(path)
        assert (src.format, src.text) == ("ofd", "第一条　为了保护知识产权，制定本办法。"), name
    with pytest.raises(InputError, match="DOCX"):  # without sniffing the suffix decides
        read_source(data, ".docx", name="x.docx", options=ReadOptions(sniff=False))


def test_broken_scanned_and_oversized_ofd_files_are_named_errors(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Doc_0/Document.xml", "<x/>")
    with pytest.raises(InputError, match=r"a\.ofd.*没有 OFD\.xml"):
        ofd_text(buf.getvalue(), name="a.ofd")
    with pytest.raises(InputError, match=r"b\.ofd.*缺少 Doc_1/Document\.xml"):
        ofd_text(_ofd([""], ref="Doc_1/Document.xml"), name="b.ofd")
    scan = _ofd(['<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="9"/>'])
    with pytest.raises(InputError, match=r"c\.ofd.*没有可提取的文字"):
        ofd_text(scan, name="c.ofd")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='x'><ofd:DocBody>")
    with pytest.raises(InputError, match=r"d\.ofd.*不是有效的 XML"):
        ofd_text(broken.getvalue(), name="d.ofd")
    with pytest.raises(InputError, match=r"e\.ofd.*压缩结构损坏"):
        ofd_text(b"PK\x03\x04 not a zip", name="e.ofd")


@pytest.mark.parametrize(
    ("kind", "suffix", "member"), [("OFD", ".ofd", "OFD.xml"), ("DOCX", ".docx", "word/document.xml")]
)
def test_zip_bombs_are_refused_before_parsing(tmp_path: Path, kind: str, suffix: str, member: str) -> None:
    """20 MB of zeros in a few KB: refused from the zip directory (one check for every container)."""
    path = tmp_path / f"bomb{suffix}"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as fh:
        for _ in range(20):
            fh.write(b"\0" * 2**20)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match=rf"bomb\{suffix}.*{kind}.*压缩比"):
        read_source(path)


def test_a_wrapped_centred_title_is_joined_and_nothing_else() -> None:
    """Geometry in points: text block 100–400, characters 10 wide."""
    title = ("某市知识产权强市建设实施方案（2024—2026", 105.0, 398.0, 0.0)
    rest = ("年）", 240.0, 260.0, 0.0)  # centred, short
    date = ("（2024年3月1日）", 190.0, 310.0, 0.0)  # centred after a line that ends a sentence
    widths = [10.0] * 40
    body = [("为深入实施知识产权强国战略加快建设知识产权强市根据有关部署", 120.0, 400.0, 0.0)] * 4
    assert unwrap(flag_lines([title, rest, *body], widths))[0] == title[0] + rest[0]
    ended = ("某市知识产权局关于印发实施方案的通知。", 105.0, 398.0, 0.0)
    assert unwrap(flag_lines([ended, date, *body], widths))[:2] == [ended[0], date[0]]
    heading = ("一、主要目标", 220.0, 280.0, 0.0)  # centred heading: a new element
    assert unwrap(flag_lines([title, heading, *body], widths))[:2] == [title[0], heading[0]]


@pytest.mark.parametrize(("kind", "member"), [("OFD", "OFD.xml"), ("DOCX", "word/document.xml")])
def test_a_sniffed_zip_is_opened_once_and_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, member: str
) -> None:
    """No telling suffix: the zip opened to look for OFD.xml is the one checked and read."""
    opened: list[object] = []
    real = zipfile.ZipFile

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, file: object, *args: object, **kw: object) -> None:
            opened.append(file)
            super().__init__(file, *args, **kw)

    data = _ofd([_chars("第一条　为了保护知识产权，制定本办法。", 20, 20)])
    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    assert read_source(data, "", name="办法").format == "ofd"
    assert len(opened) == 1
    bomb = tmp_path / "bomb"
    with real(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as fh:
        for _ in range(20):
            fh.write(b"\0" * 2**20)
    with pytest.raises(InputError, match=rf"bomb.*{kind}.*压缩比"):
        read_source(bomb)
    with pytest.raises(InputError, match="不是有效的 DOCX 文件"):  # a zip that does not open
        read_source(b"PK\x03\x04 not a zip", "", name="x")
