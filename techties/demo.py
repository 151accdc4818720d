"""The demo: build a warehouse offline from data bundled in the package, run every stage.

Real CC0 OpenAlex records come first; synthetic works in the real OpenAlex schema are added
so that the country-pair tables have something to show, and are labelled synthetic in every
output. `build_demo(..., sources=[...])` builds from a user's own files instead.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from techties.errors import UsageError
from techties.ingest import KINDS, IngestReport, ingest_files
from techties.sources.detect import kind_of
from techties.warehouse import Warehouse

DEMO_SYNTHETIC_WORKS = 4000
DEMO_SEED = 20190601


@dataclass
class DemoReport:
    db: Path
    ingests: list[IngestReport] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


def bundled_real_files() -> list[Path]:
    folder = resources.files("techties.data").joinpath("demo")
    return [Path(str(folder.joinpath("openalex_real_cc0.jsonl.gz")))]


def detect_kind(path: str | Path) -> str:
    """The `techties ingest` kind that reads this file, told from its first lines as `techties ingest auto`
    tells it (WoS, OpenAlex, Scopus, Lens, Dimensions, PubMed, CNKI); UsageError (exit 2) when none does."""
    from techties.errors import InputError
    from techties.sources.detect import holds_no_text, not_text
    from techties.sources.io import unusable_inputs

    if problem := unusable_inputs([path]):  # was "[Errno 2] No such file or directory: 'x'"
        raise InputError(problem)
    kind = kind_of(path)
    if kind is None and holds_no_text(path):
        raise InputError(f"{path}: an empty file: no records in it")
    if kind is None or kind not in KINDS:
        why = not_text(path) if kind is None else None
        raise UsageError(f"{path}: {why}" if why else f"{path}: format not recognised from its first lines; "
                         f"techties reads {', '.join(sorted(KINDS))} exports")
    return kind


def write_synthetic(path: Path, n: int, seed: int) -> Path:
    from techties.sources.synthetic import generate_works

    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for work in generate_works(n, seed=seed):
            fh.write(json.dumps(work, ensure_ascii=False) + "\n")
    return path


def build_demo(db: Path, sources: Sequence[Path] | None = None, *, synthetic_works: int = DEMO_SYNTHETIC_WORKS,
               show_progress: bool = True) -> DemoReport:
    """Build (or refresh) the demo warehouse and run every stage that is available."""
    report = DemoReport(db=db)
    by_kind: dict[str, list[Path]] = {}
    for p in sources or ():  # every file checked before the warehouse is created or touched
        by_kind.setdefault(detect_kind(p), []).append(Path(p))
    if why := rebuild_reason(db, sources):
        for f in (db, db.with_name(db.name + ".wal")):
            f.unlink(missing_ok=True)
        report.steps.append(f"rebuilt {db} from scratch: {why}")
    with Warehouse(db) as wh:
        if sources:
            for kind, paths in by_kind.items():
                report.ingests.append(ingest_files(wh, kind, paths, show_progress=show_progress,
                                                   command=f"techties demo --from ({kind})"))
        else:
            report.ingests.append(ingest_files(wh, "openalex", bundled_real_files(), show_progress=show_progress,
                                               command="techties demo (bundled CC0 OpenAlex records)"))
            synth = db.parent / f"demo_synthetic_{synthetic_works}_{DEMO_SEED}.jsonl.gz"
            if not synth.exists():
                write_synthetic(synth, synthetic_works, DEMO_SEED)
            report.ingests.append(ingest_files(wh, "openalex", [synth], show_progress=show_progress,
                                               command="techties demo (synthetic works, OpenAlex schema)"))
        if not sources:
            report.steps.append(series_step(load_shipped_series(wh)))
        report.steps += run_stages(wh, show_progress)
    return report


def demo_runs(db: Path) -> list[tuple[str, list[dict]]] | None:
    """(command, inputs) of the runs a warehouse file records; None when it cannot be opened (locked, not DuckDB)."""
    import json

    import duckdb

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute("SELECT command, inputs_json FROM runs").fetchall()
    except duckdb.Error:
        return None
    return [(c or "", json.loads(i) if i else []) for c, i in rows]


def holds_own_work(db: Path) -> bool:
    """Whether a warehouse holds work that records no run of its own: an analyst's screening decisions
    (`screen-decide`) or ROR records (`ingest ror`). Such a file is never deleted to rebuild the demo."""
    import duckdb

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(
                "SELECT (SELECT count(*) FROM screening_hits WHERE decision IS NOT NULL)"
                " + (SELECT count(*) FROM institutions WHERE source = 'ror')").fetchone()[0] > 0
    except duckdb.Error:
        return True  # cannot tell: keep it


def rebuild_reason(db: Path, sources: Sequence[Path] | None) -> str | None:
    """Why the demo warehouse must start empty, or None to refresh it in place.

    `demo --from F` builds from F "instead of the bundled sample", but on an earlier demo warehouse it
    added F to the 4,413 bundled works (4,000 synthetic); the bundled demo after a `--from` build kept
    the user's files too. The same files again refresh in place (each is said to be held already). A
    file holding any run that is not the demo's own is never deleted (a user's `--db` may name their own
    warehouse): it is refreshed in place, as before."""
    from techties.sources.io import file_sha256

    if not db.exists():
        return None
    runs = demo_runs(db)
    if not runs or any(not c.startswith("techties demo") for c, _ in runs) or holds_own_work(db):
        return None
    held = {i.get("sha256") for c, inputs in runs if c.startswith("techties demo --from") for i in inputs}
    if sources:
        if held == {file_sha256(p) for p in sources}:
            return None
        return "--from builds the demo warehouse from your files alone (it held another demo build)"
    if held:
        return "it held a build from your files (--from); the bundled sample replaces it"
    return None


def series_step(added: int) -> str:
    """What loading the shipped count series did; on a rerun, "loaded 0 values" read as if there were none."""
    what = "real OpenAlex count series (CN–RU, CN–US, RU–US co-authored works 1990–2023; AI-concept works 2010–2020)"
    return f"loaded {added} values of {what}" if added else f"{what}: already in the warehouse, nothing added"


def load_shipped_series(wh: Warehouse) -> int:
    """The real count series of `techties/data/aggregates/` into `count_series`, as one recorded run.
    Loading the same snapshot again adds nothing; a snapshot never replaces another."""
    from techties.sources.openalex_aggregates import aggregates_dir, shipped_series

    rows = shipped_series()
    run_id = wh.start_run("techties demo (shipped OpenAlex count series)", {},
                          [{"path": str(p)} for p in sorted(aggregates_dir().glob("*.csv"))])
    before = wh.con.execute("SELECT count(*) FROM count_series").fetchone()[0]
    wh.con.executemany(
        "INSERT INTO count_series (query, scope_kind, scope, area, year, value, method, retrieved_on, run_id, source)"
        " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM count_series WHERE query = ?"
        " AND scope_kind = ? AND scope = ? AND area = ? AND year = ? AND retrieved_on = ? AND source = ?)",
        [[r.query, r.scope_kind, r.scope, r.area, r.year, r.value, r.method, r.retrieved_on, run_id, r.source,
          r.query, r.scope_kind, r.scope, r.area, r.year, r.retrieved_on, r.source] for r in rows])
    added = wh.con.execute("SELECT count(*) FROM count_series").fetchone()[0] - before
    wh.finish_run(run_id, "ok", len(rows), added, 0)
    return int(added)


def run_stages(wh: Warehouse, show_progress: bool = True) -> list[str]:
    """Classify, load the curated initiatives and deals, screen against the shipped lists."""
    from techties.classify.apply import apply_to_warehouse
    from techties.resolve.investments import load_curated
    from techties.screen.lists import load_lists
    from techties.screen.store import screen_warehouse

    steps = [f"classified {apply_to_warehouse(wh, show_progress=show_progress)} works for AI relevance"]
    loaded = load_curated(wh)
    steps.append("loaded curated data: " + ", ".join(f"{n} {k}" for k, n in loaded.items()))
    entries = load_lists(None)
    steps.append(screening_step(screen_warehouse(wh, entries, show_progress=show_progress), entries))
    return steps


def screening_step(counts: dict[str, int], entries) -> str:
    """The demo's screening line: against which lists (with their as-of dates: the default lists are
    the US snapshot and the curated list, not "the curated lists") and what is new since the last run."""
    dated: dict[str, set[str]] = {}
    for e in entries:
        dated.setdefault(e.list_id, set()).add(e.source_date or "?")
    dates = sorted({d for ds in dated.values() for d in ds})
    return (f"screened {counts['subjects']} institutions and parties against the {len(dated)} default lists "
            f"(as of {', '.join(dates) or '?'}): {counts['hits']} hits, {counts['new']} new since the last run, "
            f"{counts['kept_decisions']} analyst decisions kept")
