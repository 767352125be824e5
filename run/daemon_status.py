"""What `egov-audit status` reports of a config: whether its daemon is running, and for each portal
its next run, whether it is overdue, its last result and any run in progress.

Next-run times come from the daemon's stored jobs while it runs; when it does not, they are
computed from the config's schedules (a stopped daemon's stored times are stale: they lie in the
past). A portal is overdue when a fire time of its schedule passed by more than the misfire grace
(the daemon would no longer catch it up) with no run started since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from egov_audit.audits.model import RunInfo, RunStatus
from egov_audit.run.config_file import AuditConfig, PortalEntry
from egov_audit.run.portal_process import portal_key
from egov_audit.run.scheduler import next_fire_time, next_run_times
from egov_audit.store.coordination import DaemonState, daemon_state
from egov_audit.store.database import Store
from egov_audit.store.schema import now

# The last run ended without a result of its own: status shows the last good run beside it.
NOT_GOOD = (RunStatus.INTERRUPTED, RunStatus.FAILED)


@dataclass(frozen=True)
class PortalStatus:
    portal: PortalEntry
    schedule: str | None
    next_run: datetime | None
    overdue: datetime | None  # the fire time missed by more than the misfire grace, none run since
    last: RunInfo | None  # the last run that ended
    last_good: RunInfo | None  # when `last` is interrupted or failed: the latest complete run with an index
    active: tuple[RunInfo, ...]  # runs in progress


@dataclass(frozen=True)
class ConfigStatus:
    daemon: DaemonState | None  # None: no daemon of this config ever started
    portals: tuple[PortalStatus, ...]


def _overdue(config: AuditConfig, expression: str, since: datetime | None, moment: datetime) -> datetime | None:
    if since is None:
        return None  # nothing ran and no daemon started: nothing was expected yet
    due = next_fire_time(config, expression, since + timedelta(seconds=1))
    if due is not None and moment - due > timedelta(seconds=config.settings.misfire_grace):
        return due
    return None


def _last_good(runs: list[RunInfo]) -> RunInfo | None:
    good = [r for r in runs if r.status is RunStatus.COMPLETE and r.openness_index is not None]
    return good[-1] if good else None


def config_status(config: AuditConfig, store: Store, moment: datetime | None = None) -> ConfigStatus:
    """The status of `config`'s daemon and portals at `moment` (now)."""
    moment = moment or now()
    daemon = daemon_state(store, str(config.path))
    stored = next_run_times(store) if daemon is not None and daemon.running else {}
    portals = []
    for portal in config.portals:
        expression = config.schedule_of(portal)
        runs = store.runs(portal_key(portal.url))
        ended = [r for r in runs if r.status is not RunStatus.RUNNING]
        last = ended[-1] if ended else None
        next_run = overdue = None
        if expression:
            next_run = stored.get(portal.name) or next_fire_time(config, expression, moment)
            since = runs[-1].started_at if runs else (daemon.started_at if daemon else None)
            overdue = _overdue(config, expression, since, moment)
        portals.append(
            PortalStatus(
                portal=portal,
                schedule=expression,
                next_run=next_run,
                overdue=overdue,
                last=last,
                last_good=_last_good(ended) if last is not None and last.status in NOT_GOOD else None,
                active=tuple(r for r in runs if r.status is RunStatus.RUNNING),
            )
        )
    return ConfigStatus(daemon, tuple(portals))
