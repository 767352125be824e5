"""`egov-audit report`, `history` and `export`: the archive, the trend table and the data, from the store."""

from __future__ import annotations

import math
import os
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.table import Table

from egov_audit.audits.model import RunInfo
from egov_audit.cli.options import db_option
from egov_audit.cli.plurals import counted
from egov_audit.cli.terminal import current_terminal, plain
from egov_audit.reports.errors import ReportError
from egov_audit.reports.i18n import DEFAULT_TITLE, LANGUAGES
from egov_audit.run.preflight import InputError
from egov_audit.store.database import Store
from egov_audit.store.trend_terms import REGRESSION_POINTS


@click.command("report")
@db_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder of the archive.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the archive.")
@click.option(
    "--title",
    default=DEFAULT_TITLE,
    show_default=True,
    help="Title of the archive's index page (the default is written in the archive's language).",
)
@click.option(
    "--regression-points",
    type=click.FloatRange(min=0),
    default=REGRESSION_POINTS,
    show_default=True,
    help="A fall of more than this many points since the previous run is a regression in the feed.",
)
@click.option(
    "--base-url",
    default=None,
    help="The archive's public address (https://ngo.example/audits/): the feed's links and ids become absolute.",
)
@click.option("--csv-bom", is_flag=True, help="Start each CSV with a UTF-8 byte order mark, for Excel on Windows.")
@click.option("--force", is_flag=True, help="Render even an empty store over an archive that lists runs.")
def report_command(
    db_url: str,
    out_dir: str,
    lang: str,
    title: str,
    regression_points: float,
    base_url: str | None,
    csv_bom: bool,
    force: bool,
) -> None:
    """Render the HTML archive of every run in the store (only what changed since last time)."""
    from egov_audit.reports.archive import render_archive
    from egov_audit.reports.feed import feed_base

    terminal = current_terminal()
    if math.isnan(regression_points):  # click's FloatRange lets nan through; no fall would ever exceed it
        raise InputError("--regression-points nan: give a number of points, 0 or more")
    try:
        base = None if base_url is None else feed_base(base_url)
    except ValueError as exc:
        raise InputError(f"--base-url {exc}") from None
    store = Store(db_url, must_exist=True)
    try:
        outcome = render_archive(
            store, Path(out_dir), lang, title, regression_points, base_url=base, csv_bom=csv_bom, force=force
        )
    finally:
        store.close()
    terminal.note(
        f"{len(outcome.rendered)} pages rendered, {outcome.reused} unchanged, {len(outcome.written)} files written"
    )
    # As bytes: a folder name that is not UTF-8 prints as it is named, not as an encoding error.
    click.echo(os.fsencode(f"Archive: {(Path(out_dir) / 'index.html').resolve()}"))


class _Since(click.ParamType):
    """`--since`: a date (2026-01-31) or an ISO 8601 moment; without a zone, UTC."""

    name = "DATE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD) or an ISO 8601 time", param, ctx)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the files.")
@click.option(
    "--portal",
    "portals",
    multiple=True,
    help="Only this portal: its name, key or URL (repeatable; default every portal).",
)
@click.option("--since", type=_Since(), default=None, help="Only runs started on or after this date (UTC).")
@click.option("--csv-bom", is_flag=True, help="Start each CSV with a UTF-8 byte order mark, for Excel on Windows.")
def export_command(
    db_url: str, fmt: str, out_dir: str, portals: tuple[str, ...], since: datetime | None, csv_bom: bool
) -> None:
    """Write the archive's data downloads alone: runs, scores, outcomes, findings, scorecards and indicators."""
    from egov_audit.reports.downloads import tables, to_csv, to_json

    terminal = current_terminal()
    store = Store(db_url, must_exist=True)
    try:
        stored = store.runs()
        keys = {_portal_key(stored, asked) for asked in portals}
        runs = [
            run
            for run in stored
            if run.status != "running"
            and (not keys or run.portal_key in keys)
            and (since is None or run.started_at >= since)
        ]
        every = tables(store, runs)
    finally:
        store.close()
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "json":
            (folder / "history.json").write_bytes(to_json(every))
        else:
            for name, rows in every.items():
                (folder / f"{name}.csv").write_bytes(to_csv(name, rows, csv_bom))
    except OSError as exc:
        raise ReportError(f"cannot write into {folder}: {exc.strerror}") from None
    terminal.note(f"{counted(len(runs), '%(n)d run', '%(n)d runs')} exported to {folder}")


def _portal_key(runs: list[RunInfo], asked: str) -> str:
    from egov_audit.store.portal_lookup import UnknownPortalError, find_portal

    try:
        return find_portal(runs, asked)
    except UnknownPortalError as exc:
        raise InputError(str(exc)) from None


def _value(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@click.command("history")
@db_option
@click.argument("portal")
def history_command(db_url: str, portal: str) -> None:
    """Print a portal's scores run by run (PORTAL: its name, its key such as example.gov.kz/, or its URL)."""
    from egov_audit.store.history import OPENNESS, portal_history

    terminal = current_terminal()
    store = Store(db_url, must_exist=True)
    try:
        key = _portal_key(store.runs(), portal)
        history = portal_history(store, key)
    finally:
        store.close()
    table = Table(title=f"{history.name} ({key})", title_justify="left")
    for column in ("run", "started", "status", "ranking", *history.series_names, "instrument"):
        table.add_column(
            column, justify="left" if column in ("started", "status", "ranking", "instrument") else "right"
        )
    for point in history.points:
        run = point.run
        table.add_row(
            str(run.id),
            run.started_at.strftime("%Y-%m-%d %H:%M"),
            str(run.status),
            run.standing,
            *(_value(point.scores.get(name)) for name in history.series_names),
            plain(point.instrument_change or ""),
        )
    terminal.out.print(table)
    uptime = "–" if history.uptime is None else f"{history.uptime * 100:.0f} %"
    terminal.out.print(
        plain(
            f"uptime {uptime}; openness index change: {_value(history.change_since_previous[OPENNESS])} since the "
            f"previous run, {_value(history.change_since_first[OPENNESS])} since the first"
        )
    )
    if history.diffs and history.diffs[-1].previous_run_id is not None:
        diff = history.diffs[-1]
        terminal.out.print(
            plain(
                f"run {diff.run_id} against run {diff.previous_run_id}: {len(diff.new)} new, {len(diff.fixed)} fixed, "
                f"{len(diff.persisting)} persisting, {len(diff.unstable)} unstable failures"
            )
        )
        for label, findings in (("new", diff.new), ("fixed", diff.fixed)):
            for finding in findings:
                terminal.out.print(plain(f"  {label:5} {finding.rule_id}  {finding.page_url}"))
