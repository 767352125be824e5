"""What the store's runs say over time: score series, change, uptime, new / fixed / persisting
failures between runs, and a cross-portal ranking. Computed with pandas, handed on as dataclasses.

Every run that ended is a point of the history (complete, partial, unreachable, failed); running
and interrupted runs are left out. Only comparable runs (RunInfo.comparable: complete, with an
index, not low-coverage; docs/scores.md) make the trend: its series, the changes since the last
and first run, regressions, and the failures new, fixed and unstable. Any other ended run is
kept in the table of runs with its reason, and an unreachable or failed one counts against uptime.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from egov_audit.audits.model import RunInfo, RunStatus
from egov_audit.audits.notes import Said
from egov_audit.audits.pillars import pillar_order, shipped_pillars
from egov_audit.crawler.model import FetchKind
from egov_audit.store.database import Store
from egov_audit.store.rows import finding_fingerprint, stored_evidence, stored_note
from egov_audit.store.schema import AxeFindingRow, OutcomeRow, PageRow, ScoreRow
from egov_audit.store.trend_terms import FLAP_CHANGES, FLAP_WINDOW, REGRESSION_POINTS

OPENNESS = "openness"
ENDED = (RunStatus.COMPLETE, RunStatus.PARTIAL, RunStatus.UNREACHABLE, RunStatus.FAILED)
# The runs a ranking may stand on: a failed run is egov-audit's failure, not the portal's state.
AUDITED = (RunStatus.COMPLETE, RunStatus.PARTIAL, RunStatus.UNREACHABLE)


@dataclass(frozen=True, slots=True)
class InstrumentChange:
    """One part of the instrument (instrument_facts' name) that measured differently from the run before."""

    name: str
    before: str
    after: str

    @property
    def english(self) -> str:
        return f"{self.name} {self.before or '–'} → {self.after or '–'}"


@dataclass(frozen=True, slots=True)
class RunPoint:
    run: RunInfo
    scores: dict[str, float | None]  # series name (PortalHistory.series_names) -> score, None where not scored
    home_answered: bool
    instrument_changes: tuple[InstrumentChange, ...] = ()  # where the measuring changed since the run before

    @property
    def instrument_change(self) -> str | None:
        """ "axe-core 4.10.2 → 4.11.0", in English; None where the measuring did not change."""
        return "; ".join(change.english for change in self.instrument_changes) or None

    @property
    def trend_scores(self) -> dict[str, float | None]:
        """The scores the trend shows: a run that is not comparable is a gap in every series."""
        return self.scores if self.run.comparable else dict.fromkeys(self.scores)


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A failure in one run, identified across runs by its fingerprint (rule, page, element)."""

    pillar: str
    rule_id: str
    page_url: str
    detail: str
    fingerprint: str = field(compare=False)
    note: Said | None = field(default=None, compare=False)  # the detail as a note, for the archive's languages


@dataclass(frozen=True, slots=True)
class FindingDiff:
    """Between a run and the one before it; flapping findings are `unstable`, in neither new nor fixed."""

    run_id: int
    previous_run_id: int | None
    new: tuple[Finding, ...] = ()
    fixed: tuple[Finding, ...] = ()
    persisting: tuple[Finding, ...] = ()
    unstable: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Regression:
    run: RunInfo
    series: str
    before: float
    after: float


@dataclass(frozen=True, slots=True)
class PortalHistory:
    key: str
    name: str
    runs: tuple[RunInfo, ...]  # every run, interrupted ones too, oldest first
    points: tuple[RunPoint, ...]  # the runs that ended, oldest first
    uptime: float | None  # share of ended runs in which the home page answered
    change_since_previous: dict[str, float | None]
    change_since_first: dict[str, float | None]
    diffs: tuple[FindingDiff, ...]  # one per ended run with scores, oldest first
    regressions: tuple[Regression, ...]
    # The openness index first, then every pillar: the shipped ones and any a rule pack added.
    series_names: tuple[str, ...] = (OPENNESS, *shipped_pillars())

    @property
    def latest(self) -> RunPoint | None:
        return self.points[-1] if self.points else None

    def series(self, name: str) -> tuple[float | None, ...]:
        return tuple(point.trend_scores.get(name) for point in self.points)

    @property
    def breaks(self) -> tuple[int, ...]:
        return tuple(i for i, point in enumerate(self.points) if point.instrument_change)


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int | None  # None: not ranked (`unranked` says why)
    tied: bool
    key: str
    name: str
    openness: float | None
    run: RunInfo | None  # the latest audited run, which the row stands on
    unranked: tuple[str, str] | None = None  # (kind, why) when the latest audited run is not comparable


def series_names(histories: Iterable[PortalHistory]) -> tuple[str, ...]:
    """The openness index, then every pillar any of `histories` has, in report order."""
    return (OPENNESS, *pillar_order({name for h in histories for name in h.series_names[1:]}))


def _score_frame(store: Store, runs: list[RunInfo]) -> pd.DataFrame:
    """Rows: run ids; columns: the openness index, then the shipped pillars and any other scored."""
    ids = [run.id for run in runs]
    with Session(store.engine) as session:
        rows = session.execute(
            select(ScoreRow.run_id, ScoreRow.pillar, ScoreRow.score).where(ScoreRow.run_id.in_(ids))
        ).all()
    frame = pd.DataFrame(rows, columns=["run_id", "pillar", "score"], dtype=object)
    table = frame.pivot(index="run_id", columns="pillar", values="score") if len(frame) else pd.DataFrame()
    table = table.reindex(index=ids, columns=list(pillar_order({*shipped_pillars(), *table.columns})))
    table.insert(0, OPENNESS, [run.openness_index for run in runs])
    return table.astype(float)


def _home_answered(store: Store, ids: list[int]) -> set[int]:
    with Session(store.engine) as session:
        return set(
            session.scalars(
                select(PageRow.run_id)
                .where(PageRow.run_id.in_(ids), PageRow.kind == FetchKind.PAGE, PageRow.depth == 0)
                .where(PageRow.status >= 200, PageRow.status < 300)
                .distinct()
            )
        )


def instrument_facts(run: RunInfo) -> dict[str, str]:
    """What measured the run, part by part: a run whose parts differ from the one before it is not
    comparable with it score for score (the archive marks the break, the methodology lists them)."""
    facts = dict(run.instrument)
    return {
        "egov-audit": run.tool_version,
        "rules": run.rules_digest[:12],
        "axe-core": facts.get("axe_core", ""),
        "Chromium": facts.get("chromium", "").split(".")[0],  # a major version changes what renders
        "fonts": facts.get("fonts", ""),  # text wraps by the fonts: regions overflow, targets shrink
    }


def instrument_changes(before: RunInfo | None, after: RunInfo) -> tuple[InstrumentChange, ...]:
    if before is None:
        return ()
    old, new = instrument_facts(before), instrument_facts(after)
    return tuple(InstrumentChange(name, old[name], new[name]) for name in new if old[name] != new[name])


def failures(store: Store, run_ids: Iterable[int]) -> dict[int, dict[str, Finding]]:
    """Each run's failures, keyed by fingerprint: failing rules per evidence page, and axe-core violations."""
    ids = list(run_ids)
    found: dict[int, dict[str, Finding]] = {run_id: {} for run_id in ids}
    with Session(store.engine) as session:
        for row in session.scalars(select(OutcomeRow).where(OutcomeRow.run_id.in_(ids), OutcomeRow.outcome == "fail")):
            # Evidence details carry figures ("3.2 s") that move from run to run; the page is what identifies.
            evidence = stored_evidence(row.evidence, row.evidence_notes)
            pages = {e.url: (e.detail, e.note) for e in evidence} or {"": (row.summary, stored_note(row.summary_note))}
            for url, (detail, said) in pages.items():
                fingerprint = finding_fingerprint(row.rule_id, url, ())
                found[row.run_id][fingerprint] = Finding(row.pillar, row.rule_id, url, detail, fingerprint, said)
        violations = select(AxeFindingRow).where(AxeFindingRow.run_id.in_(ids), AxeFindingRow.needs_review.is_(False))
        for item in session.scalars(violations):
            detail = f"{item.help} ({' '.join(item.targets)})"
            found[item.run_id][item.fingerprint] = Finding(
                "accessibility", item.rule_id, item.page_url, detail, item.fingerprint
            )
    return found


def _diffs(points: list[RunPoint], found: dict[int, dict[str, Finding]]) -> list[FindingDiff]:
    scored = [p.run.id for p in points if p.run.comparable]
    if not scored:
        return []
    every = sorted({fp for run_id in scored for fp in found[run_id]})
    # Rows: fingerprints; columns: runs in order; True where the finding was there.
    presence = pd.DataFrame(
        {run_id: [fp in found[run_id] for fp in every] for run_id in scored}, index=every, dtype=bool
    )
    diffs = [FindingDiff(scored[0], None, persisting=tuple(sorted(found[scored[0]].values())))]
    for position in range(1, len(scored)):
        run_id, previous = scored[position], scored[position - 1]
        window = presence.iloc[:, max(0, position - FLAP_WINDOW + 1) : position + 1]
        flips = window.astype(int).diff(axis=1).abs().sum(axis=1)
        unstable = set(flips[flips >= FLAP_CHANGES].index)
        now, before = presence[run_id], presence[previous]
        by_print = {**found[previous], **found[run_id]}

        def pick(mask: pd.Series, by_print: dict[str, Finding] = by_print, unstable: set[str] = unstable) -> tuple:
            return tuple(sorted(by_print[fp] for fp in mask[mask].index if fp not in unstable))

        diffs.append(
            FindingDiff(
                run_id,
                previous,
                new=pick(now & ~before),
                fixed=pick(before & ~now),
                persisting=pick(now & before),
                unstable=tuple(sorted(by_print[fp] for fp in unstable if fp in by_print and (now | before)[fp])),
            )
        )
    return diffs


def _change(table: pd.DataFrame) -> tuple[dict[str, float | None], dict[str, float | None]]:
    since_previous: dict[str, float | None] = {}
    since_first: dict[str, float | None] = {}
    for name in table.columns:
        known = table[name].dropna()
        since_previous[name] = round(float(known.iloc[-1] - known.iloc[-2]), 1) if len(known) >= 2 else None
        since_first[name] = round(float(known.iloc[-1] - known.iloc[0]), 1) if len(known) >= 2 else None
    return since_previous, since_first


def _regressions(points: list[RunPoint], table: pd.DataFrame, threshold: float) -> list[Regression]:
    found = []
    by_id = {p.run.id: p.run for p in points}
    names = list(table.columns)
    for name in names:
        known = table[name].dropna()
        falls = known.diff()
        for run_id in falls[falls < -threshold].index:
            position = known.index.get_loc(run_id)
            found.append(Regression(by_id[int(run_id)], name, float(known.iloc[position - 1]), float(known[run_id])))
    return sorted(found, key=lambda r: (r.run.id, names.index(r.series)))


def portal_history(store: Store, key: str, regression_points: float = REGRESSION_POINTS) -> PortalHistory:
    runs = store.runs(key)
    ended = [run for run in runs if run.status in ENDED]
    table = _score_frame(store, ended)
    answered = _home_answered(store, [run.id for run in ended])
    points: list[RunPoint] = []
    for position, run in enumerate(ended):
        scores = {name: (None if pd.isna(value) else float(value)) for name, value in table.loc[run.id].items()}
        change = instrument_changes(ended[position - 1] if position else None, run)
        points.append(RunPoint(run, scores, run.id in answered, change))
    scored = table.loc[[p.run.id for p in points if p.run.comparable]]
    since_previous, since_first = _change(scored)
    return PortalHistory(
        key=key,
        name=runs[-1].portal_name if runs else key,
        runs=tuple(runs),
        points=tuple(points),
        uptime=(len(answered) / len(ended)) if ended else None,
        change_since_previous=since_previous,
        change_since_first=since_first,
        diffs=tuple(_diffs(points, failures(store, [p.run.id for p in points if p.run.comparable]))),
        regressions=tuple(_regressions(points, scored, regression_points)),
        series_names=tuple(table.columns),
    )


def ranking(histories: Iterable[PortalHistory]) -> list[RankRow]:
    """Portals by the openness index of their latest audited run, best first. Equal indexes share a
    rank (1, 2, 2, 4), as the UN survey's tables do. A portal whose latest audited run is not
    comparable (unreachable, partial, without an index, low-coverage) is listed after the ranked
    ones with the reason, unranked: an older score would pass for the portal's state today."""
    rows = []
    for history in histories:
        audited = [p for p in history.points if p.run.status in AUDITED]
        latest = audited[-1] if audited else None
        openness = latest.scores[OPENNESS] if latest is not None and latest.run.comparable else None
        rows.append((history.key, history.name, openness, latest))
    frame = pd.DataFrame(rows, columns=["key", "name", "openness", "point"]).astype({"openness": float})
    frame["rank"] = frame["openness"].rank(method="min", ascending=False)
    counts = frame["openness"].value_counts()
    frame = frame.sort_values(["rank", "name", "key"], na_position="last", kind="stable")
    return [
        RankRow(
            rank=None if pd.isna(row.rank) else int(row.rank),
            tied=not pd.isna(row.openness) and counts[row.openness] > 1,
            key=row.key,
            name=row.name,
            openness=None if pd.isna(row.openness) else float(row.openness),
            run=row.point.run if row.point is not None else None,
            unranked=_unranked(row.point),
        )
        for row in frame.itertuples()
    ]


def _unranked(point: RunPoint | None) -> tuple[str, str] | None:
    if point is None:
        return ("no run", "no run of this portal has been audited to its end")
    return point.run.unranked


def all_histories(store: Store, regression_points: float = REGRESSION_POINTS) -> list[PortalHistory]:
    keys = sorted({run.portal_key for run in store.runs()})
    return [portal_history(store, key, regression_points) for key in keys]
