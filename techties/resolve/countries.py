"""Country of a raw affiliation string (placeholder: being replaced by the full resolver)."""

from __future__ import annotations

_TAIL = {
    "usa": "US", "peoples r china": "CN", "china": "CN", "russia": "RU", "russian federation": "RU",
}


def country_from_affiliation(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of the country an affiliation string names, or None."""
    if not text:
        return None
    last = text.rstrip(". ").rsplit(",", 1)[-1].strip().lower()
    if last.endswith(" usa"):
        return "US"
    return _TAIL.get(last)
