"""axe-core's words in the report's language: the titles of its rules and its impact levels.

axe-core runs in English, and each finding keeps the English title of its rule (AxeFinding.help).
The archive shows the title in its reader's language from reports/locales/axe-core/LANG.json
(axe-core's own Russian locale, and a Kazakh one written for egov-audit: see the README there),
by the rule's id; a rule a file lacks keeps the English title the run stored.
"""

from __future__ import annotations

import json
from functools import cache

from egov_audit.reports.i18n import LOCALES, N_, Gettext, _same

AXE_LOCALES = LOCALES / "axe-core"

# axe-core's impact levels, most severe first.
IMPACTS = {
    "critical": N_("critical"),
    "serious": N_("serious"),
    "moderate": N_("moderate"),
    "minor": N_("minor"),
}
IMPACT_ORDER = {impact: rank for rank, impact in enumerate([*IMPACTS, ""])}


def impact_words(impact: str, _: Gettext = _same) -> str:
    """ "critical", "критическое", "өте маңызды"; an impact axe-core did not give reads "–"."""
    return _(IMPACTS[impact]) if impact in IMPACTS else (impact or "–")


@cache
def rule_titles(lang: str) -> dict[str, str]:
    """Rule id -> title in `lang`; empty for English (the titles the runs stored) and for a
    language without a file."""
    path = AXE_LOCALES / f"{lang}.json"
    if lang == "en" or not path.is_file():
        return {}
    rules = json.loads(path.read_text(encoding="utf-8"))["rules"]
    return {rule_id: text["help"] for rule_id, text in rules.items() if text.get("help")}


def rule_title(rule_id: str, stored: str, lang: str) -> str:
    """The title of an axe-core rule in `lang`, or `stored` (the English one the run kept)."""
    return rule_titles(lang).get(rule_id, stored)
