"""What `run` reports of each portal: its run's index, the change since the portal's previous
comparable run, its place in the ranking, its page once the archive is rendered; a skipped or
unstarted portal says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from egov_audit.audits.model import RunStatus
from egov_audit.reports.paths import portal_page
from egov_audit.run.batch_results import NOT_STARTED, Standing, batch_results
from egov_audit.run.config_file import AuditConfig, PortalEntry, load_config
from egov_audit.run.portal_batch import SKIPPED, Batch
from egov_audit.run.portal_process import PortalProcess, portal_key
from egov_audit.store.database import Store
from tests.schedules import write_config

URLS = {"A": "http://127.0.0.1:9/a/", "B": "http://127.0.0.1:9/b/", "C": "http://127.0.0.1:9/c/"}


@pytest.fixture
def config(tmp_path: Path) -> AuditConfig:
    return load_config(write_config(tmp_path, [{"name": name, "url": url} for name, url in URLS.items()]))


@pytest.fixture
def store(config: AuditConfig) -> Iterator[Store]:
    opened = Store(config.store_url)
    yield opened
    opened.close()


def a_run(store: Store, name: str, status: RunStatus, index: float | None) -> int:
    run_id = store.start_run(portal_key(URLS[name]), name, URLS[name], "test", "", {})
    store.finish_run(run_id, status, None, [], [], index)
    return run_id


def ended(config: AuditConfig, name: str, run_id: int, outcome: str, note: str = "") -> PortalProcess:
    """A portal process as the batch hands it back once it has ended (no child: none is needed)."""
    process: Any = None
    return PortalProcess(config, config.portal(name), process, 0, 0, 0, outcome=outcome, run_id=run_id, note=note)


def test_each_portal_has_its_index_change_standing_and_page(config: AuditConfig, store: Store) -> None:
    a_run(store, "A", RunStatus.COMPLETE, 80.0)
    a_run(store, "B", RunStatus.COMPLETE, 90.0)
    latest_a = a_run(store, "A", RunStatus.COMPLETE, 82.5)
    failed_b = a_run(store, "B", RunStatus.FAILED, None)
    portals: list[PortalEntry] = list(config.portals)
    batch = Batch(
        done=[ended(config, "B", failed_b, "failed", "exit code -9"), ended(config, "A", latest_a, "complete")],
        skipped=[(config.portal("C"), "already being audited by pid 1 on host h since ...")],
    )
    page = config.archive_dir / portal_page(portal_key(URLS["A"]))
    page.parent.mkdir(parents=True)
    page.write_text("rendered", encoding="utf-8")
    a, b, c = batch_results(config, portals, batch, store, rendered=True)
    assert (a.status, a.run and a.run.id, a.change) == ("complete", latest_a, 2.5)
    assert a.standing == Standing(rank=2, of=2, tied=False, unranked=None)  # B's latest audited run stands on 90
    assert a.page == page
    assert (b.status, b.note, b.change, b.standing) == ("failed", "exit code -9", None, None)
    assert b.page is None  # no page of its own in the archive
    assert (c.status, c.run, c.note) == (SKIPPED, None, "already being audited by pid 1 on host h since ...")
    assert batch_results(config, portals, batch, store, rendered=False)[0].page is None


def test_a_portal_stopped_before_its_turn_is_not_started(config: AuditConfig, store: Store) -> None:
    (result, *_) = batch_results(config, list(config.portals), Batch(), store, rendered=False)
    assert (result.status, result.run, result.standing) == (NOT_STARTED, None, None)
