"""Trust checks: a safe connection, protective headers, and no hidden trackers."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from egov_audit.audits.broken_links import answer_said
from egov_audit.audits.checks.content import LinkParams, chosen_links, parse_html
from egov_audit.audits.checks.registry import NOT_HTML, Context, Params, page_check, site_check
from egov_audit.audits.checks.text_match import compiled, validate_regexes
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import Listing, Note, Value, fixed, note
from egov_audit.crawler.model import FetchKind, PageSnapshot, SiteSnapshot


@site_check("https")
def https(site: SiteSnapshot, params: Params) -> CheckResult:
    """The portal is served over HTTPS, and its http:// address redirects there."""
    chain = site.redirect_chain(site.start_url)
    if not chain:
        return CheckResult.of(Outcome.ERROR, note("start_not_fetched"))
    if chain[-1].status is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("portal_no_answer", answer=answer_said(chain[-1])))
    final = chain[-1].location if chain[-1].is_redirect else chain[-1].url
    if not (final or "").startswith("https://"):
        return CheckResult.of(Outcome.FAIL, note("plain_http"), (Evidence(chain[-1].url),))
    probe = next((p for p in site.pages if p.kind is FetchKind.HTTP_PROBE), None)
    if probe is None or site.start_url.startswith("http://"):
        return CheckResult.of(Outcome.PASS, note("served_https"), (Evidence(final),))
    if probe.location and probe.location.startswith("https://"):
        return CheckResult.of(
            Outcome.PASS,
            note("served_https_redirected", url=probe.url, location=probe.location),
            (Evidence(probe.url, f"-> {probe.location}"),),
        )
    answer = _answer(probe)
    return CheckResult.of(
        Outcome.FAIL, note("no_https_redirect", url=probe.url, answer=answer), (_evidence(probe.url, answer),)
    )


def _answer(page: PageSnapshot) -> Value:
    """What a probe gave: "HTTP 404" (even a status the crawl's pages do not count), the error, or "no answer"."""
    return f"HTTP {page.status}" if page.status else page.error or note("no_answer")


def _evidence(url: str, answer: Value) -> Evidence:
    return Evidence.of(url, answer) if isinstance(answer, Note) else Evidence(url, str(answer))


class HeaderParams(Params):
    required: list[str] = Field(min_length=1, description="response headers every page should send")


@page_check("security_headers", HeaderParams)
def security_headers(page: PageSnapshot, params: HeaderParams) -> CheckResult:
    """The page's response carries the protective headers listed (HSTS is asked of HTTPS pages only)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    wanted = [h.lower() for h in params.required]
    if not page.url.startswith("https://"):
        wanted = [h for h in wanted if h != "strict-transport-security"]
    missing = ", ".join(h for h in wanted if not page.header(h))
    if missing:
        evidence = (Evidence.of(page.url, note("headers_missing", headers=missing)),)
        return CheckResult.of(Outcome.FAIL, note("missing_headers", headers=missing), evidence)
    return CheckResult.of(Outcome.PASS, note("sends_headers", headers=", ".join(wanted)), (Evidence(page.url),))


@page_check("mixed_content")
def mixed_content(page: PageSnapshot, params: Params) -> CheckResult:
    """An HTTPS page loads no script, style, image or frame over plain HTTP."""
    if not page.is_html or not page.is_success or not page.url.startswith("https://"):
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("not_html_over_https"))
    insecure = [url for url in page.resources if url.lower().startswith("http://")]
    if insecure:
        return CheckResult.of(
            Outcome.FAIL,
            note("insecure_resources", n=len(insecure)),
            tuple(Evidence(page.url, url) for url in insecure),
        )
    return CheckResult.of(Outcome.PASS, note("secure_resources"))


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


def trackers_seen(page: PageSnapshot, params: ThirdPartyParams, own: frozenset[str]) -> dict[str, Note]:
    """Tracker -> where it showed: a known tracker's host among what the page references or (rendered)
    loaded, or a signature of one in a script's address or an inline script, on any host."""
    loaded = [url for url, _size in page.axe.resources] if page.axe is not None else []
    urls = [*page.resources, *loaded]
    found: dict[str, Note] = {}
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if host and host not in own and _is_tracker(host, params.trackers):
            found.setdefault(host, note("loads_from", host=host))
    inline = _inline_scripts(page) if params.signatures else ""
    for name, patterns in params.signatures.items():
        for pattern in patterns:
            if hit := next((url for url in urls if compiled(pattern).search(url)), None):
                found.setdefault(name, note("loads", url=hit))
            elif inline and compiled(pattern).search(inline):
                found.setdefault(name, note("inline_script"))
    return found


@site_check("third_party_hosts", ThirdPartyParams, contextual=True)
def third_party_hosts(site: SiteSnapshot, params: ThirdPartyParams, context: Context) -> CheckResult:
    """The hosts the home page loads from (referenced, and loaded when rendered) are listed and trackers
    named, by host or by what they load; trackers without a privacy policy link (chosen as link_present
    chooses it, its page read as a policy) fail."""
    home = site.home_page()
    if home is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("home_gave_no_page"))
    own = site.own_hosts()
    loaded = [url for url, _size in home.axe.resources] if home.axe is not None else []
    hosts = sorted({h for url in [*home.resources, *loaded] if (h := (urlsplit(url).hostname or "")) and h not in own})
    trackers = trackers_seen(home, params, own)
    evidence = tuple(
        Evidence.of(home.url, note("tracker_host", host=h)) if h in trackers else Evidence(home.url, h) for h in hosts
    )
    evidence += tuple(
        Evidence.of(home.url, note("tracker_how", tracker=name, how=how))
        for name, how in trackers.items()
        if name not in hosts
    )
    if not trackers:
        summary = note("third_party_hosts", n=len(hosts))
        return CheckResult.of(Outcome.PASS, summary, evidence or (Evidence.of(home.url, note("no_third_party")),))
    named = ", ".join(trackers)
    if params.privacy is not None and (policy := chosen_links(home, params.privacy, context)):
        summary = note("trackers_with_policy", trackers=named, url=policy[0].url)
        return CheckResult.of(Outcome.PASS, summary, evidence)
    why = "trackers_without_policy" if params.privacy is not None else "trackers_before_consent"
    return CheckResult.of(Outcome.FAIL, note(why, trackers=named), evidence)


@site_check("security_txt")
def security_txt(site: SiteSnapshot, params: Params) -> CheckResult:
    """/.well-known/security.txt exists with a Contact and an unexpired Expires field (RFC 9116)."""
    probe = next((p for p in site.pages if p.kind is FetchKind.SECURITY_TXT), None)
    if probe is None:
        return CheckResult.of(Outcome.ERROR, note("security_txt_not_requested"))
    if probe.status is None:  # no answer at all: nothing was examined, so nothing passes or fails
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("security_txt_not_asked", answer=_answer(probe)))
    if not probe.is_success:
        answer = _answer(probe)
        return CheckResult.of(Outcome.FAIL, note("no_security_txt", answer=answer), (_evidence(probe.url, answer),))
    fields: dict[str, str] = {}
    for line in probe.text.splitlines():
        name, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            fields.setdefault(name.strip().lower(), value.strip())
    problems: list[Note] = []
    if "contact" not in fields:
        problems.append(note("no_contact_field"))
    expires = fields.get("expires")
    try:
        expiry = datetime.fromisoformat(expires.replace("Z", "+00:00")) if expires else None
        if expiry is not None and expiry.tzinfo is None:
            expiry = expiry.replace(tzinfo=UTC)  # RFC 9116 asks for a zone; without one, read UTC, not local time
    except ValueError:
        expiry = None
    if expiry is None:
        problems.append(note("no_expires_field"))
    elif expiry.astimezone(UTC).timestamp() < probe.fetched_at:
        problems.append(note("expired_on", date=str(expires)))
    if problems:
        return CheckResult.of(
            Outcome.FAIL, note("security_txt_has", problems=Listing(tuple(problems))), (Evidence(probe.url),)
        )
    return CheckResult.of(
        Outcome.PASS,
        note("security_txt_names", contact=fields["contact"], expires=str(expires)),
        (Evidence(probe.url, f"Contact: {fields['contact']}"),),  # the field's own name
    )


class CertificateParams(Params):
    min_days: int = Field(14, ge=0, description="fewest days the certificate must still be valid")


@site_check("tls_certificate", CertificateParams)
def tls_certificate(site: SiteSnapshot, params: CertificateParams) -> CheckResult:
    """An https:// portal's certificate verifies (chain and host name) and is valid for `min_days` more days."""
    tls = site.tls
    if tls is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("not_https"))
    if tls.error and not tls.handshake_failed:  # refused, timed out, unresolvable: no certificate was shown
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_tls_connection", error=tls.error))
    if tls.error:
        return CheckResult(Outcome.FAIL, tls.error, (Evidence(tls.url, tls.error),))
    days = None
    if tls.not_after:
        days = (datetime.fromisoformat(tls.not_after).timestamp() - tls.fetched_at) / 86400
    evidence = tuple(Evidence(tls.url, f"{name}: {value}") for name, value in tls.facts())
    if not tls.verified:
        return CheckResult.of(Outcome.FAIL, note("certificate_unverified", error=str(tls.verify_error)), evidence)
    if days is None:
        return CheckResult.of(Outcome.FAIL, note("certificate_expiry_unknown"), evidence)
    if days < params.min_days:
        return CheckResult.of(Outcome.FAIL, note("certificate_expires_soon", n=fixed(days, 0)), evidence)
    return CheckResult.of(Outcome.PASS, note("certificate_valid", n=fixed(days, 0)), evidence)
