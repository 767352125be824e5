"""egov-audit: audits of e-government portals for availability, accessibility and openness.

The one package egov-audit installs. Its stages are folders of the repository, each mapped to a
subpackage (pyproject.toml, [tool.setuptools.package-dir]), and each imports only the stages
below it (tests/test_layout.py checks it):

    crawler   the crawl: Scrapy spider, frontier, politeness, robots, sitemaps, snapshots
    render    the browser: Playwright and Selenium drivers, axe-core, guard proxy, sampling
    audits    the audit: model, rule schema and rulebook, engine, checks, scoring
    store     the store: schema, rows, migrations, and every query (history, downloads, status)
    reports   the HTML archive, its downloads and the check JSON document
    run       the orchestration: one portal's audit, the batch, the scheduler, the config file
    cli       the command line on top

`demo` (the bundled demo portal) stands apart: it imports nothing of the stages. This module
itself imports nothing, so every stage may read the version from it.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/egov-audit/egov-audit"
