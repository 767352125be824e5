"""Trust checks: a safe connection, protective headers, and no hidden trackers."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from egov_audit.audits.checks.content import LinkParams, chosen_links, parse_html
from egov_audit.audits.checks.registry import Context, Params, page_check, site_check
from egov_audit.audits.checks.text_match import compiled, validate_regexes
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.crawler.model import FetchKind, PageSnapshot, SiteSnapshot


@site_check("https")
def https(site: SiteSnapshot, params: Params) -> CheckResult:
    """The portal is served over HTTPS, and its http:// address redirects there."""
    chain = site.redirect_chain(site.start_url)
    if not chain:
        return CheckResult(Outcome.ERROR, "The start URL was not fetched.")
    if chain[-1].status is None:
        return CheckResult(Outcome.NOT_APPLICABLE, f"The portal did not answer: {chain[-1].error or 'no answer'}.")
    final = chain[-1].location if chain[-1].is_redirect else chain[-1].url
    if not (final or "").startswith("https://"):
        return CheckResult(Outcome.FAIL, "The portal is served over plain HTTP.", (Evidence(chain[-1].url),))
    probe = next((p for p in site.pages if p.kind is FetchKind.HTTP_PROBE), None)
    if probe is None or site.start_url.startswith("http://"):
        return CheckResult(Outcome.PASS, "Served over HTTPS.", (Evidence(final),))
    if probe.location and probe.location.startswith("https://"):
        return CheckResult(
            Outcome.PASS,
            f"Served over HTTPS; {probe.url} redirects to {probe.location}.",
            (Evidence(probe.url, f"-> {probe.location}"),),
        )
    answer = f"HTTP {probe.status}" if probe.status else probe.error or "no answer"
    return CheckResult(
        Outcome.FAIL, f"{probe.url} does not redirect to HTTPS ({answer}).", (Evidence(probe.url, answer),)
    )


class HeaderParams(Params):
    required: list[str] = Field(min_length=1, description="response headers every page should send")


@page_check("security_headers", HeaderParams)
def security_headers(page: PageSnapshot, params: HeaderParams) -> CheckResult:
    """The page's response carries the protective headers listed (HSTS is asked of HTTPS pages only)."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    wanted = [h.lower() for h in params.required]
    if not page.url.startswith("https://"):
        wanted = [h for h in wanted if h != "strict-transport-security"]
    missing = [h for h in wanted if not page.header(h)]
    if missing:
        return CheckResult(
            Outcome.FAIL, f"Missing {', '.join(missing)}.", (Evidence(page.url, f"missing: {', '.join(missing)}"),)
        )
    return CheckResult(Outcome.PASS, f"Sends {', '.join(wanted)}.", (Evidence(page.url),))


@page_check("mixed_content")
def mixed_content(page: PageSnapshot, params: Params) -> CheckResult:
    """An HTTPS page loads no script, style, image or frame over plain HTTP."""
    if not page.is_html or not page.is_success or not page.url.startswith("https://"):
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page served over HTTPS.")
    insecure = [url for url in page.resources if url.lower().startswith("http://")]
    if insecure:
        return CheckResult(
            Outcome.FAIL,
            f"Loads {len(insecure)} resources over HTTP.",
            tuple(Evidence(page.url, url) for url in insecure),
        )
    return CheckResult(Outcome.PASS, "Loads every resource over HTTPS.")


class ThirdPartyParams(Params):
    trackers: list[str] = Field(min_length=1, description="hosts (and subdomains) known to track visitors")
    signatures: dict[str, list[str]] = Field(
        default_factory=dict,
        description="a tracker's name -> regular expressions on the addresses of scripts loaded and on inline "
        "scripts: a tracker by what it loads, on any host (a self-hosted Matomo included)",
    )
    privacy: LinkParams | None = Field(
        description="what a link to the privacy policy looks like; without it, any tracker fails"
    )

    @field_validator("signatures")
    @classmethod
    def _regexes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for patterns in value.values():
            validate_regexes(patterns)
        return value


def _is_tracker(host: str, trackers: list[str]) -> bool:
    return any(host == t or host.endswith("." + t) for t in trackers)


def _inline_scripts(page: PageSnapshot) -> str:
    root = parse_html(page)
    return "\n".join(str(text) for text in root.xpath("//script[not(@src)]/text()")) if root is not None else ""


def trackers_seen(page: PageSnapshot, params: ThirdPartyParams, own: frozenset[str]) -> dict[str, str]:
    """Tracker -> where it showed: a known tracker's host among what the page references or (rendered)
    loaded, or a signature of one in a script's address or an inline script, on any host."""
    loaded = [url for url, _size in page.axe.resources] if page.axe is not None else []
    urls = [*page.resources, *loaded]
    found: dict[str, str] = {}
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if host and host not in own and _is_tracker(host, params.trackers):
            found.setdefault(host, f"loads from {host}")
    inline = _inline_scripts(page) if params.signatures else ""
    for name, patterns in params.signatures.items():
        for pattern in patterns:
            if hit := next((url for url in urls if compiled(pattern).search(url)), None):
                found.setdefault(name, f"loads {hit}")
            elif inline and compiled(pattern).search(inline):
                found.setdefault(name, "an inline script sets it up")
    return found


@site_check("third_party_hosts", ThirdPartyParams, contextual=True)
def third_party_hosts(site: SiteSnapshot, params: ThirdPartyParams, context: Context) -> CheckResult:
    """The hosts the home page loads from (referenced, and loaded when rendered) are listed and trackers
    named, by host or by what they load; trackers without a privacy policy link (chosen as link_present
    chooses it, its page read as a policy) fail."""
    home = site.home_page()
    if home is None:
        return CheckResult(Outcome.NOT_APPLICABLE, "The home page gave no page, so there was nothing to examine.")
    own = site.own_hosts()
    loaded = [url for url, _size in home.axe.resources] if home.axe is not None else []
    hosts = sorted({h for url in [*home.resources, *loaded] if (h := (urlsplit(url).hostname or "")) and h not in own})
    trackers = trackers_seen(home, params, own)
    evidence = tuple(Evidence(home.url, f"{h}{' (tracker)' if h in trackers else ''}") for h in hosts)
    evidence += tuple(
        Evidence(home.url, f"tracker {name}: {how}") for name, how in trackers.items() if name not in hosts
    )
    if not trackers:
        summary = f"{len(hosts)} third-party hosts, no known tracker."
        return CheckResult(Outcome.PASS, summary, evidence or (Evidence(home.url, "no third-party host"),))
    named = ", ".join(trackers)
    if params.privacy is not None and (policy := chosen_links(home, params.privacy, context)):
        summary = f"Loads trackers ({named}) and links a privacy policy ({policy[0].url})."
        return CheckResult(Outcome.PASS, summary, evidence)
    why = "without a privacy policy link" if params.privacy is not None else "before any consent"
    return CheckResult(Outcome.FAIL, f"Loads trackers ({named}) {why}.", evidence)


@site_check("security_txt")
def security_txt(site: SiteSnapshot, params: Params) -> CheckResult:
    """/.well-known/security.txt exists with a Contact and an unexpired Expires field (RFC 9116)."""
    probe = next((p for p in site.pages if p.kind is FetchKind.SECURITY_TXT), None)
    if probe is None:
        return CheckResult(Outcome.ERROR, "security.txt was not requested.")
    if probe.status is None:  # no answer at all: nothing was examined, so nothing passes or fails
        return CheckResult(
            Outcome.NOT_APPLICABLE, f"security.txt could not be asked for: {probe.error or 'no answer'}."
        )
    if not probe.is_success:
        answer = f"HTTP {probe.status}" if probe.status else probe.error or "no answer"
        return CheckResult(Outcome.FAIL, f"No security.txt ({answer}).", (Evidence(probe.url, answer),))
    fields: dict[str, str] = {}
    for line in probe.text.splitlines():
        name, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            fields.setdefault(name.strip().lower(), value.strip())
    problems = []
    if "contact" not in fields:
        problems.append("no Contact field")
    expires = fields.get("expires")
    try:
        expiry = datetime.fromisoformat(expires.replace("Z", "+00:00")) if expires else None
        if expiry is not None and expiry.tzinfo is None:
            expiry = expiry.replace(tzinfo=UTC)  # RFC 9116 asks for a zone; without one, read UTC, not local time
    except ValueError:
        expiry = None
    if expiry is None:
        problems.append("no valid Expires field")
    elif expiry.astimezone(UTC).timestamp() < probe.fetched_at:
        problems.append(f"expired on {expires}")
    if problems:
        return CheckResult(Outcome.FAIL, f"security.txt has {', '.join(problems)}.", (Evidence(probe.url),))
    return CheckResult(
        Outcome.PASS,
        f"security.txt names {fields['contact']}, expires {expires}.",
        (Evidence(probe.url, f"Contact: {fields['contact']}"),),
    )


class CertificateParams(Params):
    min_days: int = Field(14, ge=0, description="fewest days the certificate must still be valid")


@site_check("tls_certificate", CertificateParams)
def tls_certificate(site: SiteSnapshot, params: CertificateParams) -> CheckResult:
    """An https:// portal's certificate verifies (chain and host name) and is valid for `min_days` more days."""
    tls = site.tls
    if tls is None:
        return CheckResult(Outcome.NOT_APPLICABLE, "The portal is not served over HTTPS.")
    if tls.error and not tls.handshake_failed:  # refused, timed out, unresolvable: no certificate was shown
        return CheckResult(Outcome.NOT_APPLICABLE, f"No TLS connection could be made: {tls.error}.")
    if tls.error:
        return CheckResult(Outcome.FAIL, tls.error, (Evidence(tls.url, tls.error),))
    days = None
    if tls.not_after:
        days = (datetime.fromisoformat(tls.not_after).timestamp() - tls.fetched_at) / 86400
    evidence = tuple(Evidence(tls.url, f"{name}: {value}") for name, value in tls.facts())
    if not tls.verified:
        return CheckResult(Outcome.FAIL, f"The certificate does not verify: {tls.verify_error}.", evidence)
    if days is None or days < params.min_days:
        left = "unknown" if days is None else f"{days:.0f} days"
        return CheckResult(Outcome.FAIL, f"The certificate expires soon ({left} left).", evidence)
    return CheckResult(Outcome.PASS, f"The certificate verifies and is valid for {days:.0f} more days.", evidence)
