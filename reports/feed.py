"""An Atom feed of the archive: every run that ended, and every regression (a pillar or the
openness index that fell by more than the set number of points since the previous run).

Its `updated` times are the runs' own, never the time of rendering, so the same store gives
the same feed.

Ids must be unique to this archive, for good (RFC 4287 4.2.6): a feed reader that follows two
archives must not take run 3 of one for run 3 of the other. With the archive's public address
(`report --base-url`, settings.base_url) every link is absolute and an entry's id is its run
page's address (a regression's, that address with a fragment naming the pillar). Without one,
links stay relative to the feed (a reader resolves them against the address it fetched the
feed from; the feed says so in a comment) and ids are tag URIs that carry the archive's own
key: a digest of the store's first run (its portal and start time) and the archive's language.
That key is the same whenever and wherever the store is rendered (a random id kept in the
archive's manifest would change with every fresh folder, and the archive must render
byte-identical), and two stores share it only if their first runs audited one portal at the
same instant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

from egov_audit.audits.model import RunInfo
from egov_audit.reports.paths import run_page
from egov_audit.store.history import PortalHistory, Regression

FEED_NAME = "feed.atom"
_TAG = "tag:egov-audit,2026:"


def feed_base(url: str) -> str:
    """The archive's public address as links are made from it: http(s), with a host, ending in
    "/" (so runs/3.html lands inside it, not beside it). ValueError says what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL with a host, e.g. https://ngo.example/audits/")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r}: give the archive's folder address, without ?query or #fragment")
    return parts.geturl() if parts.path.endswith("/") else parts._replace(path=parts.path + "/").geturl()


def archive_key(runs: Iterable[RunInfo], lang: str) -> str:
    """What tells this archive's feed from another's without a base URL (see the module's docstring)."""
    first = min(runs, key=lambda run: run.id, default=None)
    seed = "" if first is None else f"{first.portal_key}\x1f{first.started_at.isoformat()}"
    return hashlib.sha256(f"{seed}\x1f{lang}".encode()).hexdigest()[:16]


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


def _other_changes(history: PortalHistory, fall: Regression, titles: dict[str, str]) -> list[str]:
    """Each other series' change at the fallen run, against its last earlier value: "Trust −12.5"."""
    earlier = [point for point in history.points if point.run.id < fall.run.id]
    now = next(point for point in history.points if point.run.id == fall.run.id).scores
    changes = []
    for name in history.series_names:
        before = next((p.scores.get(name) for p in reversed(earlier) if p.scores.get(name) is not None), None)
        if name == fall.series or before is None or now.get(name) is None:
            continue
        delta = now[name] - before  # type: ignore[operator]  # not None: checked above
        changes.append(
            f"{titles.get(name, name)} {delta:+.1f}" if round(delta, 1) else f"{titles.get(name, name)} ±0.0"
        )
    return changes


def atom_feed(
    histories: Iterable[PortalHistory],
    title: str,
    gettext: Callable[[str], str],
    lang: str = "en",
    base_url: str | None = None,
) -> str:
    from egov_audit.reports.archive_words import series_titles
    from egov_audit.reports.views import status_words

    _ = gettext
    histories = list(histories)
    series = series_titles(_)
    statuses = status_words(_)
    prefix = f"{_TAG}{archive_key((run for h in histories for run in h.runs), lang)}"

    def link(path: str) -> str:
        return urljoin(base_url, path) if base_url else path

    def run_id_of(run: RunInfo) -> str:
        return link(run_page(run.id).as_posix()) if base_url else f"{prefix}:run-{run.id}"

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
            entry_id = run_id_of(run)
            href = link(run_page(run.id).as_posix())
            entries.append((_when(run), entry_id, _entry(entry_id, heading, href, _when(run), words)))
        for fall in history.regressions:
            entry_id = (
                f"{run_id_of(fall.run)}#fell-{fall.series}"
                if base_url
                else f"{prefix}:regression-{fall.run.id}-{fall.series}"
            )
            values = {"portal": history.name, "series": series.get(fall.series, fall.series)}
            values |= {"before": fall.before, "after": fall.after, "points": fall.before - fall.after}
            values |= {"run": fall.run.id, "date": _when(fall.run).date().isoformat()}
            what = _("%(portal)s: %(series)s fell from %(before).1f to %(after).1f") % values
            said = _(
                "Run %(run)s of %(date)s: %(series)s fell by %(points).1f points, from %(before).1f to %(after).1f."
            )
            others = _other_changes(history, fall, series)
            rest = (
                _("Other changes since the previous run: %(changes)s.") % {"changes": ", ".join(others)}
                if others
                else _("No other score changed.")
            )
            summary = f"{said % values} {rest}"
            href = link(run_page(fall.run.id).as_posix())
            entries.append((_when(fall.run), entry_id, _entry(entry_id, what, href, _when(fall.run), summary)))
    entries.sort(key=lambda item: (item[0], item[1]), reverse=True)
    updated = entries[0][0].isoformat(timespec="seconds") if entries else "1970-01-01T00:00:00+00:00"
    feed_id = link(FEED_NAME) if base_url else prefix
    where = (
        ""
        if base_url
        # (No double hyphen may stand inside an XML comment, so the option is named without its own.)
        else "<!-- No base URL was given (settings.base_url, or the base-url option of egov-audit report): links are "
        "relative to this feed's own address, and ids are tag URIs made unique by a digest of the store's first "
        "run. -->\n"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"{where}"
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<id>{escape(feed_id)}</id>\n<title>{escape(title)}</title>\n"
        f"<updated>{updated}</updated>\n"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(link(FEED_NAME))}/>\n'
        f'<link rel="alternate" type="text/html" href={quoteattr(link("index.html"))}/>\n'
        "<author><name>egov-audit</name></author>\n" + "".join(entry for _w, _i, entry in entries) + "</feed>\n"
    )
