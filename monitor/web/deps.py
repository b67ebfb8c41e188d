"""What every route reads: a store session (read only: never committed) and the config."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from monitor.config import Config


def store_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        try:
            yield session
        finally:
            session.rollback()


def app_config(request: Request) -> Config:
    return request.app.state.config  # type: ignore[no-any-return]


DB = Annotated[Session, Depends(store_session)]
CONFIG = Annotated[Config, Depends(app_config)]
