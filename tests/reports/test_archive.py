"""The published archive, rendered from the demo's three runs: it passes axe-core, reads with
JavaScript off, is byte-identical when rendered again, renders only what a new run changes,
and its downloads and feed say what the store holds."""

from __future__ import annotations

import csv
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from egov_audit.audits.model import RunStatus
from egov_audit.render.axe import RUN_TAGS
from egov_audit.render.chromium import FLAGS, chromium_path
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.settings import RenderSettings
from egov_audit.reports.archive import MANIFEST, render_archive
from egov_audit.reports.downloads import TABLES
from egov_audit.store.database import Store
from tests.conftest import DemoArchive
from tests.portals import Reply, serve_app
from tests.store.test_history import record_run

ATOM = "{http://www.w3.org/2005/Atom}"


# The session's demo archive (three audits, every page rendered) is made by the first test that asks.
pytestmark = pytest.mark.timeout(1200)


def archive_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".sqlite" and not p.name.endswith(("-wal", "-shm"))
    }


def html_pages(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))


def serve_folder(root: Path):
    def app(path: str) -> Reply:
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root.resolve()) or not target.is_file():
            return Reply(404, "no", "text/plain")
        kind = "text/html; charset=utf-8" if target.suffix == ".html" else "text/plain; charset=utf-8"
        return Reply(200, target.read_bytes(), kind)

    return serve_app(app)


def test_every_page_of_the_archive_passes_axe_core(demo_archive: DemoArchive) -> None:
    pages = html_pages(demo_archive.out)
    assert {"index.html", "data/index.html"} <= set(pages) and any(p.startswith("portals/") for p in pages)
    options = {"runOnly": {"type": "tag", "values": [*RUN_TAGS, "best-practice"]}, "resultTypes": ["violations"]}
    with serve_folder(demo_archive.out) as served:
        results = audit_with_playwright(
            [(f"{served.base_url}/{page}", "archive") for page in pages], RenderSettings(axe_options=options)
        )
    assert len(results) == len(pages)
    problems = {
        url: [(f.rule_id, f.targets) for f in result.violations] or result.error
        for url, result in results.items()
        if result.error or result.violations
    }
    assert problems == {}


def test_the_archive_reads_with_javascript_off(demo_archive: DemoArchive, tmp_path: Path) -> None:
    """Screenshots of the index and the portal page (kept in EGOV_AUDIT_SCREENSHOTS if set, to look at)."""
    folder = Path(os.environ.get("EGOV_AUDIT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    (portal,) = [p for p in html_pages(demo_archive.out) if p.startswith("portals/")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
        try:
            context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            context.on("request", lambda request: requests.append(request.url))
            page = context.new_page()
            for name, path in (("index", "index.html"), ("portal", portal)):
                page.goto((demo_archive.out / path).as_uri())
                page.screenshot(path=folder / f"archive-{name}.png", full_page=True)
                assert page.locator("h1").is_visible()
                assert page.locator("svg[role=img]").first.is_visible()  # charts need no script
        finally:
            browser.close()
    assert all(url.startswith("file://") for url in requests), "the archive loads nothing from the network"
    assert (folder / "archive-index.png").stat().st_size > 10_000


def test_rendering_again_gives_byte_identical_files(demo_archive: DemoArchive, tmp_path: Path) -> None:
    store = Store(demo_archive.db_url)
    render_archive(store, tmp_path / "again", "en", "Demo portal audits")
    store.close()
    original = archive_files(demo_archive.out)
    again = archive_files(tmp_path / "again")
    assert again.keys() == original.keys()
    assert [name for name in again if again[name] != original[name]] == []


def test_a_new_run_renders_only_its_page_its_portal_and_the_index(demo_archive: DemoArchive, tmp_path: Path) -> None:
    out = tmp_path / "archive"
    shutil.copytree(demo_archive.out, out)
    store = Store(f"sqlite:///{out / 'egov-audit.sqlite'}")
    unchanged = render_archive(store, out, "en", "Demo portal audits")
    assert unchanged.rendered == [] and unchanged.written == [] and unchanged.reused == 4
    run_id = record_run(store, "other.test/", 55.0, failing=("contact-page",))
    after = render_archive(store, out, "en", "Demo portal audits")
    store.close()
    assert sorted(after.rendered) == sorted(
        [f"runs/{run_id}.html", next(p for p in after.rendered if p.startswith("portals/"))]
    )
    assert after.reused == 4  # the demo's three runs and its portal page
    assert {"index.html", "feed.atom", "data/runs.csv", MANIFEST} <= set(after.written)


def test_the_downloads_hold_every_run_and_follow_the_dictionary(demo_archive: DemoArchive) -> None:
    data = demo_archive.out / "data"
    for name, columns in TABLES.items():
        with (data / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0]) == [c.name for c in columns]
    with (data / "runs.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["status"] for row in csv.DictReader(handle)] == [RunStatus.COMPLETE] * 3
    history = json.loads((data / "history.json").read_text(encoding="utf-8"))
    assert len(history["runs"]) == 3 and history["findings"] and history["outcomes"]
    assert all(f["kind"] in ("violation", "needs_review") for f in history["findings"])
    dictionary = (data / "index.html").read_text(encoding="utf-8")
    assert all(column.name in dictionary for columns in TABLES.values() for column in columns)


def test_the_feed_lists_every_run_and_the_regression(demo_archive: DemoArchive) -> None:
    feed = ET.fromstring((demo_archive.out / "feed.atom").read_bytes())
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert sum(": run " in t for t in titles) == 3
    assert any("fell from" in t for t in titles), titles  # version 2 loses trust: no security.txt, a tracker


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_archive_speaks_russian_and_kazakh(translated_archives: dict[str, Path], lang: str) -> None:
    site = translated_archives[lang]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in index
    assert "Openness index" not in index and "Portals" not in index
