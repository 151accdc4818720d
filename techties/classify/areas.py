"""Technology areas with a text classifier, each defined by arXiv categories.

A paper belongs to an area when one of its arXiv categories is one of the area's, or sits under
one of them (``q-bio`` covers ``q-bio.NC``, ``q-bio.GN`` …). ``ai`` keeps its own rule and its
labelled training data (:data:`techties.classify.data.AI_CATEGORIES`); the others are trained from
arXiv metadata only. Areas arXiv does not cover go through the OpenAlex topics taxonomy instead
(``--area openalex-topic:…``; see docs/classifier.md).
"""

from __future__ import annotations

from techties.classify.data import AI_CATEGORIES

AREAS: dict[str, tuple[str, ...]] = {
    "ai": tuple(sorted(AI_CATEGORIES)),
    "robotics": ("cs.RO",),
    "computer-vision": ("cs.CV",),
    "nlp": ("cs.CL",),
    "quantum": ("quant-ph",),
    "networking": ("cs.NI", "eess.SP"),
    "q-bio": ("q-bio",),
}

TITLES: dict[str, str] = {
    "ai": "AI",
    "robotics": "Robotics",
    "computer-vision": "Computer vision",
    "nlp": "Natural-language processing",
    "quantum": "Quantum",
    "networking": "Networking and telecom",
    "q-bio": "Quantitative biology",
}


def in_area(categories: tuple[str, ...] | list[str], area: str) -> bool:
    """True when a category equals one of the area's or lies under it (``q-bio`` ⊃ ``q-bio.NC``)."""
    wanted = AREAS[area]
    return any(c == w or c.startswith(w + ".") for c in categories for w in wanted)
