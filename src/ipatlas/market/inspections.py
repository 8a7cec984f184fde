"""双随机、一公开: reproducible random draws of inspection objects and inspectors.

The algorithm (``ipatlas-draw-v1``) — anyone can re-run it from the published seed and inputs:

1. Keys: ``d = SHA-256("ipatlas-draw-v1|" + seed)``; ``k0, k1, k2`` are its bytes 0–8, 8–16,
   16–24 read as big-endian unsigned 64-bit integers.
2. ``mix64(z)`` is the SplitMix64 finaliser (all arithmetic modulo 2**64)::

       z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
       z = (z ^ (z >> 27)) * 0x94D049BB133111EB
       z =  z ^ (z >> 31)

3. Each object's rank: its 18-character code (ASCII) as three big-endian words — bytes 0–8,
   8–16, and 16–18 padded with zero bytes to 8 — ``h = k0``, then ``h = mix64(h ^ w)`` for each
   word, and ``rank = mix64(h ^ k1)``.
4. Strata: objects are grouped by (区划代码, 信用等级) when the object file has those columns.
   With ``ratio`` R a stratum of N objects and grade factor f (``rules/inspections.yaml``) draws
   ``min(N, floor(R·f·N + 0.5))``, at least 1 when R·f·N > 0. With ``count`` C the C objects are
   shared among strata in proportion to f·N (largest remainder; ties by stratum key), never more
   than a stratum holds. Within a stratum the objects with the smallest (rank, code) are drawn.
   The drawn objects are listed by (rank, code).
5. Inspectors (sorted by 编号; P of them): for a drawn object with rank r,
   ``x = mix64(r ^ k2)``, ``start = x mod P``, ``step = 1 + (x >> 32) mod max(P − 1, 1)``
   increased by one until gcd(step, P) = 1; the walk ``(start + t·step) mod P`` for t = 0…P−1
   visits every inspector once. Inspectors whose 回避 list names the object are skipped; the walk
   first takes inspectors from units not yet on the object's team, then (if still short) any.
   Fewer than K eligible inspectors is an error.
6. ``digest = SHA-256`` of the canonical JSON (keys sorted, no spaces, UTF-8) of
   ``{"algorithm","seed","params","objects_hash","inspectors_hash","objects","assignments"}``.
   ``objects_hash`` (order-independent): for every object ``mix64(rank0 ^ L)``, ``rank0`` its
   rank under the seed "" and ``L`` the first 8 bytes of SHA-256("区划代码,信用等级"), sorted,
   written as big-endian 8-byte words, SHA-256 of those bytes. ``inspectors_hash``: SHA-256 of
   the lines ``编号,单位,回避 codes sorted and joined by ';'``, sorted and joined by newlines.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.errors import ConfigError, InputError, NotFoundError, cause
from ipatlas.market.entities import check_code
from ipatlas.market.models import InspectionDraw, InspectionResult
from ipatlas.market.tabular import read_columns, split_list

ALGORITHM = "ipatlas-draw-v1"
MASK = (1 << 64) - 1
C1 = 0xBF58476D1CE4E5B9
C2 = 0x94D049BB133111EB


@functools.cache
def draw_rules() -> dict[str, Any]:
    text = resources.files("ipatlas.market").joinpath("rules/inspections.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


# ---- the reference (pure Python) functions ------------------------------------------------
def seed_keys(seed: str) -> tuple[int, int, int]:
    d = hashlib.sha256(f"{ALGORITHM}|{seed}".encode()).digest()
    return tuple(int.from_bytes(d[i : i + 8], "big") for i in (0, 8, 16))  # type: ignore[return-value]


def mix64(z: int) -> int:
    z &= MASK
    z = ((z ^ (z >> 30)) * C1) & MASK
    z = ((z ^ (z >> 27)) * C2) & MASK
    return z ^ (z >> 31)


def rank_of(code: str, k0: int, k1: int) -> int:
    b = code.encode("ascii")
    h = k0
    for w in (b[0:8], b[8:16], b[16:18].ljust(8, b"\0")):
        h = mix64(h ^ int.from_bytes(w, "big"))
    return mix64(h ^ k1)


# ---- vectorised ranks ------------------------------------------------------------------------
def _mix64_np(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * np.uint64(C1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(C2)
    return z ^ (z >> np.uint64(31))


def ranks(codes: Any, k0: int, k1: int) -> np.ndarray:
    """``rank_of`` for every code at once (numpy, wrapping uint64 arithmetic)."""
    arr = _strings(codes)
    n = len(arr)
    if n == 0:
        return np.zeros(0, np.uint64)
    lengths = pc.binary_length(arr)
    if pc.min(lengths).as_py() != 18 or pc.max(lengths).as_py() != 18:
        raise InputError("抽查对象的统一社会信用代码应均为 18 位", field="统一社会信用代码")
    if arr.offset:
        arr = pa.concat_arrays([arr])
    offsets = np.frombuffer(arr.buffers()[1], np.int32, n + 1)
    start = int(offsets[0])
    u = np.frombuffer(arr.buffers()[2], np.uint8, 18 * n, start).reshape(n, 18)
    padded = np.zeros((n, 24), np.uint8)
    padded[:, :18] = u
    words = padded.view(">u8").astype(np.uint64)
    with np.errstate(over="ignore"):
        h = np.full(n, k0, np.uint64)
        for j in range(3):
            h = _mix64_np(h ^ words[:, j])
        return _mix64_np(h ^ np.uint64(k1))


# ---- inputs -------------------------------------------------------------------------------------
@dataclass
class Inspector:
    id: str
    name: str
    unit: str
    avoid: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Objects:
    """The population: codes and, for strata, region codes and grades (lists or Arrow arrays;
    empty strings when a file has no such column)."""

    codes: Any
    regions: Any = None
    grades: Any = None

    def __post_init__(self) -> None:
        self.codes = _strings(self.codes)
        n = len(self.codes)
        self.regions = _strings(self.regions if self.regions is not None else [""] * n)
        self.grades = _strings(self.grades if self.grades is not None else [""] * n)
        if not len(self.regions) == len(self.grades) == n:
            raise InputError("对象的代码、区划与信用等级数量不一致", field="objects")


def _strings(values: Any) -> pa.Array:
    arr = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values, pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.string())
    if arr.null_count:
        arr = pc.fill_null(arr, "")
    return arr


def load_objects(path: Path) -> Objects:
    """Object file: 统一社会信用代码 [, 区划代码, 信用等级]. Any bad row is an error (a draw runs
    over an exact population)."""
    rows, cols = read_columns(Path(path), ["统一社会信用代码"], ["名称", "区划代码", "信用等级"])
    codes: list[str] = []
    seen: dict[str, int] = {}
    for row, raw in zip(rows, cols["统一社会信用代码"], strict=True):
        try:
            c = check_code(raw)
        except ValueError as exc:
            raise InputError(str(exc), file=str(path), row=row, field="统一社会信用代码") from None
        if c in seen:
            raise InputError(f"与第 {seen[c]} 行重复：{c}", file=str(path), row=row, field="统一社会信用代码")
        seen[c] = row
        codes.append(c)
    n = len(codes)
    grades = cols.get("信用等级") or [""] * n
    factors = draw_rules()["grade_factors"]
    for row, g in zip(rows, grades, strict=True):
        if g and g not in factors:
            raise InputError(
                f"未知的信用等级 {g!r}（可选：{'、'.join(factors)}）",
                file=str(path),
                row=row,
                field="信用等级",
            )
    return Objects(codes, cols.get("区划代码") or [""] * n, grades)


def load_inspectors(path: Path) -> list[Inspector]:
    rows, cols = read_columns(Path(path), ["编号", "姓名", "单位"], ["回避"])
    out: list[Inspector] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        ident = cols["编号"][i]
        if not ident:
            raise InputError("编号为空", file=str(path), row=row, field="编号")
        if ident in seen:
            raise InputError(f"编号与第 {seen[ident]} 行重复：{ident}", file=str(path), row=row, field="编号")
        seen[ident] = row
        avoid = set()
        for c in split_list(cols.get("回避", [""] * len(rows))[i]):
            try:
                avoid.add(check_code(c))
            except ValueError as exc:
                raise InputError(
                    f"回避名单中的代码无效：{cause(exc)}", file=str(path), row=row, field="回避"
                ) from None
        out.append(Inspector(ident, cols["姓名"][i], cols["单位"][i], frozenset(avoid)))
    return out


# ---- the draw -------------------------------------------------------------------------------
def _hash_lines(lines: list[str]) -> str:
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _objects_hash(objects: Objects, s_arr: np.ndarray, labels: list[tuple[str, str]]) -> str:
    """SHA-256 of the population, independent of its order: per object
    ``mix64(rank0(code) ^ L(region, grade))`` with ``rank0`` the rank under the seed "" and ``L``
    the first 8 bytes of SHA-256("region,grade"), sorted ascending, as big-endian bytes."""
    k0, k1, _ = seed_keys("")
    r0 = ranks(objects.codes, k0, k1)
    lab = np.array(
        [int.from_bytes(hashlib.sha256(f"{rg},{g}".encode()).digest()[:8], "big") for rg, g in labels] or [0],
        np.uint64,
    )
    with np.errstate(over="ignore"):
        line = _mix64_np(r0 ^ lab[s_arr])
    return hashlib.sha256(np.sort(line).astype(">u8").tobytes()).hexdigest()


def _allocate_ratio(
    sizes: dict[tuple[str, str], int], ratio: float, factors: dict[tuple[str, str], float]
) -> dict[tuple[str, str], int]:
    out = {}
    for s, n in sizes.items():
        want = ratio * factors[s] * n
        k = math.floor(want + 0.5)
        if want > 0:
            k = max(k, 1)
        out[s] = min(n, k)
    return out


def _allocate_count(
    sizes: dict[tuple[str, str], int], count: int, factors: dict[tuple[str, str], float]
) -> dict[tuple[str, str], int]:
    out = dict.fromkeys(sizes, 0)
    left = count
    open_ = {s for s, n in sizes.items() if n > 0}
    while left > 0 and open_:
        weights = {s: factors[s] * (sizes[s] - out[s]) for s in open_}
        total = sum(weights.values())
        if total <= 0:
            weights = {s: float(sizes[s] - out[s]) for s in open_}
            total = sum(weights.values())
        quotas = {s: left * w / total for s, w in weights.items()}
        give = {s: min(sizes[s] - out[s], math.floor(q)) for s, q in quotas.items()}
        handed = sum(give.values())
        rest = left - handed
        for s in sorted(open_, key=lambda s: (-(quotas[s] - math.floor(quotas[s])), s)):
            if rest <= 0:
                break
            if give[s] < sizes[s] - out[s]:
                give[s] += 1
                rest -= 1
        for s, g in give.items():
            out[s] += g
        left = count - sum(out.values())
        open_ = {s for s in open_ if out[s] < sizes[s]}
        if sum(give.values()) == 0:
            break
    return out


def _check_draw_inputs(
    population: int, n_inspectors: int, *, seed: str, ratio: float | None, count: int | None, k: int
) -> None:
    if (ratio is None) == (count is None):
        raise InputError("须且只能给出抽查比例 --ratio 或抽查数量 --count 之一", field="ratio")
    if not seed:
        raise InputError("随机种子不能为空", field="seed")
    if ratio is not None and not 0 < ratio <= 1:
        raise InputError(f"抽查比例应在 (0, 1] 之间：{ratio}", field="ratio")
    if count is not None:
        if count <= 0:
            raise InputError(f"抽查数量应为正整数：{count}", field="count")
        if count > population:
            raise InputError(f"要求抽取 {count} 个对象，但对象名录只有 {population} 个", field="count")
    if k < 1:
        raise InputError("每个对象的检查人员数应至少为 1", field="per_object")
    if n_inspectors < k:
        raise InputError(f"检查人员库只有 {n_inspectors} 人，少于每个对象所需的 {k} 人", field="per_object")


def _strata(objects: Objects) -> tuple[np.ndarray, list[tuple[str, str]], np.ndarray]:
    """Each object's stratum index, the strata as (region, grade) in label order, and their sizes."""
    population = len(objects.codes)
    rd, gd = objects.regions.dictionary_encode(), objects.grades.dictionary_encode()
    r_labels, g_labels = rd.dictionary.to_pylist(), gd.dictionary.to_pylist()
    n_g = max(len(g_labels), 1)
    raw_id = np.asarray(rd.indices, np.int64) * n_g + np.asarray(gd.indices, np.int64)
    present = np.unique(raw_id)
    strata = sorted((r_labels[int(x) // n_g], g_labels[int(x) % n_g], int(x)) for x in present)
    remap = np.zeros(len(r_labels) * n_g + 1, np.int64)
    for i, (_rg, _g, x) in enumerate(strata):
        remap[x] = i
    s_arr = remap[raw_id] if population else np.zeros(0, np.int64)
    labels = [(rg, g) for rg, g, _x in strata]
    return s_arr, labels, np.bincount(s_arr, minlength=len(labels))


def _pick(
    r: np.ndarray, s_arr: np.ndarray, labels: list[tuple[str, str]], counts: np.ndarray, take: dict[Any, int]
) -> np.ndarray:
    """Within each stratum the take[s] objects of smallest rank."""
    by_stratum = np.argsort(s_arr, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(counts)])
    parts = []
    for i, s in enumerate(labels):
        idx = by_stratum[bounds[i] : bounds[i + 1]]
        kk = take[s]
        if kk == 0:
            continue
        if kk < len(idx):
            idx = idx[np.argpartition(r[idx], kk - 1)[:kk]]
        parts.append(idx)
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _team(code: str, rank: int, pool: list[Inspector], k: int, k2: int) -> list[Inspector]:
    """The k inspectors of one object: a seeded walk through the pool, skipping those who must
    recuse themselves and preferring one person per unit."""
    p = len(pool)
    x = mix64(rank ^ k2)
    start = x % p
    step = 1 + (x >> 32) % max(p - 1, 1)
    while math.gcd(step, p) != 1:
        step = step + 1 if step + 1 < p else 1
    team: list[Inspector] = []
    units: set[str] = set()
    same_unit: list[Inspector] = []
    for t in range(p):
        person = pool[(start + t * step) % p]
        if code in person.avoid:
            continue
        if person.unit in units:
            same_unit.append(person)
            continue
        team.append(person)
        units.add(person.unit)
        if len(team) == k:
            break
    team.extend(same_unit[: k - len(team)])
    if len(team) < k:
        raise InputError(f"对象 {code} 回避后可用检查人员只有 {len(team)} 名，少于 {k} 名", field="回避")
    return team


def draw(
    objects: Objects,
    inspectors: list[Inspector],
    *,
    seed: str,
    ratio: float | None = None,
    count: int | None = None,
    per_object: int | None = None,
) -> dict[str, Any]:
    """Draw objects and assign inspectors; same inputs and seed → identical result and digest.
    Steps: check the inputs, stratify by (region, grade), allocate per stratum, take the smallest
    seeded ranks, assign a team to each object, digest the whole."""
    rules = draw_rules()
    k = int(per_object if per_object is not None else rules["per_object"])
    population = len(objects.codes)
    _check_draw_inputs(population, len(inspectors), seed=seed, ratio=ratio, count=count, k=k)
    k0, k1, k2 = seed_keys(seed)
    r = ranks(objects.codes, k0, k1)
    s_arr, labels, counts = _strata(objects)
    sizes = {s: int(n) for s, n in zip(labels, counts, strict=True)}
    gf, default = rules["grade_factors"], float(rules["default_factor"])
    factors = {s: float(gf.get(s[1], default)) for s in labels}
    take = (
        _allocate_ratio(sizes, ratio, factors)
        if ratio is not None
        else _allocate_count(sizes, int(count or 0), factors)
    )
    chosen_idx = _pick(r, s_arr, labels, counts, take)
    codes_arr = objects.codes.take(pa.array(chosen_idx, pa.int64())).to_pylist()
    picked = sorted(zip(r[chosen_idx].tolist(), codes_arr, strict=True))
    pool = sorted(inspectors, key=lambda x: x.id)
    assignments = [
        {"object": code, "inspectors": [i.id for i in _team(code, int(rank), pool, k, k2)]}
        for rank, code in picked
    ]
    params = {"ratio": ratio, "count": count, "per_object": k, "grade_factors": gf, "rules": rules["id"]}
    body = {
        "algorithm": ALGORITHM,
        "seed": seed,
        "params": params,
        "objects_hash": _objects_hash(objects, s_arr, labels),
        "inspectors_hash": _hash_lines([f"{i.id},{i.unit},{';'.join(sorted(i.avoid))}" for i in inspectors]),
        "objects": [c for _, c in picked],
        "assignments": assignments,
    }
    digest = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    return {
        **body,
        "digest": digest,
        "population": population,
        "strata": [
            {"region": s[0], "grade": s[1], "population": sizes[s], "drawn": take[s], "factor": factors[s]}
            for s in labels
        ],
    }


def verify(result: dict[str, Any], objects: Objects, inspectors: list[Inspector]) -> bool:
    """Re-run a published draw and compare its digest."""
    p = result["params"]
    again = draw(
        objects,
        inspectors,
        seed=result["seed"],
        ratio=p["ratio"],
        count=p["count"],
        per_object=p["per_object"],
    )
    return bool(again["digest"] == result["digest"])


# ---- plans, results, publication ------------------------------------------------------------
def record_draw(
    session: Session,
    result: dict[str, Any],
    *,
    plan_name: str,
    actor: str,
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> dict[str, Any]:
    """Keep a draw with its seed, inputs' hashes and digest; audit who drew, when and from what."""
    from ipatlas.store.models import utcnow
    from ipatlas.store.workflow import record_audit

    when = at or utcnow()
    row = InspectionDraw(
        plan_name=plan_name,
        seed=result["seed"],
        params=result["params"],
        objects_hash=result["objects_hash"],
        inspectors_hash=result["inspectors_hash"],
        digest=result["digest"],
        population=result["population"],
        assignments=result["assignments"],
        drawn_at=when,
        drawn_by=actor,
        is_demo=is_demo,
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        actor=None,
        object_type="inspection_draw",
        object_id=row.id,
        action="draw",
        after={
            "by": actor,
            "seed": result["seed"],
            "digest": result["digest"],
            "objects_hash": result["objects_hash"],
            "inspectors_hash": result["inspectors_hash"],
            "params": result["params"],
        },
    )
    return draw_dict(row)


def draw_dict(d: InspectionDraw) -> dict[str, Any]:
    return {
        "id": d.id,
        "plan_name": d.plan_name,
        "seed": d.seed,
        "digest": d.digest,
        "population": d.population,
        "drawn": len(d.assignments),
        "drawn_at": d.drawn_at.isoformat(timespec="seconds"),
        "drawn_by": d.drawn_by,
        "objects_hash": d.objects_hash,
        "inspectors_hash": d.inspectors_hash,
        "params": d.params,
        "publish_due": d.publish_due.isoformat() if d.publish_due else None,
        "published_on": d.published_on.isoformat() if d.published_on else None,
        "is_demo": d.is_demo,
    }


def get_draw(session: Session, draw_id: int) -> InspectionDraw:
    d = session.get(InspectionDraw, draw_id)
    if d is None:
        raise NotFoundError(f"未找到抽查 {draw_id}")
    return d


def enter_result(
    session: Session,
    draw_id: int,
    code: str,
    result: str,
    *,
    on: dt.date,
    actor: str,
    note: str | None = None,
    settings: Any = None,
) -> dict[str, Any]:
    """检查结果 for one drawn object; the 20-working-day publication deadline starts with the first
    result. 立案查处 opens a protection case (``ipatlas.protection.intake.create_case``)."""
    d = get_draw(session, draw_id)
    allowed = draw_rules()["results"]
    if result not in allowed:
        raise InputError(f"检查结果应为 {'、'.join(allowed)}：{result!r}", field="result")
    if on > dt.date.today():
        raise InputError("检查日期晚于今天", field="on")
    codes = {a["object"] for a in d.assignments}
    if code not in codes:
        raise InputError(f"{code} 不是抽查 {draw_id} 抽中的对象", field="code")
    old = session.scalar(
        select(InspectionResult).where(InspectionResult.draw_id == draw_id, InspectionResult.code == code)
    )
    if old is None:
        old = InspectionResult(
            draw_id=draw_id, code=code, result=result, note=note, inspected_on=on, by=actor
        )
        session.add(old)
    else:
        old.result, old.note, old.inspected_on, old.by = result, note, on, actor
    if result == "立案查处" and not old.case_id:
        old.case_id = _open_case(session, settings, d, code, note, actor)
    if d.publish_due is None:
        d.publish_due = publish_deadline(session, on)
    session.flush()
    return {
        "draw_id": draw_id,
        "code": code,
        "result": result,
        "case_id": old.case_id,
        "inspected_on": on.isoformat(),
        "publish_due": d.publish_due.isoformat() if d.publish_due else None,
    }


def _open_case(
    session: Session, settings: Any, d: InspectionDraw, code: str, note: str | None, actor: str
) -> str:
    try:
        from ipatlas.protection.intake import create_case  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ConfigError("保护案件模块（ipatlas.protection）不可用，无法立案查处") from None
    if settings is None:
        raise ConfigError("立案查处需要平台设置（settings）")
    from ipatlas.market.models import MarketEntity

    entity = session.get(MarketEntity, code)
    fields = {
        "kind": "report",
        "ip_type": "patent",
        "channel": "lead",
        "received_at": dt.datetime.now().replace(microsecond=0),
        "complainant": {"name": f"双随机抽查：{d.plan_name}", "type": "organisation"},
        "respondent": {
            "name": entity.name if entity is not None else code,
            "type": "enterprise",
            "uscc": code,
            **({"address": entity.address} if entity is not None and entity.address else {}),
        },
        "facts": f"双随机抽查（{d.plan_name}，摘要 {d.digest[:12]}）发现问题，立案查处。{note or ''}",
        "client_token": f"inspection:{d.id}:{code}",
        "is_demo": d.is_demo,
    }
    case = create_case(session, settings, fields, actor=actor)
    return str(case.get("number") or case.get("id"))


def publish_deadline(session: Session, start: dt.date) -> dt.date:
    """Results are published within N working days (``rules/inspections.yaml``), counted by
    ``ipatlas.calendar`` (statutory holidays, 调休 and the office's holiday table)."""
    from ipatlas.calendar import add_workdays, calendar_for

    n = int(draw_rules()["publish_within_workdays"])
    return add_workdays(start, n, calendar=calendar_for(session)).date


def publish(session: Session, draw_id: int, *, on: dt.date, actor: str) -> dict[str, Any]:
    d = get_draw(session, draw_id)
    missing = {a["object"] for a in d.assignments} - set(
        session.scalars(select(InspectionResult.code).where(InspectionResult.draw_id == draw_id))
    )
    if missing:
        raise InputError(
            f"还有 {len(missing)} 个对象没有检查结果（如 {sorted(missing)[0]}），不能公示", field="draw_id"
        )
    d.published_on = on
    from ipatlas.store.workflow import record_audit

    record_audit(
        session,
        actor=None,
        object_type="inspection_draw",
        object_id=d.id,
        action="publish",
        after={"by": actor, "on": on.isoformat()},
    )
    session.flush()
    out = draw_dict(d)
    out["late"] = bool(d.publish_due and on > d.publish_due)
    return out


def public_draw(session: Session, draw_id: int) -> dict[str, Any]:
    """What is published (一公开): seed, digest, hashes, objects and results — no inspector names."""
    d = get_draw(session, draw_id)
    results = {
        r.code: r
        for r in session.scalars(select(InspectionResult).where(InspectionResult.draw_id == draw_id))
    }
    return {
        **draw_dict(d),
        "items": [
            {
                "object": a["object"],
                "inspectors": a["inspectors"],
                "result": results[a["object"]].result if a["object"] in results else None,
            }
            for a in d.assignments
        ],
    }


def list_draws(session: Session) -> list[dict[str, Any]]:
    return [draw_dict(d) for d in session.scalars(select(InspectionDraw).order_by(InspectionDraw.id.desc()))]


def objects_from_registry(
    session: Session,
    settings: Any = None,
    *,
    entity_type: str | None = None,
    adcode: str | None = None,
    agencies: bool = False,
    nice_class: int | None = None,
    as_of: dt.date | None = None,
) -> Objects:
    """The object list of a plan as a filter over the registry: entities of a type or county,
    the service agencies, or the holders of marks in a Nice class (through the resource base's
    linked names). Each object carries its county and its credit grade as of ``as_of``."""
    from ipatlas.market.credit import grade_all
    from ipatlas.market.models import MarketEntity, MarketLink, ServiceAgency

    if agencies:
        rows = session.execute(select(ServiceAgency.code, ServiceAgency.adcode)).all()
    else:
        q = select(MarketEntity.code, MarketEntity.adcode)
        if entity_type:
            q = q.where(MarketEntity.entity_type == entity_type)
        if adcode:
            q = q.where(MarketEntity.adcode == adcode)
        if nice_class is not None:
            if settings is None:
                raise ConfigError("按尼斯分类筛选需要资源库（settings）")
            from ipatlas.store.lake import Lake

            con = Lake(settings.lake_dir).connect()
            try:
                owners = [
                    r[0]
                    for r in con.execute(
                        "SELECT DISTINCT owner FROM trademarks WHERE nice_class = ?", [nice_class]
                    ).fetchall()
                ]
            finally:
                con.close()
            linked = set(
                session.scalars(
                    select(MarketLink.code).where(
                        MarketLink.source == "trademarks",
                        MarketLink.name.in_(owners),
                        MarketLink.code.is_not(None),
                    )
                )
            )
            q = q.where(MarketEntity.code.in_(sorted(linked)))
        rows = session.execute(q.order_by(MarketEntity.code)).all()
    if not rows:
        raise InputError("筛选条件下没有抽查对象", field="objects")
    grades = {r["code"]: r["grade"] for r in grade_all(session, as_of).to_pylist()}
    return Objects([r[0] for r in rows], [r[1] or "" for r in rows], [grades.get(r[0], "B") for r in rows])
