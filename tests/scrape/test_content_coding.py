"""Compressed bodies: decoded in bounded steps, stacked or unrequested encodings refused.
Peak memory is measured with tracemalloc (Python's own allocations: every decoded byte)."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterator

import pytest
import zstandard

from scrapers import http
from scrapers.content_coding import STEP, EncodingRefused, decoder_for
from scrapers.http import Fetcher, FetchPolicy
from tests.servers import HTTPServer, Reply

UA = "monitor-test/1.0 (+https://example.org/contact)"
PAGE = ("<html><body><p>" + "关于成立某领导小组的通知。" * 400 + "</p></body></html>").encode()
BOMB_MB = 256
PEAK_LIMIT = 32 * 1024 * 1024  # the page limit is 5 MB; decoding one 64 KB piece whole made 64 MB


def zeros_gzip(megabytes: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zeros_gzip(BOMB_MB)  # 256 MB of zeros in 255 KB


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    with HTTPServer() as s:
        s.route("/robots.txt", Reply(404, ""))
        yield s


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(user_agent=UA, trust_env=False) as f:
        yield f


async def fetch_measured(fetcher: Fetcher, url: str) -> tuple[http.FetchResult, int]:
    policy = FetchPolicy(min_delay=0.0, retries=0, timeout=60.0)
    tracemalloc.start()
    try:
        result = await fetcher.fetch(url, policy)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_a_gzip_bomb_is_too_large_with_bounded_memory(
    server: HTTPServer, fetcher: Fetcher, bomb: bytes
) -> None:
    server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    result, peak = await fetch_measured(fetcher, server.url + "/bomb")
    assert result.outcome == http.TOO_LARGE
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


async def test_stacked_gzip_is_refused_before_it_expands(
    server: HTTPServer, fetcher: Fetcher, bomb: bytes
) -> None:
    server.route("/double", Reply(200, gzip.compress(bomb), {"Content-Encoding": "gzip, gzip"}))
    result, peak = await fetch_measured(fetcher, server.url + "/double")
    assert result.outcome == http.BAD_ENCODING and "stacked" in (result.error or "")
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


async def test_an_unrequested_zstd_body_is_refused(server: HTTPServer, fetcher: Fetcher) -> None:
    compressor = zstandard.ZstdCompressor().compressobj()
    block = bytes(1024 * 1024)
    body = b"".join(compressor.compress(block) for _ in range(BOMB_MB)) + compressor.flush()
    server.route("/zstd", Reply(200, body, {"Content-Encoding": "zstd"}))
    result, peak = await fetch_measured(fetcher, server.url + "/zstd")
    assert result.outcome == http.BAD_ENCODING and "zstd" in (result.error or "")
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(PAGE)),
        ("x-gzip", gzip.compress(PAGE)),
        ("deflate", zlib.compress(PAGE)),  # as the RFC says: zlib-wrapped
        ("deflate", zlib.compress(PAGE)[2:-4]),  # raw deflate, as IIS sends it
        ("identity", PAGE),
        ("gzip, identity", gzip.compress(PAGE)),
    ],
)
async def test_requested_encodings_are_decoded(
    server: HTTPServer, fetcher: Fetcher, coding: str, body: bytes
) -> None:
    server.route("/page", Reply(200, body, {"Content-Encoding": coding, "Content-Type": "text/html"}))
    result = await fetcher.fetch(server.url + "/page", FetchPolicy(min_delay=0.0, retries=0))
    assert result.outcome == http.OK and result.body == PAGE


async def test_corrupt_gzip_is_bad_encoding(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/bad", Reply(200, b"\x1f\x8b\x08\x00garbage-not-deflate", {"Content-Encoding": "gzip"}))
    result = await fetcher.fetch(server.url + "/bad", FetchPolicy(min_delay=0.0, retries=0))
    assert result.outcome == http.BAD_ENCODING


def test_the_decoder_yields_bounded_steps_that_add_up() -> None:
    decoder = decoder_for("gzip")
    data = zeros_gzip(3)
    pieces = [p for i in range(0, len(data), 1000) for p in decoder.feed(data[i : i + 1000])]
    pieces += list(decoder.end())
    assert max(map(len, pieces)) <= STEP and sum(map(len, pieces)) == 3 * 1024 * 1024


@pytest.mark.parametrize("header", ["br", "zstd", "gzip, gzip", "deflate, gzip", "compress"])
def test_unrequested_or_stacked_encodings_are_refused(header: str) -> None:
    with pytest.raises(EncodingRefused):
        decoder_for(header)
