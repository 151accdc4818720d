"""Default locations. One place, so the CLI, the API and the docs agree."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """techties' own folder: $TECHTIES_HOME, else ~/.techties."""
    return Path(os.environ.get("TECHTIES_HOME", Path.home() / ".techties"))


def default_db() -> Path:
    """The warehouse used when no --db is given: $TECHTIES_DB, else ~/.techties/warehouse.duckdb."""
    return Path(os.environ.get("TECHTIES_DB", home() / "warehouse.duckdb"))


def demo_db() -> Path:
    """The demo warehouse `techties demo` builds: ~/.techties/demo.duckdb."""
    return home() / "demo.duckdb"


MEMORY_LIMIT_PATTERN = r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)"


def memory_limit() -> str:
    """DuckDB's buffer-pool cap: $TECHTIES_MEMORY_LIMIT, else 1GB. DuckDB's own default is 80% of
    RAM, which lets a long ingest grow with its input; with a cap it spills to disk instead."""
    import re

    value = os.environ.get("TECHTIES_MEMORY_LIMIT", "1GB").strip()
    if not re.fullmatch(MEMORY_LIMIT_PATTERN, value, flags=re.IGNORECASE):
        raise ValueError(f"TECHTIES_MEMORY_LIMIT must look like 1GB or 512MB, got {value!r}")
    return value
