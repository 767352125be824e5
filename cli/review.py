"""`egov-audit review export|import`: the questions rules cannot answer alone, as a checklist a person
fills in, and the answers back into the store (docs/reviews.md).

`export` writes, for each portal's latest complete run (or the run asked for), every `review` and
`manual` indicator of the scored methodologies with the evidence the run gathered; `import` checks
every answer of the filled-in file and records them all, or none if any is wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from egov_audit.audits.model import RunInfo
from egov_audit.cli.options import db_option
from egov_audit.cli.plurals import counted
from egov_audit.cli.terminal import current_terminal
from egov_audit.reports.errors import ReportError
from egov_audit.run.preflight import InputError
from egov_audit.store.database import Store


@click.group("review")
def review_group() -> None:
    """Export the questions a person answers (review and manual indicators); import the answers."""


def _portal_key(runs: list[RunInfo], asked: str) -> str:
    from egov_audit.store.portal_lookup import UnknownPortalError, find_portal

    try:
        return find_portal(runs, asked)
    except UnknownPortalError as exc:
        raise InputError(str(exc)) from None


def _chosen_runs(store: Store, portals: tuple[str, ...], run_id: int | None) -> list[RunInfo]:
    """The runs to make checklists of: the one asked for, or each portal's latest audited run."""
    from egov_audit.store.reviews import latest_audited

    runs = store.runs()
    keys = list(dict.fromkeys(_portal_key(runs, asked) for asked in portals))
    if run_id is not None:
        run = store.run(run_id)
        if run is None:
            raise InputError(f"--run {run_id}: no such run in the store")
        if keys and run.portal_key not in keys:
            raise InputError(f"--run {run_id} is a run of portal {run.portal_key!r}, not of {', '.join(keys)}")
        return [run]
    latest = latest_audited(runs)
    for key in keys:
        if key not in latest:
            raise InputError(f"portal {key!r} has no complete or partial run yet (give --run to take another)")
    chosen = [latest[key] for key in keys] if keys else list(latest.values())
    if not chosen:
        raise InputError("the store holds no complete or partial run yet")
    return chosen


@review_group.command("export")
@db_option
@click.option(
    "--portal",
    "portals",
    multiple=True,
    help="Only this portal: its name, key or URL (repeatable; default every portal).",
)
@click.option(
    "--run", "run_id", type=click.IntRange(min=1), default=None, help="This run (default: each portal's latest)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "csv"]),
    default=None,
    help="yaml or csv (default: by --output's extension, else yaml).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File (default: stdout)."
)
@click.option("--csv-bom", is_flag=True, help="Start the CSV with a UTF-8 byte order mark, for Excel on Windows.")
def export_command(
    db_url: str, portals: tuple[str, ...], run_id: int | None, fmt: str | None, output: Path | None, csv_bom: bool
) -> None:
    """Write the checklist of each portal's questions, with the evidence and the answers that apply."""
    from egov_audit.audits.review_files import checklist_csv, checklist_yaml
    from egov_audit.store.reviews import portal_checklist

    terminal = current_terminal()
    fmt = fmt or ("csv" if output is not None and output.suffix.lower() == ".csv" else "yaml")
    store = Store(db_url, must_exist=True)
    try:
        checklists = [portal_checklist(store, run) for run in _chosen_runs(store, portals, run_id)]
    finally:
        store.close()
    data = checklist_csv(checklists, csv_bom) if fmt == "csv" else checklist_yaml(checklists).encode("utf-8")
    if output is None:
        click.echo(data, nl=False)  # bytes: written as they are, UTF-8 whatever the terminal's encoding
        where = "stdout"
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise ReportError(f"cannot write {output}: {exc.strerror or exc}") from None
        where = str(output)
    items = [item for checklist in checklists for item in checklist.items]
    answered = sum(item.review is not None for item in items)
    terminal.note(
        f"{counted(len(items), '%(n)d question', '%(n)d questions')} of "
        f"{counted(len(checklists), '%(n)d portal', '%(n)d portals')} ({answered} answered) written to {where}"
    )


@review_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--who", default=None, help="Who answered, for the answers that do not say.")
def import_command(file: Path, db_url: str, who: str | None) -> None:
    """Record the answers of a filled-in checklist: all of them, or none if any is wrong."""
    from egov_audit.audits.review_answers import read_answers
    from egov_audit.store.reviews import PortalReview, add_reviews, store_facts

    terminal = current_terminal()
    store = Store(db_url, must_exist=True)
    try:
        read = read_answers(file, store_facts(store), who, datetime.now(UTC))
        new = add_reviews(store, [PortalReview(a.portal_key, a.run_id, a.review, a.timed) for a in read.answers])
    finally:
        store.close()
    terminal.note(
        f"{counted(new, '%(n)d answer', '%(n)d answers')} recorded, {len(read.answers) - new} already recorded, "
        f"{read.blank} left blank"
    )
