"""The store's tables: portals, runs, pages (with their axe-core results), axe-core findings,
outcomes and scores; people's answers to review indicators; and the coordination of the processes
that write them (the daemons' heartbeats, the portals being audited). Changes to them go with a
migration in store/alembic/versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from egov_audit.audits.model import RunStatus


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class PortalRow(Base):
    __tablename__ = "portals"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    start_url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING)
    stop_reason: Mapped[str | None] = mapped_column(String(20))
    start_url: Mapped[str] = mapped_column(Text)
    tool_version: Mapped[str] = mapped_column(String(40))
    rules_digest: Mapped[str] = mapped_column(String(64))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    pages_count: Mapped[int] = mapped_column(Integer, default=0)
    openness_index: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    coverage: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # CrawlCoverage's fields
    index_gaps: Mapped[list[list[str]] | None] = mapped_column(JSON)  # [pillar, why] without an index
    discovery: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # how the pages were found (DiscoveryRecord)
    # The portal's country (ISO 3166-1 alpha-2) and tags as they were when this run was audited (s0007).
    country: Mapped[str | None] = mapped_column(String(2))
    tags: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))


class PageRow(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("run_id", "kind", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    elapsed: Mapped[float | None] = mapped_column(Float)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(Text)
    depth: Mapped[int] = mapped_column(Integer)
    discovery: Mapped[str] = mapped_column(String(10))
    referrer: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    heading: Mapped[str] = mapped_column(Text, default="")  # the first h1's text
    lang: Mapped[str] = mapped_column(String(35))
    blocked_by_robots: Mapped[bool] = mapped_column(default=False)
    over_size_cap: Mapped[bool] = mapped_column(default=False)
    links: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    fetched_at: Mapped[float] = mapped_column(Float, default=0.0)
    headers: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    main_chars: Mapped[int] = mapped_column(Integer, default=0)
    viewport: Mapped[str | None] = mapped_column(Text)
    forms: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    alternates: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    resources: Mapped[list[str]] = mapped_column(JSON, default=list)
    html_z: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    sitemap_entries: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    redirect_by: Mapped[str] = mapped_column(String(20), default="")  # "meta refresh", "script" or ""
    scripts: Mapped[int] = mapped_column(Integer, default=0)
    markers: Mapped[list[str]] = mapped_column(JSON, default=list)
    rendered: Mapped[bool] = mapped_column(default=False)
    served_words: Mapped[int | None] = mapped_column(Integer)
    served_links: Mapped[int | None] = mapped_column(Integer)
    browser_error: Mapped[str | None] = mapped_column(Text)
    axe: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class OutcomeRow(Base):
    __tablename__ = "outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    pillar: Mapped[str] = mapped_column(String(20))
    weight: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    review: Mapped[bool] = mapped_column(default=False)
    refs: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON)  # the rule's title in other languages
    score: Mapped[float | None] = mapped_column(Float)  # 0 to 1; NULL: not decided, or a run before s0004
    # The summary and each evidence detail as notes, for the archive's languages (s0008; NULL before).
    summary_note: Mapped[list[Any] | None] = mapped_column(JSON)
    evidence_notes: Mapped[list[Any] | None] = mapped_column(JSON)  # aligned with evidence, null where data


class AxeFindingRow(Base):
    """One axe-core result on one element of one rendered page."""

    __tablename__ = "axe_findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    page_url: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[str] = mapped_column(String(100))
    impact: Mapped[str] = mapped_column(String(20))
    needs_review: Mapped[bool] = mapped_column(default=False)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    html: Mapped[str] = mapped_column(Text)
    help: Mapped[str] = mapped_column(Text)
    help_url: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(20), index=True)


class ScoreRow(Base):
    __tablename__ = "scores"
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    pillar: Mapped[str] = mapped_column(String(20), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer)
    not_applicable: Mapped[int] = mapped_column(Integer)


class DaemonRow(Base):
    """A scheduler daemon's heartbeat, so `status` can tell a running daemon from a stopped or dead one."""

    __tablename__ = "daemons"
    config: Mapped[str] = mapped_column(Text, primary_key=True)  # the config file's absolute path
    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # NULL: not stopped cleanly


class PortalLockRow(Base):
    """A portal being audited, and by whom: the primary key makes taking it one INSERT that fails
    when another process holds it."""

    __tablename__ = "portal_locks"
    portal_key: Mapped[str] = mapped_column(Text, primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # when a holder elsewhere is presumed dead


class ReviewRow(Base):
    """A person's answer to one indicator of one portal (audits/reviews.py, s0009): it applies to
    every run whose evidence for the indicator has the digest the person saw."""

    __tablename__ = "reviews"
    # One answer once: importing the same file again adds nothing.
    __table_args__ = (
        UniqueConstraint("portal_id", "methodology", "indicator", "evidence", "answer", "who", "answered_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id", ondelete="CASCADE"), index=True)
    methodology: Mapped[str] = mapped_column(String(100))
    indicator: Mapped[str] = mapped_column(String(200))
    answer: Mapped[bool] = mapped_column()
    who: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    evidence: Mapped[str] = mapped_column(String(16))  # the evidence digest; "" for an indicator no rule cites
    note: Mapped[str] = mapped_column(Text, default="")
    # The run whose checklist was answered, for the record; NULL once that run is deleted.
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
