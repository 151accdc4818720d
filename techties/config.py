"""Default locations. One place, so the CLI, the API and the docs agree."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

# The --db help of every command, from the functions below: six wordings had drifted (`watch` and
# `research` named only ~/.techties/warehouse.duckdb, `screen-decide` no default at all).
DB_HELP = "Warehouse file (default: $TECHTIES_DB, else ~/.techties/warehouse.duckdb; $TECHTIES_HOME moves ~/.techties)"
DB_HELP_READING = DB_HELP[:-1] + "; without either, the demo warehouse, said on stderr)"


def home() -> Path:
    """techties' own folder: $TECHTIES_HOME, else ~/.techties."""
    return Path(os.environ.get("TECHTIES_HOME", Path.home() / ".techties"))


def default_db() -> Path:
    """The warehouse used when no --db is given: $TECHTIES_DB, else ~/.techties/warehouse.duckdb."""
    return Path(os.environ.get("TECHTIES_DB", home() / "warehouse.duckdb"))


def demo_db() -> Path:
    """The demo warehouse `techties demo` builds: ~/.techties/demo.duckdb ($TECHTIES_HOME/demo.duckdb)."""
    return home() / "demo.duckdb"


def no_warehouse(path: Path) -> str:
    """The one line for a missing warehouse; after `techties demo`, it names the demo warehouse (a
    writing command such as `watch` does not fall back to it, and "run `techties demo` first" sent
    the user to build again what was there)."""
    demo = demo_db()
    if Path(path) != demo and demo.exists():
        return f"no warehouse at {path}: run `techties ingest …` first, or name the demo warehouse: --db {demo}"
    return f"no warehouse at {path}: run `techties ingest …` or `techties demo` first"


_NOTED: set[Path] = set()  # moved warehouses already said (a command may name its --db more than once)


def named_db(db: Path | None, default: Callable[[], Path] = default_db,
             say: Callable[[str], None] | None = None) -> Path:
    """The warehouse a command names: --db with `~` expanded (a quoted `~` or `--db=~/x` reaches the
    command as written, and made a folder named "~"), else the default. Every command goes through it.

    A `--db` under ~/.techties that is missing is looked up under $TECHTIES_HOME too (said once, by
    `say`), for writing commands as for reading ones: `ingest … --db ~/.techties/demo.duckdb` with
    $TECHTIES_HOME set made a new, empty warehouse in ~/.techties while `report` read the moved one."""
    if not db:
        return default()
    path = Path(db).expanduser()
    moved = _under_home(path)
    if not path.exists() and moved is not None and moved.exists():
        if moved not in _NOTED:
            _NOTED.add(moved)
            (say or _note)(f"note: no warehouse at {path}; using {moved} ($TECHTIES_HOME is {home()})")
        return moved
    return path


def existing_db(db: Path | None) -> Path:
    """The warehouse a command that writes into it names (`named_db`): it must exist, since opening a
    mistyped path would make a new, empty warehouse and report on nothing."""
    from techties.errors import InputError

    path = named_db(db)
    if not path.exists():
        raise InputError(no_warehouse(path))
    return path


def output_file(path: Path, option: str, what: str, example: str, makes_folder: bool = False) -> Path:
    """The file an output option (`--output`, `--out`, `--atom`, `--markdown`) names, checked before
    anything is computed. One rule for every command: a folder where a file is wanted is wrong usage
    (exit 2: the user named the wrong kind of path; `watch --atom DIR` was 4, `resolve country
    --output DIR` 2); a file that cannot be written there, such as in a folder that does not exist,
    is exit 4 (unless the command `makes_folder` itself). `~` is expanded, as for --db. `example` is a
    file name to suggest inside the folder."""
    from techties.errors import InputError, UsageError

    path = Path(path).expanduser()
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder: name the {what} to write, e.g. {path / example}")
    if not makes_folder and not path.parent.is_dir():
        raise InputError(f"{option} {path}: no folder {path.parent} to write it in")
    above = next((p for p in path.parents if p.exists()), None)  # the folder the command would make it in
    if above is not None and not above.is_dir():
        raise InputError(f"{option} {path}: {above} is a file, not a folder to write it in")
    return path


def reading_db(db: Path | None, say: Callable[[str], None] | None = None) -> Path:
    """The warehouse a reading command opens (report, serve, research, investments, runs, export).

    Why: the README's next step after `techties demo` is `techties report …`; with no warehouse of
    one's own that must read the demo warehouse, and say so, rather than fail. A `--db` under
    ~/.techties that is missing is looked up under $TECHTIES_HOME too, so the README's
    `--db ~/.techties/demo.duckdb` works wherever the demo was built. The path returned may not
    exist (the caller reports that); `say` gets the one-line note when a fallback was taken."""
    say = say or _note
    if db is not None:
        return named_db(db, say=say)
    default = default_db()
    if not default.exists() and "TECHTIES_DB" not in os.environ and demo_db().exists():
        say(f"note: no warehouse at {default}; using the demo warehouse {demo_db()} (built by `techties demo`)")
        return demo_db()
    return default


def _under_home(db: Path) -> Path | None:
    """`~/.techties/X` rewritten to `$TECHTIES_HOME/X` when $TECHTIES_HOME moves the folder, else None."""
    standard = Path.home() / ".techties"
    if "TECHTIES_HOME" not in os.environ or home() == standard:
        return None
    try:
        return home() / db.relative_to(standard)
    except ValueError:
        return None


def _note(line: str) -> None:
    print(line, file=sys.stderr)


MEMORY_LIMIT_PATTERN = r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)"


_UNIT_BYTES = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # DuckDB's own reading: 1GB is 10^9


def memory_limit_bytes(value: str | None = None) -> int:
    """`memory_limit()` (or `value`, already validated) in bytes, read as DuckDB reads it."""
    import re

    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]+)", (value or memory_limit()).strip().lower())
    return int(float(m.group(1)) * _UNIT_BYTES[m.group(2)])


def memory_limit() -> str:
    """DuckDB's buffer-pool cap: $TECHTIES_MEMORY_LIMIT, else 1GB. DuckDB's own default is 80% of
    RAM, which lets a long ingest grow with its input; with a cap it spills to disk instead."""
    import re

    value = os.environ.get("TECHTIES_MEMORY_LIMIT", "1GB").strip()
    if not re.fullmatch(MEMORY_LIMIT_PATTERN, value, flags=re.IGNORECASE):
        from techties.errors import UsageError  # exit 2 with one line (a plain ValueError was exit 1, "unexpected")

        raise UsageError(f"TECHTIES_MEMORY_LIMIT must look like 1GB or 512MB, got {value!r}")
    return value
