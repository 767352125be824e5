"""`egov-audit check URL`: audit one site from the terminal or from CI."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.audits.rulebook import DEFAULT_PROFILE, load_rules
from egov_audit.audits.run_facts import run_facts
from egov_audit.cli.exit_status import ExitStatus
from egov_audit.cli.options import RenderSample, db_option
from egov_audit.cli.summary import print_summary
from egov_audit.cli.terminal import CrawlProgress, Terminal
from egov_audit.crawler.config import CRAWL_DEFAULTS, CrawlConfig, default_user_agent, portal_key
from egov_audit.crawler.model import StopReason
from egov_audit.render.settings import RENDER_DEFAULTS, RenderSettings, default_concurrency
from egov_audit.reports.check_json import result_document
from egov_audit.run.audit_run import audit_portal
from egov_audit.run.preflight import InputError, contact_problem, normalise_start_url, probe_start_url
from egov_audit.store.database import Store, StoreError

DEFAULT_REPORT_DIR = "egov-audit-report"
MAX_WAIT = 24 * 3600  # seconds: a request or a page that may take longer than a day waits for nothing


def check_numbers(timeout: float, page_timeout: float, time_budget: float, fail_under: float | None) -> None:
    """What click's ranges let through: nan, inf, and waits no socket or browser can set."""
    for option, seconds in (("--timeout", timeout), ("--page-timeout", page_timeout), ("--time-budget", time_budget)):
        if not seconds <= MAX_WAIT:  # also nan
            raise InputError(f"{option} {seconds:g}: give a number of seconds from 1 to {MAX_WAIT}")
    if fail_under is not None and math.isnan(fail_under):
        raise InputError("--fail-under nan: give a score from 0 to 100")


def writable_report_target(report: str | None) -> Path:
    """The report file (or the folder for the default name), checked writable before any crawl."""
    if report is not None and "\x00" in report:
        raise InputError(f"--report {report!r}: a file name cannot hold a NUL character")
    target = Path(report) if report else Path(DEFAULT_REPORT_DIR)
    folder = target.parent if report else target
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the report folder {folder}: {exc.strerror}") from None
    try:
        is_folder = bool(report) and target.is_dir()
    except OSError as exc:  # a name longer than the file system takes
        raise InputError(f"--report {report}: {exc.strerror}") from None
    if is_folder:
        raise InputError(f"--report {report} is a folder; give a file name such as {report}/report.html")
    if not os.access(folder, os.W_OK):
        raise InputError(f"the report folder {folder} is not writable")
    return target


@click.command("check")
@click.argument("url")
@click.option(
    "--max-pages",
    type=click.IntRange(1),
    default=CRAWL_DEFAULTS.max_pages,
    show_default=True,
    help="Fetch at most this many URLs.",
)
@click.option(
    "--max-depth",
    type=click.IntRange(0),
    default=CRAWL_DEFAULTS.max_depth,
    show_default=True,
    help="Follow links this deep.",
)
@click.option(
    "--time-budget",
    type=click.FloatRange(1, MAX_WAIT),
    default=CRAWL_DEFAULTS.time_budget,
    show_default=True,
    help="Stop crawling after this many seconds (the run is then partial).",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 when the openness index is below this score (for CI).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document (docs/check-json.md) instead of tables.")
@db_option
@click.option("--report", default=None, help=f"HTML report file [default: {DEFAULT_REPORT_DIR}/run-ID.html].")
@click.option("--ignore-robots", is_flag=True, help="Fetch what robots.txt disallows (only for your own site).")
@click.option("--no-sitemaps", is_flag=True, help="Do not read sitemap.xml.")
@click.option("--allow-host", "extra_hosts", multiple=True, help="Another host that belongs to the portal.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Reach private, loopback and link-local addresses other than the start URL's own (refused by default).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1),
    default=CRAWL_DEFAULTS.timeout,
    show_default=True,
    help="Seconds per request.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1024),
    default=CRAWL_DEFAULTS.max_bytes,
    show_default=True,
    help="Stop downloading a response past this size (the page is then recorded as too large).",
)
@click.option(
    "--render",
    "render",
    type=RenderSample(),
    default=str(RENDER_DEFAULTS.sample),
    show_default=True,
    help="Pages to render in Chromium for axe-core: a number (a WCAG-EM sample), 'all', or 0 for none.",
)
@click.option(
    "--driver",
    type=click.Choice(["playwright", "selenium"]),
    default=RENDER_DEFAULTS.driver,
    show_default=True,
    help="Browser driver for rendering.",
)
@click.option("--webdriver-url", default=None, help="A remote WebDriver or Selenium Grid (implies --driver selenium).")
@click.option(
    "--page-timeout",
    type=click.FloatRange(1),
    default=RENDER_DEFAULTS.page_timeout,
    show_default=True,
    help="Seconds a rendered page may take to load (axe-core gets twice that).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 16),
    default=default_concurrency(),
    show_default=True,
    help="Pages rendered at once.",
)
@click.option("--profile", default=DEFAULT_PROFILE, show_default=True, help="Rule profile: generic, kz, eu ...")
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Your own rule file or folder (repeatable); a rule with a shipped id replaces it.",
)
@click.option("--contact", default=None, help="URL or e-mail named in the User-Agent, for the portal's operators.")
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
@click.option("--verbose", is_flag=True, help="Show the crawler's log on stderr.")
def check_command(
    url: str,
    max_pages: int,
    max_depth: int,
    time_budget: float,
    fail_under: float | None,
    as_json: bool,
    db_url: str,
    report: str | None,
    ignore_robots: bool,
    no_sitemaps: bool,
    extra_hosts: tuple[str, ...],
    allow_private: bool,
    timeout: float,
    max_bytes: int,
    render: int | None,
    driver: str,
    webdriver_url: str | None,
    page_timeout: float,
    concurrency: int,
    profile: str,
    rule_paths: tuple[Path, ...],
    contact: str | None,
    no_progress: bool,
    verbose: bool,
) -> None:
    """Audit one site: crawl URL, check it against the rules, store the run and print a summary."""
    terminal = Terminal()
    try:
        start_url = normalise_start_url(url)
        check_numbers(timeout, page_timeout, time_budget, fail_under)
        if contact is not None and (problem := contact_problem(contact)):
            raise InputError(f"--contact {contact!r} {problem}")
        report_target = writable_report_target(report)
        rules = load_rules(profile, list(rule_paths))
        store = Store(db_url)
    except (InputError, RuleFileError, StoreError) as exc:
        terminal.error(str(exc))
        raise SystemExit(ExitStatus.USAGE_ERROR) from None

    config = CrawlConfig(
        start_url=start_url,
        max_pages=max_pages,
        max_depth=max_depth,
        time_budget=time_budget,
        obey_robots=not ignore_robots,
        read_sitemaps=not no_sitemaps,
        extra_hosts=frozenset(h.lower() for h in extra_hosts),
        allow_private=allow_private,
        timeout=timeout,
        max_bytes=max_bytes,
        user_agent=default_user_agent(contact) if contact else default_user_agent(),
    )
    try:
        probe_start_url(start_url, config.user_agent, timeout)
    except InputError as exc:
        terminal.error(str(exc))
        raise SystemExit(ExitStatus.USAGE_ERROR) from None

    with CrawlProgress(terminal, enabled=not no_progress) as progress:
        result = audit_portal(
            config,
            rules,
            store,
            portal_key(start_url),
            urlsplit(start_url).netloc,
            progress=progress,
            log_crawl=verbose,
            render=RenderSettings(
                driver="selenium" if webdriver_url else driver,  # type: ignore[arg-type]
                sample=render,
                concurrency=concurrency,
                webdriver_url=webdriver_url,
                page_timeout=page_timeout,
                axe_timeout=2 * page_timeout,
            ),
        )
    # Jinja2 is loaded only now, not beside the browser the audit has just closed.
    from egov_audit.reports.render import ReportError, render_run_report, run_report_name

    facts = run_facts(result)
    path = report_target if report else report_target / run_report_name(result.run)
    try:
        written: str | None = str(render_run_report(result, path))
    except ReportError as exc:
        terminal.error(str(exc))
        written = None

    score = result.run.openness_index
    below = fail_under is not None and (score is None or score < fail_under)
    status = ExitStatus.BELOW_THRESHOLD if below else ExitStatus.OK
    if written is None:
        status = ExitStatus.USAGE_ERROR
    if result.run.stop_reason == StopReason.CANCELLED:
        status = ExitStatus.INTERRUPTED
    if as_json:
        document = result_document(result, facts, written, fail_under, int(status))
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_summary(terminal, result, facts, written)
        if below:
            terminal.note(f"Openness index {score} is below --fail-under {fail_under:g}.")
    store.close()
    raise SystemExit(status)
