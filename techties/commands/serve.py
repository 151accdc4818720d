"""CLI: `techties serve` — the local dashboard (FastAPI + uvicorn) over a read-only warehouse."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from techties.config import default_db

err = Console(stderr=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)"),
    port: int = typer.Option(8765, "--port", help="Port"),
    db: Path | None = typer.Option(None, "--db", help="Warehouse file (default: ~/.techties/warehouse.duckdb)"),
    writable: bool = typer.Option(False, "--writable", help="Open the warehouse read-write (default read-only)"),
) -> None:
    """Serve the dashboard: filters, charts, drill-down to works, screening, deals, initiatives, network."""
    import uvicorn

    from techties.web.app import create_app

    path = db or default_db()
    if not Path(path).exists():
        err.print(f"error: no warehouse at {path}: run `techties ingest …` or `techties demo` first")
        raise typer.Exit(4)
    app = create_app(path, read_only=not writable)
    Console().print(f"techties dashboard on http://{host}:{port}/ (warehouse {path}, "
                    f"{'read-write' if writable else 'read-only'})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("serve")(serve)
