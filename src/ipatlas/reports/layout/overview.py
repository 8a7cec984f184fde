"""Chapter 1 总体态势: the headline stock, the year's flows, the key table and the trend."""

from __future__ import annotations

from ipatlas.fmt import cagr, change_phrase, is_num, pct, qty, rank_phrase
from ipatlas.reports import charts
from ipatlas.reports.data import Target, Value
from ipatlas.reports.document import Column, Num
from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import (
    APPS,
    CHAPTERS,
    GI_TOTAL,
    GRANTS,
    INV_GRANTS,
    INV_PER_10K,
    KEY_TABLE,
    PCT,
    TM_PER_ENTITIES,
    TM_VALID,
    VALID_INV,
)
from ipatlas.reports.layout.prose import PROSE_UNITS, _fmt_value, _unit, _val, target_status


class OverviewChapter(_LayoutBase):
    def overview(self) -> None:
        self.rb.chapter(CHAPTERS[0])
        self.rb.section("主要指标概况")
        self._overview_lead()
        self._flows_paragraph()
        self._trademark_paragraph()
        self._key_table()
        self.rb.section("发展趋势")
        self._trend()
        self.step("总体态势")

    def _overview_lead(self) -> None:
        """有效发明专利 and 每万人口发明专利拥有量: the change, the rank in scope, the target."""
        rb, R, Y = self.rb, self.R, self.Y
        inv, inv_prev = self.v(INV_PER_10K), self.v(INV_PER_10K, True)
        valid = self.v(VALID_INV)
        sentence = f"截至{Y}年末，{R}有效发明专利{_fmt_value(valid)}"
        sentence += f"，每万人口发明专利拥有量{_fmt_value(inv)}"
        if inv is not None and inv.ok:
            unit = PROSE_UNITS.get(inv.unit, inv.unit) or "件"
            sentence += f"，{change_phrase(inv.value, _val(inv_prev), unit, 2)}"
        if self.d.region.level == "county" and self.d.region.code in self.d.unit_names:
            rank, total = self.rank_of(self.d.region.code, INV_PER_10K)
            phrase = rank_phrase(rank, total, self.scope_name)
            if phrase:
                sentence += f"，{phrase}"
        sentence += "。"
        target = self.d.targets.get(INV_PER_10K)
        if target is not None and inv is not None and inv.ok:
            sentence += self.target_phrase(target, inv)
        rb.para(sentence)
        rb.trace_text("第一章正文", self.traces(VALID_INV, INV_PER_10K))
        if inv is not None and inv.ok:
            self.findings.append(
                f"{Y}年末{R}每万人口发明专利拥有量{_fmt_value(inv)}，"
                f"{change_phrase(inv.value, _val(inv_prev), PROSE_UNITS.get(inv.unit) or '件', 2)}。"
            )

    def _flows_paragraph(self) -> None:
        """The year's applications, grants and PCT applications."""
        rb, R, Y = self.rb, self.R, self.Y
        apps, grants, inv_grants, pct_ = self.v(APPS), self.v(GRANTS), self.v(INV_GRANTS), self.v(PCT)
        parts = []
        if apps is not None and apps.ok:
            parts.append(
                f"专利申请{_fmt_value(apps)}，{change_phrase(apps.value, _val(self.v(APPS, True)), '件')}"
            )
        if grants is not None and grants.ok:
            g = f"专利授权{_fmt_value(grants)}"
            if inv_grants is not None and inv_grants.ok:
                g += (
                    f"，其中发明专利授权{_fmt_value(inv_grants)}，"
                    f"{change_phrase(inv_grants.value, _val(self.v(INV_GRANTS, True)), '件')}"
                )
            parts.append(g)
        if pct_ is not None and pct_.ok:
            parts.append(
                f"PCT国际专利申请{_fmt_value(pct_)}"
                f"，{change_phrase(pct_.value, _val(self.v(PCT, True)), '件')}"
            )
        if parts:
            rb.para(f"{Y}年，{R}" + "；".join(parts) + "。")
            rb.trace_text("第一章正文", self.traces(APPS, GRANTS, INV_GRANTS, PCT))

    def _trademark_paragraph(self) -> None:
        """Trademarks and geographical indications, when those tables are imported."""
        rb, R, Y = self.rb, self.R, self.Y
        tm = self.v(TM_VALID) if self.d.imported("trademarks") else None
        tm_ent = self.v(TM_PER_ENTITIES) if self.d.imported("trademarks") else None
        gi = self.v(GI_TOTAL) if self.d.imported("gi") else None
        tparts = []
        if tm is not None and tm.ok:
            tparts.append(f"有效注册商标{_fmt_value(tm)}")
        if tm_ent is not None and tm_ent.ok:
            tparts.append(f"{self.name(TM_PER_ENTITIES)}{_fmt_value(tm_ent)}")
        if gi is not None and gi.ok:
            tparts.append(f"地理标志{_fmt_value(gi)}")
        if tparts:
            rb.para(f"商标和地理标志方面，截至{Y}年末，{R}" + "，".join(tparts) + "。")
            rb.trace_text("第一章正文", self.traces(TM_VALID, TM_PER_ENTITIES, GI_TOTAL))

    def _key_table(self) -> None:
        """The main indicators, this year against last."""
        rb, R, Y = self.rb, self.R, self.Y
        rows = []
        skip = set()
        if not self.d.imported("trademarks"):
            skip |= {TM_VALID, TM_PER_ENTITIES}
        if not self.d.imported("gi"):
            skip.add(GI_TOTAL)
        ids = [i for i in KEY_TABLE if i in self.d.current and i not in skip]
        for i in ids:
            cur, prev = self.v(i), self.v(i, True)
            c, p = _val(cur), _val(prev)
            delta = c - p if c is not None and p is not None else None
            growth = delta / p if delta is not None and p else None
            d = (
                0
                if _unit(cur) in ("件", "个", "项", "户")
                and all(x is None or float(x).is_integer() for x in (c, p))
                else 2
            )
            rows.append([self.name(i), _unit(cur), Num(p, d), Num(c, d), Num(delta, d), growth])
        if rows:
            lab = rb.next_table_label()
            rb.para(f"{R}主要知识产权指标见{lab}。")
            self.table(
                f"{R}主要知识产权指标（{Y - 1}—{Y}年）",
                [
                    Column("指标"),
                    Column("单位"),
                    Column(f"{Y - 1}年", kind="float"),
                    Column(f"{Y}年", kind="float"),
                    Column("增减", kind="float"),
                    Column("增长率", "%", "pct"),
                ],
                rows,
                self.traces(*ids),
                note="存量指标为年末数，流量指标为全年数；“—”表示数据暂缺。",
            )

    def _trend(self) -> None:
        """The 每万人口发明专利拥有量 and 有效发明专利 series since the first year with data."""
        rb, R, Y = self.rb, self.R, self.Y
        inv, valid = self.v(INV_PER_10K), self.v(VALID_INV)
        years = self.d.years
        s_inv = self.d.series.get(INV_PER_10K, {})
        s_valid = self.d.series.get(VALID_INV, {})
        if any(is_num(s_inv.get(y)) for y in years):
            first_year = next(y for y in years if is_num(s_inv.get(y)))
            a, b = s_inv.get(first_year), s_inv.get(Y)
            rate = cagr(a, b, Y - first_year, min_base=0.0)  # a ratio: the small-base rule is for counts
            lab = self.rb.next_figure_label()
            text = (
                f"{first_year}—{Y}年，{R}每万人口发明专利拥有量由{qty(a, '件', 2)}变为{qty(b, '件', 2)}"
                + (f"，年均增长{pct(rate)}" if rate is not None else "")
                + f"（见{lab}）。"
            )
            rb.para(text)
            target = self.d.targets.get(INV_PER_10K)
            png = charts.bar_line(
                years,
                [s_inv.get(y) for y in years],
                self.name(INV_PER_10K, "每万人口发明专利拥有量"),
                _unit(inv, "件"),
                [s_valid.get(y) for y in years] if s_valid else None,
                self.name(VALID_INV, "有效发明专利"),
                _unit(valid, "件"),
                target=(target.year, target.value) if target else None,
            )
            self.figure(
                f"{years[0]}—{Y}年{R}每万人口发明专利拥有量与有效发明专利",
                png,
                self.traces(f"series:{INV_PER_10K}", f"series:{VALID_INV}") or self.traces(INV_PER_10K),
            )

    def target_phrase(self, target: Target, current: Value) -> str:
        status, expected, progress = target_status(
            target, current.value, self.Y, self.d.series.get(target.indicator_id)
        )
        unit = PROSE_UNITS.get(current.unit, current.unit) or ""
        text = f"对照{target.source or '规划'}提出的到{target.year}年达到{qty(target.value, unit, 2)}的目标，"
        if status == "达标":
            return text + "已提前达到目标。"
        gap = target.value - (current.value or 0)
        text += f"目标完成度为{pct(progress)}，尚差{qty(gap, unit, 2)}"
        if expected is not None:
            text += (
                f"，按线性进度{self.Y}年应达到{qty(expected, unit, 2)}"
                f"，进度{'正常' if status == '按进度' else '滞后'}"
            )
        return text + "。"
