"""The SSRF guard end to end: a portal on 127.0.0.1 that links to, redirects to and loads images from
another loopback address (127.0.0.2, not the start URL's own) reaches it only with --allow-private.

127.0.0.2 is this machine's loopback interface too: a server listens there only to
prove that the guard stopped every request (and that without the guard they arrive).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.portals import Reply, serve_app

pytestmark = pytest.mark.timeout(600)


@pytest.mark.parametrize(
    ("driver", "allow_private"), [("playwright", False), ("playwright", True), ("selenium", False), ("selenium", True)]
)
def test_links_redirects_and_rendered_images_to_private_addresses(
    tmp_path: Path, driver: str, allow_private: bool
) -> None:
    inside_page = '<!DOCTYPE html><html lang="en"><title>Inside</title></html>'
    with serve_app(lambda path: Reply(200, inside_page), host="127.0.0.2") as inside:
        inner = inside.base_url
        page = (
            '<!DOCTYPE html><html lang="en"><head><title>Portal</title></head><body><main><h1>Portal</h1>'
            f'<a href="{inner}/linked/">intranet</a> <a href="/go/">go</a>'
            f'<img src="{inner}/pixel.png" alt="pixel"></main></body></html>'
        )

        def portal(path: str) -> Reply:
            if path == "/":
                return Reply(200, page)
            if path == "/go/":
                return Reply(302, "", headers={"Location": f"{inner}/redirected/"})
            return Reply(404, "", "text/plain")

        with serve_app(portal) as served:
            options = ["--driver", driver] + (["--allow-private"] if allow_private else [])
            db = tmp_path / "s.sqlite"
            done = run_cli(
                "check", served.base_url + "/", "--json", "--render", "1", "--allow-host", "127.0.0.2",
                "--no-sitemaps", "--db", f"sqlite:///{db}", "--report", str(tmp_path / "r.html"), *options,
                cwd=tmp_path,
            )  # fmt: skip
        reached = set(inside.requested)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["run"]["status"] == "complete"
    connection = sqlite3.connect(db)
    rows = dict(connection.execute("SELECT url, error FROM pages WHERE url LIKE 'http://127.0.0.2%'").fetchall())
    rendered = connection.execute(
        "SELECT json_extract(axe, '$.error'), axe IS NOT NULL FROM pages WHERE kind = 'page' AND depth = 0"
    )
    render_error, was_rendered = rendered.fetchone()
    connection.close()
    assert was_rendered and render_error is None  # the guard stops requests, not the page
    if allow_private:
        assert {"/linked/", "/redirected/", "/pixel.png"} <= reached
        assert all(error is None for error in rows.values())
    else:
        assert reached == set()  # not the links, not the redirect, not the rendered page's image
        assert set(rows) == {f"{inner}/linked/", f"{inner}/redirected/"}
        assert all(e.startswith("refused: 127.0.0.2 resolves to 127.0.0.2, a loopback address") for e in rows.values())
