"""Chapter 4 动态监测与目标进展: changes on last year, growth rates and plan targets."""

from __future__ import annotations

from ipatlas.fmt import is_num, join_cn, qty
from ipatlas.reports import charts
from ipatlas.reports.document import Column
from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import CHAPTERS, INV_PER_10K
from ipatlas.reports.layout.prose import _fmt_value, _unit, _val, growth_phrase, target_status


class MonitoringChapter(_LayoutBase):
    def monitoring(self) -> None:
        self.rb.chapter(CHAPTERS[3])
        self.rb.section("年度变化监测")
        self._change_figure()
        self._growth_paragraph()
        self.rb.section("规划目标进展")
        self._targets()
        self.step("动态监测")

    def _change_figure(self) -> None:
        """How many units rose or fell in 每万人口发明专利拥有量, and the chart of the changes."""
        rb, Y = self.rb, self.Y
        cur = self.d.unit_values.get(INV_PER_10K, {})
        prev = self.d.unit_previous.get(INV_PER_10K, {})
        names = self.d.unit_names
        deltas = sorted(
            (
                (c, names[c], float(cur[c] or 0) - float(prev[c] or 0))
                for c in names  # type: ignore[operator]
                if is_num(cur.get(c)) and is_num(prev.get(c))
            ),
            key=lambda r: (-r[2], r[0]),
        )
        if deltas:
            up = [d for d in deltas if round(d[2], 2) > 0]
            down = [d for d in deltas if round(d[2], 2) < 0]
            lab = rb.next_figure_label()
            text = (
                f"与{Y - 1}年末相比，{self.scope_name}{len(deltas)}个{self.unit_word}中，"
                f"每万人口发明专利拥有量提高的有"
                f"{len(up)}个，下降的有{len(down)}个"
            )
            if up:
                text += "；增加最多的是" + join_cn([f"{nm}（{qty(dv, '件', 2)}）" for _, nm, dv in up[:3]])
            if down:
                text += (
                    "；下降的有"
                    + join_cn([f"{nm}（{qty(-dv, '件', 2)}）" for _, nm, dv in down[:3]])
                    + ("等" if len(down) > 3 else "")
                )
            rb.para(text + f"（见{lab}）。")
            rb.trace_text("第四章正文", self.unit_trace(INV_PER_10K))
            png = charts.hbar(
                [nm for _, nm, _ in deltas],
                [dv for _, _, dv in deltas],
                "件",
                "较上年增减",
                highlight=[names[c] for c in self.d.focus if c in names],
            )
            self.figure(
                f"{self.scope_name}各{self.unit_word}每万人口发明专利拥有量较上年增减（{Y}年）",
                png,
                self.unit_trace(INV_PER_10K),
            )

    def _growth_paragraph(self) -> None:
        rb, Y = self.rb, self.Y
        growth_ids = [
            i
            for i in (
                "pat_app_growth",
                "inv_app_growth",
                "inv_grant_growth",
                "valid_inv_growth",
                "inv_per_10k_growth",
                "pct_growth",
                "tm_valid_growth",
            )
            if i in self.d.current
        ]
        if growth_ids:
            parts = [
                growth_phrase(self.name(i), v.value)
                for i in growth_ids
                if (v := self.v(i)) is not None and v.ok and v.value is not None
            ]
            if parts:
                rb.para(f"从增长速度看，{Y}年{self.R}" + "，".join(parts) + "。")
                rb.trace_text("第四章正文", self.traces(*growth_ids))

    def _targets(self) -> None:
        """Progress against the plan targets (or why there are none to assess)."""
        rb, Y = self.rb, self.Y
        if not self.d.targets:
            old_plans = [n for n in self.d.notes if n.startswith("已导入的《")]
            rb.para(
                "；".join(old_plans) + "。本节待导入当期规划后逐项给出目标完成度和进度判断。"
                if old_plans
                else f"规划督查台账中尚无{self.R}的规划。在“规划督查”中导入规划（或由分析员提供目标值）后，"
                "本节将逐项给出目标完成度和进度判断。"
            )
            return
        rows = []
        for ind, target in self.d.targets.items():
            current = self.v(ind)
            value = _val(current)
            status, expected, progress = target_status(target, value, Y, self.d.series.get(ind))
            rows.append(
                [self.name(ind), _unit(current), target.value, target.year, value, progress, expected, status]
            )
            if status == "滞后":
                self.suggestions.append(
                    (
                        "加快推进规划目标落实",
                        f"{self.name(ind)}{Y}年为{_fmt_value(current)}，按线性进度应达到"
                        f"{qty(expected, _unit(current), 2)}，进度滞后，需加大工作力度。",
                    )
                )
        lag = [str(r[0]) for r in rows if r[-1] == "滞后"]
        ok = [str(r[0]) for r in rows if r[-1] in ("达标", "按进度")]
        lab = rb.next_table_label()
        text = f"对照规划目标（见{lab}），{len(rows)}项指标中"
        text += f"{len(ok)}项已达标或按进度推进" if ok else "暂无指标按进度推进"
        text += f"，{join_cn(lag)}进度滞后。" if lag else "，没有进度滞后的指标。"
        rb.para(text)
        self.table(
            "规划目标完成情况",
            [
                Column("指标"),
                Column("单位"),
                Column("目标值", kind="float"),
                Column("目标年份", kind="rank"),
                Column(f"{Y}年实际", kind="float"),
                Column("完成度", "%", "pct"),
                Column("按进度应达", kind="float"),
                Column("状态"),
            ],
            rows,
            self.traces(*self.d.targets),
            note="完成度＝（当前值−基期值）÷（目标值−基期值）；按进度应达值与状态同规划督查台账"
            "（线性或复合增长路径，按目标的比较方向）；基期缺省为监测序列首年。",
            font_pt=9.5,
        )
