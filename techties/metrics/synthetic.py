"""How many of the works behind a table are synthetic (generated in the OpenAlex schema for the
demo and tests). Why: an analyst must never quote a synthetic figure as real, so every table the
faces show says how many of its works are synthetic, and says plainly when all of them are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class SyntheticCount:
    works: int                   # distinct works behind the table
    synthetic: int               # of which synthetic
    per_row: tuple[int, ...]     # synthetic works behind each row

    @property
    def all_synthetic(self) -> bool:
        return self.works > 0 and self.synthetic == self.works

    def sentence(self, behind: str = "this table") -> str:
        """One line for the caption of a table (or of a figure: `behind="this figure"`); "" when no work
        behind it is synthetic."""
        if not self.synthetic:
            return ""
        said = synthetic_sentence(self.synthetic, self.works, behind)
        return said[0].upper() + said[1:] + (": these are not real figures." if self.all_synthetic else ".")


def works_phrase(synthetic: int, works: int) -> str:
    """'2 of the 3 works', 'all 3 works', 'the only work': every face words a synthetic count alike."""
    if synthetic == works:
        return "the only work" if works == 1 else f"all {works} works"
    return f"{synthetic} of the {works} works"


def synthetic_sentence(synthetic: int, works: int, behind: str) -> str:
    """'2 of the 3 works behind pair_works are synthetic' (no capital, no full stop)."""
    verb = "is" if synthetic == 1 else "are"
    return f"{works_phrase(synthetic, works)} behind {behind} {verb} synthetic"


def stored_synthetic(con: duckdb.DuckDBPyConnection) -> int:
    """Synthetic works stored in the warehouse: `ingest` says so before it adds a user's records to
    them (the demo warehouse named as --db mixed real and synthetic works without a word)."""
    return con.execute("SELECT count(*) FROM works WHERE synthetic").fetchone()[0]


def synthetic_ids(con: duckdb.DuckDBPyConnection, work_ids: Sequence[str]) -> set[str]:
    """The synthetic works among `work_ids`."""
    if not work_ids:
        return set()
    rows = con.execute("SELECT work_id FROM works WHERE synthetic AND work_id IN (SELECT unnest(?))",
                       [list(work_ids)]).fetchall()
    return {r[0] for r in rows}


def synthetic_count(con: duckdb.DuckDBPyConnection, ids_per_row: Sequence[Sequence[str]] | None) -> SyntheticCount:
    """Synthetic works behind a table whose rows carry work ids (`MetricTable.work_ids`)."""
    rows = [list(r) for r in ids_per_row or []]
    return count_among(rows, synthetic_ids(con, sorted({w for r in rows for w in r})))


def _per_row(ids_per_row: Sequence[Sequence[str]], synthetic: set[str]) -> tuple[int, ...]:
    """The synthetic works among each row's distinct work ids."""
    return tuple(sum(1 for w in set(r) if w in synthetic) for r in ids_per_row)


def count_among(ids_per_row: Sequence[Sequence[str]], synthetic: set[str]) -> SyntheticCount:
    """The synthetic works behind rows of work ids, with the synthetic ids already looked up (one lookup
    for every table of a query, `synthetic_ids`)."""
    every = {w for r in ids_per_row for w in r}
    return SyntheticCount(works=len(every), synthetic=len(every & synthetic), per_row=_per_row(ids_per_row, synthetic))


def synthetic_per_row(con: duckdb.DuckDBPyConnection,
                      tables: Sequence[object]) -> dict[str, tuple[int, ...]]:
    """Table name -> synthetic works behind each row, for every table whose rows carry work ids (the
    `synthetic_works` column of `research --output`). One query for all tables: on Spark each query is a job."""
    with_ids = [t for t in tables if getattr(t, "work_ids", None) is not None]
    syn = synthetic_ids(con, sorted({w for t in with_ids for r in t.work_ids for w in r}))
    return {t.name: _per_row(t.work_ids, syn) for t in with_ids}


ON_PAIR_WORKS = frozenset({"pair_share", "citation_impact"})  # indicators over the pair's works that list no records


def indicator_synthetic(con: duckdb.DuckDBPyConnection, indicators: Sequence[object],
                        pair_works: SyntheticCount | None) -> dict[str, SyntheticCount]:
    """Indicator id -> the synthetic works behind it (its records; only works can be synthetic, not deals or
    initiatives). A share of the pair's works that lists no records rests on `pair_works`."""
    out = {}
    for i in indicators:
        records = list(getattr(i, "records", ()) or ())
        if records:
            out[i.id] = synthetic_count(con, [records])
        elif i.id in ON_PAIR_WORKS and getattr(i, "value", None) is not None and pair_works is not None:
            out[i.id] = pair_works
    return out


def query_indicator_synthetic(con: duckdb.DuckDBPyConnection, q: object, research: object,
                              indicators: Sequence[object]) -> dict[str, SyntheticCount]:
    """`indicator_synthetic` for query `q`, the pair's works read from `research`'s yearly table: what the
    dashboard, its indicators download and `research --output` each label their indicators with."""
    from techties.metrics.research import pair_label

    return indicator_synthetic(con, indicators, pair_synthetic(con, research.table("yearly"), pair_label(q.a, q.b)))


def pair_synthetic(con: duckdb.DuckDBPyConnection, yearly: object, main: str) -> SyntheticCount:
    """The synthetic works among the main pair's co-authored works (rows of the `yearly` research table)."""
    return synthetic_count(con, [ids for r, ids in zip(yearly.rows, yearly.work_ids or [], strict=False)
                                 if (r["pair"] if isinstance(r, dict) else r[0]) == main])
