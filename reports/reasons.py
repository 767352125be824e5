"""Why a crawl stopped and why a page was rendered, in the report's language and in plain words
(no option names: the reader of the archive did not run the command)."""

from __future__ import annotations

from collections.abc import Mapping

from egov_audit.crawler.model import StopReason
from egov_audit.render.sampling import read_reason
from egov_audit.reports.i18n import N_, Gettext, _same
from egov_audit.reports.locale_format import LocaleFormat, formats

STOP_REASONS = {
    StopReason.FINISHED: N_("every page it found was reached"),
    StopReason.MAX_PAGES: N_("the page cap was reached"),
    StopReason.TIME_BUDGET: N_("the time budget ran out"),
    StopReason.CANCELLED: N_("a stop signal was received"),
}

# render/sampling.py REASONS, said to the archive's reader.
SAMPLE_REASONS = {
    "home": N_("the portal's home page"),
    "template": N_("stands for %(pages)s pages built from one template (%(template)s)"),
    "template_alone": N_("a page built from a template of its own (%(template)s)"),
    "named": N_("a rule looks at it: %(rule)s"),
    "form": N_("a page with a form"),
    "random": N_("chosen at random"),
    "every_page": N_("every page of the portal is checked in this run"),
}


def stop_reason_words(stop_reason: str | None, _: Gettext = _same) -> str:
    """Why the crawl ended, or "–" for a run that recorded none; a reason this version does not
    know is shown as stored."""
    if not stop_reason:
        return "–"
    try:
        return _(STOP_REASONS[StopReason(stop_reason)])
    except ValueError:
        return stop_reason


def sample_reason_words(
    stored: str,
    _: Gettext = _same,
    rule_titles: Mapping[str, str] | None = None,
    numbers: LocaleFormat | None = None,
) -> str:
    """Why a page was rendered, from the words the run stored (render/sampling.py): a rule by its
    title in the report's language where `rule_titles` (rule id -> title) has it. Words no version
    of the sampling gave are shown as stored."""
    read = read_reason(stored)
    if read is None:
        return stored or "–"
    code, values = read
    numbers = numbers or formats("en")
    if code == "named":
        values = {"rule": (rule_titles or {}).get(values["rule"], values["rule"])}
    elif code == "template":
        values = {**values, "pages": numbers.number(int(values["pages"]))}
    return _(SAMPLE_REASONS[code]) % values
