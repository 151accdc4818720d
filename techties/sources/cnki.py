"""CNKI (China National Knowledge Infrastructure) exports → `Work` records, Chinese fields included.

CNKI writes three text formats, told apart by their first tag:
- RefWorks: `RT Journal Article`, then two-letter tags and a space (`A1 谢进;王娜`, `AD 湖州师范学院;`,
  `T1`, `JF`, `YR`, `AB`, `K1`, `LA 中文;`, `DO`, `DS CNKI`); a blank line ends a record.
- EndNote: `%0 Journal Article`, `%A` (one author a line), `%+` affiliations (";"-separated), `%T`,
  `%J`, `%D`, `%K`, `%X`, `%R` DOI, `%W CNKI`; a line without a tag continues the one before.
- NoteExpress: `{Reference Type}: Journal Article`, `{Title}:`, `{Author}: a;b`, `{Author Address}:
  1.单位；2.单位`, `{Journal}:`, `{Year}:`, `{Database Provider}: CNKI`.

CNKI does not tie affiliations to authors, so they are stored as the work's loose affiliations, each
resolved to a country in its own language (Chinese names of places and institutions included). CNKI
records carry no id: a work's id is `cnki:` + a hash of title, year, first author and journal, so the
same record ingested twice is stored once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from techties.records import BadRecord
from techties.sources.tagged import (
    Draft,
    Item,
    Tagged,
    clean_doi,
    has_han,
    language_code,
    read_records,
    stable_id,
    text_lines,
    wraps,
    year_of,
)

_REFWORKS = re.compile(r"^([A-Za-z][A-Za-z0-9]) (.*)$")
_ENDNOTE = re.compile(r"^%(\S) ?(.*)$")
_NOTEEXPRESS = re.compile(r"^\{([^}]+)\}:\s?(.*)$")
# each format's tags → common names
_REFWORKS_TAGS = {"RT": "type", "A1": "authors", "AU": "authors", "AD": "address", "T1": "title", "JF": "journal",
                  "YR": "year", "AB": "abstract", "K1": "keywords", "LA": "language", "DO": "doi", "DS": "db"}
_ENDNOTE_TAGS = {"0": "type", "A": "authors", "+": "address", "T": "title", "J": "journal", "D": "year",
                 "X": "abstract", "K": "keywords", "R": "doi", "W": "db", "I": "publisher", "G": "language"}
_NOTEEXPRESS_TAGS = {"Reference Type": "type", "Author": "authors", "Author Address": "address", "Title": "title",
                     "Journal": "journal", "Year": "year", "Abstract": "abstract", "Keywords": "keywords",
                     "DOI": "doi", "Database Provider": "db", "Secondary Title": "journal", "Language": "language",
                     "Date": "date", "Publisher": "publisher"}
FORMATS = {"refworks": (_REFWORKS, _REFWORKS_TAGS, "type"), "endnote": (_ENDNOTE, _ENDNOTE_TAGS, "type"),
           "noteexpress": (_NOTEEXPRESS, _NOTEEXPRESS_TAGS, "type")}
_SEP = re.compile(r"\s*[;；]+\s*")
_NUMBERED = re.compile(r"^\s*\d+\s*[.、]\s*")


HEAD_LINES = 20  # non-blank lines searched for the format (junk before the first record is quarantined)


def cnki_format(first_line: str) -> str | None:
    """'refworks', 'endnote' or 'noteexpress' from a file's first non-blank line, else None."""
    s = first_line.lstrip("\ufeff").strip()
    if s.startswith("RT "):
        return "refworks"
    if s.startswith("%0 "):
        return "endnote"
    if s.startswith("{Reference Type}:"):
        return "noteexpress"
    return None


def cnki_records(lines: Iterable[tuple[int, str]], path: str, fmt: str) -> Iterator[Tagged | BadRecord]:
    """Tagged lines → one `Tagged` (common tag names) per record; records start at the type tag."""
    pattern, names, start_tag = FORMATS[fmt]
    rec: Tagged | None = None
    last_line = 0
    blank = False
    for lineno, text in lines:
        if not text.strip():
            blank = True
            continue
        after_blank, blank = blank, False
        m = pattern.match(text)
        tag = names.get(m.group(1).strip()) if m else None
        if m is None or (fmt == "endnote" and m.group(1) not in names and not text.startswith("%")):
            if rec is not None and rec.tags and wraps(text, after_blank=after_blank):  # EndNote abstracts
                t, v = rec.tags[-1]
                rec.tags[-1] = (t, f"{v}\n{text.strip()}")
                last_line = lineno
                continue
            yield BadRecord(file=path, line=lineno, error=f"not a tagged CNKI {fmt} line", raw_excerpt=text[:200])
            continue
        if tag == start_tag:
            if rec is not None:
                rec.end_line = last_line
                yield rec
            rec = Tagged(start_line=lineno)
        elif rec is None:
            yield BadRecord(file=path, line=lineno, error=f"tag {m.group(1)} outside a record", raw_excerpt=text[:200])
            continue
        last_line = lineno
        rec.tags.append((tag or "other:" + m.group(1), m.group(2).strip()))
    if rec is not None:
        rec.end_line = last_line
        yield rec


def _parts(values: list[str]) -> list[str]:
    return [_NUMBERED.sub("", p).strip() for v in values for p in _SEP.split(v) if _NUMBERED.sub("", p).strip()]


_BREAK = "(#br)"  # CNKI's line break inside a value ('Abstract(#br)This article…', 'RESULTS(#br)We…')


def _abstract(value: str | None) -> str | None:
    """The abstract with CNKI's `(#br)` marks read as the line breaks they stand for (else the text shows them,
    and the classifier reads 'abstract(#br)this' as one token)."""
    return "\n".join(p.strip() for p in value.split(_BREAK)).strip() or None if value else None


def _draft(rec: Tagged) -> Draft:
    title = rec.first("title")
    authors = _parts(rec.all("authors"))
    year = year_of(rec.first("year") or rec.first("date"))
    journal = rec.first("journal") or rec.first("publisher")
    lang = language_code(rec.first("language")) or ("zh" if has_han(title) else "en" if title else None)
    return Draft(
        work_id="cnki:" + stable_id(title, year, authors[0] if authors else None, journal), source="cnki",
        title=title, abstract=_abstract(rec.first("abstract")), doi=clean_doi(rec.first("doi")), year=year,
        language=lang, type=rec.first("type"), authors=[(a, []) for a in authors],
        loose=list(dict.fromkeys(_parts(rec.all("address")))),
        fields=[("cnki-keyword", k) for k in _parts(rec.all("keywords"))],
    )


def read_cnki(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (last line of the record, Work or BadRecord) for a CNKI RefWorks, EndNote or NoteExpress export."""
    path = str(path)
    lines = text_lines(path)
    head: list[tuple[int, str]] = []
    fmt = None
    seen = 0
    for lineno, text in lines:  # the first line that names a format, past a few junk lines (quarantined below)
        head.append((lineno, text))
        if text.strip():
            fmt = cnki_format(text)
            seen += 1
            if fmt is not None or seen >= HEAD_LINES:
                break
    if fmt is None:
        first = next(((n, t) for n, t in head if t.strip()), None)
        if first:
            yield first[0], BadRecord(file=path, line=first[0], error="not a CNKI RefWorks, EndNote or "
                                      "NoteExpress export", raw_excerpt=first[1][:200])
        return

    yield from read_records(path, lambda numbered, p: cnki_records(numbered, p, fmt), _draft,
                            skip_lines=skip_lines, label=f"CNKI {fmt}", lines=itertools.chain(head, lines))
