"""How a municipal test portal is put together: its pages as (title, main content), a menu in the
header, a footer, and the app that serves them on 127.0.0.1 (tests/portals.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from babel.dates import format_date

from tests.portals import App, Reply

# The pattern each language writes a date in, in full (CLDR month names: the audit reads them back).
DATE_PATTERNS = {"en": "d MMMM y", "ru": "d MMMM y 'г.'", "kk": "y 'жылғы' d MMMM"}


def written(day: date, lang: str) -> str:
    return format_date(day, DATE_PATTERNS[lang], locale=lang)


def upcoming(days: int, lang: str) -> str:
    """A date `days` after today, written in `lang`: a hearing still to come when the crawl runs."""
    return written(date.today() + timedelta(days=days), lang)


def links(items: list[tuple[str, str]], attributes: str = "") -> str:
    return "".join(f'<li><a href="{escape(url)}"{attributes}>{escape(text)}</a></li>' for url, text in items)


def form(action: str, fields: list[str], button: str) -> str:
    inputs = "".join(f'<p><label>{escape(name)} <input name="f{n}"></label></p>' for n, name in enumerate(fields))
    return f'<form method="post" action="{action}">{inputs}<button type="submit">{escape(button)}</button></form>'


@dataclass
class Portal:
    """A portal: its name, language, pages by path, the menu every page carries (unless `bare`
    pages leave it out), its footer and whether it serves a sitemap.xml."""

    lang: str
    name: str
    home_link: str
    pages: dict[str, tuple[str, str]]
    menu: list[tuple[str, str]]
    footer: list[tuple[str, str]]
    sitemap: bool = False
    bare: bool = False  # inner pages without the menu and footer: only a link home
    extra_head: dict[str, str] = field(default_factory=dict)  # path -> more <head> markup

    def html(self, path: str) -> str:
        title, main = self.pages[path]
        if self.bare and path != "/":
            chrome_top, chrome_bottom = f'<p><a href="/">{escape(self.home_link)}</a></p>', ""
        else:
            chrome_top = f'<header><a href="/">{escape(self.name)}</a><nav><ul>{links(self.menu)}</ul></nav></header>'
            chrome_bottom = f"<footer><ul>{links(self.footer)}</ul></footer>"
        lang = self.lang if not path.startswith("/kk/") and not path.startswith("/ru/") else path[1:3]
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} | {escape(self.name)}</title>{self.extra_head.get(path, '')}</head>"
            f"<body>{chrome_top}<main><h1>{escape(title)}</h1>{main}</main>{chrome_bottom}</body></html>"
        )

    def app(self) -> App:
        def serve(path: str) -> Reply:
            if path == "/robots.txt":
                return Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
            if path == "/sitemap.xml":
                if not self.sitemap:
                    return Reply(404, "<!DOCTYPE html><title>Not found</title>")
                urls = "".join(f"<url><loc>{p}</loc></url>" for p in self.pages)
                xml = (
                    f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                )
                return Reply(200, xml, "application/xml")
            if path in self.pages:
                return Reply(200, self.html(path))
            return Reply(404, "<!DOCTYPE html><title>Not found</title>")

        return serve
