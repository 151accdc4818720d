"""Dashboard API throughput and latency: requests/s and p50/p95 of the main endpoints at N
concurrent clients on loopback, over a warehouse of synthetic works (OpenAlex schema).

    python bench/serve.py                    # 1,000,000 works (generated and ingested once, cached)
    python bench/serve.py --works 100000     # quick run

The warehouse is cached as bench/out/serve_<works>.duckdb (gitignored). The server runs as its
own process (`techties serve`) so the load generator does not share its GIL. Each endpoint is
hit for --seconds by --clients concurrent clients, after one request for each of its distinct
queries: those first requests compute the answer (cold, one client, reported apart) and the
concurrent ones are then served from the cache (warm), as on a dashboard where many people look
at the same views.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

OUT = Path(__file__).resolve().parent / "out"


def build_warehouse(n: int, seed: int = 1) -> Path:
    """Generate n synthetic works and ingest them once; reuse the file afterwards."""
    from techties.ingest import ingest_files
    from techties.sources.synthetic import write_snapshot
    from techties.warehouse import Warehouse

    db = OUT / f"serve_{n}.duckdb"
    if db.exists():
        return db
    OUT.mkdir(parents=True, exist_ok=True)
    snap_dir = OUT / f"serve_snapshot_{n}"
    t0 = time.perf_counter()
    snap = write_snapshot(snap_dir, n, seed, files=max(1, n // 100_000), compresslevel=1)
    t1 = time.perf_counter()
    tmp = db.with_suffix(".partial.duckdb")
    with Warehouse(tmp) as wh:
        ingest_files(wh, "openalex", [p.path for p in snap.parts], show_progress=False)
    tmp.rename(db)
    t2 = time.perf_counter()
    print(f"built {db.name}: generate {t1 - t0:.0f} s, ingest {t2 - t1:.0f} s", flush=True)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "from techties.cli import app; app()", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/provenance", timeout=30).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
    proc.kill()
    raise SystemExit("server did not start")


YEARS = [f"{y}-{y + k}" for y in range(2010, 2016) for k in (3, 4)]


def research_params(i: int) -> dict[str, str]:
    return {"a": "CN", "b": "RU", "baseline": "US", "years": YEARS[i % len(YEARS)]}


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: bytes) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; the status code (the body is read and dropped)."""
    writer.write(b"GET " + target + b" HTTP/1.1\r\nHost: bench\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), None)
    if length is None:
        raise SystemExit("response without Content-Length: the bench client reads only those")
    await reader.readexactly(length)
    return status


async def hammer(base: str, paths: list[tuple[str, dict]], clients: int, seconds: float) -> tuple[list[float], int]:
    """`clients` connections cycling through `paths` for `seconds`; latencies (s) and error count.

    A minimal keep-alive client on asyncio streams instead of httpx: on a 2-core machine the load
    generator shares the CPU with the server, and httpx's per-request cost (about a millisecond)
    showed up in the server's latencies."""
    url = httpx.URL(base)
    targets = [httpx.URL(path, params=params).raw_path for path, params in paths]
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(url.host, url.port)
        try:
            i = k
            while time.perf_counter() < stop:
                t = time.perf_counter()
                status = await _get(reader, writer, targets[i % len(targets)])
                lat.append(time.perf_counter() - t)
                errors += status != 200
                i += clients
        finally:
            writer.close()

    await asyncio.gather(*(worker(k) for k in range(clients)))
    return lat, errors


def first_requests(base: str, paths: list[tuple[str, dict]]) -> list[float]:
    """One request per distinct path, one at a time: the latency of computing each answer."""
    lat = []
    for path, params in dict.fromkeys((p, tuple(sorted(q.items()))) for p, q in paths):
        t = time.perf_counter()
        httpx.get(f"{base}{path}", params=dict(params), timeout=600).raise_for_status()
        lat.append(time.perf_counter() - t)
    return lat


def report(name: str, lat: list[float], errors: int = 0, seconds: float | None = None) -> None:
    """One line of figures; without `seconds` (requests one at a time) the slowest replaces req/s and p95."""
    if not lat:
        print(f"{name:<30} no requests")
        return
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    if seconds is None:
        print(f"{name:<30} {'':>14}   p50 {1000 * q[49]:7.1f} ms   max {1000 * max(lat):7.1f} ms   n={len(lat)}",
              flush=True)
        return
    print(f"{name:<30} {len(lat) / seconds:8.1f} req/s   p50 {1000 * q[49]:7.1f} ms   p95 {1000 * q[94]:7.1f} ms"
          f"   n={len(lat)} errors={errors}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--works", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--db", type=Path, help="use this warehouse instead of a synthetic one")
    args = ap.parse_args()
    db = args.db or build_warehouse(args.works)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"warehouse {db} ({db.stat().st_size / 1e6:.0f} MB), {args.clients} clients, {args.seconds:.0f} s per "
          f"endpoint, {os.cpu_count()} CPUs", flush=True)
    proc = start_server(db, port)
    try:
        research = [("/api/research", research_params(i)) for i in range(len(YEARS))]
        report("research (cold, 1 client)", first_requests(base, research))
        first = httpx.get(f"{base}/api/research", params=research_params(0), timeout=60).json()
        yearly = next(t for t in first["tables"] if t["name"] == "yearly")
        rows = [i for i, n in enumerate(yearly["n_ids"]) if n][:10] or [0]
        drill = [("/api/drill", {**research_params(0), "table": "yearly", "row": r}) for r in rows]
        report("drill (cold, 1 client)", first_requests(base, drill))
        ids = []
        for path, params in drill[:3]:
            ids += [w["work_id"] for w in httpx.get(f"{base}{path}", params=params, timeout=60).json()["works"]]
        suites = {
            "research": research,
            "drill (yearly cell)": drill,
            "works (20 ids)": [("/api/works", {"ids": ",".join(ids[k:k + 20])})
                               for k in range(0, max(len(ids), 1), 20)],
            "network": [("/api/network", {"years": y}) for y in YEARS],
            "screening": [("/api/screening", {})],
            "deals": [("/api/deals", {})],
            "initiatives": [("/api/initiatives", {})],
            "provenance": [("/api/provenance", {})],
        }
        for name, paths in suites.items():
            cold = first_requests(base, paths)  # research and drill: cached by now
            if name not in ("research", "drill (yearly cell)"):
                report(f"{name} (cold, 1 client)", cold)
            lat, errors = asyncio.run(hammer(base, paths, args.clients, args.seconds))
            report(f"{name} (warm)", lat, errors, args.seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
