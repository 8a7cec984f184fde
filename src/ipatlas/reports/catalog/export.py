"""Export a guidance catalog (draft or published version) as XLSX and as a DOCX/PDF/HTML document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.fmt import is_num
from ipatlas.reports.catalog.rules import Rules, rules_table
from ipatlas.reports.document import Column, ReportBuilder, Table
from ipatlas.reports.xlsx import (
    FORMAT_DEC2,
    FORMAT_DEC3,
    FORMAT_INT,
    FORMAT_PCT,
    FORMAT_TEXT,
    XColumn,
    save,
    write_notes,
    write_sheet,
)

CLASS_FILLS = {
    "consolidate": "C6EFCE",
    "cultivate": "DDEBF7",
    "shortboard": "FCE4D6",
    "transfer": "EDEDED",
    "monitor": "FFFFFF",
    "insufficient": "F2F2F2",
}

CELL_COLUMNS = [
    XColumn("region", "区域代码", "", FORMAT_TEXT, 10),
    XColumn("region_name", "区域", "", FORMAT_TEXT, 14),
    XColumn("industry", "技术领域代码", "", FORMAT_TEXT, 11),
    XColumn("industry_name", "技术领域", "", FORMAT_TEXT, 18),
    XColumn("class_label", "导向类别", "", FORMAT_TEXT, 10, "按分类规则判定，分析人员可调整"),
    XColumn("reason", "分类理由", "", FORMAT_TEXT, 60, "满足的规则条件与类别含义；调整后的为调整理由"),
    XColumn("adjusted", "是否调整", "", FORMAT_TEXT, 8, "分析人员是否调整过该单元"),
    XColumn("auto_class_label", "规则初判类别", "", FORMAT_TEXT, 11),
    XColumn("applications", "专利申请量", "件", FORMAT_INT, 10, "当年专利申请量", "ipatlas 指标立方体"),
    XColumn("apps_window", "近三年专利申请量", "件", FORMAT_INT, 11, "", "ipatlas 指标立方体"),
    XColumn("valid_inventions", "有效发明专利", "件", FORMAT_INT, 10, "", "ipatlas 指标立方体"),
    XColumn("lq", "区位熵", "—", FORMAT_DEC2, 8, "近三年专利申请量的区位熵", "ipatlas.evaluate"),
    XColumn("growth", "申请量年均增长率", "%", FORMAT_PCT, 11, "近三年复合增长率", "ipatlas 指标立方体"),
    XColumn("growth_parent", "全域同领域增长率", "%", FORMAT_PCT, 11, "", "ipatlas 指标立方体"),
    XColumn("coordination", "耦合协调度D", "0—1", FORMAT_DEC3, 10, "", "ipatlas.evaluate"),
    XColumn("match_type", "匹配类型", "", FORMAT_TEXT, 9, "", "ipatlas.evaluate"),
    XColumn("score", "综合评价得分百分位", "0—100", FORMAT_DEC2, 11, "", "ipatlas.evaluate"),
]
CHANGE_COLUMNS = [
    XColumn("at", "调整时间", "", FORMAT_TEXT, 19),
    XColumn("by", "调整人", "", FORMAT_TEXT, 12),
    XColumn("region", "区域代码", "", FORMAT_TEXT, 10),
    XColumn("industry", "技术领域", "", FORMAT_TEXT, 10),
    XColumn("before_label", "调整前类别", "", FORMAT_TEXT, 10),
    XColumn("after_label", "调整后类别", "", FORMAT_TEXT, 10),
    XColumn("before_reason", "调整前理由", "", FORMAT_TEXT, 40),
    XColumn("after_reason", "调整后理由", "", FORMAT_TEXT, 40),
    XColumn("comment", "备注", "", FORMAT_TEXT, 20),
]


def _rows(snap: dict[str, Any]) -> list[dict[str, Any]]:
    rules: Rules = snap["rules"]
    labels = {c.code: c.label for c in rules.all_classes}
    out = []
    for c in snap["cells"]:
        out.append(
            {
                "region": c["region"],
                "region_name": c["region_name"],
                "industry": c["industry"],
                "industry_name": c["industry_name"],
                "class": c["class"],
                "class_label": labels.get(c["class"]),
                "reason": c["reason"],
                "adjusted": "是" if c.get("adjusted") else "",
                "auto_class_label": labels.get(c["auto_class"]),
                **c["metrics"],
            }
        )
    return out


def _changes(snap: dict[str, Any]) -> list[dict[str, Any]]:
    rules: Rules = snap["rules"]
    labels = {c.code: c.label for c in rules.all_classes}
    return [
        {**ch, "before_label": labels.get(ch["before_class"]), "after_label": labels.get(ch["after_class"])}
        for ch in snap["changes"]
    ]


def _subtitle(snap: dict[str, Any]) -> str:
    info = snap["info"]
    parts = [f"版本：{snap['label']}"]
    if snap["kind"] == "version":
        parts.append(f"发布：{snap['published_at']}（{snap['published_by']}）")
    parts.append(f"分类规则：{info['rules_name']}（{info['rules_hash']}）")
    if info["is_demo"]:
        parts.append(DEMO_LABEL)
    return "；".join(parts)


def write_xlsx(snap: dict[str, Any], out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    info = snap["info"]
    rules: Rules = snap["rules"]
    wb = Workbook()
    ws = wb.active
    ws.title = "导向目录"
    rows = _rows(snap)
    write_sheet(
        ws,
        info["title"],
        CELL_COLUMNS,
        rows,
        key_columns=4,
        is_demo=info["is_demo"],
        subtitle=_subtitle(snap),
    )
    class_col = next(i for i, c in enumerate(CELL_COLUMNS, start=1) if c.key == "class_label")
    for r, row in enumerate(rows, start=5):
        fill = CLASS_FILLS.get(row["class"])
        if fill:
            ws.cell(row=r, column=class_col).fill = PatternFill("solid", fgColor=fill)

    # 总表: regions × industries with the class of each cell.
    grid = wb.create_sheet("总表")
    regions = list(dict.fromkeys((r["region"], r["region_name"]) for r in rows))
    inds = list(dict.fromkeys((r["industry"], r["industry_name"]) for r in rows))
    by = {(r["region"], r["industry"]): r for r in rows}
    grid["A1"] = f"{info['title']}总表" + (f"（{DEMO_LABEL}）" if info["is_demo"] else "")
    grid["A1"].font = Font(name="黑体", size=14, bold=True)
    grid["A2"] = _subtitle(snap)
    grid.cell(row=3, column=1, value="区域").font = Font(name="黑体", bold=True)
    for j, (iid, name) in enumerate(inds, start=2):
        c = grid.cell(row=3, column=j, value=name)
        c.font = Font(name="黑体", bold=True, size=9)
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        grid.cell(row=4, column=j, value=iid).font = Font(size=8, color="808080")
        grid.column_dimensions[get_column_letter(j)].width = 9
    grid.cell(row=4, column=1, value="（技术领域代码）").font = Font(size=8, color="808080")
    grid.row_dimensions[3].height = 42
    for i, (code, name) in enumerate(regions, start=5):
        grid.cell(row=i, column=1, value=name)
        for j, (iid, _) in enumerate(inds, start=2):
            found = by.get((code, iid))
            if found is None:
                continue
            cell = grid.cell(row=i, column=j, value=found["class_label"])
            cell.alignment = Alignment(horizontal="center")
            cell.font = Font(size=9)
            fill = CLASS_FILLS.get(found["class"])
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
    grid.column_dimensions["A"].width = 16
    grid.freeze_panes = "B5"

    counts = wb.create_sheet("分类汇总")
    counts.append(["导向类别", "单元数", "含义"])
    for k in rules.all_classes:
        counts.append([k.label, sum(1 for row in rows if row["class"] == k.code), k.description])
    counts.column_dimensions["A"].width = 12
    counts.column_dimensions["C"].width = 80
    counts.freeze_panes = "A2"

    rs = wb.create_sheet("分类规则")
    rs.append(["类别", "条件", "含义"])
    for rule in rules_table(rules):
        rs.append([rule["类别"], rule["条件"], rule["含义"]])
    rs.append([])
    rs.append(["规则文件", rules.path, f"版本 {rules.version}，哈希 {rules.hash}"])
    rs.column_dimensions["A"].width = 12
    rs.column_dimensions["B"].width = 60
    rs.column_dimensions["C"].width = 70
    rs.freeze_panes = "A2"

    ch = wb.create_sheet("调整记录")
    write_sheet(
        ch,
        "导向目录调整记录",
        CHANGE_COLUMNS,
        _changes(snap),
        key_columns=2,
        is_demo=info["is_demo"],
        subtitle="每次调整的调整人、时间、调整前后的类别与理由",
    )
    notes = wb.create_sheet("说明")
    extra = [("数据说明", n) for n in snap["inputs"].get("notes", [])]
    extra.append(("计算输入", "；".join(f"{k}={v}" for k, v in snap["inputs"].items() if k != "notes")))
    write_notes(notes, "字段说明", CELL_COLUMNS, extra)
    return save(wb, out)


def _class_chapter(rb: ReportBuilder, rows: list[dict[str, Any]], main: list[Any], src: str) -> None:
    """分类目录: the units of each class, strongest specialisation first."""
    rb.chapter("分类目录")
    for c in main:
        sel = [r for r in rows if r["class"] == c.code]
        rb.section(f"{c.label}（{len(sel)}个）")
        rb.para(c.description)
        if not sel:
            rb.para("无。")
            continue
        sel.sort(key=lambda r: (-(r["lq"] or 0) if is_num(r.get("lq")) else 0, r["region"], r["industry"]))
        rb.table(
            Table(
                f"{c.label}类单元",
                [
                    Column("区县"),
                    Column("技术领域"),
                    Column("区位熵", kind="float"),
                    Column("增长率", "%", "pct"),
                    Column("协调度", kind="float", decimals=3),
                    Column("理由"),
                ],
                [
                    [
                        r["region_name"],
                        r["industry_name"],
                        r.get("lq"),
                        r.get("growth"),
                        r.get("coordination"),
                        r["reason"],
                    ]
                    for r in sel
                ],
                source=src,
                font_pt=7.5,
            )
        )


def _changes_chapter(rb: ReportBuilder, snap: dict[str, Any], src: str) -> None:
    """调整记录: the analysts' changes to the rules' first classification."""
    changes = _changes(snap)
    rb.chapter("调整记录")
    if changes:
        rb.table(
            Table(
                "分析人员调整记录",
                [
                    Column("时间"),
                    Column("调整人"),
                    Column("单元"),
                    Column("调整前"),
                    Column("调整后"),
                    Column("理由"),
                ],
                [
                    [
                        ch["at"],
                        ch["by"],
                        f"{ch['region']}/{ch['industry']}",
                        ch["before_label"],
                        ch["after_label"],
                        ch["after_reason"],
                    ]
                    for ch in changes
                ],
                source=src,
                font_pt=8,
            )
        )
    else:
        rb.para("本版本未作人工调整，全部为规则初判结果。")


def build_document(snap: dict[str, Any]) -> Any:
    info = snap["info"]
    rules: Rules = snap["rules"]
    rows = _rows(snap)
    region, year = info["region_name"], info["year"]
    label = snap["label"]
    rb = ReportBuilder(
        info["title"],
        f"（{label}）",
        organisation=f"{region}知识产权局",
        is_demo=info["is_demo"],
        date=dt.date.fromisoformat(snap["published_at"][:10]) if snap["kind"] == "version" else None,
        kind="catalog",
    )
    rb.report.cover_lines = [f"数据年份：{year}年", f"分类规则：{info['rules_name']}"]
    rb.report.meta = {"catalog_id": info["id"], "label": label}
    src = "ipatlas 导向目录" + (f"；{DEMO_LABEL}" if info["is_demo"] else "")

    rb.chapter("编制说明")
    rb.para(
        f"为建立以知识产权为导向的资源配置机制，依据{year}年知识产权、创新和产业资源数据，对{region}各区县在世界知识产权组织"
        "（WIPO）35个技术领域的布局状况逐一分类，形成本导向目录。分类依据区位熵、专利申请增长率、知识产权与创新、产业资源的"
        "耦合协调度和匹配类型以及综合评价得分，按下表规则自动初判，再经分析人员审核调整。"
    )
    rb.table(
        Table(
            "导向类别划分规则",
            [Column("类别"), Column("条件"), Column("含义")],
            [[r["类别"], r["条件"], r["含义"]] for r in rules_table(rules)],
            source=src,
            font_pt=9,
        )
    )
    for note in snap["inputs"].get("notes", []):
        rb.para(note, kind="note")

    rb.chapter("目录总览")
    counts = [(c, sum(1 for r in rows if r["class"] == c.code)) for c in rules.all_classes]
    rb.para(
        f"本目录共{len(rows)}个区县 × 技术领域单元，其中"
        + "，".join(f"{c.label}{n}个" for c, n in counts if n)
        + f"；经分析人员调整的单元{sum(1 for r in rows if r['adjusted'])}个。"
    )
    regions = list(dict.fromkeys((r["region"], r["region_name"]) for r in rows))
    main = [c for c in rules.classes]
    summary = []
    for code, name in regions:
        rr = [r for r in rows if r["region"] == code]
        summary.append(
            [name, *("、".join(r["industry_name"] for r in rr if r["class"] == c.code) or None for c in main)]
        )
    rb.table(
        Table(
            "各区县导向类别一览",
            [Column("区县"), *(Column(c.label) for c in main)],
            summary,
            source=src,
            font_pt=8,
        )
    )

    _class_chapter(rb, rows, main, src)
    _changes_chapter(rb, snap, src)
    if snap["kind"] == "version":
        rb.para(
            f"本目录为发布版本 {label}，发布人 {snap['published_by']}，发布时间 {snap['published_at']}，"
            f"内容校验码 {snap['content_hash']}。发布后内容不可修改，如需调整请在草稿中修改后发布新版本。",
            kind="note",
        )
    return rb.build()


def write_document(snap: dict[str, Any], fmt: str, out: Path) -> Path:
    from ipatlas.reports.render_docx import render_docx
    from ipatlas.reports.render_html import render_html, render_pdf

    report = build_document(snap)
    return {"docx": render_docx, "pdf": render_pdf, "html": render_html}[fmt](report, out)


_ = FORMAT_DEC2
