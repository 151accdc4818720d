"""Expected failures and their exit statuses: one place, so every command and the web API agree.

A stage raises one of these with a one-line message; the CLI's error boundary prints
`error: <message>` on stderr and exits with `exit_code` (no traceback). The statuses are the
README's table.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_QUARANTINED = 3
EXIT_INPUT = 4
EXIT_BUDGET = 5
EXIT_ADDRESS_IN_USE = 6
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it): what was committed stays
EXIT_BROKEN_PIPE = 0  # the reader of stdout went away (`| head`): not a failure, nothing more to say


class TechtiesError(Exception):
    """An expected failure with a one-line message and a documented exit status."""

    exit_code = EXIT_UNEXPECTED


class UsageError(TechtiesError, ValueError):
    """A bad option or query (country code, year range, area…): exit 2. Also a ValueError, so
    callers that catch ValueError keep working."""

    exit_code = EXIT_USAGE


class InputError(TechtiesError):
    """An input file or warehouse that is missing, unreadable, locked or damaged: exit 4."""

    exit_code = EXIT_INPUT


class AddressInUse(TechtiesError):
    """`techties serve` cannot listen: the address and port are taken (or not this machine's): exit 6."""

    exit_code = EXIT_ADDRESS_IN_USE


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, however it arrives: Python's KeyboardInterrupt, or DuckDB's, which turns the signal
    into an error of the running query ("Query interrupted", a RuntimeError in the Python client), or
    into an error of the Python object it was reading when the signal came (an Arrow table registered
    for an insert: "Invalid Input Error: reading the schema of the object registered as 'in_works'
    failed: KeyboardInterrupt: ", or the stream's "… failed: … Python exception: … KeyboardInterrupt",
    which came out as "unexpected InvalidInputException", exit 1)."""
    import duckdb

    return (isinstance(exc, KeyboardInterrupt | duckdb.InterruptException)
            or (isinstance(exc, RuntimeError) and str(exc).startswith("Query interrupted"))
            or (isinstance(exc, duckdb.Error) and "KeyboardInterrupt" in str(exc)))


def run_status(exc: BaseException) -> str:
    """The status a run ended by `exc` is recorded with: `interrupted` (Ctrl-C: what was stored is kept and
    the same command resumes, as the CLI says) or `failed`."""
    return "interrupted" if is_interrupt(exc) else "failed"
