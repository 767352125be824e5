"""Participation checks: whether a page holds a working mechanism, not only a title.

A council's page lists its sessions with their dates, a calendar announces hearings still to come,
a report-a-problem page takes the report in a form (its own, or one a link in its content leads
to), a leadership page gives each head's e-mail or phone, an open data page describes its data sets.
The engine hands these checks the pages a `link_present` rule found (`pages: {linked_by: ...}`).
"""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import lxml.html
from pydantic import Field, field_validator

from egov_audit.audits.checks.content import _AFTER_LABEL, _EMAIL, _INTERNATIONAL, parse_html, searches
from egov_audit.audits.checks.dates import find_dates
from egov_audit.audits.checks.link_choice import distinct_phrases
from egov_audit.audits.checks.registry import NOT_HTML, Context, Params, page_check
from egov_audit.audits.checks.text_match import fold
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import note
from egov_audit.audits.vocabulary import check_concept, concept_term, vocabulary
from egov_audit.crawler.model import Form, PageSnapshot

# Elements that hold one entry of a list: a list item, a table row, an article, a definition.
ENTRY_TAGS = frozenset({"li", "tr", "article", "dt", "dd"})
# Blocks that are entries when their parent repeats them (news cards: <div class="item"> ...).
BLOCK_TAGS = frozenset({"div", "p", "section", "a"})
# Where a site's chrome lives: its dates (a footer's "updated") are no entries of the page's list.
CHROME = frozenset({"header", "nav", "footer"})
MAX_ELEMENTS = 5000  # elements examined on one page: a list's entries come long before
SNIPPET = 80  # characters of an entry quoted in the evidence
# Fields a sign-in form asks for: such a form takes no request.
PASSWORD_WORDS = ("password", "passwd", "pwd", "пароль", "құпия сөз")
# Where links of a page's own content sit (a footer's "Feedback" on every page is no link of it).
CONTENT_REGIONS = frozenset({"main", ""})
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def _crawl_day(page: PageSnapshot) -> date:
    return datetime.fromtimestamp(page.fetched_at, UTC).date()


def _in_chrome(element: lxml.html.HtmlElement) -> bool:
    return any(isinstance(a.tag, str) and a.tag in CHROME for a in element.iterancestors())


def _is_entry(element: lxml.html.HtmlElement) -> bool:
    if element.tag in ENTRY_TAGS:
        return True
    parent = element.getparent()
    if element.tag not in BLOCK_TAGS or parent is None:
        return False
    kind = (element.tag, element.get("class", ""))
    return sum(1 for sibling in parent if (sibling.tag, sibling.get("class", "")) == kind) >= 2


def document(page: PageSnapshot) -> lxml.html.HtmlElement | None:
    """The page's HTML parsed in the charset its Content-Type names (lxml alone would read bytes
    without a <meta charset> as Latin-1, and Cyrillic dates as noise)."""
    if not page.html_z:
        return None
    charset = _CHARSET.search(page.content_type)
    try:
        markup = zlib.decompress(page.html_z).decode(charset.group(1) if charset else "utf-8", errors="replace")
        return lxml.html.document_fromstring(markup)
    except (LookupError, ValueError, zlib.error, lxml.etree.LxmlError):
        return parse_html(page)  # an unknown charset, or an XML declaration a str may not carry


def dated_entries_of(page: PageSnapshot, languages: tuple[str, ...]) -> list[tuple[date, str]]:
    """(the latest date, its text) of each entry of the page's lists that holds a date: the
    innermost entry around a date, outside the header, navigation and footer."""
    root = document(page)
    if root is None:
        return []
    today = _crawl_day(page)
    dated: dict[lxml.html.HtmlElement, tuple[date, str]] = {}
    for number, element in enumerate(root.iter()):
        if number >= MAX_ELEMENTS:
            break
        if not isinstance(element.tag, str) or not _is_entry(element) or _in_chrome(element):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        found = find_dates(text, languages, page.lang, today)
        if found:
            dated[element] = (max(d.value for d in found), text)
    return [value for element, value in dated.items() if not any(d in dated for d in element.iterdescendants())]


class EntriesParams(Params):
    min_entries: int = Field(2, ge=1, description="entries with a date the page must list")
    upcoming: bool = Field(False, description="count only entries dated on or after the day of the crawl")


@page_check("dated_entries", EntriesParams, contextual=True)
def dated_entries(page: PageSnapshot, params: EntriesParams, context: Context) -> CheckResult:
    """The page lists at least `min_entries` entries (list items, table rows, articles, repeated
    blocks) each with a date in the page's languages; with `upcoming`, dated on or after the day of
    the crawl (a calendar of hearings still to come). The evidence quotes the entries."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    today = _crawl_day(page)
    entries = dated_entries_of(page, context.languages_of(page))
    # Upcoming: the nearest first; else the latest first.
    entries = sorted(e for e in entries if e[0] >= today) if params.upcoming else sorted(entries, reverse=True)
    evidence = tuple(
        Evidence.of(page.url, note("dated_entry", date=day.isoformat(), text=text[:SNIPPET]))
        for day, text in entries[:3]
    )
    n = len(entries)
    if n < params.min_entries:
        code = "too_few_upcoming" if params.upcoming else "too_few_dated_entries"
        summary = note(code, n=n, min=params.min_entries, today=today.isoformat())
        return CheckResult.of(Outcome.FAIL, summary, evidence or (Evidence(page.url),))
    code = "upcoming_entries" if params.upcoming else "dated_entries"
    summary = note(code, n=n, date=entries[0][0].isoformat(), today=today.isoformat())
    return CheckResult.of(Outcome.PASS, summary, evidence)


def linked_from_content(page: PageSnapshot, context: Context) -> list[PageSnapshot]:
    """The crawled HTML pages the links of the page's own content lead to, after redirects."""
    found: dict[str, PageSnapshot] = {}
    for link in page.links:
        if link.region not in CONTENT_REGIONS:
            continue
        chain = context.site.redirect_chain(link.url)
        target = chain[-1] if chain else None
        if target is not None and target.url != page.url and target.is_html and target.is_success:
            found.setdefault(target.url, target)
    return list(found.values())


class ReachParams(Params):
    hosts: list[str] = Field(default_factory=list, description="national services that take the request instead")
    min_fields: int = Field(2, ge=1, description="fields a form must have (a single field is a subscription)")


def usable(form: Form, min_fields: int) -> bool:
    """A form a resident sends a request by: fields and a button, no search, no sign-in."""
    signs_in = any(word in fold(w) for w in form.words for word in PASSWORD_WORDS)
    return form.has_submit and form.fields >= min_fields and not searches(form) and not signs_in


def _host_in(url: str, hosts: list[str]) -> bool:
    """Whether `url` leads to one of `hosts` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


@page_check("form_within_reach", ReachParams, contextual=True)
def form_within_reach(page: PageSnapshot, params: ReachParams, context: Context) -> CheckResult:
    """The page holds a usable form (fields, a button; no search, no sign-in), or a link of its own
    content (not its header, navigation or footer) leads to a crawled page that does, or to a
    national service that takes the request (`hosts`)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    own = next((f for f in page.forms if usable(f, params.min_fields)), None)
    if own is not None:
        detail = note("form_posting", action=own.action, n=own.fields)
        return CheckResult.of(Outcome.PASS, note("holds_form", form=detail), (Evidence.of(page.url, detail),))
    service = next(
        (link for link in page.links if link.region in CONTENT_REGIONS and _host_in(link.url, params.hosts)), None
    )
    if service is not None:
        detail = note("service_link", url=service.url, text=service.text or service.label)
        return CheckResult.of(Outcome.PASS, note("no_own_form_but", link=detail), (Evidence.of(page.url, detail),))
    followed = linked_from_content(page, context)
    for target in followed:
        form = next((f for f in target.forms if usable(f, params.min_fields)), None)
        if form is not None:
            detail = note("form_posting", action=form.action, n=form.fields)
            summary = note("form_on_linked_page", url=target.url, form=detail)
            return CheckResult.of(Outcome.PASS, summary, (Evidence.of(target.url, detail),))
    summary = note("no_form_within_reach", n=len(followed))
    return CheckResult.of(Outcome.FAIL, summary, (Evidence.of(page.url, note("forms_none_usable", n=len(page.forms))),))


class ContactsParams(Params):
    min_contacts: int = Field(2, ge=1, description="distinct e-mail addresses or phone numbers the page must give")
    follow: bool = Field(True, description="count those of the crawled pages its content links to (each head's page)")


MAX_FOLLOWED = 40  # pages a leadership list links to whose contacts are read


def contacts_on(page: PageSnapshot, labels: tuple[str, ...]) -> dict[str, str]:
    """The distinct e-mail addresses and phone numbers a page's own content gives (each by its
    digits and letters alone): mailto: and tel: links outside its header, navigation and footer,
    e-mail addresses in its main text, numbers in international form or after a phone label."""
    own = [link for link in page.links if link.region in CONTENT_REGIONS]
    found = [link.url[7:].split("?")[0] for link in own if link.url.startswith("mailto:")]
    found += [link.url[4:] for link in own if link.url.startswith("tel:")]
    found += _EMAIL.findall(page.main_text)
    found += [m.group(0).strip() for m in _INTERNATIONAL.finditer(page.main_text)]
    folded = fold(page.main_text)
    for label in map(fold, labels):
        for at in (m.end() for m in re.finditer(re.escape(label), folded)):
            if number := _AFTER_LABEL.match(folded[at : at + 40]):
                found.append(number.group(1).strip())
    unique: dict[str, str] = {}
    for value in found:
        unique.setdefault(re.sub(r"[\s()\-./]", "", value.lower()), value)
    return unique


@page_check("contacts_listed", ContactsParams, contextual=True)
def contacts_listed(page: PageSnapshot, params: ContactsParams, context: Context) -> CheckResult:
    """The page gives at least `min_contacts` distinct e-mail addresses or phone numbers in its own
    content (a leadership page: a way to reach each head), by links, in its text or after a phone
    label; with `follow`, those of the crawled pages its content links to count too (a list of
    heads, each on a page of their own)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    labels = vocabulary().phrases("phone", context.languages_of(page))
    found = contacts_on(page, labels)
    where = [(page.url, list(found.values()))]
    pages = linked_from_content(page, context)[:MAX_FOLLOWED] if params.follow else []
    for target in pages:
        if len(found) >= params.min_contacts:
            break
        more = {key: value for key, value in contacts_on(target, labels).items() if key not in found}
        found.update(more)
        if more:
            where.append((target.url, list(more.values())))
    evidence = tuple(
        Evidence.of(url, note("contacts_found", n=len(values), contacts=", ".join(values[:6])))
        for url, values in where
        if values
    ) or (Evidence(page.url),)
    if len(found) < params.min_contacts:
        return CheckResult.of(Outcome.FAIL, note("too_few_contacts", n=len(found), min=params.min_contacts), evidence)
    return CheckResult.of(Outcome.PASS, note("gives_contacts", n=len(found)), evidence)


class PhrasesParams(Params):
    concept: str = Field(description="a page concept of rules/vocabularies/concepts.yaml")
    min: int = Field(3, ge=1, description="distinct phrases of the concept the page must hold")

    _known = field_validator("concept")(classmethod(lambda cls, value: check_concept(value, "page")))


@page_check("phrases_present", PhrasesParams, contextual=True)
def phrases_present(page: PageSnapshot, params: PhrasesParams, context: Context) -> CheckResult:
    """The page's text holds at least `min` distinct phrases of a page concept in its languages (an
    open data page names its sets' licence, format, publisher and update date)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    languages = context.languages_of(page)
    shown = distinct_phrases(page.text, vocabulary().phrases(params.concept, languages))
    sought = note("read_in", sought=concept_term(params.concept), languages=", ".join(languages))
    evidence = (Evidence.of(page.url, note("found", text=", ".join(map(repr, shown)) or "-")),)
    if len(shown) < params.min:
        summary = note("too_few_phrases", n=len(shown), min=params.min, sought=sought)
        return CheckResult.of(Outcome.FAIL, summary, evidence)
    return CheckResult.of(Outcome.PASS, note("phrases_found", n=len(shown), sought=sought), evidence)
