"""View models of the archive's groups: a portal's country and tags as links, the lists of groups
on the index, and which group pages to write (each is the index narrowed to its portals)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from egov_audit.reports.paths import country_group_page, relative, tag_group_page
from egov_audit.reports.views import Gettext
from egov_audit.store.history import PortalHistory


@dataclass(frozen=True, slots=True)
class GroupLinkView:
    kind: str  # "Country", or the tag's key as the config names it ("region")
    label: str  # "Kazakhstan", "Almaty"
    href: str


@dataclass(frozen=True, slots=True)
class GroupListView:
    kind: str
    groups: list[tuple[GroupLinkView, int]]  # each group and how many portals it holds


def country_name(code: str, lang: str) -> str:
    """ "Kazakhstan", "Казахстан", "Қазақстан" for KZ; the code itself when Babel does not know it."""
    from babel import Locale

    return Locale.parse(lang).territories.get(code.upper(), code.upper())


def portal_groups(history: PortalHistory, lang: str, _: Gettext) -> list[tuple[GroupLinkView, PurePosixPath]]:
    """The portal's country and tags as its latest run recorded them, each with its group page."""
    last = history.runs[-1] if history.runs else None
    if last is None:
        return []
    found = []
    if last.country:
        found.append(
            (GroupLinkView(_("Country"), country_name(last.country, lang), ""), country_group_page(last.country))
        )
    found += [(GroupLinkView(key, value, ""), tag_group_page(key, value)) for key, value in last.tags]
    return found


def group_lists(histories: list[PortalHistory], here: PurePosixPath, lang: str, _: Gettext) -> list[GroupListView]:
    """Every country and tag value of the portals, with how many portals each holds: the links of
    the index to the group pages."""
    counts: dict[tuple[str, str, PurePosixPath], int] = defaultdict(int)
    for history in histories:
        for link, page in portal_groups(history, lang, _):
            counts[(link.kind, link.label, page)] += 1
    kinds: dict[str, list[tuple[GroupLinkView, int]]] = defaultdict(list)
    for (kind, label, page), count in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1])):
        kinds[kind].append((GroupLinkView(kind, label, relative(here, page)), count))
    country = _("Country")
    order = sorted(kinds, key=lambda kind: (kind != country, kind))
    return [GroupListView(kind, kinds[kind]) for kind in order]


def group_pages(histories: list[PortalHistory], lang: str, _: Gettext) -> list[tuple[PurePosixPath, str, list[str]]]:
    """Each group page to write: its path, its heading ("Country: Kazakhstan", "region: Almaty")
    and the keys of its portals."""
    members: dict[tuple[PurePosixPath, str], list[str]] = defaultdict(list)
    for history in histories:
        for link, page in portal_groups(history, lang, _):
            members[(page, f"{link.kind}: {link.label}")].append(history.key)
    return [(page, heading, keys) for (page, heading), keys in sorted(members.items())]
