"""One organisation listed more than once ("twins"), found on the lists' own words.

The US lists often carry one organisation twice: on two lists (BIS Entity List "Minsk Wheeled
Tractor Plant", State Department "Minsk Wheel Tractor Plant") or twice on one list under two
spellings. A query that hits one of them names the other as surely, so `Matcher.screen` reports
the twins of every hit, each just below the hit that brought it (`TWIN_GAP`).

Two entries are twins when they have the same country (as the matcher infers it) and one of
their forms (name, alias, a parenthesised short name) folds to the same key (`fold`: case,
punctuation, legal forms, articles, parenthesised words, initials of one or two letters, a light
English stem: "Wheeled" / "Wheel", "Technologies" / "Technological"), and the key is distinctive:
not made only of organisational words, held by at most `MAX_HOLDERS` entries, all of one country
and a one-word key (an acronym) by no more than two. The links are pairwise: a twin's twin is
not reported (no chains through a parent that two units both name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

import msgspec
from unidecode import unidecode

from techties.screen import geo
from techties.screen.lists import ListEntry, country_code
from techties.screen.names import ABBREVIATIONS, GENERIC_WORDS, STOPWORDS

TWIN_GAP = 0.001  # a twin scores this much below the hit that brought it: the entry the query named stays first
MAX_HOLDERS = 4  # one company on the Entity List, NS-CMIC, EO 14032 and §1260H; more holders: a common name
MAX_HOLDERS_ONE_WORD = 2  # an acronym or one-word name two entries write; three already share a common one
MIN_ONE_WORD = 4  # letters of a one-word key: "MZKT", not "MMZ" (several plants of one town)
MIN_GENERIC_WORDS = 5  # a name of organisational words alone names one organisation only when this long
MAX_TWINS = 3  # an entry linked to more entries than this is a name several share: it links none

_LEGAL = frozenset("co ltd corp inc llc jsc pjsc ojsc cjsc oao zao ooo ao pao gmbh plc sa srl ag bv nv llp lp pte sdn "
                   "bhd kk spa sarl fze fzco fzc fzllc fsue fgup fgbu fgup fkp fgunpp unitary enterprise".split())
# "Group" and "Holding" stay: "China Telecom Group Co., Ltd." is the parent of "China Telecom Corporation Limited"
_DROP = (STOPWORDS - {"group", "holding", "holdings"}) | _LEGAL | frozenset(
    "a to by on with aka fka formerly known also part".split())
_PARENT_WORDS = frozenset({"group", "holding"})  # after `stem`: "holdings" -> "holding"
_SUFFIXES = ("ical", "ies", "ed", "al", "es", "s", "y")  # one, the first that leaves four letters
_GENERIC = frozenset(GENERIC_WORDS | {"company", "corporation", "group", "holding", "concern", "branch", "office",
                                       "institution", "organization", "organisation", "firm", "works"})
_PAREN = re.compile(r"\(([^()]*)\)")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_NOTE = re.compile(r"^\s*(?:f\.?k\.?a\.?|a\.?k\.?a\.?|formerly|also known as)\s*,?\s*", re.IGNORECASE)
_RU_ADJ = re.compile(r"(?<=sk)(?:iy|ii|ij|i|oy|oi|oj|aya|aia|oye|oe|ogo|y)$")  # Tulskiy / Tulsky / Tulskii


class Twin(msgspec.Struct, frozen=True):
    """An entry that is the same organisation as another, and the forms that say so."""

    entry: int  # index into the entries the twins were found among
    form: str  # the twin's form that the evidence names, as its list writes it
    evidence: str  # "name 'X' = name 'Y'": the two forms, as the lists write them, that fold alike


def stem(word: str) -> str:
    """A light English stem: an ordinal's number, one common suffix off a long word
    ("wheeled" -> "wheel", "technologies" / "technological" / "technology" -> "technolog")."""
    m = _ORDINAL.match(word)
    if m:
        return m.group(1)
    word = _RU_ADJ.sub("", word) if len(word) >= 6 else word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4 and not word.endswith("ss"):
            return word[: -len(suf)]
    return word


def fold(text: str, country: str | None = None) -> tuple[str, ...]:
    """The key of a name: its words as a sorted set, parenthesised words, case, punctuation,
    articles, legal forms and initials of one or two letters left out, abbreviations spelt out,
    each word but an acronym `stem`med. "Minsk Wheeled Tractor Plant" and "Minsk Wheel Tractor
    Plant" fold alike; "46 TsNII MO RF" and "46 TsNII" too; word order does not count (a
    translation puts the adjectives where its language does)."""
    t = unidecode(_PAREN.sub(lambda m: _paren_kept(m.group(1), country), text)).replace("'", "").replace("&", " and ")
    out = set()
    for word in re.split(r"[^A-Za-z0-9]+", t):
        w = word.lower()
        if not w or w in _DROP or (len(w) <= 2 and not w.isdigit()):
            continue
        if sum(c.isupper() for c in word) >= 2:  # an acronym ("NIIIS", "TsNII") keeps its letters
            out.add(w)
            continue
        out.update(stem(p) for p in ABBREVIATIONS.get(w, w).split() if p not in _DROP)
    return tuple(sorted(out))


def _paren_kept(inner: str, country: str | None) -> str:
    """A parenthesised part of a name, as `fold` keeps it: a place stays ("Huawei Device
    (Shenzhen)" is not "Huawei Device (Hong Kong)"); the entry's own country ("(Russia)"), a
    former name, or one other word (an acronym "(VNIIEF)", a note "(individual)") are left out."""
    inner = inner.strip(" ,.;")
    words = inner.split()
    if ((country and country_code(inner) == country) or _NOTE.match(inner) or not words
            or (len(words) == 1 and unidecode(inner).lower() not in city_words())):
        return " "
    return f" {inner} "


def _place(word: str) -> bool:
    return word in city_words() or country_code(word) is not None


@cache
def city_words() -> frozenset[str]:
    """One-word city names (GeoNames, population > 15k), lower case: "(Shenzhen)" is a place."""
    return frozenset(w for c in geo.cities().values() for w in [unidecode(c["name"]).lower()] if " " not in w)


_GENERIC_STEMS = frozenset(stem(w) for w in _GENERIC)


def distinctive(key: tuple[str, ...]) -> bool:
    """A key that can name one organisation: a word that is not organisational and not a bare
    number, and, alone, of `MIN_ONE_WORD` letters or more; or `MIN_GENERIC_WORDS` organisational
    words (a Soviet institute's descriptive name)."""
    own = [w for w in key if w not in _GENERIC_STEMS]
    if not own:  # "Electronic Computing Technology Scientific-Research Center", not "Special Technology Center"
        return len(key) >= MIN_GENERIC_WORDS
    if all(w.isdigit() for w in own):
        return False
    return len(key) > 1 or len(key[0]) >= MIN_ONE_WORD


def entry_forms(e: ListEntry) -> list[tuple[str, str]]:
    """(text, kind) of every form an entry is written in: its name, its aliases, and what the
    name or an alias gives in parentheses: a short name of one word once folded ("(VNIIEF)",
    "(RFNC-VNIIEF)", "(JSC NICEVT)"; not a place or country) or a former name ("(f.k.a. …)")."""
    out = [(e.name, "name")] + [(a, "alias") for a in e.aliases]
    for text, _ in list(out):
        for inner in _PAREN.findall(text):
            former = _NOTE.match(inner)
            inner = inner[former.end():].strip(" ,.;") if former else inner.strip(" ,.;")
            one = fold(inner, e.country)
            if former or (one and (len(one) == 1 or len(inner.split()) == 1) and not any(map(_place, one))):
                out.append((inner, "short name"))
    return out


def find_twins(entries: Sequence[ListEntry]) -> dict[int, list[Twin]]:
    """Per entry index: the other entries that are the same organisation (see the module)."""
    holders: dict[tuple[str, ...], dict[int, tuple[str, str]]] = defaultdict(dict)  # key -> entry -> (kind, text)
    for i, e in enumerate(entries):
        if not e.country:
            continue
        for text, kind in entry_forms(e):
            key = fold(text, e.country)
            if key and distinctive(key):
                holders[key].setdefault(i, (kind, text))
    links: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)  # entry -> twin -> (twin's form, evidence)
    for key, held in holders.items():
        cap = MAX_HOLDERS if len(key) > 1 else MAX_HOLDERS_ONE_WORD
        if not 2 <= len(held) <= cap or len({entries[i].country for i in held}) != 1:
            continue
        for i, own in held.items():
            for j, other in held.items():
                if i != j:
                    links[i].setdefault(j, (other[1], f"{other[0]} '{other[1]}' = {own[0]} '{own[1]}'"))
    names = [frozenset(w for w in fold(e.name, e.country) if (w not in _GENERIC_STEMS or w in _PARENT_WORDS)
                       and not _place(w)) for e in entries]
    out: dict[int, list[Twin]] = {}
    for i, ts in links.items():
        kept = [Twin(j, *ev) for j, ev in sorted(ts.items()) if not names_conflict(names[i], names[j])]
        if kept and len(ts) <= MAX_TWINS:
            out[i] = kept
    return out


def names_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two names that each have words of their own (not organisational, not a place; a number
    counts: "46th") and share none name two organisations, whatever alias the lists give both:
    "Institute of High Energy Physics" and "Institute of Theoretical and Experimental Physics" both
    carry "Kurchatovskiy Institute ITEF" on the Entity List and §1286. Nor is a group or holding
    one with a company of its name: NS-CMIC gives "Huawei Technologies Co., Ltd." the alias of its
    parent "Huawei Investment & Holding Co., Ltd.", which the list carries as an entry of its own."""
    if bool(a & _PARENT_WORDS) != bool(b & _PARENT_WORDS):
        return True
    a, b = a - _PARENT_WORDS, b - _PARENT_WORDS
    return bool(a and b) and not a & b


def twin_scores(found: dict[int, float], twins: dict[int, list[Twin]], threshold: float
                ) -> dict[int, tuple[int, float, Twin]]:
    """Twins of the entries a query hit (entry -> score), not hit themselves: twin -> (the hit
    that brings it, its score `TWIN_GAP` below that hit's, the link). Only a hit at or above the
    threshold brings twins, and a twin that would fall below the threshold is left out."""
    out: dict[int, tuple[int, float, Twin]] = {}
    for i, score in sorted(found.items(), key=lambda x: (-x[1], x[0])):
        if score < threshold:
            continue
        for t in twins.get(i, ()):
            s = round(score - TWIN_GAP, 4)
            if t.entry not in found and s >= threshold and s > out.get(t.entry, (0, -1.0))[1]:
                out[t.entry] = (i, s, t)
    return out
