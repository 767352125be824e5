"""What a page examined in a sample stands for: the share of the portal a sampled rule measures.

Rendering examines a sample of the crawled pages (render/sampling.py: the home page, the pages the
rules name, one page per template, a seeded random share). A rule over the rendered pages would
otherwise measure the sample, and move with its size: ten key pages are not the portal. Each
examined page stands for the pages of its template (render.sampling.template_key) that were
crawled, divided among the examined pages of that template, so the share of passing pages
estimates the share of the portal's pages that pass, whatever the sample's size (a stratified
estimate; templates no examined page belongs to are left out of it). When every page is examined,
every weight is 1 and the share is the plain one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from egov_audit.crawler.model import PageSnapshot
from egov_audit.render.sampling import template_key


def page_weights(population: Sequence[PageSnapshot], examined: Sequence[PageSnapshot]) -> dict[str, float]:
    """url -> how many crawled pages each examined page stands for (at least 1)."""
    sizes = Counter(template_key(page) for page in population)
    taken = Counter(template_key(page) for page in examined)
    weights = {}
    for page in examined:
        key = template_key(page)
        weights[page.url] = max(1.0, sizes[key] / taken[key])
    return weights


def weighted_share(
    passing: Sequence[PageSnapshot], examined: Sequence[PageSnapshot], weights: dict[str, float]
) -> float:
    """The weighted share of `examined` that is in `passing` (examined must not be empty)."""
    total = sum(weights.get(page.url, 1.0) for page in examined)
    return sum(weights.get(page.url, 1.0) for page in passing) / total
