"""A NoticeRecord saved as JSON (`monitor ingest x.json`), read with bounds: a file over the
notice size limit is refused from its size, and JSON nested deeper than any record (orjson
stops at 1,024 levels, where the json module overflows the stack) is one clear error."""

from __future__ import annotations

import os

import orjson
from pydantic import ValidationError

from scrapers.decoding import MAX_INPUT_BYTES
from store.records import NoticeRecord


class BadRecordFile(ValueError):
    """The file is not a NoticeRecord JSON file we can read."""


def read_record_file(path: str) -> NoticeRecord:
    try:
        size = os.stat(path).st_size
        if size > MAX_INPUT_BYTES:
            raise BadRecordFile(f"too large: {size >> 20} MB, over {MAX_INPUT_BYTES >> 20} MB")
        with open(path, "rb") as handle:  # capped: the file may grow, or be a device
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as e:
        raise BadRecordFile(f"cannot read: {e.strerror or e}") from e
    if len(data) > MAX_INPUT_BYTES:
        raise BadRecordFile(f"too large: over {MAX_INPUT_BYTES >> 20} MB")
    try:
        return NoticeRecord.model_validate(orjson.loads(data))
    except orjson.JSONDecodeError as e:
        raise BadRecordFile(f"not a NoticeRecord JSON file: {e}") from e
    except ValidationError as e:
        raise BadRecordFile(f"not a NoticeRecord JSON file: {str(e).splitlines()[0]}") from e
