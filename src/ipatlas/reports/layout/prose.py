"""Numbers in the layout report's prose, rounded the way its tables print them, and the
plan-target status shared by the overview and the monitoring chapter."""

from __future__ import annotations

from ipatlas.fmt import is_num, num, qty
from ipatlas.plans.supervision.targets import evaluate_plain_target
from ipatlas.reports import wording
from ipatlas.reports.data import Target, Value


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
