"""One pass over the portals of a config: each audited in its own process, a bounded number at
a time; one portal's failure or hang is recorded and the others go on."""

from __future__ import annotations

import time
from collections.abc import Callable

from egov_audit.run.config_file import AuditConfig, PortalEntry
from egov_audit.run.portal_process import PortalProcess
from egov_audit.store.database import Store

POLL = 0.5  # seconds between looks at the running audits

StateChange = Callable[[PortalEntry, str, PortalProcess | None], None]


def run_batch(
    config: AuditConfig,
    portals: list[PortalEntry],
    store: Store,
    on_change: StateChange | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[PortalProcess]:
    """Audit `portals`, at most `settings.concurrency` at once. `should_stop` returning True
    starts no more audits and interrupts the running ones (their runs end `interrupted`)."""
    tell = on_change or (lambda portal, state, process: None)
    waiting = list(portals)
    running: list[PortalProcess] = []
    done: list[PortalProcess] = []
    for portal in waiting:
        tell(portal, "queued", None)
    while waiting or running:
        stopping = should_stop() if should_stop else False
        while waiting and len(running) < config.settings.concurrency and not stopping:
            portal = waiting.pop(0)
            process = PortalProcess.start(config, portal, store)
            running.append(process)
            tell(portal, "auditing", process)
        if stopping:
            for portal in waiting:
                tell(portal, "not started", None)
            waiting.clear()
            for process in running:
                process.stop("the scheduler was stopped", interrupted=True)
        for process in list(running):
            if process.poll(store):
                running.remove(process)
                done.append(process)
                tell(process.portal, str(process.outcome), process)
        if running:
            time.sleep(POLL)
    return done
