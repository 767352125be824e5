"""Render reports to self-contained static HTML files.

Autoescaping is on for every template: page titles, link texts and evidence come
from crawled pages and are hostile input.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from egov_audit.audits.model import AuditResult, RunInfo
from egov_audit.audits.run_facts import run_facts
from egov_audit.reports.errors import ReportError
from egov_audit.reports.i18n import translations
from egov_audit.reports.locale_format import formats
from egov_audit.reports.url_text import breakable_url
from egov_audit.reports.views import run_view

_STATIC = Path(__file__).with_name("static")


def environment(lang: str = "en") -> Environment:
    env = Environment(
        loader=PackageLoader("egov_audit.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["inline_css"] = (_STATIC / "report.css").read_text(encoding="utf-8")
    env.globals["lang"] = lang
    env.filters.update(formats(lang).filters())  # numbers and dates as the language writes them
    env.filters["url"] = breakable_url
    return env


def _write(path: Path, text: str) -> Path:
    """Written beside, then moved into place: a run killed while writing leaves the old report or none."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ReportError(f"cannot write the report {path}: {exc.strerror}") from None
    return path


def render_run_report(result: AuditResult, path: Path) -> Path:
    """One run's page: scores, failing rules with evidence, broken and slow pages."""
    html = environment().get_template("run.html").render(view=run_view(result, run_facts(result)), nav=None)
    return _write(path, html)


def run_report_name(run: RunInfo) -> str:
    """A stable file name: run ids never change, so links to a run keep working."""
    return f"run-{run.id}.html"
