"""The state every chapter of the layout report shares (builder, findings, suggestions) and the
helpers that read a figure, its trace and its rank and append captioned figures and tables."""

from __future__ import annotations

from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.fmt import is_num
from ipatlas.progress import ProgressCallback
from ipatlas.reports.data import LayoutData, Value
from ipatlas.reports.document import Column, Figure, ReportBuilder, Table, Trace
from ipatlas.reports.layout.ids import CUBE_SOURCE


class _LayoutBase:
    def __init__(self, data: LayoutData, progress: ProgressCallback) -> None:
        self.d = data
        self.progress = progress
        self.done = 0
        r = data.region
        self.R = r.name
        self.Y = data.year
        self.scope_name = data.scope.name
        self.unit_word = "区县" if all(u.level == "county" for u in data.units) else "地区"
        title = "知识产权区域布局分析报告"
        self.rb = ReportBuilder(
            f"{self.R}{title}",
            f"（{self.Y}年度）",
            organisation=data.organisation,
            is_demo=data.is_demo,
            kind="layout",
        )
        self.rb.report.header_text = f"{self.R}{title}（{self.Y}年度）"
        self.rb.report.cover_lines = [f"数据截至{self.Y}年12月31日"]
        self.rb.report.meta = {"region": r.code, "region_name": r.name, "year": self.Y}
        self.findings: list[str] = []
        self.suggestions: list[tuple[str, str]] = []

    def step(self, label: str) -> None:
        self.done += 1
        self.progress(self.done, 12, label)

    def v(self, indicator_id: str, previous: bool = False) -> Value | None:
        return self.d.value(indicator_id, previous=previous)

    def name(self, indicator_id: str, default: str = "") -> str:
        v = self.v(indicator_id)
        if v is not None and v.name:
            return v.name
        return str(self.d.catalog.get(indicator_id, {}).get("name", default or indicator_id))

    def traces(self, *ids: str) -> list[Trace]:
        out: list[Trace] = []
        for i in ids:
            out.extend(self.d.trace(i))
        return out

    def unit_trace(self, indicator_id: str) -> list[Trace]:
        t = self.d.traces.get(f"units:{indicator_id}")
        return [t] if t else []

    def source(self, extra: str = "") -> str:
        parts = [CUBE_SOURCE]
        if extra:
            parts.append(extra)
        if self.d.is_demo:
            parts.append(DEMO_LABEL)
        return "；".join(parts)

    def figure(
        self,
        title: str,
        png: bytes,
        traces: list[Trace],
        note: str = "",
        source: str = "",
        width_cm: float = 15.0,
    ) -> Figure:
        return self.rb.figure(
            Figure(title, png, source=source or self.source(), note=note, traces=traces, width_cm=width_cm)
        )

    def table(
        self,
        title: str,
        columns: list[Column],
        rows: list[list[Any]],
        traces: list[Trace],
        note: str = "",
        source: str = "",
        font_pt: float = 10.5,
    ) -> Table:
        return self.rb.table(
            Table(
                title,
                columns,
                rows,
                source=source or self.source(),
                note=note,
                traces=traces,
                font_pt=font_pt,
            )
        )

    def ranked_units(self, indicator_id: str, *, previous: bool = False) -> list[tuple[str, str, float]]:
        values = (self.d.unit_previous if previous else self.d.unit_values).get(indicator_id, {})
        names = self.d.unit_names
        rows = [
            (c, names.get(c, c), float(v))
            for c, v in values.items()
            if v is not None and is_num(v) and c in names
        ]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    def rank_of(self, code: str, indicator_id: str) -> tuple[int | None, int]:
        ranked = self.ranked_units(indicator_id)
        for i, (c, _, _) in enumerate(ranked, start=1):
            if c == code:
                return i, len(ranked)
        return None, len(ranked)
