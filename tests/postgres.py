"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, gone at the end.

`postgres_server()` runs `initdb` into a new temporary folder, starts the server with
`pg_ctl` on a free port of 127.0.0.1 (and a unix socket in that folder) with trust
authentication and durability switched off for speed, creates a database, and yields
a `PostgresServer` whose `url` is that database's SQLAlchemy URL and whose
`create_database()` makes a fresh one. At the end the server is stopped
(`pg_ctl stop -m immediate`) and the folder removed.

PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres`
system user (made by Debian's `postgresql` package) and its programs run through
`runuser -u postgres --`. The binaries are looked for in `$EGOV_PG_BINDIR`, then on
`PATH`, then in `/usr/lib/postgresql/*/bin` (Debian's place, newest version first);
`scripts/setup.sh` installs Debian's package when none is found.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "egov"
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "shared_buffers": "16MB",
    "max_connections": "50",
    "autovacuum": "off",
    "logging_collector": "off",
    "log_min_messages": "warning",
}
PROGRAMS = ("initdb", "pg_ctl", "postgres")


class PostgresUnavailableError(RuntimeError):
    """The PostgreSQL server programs are missing or the server would not start; the message says which."""


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    socket_dir: Path
    database: str

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    @property
    def url(self) -> str:
        return self.url_for(self.database)

    def create_database(self, name: str | None = None) -> str:
        """A new empty database (named `t_<uuid>` unless given); returns its SQLAlchemy URL."""
        import psycopg  # here, so that without it only the PostgreSQL tests fail, not the whole session
        from psycopg import sql

        name = name or f"t_{uuid.uuid4().hex}"
        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)


def find_bindir() -> Path:
    """The folder holding initdb, pg_ctl and postgres, or a PostgresUnavailableError saying how to get them."""
    candidates: list[Path] = []
    if configured := os.environ.get("EGOV_PG_BINDIR"):
        candidates.append(Path(configured))
    if on_path := shutil.which("pg_ctl"):
        candidates.append(Path(on_path).resolve().parent)
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: [int(part) if part.isdigit() else 0 for part in p.parent.name.split(".")],
        reverse=True,
    )
    candidates.extend(debian)
    for bindir in candidates:
        if all(os.access(bindir / program, os.X_OK) for program in PROGRAMS):
            return bindir
    looked = ", ".join(str(c) for c in candidates) or "PATH and /usr/lib/postgresql/*/bin"
    raise PostgresUnavailableError(
        f"PostgreSQL server programs ({', '.join(PROGRAMS)}) not found (looked in {looked}); "
        "run scripts/setup.sh (it installs Debian's postgresql package) or set EGOV_PG_BINDIR"
    )


def _owner() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs the server programs, and the user who owns the cluster when we are root."""
    if os.geteuid() != 0:
        return [], None
    try:
        postgres = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailableError(
            "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as; "
            "install Debian's postgresql package (scripts/setup.sh does)"
        ) from None
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", "postgres", "--"], postgres
    if setpriv := shutil.which("setpriv"):
        return [setpriv, f"--reuid={postgres.pw_uid}", f"--regid={postgres.pw_gid}", "--init-groups"], postgres
    raise PostgresUnavailableError(
        "running as root, and neither runuser nor setpriv is there to run PostgreSQL as 'postgres'"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], cwd: Path, what: str, log: Path | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        server_log = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
        raise PostgresUnavailableError(
            f"{what} failed (exit {done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}{server_log}"
        )


@contextmanager
def postgres_server(database: str = "egov_audit") -> Iterator[PostgresServer]:
    """Start a throwaway cluster with one database; stop it and remove its folder on exit."""
    bindir = find_bindir()
    prefix, owner = _owner()
    # Not under pytest's tmp_path: that is private to the user running the tests, and the server may be another.
    root = Path(tempfile.mkdtemp(prefix="egov-audit-pg-"))
    data, log = root / "data", root / "server.log"
    try:
        if owner is not None:
            os.chown(root, owner.pw_uid, owner.pw_gid)
        _run(
            [
                *prefix,
                str(bindir / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            root,
            "initdb",
        )
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\n# egov-audit tests\nunix_socket_directories = '{root}'\n")
            conf.writelines(f"{name} = {value}\n" for name, value in SERVER_SETTINGS.items())
        server = _start(prefix, bindir, root, data, log, database)
        try:
            yield server
        finally:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "stop", "--pgdata", str(data), "--mode", "immediate", "--wait"],
                cwd=root,
                capture_output=True,
                timeout=60,
                check=False,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _start(prefix: list[str], bindir: Path, root: Path, data: Path, log: Path, database: str) -> PostgresServer:
    """Start the server on a free port (another, should a process take the port first) and create the database."""
    for attempt in range(3):
        port = _free_port()
        command = [
            *prefix,
            str(bindir / "pg_ctl"),
            "start",
            "--pgdata",
            str(data),
            "--log",
            str(log),
            "--wait",
            "--timeout",
            "60",
            "--options",
            f"-p {port}",
        ]
        try:
            _run(command, root, "pg_ctl start", log)
        except PostgresUnavailableError:
            if attempt == 2:
                raise
            continue
        server = PostgresServer("127.0.0.1", port, SUPERUSER, root, database)
        server.create_database(database)
        return server
    raise AssertionError("unreachable")
