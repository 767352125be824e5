"""The methodology page (reports/methodology.py), on the demo archive: made from the rules and the
runs, linked from every score, translated, deterministic, axe-clean and without overflow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from egov_audit.audits.pillars import shipped_pillars
from egov_audit.audits.rulebook import load_rules
from egov_audit.render.axe import RUN_TAGS
from egov_audit.render.chromium import FLAGS, chromium_path
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.settings import RenderSettings
from egov_audit.reports.archive import MANIFEST, render_archive
from egov_audit.reports.methodology import QUESTIONS
from egov_audit.reports.views import SCORE_BANDS, score_band
from egov_audit.store.database import Store
from tests.conftest import DemoArchive
from tests.reports.test_archive import serve_folder

pytestmark = pytest.mark.timeout(1200)
HEADINGS = {
    "ru": ["Как считаются оценки", "Индекс открытости", "Направление «Прозрачность»", "Уровни оценок"],
    "kk": ["Бағалар қалай есептеледі", "Ашықтық индексі", "«Айқындылық» бағыты", "Баға деңгейлері"],
}


def page(demo_archive: DemoArchive) -> str:
    return (demo_archive.out / "methodology.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_pillar_questions_are_those_of_rules_pillars_yaml() -> None:
    assert shipped_pillars() == QUESTIONS


def test_every_rule_of_the_profile_is_listed_with_its_weight(demo_archive: DemoArchive) -> None:
    html = page(demo_archive)
    for pillar in shipped_pillars():
        assert f'id="pillar-{pillar}"' in html
    for section in ("index", "ranking", "bands", "sampling", "instrument", "methodologies"):
        assert f'id="{section}"' in html
    for rule in load_rules("kz").rules:  # the demo audits with the kz profile
        row = re.search(rf'<tr id="rule-{re.escape(rule.id)}">(.*?)</tr>', html, re.S)
        assert row, rule.id
        weight = re.findall(r"<td>(.*?)</td>", row.group(1))[0]
        assert weight == f"{rule.spec.weight:g}", rule.id


def test_the_bands_are_score_band_s(demo_archive: DemoArchive) -> None:
    bands = re.search(r'<section id="bands".*?</section>', page(demo_archive), re.S)
    assert bands
    rows = re.findall(r'<span class="band-swatch ([\w-]+)">(.*?)</span></td><td>(.*?)</td>', bands.group(0))
    assert [css for css, _words, _scores in rows][:-1] == [band[1] for band in SCORE_BANDS]
    for css, _words, scores in rows[:-1]:
        low = float(scores.split()[0])
        assert score_band(low)[0] == css  # the band starts where score_band says
        if low > 0:
            assert score_band(low - 0.1)[0] != css
    assert rows[-1][0] == score_band(None)[0]


def test_scores_link_to_the_page(demo_archive: DemoArchive) -> None:
    index = (demo_archive.out / "index.html").read_text(encoding="utf-8")
    assert 'href="methodology.html#index"' in index and 'href="methodology.html#bands"' in index
    run = next((demo_archive.out / "runs").glob("*.html")).read_text(encoding="utf-8")
    assert 'href="../methodology.html#pillar-transparency"' in run
    assert 'href="../methodology.html#rule-' in run  # the rules' titles in the failures table
    anchors = set(re.findall(r'id="([^"]+)"', page(demo_archive)))
    linked = set(re.findall(r'href="\.\./methodology\.html#([^"]+)"', run))
    assert linked <= anchors


def test_the_instruments_are_listed_from_the_runs(demo_archive: DemoArchive) -> None:
    section = re.search(r'<section id="instrument".*?</section>', page(demo_archive), re.S)
    assert section
    assert 'href="runs/' in section.group(0) and "3 runs used it" in text(section.group(0))


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_page_speaks_russian_and_kazakh(translated_archives: dict[str, Path], lang: str) -> None:
    site = translated_archives[lang]
    html = (site / "methodology.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    for heading in HEADINGS[lang]:
        assert heading in html
    assert "The openness index" not in html and "Score bands" not in html


def test_rendering_again_gives_the_same_page_and_reuses_it(demo_archive: DemoArchive, tmp_path: Path) -> None:
    store = Store(demo_archive.db_url)
    first = render_archive(store, tmp_path, "en", "Demo portal audits")
    again = render_archive(store, tmp_path, "en", "Demo portal audits")
    store.close()
    assert "methodology.html" in first.written and "methodology.html" not in again.written
    assert (tmp_path / "methodology.html").read_bytes() == (demo_archive.out / "methodology.html").read_bytes()
    assert "methodology.html" in (tmp_path / MANIFEST).read_text(encoding="utf-8")


def test_the_page_passes_axe_core_and_fits_narrow_and_wide_screens(demo_archive: DemoArchive) -> None:
    options = {"runOnly": {"type": "tag", "values": [*RUN_TAGS, "best-practice"]}, "resultTypes": ["violations"]}
    with serve_folder(demo_archive.out) as served:
        url = f"{served.base_url}/methodology.html"
        (result,) = audit_with_playwright([(url, "archive")], RenderSettings(axe_options=options)).values()
        assert not result.error and [(f.rule_id, f.targets) for f in result.violations] == []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
            try:
                for width in (1280, 375):
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    view = context.new_page()
                    view.goto(url)
                    assert view.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
                    context.close()
            finally:
                browser.close()
