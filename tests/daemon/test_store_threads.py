"""Store calls run in daemon threads, at most STORE_THREADS at once: a locked store makes
further calls wait for a thread instead of starting one thread each."""

from __future__ import annotations

import asyncio
import threading

from monitor.offload import STORE_THREADS, in_thread
from tests.daemon.helpers import until


def _store_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "store:blocked")


async def test_calls_beyond_the_limit_wait_for_a_free_thread() -> None:
    gate = threading.Event()
    started = 0
    lock = threading.Lock()

    def blocked(i: int) -> int:
        nonlocal started
        with lock:
            started += 1
        gate.wait()
        return i

    calls = [asyncio.ensure_future(in_thread(blocked, i)) for i in range(5 * STORE_THREADS)]
    try:
        await until(lambda: started == STORE_THREADS, "the first calls running")
        for _ in range(20):  # let every other call reach its wait
            await asyncio.sleep(0)
        assert started == STORE_THREADS and _store_threads() == STORE_THREADS
    finally:
        gate.set()
    assert await asyncio.gather(*calls) == list(range(5 * STORE_THREADS))


async def test_a_cancelled_call_frees_its_thread_when_the_call_ends() -> None:
    gate = threading.Event()
    calls = [asyncio.ensure_future(in_thread(gate.wait)) for _ in range(STORE_THREADS)]
    await until(
        lambda: sum(1 for t in threading.enumerate() if t.name == "store:wait") == STORE_THREADS,
        "every thread taken",
    )
    for call in calls:
        call.cancel()
    gate.set()
    assert await asyncio.wait_for(in_thread(lambda: "free"), 60) == "free"
