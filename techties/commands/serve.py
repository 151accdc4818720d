"""CLI: `techties serve` — the local dashboard (FastAPI + uvicorn) over a read-only warehouse."""

from __future__ import annotations

import errno
import socket
import threading
from pathlib import Path

import typer

from techties.config import DB_HELP_READING, reading_db
from techties.errors import AddressInUse, InputError, UsageError
from techties.terminal import message, safe


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)"),
    port: int = typer.Option(8765, "--port", help="Port"),
    db: Path | None = typer.Option(None, "--db", help=DB_HELP_READING),
    writable: bool = typer.Option(False, "--writable", help="Open the warehouse read-write (default read-only)"),
    warm: bool = typer.Option(True, "--warm/--no-warm",
                              help="Compute the page's default view in the background as soon as the server is up"),
    allow_host: list[str] = typer.Option(None, "--allow-host",
                                         help="Another name the dashboard answers to (repeatable); others get 421"),
) -> None:
    """Serve the dashboard: filters, charts, drill-down to works, screening, deals, initiatives, network."""
    import uvicorn

    from techties.web.app import create_app
    from techties.web.security import configure

    if not 0 <= port <= 65535:  # 99999 printed a URL with port 99999 while listening on another
        raise UsageError(f"--port {port}: a port is 1 to 65535 (0: any free port)")
    path = reading_db(db)
    if not Path(path).exists():
        raise InputError(f"no warehouse at {path}: run `techties ingest …` or `techties demo` first")
    sock = listen(host, port)  # before anything is printed: a busy port is one line and exit 6
    port = sock.getsockname()[1]  # the port given, or the one the system chose for 0
    try:
        app = create_app(path, read_only=not writable)  # a locked or damaged warehouse: one line, exit 4
    except BaseException:
        sock.close()
        raise
    configure(app, host, allow_host or ())
    message(f"techties dashboard on http://{_url_host(host)}:{port}/ (warehouse {safe(path)}, "
            f"{'read-write' if writable else 'read-only'})")
    if warm:
        threading.Thread(target=_warm, args=(f"http://{_loopback(host)}:{port}",), daemon=True,
                         name="warm-first-view").start()
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on (host, port), or `AddressInUse` (exit 6): the port is taken, or the address
    is not one of this machine's."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressInUse(f"cannot listen on {host}:{port}: unknown address ({exc})") from None
    family, kind, proto, _name, addr = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        why = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
        raise AddressInUse(f"cannot listen on {host}:{port}: {why} (try another --port)") from None
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


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
