"""The store as the meeting point of the processes that audit: the scheduler daemons' heartbeats
(table `daemons`) and the portals being audited right now (table `portal_locks`).

A portal's lock is taken with one INSERT that its primary key makes fail when another process
holds it, so two `run`s, or a `run` beside the daemon, never audit one portal at once, on one
host or across hosts sharing a PostgreSQL store. A lock whose holder is gone is taken over: on
this host when its process is not alive (the pattern of `mark_interrupted_runs`), elsewhere
once it has outlived the longest its audit could last.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from egov_audit.audits.model import RunStatus
from egov_audit.store.database import Store, _run_process_alive
from egov_audit.store.rows import aware
from egov_audit.store.schema import DaemonRow, PortalLockRow, PortalRow, RunRow, now

HEARTBEAT_SECONDS = 30.0  # how often a daemon records that it is alive
# A daemon on another host (whose process cannot be looked at) is taken for gone after this many
# missed beats: one late beat (a busy database, a long transaction) is not a dead daemon.
MISSED_BEATS = 3
_TAKE_ATTEMPTS = 3  # insert, find the holder gone, remove its lock, insert again; then a third taker's turn


@dataclass(frozen=True)
class LockHolder:
    """The process auditing a portal."""

    host: str
    pid: int
    started_at: datetime
    expires_at: datetime

    def gone(self, moment: datetime) -> bool:
        """Whether the holder can no longer be auditing: its process is not alive (on this host), or
        (on another host, whose processes cannot be seen) its lock has outlived its longest audit."""
        if self.host == socket.gethostname():
            return not _run_process_alive(self.pid, self.started_at)
        return moment > self.expires_at


def _holder(store: Store, portal_key: str) -> LockHolder | None:
    with store.engine.connect() as connection:
        row = connection.execute(select(PortalLockRow).where(PortalLockRow.portal_key == portal_key)).first()
    if row is None:
        return None
    started, expires = aware(row.started_at), aware(row.expires_at)
    assert started is not None and expires is not None  # NOT NULL columns
    return LockHolder(row.host, row.pid, started, expires)


def _orphaned_audit(store: Store, portal_key: str) -> LockHolder | None:
    """The process still auditing the portal although its lock's holder is gone: a parent killed
    with SIGKILL leaves its audit's child running (it writes its run to the end). Its run names it;
    on this host its liveness can be seen, elsewhere the lock's expiry stands for it."""
    host = socket.gethostname()
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(RunRow.pid, RunRow.started_at)
            .join(PortalRow, PortalRow.id == RunRow.portal_id)
            .where(PortalRow.key == portal_key, RunRow.status == RunStatus.RUNNING, RunRow.host == host)
        ).all()
    for pid, started_at in rows:
        started = aware(started_at)
        assert started is not None  # NOT NULL column
        if _run_process_alive(pid, started):
            return LockHolder(host, pid, started, started)
    return None


def take_portal_lock(store: Store, portal_key: str, longest: timedelta) -> LockHolder | None:
    """Take the portal's lock for this process, for an audit that lasts at most `longest`.
    None: it is ours now (release it with `release_portal_lock`); otherwise the live holder."""
    host, pid = socket.gethostname(), os.getpid()
    holder: LockHolder | None = None
    for _attempt in range(_TAKE_ATTEMPTS):
        started = now()
        try:
            with store.engine.begin() as connection:
                connection.execute(
                    insert(PortalLockRow).values(
                        portal_key=portal_key, host=host, pid=pid, started_at=started, expires_at=started + longest
                    )
                )
            return None
        except IntegrityError:
            pass  # held: by whom, and are they still there?
        holder = _holder(store, portal_key)
        if holder is None:
            continue  # released in between
        if not holder.gone(now()):
            return holder
        if (auditing := _orphaned_audit(store, portal_key)) is not None:
            return auditing
        # Remove that holder's lock only (by its host and pid): of two processes taking over at
        # once, one removes it, and the INSERT of one of them wins.
        with store.engine.begin() as connection:
            connection.execute(
                delete(PortalLockRow).where(
                    PortalLockRow.portal_key == portal_key,
                    PortalLockRow.host == holder.host,
                    PortalLockRow.pid == holder.pid,
                )
            )
    return _holder(store, portal_key) or holder


def release_portal_lock(store: Store, portal_key: str) -> None:
    """Release this process's lock on the portal (a lock taken over by another process is left alone)."""
    with store.engine.begin() as connection:
        connection.execute(
            delete(PortalLockRow).where(
                PortalLockRow.portal_key == portal_key,
                PortalLockRow.host == socket.gethostname(),
                PortalLockRow.pid == os.getpid(),
            )
        )


@dataclass(frozen=True)
class DaemonState:
    """What the store knows of the latest daemon of a config."""

    host: str
    pid: int
    started_at: datetime
    beat_at: datetime
    stopped_at: datetime | None
    running: bool  # not stopped cleanly, and its process alive (this host) or beating (elsewhere)

    @property
    def last_seen(self) -> datetime:
        return self.stopped_at or self.beat_at


def daemon_started(store: Store, config: str) -> None:
    """This process is the daemon of `config` (its absolute path), from now."""
    host, pid, moment = socket.gethostname(), os.getpid(), now()
    with store.engine.begin() as connection:
        where = (DaemonRow.config == config, DaemonRow.host == host)
        values = {"pid": pid, "started_at": moment, "beat_at": moment, "stopped_at": None}
        if not connection.execute(update(DaemonRow).where(*where).values(**values)).rowcount:
            connection.execute(insert(DaemonRow).values(config=config, host=host, **values))


def daemon_beat(store: Store, config: str, stopped: bool = False) -> None:
    """The daemon is alive (or, `stopped`, has stopped cleanly)."""
    moment = now()
    values = {"beat_at": moment, "stopped_at": moment} if stopped else {"beat_at": moment}
    with store.engine.begin() as connection:
        connection.execute(
            update(DaemonRow)
            .where(DaemonRow.config == config, DaemonRow.host == socket.gethostname(), DaemonRow.pid == os.getpid())
            .values(**values)
        )


def daemon_state(store: Store, config: str) -> DaemonState | None:
    """The latest daemon of `config` (by its last beat); None if none ever started."""
    with store.engine.connect() as connection:
        row = connection.execute(
            select(DaemonRow).where(DaemonRow.config == config).order_by(DaemonRow.beat_at.desc()).limit(1)
        ).first()
    if row is None:
        return None
    started, beat = aware(row.started_at), aware(row.beat_at)
    assert started is not None and beat is not None  # NOT NULL columns
    stopped = aware(row.stopped_at)
    if stopped is not None:
        running = False
    elif row.host == socket.gethostname():
        running = _run_process_alive(row.pid, started)
    else:
        running = now() - beat < timedelta(seconds=MISSED_BEATS * HEARTBEAT_SECONDS)
    return DaemonState(row.host, row.pid, started, beat, stopped, running)
