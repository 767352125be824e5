"""What one pass of `run` gave, portal by portal: the run's status and openness index, its change
since the portal's previous comparable run, where it stands in the ranking, and its page in the
archive. The change and the standing are the history's own (store/history.py), not recomputed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from egov_audit.audits.model import RunInfo
from egov_audit.reports.paths import portal_page
from egov_audit.run.config_file import AuditConfig, PortalEntry
from egov_audit.run.portal_batch import SKIPPED, Batch
from egov_audit.run.portal_process import portal_key
from egov_audit.store.database import Store
from egov_audit.store.history import OPENNESS, RankRow, all_histories, ranking

NOT_STARTED = "not started"  # stopped (Ctrl-C, SIGTERM) before its turn came


@dataclass(frozen=True)
class Standing:
    rank: int | None  # None: not ranked, `unranked` says why
    of: int  # portals ranked
    tied: bool
    unranked: str | None  # "partial", "no index", "low coverage", ...


@dataclass(frozen=True)
class PortalResult:
    portal: PortalEntry
    status: str  # the run's status, "skipped" or "not started"
    run: RunInfo | None
    note: str  # why it failed, was interrupted or skipped
    change: float | None  # openness index since the previous comparable run; None: no comparison
    standing: Standing | None  # None: this run is not the one the ranking stands on (failed, interrupted)
    page: Path | None  # the portal's page in the archive, once rendered


def _standing(row: RankRow | None, run: RunInfo, ranked: int) -> Standing | None:
    if row is None or row.run is None or row.run.id != run.id:
        return None
    return Standing(row.rank, ranked, row.tied, row.unranked[0] if row.unranked else None)


def batch_results(
    config: AuditConfig, portals: list[PortalEntry], batch: Batch, store: Store, rendered: bool
) -> list[PortalResult]:
    """One result per portal of `portals`, in their order; `rendered`: the archive was written."""
    histories = {h.key: h for h in all_histories(store, config.settings.regression_points)}
    rows = {row.key: row for row in ranking(histories.values())}
    ranked = sum(row.rank is not None for row in rows.values())
    done = {process.portal.name: process for process in batch.done}
    skipped = dict((portal.name, why) for portal, why in batch.skipped)
    results = []
    for portal in portals:
        key = portal_key(portal.url)
        page = config.archive_dir / portal_page(key)
        page_shown = page if rendered and page.is_file() else None
        process = done.get(portal.name)
        if process is None:
            status = SKIPPED if portal.name in skipped else NOT_STARTED
            results.append(PortalResult(portal, status, None, skipped.get(portal.name, ""), None, None, page_shown))
            continue
        run = store.run(process.run_id) if process.run_id is not None else None
        change = None
        history = histories.get(key)
        if run is not None and run.comparable and history is not None and history.latest is not None:
            change = history.change_since_previous.get(OPENNESS) if history.latest.run.id == run.id else None
        standing = _standing(rows.get(key), run, ranked) if run is not None else None
        results.append(PortalResult(portal, str(process.outcome), run, process.note, change, standing, page_shown))
    return results
