"""Chapters 1–2: the field's overall trend and its place locally, then its IPC branches."""

from __future__ import annotations

from ipatlas.fmt import cagr, is_num, join_cn, num, pct
from ipatlas.reports import charts, wording
from ipatlas.reports.document import Column, Figure, Table
from ipatlas.reports.navigation.base import _f, _i, _NavigationBase, _p
from ipatlas.reports.navigation.data import MIN_BRANCH


class TrendChapters(_NavigationBase):
    def overview(self) -> None:
        d, rb, ind, R, Y, w0, C = self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.C
        src, t, ct, trace = self.src, self.t, self.ct, self.trace
        # ---- 一、产业专利总体态势
        rb.chapter("产业专利总体态势")
        rb.section("申请趋势")
        apps_series = [d.trend.get(y, {}).get("apps", 0) for y in d.years]
        inv_series = [d.trend.get(y, {}).get("inventions", 0) for y in d.years]
        first = next((i for i, v in enumerate(apps_series) if v), None)
        lab = rb.next_figure_label()
        text = (
            f"{w0}—{Y}年，{R}{ind.name}领域共申请专利{int(t['applications'] or 0)}件"
            f"，其中发明专利{int(t['inventions'] or 0)}件"
        )
        if is_num(t["invention_share"]):
            text += f"，发明专利占{pct(t['invention_share'])}"
        text += f"；同期{C}该领域申请{int(ct['applications'] or 0)}件"
        if ct["applications"]:
            text += f"，{R}占{pct((t['applications'] or 0) / ct['applications'])}"  # type: ignore[operator]
        text += "。"
        if first is not None and apps_series[-1]:
            span = len(apps_series) - 1 - first
            rate = cagr(apps_series[first], apps_series[-1], span)
            if rate is not None:
                text += f"{d.years[first]}—{Y}年年均增长{pct(rate)}（见{lab}）。"
        rb.para(text)
        png = charts.bar_line(d.years, apps_series, "专利申请量", "件", inv_series, "其中发明专利", "件")
        rb.figure(
            Figure(
                f"{d.years[0]}—{Y}年{R}{ind.name}领域专利申请趋势",
                png,
                source=src,
                traces=trace("trend", "分年度专利申请量"),
            )
        )
        rb.section("在本地产业中的地位")
        fs, cfs = t["field_share"], ct["field_share"]
        rta = fs / cfs if is_num(fs) and is_num(cfs) and cfs else None  # type: ignore[operator]
        text = f"{w0}—{Y}年{ind.name}领域专利申请占{R}全部专利申请的{pct(fs)}"
        if is_num(cfs):
            text += f"，{C}为{pct(cfs)}"
        # RTA is against the comparator, named; a comparator that is mostly the region itself (the
        # library holds little else) makes RTA ≈ 1 by construction: say so instead of ranking.
        mine, theirs = t.get("all_applications"), ct.get("all_applications")
        self_share = mine / theirs if mine is not None and theirs else None
        if rta is not None and self_share is not None and wording.comparator_is_self(self_share):
            text += (
                f"。比较区域（{C}）的专利申请中{pct(self_share)}来自{R}本身，显示性技术优势指数（RTA）"
                f"恒接近1，不能说明相对优势；请导入全国或所在省份的专利数据，以全国或省份为比较区域后再判断。"
            )
        elif rta is not None:
            v = wording.rta(rta)
            text += f"，与{C}相比的显示性技术优势指数（RTA）为{num(rta, 2)}，" + (
                "该领域是相对优势领域。"
                if v.key == "advantage"
                else f"与{C}水平相当。"
                if v.key == "par"
                else f"相对{C}处于弱势。"
            )
        else:
            text += "。"
        rb.para(text)
        rb.table(
            Table(
                f"{R}与{C}{ind.name}领域主要指标比较（{w0}—{Y}年）",
                [Column("指标"), Column(R), Column(C)],
                [
                    ["专利申请量（件）", _i(t["applications"]), _i(ct["applications"])],
                    ["发明专利申请量（件）", _i(t["inventions"]), _i(ct["inventions"])],
                    ["发明专利占比（%）", _p(t["invention_share"]), _p(ct["invention_share"])],
                    ["有效发明专利（件）", _i(t["valid_inventions"]), _i(ct["valid_inventions"])],
                    ["PCT申请占比（%）", _p(t["pct_share"]), _p(ct["pct_share"])],
                    ["件均被引证次数", _f(t["avg_cited"]), _f(ct["avg_cited"])],
                    ["件均同族国家数", _f(t["avg_family"]), _f(ct["avg_family"])],
                    ["申请人数量（个）", _i(t["applicants"]), _i(ct["applicants"])],
                    ["占本地全部专利申请比重（%）", _p(t["field_share"]), _p(ct["field_share"])],
                ],
                source=src,
                traces=trace("totals", "领域汇总指标"),
                note=f"有效发明专利为{Y}年末有效量（专利期限与法律状态，指标体系 pat_valid_invention）。",
            )
        )

    def technology(self) -> None:
        d, rb, ind, R, Y, w0, C = self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.C
        src, trace = self.src, self.trace
        # ---- 二、技术构成与发展趋势
        rb.chapter("技术构成与发展趋势")
        top = [b for b in d.branches if b.total > 0][:10]
        rb.section("技术分支构成")
        if top:
            lab = rb.next_figure_label()
            rb.para(
                f"按IPC大组划分，{R}{ind.name}领域专利主要集中在"
                + join_cn([f"{b.group}（{b.total}件，占{pct(b.share)}）" for b in top[:5]])
                + f"等技术分支（见{lab}）。"
            )
            png = charts.hbar(
                [b.group for b in top], [b.total for b in top], "件", f"{w0}—{Y}年专利申请量", decimals=0
            )
            rb.figure(
                Figure(
                    f"{R}{ind.name}领域主要技术分支（IPC大组）",
                    png,
                    source=src,
                    traces=trace("branches", "IPC大组分布"),
                )
            )
        else:
            rb.para(f"{w0}—{Y}年{R}在该领域没有专利申请。")
        rb.section("快速成长的技术分支")
        fast = sorted(
            (b for b in d.branches if b.compare_growth is not None and b.compare_total >= 2 * MIN_BRANCH),
            key=lambda b: -(b.compare_growth or 0),
        )[:8]
        if fast:
            rb.para(
                f"从{C}看，近三年增长最快的技术分支为"
                + join_cn([f"{b.group}（年均{pct(b.compare_growth)}）" for b in fast[:5]])
                + "。"
            )
            rb.table(
                Table(
                    f"{ind.name}领域快速成长技术分支（{Y - 3}—{Y}年）",
                    [
                        Column("IPC大组"),
                        Column(f"{C}年均增长率", "%", "pct"),
                        Column(f"{R}年均增长率", "%", "pct"),
                        Column(f"{R}占比", "%", "pct"),
                        Column(f"{C}占比", "%", "pct"),
                        Column(f"{R}申请量", "件", "int"),
                    ],
                    [[b.group, b.compare_growth, b.growth, b.share, b.compare_share, b.total] for b in fast],
                    source=src,
                    traces=trace("branches", "IPC大组增长率"),
                    note=f"年均增长率为{Y - 3}—{Y}年复合增长率，基年申请量少于{MIN_BRANCH}件的分支不计算"
                    f"；占比为{w0}—{Y}年占该领域的比重。",
                    font_pt=9,
                )
            )
        else:
            rb.para("各技术分支规模较小，暂不计算增长率。")

        self.fast = fast
