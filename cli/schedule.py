"""`egov-audit schedule CONFIG` (the daemon) and `egov-audit status CONFIG`."""

from __future__ import annotations

import faulthandler
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click
from rich.table import Table

from egov_audit.audits.model import RunStatus
from egov_audit.cli.terminal import current_terminal, plain
from egov_audit.run.config_file import load_config
from egov_audit.run.preflight import InputError
from egov_audit.run.times import local_date, local_iso
from egov_audit.store.coordination import DaemonState
from egov_audit.store.database import Store

if TYPE_CHECKING:
    from egov_audit.run.daemon_status import PortalStatus


@click.command("schedule")
@click.argument("config_file", type=click.Path(dir_okay=False))
@click.option("--log-json", is_flag=True, help="Log one JSON object per line (for journald, Loki, jq).")
def schedule_command(config_file: str, log_json: bool) -> None:
    """Run the audits of CONFIG_FILE on their schedules until SIGTERM or Ctrl-C."""
    from egov_audit.run.scheduler import Daemon, event, setup_logging

    config = load_config(Path(config_file))
    if not any(config.schedule_of(p) for p in config.portals):
        raise InputError(f"{config_file}: no portal has a schedule (settings.schedule or a portal's schedule)")
    setup_logging(log_json, config.settings.timezone)
    daemon = Daemon(config)
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        event("signal", name=signal.Signals(signum).name)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _stop)
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 PID` prints every thread's stack
    event("daemon.started", config=str(config.path), portals=len(config.portals), store=daemon.store.safe_url)
    daemon.start()
    while not stop.wait(1.0):
        pass
    daemon.stop()


def _daemon_line(state: DaemonState | None, timezone: str) -> str:
    if state is None:
        return "daemon: never started"
    if state.running:
        return (
            f"daemon: running on {state.host} pid {state.pid} since {local_iso(state.started_at, timezone)},"
            f" last heartbeat {local_iso(state.beat_at, timezone)}"
        )
    return f"daemon: not running (last seen {local_iso(state.last_seen, timezone)} on {state.host})"


def _last_status(row: PortalStatus, timezone: str) -> str:
    if row.last is None:
        return "–"
    if row.last_good is None:
        return str(row.last.status)
    index = row.last_good.openness_index
    return f"{row.last.status}; last good {index:.1f} on {local_date(row.last_good.started_at, timezone)}"


@click.command("status")
@click.argument("config_file", type=click.Path(dir_okay=False))
def status_command(config_file: str) -> None:
    """Show whether the daemon is running, and each portal's next scheduled run (overdue when its
    time passed beyond the misfire grace with no run), its last result, and any run in progress (a
    run whose process is gone, killed or lost in a reboot, is marked interrupted first)."""
    from egov_audit.run.daemon_status import config_status

    terminal = current_terminal()
    config = load_config(Path(config_file))
    zone = config.settings.timezone
    store = Store(config.store_url, source="settings.store", must_exist=True)
    store.mark_interrupted_runs()  # a run whose process died (kill -9, a reboot) is not "in progress"
    status = config_status(config, store)
    title = f"{Path(config_file).name}: {store.safe_url} (times in {zone})"
    table = Table(title=title, title_justify="left")
    for column in ("portal", "schedule", "next run", "last run", "status", "openness", "ranking", "in progress"):
        table.add_column(column)
    for row in status.portals:
        last = row.last
        next_run = local_iso(row.next_run, zone) if row.next_run else "–"
        if row.overdue is not None:
            next_run = f"overdue (due {local_iso(row.overdue, zone)}); {next_run}"
        table.add_row(
            plain(row.portal.name),
            plain(row.schedule or "–"),
            next_run,
            local_iso(last.started_at, zone) if last else "–",
            _last_status(row, zone),
            "–" if last is None or last.openness_index is None else f"{last.openness_index:.1f}",
            last.standing if last is not None and last.status is not RunStatus.INTERRUPTED else "–",
            ", ".join(f"run {r.id} since {local_iso(r.started_at, zone)}" for r in row.active) or "–",
        )
    store.close()
    terminal.out.print(plain(_daemon_line(status.daemon, zone)))
    terminal.out.print(table)
