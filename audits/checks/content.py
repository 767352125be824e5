"""Content checks: what a page links to, says and offers (transparency and participation)."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime
from typing import Literal
from urllib.parse import urlsplit

import lxml.html
from cssselect import GenericTranslator, SelectorError
from pydantic import Field, field_validator, model_validator

from egov_audit.audits.checks.dates import find_dates
from egov_audit.audits.checks.registry import Params, page_check, site_check
from egov_audit.audits.checks.text_match import compiled, first_phrase, fold, url_words, validate_regexes
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.crawler.model import Link, PageSnapshot, SiteSnapshot

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _host_matches(url: str, hosts: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


class LinkParams(Params):
    text: list[str] = Field(default_factory=list, description="phrases in the link's text, label or URL path")
    url: list[str] = Field(default_factory=list, description="regular expressions on the link's URL")
    hosts: list[str] = Field(default_factory=list, description="hosts (and their subdomains) the link may lead to")
    min_links: int = Field(1, ge=1)

    @field_validator("url")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return validate_regexes(value)

    @model_validator(mode="after")
    def _something_to_match(self) -> LinkParams:
        if not (self.text or self.url or self.hosts):
            raise ValueError("give at least one of text, url or hosts")
        return self


def link_matches(link: Link, params: LinkParams) -> bool:
    if params.hosts and _host_matches(link.url, params.hosts):
        return True
    if params.url and any(compiled(p).search(link.url) for p in params.url):
        return True
    if params.text:
        return first_phrase(f"{link.text} {link.label} {url_words(link.url)}", params.text) is not None
    return False


def matching_links(page: PageSnapshot, params: LinkParams) -> list[Link]:
    return [link for link in page.links if link_matches(link, params)]


@page_check("link_present", LinkParams, links=matching_links)
def link_present(page: PageSnapshot, params: LinkParams) -> CheckResult:
    """The page links to something the parameters describe: by text, label, URL or host."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    found = matching_links(page, params)
    evidence = tuple(Evidence(page.url, f"link to {link.url}: {link.text or link.label}") for link in found[:10])
    if len(found) >= params.min_links:
        return CheckResult(Outcome.PASS, f"Links to {found[0].url} ({found[0].text or found[0].label}).", evidence)
    return CheckResult(Outcome.FAIL, "No such link.", (Evidence(page.url, "no matching link"),))


class TextParams(Params):
    patterns: list[str] = Field(min_length=1, description="regular expressions sought in the visible text")
    require_all: bool = False

    @field_validator("patterns")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return validate_regexes(value)


@page_check("text_present", TextParams)
def text_present(page: PageSnapshot, params: TextParams) -> CheckResult:
    """The page's visible text matches the patterns (any of them, or all with `require_all`)."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    found = {p: m.group(0) for p in params.patterns if (m := compiled(p).search(page.text))}
    missing = [p for p in params.patterns if p not in found]
    ok = not missing if params.require_all else bool(found)
    evidence = tuple(Evidence(page.url, f"found: {text}") for text in found.values())
    if ok:
        return CheckResult(Outcome.PASS, f"Found {', '.join(map(repr, found.values()))}.", evidence)
    return CheckResult(Outcome.FAIL, f"Not found: {', '.join(missing)}.", evidence or (Evidence(page.url),))


class SelectorParams(Params):
    selector: str = Field(min_length=1, description="a CSS selector")
    min_count: int = Field(1, ge=1)

    @field_validator("selector")
    @classmethod
    def _valid_css(cls, value: str) -> str:
        try:
            GenericTranslator().css_to_xpath(value)
        except SelectorError as exc:
            raise ValueError(f"is not a valid CSS selector: {exc}") from None
        return value


def parse_html(page: PageSnapshot) -> lxml.html.HtmlElement | None:
    if not page.html_z:
        return None
    try:
        return lxml.html.document_fromstring(zlib.decompress(page.html_z))
    except (ValueError, zlib.error, lxml.etree.LxmlError):
        return None


@page_check("element_present", SelectorParams)
def element_present(page: PageSnapshot, params: SelectorParams) -> CheckResult:
    """The page holds at least `min_count` elements that match a CSS selector."""
    root = parse_html(page)
    if root is None:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    matches = root.xpath(GenericTranslator().css_to_xpath(params.selector))
    evidence = (Evidence(page.url, f"{len(matches)} elements match {params.selector}"),)
    outcome = Outcome.PASS if len(matches) >= params.min_count else Outcome.FAIL
    return CheckResult(outcome, f"{len(matches)} elements match {params.selector}.", evidence)


ContactKind = Literal["email", "phone", "address"]


class ContactParams(Params):
    need: list[ContactKind] = Field(default_factory=lambda: ["email", "phone", "address"], min_length=1)
    # A number after a phone label (short call-centre numbers such as 1414 included), or one in international
    # form: dates and years are not phone numbers.
    phone_pattern: str = (
        r"(?:phone|tel|телефон|тел|call cent(?:re|er)|контакт-центр|колл-центр|байланыс орталығы)\.?\s*:?\s*"
        r"(\+?\d[\d\s()\-]{2,}\d)|(\+\d[\d\s()\-]{7,}\d)"
    )
    address_words: list[str] = Field(min_length=1, description="words that mark a postal address")

    @field_validator("phone_pattern")
    @classmethod
    def _regex(cls, value: str) -> str:
        return validate_regexes([value])[0]


@page_check("contact_details", ContactParams)
def contact_details(page: PageSnapshot, params: ContactParams) -> CheckResult:
    """The page gives an e-mail address, a phone number and a postal address (as `need` lists)."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    found: dict[str, str] = {}
    email = next((link.url[7:] for link in page.links if link.url.startswith("mailto:")), None)
    email = email or (m.group(0) if (m := _EMAIL.search(page.text)) else None)
    if email:
        found["email"] = email
    phone = next((link.url[4:] for link in page.links if link.url.startswith("tel:")), None)
    if phone is None and (m := compiled(params.phone_pattern).search(page.text)):
        phone = next((g for g in m.groups() if g), m.group(0)).strip()
    if phone:
        found["phone"] = phone
    if word := first_phrase(page.text, params.address_words):
        found["address"] = word
    missing = [kind for kind in params.need if kind not in found]
    evidence = tuple(Evidence(page.url, f"{kind}: {value}") for kind, value in found.items())
    if missing:
        return CheckResult(Outcome.FAIL, f"No {', no '.join(missing)} found.", evidence or (Evidence(page.url),))
    return CheckResult(Outcome.PASS, f"Gives {', '.join(found)}.", evidence)


class FreshnessParams(Params):
    max_age_days: int = Field(ge=0)
    labels: list[str] = Field(default_factory=list, description="phrases a date follows, e.g. 'last updated'")
    window: int = Field(80, ge=1, description="characters after a label in which its date is sought")


def _fetch_day(page: PageSnapshot) -> date:
    return datetime.fromtimestamp(page.fetched_at, UTC).date()


def dated(page: PageSnapshot, labels: list[str], window: int) -> list[date]:
    """Dates on the page that are not in its future: after one of `labels` if any are given."""
    today = _fetch_day(page)
    text = page.text
    if labels:
        folded = fold(text)
        spans = []
        for label in labels:
            start = folded.find(fold(label))
            while start >= 0:  # offsets of the folded text: NFKC may change lengths ("…" -> "...")
                spans.append(folded[start : start + len(fold(label)) + window])
                start = folded.find(fold(label), start + 1)
        candidates = [d.value for span in spans for d in find_dates(span)]
    else:
        candidates = [d.value for d in find_dates(text)]
    return [d for d in candidates if d <= today]


@page_check("content_freshness", FreshnessParams)
def content_freshness(page: PageSnapshot, params: FreshnessParams) -> CheckResult:
    """The page shows a 'last updated' or publication date at most `max_age_days` old (as of the crawl)."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    dates = dated(page, params.labels, params.window)
    if not dates:
        return CheckResult(Outcome.FAIL, "No update or publication date found.", (Evidence(page.url),))
    newest = max(dates)
    age = (_fetch_day(page) - newest).days
    evidence = (Evidence(page.url, f"dated {newest.isoformat()} ({age} days before the crawl)"),)
    if age <= params.max_age_days:
        return CheckResult(Outcome.PASS, f"Updated {newest.isoformat()}, {age} days before the crawl.", evidence)
    return CheckResult(
        Outcome.FAIL,
        f"Last dated {newest.isoformat()}, {age} days old (at most {params.max_age_days} expected).",
        evidence,
    )


class FormParams(Params):
    hosts: list[str] = Field(default_factory=list, description="national services that take the request instead")
    min_fields: int = Field(1, ge=1)


@page_check("form_present", FormParams)
def form_present(page: PageSnapshot, params: FormParams) -> CheckResult:
    """The page holds a usable form (fields and a submit button), or links to a national service that takes it."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    for form in page.forms:
        if not form.is_search and form.has_submit and form.fields >= params.min_fields:
            detail = f"form posting to {form.action} with {form.fields} fields"
            return CheckResult(Outcome.PASS, f"Holds a {detail}.", (Evidence(page.url, detail),))
    service = next((link for link in page.links if params.hosts and _host_matches(link.url, params.hosts)), None)
    if service is not None:
        detail = f"links to {service.url} ({service.text})"
        return CheckResult(Outcome.PASS, f"Has no form of its own but {detail}.", (Evidence(page.url, detail),))
    return CheckResult(
        Outcome.FAIL,
        "No usable form and no link to a service that takes the request.",
        (Evidence(page.url, f"{len(page.forms)} forms, none usable"),),
    )


@page_check("site_search")
def site_search(page: PageSnapshot, params: Params) -> CheckResult:
    """The page offers a search of the site: a search form or a form with a search field."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    form = next((f for f in page.forms if f.is_search), None)
    if form is None:
        return CheckResult(Outcome.FAIL, "No search form.", (Evidence(page.url),))
    return CheckResult(Outcome.PASS, f"Search form posting to {form.action}.", (Evidence(page.url, form.action),))


class StatementParams(Params):
    enforcement: list[str] = Field(min_length=1, description="phrases that name the enforcement procedure")
    contact: list[str] = Field(min_length=1, description="phrases that introduce the feedback contact")
    max_age_days: int = Field(365, ge=0)


@page_check("statement_contents", StatementParams)
def statement_contents(page: PageSnapshot, params: StatementParams) -> CheckResult:
    """An accessibility statement names a feedback contact and the enforcement procedure, and is recent."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    problems = []
    has_contact = any(link.url.startswith("mailto:") for link in page.links) or _EMAIL.search(page.text)
    if not (has_contact and first_phrase(page.text, params.contact)):
        problems.append("no feedback contact")
    if first_phrase(page.text, params.enforcement) is None:
        problems.append("no enforcement procedure")
    dates = dated(page, [], 0)
    age = (_fetch_day(page) - max(dates)).days if dates else None
    if age is None or age > params.max_age_days:
        problems.append("not dated within the last year" if age is None else f"dated {age} days before the crawl")
    if problems:
        return CheckResult(Outcome.FAIL, f"The statement has {', '.join(problems)}.", (Evidence(page.url),))
    return CheckResult(
        Outcome.PASS,
        "Names a feedback contact and the enforcement procedure, and is recent.",
        (Evidence(page.url, f"dated {age} days before the crawl"),),
    )


class DocumentParams(Params):
    extensions: list[str] = Field(min_length=1, description="file endings of documents (pdf, doc, docx ...)")
    min_chars: int = Field(300, ge=0, description="main text that makes the linking page an HTML version")
    max_share: float = Field(0.5, ge=0, le=1, description="largest share of documents published only as files")


@site_check("document_formats", DocumentParams)
def document_formats(site: SiteSnapshot, params: DocumentParams) -> CheckResult:
    """Documents (reports, budgets, legal acts) are published as HTML pages with a date as well as downloads.

    A document counts as published only as a file when the page linking to it has
    little main text of its own or no date.
    """
    endings = tuple(f".{e.lower().lstrip('.')}" for e in params.extensions)
    only_files: list[Evidence] = []
    seen: set[str] = set()
    for page in site.fetched:
        if not (page.is_html and page.is_success):
            continue
        for link in page.links:
            if link.url in seen or not urlsplit(link.url).path.lower().endswith(endings):
                continue
            seen.add(link.url)
            dated_page = bool(find_dates(page.main_text))
            if len(page.main_text) < params.min_chars or not dated_page:
                reason = "no HTML version" if len(page.main_text) < params.min_chars else "no date"
                only_files.append(Evidence(link.url, f"{reason} on {page.url}"))
    if not seen:
        return CheckResult(Outcome.NOT_APPLICABLE, "No document links.")
    share = len(only_files) / len(seen)
    summary = f"{len(only_files)} of {len(seen)} documents ({share:.0%}) are published only as files."
    outcome = Outcome.PASS if share <= params.max_share else Outcome.FAIL
    return CheckResult(outcome, summary, tuple(only_files), score=round(1 - share, 4))
