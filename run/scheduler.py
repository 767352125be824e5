"""`egov-audit schedule`: audits on cron-like schedules, for months, unattended.

APScheduler 3 with its jobs kept in the project's store (table `apscheduler_jobs`), so a
restart finds the same jobs and their next run times rather than new ones. One job per
portal; a job never runs twice at once (`max_instances=1`: an overlapping trigger is
skipped); runs missed while the daemon was down are coalesced into one run on start if
they are within the config's grace period. Each run is a portal process (egov_audit.run.portal_process);
the archive is re-rendered after it, only where it changed.

Stopping (SIGTERM, SIGINT): no new runs start; running audits get `stop_grace` seconds to
finish, then are ended, and their runs are marked `interrupted`. Nothing stored is lost.
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

from egov_audit.run.config_file import AuditConfig, cron_fields
from egov_audit.run.portal_process import PortalProcess
from egov_audit.store.database import Store
from egov_audit.store.redaction import redacted_text

JOBS_TABLE = "apscheduler_jobs"
JOB_PREFIX = "portal:"
POLL = 0.5

log = logging.getLogger("egov_audit.schedule")


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        event.update(getattr(record, "fields", {}))
        return json.dumps(event, ensure_ascii=False, default=str)


class _KeyValues(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds")
        fields = " ".join(
            f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in getattr(record, "fields", {}).items()
        )
        return f"{moment} {record.levelname.lower()} {record.getMessage()} {fields}".rstrip()


def setup_logging(as_json: bool) -> None:
    """One event per line on stderr; APScheduler's own chatter only from warnings up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLines() if as_json else _KeyValues())
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").handlers[:] = [handler]


def event(what: str, /, severity: int = logging.INFO, **fields: Any) -> None:
    """Log one event; a URL in a field (a store, a failure's reason) is logged without its secrets."""
    shown = {key: redacted_text(value) if isinstance(value, str) else value for key, value in fields.items()}
    log.log(severity, what, extra={"fields": shown})


def trigger_for(config: AuditConfig, expression: str) -> CronTrigger:
    return CronTrigger(
        **cron_fields(expression), timezone=config.settings.timezone, jitter=config.settings.jitter or None
    )


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

    def start(self) -> None:
        global _DAEMON
        _DAEMON = self
        interrupted = self.store.mark_interrupted_runs()
        if interrupted:
            event("runs.marked_interrupted", count=interrupted)
        self.scheduler.start(paused=True)
        self.sync_jobs()
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
            process = PortalProcess.start(self.config, portal, self.store)
            self.running[portal_name] = process
        event("run.started", portal=portal_name, pid=process.process.pid)
        try:
            while not process.poll(self.store):
                time.sleep(POLL)
        finally:
            with self.lock:
                self.running.pop(portal_name, None)
        event("run.ended", portal=portal_name, run=process.run_id, status=process.outcome, note=process.note or None)
        if not self.stopping.is_set():
            self.render()

    def render(self) -> None:
        from egov_audit.reports.archive import render_archive
        from egov_audit.reports.errors import ReportError

        settings = self.config.settings
        with self.render_lock:
            try:
                outcome = render_archive(
                    self.store,
                    self.config.archive_dir,
                    settings.report_lang,
                    settings.archive_title,
                    settings.regression_points,
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
        self.store.close()
        event("daemon.stopped")


_DAEMON: Daemon | None = None


def run_scheduled_audit(config_path: str, portal_name: str) -> None:
    """What a stored job calls (by reference, so it survives restarts): the running daemon's audit."""
    if _DAEMON is None or Path(config_path) != _DAEMON.config.path:
        event("run.skipped", severity=logging.WARNING, portal=portal_name, reason=f"no daemon for {config_path}")
        return
    _DAEMON.audit(portal_name)
