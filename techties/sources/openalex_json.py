"""OpenAlex JSON documents that are not snapshot lines → `Work` records: API response pages
(`{"meta": …, "results": [...]}`, the form pyalex and openalexR users save), a JSON array of works,
and a single pretty-printed work.

Such a file is one JSON document, read whole (API pages hold at most 200 works); each result is
converted on its own, so one bad result is quarantined and the others are stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from techties.records import BadRecord, Work
from techties.sources.io import iter_lines
from techties.sources.openalex_snapshot import work_days, work_from_dict

MAX_DOCUMENT_BYTES = 1 << 30


def _results(doc: Any) -> list[Any] | None:
    if isinstance(doc, dict) and isinstance(doc.get("results"), list):
        return doc["results"]
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and "id" in doc:
        return [doc]
    return None


def read_openalex_json(path: str | Path, *, skip_lines: int = 0) -> Iterator[tuple[int, Work | BadRecord]]:
    """Yield (last line of the document, Work or BadRecord) for each work of an OpenAlex JSON document."""
    path = str(path)
    chunks: list[bytes] = []
    size = 0
    last = 0
    for last, raw in iter_lines(path):
        size += len(raw) + 1
        if size > MAX_DOCUMENT_BYTES:
            yield last, BadRecord(file=path, line=last, error="JSON document over 1 GB: split it into pages")
            return
        chunks.append(raw)
    if last <= skip_lines:
        return
    try:
        doc = msgspec.json.decode(b"\n".join(chunks).lstrip(b"\xef\xbb\xbf"))
    except msgspec.DecodeError as exc:
        yield last, BadRecord(file=path, line=1, error=f"not a JSON document ({exc})")
        return
    results = _results(doc)
    if results is None:
        yield last, BadRecord(file=path, line=1, error="JSON document is neither an OpenAlex work, a list of works "
                              "nor an API response page with 'results'")
        return
    day_of = work_days(path)  # as parse_lines: the folder's date, else the work's own, else the mtime
    retrieved = dt.datetime.now(dt.UTC).date().isoformat()
    lines = result_lines(b"\n".join(chunks).decode("utf-8", "replace"), len(results))
    for k, rec in enumerate(results):
        try:
            if not isinstance(rec, dict):
                raise TypeError("a result is not a JSON object")
            yield last, work_from_dict(rec, source="openalex-api", as_of=day_of(rec.get("updated_date")),
                                       retrieved_at=retrieved)
        except (msgspec.ValidationError, ValueError, TypeError) as exc:
            yield last, BadRecord(file=path, line=lines[k], error=f"results[{k}]: invalid OpenAlex work: {exc}",
                                  raw_excerpt=str(rec)[:300])


_ARRAY_START = re.compile(r'^\s*\[|"results"\s*:\s*\[')


def result_lines(text: str, n: int) -> list[int]:
    """The line on which each of the document's `n` works starts (1 for all when it cannot be told),
    so a bad one is quarantined at its own file:line."""
    m = _ARRAY_START.search(text)
    if m is None:
        return [1] * n
    decoder = json.JSONDecoder()
    pos, out = m.end(), []
    try:
        for _ in range(n):
            while text[pos] in " \t\r\n,":
                pos += 1
            out.append(text.count("\n", 0, pos) + 1)
            _obj, pos = decoder.raw_decode(text, pos)
    except (ValueError, IndexError):
        return [1] * n
    return out
