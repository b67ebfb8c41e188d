"""Preloaded by the page workers' forkserver (monitor.offload): the parser's patterns, which
compile on first use (scrapers.lazyre), are compiled there once, before it forks, so that no
worker pays for them inside a task and its time limit."""

import monitor.pagework  # noqa: F401  (the parser and everything a worker runs)
from scrapers.lazyre import compile_all

compile_all()
