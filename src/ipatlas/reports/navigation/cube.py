"""The navigation report's counts read from the indicator cube, so that they equal every other page."""

from __future__ import annotations

from dataclasses import dataclass

from ipatlas.config import Settings
from ipatlas.reports.data import RegionRef


def _valid_inventions(settings: Settings, ref: RegionRef | None, year: int, field_id: str) -> dict[str, int]:
    """First applicant → valid inventions of the field at the end of ``year`` in the region (None =
    every province of the cube): the records behind the cube's ``pat_valid_invention``, so that
    their sum is the catalogue's figure."""
    from ipatlas.indicators import ranking, records

    codes = (
        [ref.code]
        if ref is not None
        else [r["region_code"] for r in ranking(settings, "province", None, year, "pat_valid_invention")]
    )
    out: dict[str, int] = {}
    for code in codes:
        page = records(settings, code, year, "pat_valid_invention", industry=field_id, limit=None)
        for item in page.items:
            key = str(item.get("first_applicant") or "")
            out[key] = out.get(key, 0) + 1
    return out


# The report's counts are catalogue indicators read from the cube (one truth with every page):
# applications, inventions and PCT applications by application year, grants by grant year.
WINDOW_INDICATORS = {
    "applications": "pat_app_total",
    "inventions": "pat_app_invention",
    "pct": "pct_app",
    "grants": "pat_grant_total",
    "invention_grants": "pat_grant_invention",
}


def _cube_codes(settings: Settings, ref: RegionRef | None) -> list[str]:
    """The cube regions whose sum is ``ref`` (None = every province of the cube)."""
    if ref is not None:
        return [ref.code]
    from ipatlas.indicators.cube.reader import regions_table

    return [r["code"] for r in regions_table(settings).to_pylist() if r["level"] == "province"]


def cube_counts(
    settings: Settings, codes: list[str], industry: str, years: list[int]
) -> dict[str, dict[str, dict[int, int]]]:
    """key of ``WINDOW_INDICATORS`` → region code → year → the cube's value (missing = 0)."""
    from ipatlas.indicators import cube_slice

    by_id = {iid: key for key, iid in WINDOW_INDICATORS.items()}
    out: dict[str, dict[str, dict[int, int]]] = {k: {c: {} for c in codes} for k in WINDOW_INDICATORS}
    rows = cube_slice(settings, regions=codes, indicators=list(by_id), years=years, industries=[industry])
    for r in rows:
        if r["value"] is not None:
            out[by_id[r["indicator"]]][r["region_code"]][int(r["year"])] = int(r["value"])
    return out


def _summed(counts: dict[str, dict[int, int]], years: list[int]) -> dict[int, int]:
    """Year → the sum over the regions."""
    return {y: sum(by_year.get(y, 0) for by_year in counts.values()) for y in years}


@dataclass
class _Counts:
    """The cube's counts of the field (and of all fields) for the region's and comparator's codes."""

    field: dict[str, dict[str, dict[int, int]]]
    every: dict[str, dict[str, dict[int, int]]]
    years: list[int]

    def yearly(self, key: str, codes: list[str], *, every: bool = False) -> dict[int, int]:
        counts = self.every if every else self.field
        return _summed({c: counts[key][c] for c in codes}, self.years)

    def in_window(self, key: str, codes: list[str], window: range, *, every: bool = False) -> int:
        by_year = self.yearly(key, codes, every=every)
        return sum(by_year[y] for y in window)


def _trend(counts: _Counts, codes: list[str]) -> dict[int, dict[str, int]]:
    apps, inv = counts.yearly("applications", codes), counts.yearly("inventions", codes)
    grants = counts.yearly("grants", codes)
    return {
        y: {"apps": apps[y], "inventions": inv[y], "grants": grants[y]}
        for y in counts.years
        if apps[y] or inv[y]
    }
