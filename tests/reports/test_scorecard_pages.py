"""The scorecards in the archive (reports/scorecard_views.py, reports/scorecard_page_views.py): a
section per methodology on a portal's page, with the share met, the level, the split of what gave
each answer, the criteria and the trend; a page per methodology ranking the portals and listing every
indicator with each portal's answer. Built from a store whose runs' outcomes cite LOSI indicators."""

from __future__ import annotations

import html as markup
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import CrawlCoverage, Evidence, Outcome, PillarScore, RuleOutcome, RunStatus
from egov_audit.audits.pillars import shipped_pillars
from egov_audit.audits.reviews import Review, evidence_digest
from egov_audit.crawler.model import FetchKind, PageSnapshot, StopReason
from egov_audit.reports.archive import render_archive
from egov_audit.reports.paths import portal_page, scorecard_page
from egov_audit.store.database import Store
from egov_audit.store.reviews import PortalReview, add_reviews

LOSI = "un-losi"
CITY = "https://city.example/"
TOWN = "https://town.example/"
DOWN = "https://down.example/"
# The methodology file's statuses may change as rules come: the test picks its indicators by status.
AUTOMATED = [i for i in catalog()[LOSI].indicators if i.status == "automated"]
REVIEWED = next(i for i in catalog()[LOSI].indicators if i.status == "review")
# (rule id, the LOSI indicator it cites, review rule?)
RULES = {
    "contacts": (AUTOMATED[0], False),
    "updated": (AUTOMATED[1], False),
    "law": (AUTOMATED[2], False),
    "https": (AUTOMATED[3], False),
    "search": (AUTOMATED[4], False),
    "structure": (REVIEWED, True),  # a review indicator: rules only gather evidence
    "budget-hint": (AUTOMATED[5], True),  # an automated one cited by a review rule alone
}


def outcome(rule: str, result: Outcome) -> RuleOutcome:
    indicator, review = RULES[rule]
    return RuleOutcome(
        rule,
        rule,
        "transparency",
        0,
        result,
        f"{rule} {result}",
        (Evidence(f"{CITY}{rule}/", "seen"),),
        review,
        ((LOSI, indicator.id),),
        score={Outcome.PASS: 1.0, Outcome.FAIL: 0.0}.get(result),
    )


def record(
    store: Store, key: str, name: str, results: dict[str, Outcome], status: RunStatus = RunStatus.COMPLETE
) -> int:
    run_id = store.start_run(key, name, key, "0.2.0", "digest", {})
    store.add_pages(run_id, [PageSnapshot(url=key, kind=FetchKind.PAGE, status=200, depth=0)])
    outcomes = [outcome(rule, result) for rule, result in results.items()]
    complete = status is RunStatus.COMPLETE
    pillars = [PillarScore(p, 60.0 if complete else None, 1, 0, 0, 0) for p in shipped_pillars()]
    coverage = CrawlCoverage(pages=40, links=80, links_off_site=2)
    store.finish_run(run_id, status, StopReason.FINISHED, outcomes, pillars, 60.0 if complete else None, None, coverage)
    return run_id


P, F, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("scorecards")
    opened = Store(f"sqlite:///{folder / 'store.sqlite'}")
    # The city improves: 2, then 3, then 4 LOSI indicators met by rules (review rules decide nothing),
    # and in the last run a person's answer to a review indicator, given on that run's evidence.
    record(opened, CITY, "City <portal>", {"contacts": P, "updated": P, "law": F, "https": NA, "structure": F})
    record(opened, CITY, "City <portal>", {"contacts": P, "updated": P, "law": P, "https": F, "budget-hint": P})
    last = record(
        opened, CITY, "City <portal>", {"contacts": P, "updated": P, "law": P, "https": P, "search": F, "structure": P}
    )
    evidence = evidence_digest(opened.outcomes(last), LOSI, REVIEWED.id)
    answer = Review(LOSI, REVIEWED.id, True, "Aigerim", datetime(2026, 3, 2, tzinfo=UTC), evidence)
    add_reviews(opened, [PortalReview(CITY, last, answer)])
    # The town meets one indicator and fails one; the other portal's last run found nothing answering.
    record(opened, TOWN, "Town", {"contacts": P, "updated": F, "search": Outcome.ERROR})
    record(opened, DOWN, "Down portal", {}, RunStatus.UNREACHABLE)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def archives(store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scorecard-archives")
    for lang in ("en", "ru", "kk"):
        render_archive(store, folder / lang, lang)
    return {lang: folder / lang for lang in ("en", "ru", "kk")}


def text(root: Path, page: object) -> str:
    return (root / str(page)).read_text(encoding="utf-8")


def visible(html: str) -> str:
    """The page's words without its tags, style and SVG (a chart's words are checked apart)."""
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_portal_page_shows_each_methodology_with_share_level_split_and_criteria(archives: dict[str, Path]) -> None:
    html = text(archives["en"], portal_page(CITY))
    section = html[html.index('id="scorecards"') : html.index('id="runs"')]
    total = len(catalog()[LOSI].indicators)
    assert 'id="scorecard-un-losi"' in section and "UN Local Online Service Index (LOSI)" in section
    words = visible(section)
    # 5 of 86 met: 4 by rules, 1 by the person's answer; the review rule's own pass counts for nothing
    assert f"5.8% 5 of {total} indicators met. Level: low" in words
    assert "met, decided by rules: 4" in words and "met, answered by a person's review: 1" in words
    assert "not met: 1" in words and f"unknown (counts as not met): {total - 6}" in words
    for criterion in catalog()[LOSI].criteria:  # a row per criterion: met of total
        met = sum(
            RULES[rule][0].criterion == criterion.id for rule in ("contacts", "updated", "law", "https", "structure")
        )
        assert f"{criterion.title} {met} of {len(criterion.indicators)}" in words
    assert 'href="../../scorecards/un-losi.html"' in section
    assert "The scorecards below are of the latest scored run: Run 3," in words
    # every scored methodology has its section, with its own trend chart
    for methodology in (m for m in catalog().values() if m.scorecard):
        assert f'id="scorecard-{methodology.id}"' in section
    assert section.count("<svg") == sum(m.scorecard for m in catalog().values())


def test_a_portal_page_says_what_gave_each_answer(archives: dict[str, Path]) -> None:
    html = text(archives["en"], portal_page(CITY))
    losi = html[html.index('id="scorecard-un-losi"') : html.index('id="scorecard-un-osi"')]
    answers = visible(losi[losi.index('<details class="answers">') : losi.index("</details>")])
    assert f"met : {RULES['contacts'][0].label} (decided by rules: contacts)" in answers
    assert f"met : {RULES['structure'][0].label} (answered by Aigerim, Mar 2, 2026)" in answers
    assert f"not met : {RULES['search'][0].label} (decided by rules: search)" in answers
    assert f"unknown : {RULES['budget-hint'][0].label} (no rule decided it in this run)" in answers
    assert answers.count("unknown :") == len(catalog()[LOSI].indicators) - 6


def test_a_portal_without_a_scored_run_says_so(archives: dict[str, Path]) -> None:
    words = visible(text(archives["en"], portal_page(DOWN)))
    assert "Scorecards by public methodology No run of this portal has a scorecard yet" in words


def test_the_trend_of_the_share_is_charted_and_tabled(archives: dict[str, Path]) -> None:
    html = text(archives["en"], portal_page(CITY))
    section = html[html.index('id="scorecard-un-losi"') :]
    chart = section[section.index("<svg") : section.index("</svg>")]
    # 2, 3 and 5 of 86 met, written on the chart and in its description
    assert "2.3" in chart and "3.5" in chart and "5.8" in chart
    assert "Share of indicators met: 2.3 on" in chart and "(+3.5)" in chart
    table = html[html.index('id="scorecard-runs-caption"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table)
    assert [visible(r).split()[:2] for r in rows] == [["Run", "3"], ["Run", "2"], ["Run", "1"]]
    assert "5.8%" in rows[0] and "3.5%" in rows[1] and "2.3%" in rows[2]


def test_the_methodology_page_ranks_portals_and_lists_every_indicator(archives: dict[str, Path]) -> None:
    html = text(archives["en"], scorecard_page(LOSI))
    ranking = html[html.index('id="ranked-caption"') : html.index("</table>", html.index('id="ranked-caption"'))]
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', ranking)
    assert names == ["City &lt;portal&gt;", "Town"]  # escaped, the city first (5 met against 1)
    assert '<td class="rank">1</td>' in ranking and '<td class="rank">2</td>' in ranking
    assert 'href="../portals/' in ranking and "#scorecard-un-losi" in ranking
    assert "<svg" in ranking  # the city's trend tile; the town's single run draws none
    unranked = visible(html[html.index('id="not-ranked"') : html.index('id="indicators"')])
    assert "Down portal" in unranked and "Not ranked" in unranked
    # every indicator listed once, with how it is answered and each ranked portal's answer
    for indicator in catalog()[LOSI].indicators:
        assert html.count(f">{indicator.label}<") + html.count(f">{indicator.label} <") >= 1, indicator.label
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html[html.index('id="indicators"') :], flags=re.S)
    assert len(rows) == len(catalog()[LOSI].indicators)

    def row(rule: str) -> str:
        label = markup.escape(RULES[rule][0].label)
        return visible(next(r for r in rows if r.startswith(label)))

    assert row("contacts").endswith("rules met met")
    assert row("updated").endswith("rules met not met")
    # the person's answer applies to the run whose evidence they saw; the town's is unknown
    assert row("structure").endswith("review met by review unknown")
    assert row("budget-hint").endswith("rules unknown unknown")  # a review rule's pass decides nothing


def test_equal_numbers_met_share_a_rank(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        record(store, CITY, "City", {"contacts": P, "law": F})
        record(store, TOWN, "Town", {"updated": P})
        render_archive(store, tmp_path / "out")
    finally:
        store.close()
    html = text(tmp_path / "out", scorecard_page(LOSI))
    assert html.count('<td class="rank">=1</td>') == 2


def test_links_from_the_index_and_the_methodology_page(archives: dict[str, Path]) -> None:
    index = text(archives["en"], "index.html")
    for methodology in (m for m in catalog().values() if m.scorecard):
        assert f'href="scorecards/{methodology.id}.html"' in index
        assert (archives["en"] / "scorecards" / f"{methodology.id}.html").is_file()
    explained = text(archives["en"], "methodology.html")
    assert 'href="scorecards/un-losi.html"' in explained and 'id="scorecards"' in explained


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_scorecards_speak_the_archive_language(archives: dict[str, Path], lang: str) -> None:
    english = [
        "Scorecards by public methodology",
        "indicators met",
        "decided by rules",
        "unknown",
        "Share of indicators met",
        "Every indicator",
        "Institutional framework",
        "Level",
    ]
    portal = visible(text(archives[lang], portal_page(CITY)))
    page = visible(text(archives[lang], scorecard_page(LOSI)))
    for words in english:
        assert words not in portal and words not in page, words
    assert {"ru": "5,8 %", "kk": "5,8%"}[lang] in portal  # the share as the language writes it (CLDR)
    index = text(archives[lang], "index.html")
    assert ">Scorecards by public methodology<" not in index


def test_rendering_again_changes_no_byte(store: Store, archives: dict[str, Path], tmp_path: Path) -> None:
    render_archive(store, tmp_path / "again", "en")
    for page in (portal_page(CITY), scorecard_page(LOSI), "index.html", "methodology.html"):
        assert text(tmp_path / "again", page) == text(archives["en"], page), page
    outcome = render_archive(store, tmp_path / "again", "en")
    assert outcome.written == []


def test_a_new_answer_renders_the_portal_page_again(tmp_path: Path) -> None:
    """The runs are unchanged, but a person's answer changes the scorecard: the page is made again."""
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        run_id = record(store, CITY, "City", {"contacts": P, "structure": P})
        render_archive(store, tmp_path / "out")
        assert render_archive(store, tmp_path / "out").rendered == []
        evidence = evidence_digest(store.outcomes(run_id), LOSI, REVIEWED.id)
        answer = Review(LOSI, REVIEWED.id, True, "Aigerim", datetime(2026, 3, 2, tzinfo=UTC), evidence)
        add_reviews(store, [PortalReview(CITY, run_id, answer)])
        again = render_archive(store, tmp_path / "out")
    finally:
        store.close()
    assert again.rendered == [str(portal_page(CITY))]
    assert f"2 of {len(catalog()[LOSI].indicators)} indicators met" in visible(
        text(tmp_path / "out", portal_page(CITY))
    )
