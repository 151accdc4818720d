"""CLI: `techties resolve …` — resolve raw affiliation strings (registered by techties.cli)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import typer

from techties.errors import TechtiesError
from techties.sources.csvutil import LineReader, decoded_lines, iter_records

resolve_app = typer.Typer(
    name="resolve",
    help="Resolve raw affiliation strings: the country each one names.",
    no_args_is_help=True,
)

DELIMITERS = (",", ";", "\t", "|")
EXIT_USAGE = 2  # a bad option: --delimiter, --column not in the header, --output the same file as --input
EXIT_SKIPPED_ROWS = 3
EXIT_BAD_INPUT = 4  # an input that cannot be used (missing, not UTF-8, empty): the README's status (was 1)
_NUMBER = re.compile(r"[-+]?\d[\d.,]*(?:[eE][-+]?\d+)?")


class InputError(Exception):
    """Input the command cannot use at all (missing file, no such column): one line for the user."""

    exit_code = EXIT_BAD_INPUT


class OptionError(InputError):
    """An option that does not fit the input (no such column, --output the input itself)."""

    exit_code = EXIT_USAGE


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    from techties.terminal import message as say

    say(f"error: {message}")
    return typer.Exit(code)


def sniff_delimiter(header_line: str, column: str) -> str:
    """The delimiter that splits the header so that it holds `column`, else the one giving most fields."""
    best, best_n = ",", 1
    for d in DELIMITERS:
        fields = next(csv.reader([header_line], delimiter=d), [])
        if column in (f.strip() for f in fields):
            return d
        if len(fields) > best_n:
            best, best_n = d, len(fields)
    return best


def safe_cell(cell: str) -> str:
    """A copied cell a spreadsheet would run as a formula is prefixed with a quote (numbers are kept);
    bidi controls are escaped as in every CSV (`safety.escape_bidi`)."""
    from techties.safety import escape_bidi, safe_csv_cell

    cell = escape_bidi(cell)
    if not cell or cell[0] not in "=+-@\t\r" or _NUMBER.fullmatch(cell):
        return cell
    return safe_csv_cell(cell)




def resolve_country_csv(
    input_path: Path, column: str, output_path: Path, delimiter: str | None = None, explain: bool = False
) -> tuple[int, list[tuple[int, str, str]]]:
    """Copy a CSV and add `country_code` (and `country_evidence` with explain); returns (rows written,
    the malformed rows skipped as (line, kind, why)). Raises InputError for a missing file or column."""
    from techties.config import output_file
    from techties.resolve.countries import resolve_affiliation

    if input_path.is_dir():
        raise InputError(f"{input_path}: a folder, not a file: name the CSV file in it")
    if not input_path.is_file():
        raise InputError(f"{input_path}: no such file")
    # the output is written beside it as OUT.partial, then renamed into place (the rule of every output file)
    output_path = output_file(output_path, "--output", "CSV file", input_path.name)
    if output_path.exists() and output_path.samefile(input_path):  # opening it to write would empty the input
        raise OptionError(f"--output {output_path} is the input file: name another file")
    csv.field_size_limit(1 << 24)
    from techties.sources.detect import binary_kind

    with input_path.open("rb") as raw:
        what = binary_kind(raw.peek(8)[:8])
        if what:
            raise InputError(f"{input_path}: {what}, not a CSV file: save the sheet as CSV (UTF-8)")
        # decoded as every reader decodes (sources.io): Excel's UTF-16 "Unicode text", CR line ends
        fh = LineReader(decoded_lines(raw, str(input_path)))
        header_line = fh.readline()
        if not header_line.strip():
            raise InputError(f"{input_path}: line 1: empty file, no header row")
        delim = delimiter or sniff_delimiter(header_line.rstrip("\r\n"), column)
        header = next(csv.reader([header_line], delimiter=delim))
        names = [h.strip() for h in header]
        if column not in names:
            raise OptionError(
                f"{input_path}: no column {column!r} with delimiter {delim!r} (columns: {', '.join(names)})"
            )
        idx = names.index(column)
        extra = ["country_code", "country_evidence"] if explain else ["country_code"]
        written, skipped = 0, []
        partial = output_path.with_name(output_path.name + ".partial")  # renamed when complete: a failure
        try:                                                             # leaves no half-written output
            with partial.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, delimiter=delim, lineterminator="\n")
                writer.writerow([safe_cell(h) for h in header] + extra)
                for lineno, row, problem in iter_records(fh, delim, len(header)):
                    if row is None:
                        skipped.append((lineno + 1, *problem))  # +1: the header line was read before
                        continue
                    match = resolve_affiliation(row[idx])
                    tail = [match.code if match else ""]
                    if explain:
                        tail.append(match.evidence if match else "")
                    writer.writerow([safe_cell(c) for c in row] + [safe_cell(t) for t in tail])
                    written += 1
            partial.replace(output_path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return written, skipped


@resolve_app.command("country")
def country(
    input: Path = typer.Option(..., "--input", "-i", help="CSV file with a header row."),  # noqa: A002
    column: str = typer.Option(..., "--column", "-c", help="Column holding the affiliation strings."),
    output: Path = typer.Option(..., "--output", "-o", help="CSV file to write."),
    delimiter: str = typer.Option(
        None, "--delimiter", "-d", help="Field delimiter, e.g. ';' (default: detected from the header)."
    ),
    explain: bool = typer.Option(False, "--explain", help="Also write the evidence (country_evidence)."),
) -> None:
    """Copy a CSV and add `country_code`: the ISO 3166-1 alpha-2 code of the country each affiliation
    names (empty when unknown). HK, MO and TW are kept apart from CN.

    Exit 4 for a missing, empty or non-UTF-8 file, 2 for a column not in its header or an --output
    that is the input (nothing written in either case); exit 3 when malformed rows were skipped
    (their line numbers are reported; every other row is written).
    """
    if delimiter is not None:
        delimiter = {"\\t": "\t", "tab": "\t"}.get(delimiter, delimiter)
        if len(delimiter) != 1:
            raise _fail(f"--delimiter must be one character, not {delimiter!r}", EXIT_USAGE)
    try:
        written, skipped = resolve_country_csv(input, column, output, delimiter, explain)
    except (InputError, TechtiesError) as exc:  # techties.errors' from config.output_file
        raise _fail(str(exc), exc.exit_code) from None
    except OSError as exc:  # the file written first is OUT.partial: the user named OUT
        name = output if str(exc.filename or "").endswith(".partial") else exc.filename or output
        raise _fail(f"{name}: {exc.strerror}") from None
    typer.echo(f"{output}: {written} rows written", err=True)
    if skipped:
        for line in skipped_report(str(input), skipped):
            typer.echo(line, err=True)
        raise typer.Exit(EXIT_SKIPPED_ROWS)


def skipped_report(name: str, skipped: list[tuple[int, str, str]]) -> list[str]:
    """The malformed rows for the user: how many and where, then one line per kind at its first
    FILE:LINE with why, so that the user can open the file there and see the fault."""
    from techties.terminal import safe

    lines = [row[0] for row in skipped]
    shown = ", ".join(map(str, lines[:20])) + (", …" if len(lines) > 20 else "")
    out = [f"error: {safe(name)}: skipped {len(lines)} malformed rows (lines {shown})"]
    first: dict[str, tuple[int, str]] = {}
    count: dict[str, int] = {}
    for line, kind, why in skipped:
        first.setdefault(kind, (line, why))
        count[kind] = count.get(kind, 0) + 1
    for kind, (line, why) in first.items():
        more = f" (the first of {count[kind]} rows with this fault)" if count[kind] > 1 else ""
        out.append(f"error: {safe(name)}:{line}: {why}{more}")
    return out


def register(app: typer.Typer) -> None:
    """Add `techties resolve …` to the main app."""
    app.add_typer(resolve_app, name="resolve")

