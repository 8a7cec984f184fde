"""The appendix: every indicator's definition and where each figure and sentence comes from."""

from __future__ import annotations

from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.reports.document import Column, Table
from ipatlas.reports.layout.base import _LayoutBase


def provenance(t: Any) -> str:
    """Where a figure comes from, in words (the command behind it stays in the report's JSON)."""
    import re as _re

    q = t.query or ""
    parts = []
    if m := _re.search(r"--region (\S+)", q):
        parts.append(f"地区代码 {m.group(1)}")
    if m := _re.search(r"--parent (\S+)", q):
        parts.append(f"{m.group(1)} 的下级区域")
    if m := _re.search(r"--year (\d{4})", q):
        parts.append(f"{m.group(1)} 年")
    if "series" in q:
        parts.append("历年序列")
    if "ranking" in q:
        parts.append("区域排名")
    if "industry" in q or "wipo" in q:
        parts.append("按技术领域")
    if not q.startswith("ipatlas"):
        return "资源库记录的统计（平台“专利清单”可按同一条件查询）"
    return "平台指标数据：" + "，".join(parts or ["全部地区"]) + "（“指标明细”页面可查看明细记录）"


class AppendixChapter(_LayoutBase):
    def appendix(self) -> None:
        rb = self.rb
        rb.chapter("附录　指标说明与数据溯源", numbered=False)
        rb.para(
            "本报告所有数值均由 ipatlas 指标立方体和评价模型计算，"
            "口径以平台“数据管理”中的指标目录为准。"
            "附表1说明所用指标的定义与来源，附表2列出每一图表和正文数据的出处，"
            "可在平台“指标明细”页面按同一地区和年份查看数值及其明细记录。"
        )
        defs: dict[str, list[str]] = {}
        for _, t in rb.traces:
            if t.indicator_id in defs:
                continue
            cat = self.d.catalog.get(t.indicator_id, {})
            defs[t.indicator_id] = [
                cat.get("name") or t.name,
                t.unit,
                t.definition or cat.get("definition", ""),
                t.source,
            ]
        demo = f"；{DEMO_LABEL}" if self.d.is_demo else ""
        rb.table(
            Table(
                "指标定义与来源",
                [
                    Column("指标名称", width=20),
                    Column("单位", width=8),
                    Column("定义与统计口径", width=44),
                    Column("定义来源", width=28),
                ],
                list(defs.values()),
                source="平台指标目录" + demo,
                font_pt=7.5,
            )
        )
        seen: set[tuple[str, str]] = set()
        rows = []
        for where, t in rb.traces:
            if (where, t.query) in seen:
                continue
            seen.add((where, t.query))
            rows.append([where, t.name or t.indicator_id, provenance(t)])
        rb.table(
            Table(
                "图表与正文数据的查询",
                [
                    Column("位置", width=13),
                    Column("指标", width=22),
                    Column("数据出处", width=65),
                ],
                rows,
                source="平台指标数据" + demo,
                font_pt=7.5,
            )
        )
        for note in self.d.notes:
            rb.para(note, kind="note")
        if self.d.is_demo:
            rb.para(
                f"本报告数据为 ipatlas 生成的{DEMO_LABEL}，仅用于演示平台功能，不代表任何地区的真实情况。",
                kind="note",
            )
