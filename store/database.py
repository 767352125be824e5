"""The store: portals, runs, pages, links, outcomes and scores in any SQLAlchemy database.

SQLite (a file in the working directory) is the default. A run's row is written
when the crawl starts and its pages as they come, in short transactions, so a run
killed at any moment leaves every earlier run untouched and its own run marked
`running` until the next start marks it `interrupted`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import (
    create_engine,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from egov_audit.audits.model import (
    AuditResult,
    CrawlCoverage,
    Outcome,
    PillarScore,
    RuleOutcome,
    RunInfo,
    RunStatus,
)
from egov_audit.crawler.discovery import DiscoveryRecord
from egov_audit.crawler.model import AxeFinding, AxeResult, FetchKind, PageSnapshot, SiteSnapshot, StopReason, TlsFacts
from egov_audit.store.migrations import NewerStoreError, migrate
from egov_audit.store.redaction import redacted_url, scrubbed
from egov_audit.store.rows import (
    aware,
    axe_record,
    coverage_record,
    discovery_record,
    finding,
    finding_rows,
    outcome_row,
    page_row,
    run_info,
    score_row,
    snapshot,
    stored_evidence,
    stored_note,
    stored_score,
    tls_facts,
    tls_row,
)
from egov_audit.store.schema import AxeFindingRow, OutcomeRow, PageRow, PortalRow, RunRow, ScoreRow, now

DEFAULT_DB_URL = "sqlite:///egov-audit.sqlite"


class StoreError(Exception):
    """The store cannot be opened or written; the message says which and why."""


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # The wait first: switching to WAL takes a lock, and another process (the daemon beside a
        # `status`, two readers of one store) may hold one for a moment.
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


# psutil reckons a process's start from the boot time, which it knows to the second.
START_TIME_SLACK = 2.0


def _run_process_alive(pid: int, run_started: datetime) -> bool:
    """Whether the process that opened a run may still write to it. A zombie (killed, not yet
    reaped) never will; nor will a live process that started after the run did: that is another
    process given the same PID (after a reboot, or once PIDs wrap around)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        return process.create_time() <= run_started.timestamp() + START_TIME_SLACK
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def _sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names; None for an in-memory database."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or url.query.get("mode") == "memory":
        return None
    return Path(database)


def _is_file(path: Path) -> bool:
    """Whether a file is there; a name the system refuses (too long, a loop of links) names none."""
    try:
        return path.is_file()
    except OSError:
        return False


class Store:
    """The store at `url`. `source` names where the URL came from (`--db`, `settings.store`), so an
    error points at what the user typed. `must_exist`: a command that only reads (report, export,
    history, status) refuses a store that is not there rather than create an empty one, which would
    publish an empty archive or answer "0 runs" for a misspelt name."""

    def __init__(self, url: str = DEFAULT_DB_URL, *, source: str = "--db", must_exist: bool = False) -> None:
        self.safe_url = redacted_url(url)  # the URL to show: never its password
        try:
            parsed = make_url(url)
            self.engine = create_engine(parsed)
        except (ArgumentError, ValueError) as exc:
            raise StoreError(f"{source} {self.safe_url!r}: not a database URL: {scrubbed(str(exc), url)}") from None
        except ImportError as exc:
            raise StoreError(f"{source} {self.safe_url!r}: its database driver is not installed ({exc.name})") from None
        if parsed.get_backend_name() == "sqlite":
            file = _sqlite_file(parsed)
            if must_exist and file is not None and not _is_file(file):
                raise StoreError(f"{source} {self.safe_url!r}: no store at {file} (nothing has been audited into it)")
            _sqlite_pragmas(self.engine)
        try:
            if must_exist and not inspect(self.engine).has_table(RunRow.__tablename__):
                raise StoreError(f"{source} {self.safe_url!r}: this database holds no egov-audit store")
            migrate(self.engine)
        except DBAPIError as exc:  # refused, unknown host, bad credentials, a connection option the driver refuses
            raise StoreError(f"store {self.safe_url}: cannot be opened: {scrubbed(str(exc.orig), url)}") from None
        except NewerStoreError as exc:
            raise StoreError(f"store {self.safe_url}: {exc}") from None

    def close(self) -> None:
        self.engine.dispose()

    def mark_interrupted_runs(self) -> int:
        """Runs left `running` by a process of this host that is gone become `interrupted`."""
        host = socket.gethostname()
        with Session(self.engine) as session, session.begin():
            stale = session.scalars(select(RunRow).where(RunRow.status == RunStatus.RUNNING, RunRow.host == host))
            ids = [row.id for row in stale if not _run_process_alive(row.pid, aware(row.started_at))]
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
        *,
        country: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> int:
        """A new run of the portal, with its country and tags as they are now (the run keeps them)."""
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
                country=country,
                tags=dict(sorted((tags or {}).items())),
                host=socket.gethostname(),
                pid=os.getpid(),
            )
            session.add(run)
            session.flush()
            return run.id

    def add_pages(self, run_id: int, pages: Iterable[PageSnapshot]) -> None:
        rows = [page_row(run_id, page) for page in pages]
        if not rows:
            return
        with self.engine.begin() as connection:
            connection.execute(insert(PageRow), rows)
            connection.execute(
                update(RunRow).where(RunRow.id == run_id).values(pages_count=RunRow.pages_count + len(rows))
            )

    def add_tls(self, run_id: int, facts: TlsFacts) -> None:
        """The certificate's facts, read before the crawl (counted among the run's fetches, as they were)."""
        with self.engine.begin() as connection:
            connection.execute(insert(PageRow), [tls_row(run_id, facts)])
            connection.execute(update(RunRow).where(RunRow.id == run_id).values(pages_count=RunRow.pages_count + 1))

    def set_axe(self, run_id: int, results: dict[str, AxeResult]) -> None:
        """Attach axe-core's results to the pages of a run, in one transaction."""
        findings = [row for url, result in results.items() for row in finding_rows(run_id, url, result)]
        with self.engine.begin() as connection:
            for url, result in results.items():
                connection.execute(
                    update(PageRow)
                    .where(PageRow.run_id == run_id, PageRow.kind == FetchKind.PAGE, PageRow.url == url)
                    .values(axe=axe_record(result))
                )
            if findings:
                connection.execute(insert(AxeFindingRow), findings)

    def finish_run(
        self,
        run_id: int,
        status: RunStatus,
        stop_reason: StopReason | None,
        outcomes: list[RuleOutcome],
        scores: list[PillarScore],
        openness: float | None,
        note: str | None = None,
        coverage: CrawlCoverage | None = None,
        index_gaps: tuple[tuple[str, str], ...] = (),
        discovery: DiscoveryRecord | None = None,
    ) -> None:
        with self.engine.begin() as connection:
            if outcomes:
                connection.execute(insert(OutcomeRow), [outcome_row(run_id, o) for o in outcomes])
            if scores:
                connection.execute(insert(ScoreRow), [score_row(run_id, s) for s in scores])
            connection.execute(
                update(RunRow)
                .where(RunRow.id == run_id)
                .values(
                    status=status,
                    stop_reason=stop_reason,
                    finished_at=now(),
                    openness_index=openness,
                    note=note,
                    coverage=coverage_record(coverage),
                    index_gaps=[list(gap) for gap in index_gaps] or None,
                    discovery=discovery_record(discovery),
                )
            )

    def end_unfinished_run(
        self, run_id: int, status: RunStatus, note: str, replacing: tuple[RunStatus, ...] = (RunStatus.RUNNING,)
    ) -> None:
        """A run whose process died or was stopped: `failed` or `interrupted`, with the reason.
        Only a run whose status is one of `replacing` changes; a run that did finish is kept."""
        with self.engine.begin() as connection:
            connection.execute(
                update(RunRow)
                .where(RunRow.id == run_id, RunRow.status.in_(replacing))
                .values(
                    status=status,
                    finished_at=RunRow.finished_at if status is not RunStatus.FAILED else now(),
                    note=note,
                )
            )

    def record_failed_run(
        self,
        portal_key: str,
        portal_name: str,
        start_url: str,
        note: str,
        country: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> int:
        """A run that failed before its audit could start it (its process died at once)."""
        from egov_audit import __version__

        run_id = self.start_run(portal_key, portal_name, start_url, __version__, "", {}, country=country, tags=tags)
        self.finish_run(run_id, RunStatus.FAILED, None, [], [], None, note=note)
        return run_id

    def runs(self, portal_key: str | None = None) -> list[RunInfo]:
        query = select(RunRow, PortalRow).join(PortalRow).order_by(RunRow.id)
        if portal_key is not None:
            query = query.where(PortalRow.key == portal_key)
        with Session(self.engine) as session:
            return [run_info(run, portal) for run, portal in session.execute(query)]

    def run(self, run_id: int) -> RunInfo | None:
        with Session(self.engine) as session:
            found = session.execute(select(RunRow, PortalRow).join(PortalRow).where(RunRow.id == run_id)).first()
            return run_info(*found) if found else None

    def load_site(self, run_id: int) -> SiteSnapshot:
        with Session(self.engine) as session:
            run = session.get(RunRow, run_id)
            if run is None:
                raise StoreError(f"run {run_id} is not in the store")
            by_page: dict[str, list[AxeFinding]] = {}
            for row in session.scalars(
                select(AxeFindingRow).where(AxeFindingRow.run_id == run_id).order_by(AxeFindingRow.id)
            ):
                by_page.setdefault(row.page_url, []).append(finding(row))
            rows = session.scalars(select(PageRow).where(PageRow.run_id == run_id).order_by(PageRow.id)).all()
            pages = [
                snapshot(row, tuple(by_page.get(row.url, ())) if row.kind == FetchKind.PAGE else ())
                for row in rows
                if row.kind != FetchKind.TLS
            ]
            tls = next((tls_facts(row) for row in rows if row.kind == FetchKind.TLS), None)
            hosts = frozenset((run.config or {}).get("hosts", ()))  # none recorded: the start URL's own
            return SiteSnapshot(start_url=run.start_url, pages=pages, tls=tls, hosts=hosts)

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
                    evidence=stored_evidence(r.evidence, r.evidence_notes),
                    review=r.review,
                    refs=tuple((source, item) for source, item in r.refs),
                    titles=tuple(sorted((r.titles or {}).items())),
                    score=stored_score(r.outcome, r.score),
                    note=stored_note(r.summary_note),
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


__all__ = ["DEFAULT_DB_URL", "RunInfo", "Store", "StoreError"]
