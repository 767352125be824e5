"""Spiders of the egov-audit Scrapy project."""
