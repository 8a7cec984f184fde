"""The annual 知识产权区域布局分析报告 (regional IP layout analysis report).

:func:`build_layout` turns :class:`~ipatlas.reports.data.LayoutData` into a format-neutral
:class:`~ipatlas.reports.document.Report` with seven numbered chapters and an appendix that
traces every figure to the cube query behind it. Prose is generated from the same values the
tables print, formatted the same way, so a number in the text always equals the table and the
cube.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.evaluate.assessment import UnitAssessment
from ipatlas.fmt import cagr, change_phrase, is_num, join_cn, num, pct, qty, rank_phrase
from ipatlas.plans.supervision.targets import evaluate_plain_target
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.reports import charts, wording
from ipatlas.reports.data import Evaluation, IndustryRow, LayoutData, Target, Value
from ipatlas.reports.document import Column, Figure, Num, Report, ReportBuilder, Table, Trace
from ipatlas.reports.maps import MapSpec, draw_map
from ipatlas.reports.wording import concentration_sentence

CHAPTERS = (
    "总体态势",
    "资源分析",
    "空间分布",
    "动态监测与目标进展",
    "产业布局",
    "综合评价与匹配",
    "结论与建议",
)

# Indicator ids of the catalogue (src/ipatlas/indicators/catalog.yaml) the report reads.
INV_PER_10K = "inv_per_10k_pop"
HV_PER_10K = "hv_inv_per_10k_pop"
VALID_INV = "pat_valid_invention"
APPS = "pat_app_total"
APPS_BY_KIND = {"发明": "pat_app_invention", "实用新型": "pat_app_utility", "外观设计": "pat_app_design"}
GRANTS = "pat_grant_total"
INV_GRANTS = "pat_grant_invention"
PCT = "pct_app"
TM_VALID = "tm_valid"
TM_PER_ENTITIES = "tm_per_10k_entities"
GI_TOTAL = "gi_total"
INV_APP_SHARE = "invention_app_share"
APPLICANT_SHARES = {
    "企业": "share_enterprise",
    "高校": "share_university",
    "科研院所": "share_institute",
    "机关团体": "share_government",
    "个人": "share_individual",
}
TOP10_SHARE = "top10_applicant_share"
HHI = "applicant_hhi"
KEY_TABLE = (
    APPS,
    "pat_app_invention",
    GRANTS,
    INV_GRANTS,
    VALID_INV,
    INV_PER_10K,
    HV_PER_10K,
    PCT,
    TM_VALID,
    TM_PER_ENTITIES,
    GI_TOTAL,
)

CUBE_SOURCE = "ipatlas 指标立方体（见附录“指标说明与数据溯源”）"


def _val(v: Value | None) -> float | None:
    return v.value if v is not None and is_num(v.value) else None


def _unit(v: Value | None, default: str = "") -> str:
    return v.unit if v is not None and v.unit else default


# Units of the catalogue that read as a plain count in Chinese prose ("12.34件").
PROSE_UNITS = {"件/万人": "件", "件/万户": "件", "件/亿元": "件", "件": "件", "个": "个", "项": "项"}


def _fmt_value(v: Value | None, decimals: int | None = None) -> str:
    """A cube figure in prose, rounded the way the tables print it (percent units keep one decimal)."""
    if v is None or not v.ok:
        return "暂无数据"
    return fmt_indicator(v.value, v.unit, decimals)


def fmt_indicator(value: float | None, unit: str, decimals: int | None = None) -> str:
    if not is_num(value) or value is None:
        return "暂无数据"
    if unit == "%":
        return f"{value:.1f}%"
    prose = PROSE_UNITS.get(unit)
    if prose is not None:
        if decimals is None:
            decimals = 2 if "/" in unit or not float(value).is_integer() else 0
        return qty(value, prose, decimals)
    if unit.startswith("0–") or unit.startswith("0-"):
        return num(value, 0)
    return f"{num(value, 2 if decimals is None else decimals)}{unit}"


def growth_phrase(name: str, value: float) -> str:
    """ "专利申请量同比增长" and -1.5 → "专利申请量同比下降1.5%"."""
    base = name
    for suffix in ("同比增长率", "同比增长", "增长率", "增速"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    if round(value, 1) == 0:
        return f"{base}与上年持平"
    if value < 0:
        return f"{base}同比下降{abs(value):.1f}%"
    return f"{base}同比增长{value:.1f}%（增速{wording.growth(value).word}）"


class _Layout:
    def __init__(self, data: LayoutData, progress: ProgressCallback) -> None:
        self.d = data
        self.progress = progress
        self.done = 0
        r = data.region
        self.R = r.name
        self.Y = data.year
        self.scope_name = data.scope.name
        self.unit_word = "区县" if all(u.level == "county" for u in data.units) else "地区"
        title = "知识产权区域布局分析报告"
        self.rb = ReportBuilder(
            f"{self.R}{title}",
            f"（{self.Y}年度）",
            organisation=data.organisation,
            is_demo=data.is_demo,
            kind="layout",
        )
        self.rb.report.header_text = f"{self.R}{title}（{self.Y}年度）"
        self.rb.report.cover_lines = [f"数据截至{self.Y}年12月31日"]
        self.rb.report.meta = {"region": r.code, "region_name": r.name, "year": self.Y}
        self.findings: list[str] = []
        self.suggestions: list[tuple[str, str]] = []

    # ---- helpers ---------------------------------------------------------------------------
    def step(self, label: str) -> None:
        self.done += 1
        self.progress(self.done, 12, label)

    def v(self, indicator_id: str, previous: bool = False) -> Value | None:
        return self.d.value(indicator_id, previous=previous)

    def name(self, indicator_id: str, default: str = "") -> str:
        v = self.v(indicator_id)
        if v is not None and v.name:
            return v.name
        return str(self.d.catalog.get(indicator_id, {}).get("name", default or indicator_id))

    def traces(self, *ids: str) -> list[Trace]:
        out: list[Trace] = []
        for i in ids:
            out.extend(self.d.trace(i))
        return out

    def unit_trace(self, indicator_id: str) -> list[Trace]:
        t = self.d.traces.get(f"units:{indicator_id}")
        return [t] if t else []

    def source(self, extra: str = "") -> str:
        parts = [CUBE_SOURCE]
        if extra:
            parts.append(extra)
        if self.d.is_demo:
            parts.append(DEMO_LABEL)
        return "；".join(parts)

    def figure(
        self,
        title: str,
        png: bytes,
        traces: list[Trace],
        note: str = "",
        source: str = "",
        width_cm: float = 15.0,
    ) -> Figure:
        return self.rb.figure(
            Figure(title, png, source=source or self.source(), note=note, traces=traces, width_cm=width_cm)
        )

    def table(
        self,
        title: str,
        columns: list[Column],
        rows: list[list[Any]],
        traces: list[Trace],
        note: str = "",
        source: str = "",
        font_pt: float = 10.5,
    ) -> Table:
        return self.rb.table(
            Table(
                title,
                columns,
                rows,
                source=source or self.source(),
                note=note,
                traces=traces,
                font_pt=font_pt,
            )
        )

    def ranked_units(self, indicator_id: str, *, previous: bool = False) -> list[tuple[str, str, float]]:
        values = (self.d.unit_previous if previous else self.d.unit_values).get(indicator_id, {})
        names = self.d.unit_names
        rows = [
            (c, names.get(c, c), float(v))
            for c, v in values.items()
            if v is not None and is_num(v) and c in names
        ]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    def rank_of(self, code: str, indicator_id: str) -> tuple[int | None, int]:
        ranked = self.ranked_units(indicator_id)
        for i, (c, _, _) in enumerate(ranked, start=1):
            if c == code:
                return i, len(ranked)
        return None, len(ranked)

    # ---- chapter 1 ---------------------------------------------------------------------------
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

    # ---- chapter 2 ---------------------------------------------------------------------------
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

    # ---- chapter 3 ---------------------------------------------------------------------------
    def spatial(self) -> None:
        rb = self.rb
        rb.chapter(CHAPTERS[2])
        rb.section(f"{self.unit_word}分布格局")
        ranked = self.ranked_units(INV_PER_10K)
        unit_word = self.unit_word
        if not ranked:
            rb.para(f"暂无{self.scope_name}各{unit_word}的每万人口发明专利拥有量数据。")
            self.step("空间分布")
            return
        self._distribution_paragraph(ranked)
        self._concentration_paragraph()
        self._unit_map()
        self._units_table(ranked)
        self._clusters()
        self.step("空间分布")

    def _distribution_paragraph(self, ranked: list[tuple[str, str, float]]) -> None:
        """Top three, lowest, max/min ratio and units above the mean of 每万人口发明专利拥有量."""
        rb, Y = self.rb, self.Y
        unit_word = self.unit_word
        n = len(ranked)
        top3 = ranked[:3]
        bottom = ranked[-1]
        mean_v = _val(self.d.current.get(INV_PER_10K)) if self.d.region.code == self.d.scope.code else None
        lab_fig = rb.next_figure_label()
        text = (
            f"从{unit_word}分布看，{Y}年末{self.scope_name}{n}个{unit_word}中，每万人口发明专利拥有量居前三位的是"
            + join_cn([f"{nm}（{qty(v, '件', 2)}）" for _, nm, v in top3])
            + f"，最低的是{bottom[1]}（{qty(bottom[2], '件', 2)}）"
        )
        if bottom[2] > 0:
            text += f"，最高值是最低值的{ranked[0][2] / bottom[2]:.1f}倍"
        if mean_v is not None:
            above = sum(1 for _, _, v in ranked if v > mean_v)
            text += f"；高于全域平均水平（{qty(mean_v, '件', 2)}）的{unit_word}有{above}个"
        text += f"（见{lab_fig}）。"
        rb.para(text)
        rb.trace_text("第三章正文", self.unit_trace(INV_PER_10K))
        if bottom[2] > 0 and ranked[0][2] / bottom[2] >= 5:
            self.findings.append(
                f"区域发展不平衡，{ranked[0][1]}每万人口发明专利拥有量是{bottom[1]}的"
                f"{ranked[0][2] / bottom[2]:.1f}倍。"
            )

    def _concentration_paragraph(self) -> None:
        """The share of 有效发明专利 held by the top five units."""
        rb = self.rb
        unit_word = self.unit_word
        valid_ranked = self.ranked_units(VALID_INV)
        total_valid = sum(v for _, _, v in valid_ranked)
        if valid_ranked and total_valid > 0:
            k = min(5, len(valid_ranked))
            top_share = sum(v for _, _, v in valid_ranked[:k]) / total_valid
            rb.para(
                f"从总量看，有效发明专利最多的{k}个{unit_word}"
                f"（{join_cn([nm for _, nm, _ in valid_ranked[:k]])}）"
                f"合计占{self.scope_name}的{pct(top_share)}，"
                + concentration_sentence(top_share, k, len(valid_ranked), unit_word)
                + "。"
            )
            rb.trace_text("第三章正文", self.unit_trace(VALID_INV))

    def _unit_map(self) -> None:
        Y = self.Y
        unit_word = self.unit_word
        spec = MapSpec(
            title=f"{self.scope_name}各{unit_word}每万人口发明专利拥有量（{Y}年）",
            unit=_unit(self.v(INV_PER_10K), "件"),
            source=f"ipatlas 指标立方体 {INV_PER_10K}",
            is_demo=self.d.is_demo,
            highlight=tuple(self.d.focus),
            width_cm=16,
            height_cm=14,
        )
        png = draw_map(self.d.geometries, self.d.unit_values.get(INV_PER_10K, {}), self.d.unit_names, spec)
        self.figure(
            f"{self.scope_name}各{unit_word}每万人口发明专利拥有量空间分布（{Y}年）",
            png,
            self.unit_trace(INV_PER_10K),
            note="分级采用自然断点法（Fisher-Jenks）。",
            width_cm=15,
        )

    def _units_table(self, ranked: list[tuple[str, str, float]]) -> None:
        Y = self.Y
        unit_word = self.unit_word
        prev = self.d.unit_previous.get(INV_PER_10K, {})
        valid_vals = self.d.unit_values.get(VALID_INV, {})
        app_vals = self.d.unit_values.get(APPS, {})
        rows = []
        for i, (code, nm, v) in enumerate(ranked, start=1):
            p = prev.get(code)
            rows.append(
                [
                    i,
                    nm,
                    v,
                    (v - p) if p is not None and is_num(p) else None,
                    valid_vals.get(code),
                    app_vals.get(code),
                ]
            )
        self.table(
            f"{self.scope_name}各{unit_word}主要知识产权指标（{Y}年）",
            [
                Column("排名", kind="rank"),
                Column(unit_word),
                Column("每万人口发明专利拥有量", "件", "float"),
                Column("较上年增减", "件", "float"),
                Column("有效发明专利", "件", "int"),
                Column("专利申请量", "件", "int"),
            ],
            rows,
            self.unit_trace(INV_PER_10K) + self.unit_trace(VALID_INV) + self.unit_trace(APPS),
            font_pt=9,
        )

    def _clusters(self) -> None:
        """空间集聚特征: global Moran's I, LISA hot and cold spots and their map."""
        rb, Y = self.rb, self.Y
        unit_word = self.unit_word
        ev = self.d.evaluation
        if ev is None or not any(u.lisa for u in ev.units):
            return
        rb.section("空间集聚特征")
        hh = [u.name for u in ev.units if u.lisa == "HH"]
        ll = [u.name for u in ev.units if u.lisa == "LL"]
        text = ""
        if is_num(ev.moran_i):
            sig = ev.moran_p is not None and ev.moran_p < 0.05
            text += f"全局莫兰指数I为{num(ev.moran_i, 3)}（伪p值{num(ev.moran_p, 3)}），" + (
                "在5%水平上显著，表明各区县"
                + (
                    "呈显著的空间正相关，高值与高值、低值与低值趋于集聚。"
                    if (ev.moran_i or 0) > 0
                    else "呈空间负相关。"
                )
                if sig
                else "未通过5%水平的显著性检验，空间分布总体呈随机格局。"
            )
        text += (
            f"局部空间自相关（LISA）分析显示，高-高集聚的热点{unit_word}为{join_cn(hh)}"
            if hh
            else f"局部空间自相关（LISA）分析未发现显著的高-高集聚热点{unit_word}"
        )
        text += f"；低-低集聚的冷点{unit_word}为{join_cn(ll)}。" if ll else "。"
        rb.para(text)
        rb.trace_text("第三章正文", ev.traces)
        spec = MapSpec(
            title=f"{self.scope_name}每万人口发明专利拥有量LISA集聚图（{Y}年）",
            source="局部莫兰指数（后式邻接：共边或共点即为相邻；999次置换检验，伪p值<0.05）",
            is_demo=self.d.is_demo,
            categories={u.code: _lisa_label(u.lisa) for u in ev.units if u.lisa},
            category_colors={_lisa_label(k): c for k, c in LISA_COLORS.items()},
            legend_title="集聚类型",
        )
        png = draw_map(self.d.geometries, {}, self.d.unit_names, spec)
        self.figure(
            f"{self.scope_name}每万人口发明专利拥有量局部空间集聚（{Y}年）",
            png,
            ev.traces,
            note=f"方法：{spec.source}",
            width_cm=15,
        )
        if hh:
            self.findings.append(
                f"{join_cn(hh)}形成显著的高值集聚区，是{self.scope_name}知识产权创造的核心区域。"
            )

    # ---- chapter 4 ---------------------------------------------------------------------------
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

    # ---- chapter 5 ---------------------------------------------------------------------------
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

    # ---- chapter 6 ---------------------------------------------------------------------------
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

    # ---- chapter 7 ---------------------------------------------------------------------------
    def conclusions(self) -> None:
        rb = self.rb
        rb.chapter(CHAPTERS[6])
        rb.section("主要结论")
        if not self.findings:
            self.findings.append("现有数据不足以形成结论，建议补充数据后重新生成报告。")
        for i, f in enumerate(self.findings, start=1):
            rb.para(f, lead=f"{'一二三四五六七八九十'[i - 1] if i <= 10 else i}是")
        rb.section("对策建议")
        defaults = [
            (
                "完善知识产权资源动态监测",
                "依托知识产权资源布局信息平台，按年度更新数据，跟踪重点指标和规划目标进展，"
                "定期发布区域布局分析报告和导向目录。",
            ),
        ]
        seen: set[str] = set()
        items = [s for s in [*self.suggestions, *defaults] if not (s[0] in seen or seen.add(s[0]))]  # type: ignore[func-returns-value]
        for title, text in items:
            rb.subsection(title)
            rb.para(text)
        self.step("结论与建议")

    # ---- appendix ----------------------------------------------------------------------------
    def appendix(self) -> None:
        rb = self.rb
        rb.chapter("附录　指标说明与数据溯源", numbered=False)
        rb.para(
            "本报告所有数值均由 ipatlas 指标立方体和评价模型计算，"
            "口径以平台“数据管理”中的指标目录为准。"
            "附表1说明所用指标的定义与来源，附表2列出每一图表和正文数据的出处，"
            "可在平台“指标明细”页面按同一地区和年份查看数值及其明细记录。"
        )
        defs: dict[str, list[str]] = {}
        for _, t in rb.traces:
            if t.indicator_id in defs:
                continue
            cat = self.d.catalog.get(t.indicator_id, {})
            defs[t.indicator_id] = [
                cat.get("name") or t.name,
                t.unit,
                t.definition or cat.get("definition", ""),
                t.source,
            ]
        demo = f"；{DEMO_LABEL}" if self.d.is_demo else ""
        rb.table(
            Table(
                "指标定义与来源",
                [
                    Column("指标名称", width=20),
                    Column("单位", width=8),
                    Column("定义与统计口径", width=44),
                    Column("定义来源", width=28),
                ],
                list(defs.values()),
                source="平台指标目录" + demo,
                font_pt=7.5,
            )
        )
        seen: set[tuple[str, str]] = set()
        rows = []
        for where, t in rb.traces:
            if (where, t.query) in seen:
                continue
            seen.add((where, t.query))
            rows.append([where, t.name or t.indicator_id, provenance(t)])
        rb.table(
            Table(
                "图表与正文数据的查询",
                [
                    Column("位置", width=13),
                    Column("指标", width=22),
                    Column("数据出处", width=65),
                ],
                rows,
                source="平台指标数据" + demo,
                font_pt=7.5,
            )
        )
        for note in self.d.notes:
            rb.para(note, kind="note")
        if self.d.is_demo:
            rb.para(
                f"本报告数据为 ipatlas 生成的{DEMO_LABEL}，仅用于演示平台功能，不代表任何地区的真实情况。",
                kind="note",
            )

    def build(self) -> Report:
        for step in (
            self.overview,
            self.resources,
            self.spatial,
            self.monitoring,
            self.industry,
            self.evaluation,
            self.conclusions,
            self.appendix,
        ):
            step()
        return self.rb.build()


def provenance(t: Any) -> str:
    """Where a figure comes from, in words (the command behind it stays in the report's JSON)."""
    import re as _re

    q = t.query or ""
    parts = []
    if m := _re.search(r"--region (\S+)", q):
        parts.append(f"地区代码 {m.group(1)}")
    if m := _re.search(r"--parent (\S+)", q):
        parts.append(f"{m.group(1)} 的下级区域")
    if m := _re.search(r"--year (\d{4})", q):
        parts.append(f"{m.group(1)} 年")
    if "series" in q:
        parts.append("历年序列")
    if "ranking" in q:
        parts.append("区域排名")
    if "industry" in q or "wipo" in q:
        parts.append("按技术领域")
    if not q.startswith("ipatlas"):
        return "资源库记录的统计（平台“专利清单”可按同一条件查询）"
    return "平台指标数据：" + "，".join(parts or ["全部地区"]) + "（“指标明细”页面可查看明细记录）"


LISA_COLORS = {"HH": "#d7191c", "LH": "#abd9e9", "LL": "#2c7bb6", "HL": "#fdae61", "不显著": "#f0f0f0"}
LISA_LABELS = {
    "HH": "高-高集聚（热点）",
    "LH": "低-高异常",
    "LL": "低-低集聚（冷点）",
    "HL": "高-低异常",
    "不显著": "不显著",
}


def _lisa_label(code: str | None) -> str:
    return LISA_LABELS.get(code or "", code or "")


def _interval(low: float | None, high: float | None) -> str | None:
    if not (is_num(low) and is_num(high)):
        return None
    return f"{low:.0f}—{high:.0f}"


def target_status(
    target: Target, current: float | None, year: int, series: dict[int, float | None] | None = None
) -> tuple[str, float | None, float | None]:
    """(status 达标/按进度/滞后/无数据, value required by ``year``, progress) of a plan target: the
    supervision ledger's :func:`~ipatlas.plans.supervision.targets.evaluate_target` (comparators,
    cumulative, growth and multiple kinds) on the report's figures up to ``year``. Without a stated
    baseline the first year of the series is the baseline."""
    figs = {int(y): float(v) for y, v in (series or {}).items() if is_num(v) and y <= year}  # type: ignore[arg-type]
    if current is not None and is_num(current):
        figs[int(year)] = float(current)
    res = evaluate_plain_target(
        indicator_id=target.indicator_id,
        value=target.value,
        year=target.year,
        kind=target.kind,
        comparator=target.comparator,
        baseline_year=target.baseline_year if target.baseline_value is not None else None,
        baseline_value=target.baseline_value,
        first_year=target.baseline_year or (min(figs) if figs else None),
        figures=figs,
        source=target.source,
    )
    return res.status, res.required_value, res.progress


def build_layout(data: LayoutData, progress: ProgressCallback = no_progress) -> Report:
    """Build the layout report from gathered data (no I/O besides rendering charts in memory)."""
    return _Layout(data, progress).build()


Builder = Callable[[LayoutData, ProgressCallback], Report]
