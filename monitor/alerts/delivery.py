"""What a channel says about one delivery attempt: raise `DeliveryError` to retry later, or
with `permanent=True` when retrying cannot help (a 410, a rejected recipient)."""

from __future__ import annotations


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def http_status_error(status: int, text: str = "") -> DeliveryError | None:
    """CONTRACT §5: 2xx delivered; 429/5xx retried; other 4xx (and 1xx/3xx) failed for good."""
    if 200 <= status < 300:
        return None
    snippet = " ".join(text.split())[:200]
    message = f"HTTP {status}" + (f": {snippet}" if snippet else "")
    return DeliveryError(message, permanent=not (status == 429 or status >= 500))
