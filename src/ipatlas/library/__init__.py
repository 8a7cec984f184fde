"""Policy and law library (政策法规库): import, structure, versions, citations and search.

Floor 4: depends on ``store``, ``config`` and ``errors`` only. Public API:

- :func:`import_path` — a folder (``metadata.csv`` + ``texts/``) or one .md/.txt/.docx/.html file;
- :func:`search` — articles and titles, filters 效力级别/法律类别/状态/颁布日期, highlighted snippets;
- :func:`find_citations` — ``Citation(law, article, span, article_id)`` in any text;
- :func:`register_citations` — a plan/rule/case text's citations, listed under "cited by";
- :func:`check_rule_basis` — whether a rule's article changed version since the rule took effect;
- :func:`text_in_force` / :func:`version_in_force` — the version of a law in force on a date.
"""

from __future__ import annotations

from ipatlas.library.citations import AliasTable, Citation, cited_by, find_citations, register_citations
from ipatlas.library.importer import STATUSES, import_path
from ipatlas.library.search import search
from ipatlas.library.service import article_detail, document_dict, list_documents, text_in_force
from ipatlas.library.text import LEVELS
from ipatlas.library.versions import check_rule_basis, version_in_force

__all__ = [
    "LEVELS",
    "STATUSES",
    "AliasTable",
    "Citation",
    "article_detail",
    "check_rule_basis",
    "cited_by",
    "document_dict",
    "find_citations",
    "import_path",
    "list_documents",
    "register_citations",
    "search",
    "text_in_force",
    "version_in_force",
]
