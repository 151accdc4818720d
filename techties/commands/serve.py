"""CLI: `techties serve` — the local dashboard (FastAPI + uvicorn) over a read-only warehouse."""

from __future__ import annotations

import threading
from pathlib import Path

import typer
from rich.console import Console

from techties.config import reading_db

err = Console(stderr=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)"),
    port: int = typer.Option(8765, "--port", help="Port"),
    db: Path | None = typer.Option(None, "--db", help="Warehouse file (default: $TECHTIES_DB, else "
                                   "~/.techties/warehouse.duckdb, else the demo warehouse)"),
    writable: bool = typer.Option(False, "--writable", help="Open the warehouse read-write (default read-only)"),
    warm: bool = typer.Option(True, "--warm/--no-warm",
                              help="Compute the page's default view in the background as soon as the server is up"),
) -> None:
    """Serve the dashboard: filters, charts, drill-down to works, screening, deals, initiatives, network."""
    import uvicorn

    from techties.web.app import create_app

    path = reading_db(db)
    if not Path(path).exists():
        err.print(f"error: no warehouse at {path}: run `techties ingest …` or `techties demo` first")
        raise typer.Exit(4)
    app = create_app(path, read_only=not writable)
    Console().print(f"techties dashboard on http://{host}:{port}/ (warehouse {path}, "
                    f"{'read-write' if writable else 'read-only'})")
    if warm:
        threading.Thread(target=_warm, args=(f"http://{_loopback(host)}:{port}",), daemon=True,
                         name="warm-first-view").start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _loopback(host: str) -> str:
    """Where this machine reaches a server bound to `host` (all interfaces: via loopback)."""
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else f"[{host}]" if ":" in host else host


def _warm(base: str) -> None:
    """Wait until the server answers, then ask it for the first view (errors only mean a colder start)."""
    import time

    import httpx

    from techties.web.app import warm_first_view

    with httpx.Client(base_url=base, timeout=600) as client:
        for _ in range(300):
            try:
                client.get("/api/provenance")
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        try:
            warm_first_view(client.get)
        except httpx.HTTPError:
            pass


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("serve")(serve)
