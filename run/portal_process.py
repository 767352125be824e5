"""One portal's audit in a process of its own, watched from outside.

Scrapy's reactor cannot be started twice in one process, and a portal that leaks memory,
hangs a browser or crashes the interpreter must not take the other portals with it. So each
audit runs in a spawned child; the parent bounds its time, ends its whole process tree when
it overruns, and makes sure the store says what happened: a child that died before finishing
leaves its run `failed`, with the reason, never `running`.

One audit of a portal at a time, whoever starts it (`run`, the daemon, on any host of the store):
the parent holds the portal's lock in the store (store/coordination.py) from before the child
starts until its run is settled. A portal found locked is not started (`PortalBusyError`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psutil

from egov_audit.audits.model import RunStatus
from egov_audit.render.settings import RenderSettings
from egov_audit.run.config_file import AuditConfig, PortalEntry
from egov_audit.run.times import local_iso
from egov_audit.store.coordination import LockHolder, release_portal_lock, take_portal_lock
from egov_audit.store.database import Store

END_GRACE = 10.0  # seconds a child gets to end after SIGTERM, before SIGKILL


class PortalBusyError(Exception):
    """The portal is being audited by another process; the message says which, where and since when."""

    def __init__(self, holder: LockHolder, timezone: str) -> None:
        self.holder = holder
        since = local_iso(holder.started_at, timezone)
        super().__init__(f"already being audited by pid {holder.pid} on host {holder.host} since {since}")


def portal_key(url: str) -> str:
    from egov_audit.crawler.config import portal_key as key_of

    return key_of(url)


def render_settings(config: AuditConfig, portal: PortalEntry) -> RenderSettings | None:
    if portal.render == 0:
        return None
    return RenderSettings(
        sample=None if portal.render == "all" else int(portal.render),
        concurrency=config.settings.render_concurrency,
        user_agent=config.crawl_config(portal).user_agent,
    )


def _audit(config_path: str, portal_name: str) -> None:
    """The child: load everything again (nothing is inherited through spawn) and audit."""
    from egov_audit.audits.rulebook import load_rules
    from egov_audit.run.audit_run import audit_portal
    from egov_audit.run.config_file import load_config

    config = load_config(Path(config_path))
    portal = config.portal(portal_name)
    store = Store(config.store_url, source="settings.store")
    try:
        audit_portal(
            config.crawl_config(portal),
            load_rules(portal.profile, config.rule_paths(portal), portal.lang_hint),
            store,
            portal_key(portal.url),
            portal.name,
            render=render_settings(config, portal),
            country=portal.country,
            tags=portal.tags,
        )
    finally:
        store.close()


def _end_tree(child: multiprocessing.process.BaseProcess) -> None:
    """SIGTERM the child and everything below it, then SIGKILL what is left. The child itself is
    waited for through multiprocessing, which must reap it to learn its exit code."""
    try:
        below = psutil.Process(child.pid).children(recursive=True)
    except psutil.Error:
        below = []
    child.terminate()
    for member in below:
        with contextlib.suppress(psutil.Error):
            member.terminate()
    child.join(timeout=END_GRACE)
    _gone, alive = psutil.wait_procs(below, timeout=1 if child.exitcode is not None else END_GRACE)
    if child.exitcode is None:
        child.kill()
        child.join(timeout=END_GRACE)
    for member in alive:
        with contextlib.suppress(psutil.Error):
            member.kill()
    psutil.wait_procs(alive, timeout=END_GRACE)


@dataclass
class PortalProcess:
    """A running audit of one portal."""

    config: AuditConfig
    portal: PortalEntry
    process: multiprocessing.process.BaseProcess
    started: float
    deadline: float
    first_run_id: int  # runs of this portal with a higher id were made by this process
    outcome: str | None = None  # set once it has ended: "complete", "partial", "failed", ...
    run_id: int | None = None
    note: str = ""
    interrupted: bool = False  # stopped on purpose (the daemon is shutting down), not failed
    stopped: bool = False  # ended from here: settle it even if its exit code could not be read
    locked: bool = False  # holds the portal's lock, released once the run is settled

    @classmethod
    def start(cls, config: AuditConfig, portal: PortalEntry, store: Store) -> PortalProcess:
        """Take the portal's lock and start its audit; PortalBusyError if another process audits it."""
        key = portal_key(portal.url)
        timeout = config.settings.portal_timeout or (3 * portal.time_budget + 600)
        # Past its deadline the child is ended (END_GRACE twice: SIGTERM, then SIGKILL), then settled.
        holder = take_portal_lock(store, key, timedelta(seconds=timeout + 2 * END_GRACE + 60))
        if holder is not None:
            raise PortalBusyError(holder, config.settings.timezone)
        try:
            before = store.runs(key)
            context = multiprocessing.get_context("spawn")
            process = context.Process(target=_audit, args=(str(config.path), portal.name), name=f"audit {portal.name}")
            process.start()
        except BaseException:
            release_portal_lock(store, key)
            raise
        now = time.monotonic()
        return cls(config, portal, process, now, now + timeout, before[-1].id if before else 0, locked=True)

    @property
    def running(self) -> bool:
        return self.outcome is None

    def poll(self, store: Store) -> bool:
        """Check on the child; True once it has ended (by itself or because it overran)."""
        if self.outcome is not None:
            return True
        if self.process.exitcode is None and not self.stopped:
            if time.monotonic() < self.deadline:
                return False
            self.stop(f"killed after {time.monotonic() - self.started:.0f} s: over its time limit")
        try:
            self._settle(store)
        finally:
            if self.locked:
                release_portal_lock(store, portal_key(self.portal.url))
                self.locked = False
        return True

    def stop(self, why: str, interrupted: bool = False) -> None:
        """End the child and its browsers now (the run is settled by the next poll). A child that
        has already ended by itself keeps what it recorded: it was not stopped."""
        if self.process.exitcode is None:
            # Said before the child ends, so that a poll from the job's thread that sees it gone
            # settles the run with why it was ended.
            self.interrupted = interrupted
            self.note = why
            _end_tree(self.process)
        self.stopped = True

    def _settle(self, store: Store) -> None:
        exitcode = self.process.exitcode
        runs = [r for r in store.runs(portal_key(self.portal.url)) if r.id > self.first_run_id]
        run = runs[-1] if runs else None
        reason = self.note or f"the audit process ended with exit code {exitcode}"
        if run is None and self.interrupted:
            # Stopped on purpose before its audit opened a run: nothing was audited, so there is
            # no run to keep; the fire time it missed is caught up on the next start.
            self.outcome = RunStatus.INTERRUPTED
            return
        if run is None:
            # It died before it could even open its run: record one, so the failure is on file.
            self.run_id = store.record_failed_run(
                portal_key(self.portal.url),
                self.portal.name,
                self.portal.url,
                reason,
                self.portal.country,
                self.portal.tags,
            )
            self.outcome = RunStatus.FAILED
            self.note = reason
            return
        self.run_id = run.id
        if self.interrupted:  # stopped mid-audit: what it stored is kept, but the run did not finish
            # A sibling's start may have marked the dead run interrupted already, without saying why;
            # the child may have recorded its own end as failed while our SIGTERM stopped it.
            replacing: tuple[RunStatus, ...] = (
                RunStatus.RUNNING,
                RunStatus.PARTIAL,
                RunStatus.UNREACHABLE,
                RunStatus.INTERRUPTED,
                RunStatus.FAILED,
            )
            status = RunStatus.INTERRUPTED
        elif self.note:  # ended for overrunning: whatever it stored, the audit did not finish as it should
            replacing = (
                RunStatus.RUNNING,
                RunStatus.INTERRUPTED,
                RunStatus.PARTIAL,
                RunStatus.UNREACHABLE,
                RunStatus.COMPLETE,
            )
            status = RunStatus.FAILED
        elif exitcode != 0:  # it crashed; a sibling may already have marked its run interrupted
            replacing = (RunStatus.RUNNING, RunStatus.INTERRUPTED)
            status = RunStatus.FAILED
        else:
            replacing, status = (RunStatus.RUNNING,), RunStatus.FAILED
        if run.status in replacing:
            store.end_unfinished_run(run.id, status, reason, replacing)
            self.outcome = status
            self.note = reason
        else:
            self.outcome = str(run.status)
