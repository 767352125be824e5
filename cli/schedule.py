"""`egov-audit schedule CONFIG` (the daemon) and `egov-audit status CONFIG`."""

from __future__ import annotations

import faulthandler
import signal
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import click
from rich.table import Table

from egov_audit.audits.model import RunStatus
from egov_audit.cli.terminal import current_terminal, plain
from egov_audit.run.config_file import load_config
from egov_audit.run.preflight import InputError
from egov_audit.store.database import Store


@click.command("schedule")
@click.argument("config_file", type=click.Path(dir_okay=False))
@click.option("--log-json", is_flag=True, help="Log one JSON object per line (for journald, Loki, jq).")
def schedule_command(config_file: str, log_json: bool) -> None:
    """Run the audits of CONFIG_FILE on their schedules until SIGTERM or Ctrl-C."""
    from egov_audit.run.scheduler import Daemon, event, setup_logging

    config = load_config(Path(config_file))
    if not any(config.schedule_of(p) for p in config.portals):
        raise InputError(f"{config_file}: no portal has a schedule (settings.schedule or a portal's schedule)")
    setup_logging(log_json)
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


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "–"


@click.command("status")
@click.argument("config_file", type=click.Path(dir_okay=False))
def status_command(config_file: str) -> None:
    """Show each portal's next scheduled run, its last result, and any run in progress (a run whose
    process is gone, killed or lost in a reboot, is marked interrupted first)."""
    from egov_audit.crawler.config import portal_key
    from egov_audit.run.scheduler import next_run_times

    terminal = current_terminal()
    config = load_config(Path(config_file))
    store = Store(config.store_url, source="settings.store", must_exist=True)
    store.mark_interrupted_runs()  # a run whose process died (kill -9, a reboot) is not "in progress"
    next_runs = next_run_times(store)
    table = Table(title=f"{Path(config_file).name}: {store.safe_url}", title_justify="left")
    for column in ("portal", "schedule", "next run", "last run", "status", "openness", "ranking", "in progress"):
        table.add_column(column)
    for portal in config.portals:
        runs = store.runs(portal_key(portal.url))
        ended = [r for r in runs if r.status != RunStatus.RUNNING]
        last = ended[-1] if ended else None
        active = [r for r in runs if r.status == RunStatus.RUNNING]
        table.add_row(
            plain(portal.name),
            plain(config.schedule_of(portal) or "–"),
            _when(next_runs.get(portal.name)),
            _when(last.started_at) if last else "–",
            str(last.status) if last else "–",
            "–" if last is None or last.openness_index is None else f"{last.openness_index:.1f}",
            last.standing if last is not None and last.status is not RunStatus.INTERRUPTED else "–",
            ", ".join(f"run {r.id} since {_when(r.started_at)}" for r in active) or "–",
        )
    store.close()
    terminal.out.print(table)
