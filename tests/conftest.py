"""Shared fixtures: the demo portal, ad-hoc portals, the CLI run in a child process, and the store's databases.

Every crawl runs in its own process (Twisted's reactor cannot restart), through
`python -m egov_audit`, exactly as a user runs it. The suite runs on several pytest-xdist
workers (scripts/test); the demo fixtures are built once per test run, by whichever worker
asks first, and read by the others (`built_once`).
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from egov_audit.demo.portal import Portal
from egov_audit.demo.server import serve
from tests.browsers import MARK  # noqa: F401 - marks every process the tests start, to find leaked browsers
from tests.postgres import PostgresServer, postgres_server

ROOT = Path(__file__).resolve().parent.parent


def built_once[T](tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]) -> T:
    """`build(folder)`, once per test run however many xdist workers ask: the first builds it under
    a lock in the run's shared temporary folder, the others wait and read what it left. Tests only
    read what a shared fixture holds."""
    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: nobody to share with
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # every worker's basetemp lies in the run's one folder
    done = shared / f"{name}.pickle"
    with FileLock(str(shared / f"{name}.lock")):
        if done.is_file():
            return pickle.loads(done.read_bytes())
        folder = shared / name
        if folder.exists():  # a worker's build failed there (its own test says why): build afresh
            shutil.rmtree(folder)
        folder.mkdir()
        value = build(folder)
        done.write_bytes(pickle.dumps(value))
        return value


def run_cli(
    *args: str, cwd: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "egov_audit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True)
class DemoCrawl:
    """One `check --json` of a demo version: the document, the portal, what the server saw."""

    version: int
    base_url: str
    document: dict[str, Any]
    portal: Portal
    requested: list[str]
    db_url: str
    exit_code: int


@pytest.fixture(scope="session")
def demo_crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[int, DemoCrawl]:
    """Each demo version crawled once per test run with the real CLI and the kz profile; tests only read these."""
    return built_once(tmp_path_factory, "demo-crawls", _crawl_demo_versions)


def _crawl_demo_versions(folder: Path) -> dict[int, DemoCrawl]:
    crawls = {}
    for version in (1, 2, 3):
        work = folder / f"demo-v{version}"
        work.mkdir()
        db_url = f"sqlite:///{work / 'store.sqlite'}"
        with serve(version) as server:
            done = run_cli(
                "check",
                f"{server.base_url}/",
                "--json",
                "--profile",
                "kz",
                "--render",
                "all",
                "--db",
                db_url,
                cwd=work,
            )
            requested = server.requested_paths()
            base_url = server.base_url
            portal = server.portal
        assert done.returncode in (0, 1), done.stderr
        crawls[version] = DemoCrawl(
            version, base_url, json.loads(done.stdout), portal, requested, db_url, done.returncode
        )
    return crawls


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster for the whole session (tests/postgres.py), stopped and removed at the end."""
    with postgres_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The SQLAlchemy URL of a fresh, empty database: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@dataclass(frozen=True)
class DemoArchive:
    out: Path  # the archive `egov-audit demo` rendered
    db_url: str  # its store: the three demo versions as successive runs
    stdout: str


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    """`egov-audit demo` run once per test run, as a user runs it: three versions, every page rendered."""
    return built_once(tmp_path_factory, "demo-archive", _render_demo_archive)


@pytest.fixture(scope="session")
def translated_archives(demo_archive: DemoArchive, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's store rendered in Russian and Kazakh with `report --lang`, once per test run; the
    tests of the translated pages only read them."""
    return built_once(tmp_path_factory, "translated-archives", lambda work: _render_translated(work, demo_archive))


def _render_translated(work: Path, demo: DemoArchive) -> dict[str, Path]:
    sites = {}
    for lang in ("ru", "kk"):
        done = run_cli("report", "--db", demo.db_url, "--out", lang, "--lang", lang, cwd=work)
        assert done.returncode == 0, done.stderr
        sites[lang] = work / lang
    return sites


def _render_demo_archive(work: Path) -> DemoArchive:
    # Three audits with every page rendered: two minutes on a quiet machine, more on a busy one (the
    # test's own timeout is 1200 s), so the guard against a hang is wider than run_cli's default.
    done = run_cli("demo", "--out", "out", cwd=work, timeout=900)
    assert done.returncode == 0, done.stderr
    out = work / "out"
    return DemoArchive(out, f"sqlite:///{out / 'egov-audit.sqlite'}", done.stdout)
