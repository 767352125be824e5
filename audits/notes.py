"""Notes: what the audit says in words of its own (why a run is thin, what to do about it, a check's
summary and evidence), kept as a code and its values so that each output says it in its language:
the terminal and the JSON in English, the archive in English, Russian or Kazakh (reports/locales,
which extract the messages below and those of audits/summaries.py).

A value is data (a URL, a link's text, a rule id: never translated), a count, a `Number` (a share
or a time, which each language writes its own way), a `Term` (a name the rule files give, such as a
concept's, which the catalogs translate), another note, or a `Listing` of values. A
message whose noun a count governs is a `Plural`, the count being the value named `n`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks a message for translation here; reports translate it where it is shown."""
    return message


@dataclass(frozen=True, slots=True)
class Plural:
    """A message whose words follow the count `n`: English's two forms, each language its own."""

    singular: str
    plural: str


def ngettext(singular: str, plural: str) -> Plural:
    """Marks a plural message (named so that pybabel's default keywords extract both forms)."""
    return Plural(singular, plural)


NumberStyle = Literal["percent", "fixed", "general", "grouped"]
Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def _english_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


@dataclass(frozen=True, slots=True)
class Number:
    """A number each language writes its own way: a share as a percentage, a time with its
    decimals, a size with its thousands grouped. `english` is how the terminal writes it."""

    value: float
    style: NumberStyle
    digits: int = 0

    @property
    def english(self) -> str:
        if self.style == "percent":
            return f"{self.value:.{self.digits}%}"
        if self.style == "fixed":
            return f"{self.value:.{self.digits}f}"
        if self.style == "grouped":
            return f"{self.value:,}"
        return f"{self.value:g}"


NumberWords = Callable[[Number], str]


def _english_number(number: Number) -> str:
    return number.english


def percent(value: float, digits: int = 0) -> Number:
    return Number(value, "percent", digits)


def fixed(value: float, digits: int) -> Number:
    return Number(value, "fixed", digits)


def general(value: float) -> Number:
    return Number(value, "general")


def grouped(value: int) -> Number:
    return Number(value, "grouped")


@dataclass(frozen=True, slots=True)
class Listing:
    """Values said one after the other, `sep` between them: punctuation, or a note where words join
    them (", no ")."""

    items: tuple[Value, ...]
    sep: str | Note = ", "

    def words(
        self, gettext: Gettext = N_, ngettext: Ngettext = _english_ngettext, number: NumberWords = _english_number
    ) -> str:
        return say(self, gettext, ngettext, number)


@dataclass(frozen=True, slots=True)
class Term:
    """A name from the rule files (a concept's: "the privacy policy"), said in the reader's
    language where the catalogs have it (reports/references.py extracts them), as it is elsewhere.
    Translations use the name's base form, so a message places it where no case ending is needed."""

    text: str


type Value = str | int | float | Number | Term | Listing | Note
type Said = Note | Listing  # what an evidence detail of ours is


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


def message(code: str) -> str | Plural | None:
    """The English message of a note's code: a run note's, or a check's (audits/summaries.py)."""
    from egov_audit.audits.summaries import SUMMARIES  # the checks' words, beside the run's

    return MESSAGES.get(code) or SUMMARIES.get(code)


@dataclass(frozen=True, slots=True)
class Note:
    """One thing said: a code of MESSAGES (or of audits/summaries.py) and the values its words take."""

    code: str
    values: tuple[tuple[str, Value], ...] = ()

    @property
    def known(self) -> bool:
        """Whether this version has words for the note (a stored run may be newer or older)."""
        return message(self.code) is not None and all(
            value.known for value in _notes_in(tuple(v for _name, v in self.values))
        )

    def words(
        self, gettext: Gettext = N_, ngettext: Ngettext = _english_ngettext, number: NumberWords = _english_number
    ) -> str:
        """The note in the language of `gettext` and `ngettext` (English by default), its numbers
        as `number` writes them; data among the values stays as it is."""
        said = message(self.code)
        if said is None:
            raise KeyError(f"no message for the note {self.code!r}")
        values = {name: say(value, gettext, ngettext, number) for name, value in self.values}
        if isinstance(said, Plural):
            count = dict(self.values)["n"]
            n = round(count.value if isinstance(count, Number) else count)  # type: ignore[arg-type]
            return ngettext(said.singular, said.plural, n) % values
        return gettext(said) % values

    def record(self) -> list[Any]:
        """The note as JSON keeps it: [code, [[name, value], ...]]."""
        return [self.code, [[name, record(value)] for name, value in self.values]]

    @classmethod
    def from_record(cls, record: list[Any]) -> Note:
        code, values = record
        return cls(code, tuple((name, from_record(value)) for name, value in values))


def _notes_in(values: tuple[Value, ...]) -> list[Note]:
    found: list[Note] = []
    for value in values:
        if isinstance(value, Note):
            found.append(value)
        elif isinstance(value, Listing):
            found += _notes_in((*value.items, value.sep))
    return found


def known(said: Said) -> bool:
    """Whether this version has words for every note in `said`."""
    return all(found.known for found in _notes_in((said,)))


def say(
    value: Value, gettext: Gettext = N_, ngettext: Ngettext = _english_ngettext, number: NumberWords = _english_number
) -> str:
    """A value in words: a note or a listing in the language of `gettext`, a number as `number`
    writes it, data as it is."""
    if isinstance(value, Note):
        return value.words(gettext, ngettext, number)
    if isinstance(value, Number):
        return number(value)
    if isinstance(value, Term):
        return gettext(value.text)
    if isinstance(value, Listing):
        sep = value.sep if isinstance(value.sep, str) else say(value.sep, gettext, ngettext, number)
        return sep.join(say(item, gettext, ngettext, number) for item in value.items)
    return str(value)


def record(value: Value) -> Any:
    """A value as JSON keeps it: data as it is, a note, number, term or listing as an object naming its kind."""
    if isinstance(value, Note):
        return {"note": value.record()}
    if isinstance(value, Number):
        return {"number": value.value, "style": value.style, "digits": value.digits}
    if isinstance(value, Term):
        return {"term": value.text}
    if isinstance(value, Listing):
        return {"list": [record(item) for item in value.items], "sep": record(value.sep)}
    return value


def from_record(kept: Any) -> Value:
    """A value as `record` kept it."""
    if isinstance(kept, Mapping):
        if "note" in kept:
            return Note.from_record(kept["note"])
        if "number" in kept:
            return Number(kept["number"], kept["style"], kept.get("digits", 0))
        if "term" in kept:
            return Term(kept["term"])
        sep = from_record(kept.get("sep", ", "))
        return Listing(tuple(from_record(item) for item in kept["list"]), sep if isinstance(sep, Note) else str(sep))
    return kept  # type: ignore[no-any-return]


def note(code: str, /, **values: Value) -> Note:
    if message(code) is None:
        raise KeyError(f"no message for the note {code!r}")
    return Note(code, tuple(sorted(values.items())))
