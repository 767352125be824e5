"""Checks grouped by concern; importing this package registers them all."""

from audits.checks import availability, content, discovery, inclusion, language, readability, trust
from audits.checks.registry import CHECKS, CheckSpec

__all__ = [
    "CHECKS",
    "CheckSpec",
    "availability",
    "content",
    "discovery",
    "inclusion",
    "language",
    "readability",
    "trust",
]
