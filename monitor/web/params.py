"""Query parameters read strictly: a bad value is a WebError (400) with a clear message,
never a traceback."""

from __future__ import annotations

from datetime import date

from store.query import EVENT_TYPES


class WebError(Exception):
    """A request that cannot be answered: STATUS (400 bad parameter, 404 unknown) and why."""

    def __init__(self, status: int, message: str, *, bad_date: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.bad_date = bad_date  # the error page then says how to write a date


def day(value: str | None, name: str) -> date | None:
    """An ISO date (YYYY-MM-DD), or None when the parameter is absent or empty."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise WebError(400, f"bad date for {name}: {text!r}; use YYYY-MM-DD", bad_date=True) from None


def event_type(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if value.strip() not in EVENT_TYPES:
        raise WebError(400, f"unknown event type {value.strip()!r}; one of: {', '.join(EVENT_TYPES)}")
    return value.strip()


def number(value: str | None, name: str, *, default: int, low: int, high: int) -> int:
    """A whole number between LOW and HIGH; DEFAULT when absent."""
    if value is None or not value.strip():
        return default
    try:
        result = int(value.strip())
    except ValueError:
        raise WebError(400, f"bad {name}: {value.strip()!r} is not a whole number") from None
    if not low <= result <= high:
        raise WebError(400, f"bad {name}: {result} is not between {low} and {high}")
    return result


def text(value: str | None) -> str | None:
    """A search text, stripped; None when empty. Bounded, so a query stays cheap."""
    if value is None or not value.strip():
        return None
    if len(value) > 200:
        raise WebError(400, "search text too long (at most 200 characters)")
    return value.strip()
