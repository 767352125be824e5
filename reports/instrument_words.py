"""The instrument a run was measured with, in the reader's words: the run page's "axe-core 4.10.2,
Chromium 156…, browser driver playwright, fonts 50 faces sha256:…", the portal page's breaks and
the methodology page's table. Products and versions are names, said as they are; what egov-audit
calls a part (rules, fonts, browser driver) and the count of font faces are translated."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from egov_audit.reports.i18n import N_, Gettext, Ngettext

if TYPE_CHECKING:  # store.history computes trends with pandas, which the command line loads only for them
    from egov_audit.store.history import InstrumentChange

# A part by the name a run records (render/…) or store/history.instrument_facts gives it.
_PARTS = {
    "axe_core": "axe-core",
    "axe-core": "axe-core",
    "chromium": "Chromium",
    "Chromium": "Chromium",
    "egov-audit": "egov-audit",
    "driver": N_("browser driver"),
    "rules": N_("rules"),
    "fonts": N_("fonts"),
}
_PRODUCTS = {"axe-core", "Chromium", "egov-audit"}
_FACES = re.compile(r"(\d+) faces (sha256:[0-9a-f]+)")  # render/fonts.faces_digest


def part_name(name: str, _: Gettext) -> str:
    said = _PARTS.get(name, name)
    return said if said in _PRODUCTS else _(said)


def part_value(value: str, ngettext: Ngettext) -> str:
    """A part's value; "50 faces sha256:…" with its noun in the reader's language, "–" for none."""
    faces = _FACES.fullmatch(value)
    if faces is None:
        return value or "–"
    count = int(faces.group(1))
    return f"{ngettext('%(n)s face', '%(n)s faces', count) % {'n': count}} {faces.group(2)}"


def instrument_text(facts: Iterable[tuple[str, str]], _: Gettext, ngettext: Ngettext) -> str:
    return ", ".join(f"{part_name(name, _)} {part_value(value, ngettext)}" for name, value in facts)


def changes_text(changes: Iterable[InstrumentChange], _: Gettext, ngettext: Ngettext) -> str:
    return "; ".join(
        f"{part_name(c.name, _)} {part_value(c.before, ngettext)} → {part_value(c.after, ngettext)}" for c in changes
    )
