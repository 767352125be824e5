"""One pass over the portals of a config: each audited in its own process, a bounded number at
a time; one portal's failure or hang is recorded and the others go on; a portal that another
process is auditing already is skipped, not audited twice at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from egov_audit.run.config_file import AuditConfig, PortalEntry
from egov_audit.run.portal_process import PortalBusyError, PortalProcess
from egov_audit.store.database import Store

POLL = 0.5  # seconds between looks at the running audits
SKIPPED = "skipped"

# A portal's new state ("queued", "auditing", "skipped", "not started", or its run's outcome),
# its process once it has one, and why (for a skipped portal: who is auditing it).
StateChange = Callable[[PortalEntry, str, PortalProcess | None, str], None]


@dataclass
class Batch:
    done: list[PortalProcess] = field(default_factory=list)  # audits that ran, in the order they ended
    skipped: list[tuple[PortalEntry, str]] = field(default_factory=list)  # (portal, why) not audited


def run_batch(
    config: AuditConfig,
    portals: list[PortalEntry],
    store: Store,
    on_change: StateChange | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Batch:
    """Audit `portals`, at most `settings.concurrency` at once. `should_stop` returning True
    starts no more audits and interrupts the running ones (their runs end `interrupted`)."""
    tell = on_change or (lambda portal, state, process, why: None)
    waiting = list(portals)
    running: list[PortalProcess] = []
    batch = Batch()
    for portal in waiting:
        tell(portal, "queued", None, "")
    while waiting or running:
        stopping = should_stop() if should_stop else False
        while waiting and len(running) < config.settings.concurrency and not stopping:
            portal = waiting.pop(0)
            try:
                process = PortalProcess.start(config, portal, store)
            except PortalBusyError as busy:
                batch.skipped.append((portal, str(busy)))
                tell(portal, SKIPPED, None, str(busy))
                continue
            running.append(process)
            tell(portal, "auditing", process, "")
        if stopping:
            for portal in waiting:
                tell(portal, "not started", None, "")
            waiting.clear()
            for process in running:
                process.stop("the scheduler was stopped", interrupted=True)
        for process in list(running):
            if process.poll(store):
                running.remove(process)
                batch.done.append(process)
                tell(process.portal, str(process.outcome), process, "")
        if running:
            time.sleep(POLL)
    return batch
