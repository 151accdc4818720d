"""Scopus exports (CSV, RIS, BibTeX and plain text) → `Work` records.

CSV: one row per document with the columns Scopus writes (`Authors`, `Author full names` in newer
exports, `Title`, `Year`, `DOI`, `Affiliations`, `Authors with affiliations`, `EID`…). Affiliations
are tied to authors through `Authors with affiliations` ("Murata, T., Dept…, Chicago, IL 60680,
United States; …"): an entry that starts with an author's name opens that author, the others add
an affiliation to the author before them. RIS: `TY  - ` … `ER  - `, `AD` addresses that Scopus does
not tie to authors (stored as loose affiliations), `N1  - Export Date: …` as the export date.
BibTeX: `@ARTICLE{Key,`, one `name={value},` a line (`author={A, B. and C, D.}`, `affiliations=` or
`affiliation={…; …}`, `doi`, `url` with the EID, `note={cited By 2}`, `document_type`), `}` ends it.
Plain text: `Scopus` and `EXPORT DATE: 11 January 2020` open the file; a record is the authors line, the
title, `(2018) Source, 45 (3), pp. 284-285. Cited 2 times.`, the record URL with its EID, and labelled
lines (`AUTHOR FULL NAMES:`, `DOI:`, `AFFILIATIONS:`, `ABSTRACT:`, `DOCUMENT TYPE:`…) up to `SOURCE: Scopus`.

A work's id is `scopus:` + its EID (`2-s2.0-…`), so the same record ingested twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from techties.records import BadRecord
from techties.sources.csvutil import Row, read_csv_export
from techties.sources.tagged import (
    Draft,
    Item,
    Tagged,
    clean_doi,
    int_or_none,
    language_code,
    read_records,
    split_list,
    stable_id,
    wraps,
    year_of,
)

REQUIRED_COLUMNS = ("Title", "EID")
_EID = re.compile(r"eid=(2-s2\.0-\d+)")
_ID_SUFFIX = re.compile(r"\s*\(\d+\)\s*$")


def _name_key(name: str) -> str:
    """'Murata, T.' and 'Murata T.' → 'muratat': the same author however Scopus punctuates."""
    return re.sub(r"[\W_]+", "", name.lower())


def split_authors(value: str | None) -> list[str]:
    """The `Authors` cell: '; '-separated in newer exports, ', '-separated ('Phillips J.C., Braun R.') before."""
    value = (value or "").strip()
    if not value or value.lower() in ("[no author name available]",):
        return []
    return split_list(value, ";") if ";" in value else split_list(value, ",")


def tie_affiliations(authors: list[str], entries: list[str]) -> list[tuple[str, list[str]]]:
    """Pair authors with the affiliations of `Authors with affiliations` entries (see module doc)."""
    out: list[tuple[str, list[str]]] = [(a, []) for a in authors]
    keys = [_name_key(a) for a in authors]
    cur = -1
    for entry in entries:
        parts = [p.strip() for p in entry.split(",")]
        found = None
        for n in (2, 1):  # 'Murata, T., Dept…' (older) or 'Murata T., Dept…' (newer)
            head = _name_key("".join(parts[:n]))
            if head and head in keys[cur + 1:]:
                found = keys.index(head, cur + 1), n
                break
        if found is not None:
            cur, n = found
            affiliation = ", ".join(parts[n:]).strip()
            if affiliation:
                out[cur][1].append(affiliation)
        elif cur >= 0:
            out[cur][1].append(entry)
    return out


_CSV_EID = re.compile(r"2-s2\.0-\w+")


def _csv_draft(row: Row) -> Draft:
    eid = row.required("EID")
    if not _CSV_EID.fullmatch(eid):  # the id is every record's key: a wrong one would merge distinct works
        raise ValueError(f"EID {eid[:40]!r} is not a Scopus EID (2-s2.0-…): the row's cells are out of place?")
    full = [_ID_SUFFIX.sub("", a) for a in row.values("Author full names")]
    short = split_authors(row.text("Authors"))
    names = full if full and (not short or len(full) == len(short)) else short
    tied = tie_affiliations(short or names, row.values("Authors with affiliations"))
    authors = [(names[k] if k < len(names) else n, affs) for k, (n, affs) in enumerate(tied)]
    draft = Draft(
        work_id=f"scopus:{eid}", source="scopus", title=row.text("Title"), abstract=_abstract(row.text("Abstract")),
        doi=clean_doi(row.text("DOI")), year=year_of(row.text("Year")),
        language=language_code(row.text("Language of Original Document")), type=row.text("Document Type"),
        cited_by_count=int_or_none(row.text("Cited by")), authors=authors,
        fields=[("scopus-keyword", k) for k in row.values("Author Keywords")],
        funders=parse_funding_details(row.text("Funding Details")),
    )
    if not any(affs for _n, affs in authors):  # no per-author ties: keep the document's affiliations
        draft.loose = row.values("Affiliations")
    return draft


_TRAILING_ACRONYM = re.compile(r",\s*[^,\sa-z]+$")


def parse_funding_details(text: str | None) -> list[tuple[str, str | None]]:
    """Scopus `Funding Details` ('National Science Foundation, NSF: SOC77-00191; BRSG S07 RR05412; …') →
    (funder, award) pairs, one per award, the acronym after the name's last comma left out.

    Why a part with a digit and no lower-case letter is skipped: it is an award number Scopus could not tie
    to a funder ('BRSG S07 RR05412'), and read as a name it would rank as a funder of its own."""
    out: list[tuple[str, str | None]] = []
    for part in split_list((text or "").replace("\xa0", " "), ";"):
        name, _, awards = part.partition(":")
        name = _TRAILING_ACRONYM.sub("", name.strip()).strip()
        if not name or (not any(c.islower() for c in name) and any(c.isdigit() for c in name)):
            continue
        out += [(name, a) for a in split_list(awards, ",")] or [(name, None)]
    return out


def _abstract(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if not value or value == "[No abstract available]" else value


def align_funding(header: list[str], cells: list[str]) -> list[str] | None:
    """A row with more `Funding Text N` cells than the header names (Scopus writes as many as the
    document has): the columns before them are read from the left, those after from the right, and
    the extra texts joined into the header's last funding column. None when there is no such column."""
    funding = [k for k, h in enumerate(header) if h.casefold().startswith("funding text")]
    extra = len(cells) - len(header)
    if not funding or extra <= 0:
        return None
    last = funding[-1]
    tail = len(header) - last - 1
    middle = cells[last: len(cells) - tail]
    return [*cells[:last], "\n".join(c for c in middle if c), *cells[len(cells) - tail:]]


def read_scopus_csv(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (last line of the row, Work or BadRecord) for a Scopus CSV export."""
    return read_csv_export(path, skip_lines=skip_lines, required=REQUIRED_COLUMNS, draft=_csv_draft,
                           label="Scopus", align=align_funding)


_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( (.*))?$")


def ris_records(lines: Iterable[tuple[int, str]], path: str) -> Iterator[Tagged | BadRecord]:
    """RIS lines → one `Tagged` per `TY` … `ER` record; stray lines become BadRecords."""
    rec: Tagged | None = None
    last: str | None = None
    blank = False
    for lineno, text in lines:
        if not text.strip():
            blank = True
            continue
        after_blank, blank = blank, False
        m = _RIS_TAG.match(text.rstrip())
        if m is None:
            if rec is not None and last is not None and wraps(text, after_blank=after_blank):  # a wrapped value
                tag, value = rec.tags[-1]
                rec.tags[-1] = (tag, f"{value} {text.strip()}")
                continue
            yield BadRecord(file=path, line=lineno, error="not a tagged RIS line", raw_excerpt=text[:200])
            continue
        tag, value = m.group(1), (m.group(3) or "").strip()
        if tag == "TY":
            if rec is not None:
                yield BadRecord(file=path, line=rec.start_line, error="record has no ER line")
            rec = Tagged(start_line=lineno)
        elif rec is None:
            yield BadRecord(file=path, line=lineno, error=f"tag {tag} outside a record", raw_excerpt=text[:200])
            continue
        if tag == "ER":
            rec.end_line = lineno
            yield rec
            rec, last = None, None
            continue
        rec.tags.append((tag, value))
        last = tag
    if rec is not None:
        yield BadRecord(file=path, line=rec.start_line, error="record has no ER line (file ends)")


def _export_date(notes: list[str]) -> str | None:
    for note in notes:
        m = re.search(r"Export Date:\s*(\d{1,2} \w+ \d{4})", note)
        if m:
            try:
                return dt.datetime.strptime(m.group(1), "%d %B %Y").date().isoformat()
            except ValueError:
                return None
    return None


def _ris_draft(rec: Tagged) -> Draft:
    url = rec.first("UR") or ""
    m = _EID.search(url)
    title = rec.first("TI", "T1")
    doi = clean_doi(rec.first("DO"))
    year = year_of(rec.first("PY", "Y1", "DA"))
    authors = rec.all("AU") or rec.all("A1")
    ident = m.group(1) if m else "ris-" + stable_id(doi or title, year, authors[0] if authors else None)
    db = (rec.first("DB") or "").lower()
    return Draft(
        work_id=f"scopus:{ident}" if db in ("scopus", "") else f"ris:{ident}",
        source="scopus" if db in ("scopus", "") else "ris", title=title, abstract=_abstract(rec.first("AB")),
        doi=doi, year=year, language=language_code(rec.first("LA")), type=rec.first("M3", "TY"),
        authors=[(a, []) for a in authors], loose=rec.all("AD"),
        fields=[("scopus-keyword", k) for k in rec.all("KW")],
    )


def read_scopus_ris(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (line of the record's ER, Work or BadRecord) for a Scopus RIS export."""
    return read_records(path, ris_records, _ris_draft, skip_lines=skip_lines, label="RIS",
                        as_of_of=lambda item: _export_date(item.all("N1")))


_BIB_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,]*),?\s*$")
_BIB_FIELD = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=\s*[{\"](.*)[}\"]\s*,?\s*$", re.DOTALL)


def bibtex_records(lines: Iterable[tuple[int, str]], path: str) -> Iterator[Tagged | BadRecord]:
    """Scopus BibTeX (`@ARTICLE{Key,`, one `name={value},` a line, `}` alone ends the entry) → `Tagged`
    records; a value whose braces do not close on its line continues on the next ones."""
    rec: Tagged | None = None
    pending = ""
    for lineno, text in lines:
        if rec is None:
            if not text.strip():
                continue
            m = _BIB_START.match(text)
            if m is None:
                yield BadRecord(file=path, line=lineno, error="not the start of a BibTeX entry", raw_excerpt=text[:200])
                continue
            rec = Tagged(start_line=lineno, tags=[("type", m.group(1).lower()), ("key", m.group(2))])
            continue
        if not pending and text.strip() == "}":
            rec.end_line = lineno
            yield rec
            rec = None
            continue
        pending = f"{pending}\n{text}" if pending else text
        if pending.count("{") > pending.count("}"):
            continue  # the value goes on
        m = _BIB_FIELD.match(pending)
        if m is None:
            yield BadRecord(file=path, line=lineno, error="not a BibTeX field", raw_excerpt=pending[:200])
        else:
            rec.tags.append((m.group(1).lower(), re.sub(r"[{}]", "", m.group(2)).strip()))
        pending = ""
    if rec is not None:
        yield BadRecord(file=path, line=rec.start_line, error="BibTeX entry has no closing brace (file ends)")


def _bibtex_draft(rec: Tagged) -> Draft:
    m = _EID.search(rec.first("url") or "")
    title, doi, year = rec.first("title"), clean_doi(rec.first("doi")), year_of(rec.first("year"))
    authors = [a.strip() for a in re.split(r"\s+and\s+", rec.first("author") or "") if a.strip()]
    ident = m.group(1) if m else "bib-" + stable_id(doi or title, year, authors[0] if authors else None)
    cited = re.search(r"cited by (\d+)", rec.first("note") or "", re.IGNORECASE)
    return Draft(
        work_id=f"scopus:{ident}", source="scopus", title=title, abstract=_abstract(rec.first("abstract")), doi=doi,
        year=year, language=language_code(rec.first("language")), type=rec.first("document_type"),
        cited_by_count=int(cited.group(1)) if cited else None, authors=[(a, []) for a in authors],
        loose=split_list(rec.first("affiliations", "affiliation")),
        fields=[("scopus-keyword", k) for k in split_list(rec.first("author_keywords"))],
        funders=parse_funding_details(rec.first("funding_details")),
    )


def read_scopus_bibtex(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (line of the entry's closing brace, Work or BadRecord) for a Scopus BibTeX export."""
    return read_records(path, bibtex_records, _bibtex_draft, skip_lines=skip_lines, label="BibTeX")


_TEXT_LABEL = re.compile(r"^([A-Z][A-Z0-9 ()/&'-]{1,44}):\s?(.*)$")
_TEXT_PUBLICATION = re.compile(r"^\((\d{4})\)\s+\S")
_TEXT_EID = re.compile(r"(?:eid=|/publications/)(2-s2\.0-\d+|\d{6,})")
_TEXT_CITED = re.compile(r"Cited (\d+) times?\.")


def text_records(lines: Iterable[tuple[int, str]], path: str) -> Iterator[Tagged | BadRecord]:
    """Scopus plain text → one `Tagged` per record: a record's lines run up to `SOURCE: Scopus`; the file
    opens with `Scopus` and `EXPORT DATE: …` (kept as the first record's `export_date`)."""
    rec: Tagged | None = None
    export_date: str | None = None
    for lineno, text in lines:
        line = text.strip()
        if rec is None:
            if not line or line == "Scopus":
                continue
            if line.upper().startswith("EXPORT DATE:"):
                export_date = line.split(":", 1)[1].strip()
                continue
            rec = Tagged(start_line=lineno, tags=[("export_date", export_date or "")])
        if not line:
            continue
        m = _TEXT_LABEL.match(line)
        if m and not m.group(1).startswith("AUTHOR") and not any(_TEXT_PUBLICATION.match(v) for t, v in rec.tags
                                                                  if t == ""):
            m = None  # before the publication line only AUTHOR… lines are labelled ("GIS: a review" is a title)
        rec.tags.append((m.group(1), m.group(2).strip()) if m else ("", line))
        if line == "SOURCE: Scopus":
            rec.end_line = lineno
            yield rec
            rec = None
    if rec is not None:
        yield BadRecord(file=path, line=rec.start_line, error="record has no 'SOURCE: Scopus' line (file ends)")


def _text_draft(rec: Tagged) -> Draft:
    plain = [(k, v) for k, (t, v) in enumerate(rec.tags) if t == ""]  # the unlabelled lines, in order
    pub = next((k for k, v in plain if _TEXT_PUBLICATION.match(v)), None)
    if pub is None:
        raise ValueError("no publication line '(YEAR) Source, …'")
    before = [v for k, v in plain if k < pub]
    title = before[-1] if before else None
    eid = next((m.group(1) for _k, v in plain if (m := _TEXT_EID.search(v))), None)
    if not eid:
        raise ValueError("no Scopus record URL with an EID")
    full = [_ID_SUFFIX.sub("", a) for a in split_list(rec.first("AUTHOR FULL NAMES"), ";")]
    short = split_authors(before[0]) if len(before) > 1 else []
    publication = rec.tags[pub][1]
    cited = _TEXT_CITED.search(publication)
    return Draft(
        work_id=f"scopus:{eid}", source="scopus", title=title, abstract=_abstract(rec.first("ABSTRACT")),
        doi=clean_doi(rec.first("DOI")), year=year_of(publication),
        language=language_code(rec.first("LANGUAGE OF ORIGINAL DOCUMENT")), type=rec.first("DOCUMENT TYPE"),
        cited_by_count=int(cited.group(1)) if cited else None, authors=[(a, []) for a in full or short],
        loose=split_list(rec.first("AFFILIATIONS")),
        fields=[("scopus-keyword", k) for k in split_list(rec.first("AUTHOR KEYWORDS"))],
        funders=parse_funding_details(rec.first("FUNDING DETAILS")),
    )


def _text_as_of(value: str | None) -> str | None:
    try:
        return dt.datetime.strptime(value or "", "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def read_scopus_text(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (line of the record's `SOURCE: Scopus`, Work or BadRecord) for a Scopus plain-text export."""
    return read_records(path, text_records, _text_draft, skip_lines=skip_lines, label="Scopus text",
                        as_of_of=lambda item: _text_as_of(item.first("export_date")))


def read_scopus(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """A Scopus export, CSV, RIS, BibTeX or plain text (told apart by the first line)."""
    from techties.sources.detect import sniff

    fmt = sniff(path)
    if fmt == "scopus-ris" or fmt == "ris":
        return read_scopus_ris(path, skip_lines=skip_lines)
    if fmt == "scopus-bibtex":
        return read_scopus_bibtex(path, skip_lines=skip_lines)
    if fmt == "scopus-text":
        return read_scopus_text(path, skip_lines=skip_lines)
    return read_scopus_csv(path, skip_lines=skip_lines)
