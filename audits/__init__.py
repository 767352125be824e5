"""The audit: what the rules ask of a crawled and rendered portal, and how it scores.

Owns the audit's model (outcomes, evidence, pillar scores, runs), the rule schema and rulebook,
the engine that binds rules to pages, the checks (with the text, date and language helpers only
they use) and the scoring. Reads the crawl's snapshots (egov_audit.crawler) and the render's
axe-core results (egov_audit.render); imports nothing above it: no store, reports, run or CLI.
"""
