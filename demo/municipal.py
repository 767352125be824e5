"""The demo portal's municipal content, by version: what a regional akimat's site carries beside its
services (its structure and leadership, procurement, the maslikhat's sessions, hearings to come,
topics for residents, its accounts on social networks ...), for the LOSI rules to read.

demo/catalogue.yaml says which version carries which item and the LOSI indicator it meets;
demo/municipal_words.py holds the words. The home page of each language gets a block of links per
kind of item; an item is a short page of its own, a part of the residents' page, a part of an
existing section (a data set's description, display settings, booking a visit) or another site.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from egov_audit.demo.content import UI, written_date
from egov_audit.demo.municipal_words import EXTERNAL, FORMS, HOME_BLOCKS, LINKS, PAGES, SECTION_PARTS
from egov_audit.demo.residents_words import TOPICS

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")

# The home page's blocks, in order, and the items each links to.
BLOCKS: dict[str, tuple[str, ...]] = {
    "akimat": ("structure", "leadership", "vacancies", "procurement", "maslikhat"),
    "residents": tuple(TOPICS),
    "participation": ("hearings", "participatory-budget", "report-problem"),
    "online": ("personal-account", "payment", "appointment", "chat", "low-vision"),
    "follow": ("social-networks",),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of municipal content: the LOSI indicator it meets and the versions that carry it."""

    id: str
    indicator: str
    versions: tuple[int, ...]


@cache
def content() -> tuple[Item, ...]:
    """Every item the catalogue lists, in its order."""
    data = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return tuple(Item(e["id"], e["indicator"], tuple(e["versions"])) for e in data["content"])


def carried(version: int) -> set[str]:
    """The ids of the items `version` carries."""
    return {item.id for item in content() if version in item.versions}


def dates(today: date) -> dict[str, str]:
    """The dates the texts name, per language: two past (d1) or near (d2), two still to come (d3, d4)."""
    days = {"d1": today - timedelta(days=20), "d2": today + timedelta(days=10)}
    days |= {"d3": today + timedelta(days=14), "d4": today + timedelta(days=21)}
    return {f"{lang}:{key}": written_date(lang, day) for lang in ("kk", "ru", "en") for key, day in days.items()}


def _fill(text: str, lang: str, today: date) -> str:
    named = dates(today)
    return text.format(**{key: named[f"{lang}:{key}"] for key in ("d1", "d2", "d3", "d4")})


def page_path(key: str, lang: str) -> str:
    return f"/{lang}/{PAGES[key].path}"


def _href(item: str, lang: str) -> str:
    if item in TOPICS:
        return f"/{lang}/residents/#{item}"
    if item in SECTION_PARTS:
        section, anchor, _ = SECTION_PARTS[item]
        return f"/{lang}/{section}/#{anchor}"
    return page_path(item, lang)


def _text(item: str, lang: str) -> str:
    if item in TOPICS:
        return TOPICS[item][lang][0]
    if item in LINKS:
        return LINKS[item][lang]
    return PAGES[item].title[lang]


def home_links(page: Any, lang: str, version: int) -> None:
    """The home page's blocks of links to the items `version` carries."""
    have = carried(version)
    for block, items in BLOCKS.items():
        entries: list[str] = []
        for item in (i for i in items if i in have):
            if item in EXTERNAL:
                entries += [f"<li>{page.link(url, words[lang])}</li>" for url, words in EXTERNAL[item]]
            else:
                entries.append(f"<li>{page.link(_href(item, lang), _text(item, lang))}</li>")
        if entries:
            page.add(f"<section><h2>{html.escape(HOME_BLOCKS[block][lang])}</h2><ul>{''.join(entries)}</ul></section>")


def section_parts(section: Any, key: str, lang: str, version: int, today: date) -> None:
    """The parts `version` adds to an existing section's page (its key: open-data, contacts ...)."""
    for item in sorted(carried(version)):
        if item in SECTION_PARTS and SECTION_PARTS[item][0] == key:
            _, anchor, words = SECTION_PARTS[item]
            section.add(f'<p id="{anchor}">{html.escape(_fill(words[lang], lang, today))}</p>')


def _form(key: str, lang: str, action: str) -> str:
    field = FORMS[key][lang]
    return (
        f'<form action="{action}" method="post">'
        f'<label for="{key}-name">{UI["name"][lang]}</label><input type="text" id="{key}-name" name="name">'
        f'<label for="{key}-text">{html.escape(field)}</label><input type="text" id="{key}-text" name="description">'
        f'<p><button type="submit">{UI["send"][lang]}</button></p></form>'
    )


def add_pages(page: Callable[..., Any], finish: Callable[..., None], lang: str, version: int, today: date) -> None:
    """The pages of the items `version` carries in `lang`, and the residents' page with its topics."""
    have = carried(version)
    for key, spec in PAGES.items():
        if key == "residents" or key not in have:
            continue
        path = page_path(key, lang)
        paragraphs = [_fill(text, lang, today) for text in spec.text[lang]]
        built = page(path, lang, spec.title[lang], [f"<p>{html.escape(paragraphs[0])}</p>"])
        if len(paragraphs) > 1:
            # Each entry its own list item: a session, a hearing, a head with their contacts.
            built.add("<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in paragraphs[1:]) + "</ul>")
        if spec.form:
            built.add(_form(spec.form, lang, path))
        finish(built, spec.path)
    topics = [key for key in TOPICS if key in have]
    if topics:
        words = PAGES["residents"]
        residents = page(
            page_path("residents", lang), lang, words.title[lang], [f"<p>{html.escape(words.text[lang][0])}</p>"]
        )
        for key in topics:
            heading, text = TOPICS[key][lang]
            residents.add(f'<section id="{key}"><h2>{html.escape(heading)}</h2><p>{html.escape(text)}</p></section>')
        finish(residents, words.path)
