"""`egov-audit check URL`: audit one site from the terminal or from CI."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from egov_audit.audits.rulebook import DEFAULT_PROFILE
from egov_audit.cli.check_output import DOCUMENT_NAMES, FORMATS, chosen_format, emit, failure_text, result_text
from egov_audit.cli.errors import EXPECTED, exit_status
from egov_audit.cli.exit_status import ExitStatus
from egov_audit.cli.options import RenderSample, db_option
from egov_audit.cli.summary import print_summary
from egov_audit.cli.terminal import AuditProgress, Terminal, current_terminal
from egov_audit.crawler.config import CRAWL_DEFAULTS
from egov_audit.render.settings import RENDER_DEFAULTS, default_concurrency
from egov_audit.reports.errors import ReportError
from egov_audit.run.check import DEFAULT_REPORT_DIR, MAX_WAIT, CheckOutcome, CheckRequest, prepare_check, run_check


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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="What to print: the summary (text, the default), the JSON document (docs/check-json.md), SARIF 2.1.0 "
    "or JUnit XML (docs/ci.md). A machine's format gets a document on failure too.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--output",
    default=None,
    metavar="FILE",
    help="Write the json, sarif or junit document to this file (checked before the crawl) and the summary to stdout.",
)
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
@click.option(
    "--lang-hint",
    "lang_hint",
    multiple=True,
    help="Read pages in this language's words (repeatable; e.g. sv): by default each page's declared and "
    "detected languages, or the profile's.",
)
@click.option(
    "--discovery",
    type=click.Choice(["auto", "http", "browser"]),
    default=CRAWL_DEFAULTS.discovery,
    show_default=True,
    help="How pages are found: over HTTP, with a browser (pages that carry a script are rendered), or auto: "
    "a browser when rendered pages reveal substantially more than their HTML (docs/discovery.md).",
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
    fmt: str | None,
    as_json: bool,
    output: str | None,
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
    lang_hint: tuple[str, ...],
    discovery: str,
    contact: str | None,
    no_progress: bool,
    verbose: bool,
) -> None:
    """Audit one site: crawl URL, check it against the rules, store the run and print a summary."""
    chosen = chosen_format(fmt, as_json, output)
    request = CheckRequest(
        url=url,
        db_url=db_url,
        report=report,
        output=output,
        fail_under=fail_under,
        max_pages=max_pages,
        max_depth=max_depth,
        time_budget=time_budget,
        obey_robots=not ignore_robots,
        read_sitemaps=not no_sitemaps,
        extra_hosts=extra_hosts,
        allow_private=allow_private,
        timeout=timeout,
        max_bytes=max_bytes,
        render=render,
        driver=driver,  # type: ignore[arg-type]  # click.Choice gave one of Driver's values
        webdriver_url=webdriver_url,
        page_timeout=page_timeout,
        concurrency=concurrency,
        profile=profile,
        rule_paths=rule_paths,
        lang_hint=tuple(code.lower() for code in lang_hint),
        discovery=discovery,
        contact=contact,
        log_crawl=verbose,
    )
    terminal = current_terminal()
    began = False  # the crawl
    try:
        prepared = prepare_check(request)
        began = True
        with AuditProgress(terminal, enabled=not no_progress) as progress:
            outcome = run_check(prepared, progress)
    except EXPECTED as error:
        stopped(chosen, url, output, str(error), exit_status(error))
        raise  # the command group prints the line and exits with the code
    except KeyboardInterrupt:  # a crawl stops on a signal by itself (a partial run): this is before or after it
        message = (
            "interrupted before the crawl began: nothing was crawled or stored"
            if not began
            else "interrupted before the run's result was shown"
        )
        stopped(chosen, url, output, message, ExitStatus.INTERRUPTED)
        terminal.error(message)
        raise SystemExit(ExitStatus.INTERRUPTED) from None
    raise SystemExit(present(terminal, outcome, chosen, prepared.output_target, fail_under))


def stopped(fmt: str, url: str, output: str | None, error: str, status: ExitStatus) -> None:
    """A machine's document of a check that stopped before any run, where the run's would have gone,
    or on stdout when `--output` itself cannot take it: a machine always gets one."""
    if fmt == "text":
        return
    document = failure_text(fmt, url, error, status)
    if output is not None:
        with contextlib.suppress(ReportError, ValueError):  # ValueError: a path with a NUL
            emit(document, Path(output))
            return
    emit(document, None)


def present(
    terminal: Terminal, outcome: CheckOutcome, fmt: str, output: Path | None, fail_under: float | None
) -> ExitStatus:
    """Print the summary, the machine's document, or both (the document in --output); the exit
    status, which the document names too."""
    status = ExitStatus.BELOW_THRESHOLD if outcome.below_threshold else ExitStatus.OK
    if outcome.no_index:
        status = ExitStatus.NO_INDEX
    if outcome.report_error is not None:
        terminal.error(outcome.report_error)
        status = ExitStatus.OUTPUT_FAILED
    if outcome.interrupted:
        status = ExitStatus.INTERRUPTED
    written = str(outcome.report) if outcome.report is not None else None
    if fmt == "text" or output is not None:
        print_summary(terminal, outcome.result, outcome.facts, written)
        if outcome.below_threshold:
            terminal.note(f"Openness index {outcome.result.run.openness_index} is below --fail-under {fail_under:g}.")
    if fmt != "text":
        try:
            emit(result_text(fmt, outcome, written, fail_under, status, outcome.report_error), output)
        except ReportError as exc:
            terminal.error(str(exc))
            if status != ExitStatus.INTERRUPTED:
                status = ExitStatus.OUTPUT_FAILED
        else:
            if output is not None:
                terminal.note(f"{DOCUMENT_NAMES[fmt]}: {output}")
    if outcome.no_index:
        why = outcome.result.run.unranked
        terminal.error(
            f"--fail-under {fail_under:g} cannot be judged: the run has no openness index"
            + (f" ({why[1]})" if why else "")
        )
    return status
