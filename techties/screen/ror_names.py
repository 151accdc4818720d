"""Chinese and Russian names of institutions from ROR, as English readings for screening.

Transliteration cannot turn 长春光学精密机械与物理研究所 into "Changchun Institute of Optics, Fine
Mechanics and Physics"; the Research Organization Registry (CC0) gives both names. `derive_table`
keeps, for every CN/HK/MO/TW organisation with a Chinese name and every RU one with a Russian
name, the English display name, English aliases and acronyms, the native names and the parent's
English name, in a small gzip JSON Lines file shipped in the package (header: source and date).
Both ROR schemas are read (v1 `labels`/`aliases`, v2 `names`). Where a user has loaded a full ROR
dump into the warehouse (`techties ingest ror`), `rows_from_warehouse` gives the same rows from it.

    python -m techties.screen.ror_names ../shared/data/ror/ror_records_v2.9_changed_partial.jsonl.gz \
        techties/screen/data/ror_names_zh_ru.jsonl.gz
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec

TABLE = "ror_names_zh_ru.jsonl.gz"
_CJK = re.compile(r"[\u3400-\u9fff]")
_CYR = re.compile(r"[\u0400-\u04ff]")
LANG_COUNTRIES = {"zh": {"CN", "HK", "MO", "TW"}, "ru": {"RU"}}
SOURCE = ("ROR records v1.0-v2.9, newest version of every record changed in a release (about 43% of the "
          "registry), ror-community/ror-records @ d93fc667 (2026-06-23); CC0")


class RorName(msgspec.Struct, frozen=True):
    """One organisation: its English names, its Chinese or Russian names, and its parent."""

    ror: str
    en: str
    country: str | None
    native: tuple[str, ...]
    lang: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # ROR id
    parent_en: str | None = None


def _names(r: dict[str, Any]) -> tuple[str, dict[str, list[str]], list[str], str | None, tuple[str, str] | None]:
    """(display, names by language, English aliases and acronyms, country, (parent id, label))."""
    by_lang: dict[str, list[str]] = {}
    aliases: list[str] = []
    if "names" in r:  # v2
        display = ""
        for n in r["names"]:
            if "ror_display" in n.get("types", []):
                display = n["value"]
            if n.get("lang") in ("zh", "ru"):
                by_lang.setdefault(n["lang"], []).append(n["value"])
            elif "ror_display" not in n.get("types", []):
                aliases.append(n["value"])
        country = next(((loc.get("geonames_details") or {}).get("country_code") for loc in r.get("locations", [])),
                       None)
    else:  # v1
        display = r.get("name", "")
        for lab in r.get("labels", []):
            if lab.get("iso639") in ("zh", "ru"):
                by_lang.setdefault(lab["iso639"], []).append(lab["label"])
        aliases = list(r.get("aliases", [])) + list(r.get("acronyms", []))
        country = (r.get("country") or {}).get("country_code")
    parent = next(((x["id"], x.get("label", "")) for x in r.get("relationships", [])
                   if x.get("type", "").lower() == "parent"), None)
    return display, by_lang, aliases, country, parent


def rows_from_records(records: Iterable[dict[str, Any]]) -> list[RorName]:
    """RorName rows of the records with a Chinese (CN, HK, MO, TW) or Russian (RU) name."""
    out = []
    for r in records:
        display, by_lang, aliases, country, parent = _names(r)
        for a in list(aliases):  # v2 keeps some native names as aliases without a language
            lang = "zh" if _CJK.search(a) else "ru" if _CYR.search(a) else None
            if lang:
                by_lang.setdefault(lang, []).append(a)
                aliases.remove(a)
        for lang, natives in by_lang.items():
            if display and country in LANG_COUNTRIES[lang]:
                out.append(RorName(ror=r["id"].rsplit("/", 1)[-1], en=display, country=country,
                                   native=tuple(dict.fromkeys(natives)), lang=lang,
                                   aliases=tuple(dict.fromkeys(aliases)),
                                   parent=parent[0].rsplit("/", 1)[-1] if parent else None,
                                   parent_en=parent[1] if parent else None))
    return sorted(out, key=lambda x: (x.ror, x.lang))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def derive_table(src: Path, out: Path) -> int:
    """Write the shipped table from a ROR records file (gzip JSON Lines); returns its rows."""
    rows = rows_from_records(_records(src))
    header = {"format": "techties-ror-names/1", "source": SOURCE, "file": src.name, "rows": len(rows)}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps({k: v for k, v in msgspec.to_builtins(r).items() if v not in (None, [], ())},
                         ensure_ascii=False) for r in rows]
    tmp = out.with_suffix(".partial")
    with gzip.GzipFile(tmp, "wb", mtime=0) as raw:
        raw.write(("\n".join(lines) + "\n").encode("utf-8"))
    tmp.replace(out)
    return len(rows)


@cache
def shipped() -> tuple[tuple[RorName, ...], str]:
    """The shipped rows and their source line."""
    with resources.as_file(resources.files("techties.screen").joinpath("data", TABLE)) as p, \
            gzip.open(p, "rt", encoding="utf-8") as f:
        header = json.loads(f.readline())
        rows = tuple(msgspec.convert({**json.loads(line)}, RorName) for line in f if line.strip())
    return rows, header["source"]


def rows_from_warehouse(con) -> list[RorName]:
    """The same rows from the ROR institutions a user loaded (`techties ingest ror`)."""
    out = []
    parents = dict(con.execute("SELECT institution_id, name FROM institutions WHERE source = 'ror'").fetchall())
    for iid, name, names_json, cc, parent in con.execute(
            "SELECT institution_id, name, names_json, country_code, parent_id FROM institutions"
            " WHERE source = 'ror' AND names_json IS NOT NULL").fetchall():
        try:
            names = json.loads(names_json)
        except json.JSONDecodeError:
            continue
        for lang in ("zh", "ru"):
            if names.get(lang) and cc in LANG_COUNTRIES[lang] and name:
                out.append(RorName(ror=iid.removeprefix("ror:"), en=name, country=cc, native=tuple(names[lang]),
                                   lang=lang, aliases=tuple(names.get("en", [])),
                                   parent=parent.removeprefix("ror:") if parent else None,
                                   parent_en=parents.get(parent)))
    return out


def warehouse_rows(db: Path | None) -> list[RorName] | None:
    """ROR rows of a warehouse file if it holds any (`techties ingest ror`), else None; a file that
    cannot be opened (missing, locked by a writer) also gives None: the shipped table is used."""
    if db is None or not Path(db).exists():
        return None
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        rows = rows_from_warehouse(con)
    except duckdb.Error:
        rows = []
    finally:
        con.close()
    return rows or None


if __name__ == "__main__":  # pragma: no cover - the derivation command in the module docstring
    print(derive_table(Path(sys.argv[1]), Path(sys.argv[2])))
