"""Run one crawl in a child process, for audits a browser follows.

Scrapy and Twisted stay in a process once imported (~40 MB), and so does what a crawl leaves
on the heap (~20 MB); beside Chromium, at an audit's peak of memory, that is the difference
between egov-audit and a tool that only renders. So when pages are rendered after the crawl,
the crawl runs in a child process that hands each snapshot back over a socket pair and ends
before the browser starts. The child has a process group of its own (a terminal's Ctrl-C reaches
only this process, which passes it on once: a second one would make Scrapy stop uncleanly)
and dies with its parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from types import FrameType
from typing import TYPE_CHECKING

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.config import BrowserLaunch, CrawlConfig
from egov_audit.crawler.crawl_end import CrawlEnd
from egov_audit.crawler.model import PageSnapshot

if TYPE_CHECKING:  # the point of this module is that this process never imports Scrapy
    from egov_audit.crawler.spiders.portal import Sink

_PR_SET_PDEATHSIG = 1


class CrawlProcessError(Exception):
    """The crawl's process failed or died; the message says how."""


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent was gone before the line above took effect
        os._exit(1)


# The child's first lines: the parent's import path comes first, then this module.
_CHILD = (
    "import sys\n"
    "from multiprocessing.connection import Connection\n"
    "connection = Connection(int(sys.argv[1]))\n"
    "sys.path[:0] = connection.recv()\n"
    "from egov_audit.crawler.apart import crawl_child\n"
    "crawl_child(connection)\n"
)


def crawl_child(connection: Connection) -> None:
    """The child: crawl, sending ("page", snapshot, pending) per page, then ("stop", reason) or ("error", text)."""
    _die_with_parent()
    config, policy, log_enabled, browser = connection.recv()
    from egov_audit.crawler.runner import run_crawl

    def send(snapshot: PageSnapshot, pending: int) -> None:
        connection.send(("page", snapshot, pending))

    try:
        end = run_crawl(config, send, policy, log_enabled, browser)
    except BaseException as exc:  # everything is reported to the parent, which records the run as failed
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    else:
        connection.send(("stop", end))
    connection.close()


@contextlib.contextmanager
def _passing_signals_to(pid: int) -> Iterator[None]:
    """SIGINT and SIGTERM sent to this process stop the child's crawl the way they stop a crawl here."""

    def forward(signum: int, _frame: FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    try:
        before = {signum: signal.signal(signum, forward) for signum in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: signals are not this code's to handle
        yield
        return
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def run_crawl_apart(
    config: CrawlConfig,
    sink: Sink,
    policy: AddressPolicy,
    log_enabled: bool = False,
    browser: BrowserLaunch | None = None,
) -> CrawlEnd:
    """As crawler.runner.run_crawl, in a child process: `sink` is called here, page by page."""
    ours, theirs = socket.socketpair()
    # A plain subprocess, not multiprocessing's spawn: that would also start its resource
    # tracker, a third Python process (~14 MB) that nothing here needs.
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(theirs.fileno())], pass_fds=[theirs.fileno()], process_group=0
    )
    theirs.close()
    receiver = Connection(ours.detach())
    try:
        receiver.send([entry for entry in sys.path if entry])
        receiver.send((config, policy, log_enabled, browser))
        with _passing_signals_to(child.pid):
            while True:
                try:
                    message = receiver.recv()
                except EOFError:
                    ended = child.wait()
                    raise CrawlProcessError(f"the crawl process ended without a result (status {ended})") from None
                if message[0] == "page":
                    sink(message[1], message[2])
                elif message[0] == "stop":
                    end: CrawlEnd = message[1]
                    return end
                else:
                    raise CrawlProcessError(f"the crawl failed: {message[1]}")
    except BaseException:
        child.kill()  # this side failed (the store, say): the crawl has no one left to report to
        raise
    finally:
        receiver.close()
        child.wait()
