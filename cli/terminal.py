"""Terminal output: narration and progress on stderr, data on stdout, nothing from a
crawled page interpreted as markup or control sequences."""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.text import Text

from egov_audit.cli.plurals import counted
from egov_audit.crawler.model import FetchKind, PageSnapshot
from egov_audit.store.redaction import redacted_text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(value: object) -> Text:
    """Page-derived text made inert: no rich markup, no terminal escapes, no bidi overrides."""
    return Text(_CONTROL.sub("?", str(value)))


@dataclass
class Terminal:
    """The consoles a command writes to; tests replace it to capture output."""

    # Piped output is read by programs and people alike: wide enough that tables keep whole ids.
    out: Console = field(
        default_factory=lambda: Console(
            file=sys.stdout, highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160
        )
    )
    err: Console = field(default_factory=lambda: Console(file=sys.stderr, highlight=False, soft_wrap=True))

    def error(self, message: str) -> None:
        # Several errors (every mistake of a file, then their count): the first after the prefix,
        # the others indented under it, so the prefix marks where the list starts.
        first, *rest = redacted_text(message).splitlines() or [""]
        self.err.print(plain(f"egov-audit: error: {first}"), style="bold red")
        for line in rest:
            self.err.print(plain(f"  {line}"), style="red")

    def note(self, message: str) -> None:
        self.err.print(plain(redacted_text(message)))


def current_terminal() -> Terminal:
    """The terminal the command group was given (`main(obj=Terminal(...))` in tests), else a new one
    on this process's stdout and stderr."""
    context = click.get_current_context(silent=True)
    found = context.find_object(Terminal) if context is not None else None
    return found if found is not None else Terminal()


class _Clock(ProgressColumn):
    """Time since the audit started, running through every stage (rich's elapsed-time column stops
    when a task completes, which froze the clock once the crawl was done and rendering began)."""

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()

    def render(self, task: Task) -> Text:
        seconds = int(time.monotonic() - self.started)
        return Text(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}", style="progress.elapsed")


class _Detail(ProgressColumn):
    """The stage's detail, cut to the room left on the line rather than wrapped onto another."""

    def render(self, task: Task) -> Text:
        return Text(str(task.fields["detail"]), no_wrap=True, overflow="ellipsis")


class AuditProgress:
    """A live line on stderr while an audit runs: the crawl (pages done, queued, failed), then
    `rendering 12/30` with the page being rendered, then the rules and the report. Only on a
    terminal: piped or redirected stderr gets nothing, so logs stay clean."""

    def __init__(self, terminal: Terminal, enabled: bool) -> None:
        self.enabled = enabled and terminal.err.is_terminal
        self.done = 0
        self.errors = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}[/bold]"),
            BarColumn(bar_width=20),
            _Detail(),
            _Clock(),
            console=terminal.err,
            transient=True,
        )
        self._task = self._progress.add_task("crawling", total=None, detail="")

    def __enter__(self) -> AuditProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()

    def crawled(self, snapshot: PageSnapshot, pending: int) -> None:
        if snapshot.kind is not FetchKind.PAGE or snapshot.blocked_by_robots:
            return  # robots.txt, sitemaps and refusals are not pages of the portal
        self.done += 1
        self.errors += snapshot.is_broken
        detail = f"{self.done} done, {pending} queued, {counted(self.errors, '%(n)d error', '%(n)d errors')}"
        self._show("crawling", self.done, self.done + pending, detail)

    def rendering(self, started: int, total: int, url: str) -> None:
        self._show(f"rendering {started}/{total}", started - 1, total, redacted_text(url), at_once=True)

    def stage(self, name: str) -> None:
        self._show(name, None, None, "", at_once=True)

    def _show(
        self, description: str, completed: int | None, total: int | None, detail: str, at_once: bool = False
    ) -> None:
        """`at_once`: drawn now, not at the next tick, so a short stage is seen (a page crawled is not
        worth a redraw of its own)."""
        if self.enabled:
            self._progress.update(
                self._task,
                description=description,
                completed=completed or 0,
                total=total,
                detail=_inert(detail),
                refresh=at_once,
            )


def _inert(text: str) -> str:
    """A URL shown inside rich markup-free columns still must not carry terminal escapes."""
    return _CONTROL.sub("?", text)
