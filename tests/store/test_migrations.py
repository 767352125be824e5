"""A store made by the first schema opens in this egov-audit with nothing lost; the migrations
and the ORM describe the same schema; a store from a newer egov-audit is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from egov_audit.crawler.model import FetchKind
from egov_audit.store.database import Store, StoreError
from egov_audit.store.migrations import HEAD_REVISION, head_revision, migrate
from egov_audit.store.schema import Base

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("daemons", "portal_locks")
FIRST_SCHEMA_ROWS = [
    "INSERT INTO portals (id, key, name, start_url, created_at) VALUES (1, 'p', 'Portal', 'http://p.test/', "
    "'2026-01-05 10:00:00')",
    "INSERT INTO runs (id, portal_id, started_at, finished_at, status, stop_reason, start_url, tool_version, "
    "rules_digest, config, host, pid, pages_count, openness_index, note) VALUES (1, 1, '2026-01-05 10:00:00', "
    "'2026-01-05 10:05:00', 'complete', 'finished', 'http://p.test/', '0.1.0', 'abc', "
    '\'{"profile": "kz", "instrument": {"axe_core": "4.10.2"}}\', \'h\', 1, 1, 61.5, NULL)',
    "INSERT INTO pages (id, run_id, url, kind, status, error, location, elapsed, size, content_type, depth, "
    "discovery, referrer, title, lang, blocked_by_robots, over_size_cap, links, fetched_at, headers, text, "
    "main_chars, viewport, forms, alternates, resources, html_z, sitemap_entries, axe) VALUES (1, 1, "
    "'http://p.test/', 'page', 200, NULL, NULL, 0.1, 100, 'text/html', 0, 'start', NULL, 'Home', 'kk', false, false, "
    "'[]', 0, '[]', 'text', 4, NULL, '[]', '[]', '[]', :html_z, '[]', :axe)",
    "INSERT INTO outcomes (id, run_id, rule_id, title, pillar, weight, outcome, summary, evidence, review, refs) "
    "VALUES (1, 1, 'contact-page', 'Contact page', 'transparency', 1, 'fail', 'none', "
    "'[[\"http://p.test/\", \"no link\"]]', false, '[]')",
    "INSERT INTO scores (run_id, pillar, score, passed, failed, errors, not_applicable) "
    "VALUES (1, 'transparency', 50, 1, 1, 0, 0)",
]
FIRST_SCHEMA_AXE = {
    "reason": "home page",
    "passes": 12,
    "error": None,
    "findings": [["image-alt", "critical", ["wcag2a", "wcag111"], ["img"], "<img>", "Alt", "https://h", False]],
}


def first_schema_store(url: str, *, with_version_table: bool) -> None:
    """A store as egov-audit 0.1 left it: the first schema and a finished run, findings inside pages.axe."""
    engine = create_engine(url)
    migrate(engine, "s0001")
    with engine.begin() as connection:
        for statement in FIRST_SCHEMA_ROWS:
            connection.execute(text(statement), {"axe": json.dumps(FIRST_SCHEMA_AXE), "html_z": b""})
        if not with_version_table:  # made before the migrations existed
            connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()


@pytest.mark.parametrize("with_version_table", [True, False])
def test_a_store_of_the_first_schema_opens_with_nothing_lost(store_url: str, with_version_table: bool) -> None:
    first_schema_store(store_url, with_version_table=with_version_table)
    store = Store(store_url)
    result = store.load_result(1)
    assert result.run.openness_index == 61.5 and result.run.profile == "kz"
    assert [(o.rule_id, o.outcome.value, o.titles) for o in result.outcomes] == [("contact-page", "fail", ())]
    assert [(s.pillar, s.score) for s in result.scores] == [("transparency", 50)]
    (home,) = [p for p in result.site.pages if p.kind == FetchKind.PAGE]
    assert home.axe is not None and home.axe.passes == 12
    # Runs before browser discovery (s0005) were walked over HTTP: no record, nothing rendered.
    assert result.run.discovery is None and result.run.discovery_reason is None
    # Runs before s0007 were audited before portals had a country or tags.
    assert (result.run.country, result.run.tags) == (None, ())
    assert (home.scripts, home.markers, home.rendered) == (0, (), False)
    assert (home.served_words, home.browser_error) == (None, None)
    found = [(f.rule_id, f.targets, f.tags) for f in home.axe.findings]
    assert found == [("image-alt", ("img",), ("wcag2a", "wcag111"))]
    with store.engine.connect() as connection:
        (axe,) = connection.execute(text("SELECT axe FROM pages")).one()
        axe = json.loads(axe) if isinstance(axe, str) else axe  # SQLite gives the text, PostgreSQL the JSON
        assert "findings" not in axe  # moved into axe_findings, not kept twice
        # s0006: no daemon beat and no portal was being audited while the store was upgraded.
        assert [connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in LOCKS] == [0, 0]
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    store.close()
    Store(store_url).close()  # opening again is a no-op


def test_a_store_at_s0006_keeps_its_runs_and_takes_a_country_and_tags(store_url: str) -> None:
    first_schema_store(store_url, with_version_table=True)
    engine = create_engine(store_url)
    migrate(engine, "s0006")
    engine.dispose()
    store = Store(store_url)
    (old,) = store.runs()
    assert (old.id, old.openness_index, old.country, old.tags) == (1, 61.5, None, ())
    with store.engine.connect() as connection:
        (tags,) = connection.execute(text("SELECT tags FROM runs")).one()
        assert (json.loads(tags) if isinstance(tags, str) else tags) == {}  # the column's default, not NULL
    store.close()


def test_the_migrations_build_the_schema_the_code_uses(store_url: str) -> None:
    engine = create_engine(store_url)
    migrate(engine, head_revision())  # by name: "head" on an empty database takes the fast path below
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    assert differences == [] and revision == HEAD_REVISION


def test_a_new_store_gets_the_same_schema_without_loading_alembic(store_url: str) -> None:
    opening = f"Store({store_url!r}).close()"
    script = f"import sys\nfrom egov_audit.store.database import Store\n{opening}\nprint('alembic' in sys.modules)"
    made = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert made.stdout.strip() == "False"
    engine = create_engine(store_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        revision = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    assert differences == [] and revision == HEAD_REVISION
    migrate(create_engine(store_url), head_revision())  # Alembic agrees there is nothing to do
    Store(store_url).close()


def test_a_store_from_a_newer_egov_audit_is_refused(store_url: str) -> None:
    Store(store_url).close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 's9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="'s9999' is newer than this egov-audit"):
        Store(store_url)


def test_a_store_at_the_newest_schema_opens_without_loading_alembic(store_url: str) -> None:
    """The fast path trusts HEAD_REVISION: it must name the newest script."""
    assert head_revision() == HEAD_REVISION
    Store(store_url).close()
    script = (
        "import sys\nfrom egov_audit.store.database import Store\n"
        f"Store({store_url!r}).close()\nprint('alembic' in sys.modules)"
    )
    opened = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert opened.stdout.strip() == "False"
