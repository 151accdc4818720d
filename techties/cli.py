"""The `techties` command line: a thin layer over the Python API of each stage."""

from __future__ import annotations

import typer

from techties.commands import (
    classify,
    demo,
    export,
    ingest,
    investments,
    report,
    research,
    resolve,
    runs,
    screen,
    serve,
    spark_ingest,
)

app = typer.Typer(
    name="techties",
    help="An open, reproducible observatory of technological cooperation between countries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.command("version")
def version() -> None:
    """Print the versions techties records with every run."""
    from techties.warehouse.store import versions

    for k, v in versions().items():
        typer.echo(f"{k} {v}")


for module in (ingest, research, demo, resolve, classify, screen, investments, report, serve, runs, export,
               spark_ingest):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
