"""Chapter 7 and the appendix: the navigation suggestions and the query behind every figure."""

from __future__ import annotations

from ipatlas.fmt import join_cn
from ipatlas.reports.document import Column, Table
from ipatlas.reports.navigation.base import _NavigationBase


class AdviceChapters(_NavigationBase):
    def suggestions(self) -> None:
        d, rb = self.d, self.rb
        strengths, gaps = self.strengths, self.gaps
        # ---- 七、导航建议
        rb.chapter("导航建议")
        tips = []
        if strengths:
            tips.append(
                (
                    "巩固优势分支",
                    f"围绕{join_cn([b.group for b in strengths[:3]])}等优势分支，"
                    "支持龙头企业构建高价值专利组合，开展专利导航和标准化布局。",
                )
            )
        if gaps:
            tips.append(
                (
                    "补齐技术短板",
                    f"针对{join_cn([b.group for b in gaps[:3]])}等短板分支"
                    f"，通过引进人才、协同研发和专利许可转让等方式补强。",
                )
            )
        if d.applicants:
            tips.append(
                (
                    "培育创新主体",
                    f"发挥{d.applicants[0].name}等主要申请人的带动作用，推动产学研协同和中小企业知识产权能力提升。",
                )
            )
        tips.append(
            (
                "加强动态监测",
                "依托平台按年度更新专利数据，跟踪竞争主体和新兴技术分支，及时调整产业知识产权布局。",
            )
        )
        for title, text in tips:
            rb.section(title)
            rb.para(text)

    def appendix(self) -> None:
        rb, src = self.rb, self.src
        rb.chapter("附录　数据说明与查询", numbered=False)
        rb.para(
            "技术领域按世界知识产权组织（WIPO）IPC—技术领域对照表（Schmoch 2008，2014年修订）"
            "以主分类号最长前缀匹配确定；"
            "地区按第一申请人地址归属；年度按申请日。下表列出各图表的查询。"
        )
        rows = []
        seen = set()
        for where, tr in rb.traces:
            if (where, tr.query) in seen:
                continue
            seen.add((where, tr.query))
            rows.append([where, tr.name, tr.query])
        rb.table(
            Table(
                "图表数据查询",
                [Column("位置"), Column("内容"), Column("查询（DuckDB SQL）")],
                rows,
                source=src,
                font_pt=7,
            )
        )
