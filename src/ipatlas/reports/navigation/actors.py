"""Chapters 3–4: the main applicants, where they are, and the key patents."""

from __future__ import annotations

from ipatlas.fmt import join_cn, pct
from ipatlas.reports.document import Column, Figure, Table
from ipatlas.reports.maps import MapSpec, draw_map
from ipatlas.reports.navigation.base import _NavigationBase


class ActorChapters(_NavigationBase):
    def applicants(self) -> None:
        d, rb, ind, R, Y, w0, src = self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.src
        t, trace = self.t, self.trace
        # ---- 三、创新主体分析
        rb.chapter("创新主体分析")
        rb.section("主要申请人")
        if d.applicants:
            total = t["applications"] or 0
            top1 = d.applicants[0]
            top5 = sum(a.applications for a in d.applicants[:5])
            rb.para(
                f"{w0}—{Y}年，{R}{ind.name}领域申请量最多的是{top1.name}（{top1.applications}件），"
                f"前5位申请人合计占{pct(top5 / total if total else None)}。"
            )
            rb.table(
                Table(
                    f"{R}{ind.name}领域主要申请人（{w0}—{Y}年）",
                    [
                        Column("排名", kind="rank"),
                        Column("申请人"),
                        Column("类型"),
                        Column("所在区县"),
                        Column("申请量", "件", "int"),
                        Column("发明专利", "件", "int"),
                        Column("有效发明", "件", "int"),
                    ],
                    [
                        [i, a.name, a.kind, a.county, a.applications, a.inventions, a.valid]
                        for i, a in enumerate(d.applicants, start=1)
                    ],
                    source=src,
                    traces=trace("applicants", "主要申请人"),
                    font_pt=9,
                )
            )
        rb.section("区域分布")
        names = {u.code: u.name for u in d.units}
        dist = {c: v for c, v in d.distribution.items() if c in names}
        if dist and d.geometries:
            ranked = sorted(dist.items(), key=lambda kv: -kv[1])
            lab = rb.next_figure_label()
            rb.para(
                "从区县分布看，该领域专利申请主要集中在"
                + join_cn([f"{names[c]}（{n}件）" for c, n in ranked[:5]])
                + f"（见{lab}）。"
            )
            spec = MapSpec(
                title=f"{ind.name}领域专利申请区县分布（{w0}—{Y}年）",
                unit="件",
                decimals=0,
                source="ipatlas 专利资源库",
                is_demo=d.is_demo,
                highlight=(d.region.code,) if d.region.level == "county" else (),
            )
            png = draw_map(d.geometries, {c: float(dist.get(c, 0)) for c in names}, names, spec)
            rb.figure(
                Figure(
                    f"{ind.name}领域专利申请区县分布（{w0}—{Y}年）",
                    png,
                    source=src,
                    traces=trace("distribution", "区县分布"),
                )
            )
        else:
            rb.para("暂无可绘制的区县分布数据。")

    def key_patents(self) -> None:
        d, rb, ind, R, src, trace = self.d, self.rb, self.ind, self.R, self.src, self.trace
        # ---- 四、重点专利
        rb.chapter("重点专利")
        if d.key_patents:
            kp = d.key_patents[0]
            rb.para(
                f"按被引证次数和同族国家数遴选，{R}该领域的重点专利见{rb.next_table_label()}；"
                f"被引证最多的是{kp.applicant}的“{kp.title}”（{kp.app_no}），被引证{kp.cited_by or 0}次。"
            )
            rb.table(
                Table(
                    f"{R}{ind.name}领域重点专利",
                    [
                        Column("申请号"),
                        Column("名称"),
                        Column("第一申请人"),
                        Column("申请日"),
                        Column("被引证", "次", "int"),
                        Column("同族国家", "个", "int"),
                        Column("法律状态"),
                    ],
                    [
                        [k.app_no, k.title, k.applicant, k.filing_date, k.cited_by, k.family, k.status]
                        for k in d.key_patents
                    ],
                    source=src,
                    traces=trace("key_patents", "重点专利"),
                    font_pt=8,
                )
            )
        else:
            rb.para("暂无重点专利。")
