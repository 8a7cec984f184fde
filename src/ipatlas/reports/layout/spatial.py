"""Chapter 3 空间分布: how the units compare, the choropleth and the LISA clusters."""

from __future__ import annotations

from ipatlas.fmt import is_num, join_cn, num, pct, qty
from ipatlas.reports.document import Column
from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import APPS, CHAPTERS, INV_PER_10K, VALID_INV
from ipatlas.reports.layout.prose import _unit, _val
from ipatlas.reports.maps import MapSpec, draw_map
from ipatlas.reports.wording import concentration_sentence

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


class SpatialChapter(_LayoutBase):
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
