"""What a crawled page shows is hostile: planted in every field the archive prints (portal name,
rule titles and summaries, evidence, axe-core snippets and help), it must stay inert. The archive
is opened in Chromium with JavaScript on: no planted script runs and nothing leaves the archive."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from egov_audit.audits.model import Evidence, Outcome, PillarScore, RuleOutcome, RunStatus
from egov_audit.crawler.model import AxeFinding, AxeResult, FetchKind, PageSnapshot, StopReason
from egov_audit.render.chromium import FLAGS, chromium_path
from egov_audit.reports.archive import render_archive
from egov_audit.store.database import Store

PAYLOAD = (
    "<script>window.__pwned = 1; fetch('http://127.0.0.1:9/leak')</script>"
    '<img src=x onerror="window.__pwned = 2">{{ 7*7 }}{% raw %}'
    '<a href="javascript:window.__pwned=3">x</a><svg onload="window.__pwned=4"></svg>'
)
HOME = "http://portal.test/"


def hostile_store(path: Path) -> Store:
    store = Store(f"sqlite:///{path}")
    for openness in (70.0, 40.0):  # two runs: a trend, a diff and a regression carry the payload too
        run_id = store.start_run(
            "portal.test/" + PAYLOAD, PAYLOAD, HOME, "0.2.0", "d", {"instrument": {"axe_core": PAYLOAD}}
        )
        page = PageSnapshot(url=f"{HOME}{PAYLOAD}", kind=FetchKind.PAGE, status=200, depth=0, title=PAYLOAD)
        store.add_pages(run_id, [PageSnapshot(url=HOME, kind=FetchKind.PAGE, status=200, depth=0, title=PAYLOAD), page])
        finding = AxeFinding(
            "image-alt", "critical", ("wcag2a", "wcag111"), (PAYLOAD,), PAYLOAD, PAYLOAD, "javascript:alert(1)"
        )
        store.set_axe(run_id, {HOME: AxeResult(sample_reason=PAYLOAD, findings=(finding,), passes=1)})
        outcome = RuleOutcome(
            "contact-page",
            PAYLOAD,
            "transparency",
            1,
            Outcome.FAIL,
            PAYLOAD,
            (Evidence(f"{HOME}{PAYLOAD}", PAYLOAD),),
            titles=(("ru", PAYLOAD),),
        )
        store.finish_run(
            run_id,
            RunStatus.COMPLETE,
            StopReason.FINISHED,
            [outcome],
            [PillarScore("transparency", openness, 1, 1, 0, 0)],
            openness,
        )
    return store


def test_planted_markup_stays_text_in_every_page_of_the_archive(tmp_path: Path) -> None:
    store = hostile_store(tmp_path / "store.sqlite")
    for lang in ("en", "ru"):
        render_archive(store, tmp_path / lang, lang, PAYLOAD)
    store.close()
    pages = sorted((tmp_path / "en").rglob("*.html")) + sorted((tmp_path / "ru").rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and 'onerror="' not in html and 'href="javascript:' not in html, page
        assert ">49<" not in html  # template syntax printed, never evaluated
    seen: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
        try:
            context = browser.new_context(java_script_enabled=True)
            context.on("request", lambda request: seen.append(request.url))
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in pages:
                page.goto(path.as_uri())
                page.wait_for_timeout(50)
                assert page.evaluate("window.__pwned") is None, path
        finally:
            browser.close()
    assert dialogs == []
    assert all(url.startswith("file://") for url in seen), [u for u in seen if not u.startswith("file://")]
    assert b"<script" not in (tmp_path / "en" / "feed.atom").read_bytes()  # escaped in the feed too
