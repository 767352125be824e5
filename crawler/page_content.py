"""Read what the content checks need out of an HTML page, once, at crawl time.

The checks then work on these small facts (and the compressed HTML for CSS
selectors) instead of keeping every parsed page in memory.
"""

from __future__ import annotations

import re
import zlib
from urllib.parse import urljoin

from lxml import etree
from scrapy.http import TextResponse
from w3lib.url import safe_url_string

from egov_audit.crawler.model import Alternate, Form, Link, PageSnapshot, route_of

MAX_TEXT = 50_000
MAX_LINK_TEXT = 200
MAX_FORM_WORDS = 12
# A meta refresh this soon sends the visitor on before they could read the page: a redirect.
MAX_REFRESH_SECONDS = 5
# A page whose script sends the visitor on and that shows fewer characters than this is a stub.
MAX_STUB_TEXT = 200
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?(['\"]?)(.*?)\2\s*)?$", re.IGNORECASE)
_SCRIPT_REDIRECT = re.compile(
    r"""(?:\b(?:window|document|top|self)\.)?\blocation(?:\.href)?\s*=\s*(['"])([^'"]+)\1"""
    r"""|\blocation\.(?:replace|assign)\(\s*(['"])([^'"]+)\3\s*\)"""
)
_INVISIBLE = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template or ancestor::head"
_FILLABLE = {"text", "email", "tel", "number", "date", "file", "url", "password", ""}
_RESOURCES = (
    ("//script[@src]", "src"),
    ("//img[@src]", "src"),
    ("//iframe[@src]", "src"),
    ("//link[@href][contains(' stylesheet icon preload ', concat(' ', normalize-space(@rel), ' '))]", "href"),
    ("//source[@src]", "src"),
    ("//video[@src]", "src"),
    ("//audio[@src]", "src"),
)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _absolute(base: str, href: str, keep_routes: bool = False) -> str | None:
    """The absolute URL of `href`, its fragment dropped; a rendered page's links keep a fragment that
    names a client-side route (#/services): in a browser walk each route is a page of its own."""
    href = href.strip()
    if not href or href.startswith(("javascript:", "data:")) or (href.startswith("#") and not keep_routes):
        return None
    if href.startswith(("mailto:", "tel:")):
        return href  # kept: contact checks read them; the frontier never fetches them
    url = safe_url_string(urljoin(base, href))
    if keep_routes and route_of(url) is not None:
        return url
    url = url.split("#", 1)[0]
    return None if href.startswith("#") else url


# Landmarks by element and by ARIA role: where on a page a link sits tells what kind of link it is
# (a privacy policy in the footer, a language switcher in the header).
_LANDMARK_TAGS = {"header": "header", "nav": "nav", "footer": "footer", "aside": "aside", "main": "main"}
_LANDMARK_ROLES = {
    "banner": "header",
    "navigation": "nav",
    "contentinfo": "footer",
    "complementary": "aside",
    "main": "main",
    "search": "nav",
}


def _region(anchor: etree._Element) -> str:
    """The nearest landmark around an element, by tag or ARIA role; "" when it is in none."""
    for ancestor in anchor.iterancestors():
        role = (ancestor.get("role") or "").strip().lower()
        if role in _LANDMARK_ROLES:
            return _LANDMARK_ROLES[role]
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in _LANDMARK_TAGS:
            return _LANDMARK_TAGS[tag]
    return ""


def _links(root: etree._Element, base: str, keep_routes: bool) -> tuple[Link, ...]:
    seen: set[str] = set()
    links = []
    for anchor in root.xpath("//a[@href] | //area[@href]"):
        url = _absolute(base, anchor.get("href", ""), keep_routes)
        if url is None or not url.startswith(("http://", "https://", "mailto:", "tel:")):
            continue
        text = _fold(anchor.xpath("string()"))[:MAX_LINK_TEXT]
        label = _fold(anchor.get("aria-label") or anchor.get("title") or "")[:MAX_LINK_TEXT]
        key = url + "\0" + text + "\0" + label
        if key in seen:
            continue
        seen.add(key)
        links.append(
            Link(
                url=url,
                text=text,
                label=label,
                hreflang=(anchor.get("hreflang") or "").strip(),
                rel=" ".join((anchor.get("rel") or "").lower().split()),
                region=_region(anchor),
                lang=(anchor.get("lang") or "").strip()[:35],
            )
        )
    return tuple(links)


def _forms(root: etree._Element, base: str) -> tuple[Form, ...]:
    forms = []
    for form in root.iter("form"):
        fields = 0
        has_submit = bool(
            form.xpath(".//button[not(@type) or @type='submit'] | .//input[@type='submit' or @type='image']")
        )
        has_search_input = False
        words: list[str] = []
        for control in form.xpath(".//input | .//textarea | .//select"):
            kind = (control.get("type") or "").lower() if control.tag == "input" else ""
            if control.tag == "input" and kind == "search":
                has_search_input = True
                fields += 1
            elif control.tag != "input" or kind in _FILLABLE:
                fields += 1
            if control.tag != "input" or kind in (*_FILLABLE, "search", "submit"):
                for attribute in ("name", "id", "placeholder", "aria-label", "title", "value"):
                    if value := _fold(control.get(attribute) or "").lower()[:60]:
                        words.append(value)
        for button in form.xpath(".//button | .//label"):
            if text := _fold(button.xpath("string()") or button.get("aria-label") or "").lower()[:60]:
                words.append(text)
        is_search = (
            has_search_input
            or (form.get("role") or "").lower() == "search"
            or bool(form.xpath("ancestor::*[@role='search'] | ancestor::search"))
        )
        forms.append(
            Form(
                action=_absolute(base, form.get("action") or "") or base,
                method=(form.get("method") or "get").lower(),
                fields=fields,
                has_submit=has_submit,
                is_search=is_search,
                words=tuple(dict.fromkeys(words))[:MAX_FORM_WORDS],
            )
        )
    return tuple(forms)


def read_page(response: TextResponse, snapshot: PageSnapshot, rendered: bool = False) -> None:
    """Fill the content fields of `snapshot` from an HTML response: the HTML as served, or (`rendered`)
    the DOM a browser rendered, whose links to client-side routes are kept."""
    root = response.selector.root
    if not isinstance(root, etree._Element):
        snapshot.error = "HTML could not be parsed"
        return
    base = response.urljoin(response.xpath("//base/@href").get() or response.url)
    if rendered:
        base = base.split("#", 1)[0]  # a route's own fragment is not the base of its links
    snapshot.title = _fold(response.xpath("//title/text()").get() or "")[:500]
    heading = root.xpath("(//h1)[1]")
    snapshot.heading = _fold(heading[0].xpath("string()"))[:500] if heading else ""
    snapshot.lang = (response.xpath("/html/@lang").get() or "").strip()[:35]
    snapshot.links = _links(root, base, keep_routes=rendered)
    # The main content comes first, so that language detection can read it apart from the menus.
    main = root.xpath("(//main | //*[@role='main'])[1]")
    if main:
        main_text = _fold(" ".join(main[0].xpath(f".//text()[not({_INVISIBLE})]")))
        rest = _fold(
            " ".join(root.xpath(f"//body//text()[not({_INVISIBLE} or ancestor::main or ancestor::*[@role='main'])]"))
        )
        snapshot.text = f"{main_text} {rest}"[:MAX_TEXT]
        snapshot.main_chars = min(len(main_text), MAX_TEXT)
    else:
        snapshot.text = _fold(" ".join(root.xpath(f"//body//text()[not({_INVISIBLE})]")))[:MAX_TEXT]
        snapshot.main_chars = len(snapshot.text)
    snapshot.viewport = response.xpath("//meta[@name='viewport']/@content").get()
    snapshot.forms = _forms(root, base)
    snapshot.alternates = tuple(
        Alternate(hreflang=(node.get("hreflang") or "").strip(), url=url)
        for node in root.xpath("//link[@rel='alternate'][@hreflang][@href]")
        if (url := _absolute(base, node.get("href", ""))) is not None
    )
    resources: list[str] = []
    for path, attribute in _RESOURCES:
        for node in root.xpath(path):
            url = _absolute(base, node.get(attribute, ""))
            if url is not None and url.startswith(("http://", "https://")) and url not in resources:
                resources.append(url)
    snapshot.resources = tuple(resources)
    snapshot.html_z = zlib.compress(response.body, 1)
    if not rendered:  # what the HTML as served says about script; a rendered DOM keeps the served page's
        snapshot.scripts, snapshot.markers = _scripts(root), _script_markers(root)
    _redirect_stub(root, base, snapshot)


_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module", "text/ecmascript")
# Elements single-page applications mount into, by id or attribute.
_APP_ROOTS = (
    "//*[@id='app' or @id='root' or @id='__next' or @id='__nuxt' or @id='q-app' or @id='svelte']",
    "//*[@ng-app or @data-ng-app or @data-reactroot or @ng-version]",
    "//app-root",
)


def _scripts(root: etree._Element) -> int:
    """Scripts that run: with a source or code of their own, of a JavaScript type (not JSON data)."""
    count = 0
    for script in root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind in _SCRIPT_TYPES and (script.get("src") or (script.text or "").strip()):
            count += 1
    return count


def _script_markers(root: etree._Element) -> tuple[str, ...]:
    """Signs in HTML as served that script builds the page (crawler/discovery.py)."""
    markers = []
    for path in _APP_ROOTS:
        for node in root.xpath(path):
            if not _fold(node.xpath("string()")) and not node.xpath(".//a[@href] | .//img | .//input"):
                name = node.get("id") or node.tag
                markers.append(f"an empty application root ({'#' if node.get('id') else ''}{name})")
                break
    for noscript in root.xpath("//body//noscript"):
        if "javascript" in _fold(noscript.xpath("string()")).lower():
            markers.append("a <noscript> that asks for JavaScript")
            break
    routes = [href for href in root.xpath("//a/@href") if str(href).strip().startswith(("#/", "#!"))]
    if routes:
        markers.append(f"links to client-side routes ({len(routes)}, such as {str(routes[0]).strip()[:60]})")
    return tuple(dict.fromkeys(markers))


def _redirect_stub(root: etree._Element, base: str, snapshot: PageSnapshot) -> None:
    """A page that only sends the visitor on is a redirect, not a page: a meta refresh within
    MAX_REFRESH_SECONDS, or a script that sets the location on a page with next to no text.
    Left to the audit as pages, two such stubs among 300 pages failed every page-level rule."""
    for content in root.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content"):
        found = _REFRESH.match(str(content))
        if found and found.group(3) and float(found.group(1)) <= MAX_REFRESH_SECONDS:
            _send_on(snapshot, base, found.group(3), "meta refresh")
            return
    if len(snapshot.text) >= MAX_STUB_TEXT:
        return
    for script in root.xpath("//script[not(@src)]/text()"):
        found = _SCRIPT_REDIRECT.search(str(script))
        if found:
            _send_on(snapshot, base, found.group(2) or found.group(4), "script")
            return


def _send_on(snapshot: PageSnapshot, base: str, target: str, how: str) -> None:
    url = _absolute(base, target)
    if url is None or not url.startswith(("http://", "https://")) or url == snapshot.url:
        return  # a page that reloads itself is still a page
    snapshot.location = url
    snapshot.redirect_by = how
