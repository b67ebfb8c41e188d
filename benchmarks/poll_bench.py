"""Poll benchmark: one cycle of `check` over 1,000 unchanged sources.

Each source is its own host (127.0.X.Y, one listening socket each, so per-host politeness
does not serialise them) serving a ~5 KB list page. The pages are served by a separate
process (a small asyncio HTTP/1.1 server), so the client's CPU time (time.process_time in
this process) is the monitor's alone. Cycle 1 is the baseline (pages parsed, state
written); the measured cycles find nothing changed: a 304 (ETag) or, with --no-etag, the
same content hash, and neither may parse the page.

    python benchmarks/poll_bench.py [--sources 1000] [--cycles 3] [--no-etag] [--concurrency 64] [--httpcore]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TITLES = [
    "关于做好2024年春季农业生产工作的通知",
    "关于印发冬季供暖保障方案的通知",
    "关于公布2024年法定节假日安排的通知",
    "关于开展安全生产大检查的通知",
    "关于进一步优化政务服务的实施意见",
]


def address(n: int) -> str:
    return f"127.0.{n // 250 + 10}.{n % 250 + 1}"


def list_page(n: int) -> bytes:
    rows = "".join(
        f'<li><a href="./2024{(i % 12) + 1:02d}/t20240{(i % 9) + 1}1{i:02d}_{n}{i}.html" '
        f'title="{TITLES[i % len(TITLES)]}">{TITLES[i % len(TITLES)][:12]}…</a>'
        f"<span>2024-{(i % 12) + 1:02d}-1{i % 9}</span></li>\n"
        for i in range(40)
    )
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府文件</title></head><body>'
        f'<div class="list"><ul>\n{rows}</ul></div><script>createPageHTML(20, 0, "index", "html");</script>'
        "</body></html>"
    )
    return page.encode("utf-8")


class _Portal(asyncio.Protocol):
    """A minimal HTTP/1.1 keep-alive server: GET → the page (304 on a matching ETag)."""

    def __init__(self, body: bytes, etag: bool) -> None:
        self.body, self.buffer = body, b""
        self.etag = '"' + hashlib.md5(body).hexdigest() + '"' if etag else None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            self.answer(head.decode("latin-1"))

    def answer(self, head: str) -> None:
        path = head.split(" ", 2)[1]
        tag = f"\r\nETag: {self.etag}" if self.etag else ""
        if path == "/robots.txt":
            reply = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        elif self.etag and f"if-none-match: {self.etag}" in head.lower():
            reply = f"HTTP/1.1 304 Not Modified{tag}\r\nContent-Length: 0\r\n\r\n".encode()
        else:
            headers = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8{tag}\r\n"
            reply = f"{headers}Content-Length: {len(self.body)}\r\n\r\n".encode() + self.body
        self.transport.write(reply)  # type: ignore[attr-defined]


def serve(count: int, port: int, etag: bool, ready: multiprocessing.synchronize.Event) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        for n in range(count):
            body = list_page(n)
            await loop.create_server(lambda body=body: _Portal(body, etag), address(n), port, backlog=64)
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


async def run_cycles(count: int, port: int, cycles: int, concurrency: int, httpcore: bool) -> None:
    import httpx

    from monitor.config import config_from_dict
    from monitor.pipeline import Runtime, check_all
    from scrapers.http import Fetcher
    from store.db import open_engine

    folder = tempfile.mkdtemp(prefix="poll_bench_")
    engine = open_engine(f"sqlite:///{folder}/bench.db")
    sources = [
        {"name": f"s{n}", "list_urls": [f"http://{address(n)}:{port}/zfwj/index.html"], "min_delay": 1.0}
        for n in range(count)
    ]
    config = config_from_dict({"scheduler": {"concurrency": concurrency}, "sources": sources})
    runtime = Runtime.create(config, engine)
    if httpcore:  # httpx's own transport, for comparison
        client = httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency * 2), trust_env=False)
        runtime.fetcher = Fetcher(
            user_agent=config.scheduler.user_agent, concurrency=concurrency, client=client
        )
    try:
        for cycle in range(1, cycles + 1):
            cpu, wall = time.process_time(), time.perf_counter()
            results = await check_all(runtime, config.sources)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            outcomes: dict[str, int] = {}
            for result in results:
                outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
            kind = "baseline" if cycle == 1 else "unchanged"
            print(
                f"cycle {cycle} ({kind}): {count} sources, wall {wall:.2f} s, client CPU {cpu:.2f} s "
                f"= {cpu / count * 1000:.3f} ms per source check; outcomes {outcomes}"
            )
    finally:
        await runtime.aclose()
        engine.dispose()


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--no-etag", action="store_true", help="serve no ETag: the content-hash path")
    parser.add_argument("--httpcore", action="store_true", help="use httpx's default transport instead")
    args = parser.parse_args()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(args.sources, args.port, not args.no_etag, ready), daemon=True
    )
    server.start()
    try:
        if not ready.wait(60):
            raise SystemExit("the portal server did not start")
        path = "content hash (no ETag)" if args.no_etag else "conditional GET (ETag → 304)"
        transport = "httpx default (httpcore)" if args.httpcore else "scrapers.transport.LightTransport"
        size = len(list_page(0))
        print(f"unchanged path: {path}; page {size} bytes; concurrency {args.concurrency}; {transport}")
        asyncio.run(run_cycles(args.sources, args.port, args.cycles, args.concurrency, args.httpcore))
    finally:
        server.terminate()
        server.join(5)


if __name__ == "__main__":
    main()
