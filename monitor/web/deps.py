"""What every route reads: a store session (read only: never committed) and the config.

Both are async dependencies: they do no I/O (a session connects when first used, in the
route's thread), and FastAPI would run sync ones in its thread pool, two thread switches
per request for nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from monitor.config import Config


async def store_session(request: Request) -> AsyncIterator[Session]:
    session = Session(request.app.state.engine)
    try:
        yield session
    finally:
        session.close()  # the connection goes back to the pool, rolled back


async def app_config(request: Request) -> Config:
    return request.app.state.config  # type: ignore[no-any-return]


DB = Annotated[Session, Depends(store_session)]
CONFIG = Annotated[Config, Depends(app_config)]
