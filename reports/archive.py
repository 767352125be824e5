"""`egov-audit report`: the published archive, rendered from the store.

    index.html                       every portal: the ranked ones by rank, with bands, trend tiles and
                                     change; the unranked apart; links to the group pages
    groups/country/CC.html           the portals of a country (ISO code), ranked as on the index
    groups/TAG/VALUE.html            the portals sharing a config tag (groups/region/almaty.html)
    portals/SLUG/index.html          a portal over time: chart, runs, new and fixed, failures
    runs/RUN_ID.html                 one run, for good (run ids never change)
    methodology.html                 what the index, pillars, bands, sample and rules are
    scorecards/METHODOLOGY.html      every portal's share of a methodology's indicators met, ranked,
                                     and every indicator with each portal's answer
    data/index.html                  downloads and the data dictionary
    data/{runs,scores,outcomes,findings}.csv, data/history.json
    data/runs/RUN_ID/*.csv, run.json one run's data
    feed.atom                        runs and regressions

Deterministic: nothing depends on the time of rendering or the order of a dict, so the same
store renders byte-identical files. Incremental: a manifest keeps, for each run and portal
page, a digest of what it was made from; pages whose digest is unchanged are not rendered
again. Files are written whole (a temporary file renamed), and only when their bytes change.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from egov_audit import __version__
from egov_audit.audits.model import RunInfo, RunStatus
from egov_audit.audits.run_facts import run_facts
from egov_audit.reports.downloads import TABLES, tables, to_csv, to_json
from egov_audit.reports.errors import EmptyStoreError, ReportError
from egov_audit.reports.feed import FEED_NAME, atom_feed
from egov_audit.reports.group_views import group_pages
from egov_audit.reports.i18n import DEFAULT_TITLE, translations
from egov_audit.reports.index_views import index_view
from egov_audit.reports.methodology import METHODOLOGY_PAGE, methodology_key, methodology_view
from egov_audit.reports.paths import portal_page, relative, run_data, run_page, scorecard_page
from egov_audit.reports.portal_views import failing_since, portal_view
from egov_audit.reports.render import environment
from egov_audit.reports.scorecard_page_views import scorecard_links, scorecard_page_view, scored_methodologies
from egov_audit.reports.scorecard_views import portal_cards, portal_scorecards_view
from egov_audit.reports.views import run_view
from egov_audit.store.database import Store
from egov_audit.store.history import PortalHistory, all_histories, failures, ranking
from egov_audit.store.reviews import portal_reviews
from egov_audit.store.trend_terms import REGRESSION_POINTS

MANIFEST = ".egov-audit-archive.json"
_TEMPLATES = Path(__file__).with_name("templates")
_STATIC = Path(__file__).with_name("static")


@dataclass
class ArchiveOutcome:
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    rendered: list[str] = field(default_factory=list)  # run and portal pages made again
    reused: int = 0  # run and portal pages whose inputs had not changed


def _design_digest() -> str:
    """What every page depends on besides the data: the templates, the style sheet, the version."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*_TEMPLATES.rglob("*.html"), *_STATIC.iterdir()]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _run_key(run: RunInfo) -> list[Any]:
    return [run.id, str(run.status), run.finished_at, run.openness_index, run.pages_count]


class _Writer:
    def __init__(self, root: Path, outcome: ArchiveOutcome) -> None:
        self.root = root
        self.outcome = outcome

    def write(self, relative_path: PurePosixPath | str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.root / PurePosixPath(relative_path)
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise ReportError(f"refusing to write {relative_path}: outside the archive {self.root}")
        try:
            if path.is_file() and path.read_bytes() == data:
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as temporary:
                temporary.write(data)
            Path(temporary.name).replace(path)
        except OSError as exc:
            raise ReportError(f"cannot write {path}: {exc.strerror}") from None
        self.outcome.written.append(str(PurePosixPath(relative_path)))


def _load_manifest(root: Path) -> dict[str, str]:
    try:
        loaded = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _run_page(store: Store, run: RunInfo, lang: str, histories: dict[str, PortalHistory]) -> str:
    env = environment(lang)
    page = run_page(run.id)
    result = store.load_result(run.id)
    nav = {
        "index": relative(page, PurePosixPath("index.html")),
        "portal": relative(page, portal_page(run.portal_key)),
        "portal_name": histories[run.portal_key].name,
        "data": relative(page, run_data(run.id) / "run.json"),
        "csv": [(name, relative(page, run_data(run.id) / f"{name}.csv")) for name in TABLES],
    }
    view = run_view(result, run_facts(result), translations(lang).gettext, lang)
    return env.get_template("run.html").render(view=view, nav=nav, methodology=relative(page, METHODOLOGY_PAGE))


def render_archive(
    store: Store,
    out_dir: Path,
    lang: str = "en",
    title: str = DEFAULT_TITLE,
    regression_points: float = REGRESSION_POINTS,
    *,
    base_url: str | None = None,
    csv_bom: bool = False,
    force: bool = False,
) -> ArchiveOutcome:
    """Render (or bring up to date) the archive of every run in `store` under `out_dir`: links in
    the feed absolute under `base_url` (feed.feed_base's form) when given, CSV files led by a
    byte order mark with `csv_bom`. An archive that lists runs is not replaced by an empty one
    (EmptyStoreError) unless `force`."""
    outcome = ArchiveOutcome()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create the archive folder {out_dir}: {exc.strerror}") from None
    writer = _Writer(out_dir, outcome)
    env = environment(lang)
    _ = translations(lang).gettext
    if title == DEFAULT_TITLE:
        title = _(DEFAULT_TITLE)
    design = _design_digest()
    previous = _load_manifest(out_dir)
    manifest: dict[str, str] = {}

    histories = all_histories(store, regression_points)
    by_key = {h.key: h for h in histories}
    runs = [run for h in histories for run in h.runs]
    finished = [run for run in runs if run.status is not RunStatus.RUNNING]
    cards = {h.key: portal_cards(store, h, portal_reviews(store, h.key)) for h in histories}
    published = sum(1 for page in previous if page.startswith("runs/"))
    if published and not finished and not force:
        raise EmptyStoreError(
            f"refusing to replace the archive {out_dir} ({published} runs) with an empty one: the store "
            f"{store.safe_url} has no ended runs; check --db and --out (report --force renders it anyway)"
        )

    for run in finished:
        page = run_page(run.id)
        digest = _digest(design, lang, _run_key(run), by_key[run.portal_key].name, csv_bom)
        manifest[str(page)] = digest
        if previous.get(str(page)) == digest and (out_dir / page).is_file():
            outcome.reused += 1
            continue
        writer.write(page, _run_page(store, run, lang, by_key))
        run_tables = tables(store, [run])
        for name, rows in run_tables.items():
            writer.write(run_data(run.id) / f"{name}.csv", to_csv(name, rows, csv_bom))
        writer.write(run_data(run.id) / "run.json", to_json(run_tables))
        outcome.rendered.append(str(page))

    for history in histories:
        page = portal_page(history.key)
        digest = _digest(
            design,
            lang,
            regression_points,
            history.name,
            [_run_key(r) for r in history.runs],
            cards[history.key].digest(),
        )
        manifest[str(page)] = digest
        if previous.get(str(page)) == digest and (out_dir / page).is_file():
            outcome.reused += 1
            continue
        latest_point = next((p for p in reversed(history.points) if p.run.status is not RunStatus.FAILED), None)
        latest = store.load_result(latest_point.run.id) if latest_point else None
        diff = history.diffs[-1] if history.diffs else None
        found = failures(store, [p.run.id for p in history.points if p.run.comparable])
        scorecards = portal_scorecards_view(cards[history.key], lang, _)
        view = portal_view(history, latest, diff, lang, _, failing_since(history, found), scorecards)
        writer.write(
            page, env.get_template("portal.html").render(view=view, methodology=relative(page, METHODOLOGY_PAGE))
        )
        outcome.rendered.append(str(page))

    ranks = ranking(histories)
    view = index_view(histories, ranks, title, _, lang)
    index = env.get_template("archive_index.html")
    links = scorecard_links(PurePosixPath("index.html"), _)
    writer.write("index.html", index.render(view=view, methodology=str(METHODOLOGY_PAGE), scorecards=links))
    for group, heading, keys in group_pages(histories, lang, _):
        view = index_view([by_key[key] for key in keys], ranks, f"{heading} — {title}", _, lang, group, heading)
        methodology = relative(group, METHODOLOGY_PAGE)
        links = scorecard_links(group, _)
        writer.write(group, index.render(view=view, methodology=methodology, scorecards=links))
    for scored in scored_methodologies():
        card_view = scorecard_page_view(scored, ranks, cards, lang, _)
        writer.write(scorecard_page(scored.id), env.get_template("scorecard.html").render(view=card_view))
    ended = [point.run for history in histories for point in history.points]
    digest = _digest(design, lang, methodology_key(ended))
    manifest[str(METHODOLOGY_PAGE)] = digest
    if previous.get(str(METHODOLOGY_PAGE)) != digest or not (out_dir / METHODOLOGY_PAGE).is_file():
        explained = methodology_view(ended, lang, _, translations(lang).ngettext)
        nav = {"index": relative(METHODOLOGY_PAGE, PurePosixPath("index.html"))}
        links = scorecard_links(METHODOLOGY_PAGE, _)
        html = env.get_template("methodology.html").render(view=explained, nav=nav, scorecards=links)
        writer.write(METHODOLOGY_PAGE, html)
    writer.write(FEED_NAME, atom_feed(histories, title, _, lang, base_url))
    every = tables(store, finished)
    for name, rows in every.items():
        writer.write(f"data/{name}.csv", to_csv(name, rows, csv_bom))
    writer.write("data/history.json", to_json(every))
    writer.write("data/index.html", env.get_template("data.html").render(tables=TABLES))
    writer.write(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return outcome
