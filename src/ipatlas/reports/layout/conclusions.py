"""Chapter 7 结论与建议: the findings and suggestions the earlier chapters collected."""

from __future__ import annotations

from ipatlas.reports.layout.base import _LayoutBase
from ipatlas.reports.layout.ids import CHAPTERS


class ConclusionsChapter(_LayoutBase):
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
