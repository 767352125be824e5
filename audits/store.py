"""The store: portals, runs, pages, links, outcomes and scores in any SQLAlchemy database.

SQLite (a file in the working directory) is the default. A run's row is written
when the crawl starts and its pages as they come, in short transactions, so a run
killed at any moment leaves every earlier run untouched and its own run marked
`running` until the next start marks it `interrupted`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from audits.model import (
    Alternate,
    AuditResult,
    AxeFinding,
    AxeResult,
    Discovery,
    Evidence,
    FetchKind,
    Form,
    Link,
    Outcome,
    PageSnapshot,
    PillarScore,
    RuleOutcome,
    RunInfo,
    RunStatus,
    SiteSnapshot,
    StopReason,
)

DEFAULT_DB_URL = "sqlite:///egov-audit.sqlite"


class StoreError(Exception):
    """The store cannot be opened or written; the message says which and why."""


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class PortalRow(Base):
    __tablename__ = "portals"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start_url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    portal_id: Mapped[int] = mapped_column(ForeignKey("portals.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
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


class PageRow(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("run_id", "kind", "url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    elapsed: Mapped[float | None] = mapped_column(Float)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200))
    depth: Mapped[int] = mapped_column(Integer)
    discovery: Mapped[str] = mapped_column(String(10))
    referrer: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
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


class ScoreRow(Base):
    __tablename__ = "scores"
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    pillar: Mapped[str] = mapped_column(String(20), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer)
    not_applicable: Mapped[int] = mapped_column(Integer)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped) still answers signal 0 but will never write again.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


class Store:
    def __init__(self, url: str = DEFAULT_DB_URL) -> None:
        try:
            parsed = make_url(url)
            self.engine = create_engine(parsed)
        except (ArgumentError, ValueError) as exc:
            raise StoreError(f"--db {url!r}: not a database URL: {exc}") from None
        except ImportError as exc:
            raise StoreError(f"--db {url!r}: its database driver is not installed ({exc.name})") from None
        if parsed.get_backend_name() == "sqlite":
            _sqlite_pragmas(self.engine)
        self.safe_url = parsed.render_as_string(hide_password=True)
        try:
            Base.metadata.create_all(self.engine)
        except OperationalError as exc:
            raise StoreError(f"store {self.safe_url}: cannot be opened: {exc.orig}") from None

    def close(self) -> None:
        self.engine.dispose()

    def mark_interrupted_runs(self) -> int:
        """Runs left `running` by a process of this host that is gone become `interrupted`."""
        host = socket.gethostname()
        with Session(self.engine) as session, session.begin():
            stale = session.scalars(select(RunRow).where(RunRow.status == RunStatus.RUNNING, RunRow.host == host))
            ids = [row.id for row in stale if not _pid_alive(row.pid)]
            if ids:
                session.execute(
                    update(RunRow).where(RunRow.id.in_(ids)).values(status=RunStatus.INTERRUPTED, finished_at=None)
                )
        return len(ids)

    def start_run(
        self,
        portal_key: str,
        portal_name: str,
        start_url: str,
        tool_version: str,
        rules_digest: str,
        config: dict[str, Any],
    ) -> int:
        self.mark_interrupted_runs()
        with Session(self.engine) as session, session.begin():
            portal = session.scalar(select(PortalRow).where(PortalRow.key == portal_key))
            if portal is None:
                portal = PortalRow(key=portal_key, name=portal_name, start_url=start_url)
                session.add(portal)
                session.flush()
            run = RunRow(
                portal_id=portal.id,
                start_url=start_url,
                tool_version=tool_version,
                rules_digest=rules_digest,
                config=config,
                host=socket.gethostname(),
                pid=os.getpid(),
            )
            session.add(run)
            session.flush()
            return run.id

    def add_pages(self, run_id: int, pages: Iterable[PageSnapshot]) -> None:
        rows = [_page_row(run_id, page) for page in pages]
        if not rows:
            return
        with self.engine.begin() as connection:
            connection.execute(insert(PageRow), rows)
            connection.execute(
                update(RunRow).where(RunRow.id == run_id).values(pages_count=RunRow.pages_count + len(rows))
            )

    def set_axe(self, run_id: int, results: dict[str, AxeResult]) -> None:
        """Attach axe-core's results to the pages of a run, in one transaction."""
        with self.engine.begin() as connection:
            for url, result in results.items():
                connection.execute(
                    update(PageRow)
                    .where(PageRow.run_id == run_id, PageRow.kind == FetchKind.PAGE, PageRow.url == url)
                    .values(axe=_axe_record(result))
                )

    def finish_run(
        self,
        run_id: int,
        status: RunStatus,
        stop_reason: StopReason | None,
        outcomes: list[RuleOutcome],
        scores: list[PillarScore],
        openness: float | None,
        note: str | None = None,
    ) -> None:
        with self.engine.begin() as connection:
            if outcomes:
                connection.execute(insert(OutcomeRow), [_outcome_row(run_id, o) for o in outcomes])
            if scores:
                connection.execute(insert(ScoreRow), [_score_row(run_id, s) for s in scores])
            connection.execute(
                update(RunRow)
                .where(RunRow.id == run_id)
                .values(status=status, stop_reason=stop_reason, finished_at=_now(), openness_index=openness, note=note)
            )

    def runs(self, portal_key: str | None = None) -> list[RunInfo]:
        query = select(RunRow, PortalRow).join(PortalRow).order_by(RunRow.id)
        if portal_key is not None:
            query = query.where(PortalRow.key == portal_key)
        with Session(self.engine) as session:
            return [_run_info(run, portal) for run, portal in session.execute(query)]

    def run(self, run_id: int) -> RunInfo | None:
        with Session(self.engine) as session:
            found = session.execute(select(RunRow, PortalRow).join(PortalRow).where(RunRow.id == run_id)).first()
            return _run_info(*found) if found else None

    def load_site(self, run_id: int) -> SiteSnapshot:
        with Session(self.engine) as session:
            run = session.get(RunRow, run_id)
            if run is None:
                raise StoreError(f"run {run_id} is not in the store")
            rows = session.scalars(select(PageRow).where(PageRow.run_id == run_id).order_by(PageRow.id))
            return SiteSnapshot(start_url=run.start_url, pages=[_snapshot(row) for row in rows])

    def outcomes(self, run_id: int) -> list[RuleOutcome]:
        with Session(self.engine) as session:
            rows = session.scalars(select(OutcomeRow).where(OutcomeRow.run_id == run_id).order_by(OutcomeRow.id))
            return [
                RuleOutcome(
                    rule_id=r.rule_id,
                    title=r.title,
                    pillar=r.pillar,
                    weight=r.weight,
                    outcome=Outcome(r.outcome),
                    summary=r.summary,
                    evidence=tuple(Evidence(url, detail) for url, detail in r.evidence),
                    review=r.review,
                    refs=tuple((source, item) for source, item in r.refs),
                )
                for r in rows
            ]

    def load_result(self, run_id: int) -> AuditResult:
        """A finished (or interrupted) run as the reports see it, read back from the store."""
        run = self.run(run_id)
        if run is None:
            raise StoreError(f"run {run_id} is not in the store")
        return AuditResult(
            run=run, site=self.load_site(run_id), outcomes=self.outcomes(run_id), scores=self.scores(run_id)
        )

    def scores(self, run_id: int) -> list[PillarScore]:
        with Session(self.engine) as session:
            rows = session.scalars(select(ScoreRow).where(ScoreRow.run_id == run_id))
            return [PillarScore(r.pillar, r.score, r.passed, r.failed, r.errors, r.not_applicable) for r in rows]


def _page_row(run_id: int, page: PageSnapshot) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "url": page.url,
        "kind": page.kind,
        "status": page.status,
        "error": page.error,
        "location": page.location,
        "elapsed": page.elapsed,
        "size": page.size,
        "content_type": page.content_type,
        "depth": page.depth,
        "discovery": page.discovery,
        "referrer": page.referrer,
        "title": page.title,
        "lang": page.lang,
        "blocked_by_robots": page.blocked_by_robots,
        "over_size_cap": page.over_size_cap,
        "links": [[link.url, link.text, link.label, link.hreflang] for link in page.links],
        "fetched_at": page.fetched_at,
        "headers": [list(header) for header in page.headers],
        "text": page.text,
        "main_chars": page.main_chars,
        "viewport": page.viewport,
        "forms": [[f.action, f.method, f.fields, f.has_submit, f.is_search] for f in page.forms],
        "alternates": [[a.hreflang, a.url] for a in page.alternates],
        "resources": list(page.resources),
        "html_z": page.html_z,
        "sitemap_entries": [list(entry) for entry in page.sitemap_entries],
    }


def _snapshot(row: PageRow) -> PageSnapshot:
    return PageSnapshot(
        url=row.url,
        kind=FetchKind(row.kind),
        status=row.status,
        error=row.error,
        location=row.location,
        elapsed=row.elapsed,
        size=row.size,
        content_type=row.content_type,
        depth=row.depth,
        discovery=Discovery(row.discovery),
        referrer=row.referrer,
        title=row.title,
        lang=row.lang,
        blocked_by_robots=row.blocked_by_robots,
        over_size_cap=row.over_size_cap,
        links=tuple(Link(*fields) for fields in row.links),
        fetched_at=row.fetched_at,
        headers=tuple((name, value) for name, value in row.headers),
        text=row.text,
        main_chars=row.main_chars,
        viewport=row.viewport,
        forms=tuple(Form(*fields) for fields in row.forms),
        alternates=tuple(Alternate(*fields) for fields in row.alternates),
        resources=tuple(row.resources),
        html_z=row.html_z,
        sitemap_entries=tuple((loc, lastmod) for loc, lastmod in row.sitemap_entries),
        axe=_axe_result(row.axe),
    )


def _axe_record(result: AxeResult) -> dict[str, Any]:
    return {
        "reason": result.sample_reason,
        "passes": result.passes,
        "error": result.error,
        "passed_rules": list(result.passed_rules),
        "inapplicable_rules": list(result.inapplicable_rules),
        "findings": [
            [f.rule_id, f.impact, list(f.tags), list(f.targets), f.html, f.help, f.help_url, f.needs_review]
            for f in result.findings
        ],
    }


def _axe_result(record: dict[str, Any] | None) -> AxeResult | None:
    if record is None:
        return None
    findings = tuple(
        AxeFinding(rule, impact, tuple(tags), tuple(targets), html, help_text, url, review)
        for rule, impact, tags, targets, html, help_text, url, review in record["findings"]
    )
    return AxeResult(
        sample_reason=record["reason"],
        findings=findings,
        passes=record["passes"],
        error=record["error"],
        passed_rules=tuple(record.get("passed_rules", ())),
        inapplicable_rules=tuple(record.get("inapplicable_rules", ())),
    )


def _outcome_row(run_id: int, outcome: RuleOutcome) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "rule_id": outcome.rule_id,
        "title": outcome.title,
        "pillar": outcome.pillar,
        "weight": outcome.weight,
        "outcome": outcome.outcome,
        "summary": outcome.summary,
        "evidence": [[e.url, e.detail] for e in outcome.evidence],
        "review": outcome.review,
        "refs": [list(ref) for ref in outcome.refs],
    }


def _score_row(run_id: int, score: PillarScore) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "pillar": score.pillar,
        "score": score.score,
        "passed": score.passed,
        "failed": score.failed,
        "errors": score.errors,
        "not_applicable": score.not_applicable,
    }


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite keeps no time zone; every time the store writes is UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _run_info(run: RunRow, portal: PortalRow) -> RunInfo:
    started = _aware(run.started_at)
    assert started is not None  # the column is NOT NULL
    return RunInfo(
        id=run.id,
        portal_key=portal.key,
        portal_name=portal.name,
        start_url=run.start_url,
        started_at=started,
        finished_at=_aware(run.finished_at),
        status=RunStatus(run.status),
        stop_reason=run.stop_reason,
        tool_version=run.tool_version,
        rules_digest=run.rules_digest,
        pages_count=run.pages_count,
        openness_index=run.openness_index,
        profile=str(run.config.get("profile", "generic")),
        rule_overrides=tuple(run.config.get("rule_overrides", ())),
        instrument=tuple((str(k), str(v)) for k, v in run.config.get("instrument", {}).items()),
    )


def describe_store_error(exc: SQLAlchemyError) -> str:
    """A one-line reason for a database failure, without the URL's password."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


__all__ = ["DEFAULT_DB_URL", "RunInfo", "Store", "StoreError", "describe_store_error"]
