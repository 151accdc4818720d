"""Which export format a file is, from its first lines, and which `techties ingest` kind reads it.

Why: every export is text with tags or columns, and a reader given the wrong one quarantines
every line with a message that does not say what went wrong. Reading the header first lets
`techties ingest KIND` refuse a file of another format with one line naming the right command
(exit 2), and lets `techties ingest auto` pick the reader itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from techties.errors import UsageError
from techties.sources.io import LineSource, TruncatedInput
from techties.sources.tagged import decode
from techties.sources.wos import header_delimiter

HEAD_LINES = 40
HEAD_BYTES = 1 << 16

# format → (ingest kind, how the message names it)
FORMATS: dict[str, tuple[str, str]] = {
    "wos": ("wos", "a Web of Science plain-text export"),
    "wos-tab": ("wos", "a Web of Science tab-delimited export"),
    "openalex-jsonl": ("openalex", "an OpenAlex snapshot (JSON Lines)"),
    "openalex-json": ("openalex", "an OpenAlex API response page or work (JSON)"),
    "scopus-csv": ("scopus", "a Scopus CSV export"),
    "scopus-ris": ("scopus", "a Scopus RIS export"),
    "ris": ("scopus", "a RIS export"),
    "scopus-bibtex": ("scopus", "a Scopus BibTeX export"),
    "scopus-text": ("scopus", "a Scopus plain-text export"),
    "lens": ("lens", "a Lens.org scholarly CSV export"),
    "dimensions": ("dimensions", "a Dimensions publications CSV export"),
    "pubmed-medline": ("pubmed", "a PubMed MEDLINE text export"),
    "pubmed-xml": ("pubmed", "a PubMed XML export"),
    "cnki-refworks": ("cnki", "a CNKI RefWorks export"),
    "cnki-endnote": ("cnki", "a CNKI EndNote export"),
    "cnki-noteexpress": ("cnki", "a CNKI NoteExpress export"),
    "ror": ("ror", "a ROR organisation dump"),
}


def head(path: str | Path) -> list[str]:
    """The first non-blank lines of a gzip or plain file, decoded (at most HEAD_LINES / HEAD_BYTES)."""
    out: list[str] = []
    size = 0
    try:
        for lineno, raw in LineSource(path):
            text = decode(raw[:HEAD_BYTES], lineno)
            if text.strip():
                out.append(text)
                size += len(raw)
            if len(out) >= HEAD_LINES or size >= HEAD_BYTES:
                break
    except TruncatedInput:
        pass
    return out


def _csv_header(line: str) -> list[str]:
    """The header's column names, casefolded (a re-saved header may be "TITLE"), read with "," and, for a
    spreadsheet's re-save, ";" (European locales) and tabs (Excel's "Unicode text") too (the callers
    only ask whether a name is among them)."""
    names: list[str] = []
    for delimiter in [",", *(d for d in (";", "\t") if d in line)]:
        try:
            names += [c.strip().casefold() for c in next(csv.reader(io.StringIO(line), delimiter=delimiter))]
        except (csv.Error, StopIteration):
            pass
    return names


# a record's own id in ROR's namespace (an OpenAlex work names ROR ids only as "ror": "https://ror.org/…")
_ROR_ID = re.compile(r'"_?id"\s*:\s*"https://ror\.org/')


# what a JSON head of works (or of ROR records) shows: a record id, or an API page's keys
_JSON_KEYS = re.compile(r'"_?id"\s*:|"(?:meta|results|group_by)"\s*:')
NO_WORKS_JSON = ("JSON records without an OpenAlex work id (W…): not OpenAlex works, nor another export "
                 "`techties ingest` reads")
_WORK_ID = re.compile(r"(?:https://openalex\.org/)?W\d+", re.IGNORECASE)


def _loads(line: str) -> object:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


_RECORD_KEYS = frozenset({"id", "_id", "results", "group_by", "items", "hits"})  # an API page: results or group_by


def _holds_records(lines: list[str]) -> bool:
    """Whether a JSON head may hold works (or ROR records): of JSON Lines, some whole line is an object with a
    record id or an API page's key at its top (an arXiv line's "meta": {"id": …} names no work); of a
    pretty-printed document or an array, the key is anywhere. JSON Lines whose first line does not parse
    (damaged) may: their lines are quarantined one by one."""
    first = lines[0].lstrip("\ufeff").strip()
    if isinstance(_loads(first), dict):
        return any(isinstance(o := _loads(line), dict) and o.keys() & _RECORD_KEYS for line in lines)
    pretty = first in ("{", "[") or first.startswith("[") or len(lines) > 1 and re.match(r'\s+"', lines[1])
    return not pretty or _JSON_KEYS.search("\n".join(lines)) is not None


def _stray_bracket(first: str, lines: list[str]) -> bool:
    """Whether a stray line opening with "[" (a lone "[", junk) opens JSON Lines rather than an array: it is no
    array by itself, whole objects follow it a line each, and no "]" closes them. Why: read as an array that
    does not parse, the file's works were all lost (one line quarantined) where the stray line alone should be."""
    return (_loads(first) is None and any(isinstance(_loads(line), dict) for line in lines[1:])
            and not any(line.strip() == "]" for line in lines[1:]))


_ID_VALUE = re.compile(r'"id"\s*:\s*"([^"]*)"')


def _document_of(text: str) -> str | None:
    """What an array or a response page of records is by the ids in its head: "openalex-json" when one is an
    OpenAlex work's (a work's own id comes before its authors' and institutions'), "ror" for ROR records,
    None for records of another kind (a saved /authors page, an arXiv or ROR list). Why: they were stored as
    OpenAlex works (`openalex:2503.11731`, the work "Jane Doe") while the same records as JSON Lines were
    refused."""
    return _by_ids(_ID_VALUE.findall(text), _ROR_ID.search(text) is not None, "openalex-json")


def _by_ids(ids: list[str], ror: bool, works: str) -> str | None:
    """`works` when no id is given or one is an OpenAlex work's, else "ror" for ROR records, else None."""
    if not ids or any(_WORK_ID.fullmatch(i.strip()) for i in ids):
        return works
    return "ror" if ror else None


def _json_format(lines: list[str]) -> str | None:
    if not _holds_records(lines):
        return None  # JSON of another kind (arXiv lines, an affiliation list): `not_text` says so
    first = lines[0].strip()
    if first.startswith("["):
        return "openalex-jsonl" if _stray_bracket(first, lines) else _document_of("\n".join(lines))
    try:
        obj = json.loads(first)
    except ValueError:
        # a record cut at HEAD_BYTES or a damaged line is still JSON Lines; a lone "{" opens one document
        if re.match(r'\{\s*"(meta|results|group_by)"', first):
            return "openalex-json"  # an API response page on one line, longer than the head
        # a pretty-printed document opens with "{" alone, or its next line is an indented key; anything
        # else is JSON Lines, damaged lines included (they are quarantined one by one)
        indented_key = len(lines) > 1 and re.match(r'\s+"', lines[1]) is not None
        if (first == "{" or indented_key) and _ROR_ID.search("\n".join(lines)):
            return "ror"  # a ROR API / search response, pretty-printed: its records' ids are ROR's
        return _document_of("\n".join(lines)) if first == "{" or indented_key else "openalex-jsonl"
    if isinstance(obj, dict) and "results" in obj:
        return _document_of("\n".join(lines))
    if isinstance(obj, dict) and ("items" in obj or "names" in obj and "relationships" in obj):
        return "ror"
    # a line's own id: ROR records a line each (v1 or v2) are `techties ingest ror`'s; records of another
    # source with ids of their own (arXiv's '2503.11731') are no export: `not_text` says so
    ids = [o["id"] for line in lines if isinstance(o := _loads(line), dict) and isinstance(o.get("id"), str)]
    return _by_ids(ids, any(i.strip().startswith("https://ror.org/") for i in ids), "openalex-jsonl")


def sniff_lines(lines: list[str]) -> str | None:
    """The format of a file whose first non-blank lines are `lines`; None when none is recognised."""
    if not lines:
        return None
    first = lines[0].lstrip("\ufeff").strip()
    text = "\n".join(lines)
    if first.startswith(("FN ", "VR ")) or first.startswith("PT ") and any(s.startswith("UT ") or s.startswith("AU ")
                                                                          for s in lines):
        return "wos"
    if header_delimiter(first) is not None:  # tabs, or a CSV Excel saved the export as
        return "wos-tab"
    if first.startswith("{Reference Type}:"):
        return "cnki-noteexpress"
    if first.startswith(("{", "[")):
        return _json_format(lines)
    if first.startswith("<"):
        return "pubmed-xml" if "PubmedArticle" in text else None
    if first.startswith("PMID-"):
        return "pubmed-medline"
    if first.startswith("RT ") and ("DS CNKI" in text or any(s[:3] in ("A1 ", "T1 ") for s in lines)):
        return "cnki-refworks"
    if first.startswith("%0 "):
        return "cnki-endnote"
    if first.startswith("TY  -"):
        return "scopus-ris" if "DB  - Scopus" in text or "scopus.com" in text else "ris"
    if first == "Scopus" and len(lines) > 1 and lines[1].strip().upper().startswith("EXPORT DATE:"):
        return "scopus-text"
    if first.startswith("@") and "{" in first:
        return "scopus-bibtex" if "scopus" in text.lower() else None
    if first.startswith(('"About the data', "About the data")):
        return "dimensions"
    header = _csv_header(first)
    if "lens id" in header:
        return "lens"
    if "publication id" in header and ("pubyear" in header or "dimensions url" in header or "times cited" in header):
        return "dimensions"
    if "eid" in header or "author(s) id" in header or "source" in header and "authors with affiliations" in header:
        return "scopus-csv"
    return None


def holds_no_text(path: str | Path) -> bool:
    """Whether a file has no line with text (0 bytes, blank lines, a gzip of nothing): an export that came
    down empty, whose format cannot be told and in which no reader finds a record."""
    return not head(path)


def sniff(path: str | Path) -> str | None:
    """The format of a file (see FORMATS), from its first lines; None when not recognised."""
    return sniff_lines(head(path))


def kind_of(path: str | Path) -> str | None:
    """The `techties ingest` kind that reads this file, or None."""
    fmt = sniff(path)
    return FORMATS[fmt][0] if fmt else None


class WrongFormat(UsageError):
    """A file given to a reader of another format: exit 2, naming the command that reads it."""


# (first bytes, what the file is, what `techties ingest` says to do with it)
_MAGIC = ((b"PK\x03\x04", "a zip archive (or an .xlsx workbook)",
           ": unzip it (or save the sheet as CSV) and give `techties ingest` the files"),
          (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls) or another Office file",
           ": save the sheet as CSV and give `techties ingest` the CSV"),
          (b"%PDF", "a PDF document", ", not an export `techties ingest` reads"))


def binary_kind(head: bytes) -> str | None:
    """What a file opening with these bytes is, when it is a workbook, an archive or a PDF (no text a
    reader takes line by line), else None: "an Excel 97-2003 workbook (.xls) or another Office file"."""
    return next((what for start, what, _todo in _MAGIC if head.startswith(start)), None)


def looks_binary(text: str) -> bool:
    """Whether decoded text is binary data: a NUL, or more control or undecodable characters than text has
    (one check for the export readers and the screening lists)."""
    controls = sum(1 for c in text if c < " " and c not in "\t\r\n" or c == "\ufffd")
    return "\x00" in text or controls > max(8, len(text) // 20)


def not_text(path: str | Path, lines: list[str] | None = None) -> str | None:
    """Why a file is no export at all (a zip, a PDF, binary data, JSON records without an id), or None.
    Why: a reader given one quarantined every line ("not a tagged WoS line", "missing required field
    `id`") and exited 3, and the file then counted as ingested. A gzip file's bytes are read through,
    never refused as binary; its JSON is judged decompressed."""
    with open(path, "rb") as fh:
        magic = fh.read(4)
    for start, what, todo in _MAGIC:
        if magic.startswith(start):
            return what + todo
    lines = head(path) if lines is None else lines
    if not magic.startswith(b"\x1f\x8b\x08") and looks_binary("".join(lines)):
        return "binary data, not a text export `techties ingest` reads"
    if lines and lines[0].lstrip("\ufeff").lstrip().startswith(("{", "[")) and _json_format(lines) is None:
        return NO_WORKS_JSON
    return None


def check_kind(kind: str, path: str | Path) -> str | None:
    """The file's format when `kind` reads it (or it is not recognised); raises WrongFormat naming the
    right command when another kind does ("this looks like a Scopus CSV export: use `techties ingest scopus`"),
    or when the file is no export at all (`not_text`)."""
    lines = head(path)
    fmt = sniff_lines(lines)
    if fmt is None:
        why = not_text(path, lines)
        if why:
            raise WrongFormat(f"{path}: {why}")
        return None
    right, name = FORMATS[fmt]
    if right != kind:
        raise WrongFormat(f"{path}: this looks like {name}: use `techties ingest {right}`")
    return fmt
