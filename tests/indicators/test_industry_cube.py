"""Industry attribution and counting methods in the cube, with imported concordances (samples)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from indicators_lake import D, patent, stat, write_lake

from ipatlas.config import Settings
from ipatlas.indicators import compute_cube, industries, ranking, records, show
from ipatlas.indicators import concordance as conc

SAMPLES = Path(conc.__file__).resolve().parent / "samples"
FIRST = "first-ipc+first-applicant"
ALL_IPC = "all-ipc+first-applicant"
FRAC = "fractional-ipc+first-applicant"


@pytest.fixture(scope="module")
def ind_settings(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Settings:
    s = Settings(data_dir=tmp_path_factory.mktemp("industry") / "data", shared_dir=shared_dir)
    s.ensure_dirs()
    g = {"filed": D(2017, 3, 1), "granted": D(2019, 6, 1)}
    write_lake(
        s,
        patents=[
            # A: computer technology (main) + audio-visual
            patent("CNA", ipcs=["G06F 16/24", "H04N 5/232"], ipc="G06F 16/24", **g),
            # B: image analysis with a keyword of the SEI row "人工智能" -> strategic emerging (1)
            patent("CNB", ipc="G06T 7/00", title="基于深度学习的图像识别方法", **g),
            # C: same IPC, no keyword -> not SEI; every criterion known false -> not high value
            patent("CNC", ipc="G06T 7/00", title="一种图像处理方法", **g),
            # D: battery (main) + electric vehicle; first applicant in the above-scale list
            patent(
                "CND",
                ipcs=["H01M 10/0525", "B60L 50/60"],
                ipc="H01M 10/0525",
                applicants=["重庆示例汽车制造有限公司"],
                **g,
            ),
            # E: in 江北区, applicant also listed (statistics survey figure exists there)
            patent("CNE", adcode="500105", ipc="G06F 1/16", applicants=["重庆示例电子科技有限公司"], **g),
            # F: resolved to the municipality only, with the province code stored in adcode
            patent("CNF", adcode="500000", city="500000", province="500000", ipc="A61K 31/50", **g),
        ],
        statistics=[
            stat("500112", 2020, "above_scale_revenue", 100.0, "亿元"),
            stat("500105", 2020, "above_scale_revenue", 600_000, "万元"),
            stat("500105", 2020, "above_scale_valid_inventions", 30, "件"),
        ],
    )
    for f, kind in (
        ("战略性新兴产业与IPC参照关系_示例非官方表.csv", "sei"),
        ("IPC与国民经济行业参照关系_示例非官方表.csv", "ipc-industry"),
        ("知识产权密集型产业分类_示例非官方表.csv", "ip-intensive"),
        ("规模以上工业企业名录_示例.csv", "enterprises"),
    ):
        conc.import_concordance(s, SAMPLES / f, kind)
    compute_cube(s, years=[2019, 2020], counting=[FIRST, ALL_IPC, FRAC])
    return s


def v(
    s: Settings, iid: str, industry: str | None = None, counting: str = FIRST, region: str = "500112"
) -> Any:
    return {r["id"]: r for r in show(s, region, 2020, industry, counting=counting)}[iid]["value"]


def test_first_all_fractional_counting(ind_settings: Settings) -> None:
    s = ind_settings
    n = "pat_valid_invention"
    # first IPC: A, B, C -> 06 (G06F, G06T); D -> 01 (H01M)
    assert (v(s, n, "wipo:06"), v(s, n, "wipo:02"), v(s, n, "wipo:01"), v(s, n, "wipo:32")) == (3, 0, 1, 0)
    # all IPCs, whole counting: A also in 02; D also in 32 (B60L transport)
    assert (v(s, n, "wipo:06", ALL_IPC), v(s, n, "wipo:02", ALL_IPC), v(s, n, "wipo:32", ALL_IPC)) == (
        3,
        1,
        1,
    )
    # fractional: A and D split in halves; the industries sum to the number of patents
    frac = {f"wipo:{i:02d}": v(s, n, f"wipo:{i:02d}", FRAC) for i in range(1, 36)}
    assert frac["wipo:06"] == pytest.approx(2.5) and frac["wipo:02"] == pytest.approx(0.5)
    assert sum(x for x in frac.values() if x) == pytest.approx(4.0)
    # 'ALL' never depends on the counting method
    assert v(s, n, None, FIRST) == v(s, n, None, FRAC) == 4


def test_official_concordance_industries(ind_settings: Settings) -> None:
    s = ind_settings
    n = "pat_valid_invention"
    assert v(s, n, "sei:1") == 1  # B only: the keyword row; C lacks the keyword
    assert v(s, n, "sei:5") == 0 and v(s, n, "sei:5", ALL_IPC) == 1  # D via B60L 50/* (not its main IPC)
    assert v(s, n, "nic:65") == 1 and v(s, n, "nic:38") == 1  # A (G06F 16/*), D (H01M 10/05*)
    assert v(s, n, "ipi:02") == 1 and v(s, n, "ipi:04") == 1  # via GB/T 4754 classes 6513 and 3841
    ids = {i["id"]: i["name"] for i in industries(s)}
    assert ids["sei:1"] == "新一代信息技术产业" and ids["wipo:06"] == "计算机技术"


def test_high_value_with_sei_known(ind_settings: Settings) -> None:
    s = ind_settings
    rows = {r["id"]: r for r in show(s, "500112", 2020)}
    hv = rows["hv_inv_valid"]
    # B (SEI via keyword) and D (SEI via B60L 50/*, any IPC) are high value; A and C are not
    assert hv["value"] == 2
    assert "missing_criteria" not in hv["flags"] and not hv["flags"].get("lower_bound")
    assert rows["hv_crit_sei"]["value"] == 2


def test_above_scale_numerator_sources(ind_settings: Settings) -> None:
    s = ind_settings
    r = {x["id"]: x for x in show(s, "500112", 2020)}["above_scale_inv_per_100m_revenue"]
    # list match: D's first applicant is in the (sample) enterprise list
    assert (r["numerator"], r["denominator"], r["value"]) == (1, 100.0, pytest.approx(0.01))
    assert r["flags"]["numerator_source"] == "measure:valid_invention_above_scale"
    r = {x["id"]: x for x in show(s, "500105", 2020)}["above_scale_inv_per_100m_revenue"]
    # the statistics survey figure wins over the list match; 600,000 万元 = 60 亿元
    assert (r["numerator"], r["denominator"], r["value"]) == (30, 60.0, pytest.approx(0.5))
    assert r["flags"]["numerator_source"] == "statistics"


def test_industry_records_carry_weights(ind_settings: Settings) -> None:
    page = records(ind_settings, "500112", 2020, "pat_valid_invention", industry="wipo:02", counting=FRAC)
    assert [(r["app_no"], r["weight"]) for r in page.items] == [("CNA", 0.5)]
    assert page.weight_total == pytest.approx(v(ind_settings, "pat_valid_invention", "wipo:02", FRAC))


def test_ranking(ind_settings: Settings) -> None:
    rows = ranking(ind_settings, "county", "500000", 2020, "pat_valid_invention")
    assert rows[0]["region_code"] == "500112" and rows[0]["rank"] == 1
    assert rows[1]["region_code"] == "500105" and rows[1]["rank"] == 2
    zero = [r for r in rows if r["value"] == 0]
    assert len(rows) == 38 and all(r["rank"] == 3 for r in zero)  # ties share a rank


def test_province_code_in_adcode_is_not_a_county(ind_settings: Settings) -> None:
    s = ind_settings
    assert v(s, "pat_valid_invention", region="500000") == 6  # A–F
    counties = ranking(s, "county", None, 2020, "pat_valid_invention")
    assert "500000" not in {r["region_code"] for r in counties}
    page = records(s, "500000", 2020, "pat_valid_invention", limit=None)
    assert page.region_level == "province" and page.total == 6
