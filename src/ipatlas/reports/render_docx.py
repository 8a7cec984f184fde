"""Render a :class:`Report` as DOCX (python-docx) the way Chinese government reports look.

- real heading styles (标题 1–3, navigable in Word's navigation pane and picked up by the TOC);
- a real table-of-contents field ``TOC \\o "1-3" \\h \\z \\u`` (pre-filled, refreshed by Word on
  open through ``w:updateFields``);
- captions (题注) in the Caption style with ``SEQ 图`` / ``SEQ 表`` fields;
- three sections: cover (no number), contents (Roman numbers), body (— 1 —, restarting at 1);
- East Asian fonts set explicitly (``w:eastAsia`` 宋体 body, 黑体 headings) — Word otherwise
  falls back to the theme font and renders Chinese in a Japanese face.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ipatlas import DEMO_LABEL
from ipatlas.reports.document import Figure, Heading, PageBreak, Para, Report, Table
from ipatlas.reports.fonts import DOCX_BODY_FONT, DOCX_HEADING_FONT, DOCX_LATIN_FONT

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TEXT_WIDTH_CM = 15.6  # A4 (21 cm) minus the margins below
BLACK = RGBColor(0, 0, 0)
RED = RGBColor(0xC0, 0x00, 0x00)


# ---- low-level helpers ---------------------------------------------------------------------
def set_fonts(target: Any, east_asia: str, latin: str = DOCX_LATIN_FONT) -> None:
    """Set Latin and East Asian fonts on a style or run, removing theme fonts that override them."""
    target.font.name = latin
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def add_field(paragraph: Any, instruction: str, result: str) -> Any:
    """Append a complex field (begin / instrText / separate / cached result / end)."""

    def fld(kind: str) -> Any:
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    result_run = paragraph.add_run(result)
    fld("end")
    return result_run


def _field_char(paragraph: Any, kind: str) -> None:
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")  # ask Word to refresh the cached entries
    run._r.append(el)


def _para_border(paragraph: Any, side: str, size: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), "000000")
    borders.append(el)
    ppr.append(borders)


def _page_numbering(section: Any, fmt: str, start: int = 1) -> None:
    sect_pr = section._sectPr
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect_pr.append(pg)
    pg.set(qn("w:fmt"), fmt)
    pg.set(qn("w:start"), str(start))


def _setup_page(section: Any) -> None:
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(3.0)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.8), Cm(1.8)


# ---- styles ----------------------------------------------------------------------------------
def _paragraph_style(doc: Any, name: str, base: str = "Normal") -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base]
        return style


def _setup_styles(doc: Any) -> None:
    styles = doc.styles
    # Document defaults: Simplified Chinese language for East Asian text (line breaking, fonts).
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    set_fonts(normal, DOCX_BODY_FONT)
    normal.font.size = Pt(12)  # 小四
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(24)  # two characters
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for level, size in ((1, 16), (2, 14), (3, 12)):  # 三号 / 四号 / 小四
        h = styles[f"Heading {level}"]
        set_fonts(h, DOCX_HEADING_FONT)
        h.font.size = Pt(size)
        h.font.bold = level == 3
        h.font.italic = False
        h.font.color.rgb = BLACK
        hp = h.paragraph_format
        hp.first_line_indent = Pt(0) if level == 1 else Pt(24)
        hp.space_before = Pt(18 if level == 1 else 10)
        hp.space_after = Pt(10 if level == 1 else 6)
        hp.keep_with_next = True
        hp.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        hp.alignment = WD_ALIGN_PARAGRAPH.LEFT

    cap = styles["Caption"]
    set_fonts(cap, DOCX_HEADING_FONT)
    cap.font.size = Pt(10.5)  # 五号
    cap.font.bold = False
    cap.font.italic = False
    cap.font.color.rgb = BLACK
    cp = cap.paragraph_format
    cp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cp.first_line_indent = Pt(0)
    cp.space_before = Pt(4)
    cp.space_after = Pt(8)
    cp.line_spacing_rule = WD_LINE_SPACING.SINGLE

    table_text = _paragraph_style(doc, "Table Text")
    set_fonts(table_text, DOCX_BODY_FONT)
    table_text.font.size = Pt(10.5)
    tp = table_text.paragraph_format
    tp.first_line_indent = Pt(0)
    tp.line_spacing_rule = WD_LINE_SPACING.SINGLE
    tp.alignment = WD_ALIGN_PARAGRAPH.CENTER

    note = _paragraph_style(doc, "Source Note")
    set_fonts(note, DOCX_BODY_FONT)
    note.font.size = Pt(9)
    np_ = note.paragraph_format
    np_.first_line_indent = Pt(0)
    np_.line_spacing_rule = WD_LINE_SPACING.SINGLE
    np_.space_after = Pt(8)
    np_.alignment = WD_ALIGN_PARAGRAPH.LEFT

    figure_style = _paragraph_style(doc, "Figure")
    fp = figure_style.paragraph_format
    fp.first_line_indent = Pt(0)
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.keep_with_next = True
    fp.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fp.space_before = Pt(6)

    toc_heading = styles["TOC Heading"]
    set_fonts(toc_heading, DOCX_HEADING_FONT)
    toc_heading.font.size = Pt(16)
    toc_heading.font.color.rgb = BLACK
    toc_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc_heading.paragraph_format.first_line_indent = Pt(0)
    toc_heading.paragraph_format.space_after = Pt(18)

    for level in (1, 2, 3):
        toc = _paragraph_style(doc, f"TOC {level}")
        set_fonts(toc, DOCX_HEADING_FONT if level == 1 else DOCX_BODY_FONT)
        toc.font.size = Pt(12)
        tpf = toc.paragraph_format
        tpf.first_line_indent = Pt(0)
        tpf.left_indent = Pt(24 * (level - 1))
        tpf.space_before = Pt(6 if level == 1 else 0)
        tpf.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    for name in ("Header", "Footer"):
        s = styles[name]
        set_fonts(s, DOCX_BODY_FONT)
        s.font.size = Pt(9)
        s.paragraph_format.first_line_indent = Pt(0)


# ---- blocks --------------------------------------------------------------------------------
def _cover(doc: Any, report: Report) -> None:
    def line(
        text: str,
        size: float,
        *,
        font: str = DOCX_BODY_FONT,
        bold: bool = False,
        before: float = 0,
        color: RGBColor | None = None,
    ) -> Any:
        p = doc.add_paragraph()
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.space_before = Pt(before)
        run = p.add_run(text)
        set_fonts(run, font)
        run.font.size = Pt(size)
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        return p

    line(report.title, 26, font=DOCX_HEADING_FONT, bold=True, before=150)
    line(report.subtitle, 16, before=18)
    for extra in report.cover_lines:
        line(extra, 12, before=6)
    if report.is_demo:
        p = line(f"【{DEMO_LABEL}】", 18, font=DOCX_HEADING_FONT, bold=True, before=36, color=RED)
        line("本报告全部数据为系统生成的演示数据，不代表任何地区的真实情况", 10.5, before=4, color=RED)
        del p
    line(report.organisation, 16, before=200 if not report.is_demo else 150)
    line(report.date_cn, 16, before=6)


def _toc(doc: Any, report: Report) -> None:
    doc.add_paragraph("目　　录", style="TOC Heading")
    headings = [h for h in report.headings if h.level <= 3]
    first = True
    for h in headings:
        p = doc.add_paragraph(style=f"TOC {h.level}")
        if first:
            _field_char(p, "begin")
            run = p.add_run()
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {TOC_INSTRUCTION} "
            run._r.append(instr)
            _field_char(p, "separate")
            first = False
        p.add_run(h.text)
    end = doc.add_paragraph(style="TOC 1")
    if first:  # no headings at all: still a valid, empty field
        add_field(end, TOC_INSTRUCTION, "（右键单击此处并选择“更新域”生成目录）")
    else:
        _field_char(end, "end")


def _caption(doc: Any, label: str, number: int, title: str) -> Any:
    p = doc.add_paragraph(style="Caption")
    p.add_run(label)
    add_field(p, f"SEQ {label} \\* ARABIC", str(number))
    p.add_run(f"　{title}")
    return p


def _source_lines(doc: Any, note: str, source: str) -> None:
    if note:
        doc.add_paragraph(f"注：{note}", style="Source Note")
    if source:
        doc.add_paragraph(f"资料来源：{source}", style="Source Note")


def _figure(doc: Any, fig: Figure) -> None:
    p = doc.add_paragraph(style="Figure")
    p.add_run().add_picture(io.BytesIO(fig.png), width=Cm(min(fig.width_cm, TEXT_WIDTH_CM)))
    cap = _caption(doc, "图", fig.number, fig.title)
    cap.paragraph_format.keep_with_next = bool(fig.source or fig.note)
    _source_lines(doc, fig.note, fig.source)


def _cell_border(cell: Any, **sides: int) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.append(borders)
    for side, size in sides.items():
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:color"), "000000")
        borders.append(el)


def _three_line_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if side in ("top", "bottom"):
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "12")  # 1.5 pt
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _table(doc: Any, table: Table) -> None:
    cap = _caption(doc, "表", table.number, table.title)
    cap.paragraph_format.keep_with_next = True
    ncols = len(table.columns)
    t = doc.add_table(rows=1 + len(table.rows), cols=ncols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = True
    _three_line_borders(t)
    rows = t.rows
    header = rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for c, (cell, col) in enumerate(zip(header.cells, table.columns, strict=True)):
        text = col.header_text
        para = cell.paragraphs[0]
        para.style = doc.styles["Table Text"]
        run = para.add_run(text)
        run.font.bold = True
        run.font.size = Pt(table.font_pt)
        _cell_border(cell, bottom=6)
        del c
    for r, values in enumerate(table.rows, start=1):
        cells = rows[r].cells
        for cell, col, value in zip(cells, table.columns, values, strict=True):
            para = cell.paragraphs[0]
            para.style = doc.styles["Table Text"]
            if not col.numeric and ncols > 1:
                para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT if len(str(value)) > 12 else None
            run = para.add_run(col.format(value))
            run.font.size = Pt(table.font_pt)
    if all(c.width for c in table.columns):
        t.autofit = False
        for col, width in zip(t.columns, table.columns, strict=True):
            w = Cm(TEXT_WIDTH_CM * (width.width or 0) / 100)
            for cell in col.cells:
                cell.width = w
    _source_lines(doc, table.note, table.source)


def _para(doc: Any, para: Para) -> None:
    if para.kind == "note":
        doc.add_paragraph(para.text, style="Source Note")
        return
    p = doc.add_paragraph()
    if para.kind == "bullet":
        p.paragraph_format.first_line_indent = Pt(24)
    if para.lead:
        lead = p.add_run(para.lead)
        lead.font.bold = True
        set_fonts(lead, DOCX_HEADING_FONT)
    p.add_run(para.text)


def _header_footer(section: Any, report: Report, *, header: bool, page_fmt: str) -> None:
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    hp = section.header.paragraphs[0]
    hp.text = ""
    if header:
        hp.add_run(report.header_text + (f"（{DEMO_LABEL}）" if report.is_demo else ""))
        hp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para_border(hp, "bottom", 6)
    fp = section.footer.paragraphs[0]
    fp.text = ""
    fp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if page_fmt == "decimal":
        fp.add_run("— ")
        add_field(fp, "PAGE", "1")
        fp.add_run(" —")
    else:
        add_field(fp, "PAGE", "I")


def render_docx(report: Report, out: Path) -> Path:
    doc = Document()
    _setup_styles(doc)
    cover = doc.sections[0]
    _setup_page(cover)
    props = doc.core_properties
    props.title = report.title
    props.subject = report.subtitle
    props.author = report.organisation
    props.language = "zh-CN"
    props.keywords = "知识产权; 区域布局; ipatlas" + (f"; {DEMO_LABEL}" if report.is_demo else "")
    props.comments = "Generated by ipatlas" + (f" from {DEMO_LABEL}" if report.is_demo else "")

    _cover(doc, report)

    toc_section = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup_page(toc_section)
    _header_footer(toc_section, report, header=False, page_fmt="upperRoman")
    _page_numbering(toc_section, "upperRoman", 1)
    _toc(doc, report)

    body = doc.add_section(WD_SECTION.NEW_PAGE)
    _setup_page(body)
    _header_footer(body, report, header=True, page_fmt="decimal")
    _page_numbering(body, "decimal", 1)

    first_chapter = True
    for block in report.blocks:
        if isinstance(block, Heading):
            heading = doc.add_heading(block.text, level=block.level)
            if block.level == 1:
                heading.paragraph_format.page_break_before = not first_chapter
                first_chapter = False
        elif isinstance(block, Para):
            _para(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Word refreshes the TOC (page numbers) and SEQ fields when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
