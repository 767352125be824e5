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
from egov_audit.audits.checks.link_choice import (
    MIN_SCORE,
    MIN_TEXT_SHARE,
    RELS,
    Candidate,
    Wanted,
    candidates,
    has_phrase,
    phrase_ranks,
    wanted_phrases,
)
from egov_audit.audits.checks.registry import NOT_HTML, Context, Params, page_check, site_check
from egov_audit.audits.checks.text_match import compiled, fold, unaccented, url_words, validate_regexes
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import Listing, Note, Value, note, percent
from egov_audit.audits.vocabulary import check_concept, concept_term, vocabulary
from egov_audit.crawler.model import Form, Link, PageSnapshot, SiteSnapshot

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _host_matches(url: str, hosts: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


class TargetProof(Params):
    """What the page a link leads to must show to be the page meant: phrases of a page concept."""

    concept: str
    min: int = Field(2, ge=1, description="distinct phrases of the concept its text must hold")

    _known = field_validator("concept")(classmethod(lambda cls, value: check_concept(value, "page")))


class LinkParams(Params):
    concept: str | None = Field(None, description="a link concept of rules/vocabularies/concepts.yaml")
    text: list[str] = Field(default_factory=list, description="phrases of the rule's own, beside the concept's")
    url: list[str] = Field(default_factory=list, description="regular expressions on the link's URL")
    hosts: list[str] = Field(default_factory=list, description="hosts (and their subdomains) the link may lead to")
    target: TargetProof | None = Field(None, description="what the linked page's text must show, when crawled")
    min_text_share: float = Field(
        MIN_TEXT_SHARE, ge=0, le=1, description="the least share of a link's text its phrases must cover to count"
    )
    min_links: int = Field(1, ge=1)

    @field_validator("url")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return validate_regexes(value)

    _concept = field_validator("concept")(
        classmethod(lambda cls, value: value if value is None else check_concept(value, "link"))
    )

    @model_validator(mode="after")
    def _something_to_match(self) -> LinkParams:
        if not (self.concept or self.text or self.url or self.hosts):
            raise ValueError("give at least one of concept, text, url or hosts")
        return self


def wanted(page: PageSnapshot, params: LinkParams, context: Context) -> Wanted:
    """What `params` look for on `page`, in the page's languages (English too in addresses)."""
    languages = context.languages_of(page)
    with_english = tuple(dict.fromkeys((*languages, "en")))
    target = params.target
    return Wanted(
        phrases=wanted_phrases(params.concept, params.text, languages),
        url_phrases=wanted_phrases(params.concept, params.text, with_english),
        hosts=tuple(params.hosts),
        url_patterns=tuple(params.url),
        rels=RELS.get(params.concept or "", ()),
        target_phrases=vocabulary().phrases(target.concept, with_english) if target else (),
        target_min=target.min if target else 0,
        ranks={**phrase_ranks(params.concept, languages), **dict.fromkeys(params.text, 0.0)},
        min_text_share=params.min_text_share,
    )


def chosen(page: PageSnapshot, params: LinkParams, context: Context) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates chosen (the best `min_links` scoring at least MIN_SCORE) and the rest."""
    ranked = candidates(page, wanted(page, params, context), context.site)
    good = [c for c in ranked if c.score >= MIN_SCORE]
    return good[: params.min_links], [c for c in ranked if c not in good[: params.min_links]]


def chosen_links(page: PageSnapshot, params: LinkParams, context: Context) -> list[Link]:
    return [candidate.link for candidate in chosen(page, params, context)[0]]


@page_check("link_present", LinkParams, links=chosen_links)
def link_present(page: PageSnapshot, params: LinkParams, context: Context) -> CheckResult:
    """The page links to what the parameters describe: the best of its links by text, label,
    address, rel, place and the page it leads to (audits/checks/link_choice.py); the evidence
    names the link chosen, why, and the runners-up."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    best, rest = chosen(page, params, context)
    named = ", ".join(params.text or params.hosts or params.url)
    sought: Value = concept_term(params.concept) if params.concept else named
    if len(best) >= params.min_links:
        first = best[0]
        evidence = tuple(Evidence.of(c.link.url, note("link_chosen", link=c.said())) for c in best)
        evidence += tuple(Evidence.of(c.link.url, note("link_runner_up", link=c.said())) for c in rest[:2])
        summary = note("links_to", url=first.link.url, text=first.link.text or first.link.label)
        return CheckResult.of(Outcome.PASS, summary, evidence)
    near = tuple(Evidence.of(c.link.url, note("link_not_enough", link=c.said())) for c in rest[:3])
    languages = ", ".join(context.languages_of(page))
    summary = note("no_link_to", sought=sought, links=len(page.links), languages=languages)
    return CheckResult.of(
        Outcome.FAIL, summary, near or (Evidence.of(page.url, note("no_link_to_short", sought=sought)),)
    )


class TextParams(Params):
    patterns: list[str] = Field(default_factory=list, description="regular expressions sought in the visible text")
    concept: str | None = Field(None, description="a page concept whose phrases are sought, in the page's languages")
    require_all: bool = False

    @field_validator("patterns")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        return validate_regexes(value)

    _concept = field_validator("concept")(
        classmethod(lambda cls, value: value if value is None else check_concept(value, "page"))
    )

    @model_validator(mode="after")
    def _something_to_seek(self) -> TextParams:
        if not (self.patterns or self.concept):
            raise ValueError("give patterns or a concept")
        return self


@page_check("text_present", TextParams, contextual=True)
def text_present(page: PageSnapshot, params: TextParams, context: Context) -> CheckResult:
    """The page's visible text matches the patterns, or holds a phrase of the concept in the
    page's languages (any of them, or each with `require_all`)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    found = {p: m.group(0) for p in params.patterns if (m := compiled(p).search(page.text))}
    missing: list[Value] = [p for p in params.patterns if p not in found]
    if params.concept is not None:
        languages = context.languages_of(page)
        phrase = has_phrase(page.text, vocabulary().phrases(params.concept, languages))
        if phrase:
            found[params.concept] = phrase
        else:
            missing.append(note("read_in", sought=concept_term(params.concept), languages=", ".join(languages)))
    ok = not missing if params.require_all else bool(found)
    evidence = tuple(Evidence.of(page.url, note("found", text=text)) for text in found.values())
    if ok:
        return CheckResult.of(Outcome.PASS, note("found_texts", texts=", ".join(map(repr, found.values()))), evidence)
    summary = note("not_found", missing=Listing(tuple(missing)))
    return CheckResult.of(Outcome.FAIL, summary, evidence or (Evidence(page.url),))


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
        return NOT_HTML
    matches = root.xpath(GenericTranslator().css_to_xpath(params.selector))
    evidence = (Evidence.of(page.url, note("elements_match", n=len(matches), selector=params.selector)),)
    outcome = Outcome.PASS if len(matches) >= params.min_count else Outcome.FAIL
    return CheckResult.of(outcome, note("elements_match_end", n=len(matches), selector=params.selector), evidence)


ContactKind = Literal["email", "phone", "address"]


class ContactParams(Params):
    need: list[ContactKind] = Field(default_factory=lambda: ["email", "phone", "address"], min_length=1)


# A number in international form, or one after a phone label of the page's languages (short call-centre
# numbers such as 1414 included): dates and years are not phone numbers.
_INTERNATIONAL = re.compile(r"\+\d[\d\s()\-]{7,}\d")
# After a label: its ending (тел., телефона:), or a few words and a colon ("Телефон приймальні: ..."), then the number.
_AFTER_LABEL = re.compile(r"^(?:\w{0,3}\.?\s*:?\s*|[^\d:]{0,30}:\s*)(\+?\(?\d[\d\s()\-./]{2,}\d)")
# A postal code before a place's name, as most of Europe and Central Asia write it: 45699 Hohenwerda,
# 412 63 Göteborg, 10-516 Olsztyn, 050000 Алматы (the place's name begins with a capital).
_POSTCODE = re.compile(r"(?<![\d-])(\d{2}-\d{3}|\d{3} \d{2}|\d{4,6}),?\s+(?:г\.\s*)?([^\W\d_][\w-]{2,})")


def _phone(text: str, labels: tuple[str, ...]) -> str | None:
    if found := _INTERNATIONAL.search(text):
        return found.group(0).strip()
    folded = fold(text)
    for label in labels:
        start = folded.find(fold(label))
        while start >= 0:
            if found := _AFTER_LABEL.match(folded[start + len(fold(label)) : start + len(fold(label)) + 40]):
                return found.group(1).strip()
            start = folded.find(fold(label), start + 1)
    return None


@page_check("contact_details", ContactParams, contextual=True)
def contact_details(page: PageSnapshot, params: ContactParams, context: Context) -> CheckResult:
    """The page gives an e-mail address, a phone number and a postal address (as `need` lists):
    mailto: and tel: links, or an address, a number after a phone label and an address word in
    the page's languages (the concepts phone and address)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    found: dict[str, Value] = {}
    email = next((link.url[7:] for link in page.links if link.url.startswith("mailto:")), None)
    email = email or (m.group(0) if (m := _EMAIL.search(page.text)) else None)
    if email:
        found["email"] = email
    languages = context.languages_of(page)
    phone = next((link.url[4:] for link in page.links if link.url.startswith("tel:")), None)
    phone = phone or _phone(page.text, vocabulary().phrases("phone", languages))
    if phone:
        found["phone"] = phone
    if word := has_phrase(page.text, vocabulary().phrases("address", languages)):
        found["address"] = word
    elif postcode := next((m for m in _POSTCODE.finditer(page.text) if m.group(2)[0].isupper()), None):
        found["address"] = note("postal_code", postcode=postcode.group(0))
    missing = [kind for kind in params.need if kind not in found]
    evidence = tuple(Evidence.of(page.url, note(f"contact_{kind}", value=value)) for kind, value in found.items())
    if missing:
        kinds = Listing(tuple(note(f"kind_{kind}") for kind in missing), note("nor"))
        return CheckResult.of(Outcome.FAIL, note("no_contacts", kinds=kinds), evidence or (Evidence(page.url),))
    return CheckResult.of(Outcome.PASS, note("gives", kinds=Listing(tuple(note(f"kind_{k}") for k in found))), evidence)


class FreshnessParams(Params):
    max_age_days: int = Field(ge=0)
    labels: bool = Field(True, description="only dates after a label of the concept 'updated' ('last updated' ...)")
    window: int = Field(80, ge=1, description="characters after a label in which its date is sought")


def _fetch_day(page: PageSnapshot) -> date:
    return datetime.fromtimestamp(page.fetched_at, UTC).date()


def dated(page: PageSnapshot, languages: tuple[str, ...], labels: tuple[str, ...] = (), window: int = 80) -> list[date]:
    """Dates on the page (in `languages`' month names) that are not in its future: after one of
    `labels` if any are given."""
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
    else:
        spans = [text]
    candidates = [d.value for span in spans for d in find_dates(span, languages, page.lang, today)]
    return [d for d in candidates if d <= today]


@page_check("content_freshness", FreshnessParams, contextual=True)
def content_freshness(page: PageSnapshot, params: FreshnessParams, context: Context) -> CheckResult:
    """The page shows a 'last updated' or publication date (after a label of the concept
    'updated', in the page's languages) at most `max_age_days` old, as of the crawl."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    languages = context.languages_of(page)
    labels = vocabulary().phrases("updated", languages) if params.labels else ()
    dates = dated(page, languages, labels, params.window)
    if not dates:
        return CheckResult.of(Outcome.FAIL, note("no_date"), (Evidence(page.url),))
    newest = max(dates).isoformat()
    age = (_fetch_day(page) - max(dates)).days
    evidence = (Evidence.of(page.url, note("dated_days_before", date=newest, n=age)),)
    if age <= params.max_age_days:
        return CheckResult.of(Outcome.PASS, note("updated_days_before", date=newest, n=age), evidence)
    summary = note("last_dated", date=newest, n=age, max=params.max_age_days)
    return CheckResult.of(Outcome.FAIL, summary, evidence)


class FormParams(Params):
    hosts: list[str] = Field(default_factory=list, description="national services that take the request instead")
    min_fields: int = Field(1, ge=1)


@page_check("form_present", FormParams)
def form_present(page: PageSnapshot, params: FormParams) -> CheckResult:
    """The page holds a usable form (fields and a submit button), or links to a national service that takes it."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    for form in page.forms:
        if not searches(form) and form.has_submit and form.fields >= params.min_fields:
            detail = note("form_posting", action=form.action, n=form.fields)
            return CheckResult.of(Outcome.PASS, note("holds_form", form=detail), (Evidence.of(page.url, detail),))
    service = next((link for link in page.links if params.hosts and _host_matches(link.url, params.hosts)), None)
    if service is not None:
        detail = note("service_link", url=service.url, text=service.text)
        return CheckResult.of(Outcome.PASS, note("no_own_form_but", link=detail), (Evidence.of(page.url, detail),))
    return CheckResult.of(
        Outcome.FAIL,
        note("no_usable_form"),
        (Evidence.of(page.url, note("forms_none_usable", n=len(page.forms))),),
    )


# The names sites give a search field: q (Google's and most engines'), s (WordPress), query, search ...
SEARCH_FIELDS = frozenset(
    {"q", "s", "query", "search", "searchword", "searchtext", "search_text", "keyword", "keywords", "term", "terms",
     "text", "k", "kw", "search_api_fulltext", "searchterm", "search_query", "fulltext", "sq", "qt"}
)  # fmt: skip


def searches(form: Form) -> bool:
    """A form marked as a search, or with a field named as one: never a form citizens submit a request by."""
    return form.is_search or any(word in SEARCH_FIELDS for word in form.words)


def search_form_reason(form: Form, search_words: tuple[str, ...]) -> Note | None:
    """Why a form is a search of the site, or None: marked so (role=search, type=search), a field
    named like one (q, s, query ...), its action's address (/search, /sok, /poisk), or a field's
    placeholder or its button saying so in the page's languages."""
    if form.is_search:
        return note("search_marked")
    if field := next((w for w in form.words if w in SEARCH_FIELDS), None):
        return note("search_field_named", field=repr(field))
    action = unaccented(url_words(form.action))
    if found := has_phrase(action, tuple(unaccented(w) for w in vocabulary().phrases("search"))):
        return note("search_action_says", action=form.action, word=repr(found))
    if found := next((w for w in form.words if has_phrase(w, search_words)), None):
        return note("search_field_says", word=repr(found))
    return None


@page_check("site_search", contextual=True)
def site_search(page: PageSnapshot, params: Params, context: Context) -> CheckResult:
    """The page offers a search of the site: a form marked as a search, or one that behaves as
    one (its field's name, its action, its placeholder or button in the page's languages)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    words = vocabulary().phrases("search", (*context.languages_of(page), "en"))
    for form in page.forms:
        if reason := search_form_reason(form, words):
            detail = note("search_form", action=form.action, reason=reason)
            summary = note("search_form_found", action=form.action, reason=reason)
            return CheckResult.of(Outcome.PASS, summary, (Evidence.of(page.url, detail),))
    return CheckResult.of(Outcome.FAIL, note("no_search_form", forms=len(page.forms)), (Evidence(page.url),))


class StatementParams(Params):
    max_age_days: int = Field(365, ge=0)


@page_check("statement_contents", StatementParams, contextual=True)
def statement_contents(page: PageSnapshot, params: StatementParams, context: Context) -> CheckResult:
    """An accessibility statement names a feedback contact (an e-mail address after a phrase of the
    concept report_barrier) and the enforcement procedure (the concept enforcement), in the page's
    languages, and is dated within `max_age_days`."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    languages = context.languages_of(page)
    problems: list[Note] = []
    has_contact = any(link.url.startswith("mailto:") for link in page.links) or _EMAIL.search(page.text)
    if not (has_contact and has_phrase(page.text, vocabulary().phrases("report_barrier", languages))):
        problems.append(note("no_feedback_contact"))
    if has_phrase(page.text, vocabulary().phrases("enforcement", languages)) is None:
        problems.append(note("no_enforcement"))
    dates = dated(page, languages)
    age = (_fetch_day(page) - max(dates)).days if dates else None
    if age is None or age > params.max_age_days:
        problems.append(note("not_dated_within_year") if age is None else note("dated_days", n=age))
    if problems:
        listed = Listing(tuple(problems))
        return CheckResult.of(Outcome.FAIL, note("statement_has", problems=listed), (Evidence.of(page.url, listed),))
    return CheckResult.of(
        Outcome.PASS, note("statement_complete"), (Evidence.of(page.url, note("dated_days", n=age or 0)),)
    )


class DocumentParams(Params):
    extensions: list[str] = Field(min_length=1, description="file endings of documents (pdf, doc, docx ...)")
    min_chars: int = Field(300, ge=0, description="main text that makes the linking page an HTML version")
    max_share: float = Field(0.5, ge=0, le=1, description="largest share of documents published only as files")


@site_check("document_formats", DocumentParams, contextual=True)
def document_formats(site: SiteSnapshot, params: DocumentParams, context: Context) -> CheckResult:
    """The portal's own documents (reports, budgets, legal acts) are published as HTML pages with a
    date as well as downloads; a document on another host is not the portal's.

    A document counts as published only as a file when the page linking to it has
    little main text of its own or no date.
    """
    endings = tuple(f".{e.lower().lstrip('.')}" for e in params.extensions)
    own = site.own_hosts()
    only_files: list[Evidence] = []
    seen: set[str] = set()
    for page in site.answered():
        if not (page.is_html and page.is_success):
            continue
        for link in page.links:
            parts = urlsplit(link.url)
            if link.url in seen or not parts.path.lower().endswith(endings) or (parts.hostname or "") not in own:
                continue
            seen.add(link.url)
            dated_page = bool(find_dates(page.main_text, context.languages_of(page), page.lang))
            if len(page.main_text) < params.min_chars or not dated_page:
                reason = "no_html_version_on" if len(page.main_text) < params.min_chars else "no_date_on"
                only_files.append(Evidence.of(link.url, note(reason, url=page.url)))
    if not seen:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_document_links"))
    share = len(only_files) / len(seen)
    summary = note("only_files", files=len(only_files), documents=len(seen), share=percent(share))
    outcome = Outcome.PASS if share <= params.max_share else Outcome.FAIL
    return CheckResult.of(outcome, summary, tuple(only_files), score=round(1 - share, 4))
