"""Accessibility: render a sample of pages in Chromium and run axe-core in them.

Two drivers, Playwright (default) and Selenium (local chromedriver or a remote
WebDriver / Selenium Grid), inject the same axe-core build, so the findings are
the same whichever ran.
"""
