"""View models of the scorecards on a portal's page: for each methodology the archive scores
(audits/scorecards.py), the share of its indicators the portal's latest scored run meets, with the
methodology's level, the split of what is met by rules, met by a person's review, not met and
unknown, a row per criterion, and the share at each run as a line chart with its data table.

A run is scored when it is comparable (store/history.py: complete, with an index, not thin): the
same runs that make the pillar charts, so the two trends stand on the same audits. Each scored
run's outcomes are read once per render from the store, and the reviews recorded for the portal
that still apply to that run's evidence (audits/reviews.py) answer the indicators a person must.
Unknown never counts as met: the share is met over every indicator the methodology lists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from markupsafe import Markup

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import RunInfo
from egov_audit.audits.reviews import Review, applicable
from egov_audit.audits.scorecards import IndicatorResult, Scorecard, scorecards
from egov_audit.reports.archive_words import chart_words, date_text
from egov_audit.reports.charts import Series
from egov_audit.reports.i18n import N_, Gettext
from egov_audit.reports.line_chart import line_chart
from egov_audit.reports.locale_format import NONE, formats
from egov_audit.reports.paths import group_slug, portal_page, portal_slug, relative, run_page, scorecard_page
from egov_audit.store.database import Store
from egov_audit.store.history import PortalHistory

# The parts a scorecard's indicators fall in, as a bar and a legend: met by rules, met by review,
# not met, unknown. The classes colour the bar; the words and counts beside it say the same.
PARTS = (
    ("part-rules", N_("met, decided by rules")),
    ("part-review", N_("met, answered by a person's review")),
    ("part-not-met", N_("not met")),
    ("part-unknown", N_("unknown (counts as not met)")),
)


@dataclass(frozen=True, slots=True)
class PortalCards:
    """A portal's scorecards at each of its scored runs, by run id."""

    history: PortalHistory
    by_run: Mapping[int, tuple[Scorecard, ...]]

    def latest(self) -> tuple[RunInfo, tuple[Scorecard, ...]] | None:
        """The latest scored run and its scorecards, None before any."""
        scored = [p.run for p in self.history.points if p.run.id in self.by_run]
        return (scored[-1], self.by_run[scored[-1].id]) if scored else None

    def card(self, run_id: int, methodology: str) -> Scorecard | None:
        return next((c for c in self.by_run.get(run_id, ()) if c.methodology.id == methodology), None)

    def series(self, methodology: str) -> tuple[float | None, ...]:
        """The share met at each ended run, in percent (the charts' 0..100 scale); None where not scored."""
        cards = (self.card(p.run.id, methodology) for p in self.history.points)
        return tuple(None if card is None else 100 * card.share for card in cards)

    def digest(self) -> str:
        """What the portal's scorecards are made of (every answer, what gave it, the methodologies'
        words): a portal page whose runs are unchanged is still rendered again when this changes."""
        digest = hashlib.sha256(_catalog_digest().encode())
        for run_id, cards in sorted(self.by_run.items()):
            for card in cards:
                for r in card.results:
                    review = (r.review.who, r.review.when.isoformat(), r.review.answer) if r.review else None
                    fact = (run_id, card.methodology.id, r.indicator.id, r.answer, r.by, r.rules, review)
                    digest.update(repr(fact).encode())
        return digest.hexdigest()


@cache
def _catalog_digest() -> str:
    """The methodologies' words and structure, once per process (the catalog is read once too)."""
    return hashlib.sha256(repr(tuple(catalog().values())).encode()).hexdigest()


def portal_cards(store: Store, history: PortalHistory, recorded: Sequence[Review] = ()) -> PortalCards:
    """The scorecards of each of `history`'s scored runs, from its stored outcomes and, of the
    reviews `recorded` for the portal (store/reviews.py), those that apply to each run's evidence."""
    by_run: dict[int, tuple[Scorecard, ...]] = {}
    for point in history.points:
        if not point.run.comparable:
            continue
        outcomes = store.outcomes(point.run.id)
        by_run[point.run.id] = scorecards(outcomes, applicable(recorded, outcomes))
    return PortalCards(history, by_run)


@dataclass(frozen=True, slots=True)
class BarPart:
    css_class: str
    width: str  # a CSS percentage: "37.21%"


@dataclass(frozen=True, slots=True)
class CountView:
    css_class: str
    words: str
    count: str


@dataclass(frozen=True, slots=True)
class CriterionRowView:
    title: str
    met: str  # "5 of 8"
    bar: list[BarPart]


@dataclass(frozen=True, slots=True)
class AnswerRowView:
    """An indicator's answer in the latest scored run, and what gave it."""

    label: str
    answer: str
    css_class: str
    how: str  # "decided by rules: contacts-page", "answered by NAME, DATE", why it is unknown


@dataclass(frozen=True, slots=True)
class AnswerGroupView:
    title: str  # the criterion's
    rows: list[AnswerRowView]


@dataclass(frozen=True, slots=True)
class CardView:
    """One methodology's scorecard of the portal's latest scored run, and its trend."""

    anchor: str
    title: str
    href: str  # the methodology's scorecard page
    share: str  # "47.7 %"
    level: str  # the methodology's level in words, "" when it has none
    met: str  # "41 of 86 indicators met"
    counts: list[CountView]  # PARTS' order
    unknown_why: str  # what the unknown are: awaiting review, not judged from the site, undecided by rules
    bar: list[BarPart]
    criteria: list[CriterionRowView]  # empty for a methodology of one criterion: the totals say it all
    answers: list[AnswerGroupView]  # every indicator's answer, by criterion
    chart: Markup
    chart_id: str


@dataclass(frozen=True, slots=True)
class ShareRowView:
    """A run in the charts' data table."""

    label: str
    href: str
    started: str
    shares: list[str]  # the cards' order; NONE where the run is not scored


@dataclass(frozen=True, slots=True)
class PortalScorecardsView:
    run: str  # "Run 5, 1 Mar 2026": the run the scorecards are of
    run_href: str
    not_latest: bool  # a later run was not scored (not comparable): the scorecards are of an earlier one
    cards: list[CardView]
    titles: list[str]  # the cards' methodologies, for the data table's columns
    runs: list[ShareRowView]  # newest first


def card_anchor(methodology: str) -> str:
    """The id of a methodology's scorecard on a portal's page: #scorecard-un-losi."""
    return f"scorecard-{group_slug(methodology)}"


def share_text(card: Scorecard, lang: str) -> str:
    return formats(lang).percent(card.share, 1)


def level_text(card: Scorecard, _: Gettext) -> str:
    level = card.level
    return _(level.name) if level is not None else ""


def met_text(met: int, total: int, lang: str, _: Gettext) -> str:
    """ "5 of 8", numbers as the language writes them."""
    numbers = formats(lang)
    return _("%(checked)s of %(total)s") % {"checked": numbers.number(met), "total": numbers.number(total)}


def _width(count: int, total: int) -> str:
    return f"{100 * count / total:.2f}%" if total else "0%"


def bar(met_by_rules: int, met_by_review: int, not_met: int, unknown: int) -> list[BarPart]:
    """The parts of a stacked bar, PARTS' order, empty parts left out."""
    total = met_by_rules + met_by_review + not_met + unknown
    counts = (met_by_rules, met_by_review, not_met, unknown)
    return [BarPart(css, _width(count, total)) for (css, _words), count in zip(PARTS, counts, strict=True) if count]


def card_bar(card: Scorecard) -> list[BarPart]:
    return bar(card.met_by_rules, card.met_by_review, card.not_met, card.unknown)


def _unknown_why(card: Scorecard, lang: str, _: Gettext) -> str:
    """Why the unknown are unknown: the indicators awaiting a person's answer, those a site cannot
    show, and those the run's rules could not decide (not examined, nothing to examine, an error)."""
    unknown = [r for r in card.results if r.answer == "unknown"]
    if not unknown:
        return ""
    numbers = formats(lang)
    by_status = {
        status: sum(r.indicator.status == status for r in unknown) for status in ("automated", "review", "manual")
    }
    return _(
        "Of the unknown, awaiting a person's review: %(review)s; cannot be judged from the site: %(manual)s; "
        "the run's rules could not decide: %(automated)s."
    ) % {key: numbers.number(value) for key, value in by_status.items()}


ANSWER_WORDS = {"met": N_("met"), "not_met": N_("not met"), "unknown": N_("unknown")}


def answer_class(result: IndicatorResult) -> str:
    return f"answer-{result.answer.replace('_', '-')}"


def _how(result: IndicatorResult, lang: str, _: Gettext) -> str:
    """What gave an indicator its answer, or why it has none."""
    if result.by == "rules":
        return _("decided by rules: %(rules)s") % {"rules": ", ".join(result.rules)}
    if result.by == "review" and result.review is not None:
        return _("answered by %(who)s, %(date)s") % {
            "who": result.review.who,
            "date": date_text(result.review.when, lang),
        }
    if result.indicator.status == "review":
        return _("awaits a person's review")
    if result.indicator.status == "manual":
        return _("cannot be judged from the site, and no one has answered it")
    return _("no rule decided it in this run")


def _answers(card: Scorecard, lang: str, _: Gettext) -> list[AnswerGroupView]:
    return [
        AnswerGroupView(
            _(c.criterion.title),
            [
                AnswerRowView(_(r.indicator.label), _(ANSWER_WORDS[r.answer]), answer_class(r), _how(r, lang, _))
                for r in c.results
            ],
        )
        for c in card.criteria
    ]


def chart_dates(history: PortalHistory, lang: str) -> tuple[str, ...]:
    """The runs' dates under a chart; with several runs a day, the time tells them apart."""
    dates = tuple(date_text(p.run.started_at, lang) for p in history.points)
    if len(set(dates)) < len(dates):
        dates = tuple(formats(lang).date_time(p.run.started_at) for p in history.points)
    return dates


def _card(
    cards: PortalCards, card: Scorecard, dates: tuple[str, ...], here: PurePosixPath, lang: str, _: Gettext
) -> CardView:
    history = cards.history
    numbers = formats(lang)
    title = _(card.methodology.title)
    chart_id = f"{card_anchor(card.methodology.id)}-{portal_slug(history.key)}"
    chart = line_chart(
        _("Share of the indicators of %(methodology)s met by %(portal)s, in percent, over time")
        % {"methodology": title, "portal": history.name},
        dates,
        (Series(_("Share of indicators met"), cards.series(card.methodology.id)),),
        chart_id=chart_id,
        breaks=history.breaks,
        width=720,
        height=200,
        legend=False,
        values=True,
        words=chart_words(lang),
    )
    counts = (card.met_by_rules, card.met_by_review, card.not_met, card.unknown)
    return CardView(
        anchor=card_anchor(card.methodology.id),
        title=title,
        href=relative(here, scorecard_page(card.methodology.id)),
        share=share_text(card, lang),
        level=level_text(card, _),
        met=_("%(met)s of %(total)s indicators met")
        % {"met": numbers.number(card.met), "total": numbers.number(card.total)},
        counts=[
            CountView(css, _(words), numbers.number(count)) for (css, words), count in zip(PARTS, counts, strict=True)
        ],
        unknown_why=_unknown_why(card, lang, _),
        bar=card_bar(card),
        criteria=[
            CriterionRowView(
                _(c.criterion.title),
                met_text(c.met, c.total, lang, _),
                bar(c.met_by_rules, c.met_by_review, c.not_met, c.unknown),
            )
            for c in card.criteria
        ]
        if len(card.criteria) > 1
        else [],
        answers=_answers(card, lang, _),
        chart=chart,
        chart_id=chart_id,
    )


def portal_scorecards_view(cards: PortalCards, lang: str, _: Gettext) -> PortalScorecardsView | None:
    """The scorecards section of a portal's page; None before any scored run."""
    latest = cards.latest()
    if latest is None:
        return None
    run, latest_cards = latest
    history = cards.history
    here = portal_page(history.key)
    dates = chart_dates(history, lang)
    ended = history.points[-1].run if history.points else run
    rows = [
        ShareRowView(
            label=_("Run %(id)s") % {"id": point.run.id},
            href=relative(here, run_page(point.run.id)),
            started=formats(lang).date_time(point.run.started_at),
            shares=[
                share_text(card, lang) if (card := cards.card(point.run.id, c.methodology.id)) else NONE
                for c in latest_cards
            ],
        )
        for point in reversed(history.points)
    ]
    return PortalScorecardsView(
        run=_("Run %(id)s") % {"id": run.id} + f", {date_text(run.started_at, lang)}",
        run_href=relative(here, run_page(run.id)),
        not_latest=ended.id != run.id,
        cards=[_card(cards, card, dates, here, lang, _) for card in latest_cards],
        titles=[_(card.methodology.title) for card in latest_cards],
        runs=rows,
    )
