"""Content-Encoding of HTTP bodies, decoded in bounded steps.

A gzip bomb turns 1 KB into 1 MB and a stacked `gzip, gzip` 1.8 KB into 1 GB; decoding a
whole 64 KB piece at once (as httpx's decoders do) can make 64 MB before anyone counts it.
Here each piece is decoded at most STEP bytes at a time, so the caller's size check runs
before more is made. Only what we ask for (ACCEPT_ENCODING) is decoded; a stacked or an
unrequested encoding is refused, never guessed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

ACCEPT_ENCODING = "gzip, deflate"
STEP = 64 * 1024  # decoded bytes per step
_IDENTITY = frozenset({"", "identity"})


class EncodingRefused(Exception):
    """A Content-Encoding we did not ask for, several stacked, or bytes that do not decode."""


class Decoder:
    """Decodes one body piece by piece: `feed(data)` and then `end()` yield decoded pieces
    of at most STEP bytes."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._zlib: zlib._Decompress | None = None
        if coding == "gzip":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.coding == "identity":
            if data:
                yield data
            return
        if self._zlib is None:  # deflate: zlib-wrapped as the RFC says, or raw as IIS sends it
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        yield from self._steps(data)

    def end(self) -> Iterator[bytes]:
        if self._zlib is not None:
            yield from self._steps(b"")

    def _steps(self, data: bytes) -> Iterator[bytes]:
        assert self._zlib is not None
        while not self._zlib.eof:
            try:
                out = self._zlib.decompress(data, STEP)
            except zlib.error as e:
                raise EncodingRefused(f"bad {self.coding} data: {e}") from e
            data = self._zlib.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < STEP:  # input used up and nothing left inside zlib
                return


def decoder_for(content_encoding: str | None) -> Decoder:
    """The decoder for a response's Content-Encoding header; EncodingRefused for one we
    did not ask for or for stacked encodings (`gzip, gzip`)."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c not in _IDENTITY]
    if not codings:
        return Decoder("identity")
    if len(codings) > 1:
        raise EncodingRefused(f"stacked content encodings refused: {', '.join(codings)}"[:200])
    coding = "gzip" if codings[0] == "x-gzip" else codings[0]
    if coding not in ("gzip", "deflate"):
        raise EncodingRefused(f"content encoding {coding[:40]!r} was not requested")
    return Decoder(coding)
