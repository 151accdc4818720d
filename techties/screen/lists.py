"""Restricted-party list loaders: each real format in, typed `ListEntry` records out.

Formats (auto-detected by `load_list`):
- US Consolidated Screening List (trade.gov) CSV (`_id,source,…,name,…,alt_names,…`) and JSON
  (`{"results": [{"name", "alt_names", "addresses": [{"country"…}], "programs", "start_date"…}]}`);
- the parsed US lists of `nsfreg` (`{"list_id", "source_file", "extracted", "entities": [...]}`);
- OpenSanctions `targets.simple.csv` (`id,schema,name,aliases,…,countries,…,sanctions,…,dataset,
  first_seen,last_seen,last_change`) and the OpenSanctions crawler source sheets for §1286,
  §1260H and China's own sanctions lists;
- techties' curated YAML (`techties/screen/data/curated_lists.yaml`);
- the EU Official Journal sanctions lists as CSV per regulation (OpenSanctions' parse).

Shipped: the curated list and a dated snapshot of the US lists (US government works, public
domain) re-derived into techties' own format (`snapshot.py`). Not shipped: the OpenSanctions and
EU compilations (CC BY-NC / OpenSanctions' parse); users pass them with `--list PATH` or `--list eu`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec
import pycountry
import yaml

CURATED = "curated_lists.yaml"


class ListEntry(msgspec.Struct, kw_only=True, frozen=True):
    """One party on one restricted-party list, with where the list came from."""

    list_id: str
    list_name: str
    entry_id: str  # unique across lists: "<list_id>:<slug>"
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2
    program: str | None = None
    listed_on: str | None = None  # ISO date of first listing where known
    citation: str | None = None  # e.g. Federal Register citation
    schema: str = "Organization"
    source: str = ""  # the file or URL the entry was read from
    source_date: str | None = None  # date of the list file (extraction / export date)


class ListFormatError(ValueError):
    """A list file techties cannot read: the message names the file (and line where known)."""


class ListUnreadableError(ListFormatError):
    """A list that cannot be read at all: a file missing or not text (not UTF-8), a folder that holds no
    list, a named list not there (csl before `lists update`, eu not found). An input problem, exit 4 as in
    the README, where a readable file of no known list format is a usage error (2)."""


# -- helpers ---------------------------------------------------------------------------------
_COUNTRY_EXTRA = {
    "crimea region of ukraine": "UA", "russia": "RU", "china": "CN", "iran": "IR", "north korea": "KP",
    "south korea": "KR", "taiwan": "TW", "hong kong": "HK", "macau": "MO", "burma": "MM", "syria": "SY",
    "venezuela": "VE", "vietnam": "VN", "laos": "LA", "turkey": "TR", "türkiye": "TR", "bolivia": "BO",
    "united kingdom": "GB", "england": "GB", "uk": "GB", "usa": "US", "united states": "US", "czech republic": "CZ",
    "moldova": "MD", "tanzania": "TZ", "peoples r china": "CN", "people's republic of china": "CN",
}


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code as the lists write it; None if unknown."""
    if not value:
        return None
    v = value.strip()
    if not v:
        return None
    low = v.lower()
    if low in _COUNTRY_EXTRA:
        return _COUNTRY_EXTRA[low]
    if len(v) == 2 and v.isalpha():
        c = pycountry.countries.get(alpha_2=v.upper())
        return c.alpha_2 if c else None
    try:
        return pycountry.countries.lookup(v).alpha_2
    except LookupError:
        return None


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not s:  # non-Latin names: a short stable hash
        s = hashlib.sha1(text.encode()).hexdigest()[:10]
    return s[:80]


_FR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def parse_date(value: str | None) -> str | None:
    """ISO date from the forms the lists use: 2021-06-03, 6/5/20, 02.12.2019, '03 Jun 2021', 2022."""
    if not value:
        return None
    v = value.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", v)
    if m:
        return m.group(0)
    m = _FR_DATE.search(v)
    if m:
        mo, d, y = (int(x) for x in m.groups())
        return _iso(y, mo, d)
    m = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})$", v)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return _iso(y, mo, d)
    m = re.search(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})", v)
    if m and m.group(2).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = re.search(r"([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4})", v)
    if m and m.group(1).lower() in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = re.match(r"(\d{4})$", v)
    return m.group(1) if m else None


def _iso(y: int, mo: int, d: int) -> str | None:
    if y < 100:
        y += 2000 if y < 50 else 1900
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _split(value: str | None, sep: str = ";") -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(dict.fromkeys(p.strip() for p in value.split(sep) if p.strip()))


def _file_date(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date().isoformat()


class _Ids:
    """Make entry ids unique within one list (the Entity List repeats names across countries)."""

    def __init__(self, list_id: str):
        self.list_id = list_id
        self.seen: set[str] = set()

    def __call__(self, key: str, country: str | None = None) -> str:
        base = f"{self.list_id}:{slug(key)}"
        eid = base
        if eid in self.seen and country:
            eid = f"{base}-{country.lower()}"
        n = 2
        while eid in self.seen:
            eid = f"{base}-{n}"
            n += 1
        self.seen.add(eid)
        return eid


# -- format detection ------------------------------------------------------------------------
def detect_format(path: Path) -> str:
    """Name of the format of a list file, from its extension and first bytes / header."""
    suffix = path.suffix.lower()
    from techties.sources.detect import looks_binary

    if suffix in (".yaml", ".yml"):
        return "techties-yaml"
    head = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace")
    if looks_binary(head):  # its header was echoed as escaped bytes
        raise ListFormatError(f"{path}: binary data, not a list file (CSV, JSON or YAML)")
    if suffix == ".json" or head.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as e:
            raise ListFormatError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from e
        if isinstance(data, dict) and "entities" in data and "list_id" in data:
            return "us-lists-json"
        if isinstance(data, dict) and "lists" in data and "generated" in data:
            raise ListFormatError(f"{path}: this is the us-lists index (lists.json), pass one of the list files")
        if isinstance(data, dict) and "results" in data or isinstance(data, list):
            return "csl-json"
        raise ListFormatError(f"{path}: unknown JSON list format")
    header = next(csv.reader([head.splitlines()[0] if head else ""]), [])
    cols = {c.strip().lower() for c in header}
    if {"celex", "recordid", "name", "alias", "startdate"} <= cols:
        return "eu-journal-csv"
    if {"_id", "name", "alt_names", "source"} <= cols:
        return "csl-csv"
    if {"id", "schema", "name", "aliases", "countries"} <= cols:
        return "opensanctions-simple-csv"
    if {"chinese name", "name", "list", "date"} <= cols:
        return "opensanctions-cn-sanctions-csv"
    if {"clean name", "alias", "start date"} <= cols:
        return "opensanctions-1260h-csv"
    if {"schema", "name", "aliases", "program", "start-date"} <= cols:
        return "opensanctions-1286-csv"
    raise ListFormatError(f"{path}:1: unknown list format (header: {', '.join(header[:8])})")


def load_list(path: str | Path) -> list[ListEntry]:
    """Read any supported list file into entries (format auto-detected)."""
    p = Path(path)
    if not p.exists():
        raise ListUnreadableError(f"{p}: no such list file")
    if p.is_dir():
        if any(p.glob("3*.csv")):
            return read_eu_journal(p)
        raise ListUnreadableError(f"{p}: a folder, and not one of EU Official Journal CSVs")
    if p.stat().st_size == 0:
        raise ListFormatError(f"{p}: empty file, no list in it")
    try:
        fmt = detect_format(p)
        return list(LOADERS[fmt](p))
    except UnicodeDecodeError as e:  # the bare codec message named no file
        raise ListUnreadableError(f"{p}: not UTF-8 text ({e.reason} at byte {e.start})") from e


def load_curated() -> list[ListEntry]:
    """techties' own curated list, shipped in the package."""
    text = resources.files("techties.screen").joinpath("data", CURATED).read_text(encoding="utf-8")
    return list(_yaml_entries(yaml.safe_load(text), f"techties/screen/data/{CURATED}"))


def load_lists(paths: list[str | Path] | None, defaults: bool = True) -> list[ListEntry]:
    """The lists to screen against: the default lists (the shipped US snapshot, or a newer
    Consolidated Screening List fetched by `techties lists update`, plus the curated list) and
    the given ones, files or names (`us`, `curated`, `csl`, `eu`). A given list whose list id is
    among the defaults replaces it (a user's newer copy of the Entity List wins)."""
    given: list[ListEntry] = []
    for p in paths or ():
        entries = load_named(str(p)) if str(p) in NAMED else load_list(p)
        if not entries:  # screening against nothing printed "0 hit(s)": a clean result it was not
            raise ListFormatError(f"{p}: no entries in this list: nothing to screen against")
        given.extend(entries)
    if not defaults:
        return given
    replaced = {e.list_id for e in given}
    return [e for e in default_lists() if e.list_id not in replaced] + given


NAMED = ("us", "curated", "csl", "eu")
# Lists that the trade.gov Consolidated Screening List also carries (its sources EL, MEU, DPL, ISN,
# CMIC): with a fetched CSL these shipped copies step aside; §1260H and §1286 are not in the CSL.
CSL_COVERS = frozenset({"bis-entity-list", "bis-meu", "bis-dpl", "state-nonproliferation", "ofac-nscmic",
                        "ofac-eo14032"})


def default_lists() -> list[ListEntry]:
    """Shipped US snapshot (less what a fetched CSL covers) + the fetched CSL + the curated list."""
    from techties.screen.snapshot import load_snapshot
    from techties.screen.update import load_fetched_csl

    csl = load_fetched_csl()
    return load_snapshot(CSL_COVERS if csl else frozenset()) + csl + load_curated()


def load_named(name: str) -> list[ListEntry]:
    """A list by name: us (shipped snapshot), curated, csl (fetched by `lists update`), eu."""
    from techties.screen.snapshot import load_snapshot
    from techties.screen.update import load_fetched_csl

    if name == "us":
        return load_snapshot()
    if name == "curated":
        return load_curated()
    if name == "csl":
        csl = load_fetched_csl()
        if not csl:
            raise ListUnreadableError("csl: no Consolidated Screening List fetched yet (run `techties lists update`)")
        return csl
    return read_eu_journal(eu_journal_dir())


def eu_journal_dir() -> Path:
    """Where `--list eu` reads the EU Official Journal lists (CSV per regulation): $TECHTIES_EU_JOURNAL,
    else ~/.techties/lists/eu-journal, else ../shared/data/watchlists/eu-journal beside the checkout."""
    import os

    from techties.config import home

    repo = Path(__file__).resolve().parents[2]
    cands = [Path(os.environ["TECHTIES_EU_JOURNAL"])] if os.environ.get("TECHTIES_EU_JOURNAL") else []
    cands += [home() / "lists" / "eu-journal"]
    cands += [base / "shared" / "data" / "watchlists" / "eu-journal" for base in (repo.parent, repo.parent.parent)]
    for c in cands:
        if c.is_dir():
            return c
    raise ListUnreadableError(f"eu: no EU Official Journal lists found (looked in {', '.join(map(str, cands))}); "
                          "set TECHTIES_EU_JOURNAL to the folder of regulation CSVs")


# -- loaders ---------------------------------------------------------------------------------
def read_yaml_list(path: Path) -> Iterator[ListEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        line = getattr(getattr(e, "problem_mark", None), "line", -1) + 1
        raise ListFormatError(f"{path}:{line}: invalid YAML ({e})") from e
    yield from _yaml_entries(data, str(path))


def _yaml_entries(data: Any, source: str) -> Iterator[ListEntry]:
    if not isinstance(data, dict) or "entries" not in data or "list_id" not in data:
        raise ListFormatError(f"{source}: a techties list needs list_id and entries")
    list_id = str(data["list_id"])
    ids = _Ids(list_id)
    for i, e in enumerate(data["entries"], start=1):
        if not isinstance(e, dict) or not e.get("name") or not e.get("source"):
            raise ListFormatError(f"{source}: entry {i} needs a name and a source")
        yield ListEntry(
            list_id=list_id,
            list_name=str(data.get("list_name", list_id)),
            entry_id=f"{list_id}:{e['id']}" if e.get("id") else ids(e["name"]),
            name=str(e["name"]),
            aliases=tuple(str(a) for a in e.get("aliases") or ()),
            country=country_code(e.get("country")),
            program=e.get("program"),
            listed_on=parse_date(str(e["listed_on"])) if e.get("listed_on") else None,
            citation=str(e["source"]),
            source=source,
            source_date=str(data.get("source_date") or "") or None,
        )


_US_LIST_NAMES = {
    "bis-entity-list": "BIS Entity List", "bis-meu": "BIS Military End-User List",
    "dow-1260h": "DoD Section 1260H Chinese Military Companies", "dow-1286": "DoD Section 1286 List",
    "ofac-nscmic": "OFAC Non-SDN Chinese Military-Industrial Complex Companies List",
    "ofac-eo14032": "EO 14032 Annex", "bis-dpl": "BIS Denied Persons List",
    "state-nonproliferation": "State Department Nonproliferation Sanctions",
}


def read_us_lists_json(path: Path) -> Iterator[ListEntry]:
    """The nsfreg parse of the US lists: entities with federal_register and effective_date."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    list_id = str(data["list_id"])
    ids = _Ids(list_id)
    source_date = data.get("extracted")
    for i, e in enumerate(data["entities"], start=1):
        if not isinstance(e, dict) or not (e.get("name") or "").strip():
            raise ListFormatError(f"{path}: entity {i} has no name")
        cc = country_code(e.get("country"))
        fr = (e.get("federal_register") or "").strip() or None
        listed = parse_date(e.get("effective_date")) or parse_date(fr)
        name = " ".join(e["name"].split())
        yield ListEntry(
            list_id=list_id,
            list_name=_US_LIST_NAMES.get(list_id, list_id),
            entry_id=ids(name, cc),
            name=name,
            aliases=tuple(dict.fromkeys(" ".join(a.split()) for a in e.get("aliases") or () if a.strip())),
            country=cc,
            program=_US_LIST_NAMES.get(list_id, list_id),
            listed_on=listed,
            citation=fr.replace("\n", "; ") if fr else None,
            source=f"{path.name} (from {data.get('source_file', '?')})",
            source_date=source_date,
        )


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            yield reader.line_num, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}


_CSL_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}


def read_csl_csv(path: Path) -> Iterator[ListEntry]:
    """trade.gov Consolidated Screening List CSV: one row per party, alt_names ';'-separated."""
    ids = _Ids("us-csl")
    date = _file_date(path)
    for line, r in _csv_rows(path):
        if not r.get("name"):
            raise ListFormatError(f"{path}:{line}: row has no name")
        countries = [c for c in (country_code(a.rsplit(",", 1)[-1]) for a in _split(r.get("addresses"))) if c]
        for k in ("nationalities", "citizenships"):
            countries += [c for c in (country_code(x) for x in _split(r.get(k), ",")) if c]
        yield ListEntry(
            list_id="us-csl",
            list_name=f"US Consolidated Screening List: {r.get('source') or '?'}",
            entry_id=f"us-csl:{r['_id']}" if r.get("_id") else ids(r["name"]),
            name=r["name"],
            aliases=_split(r.get("alt_names")),
            country=countries[0] if countries else None,
            program=r.get("programs") or r.get("source") or None,
            listed_on=parse_date(r.get("start_date")),
            citation=r.get("federal_register_notice") or r.get("source_list_url") or None,
            schema=_CSL_SCHEMA.get((r.get("type") or "").lower(), "Organization"),
            source=path.name,
            source_date=date,
        )


def read_csl_json(path: Path) -> Iterator[ListEntry]:
    """trade.gov Consolidated Screening List JSON (API search or bulk download: {"results": [...]})."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    rows = data["results"] if isinstance(data, dict) else data
    ids = _Ids("us-csl")
    date = _file_date(path)
    for i, r in enumerate(rows, start=1):
        if not isinstance(r, dict) or not r.get("name"):
            raise ListFormatError(f"{path}: result {i} has no name")
        addresses = r.get("addresses") or []
        countries = [country_code(a.get("country")) for a in addresses if isinstance(a, dict)]
        countries = [c for c in countries if c]
        src = r.get("source")
        src_name = src.get("full_name") if isinstance(src, dict) else src
        programs = r.get("programs") or []
        yield ListEntry(
            list_id="us-csl",
            list_name=f"US Consolidated Screening List: {src_name or '?'}",
            entry_id=f"us-csl:{r.get('id') or r.get('_id')}" if (r.get("id") or r.get("_id")) else ids(r["name"]),
            name=r["name"],
            aliases=tuple(r.get("alt_names") or ()),
            country=countries[0] if countries else None,
            program="; ".join(programs) if isinstance(programs, list) else str(programs) or src_name,
            listed_on=parse_date(r.get("start_date")),
            citation=r.get("federal_register_notice") or r.get("source_list_url"),
            schema=_CSL_SCHEMA.get((r.get("type") or "").lower(), "Organization"),
            source=path.name,
            source_date=date,
        )


def read_opensanctions_simple(path: Path) -> Iterator[ListEntry]:
    """OpenSanctions targets.simple.csv (one row per entity, ';'-separated multi-values)."""
    date = _file_date(path)
    for line, r in _csv_rows(path):
        if not r.get("id") or not r.get("name"):
            raise ListFormatError(f"{path}:{line}: row needs id and name")
        countries = [c for c in (country_code(x) for x in _split(r.get("countries"))) if c]
        dataset = r.get("dataset") or "opensanctions"
        yield ListEntry(
            list_id="opensanctions",
            list_name=f"OpenSanctions: {dataset}",
            entry_id=f"opensanctions:{r['id']}",
            name=r["name"],
            aliases=_split(r.get("aliases")),
            country=countries[0] if countries else None,
            program=r.get("program_ids") or r.get("sanctions") or None,
            listed_on=parse_date(r.get("first_seen")),
            schema=r.get("schema") or "Organization",
            source=path.name,
            source_date=parse_date(r.get("last_change")) or date,
        )


def read_os_1286(path: Path) -> Iterator[ListEntry]:
    """OpenSanctions source sheet of the DoD §1286 list (one row per institution and report year)."""
    ids = _Ids("os-us-1286")
    date = _file_date(path)
    for line, r in _csv_rows(path):
        if not r.get("name"):
            raise ListFormatError(f"{path}:{line}: row has no name")
        cc = country_code(r.get("country"))
        yield ListEntry(
            list_id="os-us-1286",
            list_name="DoD Section 1286 List (OpenSanctions source sheet)",
            entry_id=ids(f"{r['name']} {r.get('report-date', '')}", cc),
            name=r["name"],
            aliases=_split(r.get("aliases")),
            country=cc,
            program=r.get("program") or None,
            listed_on=parse_date(r.get("start-date")) or parse_date(r.get("report-date")),
            citation=r.get("source_url") or None,
            source=path.name,
            source_date=date,
        )


def read_os_1260h(path: Path) -> Iterator[ListEntry]:
    """OpenSanctions source sheet of the DoD §1260H list, with listing history."""
    ids = _Ids("os-us-1260h")
    date = _file_date(path)
    for line, r in _csv_rows(path):
        name = r.get("clean name") or r.get("name")
        if not name:
            raise ListFormatError(f"{path}:{line}: row has no name")
        aliases = _split(r.get("alias")) + _split(r.get("previous name"))
        if r.get("name") and r["name"] != name:
            aliases += (r["name"].rstrip("*").strip(),)
        yield ListEntry(
            list_id="os-us-1260h",
            list_name="DoD Section 1260H Chinese Military Companies (OpenSanctions source sheet)",
            entry_id=ids(f"{name} {r.get('start date', '')}"),
            name=name,
            aliases=tuple(dict.fromkeys(aliases)),
            country="CN",
            program="Section 1260H" + (f" (until {r['end date']})" if r.get("end date") else ""),
            listed_on=parse_date(r.get("start date")),
            citation=r.get("source url") or None,
            source=path.name,
            source_date=date,
        )


def read_os_cn_sanctions(path: Path) -> Iterator[ListEntry]:
    """OpenSanctions source sheet of China's own counter-sanctions (English and Chinese names)."""
    ids = _Ids("os-cn-sanctions")
    date = _file_date(path)
    for line, r in _csv_rows(path):
        if not r.get("name"):
            raise ListFormatError(f"{path}:{line}: row has no name")
        aliases = _split(r.get("alias")) + _split(r.get("chinese name"))
        yield ListEntry(
            list_id="os-cn-sanctions",
            list_name="China counter-sanctions (OpenSanctions source sheet)",
            entry_id=ids(r["name"]),
            name=r["name"],
            aliases=tuple(dict.fromkeys(aliases)),
            country=country_code(r.get("country")),
            program=" / ".join(x for x in (r.get("body"), r.get("list")) if x) or None,
            listed_on=parse_date(r.get("date")),
            citation=r.get("source url") or None,
            schema=r.get("type") or "Organization",
            source=path.name,
            source_date=date,
        )


_EU_JUNK = re.compile(r"^(?:chinese|russian|text of image|in russian|in chinese)\s*:?$", re.IGNORECASE)


def read_eu_journal(path: Path) -> list[ListEntry]:
    """EU sanctions as published in the Official Journal (one CSV per regulation, OpenSanctions'
    parse: celex, recordId, annex, startDate, schema, name, alias…): organisations only, with their
    Cyrillic and Han aliases. `path` is one CSV or a folder of them."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    out: list[ListEntry] = []
    for f in files:
        out.extend(_eu_rows(f))
    return out


def _eu_rows(path: Path) -> Iterator[ListEntry]:
    ids = _Ids("eu-journal")
    rows = list(_csv_rows(path))
    # as of: the latest listing date in the file (the file's own date is only when it was copied)
    date = max((d for d in (parse_date(r.get("startdate")) for _, r in rows) if d), default=None) or _file_date(path)
    for line, r in rows:
        if (r.get("schema") or "") in ("Person", "Vessel", "Asset"):
            continue
        if not r.get("name"):
            raise ListFormatError(f"{path}:{line}: row has no name")
        aliases = tuple(a for a in _split(r.get("alias")) + _split(r.get("previousname")) if not _EU_JUNK.match(a))
        celex = r.get("celex") or path.stem
        yield ListEntry(
            list_id="eu-journal",
            list_name="EU sanctions (Official Journal)",
            entry_id=ids(f"{celex} {r.get('recordid') or r['name']}"),
            name=r["name"],
            aliases=aliases,
            country=country_code((r.get("country") or "").split(";")[0]),
            program=" / ".join(x for x in (r.get("programkey"), r.get("measure")) if x) or None,
            listed_on=parse_date(r.get("startdate")),
            citation=f"EU Official Journal, CELEX {celex}" + (f", {r['annex']}" if r.get("annex") else "")
                     + (f", entry {r['recordid']}" if r.get("recordid") else ""),
            schema=r.get("schema") or "Organization",
            source=path.name,
            source_date=date,
        )


LOADERS = {
    "techties-yaml": read_yaml_list,
    "us-lists-json": read_us_lists_json,
    "csl-csv": read_csl_csv,
    "csl-json": read_csl_json,
    "opensanctions-simple-csv": read_opensanctions_simple,
    "opensanctions-1286-csv": read_os_1286,
    "opensanctions-1260h-csv": read_os_1260h,
    "opensanctions-cn-sanctions-csv": read_os_cn_sanctions,
    "eu-journal-csv": read_eu_journal,
}
