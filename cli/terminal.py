"""Terminal output: narration and progress on stderr, data on stdout, nothing from a
crawled page interpreted as markup or control sequences."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

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


class CrawlProgress:
    """A live line on stderr while a crawl runs: pages done, queued and failed."""

    def __init__(self, terminal: Terminal, enabled: bool) -> None:
        self.enabled = enabled and terminal.err.is_terminal
        self.done = 0
        self.errors = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]crawling[/bold]"),
            BarColumn(),
            TextColumn("{task.fields[done]} done, {task.fields[queued]} queued, {task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=terminal.err,
            transient=True,
        )
        self._task = self._progress.add_task("crawl", total=None, done=0, queued=0, errors=0)

    def __enter__(self) -> CrawlProgress:
        if self.enabled:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._progress.stop()

    def __call__(self, snapshot: PageSnapshot, pending: int) -> None:
        if snapshot.kind is not FetchKind.PAGE or snapshot.blocked_by_robots:
            return  # robots.txt, sitemaps and refusals are not pages of the portal
        self.done += 1
        self.errors += snapshot.is_broken
        if self.enabled:
            self._progress.update(
                self._task,
                completed=self.done,
                total=self.done + pending,
                done=self.done,
                queued=pending,
                errors=self.errors,
            )
