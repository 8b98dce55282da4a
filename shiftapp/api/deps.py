"""Request dependencies: one database unit of work per request, the signed-in user and the
version a client says it edits (If-Match)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from shiftapp.db import end_unit_of_work, get_engine, open_session, race_lost, request_slots
from shiftapp.models import Employee
from shiftapp.services import auth
from shiftapp.services.errors import AuthRequired

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READING_UNIT = "_shiftapp_reading_unit"

Endpoint = TypeVar("Endpoint", bound=Callable)


def reading_unit(endpoint: Endpoint) -> Endpoint:
    """Mark a POST route whose work is mostly reading or waiting (a password hash, a solver, the
    language model): it must not hold SQLite's write lock meanwhile. What it writes is still
    safe: services lock what they decide on (`services.locks`) and versions are checked."""
    setattr(endpoint, _READING_UNIT, True)
    return endpoint


def _writes(request: Request) -> bool:
    endpoint = request.scope.get("endpoint")
    return request.method not in READING_METHODS and not getattr(endpoint, _READING_UNIT, False)


async def get_db(request: Request) -> AsyncIterator[Session]:
    # A request that may change data is a writing unit of work (on SQLite it waits for the write
    # lock at its first statement); a lost race leaves it as a 409 Conflict in the route family's
    # body. Opening a session does no I/O, so it happens here on the event loop; only the end of the
    # unit (commit or rollback, then close) goes to a thread. Each hop to a thread costs a turn of
    # the OS scheduler, and on a busy machine that turn is most of a short request's time.
    async with _request_slots():
        session = open_session(write=_writes(request))
        try:
            yield session
        except BaseException as error:
            await run_in_threadpool(end_unit_of_work, session, error)
            conflict = race_lost(error)
            if conflict is not None:
                raise conflict from error
            raise
        await run_in_threadpool(end_unit_of_work, session, None)


_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _request_slots() -> asyncio.Semaphore:
    """The requests of this process that may hold a session at once (`db.request_slots`), per event loop."""
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        slots = _slots[loop] = asyncio.Semaphore(request_slots(get_engine()))
    return slots


# "function" scope commits before the response leaves: a client never sees success for an
# uncommitted change, and a failing commit still becomes a proper error response.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def token_from_header(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency on a thread.
async def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str | None:
    return token_from_header(authorization)


Token = Annotated[str | None, Depends(bearer_token)]


def user_for_token(session: Session, token: str | None) -> Employee:
    if token is None:
        raise AuthRequired("No authentication token provided")
    return auth.resolve_token(session=session, token=token)


def _record_use_now(request: Request, session: Session) -> None:
    """A reading unit ends the token's use record (last seen) in a transaction of its own at once. On
    SQLite that write takes the file's write lock, and a reading unit would otherwise hold it until
    its response, while it reads for seconds (the rule engine over a month), keeping every writer
    waiting. A writing unit holds the lock from its start anyway and records the use with its work."""
    if not _writes(request) and session.dirty:
        session.commit()


def current_user(request: Request, session: DbSession, token: Token) -> Employee:
    user = user_for_token(session, token)
    _record_use_now(request, session)
    return user


def optional_user(request: Request, session: DbSession, token: Token) -> Employee | None:
    if not token:
        return None
    user = auth.resolve_token(session=session, token=token)
    _record_use_now(request, session)
    return user


CurrentUser = Annotated[Employee, Depends(current_user)]
OptionalUser = Annotated[Employee | None, Depends(optional_user)]


async def if_match_version(if_match: Annotated[str | None, Header()] = None) -> int | None:
    """The version named by an If-Match header: `5`, `"5"` or the weak `W/"5"`; None when absent
    or not a version number (the body's `version`, if any, then decides)."""
    if if_match is None:
        return None
    value = if_match.strip().strip('"').removeprefix("W/").strip('"')
    # isdigit() alone also passes digits such as '³' that int() cannot read (a 500, not a 409).
    return int(value) if value.isascii() and value.isdigit() else None


IfMatchVersion = Annotated[int | None, Depends(if_match_version)]
