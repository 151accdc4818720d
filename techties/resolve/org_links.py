"""Curated organisations linked to warehouse institutions by name. Why in resolve/: deciding that an
institution in papers is a curated organisation is resolution, like rolling institutes up to their
academy; the warehouse stores the links and the network and metrics read them."""

from __future__ import annotations

import json
from collections import defaultdict

from techties.sources.crunchbase import normalise_name
from techties.sources.curated import CuratedData

__all__ = ["PLACEHOLDERS", "link_institutions"]

PLACEHOLDERS = {"cn-unnamed", "ru-unnamed"}  # unnamed parties: linking through them would be false


def link_institutions(curated: CuratedData, con) -> dict[str, list[str]]:
    """Curated organisation id -> warehouse institution ids with a matching name (normalised exact)."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for org in curated.organisations.values():
        if org.org_id in PLACEHOLDERS:
            continue
        for n in org.all_names():
            key = normalise_name(n)
            if len(key) >= 3:  # two-letter acronyms are too ambiguous to link on
                by_name[key].add(org.org_id)
    links: dict[str, set[str]] = defaultdict(set)
    for inst_id, name, names_json in con.execute(
        "SELECT institution_id, name, names_json FROM institutions"
    ).fetchall():
        names = [name] if name else []
        if names_json:
            try:
                for values in json.loads(names_json).values():
                    names.extend(values if isinstance(values, list) else [values])
            except (ValueError, AttributeError):
                pass
        for n in names:
            if not isinstance(n, str):
                continue
            for org_id in by_name.get(normalise_name(n), ()):
                links[org_id].add(inst_id)
    return {k: sorted(v) for k, v in links.items()}
