"""Secrets never appear in logs or reports.

A store URL with a password (in its user info or its query), a WebDriver URL with a user name and
password: through `check`, `config validate`, `run`, `status`, `schedule`, `report`, `history`,
`export` and `demo`, on their error paths (a store that refuses, a URL that does not parse, a
driver that is missing) and on runs that succeed, the password is in no stdout, no stderr, no log
line, no report or archive file, no download and no stored row.
"""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from egov_audit.render.chromium import chromedriver_path
from tests.browsers import assert_no_browser_left
from tests.conftest import run_cli
from tests.portals import Reply, Served, endless_site, serve_app
from tests.schedules import start_cli, wait_for, write_config

SECRET = "S3cretPassw0rd"
# A password with an unescaped @ is read in part as the host: neither part may show.
PIECES = (SECRET, "S3cret", "Passw0rd")


def assert_hidden(output: str | bytes, where: str) -> None:
    for piece in PIECES:
        found = piece.encode() in output if isinstance(output, bytes) else piece in output
        assert not found, f"{piece!r} in {where}"


def assert_no_secret_in_files(folder: Path, but: tuple[Path, ...] = ()) -> int:
    """Every file under `folder` (reports, archive, downloads, a SQLite store and its WAL) but
    `but` (the config that holds the URL) is free of the secret; returns how many were read."""
    files = [path for path in folder.rglob("*") if path.is_file() and path not in but]
    for path in files:
        assert_hidden(path.read_bytes(), str(path))
    return len(files)


def assert_no_secret_stored(store_url: str) -> None:
    """No row of any table of the store (PostgreSQL; a SQLite store is read as a file) holds the secret."""
    engine = create_engine(store_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            for table in inspect(connection).get_table_names():
                for row in connection.execute(text(f"SELECT * FROM {table}")):
                    assert_hidden(repr(tuple(row)), f"a row of {table}")
    finally:
        engine.dispose()


def config_with_store(folder: Path, store_url: str, portal_url: str = "http://127.0.0.1:1/", **portal: object) -> Path:
    config = write_config(folder, [{"name": "p", "url": portal_url, "max_pages": 8, **portal}])
    config.write_text(config.read_text(encoding="utf-8").replace("sqlite:///store.sqlite", repr(store_url)))
    return config


def complete_runs(store_url: str) -> int:
    engine = create_engine(store_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM runs WHERE status = 'complete'")).scalar_one()
    finally:
        engine.dispose()


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


REFUSED = {
    "password": f"postgresql+psycopg://auditor:{SECRET}@127.0.0.1:1/nowhere",  # port 1: refused at once
    "query": f"postgresql+psycopg://auditor@127.0.0.1:1/nowhere?password={SECRET}",
    "unescaped @": "postgresql+psycopg://auditor:S3cret@Passw0rd@127.0.0.1:1/nowhere",
    "bad port": f"postgresql+psycopg://auditor:{SECRET}@127.0.0.1:port/nowhere",
    "no driver": f"mysql://auditor:{SECRET}@127.0.0.1:1/nowhere",
    "unknown option": f"postgresql+psycopg://auditor@127.0.0.1:1/nowhere?passwrd={SECRET}",
}


def refused_invocations(name: str, store_url: str, folder: Path) -> list[tuple[str, ...]]:
    """Every command that opens the store, for the first URL; the store's own and the config's paths for the others."""
    config = str(config_with_store(folder, store_url, schedule="0 3 * * 1"))
    every = [
        ("check", "http://127.0.0.1:1/", "--render", "0", "--db", store_url),
        ("run", config),
    ]
    if name == "password":
        every += [
            ("config", "validate", config),
            ("status", config),
            ("schedule", config, "--log-json"),
            ("report", "--db", store_url, "--out", str(folder / "archive")),
            ("history", "--db", store_url, "127.0.0.1:1/"),
            ("export", "--db", store_url, "--out", str(folder / "export")),
            ("demo", "--db", store_url, "--out", str(folder / "demo"), "--render", "0"),
        ]
    return every


@pytest.mark.parametrize("name", REFUSED)
def test_a_store_that_cannot_be_opened_is_named_without_its_password(name: str, tmp_path: Path) -> None:
    store_url = REFUSED[name]
    invocations = refused_invocations(name, store_url, tmp_path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda args: run_cli(*args, cwd=tmp_path, timeout=120), invocations))
    for args, result in zip(invocations, done, strict=True):
        where = f"egov-audit {args[0]} with a store URL ({name})"
        assert_hidden(result.stdout, f"stdout of {where}")
        assert_hidden(result.stderr, f"stderr of {where}")
        assert "Traceback" not in result.stderr, f"{where}: {result.stderr}"
        if args[:2] == ("config", "validate"):
            assert result.returncode == 0, result.stderr  # validating names the store nowhere, opens nothing
        else:
            assert result.returncode == 2, f"{where}: {result.stderr}"
        if args[0] == "check":
            assert "***" in result.stderr, result.stderr  # the store is named, its password masked
    assert_no_secret_in_files(tmp_path, but=(tmp_path / "ngo.yaml",))


@pytest.fixture
def portal() -> Iterator[Served]:
    with serve_app(endless_site()) as served:
        yield served


@pytest.fixture(params=["postgresql", "sqlite"])
def secret_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store that opens, whose URL holds the secret: a PostgreSQL URL with a password (the test
    server trusts its clients, so the password is sent nowhere), or a SQLite URL with `?password=`
    (which SQLite ignores)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}?password={SECRET}"
    plain = request.getfixturevalue("postgres").create_database()
    return make_url(plain).set(password=SECRET).render_as_string(hide_password=False)


@pytest.mark.timeout(600)
def test_a_store_password_is_in_no_output_log_report_or_row(secret_store: str, portal: Served, tmp_path: Path) -> None:
    url = f"{portal.base_url}/"
    config = config_with_store(tmp_path, secret_store, url, schedule="*/2 * * * * *")
    outputs: dict[str, str] = {}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = run_cli(*args, cwd=tmp_path)
        outputs[f"stdout of {' '.join(args[:2])}"] = done.stdout
        outputs[f"stderr of {' '.join(args[:2])}"] = done.stderr
        return done

    check = run("check", url, "--json", "--render", "0", "--max-pages", "8", "--verbose", "--db", secret_store,
                "--report", str(tmp_path / "check" / "report.html"))  # fmt: skip
    assert check.returncode in (0, 1), check.stderr
    assert run("config", "validate", str(config)).returncode == 0
    ran = run("run", str(config))
    assert ran.returncode == 0, ran.stderr
    status = run("status", str(config))
    assert status.returncode == 0, status.stderr
    assert "***" in status.stdout  # the store is named, its password masked
    assert run("report", "--db", secret_store, "--out", str(tmp_path / "report")).returncode == 0
    assert run("history", "--db", secret_store, url).returncode == 0
    for fmt in ("csv", "json"):
        assert (
            run("export", "--db", secret_store, "--format", fmt, "--out", str(tmp_path / f"export-{fmt}")).returncode
            == 0
        )

    before = complete_runs(secret_store)
    daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
    try:
        wait_for(lambda: complete_runs(secret_store) > before, 120, "a scheduled run to complete")
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=120)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
    assert daemon.returncode == 0, err
    events = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    started = next(e for e in events if e["event"] == "daemon.started")
    assert "***" in started["store"]
    assert any(e["event"] == "run.ended" for e in events)
    outputs["stdout of schedule"], outputs["stderr of schedule"] = out, err

    for where, output in outputs.items():
        assert_hidden(output, where)
    files = assert_no_secret_in_files(tmp_path, but=(config,))
    assert files > 20  # reports, the archive's pages and downloads, exports
    if not secret_store.startswith("sqlite"):
        assert_no_secret_stored(secret_store)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.timeout(600)
def test_a_webdriver_url_with_user_info_is_in_no_output_report_or_row(portal: Served, tmp_path: Path) -> None:
    """A remote WebDriver reached through a URL with a user name and password (here a local
    chromedriver, which ignores them): the pages are rendered, and the password shows nowhere."""
    started = time.time() - 0.5
    port = _free_port()
    endpoint = subprocess.Popen(
        [chromedriver_path(), f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: listening(port), 20, "chromedriver to listen")
        done = run_cli(
            "check",
            f"{portal.base_url}/",
            "--json",
            "--render",
            "2",
            "--max-pages",
            "8",
            "--verbose",
            "--webdriver-url",
            f"http://gridUser:{SECRET}@127.0.0.1:{port}",
            "--db",
            f"sqlite:///{tmp_path / 'store.sqlite'}",
            "--report",
            str(tmp_path / "report.html"),
            cwd=tmp_path,
        )
    finally:
        endpoint.terminate()
        endpoint.wait(timeout=20)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["run"]["status"] == "complete"
    with sqlite3.connect(tmp_path / "store.sqlite") as store:
        rendered = [json.loads(axe) for (axe,) in store.execute("SELECT axe FROM pages WHERE axe IS NOT NULL")]
    assert len(rendered) == 2 and all(axe["error"] is None and axe["passes"] > 0 for axe in rendered), rendered
    assert_hidden(done.stdout, "stdout of check")
    assert_hidden(done.stderr, "stderr of check")
    assert_no_secret_in_files(tmp_path)
    assert_no_browser_left(started)


def test_a_portal_url_with_credentials_in_a_config_is_kept_without_them(portal: Served, tmp_path: Path) -> None:
    """As `check` does, a config drops a start URL's user name and password: the URL is stored,
    shown and published with every run."""
    url = portal.base_url.replace("http://", f"http://portalUser:{SECRET}@") + "/"
    config = write_config(tmp_path, [{"name": "p", "url": url, "max_pages": 5}])
    outputs = {
        args[0]: run_cli(*args, cwd=tmp_path) for args in (("config", "validate", str(config)), ("run", str(config)))
    }
    outputs["status"] = run_cli("status", str(config), cwd=tmp_path)
    for command, done in outputs.items():
        assert done.returncode == 0, done.stderr
        assert_hidden(done.stdout + done.stderr, f"the output of {command}")
    assert f"p: {portal.base_url}/ " in outputs["config"].stdout
    assert_no_secret_in_files(tmp_path, but=(config,))  # the store, the archive, its downloads


def _cli_with_store_from_env(store: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    return subprocess.run(
        [sys.executable, "-m", "egov_audit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "EGOV_AUDIT_DB": f"sqlite:///{store}"},
        check=False,
    )


def test_the_store_url_can_come_from_the_environment_where_ps_does_not_show_it(tmp_path: Path) -> None:
    store = tmp_path / "from-env.sqlite"
    page = '<!DOCTYPE html><html lang="en"><title>t</title></html>'
    with serve_app(lambda path: Reply(200, page)) as served:
        done = _cli_with_store_from_env(store, "check", served.base_url + "/", "--json", "--render", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert store.exists() and not (tmp_path / "egov-audit.sqlite").exists()
    history = _cli_with_store_from_env(store, "history", served.base_url + "/", cwd=tmp_path)
    assert history.returncode == 0, history.stderr
