"""Print-quality layout maps (布局地图): choropleths of county polygons with title, legend,
north arrow, scale bar, data source and the 演示数据 label.

Coordinates are projected to a local equirectangular plane in kilometres (x scaled by the cosine
of the mean latitude), which keeps shapes right at city and province extents and makes the scale
bar exact along the central parallel.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ipatlas import DEMO_LABEL
from ipatlas.errors import InputError
from ipatlas.fmt import is_num, num

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320
NO_DATA_COLOR = "#d9d9d9"
CMAPS = {"sequential": "YlOrRd", "blue": "Blues", "green": "YlGn", "diverging": "RdBu_r"}
# LISA cluster colours in the convention of GeoDa.
CATEGORY_COLORS = {
    "HH": "#d7191c",
    "LL": "#2c7bb6",
    "LH": "#abd9e9",
    "HL": "#fdae61",
    "不显著": "#f0f0f0",
}
CM = 1 / 2.54


@dataclass
class MapSpec:
    title: str
    unit: str = ""
    legend_title: str = ""
    source: str = ""
    note: str = ""
    subtitle: str = ""
    is_demo: bool = False
    classes: int = 5
    scheme: Literal["fisher_jenks", "quantiles", "equal_interval"] = "fisher_jenks"
    cmap: str = "YlOrRd"
    decimals: int = 2
    labels: bool = True
    width_cm: float = 16.0
    height_cm: float = 14.0
    highlight: Sequence[str] = field(default_factory=tuple)
    categories: Mapping[str, str] | None = None  # code → category label (categorical map)
    category_colors: Mapping[str, str] = field(default_factory=lambda: dict(CATEGORY_COLORS))
    # None: decided from the units (a map of ≥ 20 provinces is a national map)
    national: bool | None = None


# The South China Sea inset (南海诸岛附图): the main map of China or 海南 stops at 17.5°N; the inset shows
# 105.5–122.5°E, 2.5–24.5°N with the dashed line, as on the standard map service's maps.
MAIN_SOUTH_LAT = 17.5
SCS_BOX = (105.5, 2.5, 122.5, 24.5)
INSET_RECT = (0.80, 0.0, 0.20, 0.32)  # fraction of the map frame (left, bottom, width, height)


def map_context(geoms: Mapping[str, Any], national: bool | None = None) -> tuple[bool, bool]:
    """(national, inset): a national map draws 台湾/香港/澳门 and the inset; a map with any unit of 海南
    draws the inset."""
    provinces = {str(c)[:2] for c in geoms}
    is_national = national if national is not None else len(provinces) >= 20
    return is_national, is_national or "46" in provinces


def _projector(geoms: Mapping[str, Any]) -> tuple[float, float, float]:
    from shapely.ops import unary_union

    bounds = unary_union([g for g in geoms.values() if g is not None]).bounds
    lat0 = (bounds[1] + bounds[3]) / 2
    lon0 = (bounds[0] + bounds[2]) / 2
    return lon0, lat0, math.cos(math.radians(lat0))


def project(geom: Any, lon0: float, lat0: float, coslat: float) -> Any:
    import shapely

    def tf(coords: Any) -> Any:
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - lon0) * KM_PER_DEG_LON * coslat
        out[:, 1] = (coords[:, 1] - lat0) * KM_PER_DEG_LAT
        return out

    return shapely.transform(geom, tf)


def _path(geom: Any) -> Any:
    """A matplotlib Path (with holes) for a shapely (Multi)Polygon."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    polys = list(getattr(geom, "geoms", [geom]))
    verts: list[Any] = []
    codes: list[Any] = []
    for poly in polys:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0] = MplPath.MOVETO
            c[-1] = MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def classify(values: Sequence[float], k: int, scheme: str) -> list[float]:
    """Upper bounds of the classes (mapclassify), de-duplicated for data with few distinct values."""
    import warnings

    import mapclassify
    import numpy as np

    arr = np.asarray([v for v in values if is_num(v)], dtype=float)
    if arr.size == 0:
        return []
    distinct = np.unique(arr)
    k = max(1, min(k, distinct.size))
    if distinct.size <= k:
        return [float(v) for v in distinct]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": pure Python is fast enough here
        if scheme == "quantiles":
            bins = mapclassify.Quantiles(arr, k=k).bins
        elif scheme == "equal_interval":
            bins = mapclassify.EqualInterval(arr, k=k).bins
        else:
            bins = mapclassify.FisherJenks(arr, k=k).bins
    return sorted({float(b) for b in bins})


def _nice_length(span_km: float) -> float:
    target = span_km / 5
    exp = 10 ** math.floor(math.log10(target))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= target:
            return m * exp
    return 10 * exp


def _north_arrow(ax: Any, x: float, y: float, size: float) -> None:
    from matplotlib.patches import Polygon

    ax.add_patch(
        Polygon(
            [(x, y + size), (x - size * 0.32, y), (x, y + size * 0.28)],
            closed=True,
            facecolor="black",
            edgecolor="black",
            linewidth=0.6,
            zorder=6,
        )
    )
    ax.add_patch(
        Polygon(
            [(x, y + size), (x + size * 0.32, y), (x, y + size * 0.28)],
            closed=True,
            facecolor="white",
            edgecolor="black",
            linewidth=0.6,
            zorder=6,
        )
    )
    ax.text(x, y + size * 1.08, "北", ha="center", va="bottom", fontsize=9, fontweight="bold", zorder=6)


def _scale_bar(ax: Any, x0: float, y0: float, length: float, height: float) -> None:
    from matplotlib.patches import Rectangle

    half = length / 2
    ax.add_patch(
        Rectangle((x0, y0), half, height, facecolor="black", edgecolor="black", linewidth=0.5, zorder=6)
    )
    ax.add_patch(
        Rectangle(
            (x0 + half, y0), half, height, facecolor="white", edgecolor="black", linewidth=0.5, zorder=6
        )
    )
    ax.text(x0, y0 + height * 1.6, "0", ha="center", va="bottom", fontsize=6.5, zorder=6)
    ax.text(
        x0 + length, y0 + height * 1.6, f"{length:g} 千米", ha="center", va="bottom", fontsize=6.5, zorder=6
    )


def draw_map(
    geoms: Mapping[str, Any],
    values: Mapping[str, Any],
    names: Mapping[str, str],
    spec: MapSpec,
    fmt: Literal["png", "svg"] = "png",
    dpi: int = 220,
    meta: dict[str, Any] | None = None,
) -> bytes:
    """Render a choropleth (or a categorical map when ``spec.categories`` is set).

    A national map adds 台湾省、香港、澳门 (grey when they have no value) and, like any map of 海南, the
    南海诸岛 inset with the dashed line (``map_context``). ``meta``, when given, receives what was drawn:
    ``units`` (codes), ``inset`` and ``lines``."""
    from matplotlib.figure import Figure

    from ipatlas.reports.fonts import setup_matplotlib

    setup_matplotlib()
    if not geoms:
        raise InputError("没有可绘制的区划边界（区县多边形为空）", field="region")
    national, inset = map_context(geoms, spec.national)
    geoms, names, lines = _with_context(geoms, names, national, inset)
    frame = _Frame.of(geoms, lines, inset)

    fig = Figure(figsize=(spec.width_cm * CM, spec.height_cm * CM), dpi=dpi)
    fig.patch.set_facecolor("white")
    # Map frame leaves room for the title above and the source line below.
    ax = fig.add_axes((0.03, 0.11, 0.94, 0.77))
    ax.set_aspect("equal")
    ax.set_axis_off()

    if spec.categories is not None:
        colors, legend = _category_colours(frame.projected, spec, spec.categories)
    else:
        colors, legend = _legend_classes(frame.projected, values, spec)
    _draw_units(ax, frame, colors, spec)
    if spec.labels:
        _draw_labels(ax, frame, names, spec)
    pad_x, pad_y = _draw_border(ax, frame)
    _draw_furniture(ax, frame, colors, legend, spec, inset, pad_x, pad_y)
    _title_and_footer(fig, spec)

    if meta is not None:
        meta.update(units=sorted(frame.projected), inset=inset, national=national, lines=sorted(frame.lines))
    buf = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buf, format="svg", facecolor="white")
    else:
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _with_context(
    geoms: Mapping[str, Any], names: Mapping[str, str], national: bool, inset: bool
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The units plus, on a national map, 台湾/香港/澳门; and the boundary lines the map draws."""
    out_geoms = dict(geoms)
    out_names = dict(names)
    lines: dict[str, Any] = {}
    if national or inset:
        from ipatlas.regions.boundaries import EXTRA_PROVINCES, national_context

        ctx = national_context()
        if national:
            for code, g in ctx["provinces"].items():
                out_geoms.setdefault(code, g)
                out_names.setdefault(code, EXTRA_PROVINCES[code])
        lines = (
            dict(ctx["lines"]) if national else {k: v for k, v in ctx["lines"].items() if k == "南海断续线"}
        )
    return out_geoms, out_names, lines


@dataclass
class _Frame:
    """The projected units and lines and the extent of the main map frame (in km)."""

    main_box: Any
    extent_geoms: dict[str, Any]
    projector: tuple[float, float, float]
    projected: dict[str, Any]
    lines: dict[str, Any]
    minx: float
    maxx: float
    miny: float
    maxy: float

    @property
    def span_x(self) -> float:
        return self.maxx - self.minx

    @property
    def span_y(self) -> float:
        return self.maxy - self.miny

    def project(self, geom: Any) -> Any:
        return project(geom, *self.projector)

    @classmethod
    def of(cls, geoms: Mapping[str, Any], lines: Mapping[str, Any], inset: bool) -> _Frame:
        from shapely.geometry import box as _box

        # The main frame: everything, or (with the inset) what lies north of 17.5°N.
        main_box = _box(70, MAIN_SOUTH_LAT, 140, 56) if inset else None
        extent_geoms = {
            c: (g.intersection(main_box) if main_box is not None else g)
            for c, g in geoms.items()
            if g is not None
        }
        extent_geoms = {c: g for c, g in extent_geoms.items() if not g.is_empty}
        lon0, lat0, coslat = _projector(extent_geoms)
        projected = {code: project(g, lon0, lat0, coslat) for code, g in geoms.items() if g is not None}
        projected_lines = {k: project(g, lon0, lat0, coslat) for k, g in lines.items()}
        xs: list[float] = []
        ys: list[float] = []
        for g in extent_geoms.values():
            b = project(g, lon0, lat0, coslat).bounds
            xs += [b[0], b[2]]
            ys += [b[1], b[3]]
        minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
        tol = max(maxx - minx, maxy - miny) / 1500
        projected = {c: g.simplify(tol, preserve_topology=True) for c, g in projected.items()}
        return cls(
            main_box, extent_geoms, (lon0, lat0, coslat), projected, projected_lines, minx, maxx, miny, maxy
        )


def _category_colours(
    projected: Mapping[str, Any], spec: MapSpec, categories: Mapping[str, str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Colour per unit and legend entries of a categorical map."""
    colors: dict[str, str] = {}
    legend: list[tuple[str, str]] = []
    used = [c for c in dict.fromkeys(categories.values()) if c]
    for cat in used:
        legend.append((spec.category_colors.get(cat, "#999999"), cat))
    for code in projected:
        category = categories.get(code)
        colors[code] = spec.category_colors.get(category, NO_DATA_COLOR) if category else NO_DATA_COLOR
    return colors, legend


def _legend_classes(
    projected: Mapping[str, Any], values: Mapping[str, Any], spec: MapSpec
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Colour per unit and legend entries of a choropleth: classed values, grey for no data."""
    import matplotlib.colors as mcolors
    from matplotlib import colormaps

    colors: dict[str, str] = {}
    legend: list[tuple[str, str]] = []
    vals: dict[str, float | None] = {
        c: float(v) if (v := values.get(c)) is not None and is_num(v) else None for c in projected
    }
    finite = [v for v in vals.values() if v is not None]
    bins = classify(finite, spec.classes, spec.scheme)
    cmap = colormaps[spec.cmap]
    n = len(bins)
    shades = [mcolors.to_hex(cmap(0.15 + 0.8 * (i / max(1, n - 1)))) for i in range(n)] if n else []
    lower = min(finite) if finite else 0.0
    integral = spec.decimals == 0 and all(float(v).is_integer() for v in finite)
    for i, upper in enumerate(bins):
        lo = lower if i == 0 else bins[i - 1] + (1 if integral else 0)
        label = (
            f"{num(lo, spec.decimals)} – {num(upper, spec.decimals)}"
            if lo != upper
            else num(upper, spec.decimals)
        )
        legend.append((shades[i], label))
    for code, v in vals.items():
        if v is None:
            colors[code] = NO_DATA_COLOR
            continue
        idx = next((i for i, b in enumerate(bins) if v <= b + 1e-12), len(bins) - 1)
        colors[code] = shades[idx]
    if any(v is None for v in vals.values()):
        legend.append((NO_DATA_COLOR, "无数据"))
    return colors, legend


def _draw_units(ax: Any, frame: _Frame, colors: Mapping[str, str], spec: MapSpec) -> None:
    """The unit polygons (highlighted ones with a heavier outline) and the boundary lines."""
    import shapely
    from matplotlib.patches import PathPatch

    for code, g in frame.projected.items():
        path = _path(g)
        if path is None:
            continue
        hl = code in spec.highlight
        ax.add_patch(
            PathPatch(
                path,
                facecolor=colors.get(code, NO_DATA_COLOR),
                edgecolor="#404040" if not hl else "#000000",
                linewidth=0.35 if not hl else 1.2,
                zorder=2 if not hl else 3,
            )
        )
    for g in frame.lines.values():
        for part in getattr(g, "geoms", [g]):
            xy = shapely.get_coordinates(part)
            ax.plot(xy[:, 0], xy[:, 1], color="#333333", linewidth=0.6, zorder=4)


def _draw_labels(ax: Any, frame: _Frame, names: Mapping[str, str], spec: MapSpec) -> None:
    """Names at a representative point, skipped for units too small to hold them."""
    import matplotlib.patheffects as pe

    projected = frame.projected
    total_area = sum(g.area for g in projected.values()) or 1.0
    for code, g in projected.items():
        if g.area / total_area < 0.004 and code not in spec.highlight and code != "710000":
            continue
        if frame.main_box is not None and code in frame.extent_geoms:
            g = frame.project(frame.extent_geoms[code])
        p = g.representative_point()
        small = g.area / total_area < 0.012
        ax.text(
            p.x,
            p.y,
            names.get(code, code),
            ha="center",
            va="center",
            fontsize=4.3 if small else 5.4,
            zorder=5,
            color="#111111",
            path_effects=[pe.withStroke(linewidth=1.4, foreground="white")],
        )


def _draw_border(ax: Any, frame: _Frame) -> tuple[float, float]:
    """Limits and border of the map frame; returns its padding (x, y)."""
    from matplotlib.patches import Rectangle

    pad_x, pad_y = frame.span_x * 0.04, frame.span_y * 0.04
    ax.set_xlim(frame.minx - pad_x, frame.maxx + pad_x)
    ax.set_ylim(frame.miny - pad_y, frame.maxy + pad_y)
    ax.add_patch(
        Rectangle(
            (frame.minx - pad_x, frame.miny - pad_y),
            frame.span_x + 2 * pad_x,
            frame.span_y + 2 * pad_y,
            fill=False,
            edgecolor="#333333",
            linewidth=0.8,
            zorder=7,
        )
    )
    return pad_x, pad_y


def _draw_furniture(
    ax: Any,
    frame: _Frame,
    colors: Mapping[str, str],
    legend: list[tuple[str, str]],
    spec: MapSpec,
    inset: bool,
    pad_x: float,
    pad_y: float,
) -> None:
    """Legend in the emptiest corner; north arrow and scale bar in the top/bottom corners it leaves;
    the 南海诸岛 inset."""
    from matplotlib.patches import Patch
    from shapely.geometry import box
    from shapely.ops import unary_union

    minx, maxx, miny, maxy = frame.minx, frame.maxx, frame.miny, frame.maxy
    span_x, span_y = frame.span_x, frame.span_y
    union = unary_union([frame.project(g) for g in frame.extent_geoms.values()])
    x0, x1, y0, y1 = minx - pad_x, maxx + pad_x, miny - pad_y, maxy + pad_y
    lw, lh = (x1 - x0) * 0.30, (y1 - y0) * (0.09 + 0.045 * (len(legend) + 1))
    corners = {
        "upper left": box(x0, y1 - lh, x0 + lw, y1),
        "lower left": box(x0, y0, x0 + lw, y0 + lh),
        "upper right": box(x1 - lw, y1 - lh, x1, y1),
        "lower right": box(x1 - lw, y0, x1, y0 + lh),
    }
    if inset:
        corners.pop("lower right")  # the 南海诸岛 inset sits there
    corner = min(corners, key=lambda k: (union.intersection(corners[k]).area, k != "lower left"))
    size = max(span_x, span_y) * 0.07
    arrow_x = maxx - size * 0.4 if corner != "upper right" else minx + size * 0.4
    _north_arrow(ax, arrow_x, maxy - size * 1.2, size)
    length = _nice_length(span_x * (0.5 if inset else 1))
    bar_x = maxx - length - pad_x * 0.2 if corner != "lower right" else minx + pad_x * 0.2
    if inset:
        bar_x = x0 + (x1 - x0) * (INSET_RECT[0] - 0.03) - length  # left of the inset
    _scale_bar(ax, bar_x, miny - pad_y * 0.55, length, span_y * 0.008)
    if inset:
        _scs_inset(ax, frame.projected, colors, frame.lines, frame.projector)

    handles = [Patch(facecolor=c, edgecolor="#404040", linewidth=0.4, label=lab) for c, lab in legend]
    title = spec.legend_title or (f"图例（{spec.unit}）" if spec.unit else "图例")
    if handles:
        leg = ax.legend(  # type: ignore[call-overload]
            handles=handles,
            title=title,
            loc=corner,
            fontsize=6.5,
            title_fontsize=7,
            frameon=True,
            framealpha=0.9,
            edgecolor="#999999",
            borderpad=0.6,
            handlelength=1.6,
        )
        leg.set_zorder(8)


def _title_and_footer(fig: Any, spec: MapSpec) -> None:
    """Title block (with the 演示数据 label) and the source/attribution footer."""
    from ipatlas.regions.boundaries import MAP_ATTRIBUTION

    fig.text(0.5, 0.965, spec.title, ha="center", va="top", fontsize=13, fontweight="bold")
    sub = spec.subtitle
    if spec.is_demo:
        sub = f"{sub}（{DEMO_LABEL}）" if sub else f"（{DEMO_LABEL}）"
    if sub:
        fig.text(
            0.5, 0.915, sub, ha="center", va="top", fontsize=8.5, color="#c00000" if spec.is_demo else "#333"
        )
    footer = [
        f"数据来源：{spec.source}" if spec.source else "",
        spec.note,
        MAP_ATTRIBUTION.replace("，含", "，\n含") + "。",
        "比例尺按中心纬线计算；本图为示意图，行政区划界线不作为权属争议依据。",
    ]
    fig.text(
        0.03,
        0.095,
        "\n".join(f for f in footer if f),
        ha="left",
        va="top",
        fontsize=6,
        color="#333333",
        linespacing=1.5,
    )
    if spec.is_demo:
        fig.text(
            0.97, 0.095, DEMO_LABEL, ha="right", va="top", fontsize=9, color="#c00000", fontweight="bold"
        )


def _scs_inset(
    main: Any,
    projected: Mapping[str, Any],
    colors: Mapping[str, str],
    lines: Mapping[str, Any],
    projector: tuple[float, float, float],
) -> None:
    """The 南海诸岛 inset: the same units and lines, framed to the South China Sea."""
    import shapely
    from matplotlib.patches import PathPatch

    lon0, lat0, coslat = projector
    ax = main.inset_axes(INSET_RECT)
    ax.set_facecolor("white")
    ax.set_zorder(9)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()
    x0, y0 = project(shapely.Point(SCS_BOX[0], SCS_BOX[1]), lon0, lat0, coslat).coords[0]
    x1, y1 = project(shapely.Point(SCS_BOX[2], SCS_BOX[3]), lon0, lat0, coslat).coords[0]
    frame = shapely.box(x0, y0, x1, y1)
    for code, g in projected.items():
        if not g.intersects(frame):
            continue
        path = _path(g)
        if path is not None:
            ax.add_patch(
                PathPatch(path, facecolor=colors.get(code, NO_DATA_COLOR), edgecolor="#404040", linewidth=0.3)
            )
    for g in lines.values():
        for part in getattr(g, "geoms", [g]):
            xy = shapely.get_coordinates(part)
            ax.plot(xy[:, 0], xy[:, 1], color="#333333", linewidth=0.5)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="none", edgecolor="#333333", linewidth=0.8))
    ax.text(
        x1 - (x1 - x0) * 0.05,
        y0 + (y1 - y0) * 0.04,
        "南海诸岛",
        ha="right",
        va="bottom",
        fontsize=6,
        zorder=6,
    )


def legend_bins(values: Mapping[str, Any], spec: MapSpec) -> list[float]:
    """The class bounds a map of ``values`` uses (exposed for tests and the web legend)."""
    return classify(list(values.values()), spec.classes, spec.scheme)


def as_dict(spec: MapSpec) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(spec)
