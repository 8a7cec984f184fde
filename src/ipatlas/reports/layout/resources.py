"""Chapter 2 资源分析: patent kinds, applicant types, the top applicants and every kind of right."""

from __future__ import annotations

from ipatlas.fmt import is_num, qty
from ipatlas.reports import charts
from ipatlas.reports.document import Column
from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import (
    APPLICANT_SHARES,
    APPS_BY_KIND,
    CHAPTERS,
    HHI,
    INV_APP_SHARE,
    TOP10_SHARE,
)
from ipatlas.reports.layout.prose import _fmt_value, _val, fmt_indicator


class ResourcesChapter(_LayoutBase):
    def resources(self) -> None:
        rb, R, Y = self.rb, self.R, self.Y
        rb.chapter(CHAPTERS[1])
        rb.section("专利类型结构")
        years = self.d.years
        kinds = {k: self.d.series.get(i, {}) for k, i in APPS_BY_KIND.items()}
        share, share_prev = self.v(INV_APP_SHARE), self.v(INV_APP_SHARE, True)
        kind_vals = {k: _val(self.v(i)) for k, i in APPS_BY_KIND.items()}
        if any(v is not None for v in kind_vals.values()):
            text = f"{Y}年，{R}" + "，".join(
                f"{k}专利申请{qty(v, '件')}" for k, v in kind_vals.items() if v is not None
            )
            if share is not None and share.ok:
                text += f"，发明专利申请占专利申请总量的{_fmt_value(share)}"
                if share_prev is not None and share_prev.ok:
                    dpp = share.value - share_prev.value  # type: ignore[operator]
                    text += (
                        "，与上年持平"
                        if round(dpp, 1) == 0
                        else f"，较上年{'提高' if dpp > 0 else '降低'}{abs(dpp):.1f}个百分点"
                    )
            rb.para(text + "。")
            rb.trace_text("第二章正文", self.traces(*APPS_BY_KIND.values(), INV_APP_SHARE))
        if any(any(is_num(v) for v in s.values()) for s in kinds.values()):
            png = charts.stacked_bars(
                years, {k: [s.get(y) for y in years] for k, s in kinds.items()}, "件", "专利申请量"
            )
            self.figure(
                f"{years[0]}—{Y}年{R}分类型专利申请量",
                png,
                self.traces(*(f"series:{i}" for i in APPS_BY_KIND.values())),
            )

        rb.section("创新主体结构")
        shares = {k: _val(self.v(i)) for k, i in APPLICANT_SHARES.items()}
        if any(v is not None for v in shares.values()):
            ordered = sorted(((k, v) for k, v in shares.items() if v is not None), key=lambda kv: -kv[1])
            lab = rb.next_figure_label()
            text = (
                f"从申请人类型看，{Y}年{R}专利申请中，"
                + "，".join(f"{k}占{fmt_indicator(v, '%')}" for k, v in ordered)
                + f"（见{lab}）"
            )
            top10, hhi = self.v(TOP10_SHARE), self.v(HHI)
            if top10 is not None and top10.ok:
                text += f"；前10位申请人的申请量占{_fmt_value(top10)}"
            if hhi is not None and hhi.ok:
                text += f"，申请人集中度指数（HHI）为{_fmt_value(hhi)}"
            rb.para(text + "。")
            rb.trace_text("第二章正文", self.traces(*APPLICANT_SHARES.values(), TOP10_SHARE, HHI))
            png = charts.pie([k for k, _ in ordered], [v for _, v in ordered], "%")
            self.figure(f"{Y}年{R}专利申请人类型构成", png, self.traces(*APPLICANT_SHARES.values()))
            if ordered and ordered[0][0] != "企业":
                self.suggestions.append(
                    (
                        "强化企业创新主体地位",
                        f"{R}专利申请中企业占比为{fmt_indicator(shares.get('企业'), '%')}，"
                        f"低于{ordered[0][0]}，"
                        "应引导企业加大研发投入和专利布局。",
                    )
                )
        if self.d.applicants:
            lab = rb.next_table_label()
            top = self.d.applicants[0]
            rb.para(f"{Y}年{R}专利申请量居前的申请人见{lab}，其中{top.name}以{top.count}件居首位。")
            self.table(
                f"{Y}年{R}专利申请量前{len(self.d.applicants)}位申请人",
                [
                    Column("排名", kind="rank"),
                    Column("申请人"),
                    Column("类型"),
                    Column("所在地区"),
                    Column("专利申请量", "件", "int"),
                ],
                [
                    [i, a.name, a.kind, a.region_name, a.count]
                    for i, a in enumerate(self.d.applicants, start=1)
                ],
                self.traces("applicants"),
                note="按第一申请人统计。",
            )
        self.rights_table()
        self.step("资源分析")

    def rights_table(self) -> None:
        """各类知识产权: every kind of right imported, registered in the year and held at its end
        (the catalogue indicators of the 资源分析 page)."""
        from ipatlas.operations.kinds import RESOURCE_RIGHTS

        rows = [
            [r.label, _val(self.v(r.flow)), _val(self.v(r.stock))]
            for r in RESOURCE_RIGHTS
            if self.d.imported(r.table) and (self.v(r.flow) is not None or self.v(r.stock) is not None)
        ]
        if not rows:
            return
        rb, R, Y = self.rb, self.R, self.Y
        rb.section("各类知识产权")
        lab = rb.next_table_label()
        rb.para(
            f"{Y}年{R}专利、商标、地理标志、著作权和植物新品种权的当年登记（授权）量与年末拥有量见{lab}。"
        )
        ids = [i for r in RESOURCE_RIGHTS for i in (r.flow, r.stock)]
        self.table(
            f"{Y}年{R}各类知识产权登记量与拥有量",
            [Column("权利类型"), Column("当年登记/授权量", "件", "int"), Column("年末拥有量", "件", "int")],
            rows,
            self.traces(*ids),
            note="专利为授权量与有效量；商标为注册量与有效注册量；地理标志为当年新增与累计；"
            "著作权为登记量与累计登记量；植物新品种权为授权量与有效量。",
        )
