"""`egov-audit config validate` and `egov-audit run`: check a config, audit its portals once."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click
from rich.live import Live
from rich.table import Table

from egov_audit.audits.model import RunStatus
from egov_audit.audits.scorecards import Scorecard, scorecards
from egov_audit.cli.exit_status import ExitStatus
from egov_audit.cli.plurals import counted
from egov_audit.cli.scorecard_summary import portals_table
from egov_audit.cli.terminal import Terminal, current_terminal, plain
from egov_audit.reports.errors import ReportError
from egov_audit.run.config_file import PortalEntry, load_config
from egov_audit.run.portal_process import PortalProcess
from egov_audit.store.database import Store
from egov_audit.store.redaction import redacted_url
from egov_audit.store.reviews import applicable_reviews

if TYPE_CHECKING:
    from egov_audit.run.batch_results import PortalResult

# The audit ran to its end, whatever it found: an unreachable portal is a result, not a failed run.
ENDED_WELL = (RunStatus.COMPLETE, RunStatus.PARTIAL, RunStatus.UNREACHABLE)


@click.group("config")
def config_group() -> None:
    """Check a config file of scheduled audits."""


@config_group.command("validate")
@click.argument("config_file", type=click.Path(dir_okay=False))
def validate_command(config_file: str) -> None:
    """Validate CONFIG_FILE: every field, schedule, profile, rule file and the store's driver, before
    anything runs (nothing is connected to). Every error is named at once, a line each."""
    terminal = current_terminal()
    config = load_config(Path(config_file))
    for portal in config.portals:
        schedule = config.schedule_of(portal) or "no schedule (run only)"
        url = redacted_url(portal.url)
        terminal.out.print(plain(f"{portal.name}: {url}  profile {portal.profile}  schedule {schedule}"))
    terminal.note(f"{config.label}: valid, {counted(len(config.portals), '%(n)d portal', '%(n)d portals')}")


class _Board:
    """Each portal's state: a live table on a terminal, one line per change otherwise."""

    def __init__(self, terminal: Terminal, portals: list[PortalEntry]) -> None:
        self.terminal = terminal
        self.states = {p.name: ("queued", "") for p in portals}
        self.live = (
            Live(self._table(), console=terminal.err, refresh_per_second=4) if terminal.err.is_terminal else None
        )

    def _table(self) -> Table:
        table = Table(title="Portals", title_justify="left")
        for column in ("portal", "state", "run"):
            table.add_column(column)
        for name, (state, detail) in self.states.items():
            table.add_row(plain(name), state, plain(detail))
        return table

    def __call__(self, portal: PortalEntry, state: str, process: PortalProcess | None, why: str) -> None:
        detail = why
        if process is not None and process.run_id is not None:
            detail = f"#{process.run_id}" + (f" ({process.note})" if process.note else "")
        self.states[portal.name] = (state, detail)
        if self.live is not None:
            self.live.update(self._table())
        elif why:  # "Akimat A: skipped, already being audited by pid 1234 on host X since ..."
            self.terminal.note(f"{portal.name}: {state}, {why}")
        else:
            self.terminal.note(f"{portal.name}: {state} {detail}".rstrip())


def _shown_path(path: Path) -> str:
    """A path as short as it reads unambiguously: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _results_table(results: list[PortalResult]) -> Table:
    """Each portal's result: the data `run` prints on stdout."""
    table = Table(title="Results", title_justify="left")
    for column in ("portal", "status", "openness", "change", "standing"):
        table.add_column(column)
    table.add_column("report", no_wrap=True)
    for result in results:
        run = result.run
        index = run.openness_index if run is not None else None
        standing = result.standing
        if standing is None:
            placed = "–"
        elif standing.rank is None:
            placed = f"not ranked: {standing.unranked}"
        else:
            placed = f"{standing.rank} of {standing.of}" + (" (tied)" if standing.tied else "")
        table.add_row(
            plain(result.portal.name),
            plain(result.status if run is None else f"{result.status} #{run.id}"),
            "–" if index is None else f"{index:.1f}",
            "–" if result.change is None else f"{result.change:+.1f}",
            placed,
            plain(_shown_path(result.page)) if result.page is not None else "–",
        )
    return table


def run_scorecards(store: Store, results: list[PortalResult]) -> list[tuple[str, int, tuple[Scorecard, ...]]]:
    """Each audited portal's scorecards, with the reviews recorded for it that apply to this run's
    evidence; a run with no outcomes (it failed) has none."""
    scored = []
    for result in results:
        if result.run is None:
            continue
        outcomes = store.outcomes(result.run.id)
        if outcomes:
            reviews = applicable_reviews(store, result.run.portal_key, outcomes)
            scored.append((result.portal.name, result.run.id, scorecards(outcomes, reviews)))
    return scored


@click.command("run")
@click.argument("config_file", type=click.Path(dir_okay=False))
@click.option("--portal", "names", multiple=True, help="Audit only this portal (repeatable).")
@click.option("--no-report", is_flag=True, help="Do not render the archive afterwards.")
def run_command(config_file: str, names: tuple[str, ...], no_report: bool) -> None:
    """Audit every portal of CONFIG_FILE once (each in its own process), then render the archive.

    Exit status: 0 every portal ran (whatever its scores), 2 bad config, 3 some run failed, 4 the
    archive could not be written, 130 interrupted.
    """
    from egov_audit.reports.archive import render_archive
    from egov_audit.run.batch_results import batch_results
    from egov_audit.run.portal_batch import run_batch

    terminal = current_terminal()
    config = load_config(Path(config_file))
    portals = [config.portal(name) for name in names] if names else list(config.portals)
    store = Store(config.store_url, source="settings.store")
    stop = {"asked": False}

    def _interrupt(signum: int, _frame: FrameType | None) -> None:
        stop["asked"] = True  # start nothing more; the running audits end `interrupted`

    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    board = _Board(terminal, portals)
    try:
        if board.live is not None:
            board.live.start()
        batch = run_batch(config, portals, store, board, lambda: stop["asked"])
    finally:
        if board.live is not None:
            board.live.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    failed = [p for p in batch.done if p.outcome not in ENDED_WELL]
    for process in failed:
        terminal.note(f"{process.portal.name}: {process.outcome}: {process.note}")
    if batch.skipped:
        terminal.note(f"{counted(len(batch.skipped), '%(n)d portal', '%(n)d portals')} skipped: audited elsewhere")
    written = True
    if not no_report:
        try:
            render_archive(
                store,
                config.archive_dir,
                config.settings.report_lang,
                config.settings.archive_title,
                config.settings.regression_points,
                base_url=config.settings.base_url,
                csv_bom=config.settings.csv_bom,
            )
        except ReportError as exc:
            terminal.error(str(exc))
            written = False
    results = batch_results(config, portals, batch, store, rendered=not no_report and written)
    terminal.out.print(_results_table(results))
    if scored := run_scorecards(store, results):
        terminal.out.print(portals_table(scored))
    if not no_report and written:
        click.echo(f"Archive: {config.archive_dir / 'index.html'}")
    store.close()
    if stop["asked"]:
        raise SystemExit(ExitStatus.INTERRUPTED)
    if failed:
        raise SystemExit(ExitStatus.RUN_FAILED)
    raise SystemExit(ExitStatus.OK if written else ExitStatus.OUTPUT_FAILED)
