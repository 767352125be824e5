"""Build the demo portal of one version: every route, its links, and the defects it carries.

The builder records each link as it writes it, so the link graph (and from it the
set of pages a crawl must find) comes from construction, not from parsing HTML.
"""

from __future__ import annotations

import html
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from egov_audit.demo.content import (
    LANG_NAMES,
    LANGS,
    NATIONAL_LINKS,
    NEWS_COUNT,
    PORTAL_NAME,
    RUSSIAN_INSTEAD_OF_KAZAKH,
    SECTION_TEXT,
    SECTIONS,
    SERVICES,
    UI,
    written_date,
)
from egov_audit.demo.municipal import add_pages, home_links, section_parts
from egov_audit.demo.service_finder import PICTURE, SCRIPT, SCRIPT_PATH, SITUATIONS, data_path, finder_data, shell_paths
from egov_audit.demo.service_finder import UI as FINDER_UI

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")
DISALLOWED_PREFIX = "/internal/"
VERSIONS = (1, 2, 3)
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}"
    "header,main,footer{padding:1rem 2rem}header{background:#0b3d91;color:#fff}"
    "header a{color:#fff}a{color:#0645ad}.skip{position:absolute;left:-999px}"
    ".skip:focus{left:1rem;background:#fff;color:#000}nav ul{list-style:none;padding:0;display:flex;"
    "flex-wrap:wrap;gap:1rem}footer{background:#f2f2f2}label{display:block;margin-top:.5rem}"
)


@dataclass(frozen=True, slots=True)
class Defect:
    id: str
    kind: str
    path: str
    versions: tuple[int, ...]
    linked_from: tuple[str, ...] = ()
    status: int | None = None
    delay: float = 0.0
    hops: tuple[str, ...] = ()
    size: int = 0
    # rule id -> the URL paths its evidence names for this defect
    detected_by: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _defect(entry: dict[str, Any]) -> Defect:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items() if k != "detected_by"}
    detected = {rule: tuple(paths or [entry["path"]]) for rule, paths in (entry.get("detected_by") or {}).items()}
    return Defect(**fields, detected_by=detected)


@cache
def catalogue() -> tuple[Defect, ...]:
    """All defects of every version, as the catalogue file lists them."""
    data = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return tuple(_defect(entry) for entry in data["defects"])


def defects(version: int) -> list[Defect]:
    return [d for d in catalogue() if version in d.versions]


@dataclass(slots=True)
class Route:
    """How the server answers one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    delay: float = 0.0


@dataclass(slots=True)
class Portal:
    version: int
    today: date
    sections: tuple[str, ...] = tuple(SECTIONS)
    routes: dict[str, Route] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    sitemaps: dict[str, list[str]] = field(default_factory=dict)
    client_only: set[str] = field(default_factory=set)  # served, but only a script's router leads there
    client_routes: set[str] = field(default_factory=set)  # a script's routes: /kk/finder/#/situations/family

    def reachable_paths(self, browser: bool = False) -> set[str]:
        """Paths a polite crawl from `/` must fetch: by links, redirects and sitemaps, robots.txt obeyed;
        with `browser`, also what only the finder's script leads to: its routes and its help pages."""
        seeds = ["/", *(p for entries in self.sitemaps.values() for p in entries)]
        if browser:
            seeds += sorted(self.client_only | self.client_routes)
        seen: set[str] = set()
        queue = deque(seeds)
        while queue:
            path = queue.popleft()
            if path in seen or path.startswith(DISALLOWED_PREFIX):
                continue
            seen.add(path)
            route = self.routes.get(path)
            if route is not None and route.location:
                queue.append(route.location)
            queue.extend(self.links.get(path, []))
        return seen


class _Page:
    """Writes one HTML page and records the links it contains."""

    def __init__(self, portal: Portal, path: str, lang: str, title: str) -> None:
        self.portal, self.path, self.lang, self.title = portal, path, lang, title
        self.parts: list[str] = []
        portal.links.setdefault(path, [])

    def link(self, href: str, text: str, **attrs: str) -> str:
        if href.startswith("/"):
            self.portal.links[self.path].append(href.partition("#")[0])  # a crawl fetches the page, not the part
        extra = "".join(f' {k.replace("_", "-")}="{html.escape(v)}"' for k, v in attrs.items())
        return f'<a href="{html.escape(href)}"{extra}>{html.escape(text)}</a>'

    def add(self, fragment: str) -> None:
        self.parts.append(fragment)

    def render(self, section_key: str, updated: date, head_extra: str = "") -> bytes:
        lang = self.lang
        sections = self.portal.sections
        alternates = (
            "".join(f'<link rel="alternate" hreflang="{other}" href="/{other}/{section_key}">' for other in LANGS)
            + f'<link rel="alternate" hreflang="x-default" href="/kk/{section_key}">'
        )
        switcher = "".join(
            f"<li>{self.link(f'/{other}/{section_key}', LANG_NAMES[other], lang=other, hreflang=other)}</li>"
            for other in LANGS
            if other != lang
        )
        menu = "".join(f"<li>{self.link(f'/{lang}/{key}/', SECTIONS[key][lang])}</li>" for key in sections)
        own = [key for key in ("contacts", "privacy", "accessibility") if key in sections]
        footer = (
            "".join(f"<li>{self.link(f'/{lang}/{key}/', SECTIONS[key][lang])}</li>" for key in own)
            + f"<li>{self.link('/internal/', UI['staff'][lang])}</li>"
        )
        national = "".join(f"<li>{self.link(url, names[lang])}</li>" for url, names in NATIONAL_LINKS.items())
        search = (
            f'<form role="search" action="/{lang}/search/" method="get"><label for="q">{UI["search"][lang]}</label> '
            f'<input type="search" id="q" name="q"> <button type="submit">{UI["search"][lang]}</button></form>'
        )
        document = (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(self.title)} — {html.escape(PORTAL_NAME[lang])}</title>{alternates}"
            f"<style>{STYLE}</style>{head_extra}</head><body>"
            f'<a class="skip" href="#main">{UI["skip"][lang]}</a>'
            f"<header><p>{self.link(f'/{lang}/', PORTAL_NAME[lang])}</p>{search}"
            f'<nav aria-label="{UI["langs"][lang]}"><ul>{switcher}</ul></nav>'
            f'<nav aria-label="{UI["menu"][lang]}"><ul>{menu}</ul></nav></header>'
            f'<main id="main"><h1>{html.escape(self.title)}</h1>{"".join(self.parts)}</main>'
            f'<footer><nav aria-label="{UI["footer"][lang]}"><ul>{footer}</ul></nav>'
            f'<nav aria-label="{UI["national"][lang]}"><ul>{national}</ul></nav>'
            f"<p>{UI['updated'][lang]}: {written_date(lang, updated)}</p></footer></body></html>"
        )
        return document.encode("utf-8")


def _service_form(page: _Page, lang: str, unlabelled: bool) -> str:
    name_field = (
        '<input type="text" name="name">'
        if unlabelled
        else f'<label for="name">{UI["name"][lang]}</label><input type="text" id="name" name="name">'
    )
    return (
        f'<form action="#" method="post">{name_field}'
        f'<label for="iin">{UI["iin"][lang]}</label><input type="text" id="iin" name="iin" inputmode="numeric">'
        f'<label for="email">{UI["email"][lang]}</label><input type="email" id="email" name="email">'
        f'<p><button type="submit">{UI["send"][lang]}</button></p></form>'
    )


def _petition_form(lang: str) -> str:
    return (
        f'<form action="/{lang}/petitions/" method="post">'
        f'<label for="p-name">{UI["name"][lang]}</label><input type="text" id="p-name" name="name">'
        f'<label for="p-text">{UI["petition_text"][lang]}</label><textarea id="p-text" name="text"></textarea>'
        f'<p><button type="submit">{UI["send"][lang]}</button></p></form>'
    )


def build_portal(version: int, today: date | None = None) -> Portal:
    """The demo portal as it stands at `version` (1, 2 or 3), its dates counted back from `today`."""
    if version not in VERSIONS:
        raise ValueError(f"the demo portal has versions {VERSIONS}, not {version}")
    today = today or date.today()
    planted = defects(version)
    kinds = {(d.path, d.kind) for d in planted}
    sections = tuple(key for key in SECTIONS if not (key == "privacy" and ("/kk/", "no-privacy-policy") in kinds))
    portal = Portal(version=version, today=today, sections=sections)
    extra_links: dict[str, list[tuple[str, str]]] = {}
    for defect in planted:
        for source in defect.linked_from:
            extra_links.setdefault(source, []).append((defect.path, _label_for(defect)))

    def page(path: str, lang: str, title: str, body: list[str] | None = None) -> _Page:
        built = _Page(portal, path, lang, title)
        for fragment in body or []:
            built.add(fragment)
        return built

    def finish(built: _Page, section_key: str, head_extra: str = "") -> None:
        for href, text in extra_links.get(built.path, []):
            built.add(f"<p>{built.link(href, text)}</p>")
        updated = today - timedelta(days=2)
        if built.path.endswith(("/kk/", "/ru/", "/en/")) and built.path.count("/") == 2:
            alt = "" if (built.path, "missing-alt") in kinds else f' alt="{UI["banner"][built.lang]}"'
            built.parts.insert(0, f'<img src="/static/banner.svg"{alt} width="600" height="120">')
            if (built.path, "tracker") in kinds:
                head_extra = '<script async src="https://www.google-analytics.com/analytics.js"></script>'
            if (built.path, "stale-date") in kinds:
                updated = today - timedelta(days=400)
        body = built.render(section_key, updated, head_extra)
        oversized = next((d for d in planted if d.path == built.path and d.kind == "oversized-page"), None)
        if oversized is not None:
            filler = b"<!-- " + b"x" * max(0, oversized.size - len(body) - 9) + b" -->"
            body = body.replace(b"</body>", filler + b"</body>")
        portal.routes[built.path] = Route(body=body)

    for lang in LANGS:
        home = page(f"/{lang}/", lang, PORTAL_NAME[lang])
        featured = list(SERVICES.items())[:6]
        home.add(
            "<ul>"
            + "".join(f"<li>{home.link(f'/{lang}/services/{slug}/', names[lang])}</li>" for slug, names in featured)
            + "</ul>"
        )
        home_links(home, lang, version)
        finish(home, "")

        catalogue_page = page(f"/{lang}/services/", lang, SECTIONS["services"][lang])
        catalogue_page.add(
            "<ul>"
            + "".join(
                f"<li>{catalogue_page.link(f'/{lang}/services/{slug}/', names[lang])}</li>"
                for slug, names in SERVICES.items()
            )
            + "</ul>"
        )
        finish(catalogue_page, "services/")

        for slug, names in SERVICES.items():
            path = f"/{lang}/services/{slug}/"
            service = page(path, lang, names[lang])
            service.add(f"<p>{UI['service_intro'][lang]}</p><h2>{UI['apply'][lang]}</h2>")
            service.add(_service_form(service, lang, (path, "unlabelled-field") in kinds))
            service.add(f"<p>{service.link(f'/{lang}/services/', SECTIONS['services'][lang])}</p>")
            finish(service, f"services/{slug}/")

        news_index = page(f"/{lang}/news/", lang, SECTIONS["news"][lang])
        news_index.add(
            "<ul>"
            + "".join(
                f"<li>{written_date(lang, today - timedelta(days=n - 1))}: "
                f"{news_index.link(f'/{lang}/news/{n}/', f'{UI["news_item"][lang]} {n}')}</li>"
                for n in range(1, NEWS_COUNT + 1)
            )
            + "</ul>"
        )
        finish(news_index, "news/")
        for n in range(1, NEWS_COUNT + 1):
            published = written_date(lang, today - timedelta(days=n - 1))
            item = page(
                f"/{lang}/news/{n}/",
                lang,
                f"{UI['news_item'][lang]} {n}",
                [f"<p>{published}. {UI['news_body'][lang]}</p>"],
            )
            item.add(f"<p>{item.link(f'/{lang}/news/', SECTIONS['news'][lang])}</p>")
            finish(item, f"news/{n}/")

        _add_finder(portal, page, finish, lang, kinds)
        add_pages(page, finish, lang, version, today)

        for key in sections:
            if key in ("services", "news", "finder"):
                continue
            text = SECTION_TEXT[key][lang]
            if (f"/{lang}/{key}/", "wrong-language") in kinds:
                text = RUSSIAN_INSTEAD_OF_KAZAKH
            section = page(f"/{lang}/{key}/", lang, SECTIONS[key][lang], [f"<p>{text}</p>"])
            if key == "budget":
                section.add(f"<p>{section.link('/docs/budget-2026.pdf', UI['report'][lang])}</p>")
            if key == "open-data":
                section.add(f"<p>{section.link('/docs/open-data.csv', UI['dataset'][lang])}</p>")
                section.add(f"<p>{section.link('https://data.egov.kz/', UI['portal_data'][lang])}</p>")
            if key == "contacts":
                section.add(f"<p>{section.link('mailto:info@demo-region.example', 'info@demo-region.example')}</p>")
            if key == "accessibility":
                prepared = written_date(lang, today - timedelta(days=60))
                section.add(f"<p>{UI['statement_date'][lang]}: {prepared}</p>")
                section.add(f"<p>{section.link('mailto:access@demo-region.example', 'access@demo-region.example')}</p>")
            if key == "petitions":
                section.add(_petition_form(lang))
            section_parts(section, key, lang, version, today)
            finish(section, f"{key}/")

    archive = page("/en/news/archive-2019/", "en", UI["archive"]["en"], ["<p>Older announcements of the akimat.</p>"])
    finish(archive, "news/")  # an English-only page: its language links point at the news index
    _add_fixed_routes(portal)
    _plant_http_defects(portal, planted)
    portal.sitemaps = _sitemaps(portal, planted)
    return portal


def _add_finder(portal: Portal, page: Any, finish: Any, lang: str, kinds: set[tuple[str, str]]) -> None:
    """The service finder in `lang`: an empty shell its script fills (demo/service_finder.py), at its
    start and at its help page, which only the script's router links to; and the script's data, with
    the version's planted defects in it."""
    start, help_page = shell_paths(lang)
    script = f'<script src="{SCRIPT_PATH}" defer></script>'
    for path in (start, help_page):
        shell = page(path, lang, SECTIONS["finder"][lang])
        shell.add(f'<div id="app"></div><noscript><p>{FINDER_UI["noscript"][lang]}</p></noscript>')
        finish(shell, "finder/", script)
    missing_alt = {key for key in SITUATIONS if (f"{start}#/situations/{key}", "script-missing-alt") in kinds}
    help_in = "ru" if (help_page, "script-wrong-language") in kinds else lang
    portal.routes[data_path(lang)] = Route(
        body=finder_data(lang, missing_alt, help_in), content_type="application/json; charset=utf-8"
    )
    portal.client_only.add(help_page)
    portal.client_routes.update(f"{start}#/situations/{key}" for key in SITUATIONS)


def _label_for(defect: Defect) -> str:
    labels = {
        "/ru/services/old-registration/": UI["old_reg"]["ru"],
        "/docs/budget-2024.pdf": UI["budget_2024"]["en"],
        "/en/e-services/": UI["online"]["en"],
        "/ru/old-news/": UI["old_news"]["ru"],
        "/kk/petitions/archive/": UI["petition_archive"]["kk"],
        "/en/contacts/map/": UI["map"]["en"],
    }
    return labels.get(defect.path, defect.path)


def _add_fixed_routes(portal: Portal) -> None:
    portal.routes["/"] = Route(status=302, location="/kk/")
    portal.routes["/docs/budget-2026.pdf"] = Route(
        body=b"%PDF-1.4\n% demo budget report\n%%EOF\n", content_type="application/pdf"
    )
    portal.routes["/docs/open-data.csv"] = Route(
        body="district,population\nНұра,120000\nЕсіл,95000\n".encode(), content_type="text/csv; charset=utf-8"
    )
    portal.routes[SCRIPT_PATH] = Route(body=SCRIPT.encode(), content_type="text/javascript; charset=utf-8")
    for key in SITUATIONS:
        portal.routes[f"/static/situation-{key}.svg"] = Route(body=PICTURE, content_type="image/svg+xml")
    portal.routes["/static/banner.svg"] = Route(
        body=b'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"><rect width="600" height="120" '
        b'fill="#0b3d91"/></svg>',
        content_type="image/svg+xml",
    )
    for path in ("/internal/", "/internal/staff-directory/"):
        portal.routes[path] = Route(body=b"<!DOCTYPE html><html lang=en><title>Staff</title><p>Staff only.</p>")
    portal.links["/internal/"] = ["/internal/staff-directory/"]


def _plant_http_defects(portal: Portal, planted: list[Defect]) -> None:
    for defect in planted:
        if defect.kind in ("broken-link", "server-error"):
            body = f"<!DOCTYPE html><html lang=en><title>Error {defect.status}</title><h1>{defect.status}</h1>"
            portal.routes[defect.path] = Route(status=defect.status or 500, body=body.encode())
            portal.links[defect.path] = []  # an error page's own links are never seen
        elif defect.kind == "slow-page":
            portal.routes[defect.path].delay = defect.delay
        elif defect.kind in ("redirect-chain", "redirect-loop"):
            steps = [defect.path, *defect.hops]
            targets = [*defect.hops, defect.path] if defect.kind == "redirect-loop" else defect.hops
            for source, target in zip(steps, targets, strict=False):
                portal.routes[source] = Route(status=301, location=target)


def _sitemaps(portal: Portal, planted: list[Defect]) -> dict[str, list[str]]:
    """One sitemap per language (behind a sitemap index), listing that language's pages."""
    sitemap_only = {d.path for d in catalogue() if d.kind == "sitemap-only"}
    maps: dict[str, list[str]] = {}
    for lang in LANGS:
        maps[f"/sitemap-{lang}.xml"] = sorted(
            path
            for path, route in portal.routes.items()
            if path.startswith(f"/{lang}/")
            and route.status == 200
            and path not in sitemap_only
            and path not in portal.client_only
        )
    for defect in planted:
        if defect.kind == "sitemap-only":
            lang = defect.path.split("/")[1]
            maps[f"/sitemap-{lang}.xml"].append(defect.path)
    return maps


def sitemap_index_xml(base: str, portal: Portal) -> bytes:
    entries = "".join(f"<sitemap><loc>{base}{name}</loc></sitemap>" for name in portal.sitemaps)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    ).encode()


def lastmod(path: str, today: date) -> date:
    """News change daily; the other sections were last touched two days ago."""
    return today if "/news/" in path else today - timedelta(days=2)


def sitemap_xml(base: str, paths: list[str], today: date) -> bytes:
    entries = "".join(
        f"<url><loc>{base}{html.escape(p)}</loc><lastmod>{lastmod(p, today).isoformat()}</lastmod></url>" for p in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    ).encode()


def robots_txt(base: str) -> bytes:
    return f"User-agent: *\nDisallow: {DISALLOWED_PREFIX}\n\nSitemap: {base}/sitemap.xml\n".encode()


def security_txt(today: date) -> bytes:
    expires = (today + timedelta(days=180)).isoformat()
    return f"Contact: mailto:security@demo-region.example\nExpires: {expires}T00:00:00Z\n".encode()


# Headers every answer carries: the trust pillar's security-headers rule reads them.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
}
