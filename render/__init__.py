"""Rendering: a sample of pages in Chromium, with axe-core run in each.

Two drivers, Playwright (default) and Selenium (local chromedriver or a remote WebDriver /
Selenium Grid), inject the same axe-core build, so the findings are the same whichever ran.
Owns the drivers, the axe-core build, Chromium's flags, the guard proxy, the reaper and the
sampling. Imports only the crawl's snapshot model and policy (egov_audit.crawler): the pages the
rules point at come in as a list from the orchestration, never from the rule engine.
"""
