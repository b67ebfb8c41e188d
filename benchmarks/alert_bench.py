"""Alert speed and daemon footprint, all on 127.0.0.1 (no internet):

1. latency: from the start of the poll that sees a new notice on the demo portal to the
   webhook receiver's receipt of its first change event (target ≤ 1 s);
2. resident memory of `monitor run` (a real subprocess) with 1,000 configured sources, after
   each has been checked once (target ≤ 150 MB);
3. that daemon's CPU use while idle between polls (near zero).

    python benchmarks/alert_bench.py [--sources 1000] [--idle 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.config import SourceConfig, config_from_dict  # noqa: E402
from monitor.daemon import Daemon  # noqa: E402
from monitor.demo.servers import DemoPortal, WebhookReceiver, load_notices  # noqa: E402
from monitor.pipeline import Runtime, check_source  # noqa: E402
from store.db import open_engine  # noqa: E402
from store.state import CheckLog  # noqa: E402

SECRET = "bench"
HOSTS = 20


async def latency_samples(folder: Path) -> list[float]:
    """Publish the demo's three Qinghai follow-up notices one at a time; time each."""
    os.environ["BENCH_SECRET"] = SECRET
    notices = load_notices()
    qinghai = [notices[0], *notices[2:]]  # 2019 notice as the baseline, then three changes
    portal = DemoPortal(qinghai, initial=1, step=0)
    hook = WebhookReceiver(SECRET, lambda _: None)
    url = f"sqlite:///{folder / 'latency.db'}"
    config = config_from_dict(
        {
            "store": {"url": url},
            "scheduler": {"interval": 1, "jitter": 0},
            "sources": [{"name": "demo", "list_urls": [portal.url + "/zfwj/"], "min_delay": 0}],
            "alerts": {"webhooks": [{"url": hook.url, "secret_env": "BENCH_SECRET"}]},
        }
    )
    engine = open_engine(url)
    runtime = Runtime.create(config, engine)
    poll_starts: list[tuple[float, int]] = []  # (start, events found)

    async def timed_check(source: SourceConfig) -> Any:
        start = time.monotonic()
        result = await check_source(runtime, source)
        poll_starts.append((start, len(result.events)))
        return result

    daemon = Daemon(config, engine, check=timed_check)
    task = asyncio.create_task(daemon.run())
    samples = []
    try:
        while not poll_starts:
            await asyncio.sleep(0.05)
        for published in range(2, len(qinghai) + 1):
            known, polls = set(hook.first_receipt), len(poll_starts)
            portal.initial = published  # the next notice goes up
            while not (set(hook.first_receipt) - known and any(n for _, n in poll_starts[polls:])):
                await asyncio.sleep(0.01)
            receipt = min(t for i, t in hook.first_receipt.items() if i not in known)
            start = next(s for s, n in poll_starts[polls:] if n)  # the poll that saw it
            samples.append(receipt - start)
            await asyncio.sleep(1.5)
    finally:
        daemon.stop()
        await task
        await runtime.aclose()
        portal.close()
        hook.close()
        engine.dispose()
    return samples


class _Lists(BaseHTTPRequestHandler):
    """A list page per source path: one item whose title no filter picks (no notice fetch)."""

    protocol_version = "HTTP/1.1"
    PAGE = (
        '<html><head><meta charset="utf-8"></head><body><ul><li>'
        '<a href="./t1.html" title="关于做好春季农业生产工作的通知">关于做好春季农业生产工作的通知</a>'
        "<span>2024-03-10</span></li></ul></body></html>"
    ).encode()

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else self.PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def footprint(folder: Path, sources: int, idle: float) -> tuple[float, float, float, float]:
    """(seconds for the first round, RSS MB, idle CPU %, CPU seconds while idle)."""
    # Real deployments watch many portals; politeness serialises requests per host, so the
    # sources are spread over HOSTS loopback addresses (127.0.0.1 … 127.0.0.N, all local).
    servers = []
    for n in range(1, HOSTS + 1):
        server = ThreadingHTTPServer((f"127.0.0.{n}", 0), _Lists)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(f"http://127.0.0.{n}:{server.server_address[1]}")
    db = folder / "footprint.db"
    lines = [f'[store]\nurl = "sqlite:///{db}"\n', '[scheduler]\ninterval = "1h"\njitter = 0.001\n']
    for i in range(sources):
        base = servers[i % len(servers)]
        lines.append(f'[[sources]]\nname = "s{i:04d}"\nlist_urls = ["{base}/s{i}/"]\nmin_delay = 0\n')
    config = folder / "footprint.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), "run", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    started = time.monotonic()
    engine = None
    try:
        while True:
            time.sleep(0.5)
            if proc.poll() is not None:
                raise SystemExit(f"daemon exited with {proc.returncode}")
            if engine is None and db.exists():
                engine = open_engine(f"sqlite:///{db}")
            if engine is not None:
                with engine.connect() as conn:
                    done = conn.execute(select(func.count()).select_from(CheckLog)).scalar_one()
                if done >= sources:
                    break
        first_round = time.monotonic() - started
        time.sleep(2)  # let the last writes settle
        process = psutil.Process(proc.pid)
        rss = process.memory_info().rss / 2**20
        before = process.cpu_times()
        time.sleep(idle)
        after = process.cpu_times()
        cpu = (after.user - before.user) + (after.system - before.system)
        return first_round, rss, 100 * cpu / idle, cpu
    finally:
        proc.terminate()
        proc.wait(15)
        if engine is not None:
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle CPU measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        samples = asyncio.run(latency_samples(folder))
        print(
            f"poll start → webhook receipt: median {statistics.median(samples) * 1000:.0f} ms, "
            f"max {max(samples) * 1000:.0f} ms over {len(samples)} new notices (target ≤ 1000 ms)"
        )
        first_round, rss, cpu_pct, cpu_s = footprint(folder, args.sources, args.idle)
        print(f"{args.sources} sources: first round of checks in {first_round:.1f} s")
        print(f"daemon resident memory with {args.sources} sources: {rss:.0f} MB (target ≤ 150 MB)")
        print(f"daemon CPU while idle: {cpu_pct:.2f} % ({cpu_s:.3f} CPU s over {args.idle:g} s)")


if __name__ == "__main__":
    main()
