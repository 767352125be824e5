"""The crawl, end to end against portals on 127.0.0.1: what it finds, what it leaves alone,
and the limits it keeps."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from egov_audit.demo.portal import DISALLOWED_PREFIX
from tests.conftest import DemoCrawl, run_cli
from tests.portals import Reply, endless_site, serve_app


def fetched_paths(db_url: str, run_id: int) -> dict[str, sqlite3.Row]:
    connection = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    connection.row_factory = sqlite3.Row
    rows = connection.execute("SELECT * FROM pages WHERE run_id = ? AND kind = 'page'", (run_id,)).fetchall()
    connection.close()
    return {where(row["url"]): row for row in rows}


def where(url: str) -> str:
    """The path of a URL, with its fragment when it names a script's route (/kk/finder/#/situations/family)."""
    parts = urlsplit(url)
    return f"{parts.path}#{parts.fragment}" if parts.fragment else parts.path


@pytest.mark.parametrize("version", [1, 2, 3])
def test_finds_exactly_the_pages_reachable_by_links_sitemap_or_script(
    demo_crawls: dict[int, DemoCrawl], version: int
) -> None:
    # The default discovery (auto) walks the demo with a browser: its service finder's links exist only
    # once its script has run, so the finder's routes and help pages are pages of the run too.
    crawl = demo_crawls[version]
    assert crawl.document["run"]["discovery"]["mode"] == "browser"
    rows = fetched_paths(crawl.db_url, crawl.document["run"]["id"])
    fetched = {path for path, row in rows.items() if not row["blocked_by_robots"]}
    assert fetched == crawl.portal.reachable_paths(browser=True)
    assert crawl.document["counts"]["pages"] == len(fetched)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_never_requests_the_robots_disallowed_section_but_records_it(
    demo_crawls: dict[int, DemoCrawl], version: int
) -> None:
    crawl = demo_crawls[version]
    assert not [p for p in crawl.requested if p.startswith(DISALLOWED_PREFIX)]
    rows = fetched_paths(crawl.db_url, crawl.document["run"]["id"])
    assert rows[DISALLOWED_PREFIX]["blocked_by_robots"]
    assert crawl.document["counts"]["blocked_by_robots"] == 1
    assert crawl.document["run"]["robots_txt"] == "HTTP 200"


def test_finds_pages_listed_only_in_the_sitemap(demo_crawls: dict[int, DemoCrawl]) -> None:
    crawl = demo_crawls[1]
    rows = fetched_paths(crawl.db_url, crawl.document["run"]["id"])
    assert rows["/en/news/archive-2019/"]["discovery"] == "sitemap"
    assert rows["/en/news/archive-2019/"]["status"] == 200


def test_records_every_redirect_hop_and_the_linking_page(demo_crawls: dict[int, DemoCrawl]) -> None:
    crawl = demo_crawls[1]
    rows = fetched_paths(crawl.db_url, crawl.document["run"]["id"])
    chain = ["/en/e-services/", "/en/eservices/", "/en/services/online/"]
    for source, target in zip(chain, [*chain[1:], "/en/services/"], strict=True):
        assert rows[source]["status"] == 301
        assert urlsplit(rows[source]["location"]).path == target
    assert urlsplit(rows["/en/e-services/"]["referrer"]).path == "/en/"
    assert rows["/en/e-services/"]["elapsed"] is not None


def test_non_html_is_recorded_with_type_and_size_but_not_parsed(demo_crawls: dict[int, DemoCrawl]) -> None:
    crawl = demo_crawls[1]
    rows = fetched_paths(crawl.db_url, crawl.document["run"]["id"])
    pdf = rows["/docs/budget-2026.pdf"]
    assert (pdf["status"], pdf["content_type"]) == (200, "application/pdf")
    assert pdf["size"] == len(crawl.portal.routes["/docs/budget-2026.pdf"].body)
    assert json.loads(pdf["links"]) == []


def test_identifies_itself_with_tool_version_and_contact(tmp_path: Path) -> None:
    seen: list[str] = []

    def app(path: str) -> Reply:
        return Reply(200, '<!DOCTYPE html><html lang="en"><title>t</title></html>')

    with serve_app(app) as served:
        original = served.server.RequestHandlerClass.do_GET

        def spy(handler):
            seen.append(handler.headers.get("User-Agent", ""))
            return original(handler)

        served.server.RequestHandlerClass.do_GET = spy  # type: ignore[method-assign]
        try:
            done = run_cli(
                "check",
                served.base_url + "/",
                "--json",
                "--db",
                f"sqlite:///{tmp_path}/s.sqlite",
                "--contact",
                "mailto:audit@ngo.example",
                cwd=tmp_path,
            )
        finally:
            served.server.RequestHandlerClass.do_GET = original  # type: ignore[method-assign]
    assert done.returncode == 0, done.stderr
    assert seen and all(ua.startswith("egov-audit/") and "mailto:audit@ngo.example" in ua for ua in seen)


def test_max_pages_holds_and_the_run_says_why_it_stopped(tmp_path: Path) -> None:
    with serve_app(endless_site()) as served:
        done = run_cli(
            "check",
            served.base_url + "/",
            "--json",
            "--max-pages",
            "25",
            "--max-depth",
            "100",
            "--db",
            f"sqlite:///{tmp_path}/s.sqlite",
            cwd=tmp_path,
        )
    document = json.loads(done.stdout)
    assert document["counts"]["pages"] == 25
    assert document["run"]["stop_reason"] == "max_pages"
    assert document["run"]["status"] == "complete"


def test_max_depth_holds(tmp_path: Path) -> None:
    with serve_app(endless_site()) as served:
        done = run_cli(
            "check",
            served.base_url + "/",
            "--json",
            "--max-depth",
            "3",
            "--render",
            "0",  # only the crawl's requests: the browser would fetch the sample (and a favicon) again
            "--db",
            f"sqlite:///{tmp_path}/s.sqlite",
            cwd=tmp_path,
        )
        requested = set(served.requested) - {"/robots.txt", "/sitemap.xml", "/.well-known/security.txt"}
    document = json.loads(done.stdout)
    # depth 0 is /, each level adds /n+1/ and /n+2/: pages 0..6 are within depth 3
    assert requested == {"/", "/1/", "/2/", "/3/", "/4/", "/5/", "/6/"}
    assert document["counts"]["pages"] == 7


def test_time_budget_holds_and_the_run_is_partial(tmp_path: Path) -> None:
    with serve_app(endless_site(delay=0.3)) as served:
        done = run_cli(
            "check",
            served.base_url + "/",
            "--json",
            "--time-budget",
            "3",
            "--db",
            f"sqlite:///{tmp_path}/s.sqlite",
            cwd=tmp_path,
            timeout=120,
        )
    document = json.loads(done.stdout)
    assert document["run"]["stop_reason"] == "time_budget"
    assert document["run"]["status"] == "partial"
    assert 0 < document["counts"]["pages"] < 200


def test_timeouts_and_oversized_pages_are_findings_and_the_crawl_goes_on(tmp_path: Path) -> None:
    links = '<a href="/stall/">stall</a><a href="/huge/">huge</a><a href="/fine/">fine</a>'

    def app(path: str) -> Reply:
        if path == "/":
            return Reply(200, f'<!DOCTYPE html><html lang="en"><title>Home</title>{links}</html>')
        if path == "/stall/":
            return Reply(200, "<!DOCTYPE html><title>late</title>", delay=4)
        if path == "/huge/":
            return Reply(200, "<!DOCTYPE html><title>huge</title>" + "x" * 300_000)
        if path == "/fine/":
            return Reply(200, '<!DOCTYPE html><html lang="en"><title>Fine</title></html>')
        return Reply(404, "no", "text/plain")

    with serve_app(app) as served:
        done = run_cli(
            "check",
            served.base_url + "/",
            "--json",
            "--timeout",
            "1",
            "--max-bytes",
            "100000",
            "--db",
            f"sqlite:///{tmp_path}/s.sqlite",
            cwd=tmp_path,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["run"]["status"] == "complete"
    broken = {urlsplit(b["url"]).path: b["answer"] for b in document["broken_links"]}
    assert broken["/stall/"].startswith("timeout")
    assert broken["/huge/"].startswith("download stopped: larger than the size cap of 100000 bytes")
    weight = next(o for o in document["outcomes"] if o["rule_id"] == "page-weight-limit")
    assert weight["outcome"] == "fail"
    assert [urlsplit(e["url"]).path for e in weight["evidence"]] == ["/huge/"]
    assert document["counts"]["html_pages"] == 2  # the home page and /fine/


def test_crawl_delay_of_robots_txt_is_honoured_and_recorded(tmp_path: Path) -> None:
    pages = {f"/{n}/": n for n in range(5)}

    def polite(path: str) -> Reply:
        if path == "/robots.txt":
            return Reply(200, "User-agent: *\nCrawl-delay: 1\n", "text/plain")
        if path == "/" or path in pages:
            links = "".join(f'<a href="{p}">{n}</a>' for p, n in pages.items())
            return Reply(200, f'<!DOCTYPE html><html lang="en"><title>Polite</title>{links}</html>')
        return Reply(404, "", "text/plain")

    with serve_app(polite) as served:
        done = run_cli(
            "check",
            f"{served.base_url}/",
            "--json",
            "--render",
            "0",
            "--db",
            f"sqlite:///{tmp_path}/s.db",
            cwd=tmp_path,
        )
        times = [when for path, when in zip(served.server.requested, served.server.times, strict=True) if path != "/"]
    document = json.loads(done.stdout)
    assert document["run"]["coverage"]["crawl_delay"] == 1.0
    # robots.txt first, then one request at a time, at least a second apart (four connections otherwise).
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) >= 6 and min(gaps[1:]) >= 0.95, gaps


def test_pages_that_only_send_the_visitor_on_are_redirects_not_pages(tmp_path: Path) -> None:
    stub = '<!DOCTYPE html><html lang="en"><head><meta http-equiv="refresh" content="0; url=/target/"></head></html>'
    script = '<!DOCTYPE html><html><body><script>window.location.href = "/target/";</script></body></html>'
    text = "<p>" + "A page with content of its own that reloads itself every minute. " * 5 + "</p>"
    reloads = f'<!DOCTYPE html><html lang="en"><head><meta http-equiv="refresh" content="60"></head>{text}</html>'
    head = '<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width"></head>'
    target = f"{head}<body>ok</body></html>"
    home = '<a href="/old/">old</a> <a href="/js/">js</a> <a href="/reloads/">news</a>'
    routes = {
        "/": f"{head}{home}</html>",
        "/old/": stub,
        "/js/": script,
        "/reloads/": reloads,
        "/target/": target,
    }
    with serve_app(lambda path: Reply(200, routes[path]) if path in routes else Reply(404, "")) as served:
        done = run_cli(
            "check",
            f"{served.base_url}/",
            "--json",
            "--render",
            "0",
            "--db",
            f"sqlite:///{tmp_path}/s.db",
            cwd=tmp_path,
        )
    document = json.loads(done.stdout)
    rows = fetched_paths(f"sqlite:///{tmp_path}/s.db", document["run"]["id"])
    assert (rows["/old/"]["redirect_by"], urlsplit(rows["/old/"]["location"]).path) == ("meta refresh", "/target/")
    assert (rows["/js/"]["redirect_by"], urlsplit(rows["/js/"]["location"]).path) == ("script", "/target/")
    assert rows["/reloads/"]["redirect_by"] == "" and rows["/target/"]["discovery"] == "redirect"
    assert document["counts"]["redirects"] == 2 and document["counts"]["html_pages"] == 3
    # The stubs declare no language and no viewport, yet no page-level rule holds it against the portal.
    viewport = next(o for o in document["outcomes"] if o["rule_id"] == "mobile-viewport")
    assert {e["url"].rsplit("/", 2)[-2] for e in viewport["evidence"]} == {"reloads"}
