"""Work that must not run on the event loop: page reading in worker processes with limits on
time and memory, and store calls in threads.

A hostile page (deep nesting, a decompressed or unzipped bomb, a backtracking title filter)
costs at most `timeout` seconds and `memory` bytes of a worker process, which is then
replaced; the loop keeps fetching for other sources and answers SIGTERM. Workers are forked
from a clean forkserver (never from the daemon, which has threads) and ignore SIGINT so that
Ctrl-C reaches only the main process. POSIX only, like the daemon (resource limits, forkserver).

Store calls run in daemon threads: a call blocked on a locked SQLite file (busy timeout) or
an unreachable database never holds up the loop, and never holds up the process's exit
after SIGTERM (a daemon thread is not joined; its transaction is rolled back by the store).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

T = TypeVar("T")

WORK_TIMEOUT = 30.0  # seconds of one page's reading (a real notice takes well under 1 s)
WORKER_MEMORY = 1 << 30  # bytes of address space of a worker (a worker starts at ~100 MB)
WORKERS = 2


class TooComplex(Exception):
    """A page took more time or memory to read than a worker may use."""


def _limit_worker(memory: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


class PagePool:
    """Worker processes for page reading; a task over its time is killed with its worker."""

    def __init__(self, workers: int = WORKERS, timeout: float = WORK_TIMEOUT, memory: int = WORKER_MEMORY):
        self.workers, self.timeout, self.memory = workers, timeout, memory
        self._pool: Any = None
        self._guard = threading.Lock()

    def _started(self) -> Any:
        with self._guard:
            if self._pool is None:
                from pebble import ProcessPool  # kills a task's worker on timeout, unlike concurrent.futures

                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["monitor.workerwarm"])
                self._pool = ProcessPool(
                    max_workers=self.workers,
                    initializer=_limit_worker,
                    initargs=(self.memory,),
                    context=context,
                )
            return self._pool

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker. TooComplex when it overruns the time or memory limit."""
        from pebble import ProcessExpired

        future = self._started().schedule(fn, args=args, timeout=self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()  # a cancelled running task's worker is stopped too
            raise
        except (FutureTimeout, TimeoutError) as e:
            raise TooComplex(f"took over {self.timeout:g} s to read") from e
        except MemoryError as e:
            raise TooComplex(f"needed over {self.memory >> 20} MB to read") from e
        except ProcessExpired as e:  # killed by the OS, or crashed in a C library
            raise TooComplex(f"the reading worker died ({e})") from e

    def close(self) -> None:
        """Stop the workers now (whatever they are doing) and wait for them briefly."""
        with self._guard:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join(timeout=5)


_shared: PagePool | None = None


def shared_pool() -> PagePool:
    """The process's page pool, started on first use and stopped at exit."""
    global _shared
    if _shared is None:
        _shared = PagePool()
        atexit.register(_shared.close)
    return _shared


STORE_THREADS = 16  # store calls at once per event loop; more wait for a free thread
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


async def in_thread(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`fn(*args, **kwargs)` in a new daemon thread, awaited without blocking the loop.

    Unlike asyncio.to_thread, the thread is not joined when the loop or the process ends,
    so a store call stuck on a lock cannot delay shutdown. At most STORE_THREADS run at
    once: while the store is locked, calls queue here instead of piling up threads."""
    loop = asyncio.get_running_loop()
    slots = _slots.setdefault(loop, asyncio.Semaphore(STORE_THREADS))
    await slots.acquire()  # released when the thread ends, even if its awaiter is gone
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if future.done():
            return  # the awaiting task was cancelled
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def work() -> None:
        try:
            result, error = fn(*args, **kwargs), None
        except BaseException as e:
            result, error = None, e
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)
            loop.call_soon_threadsafe(slots.release)

    try:
        threading.Thread(target=work, name=f"store:{getattr(fn, '__name__', 'call')}", daemon=True).start()
    except BaseException:
        slots.release()
        raise
    return await future
