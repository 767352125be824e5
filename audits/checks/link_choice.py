"""Choosing the link a rule asks for among a page's links: the best candidate by several signals,
not the first link whose text holds a phrase.

Each link is scored (docs/rules.md, "How a link is chosen"):

- its text holds a phrase of the concept (or of the rule's own `text`): 1 + 3 × the share of the
  text the phrase covers, so "Contact us" (the phrase "contact us", whole) outscores "Contact
  elected officials"; its aria-label or title the same, at three quarters;
- its address's words hold a phrase (`/privacy-policy/`): +1.5;
- its rel names the concept (rel="privacy-policy", rel="help"): +3;
- it leads to one of the rule's hosts, or matches one of its URL patterns: +4;
- it sits in a header, navigation or footer landmark, where such links live: +0.5;
- the page it leads to, when it was crawled, has a phrase in its title or main heading: +2; and
  where the rule names a concept the target's own text must show (a privacy policy reads like one:
  `target: {concept: privacy_page, min: 3}`), a target that shows it gets +2 and one that does
  not is no candidate at all.

A link with no word, address or host signal is no candidate; the best candidate scoring at least
MIN_SCORE is chosen, and the evidence names it, the signals that chose it and the runners-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote, urlsplit

from egov_audit.audits.checks.text_match import compiled, fold, url_words
from egov_audit.audits.notes import Listing, Note, Value, fixed, note, percent
from egov_audit.audits.vocabulary import vocabulary
from egov_audit.crawler.model import Link, PageSnapshot, SiteSnapshot

MIN_SCORE = 2.5
MAX_ENDING = 3  # letters of a word's ending a stem's match counts: inflections, not compounds
# A phrase that covers less of a link's text than this is a word in a headline ("Petition on the
# park trees: the mayor answers"), not the name of the page sought: the text says nothing for it.
MIN_TEXT_SHARE = 0.3
LANDMARKS = ("header", "nav", "footer")
# Link types (HTML's rel values) that name what a link leads to.
RELS = {"privacy": ("privacy-policy",), "help": ("help",), "search": ("search",), "contacts": ("author",)}
_PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    link: Link
    score: float
    signals: tuple[Value, ...]  # notes, and HTML's own words (rel=help)
    target: PageSnapshot | None

    def said(self) -> Note:
        name = self.link.text or self.link.label or self.link.url
        signals = Listing(self.signals, "; ")
        return note("candidate", name=repr(name), url=self.link.url, score=fixed(self.score, 1), signals=signals)

    def describe(self) -> str:
        return self.said().words()


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a rule looks for: its phrases, hosts, URL patterns and the target's proof."""

    phrases: tuple[str, ...]  # each language's phrases, most specific first
    url_phrases: tuple[str, ...]  # phrases sought in a link's address: the page's languages and English
    hosts: tuple[str, ...] = ()
    url_patterns: tuple[str, ...] = ()
    rels: tuple[str, ...] = ()
    target_phrases: tuple[str, ...] = ()  # what the target's text must show, when the rule says
    target_min: int = 0
    ranks: dict[str, float] = field(default_factory=dict)  # phrase -> its place in its list, 0 (first) to 1
    min_text_share: float = MIN_TEXT_SHARE  # phrase -> its place in its list, 0 (first) to 1


@cache
def _folded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(" ".join(_PUNCTUATION.sub(" ", fold(p)).split()) for p in phrases)


def _clean(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def coverage(text: str, phrases: tuple[str, ...]) -> tuple[float, str] | None:
    """The share of `text` that phrases cover, where each starts a word of the text, with the longest
    phrase found; None when none occurs. Several phrases add up ("Help and FAQ" is help and FAQ).
    A stem may run on into the word's ending, which counts up to MAX_ENDING letters: an inflection;
    a word that runs on further is a compound that means something else as a whole ("budget" in
    "Budgetrådgivning", debt counselling), and counts half."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    covered = [0.0] * len(cleaned)
    longest: str | None = None
    for phrase, folded in zip(phrases, _folded(phrases), strict=True):
        at = _word_start(cleaned, folded) if folded else None
        if at is None:
            continue
        end = at + len(folded)
        ending = 0
        while end + ending < len(cleaned) and cleaned[end + ending].isalnum():  # the rest of the word
            ending += 1
        weight = 0.5 if ending > MAX_ENDING else 1.0
        for position in range(at, end + min(ending, MAX_ENDING)):
            covered[position] = max(covered[position], weight)
        if longest is None or len(folded) > len(_folded((longest,))[0]):
            longest = phrase
    if longest is None:
        return None
    return sum(covered) / len(cleaned), longest


def _word_start(text: str, phrase: str) -> int | None:
    start = text.find(phrase)
    while start >= 0:
        if start == 0 or not text[start - 1].isalnum():
            return start
        start = text.find(phrase, start + 1)
    return None


def has_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    """The first of `phrases` that starts a word of `text`."""
    found = coverage(text, phrases)
    return found[1] if found else None


def distinct_phrases(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases of `phrases` that occur in `text` (each counted once)."""
    cleaned = _clean(text)
    return [p for p, f in zip(phrases, _folded(phrases), strict=True) if f and _word_start(cleaned, f) is not None]


def _last_segment(url: str) -> str:
    """The last segment of a URL's path, its separators as spaces: /en/privacy-policy/ -> privacy policy."""
    return re.sub(r"[_\-.+]+", " ", unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1])


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def score_link(link: Link, wanted: Wanted, site: SiteSnapshot) -> Candidate | None:
    score = 0.0
    signals: list[Value] = []
    found = coverage(link.text, wanted.phrases) if wanted.phrases else None
    found = found if found and found[0] >= wanted.min_text_share else None
    if found:
        score += 4 * found[0] + _specific(found[1], wanted)
        signals.append(note("signal_text", phrase=repr(found[1]), share=percent(found[0])))
    labelled = coverage(link.label, wanted.phrases) if wanted.phrases and link.label else None
    labelled = labelled if labelled and labelled[0] >= wanted.min_text_share else None
    if labelled and (not found or labelled[0] > found[0]):
        score += 0.75 * 4 * labelled[0] + _specific(labelled[1], wanted)
        signals.append(note("signal_label", phrase=repr(labelled[1])))
    address = has_phrase(url_words(link.url), wanted.url_phrases) if wanted.url_phrases else None
    if address:
        # The page's own name in its address (/privacy-policy/) says more than a word somewhere in it.
        exact = _clean(_last_segment(link.url)) in _folded(wanted.url_phrases)
        score += 2.5 if exact else 1.0
        signals.append(note("signal_address_is" if exact else "signal_address_has", phrase=repr(address)))
    rel = next((r for r in wanted.rels if r in link.rel.split()), None)
    if rel:
        score += 3
        signals.append(f"rel={rel}")  # HTML's own words: the same in every language
    host = _host_of(link.url)
    if wanted.hosts and any(host == h or host.endswith("." + h) for h in wanted.hosts):
        score += 4
        signals.append(note("signal_host", host=host))
    if wanted.url_patterns and any(compiled(p).search(link.url) for p in wanted.url_patterns):
        score += 4
        signals.append(note("signal_pattern"))
    if not signals:
        return None
    if link.region in LANDMARKS and (found or labelled) and max(c[0] for c in (found, labelled) if c) >= 0.5:
        score += 0.5  # where such links live, for a link whose words already say most of what is sought
        signals.append(note(f"signal_in_{link.region}"))
    target = _target(link.url, site)
    if target is not None:
        titled = [c for c in (coverage(target.title, wanted.phrases), coverage(target.heading, wanted.phrases)) if c]
        if titled:
            best = max(titled)
            score += 2 * best[0]  # "Contact Us" as a page's title says more than "Contact Elected Officials"
            signals.append(note("signal_titled", phrase=repr(best[1])))
        if wanted.target_phrases:
            shown = distinct_phrases(target.main_text or target.text, wanted.target_phrases)
            if len(shown) < wanted.target_min:
                return None  # it leads to a page that is not what the rule asks for
            score += 2
            signals.append(note("signal_reads_as_one", phrases=", ".join(shown[:4])))
    return Candidate(link, round(score, 2), tuple(signals), target)


def _specific(phrase: str, wanted: Wanted) -> float:
    """Up to 0.5 for a phrase early in its language's list: vocabularies give the most specific first
    ("Solicitud de acceso a la información" before "Transparencia")."""
    rank = wanted.ranks.get(phrase, 1.0)
    return 0.5 * (1 - rank)


def _target(url: str, site: SiteSnapshot) -> PageSnapshot | None:
    """The crawled page a link leads to, after redirects, when it answered with HTML."""
    chain = site.redirect_chain(url)
    page = chain[-1] if chain else None
    return page if page is not None and page.is_success and page.is_html and not page.is_redirect else None


def candidates(page: PageSnapshot, wanted: Wanted, site: SiteSnapshot) -> list[Candidate]:
    """Every link of `page` that is a candidate, best first; one candidate per address."""
    scored: dict[str, Candidate] = {}
    for link in page.links:
        candidate = score_link(link, wanted, site)
        if candidate is not None and (link.url not in scored or candidate.score > scored[link.url].score):
            scored[link.url] = candidate
    return sorted(scored.values(), key=lambda c: (-c.score, c.link.url))


def wanted_phrases(concept: str | None, extra: list[str], languages: tuple[str, ...]) -> tuple[str, ...]:
    """A rule's own phrases, then its concept's in `languages`."""
    found = list(extra)
    if concept is not None:
        found.extend(vocabulary().phrases(concept, languages))
    return tuple(dict.fromkeys(found))


def phrase_ranks(concept: str | None, languages: tuple[str, ...]) -> dict[str, float]:
    """Each phrase of the concept's lists in `languages` -> its place in its list, 0 (first) to 1."""
    ranks: dict[str, float] = {}
    if concept is None:
        return ranks
    for language in languages:
        listed = vocabulary().phrases(concept, (language,))
        for place, phrase in enumerate(listed):
            ranks.setdefault(phrase, place / max(1, len(listed) - 1))
    return ranks
