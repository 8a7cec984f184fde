"""The demo files are real exports in the importer's layouts, marked as demo data, and
deterministic in the seed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from demo_reference import profile, read_rows

from ipatlas import DEMO_LABEL
from ipatlas.demo import MANIFEST, SIDECAR_SUFFIX, DemoManifest, generate


def _hashes(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir()) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path, shared_dir: Path) -> None:
    kw = {"records": 3000, "trademarks": 1500, "shared_dir": shared_dir}
    generate(tmp_path / "a", seed=11, **kw)
    generate(tmp_path / "b", seed=11, **kw)
    generate(tmp_path / "c", seed=12, **kw)
    a, b, c = _hashes(tmp_path / "a"), _hashes(tmp_path / "b"), _hashes(tmp_path / "c")
    assert a == b
    assert set(a) == set(c)
    data = [n for n in a if not n.endswith((".json",))]
    assert len(data) >= 7
    assert all(a[n] != c[n] for n in data)
    # regenerating into the same directory leaves exactly the same set of files
    generate(tmp_path / "a", seed=11, **kw)
    assert _hashes(tmp_path / "a") == a


def test_headers_are_the_profiles_columns(cq_demo: DemoManifest) -> None:
    for f in cq_demo.files:
        prof = profile(f.table, f.profile)
        rows = read_rows(cq_demo.path(f.name), f.encoding)
        header = list(rows[0])
        if f.table == "statistics":
            for key in ("region_code_column", "region_name_column", "year_column"):
                assert prof[key] in header
            assert {c for c in header if "(" in c} <= set(prof["variables"])
            continue
        required = [str(c) for c in prof["columns"]]
        assert header[: len(required)] == required, f.name
        assert set(header[len(required) :]) <= set(prof.get("optional_columns") or {})


def test_labels_are_in_the_value_maps(cq_demo: DemoManifest) -> None:
    for f in cq_demo.files_of("patents"):
        prof = profile("patents", f.profile)
        col = {v: k for k, v in prof["columns"].items()}
        opt = {v: k for k, v in (prof.get("optional_columns") or {}).items()}
        rows = read_rows(cq_demo.path(f.name), f.encoding)
        kinds = Counter(str(r[col["kind"]]) for r in rows)
        unknown = sum(n for k, n in kinds.items() if k not in prof["value_maps"]["kind"])
        assert unknown == f.dirty.get("unknown_kind", 0), (f.name, kinds)
        statuses = {str(r[col["legal_status"]]) for r in rows}
        assert statuses <= set(prof["value_maps"]["legal_status"]), f.name
        types = {r[opt["applicant_type"]] for r in rows} - {None, ""}
        assert types <= set(prof["value_maps"]["applicant_type"]), f.name
        seps = {"standard": ";", "incopat": "; ", "patsnap": " | "}
        multi = [
            r[col["inventors"]] for r in rows if r[col["inventors"]] and len(str(r[col["inventors"]])) > 8
        ]
        assert any(seps[f.profile] in str(x) for x in multi)


def test_encodings_and_date_formats(cq_demo: DemoManifest) -> None:
    by_name = {f.name: f for f in cq_demo.files}
    std = next(f for f in cq_demo.files_of("patents") if f.profile == "standard")
    assert cq_demo.path(std.name).read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with BOM
    gb = next(f for f in cq_demo.files if f.encoding == "gb18030")
    raw = cq_demo.path(gb.name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gb18030")
    assert "\r\n" in text and "演示数据" in text
    assert re.search(r",\"?\d{4}/\d{2}/\d{2}\"?,", text)
    pat = next(f for f in cq_demo.files_of("patents") if f.profile == "patsnap")
    assert re.search(r",\"?\d{8}\"?,", cq_demo.path(pat.name).read_text("utf-8"))
    xlsx = [f for f in by_name.values() if f.format == "xlsx"]
    assert len(xlsx) == 1
    wb = openpyxl.load_workbook(cq_demo.path(xlsx[0].name), read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert len(rows) - 1 == xlsx[0].rows
    filing = rows[0].index("申请日")
    cells = [r[filing] for r in rows[1:]]
    assert sum(isinstance(c, dt.datetime) for c in cells) >= len(cells) - xlsx[0].dirty_rows


def test_everything_is_marked_as_demo(cq_demo: DemoManifest) -> None:
    assert cq_demo.out_dir is not None
    man = json.loads((cq_demo.out_dir / MANIFEST).read_text("utf-8"))
    assert man["label"] == DEMO_LABEL
    for f in cq_demo.files:
        assert f.name.isascii()
        side = json.loads((cq_demo.out_dir / (f.name + SIDECAR_SUFFIX)).read_text("utf-8"))
        assert side["label"] == DEMO_LABEL and side["demo"] is True
        assert side["sha256"] == hashlib.sha256(cq_demo.path(f.name).read_bytes()).hexdigest()
    pat = cq_demo.files_of("patents")[0]
    rows = read_rows(cq_demo.path(pat.name), pat.encoding)
    assert all(str(r["摘要"]).startswith("【演示数据】") for r in rows)
    cal = man["calibration"]
    assert cal["valid_patents_2015_12_31"]["published"] == 94_975
    assert cal["valid_patents_2015_12_31"]["achieved"] == cal["valid_patents_2015_12_31"]["target"]
    assert cal["inventions_per_10k_2015"]["published"] == 4.31
    assert 0 < man["scale"] < 1 and man["realistic_records"] > 900_000


def test_spatial_skew_and_names(cq_demo: DemoManifest) -> None:
    counts: Counter[str] = Counter()
    old_names = 0
    traditional = 0
    for f in cq_demo.files_of("patents"):
        for r in read_rows(cq_demo.path(f.name), f.encoding):
            addr = str(next(v for k, v in r.items() if "地址" in k) or "")
            for name in ("渝北", "城口", "巫溪", "酉阳", "秀山", "九龙坡", "沙坪坝"):
                if name in addr:
                    counts[name] += 1
            old_names += any(x in addr for x in ("梁平县", "武隆县", "开县", "潼南县", "荣昌县", "璧山县"))
            traditional += "區" in addr or "縣" in addr
    assert counts["渝北"] > 20 * counts["城口"] > 0
    assert counts["渝北"] > 10 * max(counts["巫溪"], counts["酉阳"], counts["秀山"])
    assert counts["九龙坡"] > 5 * counts["秀山"]
    assert old_names > 0 and traditional > 0
