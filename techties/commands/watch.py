"""CLI: `techties watch` — store a dated snapshot of the indicators, compare it with the previous one
and with the rules, print the indicators and the alerts (table or JSON), write an Atom feed and a
Markdown digest."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from techties.config import DB_HELP, existing_db, output_file
from techties.errors import EXIT_USAGE, InputError, TechtiesError
from techties.metrics.query import build_query
from techties.terminal import check_format, out

FORMATS = ("table", "json")


def watch(
    pair: tuple[str, str] = typer.Option(..., "--pair", help="Two ISO country codes, e.g. --pair CN RU"),
    baseline: str | None = typer.Option(None, "--baseline", help="Baseline country, e.g. US (default: none)"),
    area: str | None = typer.Option(None, "--area", help="ai, ai-fields, robotics, nlp… or TAXONOMY:FIELD, as for "
                                                         "`research` (default: all works)"),
    years: str | None = typer.Option(None, "--years", help="Year range, e.g. 2010-2019 (default: all years)"),
    rules: Path | None = typer.Option(None, "--rules", help="Rules YAML (default: the shipped default_rules.yaml)"),
    db: Path | None = typer.Option(None, "--db", help=DB_HELP),
    fmt: str = typer.Option("table", "--format", help="table | json"),
    atom: Path | None = typer.Option(None, "--atom", help="Write the scope's alerts as an Atom feed to FILE"),
    markdown: Path | None = typer.Option(None, "--markdown", help="Write a Markdown digest of this run to FILE"),
) -> None:
    """Snapshot the pair's indicators, compare with the previous snapshot and the rules, raise alerts."""
    err = Console(stderr=True)
    try:
        _watch(pair, baseline, area, years, rules, db, fmt, atom, markdown, err)
    except TechtiesError as exc:
        from techties.watch.render import plain

        typer.echo(f"error: {plain(exc)}", err=True)
        raise typer.Exit(exc.exit_code) from None


def _watch(pair: tuple[str, str], baseline: str | None, area: str | None, years: str | None, rules_path: Path | None,
           db: Path | None, fmt: str, atom: Path | None, markdown: Path | None, err: Console) -> None:
    from techties.warehouse import Warehouse
    from techties.watch.feed import atom_feed
    from techties.watch.history import recent_alerts
    from techties.watch.render import as_json, json_text, markdown_digest, plain, print_table
    from techties.watch.rules import load_rules
    from techties.watch.run import alerts_synthetic, run_watch

    check_format(fmt, FORMATS)  # the wording every command gives (a UsageError: exit 2)
    q = build_query(pair[0], pair[1], baseline=baseline, years=years, area=area)
    rules = load_rules(rules_path)
    # a folder named as the feed or digest: wrong usage, exit 2, as every output file option (config.output_file)
    # (the missing folders of either are made: the README's cron line writes to $HOME/public/)
    atom = output_file(atom, "--atom", "Atom feed file", "alerts.xml", makes_folder=True) if atom else None
    markdown = (output_file(markdown, "--markdown", "Markdown file", "digest.md", makes_folder=True)
                if markdown else None)
    path = existing_db(db)  # as every command that writes into the warehouse: `~` expanded, must exist
    check_outputs(path, atom, markdown)  # before the run: a refused output stores no snapshot
    check_writable(atom, markdown)  # nor one that cannot be written
    with Warehouse(path) as wh:  # a locked or damaged warehouse: InputError, one line, exit 4
        try:
            result = run_watch(wh, q, rules)
        except ValueError as exc:  # the metrics' own query checks (e.g. an unknown area)
            typer.echo(f"error: {plain(exc)}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        if atom is not None:
            entries = recent_alerts(wh.con, result.snapshot.scope)
            _write(atom, atom_feed(result.snapshot.scope, entries, result.snapshot.taken_at,
                                   alerts_synthetic(wh.con, result.snapshot.scope, entries)))
    if markdown is not None:
        _write(markdown, markdown_digest(result).encode("utf-8"))
    for note in result.skipped:
        typer.echo(f"note: rule {plain(note)}", err=True)
    if fmt == "json":
        if result.empty:  # the JSON keeps its two keys: the reason goes beside it
            typer.echo(plain(result.empty), err=True)
        typer.echo(json_text(as_json(result)))
    else:
        print_table(out(), result)  # piped or redirected: not squeezed to 80 columns, as every table
        for label, target in (("Atom feed", atom), ("Markdown digest", markdown)):
            if target is not None:
                err.print(f"wrote {label} to {plain(target)}", markup=False)


# What an earlier run wrote there begins with: only such a file is replaced (cron reruns the same command)
_OURS = {"--atom": (b"<?xml", b"<feed"), "--markdown": (b"# techties watch",)}


def check_outputs(db: Path, atom: Path | None, markdown: Path | None) -> None:
    """--atom / --markdown may replace an earlier feed or digest, never the warehouse or another file:
    `--atom warehouse.duckdb` replaced the warehouse with the feed, `--markdown README.md` a user's file."""
    if atom is not None and markdown is not None and atom.resolve() == markdown.resolve():
        raise InputError(f"{atom}: named by both --atom and --markdown: give each its own file")
    for option, target in (("--atom", atom), ("--markdown", markdown)):
        if target is None or not target.exists():
            continue
        if db.exists() and target.resolve() == db.resolve():
            raise InputError(f"{target}: {option} names the warehouse itself: give another file")
        try:
            with target.open("rb") as fh:
                head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        except OSError as exc:
            raise InputError(f"{target}: cannot read: {exc.strerror or exc.__class__.__name__}") from None
        if head and not head.startswith(_OURS[option]):
            raise InputError(f"{target}: exists and is not a techties {option[2:]} output: not replaced "
                             "(remove it or give another file)")


def check_writable(*targets: Path | None) -> None:
    """Each output's folder made and a file created and removed in it, before the run: `--atom /sys/a.xml`
    (a folder the user may not write) stored the snapshot, then failed with nothing printed, and the next
    run compared with that snapshot, so that its alerts were never shown."""
    import tempfile

    for target in targets:
        if target is None:
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"):
                pass
        except OSError as exc:
            raise InputError(f"{target}: cannot write: {exc.strerror or exc.__class__.__name__}") from None


def _write(path: Path, data: bytes) -> None:
    from techties.watch.feed import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc.__class__.__name__}") from None


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)
