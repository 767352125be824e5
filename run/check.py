"""One site audited from the terminal or CI (`egov-audit check`): the request, checked before any
crawl, then the audit, its report and its exit status.

Everything that can be refused is refused before the first request to the portal: the start URL,
the numbers click lets through, the contact, the report's and --output's paths, the rules, the store, and the
start URL's first answer. What happens after that is a result, recorded in the store.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from egov_audit.audits.model import AuditResult
from egov_audit.audits.rulebook import DEFAULT_PROFILE, RuleSet, load_rules
from egov_audit.audits.run_facts import RunFacts, run_facts
from egov_audit.crawler.config import CRAWL_DEFAULTS, CrawlConfig, default_user_agent, portal_key
from egov_audit.crawler.model import StopReason
from egov_audit.render.settings import RENDER_DEFAULTS, Driver, RenderSettings, default_concurrency
from egov_audit.reports.errors import ReportError
from egov_audit.run.audit_run import Progress, audit_portal
from egov_audit.run.output_paths import same_file, writable_file, writable_folder
from egov_audit.run.preflight import InputError, contact_problem, normalise_start_url, probe_start_url
from egov_audit.store.database import DEFAULT_DB_URL, Store

DEFAULT_REPORT_DIR = "egov-audit-report"
MAX_WAIT = 24 * 3600  # seconds: a request or a page that may take longer than a day waits for nothing


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What `check` was asked, as given: `prepare_check` refuses what cannot run."""

    url: str
    db_url: str = DEFAULT_DB_URL
    report: str | None = None  # a file; None: DEFAULT_REPORT_DIR/run-ID.html
    output: str | None = None  # the --output file of the machine document (cli/check.py writes it)
    fail_under: float | None = None
    max_pages: int = CRAWL_DEFAULTS.max_pages
    max_depth: int = CRAWL_DEFAULTS.max_depth
    time_budget: float = CRAWL_DEFAULTS.time_budget
    obey_robots: bool = True
    read_sitemaps: bool = True
    extra_hosts: tuple[str, ...] = ()
    allow_private: bool = False
    timeout: float = CRAWL_DEFAULTS.timeout
    max_bytes: int = CRAWL_DEFAULTS.max_bytes
    render: int | None = RENDER_DEFAULTS.sample
    driver: Driver = RENDER_DEFAULTS.driver
    webdriver_url: str | None = None
    page_timeout: float = RENDER_DEFAULTS.page_timeout
    concurrency: int = field(default_factory=default_concurrency)
    profile: str = DEFAULT_PROFILE
    rule_paths: tuple[Path, ...] = ()
    lang_hint: tuple[str, ...] = ()  # read pages in these languages' vocabularies (default: their own)
    discovery: str = CRAWL_DEFAULTS.discovery  # auto, http or browser (docs/discovery.md)
    contact: str | None = None
    log_crawl: bool = False


@dataclass(slots=True)
class PreparedCheck:
    """A request that passed every check before the crawl: what the audit runs with."""

    request: CheckRequest
    config: CrawlConfig
    rules: RuleSet
    store: Store
    report_target: Path
    output_target: Path | None = None  # where the machine document goes; None: stdout
    render: RenderSettings = field(init=False)

    def __post_init__(self) -> None:
        request = self.request
        self.render = RenderSettings(
            driver="selenium" if request.webdriver_url else request.driver,
            sample=request.render,
            concurrency=request.concurrency,
            webdriver_url=request.webdriver_url,
            page_timeout=request.page_timeout,
            axe_timeout=2 * request.page_timeout,
        )


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What the audit found, where its report went, and how it measured against --fail-under."""

    result: AuditResult
    facts: RunFacts
    report: Path | None  # None: it could not be written (`report_error` says why)
    report_error: str | None
    below_threshold: bool  # the index is under --fail-under
    no_index: bool  # --fail-under was given and the run has no index to hold to it

    @property
    def interrupted(self) -> bool:
        return self.result.run.stop_reason == StopReason.CANCELLED


def _check_numbers(request: CheckRequest) -> None:
    """What click's ranges let through: nan, inf, and waits no socket or browser can set."""
    waits = (("--timeout", request.timeout), ("--page-timeout", request.page_timeout))
    for option, seconds in (*waits, ("--time-budget", request.time_budget)):
        if not seconds <= MAX_WAIT:  # also nan
            raise InputError(f"{option} {seconds:g}: give a number of seconds from 1 to {MAX_WAIT}")
    if request.fail_under is not None and math.isnan(request.fail_under):
        raise InputError("--fail-under nan: give a score from 0 to 100")


def writable_report_target(report: str | None) -> Path:
    """The report file (or the folder for the default name), checked writable before any crawl."""
    if report:
        return writable_file("--report", report)
    return writable_folder(f"the report folder {DEFAULT_REPORT_DIR} (or give --report)", DEFAULT_REPORT_DIR)


def writable_output_target(request: CheckRequest, report_target: Path) -> Path | None:
    """The `--output` file, checked like the report, and not the report itself."""
    if request.output is None:
        return None
    target = writable_file("--output", request.output, "result.sarif")
    if request.report and same_file(target, report_target):
        raise InputError(f"--output {request.output} is the --report file too: give each its own file")
    return target


def prepare_check(request: CheckRequest) -> PreparedCheck:
    """Refuse, before any request to the portal, what cannot run (InputError, RuleFileError,
    StoreError, ReportError); then ask the start URL once: an address that answers nothing is
    bad input too, a portal that answers with an error is a finding."""
    start_url = normalise_start_url(request.url)
    _check_numbers(request)
    if request.contact is not None and (problem := contact_problem(request.contact)):
        raise InputError(f"--contact {request.contact!r} {problem}")
    report_target = writable_report_target(request.report)
    output_target = writable_output_target(request, report_target)
    rules = load_rules(request.profile, list(request.rule_paths), request.lang_hint)
    store = Store(request.db_url)
    config = CrawlConfig(
        start_url=start_url,
        max_pages=request.max_pages,
        max_depth=request.max_depth,
        time_budget=request.time_budget,
        obey_robots=request.obey_robots,
        read_sitemaps=request.read_sitemaps,
        extra_hosts=frozenset(h.lower() for h in request.extra_hosts),
        allow_private=request.allow_private,
        timeout=request.timeout,
        max_bytes=request.max_bytes,
        user_agent=default_user_agent(request.contact) if request.contact else default_user_agent(),
        discovery=request.discovery,
    )
    try:
        probe_start_url(start_url, config.user_agent, request.timeout)
    except InputError:
        store.close()
        raise
    return PreparedCheck(request, config, rules, store, report_target, output_target)


def run_check(prepared: PreparedCheck, progress: Progress | None = None) -> CheckOutcome:
    """Audit the site, store the run and write its report; the store is closed afterwards."""
    config, request = prepared.config, prepared.request
    try:
        result = audit_portal(
            config,
            prepared.rules,
            prepared.store,
            portal_key(config.start_url),
            urlsplit(config.start_url).netloc,
            progress=progress,
            log_crawl=request.log_crawl,
            render=prepared.render,
        )
    finally:
        prepared.store.close()
    if progress is not None:
        progress.stage("writing the report")
    # Jinja2 is loaded only now, not beside the browser the audit has just closed.
    from egov_audit.reports.render import render_run_report, run_report_name

    target = prepared.report_target if request.report else prepared.report_target / run_report_name(result.run)
    written, problem = None, None
    try:
        written = render_run_report(result, target)
    except ReportError as exc:
        problem = str(exc)
    score = result.run.openness_index
    judged = request.fail_under is not None
    below = judged and score is not None and score < request.fail_under  # type: ignore[operator]
    return CheckOutcome(result, run_facts(result), written, problem, below, judged and score is None)
