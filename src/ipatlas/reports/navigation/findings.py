"""Chapters 5–6: strengths and gaps against the comparison area, and early warnings."""

from __future__ import annotations

from ipatlas.fmt import is_num, join_cn, pct
from ipatlas.reports.navigation.base import _NavigationBase
from ipatlas.reports.navigation.data import MIN_BRANCH


class FindingChapters(_NavigationBase):
    def advantages(self) -> None:
        d, rb, R, C, t, ct = self.d, self.rb, self.R, self.C, self.t, self.ct
        # ---- 五、优势与差距
        rb.chapter("比较优势与差距")
        strengths = [
            b
            for b in d.branches
            if b.total >= MIN_BRANCH
            and is_num(b.share)
            and is_num(b.compare_share)
            and (b.compare_share or 0) > 0
            and (b.share or 0) / (b.compare_share or 1) >= 1.2
        ]
        gaps = [
            b
            for b in d.branches
            if b.compare_total >= 2 * MIN_BRANCH
            and is_num(b.compare_share)
            and (b.compare_share or 0) > 0
            and (b.share or 0) / (b.compare_share or 1) < 0.8
        ]
        strengths.sort(key=lambda b: -((b.share or 0) / (b.compare_share or 1)))
        gaps.sort(key=lambda b: -(b.compare_total))
        rb.section("优势技术分支")
        if d.compare is None and ct["applications"] == t["applications"]:
            rb.para("比较区域与分析区域的数据相同，本节以分析区域内部结构说明。")
        if strengths:
            rb.para(
                f"与{C}相比，{R}在"
                + join_cn(
                    [f"{b.group}（占比{pct(b.share)}，{C}{pct(b.compare_share)}）" for b in strengths[:5]]
                )
                + "等分支的比重明显较高，具有相对优势。"
            )
        else:
            rb.para(f"与{C}相比，{R}暂无比重明显较高的技术分支。")
        rb.section("差距与短板")
        if gaps:
            rb.para(
                f"{C}的重要分支中，{R}在"
                + join_cn([f"{b.group}（{R}{pct(b.share)}，{C}{pct(b.compare_share)}）" for b in gaps[:5]])
                + "等分支比重偏低，存在布局短板。"
            )
        else:
            rb.para(f"{R}在{C}的主要技术分支上比重均不低于其0.8倍，未发现明显短板。")

        self.strengths, self.gaps = strengths, gaps

    def warnings(self) -> None:
        d, rb, R, C, t, ct = self.d, self.rb, self.R, self.C, self.t, self.ct
        fast = self.fast
        # ---- 六、预警提示
        rb.chapter("预警提示")
        warnings: list[str] = []
        ctotal = ct["applications"] or 0
        if d.compare_applicants and ctotal:
            leader = d.compare_applicants[0]
            share = leader.applications / ctotal
            top5_share = sum(a.applications for a in d.compare_applicants[:5]) / ctotal
            if share >= 0.2 or top5_share >= 0.5:
                warnings.append(
                    f"竞争主体集中：{C}该领域申请量最多的{leader.name}占{pct(share)}，前5位申请人合计占{pct(top5_share)}，"
                    "技术资源集中于少数主体，需关注其专利布局对本地企业的制约风险。"
                )
            outside = [a for a in d.compare_applicants[:5] if not a.in_region]
            if outside:
                warnings.append(
                    "区外竞争者："
                    + join_cn([f"{a.name}（{a.applications}件）" for a in outside[:3]])
                    + f"在{C}该领域申请量居前，应跟踪其技术动向。"
                )
        if d.applicants and t["applications"]:
            local = d.applicants[0].applications / (t["applications"] or 1)
            if local >= 0.3:
                warnings.append(
                    f"本地依赖单一主体：{d.applicants[0].name}占{R}该领域申请量的{pct(local)}，创新主体多元化不足。"
                )
        if fast:
            weak_fast = [b for b in fast if (b.share or 0) < (b.compare_share or 0)]
            if weak_fast:
                warnings.append(
                    "快速成长分支布局不足："
                    + join_cn([b.group for b in weak_fast[:3]])
                    + f"等分支在{C}增长较快，但{R}比重低于比较区域，应加快前瞻布局。"
                )
        if not warnings:
            warnings.append("未发现需要预警的竞争主体集中或快速成长分支布局不足情况。")
        for i, w in enumerate(warnings, start=1):
            rb.para(w, lead=f"{i}．")
