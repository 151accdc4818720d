"""CLI: screen commands (registered by techties.cli)."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
