"""A batch of works as rows per warehouse table, flattened to Arrow for the single writer.

Readers append plain tuples, one per row of `works`, `authorships`, `work_fields`,
`work_funders` and `institutions`, in the column order of the schemas below; the writer gets
one Arrow table per warehouse table. The OpenAlex snapshot reader appends straight from the
decoded JSON, so an ingest builds no per-work objects in between: on 10k synthetic works,
building `Work` records, resolving and flattening them took about 120 µs a work, these rows
about 50 µs. Readers that do yield `Work` records (WoS, tests) go through `append`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from techties.records import Authorship, Institution, Work, WorkField, WorkFunder

WORK_SCHEMA = pa.schema([
    ("work_id", pa.string()), ("source", pa.string()), ("doi", pa.string()), ("title", pa.string()),
    ("abstract", pa.string()), ("year", pa.int32()), ("pub_date", pa.string()), ("language", pa.string()),
    ("type", pa.string()), ("cited_by_count", pa.int32()), ("version", pa.string()), ("as_of", pa.string()),
    ("retrieved_at", pa.string()), ("synthetic", pa.bool_()), ("run_id", pa.string()),
])
AUTHORSHIP_SCHEMA = pa.schema([
    ("work_id", pa.string()), ("position", pa.int32()), ("author_id", pa.string()),
    ("author_name", pa.string()), ("institution_id", pa.string()), ("raw_affiliation", pa.string()),
    ("country_code", pa.string()), ("country_method", pa.string()),
])
FIELD_SCHEMA = pa.schema([
    ("work_id", pa.string()), ("taxonomy", pa.string()), ("field", pa.string()), ("score", pa.float64()),
])
FUNDER_SCHEMA = pa.schema([
    ("work_id", pa.string()), ("funder_id", pa.string()), ("funder_name", pa.string()),
    ("award_id", pa.string()),
])
INSTITUTION_SCHEMA = pa.schema([(c, pa.string()) for c in (
    "institution_id", "ror", "name", "names_json", "country_code", "type", "parent_id", "lineage_json", "source",
)])
_READER_WORK_SCHEMA = WORK_SCHEMA.remove(WORK_SCHEMA.get_field_index("run_id"))
WORK_COLUMNS = tuple(_READER_WORK_SCHEMA.names)  # what a reader supplies; the writer adds run_id

# Positions inside the row tuples, for the few places that read rows back.
_W_VERSION = WORK_COLUMNS.index("version")
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
_W_INTS = tuple((WORK_COLUMNS.index(c), c) for c in ("year", "cited_by_count"))  # the int32 columns of `works`


class InvalidValue(ValueError):
    """A value the warehouse cannot store (a number too big for its column, an empty id): the reader
    quarantines its record, naming the field, and keeps the rest of the batch."""

    def __init__(self, field: str, value: object, why: str):
        super().__init__(f"{field} {str(value)[:40]!r}: {why}")
        self.field = field


def check_work_row(row: tuple[Any, ...]) -> None:
    """Refuse a `works` row that Arrow or DuckDB would refuse later, for the whole batch: an id with
    nothing after its source prefix (`openalex:`), a year or citation count outside a 32-bit integer."""
    wid = row[0]
    if not isinstance(wid, str) or not wid.partition(":")[2].strip():
        raise InvalidValue("id", wid, "empty work id")
    for k, name in _W_INTS:
        v = row[k]
        if v is not None and (type(v) is not int or not INT32_MIN <= v <= INT32_MAX):
            raise InvalidValue(name, v, "not a 32-bit integer (the warehouse column's type)")
_A_INSTITUTION, _A_RAW, _A_COUNTRY = 4, 5, 6
_I_COUNTRY = 4


class WorkBatch:
    """Rows of one batch, appended by a reader in file order.

    A work's child rows (authorships, fields, funders) follow its `add_work` call. When a work id
    comes twice in one batch, the newest `version` wins (the later one on a tie), as in the warehouse.
    """

    def __init__(self) -> None:
        self.works: list[tuple[Any, ...]] = []
        self.authorships: list[tuple[Any, ...]] = []
        self.fields: list[tuple[Any, ...]] = []
        self.funders: list[tuple[Any, ...]] = []
        self.institutions: dict[str, tuple[Any, ...]] = {}  # by id: a batch stores each institution once
        self.institution_keys: dict[str, tuple[str, str | None]] = {}  # a reader's own id → (id, country)
        self._no_country: list[int] = []  # authorships rows to resolve
        self._starts: list[tuple[int, int, int]] = []  # per work: where its child rows start
        self._seen: set[str] = set()
        self.has_duplicates = False

    def __len__(self) -> int:
        return len(self.works)

    def add_work(self, row: tuple[Any, ...]) -> None:
        """A `works` row in `WORK_COLUMNS` order; the child rows that follow belong to it. An invalid row
        raises `InvalidValue` before anything is added."""
        check_work_row(row)
        self._starts.append((len(self.authorships), len(self.fields), len(self.funders)))
        work_id = row[0]
        if work_id in self._seen:
            self.has_duplicates = True
        else:
            self._seen.add(work_id)
        self.works.append(row)

    def mark(self) -> tuple[int, ...]:
        """Where the batch ends now, for `rollback`."""
        return len(self.works), len(self.authorships), len(self.fields), len(self.funders), len(self._no_country)

    def rollback(self, mark: tuple[int, ...]) -> None:
        """Drop what was added since `mark`: a record that failed halfway leaves no rows behind."""
        n_works, n_auth, n_fields, n_funders, n_unresolved = mark
        for wid in {w[0] for w in self.works[n_works:]} - {w[0] for w in self.works[:n_works]}:
            self._seen.discard(wid)
        del self.works[n_works:], self._starts[n_works:], self.authorships[n_auth:], self.fields[n_fields:]
        del self.funders[n_funders:], self._no_country[n_unresolved:]

    def out_of_range(self, mark: tuple[int, ...]) -> str | None:
        """The first integer of the rows added since `mark` that its 32-bit column cannot hold (e.g. a
        `position` of 2^40 in a dict from the API), else None: the caller quarantines such a record
        (`rollback`) instead of letting it fail its batch. `works` rows were checked by `add_work`."""
        ints = [k for k, f in enumerate(AUTHORSHIP_SCHEMA) if f.type == pa.int32()]
        for row in self.authorships[mark[1]:]:
            for k in ints:
                v = row[k]
                if isinstance(v, int) and not isinstance(v, bool) and not INT32_MIN <= v <= INT32_MAX:
                    return f"{AUTHORSHIP_SCHEMA.field(k).name} {v} is out of range"
        return None

    def add_authorship(self, row: tuple[Any, ...]) -> None:
        """An `authorships` row of the current work; one without a country is noted for `resolve_countries`."""
        if row[_A_COUNTRY] is None and row[_A_RAW]:
            self._no_country.append(len(self.authorships))
        self.authorships.append(row)

    def append(self, work: Work) -> None:
        """Add a `Work` record with its child rows and institutions."""
        wid = work.work_id
        self.add_work(tuple(getattr(work, c) for c in WORK_COLUMNS))
        for a in work.authorships:
            self.add_authorship((wid, a.position, a.author_id, a.author_name, a.institution_id, a.raw_affiliation,
                                 a.country_code, a.country_method))
        self.fields.extend((wid, f.taxonomy, f.field, f.score) for f in work.fields)
        self.funders.extend((wid, f.funder_id, f.funder_name, f.award_id) for f in work.funders)
        for i in work.institutions:
            self.institutions[i.institution_id] = (
                i.institution_id, i.ror, i.name, json.dumps(i.names, ensure_ascii=False) if i.names else None,
                i.country_code, i.type, i.parent_id, json.dumps(i.lineage) if i.lineage else None, i.source,
            )

    def resolve_countries(self, resolve: Callable[[str], str | None]) -> None:
        """Give authorships without a country the one `resolve` finds in their raw affiliation
        (`country_method` "string"), and institutions without a country that of their authorships."""
        found: dict[str, str | None] = {}
        rows = self.authorships
        for k in self._no_country:
            row = rows[k]
            raw = row[_A_RAW]
            code = found[raw] if raw in found else found.setdefault(raw, resolve(raw))
            if code:
                rows[k] = (*row[:_A_COUNTRY], code, "string")
        self._no_country = []
        missing = {iid for iid, inst in self.institutions.items() if inst[_I_COUNTRY] is None}
        if not missing:
            return
        inst_country: dict[str, str] = {}
        for row in rows:
            if row[_A_INSTITUTION] in missing and row[_A_COUNTRY] is not None:
                inst_country.setdefault(row[_A_INSTITUTION], row[_A_COUNTRY])
        for iid, country in inst_country.items():
            inst = self.institutions[iid]
            self.institutions[iid] = (*inst[:_I_COUNTRY], country, *inst[_I_COUNTRY + 1:])

    def to_tables(self, run_id: str) -> dict[str, pa.Table]:
        """One Arrow table per warehouse table (institutions included)."""
        works, authorships, fields, funders = self._latest_only() if self.has_duplicates else (
            self.works, self.authorships, self.fields, self.funders)
        return {
            "works": _table(works, _READER_WORK_SCHEMA).append_column(
                "run_id", pa.array([run_id] * len(works), pa.string())),
            "authorships": _table(authorships, AUTHORSHIP_SCHEMA),
            "work_fields": _table(fields, FIELD_SCHEMA),
            "work_funders": _table(funders, FUNDER_SCHEMA),
            "institutions": _table(list(self.institutions.values()), INSTITUTION_SCHEMA),
        }

    def to_works(self) -> list[Work]:
        """The batch as `Work` records (for readers' record-by-record API; not the ingest path)."""
        out = []
        for k, row in enumerate(self.works):
            a0, f0, u0 = self._starts[k]
            a1, f1, u1 = self._starts[k + 1] if k + 1 < len(self._starts) else (
                len(self.authorships), len(self.fields), len(self.funders))
            authorships = [Authorship(**dict(zip(AUTHORSHIP_SCHEMA.names[1:], a[1:], strict=True)))
                           for a in self.authorships[a0:a1]]
            inst_ids = dict.fromkeys(a.institution_id for a in authorships if a.institution_id)
            out.append(Work(
                **dict(zip(WORK_COLUMNS, row, strict=True)),
                authorships=authorships,
                fields=[WorkField(taxonomy=f[1], field=f[2], score=f[3]) for f in self.fields[f0:f1]],
                funders=[WorkFunder(funder_id=u[1], funder_name=u[2], award_id=u[3]) for u in self.funders[u0:u1]],
                institutions=[_institution_record(self.institutions[i]) for i in inst_ids if i in self.institutions],
            ))
        return out

    def _latest_only(self) -> tuple[list[tuple[Any, ...]], ...]:
        """The rows of the newest version of each work id (the later one on a tie)."""
        winner: dict[str, int] = {}
        for k, row in enumerate(self.works):
            old = winner.get(row[0])
            if old is None or (row[_W_VERSION] or "") >= (self.works[old][_W_VERSION] or ""):
                winner[row[0]] = k
        ends = [*self._starts[1:], (len(self.authorships), len(self.fields), len(self.funders))]
        works: list[tuple[Any, ...]] = []
        authorships: list[tuple[Any, ...]] = []
        fields: list[tuple[Any, ...]] = []
        funders: list[tuple[Any, ...]] = []
        for k in sorted(winner.values()):
            (a0, f0, u0), (a1, f1, u1) = self._starts[k], ends[k]
            works.append(self.works[k])
            authorships += self.authorships[a0:a1]
            fields += self.fields[f0:f1]
            funders += self.funders[u0:u1]
        return works, authorships, fields, funders


def _table(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    if not rows:
        return schema.empty_table()
    columns = zip(*rows, strict=True)
    return pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, schema, strict=True)], schema=schema)


def _institution_record(row: tuple[Any, ...]) -> Institution:
    iid, ror, name, names_json, country, kind, parent, lineage_json, source = row
    return Institution(institution_id=iid, ror=ror, name=name, names=json.loads(names_json) if names_json else {},
                       country_code=country, type=kind, parent_id=parent,
                       lineage=json.loads(lineage_json) if lineage_json else [], source=source)
