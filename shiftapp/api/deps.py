"""Request dependencies: one database unit of work per request, and the signed-in user."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header
from sqlmodel import Session

from shiftapp.db import get_engine
from shiftapp.models import Employee
from shiftapp.services import auth
from shiftapp.services.errors import AuthRequired


def get_db() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# "function" scope commits before the response leaves: a client never sees success for an
# uncommitted change, and a failing commit still becomes a proper error response.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


Token = Annotated[str | None, Depends(bearer_token)]


def current_user(session: DbSession, token: Token) -> Employee:
    if token is None:
        raise AuthRequired("No authentication token provided")
    return auth.resolve_token(session=session, token=token)


def optional_user(session: DbSession, token: Token) -> Employee | None:
    return auth.resolve_token(session=session, token=token) if token else None


CurrentUser = Annotated[Employee, Depends(current_user)]
OptionalUser = Annotated[Employee | None, Depends(optional_user)]
