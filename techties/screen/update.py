"""`techties lists update`: fetch the current US Consolidated Screening List from trade.gov.

The International Trade Administration publishes the CSL (Entity List, MEU, Denied Persons,
Unverified, ITAR debarred, nonproliferation sanctions and OFAC's lists, merged) as one bulk file,
public domain, no key needed:
https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json
(`{"results": [{"id", "source", "name", "alt_names", "addresses", "programs", "start_date",
"federal_register_notice", …}]}`). The file is written to `~/.techties/lists/csl/` only once it
has been read back as a list (atomic rename), beside `meta.json` with the URL, retrieval time,
HTTP `Last-Modified`, sha256 and count; from then on `techties screen` uses it by default in
place of the shipped copies of the lists it covers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import httpx
import msgspec

from techties.config import home
from techties.errors import InputError
from techties.screen.lists import ListEntry, ListFormatError, read_csl_json

CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"
MAX_BYTES = 256 * 1024 * 1024  # the live file is about 35 MB; anything far larger is not it
TIMEOUT = 120.0  # seconds per connect / read; a module constant so that tests can shorten it


def csl_dir() -> Path:
    return home() / "lists" / "csl"


def fetch_csl(url: str = CSL_URL, dest: Path | None = None, transport: httpx.BaseTransport | None = None,
              timeout: float | None = None) -> dict:
    """Download the CSL, check it reads as a list, store it with its provenance; returns meta."""
    dest = dest or csl_dir()
    try:
        with httpx.Client(timeout=TIMEOUT if timeout is None else timeout, follow_redirects=True,
                          transport=transport) as client:
            r = client.get(url, headers={"Accept": "application/json", "User-Agent": "techties lists update"})
    except httpx.HTTPError as e:
        why = str(e) or "no answer"  # a timeout's text can be empty
        raise InputError(f"{url}: could not fetch the Consolidated Screening List ({type(e).__name__}: {why})") from e
    if r.status_code != 200:
        raise InputError(f"{url}: HTTP {r.status_code}, Consolidated Screening List not updated")
    body = r.content
    if len(body) > MAX_BYTES:
        raise InputError(f"{url}: answer of {len(body)} bytes is too large for the CSL, not updated")
    dest.mkdir(parents=True, exist_ok=True)
    tmp = dest / "consolidated.json.partial"
    tmp.write_bytes(body)
    try:
        entries = list(read_csl_json(tmp))
    except (ListFormatError, ValueError, KeyError, TypeError) as e:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{url}: the answer is not a Consolidated Screening List ({e}), kept the previous one") from e
    if not entries:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{url}: the Consolidated Screening List came back empty, kept the previous one")
    meta = {
        "url": url, "retrieved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "last_modified": r.headers.get("Last-Modified"), "sha256": hashlib.sha256(body).hexdigest(),
        "bytes": len(body), "entries": len(entries),
        "sources": dict(sorted(_count(e.list_name.split(": ", 1)[-1] for e in entries).items())),
    }
    tmp.replace(dest / "consolidated.json")
    (dest / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return meta


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def lists_in_use(dest: Path | None = None) -> str:
    """What `techties screen` screens against now, said after a failed update: a user must know
    whether that is a CSL fetched earlier (and when) or the shipped snapshot (and of which date)."""
    from techties.screen.lists import CSL_COVERS
    from techties.screen.snapshot import load_snapshot

    dest = dest or csl_dir()
    fetched = None
    if (dest / "consolidated.json").exists():
        try:
            meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))
            fetched = str(meta.get("retrieved_at") or "")[:10] or "?"
        except (OSError, ValueError, AttributeError):
            fetched = "?"
    snap = load_snapshot(CSL_COVERS if fetched else frozenset())
    dates = sorted({e.source_date for e in snap if e.source_date})
    as_of = dates[0] if len(dates) == 1 else (f"{dates[0]} to {dates[-1]}" if dates else "?")
    if fetched:
        return (f"screening still uses the Consolidated Screening List fetched {fetched} "
                f"(and the shipped snapshot as of {as_of} for the US lists it does not cover)")
    return f"screening still uses the shipped snapshot of the US lists as of {as_of}"


def load_fetched_csl(dest: Path | None = None) -> list[ListEntry]:
    """The organisations of the CSL fetched by `lists update` (persons, vessels and aircraft left
    out: techties screens institutions), dated by the retrieval; [] if none."""
    dest = dest or csl_dir()
    path, meta_path = dest / "consolidated.json", dest / "meta.json"
    if not path.exists():
        return []
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    date = (meta.get("retrieved_at") or "")[:10] or None
    src = f"{meta.get('url', CSL_URL)} (fetched {meta.get('retrieved_at', '?')})"
    return [msgspec.structs.replace(e, source=src, source_date=date or e.source_date) for e in read_csl_json(path)
            if e.schema == "Organization"]  # persons, vessels and aircraft are not institutions
