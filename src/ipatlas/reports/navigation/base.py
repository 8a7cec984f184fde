"""The state every navigation chapter shares (builder, names, totals, trace maker) and the
comparison table's cell formatters."""

from __future__ import annotations

import math
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.fmt import is_num
from ipatlas.reports.document import ReportBuilder, Trace
from ipatlas.reports.navigation.data import Branch, NavigationData


class _NavigationBase:
    """What every chapter of the 专利导航 report reads: the data, the builder and the names."""

    # set by the technology and advantages chapters, read by the warnings and suggestions
    fast: list[Branch]
    strengths: list[Branch]
    gaps: list[Branch]

    def __init__(self, data: NavigationData) -> None:
        d = data
        ind, R, Y = d.industry, d.region.name, d.year
        w0, _ = d.window
        C = d.compare_name
        rb = ReportBuilder(
            f"{R}{ind.name}产业专利导航报告",
            f"（{Y}年）",
            organisation=d.organisation,
            is_demo=d.is_demo,
            kind="navigation",
        )
        rb.report.cover_lines = [
            f"技术领域：{ind.name}（WIPO技术领域{ind.id}，{ind.sector}）",
            f"比较区域：{C}",
            f"分析窗口：{w0}—{Y}年（按申请日）",
        ]
        rb.report.meta = {
            "industry": ind.id,
            "industry_name": ind.name,
            "region": d.region.code,
            "year": Y,
            "compare": d.compare.code if d.compare else "all",
        }
        src = "ipatlas 专利资源库（按第一申请人地址归属，主IPC整体计数）" + (
            f"；{DEMO_LABEL}" if d.is_demo else ""
        )

        def trace(key: str, name: str) -> list[Trace]:
            q = " ".join(d.queries.get(key, "").split())
            return [
                Trace(f"nav:{key}", name, q, source="ipatlas 专利资源库；WIPO IPC—技术领域对照表（2014修订）")
            ]

        t, ct = d.totals, d.compare_totals
        self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.C = d, rb, ind, R, Y, w0, C
        self.src, self.t, self.ct, self.trace = src, t, ct, trace


def _i(v: Any) -> str | None:
    return None if not is_num(v) else f"{int(v)}"


def _p(v: Any) -> str | None:
    return None if not is_num(v) else f"{v * 100:.1f}"


def _f(v: Any) -> str | None:
    return None if not is_num(v) or (isinstance(v, float) and math.isnan(v)) else f"{v:.2f}"
