"""WCAG-EM sampling: home, pages the rules name, one page per template, a seeded random share."""

from __future__ import annotations

from egov_audit.crawler.model import Form, Link, PageSnapshot, SiteSnapshot
from egov_audit.render.sampling import choose_sample, read_reason, reason, template_key

BASE = "http://portal.test"
# What the engine's named_pages hands on (tests/audits/test_engine_and_scoring.py shows it finds these).
NAMED = [(f"{BASE}/contacts/", "named by rule contacts-linked"), (f"{BASE}/elsewhere/", "named by rule x")]


def page(path: str, links: tuple[str, ...] = (), form: bool = False) -> PageSnapshot:
    forms = (Form(f"{BASE}{path}", "post", 2, True, False),) if form else ()
    return PageSnapshot(
        url=f"{BASE}{path}",
        status=200,
        content_type="text/html",
        forms=forms,
        links=tuple(Link(f"{BASE}{p}", p.strip("/").split("/")[-1]) for p in links),
    )


def site() -> SiteSnapshot:
    services = [page(f"/services/s{n}/", form=True) for n in range(5)]
    news = [page(f"/news/{n}/") for n in range(1, 21)]
    home = page("/", ("/contacts/", "/services/", "/news/"))
    return SiteSnapshot(f"{BASE}/", [home, page("/contacts/"), page("/services/"), page("/news/"), *services, *news])


def test_templates_group_by_url_shape_and_structure() -> None:
    assert template_key(page("/news/1/")) == template_key(page("/news/2/"))
    assert template_key(page("/kk/services/passport/")) == template_key(page("/kk/services/visa/"))
    assert template_key(page("/kk/services/passport/", form=True)) != template_key(page("/kk/services/visa/"))


def test_home_then_the_largest_templates_then_named_pages_then_the_rest_then_random() -> None:
    sample = choose_sample(site(), NAMED, limit=None, seed=7, random_share=0.1)
    reasons = dict(sample)
    assert sample[0] == (f"{BASE}/", "home page")
    # The bulk of the portal first: its largest templates, news (20 pages), then services (5, with a form).
    assert sample[1] == (f"{BASE}/news/1/", "one page of the template news/* (20 pages)")
    assert sample[2] == (f"{BASE}/services/s0/", "one page of the template services/* (5 pages)")
    assert sample[3] == (f"{BASE}/contacts/", "named by rule contacts-linked")
    assert f"{BASE}/elsewhere/" not in reasons  # named, but not crawled: nothing to render
    assert {reasons[f"{BASE}/services/"], reasons[f"{BASE}/news/"]} == {
        "one page of the template services",
        "one page of the template news",
    }
    news = [u for u in reasons if "/news/" in u and u != f"{BASE}/news/"]
    assert len(news) == 20 and sum(1 for u in news if reasons[u].startswith("one page of the template")) == 1


def test_a_small_sample_covers_the_bulk_of_the_portal() -> None:
    sample = choose_sample(site(), NAMED, limit=3, seed=7, random_share=0.1)
    assert [url for url, _reason in sample] == [f"{BASE}/", f"{BASE}/news/1/", f"{BASE}/services/s0/"]


def test_the_random_share_is_seeded_and_the_limit_holds() -> None:
    first = choose_sample(site(), NAMED, limit=8, seed=3, random_share=0.2)
    again = choose_sample(site(), NAMED, limit=8, seed=3, random_share=0.2)
    assert first == again and len(first) == 8
    other = choose_sample(site(), NAMED, limit=None, seed=4, random_share=0.2)
    same_seed = choose_sample(site(), NAMED, limit=None, seed=3, random_share=0.2)
    randoms = {u for u, r in same_seed if r.startswith("random")}
    assert randoms and randoms != {u for u, r in other if r.startswith("random")}


def test_nothing_to_render_without_html_pages() -> None:
    empty = SiteSnapshot(f"{BASE}/", [PageSnapshot(url=f"{BASE}/", status=500)])
    assert choose_sample(empty, NAMED, limit=10, seed=0, random_share=0.1) == []


def test_every_reason_reads_back_as_its_code_and_values() -> None:
    sample = choose_sample(site(), NAMED, limit=None, seed=7, random_share=0.1)
    read = {why: read_reason(why) for _url, why in sample}
    assert all(read.values()), read
    assert {code for code, _values in filter(None, read.values())} >= {"home", "template", "named", "every_page"}
    assert read_reason(reason("template", template="news/*", pages=20)) == (
        "template",
        {"template": "news/*", "pages": "20"},
    )
    assert read_reason("one page of the template news") == ("template_alone", {"template": "news"})
    assert read_reason("named by rule contacts-linked") == ("named", {"rule": "contacts-linked"})
    assert read_reason("random sample (seed 7)") == ("random", {"seed": "7"})
    assert read_reason("every page rendered (--render all)") == ("every_page", {})  # as runs before stored it
    assert read_reason("chosen by hand") is None
