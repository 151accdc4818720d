"""Web of Science exports → `Work` records: plain text (`savedrecs.txt`, tagged fields) and "Tab-delimited"
(one header row of the same field tags, one record per line; `read_wos_tab`).

Format: each line is a two-letter tag, a space, and a value; continuation lines start with
three spaces; `ER` ends a record, `EF` the file. C1 addresses read
`[Author A; Author B] Institution, Sub-unit, City, Country.`; an address without brackets
belongs to every author. The institution of an address is its first segment (WoS writes the
top-level organisation first, e.g. `Russian Acad Sci, Inst …`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from techties.records import Authorship, BadRecord, Institution, Work, WorkField, WorkFunder
from techties.sources.csvutil import CsvRows, excel_quoted_tab
from techties.sources.io import iter_lines
from techties.sources.tagged import LineDecoder, file_dates, text_lines
from techties.warehouse.batch import WORK_COLUMNS, check_work_row

_TAG = re.compile(rb"^([A-Z][A-Z0-9]) ?(.*)$")
_BRACKETS = re.compile(r"^\[(?P<authors>[^\]]*)\]\s*(?P<address>.*)$")
_FUNDER = re.compile(r"^(?P<name>.*?)\s*(?:\[(?P<awards>[^\]]*)\])?\s*$")
_MULTI_VALUE_TAGS = {"AU", "AF", "C1", "CR", "C3", "RP"}
# A cited reference: `AUTHOR, YEAR, SOURCE[, V…, P…, DOI …]` (`WALKER GB, 1975, CAN J PHYS`). An address has
# no year as its second segment and ends with a full stop.
# `[Anonymous], …` and `[刘冲 Liu Chong], 2010, …`: a bracket followed by a comma (an address's bracket of
# author names is followed by a space and the organisation).
_REFERENCE = re.compile(r"^(?:\[[^\]]*\], |\*?[^,\[\]]{1,120}, (?:1[5-9]|20)\d\d(?:, | )\S)")
# Fields a missing `CR` tag would let references run into, read as addresses or names. Not the funding text
# FX, whose wrapped lines can read like references (`…, 2019 (in accordance with …`) and resolve nothing.
# On the 20 real exports of ../shared/data/wos: none of 133,988 AU/AF/C1/C3/RP lines is taken for a
# reference, 297,802 of 301,541 CR lines are (the first of a run is enough).
_RUN_ON_TAGS = _MULTI_VALUE_TAGS - {"CR"}
_FILE_TAGS = {"FN", "VR", "EF"}
# Tab-delimited exports join a field's values with "; " where plain text puts one value a line. Only these
# are split back (the others are one value, as plain text's wrapped lines joined with a space are). C1
# addresses are split outside the brackets of author names: on the 20 real exports no AU, AF or C1 value
# holds a ";" outside brackets, so the split gives back plain text's lines exactly.
_TAB_SPLIT_TAGS = {"AU", "AF", "C1", "CR", "RP"}
_TAB_TAG = re.compile(r"^[A-Z][A-Z0-9]$")
_OUTSIDE_BRACKETS = re.compile(r";\s*(?![^\[]*\])")


@dataclass
class _Raw:
    start_line: int
    fields: dict[str, list[str]] = field(default_factory=dict)

    def first(self, tag: str) -> str | None:
        values = self.fields.get(tag)
        return values[0] if values else None

    def joined(self, tag: str) -> str | None:
        values = self.fields.get(tag)
        return " ".join(values) if values else None


def institution_key(name: str) -> str:
    """Identifier of a WoS organisation name: `wos-org:` + the upper-cased name, spaces folded."""
    return "wos-org:" + re.sub(r"\s+", " ", name.strip().rstrip(".")).upper()


def language_code(name: str | None) -> str | None:
    """`English` → `en`, `Chinese` → `zh`; None when WoS gives none."""
    if not name:
        return None
    lang = pycountry.languages.get(name=name.strip().split(";")[0].strip())
    return getattr(lang, "alpha_2", None) if lang else name.strip().lower()


def parse_address(line: str) -> tuple[list[str], str]:
    """A C1 line → (author names in brackets, address). Authors empty = all authors."""
    m = _BRACKETS.match(line.strip())
    if m:
        names = [a.strip() for a in m.group("authors").split(";") if a.strip()]
        return names, m.group("address").strip()
    return [], line.strip()


def is_reference(value: str) -> bool:
    """Does a line read like a cited reference (`AUTHOR, YEAR, SOURCE…`) and not like an address?"""
    return bool(_REFERENCE.match(value)) and not value.endswith(".")


def parse_funders(text: str | None) -> list[WorkFunder]:
    """`NSFC [61773, 6200]; Russian Science Foundation [19-1]` → one WorkFunder per award."""
    if not text:
        return []
    out: list[WorkFunder] = []
    for part in re.split(r";\s*(?![^\[]*\])", text):
        m = _FUNDER.match(part.strip())
        if not m or not m.group("name"):
            continue
        name = m.group("name").strip()
        awards = [a.strip() for a in (m.group("awards") or "").split(",") if a.strip()]
        for award in awards or [None]:
            out.append(WorkFunder(funder_name=name, award_id=award))
    return out


def _to_work(raw: _Raw, *, path: str, as_of: str | None, retrieved_at: str) -> Work:
    ut = raw.first("UT")
    if not ut:
        raise ValueError("record has no UT (accession number)")
    authors = raw.fields.get("AF") or raw.fields.get("AU") or []
    short_authors = raw.fields.get("AU") or authors
    position = {a: i for i, a in enumerate(authors)}
    position.update({a: i for i, a in enumerate(short_authors) if a not in position})
    authorships: list[Authorship] = []
    institutions: dict[str, Institution] = {}
    addressed: set[int] = set()
    for line in raw.fields.get("C1", []):
        names, address = parse_address(line)
        org = address.split(",", 1)[0].strip().rstrip(".")
        inst = Institution(institution_id=institution_key(org), name=org, source="wos") if org else None
        if inst:
            institutions[inst.institution_id] = inst
        targets = [position[n] for n in names if n in position] if names else list(range(len(authors)))
        if not targets:  # bracketed names we could not match: keep the address with no author
            targets = [-1]
        for pos in targets:
            addressed.add(pos)
            authorships.append(Authorship(
                position=max(pos, 0) if pos >= 0 else len(authors),
                author_name=authors[pos] if 0 <= pos < len(authors) else "",
                institution_id=inst.institution_id if inst else None,
                raw_affiliation=address,
            ))
    for pos, name in enumerate(authors):
        if pos not in addressed:
            authorships.append(Authorship(position=pos, author_name=name))
    fields = [WorkField(taxonomy="wos-wc", field=f.strip()) for f in (raw.joined("WC") or "").split(";")
              if f.strip()]
    fields += [WorkField(taxonomy="wos-sc", field=f.strip()) for f in (raw.joined("SC") or "").split(";")
               if f.strip()]
    year = raw.first("PY")
    cited = raw.first("TC")
    work = Work(
        work_id=f"wos:{ut}",
        source="wos",
        title=raw.joined("TI"),
        abstract=raw.joined("AB"),
        doi=(raw.first("DI") or "").lower() or None,
        year=_int(year),
        pub_date=raw.first("PD"),
        language=language_code(raw.first("LA")),
        type=raw.first("DT"),
        cited_by_count=_int(cited),
        version=raw.first("DA"),
        as_of=raw.first("DA") or as_of,
        retrieved_at=retrieved_at,
        authorships=authorships,
        fields=fields,
        funders=parse_funders(raw.joined("FU")),
        institutions=list(institutions.values()),
    )
    check_work_row(tuple(getattr(work, c) for c in WORK_COLUMNS))  # InvalidValue (a ValueError) names the field
    return work


def _int(text: str | None) -> int | None:
    """An ASCII integer field (PY, TC), else None; one too big for the warehouse is refused with its record
    by `check_work_row`. (`str.isdigit` alone accepts `²`, which `int` refuses.)"""
    return int(text) if text and text.isascii() and text.isdigit() else None


def read_wos(
    path: str | Path, *, skip_lines: int = 0, lines: Iterable[tuple[int, bytes]] | None = None
) -> Iterator[tuple[int, Work | BadRecord]]:
    """Yield (line number where the item ends, Work or BadRecord) for a WoS plain-text export.

    A record is parsed when its `ER` line is reached; records ending at or before
    `skip_lines` are skipped (resume). Malformed lines become BadRecords; the record
    around them is still stored."""
    path = str(path)
    as_of, retrieved = file_dates(path)
    rec: _Raw | None = None
    last_tag: str | None = None
    decode = LineDecoder()  # UTF-8, else the file's legacy encoding: a Latin-1 "Müller" is not "M\ufffdller"
    for lineno, line in lines if lines is not None else iter_lines(path):
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):  # lines given by a caller, not `sources.io`
            line = line[3:]
        if not line.strip():
            continue
        if line.startswith(b"   "):
            if rec is None or last_tag is None:
                if lineno > skip_lines:
                    yield lineno, BadRecord(file=path, line=lineno, error="continuation line outside a record",
                                            raw_excerpt=line[:200].decode("utf-8", "replace"))
                continue
            value = decode(line).strip()
            if last_tag in _RUN_ON_TAGS and is_reference(value):
                # the CR tag is missing: what follows are cited references, never addresses or names
                if lineno > skip_lines:
                    yield lineno, BadRecord(
                        file=path, line=lineno, raw_excerpt=value[:200],
                        error=f"field {last_tag} runs on into cited references (is the CR tag missing?): "
                              f"cut here, the lines from here are read as references")
                last_tag = "CR"
                rec.fields.setdefault("CR", [])
            if last_tag in _MULTI_VALUE_TAGS:
                rec.fields[last_tag].append(value)
            else:
                rec.fields[last_tag][-1] += " " + value
            continue
        m = _TAG.match(line)
        if not m:
            if lineno > skip_lines:
                yield lineno, BadRecord(file=path, line=lineno, error="not a tagged WoS line",
                                        raw_excerpt=line[:200].decode("utf-8", "replace"))
            continue
        tag, value = m.group(1).decode(), decode(m.group(2)).strip()
        if tag in _FILE_TAGS:
            continue
        if tag == "PT":
            if rec is not None and lineno - 1 > skip_lines:
                yield lineno - 1, BadRecord(file=path, line=rec.start_line, error="record has no ER line")
            rec = _Raw(start_line=lineno)
        if rec is None:
            if lineno > skip_lines:
                yield lineno, BadRecord(file=path, line=lineno, error=f"tag {tag} outside a record",
                                        raw_excerpt=line[:200].decode("utf-8", "replace"))
            continue
        if tag == "ER":
            if lineno > skip_lines:
                try:
                    yield lineno, _to_work(rec, path=path, as_of=as_of, retrieved_at=retrieved)
                except ValueError as exc:
                    yield lineno, BadRecord(file=path, line=rec.start_line, error=f"invalid WoS record: {exc}")
            rec, last_tag = None, None
            continue
        rec.fields.setdefault(tag, []).append(value)
        last_tag = tag
    if rec is not None:
        yield rec.start_line, BadRecord(file=path, line=rec.start_line, error="record has no ER line (file ends)")


def tab_header(line: str) -> list[str] | None:
    """The field tags of a tab-delimited export's header row (`PT\tAU\t…\tUT…`), or None when the line is
    not one (a header has PT and UT, every cell a two-letter tag; trailing empty cells are dropped)."""
    cells = [c.strip() for c in line.lstrip("\ufeff").rstrip("\r\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) < 2 or "PT" not in cells or "UT" not in cells or not all(_TAB_TAG.match(c) for c in cells):
        return None
    return cells


def header_delimiter(line: str) -> tuple[list[str], str] | None:
    """(field tags, delimiter) of a WoS tab export's header row: tabs as WoS writes it, or "," or ";" where
    Excel saved the export again as CSV ("CSV UTF-8"; ";" in European locales); None when not a header."""
    found = tab_header(line)
    if found is not None:
        return found, "\t"
    text = line.lstrip("\ufeff").rstrip("\r\n")
    for delimiter in (",", ";"):
        if delimiter in text:
            cells = next(csv.reader([text], delimiter=delimiter), [])
            found = tab_header("\t".join(cells))
            if found is not None:
                return found, delimiter
    return None


def tab_values(tag: str, cell: str) -> list[str]:
    """One cell of a tab-delimited row as the values plain text would give the tag: `Ghane, P; Hossain, G`
    → two AU values; C1 `[A; B] Addr 1; Addr 2` → `[A; B] Addr 1`, `Addr 2`; other tags one value. A line
    break or tab inside a cell (typed in Excel, which then quotes the cell) reads as plain text's wrapped
    lines do: a space, or between the values of a list tag a "; "."""
    cell = cell.strip()
    if not cell:
        return []
    if "\n" in cell or "\t" in cell:
        cell = _CELL_BREAK.sub("; " if tag in _TAB_SPLIT_TAGS else " ", cell)
    if tag not in _TAB_SPLIT_TAGS:
        return [cell]
    parts = _OUTSIDE_BRACKETS.split(cell) if tag == "C1" else cell.split(";")
    return [p.strip() for p in parts if p.strip()]


_CELL_BREAK = re.compile(r"\s*[\n\t]\s*")


def _tab_rows(path: str) -> Iterator[tuple[int, int, list[str]] | BadRecord]:
    """(first line, last line, cells) of each row of a tab export: one line each as WoS writes it, or
    through the csv module when Excel saved the file again and quoted its cells (`excel_quoted_tab`), or
    saved it as CSV (the header's delimiter): a quoted cell may then hold tabs and run over lines (read by
    `CsvRows`' rule, a row fitting once its header is known)."""
    first = next((text for _n, text in text_lines(path) if text.strip()), "")
    delimiter = (header_delimiter(first) or ([], "\t"))[1]
    if delimiter == "\t" and not excel_quoted_tab(text for _n, text in text_lines(path)):
        for lineno, text in text_lines(path):
            yield lineno, lineno, text.split("\t")
        return
    rows = CsvRows(path)
    rows.delimiter = delimiter  # a CSV Excel wrote: quoted as Excel quotes
    for row in rows:
        if not isinstance(row, BadRecord):
            found = tab_header("\t".join(row[2]))
            if found is not None:  # a row that spans lines must have this header's UT
                rows.fits = lambda cells, n=len(found), ut=found.index("UT"): (
                    len(cells) > ut and bool(cells[ut].strip()) and _n_cells(cells) <= n)
        yield row


def _n_cells(cells: list[str]) -> int:
    """The cells up to the last one with a value."""
    return max((i + 1 for i, c in enumerate(cells) if c.strip()), default=0)


def read_wos_tab(path: str | Path, *, skip_lines: int = 0) -> Iterator[tuple[int, Work | BadRecord]]:
    """Yield (line number, Work or BadRecord) for a WoS "Tab-delimited" export (Win or Mac, UTF-8 or UTF-16:
    `sources.io` transcodes UTF-16 and ends CRLF lines): the same Works the plain-text reader gives for
    the same records, each row read into plain text's fields and built by the same `_to_work`. The same
    export opened and saved again in Excel (its quotes around cells with a quote, tab, line break or
    comma) gives the same Works; a row running over lines is yielded at its last line.

    A row with more fields than the header (a tab inside a value, two rows run together) is quarantined
    with its line; a shorter one keeps its first fields (a row cut before UT is quarantined for the missing
    UT). A repeated header row (exports concatenated) is read as the next file's header. Rows at or before
    `skip_lines` were stored by a previous run."""
    path = str(path)
    as_of, retrieved = file_dates(path)
    header: list[str] | None = None
    for row in _tab_rows(path):
        if isinstance(row, BadRecord):
            if row.line > skip_lines:
                yield row.line, row
            continue
        first, lineno, cells = row
        line = "\t".join(cells)
        if not line.strip():
            continue
        found = tab_header(line)
        if found is not None:
            header = found
            continue
        if lineno <= skip_lines:
            continue
        if header is None:
            yield lineno, BadRecord(file=path, line=first, raw_excerpt=line[:200],
                                    error="row before the header row of field tags (PT, AU, …, UT)")
            continue
        n_cells = _n_cells(cells)
        if n_cells > len(header):
            yield lineno, BadRecord(
                file=path, line=first, raw_excerpt=line[:200],
                error=f"row has {n_cells} tab-separated fields, the header {len(header)} "
                      f"(a tab inside a value, or rows run together): not read")
            continue
        rec = _Raw(start_line=first)
        for tag, cell in zip(header, cells, strict=False):
            values = tab_values(tag, cell)
            if values:
                rec.fields.setdefault(tag, []).extend(values)
        try:
            yield lineno, _to_work(rec, path=path, as_of=as_of, retrieved_at=retrieved)
        except ValueError as exc:
            yield lineno, BadRecord(file=path, line=first, error=f"invalid WoS record: {exc}",
                                    raw_excerpt=line[:200])


def distinct_addresses(paths: Iterable[str | Path]) -> list[str]:
    """Every distinct C1 address (author brackets removed) of some exports, in first-seen order:
    the real affiliation strings that screening and resolver benchmarks run on."""
    seen: dict[str, None] = {}
    for path in paths:
        for _line, item in read_wos(path):
            for a in item.authorships if isinstance(item, Work) else ():
                if a.raw_affiliation:
                    seen.setdefault(a.raw_affiliation)
    return list(seen)
