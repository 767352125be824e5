"""A portal's audit process, watched from outside: how its run is settled when it is stopped on
purpose (before or after it opened a run, whatever it recorded while dying) or when it dies.

The children here are stand-ins (spawned like the real one) so each moment is reached on purpose,
not by a race with the machine's speed."""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from egov_audit.audits.model import RunStatus
from egov_audit.run.config_file import AuditConfig, load_config
from egov_audit.run.portal_process import PortalProcess, portal_key
from egov_audit.store.database import Store
from tests.schedules import runs, wait_for, write_config

URL = "http://127.0.0.1:9/"  # never fetched: the children below audit nothing


def _waits(_store_url: str, _opens: bool, _fails_on_sigterm: bool) -> None:
    time.sleep(600)


def _opens_a_run(store_url: str, opens: bool, fails_on_sigterm: bool) -> None:
    """Opens a run as an audit does, then works until stopped; may record its own failure on SIGTERM."""
    store = Store(store_url)
    run_id = store.start_run(portal_key(URL), "p", URL, "test", "", {}) if opens else 0

    def failed(_signum: int, _frame: FrameType | None) -> None:
        store.finish_run(run_id, RunStatus.FAILED, None, [], [], None, note="SystemExit: stopped")
        sys.exit(1)

    if fails_on_sigterm:
        signal.signal(signal.SIGTERM, failed)
    time.sleep(600)


def _crashes(_store_url: str, _opens: bool, _fails_on_sigterm: bool) -> None:
    sys.exit(3)


def started(
    config: AuditConfig,
    store: Store,
    target: Callable[[str, bool, bool], None],
    opens: bool = False,
    fails: bool = False,
) -> PortalProcess:
    before = store.runs(portal_key(URL))
    process = multiprocessing.get_context("spawn").Process(target=target, args=(config.store_url, opens, fails))
    process.start()
    now = time.monotonic()
    return PortalProcess(config, config.portal("p"), process, now, now + 600, before[-1].id if before else 0)


@pytest.fixture
def setting(tmp_path: Path) -> Iterator[tuple[AuditConfig, Store]]:
    config = load_config(write_config(tmp_path, [{"name": "p", "url": URL}]))
    store = Store(config.store_url)
    yield config, store
    store.close()


def settle(process: PortalProcess, store: Store) -> None:
    wait_for(lambda: process.poll(store), 60, "the process to be settled")


def test_stopped_before_it_opened_a_run_records_no_run(setting: tuple[AuditConfig, Store]) -> None:
    config, store = setting
    process = started(config, store, _waits)
    process.stop("the scheduler stopped", interrupted=True)
    settle(process, store)
    assert process.outcome == RunStatus.INTERRUPTED and process.run_id is None
    assert store.runs() == []  # nothing was audited: no failed run for a fire time we cancelled


@pytest.mark.parametrize("fails_on_sigterm", [False, True], ids=["killed", "records-failed-while-dying"])
def test_stopped_mid_audit_ends_interrupted_with_why(
    setting: tuple[AuditConfig, Store], fails_on_sigterm: bool
) -> None:
    config, store = setting
    process = started(config, store, _opens_a_run, opens=True, fails=fails_on_sigterm)
    wait_for(lambda: store.runs(), 60, "the child to open its run")
    process.stop("the scheduler stopped and 0 s of grace ran out", interrupted=True)
    settle(process, store)
    (run,) = runs(config.path.parent)
    assert (run["status"], run["note"]) == ("interrupted", "the scheduler stopped and 0 s of grace ran out")
    assert process.outcome == RunStatus.INTERRUPTED and process.run_id == run["id"]


def test_a_child_that_dies_before_opening_a_run_leaves_a_failed_run(setting: tuple[AuditConfig, Store]) -> None:
    config, store = setting
    process = started(config, store, _crashes)
    settle(process, store)
    (run,) = runs(config.path.parent)
    assert (run["status"], run["note"]) == ("failed", "the audit process ended with exit code 3")
    assert process.outcome == RunStatus.FAILED


def test_a_child_that_ended_by_itself_is_not_relabelled_by_a_late_stop(setting: tuple[AuditConfig, Store]) -> None:
    config, store = setting
    process = started(config, store, _crashes)
    process.process.join(60)
    process.stop("the scheduler stopped", interrupted=True)
    settle(process, store)
    assert process.outcome == RunStatus.FAILED and store.runs()[0].status == RunStatus.FAILED
