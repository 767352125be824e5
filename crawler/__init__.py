"""The crawl: a thin Scrapy spider, its polite settings and the pipeline that hands snapshots on.

Owns the snapshot model every later stage reads (model.py), the crawl's configuration and the
network policy (address_policy.py, the SSRF guard), and the TLS probe. The lowest stage: it
imports nothing of egov-audit but the version. Everything it learns leaves as
`egov_audit.crawler.model.PageSnapshot` items.
"""
