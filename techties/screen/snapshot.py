"""The shipped, dated snapshot of the US restricted-party lists, in techties' own compact format.

The US lists are works of the US government (public domain). `derive_snapshot` re-derives them
from the parsed list files (`us-lists/*.json`: BIS Entity List, MEU, DoD §1260H and §1286,
OFAC NS-CMIC, EO 14032 annex, BIS Denied Persons, State nonproliferation) into one gzip JSON
Lines file: a header line with each list's official name, authority, official URL and as-of date,
then one line per entry with its name, aliases, country, listing date and official citation
(Federal Register). `load_snapshot` reads it back as `ListEntry` records; `techties screen` uses
it by default.

    python -m techties.screen.snapshot ../shared/data/watchlists/us-lists techties/screen/data/us_lists.jsonl.gz
"""

from __future__ import annotations

import gzip
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from techties.screen.lists import ListEntry, ListFormatError, read_us_lists_json

FORMAT = "techties-lists/1"
SNAPSHOT = "us_lists.jsonl.gz"
US_FILES = ("bis_entity_list.json", "bis_meu.json", "dow_1260h.json", "dow_1286.json", "ofac_nscmic.json",
            "ofac_eo14032_annex.json", "bis_dpl.json", "state_nonproliferation.json")
PROVENANCE = ("US government lists (public domain), parsed from the official publications by "
              "phagehunter/nsfreg @ 02787e87 (data/); re-derived by techties.screen.snapshot")


def derive_snapshot(src: Path, out: Path) -> dict[str, int]:
    """Write the compact snapshot of the list files in `src`; returns entries per list."""
    meta = {m["id"]: m for m in json.loads((src / "lists.json").read_text(encoding="utf-8"))["lists"]}
    header: dict = {"format": FORMAT, "provenance": PROVENANCE, "lists": {}}
    lines: list[str] = []
    counts: dict[str, int] = {}
    for name in US_FILES:
        entries = list(read_us_lists_json(src / name))
        lid = entries[0].list_id
        m = meta.get(lid, {})
        header["lists"][lid] = {
            "name": entries[0].list_name, "official_name": m.get("official_name"), "authority": m.get("authority"),
            "official_url": m.get("official_url"), "snapshot": m.get("snapshot"), "as_of": entries[0].source_date,
            "source_file": json.loads((src / name).read_text(encoding="utf-8")).get("source_file"),
        }
        counts[lid] = len(entries)
        for e in entries:
            row = {"list": lid, "id": e.entry_id, "name": e.name, "aliases": list(e.aliases), "country": e.country,
                   "listed_on": e.listed_on, "citation": e.citation}
            lines.append(json.dumps({k: v for k, v in row.items() if v not in (None, [])}, ensure_ascii=False))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".partial")
    with gzip.GzipFile(tmp, "wb", mtime=0) as raw:  # mtime 0: the same lists give the same bytes
        raw.write("\n".join([json.dumps(header, ensure_ascii=False), *lines, ""]).encode("utf-8"))
    tmp.replace(out)
    return counts


def read_snapshot(path: Path | str, label: str | None = None) -> list[ListEntry]:
    """Entries of a snapshot file, each with its list's name, citation, source and as-of date."""
    label = label or str(path)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = json.loads(f.readline())
        if header.get("format") != FORMAT:
            raise ListFormatError(f"{label}:1: not a {FORMAT} snapshot")
        lists = header["lists"]
        out = []
        for n, line in enumerate(f, start=2):
            r = json.loads(line)
            m = lists[r["list"]]
            out.append(ListEntry(
                list_id=r["list"], list_name=m["name"], entry_id=r["id"], name=r["name"],
                aliases=tuple(r.get("aliases", ())), country=r.get("country"), program=m["name"],
                listed_on=r.get("listed_on"), citation=r.get("citation") or m.get("authority"),
                source=f"{m.get('official_name') or m['name']} ({m.get('snapshot') or m.get('source_file')}; "
                       f"techties snapshot {label})",
                source_date=m.get("as_of"),
            ))
            if not r.get("name"):
                raise ListFormatError(f"{label}:{n}: entry without a name")
    return out


@cache
def _shipped() -> tuple[ListEntry, ...]:
    path = resources.files("techties.screen").joinpath("data", SNAPSHOT)
    with resources.as_file(path) as p:
        return tuple(read_snapshot(p, f"techties/screen/data/{SNAPSHOT}"))


def load_snapshot(exclude: frozenset[str] = frozenset()) -> list[ListEntry]:
    """The shipped US lists snapshot, less the lists in `exclude` (e.g. those a newer CSL covers)."""
    return [e for e in _shipped() if e.list_id not in exclude]


if __name__ == "__main__":  # pragma: no cover - the derivation command in the module docstring
    print(derive_snapshot(Path(sys.argv[1]), Path(sys.argv[2])))
