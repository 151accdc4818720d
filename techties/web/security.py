"""The dashboard's defences against the browser it serves: Host check, Content-Security-Policy, no CDN.

- DNS rebinding: a web page on `evil.example` whose name is re-pointed at 127.0.0.1 can make the
  visitor's browser send requests to the local dashboard, with `Host: evil.example`. Requests whose
  Host is not a name of the address the server is bound to are refused (421). A request to an IP
  literal cannot come from rebinding, so one is accepted when the server listens on all interfaces.
- Content-Security-Policy: scripts, styles, images and connections from the dashboard itself only;
  no inline script, no framing, no plugins. Untrusted text is inserted with textContent (static/app.js),
  the policy is the second line of defence.
- API docs: FastAPI's Swagger page loads its script from a CDN; the routes are removed (the OpenAPI
  JSON stays at /api/openapi.json for tools).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# starlette's TestClient sends `Host: testserver`; a single-label name no public DNS answers, so rebinding
# cannot use it. `techties serve` replaces these defaults with the names of its bind address.
DEFAULT_HOSTS = (*LOOPBACK_NAMES, "testserver")
WILDCARDS = ("0.0.0.0", "::", "")
DOC_PATHS = ("/api/docs", "/api/docs/oauth2-redirect", "/api/redoc", "/docs", "/redoc", "/docs/oauth2-redirect")


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names a server bound to `bind` answers to: the address itself, the loopback names when it is a
    loopback address or all interfaces, this machine's name for all interfaces, and `extra` (--allow-host)."""
    hosts = {bind.strip("[]").lower(), *(h.lower() for h in extra)}
    wildcard = bind in WILDCARDS
    if wildcard or _is_loopback(bind):
        hosts |= set(LOOPBACK_NAMES)
    if wildcard:
        hosts.add(socket.gethostname().lower())
    return frozenset(hosts - {""})


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name part of a Host header: `[::1]:8765` → `::1`, `Example.org:80` → `example.org`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class SecurityMiddleware:
    """Pure ASGI: refuses a foreign Host with 421 and adds the security headers to every response.
    The allowed names are read from `app.state.allowed_hosts` at each request (set by `techties serve`)."""

    def __init__(self, app: ASGIApp, owner: FastAPI):
        self.app = app
        self.owner = owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        name = host_name(headers.get(b"host", b"").decode("latin-1"))
        state = self.owner.state
        allowed = getattr(state, "allowed_hosts", DEFAULT_HOSTS)
        any_ip = getattr(state, "allow_any_ip", False)
        if name not in allowed and not (any_ip and _is_ip(name)):
            await _refuse(send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send) -> None:
    body = b'{"detail":"unknown Host: this dashboard answers only to the names of its address"}'
    await send({"type": "http.response.start", "status": 421,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": body})


def protect(app: FastAPI) -> FastAPI:
    """Install the Host check and security headers, and drop the CDN-backed API docs pages."""
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in DOC_PATHS]
    app.docs_url = app.redoc_url = None
    app.add_middleware(SecurityMiddleware, owner=app)
    return app


def configure(app: FastAPI, bind: str, extra_hosts: Iterable[str] = ()) -> None:
    """Set the names the app answers to for a server bound to `bind` (called by `techties serve`)."""
    app.state.allowed_hosts = allowed_hosts(bind, extra_hosts)
    app.state.allow_any_ip = bind in WILDCARDS
