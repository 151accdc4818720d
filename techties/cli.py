"""The `techties` command line: a thin layer over the Python API of each stage."""

from __future__ import annotations

import inspect
import os
import re
import sys
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from techties.commands import (
    classify,
    collect,
    demo,
    export,
    ingest,
    investments,
    lists,
    report,
    research,
    resolve,
    runs,
    screen,
    serve,
    spark_ingest,
    watch,
)
from techties.errors import is_interrupt

try:  # Typer 0.2x carries its own copy of Click: its exceptions are those classes, not click's
    from typer._click.exceptions import NoArgsIsHelpError, NoSuchOption, UsageError
except ImportError:  # pragma: no cover - an older Typer on the click package
    from click.exceptions import NoArgsIsHelpError, NoSuchOption, UsageError

DEBUG_ENV = "TECHTIES_DEBUG"
_INPUT_OS_ERRORS = (FileNotFoundError, FileExistsError, PermissionError, IsADirectoryError, NotADirectoryError)


def boundary_error(exc: BaseException) -> Any:
    """The one-line error and exit status for an exception that reached the CLI, or None to let it
    pass (Click's own exits and usage errors). Expected failures keep their documented status;
    anything else is exit 1 with a hint to rerun with --debug."""
    import duckdb

    from techties.errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_UNEXPECTED, TechtiesError
    from techties.warehouse.store import warehouse_error

    if isinstance(exc, typer.Exit | typer.Abort | TyperException):  # Click's own: exits and usage errors
        return None
    if is_interrupt(exc):
        return INTERRUPTED, EXIT_INTERRUPTED
    if isinstance(exc, TechtiesError):
        return str(exc), exc.exit_code
    if isinstance(exc, duckdb.IOException | duckdb.Error) and _is_warehouse_error(exc):
        return str(warehouse_error(exc)), EXIT_INPUT
    if isinstance(exc, _INPUT_OS_ERRORS):
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        why = " (a folder was to be created there: name another one)" if isinstance(exc, FileExistsError) else ""
        return f"{name}{exc.strerror or exc}{why}", EXIT_INPUT
    first = (str(exc).splitlines() or [""])[0][:300]
    return (f"unexpected {type(exc).__name__}: {first} (run again as `techties --debug …` for the traceback)",
            EXIT_UNEXPECTED)


INTERRUPTED = "interrupted (Ctrl-C): what was already stored is kept; run the same command again to resume"




def _is_warehouse_error(exc: BaseException) -> bool:
    text = str(exc)
    return any(s in text for s in ("Could not set lock", "not a valid DuckDB database", "Corrupt database",
                                   "database does not exist", "checksum"))


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def usage_line(exc: UsageError) -> str:
    """Click's usage error as one line (Click would print the usage, a hint and a framed message)."""
    where = exc.ctx.command_path if exc.ctx is not None else "techties"
    text = exc.format_message().rstrip(".")
    opts = (*getattr(getattr(exc, "param", None), "opts", ()), getattr(exc, "option_name", None))
    # `research CN RU` (missing) or `--pair CN-RU` (one argument) came here; not `network --pair`, which has none
    if "--pair" in opts and not isinstance(exc, NoSuchOption):
        text += ": two country codes, e.g. --pair CN RU"
    return f"{text} (see `{where} --help`)"


def error_exit(text: str, code: int) -> NoReturn:
    """The boundary's one way out: `error: …` on stderr (untrusted text escaped), then exit `code`."""
    from techties.terminal import safe

    try:
        typer.echo(f"error: {safe(text)}", err=True)
    except BrokenPipeError:
        pass
    raise typer.Exit(code) from None


class UsageContext(typer.Context):
    """A command's context that claims the usage errors raised while it parses: Click's parser raises
    some (`Option '--pair' requires 2 arguments`) with no context, and the hint then named the root's
    help (`techties --help`) instead of the command's (`techties research --help`)."""

    def __exit__(self, exc_type: Any, exc_value: BaseException | None, tb: Any) -> Any:
        if isinstance(exc_value, UsageError) and exc_value.ctx is None:
            exc_value.ctx = self
        return super().__exit__(exc_type, exc_value, tb)


def use_usage_context(command: Any) -> None:
    """Every command and group under `command` makes a UsageContext (an instance attribute: Click's
    classes and other programs are untouched)."""
    command.context_class = UsageContext
    for sub in (getattr(command, "commands", None) or {}).values():
        use_usage_context(sub)


_LIST_ITEM = re.compile(r"\s|[-*•] |\d+[.)] ")  # an indented line or a list item keeps its line break


def reflowed_help(text: str | None) -> str | None:
    """A command's docstring with each paragraph on one line, so that the help wraps it once, at the
    terminal's width: the docstrings are wrapped at ~110 columns, and Typer's Rich help kept those
    breaks and wrapped again ("…(or the / Consolidated / Screening List…" at 80 columns). Blank lines
    (paragraph breaks), indented lines and list items ("- ", "* ", "1. ") keep their line breaks."""
    if not text:
        return text
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):  # Click's mark of a paragraph not to rewrap
            paragraphs.append(paragraph)
            continue
        lines: list[str] = []
        for line in paragraph.split("\n"):
            if lines and not _LIST_ITEM.match(line) and line.strip():
                lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def reflow_help(command: Any) -> None:
    """Every command and group under `command` gets its help reflowed (`reflowed_help`)."""
    command.help = reflowed_help(command.help)
    for sub in (getattr(command, "commands", None) or {}).values():
        reflow_help(sub)


class BoundaryGroup(TyperGroup):
    """The CLI's one error boundary: every exception from any command becomes one line on stderr
    (`error: …`, untrusted text escaped) and the documented exit status, never a traceback, unless
    `--debug` (or TECHTIES_DEBUG=1) asks for it. A closed stdout (`| head`) ends quietly with 0."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_usage_context(self)  # each usage error names the help of the command that raised it
        reflow_help(self)  # docstrings wrap at the terminal's width, not at their own line breaks

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None,
                     **extra: Any) -> Any:
        """The root's own options (`techties --bogus`) fail here, before any command runs."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            error_exit(usage_line(exc), exc.exit_code)

    def invoke(self, ctx: typer.Context) -> Any:
        from techties.errors import EXIT_BROKEN_PIPE

        try:
            try:
                return super().invoke(ctx)
            finally:  # buffered output meets a closed pipe here, inside the boundary
                sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except NoArgsIsHelpError:  # a group named alone: Click prints its help
            raise
        except UsageError as exc:  # a sub-command's options, an unknown command
            error_exit(usage_line(exc), exc.exit_code)
        except (Exception, KeyboardInterrupt) as exc:
            if ctx.meta.get("techties.debug") or os.environ.get(DEBUG_ENV) == "1":
                raise
            found = boundary_error(exc)
            if found is None:
                raise
            error_exit(*found)


app = typer.Typer(
    cls=BoundaryGroup,
    name="techties",
    help="An open, reproducible observatory of technological cooperation between countries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.callback()
def root(ctx: typer.Context,
         debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an unexpected error")) -> None:
    """An open, reproducible observatory of technological cooperation between countries."""
    ctx.meta["techties.debug"] = debug


@app.command("version")
def version() -> None:
    """Print the versions techties records with every run."""
    from techties.warehouse.store import versions

    for k, v in versions().items():
        typer.echo(f"{k} {v}")


for module in (ingest, research, demo, resolve, classify, screen, investments, report, serve, runs, export,
               collect, lists, spark_ingest):
    module.register(app)

watch.register(app)  # techties watch (commands/watch.py)


def main() -> None:
    try:
        app()
    finally:  # output still buffered when stdout's reader has gone must not end in a traceback
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()


if __name__ == "__main__":
    main()
