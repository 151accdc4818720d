"""Helpers the export readers share (Scopus, Lens, Dimensions, PubMed, CNKI): decoding lines,
tagged-record grouping, stable ids and `Work` building (CSV rows and columns: `csvutil`).

Why one place: every reader must give the same guarantees as the WoS reader (streaming from
`LineSource`, a `BadRecord` with file:line instead of an exception, resumable after a line,
idempotent ids), and those are easiest to keep when they are written once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techties.records import Authorship, BadRecord, Work, WorkField, WorkFunder
from techties.sources.io import TruncatedInput, iter_lines

Item = tuple[int, Work | BadRecord]

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LETTER = re.compile(rb"[A-Za-z]")


class LineDecoder:
    """Decodes the lines of one file: UTF-8 (BOM dropped on line 1), else GB18030 (older CNKI exports) or
    Windows-1252 (older Western exports), told apart line by line with what the file has shown so far.

    Why not GB18030 whenever it decodes (as before): it decodes most Latin-1 text too, an accented letter
    with the ASCII letter after it ("Müller" became "M黮ler", "Zürich" "Z黵ich"), silently. Chinese
    words are runs of two characters or more (4+ non-ASCII bytes): such a line is GB18030 and so is the
    file. An accented letter is a lone non-ASCII byte, or two inside a word ("Funda|çã|o"): such a line
    is Windows-1252, and so is the file's next ambiguous line (a lone "’" or "李")."""

    def __init__(self) -> None:
        self.chinese = False  # the file has shown Chinese words in GB18030
        self.latin = False  # … or accented Latin letters

    def __call__(self, line: bytes, lineno: int = 2) -> str:
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            text = line.decode("gb18030")
        except UnicodeDecodeError:
            self.latin = True
            return _western(line)
        runs = list(_HIGH_RUN.finditer(line))
        if any(m.end() - m.start() >= 4 for m in runs):
            self.chinese = True
            return text
        if self.chinese:
            return text
        if any((m.end() - m.start()) % 2 or _inside_word(line, m.start(), m.end()) for m in runs):
            self.latin = True
        return _western(line) if self.latin else text


def _inside_word(line: bytes, start: int, end: int) -> bool:
    return (start > 0 and end < len(line) and bool(_LETTER.match(line, start - 1))
            and bool(_LETTER.match(line, end)))


def _western(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined: Latin-1 reads every byte
        return line.decode("latin-1")


def decode(line: bytes, lineno: int = 2) -> str:
    """One line as text, on its own (the format sniffer's head): see `LineDecoder`."""
    return LineDecoder()(line, lineno)


def text_lines(path: str | Path, lines: Iterable[tuple[int, bytes]] | None = None) -> Iterator[tuple[int, str]]:
    """(line number, decoded line without newline) of a gzip or plain file."""
    decoder = LineDecoder()
    for lineno, raw in lines if lines is not None else iter_lines(path):
        yield lineno, decoder(raw, lineno)


def file_dates(path: str | Path) -> tuple[str, str]:
    """(as_of = the file's modification date, retrieved_at = today): the export date where the
    format does not state one."""
    as_of = dt.date.fromtimestamp(Path(path).stat().st_mtime).isoformat()
    return as_of, dt.datetime.now(dt.UTC).date().isoformat()


def stable_id(*parts: str | int | None) -> str:
    """A deterministic id for records that carry none (CNKI): the same record gives the same id,
    so ingesting a file twice changes nothing."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p).strip() for p in parts).encode())
    return h.hexdigest()[:20]


_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)


def clean_doi(value: str | None) -> str | None:
    """`https://doi.org/10.1/X` or `10.1/X [doi]` → `10.1/x` (lower case, as the other readers store it)."""
    if not value:
        return None
    m = _DOI.search(value)
    return m.group(0).rstrip(".,;").lower() if m else None


def year_of(value: str | None) -> int | None:
    """The first four-digit year in a date cell ('2017 Nov 15', '2020-03-31', '2019')."""
    m = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", value or "")
    return int(m.group(1)) if m else None


def int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def split_list(value: str | None, sep: str = ";") -> list[str]:
    return [p.strip() for p in (value or "").split(sep) if p.strip()]


@dataclass
class Draft:
    """What a reader gathered about one record, before it becomes a `Work`.

    `authors` pairs each author with the affiliation strings the source ties to them; `loose`
    holds affiliations the source does not tie to an author (stored with author position = the
    number of authors, as the WoS reader does for unmatched addresses); `funders` the (funder, award)
    pairs the record names, as the WoS reader stores FU."""

    work_id: str
    source: str
    title: str | None = None
    abstract: str | None = None
    doi: str | None = None
    year: int | None = None
    pub_date: str | None = None
    language: str | None = None
    type: str | None = None
    cited_by_count: int | None = None
    version: str | None = None
    authors: list[tuple[str, list[str]]] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)
    funders: list[tuple[str, str | None]] = field(default_factory=list)  # (funder name, award id or None)

    def to_work(self, *, as_of: str | None, retrieved_at: str) -> Work:
        """The `Work`; raises ValueError when the record has neither a title nor a DOI."""
        if not (self.title or self.doi):
            raise ValueError("record has neither a title nor a DOI")
        authorships: list[Authorship] = []
        for pos, (name, affiliations) in enumerate(self.authors):
            for aff in affiliations or [None]:
                authorships.append(Authorship(position=pos, author_name=name, raw_affiliation=aff or None))
        authorships += [Authorship(position=len(self.authors), author_name="", raw_affiliation=a)
                        for a in self.loose if a]
        seen: set[tuple[str, str]] = set()
        fields = [WorkField(taxonomy=t, field=f) for t, f in self.fields
                  if f and (t, f) not in seen and not seen.add((t, f))]
        return Work(work_id=self.work_id, source=self.source, title=self.title, abstract=self.abstract,
                    doi=self.doi, year=self.year, pub_date=self.pub_date, language=self.language, type=self.type,
                    cited_by_count=self.cited_by_count, version=self.version, as_of=as_of,
                    retrieved_at=retrieved_at, authorships=authorships, fields=fields,
                    funders=[WorkFunder(funder_name=n, award_id=a) for n, a in dict.fromkeys(self.funders) if n])


def finish(draft: Draft, *, path: str, line: int, end: int, as_of: str | None, retrieved_at: str,
           label: str) -> Item:
    """(end line, Work) or (end line, BadRecord naming the record's first line)."""
    try:
        return end, draft.to_work(as_of=as_of, retrieved_at=retrieved_at)
    except ValueError as exc:
        return end, BadRecord(file=path, line=line, error=f"invalid {label} record: {exc}")


def read_records(path: str | Path, split: Callable[[Iterable[tuple[int, str]], str], Iterable[Any]],
                 draft: Callable[[Any], Draft], *, skip_lines: int, label: str,
                 as_of_of: Callable[[Any], str | None] | None = None,
                 lines: Iterable[tuple[int, str]] | None = None) -> Iterator[Item]:
    """(last line, Work or BadRecord) for each record of a tagged export: `split` cuts the file's lines
    into records (BadRecords for what it cannot), `draft` reads one (a ValueError quarantines it, naming
    its first line). Records ending at or before `skip_lines` were stored by a previous run. `lines`
    (numbered, decoded) replaces the file's own when the caller has read some already (CNKI reads
    ahead to tell its three formats apart)."""
    path = str(path)
    as_of, retrieved = file_dates(path)
    ending = Ending()
    for item in split(until_damage(text_lines(path) if lines is None else lines, ending), path):
        if isinstance(item, BadRecord):
            if item.line > skip_lines:
                yield item.line, item
            continue
        if item.end_line <= skip_lines:
            continue
        if ending.cut is not None:  # closed by the damage, not by its own end: some of it is lost
            yield item.end_line, BadRecord(file=path, line=item.start_line, error=f"{label} record cut short: "
                                           f"the compressed input breaks off after line {ending.cut}")
            continue
        try:
            record = draft(item)
        except ValueError as exc:
            yield item.end_line, BadRecord(file=path, line=item.start_line, error=f"invalid {label} record: {exc}")
            continue
        yield finish(record, path=path, line=item.start_line, end=item.end_line,
                     as_of=(as_of_of(item) if as_of_of else None) or as_of, retrieved_at=retrieved, label=label)
    if ending.damage is not None:
        raise ending.damage


@dataclass
class Ending:
    """How a file's lines ended: `damage` when its compressed input broke off; `cut` the last line
    read when that happened inside a record (bytes were lost and that line was not a blank one)."""

    damage: TruncatedInput | None = None
    cut: int | None = None


def until_damage(lines: Iterable[tuple[int, str]], ending: Ending) -> Iterator[tuple[int, str]]:
    """The lines, a damaged input ending them as the end of the file would, so that a record split
    closes the record it holds (records without an end tag, MEDLINE and CNKI, end at the next one or at
    the end of input): whole when a blank line came last or nothing was lost, else cut (see `Ending`)."""
    blank = True
    try:
        for lineno, text in lines:
            yield lineno, text
            blank = not text.strip()
    except TruncatedInput as exc:
        ending.damage = exc
        ending.cut = None if exc.complete or blank else exc.after_line


@dataclass
class Tagged:
    """One record of a tagged format (RIS, MEDLINE, RefWorks, EndNote): tag → values in order."""

    start_line: int
    end_line: int = 0
    tags: list[tuple[str, str]] = field(default_factory=list)

    def all(self, tag: str) -> list[str]:
        return [v for t, v in self.tags if t == tag]

    def first(self, *tags: str) -> str | None:
        for want in tags:
            for t, v in self.tags:
                if t == want and v.strip():
                    return v.strip()
        return None


def wraps(text: str, *, after_blank: bool) -> bool:
    """Whether a line without a tag continues the value before it (RIS and CNKI wrap long values so).

    Why not every such line: after a blank line only an indented one does (CNKI EndNote indents an
    abstract's next paragraph), and one holding control characters (NUL, ESC…) is binary junk, not text
    an exporter wrote. Read as a wrap, such a line changed a record silently (a NoteExpress title gained
    it, and with it a new id: the work twice after a clean re-ingest) instead of being quarantined."""
    return not _CONTROL.search(text) and (not after_blank or text[:1].isspace())


def language_code(name: str | None) -> str | None:
    """'English' / 'eng' / '中文' / 'Chinese' → ISO 639-1 where known, else the name lower-cased."""
    if not name:
        return None
    name = name.strip().strip(";").split(";")[0].strip()
    if not name:
        return None
    fixed = {"中文": "zh", "英文": "en", "俄文": "ru", "chi": "zh", "eng": "en", "rus": "ru", "chinese": "zh",
             "english": "en", "russian": "ru"}
    if name.lower() in fixed or name in fixed:
        return fixed.get(name.lower(), fixed.get(name))
    import pycountry

    lang = pycountry.languages.get(name=name) or (pycountry.languages.get(alpha_3=name.lower())
                                                  if len(name) == 3 else None)
    return getattr(lang, "alpha_2", None) or name.lower() if lang else name.lower()


_HAN = re.compile(r"[\u4e00-\u9fff]")


def has_han(text: str | None) -> bool:
    return bool(text and _HAN.search(text))
