"""The operative part and what it decided: the citation sentence before 判决如下, the operative
items, the outcome, the award (an appeal upholding the first instance keeps its items), withdrawals."""

from __future__ import annotations

import re

from ipatlas.litigation.numbers import cn_to_int
from ipatlas.litigation.parsing.money import _claimed, _item_amount, _numbered_items, _sum_items
from ipatlas.litigation.parsing.patterns import _OP_END_RE, _OP_MARK_RE
from ipatlas.litigation.parsing.text import compact

_LATE_PAYMENT = re.compile(r"迟延履行|加倍支付")


def _citation_sentence(text: str) -> str:
    """The 依照/依据/根据 … sentence(s) immediately before 判决如下 (without the late-payment one)."""
    idx = max(
        text.rfind("依照"), text.rfind("依据"), text.rfind("根据"), text.rfind("按照"), text.rfind("适用")
    )
    if idx < 0:
        return ""
    # Extend back over several chained 依照 clauses in the same sentence.
    sent_start = max(text.rfind("。", 0, idx), text.rfind("\n", 0, idx)) + 1
    sentence = text[sent_start:]
    first = re.search(r"依照|依据|根据|按照|适用", sentence)
    sentence = sentence[first.start() :] if first else sentence
    if _LATE_PAYMENT.search(sentence):
        return ""
    return sentence


_ITEM_START = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]")


def _operative(lines: list[str], body_lo: int, sig_start: int) -> tuple[int, str, str]:
    """(line index of the 判决如下 marker, citation text, operative text)."""
    mark_idx = -1
    for i in range(sig_start - 1, body_lo - 1, -1):
        if _OP_MARK_RE.search(lines[i]):
            mark_idx = i
            break
    if mark_idx < 0:
        return -1, "", ""
    line = lines[mark_idx]
    m = list(_OP_MARK_RE.finditer(line))[-1]
    before = line[: m.start()]
    after = line[m.end() :].lstrip("：: ")
    if not re.search(r"依照|依据|根据|按照|适用", before) and mark_idx - 1 >= body_lo:
        before = lines[mark_idx - 1] + "\n" + before
    op_lines = [after] if after else []
    for k in range(mark_idx + 1, sig_start):
        if op_lines and _OP_END_RE.match(lines[k]):
            # A late-payment sentence between two items does not end the operative part.
            if (
                k + 1 < sig_start
                and re.match(r"^如(?:果)?未按", lines[k])
                and _ITEM_START.match(lines[k + 1])
            ):
                continue
            break
        if not op_lines and _OP_END_RE.match(lines[k]) and not re.search(r"驳回|维持|撤销", lines[k]):
            break
        op_lines.append(lines[k])
    operative = "\n".join(op_lines)
    operative = re.split(r"(?:。|\n)(?=如(?:果)?未按|(?:一审|二审)?案件受理费)", operative)[0]
    return mark_idx, before, operative


def _first_instance_operative(body: str) -> str | None:
    """The first-instance judgment's operative part as quoted in a second-instance text."""
    for m in re.finditer(r"(?:判决|判)(?:如下)?[：:]", body):
        before = body[max(0, m.start() - 12) : m.start()]
        if re.search(r"上诉|请求|再审|申请|要求", before):
            continue
        seg = body[m.end() : m.end() + 1500]
        seg = re.split(r"(?:一审|本案)?案件受理费|如未按|如果未按|宣判后|判决后|[^。\n]{0,30}不服", seg)[0]
        if re.search(r"赔偿|驳回|停止", seg):
            return seg
    return None


def _outcome(
    doc_type: str | None, procedure: str, operative: str, awarded: float | None, claimed: float | None
) -> str:
    op = compact(operative)
    if doc_type == "调解书" or re.search(
        r"准许[^。]{0,30}撤回|准予[^。]{0,30}撤回|按[^。]{0,6}撤回[^。]{0,4}(?:起诉|上诉)处理|按撤诉处理|撤回起诉|撤诉",
        op,
    ):
        return "撤诉/调解"
    if re.search(r"管辖[^。]{0,6}异议|移送[^。]{0,20}法院|本案由[^。]{0,30}法院审理", op):
        return "其他"  # a ruling on jurisdiction decides no claim
    if re.search(r"发回[^。]{0,20}重审", op):
        return "撤销并发回重审"
    if re.search(r"驳回上诉[，,]?维持原判|维持原判", op):
        return "维持原判"
    if procedure in ("二审", "再审"):
        if re.search(r"驳回[^。]{0,20}再审申请", op):
            return "驳回"
        if re.search(r"撤销|变更", op):
            return "改判"
        if re.search(r"维持[^。]{0,30}(?:判决|裁定)", op):
            return "维持原判"
        if re.search(r"驳回[^。]{0,10}上诉", op):
            return "维持原判"
    has_order = bool(
        re.search(
            r"停止|赔偿|支付|销毁|消除影响|刊登|刊载|不得|变更企业名称|变更其企业名称|赔礼道歉|确认", op
        )
    )
    rejects = bool(re.search(r"驳回", op))
    if has_order:
        if rejects:
            return "部分支持"
        if claimed and (awarded is None or awarded == 0):
            return "部分支持"
        if claimed and awarded is not None and awarded < claimed * 0.999:
            return "部分支持"  # less than claimed is partial, with or without a 驳回其他诉讼请求 item
        return "支持"
    if rejects:
        return "驳回"
    return "其他"


def _kept_items(op_c: str, first_op: str) -> float | None:
    """Sum of the first-instance items an appeal keeps (维持原判决第一、二项), None if none has an amount."""
    items = _numbered_items(first_op)
    kept = 0.0
    got = False
    for vm in re.finditer(r"维持[^。；]{0,40}?第([一二三四五六七八九十、和及]+)项", op_c):
        for num in re.split(r"[、和及]", vm.group(1)):
            n = cn_to_int(num)
            if n in items:
                a = _item_amount(items[n])
                if a is not None:
                    kept += a
                    got = True
    return kept if got else None


def _damages(
    lines: list[str],
    headers: list[tuple[int, int, int]],
    header_start: int,
    spans: tuple[int, int, int],
    decision: tuple[str, str],
    procedure: str,
    doc_type: str,
) -> tuple[float | None, float | None, str | None]:
    """(claimed, awarded, outcome); ``spans`` is (narrative start, operative mark, signature start),
    ``decision`` (the reasoning before 判决如下, the operative part)."""
    narrative_idx, mark_idx, sig_start = spans
    reasoning, operative = decision
    claimed = _claimed(lines, narrative_idx, mark_idx if mark_idx >= 0 else sig_start)
    if claimed is None and len(headers) > 1:
        # One file, two instances: the first-instance claim is in the earlier document.
        claimed = _claimed(lines, headers[0][2] + 1 if headers[0][2] >= 0 else 0, header_start)
    awarded: float | None = _sum_items(operative) if operative else None
    op_c = compact(operative)
    if procedure in ("二审", "再审"):
        # An appeal that upholds the judgment awards what the first instance awarded.
        first_op = _first_instance_operative(
            "\n".join(lines[narrative_idx : mark_idx if mark_idx >= 0 else sig_start])
        )
        if re.search(r"维持原判|驳回上诉", op_c) and first_op is not None:
            awarded = _sum_items(first_op)
            if awarded is None and claimed is not None:
                awarded = 0.0
        elif first_op is not None and re.search(r"维持[^。；]{0,40}第[一二三四五六七八九十、]+项", op_c):
            kept = _kept_items(op_c, first_op)
            if kept is not None:
                awarded = (awarded or 0.0) + kept
    if doc_type == "判决书" and awarded is None and claimed is not None and mark_idx >= 0:
        awarded = 0.0
    if doc_type in ("裁定书",) and not re.search(r"赔偿|支付", op_c):
        awarded = None
    outcome: str | None = _outcome(doc_type, procedure, operative, awarded, claimed)
    if doc_type == "裁定书" and _withdrawal_granted(
        (lines[mark_idx - 1] if mark_idx > 0 else "") + reasoning
    ):
        outcome = "撤诉/调解"
    elif mark_idx < 0 and doc_type == "裁定书" and _withdrawal_granted(_last_reasoning(lines, narrative_idx)):
        outcome = "撤诉/调解"  # a withdrawal ruling cut inside its 依照… sentence, after 应予准许
    elif mark_idx < 0 and doc_type != "调解书":
        outcome = None  # no operative part in the text (a page cut short): nothing was decided here
    if outcome in ("撤诉/调解", "撤销并发回重审") and not re.search(r"赔偿|支付", op_c):
        awarded = None
    return claimed, awarded, outcome


def _criminal_outcome(
    operative: str, procedure: str, awarded: float | None, outcome: str | None
) -> tuple[float | None, str | None]:
    """A fine is no damages (only a 附带民事 award is); a conviction upholds the charge (支持),
    an acquittal rejects it (驳回); appeals keep the usual 维持原判 / 改判."""
    op = compact(operative)
    if not re.search(r"附带民事|赔偿", op):
        awarded = None
    if procedure == "一审" and op:
        if re.search(r"无罪", op):
            return awarded, "驳回"
        if re.search(r"犯[^。；]{1,40}罪|判处|免予刑事处罚", op):
            return awarded, "支持"
    return awarded, outcome


def _last_reasoning(lines: list[str], lo: int) -> str:
    """The court's own reasoning where a text without its operative part stops: from the last
    本院（经审查）认为 to the end, when the end is near (a page cut inside 依照…)."""
    tail = compact("".join(lines[lo:]))
    k = max(tail.rfind("本院认为"), tail.rfind("本院经审查认为"))
    return tail[k:] if k >= 0 and len(tail) - k < 300 else ""


def _withdrawal_granted(reasoning: str) -> bool:
    """本院认为，原告申请撤诉…应予准许 / 撤回其一审起诉申请…本院予以准许 (before 裁定如下)."""
    c = compact(reasoning)
    return bool(
        re.search(r"撤回[^。；]{0,12}(?:起诉|上诉|诉讼)|撤诉", c)
        and re.search(r"(?:应予|予以|依法)?准[许予]", c)
    )
