"""Report charts (matplotlib, CJK font, print resolution), returned as PNG bytes.

Every chart is drawn on a fresh Figure object (no pyplot state), so charts can be built from
several threads of the web server without interfering.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ipatlas.fmt import is_num

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5", "#bf9000"]
DPI = 200
CM = 1 / 2.54


def _new(width_cm: float = 15.5, height_cm: float = 7.5) -> Any:
    from matplotlib.figure import Figure

    from ipatlas.reports.fonts import setup_matplotlib

    setup_matplotlib()
    fig = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI)
    return fig


def to_png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.05, facecolor="white")
    return buf.getvalue()


def to_svg(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.05, facecolor="white")
    return buf.getvalue()


def _clean(values: Sequence[Any]) -> list[float]:
    return [float(v) if is_num(v) else float("nan") for v in values]


def _grid(ax: Any) -> None:
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.5)
    ax.set_axisbelow(True)


def bar_line(
    years: Sequence[int],
    bars: Sequence[Any],
    bar_label: str,
    bar_unit: str,
    line: Sequence[Any] | None = None,
    line_label: str = "",
    line_unit: str = "",
    target: tuple[int, float] | None = None,
) -> bytes:
    """Bars for a level (left axis) and a line for a second measure (right axis)."""
    fig = _new()
    ax = fig.add_subplot()
    x = list(range(len(years)))
    vals = _clean(bars)
    ax.bar(x, vals, color=PALETTE[0], width=0.6, label=f"{bar_label}（{bar_unit}）")
    for xi, v in zip(x, vals, strict=True):
        if v == v:  # not NaN
            ax.annotate(
                f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}",
                (xi, v),
                ha="center",
                va="bottom",
                fontsize=6.5,
                xytext=(0, 1),
                textcoords="offset points",
            )
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_ylabel(f"{bar_label}（{bar_unit}）")
    _grid(ax)
    handles, labels = ax.get_legend_handles_labels()
    if target is not None and target[0] in years:
        tx = list(years).index(target[0])
        ax.axhline(target[1], color="#c00000", linestyle="--", linewidth=0.9)
        ax.annotate(
            f"规划目标 {target[1]:g}{bar_unit}（{target[0]}年）",
            (tx, target[1]),
            ha="right",
            va="bottom",
            fontsize=7,
            color="#c00000",
            xytext=(0, 2),
            textcoords="offset points",
        )
    elif target is not None:
        ax.axhline(target[1], color="#c00000", linestyle="--", linewidth=0.9)
        ax.annotate(
            f"规划目标 {target[1]:g}{bar_unit}（{target[0]}年）",
            (x[-1], target[1]),
            ha="right",
            va="bottom",
            fontsize=7,
            color="#c00000",
            xytext=(0, 2),
            textcoords="offset points",
        )
    if line is not None:
        ax2 = ax.twinx()
        ax2.plot(
            x,
            _clean(line),
            color=PALETTE[1],
            marker="o",
            markersize=3,
            linewidth=1.4,
            label=f"{line_label}（{line_unit}）",
        )
        ax2.set_ylabel(f"{line_label}（{line_unit}）")
        ax2.spines["right"].set_visible(True)
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, ncol=3)
    return to_png(fig)


def stacked_bars(years: Sequence[int], series: dict[str, Sequence[Any]], unit: str, ylabel: str) -> bytes:
    fig = _new()
    ax = fig.add_subplot()
    x = list(range(len(years)))
    bottom = [0.0] * len(years)
    for i, (name, values) in enumerate(series.items()):
        vals = [0.0 if v != v else v for v in _clean(values)]
        ax.bar(x, vals, bottom=bottom, color=PALETTE[i % len(PALETTE)], width=0.6, label=name)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_ylabel(f"{ylabel}（{unit}）")
    _grid(ax)
    ax.legend(loc="upper left", frameon=False, ncol=min(4, len(series)))
    return to_png(fig)


def hbar(
    labels: Sequence[str],
    values: Sequence[Any],
    unit: str,
    xlabel: str,
    highlight: Sequence[str] = (),
    reference: tuple[str, float] | None = None,
    height_cm: float | None = None,
    decimals: int = 2,
) -> bytes:
    """Horizontal ranking bars, largest on top."""
    n = len(labels)
    fig = _new(15.5, height_cm or max(5.0, 0.42 * n + 1.5))
    ax = fig.add_subplot()
    vals = _clean(values)
    y = list(range(n))[::-1]
    colors = [PALETTE[1] if lab in highlight else PALETTE[0] for lab in labels]
    ax.barh(y, [0 if v != v else v for v in vals], color=colors, height=0.65)
    ax.set_yticks(y, list(labels))
    for yi, v in zip(y, vals, strict=True):
        text = "—" if v != v else f"{v:.{decimals}f}"
        ax.annotate(
            text,
            (0 if v != v else v, yi),
            va="center",
            ha="left",
            fontsize=6.5,
            xytext=(2, 0),
            textcoords="offset points",
        )
    if reference is not None and is_num(reference[1]):
        ax.axvline(reference[1], color="#c00000", linestyle="--", linewidth=0.9)
        ax.annotate(
            f"{reference[0]} {reference[1]:.{decimals}f}",
            (reference[1], max(y) + 0.4),
            fontsize=7,
            color="#c00000",
            ha="left",
            xytext=(2, 0),
            textcoords="offset points",
        )
    ax.set_xlabel(f"{xlabel}（{unit}）" if unit else xlabel)
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", labelsize=7)
    ax.margins(x=0.12)
    return to_png(fig)


def pie(labels: Sequence[str], values: Sequence[Any], title_unit: str = "件") -> bytes:
    fig = _new(15.5, 6.5)
    ax = fig.add_subplot()
    vals = [max(0.0, v) if v == v else 0.0 for v in _clean(values)]
    total = sum(vals) or 1.0
    wedges, _ = ax.pie(
        vals,
        colors=PALETTE[: len(vals)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white"},
    )
    legend = [
        f"{lab}  {v:.0f}{title_unit}（{v / total * 100:.1f}%）" for lab, v in zip(labels, vals, strict=True)
    ]
    ax.legend(wedges, legend, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_aspect("equal")
    return to_png(fig)


def interval_ranks(
    labels: Sequence[str], ranks: Sequence[Any], low: Sequence[Any], high: Sequence[Any]
) -> bytes:
    """Composite-index ranks with their uncertainty intervals (rank 1 on top)."""
    n = len(labels)
    fig = _new(15.5, max(5.0, 0.38 * n + 1.5))
    ax = fig.add_subplot()
    y = list(range(n))[::-1]
    r, lo, hi = _clean(ranks), _clean(low), _clean(high)
    ax.hlines(y, lo, hi, color="#9dc3e6", linewidth=3)
    ax.plot(r, y, "o", color=PALETTE[0], markersize=3.5)
    ax.set_yticks(y, list(labels))
    ax.set_xlabel("排名（点为基准排名，线段为不确定性分析的排名区间）")
    ax.invert_xaxis()
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.5)
    ax.tick_params(axis="y", labelsize=7)
    return to_png(fig)


def scatter_types(
    x: Sequence[Any], y: Sequence[Any], labels: Sequence[str], kinds: Sequence[str], xlabel: str, ylabel: str
) -> bytes:
    """Scatter of two subsystem indices coloured by 匹配 type, with the diagonal of balance."""
    fig = _new(15.5, 10)
    ax = fig.add_subplot()
    xs, ys = _clean(x), _clean(y)
    kinds_order = list(dict.fromkeys(kinds))
    for i, kind in enumerate(kinds_order):
        pts = [(a, b) for a, b, k in zip(xs, ys, kinds, strict=True) if k == kind]
        ax.scatter(
            [p[0] for p in pts], [p[1] for p in pts], s=14, color=PALETTE[i % len(PALETTE)], label=kind
        )
    # Label the leading units only; a cloud of overlapping names helps nobody.
    ranked = sorted((a + b for a, b in zip(xs, ys, strict=True) if a == a and b == b), reverse=True)
    cut = ranked[min(len(ranked) - 1, 11)] if ranked else 0
    for a, b, lab in zip(xs, ys, labels, strict=True):
        if a == a and b == b and a + b >= cut:
            ax.annotate(lab, (a, b), fontsize=5.5, xytext=(2, 2), textcoords="offset points")
    finite = [v for v in xs + ys if v == v]
    if finite:
        lo, hi = min(finite), max(finite)
        ax.plot([lo, hi], [lo, hi], color="#7f7f7f", linestyle=":", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="upper left")
    ax.grid(color="#eeeeee", linewidth=0.5)
    return to_png(fig)


def heatmap(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: Sequence[Sequence[Any]],
    cbar_label: str,
    center: float | None = 1.0,
) -> bytes:
    """Region × industry matrix (e.g. LQ), diverging around ``center``."""
    import numpy as np
    from matplotlib.colors import TwoSlopeNorm

    data = np.array([_clean(r) for r in values], dtype=float)
    fig = _new(16, max(6.0, 0.36 * len(row_labels) + 3))
    ax = fig.add_subplot()
    finite = data[np.isfinite(data)]
    vmax = float(np.nanpercentile(finite, 98)) if finite.size else 2.0
    norm = None
    if center is not None and finite.size and finite.min() < center < vmax:
        norm = TwoSlopeNorm(vcenter=center, vmin=float(finite.min()), vmax=vmax)
    im = ax.imshow(
        np.ma.masked_invalid(data), cmap="RdBu_r", aspect="auto", norm=norm, vmax=None if norm else vmax
    )
    ax.set_xticks(range(len(col_labels)), list(col_labels), rotation=60, ha="right", fontsize=6)
    ax.set_yticks(range(len(row_labels)), list(row_labels), fontsize=6.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    cb = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.01)
    cb.set_label(cbar_label, fontsize=7)
    cb.ax.tick_params(labelsize=6)
    return to_png(fig)


def lines(years: Sequence[int], series: dict[str, Sequence[Any]], unit: str, ylabel: str) -> bytes:
    fig = _new()
    ax = fig.add_subplot()
    for i, (name, values) in enumerate(series.items()):
        ax.plot(
            list(years),
            _clean(values),
            marker="o",
            markersize=2.5,
            linewidth=1.3,
            color=PALETTE[i % len(PALETTE)],
            label=name,
        )
    ax.set_xticks(list(years), [str(y) for y in years])
    ax.set_ylabel(f"{ylabel}（{unit}）" if unit else ylabel)
    _grid(ax)
    ax.legend(frameon=False, fontsize=7, ncol=2, loc="upper left")
    return to_png(fig)
