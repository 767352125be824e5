"""View models of the archive's index: every portal ranked, with its scores, change and trend
tile, and its groups linked; a group page is the same view narrowed to the group's portals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from egov_audit.audits.model import RunStatus
from egov_audit.reports.archive_words import change_class, change_text, chart_words, date_text, series_titles
from egov_audit.reports.feed import FEED_NAME
from egov_audit.reports.group_views import GroupLinkView, GroupListView, group_lists, portal_groups
from egov_audit.reports.i18n import translations
from egov_audit.reports.paths import portal_page, relative
from egov_audit.reports.trend_tile import trend_tile
from egov_audit.reports.views import Gettext, ScoreView, not_ranked_text, status_words
from egov_audit.store.history import OPENNESS, PortalHistory, RankRow, series_names

INDEX = PurePosixPath("index.html")


@dataclass(frozen=True, slots=True)
class PortalRowView:
    href: str
    name: str
    start_url: str
    rank: str  # "1", "=2"; "" when not ranked
    groups: list[GroupLinkView]  # its country, then its tags
    openness: ScoreView
    pillars: list[ScoreView]  # series_names order after the openness index
    trend: Markup  # a trend tile; empty with fewer than two scores
    trend_words: str  # "3 runs since 2026-11-01", "one run"
    change: str
    change_class: str
    last_audited: str  # the date of the latest run
    last_status: str
    flagged: str  # why the last run needs attention, or why the portal is not ranked ("" when neither)


@dataclass(frozen=True, slots=True)
class IndexView:
    title: str
    heading: str  # the h1: the archive's title, or the group's name
    here_to_index: str  # "" on the index itself, the link back to it on a group page
    last_audited: str  # the newest run of any portal listed
    ranked: list[PortalRowView]  # best first
    unranked: list[PortalRowView]  # portals whose latest audited run is not comparable, with why
    pillar_titles: list[str]
    groups: list[GroupListView]  # every country and tag, linked (on the index)
    feed_href: str
    data_href: str


def _trend_words(history: PortalHistory, _: Gettext, lang: str) -> str:
    scored = [p for p in history.points if p.trend_scores.get(OPENNESS) is not None]
    if not scored:
        return _("no index yet")
    if len(scored) == 1:
        return _("one run so far")
    since = translations(lang).ngettext("%(n)s run since %(date)s", "%(n)s runs since %(date)s", len(scored))
    return since % {"n": len(scored), "date": date_text(scored[0].run.started_at, lang)}


def _portal_row(
    history: PortalHistory,
    here: PurePosixPath,
    names: tuple[str, ...],
    standing: RankRow | None,
    lang: str,
    _: Gettext,
) -> PortalRowView:
    titles = series_titles(_)
    statuses = status_words(_)
    last = history.runs[-1] if history.runs else None
    latest = history.latest
    flagged = ""
    if last is not None and last.status in (RunStatus.FAILED, RunStatus.INTERRUPTED):
        flagged = _("The last run %(status)s.") % {"status": statuses[last.status]}
    elif standing is not None and standing.rank is None:
        flagged = not_ranked_text(standing.run, _)
    groups = [
        GroupLinkView(link.kind, link.label, relative(here, page)) for link, page in portal_groups(history, lang, _)
    ]
    change = history.change_since_previous.get(OPENNESS)
    rank = ""
    if standing is not None and standing.rank is not None:
        rank = f"={standing.rank}" if standing.tied else str(standing.rank)
    return PortalRowView(
        href=relative(here, portal_page(history.key)),
        name=history.name,
        start_url=last.start_url if last else "",
        rank=rank,
        groups=groups,
        openness=ScoreView.of(titles[OPENNESS], latest.scores[OPENNESS] if latest else None, _, lang=lang),
        pillars=[
            ScoreView.of(titles.get(name, name), latest.scores.get(name) if latest else None, _, name, lang)
            for name in names[1:]
        ],
        trend=trend_tile(titles[OPENNESS], history.series(OPENNESS), words=chart_words(lang)),
        trend_words=_trend_words(history, _, lang),
        change=change_text(change, lang),
        change_class=change_class(change),
        last_audited=date_text(last.started_at, lang) if last else "–",
        last_status=statuses[last.status] if last else "–",
        flagged=flagged,
    )


def index_view(
    histories: list[PortalHistory],
    ranks: list[RankRow],
    title: str,
    _: Gettext,
    lang: str = "en",
    here: PurePosixPath = INDEX,
    heading: str = "",
) -> IndexView:
    """The index (every portal), or a group page (the portals of `histories` only, at `here`)."""
    titles = series_titles(_)
    names = series_names(histories)
    standing = {row.key: row for row in ranks}
    listed = {h.key: h for h in histories}
    order = [row.key for row in ranks if row.key in listed] + sorted(k for k in listed if k not in standing)
    rows = [_portal_row(listed[key], here, names, standing.get(key), lang, _) for key in order]
    starts = [h.runs[-1].started_at for h in histories if h.runs]
    is_index = here == INDEX
    return IndexView(
        title=title,
        heading=heading or title,
        here_to_index="" if is_index else relative(here, PurePosixPath("index.html")),
        last_audited=date_text(max(starts), lang) if starts else "–",
        ranked=[row for row in rows if row.rank],
        unranked=[row for row in rows if not row.rank],
        pillar_titles=[titles.get(name, name) for name in names[1:]],
        groups=group_lists(histories, here, lang, _) if is_index else [],
        feed_href=relative(here, PurePosixPath(FEED_NAME)),
        data_href=relative(here, PurePosixPath("data/index.html")),
    )
