"""`egov-audit demo`: serve the bundled demo portal in each of its versions, audit them,
store the runs and render the reports, offline, in one command."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import click

from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.audits.rulebook import load_rules
from egov_audit.cli.exit_status import ExitStatus
from egov_audit.cli.options import RenderSample
from egov_audit.cli.terminal import Terminal
from egov_audit.crawler.config import CrawlConfig
from egov_audit.render.settings import RenderSettings, default_concurrency
from egov_audit.reports.i18n import LANGUAGES
from egov_audit.store.database import Store, StoreError

DEMO_PORTAL_KEY = "demo-portal"
DEMO_PORTAL_NAME = "Demo Region Public Services Portal"


def _audit_version(version: int, db_url: str, profile: str, render: RenderSettings) -> None:
    """In a child process (one crawl per process): serve `version` and audit it."""
    from egov_audit.demo.server import serve
    from egov_audit.run.audit_run import audit_portal

    with serve(version) as server:
        config = CrawlConfig(start_url=f"{server.base_url}/", max_pages=2000, time_budget=600)
        audit_portal(config, load_rules(profile), Store(db_url), DEMO_PORTAL_KEY, DEMO_PORTAL_NAME, render=render)


@click.command("demo")
@click.option(
    "--out",
    "out_dir",
    default="demo-output",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the reports and the store.",
)
@click.option("--db", "db_url", default=None, help="SQLAlchemy URL of the store [default: OUT/egov-audit.sqlite].")
@click.option("--versions", default="1,2,3", show_default=True, help="Demo portal versions to audit, in order.")
@click.option("--profile", default="kz", show_default=True, help="Rule profile (the demo is a Kazakh portal).")
@click.option(
    "--render",
    type=RenderSample(),
    default="all",
    show_default=True,
    help="Pages to render for axe-core: a number, 'all', or 0.",
)
@click.option("--driver", type=click.Choice(["playwright", "selenium"]), default="playwright", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the archive.")
def demo_command(
    out_dir: str, db_url: str | None, versions: str, profile: str, render: int | None, driver: str, lang: str
) -> None:
    """Audit the bundled trilingual demo portal in its versions over time, on 127.0.0.1, as successive
    runs, and render the archive: trends, new and fixed failures, a regression in the feed."""
    terminal = Terminal()
    out = Path(out_dir)
    try:
        wanted = [int(v) for v in versions.split(",")]
        if any(v not in (1, 2, 3) for v in wanted):
            raise ValueError
    except ValueError:
        terminal.error(f"--versions {versions!r}: give a comma-separated list of 1, 2 and 3")
        raise SystemExit(ExitStatus.USAGE_ERROR) from None
    try:
        out.mkdir(parents=True, exist_ok=True)
        db_url = db_url or f"sqlite:///{(out / 'egov-audit.sqlite').resolve()}"
        load_rules(profile)
        store = Store(db_url)
    except (OSError, RuleFileError, StoreError) as exc:
        terminal.error(str(exc))
        raise SystemExit(ExitStatus.USAGE_ERROR) from None

    settings = RenderSettings(driver=driver, sample=render, concurrency=default_concurrency())  # type: ignore[arg-type]
    context = multiprocessing.get_context("spawn")
    for version in wanted:
        terminal.note(f"Auditing demo portal version {version} on 127.0.0.1 ...")
        child = context.Process(
            target=_audit_version, args=(version, db_url, profile, settings), name=f"demo-v{version}"
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            terminal.error(f"the audit of demo version {version} failed (exit code {child.exitcode})")
            raise SystemExit(ExitStatus.BELOW_THRESHOLD)
        run = store.runs(DEMO_PORTAL_KEY)[-1]
        terminal.note(f"  run #{run.id}: {run.pages_count} URLs, {run.status}, openness index {run.openness_index}")

    from egov_audit.reports.archive import render_archive
    from egov_audit.reports.render import ReportError

    try:
        render_archive(store, out, lang, "Demo portal audits")
    except ReportError as exc:
        terminal.error(str(exc))
        raise SystemExit(ExitStatus.USAGE_ERROR) from None
    store.close()
    terminal.note(f"Store: {store.safe_url}")
    click.echo(f"Report: {(out / 'index.html').resolve()}")
