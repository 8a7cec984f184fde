"""IPC normalisation, the WIPO concordance, and importing user-supplied official concordances."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.indicators import concordance as conc
from ipatlas.indicators.ipc import Pattern, normalize, parse_pattern

SAMPLES = Path(conc.__file__).resolve().parent / "samples"
SAMPLE_FILES = {
    "sei": "战略性新兴产业与IPC参照关系_示例非官方表.csv",
    "ipc-industry": "IPC与国民经济行业参照关系_示例非官方表.csv",
    "ip-intensive": "知识产权密集型产业分类_示例非官方表.csv",
    "enterprises": "规模以上工业企业名录_示例.csv",
}


def test_normalize_padded_and_compact_forms() -> None:
    assert normalize("H04N   3") == "H04N 3/"
    assert normalize("H04N  13/") == "H04N 13/"
    assert normalize("G06F16/24") == "G06F 16/24"
    assert normalize("G06F 0016/024") == "G06F 16/024"
    assert normalize("ｇ06f 16／24") is None or normalize("G06F 16／24") == "G06F 16/24"
    assert normalize("X99Z 1/00") is None


def test_patterns() -> None:
    assert parse_pattern("H04N") == Pattern("H04N")
    assert parse_pattern("H04N 3/00") == Pattern("H04N 3/")  # the whole main group
    assert parse_pattern("H04N 3/00", exact_mark=True) == Pattern("H04N 3/00", exact=True)
    assert parse_pattern("H04N 3/12") == Pattern("H04N 3/12", exact=True)
    p = parse_pattern("H04N 3/1*")
    assert p.matches("H04N 3/12") and p.matches("H04N 3/145") and not p.matches("H04N 3/20")
    q = parse_pattern("H04N 1*")
    assert q.matches("H04N 1/00") and q.matches("H04N 13/02") and not q.matches("H04N 21/00")
    with pytest.raises(InputError):
        parse_pattern("not an ipc")


def test_wipo_longest_prefix_and_padding() -> None:
    # the source writes 'H04N   3' for main group H04N 3/: without normalisation these never match
    assert conc.wipo_field("H04N 3/12") == "02"  # audio-visual (main-group prefix)
    assert conc.wipo_field("H04N 1/00") == "03"  # telecommunications
    assert conc.wipo_field("H04N 21/234") == "04"  # digital communication
    assert conc.wipo_field("H04N 101/00") == "02"  # 'H04N 1/' must not catch 'H04N 101/'
    assert conc.wipo_field("A61K 8/02") == "14"  # cosmetics: organic fine chemistry
    assert conc.wipo_field("A61K 31/00") == "16"  # pharmaceuticals
    assert conc.wipo_field("G06F 16/24") == "06"
    assert conc.wipo_field("F21V 5/04") == "01"  # subclass prefix
    assert len(conc.wipo_fields()) == 35


def test_packaged_wipo_table_matches_the_shared_source(shared_dir: Path) -> None:
    """Every row of WIPO's file maps, after normalisation, to the same field in the package."""
    src = shared_dir / "data" / "wipo_ipc_technology_concordance.csv"
    with open(src, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 764
    for r in rows:
        prefix = normalize(r["ipc_prefix"])
        assert prefix is not None
        probe = prefix + "99" if prefix.endswith("/") else prefix + " 99/99"
        assert conc.wipo_field(probe) == f"{int(r['field_number']):02d}", r


def test_gbt4754_validation() -> None:
    assert conc.check_gbt_code("3911") is None
    assert conc.check_gbt_code("39") is None
    assert conc.check_gbt_code("391") is None
    assert "不在" in str(conc.check_gbt_code("3999"))
    assert "格式" in str(conc.check_gbt_code("C"))


@pytest.mark.parametrize("kind", list(SAMPLE_FILES))
def test_import_samples(settings: Settings, kind: str) -> None:
    info = conc.import_concordance(settings, SAMPLES / SAMPLE_FILES[kind], kind)
    assert info.is_sample and info.entries > 0
    assert "示例" in (info.label or "")
    listed = {c["kind"]: c for c in conc.list_concordances(settings)}
    assert listed[kind]["imported"] is True and listed[kind]["is_sample"] is True
    assert listed["wipo"]["builtin"] is True


def test_sample_semantics(settings: Settings) -> None:
    for kind in ("sei", "ipc-industry", "ip-intensive"):
        conc.import_concordance(settings, SAMPLES / SAMPLE_FILES[kind], kind)
    ipcs = ["G06T 7/00", "A61K 31/70", "A61K 31/50", "H01M 10/00", "H01M 10/0525", "C02F 1/44", "G06F 1/16"]
    maps = conc.build_maps(settings, ["sei", "nic", "ipi"], ipcs)
    sei = {(r["ipc"], r["industry"]): r["kw"] for r in maps.maps["sei"].to_pylist()}
    assert sei[("G06T 7/00", "sei:1")] == "人工智能|深度学习|神经网络"  # keyword-conditional row
    assert ("A61K 31/50", "sei:4") in sei and ("A61K 31/70", "sei:4") not in sei  # inline 不含
    assert ("H01M 10/00", "sei:7") in sei and ("H01M 10/0525", "sei:7") not in sei  # 精确
    assert not any(i == "C02F 1/44" for i, _ in sei)  # 不含 column
    nic = {(r["ipc"], r["industry"]) for r in maps.maps["nic"].to_pylist()}
    assert ("G06F 1/16", "nic:39") in nic and ("H01M 10/0525", "nic:38") in nic
    ipi = {(r["ipc"], r["industry"]) for r in maps.maps["ipi"].to_pylist()}
    assert ("G06F 1/16", "ipi:01") in ipi and ("H01M 10/0525", "ipi:04") in ipi
    assert maps.names["sei:1"] == "新一代信息技术产业"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_bad_industry_code_names_file_row_field(settings: Settings, tmp_path: Path) -> None:
    f = _write(tmp_path, "bad.csv", "国民经济行业代码,IPC\n3911,G06F 1/*\n3999,G06F 3/*\n")
    with pytest.raises(InputError) as exc:
        conc.import_concordance(settings, f, "ipc-industry")
    assert exc.value.context["row"] == 3 and exc.value.context["field"] == "国民经济行业代码"
    assert "bad.csv" in exc.value.message and "3999" in exc.value.message


def test_bad_ipc_and_missing_header(settings: Settings, tmp_path: Path) -> None:
    f = _write(tmp_path, "bad_ipc.csv", "战略性新兴产业代码,IPC\n1.1,H04L 12/*\n1.2,HH01L\n")
    with pytest.raises(InputError) as exc:
        conc.import_concordance(settings, f, "sei")
    assert exc.value.context["row"] == 3 and exc.value.context["field"] == "IPC"
    g = _write(tmp_path, "nohead.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match="找不到表头"):
        conc.import_concordance(settings, g, "sei")
    h = _write(tmp_path, "ipi.csv", "代码,名称,国民经济行业代码\n0101,计算机,391\n")
    with pytest.raises(InputError, match="小类"):
        conc.import_concordance(settings, h, "ip-intensive")


def test_xlsx_import(settings: Settings, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["示例，非官方表"])
    ws.append(["国民经济行业代码", "国民经济行业名称", "IPC"])
    ws.append(["3911", "计算机整机制造", "G06F 1/*"])
    ws.append([3841, "锂离子电池制造", "H01M 10/05*"])
    path = tmp_path / "示例.xlsx"
    wb.save(path)
    info = conc.import_concordance(settings, path, "ipc-industry")
    assert info.entries == 2 and info.codes == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "gb18030"])
def test_a_table_saved_in_another_encoding_reads_the_same(
    settings: Settings, tmp_path: Path, encoding: str
) -> None:
    """Excel's "Unicode text" (UTF-16, with or without its byte-order mark) and GBK: the one text
    decoder of sourcetext, as plans and laws are read (it refused UTF-16 before)."""
    text = (SAMPLES / SAMPLE_FILES["sei"]).read_text("utf-8-sig")
    f = tmp_path / f"sei_{encoding}.csv"
    f.write_bytes(text.encode(encoding))
    got = conc.import_concordance(settings, f, "sei")
    want = conc.import_concordance(settings, SAMPLES / SAMPLE_FILES["sei"], "sei")
    assert (got.rows, got.entries, got.codes) == (want.rows, want.entries, want.codes)
