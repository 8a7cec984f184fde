"""Case documents (文书) as DOCX: 受理/不予受理通知书, 立案审批表, 延期审批表, 结案报告, 移送函,
调解协议书, 行政处罚决定书 and the 行政裁决书 skeleton, each with its 文书编号 from the office's
per-year sequence. Documents addressed to the respondent never name a confidential
complainant (举报人保密).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ipatlas.protection.constants import DEMO_LABEL, IP_TYPE_LABELS, KIND_LABELS

# Who each document is addressed to: the respondent's documents hide a confidential complainant.
TO_RESPONDENT = {"行政处罚决定书", "行政裁决书", "移送函"}
CONFIDENTIAL_NAME = "举报人（依法保密）"


def _complainant_name(case: Any, doc: str) -> str:
    name = (case.complainant or {}).get("name") or "（匿名）"
    if case.confidential and doc in TO_RESPONDENT:
        return CONFIDENTIAL_NAME
    return str(name)


def _body(doc: str, case: Any, fields: dict[str, Any], at: dt.datetime, office: str) -> list[str]:
    cname = _complainant_name(case, doc)
    rname = (case.respondent or {}).get("name") or "（未提供）"
    right = case.right_info or {}
    what = f"{IP_TYPE_LABELS.get(case.ip_type, case.ip_type)}{KIND_LABELS.get(case.kind, case.kind)}"
    when = f"{case.received_at:%Y年%m月%d日}"
    if doc == "受理通知书":
        return [
            f"{cname}：",
            f"你（单位）于{when}提交的{what}（登记编号 {case.number}），"
            "经审查，符合受理条件，本机关决定受理。",
        ]
    if doc == "不予受理通知书":
        reason = fields.get("reason") or "不符合受理条件"
        return [
            f"{cname}：",
            f"你（单位）于{when}提交的{what}（登记编号 {case.number}），"
            f"经审查，因{reason}，本机关决定不予受理。",
        ]
    if doc == "立案审批表":
        return [
            f"案件来源：{what}（登记编号 {case.number}）",
            f"当事人：{rname}",
            f"权利：{right.get('type') or ''} {right.get('number') or ''}",
            f"案情摘要：{case.facts[:300]}",
            f"承办人：{fields.get('assignee') or ''}",
            "负责人意见：同意立案。",
        ]
    if doc == "延期审批表":
        return [
            f"案件：{case.number}，当事人 {rname}",
            f"延期理由：{fields.get('_note') or ''}",
            f"申请延长：{fields.get('extend_by') or '按规则上限'}",
        ]
    if doc == "结案报告":
        return [
            f"案件：{case.number}（{what}）",
            f"当事人：{rname}",
            f"处理结果：{case.outcome or fields.get('outcome') or '—'}",
            f"结案日期：{at:%Y年%m月%d日}",
        ]
    if doc == "移送函":
        return [
            f"{fields.get('receiver') or ''}：",
            f"本机关在办理{rname}涉嫌{what}一案（{case.number}）中，发现该案不属于本机关管辖或涉嫌犯罪，"
            "现依法移送你单位处理，请于收到本函后按期回执。",
            f"投诉/举报人：{cname}",
        ]
    if doc == "调解协议书":
        return [
            f"申请人：{cname}",
            f"被申请人：{rname}",
            f"经{fields.get('mediator') or '调解员'}主持调解，双方自愿达成如下协议：",
            "一、……",
            "二、……",
        ]
    if doc == "行政处罚决定书":
        return [
            f"当事人：{rname}",
            f"违法事实：{case.facts[:300]}",
            f"处罚种类与金额：{fields.get('penalty_kind') or ''} {fields.get('amount') or ''}",
            f"法律依据：{fields.get('basis') or '（待填）'}",
            f"举报人：{cname}",
        ]
    if doc == "行政裁决书":
        return [
            f"请求人：{cname}",
            f"被请求人：{rname}",
            f"专利号：{right.get('number') or ''}",
            "请求事项：……",
            "本机关查明：……",
            "本机关认为：……",
            f"裁决如下：{fields.get('outcome') or '……'}",
            "当事人不服本裁决的，可以自收到本裁决书之日起十五日内依照《中华人民共和国行政诉讼法》向人民法院起诉。",
        ]
    return [f"案件：{case.number}"]


def write_document(
    directory: Path, *, doc: str, number: str, case: Any, fields: dict[str, Any], at: dt.datetime, office: str
) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = Document()
    if case.is_demo:
        p = d.add_paragraph(f"【{DEMO_LABEL}】")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    h = d.add_heading(office, level=1)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t = d.add_heading(doc, level=2)
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    n = d.add_paragraph(number)
    n.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in _body(doc, case, fields, at, office):
        d.add_paragraph(line)
    sig = d.add_paragraph(f"{office}\n{at:%Y年%m月%d日}")
    sig.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    directory.mkdir(parents=True, exist_ok=True)
    safe = number.replace("〔", "-").replace("〕", "-").replace("号", "")
    path = directory / f"{safe}-{doc}.docx"
    d.save(str(path))
    return path
