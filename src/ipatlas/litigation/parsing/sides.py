"""First-instance sides: from the role label, else from the story's cues (原告X, X诉称, X提起诉讼);
third parties listed in site metadata, withdrawn parties; the side lists, party records and counsel."""

from __future__ import annotations

import re
from typing import Any

from ipatlas.litigation.parsing.party import Party, _party_type
from ipatlas.litigation.parsing.patterns import _CRIMINAL_SIDES
from ipatlas.litigation.parsing.text import compact

_SIDE_IN_PAREN = re.compile(r"(?<!反诉)(?:一审|原审|二审)?(原告|被告|第三人)")


def _direct_side(role: str, paren: str | None) -> str | None:
    if role in _CRIMINAL_SIDES:
        return _CRIMINAL_SIDES[role]
    if paren:
        m = _SIDE_IN_PAREN.search(paren)
        if m:
            return m.group(1)
    for side in ("第三人", "原告", "被告"):
        if role.endswith(side) and not role.startswith("反诉"):
            return side
    if role == "反诉原告":
        return "被告"
    if role == "反诉被告":
        return "原告"
    return None


#: The agencies whose decisions IP administrative cases review (a masked name keeps its start: 国家知识***).
_AGENCY_RE = re.compile(r"知识产权局|商标局|商标评审委员会|专利复审委员会|^国家知识")


_OPPOSED = {
    "上诉人": "被上诉人",
    "被上诉人": "上诉人",
    "再审申请人": "再审被申请人",
    "再审被申请人": "再审申请人",
    "申诉人": "被申诉人",
    "被申诉人": "申诉人",
}


def _infer_sides(parties: list[Party], body: str) -> None:
    """Sides of parties whose label (上诉人, 申请人 …) does not say which side they were on."""
    scores: dict[int, int] = {}
    for p in parties:
        if p.side:
            continue
        if _AGENCY_RE.search(p.name):
            p.side = "被告"  # an administrative case is brought against the agency
            continue
        scores[id(p)] = score = _side_score(p, body)
        if score > 0:
            p.side = "原告"
        elif score < 0:
            p.side = "被告"
    _separate_opposed(parties, scores)
    for p in parties:
        if p.side:
            continue
        sides = {q.side for q in parties}
        # 上诉人甲与被上诉人乙: the roles paired in the story stand on opposite sides.
        opposed = {q.side for q in parties if q.side in ("原告", "被告") and _OPPOSED.get(q.role) == p.role}
        if len(opposed) == 1:
            p.side = "被告" if opposed == {"原告"} else "原告"
        elif "原告" not in sides:
            p.side = "原告"
        elif "被告" not in sides:
            p.side = "被告"
        else:
            p.side = "被告" if p.role.startswith("被") else "原告"


def _side_score(p: Party, body: str) -> int:
    """How strongly the story puts a party on the plaintiff's side (> 0) or the defendant's (< 0)."""
    score = 0
    for alias in [p.name, *p.aliases]:
        if len(alias) < 2:
            continue
        a = re.escape(alias)
        score += 2 * len(re.findall(rf"(?:一审|原审)?原告{a}", body))
        score -= 2 * len(re.findall(rf"(?:一审|原审)?被告{a}", body))
        score += len(
            re.findall(
                rf"{a}[^。，；]{{0,8}}?(?:向[^。，；]{{2,20}}法院)?(?:提起诉讼|提出诉讼请求|(?<!上)起诉|(?<!上)诉称)",
                body,
            )
        )
        score -= len(re.findall(rf"{a}[^。，；]{{0,6}}?(?:一审|原审)辩称", body))
        # X主张…，故向某法院提起诉讼 / X认为…，诉至某法院: the subject of the sentence brought the suit.
        score += len(
            re.findall(rf"(?:^|[。\n]){a}(?:(?!辩称|答辩|上诉|反诉)[^。\n]){{0,160}}?(?:提起诉讼|诉至)", body)
        )
        # A retrial applicant asking to 驳回X的全部诉讼请求: X brought the claim.
        score += 2 * len(re.findall(rf"驳回(?:原告)?{a}的(?:全部|所有)?诉讼请求", body))
    return score


def _separate_opposed(parties: list[Party], scores: dict[int, int]) -> None:
    """上诉人甲 and 被上诉人乙 put on one side by the story's cues (甲撤回起诉 of an earlier suit,
    驳回乙的诉讼请求): they stood on opposite sides, so the one with the weaker cues takes the other."""
    scored = [p for p in parties if id(p) in scores and p.side in ("原告", "被告")]
    for p in scored:
        for q in scored:
            if (
                _OPPOSED.get(p.role) == q.role
                and p.side == q.side
                and abs(scores[id(p)]) < abs(scores[id(q)])
            ):
                p.side = "被告" if q.side == "原告" else "原告"


_LISTED_KEY = re.compile(r"^(?:当事人|诉讼参与人)[：:](.+)$")


def _listed_third_parties(head: list[str], parties: list[Party]) -> list[Party]:
    """An administrative case's site metadata listing its parties (当事人：甲;某知识产权局;乙): a listed
    name that is neither the plaintiff nor the agency sued is the 第三人 (as in every 行政 case with one)."""
    if not any(p.side == "被告" and _AGENCY_RE.search(p.name) for p in parties):
        return []
    known = {n for p in parties for n in (p.name, *p.aliases)}
    out: list[Party] = []
    for line in head:
        m = _LISTED_KEY.match(compact(line))
        names = re.split(r"[;；,，、]", m.group(1).rstrip("。")) if m else []
        for name in (x.strip() for x in names if len(names) > 1):
            if len(name) >= 2 and not any(name in k or k in name for k in known):
                known.add(name)
                out.append(Party(name=name, role="第三人", side="第三人", role_detail=None, line=line))
                out[-1].type = _party_type(name, "")
    return out


def _withdrawn(parties: list[Party], body: str) -> set[str]:
    out: set[str] = set()
    for m in re.finditer(
        r"撤回(?:了)?(?:其|原告)?(?:对|针对)(?:被告|原审被告)?([^。；]{2,60}?)的(?:起诉|诉讼|全部诉讼请求|诉请)",
        body,
    ):
        target = m.group(1)
        for p in parties:
            if any(len(a) >= 2 and a in target for a in [p.name, *p.aliases]):
                out.add(p.name)
    defendants = {p.name for p in parties if p.side == "被告"}
    if defendants and defendants <= out:
        return set()  # the claims against every defendant withdrawn: the suit itself, its parties stay
    return out


def _region(address: str | None) -> dict[str, Any]:
    if not address:
        return {"adcode": None, "city_code": None, "province_code": None, "country": None}
    from ipatlas.regions import get_resolver

    try:
        res = get_resolver().resolve(address)
    except Exception:  # the resolver never should; a judgment never fails on an address
        return {"adcode": None, "city_code": None, "province_code": None, "country": None}
    return {
        "adcode": res.adcode,
        "city_code": res.city_code,
        "province_code": res.province_code,
        "country": res.country,
    }


def _sides(
    parties: list[Party], withdrawn: set[str], resolve_regions: bool
) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
    """(plaintiffs, defendants, third parties, party records), leaving out withdrawn parties."""
    plaintiffs: list[str] = []
    defendants: list[str] = []
    third: list[str] = []
    party_out: list[dict[str, Any]] = []
    for p in parties:
        if p.name in withdrawn:
            continue
        target = {"原告": plaintiffs, "被告": defendants, "第三人": third}.get(p.side or "", third)
        if p.name not in target:
            target.append(p.name)
        region = _region(p.address) if resolve_regions else {}
        party_out.append(
            {
                "name": p.name,
                "role": p.role + (f"（{p.role_detail}）" if p.role_detail else ""),
                "side": p.side,
                "type": p.type,
                "address": p.address,
                **region,
                "agents": [{"names": a["names"], "firm": a["firm"], "lawyer": a["lawyer"]} for a in p.agents],
            }
        )
    return plaintiffs, defendants, third, party_out


def _counsel(agents_all: list[dict[str, Any]], withdrawn: set[str]) -> tuple[list[str], list[str]]:
    """(law firms, lawyers) of record, first-seen order, without those of withdrawn parties."""
    firms: list[str] = []
    lawyers: list[str] = []
    for ag in agents_all:
        if ag.get("party") in withdrawn:
            continue
        if ag["firm"] and ag["firm"] not in firms:
            firms.append(ag["firm"])
        if ag["lawyer"]:
            for n in ag["names"]:
                # A name masked whole (A, B) is nobody's lawyer.
                if n not in lawyers and not re.fullmatch(r"[A-Z]", n):
                    lawyers.append(n)
    return firms, lawyers
