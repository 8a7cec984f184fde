"""Importing laws into the library: a folder (``metadata.csv`` + ``texts/``) or single files.

Every row read ends up loaded, a duplicate or quarantined (read = loaded + duplicates +
quarantined), and importing the same source again changes nothing. A document whose work (its
normalised title) is already present with another promulgation date and another text is a new
*version* of that work, not a duplicate.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.library.issuer import document_number, issuer
from ipatlas.library.models import LawArticle, LawCitation, LawDocument, LibraryImport
from ipatlas.library.text import (
    LEVELS,
    SUFFIXES,
    ParsedDocument,
    infer_level,
    is_local_title,
    normalise_title,
    parse_date,
    parse_document,
    read_source,
    words_column,
)
from ipatlas.security import limits
from ipatlas.sourcetext import decode_bytes

STATUSES = ("有效", "已失效", "已修改", "尚未生效")
METADATA_COLUMNS = (
    *("文件", "标题", "效力级别", "法律类别", "颁布日期", "实施日期", "当前状态", "来源"),
    *("发文机关", "文号"),
)


def import_path(session: Session, path: Path, *, is_demo: bool = False) -> dict[str, Any]:
    """Import a folder or one file; returns the counts, quarantined rows and notes."""
    started = time.perf_counter()
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"路径不存在: {path}")
    importer = _Importer(session, is_demo=is_demo)
    if path.is_dir():
        if (path / "metadata.csv").is_file():
            importer.folder_with_metadata(path)
        else:
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                raise InputError(
                    f"目录中没有 metadata.csv，也没有可导入的文件（{' '.join(SUFFIXES)}）", file=str(path)
                )
            importer.notes.append(
                "目录中没有 metadata.csv：标题、颁布/实施日期和效力级别取自各文件正文"
                "（推断之处见各文件的说明）"
            )
            for f in files:  # no metadata rows: a problem is named by its file (and line) only
                importer.one(f, row=None, meta={}, display=str(f.relative_to(path)))
    else:
        importer.one(path, row=None, meta={}, display=path.name)
    new_articles = importer.finish()
    counts = {
        "read": importer.read,
        "loaded": importer.loaded,
        "duplicates": importer.duplicates,
        "quarantined": len(importer.quarantine),
        "articles": new_articles,
    }
    session.add(
        LibraryImport(source=str(path), counts=counts, quarantine=importer.quarantine, notes=importer.notes)
    )
    session.flush()
    return {
        **counts,
        "versions": importer.versions,
        "quarantine": importer.quarantine,
        "notes": importer.notes,
        "seconds": round(time.perf_counter() - started, 3),
    }


class _Importer:
    def __init__(self, session: Session, *, is_demo: bool) -> None:
        self.session = session
        self.is_demo = is_demo
        self.read = 0
        self.loaded = 0
        self.duplicates = 0
        self.versions = 0
        self.quarantine: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.new_docs: list[LawDocument] = []

    def _quarantine(self, row: int | None, file: str, field: str | None, reason: str) -> None:
        self.quarantine.append({"row": row, "file": file, "field": field, "reason": reason})

    def folder_with_metadata(self, folder: Path) -> None:
        meta_path = folder / "metadata.csv"
        decoded = decode_bytes(meta_path.read_bytes(), name="metadata.csv")
        text, note = decoded.text, decoded.note("metadata.csv")
        if note:
            self.notes.append(note)
        reader = csv.DictReader(io.StringIO(text))
        columns = [c.strip() for c in (reader.fieldnames or [])]
        missing = [c for c in ("文件", "标题") if c not in columns]
        if missing:
            raise InputError(
                f"缺少列 {'、'.join(missing)}（应有 {','.join(METADATA_COLUMNS)}）", file="metadata.csv"
            )
        for i, raw in enumerate(reader, start=2):  # row 1 is the header
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            rel = row.get("文件", "")
            self.read += 1
            if not rel:
                self._quarantine(i, "metadata.csv", "文件", "文件列为空")
                continue
            target = (folder / rel).resolve()
            if not target.is_relative_to(folder.resolve()):
                self._quarantine(i, rel, "文件", "文件路径超出导入目录")
                continue
            if not target.is_file():
                self._quarantine(i, rel, "文件", "文件不存在")
                continue
            self.one(target, row=i, meta=row, display=rel, counted=True)

    def one(
        self, path: Path, *, row: int | None, meta: dict[str, str], display: str, counted: bool = False
    ) -> None:
        if not counted:
            self.read += 1
        try:
            text, note = read_source(path)
            if len(text) > limits.DOCUMENT_MAX_CHARS:
                raise InputError(
                    f"正文 {len(text):,} 字，超过单部法规文本的上限 {limits.DOCUMENT_MAX_CHARS:,} 字"
                    "（汇编请按部拆分后导入）"
                )
            parsed = parse_document(text, name=display, title=meta.get("标题") or None)
            if note:
                self.notes.append(note)
                parsed.notes.append(note)
            doc = self._document(parsed, meta, display)
        except InputError as exc:
            field = exc.context.get("field")
            self._quarantine(
                row,
                display,
                field,
                exc.reason,
            )
            return
        except Exception as exc:  # a file the readers choke on is quarantined, never a traceback
            self._quarantine(row, display, None, f"无法读取或解析文件（{type(exc).__name__}: {exc}）"[:300])
            return
        existing = self.session.scalars(select(LawDocument).where(LawDocument.work_key == doc.work_key)).all()
        for other in existing:
            if other.body_hash == doc.body_hash or (
                other.promulgated_on == doc.promulgated_on and other.promulgated_on is not None
            ):
                if other.body_hash != doc.body_hash:
                    self._quarantine(
                        row,
                        display,
                        "颁布日期",
                        f"与已导入的同名同日期文件（编号 {other.id}）内容不同，未导入",
                    )
                else:
                    self.duplicates += 1
                return
        if existing:
            self.versions += 1
        self.session.add(doc)
        self.session.flush()
        for seq, rec in enumerate(parsed.records, start=1):
            self.session.add(
                LawArticle(
                    document_id=doc.id,
                    seq=seq,
                    kind=rec.kind,
                    number=rec.number,
                    label=rec.label,
                    anchor=rec.anchor,
                    heading=rec.heading,
                    caption=rec.caption,
                    text=rec.text,
                    paragraphs=rec.paragraphs(),
                    words=words_column(rec.text),
                )
            )
        self.session.flush()
        self.loaded += 1
        self.new_docs.append(doc)

    def _document(self, parsed: ParsedDocument, meta: dict[str, str], display: str) -> LawDocument:
        fields = document_fields(parsed, meta, display)
        return LawDocument(**fields, is_demo=self.is_demo)

    def finish(self) -> int:
        """Store the citations of the new documents' articles; the number of new records."""
        from ipatlas.library.citations import AliasTable, detect

        if not self.new_docs:
            return 0
        aliases = AliasTable.load(self.session)
        ids = [d.id for d in self.new_docs]
        titles = {d.id: d.title for d in self.new_docs}
        count = 0
        for art in self.session.scalars(select(LawArticle).where(LawArticle.document_id.in_(ids))):
            count += 1
            for c in detect(art.text, aliases, context_title=titles[art.document_id]):
                self.session.add(
                    LawCitation(
                        source_article_id=art.id,
                        target_work_key=normalise_title(c.law),
                        target_title=c.law,
                        article_number=c.article,
                        text=c.text,
                    )
                )
        self.session.flush()
        return count


def _level_value(value: str | None) -> str | None:
    """A database's 效力级别 in the library's terms: 地方政府规范性文件 / 部门规范性文件 are 规范性文件."""
    if value is not None and value not in LEVELS and value.endswith("规范性文件"):
        return "规范性文件"
    return value


def document_fields(parsed: ParsedDocument, meta: dict[str, str], display: str) -> dict[str, Any]:
    """The columns of a :class:`LawDocument` from a parsed text and its metadata row (no database)."""
    merged = {**parsed.meta, **{k: v for k, v in meta.items() if v}}
    try:
        promulgated = parse_date(merged.get("颁布日期"))
    except InputError as exc:
        raise InputError(exc.message, file=display, field="颁布日期") from None
    try:
        effective = parse_date(merged.get("实施日期"))
    except InputError as exc:
        raise InputError(exc.message, file=display, field="实施日期") from None
    h_prom, h_eff = parsed.history_dates()
    notes = list(parsed.notes)
    if promulgated is None and h_prom is not None:
        promulgated = h_prom
        notes.append("颁布日期取自文本中的制定/修正记录")
    if effective is not None and promulgated is not None and effective < promulgated:
        # a legal database lists the first version's 施行日期 beside the latest 公布日期
        notes.append(
            f"实施日期 {effective.isoformat()} 早于颁布日期，不是本版本的实施日期，已按题注和条文重新确定"
        )
        effective = None
    if effective is None and h_eff is not None:
        effective = h_eff
        notes.append("实施日期取自文本中的施行记录")
    if effective is None and (c_eff := parsed.clause_effective()) is not None:
        if promulgated is None or c_eff >= promulgated:
            effective = c_eff
            notes.append("实施日期取自条文中的施行条款（本法自…起施行）")
        else:  # an amended text keeps its original 施行 clause: not this version's date
            notes.append(f"条文中的施行日期 {c_eff.isoformat()} 早于最近一次修改，本版本实施日期未知")
    if effective is None and parsed.clause_on_publication():
        published = parsed.published_on()
        if published is not None and published == promulgated:
            effective = published
            notes.append("条文规定自公布之日起施行，实施日期取题注中的公布日期")
    if promulgated is None:
        notes.append("未找到颁布日期（元数据和题注中都没有）")
    status = merged.get("当前状态") or None
    if status is not None and status not in STATUSES:
        raise InputError(
            f"当前状态 {status!r} 无效（应为 {'、'.join(STATUSES)}）", file=display, field="当前状态"
        )
    level = _level_value(merged.get("效力级别") or None)
    category = merged.get("法律类别") or None
    field = merged.get("法律领域") or None
    if level is None and category in LEVELS:  # pages like seed 000 put the level under 法律类别
        level, category = category, field
    given_no = [merged["文号"]] if merged.get("文号") else []  # a database's or document box's 文号 field
    if (
        level is None
        and (guess := infer_level(parsed.title, [*parsed.history, *given_no], parsed.issuer_line)) is not None
    ):
        level = guess
        notes.append(f"效力级别根据标题和题注推断为“{guess}”")
    if level is None and is_local_title(parsed.title):
        notes.append(
            "效力级别未定：地方文件的题注中既无人民代表大会（常委会）通过的记录，也无人民政府令或政府常务会议的记录"
        )
    if not any(r.kind == "article" for r in parsed.records):
        notes.append("未识别到“第…条”，按章节/段落存储")
    doc_no = document_number(parsed.history, merged)
    return dict(
        work_key=normalise_title(parsed.title),
        title=parsed.title,
        level=level,
        category=category,
        field=field,
        promulgated_on=promulgated,
        effective_on=effective,
        status=status,
        issuer=issuer(parsed.title, parsed.history, merged, doc_no, parsed.issuer_line),
        doc_no=doc_no,
        source=merged.get("来源") or None,
        source_file=display,
        history="\n".join(parsed.history) or None,
        body_hash=parsed.body_hash,
        notes=notes,
    )


def import_shared_policies(settings: Settings) -> dict[str, Any]:
    """``make demo``: import ``../shared/data/policies`` into the library when it is there (real
    texts, not demo data; importing again changes nothing)."""
    from ipatlas.store import workflow

    folder = Path(settings.shared_dir) / "data" / "policies"
    row: dict[str, Any] = {"file": str(folder), "table": "library_documents", "profile": "policies"}
    if not (folder / "metadata.csv").is_file():
        zero = dict.fromkeys(("read", "loaded", "inserted", "replaced", "duplicates", "quarantined"), 0)
        return {**row, **zero, "skipped": True}
    with workflow.workflow_session(settings) as session:
        result = import_path(session, folder)
    counts = {k: result[k] for k in ("read", "loaded", "duplicates", "quarantined", "articles")}
    # A document is never replaced in place (a new version is a new row), so loaded = inserted.
    counts |= {"inserted": counts["loaded"], "replaced": 0}
    # Nothing new (every row a duplicate): the same as skipped, as for the lake's files.
    return {
        **row,
        **counts,
        "is_demo": False,
        "skipped": counts["loaded"] == 0 and counts["quarantined"] == 0,
    }
