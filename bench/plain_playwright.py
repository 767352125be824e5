"""The floor for a browser walk: a plain Playwright crawl loop, no Scrapy, nothing stored.

Each page is opened in Chromium, let settle as egov-audit's walk lets it (the load event, then the
network idle or 5 s at most), and the links of its rendered DOM on the same host are queued; two
pages at once, as egov-audit's walk renders them. Prints `pages=N` at the end.

    python bench/plain_playwright.py URL
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The same browser, with the same flags, as egov-audit's walk.
from egov_audit.render.chromium import FLAGS, chromium_path

PAGES_AT_ONCE = 2
SETTLE_MS = 5000
LINKS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"


async def walk(start: str) -> int:
    host = urlsplit(start).netloc
    seen = {start}
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(start)
    done = 0
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
        context = await browser.new_context()

        async def worker() -> None:
            nonlocal done
            while True:
                url = await queue.get()
                page = await context.new_page()
                try:
                    await page.goto(url, wait_until="load", timeout=30_000)
                    with contextlib.suppress(PlaywrightError):
                        await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
                    links = await page.evaluate(LINKS)
                    done += 1
                except PlaywrightError:
                    links = []
                finally:
                    await page.close()
                for link in links:
                    link = urldefrag(link).url
                    if urlsplit(link).netloc == host and link not in seen:
                        seen.add(link)
                        queue.put_nowait(link)
                queue.task_done()

        workers = [asyncio.create_task(worker()) for _ in range(PAGES_AT_ONCE)]
        await queue.join()
        for task in workers:
            task.cancel()
        await browser.close()
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    args = parser.parse_args()
    print(f"pages={asyncio.run(walk(args.url))}")


if __name__ == "__main__":
    main()
