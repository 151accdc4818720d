"""Curated YAML data (organisations, sources, initiatives, deals): schema, validation, loading.

Why: the initiatives map and the investment case studies are hand-curated facts, each with its
sources. An analyst extends them by editing YAML, so a mistake must be reported as one line that
names the file, the line and the field, and a broken file set must load nothing at all
(validate everything first, build records only when there is no error).

How: YAML is parsed with a loader that keeps the line of every mapping and key (PyYAML node
marks) and that leaves dates as text (``2016``, ``2016-06``, ``2016-06-13``). Field rules are
data (``_SCHEMAS``): type, required, allowed values. Cross-file references (an initiative's party
must be an organisation, every cited source must exist) are checked after each file's own rules.
The data shipped with techties lives in ``techties/data/curated/`` (see its README).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec
import yaml

__all__ = [
    "AREA_OF_KIND", "DEAL_ROUNDS", "INITIATIVE_KINDS", "SECTORS", "STATUSES", "ORG_TYPES",
    "CuratedData", "CuratedDataError", "Deal", "DealInvestor", "Initiative", "Organisation", "Owner",
    "Party", "Source", "default_dir", "load_curated_dir", "validate_dir",
]

INITIATIVE_KINDS = (
    "dialogue", "park", "fund", "contest", "academic agreement", "joint lab", "R&D centre",
    "joint venture", "cooperation agreement", "joint project",
)
# The five areas of the ecosystem map (ASPI 2019) and where each kind belongs.
AREA_OF_KIND = {
    "dialogue": "dialogues and exchanges",
    "park": "science and technology parks",
    "fund": "joint funds",
    "contest": "contests and competitions",
    "academic agreement": "academic cooperation",
    "joint lab": "academic cooperation",
    "R&D centre": "other cooperation",
    "joint venture": "other cooperation",
    "cooperation agreement": "other cooperation",
    "joint project": "other cooperation",
}
STATUSES = ("announced", "established", "operating", "stalled")
SECTORS = (
    "telecom", "AI/robotics/big data", "biotech", "new media", "digital economy",
    "aerospace", "defence", "energy", "basic science", "general S&T",
)
ORG_TYPES = (
    "government", "company", "fund", "university", "academy", "research institute", "foundation",
    "association", "park", "media", "other",
)
DEAL_ROUNDS = (
    "seed", "series A", "series B", "series C", "series D", "series E", "venture", "private equity",
    "strategic", "joint venture", "acquisition", "fund commitment", "unknown",
)
LANGUAGES = ("en", "zh", "ru")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


# -- typed records -------------------------------------------------------------------------------
class Source(msgspec.Struct, kw_only=True, frozen=True):
    source_id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    published_on: str | None = None
    language: str = "en"
    url: str | None = None
    cited_in: str | None = None  # where the seeds cite it, e.g. "ASPI 2019 note 42"
    line: int = 0


class Owner(msgspec.Struct, kw_only=True, frozen=True):
    org: str
    share: float


class Organisation(msgspec.Struct, kw_only=True, frozen=True):
    org_id: str
    name: str
    country: str
    type: str
    names: dict[str, list[str]] = {}
    aliases: list[str] = []
    state_owned: bool | None = None
    parent: str | None = None
    owners: list[Owner] = []
    sources: list[str] = []
    note: str | None = None
    line: int = 0

    def all_names(self) -> list[str]:
        """Every name we know it by: English name, aliases and names in other languages."""
        out = [self.name, *self.aliases]
        for names in self.names.values():
            out.extend(names)
        return out


class Party(msgspec.Struct, kw_only=True, frozen=True):
    org: str
    role: str


class Initiative(msgspec.Struct, kw_only=True, frozen=True):
    initiative_id: str
    kind: str
    title: str
    status: str
    sectors: list[str]
    parties: list[Party]
    summary: str
    sources: list[str]
    started_on: str | None = None
    date_unknown_reason: str | None = None
    amount: float | None = None
    currency: str | None = None
    location: str | None = None
    line: int = 0

    @property
    def area(self) -> str:
        return AREA_OF_KIND[self.kind]

    @property
    def year(self) -> int | None:
        return int(self.started_on[:4]) if self.started_on else None


class DealInvestor(msgspec.Struct, kw_only=True, frozen=True):
    org: str
    amount: float | None = None  # the investor's own contribution, where stated
    stake: float | None = None  # ownership stake obtained (joint ventures), informational


class Deal(msgspec.Struct, kw_only=True, frozen=True):
    deal_id: str
    announced_on: str
    target: str
    round: str
    disclosed: bool
    investors: list[DealInvestor]
    sectors: list[str]
    ai_related: bool
    sources: list[str]
    amount: float | None = None
    currency: str | None = None
    investor_count: int | None = None  # investors in the whole round, where more than are listed
    summary: str | None = None
    line: int = 0


@dataclass
class CuratedData:
    """Everything in one curated folder, validated and cross-referenced."""

    directory: Path
    sources: dict[str, Source]
    organisations: dict[str, Organisation]
    initiatives: list[Initiative]
    deals: list[Deal]
    curated_on: dict[str, str] = field(default_factory=dict)  # file -> date the facts were recorded

    def org(self, org_id: str) -> Organisation:
        return self.organisations[org_id]

    def ultimate_parent(self, org_id: str) -> Organisation:
        """Follow `parent` links to the top (the owner whose country an investor is counted in)."""
        seen: set[str] = set()
        org = self.organisations[org_id]
        while org.parent and org.parent not in seen:
            seen.add(org.org_id)
            org = self.organisations[org.parent]
        return org


class CuratedDataError(ValueError):
    """Raised with every problem found; each message is one line: file:line: field: problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(errors[0] + more if errors else "invalid curated data")


# -- YAML with line numbers ----------------------------------------------------------------------
class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]
    duplicates: list[tuple[str, int]]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that keeps line numbers and leaves dates as strings."""


_LineLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    d.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        kline = key_node.start_mark.line + 1
        if key in d:
            d.duplicates.append((str(key), kline))
        d[key] = loader.construct_object(value_node, deep=True)
        d.key_lines[key] = kline
    return d


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse(path: Path, errors: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        errors.append(f"{path.name}:{line}: (syntax): {problem}")
    except OSError as exc:
        errors.append(f"{path.name}:0: (file): {exc.strerror or exc}")
    return None


# -- field rules ---------------------------------------------------------------------------------
Check = Callable[[Any], str | None]  # returns a problem or None


def _is_str(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "must be non-empty text"


def _is_url(v: Any) -> str | None:
    """An http(s) address: the brief links it, and a `javascript:` one would run when clicked."""
    if not isinstance(v, str) or not re.fullmatch(r"https?://[^\s<>\"']+", v.strip()):
        return f"{v!r} is not an http:// or https:// address"
    return None


def _is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be true or false"


def _is_number(v: Any) -> str | None:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
    return None if ok else "must be a number >= 0"


def _is_share(v: Any) -> str | None:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= 1
    return None if ok else "must be a fraction in (0, 1]"


def _is_count(v: Any) -> str | None:
    return None if isinstance(v, int) and not isinstance(v, bool) and v >= 1 else "must be an integer >= 1"


def _is_id(v: Any) -> str | None:
    ok = isinstance(v, str) and _ID_RE.match(v)
    return None if ok else "must be a lower-case id (a-z, 0-9, '.', '_', '-')"


def _is_date(v: Any) -> str | None:
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str) or not _DATE_RE.match(v):
        return f"{v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    parts = [int(p) for p in v.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return f"{v!r} is not a valid date"
    return None


def _is_country(v: Any) -> str | None:
    return None if isinstance(v, str) and _COUNTRY_RE.match(v) else f"{v!r} is not an ISO 3166 alpha-2 code"


def _is_currency(v: Any) -> str | None:
    return None if isinstance(v, str) and _CURRENCY_RE.match(v) else f"{v!r} is not an ISO 4217 code"


def _one_of(options: Iterable[str]) -> Check:
    opts = tuple(options)

    def check(v: Any) -> str | None:
        return None if v in opts else f"{v!r} is not one of: {', '.join(opts)}"

    return check


def _list_of(item: Check, nonempty: bool = True) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, list):
            return "must be a list"
        if nonempty and not v:
            return "must not be empty"
        for i, x in enumerate(v):
            problem = item(x)
            if problem:
                return f"item {i + 1}: {problem}"
        return None

    return check


def _names(v: Any) -> str | None:
    if not isinstance(v, dict):
        return "must map a language (en, zh, ru) to a list of names"
    for lang, names in v.items():
        if lang not in LANGUAGES:
            return f"language {lang!r} is not one of: {', '.join(LANGUAGES)}"
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            return f"{lang}: must be a list of names"
    return None


class _Field(msgspec.Struct, frozen=True):
    check: Check
    required: bool = False
    sub: dict[str, _Field] | None = None  # rules for the mappings in a list of mappings


_PARTY = {"org": _Field(_is_id, True), "role": _Field(_is_str, True)}
_OWNER = {"org": _Field(_is_id, True), "share": _Field(_is_share, True)}
_INVESTOR = {"org": _Field(_is_id, True), "amount": _Field(_is_number), "stake": _Field(_is_share)}


def _list_of_maps(v: Any) -> str | None:
    if not isinstance(v, list) or not v:
        return "must be a non-empty list"
    return None if all(isinstance(x, dict) for x in v) else "each item must be a mapping"


_SCHEMAS: dict[str, dict[str, _Field]] = {
    "sources": {
        "id": _Field(_is_id, True), "title": _Field(_is_str, True), "publisher": _Field(_is_str),
        "author": _Field(_is_str), "published_on": _Field(_is_date), "language": _Field(_one_of(LANGUAGES), True),
        "url": _Field(_is_url), "cited_in": _Field(_is_str), "title_original": _Field(_is_str),
    },
    "organisations": {
        "id": _Field(_is_id, True), "name": _Field(_is_str, True), "country": _Field(_is_country, True),
        "type": _Field(_one_of(ORG_TYPES), True), "names": _Field(_names), "aliases": _Field(_list_of(_is_str)),
        "state_owned": _Field(_is_bool), "parent": _Field(_is_id), "owners": _Field(_list_of_maps, sub=_OWNER),
        "sources": _Field(_list_of(_is_id)), "note": _Field(_is_str),
    },
    "initiatives": {
        "id": _Field(_is_id, True), "kind": _Field(_one_of(INITIATIVE_KINDS), True), "title": _Field(_is_str, True),
        "started_on": _Field(_is_date), "date_unknown": _Field(_is_bool), "date_unknown_reason": _Field(_is_str),
        "status": _Field(_one_of(STATUSES), True), "sectors": _Field(_list_of(_one_of(SECTORS)), True),
        "parties": _Field(_list_of_maps, True, sub=_PARTY), "amount": _Field(_is_number),
        "currency": _Field(_is_currency), "summary": _Field(_is_str, True),
        "sources": _Field(_list_of(_is_id), True), "location": _Field(_is_str),
    },
    "deals": {
        "id": _Field(_is_id, True), "announced_on": _Field(_is_date, True), "target": _Field(_is_id, True),
        "round": _Field(_one_of(DEAL_ROUNDS), True), "amount": _Field(_is_number), "currency": _Field(_is_currency),
        "disclosed": _Field(_is_bool, True), "investors": _Field(_list_of_maps, True, sub=_INVESTOR),
        "investor_count": _Field(_is_count), "sectors": _Field(_list_of(_one_of(SECTORS)), True),
        "ai_related": _Field(_is_bool, True), "sources": _Field(_list_of(_is_id), True), "summary": _Field(_is_str),
    },
}
FILES = {"sources": "sources.yaml", "organisations": "organisations.yaml",
         "initiatives": "initiatives.yaml", "deals": "deals.yaml"}


def _check_mapping(fname: str, where: str, d: LineDict, rules: dict[str, _Field], errors: list[str]) -> None:
    for key, kline in d.duplicates:
        errors.append(f"{fname}:{kline}: {where}.{key}: duplicate key")
    for key in d:
        if key not in rules:
            errors.append(f"{fname}:{d.key_lines.get(key, d.line)}: {where}.{key}: unknown field")
    for key, rule in rules.items():
        if key not in d or d[key] is None:
            if rule.required:
                errors.append(f"{fname}:{d.line}: {where}.{key}: required field is missing")
            continue
        line = d.key_lines.get(key, d.line)
        problem = rule.check(d[key])
        if problem:
            errors.append(f"{fname}:{line}: {where}.{key}: {problem}")
        elif rule.sub:
            for i, item in enumerate(d[key]):
                _check_mapping(fname, f"{where}.{key}[{i + 1}]", item, rule.sub, errors)


def _check_record_rules(fname: str, kind: str, where: str, d: LineDict, errors: list[str]) -> None:
    """Rules that involve more than one field of a record."""
    if kind == "initiatives":
        unknown = d.get("date_unknown") is True
        if not d.get("started_on") and not unknown:
            errors.append(f"{fname}:{d.line}: {where}.started_on: required (or date_unknown: true with a reason)")
        if unknown and not d.get("date_unknown_reason"):
            errors.append(f"{fname}:{d.line}: {where}.date_unknown_reason: required when date_unknown is true")
        if unknown and d.get("started_on"):
            errors.append(f"{fname}:{d.key_lines['started_on']}: {where}.started_on: given with date_unknown: true")
    if kind in ("initiatives", "deals") and d.get("amount") is not None and not d.get("currency"):
        errors.append(f"{fname}:{d.key_lines['amount']}: {where}.currency: required when amount is given")
    if kind == "deals":
        if d.get("disclosed") is True and d.get("amount") is None:
            errors.append(f"{fname}:{d.line}: {where}.amount: required when disclosed is true")
        if d.get("disclosed") is False and d.get("amount") is not None:
            errors.append(f"{fname}:{d.key_lines['amount']}: {where}.disclosed: amount given but disclosed is false")
    if kind == "organisations" and isinstance(d.get("owners"), list):
        total = sum(o.get("share", 0) for o in d["owners"] if isinstance(o, dict)
                    and isinstance(o.get("share"), int | float))
        if total > 1.0001:
            errors.append(f"{fname}:{d.key_lines['owners']}: {where}.owners: shares add up to {total:.3f} > 1")


def _records(fname: str, kind: str, doc: Any, errors: list[str]) -> list[LineDict]:
    if not isinstance(doc, dict) or kind not in doc:
        line = doc.line if isinstance(doc, LineDict) else 1
        errors.append(f"{fname}:{line}: {kind}: the file must have a top-level '{kind}:' list")
        return []
    items = doc[kind]
    if not isinstance(items, list):
        errors.append(f"{fname}:{doc.key_lines[kind]}: {kind}: must be a list")
        return []
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, LineDict):
            errors.append(f"{fname}:{doc.key_lines[kind]}: {kind}[{i + 1}]: must be a mapping")
            continue
        where = f"{kind}[{item.get('id', i + 1)}]"
        _check_mapping(fname, where, item, _SCHEMAS[kind], errors)
        _check_record_rules(fname, kind, where, item, errors)
        out.append(item)
    return out


def _check_references(raw: dict[str, list[LineDict]], errors: list[str]) -> None:
    """Unique ids per file; every org and source referenced anywhere must exist."""
    ids: dict[str, set[str]] = {}
    for kind, items in raw.items():
        fname = FILES[kind]
        seen: dict[str, int] = {}
        for d in items:
            rid = d.get("id")
            if isinstance(rid, str):
                if rid in seen:
                    errors.append(f"{fname}:{d.line}: {kind}[{rid}].id: duplicate id (first on line {seen[rid]})")
                seen.setdefault(rid, d.line)
        ids[kind] = set(seen)
    orgs, srcs = ids.get("organisations", set()), ids.get("sources", set())

    def need(fname: str, line: int, where: str, value: Any, pool: set[str], what: str) -> None:
        if isinstance(value, str) and value not in pool:
            errors.append(f"{fname}:{line}: {where}: unknown {what} {value!r}")

    for kind, items in raw.items():
        fname = FILES[kind]
        for d in items:
            where = f"{kind}[{d.get('id')}]"
            for s in d.get("sources") or []:
                need(fname, d.key_lines.get("sources", d.line), f"{where}.sources", s, srcs, "source")
            if kind == "organisations":
                need(fname, d.key_lines.get("parent", d.line), f"{where}.parent", d.get("parent"), orgs, "organisation")
                for o in d.get("owners") or []:
                    if isinstance(o, LineDict):
                        need(fname, o.line, f"{where}.owners.org", o.get("org"), orgs, "organisation")
            if kind == "initiatives":
                for p in d.get("parties") or []:
                    if isinstance(p, LineDict):
                        need(fname, p.line, f"{where}.parties.org", p.get("org"), orgs, "organisation")
            if kind == "deals":
                need(fname, d.key_lines.get("target", d.line), f"{where}.target", d.get("target"), orgs,
                     "organisation")
                for p in d.get("investors") or []:
                    if isinstance(p, LineDict):
                        need(fname, p.line, f"{where}.investors.org", p.get("org"), orgs, "organisation")
    _check_parent_cycles(raw.get("organisations", []), errors)


def _check_parent_cycles(orgs: list[LineDict], errors: list[str]) -> None:
    parent = {d.get("id"): d.get("parent") for d in orgs}
    for d in orgs:
        seen, cur = set(), d.get("id")
        while cur in parent and parent[cur]:
            if cur in seen:
                errors.append(f"{FILES['organisations']}:{d.line}: organisations[{d.get('id')}].parent: cycle")
                break
            seen.add(cur)
            cur = parent[cur]


# -- building records ----------------------------------------------------------------------------
def _date(v: Any) -> str | None:
    return str(v) if v is not None else None


def _build(directory: Path, raw: dict[str, list[LineDict]], meta: dict[str, str]) -> CuratedData:
    sources = {
        d["id"]: Source(source_id=d["id"], title=d["title"], publisher=d.get("publisher"), author=d.get("author"),
                        published_on=_date(d.get("published_on")), language=d["language"], url=d.get("url"),
                        cited_in=d.get("cited_in"), line=d.line)
        for d in raw["sources"]
    }
    orgs = {
        d["id"]: Organisation(
            org_id=d["id"], name=d["name"], country=d["country"], type=d["type"],
            names={k: list(v) for k, v in (d.get("names") or {}).items()}, aliases=list(d.get("aliases") or []),
            state_owned=d.get("state_owned"), parent=d.get("parent"),
            owners=[Owner(org=o["org"], share=float(o["share"])) for o in d.get("owners") or []],
            sources=list(d.get("sources") or []), note=d.get("note"), line=d.line)
        for d in raw["organisations"]
    }
    initiatives = [
        Initiative(
            initiative_id=d["id"], kind=d["kind"], title=d["title"], status=d["status"], sectors=list(d["sectors"]),
            parties=[Party(org=p["org"], role=p["role"]) for p in d["parties"]], summary=" ".join(d["summary"].split()),
            sources=list(d["sources"]), started_on=_date(d.get("started_on")),
            date_unknown_reason=d.get("date_unknown_reason"),
            amount=float(d["amount"]) if d.get("amount") is not None else None, currency=d.get("currency"),
            location=d.get("location"), line=d.line)
        for d in raw["initiatives"]
    ]
    deals = [
        Deal(
            deal_id=d["id"], announced_on=_date(d["announced_on"]), target=d["target"], round=d["round"],
            disclosed=d["disclosed"], sectors=list(d["sectors"]), ai_related=d["ai_related"],
            sources=list(d["sources"]),
            investors=[DealInvestor(org=i["org"], amount=float(i["amount"]) if i.get("amount") is not None else None,
                                    stake=i.get("stake")) for i in d["investors"]],
            amount=float(d["amount"]) if d.get("amount") is not None else None, currency=d.get("currency"),
            investor_count=d.get("investor_count"),
            summary=" ".join(d["summary"].split()) if d.get("summary") else None, line=d.line)
        for d in raw["deals"]
    ]
    return CuratedData(directory=directory, sources=sources, organisations=orgs, initiatives=initiatives,
                       deals=deals, curated_on=meta)


def default_dir() -> Path:
    """The curated data shipped inside the package (techties/data/curated)."""
    return Path(str(resources.files("techties").joinpath("data", "curated")))


def _validate(directory: Path) -> tuple[list[str], dict[str, list[LineDict]], dict[str, str]]:
    errors: list[str] = []
    raw: dict[str, list[LineDict]] = {}
    meta: dict[str, str] = {}
    for kind, fname in FILES.items():
        path = directory / fname
        doc = _parse(path, errors) if path.exists() else None
        if not path.exists():
            errors.append(f"{fname}:0: (file): missing from {directory}")
            raw[kind] = []
            continue
        raw[kind] = _records(fname, kind, doc, errors) if doc is not None or not errors else []
        if isinstance(doc, dict) and doc.get("curated_on") is not None:
            meta[fname] = str(doc["curated_on"])
    _check_references(raw, errors)
    return errors, raw, meta


def validate_dir(directory: str | Path | None = None) -> list[str]:
    """Every problem in a curated folder, one line each (empty list: valid)."""
    return _validate(Path(directory) if directory else default_dir())[0]


def load_curated_dir(directory: str | Path | None = None) -> CuratedData:
    """Validate the whole folder, then build typed records; any error raises and nothing is returned."""
    path = Path(directory) if directory else default_dir()
    errors, raw, meta = _validate(path)
    if errors:
        raise CuratedDataError(errors)
    return _build(path, raw, meta)
