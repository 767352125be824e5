"""View models of a methodology's scorecard page (scorecards/ID.html): every portal's share of the
methodology's indicators met, ranked as the index ranks, with its level, trend tile and criteria;
then every indicator of the methodology, how egov-audit answers it, and each ranked portal's answer.

A portal stands on its latest audited run, as on the index (store.history.ranking): when that run is
comparable its scorecard ranks the portal, else the portal is listed apart with the reason, since an
older scorecard would pass for the portal's state today. Equal numbers of indicators met share a rank.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from egov_audit.audits.methodology_catalog import Methodology, catalog
from egov_audit.audits.scorecards import IndicatorResult, Scorecard
from egov_audit.reports.archive_words import chart_words, date_text
from egov_audit.reports.i18n import N_, Gettext, translations
from egov_audit.reports.index_views import INDEX
from egov_audit.reports.locale_format import formats
from egov_audit.reports.methodology import METHODOLOGY_PAGE
from egov_audit.reports.paths import portal_page, relative, run_page, scorecard_page
from egov_audit.reports.scorecard_views import (
    ANSWER_WORDS,
    PARTS,
    BarPart,
    PortalCards,
    answer_class,
    card_anchor,
    card_bar,
    level_text,
    met_text,
    share_text,
)
from egov_audit.reports.trend_tile import trend_tile
from egov_audit.reports.views import not_ranked_text
from egov_audit.store.history import RankRow

# How an indicator is answered: a short word for the tables, and what it means, said once above them.
STATUS_WORDS = {"automated": N_("rules"), "review": N_("review"), "manual": N_("not on the site")}
STATUS_MEANINGS = {
    "automated": N_("rules decide it from the public site"),
    "review": N_("a person answers it, from the evidence rules gather"),
    "manual": N_("it cannot be judged from the public site; a person may answer it"),
}


@dataclass(frozen=True, slots=True)
class RankedRowView:
    rank: str  # "1", "=2"
    href: str
    name: str
    share: str
    level: str
    met: str  # "41 of 86"
    bar: list[BarPart]
    trend: Markup  # a trend tile of the share; empty with fewer than two scored runs
    trend_label: str
    criteria: list[str]  # "5 of 8" per criterion
    run: str  # the run it stands on, and its date
    run_href: str


@dataclass(frozen=True, slots=True)
class UnrankedRowView:
    href: str
    name: str
    why: str


@dataclass(frozen=True, slots=True)
class AnswerView:
    words: str
    css_class: str
    by_review: str  # "by review" when a person's answer gave it, else ""


@dataclass(frozen=True, slots=True)
class IndicatorRowView:
    label: str
    code: str
    unconfirmed: bool  # the label could not be checked against the methodology's publication
    status: str
    status_class: str
    question: str
    answers: list[AnswerView]  # the ranked portals' order


@dataclass(frozen=True, slots=True)
class CriterionTableView:
    anchor: str
    title: str
    counts: str  # "8 indicators: 3 decided by rules, 4 by review, 1 cannot be judged from the site"
    rows: list[IndicatorRowView]


@dataclass(frozen=True, slots=True)
class LevelView:
    name: str
    shares: str


@dataclass(frozen=True, slots=True)
class ScorecardPageView:
    title: str
    url: str  # the methodology's own publication
    index_href: str
    methodology_href: str  # methodology.html#scorecards
    levels: list[LevelView]
    statuses: list[tuple[str, str, str]]  # (word, meaning, count) over the methodology's indicators
    parts: list[tuple[str, str]]  # (css class, words): the legend of the bars
    criteria_titles: list[str]
    ranked: list[RankedRowView]
    unranked: list[UnrankedRowView]
    portals: list[tuple[str, str]]  # (name, href): the answer columns, the ranked portals' order
    criteria: list[CriterionTableView]
    others: list[tuple[str, str]]  # (title, href): the other methodologies' pages


def _levels(methodology: Methodology, lang: str, _: Gettext) -> list[LevelView]:
    """Each level with the shares it covers: "more than 75 %", "more than 50 %, up to 75 %", ..."""
    percent = formats(lang).percent
    views = []
    ceiling: float | None = None
    for level in methodology.levels:
        if ceiling is None:
            shares = _("more than %(low)s") % {"low": percent(level.above)}
        elif level is methodology.levels[-1]:
            shares = _("up to %(high)s") % {"high": percent(ceiling)}
        else:
            shares = _("more than %(low)s, up to %(high)s") % {"low": percent(level.above), "high": percent(ceiling)}
        views.append(LevelView(_(level.name), shares))
        ceiling = level.above
    return views


def _answer(result: IndicatorResult, _: Gettext) -> AnswerView:
    by_review = _("by review") if result.by == "review" else ""
    return AnswerView(_(ANSWER_WORDS[result.answer]), answer_class(result), by_review)


def _scored_runs(count: int, lang: str) -> str:
    words = translations(lang).ngettext("%(n)s scored run", "%(n)s scored runs", count)
    return words % {"n": formats(lang).number(count)}


def _ranked(
    rows: list[tuple[RankRow, Scorecard]], cards: dict[str, PortalCards], here: PurePosixPath, lang: str, _: Gettext
) -> list[tuple[RankedRowView, Scorecard]]:
    """The ranked portals, most indicators met first, each with the scorecard it is ranked by."""
    ordered = sorted(rows, key=lambda item: (-item[1].met, item[0].name, item[0].key))
    met_counts = [card.met for _row, card in ordered]
    views = []
    for row, card in ordered:
        rank = met_counts.index(card.met) + 1
        tied = met_counts.count(card.met) > 1
        series = cards[row.key].series(card.methodology.id)
        label = _("Share of indicators met")
        run = row.run
        assert run is not None  # a ranked row stands on a run
        view = RankedRowView(
            rank=f"={rank}" if tied else str(rank),
            href=relative(here, portal_page(row.key)) + f"#{card_anchor(card.methodology.id)}",
            name=row.name,
            share=share_text(card, lang),
            level=level_text(card, _),
            met=met_text(card.met, card.total, lang, _),
            bar=card_bar(card),
            trend=trend_tile(label, series, words=chart_words(lang)),
            trend_label=_scored_runs(sum(v is not None for v in series), lang),
            criteria=[met_text(c.met, c.total, lang, _) for c in card.criteria],
            run=_("Run %(id)s") % {"id": run.id} + f", {date_text(run.started_at, lang)}",
            run_href=relative(here, run_page(run.id)),
        )
        views.append((view, card))
    return views


def _criterion_table(
    methodology: Methodology, index: int, ranked: list[Scorecard], lang: str, _: Gettext
) -> CriterionTableView:
    criterion = methodology.criteria[index]
    numbers = formats(lang)
    by_status = [(status, sum(i.status == status for i in criterion.indicators)) for status in STATUS_WORDS]
    counts = translations(lang).ngettext("%(n)s indicator", "%(n)s indicators", len(criterion.indicators)) % {
        "n": numbers.number(len(criterion.indicators))
    }
    counts += " (" + ", ".join(f"{_(STATUS_WORDS[s])}: {numbers.number(n)}" for s, n in by_status if n) + ")"
    rows = []
    for position, indicator in enumerate(criterion.indicators):
        rows.append(
            IndicatorRowView(
                label=_(indicator.label),
                code=indicator.code or "",
                unconfirmed=not indicator.confirmed,
                status=_(STATUS_WORDS[indicator.status]),
                status_class=f"status-{indicator.status}",
                question=_(indicator.question) if indicator.question else "",
                answers=[_answer(card.criteria[index].results[position], _) for card in ranked],
            )
        )
    return CriterionTableView(f"criterion-{criterion.id}", _(criterion.title), counts, rows)


def scorecard_page_view(
    methodology: Methodology, ranks: list[RankRow], cards: dict[str, PortalCards], lang: str, _: Gettext
) -> ScorecardPageView:
    """The page of `methodology`: the portals of `ranks` (store.history.ranking's order and runs),
    their scorecards taken from `cards` (portal key -> PortalCards)."""
    here = scorecard_page(methodology.id)
    ranked_rows: list[tuple[RankRow, Scorecard]] = []
    unranked = []
    for row in ranks:
        card = cards[row.key].card(row.run.id, methodology.id) if row.run is not None and row.key in cards else None
        if row.rank is not None and card is not None:
            ranked_rows.append((row, card))
        else:
            why = not_ranked_text(row.run, _) or _("No scorecard: the run has no stored outcomes.")
            unranked.append(UnrankedRowView(relative(here, portal_page(row.key)), row.name, why))
    ranked = _ranked(ranked_rows, cards, here, lang, _)
    numbers = formats(lang)
    return ScorecardPageView(
        title=_(methodology.title),
        url=methodology.url,
        index_href=relative(here, INDEX),
        methodology_href=relative(here, METHODOLOGY_PAGE) + "#scorecards",
        levels=_levels(methodology, lang, _),
        statuses=[
            (
                _(words),
                _(STATUS_MEANINGS[status]),
                numbers.number(sum(i.status == status for i in methodology.indicators)),
            )
            for status, words in STATUS_WORDS.items()
        ],
        parts=[(css, _(words)) for css, words in PARTS],
        criteria_titles=[_(c.title) for c in methodology.criteria],
        ranked=[view for view, _card in ranked],
        unranked=unranked,
        portals=[(view.name, view.href) for view, _card in ranked],
        criteria=[
            _criterion_table(methodology, i, [card for _view, card in ranked], lang, _)
            for i in range(len(methodology.criteria))
        ],
        others=[
            (_(m.title), relative(here, scorecard_page(m.id)))
            for m in catalog().values()
            if m.scorecard and m.id != methodology.id
        ],
    )


def scorecard_links(here: PurePosixPath, _: Gettext) -> list[tuple[str, str]]:
    """(title, href) of every methodology's scorecard page, linked from `here`."""
    return [(_(m.title), relative(here, scorecard_page(m.id))) for m in catalog().values() if m.scorecard]


def scored_methodologies() -> list[Methodology]:
    return [m for m in catalog().values() if m.scorecard]
