"""Amounts ordered or claimed: the items of an operative part or a claim, their sums (合计, joint
liability, costs and breakdowns left out), the first-instance claim as amended; punitive damages applied."""

from __future__ import annotations

import re

from ipatlas.litigation.numbers import cn_to_int, parse_amounts


def _sentences_with_amounts(text: str) -> float | None:
    amounts = [a for a, _, _ in parse_amounts(text)]
    return sum(amounts) if amounts else None


_MONEY_VERB = re.compile(r"赔偿|支付|给付|赔付|补偿|返还|承担[^。；]{0,12}(?:损失|费用|开支|支出)")
#: 合理诉讼费用 (a claimant's reasonable expenses of the suit) is an expense, not the court's fees.
_NOT_DAMAGES = re.compile(
    r"受理费|(?<!合理)(?<!合理的)诉讼费|保全费|公告费|鉴定费用?由|迟延履行|案件受理|申请费|执行费"
)


def _item_amount(item: str) -> float | None:
    """Money an item orders (or claims): the 合计 when given, else the sum of its amounts."""
    if not _MONEY_VERB.search(item):
        return None
    # An amended figure in brackets replaces the one before it: 6000元（…更改为3441元）.
    item = re.sub(
        r"[\d,，.万亿零〇一二三四五六七八九十百千]+元（[^（）]*?(?:更改|变更|调整|减少|增加|明确)[^（）]*?为([^（）]*?元)[^（）]*）",
        r"\1",
        item,
    )
    # Costs claimed together with expenses (诉讼费及…合理开支…): the costs are not damages, the
    # expenses are.
    costs_and = r"(?:本案)?(?:案件)?(?:受理费|诉讼费用?)(?:及|和|、|以及)"
    item = re.sub(costs_and + r"(?=[^。；]*?(?:合理|律师费|开支|支出))", "", item)
    # Amounts inside (含/包括/其中 …) brackets are parts of the figure outside them; a bracket that
    # gives the only figure (合理开支（包括律师费等共计10万元）) is the figure.
    inner = r"（[^（）]*(?:含|包括|其中|以下|即)[^（）]*）"
    outside = re.sub(inner, "", item)
    item = outside if parse_amounts(outside) else re.sub(r"[（）]", "，", item)
    # …共计50万元，其中合理开支包括律师费1万元…合计10544元: a breakdown of the figure before it.
    item = re.sub(r"(?<=元)[，,]\s*其中[^。；;]*", "", item)
    item = re.split(r"(?<!合理)(?<!合理的)(?=(?:案件|诉讼)?(?:受理费|诉讼费|(?<!证据)保全费))", item)[0]
    # A joint-liability clause repeats an amount already ordered.
    clauses = re.split(r"(?<=[，；,])", item)
    item = "".join(
        c
        for c in clauses
        if not (
            re.search(r"连带|共同承担|补充", c)
            and re.search(r"上述|前述|其中|范围内|第[一二三四五六七八九十\d]+项|债务", c)
        )
    )
    found = parse_amounts(item)
    if not found:
        return None
    for kw in ("合计", "共计", "总计", "共", "合计为", "总额"):
        for m in re.finditer(kw, item):
            if re.search(r"元、[^，,。；;元]{1,12}$", item[: m.start()]):
                continue  # 经济损失75万元、维权合理开支共计11万元: the 共计 totals only the last item
            after = [a for a, s, _ in found if 0 <= s - m.end() <= 12]
            if after:
                return after[0]
    amounts = []
    for a, s, _ in found:
        before = item[max(0, s - 14) : s]
        if _NOT_DAMAGES.search(before) or re.search(r"其中|包括|含|包含", before[-6:]):
            continue
        amounts.append(a)
    return sum(amounts) if amounts else None


_ITEM_SPLIT = re.compile(
    r"(?:^|[；;。])\s*(?=[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]|第[一二三四五六七八九十]项)"
)


def _items(text: str) -> list[str]:
    parts = [p for p in _ITEM_SPLIT.split(text) if p.strip()]
    out: list[str] = []
    for p in parts:
        out.extend(x for x in re.split(r"；", p) if x.strip())
    return out


def _numbered_items(text: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for m in re.finditer(
        r"[（(]?([一二三四五六七八九十]{1,2}|\d{1,2})[）)、.．]\s*(.*?)(?=[；;。]\s*[（(]?(?:[一二三四五六七八九十]{1,2}|\d{1,2})[）)、.．]|$)",
        text,
    ):
        n = cn_to_int(m.group(1))
        if n is not None and n not in out:
            out[n] = m.group(2)
    return out


def _sum_items(text: str) -> float | None:
    total = 0.0
    seen = False
    for item in _items(text):
        if re.match(r"^\s*驳回", item):
            continue
        a = _item_amount(item)
        if a is not None:
            total += a
            seen = True
    return round(total, 2) if seen else None


_CLAIM_ANCHOR = re.compile(
    r"诉讼请求|(?:原告|一审)诉求[：:]?$|请求(?:依法)?(?:人民)?法院|请求(?:依法)?判令|请求(?:依法)?判决|要求(?:依法)?判令|请求[：:]|诉请|判令被告|请求本院|故诉至|诉至本院|起诉要求"
)


_AMEND_HINT = re.compile(r"变更|增加|减少|明确|调整|撤回")
_AMEND_RE = re.compile(
    r"(?:变更|增加|减少|明确|调整|撤回)[^。]{0,20}(?:诉讼请求|诉请|赔偿(?:数额|金额|请求))"
)


_CLAIM_GROUNDS = re.compile(r"[。；]?\s*事实(?:和|与|及)理由[：:]")
_COURT_DECIDED = re.compile(r"。(?=[^。]{0,30}法院[^。]{0,12}(?:判决|裁定|认为|审理认为))")


_FIRST_INSTANCE_CLAIM = re.compile(r"(?:一审|原审)(?:中|时)?(?:提出|提起)?的?诉讼请求(?:是|为)[：:]")


def _claimed(lines: list[str], start: int, stop: int) -> float | None:
    """Total first-instance money claim (loss + expenses), the amended figure when amended."""
    amount: float | None = None
    claim_idx = -1
    for i in range(start, stop):
        line = lines[i]
        if re.search(r"上诉请求|上诉称|申请再审称|再审请求|上诉理由|辩称|答辩", line[:40]):
            continue
        if re.match(r"^(?:本院认为|经审理查明|本院经审理|一审法院认为|原审法院认为)", line):
            break
        m = _CLAIM_ANCHOR.search(line)
        if not m or re.search(r"上诉|再审|驳回", line[max(0, m.start() - 12) : m.start()]):
            continue
        if m.group(0) == "判令被告" and re.search(
            r"(?:判决|法院)[，,]?$", line[max(0, m.start() - 8) : m.start()]
        ):
            continue  # the court's order in a report (…作出一审判决，判令被告…赔偿…), not a claim
        # A summary's paragraph goes on to what a court decided (…法院一审判决…赔偿…320万元): not the claim.
        seg = _COURT_DECIDED.split(line[m.start() :], maxsplit=1)[0]
        # 诉讼请求：1.…；2.…。事实和理由：… the grounds that follow the claim quote other sums.
        seg, *grounds = _CLAIM_GROUNDS.split(seg, maxsplit=1)
        j = i + 1
        while (
            not grounds
            and j < stop
            and re.match(r"^[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]", lines[j])
            and len(lines[j]) < 300
        ):
            seg += "；" + lines[j]
            j += 1
        a = _sum_items(seg)
        if a is not None:
            amount = a
            claim_idx = i
            break
    if amount is None:
        # A 二审 restating the first-instance claim among its findings (再查明，甲一审提出的诉讼请求是：).
        for i in range(start, stop):
            m = _FIRST_INSTANCE_CLAIM.search(lines[i])
            if m:
                seg = _CLAIM_GROUNDS.split(lines[i][m.end() :].split("。")[0], maxsplit=1)[0]
                amount = _sum_items(seg)
                if amount is not None:
                    claim_idx = i
                    break
    # Amended claims: a later sentence that changes the claim to a new figure.
    for i in range(max(start, claim_idx), stop):
        line = lines[i]
        if re.match(r"^本院(?:经审理)?认为", line):
            break  # the court's reasoning: a party amends its claim in the story before it
        if not _AMEND_HINT.search(line):
            continue
        for sent in line.split("。"):
            if not _AMEND_RE.search(sent):
                continue
            if "上诉" in sent[:10] or not re.search(r"赔偿|损失|支出|费用", sent):
                continue
            parts = re.split(r"变更为|变更|增加为|增加至|减少为|减少至|调整为|明确为", sent)
            # Without a 变更为-style verb the new figure follows the amendment phrase.
            tail = parts[-1] if len(parts) > 1 else sent[_AMEND_RE.search(sent).end() :]  # type: ignore[union-attr]
            a = _sum_items(tail)
            if a is not None:
                amount = a
    return amount


def _punitive(text: str) -> bool:
    for m in re.finditer(r"惩罚性赔偿", text):
        window = text[max(0, m.start() - 30) : m.end() + 30]
        if re.search(
            r"不适用|不予支持|不符合|不应|没有依据|无依据|缺乏依据|不能成立|不予采纳|未支持", window
        ):
            continue
        return True
    return False
