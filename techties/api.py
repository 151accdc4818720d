"""The Python API: what the reading commands compute, as plain calls that return typed results.

    import techties.api as tt

    r = tt.research("CN", "RU", baseline="US", years="2010-2019", area="ai")
    r.table("yearly").as_dicts()          # the same tables `techties research` prints
    r.provenance["as_of"]                 # as-of dates, sources, runs, model versions
    tt.indicators("CN", "RU", baseline="US", years="2010-2019")
    tt.screen(["Huawei Technologies Co., Ltd."])
    tt.brief("CN", "RU", baseline="US", years="2010-2019", out="brief")

Why a module of its own: the CLI's commands parse options, print and choose exit statuses; analysts in a
notebook want the numbers and their provenance as values. Each call opens the warehouse read-only and
closes it. The warehouse is the one `--db` would name (`db`), else the default one, else the demo
warehouse (with a `UserWarning` saying so, as the CLI says it on stderr). Failures are the CLI's:
`techties.errors.UsageError` for a bad query, `InputError` for a missing or unreadable warehouse.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techties.errors import InputError, UsageError
from techties.metrics.research import MetricTable, ResearchQuery, ResearchResult


@dataclass(frozen=True)
class Research:
    """A research query's tables with the provenance every output states."""

    query: ResearchQuery
    result: ResearchResult
    provenance: dict[str, Any]  # metrics.provenance.warehouse_provenance, plus the warehouse read

    def table(self, name: str) -> MetricTable:
        return self.result.table(name)

    @property
    def tables(self) -> list[MetricTable]:
        return self.result.tables

    @property
    def notes(self) -> list[str]:
        """What the tables cannot say (synthetic works, empty selections, left-out years)."""
        return self.result.notes


@dataclass(frozen=True)
class Screened:
    """One name and the list entries it matches at or above the threshold, best first."""

    query: str
    hits: list[Any]  # screen.match.Hit: entry, list, score, explanation, source and date


def _warn(note: str) -> None:
    """A UserWarning at the caller's line: the first frame outside this package, whatever the depth."""
    package = os.path.dirname(__file__)
    frame, level = sys._getframe(1), 2  # stacklevel 2 is the frame that called _warn
    while frame is not None and frame.f_code.co_filename.startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    warnings.warn(note, UserWarning, stacklevel=level)


def warehouse_path(db: str | Path | None = None) -> Path:
    """The warehouse a call reads (see the module docstring); InputError when there is none."""
    from techties.config import reading_db

    path = reading_db(Path(db) if db is not None else None, say=_warn)
    if not path.exists():
        raise InputError(f"no warehouse at {path}: run `techties ingest …` or `techties demo` first")
    return path


@contextmanager
def _reading(path: Path) -> Iterator[Any]:
    from techties.warehouse import Warehouse

    with Warehouse(path, read_only=True) as wh:
        yield wh.con


def query(x: str, y: str, *, baseline: str | None = None, years: str | None = None, area: str | None = None,
          language: str | None = None, china_scope: str = "mainland", top: int = 10) -> ResearchQuery:
    """A checked query, as the CLI's options make it: ISO 3166-1 alpha-2 codes in any case (a country name
    is a UsageError that names its code), years as `2010-2019`."""
    from techties.metrics.query import build_query

    return build_query(x, y, baseline=baseline, years=years, area=area, language=language,
                       china_scope=china_scope, top=top)


def research(x: str, y: str, *, baseline: str | None = None, years: str | None = None, area: str | None = None,
             language: str | None = None, china_scope: str = "mainland", top: int = 10, explain: bool = False,
             db: str | Path | None = None) -> Research:
    """`techties research`: the pair's tables; with `explain`, the work ids behind each cell."""
    from techties.metrics.provenance import warehouse_provenance
    from techties.metrics.research import compute_research

    q = query(x, y, baseline=baseline, years=years, area=area, language=language, china_scope=china_scope,
              top=top)
    path = warehouse_path(db)
    with _reading(path) as con:
        result = compute_research(con, q, explain=explain)
        provenance = {**warehouse_provenance(con), "data": f"warehouse {path}"}
    return Research(query=q, result=result, provenance=provenance)


def indicators(x: str, y: str, *, baseline: str | None = None, years: str | None = None, area: str | None = None,
               language: str | None = None, china_scope: str = "mainland", db: str | Path | None = None) -> list[Any]:
    """The indicators to watch (`indicators.csv` of a brief; what `techties watch` tracks)."""
    from techties.metrics.indicators import compute_indicators

    q = query(x, y, baseline=baseline, years=years, area=area, language=language, china_scope=china_scope)
    path = warehouse_path(db)
    with _reading(path) as con:
        return compute_indicators(con, q)


def screen(names: Iterable[str], *, country: str | None = None, threshold: float | None = None,
           lists: Iterable[str | Path] = (), defaults: bool = True, db: str | Path | None = None) -> list[Screened]:
    """`techties screen NAME…`: each name against the default lists (the shipped, dated US lists and
    the curated list) and any `lists` given (files, or `eu`, `csl`…). Chinese and Russian names are read
    with the ROR records of the warehouse `db` names where a full ROR dump was loaded, else the package's.
    An empty name or one without a letter or digit is a UsageError, as on the command line (no hits is not a
    clean result)."""
    from techties.config import named_db
    from techties.metrics.query import country_code
    from techties.screen.lists import ListFormatError, ListUnreadableError, load_lists
    from techties.screen.match import DEFAULT_THRESHOLD, Matcher, screening_threshold
    from techties.screen.names_file import screened_texts
    from techties.screen.ror_names import warehouse_rows
    from techties.screen.structure import use_ror_rows

    names = [names] if isinstance(names, str) else list(names)  # one name, not its letters
    texts = screened_texts(names)
    cc = country_code(country, "country") if country else None
    screening_threshold(threshold, "threshold")  # the CLI's check: nan matched nothing, -1 everything
    try:
        entries = load_lists([lists] if isinstance(lists, str | Path) else list(lists), defaults=defaults)
    except OSError as exc:
        raise InputError(f"{exc.filename or lists}: {exc.strerror or exc}") from None
    except ListUnreadableError as exc:  # a missing or unreadable list file, as the CLI's exit 4
        raise InputError(str(exc)) from None
    except ListFormatError as exc:  # a file of no list format: the CLI's usage error (exit 2)
        raise UsageError(str(exc)) from None
    use_ror_rows(warehouse_rows(named_db(Path(db) if db is not None else None)))
    matcher = Matcher(entries, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
    return [Screened(query=name, hits=matcher.screen(text, cc)) for name, text in zip(names, texts, strict=True)]


def brief(x: str, y: str, *, out: str | Path, baseline: str | None = None, years: str | None = None,
          area: str | None = None, language: str | None = None, china_scope: str = "mainland", top: int = 10,
          rule: str = "whole", db: str | Path | None = None) -> list[Path]:
    """`techties report`: write brief.html, report.md and the CSV/SVG files to the folder `out`;
    returns the files written. A folder holding other files is not overwritten (InputError)."""
    from techties.metrics.investment import check_rule
    from techties.report.brief import build_brief, files_in_the_way, write_brief

    check_rule(rule)
    q = query(x, y, baseline=baseline, years=years, area=area, language=language, china_scope=china_scope,
              top=top)
    folder = Path(out).expanduser()
    if folder == Path() or folder.exists() and not folder.is_dir():  # checked before the brief is computed
        raise UsageError(f"out={str(out)!r}: name the brief's own folder, e.g. out='brief'")
    if above := next((p for p in folder.parents if p.exists() and not p.is_dir()), None):
        raise InputError(f"out={str(out)!r}: {above} is a file, not a folder to write the brief in")
    path = warehouse_path(db)
    with _reading(path) as con:
        built = build_brief(con, q, command="techties.api.brief", rule=rule)
    if clash := files_in_the_way(built, folder):
        raise InputError(f"{folder} holds {', '.join(clash[:3])} and no earlier brief: not replaced")
    return write_brief(built, folder)
