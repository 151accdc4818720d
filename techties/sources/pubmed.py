"""PubMed exports (MEDLINE text and PubMed XML) → `Work` records.

MEDLINE: a record starts at `PMID- `, each line is a tag padded to four characters, `- ` and a
value; continuation lines start with six spaces; an `AD` belongs to the `FAU`/`AU` before it (one
author may have several). PubMed XML (`<PubmedArticleSet>`): one `<PubmedArticle>` per record,
authors with `<AffiliationInfo><Affiliation>`. Funders: `GR` lines, `<GrantList><Grant>` (agency, grant
id). The XML is read with a pull parser fed line by line, so a record's line numbers are known and
memory stays flat; entities are not expanded beyond the XML built-ins and no DTD is fetched.

A work's id is `pubmed:` + its PMID; the record's revision date (`LR`, `<DateRevised>`) is its
version, so a newer export of a record replaces the older one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from techties.records import BadRecord
from techties.sources.io import iter_lines
from techties.sources.tagged import (
    Draft,
    Item,
    Tagged,
    clean_doi,
    file_dates,
    finish,
    language_code,
    read_records,
    year_of,
)

_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})- (.*)$")


def medline_records(lines: Iterable[tuple[int, str]], path: str) -> Iterator[Tagged | BadRecord]:
    """MEDLINE lines → one `Tagged` per record (records start at PMID and end before a blank line)."""
    rec: Tagged | None = None
    last_line = 0
    for lineno, text in lines:
        if not text.strip():
            if rec is not None:
                rec.end_line = last_line
                yield rec
                rec = None
            continue
        last_line = lineno
        if text.startswith("      ") and rec is not None and rec.tags:
            tag, value = rec.tags[-1]
            rec.tags[-1] = (tag, f"{value} {text.strip()}")
            continue
        m = _MEDLINE_TAG.match(text)
        if m is None:
            yield BadRecord(file=path, line=lineno, error="not a tagged MEDLINE line", raw_excerpt=text[:200])
            continue
        tag, value = m.group(1).strip(), m.group(2).strip()
        if tag == "PMID":
            if rec is not None:
                rec.end_line = lineno - 1
                yield rec
            rec = Tagged(start_line=lineno)
        elif rec is None:
            yield BadRecord(file=path, line=lineno, error=f"tag {tag} outside a record", raw_excerpt=text[:200])
            continue
        rec.tags.append((tag, value))
    if rec is not None:
        rec.end_line = last_line
        yield rec


_GRANT_ACRONYM = re.compile(r"[A-Z]{1,6}_?")


def parse_grant(value: str) -> tuple[str, str | None] | None:
    """MEDLINE `GR` → (agency, grant id). Two layouts: 'G12 MD007582/MD/NIMHD NIH HHS/United States' (id,
    institute acronym, agency, country) and 'KTP008934/Economic and Social Research Council/' (id, agency,
    country, often empty). The agency is the part before the country; the id (which may hold '/', as in
    'MR/R015600/1') is what precedes it, less the acronym of the first layout (which always names a country)."""
    parts = [p.strip() for p in re.sub(r"\s+", " ", value).split("/")]
    if len(parts) == 1:
        return (parts[0], None) if parts[0] else None
    agency, rest = parts[-2], parts[:-2]
    if len(parts) >= 4 and parts[-1] and _GRANT_ACRONYM.fullmatch(rest[-1]):
        rest = rest[:-1]
    return (agency, "/".join(rest).strip("/ ") or None) if agency else None


def _medline_draft(rec: Tagged) -> Draft:
    pmid = rec.first("PMID")
    if not pmid or not pmid.isdigit():
        raise ValueError(f"record has no valid PMID ({pmid!r})")
    authors: list[tuple[str, list[str]]] = []
    full_seen = False
    for tag, value in rec.tags:
        if tag == "FAU" or (tag == "AU" and not full_seen) or tag == "CN":
            full_seen = full_seen or tag == "FAU"
            authors.append((value, []))
        elif tag == "AD" and authors:
            authors[-1][1].append(value)
    loose = [v for t, v in rec.tags[: next((k for k, (t, _) in enumerate(rec.tags) if t in ("FAU", "AU")),
                                            len(rec.tags))] if t == "AD"]
    doi = next((clean_doi(v) for t, v in rec.tags if t in ("LID", "AID") and v.endswith("[doi]")), None)
    return Draft(
        work_id=f"pubmed:{pmid}", source="pubmed", title=rec.first("TI", "BTI"), abstract=rec.first("AB"),
        doi=doi, year=year_of(rec.first("DP")), pub_date=rec.first("DP"), language=language_code(rec.first("LA")),
        type=rec.first("PT"), version=rec.first("LR"), authors=authors, loose=loose,
        fields=[("mesh", v.split("/")[0].lstrip("*")) for t, v in rec.tags if t == "MH"],
        funders=[g for t, v in rec.tags if t == "GR" and (g := parse_grant(v))],
    )


def read_medline(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (last line of the record, Work or BadRecord) for a MEDLINE text export."""
    return read_records(path, medline_records, _medline_draft, skip_lines=skip_lines, label="MEDLINE")


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    text = re.sub(r"\s+", " ", "".join(el.itertext())).strip()
    return text or None


def _xml_draft(art: ET.Element) -> Draft:
    cit = art.find("MedlineCitation")
    if cit is None:
        raise ValueError("no MedlineCitation")
    pmid = _text(cit.find("PMID"))
    if not pmid or not pmid.isdigit():
        raise ValueError(f"record has no valid PMID ({pmid!r})")
    a = cit.find("Article")
    if a is None:
        raise ValueError("no Article")
    authors: list[tuple[str, list[str]]] = []
    for au in a.findall("AuthorList/Author"):
        name = _text(au.find("CollectiveName")) or ", ".join(
            x for x in (_text(au.find("LastName")), _text(au.find("ForeName")) or _text(au.find("Initials"))) if x)
        authors.append((name, [t for el in au.findall("AffiliationInfo/Affiliation") if (t := _text(el))]))
    doi = next((clean_doi(_text(e)) for e in a.findall("ELocationID") if e.get("EIdType") == "doi"), None)
    doi = doi or next((clean_doi(_text(e)) for e in art.findall("PubmedData/ArticleIdList/ArticleId")
                       if e.get("IdType") == "doi"), None)
    pub = a.find("Journal/JournalIssue/PubDate")
    year = year_of(_text(pub.find("Year")) or _text(pub.find("MedlineDate"))) if pub is not None else None
    revised = cit.find("DateRevised")
    version = "".join(_text(revised.find(p)) or "" for p in ("Year", "Month", "Day")) if revised is not None else None
    abstract = " ".join(t for el in a.findall("Abstract/AbstractText") if (t := _text(el))) or None
    return Draft(
        work_id=f"pubmed:{pmid}", source="pubmed", title=_text(a.find("ArticleTitle")), abstract=abstract, doi=doi,
        year=year, language=language_code(_text(a.find("Language"))),
        type=_text(a.find("PublicationTypeList/PublicationType")), version=version or None, authors=authors,
        fields=[("mesh", t) for el in cit.findall("MeshHeadingList/MeshHeading/DescriptorName") if (t := _text(el))],
        funders=[(agency, _text(g.find("GrantID"))) for g in a.findall("GrantList/Grant")
                 if (agency := _text(g.find("Agency")))],
    )


def read_pubmed_xml(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """Yield (line where the article ends, Work or BadRecord) for a PubMed XML file."""
    path = str(path)
    as_of, retrieved = file_dates(path)
    parser = ET.XMLPullParser(events=("start", "end"))
    start = 0
    lineno = 0
    try:
        for lineno, raw in iter_lines(path):
            parser.feed(raw + b"\n")
            for event, el in parser.read_events():
                if el.tag != "PubmedArticle":
                    continue
                if event == "start":
                    start = lineno
                    continue
                if lineno > skip_lines:
                    try:
                        yield finish(_xml_draft(el), path=path, line=start, end=lineno, as_of=as_of,
                                     retrieved_at=retrieved, label="PubMed XML")
                    except ValueError as exc:
                        yield lineno, BadRecord(file=path, line=start, error=f"invalid PubMed XML record: {exc}")
                el.clear()
        parser.close()
    except ET.ParseError as exc:
        yield lineno, BadRecord(file=path, line=lineno, error=f"not well-formed XML ({exc}); the rest of the file "
                                "is skipped")


def read_pubmed(path: str | Path, *, skip_lines: int = 0) -> Iterator[Item]:
    """A PubMed export: XML or MEDLINE text (told apart by the first line)."""
    from techties.sources.detect import sniff

    if sniff(path) == "pubmed-xml":
        return read_pubmed_xml(path, skip_lines=skip_lines)
    return read_medline(path, skip_lines=skip_lines)
