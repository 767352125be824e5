"""Browser discovery end to end: `check` on portals served on 127.0.0.1 that only a script builds,
that are plain HTML, and whose pages the browser cannot finish (docs/discovery.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema

from tests.conftest import ROOT, run_cli
from tests.portals import SERVICES, script_portal, serve_app, static_portal

SCHEMA = json.loads((ROOT / "docs" / "check-result.schema.json").read_text())


def check(base_url: str, tmp_path: Path, *options: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    done = run_cli("check", f"{base_url}/", "--json", "--render", "0", "--db", db, *options, cwd=tmp_path, env=env)
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


def pages(tmp_path: Path, run_id: int) -> dict[str, sqlite3.Row]:
    """The run's HTML pages by path, with the fragment of a client-side route."""
    connection = sqlite3.connect(tmp_path / "store.sqlite")
    connection.row_factory = sqlite3.Row
    rows = connection.execute("SELECT * FROM pages WHERE run_id = ? AND kind = 'page'", (run_id,)).fetchall()
    connection.close()
    found = {}
    for row in rows:
        parts = urlsplit(row["url"])
        found[parts.path + (f"#{parts.fragment}" if parts.fragment else "")] = row
    return found


def test_auto_walks_a_portal_that_only_its_script_builds(tmp_path: Path) -> None:
    with serve_app(script_portal()) as served:
        document = check(served.base_url, tmp_path)
    discovery = document["run"]["discovery"]
    assert (discovery["asked"], discovery["mode"]) == ("auto", "browser")
    home = discovery["compared"][0]
    assert home["url"] == f"{served.base_url}/"
    assert home["served"]["links"] == 0 and home["new_links"] == len(SERVICES) + 1  # the services and #/about
    assert home["reveals_more"]
    assert home["markers"] == ["an empty application root (#app)", "a <noscript> that asks for JavaScript"]
    assert f"links to {len(SERVICES) + 1} pages of the portal" in discovery["reason"]
    found = pages(tmp_path, document["run"]["id"])
    services = {f"/services/{name}/" for name in SERVICES}
    # Links the script drew, a hash route, and the address a menu button's click pushed.
    assert set(found) == {"/", "/#/about", "/contacts/", *services}
    assert discovery["routes"] >= 1 and found["/contacts/"]["discovery"] == "route"
    # The button that led there is a link of the page as a citizen sees it: its words, its landmark.
    home_links = json.loads(found["/"]["links"])
    assert [f"{served.base_url}/contacts/", "Contacts", "", "", "", "nav", ""] in home_links
    assert found["/#/about"]["discovery"] == "link"  # an <a href="/#/about"> the script drew
    assert discovery["rendered_pages"] == len(found) and discovery["browser_errors"] == 0
    for path, row in found.items():
        # The page's facts are the rendered DOM's; the HTML as served is kept beside them.
        assert row["rendered"], path
        assert row["served_words"] is not None and row["served_words"] < 10, path
    assert "About the portal" in found["/#/about"]["heading"]
    assert "How to apply" in found["/services/tax/"]["text"]
    # The audit judges what a citizen sees, and says how much of it needs JavaScript.
    outcomes = {o["rule_id"]: o for o in document["outcomes"]}
    assert outcomes["content-without-javascript"]["outcome"] == "fail"


def test_http_discovery_sees_only_the_shell(tmp_path: Path) -> None:
    with serve_app(script_portal()) as served:
        document = check(served.base_url, tmp_path, "--discovery", "http")
    discovery = document["run"]["discovery"]
    assert (discovery["asked"], discovery["mode"]) == ("http", "http")
    assert discovery["compared"] == [] and discovery["rendered_pages"] == 0
    assert "--discovery" in discovery["reason"]
    assert set(pages(tmp_path, document["run"]["id"])) == {"/"}
    outcomes = {o["rule_id"]: o for o in document["outcomes"]}
    assert outcomes["content-without-javascript"]["outcome"] == "not_applicable"


def test_a_static_portal_keeps_the_http_path_and_starts_no_browser(tmp_path: Path) -> None:
    marker = uuid.uuid4().hex
    env = {**os.environ, "EGOV_AUDIT_TEST_MARKER": marker}
    with serve_app(static_portal()) as served:
        auto = check(served.base_url, tmp_path, env=env)
        auto_requests = served.requested
    with serve_app(static_portal()) as served:
        plain = check(served.base_url, tmp_path, "--discovery", "http")
        plain_requests = served.requested
    discovery = auto["run"]["discovery"]
    assert (discovery["asked"], discovery["mode"]) == ("auto", "http")
    assert discovery["compared"] == [] and discovery["rendered_pages"] == 0  # no script: nothing to compare
    assert set(pages(tmp_path, auto["run"]["id"])) == set(pages(tmp_path, plain["run"]["id"])) == {"/", "/a/", "/b/"}
    assert auto["scores"] == plain["scores"]
    # The same requests as a walk over HTTP: no browser loaded any page.
    assert sorted(auto_requests) == sorted(plain_requests)
    assert not processes_marked(marker)


def test_a_page_the_browser_cannot_finish_keeps_its_html_and_the_error(tmp_path: Path) -> None:
    with serve_app(script_portal(hanging="/services/tax/", hang_seconds=8)) as served:
        document = check(served.base_url, tmp_path, "--discovery", "browser", "--timeout", "3")
    discovery = document["run"]["discovery"]
    assert (discovery["asked"], discovery["mode"]) == ("browser", "browser")
    assert discovery["browser_errors"] == 1
    found = pages(tmp_path, document["run"]["id"])
    tax = found["/services/tax/"]
    assert tax["browser_error"] == "browser: no rendered page within 3 s"
    assert not tax["rendered"] and tax["status"] == 200  # the page as served stands for it
    assert all(row["rendered"] for path, row in found.items() if path != "/services/tax/")
    assert document["run"]["status"] == "complete"


def test_the_terminal_and_the_archive_say_how_the_pages_were_found(tmp_path: Path) -> None:
    marker = uuid.uuid4().hex
    env = {**os.environ, "EGOV_AUDIT_TEST_MARKER": marker}
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    report = tmp_path / "report.html"
    with serve_app(script_portal()) as served:
        done = run_cli(
            "check", f"{served.base_url}/", "--render", "2", "--db", db, "--report", str(report), cwd=tmp_path, env=env
        )
    assert done.returncode in (0, 1), done.stderr
    assert "Discovery: browser (auto): " in done.stdout
    assert "the portal is walked with a browser" in done.stdout
    html = report.read_text()
    assert "with a browser (scripts run), chosen by the crawl (auto)" in html
    assert "Pages read as a browser rendered them" in html
    archive = tmp_path / "archive"
    done = run_cli("report", "--db", db, "--out", str(archive), "--lang", "kk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    portal_pages = "".join(path.read_text() for path in archive.rglob("*.html"))
    assert "браузермен (скрипттермен), аралау кезінде таңдалды (auto)" in portal_pages
    assert not processes_marked(marker), "a browser or driver outlived the run"


def processes_marked(marker: str) -> list[int]:
    """Processes whose environment carries `marker`: what a run started and left running."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue  # gone, or not ours to read
        if f"EGOV_AUDIT_TEST_MARKER={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found
