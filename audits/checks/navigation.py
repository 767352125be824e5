"""Navigation checks: how a reader finds their way through the portal and out of it.

A site map or index of pages, the same menu and a way home on every page, a catalogue that lists
many pages, links to other bodies' sites and to social networks, versions in other languages.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, field_validator

from egov_audit.audits.checks.content import LinkParams, chosen
from egov_audit.audits.checks.language import language_links
from egov_audit.audits.checks.language_id import identify, reads_as
from egov_audit.audits.checks.link_choice import MIN_TEXT_SHARE, coverage
from egov_audit.audits.checks.page_language import primary
from egov_audit.audits.checks.participation import document
from egov_audit.audits.checks.registry import NOT_HTML, Context, Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import Listing, note, percent
from egov_audit.audits.vocabulary import check_concept, concept_term, vocabulary
from egov_audit.crawler.model import FetchKind, Link, PageSnapshot, SiteSnapshot

# Where a site's menu lives: the links every page should share with the home page.
MENU_REGIONS = frozenset({"header", "nav"})
# Where the links of a page's own content sit.
CONTENT_REGIONS = frozenset({"main", ""})


def _final(site: SiteSnapshot, url: str) -> str:
    """Where `url` ends after the crawl's redirects (itself when it was not crawled)."""
    chain = site.redirect_chain(url)
    return chain[-1].url if chain else url


def _web(link: Link) -> bool:
    return urlsplit(link.url).scheme in ("http", "https")


@site_check("sitemap_offered", LinkParams, contextual=True)
def sitemap_offered(site: SiteSnapshot, params: LinkParams, context: Context) -> CheckResult:
    """The portal offers a map of its pages: a sitemap the crawl read with entries (robots.txt's or
    /sitemap.xml), or a link on the home page that the parameters describe (a "Site map" page)."""
    listed = [p for p in site.pages if p.kind is FetchKind.SITEMAP and p.is_success and p.sitemap_entries]
    if listed:
        entries = sum(len(p.sitemap_entries) for p in listed)
        evidence = tuple(Evidence.of(p.url, note("sitemap_entries", n=len(p.sitemap_entries))) for p in listed)
        return CheckResult.of(Outcome.PASS, note("sitemaps_read", n=len(listed), entries=entries), evidence)
    home = site.home_page()
    if home is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("home_gave_no_page"))
    best, _rest = chosen(home, params, context)
    if best:
        link = best[0].link
        evidence = (Evidence.of(link.url, note("link_chosen", link=best[0].said())),)
        return CheckResult.of(Outcome.PASS, note("links_to", url=link.url, text=link.text or link.label), evidence)
    return CheckResult.of(Outcome.FAIL, note("no_sitemap_nor_link"), (Evidence(home.url),))


class NavigationParams(Params):
    min_menu_share: float = Field(0.5, ge=0, le=1, description="share of the home page's menu links a page must carry")


def _page_at(site: SiteSnapshot, url: str) -> PageSnapshot | None:
    """The crawled HTML page `url` ends at after its redirects, if it answered."""
    chain = site.redirect_chain(url)
    target = chain[-1] if chain else None
    return target if target is not None and target.is_success and target.is_html else None


def home_versions(site: SiteSnapshot) -> dict[str, PageSnapshot]:
    """The home page in each language it exists in (hreflang or a language switcher), by language;
    the home page itself under "" as well."""
    home = site.home_page()
    if home is None:
        return {}
    versions = {"": home}
    for language, url in language_links(home).items():
        if (target := _page_at(site, url)) is not None:
            versions.setdefault(language, target)
    return versions


@page_check("navigation_consistent", NavigationParams, contextual=True)
def navigation_consistent(page: PageSnapshot, params: NavigationParams, context: Context) -> CheckResult:
    """The page links back to the home page and carries at least `min_menu_share` of the links of the
    home page's header and navigation (the same menu on every page). A page in a language the home
    page has a version in is held to that version (its own home, its own menu); not applicable to
    the home page and its versions."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    site = context.site
    versions = home_versions(site)
    if not versions or page.url in {v.url for v in versions.values()}:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("is_the_home_page"))
    home = versions.get(primary(page.lang), versions[""]) if page.lang else versions[""]
    targets = {_final(site, link.url) for link in page.links if _web(link)}
    menu = {_final(site, link.url) for link in home.links if link.region in MENU_REGIONS and _web(link)}
    menu -= {v.url for v in versions.values()}
    share = len(menu & targets) / len(menu) if menu else 1.0
    problems = []
    if not targets & {home.url, versions[""].url}:
        problems.append(note("no_home_link"))
    if share < params.min_menu_share:
        problems.append(note("menu_share", share=percent(share), min=percent(params.min_menu_share)))
    evidence = (Evidence.of(page.url, note("menu_share_found", share=percent(share), n=len(menu))),)
    if problems:
        return CheckResult.of(Outcome.FAIL, note("navigation_lacks", problems=Listing(tuple(problems), "; ")), evidence)
    return CheckResult.of(Outcome.PASS, note("home_and_menu", share=percent(share)), evidence)


class ListParams(Params):
    min_links: int = Field(5, ge=1, description="distinct pages the page's content must link to")


@page_check("links_listed", ListParams)
def links_listed(page: PageSnapshot, params: ListParams) -> CheckResult:
    """The page's own content (outside its header, navigation and footer) links to at least
    `min_links` distinct web pages, of the portal or elsewhere: a catalogue, an index."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    listed = list(
        dict.fromkeys(
            link.url for link in page.links if link.region in CONTENT_REGIONS and _web(link) and link.url != page.url
        )
    )
    evidence = tuple(Evidence(url) for url in listed[:5])
    if len(listed) < params.min_links:
        return CheckResult.of(Outcome.FAIL, note("too_few_listed", n=len(listed), min=params.min_links), evidence)
    return CheckResult.of(Outcome.PASS, note("lists_links", n=len(listed)), evidence)


class HostsParams(Params):
    hosts: list[str] = Field(min_length=1, description="hosts (and their subdomains) links may lead to")
    min_hosts: int = Field(1, ge=1, description="distinct hosts among them the page must link to")


def _matching_host(url: str, hosts: list[str]) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    return next((h for h in hosts if host == h or host.endswith("." + h)), None)


@page_check("external_links", HostsParams, contextual=True)
def external_links(page: PageSnapshot, params: HostsParams, context: Context) -> CheckResult:
    """The page links to at least `min_hosts` of `hosts` (a subdomain counts as its host), none of
    them the portal's own: social networks, other government bodies."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    own = context.site.own_hosts()
    found: dict[str, str] = {}
    for link in page.links:
        host = (urlsplit(link.url).hostname or "").lower()
        matched = _matching_host(link.url, params.hosts)
        if matched is not None and host not in own:
            found.setdefault(host, link.url)
    evidence = tuple(Evidence(url) for url in found.values())
    if len(found) < params.min_hosts:
        summary = note("too_few_hosts", n=len(found), min=params.min_hosts)
        return CheckResult.of(Outcome.FAIL, summary, evidence or (Evidence(page.url),))
    return CheckResult.of(Outcome.PASS, note("links_to_hosts", n=len(found), hosts=", ".join(found)), evidence)


class LanguagesParams(Params):
    min_languages: int = Field(2, ge=2, description="languages the home page must exist in, its own counted")
    min_chars: int = Field(200, ge=1, description="shorter versions are not read for their language")


@site_check("other_language_versions", LanguagesParams)
def other_language_versions(site: SiteSnapshot, params: LanguagesParams) -> CheckResult:
    """The home page exists in at least `min_languages` languages, whatever they are: versions it
    points to by hreflang or a language switcher that answer and (when long enough to tell) are
    written in their language."""
    home = site.home_page()
    if home is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("home_gave_no_page"))
    working: dict[str, str] = {}
    evidence: list[Evidence] = []
    for language, url in language_links(home).items():
        chain = site.redirect_chain(url)
        target = chain[-1] if chain else None
        if target is None or not target.is_success:
            evidence.append(Evidence.of(home.url, note("version_not_reached", language=language, url=url)))
            continue
        if len(target.main_text) >= params.min_chars and reads_as(target.main_text, language) is False:
            written = note("version_written_in", language=language, detected=str(identify(target.main_text)))
            evidence.append(Evidence.of(target.url, written))
            continue
        working[primary(language)] = target.url
    evidence = [Evidence(url, language) for language, url in working.items()] + evidence
    if len(working) < params.min_languages:
        summary = note("too_few_languages", n=len(working), min=params.min_languages)
        return CheckResult.of(Outcome.FAIL, summary, tuple(evidence) or (Evidence(home.url),))
    summary = note("exists_in_languages", languages=", ".join(sorted(working)))
    return CheckResult.of(Outcome.PASS, summary, tuple(evidence))


class ControlParams(Params):
    concept: str = Field(description="a link concept of rules/vocabularies/concepts.yaml")
    min_text_share: float = Field(
        MIN_TEXT_SHARE, ge=0, le=1, description="the least share of a control's words a phrase must cover"
    )

    _known = field_validator("concept")(classmethod(lambda cls, value: check_concept(value, "link")))


# What a reader clicks: links, buttons and what says it is a button. A switch for the visually
# impaired is often a button that a script wires, with no address to follow.
CONTROLS = "//a | //button | //*[@role='button'] | //input[@type='button' or @type='submit']"


@page_check("control_present", ControlParams, contextual=True)
def control_present(page: PageSnapshot, params: ControlParams, context: Context) -> CheckResult:
    """The page has a link or a button whose text, aria-label, title or value says a phrase of a
    link concept in the page's languages, covering at least `min_text_share` of its words (a
    "Version for the visually impaired" switch, which is often a button with no address)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    root = document(page)
    if root is None:
        return NOT_HTML
    languages = context.languages_of(page)
    phrases = vocabulary().phrases(params.concept, languages)
    for element in root.xpath(CONTROLS):
        for said in (element.text_content(), element.get("aria-label"), element.get("title"), element.get("value")):
            found = coverage(said or "", phrases)
            if found and found[0] >= params.min_text_share:
                words = " ".join((said or "").split())
                summary = note("control_found", tag=element.tag, text=repr(words), phrase=repr(found[1]))
                return CheckResult.of(Outcome.PASS, summary, (Evidence.of(page.url, summary),))
    sought = concept_term(params.concept)
    summary = note("no_control", sought=sought, languages=", ".join(languages))
    return CheckResult.of(Outcome.FAIL, summary, (Evidence(page.url),))
