"""Shared plumbing for page states: run a use case as the signed-in user and turn domain
errors into messages people can act on."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from shiftapp.db import session_scope
from shiftapp.models import Employee
from shiftapp.services import auth
from shiftapp.services.errors import DomainError, InvalidToken

T = TypeVar("T")


def run_as_user(token: str, use_case: Callable[[Session, Employee], T]) -> T:
    """Resolve the user from the session token on the server, then run the use case in one transaction."""
    if not token:
        raise InvalidToken("Your session has ended; please sign in again")
    with session_scope() as session:
        user = auth.resolve_token(session=session, token=token)
        return use_case(session, user)


def error_toast(error: DomainError) -> Any:
    if isinstance(error, InvalidToken):
        return [rx.toast.error(error.message), rx.redirect("/login")]
    return rx.toast.error(error.message)
