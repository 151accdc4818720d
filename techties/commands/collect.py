"""CLI: `techties collect --pair A B [--baseline C] --years Y1-Y2 [--area …] [--dry-run] [--max-credits N]`.

Exit status: 0 the collection is complete; 3 complete, but some records were quarantined;
5 stopped by the daily budget or by --max-credits with every position saved (the same command
resumes); 4 the API unreachable or refusing the request after its retries (one line); 2 wrong usage.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from urllib.parse import urlsplit

import typer
from rich.table import Table

from techties.config import DB_HELP, named_db
from techties.errors import EXIT_BUDGET, EXIT_INPUT, EXIT_QUARANTINED, EXIT_USAGE
from techties.terminal import err, out

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """Text from the wire or a file, safe to print: no terminal control sequences."""
    return _CONTROL.sub("?", str(text))


def collect_command(
    pair: tuple[str, str] = typer.Option(..., "--pair", help="The two countries, e.g. --pair CN RU"),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline country, e.g. US (default: none)"),
    years: str = typer.Option(..., "--years", help="Publication years, e.g. 2010-2025"),
    area: str | None = typer.Option(None, "--area", help="all (default), ai (sample estimates scored by the "
                                    "shipped classifier), ai-fields (OpenAlex subfields 1702, 1707)"),
    api_key: str | None = typer.Option(None, "--api-key", envvar="OPENALEX_API_KEY", help="OpenAlex API key "
                                       "(free: 10,000 credits a day)"),
    base_url: str = typer.Option("https://api.openalex.org", "--base-url", help="API root (tests use a local one)"),
    db: Path | None = typer.Option(None, "--db", help=DB_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan with its cost (one call per query); "
                                 "store nothing"),
    max_credits: int | None = typer.Option(None, "--max-credits", min=1, help="Stop (resumably) before spending "
                                           "more than this many credits in this run; a new collection with "
                                           "--baseline needs at least 3 (the 2 baseline pairs' sizes, 1 query)"),
) -> None:
    """Plan and fetch from the OpenAlex API what a pair's brief needs: the pairs' records, yearly
    counts of each country's whole output and of each pair, and sample estimates for --area ai.
    A baseline pair whose records would cost more than the budget (--max-credits, else a day's
    credits) is not fetched: its yearly counts stand for it (and sample estimates for --area ai)."""
    from techties.collect import collect, fit_to_budget, next_plan, size_checks
    from techties.collect import dry_run as price_plan
    from techties.metrics.query import build_query
    from techties.sources.openalex_api import BudgetExhausted, OpenAlexClient, OpenAlexError
    from techties.sources.openalex_plan import check_area, price
    from techties.warehouse import Warehouse

    try:  # countries and years as research checks them (ISO 3166 codes, earlier year first), then collect's areas
        q = build_query(pair[0], pair[1], baseline=baseline, years=years)
        a, b, c, span = q.a, q.b, q.baseline, q.years
        area_key = check_area(area)
        url = urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise ValueError(f"--base-url {base_url[:60]!r}: give an http:// or https:// address, e.g. "
                             "https://api.openalex.org")
        if span is None:
            raise ValueError("--years: give the publication years, e.g. 2010-2019")
    except ValueError as exc:
        err().print(f"error: {plain(exc)}", highlight=False, markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    path = named_db(db)
    if max_credits is not None:
        need, why = _credits_to_start(Path(path), a, b, c, span, area_key)
        if max_credits < need:
            err().print(f"error: --max-credits {max_credits} can never start this collection: {why}; use "
                      f"--max-credits {need} or more", highlight=False, markup=False)
            raise typer.Exit(EXIT_USAGE)
    client = OpenAlexClient(base_url=base_url, api_key=api_key, max_credits=max_credits)
    try:
        if dry_run:
            wh = Warehouse(path) if Path(path).exists() else None
            checks: list = []
            notes: list[str] = []
            known: dict[str, int] = {}

            def fit(plan):  # noqa: ANN001, ANN202 - what collect does to a new collection's plan
                fitted, said, counts = fit_to_budget(client, plan, _budget(max_credits))
                checks.extend(price(s, counts[s.filter]) for s in size_checks(plan))
                notes.extend(said)
                known.update(counts)
                return fitted

            try:
                _plan, steps = next_plan(wh, a, b, c, span, area_key, fit=fit)
            finally:
                if wh is not None:
                    wh.close()
            sized = [dataclasses.replace(p, pages=1, credits=1) for p in checks]  # a size check: one call
            _print_plan(sized + price_plan(client, steps, known), client, api_key, notes, len(sized))
            return
        _collect(collect, Warehouse, client, path, a, b, c, span, area_key,
                 {"pair": [a, b], "baseline": c, "years": list(span), "area": area_key, "base_url": base_url,
                  "max_credits": max_credits})
    except BudgetExhausted as exc:
        when = "" if "--max-credits" in str(exc) else " (after the API's daily reset)"  # a cap of ours: now
        err().print(f"stopped: {plain(exc)} — every query's position is saved: run the same command again{when} "
                    "to resume", highlight=False, markup=False)
        raise typer.Exit(EXIT_BUDGET) from None
    except OpenAlexError as exc:  # unreachable, or refusing the request after the retries: an input not usable
        err().print(f"error: {plain(exc)}", highlight=False, markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    except ValueError as exc:
        err().print(f"error: {plain(exc)}", highlight=False, markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        client.close()


def _collect(collect, warehouse_cls, client, path, a, b, c, span, area, params) -> None:  # noqa: ANN001
    """Run the collection inside a recorded run that never stays `running`."""
    from techties.commands.ingest import merged_note, note_synthetic
    from techties.warehouse.work_countries import refresh_work_countries

    stdout = out()
    with warehouse_cls(path) as wh:
        note_synthetic(wh)  # the demo warehouse as --db: what is fetched is counted with its synthetic works
        run_id = wh.start_run("techties collect", params, [{"api": client.base_url}])
        status, report = "failed", None
        try:
            report = collect(wh, client, run_id, a, b, c, span, area, budget=_budget(params["max_credits"]))
            status = "ok-with-quarantine" if report.n_quarantined else "ok"
        except BaseException as exc:
            from techties.sources.openalex_api import BudgetExhausted

            if isinstance(exc, BudgetExhausted):
                status = "stopped"
            raise
        finally:
            counts = (report.n_read, report.n_ok, report.n_quarantined) if report else _run_counts(wh, run_id)
            refresh_work_countries(wh.con)  # the work x country table in step with the works stored
            wh.finish_run(run_id, status, *counts)
        for note in report.notes:
            stdout.print(plain(note), highlight=False, markup=False, soft_wrap=True)
        what = "resumed collection" if report.resumed else "collection"
        since = f", records updated since {report.since}" if report.since else ""
        stdout.print(f"run {run_id}: {what} {report.collection} complete{since}: fetched {report.n_read} works, "
                  f"stored {report.n_ok}, quarantined {report.n_quarantined}{merged_note(report.n_merged)}; "
                  f"{report.n_series} count-series "
                  f"values; {client.credits_spent} credits", highlight=False, markup=False, soft_wrap=True)
        if report.n_quarantined:
            rows = wh.con.execute("SELECT file, line, error FROM quarantine WHERE run_id = ? ORDER BY file, line"
                                  " LIMIT 20", [run_id]).fetchall()
            for file, line, error in rows:
                err().print(plain(f"quarantined {file}:{line}: {error}"), style="yellow", highlight=False,
                          markup=False)
            raise typer.Exit(EXIT_QUARANTINED)


def _credits_to_start(path: Path, a: str, b: str, c: str | None, span: tuple[int, int], area: str) -> tuple[int, str]:
    """`collect.credits_to_start` on the warehouse as it is (read-only; none yet: a new collection)."""
    from techties.collect import credits_to_start
    from techties.warehouse import Warehouse

    if not path.exists():
        return credits_to_start(None, a, b, c, span, area)
    with Warehouse(path, read_only=True) as wh:
        return credits_to_start(wh, a, b, c, span, area)


def _run_counts(wh, run_id: str) -> tuple[int, int, int]:  # noqa: ANN001
    """Counts of a run that stopped midway: what it stored and quarantined so far."""
    n_ok = wh.con.execute("SELECT count(*) FROM works WHERE run_id = ?", [run_id]).fetchone()[0]
    n_bad = wh.con.execute("SELECT count(*) FROM quarantine WHERE run_id = ?", [run_id]).fetchone()[0]
    return int(n_ok + n_bad), int(n_ok), int(n_bad)


def _budget(max_credits: int | None) -> int | str:
    """The credits a baseline pair's records may cost: --max-credits, else a day's (as the API says)."""
    return max_credits if max_credits is not None else "daily"


def _print_plan(priced, client, api_key: str | None, notes: tuple[str, ...] | list[str] = (),  # noqa: ANN001
                n_checks: int = 0) -> None:
    """The plan's table (its first `n_checks` rows: the baseline pairs' size checks), the notes,
    the days it takes, and `credits=N` last."""
    from techties.collect import daily_credits

    stdout = out()
    table = Table("query", "works", "pages", "credits", title="techties collect: the plan")
    for i, p in enumerate(priced):
        what = f"size of {p.step.scope} (meta.count)" if i < n_checks else p.step.request
        table.add_row(plain(what), f"{p.works:,}", f"{p.pages:,}", f"{p.credits:,}")
    stdout.print(table, markup=False, highlight=False)
    for note in notes:
        stdout.print(plain(note), highlight=False, markup=False, soft_wrap=True)
    credits = sum(p.credits for p in priced)
    known = client.rate_limit.limit if client.rate_limit and client.rate_limit.limit else None
    daily = daily_credits(client)
    basis = "as the API reports for this key" if known else ("a free key's" if api_key else "without a key")
    days = math.ceil(credits / daily) if credits else 0
    stdout.print(f"{credits:,} credits = {days} day(s) at {daily:,} credits a day ({basis}); "
              f"this dry run spent {client.credits_spent} credits", highlight=False, soft_wrap=True)
    typer.echo(f"credits={credits}")


def register(app: typer.Typer) -> None:
    app.command("collect")(collect_command)
