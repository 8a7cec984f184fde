"""Chapter 6 综合评价与匹配: the composite ranking and the coupling-coordination match."""

from __future__ import annotations

from ipatlas.evaluate.assessment import UnitAssessment
from ipatlas.fmt import is_num, join_cn, num
from ipatlas.reports import charts
from ipatlas.reports.data import Evaluation
from ipatlas.reports.document import Column
from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import CHAPTERS
from ipatlas.reports.layout.prose import _interval


class EvaluationChapter(_LayoutBase):
    def evaluation(self) -> None:
        rb = self.rb
        rb.chapter(CHAPTERS[5])
        ev = self.d.evaluation
        if ev is None or not ev.units:
            rb.para(
                "综合评价结果暂不可用："
                + ("；".join(ev.notes) if ev and ev.notes else "评价模块尚未产生结果。")
            )
            self.step("综合评价")
            return
        rb.section("知识产权区域布局综合评价")
        self._ranking(ev)
        rb.section("知识产权与创新、产业资源匹配")
        coord = [u for u in ev.units if is_num(u.coordination)]
        if coord:
            self._match(ev, coord)
        else:
            rb.para("耦合协调度结果暂不可用。" + "；".join(ev.notes))
        self.step("综合评价")

    def _ranking(self, ev: Evaluation) -> None:
        """The composite ranking with its uncertainty intervals: paragraph, figure and table."""
        rb, Y = self.rb, self.Y
        scored = sorted((u for u in ev.units if u.rank is not None), key=lambda u: u.rank or 0)
        if not scored:
            return
        lab = rb.next_figure_label()
        top = scored[:3]
        text = (
            f"采用{ev.method or '综合指数法'}对{self.scope_name}{len(scored)}个{self.unit_word}"
            f"进行综合评价，" + "居前三位的是" + join_cn([f"{u.name}（{num(u.score, 2)}分）" for u in top])
        )
        stable = [
            u
            for u in scored[:10]
            if u.rank_low is not None and u.rank_high is not None and (u.rank_high - u.rank_low) <= 2
        ]
        if stable:
            text += (
                f"；不确定性分析表明，{join_cn([u.name for u in stable[:5]])}"
                "的排名较为稳健（排名区间不超过2位）"
            )
        rb.para(text + f"（见{lab}）。")
        rb.trace_text("第六章正文", ev.traces)
        png = charts.interval_ranks(
            [u.name for u in scored],
            [u.rank for u in scored],
            [u.rank_low for u in scored],
            [u.rank_high for u in scored],
        )
        self.figure(
            f"{self.scope_name}各{self.unit_word}知识产权区域布局综合评价排名及不确定性区间（{Y}年）",
            png,
            ev.traces,
            note="排名区间为蒙特卡洛不确定性分析（权重、标准化与加总方法扰动）的5%—95%分位。",
        )
        self.table(
            f"{self.scope_name}各{self.unit_word}综合评价结果（{Y}年）",
            [
                Column("排名", kind="rank"),
                Column(self.unit_word),
                Column("综合得分", kind="float"),
                Column("排名区间"),
                Column("协调等级"),
                Column("匹配类型"),
            ],
            [
                [
                    u.rank,
                    u.name,
                    u.score,
                    _interval(u.rank_low, u.rank_high),
                    u.band or None,
                    u.match_type or None,
                ]
                for u in scored
            ],
            ev.traces,
            font_pt=9,
        )

    def _match(self, ev: Evaluation, coord: list[UnitAssessment]) -> None:
        """Coupling coordination of the IP, innovation and industry subsystems and the match types."""
        rb, Y = self.rb, self.Y
        bands: dict[str, int] = {}
        types: dict[str, list[str]] = {}
        for u in coord:
            if u.band:
                bands[u.band] = bands.get(u.band, 0) + 1
            if u.match_type:
                types.setdefault(u.match_type, []).append(u.name)
        mean_d = sum(u.coordination or 0 for u in coord) / len(coord)
        lab = rb.next_figure_label()
        text = (
            f"知识产权、创新与产业三个子系统的耦合协调度平均为{num(mean_d, 3)}；"
            + "，".join(f"{b}{n}个" for b, n in sorted(bands.items(), key=lambda kv: -kv[1]))
            + "。"
        )
        if types:
            text += (
                "从匹配类型看，"
                + "；".join(
                    f"{t}{len(v)}个（{join_cn(v[:4])}{'等' if len(v) > 4 else ''}）" for t, v in types.items()
                )
                + f"（见{lab}）。"
            )
        rb.para(text)
        rb.trace_text("第六章正文", ev.traces)
        pts = [u for u in coord if is_num(u.ip_index) and is_num(u.industry_index)]
        if pts:
            png = charts.scatter_types(
                [u.industry_index for u in pts],
                [u.ip_index for u in pts],
                [u.name for u in pts],
                [u.match_type or "未分类" for u in pts],
                "产业子系统指数",
                "知识产权子系统指数",
            )
            self.figure(
                f"{self.scope_name}各{self.unit_word}知识产权与产业发展匹配类型（{Y}年）",
                png,
                ev.traces,
                note="虚线为两子系统同步发展线；线上方知识产权发展相对超前，线下方相对滞后。",
            )
        demand = types.get("需求型", [])
        if demand:
            self.suggestions.append(
                (
                    "补齐知识产权支撑短板",
                    f"{join_cn(demand[:5])}等{self.unit_word}产业和创新资源对知识产权需求较大而供给不足，"
                    "应加强专利导航、高价值专利培育和知识产权服务供给。",
                )
            )
        self._match_table(ev, coord)

    def _match_table(self, ev: Evaluation, coord: list[UnitAssessment]) -> None:
        Y = self.Y
        self.table(
            f"{self.scope_name}各{self.unit_word}知识产权与创新、产业资源耦合协调度（{Y}年）",
            [
                Column(self.unit_word),
                Column("知识产权子系统", kind="float"),
                Column("创新子系统", kind="float"),
                Column("产业子系统", kind="float"),
                Column("耦合度C", kind="float"),
                Column("协调度D", kind="float"),
                Column("协调等级"),
                Column("匹配类型"),
            ],
            [
                [
                    u.name,
                    u.ip_index,
                    u.innovation_index,
                    u.industry_index,
                    u.coupling,
                    u.coordination,
                    u.band,
                    u.match_type,
                ]
                for u in sorted(coord, key=lambda u: -(u.coordination or 0))
            ],
            ev.traces,
            font_pt=8.5,
        )
