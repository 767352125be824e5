"""Bring a store to the schema this egov-audit writes, with Alembic, when it is opened.

A store made before migrations existed (tables, no alembic_version) is stamped with the
first revision, then upgraded like any other. A store made by a newer egov-audit is refused
rather than written in a shape its own version would not expect. An empty database gets the
newest schema straight from the ORM's tables, stamped with the newest revision (Alembic's own
recipe for a database built from scratch; tests/store/test_migrations.py checks that
it is the schema the migrations build).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect
from sqlalchemy.engine import Connection, Engine

from egov_audit.store.schema import Base

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).with_name("alembic")
FIRST_REVISION = "s0001"
# The newest script's revision (tests/store/test_migrations.py checks it against Alembic's
# reading of the scripts): a store already there opens without loading Alembic, which with Mako
# and Pygments behind it is ~11 MB of an audit process that then starts a browser.
HEAD_REVISION = "s0009"
# The table Alembic keeps its revision in, as Alembic itself creates it.
_VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


class NewerStoreError(Exception):
    """The store's schema is newer than this egov-audit knows."""


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(_SCRIPTS)).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _recorded_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _create_if_empty(engine: Engine) -> bool:
    """The newest schema in a database that has no tables at all, in one transaction; False if it has some."""
    with engine.connect() as connection:
        empty = not inspect(connection).get_table_names()
        connection.rollback()
        if not empty:
            return False
        with connection.begin():
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN")  # so CREATE TABLE commits all together (see migrate)
            Base.metadata.create_all(connection)
            _VERSION_TABLE.create(connection)
            connection.execute(_VERSION_TABLE.insert().values(version_num=HEAD_REVISION))
    return True


def migrate(engine: Engine, target: str = "head") -> None:
    """Upgrade the store to `target` (the newest schema unless a test asks for an older one)."""
    with engine.connect() as connection:
        recorded = _recorded_revision(connection)
        connection.rollback()
    if target == "head" and recorded == HEAD_REVISION:
        return  # the usual case: nothing to do, nothing locked, Alembic not loaded
    if target == "head" and recorded is None and _create_if_empty(engine):
        return  # a new store, made without loading Alembic either
    from alembic import command
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
        script = ScriptDirectory(str(_SCRIPTS))
        if revision is not None and revision not in {s.revision for s in script.walk_revisions()}:
            raise NewerStoreError(f"its schema revision {revision!r} is newer than this egov-audit; upgrade egov-audit")
        wanted = head_revision() if target == "head" else target
        if revision == wanted:
            return  # the usual case: nothing to do, nothing locked
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one, which its foreign keys
            # forbid; they are checked again once the migration has committed.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE
                    # would commit one by one: a process killed among them left a store that never
                    # opened again ("table portals already exists"). SQLite's DDL is transactional
                    # once a transaction is open, so the whole migration commits or none of it does.
                    connection.exec_driver_sql("BEGIN")
                config = _config(connection)
                if revision is None and inspect(connection).has_table("runs"):
                    command.stamp(config, FIRST_REVISION)
                command.upgrade(config, target)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("the migration left rows whose foreign keys point nowhere")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
