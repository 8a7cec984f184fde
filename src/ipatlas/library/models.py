"""Workflow-DB tables of the policy and law library (政策法规库); created by migration 0008_library
(issuer and doc_no: 0017_library; an article's caption: 0018_library).

A *work* (one law, e.g. 中华人民共和国专利法) has one or more *versions* (documents with their own
promulgation date); every document is split into records (articles, preamble, annexes, plan
sections) with stable anchors. Citations found in article texts are stored by target work and
article number, so they stay valid across versions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ipatlas.store.models import Base, utcnow


class LawDocument(Base):
    __tablename__ = "library_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    work_key: Mapped[str] = mapped_column(String(255), nullable=False, index=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    level: Mapped[str | None] = mapped_column(String(32), nullable=True)  # 效力级别
    category: Mapped[str | None] = mapped_column(String(64), nullable=True)  # 法律类别
    field: Mapped[str | None] = mapped_column(String(64), nullable=True)  # 法律领域
    promulgated_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    effective_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)  # 当前状态 from the source
    issuer: Mapped[str | None] = mapped_column(String(128), nullable=True)  # 发文机关
    doc_no: Mapped[str | None] = mapped_column(String(128), nullable=True)  # 文号 (a 令, 公告 or 〔year〕N号)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_file: Mapped[str | None] = mapped_column(Text, nullable=True)
    history: Mapped[str | None] = mapped_column(Text, nullable=True)  # promulgation history lines
    body_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    notes: Mapped[Any] = mapped_column(JSON, nullable=False, default=list)
    is_demo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class LawArticle(Base):
    """One record of a document: an article (条), the preamble, an annex or a plan section."""

    __tablename__ = "library_articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("library_documents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # article / preamble / annex / section
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(String(64), nullable=False)  # 第六十五条 / 序言 / 附件一
    anchor: Mapped[str] = mapped_column(String(64), nullable=False)  # art-65, art-20-1, preamble
    heading: Mapped[str | None] = mapped_column(Text, nullable=True)  # 第一编 … / 第七章 … / 第一节 …
    caption: Mapped[str | None] = mapped_column(Text, nullable=True)  # 第一条【立法目的】: 立法目的
    text: Mapped[str] = mapped_column(Text, nullable=False)
    paragraphs: Mapped[Any] = mapped_column(JSON, nullable=False, default=list)  # 款 with their 项
    words: Mapped[str] = mapped_column(Text, nullable=False)  # jieba tokens, space separated


class LawCitation(Base):
    """A reference to an article of a work (by work key and number), found in an article of the
    library or in a text another package registered (a plan, a rule, a case decision)."""

    __tablename__ = "library_citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("library_articles.id", ondelete="CASCADE"), nullable=True, index=True
    )
    source_type: Mapped[str] = mapped_column(String(32), nullable=False, default="article")
    source_ref: Mapped[str | None] = mapped_column(String(128), nullable=True)
    source_title: Mapped[str | None] = mapped_column(Text, nullable=True)
    target_work_key: Mapped[str] = mapped_column(String(255), nullable=False, index=True)
    target_title: Mapped[str] = mapped_column(Text, nullable=False)
    article_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)


class LibraryImport(Base):
    __tablename__ = "library_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    counts: Mapped[Any] = mapped_column(JSON, nullable=False)
    quarantine: Mapped[Any] = mapped_column(JSON, nullable=False)
    notes: Mapped[Any] = mapped_column(JSON, nullable=False)


class PortalNotice(Base):
    """办事指南 / 通知公告 of the public portal, written by administrators in Markdown."""

    __tablename__ = "library_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # guide / notice
    title: Mapped[str] = mapped_column(Text, nullable=False)
    body_md: Mapped[str] = mapped_column(Text, nullable=False)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
