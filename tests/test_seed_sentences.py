"""The seeds' facts may be used, cited; their sentences may not be copied (developers' guide, rule 7).

Our own prose in the curated data (summaries, notes) must share no run of seven words with a seed.
Titles, names, aliases and text in quotation marks are exempt: a source's title is cited as it is, an
organisation is named as it names itself, a quotation says whose words it is. A close paraphrase keeps
long runs of the seed's words, which is what this catches (session 15: three summaries and a note did,
e.g. "opened centres first in Moscow, St Petersburg and Kazan")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CURATED = Path(__file__).resolve().parent.parent / "techties" / "data" / "curated"
RUN = 7
PROSE = {"summary", "note", "notes", "description", "detail"}


def words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.casefold())


def runs(text: str) -> set[tuple[str, ...]]:
    """Every run of RUN words, within the text between quotations (a quotation marks its words as another's)."""
    found: set[tuple[str, ...]] = set()
    for part in re.split(r'"[^"]*"|“[^”]*”', text):
        w = words(part)
        found |= {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}
    return found


def prose(node: object, where: str = "") -> list[tuple[str, str]]:
    """(path, text) of every prose field in a parsed YAML file."""
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            if key in PROSE and isinstance(value, str):
                out.append((f"{where}/{key}", value))
            else:
                out += prose(value, f"{where}/{key}")
        return out
    if isinstance(node, list):
        return [p for k, item in enumerate(node) for p in prose(item, f"{where}[{k}]")]
    return []


def test_runs_of_words():
    # 9 words make 3 runs of 7; punctuation and case do not count; quoted words make none
    assert runs('ASPI calls it the "Harbin Ministry of Science and Technology".') == set()
    assert runs("Since 2018, Huawei has opened centres first in Moscow") == {
        ("since", "2018", "huawei", "has", "opened", "centres", "first"),
        ("2018", "huawei", "has", "opened", "centres", "first", "in"),
        ("huawei", "has", "opened", "centres", "first", "in", "moscow")}


def test_curated_prose_copies_no_seed_sentence(shared_data):
    seeds = sorted((shared_data.parent / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seeds beside the shared data")
    seen = set().union(*(runs(p.read_text(encoding="utf-8")) for p in seeds))
    copied = [f"{f.name}{where}: {' '.join(r)!r}"
              for f in sorted(CURATED.glob("*.yaml"))
              for where, text in prose(yaml.safe_load(f.read_text(encoding="utf-8")))
              for r in sorted(runs(text) & seen)]
    assert copied == []
