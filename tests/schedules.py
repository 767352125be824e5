"""Helpers for tests of `run` and `schedule`: a config of portals on 127.0.0.1, a view of the
store, and waiting for a condition with a deadline instead of sleeping."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text

T = TypeVar("T")


def write_config(folder: Path, portals: list[dict[str, object]], **settings: object) -> Path:
    """A config file with `portals` (name, url and any other field) and quick settings."""
    lines = ["settings:", "  store: sqlite:///store.sqlite", "  archive: archive", "  jitter: 0"]
    lines += [
        f"  {key}: {value!r}" if isinstance(value, str) else f"  {key}: {value}" for key, value in settings.items()
    ]
    lines.append("portals:")
    for portal in portals:
        fields = {"profile": "kz", "render": 0, "max_pages": 15, "max_depth": 2, **portal}
        first, *rest = fields.items()
        lines.append(f"  - {first[0]}: {first[1]!r}")
        lines += [f"    {key}: {value!r}" if isinstance(value, str) else f"    {key}: {value}" for key, value in rest]
    path = folder / "ngo.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def runs(folder: Path) -> list[dict[str, object]]:
    """Every run in the config's store: id, portal name, status, pid, started and finished."""
    database = folder / "store.sqlite"
    if not database.exists():
        return []
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT runs.id, portals.name, runs.status, runs.pid, runs.started_at, runs.finished_at, runs.note"
                    " FROM runs JOIN portals ON portals.id = runs.portal_id ORDER BY runs.id"
                )
            ).all()
    except Exception:  # the daemon is creating the tables right now
        return []
    finally:
        engine.dispose()
    keys = ("id", "portal", "status", "pid", "started", "finished", "note")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def wait_for[T](condition: Callable[[], T], timeout: float, what: str, every: float = 0.2) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def start_cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "egov_audit", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
