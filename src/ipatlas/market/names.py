"""Name keys for entity resolution, computed column-wise (Arrow compute, no Python loop).

``name_keys`` turns an organisation name into the key two spellings of the same name share:

1. NFKC: full-width letters, digits and brackets become half-width (（ → (, ＡＢＣ → ABC);
2. lower case; whitespace, brackets and punctuation removed (the bracketed words are kept:
   重庆长安（集团）有限公司 → 重庆长安集团…);
3. company-form variants folded: 股份有限公司, 有限责任公司 and 有限公司 all become 公司.

``branch_parents`` gives, for a branch name (…公司XX分公司 / 分店 / 分厂 / 办事处 / 营业部, and a
bank's 分行 / 支行: pledgees are branches), the key of the company it belongs to, and null for any
other name.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_PUNCT = r"[\s()\[\]{}<>【】〔〕「」『』《》〈〉·・,，.。、;；:：!！?？'\"“”‘’\-_—/\\&＆+]"
_FORM = r"(股份)?有限(责任)?公司"
_BRANCH = r"^(.+?公司).+?(分公司|分店|分厂|办事处|营业部|经营部|分行|支行)$"


def name_keys(names: pa.Array | pa.ChunkedArray | list[str | None]) -> pa.Array:
    arr = names if isinstance(names, pa.Array | pa.ChunkedArray) else pa.array(names, pa.string())
    arr = pc.utf8_normalize(arr, "NFKC")
    arr = pc.utf8_lower(arr)
    arr = pc.replace_substring_regex(arr, _PUNCT, "")
    arr = pc.replace_substring_regex(arr, _FORM, "公司")
    out = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out


def branch_parents(keys: pa.Array) -> pa.Array:
    is_branch = pc.match_substring_regex(keys, _BRANCH)
    parent = pc.replace_substring_regex(keys, _BRANCH, r"\1")
    return pc.if_else(is_branch, parent, pa.scalar(None, pa.string()))


def name_key(name: str | None) -> str | None:
    """The key of one name (the same computation as :func:`name_keys`)."""
    value = name_keys([name])[0].as_py()
    return value if value is None else str(value)
