"""Notice metadata: title, issuer, doc number, signing date, region (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: date | None = None
    region: str | None = None
    published: date | None = None


def read_metadata(text: str, *, meta: dict[str, str] | None = None, title: str | None = None) -> Metadata:
    return Metadata(title=title)
