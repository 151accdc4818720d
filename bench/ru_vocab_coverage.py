"""How much of the vocabulary of the Russian and Belarusian list names the Russian glossary can
produce: a Cyrillic query is read into English word by word (data/glossary.yaml `ru`, plus the
variants and phrases of data/glossary_ru.yaml), so a list word no row produces is a word a Russian
query can only match by transliteration.

    python bench/ru_vocab_coverage.py [--min-count 2] [--all]

Words: every Latin-letter word of the names and aliases of the RU and BY entries of the shipped
lists (us_lists.jsonl.gz and the curated list), lower-cased. Dropped, by stated rules:
- stop words and legal forms (names.STOPWORDS, names.LEGAL_WORDS), words of one or two letters,
  digits and Roman numerals;
- place names: a one-word GeoNames name or alternate name of a city in the former USSR
  (geo.cities) or English name of a Russian place (places_ru.places);
- proper names: a word capitalised (or all capitals) at every occurrence that is not an English
  dictionary word (pyspellchecker's English word list): surnames, transliterated names, brands,
  initials ("Tupolev", "Zavod", "NPO").
The rest are content words. A content word is covered when its token (names.tokens, the matcher's
comparison key) is a token of some English reading a glossary, variant or phrase row gives.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from techties.screen import names  # noqa: E402
from techties.screen.geo import cities  # noqa: E402
from techties.screen.lists import ListEntry, load_curated  # noqa: E402
from techties.screen.places_ru import places  # noqa: E402
from techties.screen.snapshot import load_snapshot  # noqa: E402

COUNTRIES = frozenset({"RU", "BY"})
_USSR = frozenset("RU BY UA KZ UZ KG TJ TM AZ AM GE MD LT LV EE".split())
_WORD = re.compile(r"[A-Za-z]+")
_ROMAN = re.compile(r"^[ivxlcdm]+$")


def ru_by_names(entries: list[ListEntry]) -> list[str]:
    """Names and aliases of the Russian and Belarusian entries."""
    return [n for e in entries if e.country in COUNTRIES for n in (e.name, *e.aliases)]


@cache
def _place_words() -> frozenset[str]:
    """One-word names of places in the former USSR, where the entries are (not "Center", Texas)."""
    names_ = [n for c in cities().values() if c["countrycode"] in _USSR
              for n in (c["name"], *c.get("alternatenames", ()))]
    names_ += [en for en, _, _ in places().values()]
    return frozenset(n.lower() for n in names_ if n.isascii() and _WORD.fullmatch(n))


@cache
def _english() -> frozenset[str] | None:
    try:
        from spellchecker import SpellChecker
    except ImportError:  # dev dependency; without it no word counts as a proper name by the dictionary rule
        return None
    return frozenset(SpellChecker(language="en").word_frequency.dictionary)


def content_words(texts: list[str]) -> Counter[str]:
    """Lower-case content word -> occurrences, by the rules in the module docstring."""
    counts: Counter[str] = Counter()
    lowercase_seen: set[str] = set()
    for text in texts:
        for w in _WORD.findall(text):
            low = w.lower()
            counts[low] += 1
            if w[0].islower():
                lowercase_seen.add(low)
    places_, english = _place_words(), _english()
    drop = names.STOPWORDS | names.LEGAL_WORDS
    out: Counter[str] = Counter()
    for w, n in counts.items():
        if len(w) <= 2 or w in drop or _ROMAN.match(w) or w in places_:
            continue
        if w not in lowercase_seen and english is not None and w not in english:
            continue  # capitalised everywhere and no English word: a proper name
        out[w] = n
    return out


def glossary_tokens() -> frozenset[str]:
    """Tokens of every English reading the Russian rows give (glossary `ru`, variants, phrases)."""
    texts = list(names.glossary("ru").values())
    data = names.data_yaml("glossary_ru.yaml")
    texts += [en for row in data["variants"] for en in row["en"]]
    texts += [row["en"] for row in data.get("phrases", [])] + [a for row in data.get("phrases", []) for a in row["as"]]
    return frozenset(t for text in texts for t in names.tokens(text))


def coverage(words: Counter[str], min_count: int = 2) -> tuple[list[str], list[str]]:
    """(covered, missing) content words of frequency >= min_count, most frequent first."""
    have = glossary_tokens()
    covered, missing = [], []
    for w, n in words.most_common():
        if n < min_count:
            continue
        toks = names.tokens(w)
        if not toks:
            continue
        (covered if all(t in have for t in toks) else missing).append(w)
    return covered, missing


def shipped_coverage(min_count: int = 2) -> tuple[list[str], list[str], Counter[str]]:
    """coverage() of the shipped lists (us_lists.jsonl.gz + curated)."""
    words = content_words(ru_by_names(load_snapshot(frozenset()) + load_curated()))
    covered, missing = coverage(words, min_count)
    return covered, missing, words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--all", action="store_true", help="also list the covered words")
    args = ap.parse_args()
    covered, missing, words = shipped_coverage(args.min_count)
    total = len(covered) + len(missing)
    print(f"content words (frequency >= {args.min_count}): {total}; covered {len(covered)} "
          f"({len(covered) / max(total, 1):.3f}); missing {len(missing)}")
    print("missing:", " ".join(f"{w}:{words[w]}" for w in missing))
    if args.all:
        print("covered:", " ".join(f"{w}:{words[w]}" for w in covered))


if __name__ == "__main__":
    main()
