"""`egov-audit schedule`: audits on cron-like schedules, for months, unattended.

APScheduler 3 with its jobs kept in the project's store (table `apscheduler_jobs`), so a
restart finds the same jobs and their next run times rather than new ones. One job per
portal; a job never runs twice at once (`max_instances=1`: an overlapping trigger is
skipped); runs missed while the daemon was down are coalesced into one run on start if
they are within the config's grace period. Each run is a portal process (egov_audit.run.portal_process)
holding the portal's lock in the store, so a `run` beside the daemon never audits the same portal at
once (whichever comes second skips it). The archive is re-rendered after every stored run, only
where it changed; on start too, when the store holds ended runs the archive does not show.

The daemon records a heartbeat in the store (table `daemons`: on start, every HEARTBEAT_SECONDS,
on a clean stop), so `status` can say whether it is running. Log lines give times in the config's
`settings.timezone`, ISO 8601 with its offset, as `status` does.

Stopping (SIGTERM, SIGINT): no new runs start; running audits get `stop_grace` seconds to
finish, then are ended, and their runs are marked `interrupted`. Runs that ended since the last
render (within the grace or interrupted) are rendered once before exiting. Nothing stored is lost.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.exc import SQLAlchemyError

from egov_audit.audits.model import RunStatus
from egov_audit.run.config_file import AuditConfig, cron_fields
from egov_audit.run.portal_process import PortalBusyError, PortalProcess
from egov_audit.run.times import local_iso
from egov_audit.store.coordination import HEARTBEAT_SECONDS, daemon_beat, daemon_started
from egov_audit.store.database import Store
from egov_audit.store.redaction import redacted_text

JOBS_TABLE = "apscheduler_jobs"
JOB_PREFIX = "portal:"
POLL = 0.5

log = logging.getLogger("egov_audit.schedule")


class _ZonedFormatter(logging.Formatter):
    """Times in the config's zone, with its offset: the line's own and any moment among its fields."""

    def __init__(self, timezone: str) -> None:
        super().__init__()
        self.timezone = timezone

    def moment(self, record: logging.LogRecord, timespec: str) -> str:
        return local_iso(datetime.fromtimestamp(record.created, UTC), self.timezone, timespec)

    def fields(self, record: logging.LogRecord) -> dict[str, Any]:
        return {
            key: local_iso(value, self.timezone) if isinstance(value, datetime) and value.tzinfo else value
            for key, value in getattr(record, "fields", {}).items()
        }


class _JsonLines(_ZonedFormatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": self.moment(record, "milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        event.update(self.fields(record))
        return json.dumps(event, ensure_ascii=False, default=str)


class _KeyValues(_ZonedFormatter):
    def format(self, record: logging.LogRecord) -> str:
        shown = self.fields(record).items()
        fields = " ".join(f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in shown)
        return f"{self.moment(record, 'seconds')} {record.levelname.lower()} {record.getMessage()} {fields}".rstrip()


def setup_logging(as_json: bool, timezone: str = "UTC") -> None:
    """One event per line on stderr, its times in `timezone`; APScheduler's own chatter only from warnings up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLines(timezone) if as_json else _KeyValues(timezone))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").handlers[:] = [handler]


def event(what: str, /, severity: int = logging.INFO, **fields: Any) -> None:
    """Log one event; a URL in a field (a store, a failure's reason) is logged without its secrets."""
    shown = {key: redacted_text(value) if isinstance(value, str) else value for key, value in fields.items()}
    log.log(severity, what, extra={"fields": shown})


def trigger_for(config: AuditConfig, expression: str, jitter: bool = True) -> CronTrigger:
    """The schedule's trigger in the config's zone; without `jitter`, the fire times as written
    (what `status` shows when no daemon holds the jobs)."""
    spread = config.settings.jitter if jitter else 0
    return CronTrigger(**cron_fields(expression), timezone=config.settings.timezone, jitter=spread or None)


def next_fire_time(config: AuditConfig, expression: str, after: datetime) -> datetime | None:
    """The first time at or after `after` when `expression` fires, without jitter."""
    return trigger_for(config, expression, jitter=False).get_next_fire_time(None, after)


def next_run_times(store: Store) -> dict[str, datetime | None]:
    """Portal name -> when its scheduled job fires next, as the scheduler left its jobs in the store
    (read only: no scheduler is attached)."""
    jobs = SQLAlchemyJobStore(engine=store.engine, tablename=JOBS_TABLE)
    jobs.start(None, "default")  # type: ignore[arg-type]
    return {job.id.removeprefix(JOB_PREFIX): job.next_run_time for job in jobs.get_all_jobs()}


class Daemon:
    """The scheduler, the portal processes it runs, and the way it stops."""

    def __init__(self, config: AuditConfig) -> None:
        self.config = config
        self.store = Store(config.store_url, source="settings.store")  # migrates the store before any child opens it
        self.stopping = threading.Event()
        self.running: dict[str, PortalProcess] = {}
        self.lock = threading.Lock()
        self.render_lock = threading.Lock()
        self.unrendered = 0  # runs that ended since the archive was last rendered (under self.lock)
        self.ended = threading.Event()  # the daemon has stopped: the heartbeat ends
        self.heart = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.store.engine, tablename=JOBS_TABLE)},
            executors={"default": ThreadPoolExecutor(max_workers=config.settings.concurrency)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": config.settings.misfire_grace},
            timezone=config.settings.timezone,
        )
        self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)

    def _skipped(self, job_event: JobExecutionEvent) -> None:
        why = "still running" if job_event.code == EVENT_JOB_MAX_INSTANCES else "missed beyond the grace period"
        event("run.skipped", severity=logging.WARNING, job=job_event.job_id, reason=why)

    def sync_jobs(self) -> None:
        """Make the stored jobs match the config: keep a job whose schedule is unchanged (and so
        its next run time), replace one whose schedule changed, remove those of dropped portals."""
        wanted = {}
        for portal in self.config.portals:
            expression = self.config.schedule_of(portal)
            if expression:
                wanted[JOB_PREFIX + portal.name] = (portal, expression)
        for job in self.scheduler.get_jobs():
            if job.id not in wanted:
                job.remove()
                event("job.removed", job=job.id)
        for job_id, (portal, expression) in wanted.items():
            trigger = trigger_for(self.config, expression)
            job = self.scheduler.get_job(job_id)
            if (
                job is not None
                and str(job.trigger) == str(trigger)
                and job.args == (str(self.config.path), portal.name)
            ):
                event("job.kept", job=job_id, next_run=job.next_run_time)
                continue
            job = self.scheduler.add_job(
                run_scheduled_audit,
                trigger,
                args=(str(self.config.path), portal.name),
                id=job_id,
                name=portal.name,
                replace_existing=True,
            )
            event("job.scheduled", job=job_id, schedule=expression, timezone=self.config.settings.timezone)

    def _beat(self) -> None:
        while not self.ended.wait(HEARTBEAT_SECONDS):
            try:
                daemon_beat(self.store, str(self.config.path))
            except SQLAlchemyError as exc:  # the database is away for a moment: say so, beat again later
                event("heartbeat.failed", severity=logging.WARNING, reason=str(exc).splitlines()[0])

    def archive_behind(self) -> int:
        """How many ended runs the archive does not show. The archive's manifest (reports/archive.py)
        names the page of every run it rendered, and a run gets its page once it has ended and never
        changes its id: an ended run without its page in the manifest is one the archive lacks (a
        render cut short by a stop, a `run --no-report`, a render that failed). Simpler and surer
        than a mark of our own in the store, which renders by `run` or `report` would not update."""
        from egov_audit.reports.archive import MANIFEST
        from egov_audit.reports.paths import run_page

        try:
            shown = set(json.loads((self.config.archive_dir / MANIFEST).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            shown = set()
        return sum(
            run.status is not RunStatus.RUNNING and str(run_page(run.id)) not in shown for run in self.store.runs()
        )

    def start(self) -> None:
        global _DAEMON
        _DAEMON = self
        daemon_started(self.store, str(self.config.path))
        self.heart.start()
        interrupted = self.store.mark_interrupted_runs()
        if interrupted:
            event("runs.marked_interrupted", count=interrupted)
        self.scheduler.start(paused=True)
        self.sync_jobs()
        behind = self.archive_behind()
        if behind:
            event("archive.behind", runs=behind)
            self.render()
        self.scheduler.resume()  # due and missed runs (coalesced) start now
        for job in self.scheduler.get_jobs():
            event("job.next", job=job.id, next_run=job.next_run_time)

    def audit(self, portal_name: str) -> None:
        """A job's body: one portal process, watched until it ends, then the archive."""
        portal = self.config.portal(portal_name)
        with self.lock:
            if self.stopping.is_set() or portal_name in self.running:
                event("run.skipped", severity=logging.WARNING, portal=portal_name, reason="stopping or already running")
                return
            try:
                process = PortalProcess.start(self.config, portal, self.store)
            except PortalBusyError as busy:  # a `run` (or a daemon on another host) is auditing it
                event("run.skipped", severity=logging.WARNING, portal=portal_name, reason=str(busy))
                return
            self.running[portal_name] = process
        event("run.started", portal=portal_name, pid=process.process.pid)
        try:
            while not process.poll(self.store):
                time.sleep(POLL)
        finally:
            with self.lock:
                self.running.pop(portal_name, None)
                self.unrendered += 1
        event("run.ended", portal=portal_name, run=process.run_id, status=process.outcome, note=process.note or None)
        if not self.stopping.is_set():
            self.render()  # when stopping, stop() renders once for every run that ends in the grace

    def render(self) -> None:
        from egov_audit.reports.archive import render_archive
        from egov_audit.reports.errors import ReportError

        settings = self.config.settings
        with self.render_lock:
            with self.lock:
                self.unrendered = 0  # a run that ends from now on is rendered by its own turn, or by stop()
            try:
                outcome = render_archive(
                    self.store,
                    self.config.archive_dir,
                    settings.report_lang,
                    settings.archive_title,
                    settings.regression_points,
                    base_url=settings.base_url,
                    csv_bom=settings.csv_bom,
                )
            except ReportError as exc:
                event("archive.failed", severity=logging.ERROR, reason=str(exc))
                return
        event("archive.rendered", pages=len(outcome.rendered), reused=outcome.reused, files=len(outcome.written))

    def stop(self) -> None:
        """No new runs; running ones get the grace period, then end `interrupted`."""
        self.stopping.set()
        self.scheduler.pause()
        grace = self.config.settings.stop_grace
        event("daemon.stopping", running=sorted(self.running), grace_seconds=grace)
        deadline = time.monotonic() + grace
        while self.running and time.monotonic() < deadline:
            time.sleep(POLL)
        with self.lock:
            left = list(self.running.values())
        for process in left:
            process.stop(f"the scheduler stopped and {grace} s of grace ran out", interrupted=True)
        # APScheduler's loop may wake once more while its executor closes and log a failed submit:
        # nothing is to start now, and the missed fire time is caught up on the next start.
        logging.getLogger("apscheduler").setLevel(logging.CRITICAL)
        self.scheduler.shutdown(wait=True)  # job threads see their processes end, settle their runs
        self.store.mark_interrupted_runs()
        if self.unrendered:  # runs that ended in the grace, or were interrupted: the archive shows them
            self.render()
        self.ended.set()
        if self.heart.is_alive():
            self.heart.join()
        daemon_beat(self.store, str(self.config.path), stopped=True)
        self.store.close()
        event("daemon.stopped")


_DAEMON: Daemon | None = None


def run_scheduled_audit(config_path: str, portal_name: str) -> None:
    """What a stored job calls (by reference, so it survives restarts): the running daemon's audit."""
    if _DAEMON is None or Path(config_path) != _DAEMON.config.path:
        event("run.skipped", severity=logging.WARNING, portal=portal_name, reason=f"no daemon for {config_path}")
        return
    _DAEMON.audit(portal_name)
