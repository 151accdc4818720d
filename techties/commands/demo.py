"""CLI: `techties demo` — the whole pipeline offline on bundled data."""

from __future__ import annotations

from pathlib import Path

import typer

from techties.config import demo_db, named_db
from techties.demo import build_demo
from techties.errors import TechtiesError
from techties.ingest import IngestReport
from techties.metrics.export import print_result
from techties.metrics.provenance import warehouse_provenance
from techties.metrics.research import ResearchQuery, compute_research
from techties.terminal import message, out
from techties.warehouse import Warehouse


def demo(
    from_: list[Path] = typer.Option(None, "--from", help="Build from your own exports (any kind `techties ingest "
                                                          "auto` reads: WoS, OpenAlex, Scopus, Lens, Dimensions, "
                                                          "PubMed, CNKI) instead of the bundled sample"),
    db: Path | None = typer.Option(None, "--db", help="Demo warehouse (default: ~/.techties/demo.duckdb)"),
    pair: tuple[str, str] = typer.Option(("CN", "RU"), "--pair", help="The pair whose tables are printed"),
    baseline: str = typer.Option("US", "--baseline", help="Baseline country of the printed tables"),
    more: list[Path] = typer.Argument(None, metavar="FILE", show_default=False,
                                      help="More exports after --from: `--from a.txt b.csv`, or a shell glob"),
) -> None:
    """Build the demo warehouse offline and print the country-pair tables."""
    from techties.metrics.query import build_query

    from_ = from_exports(from_, more)

    # the pair and baseline checked before the demo is built (a minute), as every command checks them
    q = build_query(pair[0], pair[1], baseline=baseline.strip() or None)
    console = out()
    path = named_db(db, demo_db)
    try:
        report = build_demo(path, from_ or None)
    except TechtiesError:
        raise  # the CLI boundary prints its one line with its own exit status (unknown format: 2)
    except (FileNotFoundError, ValueError) as exc:
        message(f"error: {exc}")
        raise typer.Exit(4) from None
    for ing in report.ingests:
        message(ingest_line(ing))
    for step in report.steps:  # status lines on stderr: stdout carries the tables
        message(step)
    with Warehouse(path, read_only=True) as wh:
        result = compute_research(wh.con, ResearchQuery(a=q.a, b=q.b, baseline=q.baseline))
        prov = warehouse_provenance(wh.con)
    print_result(console, result)
    message(f"demo warehouse: {path} · as of {prov['as_of']}")


def from_exports(named: list[Path] | None, more: list[Path] | None) -> list[Path] | None:
    """The exports to build from: `--from` takes one file, so the README's `--from FILE…` (`--from a.txt b.csv`,
    `--from savedrecs*.txt`) was "Got unexpected extra argument(s)": the files after it count too. Files with
    no `--from` before them are a usage error (exit 2): the demo would otherwise build the bundled sample."""
    from techties.errors import UsageError

    if more and not named:
        raise UsageError(f"name your exports after --from: techties demo --from {' '.join(map(str, more))}")
    return [*(named or []), *(more or [])] or None


def ingest_line(ing: IngestReport) -> str:
    """One ingest of the demo in one line. A rerun read nothing ("read 0, stored 0", as if the demo had failed):
    it says that its files were already in the warehouse."""
    skipped = sum(1 for f in ing.files if f.skipped)
    if ing.files and skipped == len(ing.files):
        return (f"ingested: nothing new, the warehouse already holds {'this file' if skipped == 1 else 'these files'}"
                f" (same content: {skipped} skipped)")
    from techties.commands.ingest import merged_note

    return (f"ingested: read {ing.n_read}, stored {ing.n_ok}, quarantined {ing.n_quarantined}"
            + merged_note(ing.n_merged)
            + (f"; {skipped} of {len(ing.files)} files already held, skipped" if skipped else ""))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
