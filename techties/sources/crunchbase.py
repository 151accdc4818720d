"""Crunchbase CSV exports: acquisitions, funding rounds, investments and investors.

Why: the research brief's investment figures come from Crunchbase plus hand-curated deals. Users
hold Crunchbase exports as CSV; techties reads them into the same deal records as the curated
data, with the investor counted in its ultimate parent's country where organisations.yaml knows
the parent (a Russian subsidiary of a Chinese group invests as China).

How: the csv module, header-driven (the column names of the real exports: the 2015 acquisitions
file and the 2013 `cb_*.csv` join schema). A row with the wrong number of fields, a bad date or a
non-numeric amount becomes a BadRecord with its file and line; every other row is yielded.
Readers never touch the database.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pycountry

from techties.records import BadRecord, DealRecord, InvestorRecord
from techties.sources.tagged import file_dates

__all__ = [
    "AI_CATEGORIES", "DealRecord", "InvestorRecord", "OrgIndex", "country_iso2", "export_sources", "normalise_name",
    "read_acquisitions", "read_funding_rounds", "read_investors", "read_crunchbase",
]

# Crunchbase category words that mark a company as AI-related (its category list is "A|B|C").
AI_CATEGORIES = (
    "artificial intelligence", "machine learning", "robotics", "computer vision", "natural language",
    "speech recognition", "image recognition", "facial recognition", "autonomous vehicles",
    "predictive analytics", "intelligent systems", "deep learning", "big data",
)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")  # crunchbase_acquisitions_2015-12-04.csv


def normalise_name(name: str) -> str:
    """Casefolded, accent-free, punctuation-free name with single spaces (for exact matching)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[\"'«»“”‘’.,()\[\]/&:;!?-]+", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.split())


@cache
def country_iso2(code: str | None) -> str | None:
    """ISO alpha-3 (Crunchbase) or alpha-2 code to alpha-2; None when empty or unknown."""
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 2:
        return code if pycountry.countries.get(alpha_2=code) else None
    c = pycountry.countries.get(alpha_3=code)
    return c.alpha_2 if c else None


class OrgIndex:
    """Curated organisations by normalised name: the investor's ultimate parent and its country."""

    def __init__(self, curated=None):  # curated: techties.sources.curated.CuratedData | None
        self.curated = curated
        self.by_name: dict[str, str] = {}
        if curated is not None:
            for org in curated.organisations.values():
                for n in org.all_names():
                    self.by_name.setdefault(normalise_name(n), org.org_id)

    def lookup(self, name: str) -> str | None:
        return self.by_name.get(normalise_name(name))

    def investor(self, name: str, own_country: str | None) -> InvestorRecord:
        org_id = self.lookup(name) if self.curated is not None else None
        if org_id is not None and own_country and self.curated.org(org_id).country != own_country:
            org_id = None  # same name, another country: a different organisation (e.g. MTS of Israel)
        if org_id is None:
            return InvestorRecord(name=name, country=own_country, own_country=own_country)
        top = self.curated.ultimate_parent(org_id)
        parent = top.name if top.org_id != org_id else None
        return InvestorRecord(name=name, country=top.country or own_country, own_country=own_country,
                              parent=parent, org_id=org_id)


def _is_ai(categories: str) -> bool:
    low = categories.casefold()
    return any(word in low for word in AI_CATEGORIES)


def _amount(text: str) -> float | None:
    text = text.strip().replace(",", "")
    return float(text) if text else None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str] | None, str]]:
    """(line, row or None if malformed, problem) for each data row, header-driven."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        line = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line + 1, None, f"unreadable CSV row: {exc}"
                line = reader.line_num
                continue
            start, line = line + 1, reader.line_num
            if len(row) != len(header):
                yield start, None, f"expected {len(header)} fields, found {len(row)}"
                continue
            yield start, dict(zip(header, row, strict=True)), ""


def export_source_id(path: Path) -> str:
    """The source a deal read from this export file cites (`crunchbase:<file name>`)."""
    return f"crunchbase:{path.name}"


def export_date(path: Path) -> str:
    """The day the export's records were taken: the snapshot date its name carries (Crunchbase names
    its CSV dumps so), else, as for every export that states no date, the file's modification date."""
    m = _NAME_DATE.search(path.name)
    return m.group(1) if m else file_dates(path)[0]


def export_sources(path: str | Path, deals: list[DealRecord]) -> list[dict[str, str | None]]:
    """One `sources` row per export file the deals were read from, dated (`export_date`), so that
    the warehouse dates Crunchbase deals as it dates curated ones (their cited sources' retrieved_on)."""
    path = Path(path)
    files = sorted({d.file for d in deals if d.file})
    return [{"source_id": export_source_id(f), "title": f"Crunchbase export {f.name}", "publisher": "Crunchbase",
             "retrieved_on": export_date(f)}
            for f in (path if path.is_file() else path / name for name in files)]


def _bad(path: Path, line: int, error: str, raw: dict[str, str] | None = None) -> BadRecord:
    excerpt = ",".join(raw.values())[:200] if raw else ""
    return BadRecord(file=path.name, line=line, error=error, raw_excerpt=excerpt)


def read_acquisitions(path: str | Path, orgs: OrgIndex | None = None) -> Iterator[DealRecord | BadRecord]:
    """Crunchbase acquisitions export: the acquirer is the investor, the company the target."""
    path = Path(path)
    orgs = orgs or OrgIndex()
    seen: set[str] = set()
    for line, row, problem in _rows(path):
        if row is None:
            yield _bad(path, line, problem)
            continue
        try:
            date = row["acquired_at"].strip()
            if date and not _DATE.match(date):
                raise ValueError(f"acquired_at {date!r} is not a date")
            amount = _amount(row["price_amount"])
        except (KeyError, ValueError) as exc:
            yield _bad(path, line, str(exc), row)
            continue
        target = row["company_name"] or row["company_permalink"]
        acquirer = orgs.investor(row["acquirer_name"] or row["acquirer_permalink"],
                                 country_iso2(row["acquirer_country_code"]))
        acquirer.share = 1.0
        deal_id = f"crunchbase:acq:{row['company_permalink']}:{row['acquirer_permalink']}:{date}"
        if deal_id in seen:  # the export repeats some acquisitions: keep each row, ids stay unique
            deal_id = f"{deal_id}:line{line}"
        seen.add(deal_id)
        yield DealRecord(
            deal_id=deal_id,
            source="crunchbase", announced_on=date or None, target=target,
            target_country=country_iso2(row["company_country_code"]), round="acquisition", amount=amount,
            currency=(row["price_currency_code"] or "USD") if amount is not None else None,
            disclosed=amount is not None, investors=[acquirer], investor_count=1,
            ai_related=_is_ai(row["company_category_list"]), source_ids=[export_source_id(path)],
            file=path.name, line=line,
        )


def read_investors(path: str | Path) -> tuple[dict[str, tuple[str, str | None]], list[BadRecord]]:
    """cb_investors.csv: investor uuid -> (name, ISO alpha-2 country)."""
    path = Path(path)
    out: dict[str, tuple[str, str | None]] = {}
    bad: list[BadRecord] = []
    for line, row, problem in _rows(path):
        if row is None:
            bad.append(_bad(path, line, problem))
            continue
        out[row["uuid"]] = (row["investor_name"], country_iso2(row["country_code"]))
    return out, bad


def read_funding_rounds(
    rounds: str | Path, investments: str | Path | None = None, investors: str | Path | None = None,
    orgs: OrgIndex | None = None,
) -> Iterator[DealRecord | BadRecord]:
    """cb_funding_rounds.csv joined to cb_investments.csv and cb_investors.csv where given.

    An investor known by uuid gets its name and country from the investors file; the others are
    taken by name from the round's `investor_names` with an unknown country.
    """
    rounds = Path(rounds)
    orgs = orgs or OrgIndex()
    inv_by_uuid: dict[str, tuple[str, str | None]] = {}
    if investors:
        inv_by_uuid, bad = read_investors(investors)
        yield from bad
    links: dict[str, list[str]] = {}
    if investments:
        ipath = Path(investments)
        for line, row, problem in _rows(ipath):
            if row is None:
                yield _bad(ipath, line, problem)
                continue
            links.setdefault(row["funding_round_uuid"], []).append(row["investor_uuid"])
    for line, row, problem in _rows(rounds):
        if row is None:
            yield _bad(rounds, line, problem)
            continue
        try:
            date = row["announced_on"].strip()
            if date and not _DATE.match(date):
                raise ValueError(f"announced_on {date!r} is not a date")
            usd = _amount(row["raised_amount_usd"])
            count = int(row["investor_count"]) if row.get("investor_count", "").strip() else None
        except (KeyError, ValueError) as exc:
            yield _bad(rounds, line, str(exc), row)
            continue
        named = [n.strip() for n in row.get("investor_names", "").split(",") if n.strip()]
        found: list[InvestorRecord] = []
        seen: set[str] = set()
        for uuid in links.get(row["funding_round_uuid"], []):
            if uuid in inv_by_uuid:
                name, country = inv_by_uuid[uuid]
                found.append(orgs.investor(name, country))
                seen.add(normalise_name(name))
        found += [orgs.investor(n, None) for n in named if normalise_name(n) not in seen]
        code = row.get("funding_round_code", "").strip()
        kind = row.get("funding_round_type", "").strip()
        yield DealRecord(
            deal_id=f"crunchbase:round:{row['funding_round_uuid']}", source="crunchbase",
            announced_on=date or None, target=row["company_name"], target_country=country_iso2(row["country_code"]),
            round=f"series {code}" if code else (kind or None), amount=usd, currency="USD" if usd is not None else None,
            disclosed=usd is not None, investors=found, investor_count=count or (len(found) or None),
            ai_related=_is_ai(row.get("company_category_list", "")), source_ids=[export_source_id(rounds)],
            file=rounds.name, line=line,
        )


ACQUISITIONS_GLOB = "*acquisitions*.csv"
FUNDING_ROUNDS_FILE = "cb_funding_rounds.csv"
EXPORT_FILES = f"files named {ACQUISITIONS_GLOB}, or {FUNDING_ROUNDS_FILE}"


def export_kind(path: str | Path) -> str | None:
    """"acquisitions" or "funding-rounds" from a file's header row, else None."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        header = fh.readline()
    if "acquirer_name" in header:
        return "acquisitions"
    if "funding_round_uuid" in header and "raised_amount_usd" in header:
        return "funding-rounds"
    return None


def check_export(path: str | Path) -> None:
    """One line and its exit status for an input that holds no Crunchbase export, before anything is
    read or stored: a folder without export files (exit 4), an empty file (4), another CSV (2). Was:
    "deals=0 … quarantined=1", exit 0, and nothing said which file or why."""
    from techties.errors import InputError, UsageError
    from techties.sources.io import unusable_inputs

    path = Path(path)
    if path.is_dir():
        if not any(path.glob(ACQUISITIONS_GLOB)) and not (path / FUNDING_ROUNDS_FILE).is_file():
            raise InputError(f"{path}: no Crunchbase export in this folder ({EXPORT_FILES})")
        return
    if problem := unusable_inputs([path]):
        raise InputError(problem)
    if path.stat().st_size == 0:
        raise InputError(f"{path}: an empty file: no records in it")
    if export_kind(path) is None:
        raise UsageError(f"{path}: not a Crunchbase acquisitions or funding-rounds export (its header has no "
                         "acquirer_name, nor funding_round_uuid and raised_amount_usd)")


def read_crunchbase(path: str | Path, orgs: OrgIndex | None = None) -> Iterator[DealRecord | BadRecord]:
    """A Crunchbase export file or folder: acquisitions and/or the funding-round join files."""
    path = Path(path)
    if path.is_dir():
        for f in sorted(path.glob(ACQUISITIONS_GLOB)):
            yield from read_acquisitions(f, orgs)
        rounds = path / FUNDING_ROUNDS_FILE
        if rounds.exists():
            inv, invs = path / "cb_investments.csv", path / "cb_investors.csv"
            yield from read_funding_rounds(rounds, inv if inv.exists() else None,
                                           invs if invs.exists() else None, orgs)
        return
    kind = export_kind(path)
    if kind == "acquisitions":
        yield from read_acquisitions(path, orgs)
    elif kind == "funding-rounds":
        yield from read_funding_rounds(path, orgs=orgs)
    else:
        yield BadRecord(file=path.name, line=1, error="not a Crunchbase acquisitions or funding-rounds export")
