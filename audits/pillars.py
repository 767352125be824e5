"""The six pillars every rule belongs to, in the order reports show them."""

from __future__ import annotations

PILLARS: dict[str, str] = {
    "availability": "Can it be reached, quickly, without errors?",
    "accessibility": "Can people with disabilities use it?",
    "transparency": "Does it tell citizens what they need to hold it to account?",
    "participation": "Can citizens speak back?",
    "inclusion": "Is it usable in every official language, on a phone, on a slow line?",
    "trust": "Is the connection and data handling safe?",
}
