"""Chapter 5 产业布局: technology fields, specialisation (区位熵) and fast-growing fields."""

from __future__ import annotations

from ipatlas.fmt import is_num, join_cn, num, pct, qty
from ipatlas.reports import charts, wording
from ipatlas.reports.data import IndustryRow
from ipatlas.reports.document import Column
from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import CHAPTERS


class IndustryChapter(_LayoutBase):
    def industry(self) -> None:
        rb = self.rb
        rb.chapter(CHAPTERS[4])
        rb.section("技术领域构成")
        inds = [i for i in self.d.industries if is_num(i.applications)]
        if not inds:
            rb.para("暂无分技术领域的专利数据。")
            self.step("产业布局")
            return
        inds.sort(key=lambda i: (-(i.applications or 0), i.id))
        self._field_composition(inds)
        rb.section("专业化优势与成长领域")
        self._specialisation(inds)
        if self.d.lq_matrix:
            rb.section(f"{self.unit_word}产业专业化分布")
            self._unit_specialisation(inds)
        self.step("产业布局")

    def _field_composition(self, inds: list[IndustryRow]) -> None:
        """The top five fields, the chart of the top fifteen and their table."""
        rb, R, Y = self.rb, self.R, self.Y
        top = inds[:15]
        top5 = inds[:5]
        share5 = sum((i.share or 0) for i in top5)
        lab = rb.next_figure_label()
        rb.para(
            f"按世界知识产权组织（WIPO）35个技术领域划分，{Y}年{R}专利申请量居前五位的技术领域是"
            + join_cn([f"{i.name}（{qty(i.applications, '件')}）" for i in top5])
            + f"，合计占{pct(share5)}（见{lab}）。"
        )
        rb.trace_text("第五章正文", self.traces("industries"))
        png = charts.hbar(
            [i.name for i in top], [i.applications for i in top], "件", "专利申请量", decimals=0
        )
        self.figure(f"{Y}年{R}专利申请量居前15位的技术领域", png, self.traces("industries"))
        has_lq = any(is_num(i.lq) for i in top)
        lq_note = (
            f"区位熵以{self.d.scope.name if self.d.region.code != self.d.scope.code else '上级区域'}为参照，"
            "大于1表示该领域相对专业化；"
            if has_lq
            else ""
        )
        self.table(
            f"{Y}年{R}主要技术领域知识产权指标",
            [
                Column("技术领域"),
                Column("专利申请量", "件", "int"),
                Column("占比", "%", "pct"),
                Column("有效发明专利", "件", "int"),
                Column("近三年年均增长率", "%", "pct"),
                *([Column("区位熵", kind="float")] if has_lq else []),
            ],
            [
                [i.name, i.applications, i.share, i.valid_inventions, i.growth, *([i.lq] if has_lq else [])]
                for i in top
            ],
            self.traces("industries"),
            note=lq_note + "增长率为专利申请量近三年复合增长率。",
            font_pt=9.5,
        )

    def _specialisation(self, inds: list[IndustryRow]) -> None:
        """Fields of relative advantage (区位熵 ≥ 1.2) and fast-growing fields."""
        rb, R = self.rb, self.R
        strong = sorted(
            (i for i in inds if is_num(i.lq) and (i.lq or 0) >= 1.2 and (i.applications or 0) >= 10),
            key=lambda i: -(i.lq or 0),
        )
        growing = sorted(
            (i for i in inds if is_num(i.growth) and (i.applications or 0) >= 10),
            key=lambda i: -(i.growth or 0),
        )[:5]
        if strong:
            rb.para(
                f"区位熵不低于1.2的相对优势领域有{len(strong)}个，主要是"
                + join_cn([f"{i.name}（{num(i.lq, 2)}）" for i in strong[:5]])
                + "。"
            )
            self.findings.append(f"{R}在{join_cn([i.name for i in strong[:3]])}等领域具有相对专业化优势。")
            self.suggestions.append(
                (
                    "巩固提升优势产业知识产权竞争力",
                    f"围绕{join_cn([i.name for i in strong[:3]])}等优势领域，培育高价值专利组合，"
                    "推动专利导航和产业知识产权联盟建设。",
                )
            )
        elif not any(is_num(i.lq) for i in inds):
            rb.para(
                f"资源库中没有{R}上级区域的分领域数据，无法计算{R}整体的区位熵；各区县之间的专业化比较见下节。"
            )
        else:
            rb.para("目前尚无区位熵不低于1.2且具有一定规模的相对优势技术领域。")
        # "较快" only for what the wording rules call fast (wording.yaml growth.fast).
        fast = [i for i in growing if wording.growth((i.growth or 0) * 100).key == "fast"]
        if fast:
            rb.para(
                "近三年专利申请增长较快的领域为"
                + join_cn([f"{i.name}（年均{pct(i.growth)}）" for i in fast])
                + "。"
            )
            self.suggestions.append(
                (
                    "培育新兴成长领域",
                    f"对{join_cn([i.name for i in fast[:3]])}等快速成长领域"
                    "加强前瞻性专利布局和关键核心技术攻关。",
                )
            )
        elif growing and (growing[0].growth or 0) > 0:
            first = growing[0]
            rb.para(
                f"近三年各技术领域专利申请增长{wording.growth((first.growth or 0) * 100).word}，"
                f"增速最高的{first.name}年均{pct(first.growth)}，"
                f"未达到“增长较快”的标准（年均{wording.rules()['growth']['fast']:g}%）。"
            )
        rb.trace_text("第五章正文", self.traces("industries"))

    def _unit_specialisation(self, inds: list[IndustryRow]) -> None:
        """Each unit's most specialised field and the 区位熵 heatmap."""
        rb, Y = self.rb, self.Y
        cols = [i.id for i in inds[:12]]
        col_names = [i.name for i in inds[:12]]
        units = [u for u in self.d.units if u.code in self.d.lq_matrix]
        lab = rb.next_figure_label()
        best: dict[str, list[str]] = {}
        for u in units:
            row = self.d.lq_matrix[u.code]
            cand = [(row.get(c), n) for c, n in zip(cols, col_names, strict=True) if is_num(row.get(c))]
            if cand:
                lq, nm = max(cand, key=lambda t: t[0])  # type: ignore[arg-type,return-value]
                if (lq or 0) >= 1.5:
                    best.setdefault(nm, []).append(u.name)
        text = f"各{self.unit_word}在主要技术领域的区位熵见{lab}。"
        if best:
            text += (
                "；".join(
                    f"{join_cn(v[:4])}{'等' if len(v) > 4 else ''}在{k}领域专业化程度较高"
                    for k, v in list(best.items())[:4]
                )
                + "。"
            )
        rb.para(text)
        png = charts.heatmap(
            [u.name for u in units],
            col_names,
            [[self.d.lq_matrix[u.code].get(c) for c in cols] for u in units],
            "区位熵",
        )
        self.figure(
            f"{self.scope_name}各{self.unit_word}主要技术领域区位熵（{Y}年）",
            png,
            self.traces("lq_matrix"),
            width_cm=15.5,
        )
