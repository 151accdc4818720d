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
