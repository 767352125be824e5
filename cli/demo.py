"""`egov-audit demo`: serve the bundled demo portal in each of its versions, audit them,
store the runs and render the reports, offline, in one command."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import click

from egov_audit.audits.rulebook import load_rules
from egov_audit.cli.errors import RunFailedError
from egov_audit.cli.options import RenderSample
from egov_audit.cli.terminal import current_terminal
from egov_audit.crawler.config import CrawlConfig
from egov_audit.render.settings import RenderSettings, default_concurrency
from egov_audit.reports.errors import ReportError
from egov_audit.reports.i18n import LANGUAGES
from egov_audit.run.preflight import InputError
from egov_audit.store.database import Store

DEMO_PORTAL_KEY = "demo-portal"
DEMO_PORTAL_NAME = "Demo Region Public Services Portal"
# As a config would give them, so the demo archive shows a portal's country and tags (and groups by them).
DEMO_COUNTRY = "KZ"
DEMO_TAGS = {"level": "regional", "region": "Demo Region"}


def _audit_version(version: int, db_url: str, profile: str, render: RenderSettings) -> None:
    """In a child process (one crawl per process): serve `version` and audit it."""
    from egov_audit.demo.server import serve
    from egov_audit.run.audit_run import audit_portal

    with serve(version) as server:
        config = CrawlConfig(start_url=f"{server.base_url}/", max_pages=2000, time_budget=600)
        audit_portal(
            config,
            load_rules(profile),
            Store(db_url),
            DEMO_PORTAL_KEY,
            DEMO_PORTAL_NAME,
            render=render,
            country=DEMO_COUNTRY,
            tags=DEMO_TAGS,
        )


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
    terminal = current_terminal()
    out = Path(out_dir)
    wanted = [v.strip() for v in versions.split(",")]
    if any(v not in ("1", "2", "3") for v in wanted):
        raise InputError(f"--versions {versions!r}: give a comma-separated list of 1, 2 and 3")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create the folder {out}: {exc.strerror}") from None
    db_url = db_url or f"sqlite:///{(out / 'egov-audit.sqlite').resolve()}"
    load_rules(profile)
    store = Store(db_url)

    settings = RenderSettings(driver=driver, sample=render, concurrency=default_concurrency())  # type: ignore[arg-type]
    context = multiprocessing.get_context("spawn")
    for version in map(int, wanted):
        terminal.note(f"Auditing demo portal version {version} on 127.0.0.1 ...")
        child = context.Process(
            target=_audit_version, args=(version, db_url, profile, settings), name=f"demo-v{version}"
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise RunFailedError(f"the audit of demo version {version} failed (exit code {child.exitcode})")
        run = store.runs(DEMO_PORTAL_KEY)[-1]
        terminal.note(f"  run #{run.id}: {run.pages_count} URLs, {run.status}, openness index {run.openness_index}")

    from egov_audit.reports.archive import render_archive

    try:
        render_archive(store, out, lang, "Demo portal audits")
    finally:
        store.close()
    terminal.note(f"Store: {store.safe_url}")
    click.echo(f"Report: {(out / 'index.html').resolve()}")
