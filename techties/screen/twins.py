"""One organisation listed more than once ("twins"), found on the lists' own words.

The US lists often carry one organisation twice: on two lists (BIS Entity List "Minsk Wheeled
Tractor Plant", State Department "Minsk Wheel Tractor Plant") or twice on one list under two
spellings ("46th TSNII Central Scientific Research Institute" alias "46 TsNII", and the curated
"46th Central Research Institute of the Ministry of Defence…" alias "46 TsNII MO"). A query that
hits one names the other as surely, so `Matcher.screen` reports the twins of every hit at or above
the threshold, each `TWIN_GAP` below the hit that brought it. That score may stay above the
threshold because the link is the lists' own statement (the same name, or an alias only these
entries write), not a guess; the gap only keeps the entry the query named first. A twin that would
fall below the threshold is not reported (a hit is at or above it), nor is a twin of a twin.

Two entries are twins when they have the same country (as the matcher infers it) and one form of
each (name, alias, a short name the name ends with in parentheses) folds to the same key (`fold`)
that is distinctive: not organisational words alone (unless five of them), held by at most
`MAX_HOLDERS` entries of one country; a one-word key only as names that differ by legal forms
alone ("Irkut Corporation", "PJSC Irkut Corporation") or as an acronym written so by two entries
("TsAGI"; not "Soyuz": two firms of a group share a brand). Their names must not
contradict it (`names_conflict`: no word in common, a group beside a company, a joint-stock
company beside a limited-liability one, a design bureau beside a plant). The links are pairwise.
`python bench/screen_twins.py` counts them on the shipped lists and prints a sample to check.
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
from techties.screen.names import GENERIC_WORDS, LEGAL_WORDS, STOPWORDS

TWIN_GAP = 0.001  # a twin scores this much below the hit that brought it: the entry the query named stays first
MAX_HOLDERS = 4  # one company on the Entity List, NS-CMIC, EO 14032 and §1260H; more holders: a common name
MAX_HOLDERS_ONE_WORD = 2  # an acronym two entries write; three already share a common one
MIN_ONE_WORD = 4  # letters of a one-word key: "MZKT", not "MMZ" (several plants of one town)
MIN_GENERIC_WORDS = 5  # a name of organisational words alone names one organisation only when this long
MAX_TWINS = 3  # an entry linked to more entries than this carries a name several share: it links none
MAX_ACRONYM_CAPS = 6  # a word of capitals only, in a name of capitals only, is an acronym up to this long

_LEGAL = LEGAL_WORDS | frozenset("fsue fgup fgbu fkp pvt private unitary enterprise".split())
# "Group" and "Holding" stay: "China Telecom Group Co., Ltd." is the parent of "China Telecom Corporation Limited"
_DROP = (STOPWORDS - {"group", "holding", "holdings"}) | _LEGAL | frozenset(
    "a to by on with aka fka formerly known also".split())
# spellings and translations of one word (names.ABBREVIATIONS has them too): «вычислительной техники»
# is "Computing Technology" and "Computing Techniques"
_SPELLING = {"centre": "center", "defence": "defense", "organisation": "organization", "technique": "technology",
             "techniques": "technology"}
# the kind of organisation a name says it is: a design bureau is not a plant, whatever alias both carry
_KINDS = {"plant": "plant", "factory": "plant", "zavod": "plant", "works": "plant", "bureau": "bureau",
          "byuro": "bureau", "institute": "institute", "institut": "institute", "university": "university"}
_PARENT_WORDS = frozenset({"group", "holding"})  # after `stem`: "holdings" -> "holding"
_SUFFIXES = ("ical", "ies", "ial", "ed", "al", "es", "s", "y")  # one, the first that leaves four letters
_SIBILANT_ES = re.compile(r"(?:s|x|z|ch|sh)es$")  # "-es" is the plural ending after a sibilant only
_GENERIC = frozenset(GENERIC_WORDS | {"company", "corporation", "group", "holding", "concern", "branch", "office",
                                       "institution", "organization", "firm", "works"})
_PAREN = re.compile(r"\(([^()]*)\)")
_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_NOTE = re.compile(r"^\s*(?:f\.?k\.?a\.?|a\.?k\.?a\.?|formerly|also known as)\s*,?\s*", re.IGNORECASE)
_RU_ADJ = re.compile(r"(?<=sk)(?:iy|ii|ij|i|oy|oi|oj|aya|aia|oye|oe|ogo|y)$")  # Tulskiy / Tulsky / Tulskii
_JOINT_STOCK = re.compile(r"\b(?:jsc|pjsc|ojsc|cjsc|ao|oao|zao|pao|joint stock|aktsionernoe)\b")
_LIMITED_LIABILITY = re.compile(r"\b(?:llc|ooo|limited liability|ogranichennoy)\b")


class Twin(msgspec.Struct, frozen=True):
    """An entry that is the same organisation as another, and the forms that say so."""

    entry: int  # index into the entries the twins were found among
    form: str  # the twin's form that the evidence names, as its list writes it
    evidence: str  # "name 'X' = name 'Y'": the two forms, as the lists write them, that fold alike


def stem(word: str) -> str:
    """A light English stem: an ordinal's number, one common suffix off a long word ("wheeled"
    -> "wheel"; "technologies", "technological", "technology" -> "technolog"; "industrial",
    "industries" -> "industr"), a Russian adjective's ending ("Tulskiy" -> "tulsk")."""
    m = _ORDINAL.match(word)
    if m:
        return m.group(1)
    word = _RU_ADJ.sub("", word) if len(word) >= 6 else word
    for suf in _SUFFIXES:
        if suf == "es" and word.endswith("es") and not _SIBILANT_ES.search(word):
            continue  # "missiles", "engines": the plural of "missile", "engine", whose "-s" comes next
        if word.endswith(suf) and len(word) - len(suf) >= 4 and not word.endswith("ss"):
            return word[: -len(suf)]
    return word


def _words(text: str) -> list[tuple[str, bool]]:
    """(word as written, joined by a hyphen) for each word of a name: "Aviastar-SP" keeps its SP."""
    t = unidecode(_HYPHEN.sub("_", text)).replace("'", "").replace("&", " and ")
    return [(w, "_" in chunk) for chunk in re.split(r"[^A-Za-z0-9_]+", t) for w in chunk.split("_") if w]


def fold(text: str, country: str | None = None) -> tuple[str, ...]:
    """The key of a name: its words as a sorted set, each `stem`med (an acronym as written),
    parenthesised words aside (`_paren_kept`), case, punctuation, articles, legal forms and
    one- or two-letter words standing alone left out ("MO RF", "Dr. A.Q."). "Minsk Wheeled
    Tractor Plant" and "Minsk Wheel Tractor Plant" fold alike; "46 TsNII MO RF" and "46 TsNII"
    too; word order does not count (a translation puts the adjectives where its language does)."""
    out = set()
    for word, joined in _words(_PAREN.sub(lambda m: _paren_kept(m.group(1), country), text)):
        w = word.lower()
        if w in _DROP or (len(w) <= 2 and not w.isdigit() and not joined):
            continue
        out.add(w if sum(c.isupper() for c in word) >= 2 else stem(_SPELLING.get(w, w)))
    return tuple(sorted(out))


def _bare(name: str) -> frozenset[str]:
    """A name's words but legal forms and articles, initials kept: "TD Promelektronika LLC" (a
    trading house) is not "Promelektronika"; "PJSC Irkut Corporation" is "Irkut Corporation"."""
    return frozenset(w.lower() for w, _ in _words(name) if w.lower() not in _DROP)


def written_as_acronym(text: str, word: str) -> bool:
    """True when `word` (lower case) is written in `text` as an acronym: two capitals or more
    ("TsAGI", "BEMZ"), and in a name written in capitals only, short ("AO RPKB", not "AVIASTAR - TU")."""
    caps = [w for w, _ in _words(text) if w.lower() == word and sum(c.isupper() for c in w) >= 2]
    return bool(caps) and (any(c.islower() for c in text) or all(len(w) <= MAX_ACRONYM_CAPS for w in caps))


def _paren_kept(inner: str, country: str | None) -> str:
    """A parenthesised part of a name, as `fold` keeps it: a place stays ("Huawei Device
    (Shenzhen)" is not "Huawei Device (Hong Kong)"); the entry's own country ("(Russia)"), a
    former name, or one other word (an acronym "(VNIIEF)", a note "(individual)") are left out."""
    inner = inner.strip(" ,.;")
    words = inner.split()
    if ((country and country_code(inner) == country) or _NOTE.match(inner) or not words
            or (len(words) == 1 and not _place(_city_key(inner)))):
        return " "
    return f" {inner} "


def _city_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unidecode(text).lower())


def _place(word: str) -> bool:
    return word in city_words() or country_code(word) is not None


def _name_word(word: str) -> bool:
    """A word of a name that names the organisation: not organisational (but "group",
    "holding"), not a country ("China" Unicom); a city counts ("Tula", and "Semi" is one)."""
    return (word not in _GENERIC_STEMS or word in _PARENT_WORDS) and country_code(word) is None


@cache
def city_words() -> frozenset[str]:
    """One-word city names (GeoNames, population > 15k), lower case, letters only: "(Shenzhen)"
    and "(Xi'an)" are places."""
    return frozenset(_city_key(c["name"]) for c in geo.cities().values() if " " not in c["name"])


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
    """(text, kind) of every form an entry is written in: its name, its aliases, and a short name
    that the name or an alias ends with in parentheses, one word once folded ("(VNIIEF)",
    "(RFNC-VNIIEF)", "(JSC NICEVT)"; not a place or country), or a former name ("(f.k.a. …)").
    A parenthesis inside a name names the words before it: "Xinjiang Production and Construction
    Corps (XPCC) Public Security Bureau" is not XPCC."""
    out = [(e.name, "name")] + [(a, "alias") for a in e.aliases]
    for text, _ in list(out):
        for m in _PAREN.finditer(text):
            inner = m.group(1)
            former = _NOTE.match(inner)
            inner = inner[former.end():].strip(" ,.;") if former else inner.strip(" ,.;")
            one = fold(inner, e.country)
            at_end = not fold(text[m.end():])
            if former or (at_end and one and (len(one) == 1 or len(inner.split()) == 1)
                          and not any(map(_place, one))):
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
            if key and distinctive(key) and (len(key) > 1 or kind == "name" or written_as_acronym(text, key[0])):
                holders[key].setdefault(i, (kind, text))
    links: dict[int, dict[int, tuple[str, str]]] = defaultdict(dict)  # entry -> twin -> (twin's form, evidence)
    for key, held in holders.items():
        names = all(k == "name" for k, _ in held.values())
        cap = MAX_HOLDERS if len(key) > 1 or names else MAX_HOLDERS_ONE_WORD
        if not 2 <= len(held) <= cap or len({entries[i].country for i in held}) != 1:
            continue
        if len(key) == 1 and not (all(written_as_acronym(t, key[0]) for _, t in held.values())
                                  or (names and len({_bare(t) for _, t in held.values()}) == 1)):
            continue  # one word: two acronyms, or two names that differ by legal forms only
        for i, own in held.items():
            for j, other in held.items():
                if i != j:
                    links[i].setdefault(j, (other[1], f"{other[0]} '{other[1]}' = {own[0]} '{own[1]}'"))
    out: dict[int, list[Twin]] = {}
    for i, ts in links.items():
        kept = [Twin(j, *ev) for j, ev in sorted(ts.items()) if not names_conflict(entries[i], entries[j])]
        if kept and len(ts) <= MAX_TWINS:
            out[i] = kept
    return out


@cache
def _name_words(name: str, country: str | None) -> frozenset[str]:
    """The words of a name that name the organisation (`_name_word`); a number counts ("46th")."""
    return frozenset(filter(_name_word, fold(name, country)))


def name_kinds(name: str) -> frozenset[str]:
    """The kinds of organisation a name says it is (`_KINDS`): plant, bureau, institute, university."""
    return frozenset(_KINDS[w] for w in (x.lower() for x, _ in _words(name)) if w in _KINDS)


def legal_family(name: str) -> str | None:
    """"joint-stock" or "limited-liability" when a name gives one of the two Russian company
    forms (АО / ООО, in the lists' English or transliteration), else None."""
    low = unidecode(name).lower()
    js, llc = bool(_JOINT_STOCK.search(low)), bool(_LIMITED_LIABILITY.search(low))
    return None if js == llc else ("joint-stock" if js else "limited-liability")


def names_conflict(a: ListEntry, b: ListEntry) -> bool:
    """True when two entries' names say they are two organisations, whatever form they share:
    - each has words of its own and they share none: "Institute of High Energy Physics" and
      "Institute of Theoretical and Experimental Physics" both carry "Kurchatovskiy Institute
      ITEF" on the Entity List and §1286;
    - a group or holding beside a company of its name: NS-CMIC gives "Huawei Technologies Co.,
      Ltd." the alias of its parent "Huawei Investment & Holding Co., Ltd.", an entry of its own;
    - a joint-stock company beside a limited-liability one: "Joint Stock Company Aerokon" and
      "Limited Liability Company NPK Aerokon" are two legal entities;
    - two kinds of organisation: the Entity List gives "BEMZ" to "Bryansk Electromechanical Plant"
      and to "…, Public Joint Stock Company Bryansk Special Design Bureau"."""
    ka, kb = name_kinds(a.name), name_kinds(b.name)
    if ka and kb and not ka & kb:
        return True
    x, y = _name_words(a.name, a.country), _name_words(b.name, b.country)
    if bool(x & _PARENT_WORDS) != bool(y & _PARENT_WORDS):
        return True
    fa, fb = legal_family(a.name), legal_family(b.name)
    if fa and fb and fa != fb:
        return True
    x, y = x - _PARENT_WORDS, y - _PARENT_WORDS
    return bool(x and y) and not x & y


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
