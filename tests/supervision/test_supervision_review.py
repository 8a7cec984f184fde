"""The office's review of a unit's filing (报送 → 退回修改 → 重新报送 → 审核通过) on the workflow
engine: roles, the correction limit in working days, approval gating the task's completion, the
CLI and the web forms (CSRF, permissions)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from supervision_helpers import PASSWORD, logged_in_clients, make_user

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanCreate, ReportCreate
from ipatlas.store import workflow
from ipatlas.web import create_app
from ipatlas.workflow.models import WfNotification

SQLITE_ONLY = pytest.mark.parametrize("sv_settings", ["sqlite"], indirect=True)
T = dt.datetime
DONE = ReportCreate(kind="quarterly", period="2025Q1", text="一季度已完成专项整治", progress_status="已完成")


def _ledger(settings: Settings, seeds: dict[str, ParsedPlan]) -> dict[str, int]:
    with workflow.workflow_session(settings) as s:
        for name, role, unit in (
            ("ana", "analyst", None), ("vie", "viewer", None), ("qj-scj", "unit", "黔江区市场监管局"),
            ("qj-court", "unit", "黔江区法院"),
        ):  # fmt: skip
            make_user(s, name, role, unit)
        plan = sv.import_plan(s, PlanCreate(parsed=seeds["district"], tracking_start=dt.date(2025, 1, 1)))
        task = {t.number: t.id for t in sv.list_tasks(s, plan.id)}["三.(一).1"]  # 区市场监管局 alone
    return {"plan": plan.id, "task": task}


def _file(settings: Settings, task: int, at: T = T(2025, 4, 8, 10, 0), **kw: Any) -> int:
    with workflow.workflow_session(settings) as s:
        scj = workflow.get_user(s, username="qj-scj")
        return sv.submit_report(s, task, DONE, actor=scj, data_dir=settings.data_dir, now=at, **kw).id


def test_submit_return_resubmit_approve(sv_settings: Settings, seeds: dict[str, ParsedPlan]) -> None:
    ids = _ledger(sv_settings, seeds)
    rid = _file(sv_settings, ids["task"])
    with workflow.workflow_session(sv_settings) as s:
        users = {u: workflow.get_user(s, username=u) for u in ("ana", "vie", "qj-scj", "qj-court")}
        ana, scj = users["ana"], users["qj-scj"]
        f = sv.filing_review(s, rid, actor=scj)
        assert (f.state, f.state_label, [e.action for e in f.events]) == ("submitted", "已报送", ["submit"])
        # The filing began the task, but its 已完成 waits for the office.
        assert sv.get_task(s, ids["task"]).status == "推进中"
        assert [p.report.id for p in sv.pending_filings(s, actor=ana)] == [rid]

        # Wrong roles are refused by the engine's roles, naming the state and the action.
        for who in ("qj-scj", "vie"):
            with pytest.raises(PermissionDenied, match=r"当前状态为“已报送”.*不能执行“审核通过”（approve）"):
                sv.review_filing(s, rid, "approve", actor=users[who], now=T(2025, 4, 9))
        with pytest.raises(PermissionDenied):
            sv.pending_filings(s, actor=scj)
        with pytest.raises(InputError, match="须说明理由"):
            sv.review_filing(s, rid, "return", actor=ana, now=T(2025, 4, 10, 15, 0))

        # Returned on Thursday 10 April 2025: 5 working days, the weekend not counted, the
        # return day not counted → Thursday 17 April (5 calendar days would be 15 April).
        f = sv.review_filing(s, rid, "return", actor=ana, note="缺少案件办理数据", now=T(2025, 4, 10, 15, 0))
        assert (f.state_label, f.return_reason) == ("已退回", "缺少案件办理数据")
        assert f.correction_due == dt.date(2025, 4, 17)
        assert (
            f.correction_basis and "5个工作日" in f.correction_basis and "内部工作规则" in f.correction_basis
        )
        # The unit's account is told, with the reason and the limit (the engine's outbox).
        sent = s.scalars(select(WfNotification).where(WfNotification.kind == "returned")).all()
        assert [m.recipient for m in sent] == ["qj-scj"]
        assert "缺少案件办理数据" in sent[0].body and "2025年04月17日" in sent[0].body
        refused = r"“已退回”下不允许操作“审核通过”（可用操作：重新报送）"
        with pytest.raises(TransitionNotAllowed, match=refused):
            sv.review_filing(s, rid, "approve", actor=ana, now=T(2025, 4, 11))
        # The unit sees its returned filing with the reason; another unit neither sees nor edits it.
        mine = sv.returned_filings(s, actor=scj)
        assert [(r.report.id, r.return_reason) for r in mine] == [(rid, "缺少案件办理数据")]
        assert sv.returned_filings(s, actor=users["qj-court"]) == []
        with pytest.raises(PermissionDenied):
            sv.resubmit_filing(s, rid, actor=users["qj-court"], text="x", now=T(2025, 4, 11))

        f = sv.resubmit_filing(
            s, rid, actor=scj, text="一季度已完成专项整治，办理案件12件", now=T(2025, 4, 14, 9)
        )
        assert (f.state, f.report.text) == ("submitted", "一季度已完成专项整治，办理案件12件")
        assert f.correction_state == "paused"  # the office's review time does not count
        assert sv.get_task(s, ids["task"]).status == "推进中"

        f = sv.review_filing(s, rid, "approve", actor=ana, note="数据完整", now=T(2025, 4, 15, 9))
        assert (f.state, f.state_label, f.correction_state) == ("approved", "已通过", "met")
        assert [(e.action, e.actor) for e in f.events] == [
            ("submit", "qj-scj"), ("return", "ana"), ("resubmit", "qj-scj"), ("approve", "ana"),
        ]  # fmt: skip
        task = sv.get_task(s, ids["task"])
        assert (task.status, task.completed_on) == ("已完成", dt.date(2025, 4, 8))  # the filing's day
        assert sv.pending_filings(s, actor=ana) == [] and sv.returned_filings(s, actor=scj) == []


@SQLITE_ONLY
def test_approval_gating_is_a_setting(sv_settings: Settings, seeds: dict[str, ParsedPlan]) -> None:
    assert Settings().plans_filing_review is True
    ids = _ledger(sv_settings, seeds)
    rid = _file(sv_settings, ids["task"], require_approval=False)
    with workflow.workflow_session(sv_settings) as s:
        # Off: the filing completes the task as it is filed; the review still runs.
        assert sv.get_task(s, ids["task"]).status == "已完成"
        assert sv.filing_review(s, rid).state == "submitted"
        f = sv.review_filing(s, rid, "approve", now=T(2025, 4, 9), require_approval=False)
        assert f.state == "approved" and sv.get_task(s, ids["task"]).status == "已完成"


@SQLITE_ONLY
def test_cli_review(
    sv_settings: Settings,
    seeds: dict[str, ParsedPlan],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(sv_settings.data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    ids = _ledger(sv_settings, seeds)
    rid = _file(sv_settings, ids["task"])

    code, out, err = invoke(capsys, "plans", "review", str(rid), "--approve", "--as", "qj-scj")
    assert code == 3 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "已报送" in lines[0] and "审核通过" in lines[0], err
    code, out, err = invoke(capsys, "plans", "review", str(rid), "--approve", "--return")
    assert code != 0 and "--approve" in err

    code, out, err = invoke(capsys, "plans", "review", str(rid), "--return", "--note", "请补充附件", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["state"], data["return_reason"], data["report"]["id"]) == ("returned", "请补充附件", rid)
    assert data["correction_due"] and [e["action"] for e in data["events"]] == ["submit", "return"]
    code, out, err = invoke(capsys, "plans", "review", str(rid), "--approve", "--as", "ana")
    assert code == 5 and "已退回" in err and len(err.strip().splitlines()) == 1
    for missing in ("999999", "99999999999999999999"):
        code, out, err = invoke(capsys, "plans", "review", missing, "--approve", "--json")
        assert code != 0 and json.loads(out)["message"].startswith("报送不存在"), err


@pytest.fixture()
def login(sv_settings: Settings) -> Iterator[Any]:
    app = create_app(sv_settings)
    with logged_in_clients(app) as client_for:
        yield client_for


@SQLITE_ONLY
def test_web_review_as_reviewer_and_unit(
    sv_settings: Settings, seeds: dict[str, ParsedPlan], login: Any
) -> None:
    ids = _ledger(sv_settings, seeds)
    rid = _file(sv_settings, ids["task"], at=T(2025, 4, 8, 10, 0))
    ana, atoken = login("ana")
    unit, utoken = login("qj-scj")
    vie, vtoken = login("vie")
    url = f"/plans/filings/{rid}/review"

    page = ana.get("/plans").text
    assert 'data-table="pending-filings"' in page and f'data-filing="{rid}"' in page
    assert f'action="{url}"' in page and ">通过</button>" in page and ">退回</button>" in page
    assert "<script" not in page.split('data-table="pending-filings"')[1].split("</table>")[0]
    assert 'data-table="pending-filings"' not in vie.get("/plans").text

    # Without the CSRF token, as a unit, as a viewer: refused, nothing changes.
    assert ana.post(url, data={"decision": "return", "note": "x"}).status_code == 403
    for c, tok in ((unit, utoken), (vie, vtoken)):
        res = c.post(url, data={"csrf_token": tok, "decision": "approve"}, follow_redirects=False)
        assert res.status_code == 403
    assert ana.get(f"/plans/filings/{rid}.json").json()["state"] == "submitted"
    # Returning without a reason is a clear 400, not a 500.
    res = ana.post(url, data={"csrf_token": atoken, "decision": "return", "back": "list"})
    assert res.status_code == 400 and "须说明理由" in res.text

    res = ana.post(
        url, data={"csrf_token": atoken, "decision": "return", "note": "数据与附件不符", "back": "list"},
        follow_redirects=False,
    )  # fmt: skip
    assert res.status_code == 303 and res.headers["location"] == "/plans#filings"
    # The unit sees it returned, with the reason and the limit, and corrects it.
    my = unit.get("/plans/my").text
    assert 'data-table="returned-filings"' in my and "数据与附件不符" in my
    assert unit.get("/plans/filings.json").json()["returned"][0]["return_reason"] == "数据与附件不符"
    filing = unit.get(f"/plans/filings/{rid}").text
    assert 'id="resubmit"' in filing and 'id="review"' not in filing
    court, ctoken = login("qj-court")  # not a unit of the task: neither reads nor corrects it
    assert court.get(f"/plans/filings/{rid}").status_code == 403
    res = court.post(f"/plans/filings/{rid}/resubmit", data={"csrf_token": ctoken, "text": "x"})
    assert res.status_code == 403 and court.get("/plans/filings.json").json()["returned"] == []
    res = unit.post(
        f"/plans/filings/{rid}/resubmit", data={"csrf_token": utoken, "text": "已补充数据：办理案件12件"},
        follow_redirects=False,
    )  # fmt: skip
    assert res.status_code == 303
    res = ana.post(url, data={"csrf_token": atoken, "decision": "approve"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == f"/plans/filings/{rid}"
    # The timeline is the engine's events.
    page = ana.get(f"/plans/filings/{rid}").text
    assert [a for a in ("报送", "退回修改", "重新报送", "审核通过") if f"<strong>{a}</strong>" in page] == [
        "报送", "退回修改", "重新报送", "审核通过",
    ]  # fmt: skip
    assert "已通过" in page and "已补充数据：办理案件12件" in page
    assert ana.get(f"/plans/tasks/{ids['task']}.json").json()["task"]["status"] == "已完成"
    for path in ("/plans/filings/99999999999999999999.json", "/plans/filings/999999"):
        res = ana.get(path)
        assert res.status_code == 404 and "Traceback" not in res.text


@SQLITE_ONLY
@pytest.mark.browser
def test_review_in_chromium_at_390px(sv_settings: Settings, seeds: dict[str, ParsedPlan]) -> None:
    """The office returns a filing from the 规划督查 page in real Chromium; the unit sees the reason;
    both pages fit 390 px and run no inline script (CSP)."""
    import re
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
    from playwright.sync_api import sync_playwright
    from webhelpers import ARGS, CHROMIUM, serve_in_thread

    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium")
    ids = _ledger(sv_settings, seeds)
    rid = _file(sv_settings, ids["task"])
    errors: list[str] = []
    with serve_in_thread(create_app(sv_settings)) as base, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        for username in ("ana", "qj-scj"):
            ctx = b.new_context(
                base_url=base,
                viewport={"width": 390, "height": 844},
                locale="zh-CN",
            )
            pg = ctx.new_page()
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.set_default_timeout(20_000)
            pg.goto("/login")
            pg.fill("input[name=username]", username)
            pg.fill("input[name=password]", PASSWORD)
            pg.click("button[type=submit]")
            pg.wait_for_load_state()
            if username == "ana":
                pg.goto("/plans")
                row = pg.locator(f"tr[data-filing='{rid}']")
                row.locator("input[name=note]").fill("请补充案件数据")
                row.locator("button", has_text="退回").click()
                pg.wait_for_url(re.compile(r".*/plans#filings$"))
                assert pg.locator(f"tr[data-filing='{rid}']").count() == 0
            else:
                pg.goto("/plans/my")
                reason = pg.locator(f"#returned tr[data-filing='{rid}'] [data-role=reason]")
                assert reason.inner_text() == "请补充案件数据"
            assert pg.locator("html").get_attribute("lang") == "zh-CN"
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 392, f"horizontal scrolling at 390 px for {username}: {width}"
            ctx.close()
        b.close()
    assert not errors, errors
