"""``--profile auto``: pick or build the column layout from a file's own header.

Offices receive exports from many tools (CNIPA's search system, incoPat, PatSnap, Patentics,
SooPAT, innojoy …), each with its own column names and its own choice of fields. Rather than
asking the user to name a profile, the importer:

1. uses the built-in profile whose required columns are all in the file (most columns mapped
   wins), so a file in a documented layout is read exactly as with ``--profile NAME``;
2. otherwise builds a profile from the header: each canonical field takes the first of its known
   header names (``profiles/<table>/_aliases.yaml`` plus every built-in profile's names) that the
   file has (names compared after NFKC, blank removal and case folding; a trailing unit bracket
   and PatSnap's [标] prefix may be absent); only the table's required fields must be found,
   everything else is optional;
3. otherwise fails before reading any row, naming the fields it could not find, the header names
   it looked for and the file's own columns.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

from ipatlas.errors import IngestError
from ipatlas.ingest.profiles import (
    MAPPABLE,
    PROFILE_DIR,
    REQUIRED,
    TABLE_NAMES,
    Profile,
    alias_data,
    builtin_profiles,
    check_profile,
    header_key,
)
from ipatlas.ingest.statprofile import choose_statistics_profile, statistics_headers
from ipatlas.store.fact_tables import FACT_TABLES

AUTO = "auto"
# GI files have a layout of their own (the GI JSON); statistics: see ingest.statprofile
AUTO_TABLES = tuple(t for t in TABLE_NAMES if t != "gi")


@functools.cache
def aliases(table: str) -> dict[str, tuple[str, ...]]:
    """Canonical field → header names, curated names first, then the built-in profiles' names."""
    out: dict[str, list[str]] = {f: [] for f in MAPPABLE[table]}
    for field, names in (alias_data(table).get("aliases") or {}).items():
        if field in out:
            out[field].extend(str(n) for n in names)
    for prof in builtin_profiles(table):
        for col, (field, _required) in prof.all_columns().items():
            out[field].append(col)
    return {f: tuple(dict.fromkeys(names)) for f, names in out.items() if names}


def expected_headers(table: str) -> set[str]:
    """Every header name the automatic layout knows (for delimiter sniffing and duplicate checks)."""
    if table == "statistics":
        return statistics_headers()
    return {header_key(n) for names in aliases(table).values() for n in names}


def choose_profile(table: str, headers: list[str], file: str) -> Profile:
    """The built-in profile that fits ``headers``, else one built from the known header names."""
    if table not in AUTO_TABLES:
        raise IngestError(f"自动识别字段映射只支持 {'、'.join(AUTO_TABLES)}；请用 --profile 指定", file=file)
    if table == "statistics":
        return choose_statistics_profile(headers, file)
    keys = {header_key(h) for h in headers}
    builtins = builtin_profiles(table)
    fits = [p for p in builtins if all(header_key(c) in keys for c in p.columns)]
    if fits:
        best = max(fits, key=lambda p: sum(header_key(c) in keys for c in p.all_columns()))
        return best.model_copy(deep=True)
    if alias_data(table):
        return _built(table, headers, file)
    closest = min(builtins, key=lambda p: sum(header_key(c) not in keys for c in p.columns))
    missing = [c for c in closest.columns if header_key(c) not in keys]
    raise IngestError(
        f"无法自动识别字段映射：最接近的内置映射 {closest.name} 缺少列 {'、'.join(missing)}。"
        f"文件中的列：{'、'.join(headers[:30])}。请用 --profile 指定内置映射或自定义 YAML 映射文件",
        file=file,
    )


def _match_key(name: str) -> str:
    """Header names compare case-blind (English exports write Legal Status, LEGAL STATUS …)."""
    return header_key(name).casefold()


def _day(key: str) -> str:
    """日期 and 日 end the same date names (公开(公告)日 / 公开(公告)日期, 申请日 / 申请日期)."""
    return re.sub(r"日期$", "日", key)


def _bare_names(header: str) -> list[str]:
    """Shorter names a header also answers to, when no header has them exactly:
    贷款金额（元） is 贷款金额 with its unit (a trailing bracket); PatSnap marks its standardised
    names with [标] ([标]当前申请(专利权)人); Derwent and Orbit qualify a name after " - "
    (IPC - 现版, 发明人 - 带有地址, IPC - International classification): the name before it."""
    key = _match_key(header)
    qualified = re.split(r"\s+-\s+", header.strip(), maxsplit=1)[0]
    names = [re.sub(r"\([^()]*\)$", "", key), re.sub(r"^\[标\]", "", key), _match_key(qualified)]
    return [_day(n) for n in names if n] + [_day(key)]


def _built(table: str, headers: list[str], file: str) -> Profile:
    by_key = {_match_key(h): h.strip() for h in headers if h.strip()}
    for h in headers:
        if _match_key(h) and h.strip():
            for bare in _bare_names(h):
                by_key.setdefault(bare, h.strip())
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for field, names in aliases(table).items():
        for name in names:
            src = by_key.get(_match_key(name)) or by_key.get(_day(_match_key(name)))
            if src is not None and src not in used:
                mapping[field] = src
                used.add(src)
                break
    joined = _joined_parts(table, by_key, mapping, used)
    defaults = {f: str(v) for f, v in (alias_data(table).get("defaults") or {}).items() if f not in mapping}
    missing = [f for f in REQUIRED[table] if f not in mapping and f not in defaults]
    if missing:
        wanted = "；".join(f"{f}（{'、'.join(aliases(table).get(f, ())[:6])}）" for f in missing)
        raise IngestError(
            f"无法自动识别字段映射：缺少 {wanted}。文件中的列：{'、'.join(headers[:30])}。"
            "请用 --profile 指定内置映射或自定义 YAML 映射文件",
            file=file,
        )
    return _profile(table, mapping, defaults, joined)


def _joined_parts(
    table: str, by_key: dict[str, str], mapping: dict[str, str], used: set[str]
) -> dict[str, list[str]]:
    """A field with no column of its own but one column per part (PatSnap: 当前申请(专利权)人州/省,
    …地市, …区县 and no address): the first part found is the field's column, the others follow."""
    out: dict[str, list[str]] = {}
    for field, levels in (alias_data(table).get("joined") or {}).items():
        if field in mapping:
            continue
        found = []
        for names in levels:
            src = next(
                (by_key[k] for k in map(_match_key, names) if by_key.get(k) not in (None, *used)), None
            )
            if src is not None:
                found.append(src)
                used.add(src)
        if found:
            mapping[field] = found[0]
            if found[1:]:
                out[field] = found[1:]
    return out


def _amount_unit(table: str, mapping: dict[str, str]) -> Literal["万元", "元"] | None:
    """The unit a ledger's header states for its amounts (金额（元） / 金额(万元)), if one for all."""
    spec = FACT_TABLES.get(table)
    if spec is None:
        return None
    units: set[Literal["万元", "元"] | None] = set()
    for field, src in mapping.items():
        if spec.field(field).kind == "amount":
            key = header_key(src)
            units.add("万元" if "万元" in key else "元" if re.search(r"\(元\)|元$", key) else None)
    units.discard(None)
    return units.pop() if len(units) == 1 else None


def _profile(
    table: str, mapping: dict[str, str], defaults: dict[str, str], joined: dict[str, list[str]]
) -> Profile:
    builtins = builtin_profiles(table)
    value_maps: dict[str, dict[str, Any]] = {}
    extra = alias_data(table).get("value_maps") or {}
    for vms in [*(p.value_maps for p in builtins), extra]:
        for field, vm in vms.items():
            if field in mapping:
                value_maps.setdefault(field, {}).update({str(k): v for k, v in vm.items()})
    # Chinese-form dates (2012年7月4日) need no format here: sqlexpr.date reads them for every profile.
    formats = list(dict.fromkeys(f for p in builtins for f in p.date_formats))
    # " | " (Patentics, PatSnap) and one value per line (a cell with line breaks) as well
    separators = sorted({p.list_separator for p in builtins} | {"[|]", "\\r?\\n"})
    required = set(REQUIRED[table])
    described = "、".join(
        f"{'+'.join([src, *joined.get(field, [])])}→{field}" for field, src in mapping.items()
    )
    profile = Profile(
        name=AUTO,
        table=table,
        description=f"按表头自动识别：{described}",
        columns={src: f for f, src in mapping.items() if f in required},
        optional_columns={src: f for f, src in mapping.items() if f not in required},
        list_separator="|".join(f"(?:{s})" for s in separators),
        date_formats=formats or Profile.model_fields["date_formats"].get_default(call_default_factory=True),
        value_maps=value_maps,
        defaults=defaults,
        joined_columns=joined,
        amount_unit=_amount_unit(table, mapping),
    )
    check_profile(profile, PROFILE_DIR / table / "_aliases.yaml")
    return profile
