"""An Atom feed of the archive: every run that ended, and every regression (a pillar or the
openness index that fell by more than the set number of points since the previous run).

Its `updated` times are the runs' own, never the time of rendering, so the same store gives
the same feed. Links are relative to the feed, which sits at the archive's root.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from egov_audit.audits.model import RunInfo
from egov_audit.reports.paths import portal_page, run_page
from egov_audit.store.history import PortalHistory

FEED_NAME = "feed.atom"


def _when(run: RunInfo) -> datetime:
    return run.finished_at or run.started_at


def _entry(entry_id: str, title: str, href: str, updated: datetime, summary: str) -> str:
    return (
        "<entry>\n"
        f"<id>{escape(entry_id)}</id>\n"
        f"<title>{escape(title)}</title>\n"
        f'<link rel="alternate" type="text/html" href={quoteattr(href)}/>\n'
        f"<updated>{updated.isoformat(timespec='seconds')}</updated>\n"
        f"<summary>{escape(summary)}</summary>\n"
        "</entry>\n"
    )


def atom_feed(histories: Iterable[PortalHistory], title: str, gettext: Callable[[str], str]) -> str:
    from egov_audit.reports.archive_views import series_titles
    from egov_audit.reports.views import status_words

    _ = gettext
    series = series_titles(_)
    statuses = status_words(_)
    entries: list[tuple[datetime, str, str]] = []
    for history in histories:
        for point in history.points:
            run = point.run
            openness = point.scores.get("openness")
            words = _("openness index %(value)s") % {"value": "–" if openness is None else f"{openness:.1f}"}
            heading = _("%(portal)s: run %(run)s, %(status)s") % {
                "portal": history.name,
                "run": run.id,
                "status": statuses[run.status],
            }
            entries.append(
                (
                    _when(run),
                    f"tag:egov-audit,2026:run-{run.id}",
                    _entry(
                        f"tag:egov-audit,2026:run-{run.id}",
                        heading,
                        run_page(run.id).as_posix(),
                        _when(run),
                        words,
                    ),
                )
            )
        for fall in history.regressions:
            entry_id = f"tag:egov-audit,2026:regression-{fall.run.id}-{fall.series}"
            what = _("%(portal)s: %(series)s fell from %(before).1f to %(after).1f") % {
                "portal": history.name,
                "series": series[fall.series],
                "before": fall.before,
                "after": fall.after,
            }
            entries.append(
                (
                    _when(fall.run),
                    entry_id,
                    _entry(entry_id, what, portal_page(history.key).as_posix(), _when(fall.run), what),
                )
            )
    entries.sort(key=lambda item: (item[0], item[1]), reverse=True)
    updated = entries[0][0].isoformat(timespec="seconds") if entries else "1970-01-01T00:00:00+00:00"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<id>tag:egov-audit,2026:archive</id>\n<title>{escape(title)}</title>\n"
        f"<updated>{updated}</updated>\n"
        f'<link rel="self" href="{FEED_NAME}"/>\n'
        "<author><name>egov-audit</name></author>\n" + "".join(entry for _w, _i, entry in entries) + "</feed>\n"
    )
