"""Responses of the API, feeds and downloads: JSON as the CLI prints it, CSV, and
conditional GET (an ETag from the body: a client that has it gets 304 and no body)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import orjson
from fastapi import Request, Response

JSON_TYPE = "application/json"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


def etag_of(body: bytes) -> str:
    """The ETag of BODY (a strong tag, from its hash)."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def matches(header: str | None, etag: str) -> bool:
    """Whether an If-None-Match HEADER names ETAG (weak or strong), or is `*`."""
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def conditional(
    request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    """BODY with its ETag, or 304 Not Modified when the client already holds it."""
    etag = etag_of(body)
    common = {"ETag": etag, "Cache-Control": "no-cache", **(headers or {})}
    if matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=common)
    return Response(content=body, media_type=media_type, headers=common)


def json_bytes(data: Any) -> bytes:
    """The CLI's --json data as UTF-8 JSON (Chinese unescaped)."""
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)


def api_json(request: Request, data: Any, headers: dict[str, str] | None = None) -> Response:
    return conditional(request, json_bytes(data), JSON_TYPE, headers)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting like a formula is run by spreadsheets: scraped text must not be.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheets then read UTF-8


def csv_download(
    request: Request, filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Response:
    disposition = f"attachment; filename=\"download.csv\"; filename*=UTF-8''{quote(filename)}"
    return conditional(request, csv_bytes(headers, rows), CSV_TYPE, {"Content-Disposition": disposition})
