"""The stochastic process behind the demo records: yearly volumes, kinds, grants, lapses.

Dates are days since 1970-01-01 (int64 numpy arrays; Arrow date32 uses the same origin).

Volumes follow the shape of Chongqing's published yearly patent and trademark application
counts (rounded; 重庆市知识产权局 / 统计公报 orders of magnitude), so that a run at
``scale == 1`` is the "realistic" size. Each record's life is simulated: filing → (publication)
→ grant or rejection/withdrawal → annual-fee lapse (hazard growing with age) / invalidation /
expiry at the end of the term (invention 20 years, utility 10, design 10, 15 for designs filed
from 2021-06-01). A final, small calibration step (see :mod:`ipatlas.demo.generate`) moves the
lapse date of a few records so that the count of patents in force on 2015-12-31 equals the
published figure exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

EPOCH = dt.date(1970, 1, 1)
START_YEAR = 1985  # the Chinese patent law took effect on 1985-04-01
DAYS_PER_YEAR = 365.25


def day(y: int, m: int = 1, d: int = 1) -> int:
    return (dt.date(y, m, d) - EPOCH).days


def year_start(years: np.ndarray) -> np.ndarray:
    """Day number of 1 January of each year (vectorised)."""
    y = (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]")
    return y.astype("datetime64[D]").astype(np.int64)


def add_years(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Same calendar day ``n`` years later (29 Feb → 28 Feb)."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    month_index = (m - y.astype("datetime64[M]")).astype(np.int64)
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    new_y = y + np.asarray(n, dtype=np.int64)
    new_m = new_y.astype("datetime64[M]") + month_index
    month_len = ((new_m + 1).astype("datetime64[D]") - new_m.astype("datetime64[D]")).astype(np.int64)
    out = new_m.astype("datetime64[D]") + np.minimum(dom, month_len - 1)
    return out.astype(np.int64)


def years_of(days: np.ndarray) -> np.ndarray:
    return (
        np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        + 1970
    )


# ---- volumes ----------------------------------------------------------------------------------

# Patent applications per year, all kinds, Chongqing (rounded orders of magnitude).
PATENT_VOLUME = {
    1985: 260,
    1986: 420,
    1987: 520,
    1988: 640,
    1989: 700,
    1990: 780,
    1991: 900,
    1992: 1100,
    1993: 1300,
    1994: 1400,
    1995: 1500,
    1996: 1650,
    1997: 2000,
    1998: 2300,
    1999: 2600,
    2000: 2900,
    2001: 3200,
    2002: 3600,
    2003: 4100,
    2004: 4700,
    2005: 5400,
    2006: 6400,
    2007: 6900,
    2008: 8300,
    2009: 13500,
    2010: 22800,
    2011: 30000,
    2012: 36000,
    2013: 45500,
    2014: 51500,
    2015: 82800,
    2016: 59500,
    2017: 65000,
    2018: 72100,
    2019: 67800,
    2020: 77000,
    2021: 80000,
    2022: 74000,
    2023: 70000,
    2024: 66000,
    2025: 65000,
}

# Trademark applications per year, Chongqing (rounded orders of magnitude).
TRADEMARK_VOLUME = {
    1985: 700,
    1986: 800,
    1987: 900,
    1988: 1100,
    1989: 1100,
    1990: 1200,
    1991: 1300,
    1992: 1700,
    1993: 2100,
    1994: 2400,
    1995: 2700,
    1996: 2900,
    1997: 3500,
    1998: 4000,
    1999: 4500,
    2000: 5300,
    2001: 6100,
    2002: 7200,
    2003: 8400,
    2004: 9600,
    2005: 10900,
    2006: 12600,
    2007: 14600,
    2008: 18000,
    2009: 21300,
    2010: 26600,
    2011: 33200,
    2012: 37200,
    2013: 42600,
    2014: 50500,
    2015: 69200,
    2016: 72000,
    2017: 100000,
    2018: 130000,
    2019: 135000,
    2020: 150000,
    2021: 158000,
    2022: 128000,
    2023: 118000,
    2024: 112000,
    2025: 108000,
}


def yearly_volume(table: dict[int, int], end_year: int) -> dict[int, float]:
    """Volumes from 1985 to ``end_year`` (extrapolated flat with a slow decline after 2025)."""
    last = max(table)
    out: dict[int, float] = {}
    for y in range(START_YEAR, end_year + 1):
        out[y] = float(table[y]) if y in table else table[last] * 0.98 ** (y - last)
    return out


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder)."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = w / w.sum() * total
    base = np.floor(exact).astype(np.int64)
    rest = total - int(base.sum())
    if rest:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:rest]] += 1
    return base


# ---- kinds ------------------------------------------------------------------------------------

KINDS = ("invention", "utility", "design")
INVENTION, UTILITY, DESIGN = 0, 1, 2


def kind_shares(year: int) -> tuple[float, float, float]:
    if year <= 2000:
        inv, des = 0.18, 0.28
    elif year <= 2008:
        inv, des = 0.22, 0.26
    elif year <= 2012:
        inv, des = 0.25, 0.22
    elif year <= 2016:
        inv, des = 0.36, 0.17
    else:
        inv, des = 0.26, 0.18
    return inv, 1.0 - inv - des, des


# ---- end states -------------------------------------------------------------------------------

# End-event codes (what happened last to a record); the legal status at a date follows from them.
NONE, LAPSED, EXPIRED, INVALIDATED, ABANDONED, REJECTED, WITHDRAWN = 0, 1, 2, 3, 4, 5, 6
STATUS_CODES = ("pending", "valid", "lapsed", "expired", "invalidated", "abandoned", "rejected")
ST_PENDING, ST_VALID, ST_LAPSED, ST_EXPIRED, ST_INVALIDATED, ST_ABANDONED, ST_REJECTED = range(7)

# Annual-fee lapse hazards by fee year (1-based: year 1 starts on the filing date).
_HAZARD = {
    INVENTION: [0.08, 0.13, 0.17, 0.19, 0.20, 0.20, 0.20, 0.20, 0.20, 0.20] + [0.16] * 5 + [0.18] * 5,
    UTILITY: [0.12, 0.24, 0.33, 0.36, 0.36, 0.36, 0.36, 0.36, 0.36, 0.36],
    DESIGN: [0.18, 0.30, 0.38, 0.40, 0.40, 0.40, 0.40, 0.40, 0.40, 0.40] + [0.40] * 5,
}
_LOG_SURV = {k: np.concatenate([[0.0], np.cumsum(np.log1p(-np.asarray(h)))]) for k, h in _HAZARD.items()}


def grant_probability(kinds: np.ndarray, years: np.ndarray, pct: np.ndarray) -> np.ndarray:
    p = np.where(
        kinds == INVENTION,
        np.select([years <= 2008, years <= 2012, years <= 2016], [0.56, 0.45, 0.38], 0.50),
        np.where(kinds == UTILITY, np.where(years <= 2010, 0.95, 0.92), 0.90),
    )
    return np.where(pct, np.maximum(p, 0.72), p)


@dataclass
class Fates:
    """Life events of a batch of patent records (arrays aligned with the batch)."""

    filing: np.ndarray
    pub: np.ndarray  # -1: not published
    decision: np.ndarray
    grant: np.ndarray  # -1: not granted
    end: np.ndarray  # day of the end event, -1: none
    end_type: np.ndarray  # NONE, LAPSED, …
    expiry: np.ndarray
    kind: np.ndarray
    pct: np.ndarray

    def valid_at(self, when: int) -> np.ndarray:
        """In force at the end of day ``when``: granted on or before, no end event by then."""
        granted = (self.grant >= 0) & (self.grant <= when)
        return granted & ((self.end_type == NONE) | (self.end > when) | (self.end_type >= REJECTED))


def filing_days(rng: np.random.Generator, years: np.ndarray) -> np.ndarray:
    """Filing dates within each year; December is busy (year-end targets), February quiet."""
    weights = np.array([0.85, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0, 0.9, 1.05, 1.6])
    months = rng.choice(12, size=len(years), p=weights / weights.sum())
    first = ((np.asarray(years, dtype=np.int64) - 1970) * 12 + months).astype("datetime64[M]")
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    dom = np.floor(rng.random(len(years)) * length).astype(np.int64)
    days = first.astype("datetime64[D]").astype(np.int64) + dom
    # Nothing before the patent law took effect.
    return np.maximum(days, day(1985, 4, 1))


def simulate(
    rng: np.random.Generator,
    years: np.ndarray,
    kinds: np.ndarray,
    pct: np.ndarray,
    export_day: int,
) -> Fates:
    """Simulate filing → grant/decision → lapse/expiry for one batch."""
    n = len(years)
    filing = filing_days(rng, years)
    inv = kinds == INVENTION
    util = kinds == UTILITY

    # Publication of inventions: early publication (提前公开) or 18 months after filing.
    early = rng.random(n) < 0.4
    pub_lag = np.where(early, rng.integers(90, 300, n), 548 + rng.integers(0, 35, n))

    # Decision: grant, or rejection / deemed withdrawal.
    granted = rng.random(n) < grant_probability(kinds, years, pct)
    inv_lag = np.exp(rng.normal(np.log(930.0), 0.33, n)).clip(420, 3200)
    util_lag = rng.normal(320, 100, n).clip(90, 1000)
    des_lag = rng.normal(200, 70, n).clip(60, 800)
    lag = np.where(inv, inv_lag, np.where(util, util_lag, des_lag)).astype(np.int64)
    decision = filing + lag
    pub = np.where(inv, filing + np.minimum(pub_lag, lag - 10), -1)
    pub = np.where(~inv & granted, decision, pub)
    grant = np.where(granted, decision, -1)
    end_type = np.where(granted, NONE, np.where(rng.random(n) < 0.42, REJECTED, WITHDRAWN)).astype(np.int8)
    end = np.where(granted, -1, decision)

    # Term of protection.
    term = np.where(inv, 20, np.where(util | (filing < day(2021, 6, 1)), 10, 15))
    expiry = add_years(filing, term)

    # Annual-fee lapse: first unpaid fee year after the grant year.
    grant_age = np.where(granted, ((decision - filing) / DAYS_PER_YEAR).astype(np.int64) + 1, 0)
    u = np.log(rng.random(n))
    lapse_year = np.full(n, 99, dtype=np.int64)
    for k in (INVENTION, UTILITY, DESIGN):
        sel = np.flatnonzero(granted & (kinds == k))
        if not len(sel):
            continue
        ls = _LOG_SURV[k]
        g = np.minimum(grant_age[sel], len(ls) - 1)
        rel = ls[None, :] - ls[g][:, None]  # log survival from the grant year onwards
        years_idx = np.arange(len(ls))[None, :]
        hit = (rel < u[sel][:, None]) & (years_idx > g[:, None])
        first = np.where(hit.any(axis=1), hit.argmax(axis=1), 99)
        lapse_year[sel] = first
    # The fee for year a falls due on the (a-1)th anniversary; the lapse is announced after the
    # six-month grace period.
    lapse_due = add_years(filing, np.minimum(lapse_year - 1, 40))
    lapse_day = lapse_due + 180 + rng.integers(20, 200, n)
    lapses = granted & (lapse_year < 99) & (lapse_due < expiry)
    end = np.where(lapses, lapse_day, end)
    end_type = np.where(lapses, LAPSED, end_type).astype(np.int8)
    # Otherwise the term runs out.
    runs_out = granted & ~lapses
    end = np.where(runs_out, expiry, end)
    end_type = np.where(runs_out, EXPIRED, end_type).astype(np.int8)

    # Rare: invalidation (无效宣告) or surrender after grant (放弃专利权, 避重放弃).
    r = rng.random(n)
    inval_day = grant + rng.integers(200, 2500, n)
    inval = granted & (r < 0.003) & (inval_day < end)
    end = np.where(inval, inval_day, end)
    end_type = np.where(inval, INVALIDATED, end_type).astype(np.int8)
    aband_day = grant + rng.integers(0, 700, n)
    aband = granted & (r >= 0.003) & (r < 0.007) & (aband_day < end)
    end = np.where(aband, aband_day, end)
    end_type = np.where(aband, ABANDONED, end_type).astype(np.int8)

    return Fates(
        filing=filing,
        pub=pub,
        decision=decision,
        grant=grant,
        end=end,
        end_type=end_type,
        expiry=expiry,
        kind=kinds,
        pct=pct,
    )


def status_at(f: Fates, when: int) -> tuple[np.ndarray, np.ndarray]:
    """Legal status code (index into STATUS_CODES) and status date as of day ``when``."""
    n = len(f.filing)
    status = np.full(n, ST_PENDING, dtype=np.int8)
    sdate = np.where((f.pub >= 0) & (f.pub <= when), f.pub, f.filing)
    granted = (f.grant >= 0) & (f.grant <= when)
    status = np.where(granted, ST_VALID, status)
    sdate = np.where(granted, f.grant, sdate)
    ended = (f.end >= 0) & (f.end <= when) & (f.end_type != NONE)
    code = np.array(
        [ST_VALID, ST_LAPSED, ST_EXPIRED, ST_INVALIDATED, ST_ABANDONED, ST_REJECTED, ST_ABANDONED],
        dtype=np.int8,
    )
    status = np.where(ended, code[f.end_type], status).astype(np.int8)
    sdate = np.where(ended, f.end, sdate)
    return status, sdate


# ---- trademarks -------------------------------------------------------------------------------


@dataclass
class MarkFates:
    app: np.ndarray
    reg: np.ndarray  # -1: not registered
    expiry: np.ndarray  # -1: not registered
    invalid: np.ndarray  # cancelled, invalidated or rejected

    def valid_at(self, when: int) -> np.ndarray:
        """Registered on or before ``when``, term not run out, not cancelled (no date known)."""
        return (self.reg >= 0) & (self.reg <= when) & (self.expiry > when) & ~self.invalid


def simulate_marks(rng: np.random.Generator, years: np.ndarray, export_day: int) -> MarkFates:
    n = len(years)
    app = filing_days(rng, years)
    p_reg = np.select([years <= 2005, years <= 2015], [0.8, 0.72], 0.62)
    registered = rng.random(n) < p_reg
    # Examination backlog peaked around 2008–2012 (up to ~3 years), ~9 months after 2017.
    mean_lag = np.select(
        [years <= 2003, years <= 2007, years <= 2012, years <= 2016], [420.0, 700.0, 900.0, 520.0], 300.0
    )
    lag = (mean_lag * np.exp(rng.normal(0, 0.25, n))).astype(np.int64).clip(120, 1800)
    reg = np.where(registered, app + lag, -1)
    # 10-year terms from registration; each renewal with probability 0.55.
    terms = 1 + (rng.random(n) < 0.55).astype(np.int64) * (1 + (rng.random(n) < 0.55).astype(np.int64))
    expiry = np.where(registered, add_years(np.maximum(reg, 0), 10 * terms), -1)
    invalid = registered & (rng.random(n) < 0.03)
    # Rejected applications end up invalid as well.
    invalid = invalid | (~registered & (app + lag <= export_day))
    return MarkFates(app=app, reg=reg, expiry=expiry, invalid=invalid)
