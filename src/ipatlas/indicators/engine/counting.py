"""Counting methods (named in every output row)."""

from __future__ import annotations

from dataclasses import dataclass

from ipatlas.errors import InputError


# ---------------------------------------------------------------------------------------------
# counting methods
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Counting:
    """Counting method, named in every output: ``first-ipc+first-applicant`` (official default)."""

    ipc: str = "first"  # first | all | fractional
    applicant: str = "first"  # first | fractional

    def __post_init__(self) -> None:
        if self.ipc not in ("first", "all", "fractional"):
            raise InputError(f"未知IPC计数方法 {self.ipc!r}（可选 first、all、fractional）", field="counting")
        if self.applicant not in ("first", "fractional"):
            raise InputError(
                f"未知申请人计数方法 {self.applicant!r}（可选 first、fractional）", field="counting"
            )

    @property
    def id(self) -> str:
        return f"{self.ipc}-ipc+{self.applicant}-applicant"

    @property
    def label(self) -> str:
        ipc = {"first": "主分类号整数计数", "all": "全部分类号整数计数", "fractional": "分类号分数计数"}[
            self.ipc
        ]
        app = {"first": "第一申请人", "fractional": "申请人分数计数"}[self.applicant]
        return f"{ipc}；{app}"

    @classmethod
    def parse(cls, text: str | Counting | None) -> Counting:
        """'first-ipc+first-applicant', 'all-ipc', 'fractional', 'fractional-ipc+fractional-applicant'."""
        if isinstance(text, Counting):
            return text
        if not text:
            return cls()
        ipc, applicant = "first", "first"
        for part in str(text).replace(",", "+").split("+"):
            part = part.strip().lower()
            if part.endswith("-applicant"):
                applicant = part.removesuffix("-applicant")
            elif part:
                ipc = part.removesuffix("-ipc")
        return cls(ipc, applicant)


DEFAULT_COUNTING = Counting()
