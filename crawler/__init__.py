"""The Scrapy project: a thin spider, its polite settings and the pipeline that hands
snapshots on. Everything it learns leaves as `audits.model.PageSnapshot` items."""
