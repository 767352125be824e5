"""egov-audit: audits of e-government portals for availability, accessibility and openness.

This package is plain Python: the data model, checks, rule loading, scoring, the
store and the command line. It never imports Scrapy; the crawl lives in `crawler`.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/egov-audit/egov-audit"
