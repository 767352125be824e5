"""What `status` reports when no daemon runs: next runs from the config's schedules (not stale
stored times), a portal overdue once a fire time passed beyond the misfire grace with no run,
and beside an interrupted run the last good one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from egov_audit.audits.model import RunStatus
from egov_audit.run.config_file import AuditConfig, load_config
from egov_audit.run.daemon_status import config_status
from egov_audit.run.portal_process import portal_key
from egov_audit.store.coordination import daemon_beat, daemon_started
from egov_audit.store.database import Store
from tests.schedules import write_config

URL = "http://127.0.0.1:9/"  # never fetched
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def config(tmp_path: Path) -> AuditConfig:
    portals = [{"name": "Akimat A", "url": URL, "schedule": "0 3 * * *"}, {"name": "unscheduled", "url": URL + "x/"}]
    return load_config(write_config(tmp_path, portals, timezone="Asia/Almaty", misfire_grace=3600))


@pytest.fixture
def store(config: AuditConfig) -> Iterator[Store]:
    opened = Store(config.store_url)
    yield opened
    opened.close()


def a_run(store: Store, status: RunStatus, index: float | None = None) -> int:
    run_id = store.start_run(portal_key(URL), "Akimat A", URL, "test", "", {})
    store.finish_run(run_id, status, None, [], [], index)
    return run_id


def test_with_no_daemon_the_next_run_comes_from_the_schedule(config: AuditConfig, store: Store) -> None:
    moment = datetime(2026, 11, 30, 12, 0, tzinfo=ALMATY)
    status = config_status(config, store, moment)
    assert status.daemon is None
    scheduled, unscheduled = status.portals
    assert scheduled.next_run == datetime(2026, 12, 1, 3, 0, tzinfo=ALMATY)
    assert scheduled.overdue is None  # nothing ran and no daemon started: nothing was due yet
    assert unscheduled.next_run is None and unscheduled.overdue is None


def test_a_portal_is_overdue_once_its_run_is_missed_beyond_the_grace(config: AuditConfig, store: Store) -> None:
    a_run(store, RunStatus.COMPLETE, 80.0)
    started = store.runs()[-1].started_at.astimezone(ALMATY)
    due = started.replace(hour=3, minute=0, second=0, microsecond=0)  # the first 03:00 after the run
    if due <= started:
        due += timedelta(days=1)
    within_grace = config_status(config, store, due + timedelta(minutes=59)).portals[0]
    assert within_grace.overdue is None and within_grace.next_run == due + timedelta(days=1)
    late = config_status(config, store, due + timedelta(minutes=61)).portals[0]
    assert late.overdue == due and late.next_run == due + timedelta(days=1)


def test_a_daemon_that_started_but_never_ran_the_portal_makes_it_overdue(config: AuditConfig, store: Store) -> None:
    daemon_started(store, str(config.path))
    daemon_beat(store, str(config.path), stopped=True)
    status = config_status(config, store, datetime.now(ALMATY) + timedelta(days=2))
    assert status.daemon is not None and not status.daemon.running
    assert status.portals[0].overdue is not None


def test_an_interrupted_run_shows_the_last_good_one(config: AuditConfig, store: Store) -> None:
    good = a_run(store, RunStatus.COMPLETE, 87.8)
    a_run(store, RunStatus.COMPLETE, None)  # no index: not a good run to compare with
    a_run(store, RunStatus.INTERRUPTED)
    row = config_status(config, store).portals[0]
    assert row.last is not None and row.last.status is RunStatus.INTERRUPTED
    assert row.last_good is not None and row.last_good.id == good and row.last_good.openness_index == 87.8
    a_run(store, RunStatus.PARTIAL, 50.0)
    assert config_status(config, store).portals[0].last_good is None  # its own result stands
