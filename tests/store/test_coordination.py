"""The store as the meeting point of auditing processes: a portal's lock is held by one process at
a time, a lock whose holder is gone is taken over, and a daemon's heartbeat says whether it runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import insert, select, update

from egov_audit.store.coordination import (
    HEARTBEAT_SECONDS,
    MISSED_BEATS,
    daemon_beat,
    daemon_started,
    daemon_state,
    release_portal_lock,
    take_portal_lock,
)
from egov_audit.store.database import Store
from egov_audit.store.schema import DaemonRow, PortalLockRow, RunRow, now

HOUR = timedelta(hours=1)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


def held_by(store: Store, host: str, pid: int, expires_in: timedelta = HOUR) -> None:
    """The lock of portal `p` as another process left it."""
    moment = now()
    with store.engine.begin() as connection:
        connection.execute(
            insert(PortalLockRow).values(
                portal_key="p", host=host, pid=pid, started_at=moment, expires_at=moment + expires_in
            )
        )


def holders(store: Store) -> list[tuple[str, int]]:
    with store.engine.connect() as connection:
        return [(row.host, row.pid) for row in connection.execute(select(PortalLockRow))]


def a_dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_lock_is_held_by_one_process_until_released(store: Store) -> None:
    assert take_portal_lock(store, "p", HOUR) is None
    again = take_portal_lock(store, "p", HOUR)  # held, by a live process (this one)
    assert again is not None and (again.host, again.pid) == (socket.gethostname(), os.getpid())
    assert take_portal_lock(store, "q", HOUR) is None  # another portal is free
    release_portal_lock(store, "p")
    assert take_portal_lock(store, "p", HOUR) is None


def test_a_live_holder_keeps_its_lock(store: Store) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:
            held_by(store, socket.gethostname(), other.pid)
            holder = take_portal_lock(store, "p", HOUR)
            assert holder is not None and holder.pid == other.pid
            release_portal_lock(store, "p")  # not ours: left alone
            assert holders(store) == [(socket.gethostname(), other.pid)]
        finally:
            other.kill()


def test_a_lock_whose_process_is_gone_is_taken_over(store: Store) -> None:
    held_by(store, socket.gethostname(), a_dead_pid())
    assert take_portal_lock(store, "p", HOUR) is None
    assert holders(store) == [(socket.gethostname(), os.getpid())]


def test_an_audit_that_outlived_its_lock_holder_keeps_the_portal(store: Store) -> None:
    """`run` killed with SIGKILL: its lock's holder is gone, but the audit's child writes on."""
    held_by(store, socket.gethostname(), a_dead_pid())
    run_id = store.start_run("p", "P", "https://p.example/", "0", "0", {})
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as child:
        try:
            with store.engine.begin() as connection:  # the run as the child started it
                connection.execute(update(RunRow).where(RunRow.id == run_id).values(pid=child.pid, started_at=now()))
            holder = take_portal_lock(store, "p", HOUR)
            assert holder is not None and holder.pid == child.pid
        finally:
            child.kill()
    assert take_portal_lock(store, "p", HOUR) is None  # the audit is gone too: the portal is free


def test_a_lock_held_elsewhere_is_taken_over_only_once_it_has_expired(store: Store) -> None:
    held_by(store, "elsewhere.example", 1)
    holder = take_portal_lock(store, "p", HOUR)
    assert holder is not None and holder.host == "elsewhere.example"
    with store.engine.begin() as connection:
        connection.execute(update(PortalLockRow).values(expires_at=now() - timedelta(seconds=1)))
    assert take_portal_lock(store, "p", HOUR) is None
    assert holders(store) == [(socket.gethostname(), os.getpid())]


def test_a_heartbeat_says_whether_the_daemon_runs(store: Store) -> None:
    config = "/srv/ngo.yaml"
    assert daemon_state(store, config) is None  # never started
    daemon_started(store, config)
    state = daemon_state(store, config)
    assert state is not None and state.running and state.pid == os.getpid() and state.stopped_at is None
    daemon_beat(store, config)
    beaten = daemon_state(store, config)
    assert beaten is not None and beaten.beat_at >= state.beat_at
    daemon_beat(store, config, stopped=True)
    stopped = daemon_state(store, config)
    assert stopped is not None and not stopped.running and stopped.last_seen == stopped.stopped_at
    daemon_started(store, config)  # a restart on the same host takes the same row
    restarted = daemon_state(store, config)
    assert restarted is not None and restarted.running and restarted.stopped_at is None
    assert daemon_state(store, "/srv/other.yaml") is None


def test_a_daemon_that_died_is_not_running(store: Store) -> None:
    config = "/srv/ngo.yaml"
    moment = now()
    with store.engine.begin() as connection:
        connection.execute(
            insert(DaemonRow).values(
                config=config, host=socket.gethostname(), pid=a_dead_pid(), started_at=moment, beat_at=moment
            )
        )
    state = daemon_state(store, config)
    assert state is not None and not state.running  # killed -9: no clean stop, but its process is gone


@pytest.mark.parametrize("beats_missed, running", [(1, True), (MISSED_BEATS + 1, False)])
def test_a_daemon_elsewhere_runs_while_it_beats(store: Store, beats_missed: int, running: bool) -> None:
    config = "/srv/ngo.yaml"
    beat = now() - timedelta(seconds=beats_missed * HEARTBEAT_SECONDS)
    with store.engine.begin() as connection:
        connection.execute(
            insert(DaemonRow).values(config=config, host="elsewhere.example", pid=1, started_at=beat, beat_at=beat)
        )
    state = daemon_state(store, config)
    assert state is not None and state.running is running
