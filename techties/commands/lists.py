"""CLI: the restricted-party lists techties screens against (registered by techties.cli).

    techties lists update [--url URL]     fetch the current US Consolidated Screening List
    techties lists show                   the default lists, their entries and as-of dates
"""

from __future__ import annotations

import json

import typer


def register(app: typer.Typer) -> None:
    """Add the `lists` command group to the main app."""
    lists_app = typer.Typer(help="The restricted-party lists used by `techties screen`.", no_args_is_help=True)
    app.add_typer(lists_app, name="lists")

    @lists_app.command("update")
    def update(
        url: str = typer.Option(None, "--url", help="Where to fetch the CSL (default: trade.gov's bulk JSON)."),
        fmt: str = typer.Option("table", "--format", help="table | json"),
    ) -> None:
        """Fetch the current US Consolidated Screening List from trade.gov; `techties screen` then
        uses it by default in place of the shipped copies of the lists it covers."""
        from techties.errors import TechtiesError
        from techties.screen.update import CSL_URL, csl_dir, fetch_csl, lists_in_use
        from techties.terminal import check_format, safe

        check_format(fmt, ("table", "json"))  # before the download: "--format jsno" printed a table after it
        try:
            meta = fetch_csl(url or CSL_URL)
        except TechtiesError as e:  # one line: what failed, and what is screened against now
            typer.echo(f"error: {safe(str(e))}; {lists_in_use()}", err=True)
            raise typer.Exit(e.exit_code) from e
        if fmt == "json":
            typer.echo(json.dumps(meta, indent=2))
            return
        typer.echo(f"Consolidated Screening List: {meta['entries']} entries from {meta['url']}, "
                   f"retrieved {meta['retrieved_at']} (Last-Modified {meta['last_modified'] or '?'}), "
                   f"stored in {csl_dir()}")
        for source, n in meta["sources"].items():
            typer.echo(f"  {n:6d}  {source}")

    @lists_app.command("show")
    def show() -> None:
        """The lists `techties screen` uses by default, with entry counts and as-of dates."""
        from techties.screen.lists import default_lists

        seen: dict[str, list] = {}
        for e in default_lists():
            seen.setdefault(e.list_id, [e.list_name, e.source_date, 0])[2] += 1
        for lid, (name, date, n) in seen.items():
            typer.echo(f"{lid:24} {n:6d}  as of {date or '?'}  {name}")
