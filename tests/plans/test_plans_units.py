"""Responsible units: note forms, splitting, reader-like expansion, the editable registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.plans import load_registry, parse_plan, split_units
from ipatlas.plans.tasks import find_unit_notes


def test_split_units() -> None:
    assert split_units(
        "市科技局（知识产权局）、经济和信息化委，科协，团市委，列在首位者为牵头部门，下同"
    ) == [
        "市科技局（知识产权局）",
        "经济和信息化委",
        "科协",
        "团市委",
    ]
    assert split_units("市财政局、科技局（知识产权局），各区、县（市）政府") == [
        "市财政局",
        "科技局（知识产权局）",
        "各区、县（市）政府",
    ]
    assert split_units("市知识产权局、市财政局等") == ["市知识产权局", "市财政局"]


@pytest.mark.parametrize(
    ("text", "units", "lead"),
    [
        ("开展工作。〔责任单位：市科技局（知识产权局）、工商局〕", "市科技局（知识产权局）、工商局", None),
        ("开展工作。（责任单位：区市场监管局、区委宣传部）", "区市场监管局、区委宣传部", None),
        ("开展工作。（市知识产权局、市财政局负责）", "市知识产权局、市财政局", None),
        (
            "开展工作。（市知识产权局牵头，市财政局、市商务委配合）",
            "市知识产权局、市财政局、市商务委",
            "市知识产权局",
        ),
        (
            "开展工作。（牵头单位：市知识产权局；配合单位：市财政局）",
            "市知识产权局、市财政局",
            "市知识产权局",
        ),
        ("开展工作。\n牵头单位：市知识产权局；责任单位：市财政局", "市知识产权局、市财政局", "市知识产权局"),
    ],
)
def test_note_forms(text: str, units: str, lead: str | None) -> None:
    rest, notes = find_unit_notes(text)
    assert rest == "开展工作。"
    assert len(notes) == 1
    assert (notes[0].units_text, notes[0].lead_text) == (units, lead)


def test_ordinary_brackets_are_not_notes() -> None:
    text = "建立PCT（专利合作协定）资助，推进“三合一”（民事、刑事、行政）审判。"
    assert find_unit_notes(text) == (text, [])


def test_lead_named_by_qiantou_is_lead_even_if_not_first() -> None:
    plan = parse_plan(
        "某某市工作方案\n一、主要任务\n（一）加强保护。加强执法。（市财政局、市公安局配合，市知识产权局牵头负责）\n"
        "（二）加强运用。推进转化。（牵头单位：市知识产权局；配合单位：市财政局、科技局）\n"
    )
    t = plan.task("一.(一)")
    assert t.units == ["市知识产权局", "市财政局", "市公安局"]
    assert t.lead_unit == "市知识产权局"
    t = plan.task("一.(二)")
    assert t.units == ["市知识产权局", "市财政局", "市科技局"]
    assert t.lead_unit == "市知识产权局"


def test_expansion_follows_the_last_prefix() -> None:
    reg = load_registry()
    r = reg.resolver(reg.regions["210100"])
    refs = r.resolve("市科技局（知识产权局）、工商局、公安局，市法院、检察院")
    assert [u.expanded for u in refs] == [
        "市科技局（知识产权局）",
        "市工商局",
        "市公安局",
        "市法院",
        "市检察院",
    ]
    refs = r.resolve("市委宣传部、组织部、司法局")
    assert [u.expanded for u in refs] == ["市委宣传部", "市委组织部", "市司法局"]  # party organs keep 委
    refs = reg.resolver(reg.regions["500114"]).resolve("区委宣传部、文旅委、黔江海关")
    assert [u.expanded for u in refs] == ["区委宣传部", "区文旅委", "黔江海关"]


REGISTRY = load_registry()
KNOWN_BARE = ["工商局", "公安局", "财政局", "教育局", "司法局", "林业局", "科协", "检察院", "法院", "统计局"]


@given(st.lists(st.sampled_from(KNOWN_BARE), min_size=1, max_size=6, unique=True), st.sampled_from("市区县"))
def test_every_bare_unit_takes_the_prefix(units: list[str], j: str) -> None:
    r = REGISTRY.resolver(None, jurisdiction="市")
    refs = r.resolve("、".join([f"{j}知识产权局", *units]))
    assert all(u.expanded.startswith(j) for u in refs)
    assert all(u.department_id is not None for u in refs)
    assert all(u.normalized.startswith(j) for u in refs)


def test_reforms_normalise_and_explain() -> None:
    reg = load_registry()
    r = reg.resolver(None, jurisdiction="市")
    for old in ("市工商局", "市质监局", "市食药监局", "市工商行政管理局"):
        ref = r.resolve(old)[0]
        assert (ref.expanded, ref.normalized, ref.department_id) == (old, "市市场监管局", "market-regulation")
        assert ref.note and "机构改革" in ref.note
    ref = r.resolve("市科技局（知识产权局）")[0]
    assert ref.normalized == "市知识产权局" and "市场监督管理局" in (ref.note or "")
    # without the Shenyang override the 经信委 stays what it is
    assert r.resolve("市经济和信息化委")[0].normalized == "市经济和信息化委"
    unknown = r.resolve("市某某不存在办")[0]
    assert (unknown.normalized, unknown.department_id) == ("市某某不存在办", None)


def test_region_inheritance_from_national_registry() -> None:
    """渝北区 is not in the department registry: it inherits Chongqing's names (委, not 局)."""
    plan = parse_plan(
        "重庆市渝北区知识产权工作方案\n一、主要任务\n（一）加强保护。加强。（责任单位：区市场监管局、农业农村委）\n"
    )
    assert plan.region is not None and (plan.region.code, plan.region.jurisdiction) == ("500112", "区")
    assert plan.task("一.(一)").units_normalized == ["区市场监管局", "区农业农村委"]


def test_user_registry_overrides(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    path = settings.data_dir / "plans" / "departments.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "departments:\n"
        "  - id: ip-office\n"
        "    aliases: [知产局]\n"
        "  - id: big-data\n"
        "    name: 大数据发展管理局\n"
        "    short: 大数据局\n"
        "    aliases: [大数据局, 大数据发展局]\n"
        "    former:\n"
        "      - names: [数字办]\n"
        "        note: 2020年组建大数据局\n"
        "regions:\n"
        "  '530400':\n"
        "    departments:\n"
        "      - id: market-regulation\n"
        "        short: 市场监督管理局\n",
        "utf-8",
    )
    text = "玉溪市工作方案\n一、主要任务\n（一）加强保护。加强。（责任单位：市知产局、数字办、工商局）\n"
    builtin = parse_plan(text)
    assert builtin.task("一.(一)").units_normalized == ["市知产局", "市数字办", "市市场监管局"]
    plan = parse_plan(text, settings=settings)
    t = plan.task("一.(一)")
    assert t.units == ["市知产局", "市数字办", "市工商局"]
    assert t.units_normalized == ["市知识产权局", "市大数据局", "市市场监督管理局"]
    assert t.unit_details[1].note == "2020年组建大数据局"


def test_bad_user_registry_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "departments.yaml"
    path.write_text("departments:\n  - name: 没有编号\n", "utf-8")
    with pytest.raises(InputError, match=r"departments\.yaml") as exc:
        load_registry(path=path)
    assert exc.value.context["field"] == "departments[0]"
    path.write_text("departments: [\n", "utf-8")
    with pytest.raises(InputError, match="YAML"):
        load_registry(path=path)
    with pytest.raises(InputError, match="不存在"):
        load_registry(path=tmp_path / "missing.yaml")


def test_unknown_region_code() -> None:
    with pytest.raises(InputError, match="未知地区代码"):
        parse_plan("某方案\n一、任务\n", region="999999")
    with pytest.raises(InputError, match="6位"):
        parse_plan("某方案\n一、任务\n", region="chongqing")


# Note forms of the sixth external set's development documents (任务分工 of 天津 2010, 十四五 工作分工).
@pytest.mark.parametrize(
    ("text", "units", "lead"),
    [
        ("加快基地建设。（滨海新区人民政府牵头）", "滨海新区人民政府", "滨海新区人民政府"),
        ("引进人才。（滨海新区人民政府会同有关部门负责）", "滨海新区人民政府、有关部门", "滨海新区人民政府"),
        ("建设高地。(滨海高新\n区管委会、市知识产权局负责)", "滨海高新区管委会、市知识产权局", None),
    ],
)
def test_lead_alone_huitong_and_wrapped_notes(text: str, units: str, lead: str | None) -> None:
    _, [note] = find_unit_notes(text)
    assert (note.units_text, note.lead_text) == (units, lead)


def test_division_document_fused_title_and_headings() -> None:
    from ipatlas.plans.normalize import unflatten

    title = "《某市知识产权“十四五”规划》主要任务工作分工"
    body = "围绕重点企业开展专利布局。" * 10 + "（责任单位：市知识产权局）"
    out = unflatten([f"{title}一、主要任务（一）推进知识产权创造1.提升企业创造水平。{body}"])
    assert out[:3] == [title, "一、主要任务", "（一）推进知识产权创造"]
    assert out[3].startswith("1.提升企业创造水平。")


def test_state_assets_commission_is_registered() -> None:
    reg = load_registry()
    [u] = reg.resolver(reg.region_config("120000")).resolve("市国资委")
    assert u.normalized == "市国资委" and u.department_id == "state-assets"


def test_state_council_division_of_work_notes() -> None:
    # "…牵头，有关部门按职责分工负责，年内持续推进": the schedule clauses stay in the text (deadline),
    # the units are those before them; "A、B等按职责分工负责" has no 牵头: the first listed leads.
    from ipatlas.plans.tasks import find_unit_notes

    text = (
        "加强知识产权保护和运用。（国家知识产权局牵头，教育部、科技部等按职责分工负责，年内持续推进）"
        "促进创业投资发展。（人民银行、证监会等按职责分工负责，6月底前出台相关政策，年内持续推进）"
    )
    rest, notes = find_unit_notes(text)
    assert [(n.units_text, n.lead_text) for n in notes] == [
        ("国家知识产权局、教育部、科技部", "国家知识产权局"),
        ("人民银行、证监会", None),
    ]
    assert "6月底前出台相关政策" in rest and "牵头" not in rest


def test_a_bare_unit_list_and_a_shared_unit_word() -> None:
    from ipatlas.plans.tasks import find_unit_notes
    from ipatlas.plans.units import split_units

    _, notes = find_unit_notes("提高创造水平。（市知识产权、工商、版权局，市经信委、国资委）")
    assert split_units(notes[0].units_text) == ["市知识产权局", "工商局", "版权局", "市经信委", "国资委"]
    # one name alone in brackets is an alias, and a list of places is no note
    assert find_unit_notes("市科技局（知识产权局）负责")[1] == []
    assert find_unit_notes("覆盖（各区县、开发区）")[1] == []
    assert split_units("各区县、市科技局") == ["各区县", "市科技局"]
