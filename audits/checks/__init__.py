"""Checks grouped by concern; importing this package registers them all."""

from egov_audit.audits.checks import (
    accessibility,
    availability,
    content,
    discovery,
    inclusion,
    language,
    navigation,
    participation,
    readability,
    trust,
)
from egov_audit.audits.checks.registry import CHECKS, CheckSpec

__all__ = [
    "CHECKS",
    "CheckSpec",
    "accessibility",
    "availability",
    "content",
    "discovery",
    "inclusion",
    "language",
    "navigation",
    "participation",
    "readability",
    "trust",
]
