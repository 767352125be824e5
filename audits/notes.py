"""Notes: what the audit says in words of its own (why a run is thin, what to do about it), kept
as a code and its values so that each output says it in its language: the terminal and the JSON
in English, the archive in English, Russian or Kazakh (reports/locales, which extract the
messages below). Check summaries are not notes: they are the checks' own evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Value = str | int | float


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks a message for translation here; reports translate it where it is shown."""
    return message


# Worded without agreement with the numbers (Russian and Kazakh decline nouns after them).
MESSAGES: dict[str, str] = {
    "time_budget": N_("the crawl stopped at its time budget of %(budget)s s (pages reached: %(pages)s)"),
    "crawl_delay": N_("robots.txt asks for %(delay)s s between requests: no more than %(fit)s pages fit in the budget"),
    "cancelled": N_("the crawl was stopped before it ended (pages reached: %(pages)s)"),
    "page_cap": N_(
        "the page cap of %(cap)s stopped the crawl (pages reached: %(pages)s; a comparable audit needs %(min)s)"
    ),
    "off_site": N_(
        "%(share)s of the links found (%(links)s) lead off the portal, to %(hosts)s "
        "(pages reached: %(pages)s; a comparable audit needs %(min)s)"
    ),
    "robots": N_(
        "robots.txt refused URLs to the crawl: %(refused)s (pages reached: %(pages)s; a comparable audit needs %(min)s)"
    ),
    "no_links": N_(
        "the pages reached link to nothing the crawl could follow; links that only JavaScript builds are not "
        "seen over HTTP (pages reached: %(pages)s; a comparable audit needs %(min)s)"
    ),
    "more_time": N_("give the crawl more time (--time-budget, or time_budget in the config)"),
    "raise_cap": N_("raise the page cap (--max-pages, or max_pages in the config)"),
    "allow_host": N_(
        "if %(host)s belongs to the portal (a <base href> or a CDN host can send every link there), "
        "add --allow-host %(host)s (allow_hosts in the config)"
    ),
    "robots_own_site": N_("robots.txt disallows egov-audit; on your own portal, --ignore-robots audits it all"),
    "unreachable": N_("the start URL gave no page to audit"),
    "discovery_reveals": N_(
        "%(url)s, rendered in a browser, links to %(new_links)s pages of the portal that its HTML as served "
        "does not link to (links: %(served_links)s served, %(rendered_links)s rendered; words: %(served_words)s "
        "served, %(rendered_words)s rendered): the portal is walked with a browser"
    ),
    "discovery_static": N_(
        "no page rendered in a browser revealed substantially more than its HTML (pages compared: "
        "%(probes)s): the portal is walked over HTTP"
    ),
    "discovery_asked": N_("the settings ask for %(mode)s discovery (--discovery, or discovery in the config)"),
}


@dataclass(frozen=True, slots=True)
class Note:
    """One thing said: a code of MESSAGES and the values its words take."""

    code: str
    values: tuple[tuple[str, Value], ...] = ()

    def words(self, gettext: Callable[[str], str] = N_) -> str:
        """The note in the language of `gettext` (English by default)."""
        return gettext(MESSAGES[self.code]) % dict(self.values)


def note(code: str, **values: Value) -> Note:
    if code not in MESSAGES:
        raise KeyError(f"no message for the note {code!r}")
    return Note(code, tuple(sorted(values.items())))
