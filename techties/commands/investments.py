"""CLI: investments, initiatives, the cooperation network, and loading curated / Crunchbase data.

Commands (registered by techties.cli):
  techties investments --pair CN RU --baseline US [--rule whole|equal-split|look-through] [--years 2016-2021]
                       [--format table|json|csv] [--db PATH] [--crunchbase PATH] [--ai-only]
  techties initiatives [--kind K] [--sector S] [--since YYYY] [--country CC] [--status S]
                       [--timeline kind|sector|area|status] [--format table|json|csv]
  techties network --out FILE.graphml|FILE.json [--db PATH]
  techties ingest-curated [--db PATH] [--dir DIR]      techties curated-check [DIR]
  techties ingest-crunchbase PATH [--db PATH]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from techties.config import DB_HELP
from techties.errors import UsageError
from techties.resolve.investments import load_crunchbase, load_curated
from techties.warehouse.loaders import deals_from_warehouse, ownership_from_warehouse
from techties.years import year_set

FORMATS = ("table", "json", "csv")


# -- output helpers ------------------------------------------------------------------------------
def _check_format(fmt: str) -> None:
    """One wording of a bad --format for every command (`terminal.check_format`), exit 2."""
    from techties.terminal import check_format

    check_format(fmt, FORMATS)


def _print_table(title: str, columns: list[str], rows: list[dict[str, Any]], caption: str | None = None) -> None:
    """Names from the data stay literal text, control characters escaped (`terminal.rich_table`)."""
    from techties.terminal import cell, out, rich_table

    out().print(rich_table(title, columns, [[r.get(c) for c in columns] for r in rows],
                           caption=cell(caption) if caption else None, show_lines=False))


def _json(value: Any) -> None:
    """JSON on stdout as every command writes it (`terminal.json_text`): bidi and C1 controls from a name
    escaped, so that a Crunchbase cell or a curated title cannot drive the terminal."""
    from techties.terminal import json_text

    typer.echo(json_text(value))


def _csv(rows: list[dict[str, Any]], columns: list[str] | tuple[str, ...]) -> None:
    """CSV on stdout as every command writes it (`terminal.emit`): formula-safe, controls escaped on a terminal."""
    from techties.terminal import emit

    emit(columns, rows, "csv")


def _line(text: str, err: bool = False) -> None:
    """A status line with the data's names in it (a deal id, a file name), control characters shown escaped."""
    from techties.terminal import safe

    typer.echo(safe(text), err=err)


def _money(v: float | None, n_disclosed: int = 1, n_undisclosed: int = 0) -> str:
    """USD in millions; with only undisclosed deals behind it, "undisclosed" (was "$0.0M", read as none)."""
    if not n_disclosed and not n_undisclosed:
        return "no deals"
    if v is None or not n_disclosed:
        return "undisclosed"
    return f"${v / 1e6:,.1f}M"


def network_summary(out: Path, edges: list[dict[str, float]], n_nodes: int, curated_on: dict[str, str],
                    works: tuple[Path, int, int] | None) -> list[str]:
    """What `network` wrote, with what every output states: the curated data's as-of dates, where the
    co-authorship ties come from and how many of those works are synthetic, and the version. It said "746
    organisations, 16355 ties {'initiative': 134, …}" (a Python dict), and nothing of the demo warehouse's
    synthetic works behind most of the ties. `edges`: each tie's weight by kind."""
    from techties.warehouse.store import versions

    kinds: dict[str, int] = {}
    for tie in edges:
        for name in tie:
            kinds[name] = kinds.get(name, 0) + 1
    per_kind = ", ".join(f"{name} {n:,}" for name, n in kinds.items()) or "none"
    dates = ", ".join(f"{curated_on.get(f) or 'unknown'} ({f})" for f in ("initiatives.yaml", "deals.yaml"))
    lines = [f"{out}: {n_nodes:,} organisations, {len(edges):,} ties (by kind, a tie may be of several: {per_kind});"
             " curated initiatives and deals "
             f"as of {dates}; techties {versions()['techties']}"]
    if works is None:
        return [*lines, "no co-authorship ties: name a warehouse with --db"]
    path, n, synthetic = works
    lines.append(f"co-authorship ties from {path}: {n:,} works, {synthetic:,} of them synthetic")
    if synthetic:
        lines.append(f"SYNTHETIC: {synthetic:,} of the warehouse's {n:,} works, whose co-authors make the ties, are "
                     "generated (the demo's), not real")
    return lines


# -- commands ------------------------------------------------------------------------------------
def _check_initiative_filters(kind: str | None, sector: str | None, since: str | None, status: str | None,
                              country: str | None = None, timeline_by: str | None = None) -> None:
    """A filter no initiative can match is a usage error (exit 2) naming the choices: `--since abc`,
    `--sector robotcs` or `--country XX` listed "0 initiatives", exit 0, as if there were none."""
    from techties.metrics.query import country_code

    if country is not None:
        country_code(country, "--country")
    if timeline_by is not None and timeline_by not in TIMELINE_BY:
        raise UsageError(f"--timeline {timeline_by[:30]!r}: one of {', '.join(TIMELINE_BY)}")
    import re

    from techties.sources.curated import INITIATIVE_KINDS, SECTORS, STATUSES

    if since is not None and not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", since):
        raise UsageError(f"--since {since!r}: write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2016")
    if since is not None and len(since) == 10:
        import datetime as dt

        try:
            dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since {since!r}: no such day: write a date as YYYY, YYYY-MM or YYYY-MM-DD, "
                             "e.g. 2016") from None
    if kind is not None and kind.casefold() not in {k.casefold() for k in INITIATIVE_KINDS}:
        raise UsageError(f"--kind {kind!r}: one of {', '.join(INITIATIVE_KINDS)}")
    if sector is not None and not any(sector.casefold() in s.casefold() for s in SECTORS):
        raise UsageError(f"--sector {sector!r} names no sector: one of {', '.join(SECTORS)} (or part of one)")
    if status is not None and status.casefold() not in {s.casefold() for s in STATUSES}:
        raise UsageError(f"--status {status!r}: one of {', '.join(STATUSES)}")


def _check_curated_folder(directory: Path | None) -> None:
    """A --dir that is missing, a file, or a folder holding none of the curated files: one line, exit 4 (the
    last was four "DIR/sources.yaml:0: (file): missing from DIR" lines; one missing file of four is still said
    as a problem of its own)."""
    from techties.errors import InputError
    from techties.sources.curated import FILES

    if directory is not None and not directory.is_dir():
        raise InputError(f"curated folder not found: {directory}" if not directory.exists()
                         else f"{directory}: a file, not a curated folder (sources.yaml, organisations.yaml…)")
    if directory is not None and not any((directory / name).exists() for name in FILES.values()):
        first, *others = FILES.values()
        raise InputError(f"{directory}: no curated data in this folder ({directory / first}, {', '.join(others)}: "
                         "all missing)")


def _curated_errors(directory: Path | None, errors: list[str]) -> None:
    """Each problem as `error: FOLDER/FILE:LINE: …` on stderr, then exit 4: malformed input, not an
    unexpected failure (it was exit 1, which the README keeps for bugs)."""
    from techties.errors import EXIT_INPUT
    from techties.terminal import message

    where = f"{directory}/" if directory is not None else ""
    for e in errors:
        message(f"error: {where}{e}")
    raise typer.Exit(EXIT_INPUT)


def _curated_folder(directory: Path | None) -> Any:
    """The curated data of --dir, checked as `curated-check` and `ingest-curated` check it: `initiatives
    --dir /tmp` was "unexpected CuratedDataError", exit 1, where they print each problem, exit 4."""
    from techties.sources.curated import CuratedDataError, load_curated_dir

    _check_curated_folder(directory)
    try:
        return load_curated_dir(directory)
    except CuratedDataError as exc:
        _curated_errors(directory, exc.errors)


TIMELINE_BY = ("kind", "sector", "area", "status")  # what `metrics.initiatives.timeline` counts by


def _checked_query(pair: tuple[str, str], baseline: str,
                   years: str | None) -> tuple[tuple[str, str], str | None, set[int] | None]:
    """The pair, baseline and years, checked as `techties research` checks them (UsageError, exit 2): a
    code that is no country, a pair of one country or a reversed range would print empty tables."""
    from techties.metrics.query import country_code

    a, b = country_code(pair[0], "--pair"), country_code(pair[1], "--pair")
    if a == b:
        raise UsageError(f"--pair {a} {b}: the two countries must differ")
    base = country_code(baseline, "--baseline") if baseline.strip() else None
    if base in (a, b):
        raise UsageError(f"--baseline {base}: the baseline must be a third country, not one of the pair {a} {b}")
    return (a, b), base, year_set(years)


def _deals_provenance(curated: Any, db: Path | None, crunchbase: Path | None,
                      db_as_of: str | None = None) -> dict[str, Any]:
    """What the figures were computed from, as every other output states it: the date the deals were
    recorded (with --db, the warehouse's own: `metrics.provenance.deals_as_of`; else `curated_on` of the
    shipped deals.yaml), where they were read, and the versions."""
    from techties.warehouse.store import versions

    data = f"warehouse {db}" if db is not None else "curated deals.yaml"
    if crunchbase is not None:
        data += f" and Crunchbase export {crunchbase}"
    as_of = db_as_of if db is not None else (curated.curated_on or {}).get("deals.yaml")
    return {"as_of": as_of, "data": data, "versions": versions()}


CSV_PROVENANCE = ("as_of", "data", "techties_version")  # added after the figures' columns on every CSV row


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("investments")
    def investments_cmd(
        pair: tuple[str, str] = typer.Option(("CN", "RU"), "--pair", help="Two ISO 3166-1 alpha-2 country codes."),
        baseline: str = typer.Option("US", "--baseline", help="Baseline country, ISO alpha-2 ('' for none)."),
        rule: str = typer.Option("whole", "--rule", help="How a deal's value is credited: whole | equal-split | "
                                                         "look-through"),
        years: str = typer.Option(None, "--years", help="Years of announcement: a year, a range or a list, e.g. "
                                                        "2016-2021 or 2017,2019 (default: all years)"),
        fmt: str = typer.Option("table", "--format", help="table | json | csv"),
        db: Path = typer.Option(None, "--db", help="Deals and ownership from this warehouse (default: the curated "
                                                   "deals shipped with techties)."),
        crunchbase: Path = typer.Option(None, "--crunchbase", help="Also read a Crunchbase export file/folder "
                                                                   "(default: none)."),
        ai_only: bool = typer.Option(False, "--ai-only", help="Only deals marked AI-related (default: all deals)."),
    ) -> None:
        """Investment value and deal counts per direction and year, with the attribution rule stated."""
        from techties.metrics.investment import check_rule, disclosed_value, investment_report
        from techties.records import BadRecord
        from techties.sources.crunchbase import OrgIndex, read_crunchbase
        from techties.sources.curated import load_curated_dir

        _check_format(fmt)
        check_rule(rule)
        pair_u, base_u, wanted = _checked_query(pair, baseline, years)
        curated = load_curated_dir()
        db_as_of = None
        if db is not None:
            from techties.config import reading_db
            from techties.metrics.provenance import deals_as_of
            from techties.warehouse.store import Warehouse

            with Warehouse(reading_db(db), read_only=True) as wh:
                db_as_of = deals_as_of(wh.con)
                deals = deals_from_warehouse(wh.con, curated)
                ownership = ownership_from_warehouse(wh.con)  # the warehouse's own shares, where loaded
        else:
            from techties.metrics.investment import deals_from_curated

            deals = deals_from_curated(curated)
            ownership = None
        n_bad = 0
        if crunchbase is not None:
            from techties.sources.crunchbase import check_export

            check_export(crunchbase)  # a wrong file stops here, as in ingest-crunchbase (it was one row skipped)
            for rec in read_crunchbase(crunchbase, OrgIndex(curated)):
                if isinstance(rec, BadRecord):
                    n_bad += 1
                    _line(f"{rec.file}:{rec.line}: skipped: {rec.error}", err=True)
                else:
                    deals.append(rec)
        report = investment_report(deals, pair_u, base_u, rule, wanted,
                                   ownership or curated, ai_only=ai_only)
        provenance = _deals_provenance(curated, db, crunchbase, db_as_of)
        if fmt == "json":
            out = report.as_dict()
            out["n_rows_skipped"] = n_bad
            out["provenance"] = provenance
            _json(out)
            return
        rows = [{"rule": rule, "direction": r.direction, "year": r.year,
                 "value_usd": disclosed_value(r.value_usd, r.n_disclosed),
                 "n_disclosed": r.n_disclosed, "n_undisclosed": r.n_undisclosed, "deal_ids": "; ".join(r.deal_ids)}
                for r in report.rows]
        if fmt == "csv":
            stamp = {"as_of": provenance["as_of"] or "unknown", "data": provenance["data"],
                     "techties_version": provenance["versions"]["techties"]}
            _csv([{**r, **stamp} for r in rows], ["rule", "direction", "year", "value_usd", "n_disclosed",
                                                  "n_undisclosed", "deal_ids", *CSV_PROVENANCE])
            if report.empty_note:  # stdout carries only the CSV; the reason goes beside it
                _line(report.empty_note, err=True)
            return
        for r in rows:
            r["value"] = _money(r["value_usd"], r["n_disclosed"], r["n_undisclosed"])
        caption = f"Attribution rule — {report.rule_text}. Undisclosed deals are counted apart, with no value."
        _print_table(f"Investment by direction and year ({rule})",
                     ["direction", "year", "value", "n_disclosed", "n_undisclosed", "deal_ids"], rows, caption)
        totals = [{"direction": k, "value": _money(v["value_usd"], v["n_disclosed"], v["n_undisclosed"]),
                   "n_disclosed": v["n_disclosed"],
                   "n_undisclosed": v["n_undisclosed"]} for k, v in report.totals.items()]
        _print_table(f"Totals ({rule})", ["direction", "value", "n_disclosed", "n_undisclosed"], totals)
        tops = [{**t, "value": _money(t["value_usd"])} for t in report.top_deals]
        _print_table(f"Top {pair_u[0]}–{pair_u[1]} deals ({rule})",
                     ["deal_id", "year", "direction", "target", "investors", "value"], tops)
        for note in report.fx_notes:
            _line(f"FX {note['deal_id']}: {note['amount']:,.0f} {note['currency']} = "
                  f"{(note['usd'] or 0):,.0f} USD at ECB rate of {note['rate_date']}"
                  + (f" ({note['note']})" if note["note"] else ""))
        if report.empty_note:
            _line(report.empty_note)
        _line(f"{report.n_deals} deals · deals as of {provenance['as_of'] or 'unknown'} ({provenance['data']}) · "
              f"techties {provenance['versions']['techties']}")

    @app.command("initiatives")
    def initiatives_cmd(
        kind: str = typer.Option(None, "--kind", help="Kind, e.g. fund or 'joint lab' (default: all; a wrong one "
                                                      "lists them)"),
        sector: str = typer.Option(None, "--sector", help="Sector or part of one, e.g. AI (default: all)"),
        since: str = typer.Option(None, "--since", help="Started on or after: YYYY, YYYY-MM or YYYY-MM-DD (default: "
                                                        "any date)"),
        country: str = typer.Option(None, "--country", help="ISO alpha-2 code of a party (default: any)"),
        status: str = typer.Option(None, "--status", help="announced | established | operating | stalled (default: "
                                                          "any)"),
        timeline_by: str = typer.Option(None, "--timeline", help="Counts per year by kind|sector|area|status "
                                                                 "(default: list the initiatives)"),
        fmt: str = typer.Option("table", "--format", help="table | json | csv"),
        directory: Path = typer.Option(None, "--dir", help="Curated folder (default: the shipped data)"),
    ) -> None:
        """List China–Russia S&T initiatives (with sources), filtered; or their timeline."""
        from techties.metrics.initiatives import (
            INITIATIVE_COLUMNS,
            empty_note,
            filter_initiatives,
            initiative_rows,
            timeline,
        )

        _check_format(fmt)
        _check_initiative_filters(kind, sector, since, status, country, timeline_by)
        data = _curated_folder(directory)
        items = filter_initiatives(data, kind, sector, since, country, status)
        why = empty_note(data, kind, sector, since, country, status)
        if why:  # beside CSV and JSON on stderr (stdout is the data); before the table in the table face
            _line(why, err=fmt != "table")
        if timeline_by:
            rows = timeline(items, timeline_by)
            cols = ["year", timeline_by, "count"]
            if fmt == "json":
                _json(rows)
            elif fmt == "csv":
                _csv(rows, cols)
            else:
                _print_table(f"Initiatives per year and {timeline_by}", cols, rows)
            return
        if fmt == "json":
            _json(initiative_rows(items, data))
        elif fmt == "csv":
            _csv(initiative_rows(items, data, flat=True), INITIATIVE_COLUMNS)
        else:
            _print_table(f"{len(items)} initiatives", ["id", "kind", "started_on", "status", "sectors", "parties"],
                         initiative_rows(items, data, flat=True))
            # the count's denominator and date, as every other figure states them
            _line(f"{len(items)} of {len(data.initiatives)} curated initiatives · as of "
                  f"{(data.curated_on or {}).get('initiatives.yaml') or 'unknown'} (initiatives.yaml)")

    @app.command("network")
    def network_cmd(
        out: Path = typer.Option(..., "--out", help="FILE.graphml (Gephi) or FILE.json (VOSviewer)"),
        db: Path = typer.Option(None, "--db", help="Warehouse with authorships for co-authorship ties"),
        min_coauthored: int = typer.Option(1, "--min-coauthored", min=1, help="Minimum shared works for a tie"),
    ) -> None:
        """Export organisations linked by co-authorship, deals and initiatives."""
        from techties.metrics.network import build_network, write_graphml, write_vosviewer
        from techties.sources.curated import load_curated_dir

        if out.suffix.lower() not in (".graphml", ".json"):
            raise typer.BadParameter("--out must end in .graphml or .json")
        from techties.config import output_file

        out = output_file(out, "--out", "GraphML or JSON file", f"network{out.suffix.lower()}")  # a folder: exit 2
        data = load_curated_dir()
        if db is not None:
            from techties.config import reading_db
            from techties.warehouse.store import Warehouse

            with Warehouse(reading_db(db), read_only=True) as wh:  # `~` expanded, as every command's --db
                net = build_network(data, wh.con, min_coauthored)
                works = (wh.path, net.provenance["works"], net.provenance["synthetic_works"])
                net.provenance["data"] = f"warehouse {wh.path}"
        else:
            net = build_network(data)
            works = None
        (write_graphml if out.suffix.lower() == ".graphml" else write_vosviewer)(net, out)
        for line in network_summary(out, list(net.edges.values()), len(net.nodes), data.curated_on, works):
            _line(line)

    @app.command("curated-check")
    def curated_check_cmd(directory: Path = typer.Argument(None, help="Curated folder (default: shipped)")) -> None:
        """Validate curated YAML; print one line per problem (file:line: field: problem)."""
        from techties.sources.curated import validate_dir

        _check_curated_folder(directory)
        errors = validate_dir(directory)
        if errors:
            _curated_errors(directory, errors)
        typer.echo("curated data valid")

    @app.command("ingest-curated")
    def ingest_curated_cmd(
        db: Path = typer.Option(None, "--db", help=DB_HELP),
        directory: Path = typer.Option(None, "--dir", help="Curated folder (default: the shipped data)"),
    ) -> None:
        """Validate and load the curated data into the warehouse (idempotent; all or nothing)."""
        from techties.config import named_db
        from techties.sources.curated import CuratedDataError, validate_dir
        from techties.warehouse.store import Warehouse

        _check_curated_folder(directory)
        errors = validate_dir(directory)  # before the warehouse is opened: bad data left a new, empty one behind
        if errors:
            _curated_errors(directory, errors)
        try:
            with Warehouse(named_db(db)) as wh:
                counts = load_curated(wh, directory)
        except CuratedDataError as exc:
            _curated_errors(directory, exc.errors)
        typer.echo(" ".join(f"{k}={v}" for k, v in counts.items()))

    @app.command("ingest-crunchbase")
    def ingest_crunchbase_cmd(
        path: Path = typer.Argument(..., help="Crunchbase export CSV file or folder"),
        db: Path = typer.Option(None, "--db", help=DB_HELP),
    ) -> None:
        """Import Crunchbase deals; malformed rows are quarantined with their line numbers."""
        from techties.config import named_db
        from techties.errors import EXIT_QUARANTINED, InputError
        from techties.sources.crunchbase import check_export
        from techties.sources.curated import load_curated_dir
        from techties.warehouse.store import Warehouse

        check_export(path)
        bad: list[Any] = []
        try:
            with Warehouse(named_db(db)) as wh:
                counts = load_crunchbase(wh, path, load_curated_dir(), quarantined=bad)
        except UnicodeDecodeError as exc:  # was "unexpected UnicodeDecodeError", exit 1
            raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the export"
                             " as UTF-8") from None
        for rec in bad[:20]:  # as `techties ingest` names them: file:line and why, on stderr
            where = path if path.is_file() else path / rec.file
            _line(f"quarantined {where}:{rec.line}: {rec.error}", err=True)
        if len(bad) > 20:
            _line(f"… {len(bad) - 20} more in the warehouse table `quarantine`", err=True)
        typer.echo(" ".join(f"{k}={v}" for k, v in counts.items()))
        if bad:
            raise typer.Exit(EXIT_QUARANTINED)
