"""Web benchmark: `monitor serve` on the synthetic store of store_bench.py.

    python benchmarks/web_bench.py                          # 5,000 groups × 8 versions × 25 posts
    python benchmarks/web_bench.py --groups 500 --duration 10
    python benchmarks/web_bench.py --store /tmp/web.db      # build once into FILE, reuse after
    python benchmarks/web_bench.py --workers 2              # monitor serve --workers 2

    python benchmarks/web_bench.py --cold                   # the 50 clients miss the cache too

Starts `monitor serve` as a process on 127.0.0.1 and prints, for a body page, a changes
page and an API history call, the server's own time (its Server-Timing header) and the
time a client waits, p50/p95, one request at a time, twice: cold, each request with a
query of its own (`?_=N`) so that no kept answer serves it (what the store and rendering
cost), and warm, the same requests asked again (the answers the server keeps until the
store changes). Then 50 clients (each its own httpx async client with one keep-alive
connection, as 50 browsers) asking for a mix of the three for 30 s (with --cold, each
request its own `?_=N`): requests, errors, p50/p95 of what they waited, and the CPU the
server and the clients used per request. The clients share the machine's cores with the
server: last, the same crowd against a server that does no work shows the ceiling of the
measurement itself.
Targets (for cold answers): body page p95 ≤ 50 ms, changes page p95 ≤ 100 ms; 50 clients
p95 ≤ 200 ms, no errors. The machine may be shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil
import uvicorn
from sqlalchemy import select
from sqlmodel import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from store_bench import notice  # noqa: E402  (the same synthetic groups as the store benchmark)

from store.db import open_engine, optimize  # noqa: E402
from store.ingest import ingest  # noqa: E402
from store.tables import Grp  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build(path: Path, groups: int, versions: int, posts: int) -> None:
    engine = open_engine(f"sqlite:///{path}")
    started = time.perf_counter()
    for v in range(versions):
        for i in range(groups):
            ingest(engine, notice(i, v, posts))
        print(f"  built round {v + 1}/{versions} ({time.perf_counter() - started:.0f} s)", flush=True)
    optimize(engine)
    engine.dispose()


def group_ids(path: Path) -> list[int]:
    """The ids of the store's groups: two synthetic names may be one group, so the ids
    are not always 1..N (asking for one that is not there would count as an error)."""
    engine = open_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            return list(session.connection().execute(select(Grp.id).order_by(Grp.id)).scalars())  # type: ignore[call-overload]
    finally:
        engine.dispose()


def start_server(db_url: str, workers: int | None) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    serve = ["serve", "--port", "0", "--log-level", "warning"]
    if workers is not None:
        serve += ["--workers", str(workers)]
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--db", db_url, *serve],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    for line in process.stderr:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            return process, found.group(0)
    raise SystemExit(f"monitor serve did not start (exit {process.wait()})")


FIXED_BODY = b"x" * 10_000  # about the size of a body page


async def fixed_answer(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """An ASGI app that answers every request at once with FIXED_BODY."""
    if scope["type"] != "http":
        return
    headers = [(b"content-type", b"text/html"), (b"content-length", str(len(FIXED_BODY)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": FIXED_BODY})


def serve_fixed(port: int) -> None:
    uvicorn.run(fixed_answer, host="127.0.0.1", port=port, log_level="warning", lifespan="off")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ceiling(clients: int, duration: float) -> None:
    """The same crowd against a server that does no work: what the clients and this machine
    allow at best (the clients run on the same cores as the server they measure)."""
    port = free_port()
    server = multiprocessing.Process(target=serve_fixed, args=(port,), daemon=True)
    server.start()
    try:
        with httpx.Client(timeout=1) as probe:
            for _ in range(200):
                try:
                    probe.get(f"http://127.0.0.1:{port}/")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
        assert server.pid is not None
        cpu_before, client_before = server_cpu(server.pid), time.process_time()
        waited, errors = asyncio.run(crowd(f"http://127.0.0.1:{port}", [lambda: "/"], clients, duration))
        cpu, client_cpu = server_cpu(server.pid) - cpu_before, time.process_time() - client_before
    finally:
        server.terminate()
        server.join(10)
    p50, p95 = percentiles(waited)
    count = max(1, len(waited))
    print(
        f"  ceiling: the same {clients} clients against a server that does no work (10 KB answers), "
        f"{duration:g} s: {len(waited) / duration:.0f}/s, {sum(errors.values())} errors, "
        f"p50/p95 {p50:.0f} / {p95:.0f} ms; client CPU {client_cpu * 1000 / count:.2f} ms per request "
        f"({client_cpu / duration * 100:.0f}% of one core), server {cpu * 1000 / count:.2f} ms"
    )


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server and its worker processes."""
    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def server_time(response: httpx.Response) -> float:
    found = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(found.group(1)) if found else float("nan")


_unique = itertools.count()


def cold(path: str) -> str:
    """PATH with a query of its own: the server keeps no answer for it."""
    return f"{path}{'&' if '?' in path else '?'}_={next(_unique)}"


def made_cold(make_path: Callable[[], str]) -> Callable[[], str]:
    return lambda: cold(make_path())


def sequential(client: httpx.Client, paths: list[str]) -> tuple[list[float], list[float]]:
    server, waited = [], []
    for path in paths:
        t0 = time.perf_counter()
        response = client.get(path)
        waited.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        server.append(server_time(response))
    return server, waited


async def crowd(
    base: str, paths: list[Callable[[], str]], clients: int, duration: float
) -> tuple[list[float], Counter[str]]:
    waited: list[float] = []
    errors: Counter[str] = Counter()
    deadline = time.perf_counter() + duration

    async def one_client(k: int) -> None:
        # each client is its own httpx client with one keep-alive connection, as 50 browsers
        # would be (one shared client's pool bookkeeping costs the load generator 2-3 ms of
        # CPU per request on this machine, more than the server spends answering)
        rng = random.Random(k)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
            while time.perf_counter() < deadline:
                path = rng.choice(paths)()
                t0 = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code != 200:
                        errors[f"HTTP {response.status_code}"] += 1
                except httpx.HTTPError as e:
                    errors[type(e).__name__] += 1
                waited.append((time.perf_counter() - t0) * 1000)

    await asyncio.gather(*(one_client(k) for k in range(clients)))
    return waited, errors


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=5000)
    parser.add_argument("--versions", type=int, default=8)
    parser.add_argument("--posts", type=int, default=25)
    parser.add_argument("--store", metavar="FILE", help="SQLite store to use (built there when missing)")
    parser.add_argument("--runs", type=int, default=200, help="sequential requests per kind")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of the concurrent run")
    parser.add_argument(
        "--workers", type=int, default=None, help="monitor serve --workers (default: the server's own)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="the 50 clients' requests each with a query of its own (no kept answers)",
    )
    parser.add_argument(
        "--no-ceiling", action="store_true", help="skip the crowd against a server that does no work"
    )
    args = parser.parse_args()
    print(f"load average at start: {load()}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.store) if args.store else Path(tmp) / "web.db"
        if not path.exists():
            print(f"building {args.groups} groups × {args.versions} versions × {args.posts} posts in {path}")
            build(path, args.groups, args.versions, args.posts)
        ids = group_ids(path)
        process, base = start_server(f"sqlite:///{path}", args.workers)
        try:
            rng = random.Random(1)
            kinds: dict[str, Callable[[], str]] = {
                "body page /groups/ID": lambda: f"/groups/{rng.choice(ids)}",
                "changes page /": lambda: "/",
                "API /api/groups/ID/history": lambda: f"/api/groups/{rng.choice(ids)}/history",
            }
            print(
                f"\nserver {base} ({args.workers or 'default'} worker(s)) on {path.name}; "
                "one request at a time, "
                f"{args.runs} each: cold (each its own query, so no kept answer), then the same warm (kept):"
            )
            with httpx.Client(base_url=base, timeout=60) as client:
                for path_fn in kinds.values():  # warm up: first requests compile templates and statements
                    sequential(client, [cold(path_fn()) for _ in range(5)])
                for label, path_fn in kinds.items():
                    paths = [cold(path_fn()) for _ in range(args.runs)]
                    for mode in ("cold", "warm"):  # the second pass asks for what the first made
                        server, waited = sequential(client, paths)
                        (s50, s95), (w50, w95) = percentiles(server), percentiles(waited)
                        print(
                            f"  {label:28} {mode}  server p50/p95 {s50:6.2f} / {s95:6.2f} ms   "
                            f"client p50/p95 {w50:6.1f} / {w95:6.1f} ms"
                        )
            print(f"  load average now: {load()}")
            mix = list(kinds.values())
            if args.cold:
                mix = [made_cold(fn) for fn in kinds.values()]
            state = "cold: each request its own query" if args.cold else "answers kept as they are made"
            print(
                f"\n{args.clients} concurrent clients for {args.duration:g} s (a mix of the three; {state}):"
            )
            cpu_before, client_before = server_cpu(process.pid), time.process_time()
            waited, errors = asyncio.run(crowd(base, mix, args.clients, args.duration))
            cpu, client_cpu = server_cpu(process.pid) - cpu_before, time.process_time() - client_before
            count = max(1, len(waited))
            p50, p95 = percentiles(waited)
            print(
                f"  {len(waited)} requests ({len(waited) / args.duration:.0f}/s), "
                f"{sum(errors.values())} errors {dict(errors) or ''}, "
                f"p50/p95 {p50:.0f} / {p95:.0f} ms (target p95 ≤ 200, no errors)"
            )
            print(
                f"  server CPU {cpu * 1000 / count:.1f} ms per request "
                f"(all its processes; {cpu / args.duration * 100:.0f}% of one core over the run); "
                f"client CPU {client_cpu * 1000 / count:.1f} ms per request "
                f"({client_cpu / args.duration * 100:.0f}% of one core)"
            )
            print(f"  load average now: {load()}")
        finally:
            process.terminate()
            process.wait(timeout=30)
        if not args.no_ceiling:
            ceiling(args.clients, min(args.duration, 15.0))
            print(f"  load average now: {load()}")


if __name__ == "__main__":
    main()
