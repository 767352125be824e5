"""The archive's methodology page: what the index, the pillars, the bands, the sample and the rules
are, generated from the data the archived runs stand on, so it cannot drift from them.

    methodology.html      #index, #ranking, #bands, #pillars, #pillar-NAME, #rule-ID, #sampling,
                          #instrument, #methodologies

The rules are those of the profiles the stored runs used (RunInfo.profile), as the rule files
shipped with this egov-audit define them; the bands are reports/views.py's SCORE_BANDS; the
sample is render/sampling.py's and render/settings.py's defaults; the instruments are what each
run recorded, grouped as store/history.py compares them for the portals' trends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import RunInfo
from egov_audit.audits.pillars import pillar_order, shipped_pillars
from egov_audit.audits.rule_schema import SHIPPED_RULES, RuleFileError, Scope
from egov_audit.audits.rulebook import Rule, RuleSet, load_profile, load_rules
from egov_audit.audits.scoring import index_pillars
from egov_audit.render.settings import RENDER_DEFAULTS
from egov_audit.reports.i18n import N_, Gettext, Ngettext
from egov_audit.reports.instrument_words import changes_text, part_name, part_value
from egov_audit.reports.paths import relative, run_page
from egov_audit.reports.references import methodology_title, reference_text
from egov_audit.reports.views import SCORE_BANDS, UNSCORED_BAND
from egov_audit.store.history import instrument_changes, instrument_facts

METHODOLOGY_PAGE = PurePosixPath("methodology.html")

# The shipped pillars' headings, and their questions as rules/pillars.yaml words them, marked for the
# catalogs (a test keeps the questions equal to the file's). Headings of their own: the Kazakh
# catalog's word for the transparency pillar is the openness index's word, and this page sets both.
_HEADINGS = {
    "availability": N_("The availability pillar"),
    "accessibility": N_("The accessibility pillar"),
    "transparency": N_("The transparency pillar"),
    "participation": N_("The participation pillar"),
    "inclusion": N_("The inclusion pillar"),
    "trust": N_("The trust pillar"),
}
QUESTIONS = {
    "availability": N_("Can it be reached, quickly, without errors?"),
    "accessibility": N_("Can people with disabilities use it?"),
    "transparency": N_("Does it tell citizens what they need to hold it to account?"),
    "participation": N_("Can citizens speak back?"),
    "inclusion": N_("Is it usable in every official language, on a phone, on a slow line?"),
    "trust": N_("Is the connection and data handling safe?"),
}
_SCOPES = {
    Scope.HOME: N_("the home page"),
    Scope.EVERY_PAGE: N_("each page it applies to; scores the share that passes"),
    Scope.ANY_PAGE: N_("some page: one that passes is enough"),
    Scope.SITE: N_("the whole site at once"),
}
# The pillars' names in running text (the index is the mean of ...).
_NAMES = {
    "availability": N_("availability"),
    "accessibility": N_("accessibility"),
    "transparency": N_("transparency"),
    "participation": N_("participation"),
    "inclusion": N_("inclusion"),
    "trust": N_("trust"),
}


@dataclass(frozen=True, slots=True)
class RuleRow:
    rule_id: str
    title: str
    weight: str
    review: bool
    decided: str  # automatically, or by a person's review
    examines: str
    refs: list[str]
    profiles: str  # the archive's profiles that hold it, when there are several


@dataclass(frozen=True, slots=True)
class PillarSection:
    pillar: str
    anchor: str
    heading: str
    question: str
    rules: list[RuleRow]


@dataclass(frozen=True, slots=True)
class ProfileRow:
    name: str
    title: str
    index_pillars: list[tuple[str, str]]  # (anchor, pillar title)
    rules: int
    digest: str
    used_by_runs: bool  # some archived run audited with exactly these rules
    min_pages: int
    max_off_site_share: str


@dataclass(frozen=True, slots=True)
class BandRow:
    css_class: str
    words: str
    scores: str


@dataclass(frozen=True, slots=True)
class InstrumentRow:
    first: tuple[str, str]  # (run label, href)
    last: tuple[str, str]
    runs: str  # "3 runs"
    parts: list[str]  # in the order of `instrument_names`
    changed: str  # what differs from the instrument before it, "" for the first


@dataclass(frozen=True, slots=True)
class MethodologyRow:
    title: str
    url: str
    cited: str


@dataclass(frozen=True, slots=True)
class MethodologyView:
    profiles: list[ProfileRow]
    missing_profiles: list[str]  # profiles of stored runs that this egov-audit no longer ships
    bands: list[BandRow]
    pillars: list[PillarSection]
    several_profiles: bool
    sample_size: int | None
    random_share: str
    named_by: list[tuple[str, str]]  # (anchor, rule title): the rules whose links name pages to render
    instrument_names: list[str]
    instruments: list[InstrumentRow]
    methodologies: list[MethodologyRow]


def _rules_files_digest() -> str:
    """The shipped rule files, profiles, pillars and methodologies: what the page is made from."""
    digest = hashlib.sha256()
    for path in sorted(SHIPPED_RULES.rglob("*.yaml")):
        digest.update(path.relative_to(SHIPPED_RULES).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def methodology_key(runs: Iterable[RunInfo]) -> list[Any]:
    """What the page depends on besides the templates and the language: the rule files, and each
    run's profile and instrument. Unchanged, the page is not rendered again."""
    return [
        _rules_files_digest(),
        [[run.id, run.profile, run.started_at.date(), sorted(instrument_facts(run).items())] for run in runs],
    ]


def _number(value: float) -> str:
    return f"{value:g}"


def _share(value: float) -> str:
    return f"{value * 100:g} %"


def _bands(_: Gettext) -> list[BandRow]:
    rows = []
    ceiling: float | None = None
    for floor, css_class, words in SCORE_BANDS:
        if ceiling is None:
            scores = _("%(low)s to 100") % {"low": _number(floor)}
        else:
            scores = _("%(low)s to under %(high)s") % {"low": _number(floor), "high": _number(ceiling)}
        rows.append(BandRow(css_class, _(words), scores))
        ceiling = floor
    rows.append(BandRow(UNSCORED_BAND[0], _(UNSCORED_BAND[1]), _("no score (–)")))
    return rows


def _ref(source: str, item: str, _: Gettext) -> str:
    return reference_text(source, item, _)


def _rule_row(by_profile: dict[str, Rule], lang: str, _: Gettext, several: bool) -> RuleRow:
    rule = next(iter(by_profile.values()))
    spec = rule.spec
    weights = {name: _number(r.spec.weight) for name, r in by_profile.items()}
    if len(set(weights.values())) == 1:
        weight = weights[next(iter(weights))]
    else:
        weight = ", ".join(f"{name}: {w}" for name, w in weights.items())
    review = spec.review
    return RuleRow(
        rule_id=spec.id,
        title=spec.titles.get(lang, spec.title),
        weight=weight,
        review=review,
        decided=_("awaits a person's review; weighs nothing until then") if review else _("automatically"),
        examines=_(_SCOPES[spec.scope]),
        refs=[_ref(ref.source, ref.item, _) for ref in spec.refs],
        profiles=", ".join(by_profile) if several else "",
    )


def _profile_row(rule_set: RuleSet, title: str, used: set[str], titles: dict[str, str]) -> ProfileRow:
    # A rule's spec carries the pillar, review and weight that decide whether it can weigh, as an
    # outcome does: the index pillars are those scoring.index_pillars finds.
    pillars = index_pillars([rule.spec for rule in rule_set.rules])  # type: ignore[misc]
    return ProfileRow(
        name=rule_set.profile,
        title=title,
        index_pillars=[(f"pillar-{p}", titles.get(p, p)) for p in pillars],
        rules=len(rule_set.rules),
        digest=rule_set.digest[:12],
        used_by_runs=rule_set.digest[:12] in used,
        min_pages=rule_set.comparable.min_pages,
        max_off_site_share=_share(rule_set.comparable.max_off_site_share),
    )


def _instruments(runs: list[RunInfo], _: Gettext, ngettext: Ngettext) -> tuple[list[str], list[InstrumentRow]]:
    """The distinct instruments of the runs, in the order they were first used, each with the first
    and last run that used it."""
    seen: dict[tuple[tuple[str, str], ...], list[RunInfo]] = {}
    for run in sorted(runs, key=lambda r: r.id):
        seen.setdefault(tuple(instrument_facts(run).items()), []).append(run)
    names = list(instrument_facts(runs[0])) if runs else []
    rows = []
    before: RunInfo | None = None
    for facts, used in seen.items():
        rows.append(
            InstrumentRow(
                first=_run_link(used[0]),
                last=_run_link(used[-1]),
                runs=ngettext("%(n)s run used it", "%(n)s runs used it", len(used)) % {"n": len(used)},
                parts=[part_value(value, ngettext) for _name, value in facts],
                changed=changes_text(instrument_changes(before, used[0]), _, ngettext),
            )
        )
        before = used[0]
    return [part_name(n, _) for n in names], rows


def _run_link(run: RunInfo) -> tuple[str, str]:
    return f"#{run.id}, {run.started_at:%Y-%m-%d}", relative(METHODOLOGY_PAGE, run_page(run.id))


def methodology_view(runs: list[RunInfo], lang: str, _: Gettext, ngettext: Ngettext) -> MethodologyView:
    """The page's view of `runs`: the archive's runs that ended."""
    titles = {p: _(name) for p, name in _NAMES.items()}
    rule_sets: list[tuple[RuleSet, str]] = []
    missing = []
    for name in sorted({run.profile for run in runs}):
        try:
            rule_sets.append((load_rules(name), load_profile(name)[0].title))
        except RuleFileError:
            missing.append(name)
    several = len(rule_sets) > 1
    used = {run.rules_digest[:12] for run in runs}
    by_id: dict[str, dict[str, Rule]] = {}
    for rule_set, _title in rule_sets:
        for rule in rule_set.rules:
            by_id.setdefault(rule.id, {})[rule_set.profile] = rule
    pillars = pillar_order(next(iter(r.values())).spec.pillar for r in by_id.values())
    sections = [
        PillarSection(
            pillar=p,
            anchor=f"pillar-{p}",
            heading=_(_HEADINGS[p]) if p in _HEADINGS else titles.get(p, p),
            question=_(QUESTIONS[p]) if p in QUESTIONS else shipped_pillars().get(p, ""),
            rules=[_rule_row(r, lang, _, several) for r in by_id.values() if next(iter(r.values())).spec.pillar == p],
        )
        for p in pillars
    ]
    named_by = [
        (f"rule-{rule_id}", _rule_row(r, lang, _, several).title)
        for rule_id, r in by_id.items()
        if CHECKS[next(iter(r.values())).spec.check].links is not None
    ]
    cited: dict[str, set[str]] = {}
    for r in by_id.values():
        for ref in next(iter(r.values())).spec.refs:
            cited.setdefault(ref.source, set()).add(next(iter(r.values())).id)
    known = catalog()
    names, instruments = _instruments(runs, _, ngettext)
    return MethodologyView(
        profiles=[_profile_row(rule_set, _(title), used, titles) for rule_set, title in rule_sets],
        missing_profiles=missing,
        bands=_bands(_),
        pillars=sections,
        several_profiles=several,
        sample_size=RENDER_DEFAULTS.sample,
        random_share=_share(RENDER_DEFAULTS.random_share),
        named_by=named_by,
        instrument_names=names,
        instruments=instruments,
        methodologies=[
            MethodologyRow(
                title=methodology_title(source, _),
                url=known[source].url if source in known else "",
                cited=ngettext("cited by %(n)s rule", "cited by %(n)s rules", len(ids)) % {"n": len(ids)},
            )
            for source, ids in sorted(
                cited.items(), key=lambda item: list(known).index(item[0]) if item[0] in known else len(known)
            )
        ],
    )
