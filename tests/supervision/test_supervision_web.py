"""The supervision pages through the real app (login sessions, CSRF, roles): the review-and-import
flow, a logged-in unit account limited to its own tasks, downloads opened with openpyxl/python-docx."""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from sqlalchemy import func, select
from supervision_helpers import form_fields, logged_in_clients, make_user

from ipatlas.config import Settings
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanCreate, TaskReport
from ipatlas.store import workflow
from ipatlas.web import create_app

SQLITE_ONLY = pytest.mark.parametrize("sv_settings", ["sqlite"], indirect=True)


@pytest.fixture()
def app(sv_settings: Settings) -> Any:
    return create_app(sv_settings)


@pytest.fixture()
def clients(app: Any) -> Iterator[Any]:
    with logged_in_clients(app) as client_for:
        yield client_for


def _district(sv_settings: Settings, seeds: dict[str, ParsedPlan]) -> dict[str, int]:
    with workflow.workflow_session(sv_settings) as s:
        for name, role, unit in (
            ("ana", "analyst", None), ("vie", "viewer", None), ("qj-scj", "unit", "黔江区市场监管局"),
            ("qj-court", "unit", "黔江区法院"), ("qj-fin", "unit", "黔江区财政局"),
        ):  # fmt: skip
            make_user(s, name, role, unit)
        plan = sv.import_plan(s, PlanCreate(parsed=seeds["district"], tracking_start=dt.date(2025, 1, 1)))
        tasks = {t.number: t.id for t in sv.list_tasks(s, plan.id)}
    return {"plan": plan.id, **tasks}


def _reports(settings: Settings) -> int:
    with workflow.workflow_session(settings) as s:
        return int(s.scalar(select(func.count()).select_from(TaskReport)) or 0)


def test_a_unit_account_over_http(sv_settings: Settings, seeds: dict[str, ParsedPlan], clients: Any) -> None:
    ids = _district(sv_settings, seeds)
    scj_only, shared = ids["三.(一).1"], ids["三.(二).5"]  # 三.(二).5: 区法院 is a co-unit
    court, token = clients("qj-court")

    res = court.get("/plans", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/plans/my"
    page = court.get("/plans/my?as_of=2025-10-05")
    assert page.status_code == 200 and "我的任务" in page.text and 'data-nav="plans"' in page.text
    mine = court.get("/plans/my.json").json()
    numbers = [r["task"]["number"] for r in mine["rows"]]
    assert mine["unit"] == "黔江区法院" and numbers == ["三.(二).3", "三.(二).5"]
    assert f'href="/plans/tasks/{shared}"' in page.text and f'href="/plans/tasks/{scj_only}"' not in page.text
    assert "即将到期" in page.text  # the Q3 reports are due on 10 October

    # Another unit's task: refused as a page and as JSON.
    res = court.get(f"/plans/tasks/{scj_only}")
    assert res.status_code == 403 and "不属于本单位" in res.text
    res = court.get(f"/plans/tasks/{scj_only}.json")
    assert res.status_code == 403 and res.json()["error"] == "PermissionDenied"
    # Another unit's report: refused even with a valid CSRF token; nothing stored.
    res = court.post(
        f"/plans/tasks/{scj_only}/reports",
        data={"csrf_token": token, "kind": "quarterly", "text": "冒报"},
        files=[("files", ("x.txt", b"x", "text/plain"))],
    )
    assert res.status_code == 403 and _reports(sv_settings) == 0
    res = court.post(f"/plans/tasks/{scj_only}/reports.json", json={"kind": "quarterly", "text": "冒报"},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert res.status_code == 403 and _reports(sv_settings) == 0
    # Its own task: without the CSRF token refused, with it filed (text, figures, attachment).
    form = {"kind": "quarterly", "text": "联合执法检查2次", "period": "2025Q3",
            "figure_name": ["检查次数"], "figure_value": ["2"], "figure_unit": ["次"]}  # fmt: skip
    assert court.post(f"/plans/tasks/{shared}/reports", data=form).status_code == 403
    assert (
        court.post(f"/plans/tasks/{shared}/reports", data={**form, "csrf_token": "forged"}).status_code == 403
    )
    res = court.post(
        f"/plans/tasks/{shared}/reports",
        data={**form, "csrf_token": token},
        files=[("files", ("检查记录.txt", "现场检查记录".encode(), "text/plain"))],
        follow_redirects=False,
    )
    assert res.status_code == 303 and _reports(sv_settings) == 1
    detail = court.get(f"/plans/tasks/{shared}.json").json()
    (report,) = detail["reports"]
    assert (report["unit"], report["period"], report["submitted_by"]) == ("黔江区法院", "2025Q3", "qj-court")
    assert report["figures"] == [{"name": "检查次数", "value": 2.0, "unit": "次"}]
    page = court.get(f"/plans/tasks/{shared}")
    assert "联合执法检查2次" in page.text and "检查记录.txt" in page.text
    att = report["attachments"][0]["id"]
    assert court.get(f"/plans/attachments/{att}").content == "现场检查记录".encode()
    # The lead unit of the same task reads it; a unit outside the task does not.
    scj, _ = clients("qj-scj")
    assert scj.get(f"/plans/attachments/{att}").status_code == 200
    fin, _ = clients("qj-fin")
    assert fin.get(f"/plans/attachments/{att}").status_code == 403
    assert fin.get(f"/plans/tasks/{shared}").status_code == 403

    # Plan-wide views and outputs are for the office, not for a unit…
    assert court.get(f"/plans/{ids['plan']}.json").status_code == 403
    res = court.get(f"/plans/{ids['plan']}", follow_redirects=False)
    assert res.headers["location"] == f"/plans/my?plan={ids['plan']}"
    assert court.get(f"/plans/{ids['plan']}/briefing.docx").status_code == 403
    assert (
        court.post(f"/plans/tasks/{shared}", data={"csrf_token": token, "status": "已完成"}).status_code
        == 403
    )
    # …except its own ledger.
    res = court.get(f"/plans/{ids['plan']}/ledger.xlsx")
    assert res.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(res.content))
    assert [r[1] for r in wb["台账"].iter_rows(min_row=2, values_only=True)] == ["三.(二).3", "三.(二).5"]
    assert court.get("/plans/unit.json?name=黔江区市场监管局").json()["unit"] == "黔江区法院"


@SQLITE_ONLY
@pytest.mark.parametrize("name", ["plan.doc", "plan.ofd"])
def test_review_reads_an_old_word_or_ofd_upload(sv_settings: Settings, clients: Any, name: str) -> None:
    """A plan uploaded as a Word 97–2003 file or an OFD document is read like its DOCX or PDF."""
    import office97

    with workflow.workflow_session(sv_settings) as s:
        make_user(s, "ana", "analyst")
    ana, token = clients("ana")
    upload = [
        ("file", (f"方案{name[4:]}", (office97.FIXTURES / name).read_bytes(), "application/octet-stream"))
    ]
    page = ana.post("/plans/review", files=upload, data={"csrf_token": token, "region": ""})
    assert page.status_code == 200 and "核对解析结果" in page.text
    fields = form_fields(page.text, "review-form")
    assert fields["title"].startswith("某") and fields["title"].endswith("（2024—2026年）")
    assert any(k.startswith("t0_") for k in fields)  # a target was read


@SQLITE_ONLY
def test_review_and_import_over_http(
    sv_settings: Settings, shared_dir: Path, clients: Any, seeds: dict[str, ParsedPlan]
) -> None:
    with workflow.workflow_session(sv_settings) as s:
        make_user(s, "ana", "analyst")
        make_user(s, "vie", "viewer")
    ana, token = clients("ana")
    seed = (shared_dir / "seeds" / "002_e28b6c53a957f5e4.txt").read_bytes()
    upload = [("file", ("黔江方案.txt", seed, "text/plain"))]
    assert ana.post("/plans/review", files=upload, data={"region": ""}).status_code == 403  # no CSRF
    page = ana.post("/plans/review", files=upload, data={"csrf_token": token, "region": ""})
    assert page.status_code == 200 and "核对解析结果" in page.text and "三.(二).4" in page.text
    fields = form_fields(page.text, "review-form")
    assert fields["title"] == seeds["district"].title and fields["k0_units"] == "区市场监管局、区委宣传部"
    assert fields["t0_indicator_id"] == "inv_per_10k_pop"
    # The reviewer's corrections: units written the old way, a deadline, key work, a target dropped.
    fields.update(
        k0_units="工商局、区财政局", k0_deadline="2025-06", k3_key="on", tracking_start="2025-01-01"
    )
    fields.pop("t1_include")
    bad = {**fields, "k1_deadline": "明年"}
    res = ana.post("/plans/import", data=bad)
    assert res.status_code == 400 and "任务 三.(一).2的完成时限" in res.text
    assert "工商局、区财政局" in res.text  # the reviewer's edits survive the error
    res = ana.post("/plans/import", data=fields, follow_redirects=False)
    assert res.status_code == 303, res.text
    plan_id = int(res.headers["location"].rsplit("/", 1)[1])
    d = ana.get(f"/plans/{plan_id}.json?as_of=2025-10-15").json()
    assert d["plan"]["source_name"] == "黔江方案.txt" and d["plan"]["tracking_start"] == "2025-01-01"
    t0 = d["tasks"][0]
    assert [u["unit_key"] for u in t0["units"]] == ["黔江区市场监管局", "黔江区财政局"] and t0[
        "deadline"
    ] == "2025-06"
    assert [t["number"] for t in d["tasks"] if t["key_work"]] == ["三.(二).4"]
    assert [t["indicator_id"] for t in d["rollup"]["own"]] == ["inv_per_10k_pop"]
    with workflow.workflow_session(sv_settings) as s:
        (entry,) = workflow.list_audit(s, object_type="plan")
        assert (entry.action, entry.username, entry.object_id) == ("import", "ana", str(plan_id))

    # The JSON twin of the import: the city plan, then the district plan hung under it.
    city = PlanCreate(parsed=seeds["city"], tracking_start=dt.date(2019, 1, 1)).model_dump(mode="json")
    res = ana.post("/plans/import.json", json=city, headers={"X-CSRF-Token": token})
    assert res.status_code == 200, res.text
    city_id = res.json()["id"]
    res = ana.post(
        f"/plans/{plan_id}", data={"csrf_token": token, "parent_id": str(city_id)}, follow_redirects=False
    )
    assert res.status_code == 303
    overview = ana.get(f"/plans/{city_id}.json").json()
    assert [c["plan"]["id"] for c in overview["rollup"]["children"]] == [plan_id]
    assert "黔江区" in ana.get(f"/plans/{city_id}").text

    # A viewer reads but cannot import or change anything.
    vie, vtoken = clients("vie")
    assert vie.get(f"/plans/{plan_id}").status_code == 200
    assert vie.get("/plans/new").status_code == 403
    task = t0["id"]
    res = vie.post(f"/plans/tasks/{task}", data={"csrf_token": vtoken, "status": "已完成"})
    assert res.status_code == 403
    assert ana.get(f"/plans/tasks/{task}.json").json()["task"]["status"] == "未启动"


@SQLITE_ONLY
def test_analyst_pages_edits_and_downloads(
    sv_settings: Settings, seeds: dict[str, ParsedPlan], clients: Any
) -> None:
    ids = _district(sv_settings, seeds)
    ana, token = clients("ana")
    plan = ids["plan"]
    with workflow.workflow_session(sv_settings) as s:
        target = sv.list_targets(s, plan)[0].id
    for url in ("/plans", f"/plans/{plan}", f"/plans/targets/{target}", f"/plans/tasks/{ids['三.(一).1']}",
                "/plans/unit?name=黔江区市场监管局", "/plans/new"):  # fmt: skip
        res = ana.get(url)
        assert res.status_code == 200, url
    assert 'id="target-trajectory"' in ana.get(f"/plans/targets/{target}").text
    assert ana.get(f"/plans/targets/{target}.json").json()["progress"]["status"] == "无数据"  # no cube yet

    task = ids["三.(一).1"]
    edit = {"csrf_token": token, "status": "调整", "status_note": "", "units": "区市场监管局、区财政局",
            "deadline": "2025-12", "cycle": ""}  # fmt: skip
    res = ana.post(f"/plans/tasks/{task}", data=edit)
    assert res.status_code == 400 and "调整须说明" in res.text
    res = ana.post(
        f"/plans/tasks/{task}", data={**edit, "status_note": "按新要求调整"}, follow_redirects=False
    )
    assert res.status_code == 303
    detail = ana.get(f"/plans/tasks/{task}.json").json()
    assert (detail["task"]["status"], detail["task"]["deadline"]) == ("调整", "2025-12")
    # the engine's transition (and the instance's start at import) are in the task's history too
    assert [(a["action"], a["username"]) for a in detail["audit"]] == [
        ("update", "ana"),
        ("wf.adjust", "ana"),
        ("wf.start", "系统"),
    ]
    assert (
        detail["audit"][0]["before"]["status"] == "未启动" and detail["audit"][0]["after"]["status"] == "调整"
    )
    assert detail["audit"][1]["after"]["state"] == "adjusted" and detail["audit"][1]["note"] == "按新要求调整"

    res = ana.get(f"/plans/{plan}/ledger.xlsx?as_of=2025-10-15")
    assert res.status_code == 200 and "attachment" in res.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(res.content))
    assert wb["台账"].max_row - 1 == len(seeds["district"].tasks)
    res = ana.get(f"/plans/{plan}/briefing.docx?quarter=2025Q3&as_of=2025-10-15")
    assert res.status_code == 200
    document = docx.Document(io.BytesIO(res.content))
    assert next(p.text for p in document.paragraphs if p.style.name == "Heading 1") == "一、总体情况"
    assert "督查通报_2025Q3.docx" in unquote(res.headers["content-disposition"])
    assert ana.get(f"/plans/{plan}/briefing.docx?quarter=2025Q5").status_code == 400


@SQLITE_ONLY
def test_a_broken_upload_is_named_by_its_own_name(sv_settings: Settings, clients: Any) -> None:
    """A truncated DOCX uploaded for review: a 400 page naming 规划.docx in Chinese (was the
    server's temporary path, /tmp/…/plan.docx, and zipfile's "File is not a zip file")."""
    with workflow.workflow_session(sv_settings) as s:
        make_user(s, "ana", "analyst")
    ana, token = clients("ana")
    upload = [("file", ("规划.docx", b"PK\x03\x04 truncated", "application/octet-stream"))]
    page = ana.post("/plans/review", files=upload, data={"csrf_token": token, "region": ""})
    assert page.status_code == 400
    text = html.unescape(page.text)
    assert "文件 规划.docx：" in text and "plan.docx" not in text and "zip file" not in text
