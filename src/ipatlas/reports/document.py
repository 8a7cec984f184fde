"""A format-neutral report document: one builder, several renderers (DOCX, HTML, PDF).

Builders (layout, navigation, catalog) append blocks through :class:`ReportBuilder`, which numbers
chapters (一、/（一）/1.), figures (图1…) and tables (表1…) in document order and collects the
trace of every figure (indicator id, definition, source, the cube query) for the appendix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ipatlas import DEMO_LABEL
from ipatlas.fmt import NULL_CELL, cn_numeral, is_num, num

ColumnKind = Literal["text", "int", "float", "pct", "rank"]


@dataclass(frozen=True)
class Trace:
    """Where a number comes from: the indicator and the cube query that returns it."""

    indicator_id: str
    name: str
    query: str
    unit: str = ""
    definition: str = ""
    source: str = ""


@dataclass
class Heading:
    text: str
    level: int  # 1 chapter, 2 section, 3 subsection
    anchor: str = ""


@dataclass
class Para:
    text: str
    kind: Literal["body", "note", "bullet", "lead"] = "body"
    lead: str = ""  # bold lead-in phrase printed before the text ("一是……")


@dataclass
class Figure:
    title: str
    png: bytes
    svg: bytes | None = None
    width_cm: float = 15.0
    source: str = ""
    note: str = ""
    traces: list[Trace] = field(default_factory=list)
    number: int = 0
    anchor: str = ""

    @property
    def label(self) -> str:
        return f"图{self.number}"


@dataclass(frozen=True)
class Num:
    """A table cell with its own number of decimals (rows of mixed units in one column)."""

    value: float | None
    decimals: int = 2


@dataclass
class Column:
    header: str
    unit: str = ""
    kind: ColumnKind = "text"
    decimals: int | None = None
    width: float | None = None  # share of the table width in percent (None = automatic)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"

    @property
    def header_text(self) -> str:
        return f"{self.header}（{self.unit}）" if self.unit else self.header

    def format(self, value: Any) -> str:
        """Cell text. ``pct`` columns hold ratios (0.108) shown as 10.8 under a "%" unit."""
        if isinstance(value, Num):
            return num(value.value, value.decimals) if is_num(value.value) else NULL_CELL
        if value is None or (self.numeric and not is_num(value)):
            return NULL_CELL if self.numeric or value is None else str(value)
        if self.kind == "text":
            return str(value)
        if self.kind in ("int", "rank"):
            return num(value, 0)
        if self.kind == "pct":
            return num(value * 100, 1 if self.decimals is None else self.decimals)
        return num(value, 2 if self.decimals is None else self.decimals)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    source: str = ""
    note: str = ""
    traces: list[Trace] = field(default_factory=list)
    number: int = 0
    anchor: str = ""
    font_pt: float = 10.5

    @property
    def label(self) -> str:
        return f"表{self.number}"


@dataclass
class PageBreak:
    pass


Block = Heading | Para | Figure | Table | PageBreak


@dataclass
class Report:
    title: str
    subtitle: str
    organisation: str
    date: dt.date
    is_demo: bool
    blocks: list[Block]
    header_text: str = ""
    cover_lines: list[str] = field(default_factory=list)
    kind: str = "report"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def date_cn(self) -> str:
        return f"{self.date.year}年{self.date.month}月"

    def summary(self) -> dict[str, Any]:
        """What the report contains, for --json output and the web."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "is_demo": self.is_demo,
            "chapters": [h.text for h in self.headings if h.level == 1],
            "figures": [f"{f.label} {f.title}" for f in self.figures],
            "tables": [f"{t.label} {t.title}" for t in self.tables],
            **self.meta,
        }


class ReportBuilder:
    """Appends blocks in reading order and numbers them the Chinese way."""

    def __init__(
        self,
        title: str,
        subtitle: str,
        *,
        organisation: str,
        is_demo: bool,
        date: dt.date | None = None,
        kind: str = "report",
    ) -> None:
        self.report = Report(
            title=title,
            subtitle=subtitle,
            organisation=organisation,
            date=date or dt.date.today(),
            is_demo=is_demo,
            blocks=[],
            header_text=title,
            kind=kind,
        )
        self._chapter = 0
        self._section = 0
        self._sub = 0
        self._figures = 0
        self._tables = 0
        self.traces: list[tuple[str, Trace]] = []  # (figure/table/paragraph label, trace)

    # ---- structure -----------------------------------------------------------------------
    def chapter(self, title: str, *, numbered: bool = True) -> Heading:
        self._chapter += 1
        self._section = self._sub = 0
        text = f"{cn_numeral(self._chapter)}、{title}" if numbered else title
        return self._add(Heading(text, 1, f"ch{self._chapter}"))

    def section(self, title: str) -> Heading:
        self._section += 1
        self._sub = 0
        text = f"（{cn_numeral(self._section)}）{title}"
        return self._add(Heading(text, 2, f"ch{self._chapter}-{self._section}"))

    def subsection(self, title: str) -> Heading:
        self._sub += 1
        return self._add(
            Heading(f"{self._sub}. {title}", 3, f"ch{self._chapter}-{self._section}-{self._sub}")
        )

    def para(
        self, text: str, *, lead: str = "", kind: Literal["body", "note", "bullet", "lead"] = "body"
    ) -> Para:
        return self._add(Para(text, kind, lead))

    def page_break(self) -> None:
        self.report.blocks.append(PageBreak())

    def _caption_title(self, title: str) -> str:
        if self.report.is_demo and DEMO_LABEL not in title:
            return f"{title}（{DEMO_LABEL}）"
        return title

    # ---- numbered objects ------------------------------------------------------------------
    def next_figure_label(self) -> str:
        return f"图{self._figures + 1}"

    def next_table_label(self) -> str:
        return f"表{self._tables + 1}"

    def figure(self, fig: Figure) -> Figure:
        self._figures += 1
        fig = dataclasses.replace(
            fig, number=self._figures, anchor=f"fig{self._figures}", title=self._caption_title(fig.title)
        )
        self.traces.extend((fig.label, t) for t in fig.traces)
        return self._add(fig)

    def table(self, table: Table) -> Table:
        self._tables += 1
        table = dataclasses.replace(
            table, number=self._tables, anchor=f"tab{self._tables}", title=self._caption_title(table.title)
        )
        self.traces.extend((table.label, t) for t in table.traces)
        return self._add(table)

    def trace_text(self, where: str, traces: list[Trace]) -> None:
        """Register traces of figures quoted in prose (label e.g. "第一章正文")."""
        self.traces.extend((where, t) for t in traces)

    def _add(self, block: Any) -> Any:
        self.report.blocks.append(block)
        return block

    def build(self) -> Report:
        return self.report
