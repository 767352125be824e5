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
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote, urlsplit

from egov_audit.audits.checks.text_match import compiled, fold, url_words
from egov_audit.audits.vocabulary import vocabulary
from egov_audit.crawler.model import Link, PageSnapshot, SiteSnapshot

MIN_SCORE = 2.0
LANDMARKS = ("header", "nav", "footer")
# Link types (HTML's rel values) that name what a link leads to.
RELS = {"privacy": ("privacy-policy",), "help": ("help",), "search": ("search",), "contacts": ("author",)}
_PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    link: Link
    score: float
    signals: tuple[str, ...]
    target: PageSnapshot | None

    def describe(self) -> str:
        name = self.link.text or self.link.label or self.link.url
        return f"{name!r} -> {self.link.url} (score {self.score:.1f}: {'; '.join(self.signals)})"


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a rule looks for: its phrases, hosts, URL patterns and the target's proof."""

    phrases: tuple[str, ...]
    url_phrases: tuple[str, ...]  # phrases sought in a link's address: the page's languages and English
    hosts: tuple[str, ...] = ()
    url_patterns: tuple[str, ...] = ()
    rels: tuple[str, ...] = ()
    target_phrases: tuple[str, ...] = ()  # what the target's text must show, when the rule says
    target_min: int = 0


@cache
def _folded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(" ".join(_PUNCTUATION.sub(" ", fold(p)).split()) for p in phrases)


def _clean(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def coverage(text: str, phrases: tuple[str, ...]) -> tuple[float, str] | None:
    """The best share of `text` one of `phrases` covers, where a phrase starts a word of the text
    (a stem may run on into the word's ending), with that phrase; None when none occurs."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    best: tuple[float, str] | None = None
    for phrase, folded in zip(phrases, _folded(phrases), strict=True):
        if not folded:
            continue
        at = _word_start(cleaned, folded)
        if at is None:
            continue
        end = at + len(folded)
        while end < len(cleaned) and cleaned[end].isalnum():  # the rest of a word a stem began
            end += 1
        share = (end - at) / len(cleaned)
        if best is None or share > best[0]:
            best = (share, phrase)
    return best


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
    score, signals = 0.0, []
    found = coverage(link.text, wanted.phrases) if wanted.phrases else None
    if found:
        score += 1 + 3 * found[0]
        signals.append(f"text has {found[1]!r} ({found[0]:.0%} of it)")
    labelled = coverage(link.label, wanted.phrases) if wanted.phrases and link.label else None
    if labelled and (not found or labelled[0] > found[0]):
        score += 0.75 * (1 + 3 * labelled[0])
        signals.append(f"label has {labelled[1]!r}")
    address = has_phrase(url_words(link.url), wanted.url_phrases) if wanted.url_phrases else None
    if address:
        # The page's own name in its address (/privacy-policy/) says more than a word somewhere in it.
        exact = _clean(_last_segment(link.url)) in _folded(wanted.url_phrases)
        score += 2.5 if exact else 1.5
        signals.append(f"address {'is' if exact else 'has'} {address!r}")
    rel = next((r for r in wanted.rels if r in link.rel.split()), None)
    if rel:
        score += 3
        signals.append(f"rel={rel}")
    host = _host_of(link.url)
    if wanted.hosts and any(host == h or host.endswith("." + h) for h in wanted.hosts):
        score += 4
        signals.append(f"leads to {host}")
    if wanted.url_patterns and any(compiled(p).search(link.url) for p in wanted.url_patterns):
        score += 4
        signals.append("address matches the rule's pattern")
    if not signals:
        return None
    if link.region in LANDMARKS:
        score += 0.5
        signals.append(f"in the {link.region}")
    target = _target(link.url, site)
    if target is not None:
        named = has_phrase(f"{target.title} | {target.heading}", wanted.phrases) if wanted.phrases else None
        if named:
            score += 2
            signals.append(f"its page is titled with {named!r}")
        if wanted.target_phrases:
            shown = distinct_phrases(target.main_text or target.text, wanted.target_phrases)
            if len(shown) < wanted.target_min:
                return None  # it leads to a page that is not what the rule asks for
            score += 2
            signals.append(f"its page reads as one ({', '.join(shown[:4])})")
    return Candidate(link, round(score, 2), tuple(signals), target)


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
