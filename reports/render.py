"""Render reports to self-contained static HTML files.

Autoescaping is on for every template: page titles, link texts and evidence come
from crawled pages and are hostile input.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from audits.model import AuditResult, RunInfo
from audits.run_facts import run_facts
from reports.views import RunLinkView, run_link_view, run_view

_STATIC = Path(__file__).with_name("static")


class ReportError(Exception):
    """A report could not be written; the message names the path and the reason."""


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["inline_css"] = (_STATIC / "report.css").read_text(encoding="utf-8")
    return env


def _write(path: Path, text: str) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write the report {path}: {exc.strerror}") from None
    return path


def render_run_report(result: AuditResult, path: Path) -> Path:
    """One run's page: scores, failing rules with evidence, broken and slow pages."""
    html = environment().get_template("run.html").render(view=run_view(result, run_facts(result)))
    return _write(path, html)


def run_report_name(run: RunInfo) -> str:
    """A stable file name: run ids never change, so links to a run keep working."""
    return f"run-{run.id}.html"


def render_index(runs: list[RunInfo], out_dir: Path, title: str) -> Path:
    """A page listing runs, newest first, each linking to its run report."""
    links: list[RunLinkView] = [run_link_view(run, run_report_name(run)) for run in reversed(runs)]
    html = environment().get_template("index.html").render(title=title, runs=links)
    return _write(out_dir / "index.html", html)
