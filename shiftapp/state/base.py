"""Shared plumbing for page states: run a use case as the signed-in user and turn domain
errors into messages people can act on.

Reflex lets any browser call any event handler with any arguments, so every handler is declared
with `page_event` instead of `rx.event`: before the handler's body runs, the guard resolves the
user from the server-side session (authorise first), then checks each argument against the
handler's annotations (validate second), and turns refusals into kind toasts instead of the
generic "an error occurred" of an unhandled exception. A test walks every state's handlers and
fails for any handler declared without it."""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import re
import types
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

import pydantic
import reflex as rx
from sqlmodel import Session

from shiftapp.db import session_scope
from shiftapp.i18n import reading, reading_language, translate
from shiftapp.models import Employee
from shiftapp.services import auth
from shiftapp.services.errors import DomainError, InvalidToken

T = TypeVar("T")

GUARD_MARKER = "_shiftapp_page_event"
# The longest text a page sends is a note (the services cap those at a few thousand characters);
# anything far longer is not typing and is refused before it is stored in the state or parsed.
MAX_TEXT_ARGUMENT = 20_000
# Forms and lists on these pages hold a handful of fields or ids; a hundred is already generous.
MAX_ITEMS_ARGUMENT = 100
MAX_WHOLE_NUMBER = 1_000_000
# Nobody types these (tabs and line breaks are fine); PostgreSQL cannot even search for a NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SESSION_ENDED = "Your session has ended; please sign in again"


def run_as_user(token: str, use_case: Callable[[Session, Employee], T]) -> T:
    """Resolve the user from the session token on the server, then run the use case in one transaction."""
    if not token or not isinstance(token, str):
        raise InvalidToken(SESSION_ENDED)
    with session_scope() as session:
        user = auth.resolve_token(session=session, token=token)
        return use_case(session, user)


def run_public(use_case: Callable[[Session], T]) -> T:
    """A use case that nobody is signed in for (an invitation link), in one transaction; the use case
    itself decides what the caller may do from what they hold (the link's token)."""
    with session_scope() as session:
        return use_case(session)


async def run_as_user_in_thread(token: str, use_case: Callable[[Session, Employee], T]) -> T:
    """`run_as_user` in a worker thread: background events await it, so the event loop (every user's
    websocket) never waits on the database."""
    return await asyncio.to_thread(run_as_user, token, use_case)


def signed_in_user(token: Any) -> Employee | None:
    """The user behind a session token, detached from its database session, or None."""
    return auth.signed_in_user(token)


def error_toast(error: DomainError, lang: str | None = None) -> Any:
    """The error as a toast in the reader's language (its English text when the catalogue lacks it)."""
    message = error.text(lang or reading_language())
    if isinstance(error, InvalidToken):
        return [rx.toast.error(message), rx.redirect("/login")]
    return rx.toast.error(message)


def _validation_toast(error: pydantic.ValidationError) -> Any:
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in error.errors()[:3])
    return rx.toast.error(f"Some values are not valid ({problems}); correct them and try again")


# ------------------------------------------------------------------ argument checks
def _fits(value: Any, hint: Any) -> bool:
    """Whether a value sent by a browser matches a handler's annotation (within sane sizes)."""
    origin = get_origin(hint)
    if hint is Any:
        return _plain_value(value)
    if origin in (Union, types.UnionType):
        return any(_fits(value, option) for option in get_args(hint))
    if origin is Literal:
        return any(value == option and type(value) is type(option) for option in get_args(hint))
    if hint is type(None) or hint is None:
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_WHOLE_NUMBER
    if hint is float:
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
            and abs(value) <= MAX_WHOLE_NUMBER
        )
    if hint is str:
        return isinstance(value, str) and len(value) <= MAX_TEXT_ARGUMENT and not CONTROL_CHARACTERS.search(value)
    if origin is list:
        (item,) = get_args(hint) or (Any,)
        return isinstance(value, list) and len(value) <= MAX_ITEMS_ARGUMENT and all(_fits(v, item) for v in value)
    if origin is dict:
        key, item = get_args(hint) or (Any, Any)
        return (
            isinstance(value, dict)
            and len(value) <= MAX_ITEMS_ARGUMENT
            and all(_fits(k, key) and _fits(v, item) for k, v in value.items())
        )
    return False


def _plain_value(value: Any) -> bool:
    """What a form or a component event may carry: text, numbers, yes/no, nothing, or short lists of them."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, (int, float)):
        return math.isfinite(value) and abs(value) <= MAX_WHOLE_NUMBER
    if isinstance(value, str):
        return len(value) <= MAX_TEXT_ARGUMENT and not CONTROL_CHARACTERS.search(value)
    if isinstance(value, list):
        return len(value) <= MAX_ITEMS_ARGUMENT and all(_plain_value(v) and not isinstance(v, list) for v in value)
    return False


def _describe(hint: Any) -> str:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(option) for option in get_args(hint))
    if origin is Literal:
        return "one of " + ", ".join(repr(option) for option in get_args(hint))
    if origin is list:
        return f"a list of at most {MAX_ITEMS_ARGUMENT} items"
    if origin is dict:
        return "a filled-in form"
    return {
        str: f"a text of at most {MAX_TEXT_ARGUMENT:,} characters, without control characters",
        int: "a whole number",
        float: "a number",
        bool: "yes or no",
        type(None): "nothing",
    }.get(hint, "a plain value")


class _Arguments:
    """A handler's parameters and their annotations, resolved once (annotations are strings until then)."""

    def __init__(self, fn: Callable[..., Any]):
        self.fn = fn
        self.signature = inspect.signature(fn)
        missing = [
            name for name, p in list(self.signature.parameters.items())[1:] if p.annotation is inspect.Parameter.empty
        ]
        if missing:
            raise TypeError(f"{fn.__qualname__}: annotate {', '.join(missing)}; page_event checks every argument")
        self._hints: dict[str, Any] | None = None

    def hints(self) -> dict[str, Any]:
        if self._hints is None:
            self._hints = get_type_hints(self.fn)
        return self._hints

    def problem(self, state: Any, args: tuple, kwargs: dict) -> str | None:
        try:
            bound = self.signature.bind(state, *args, **kwargs)
        except TypeError:
            return "This action arrived without the values it needs; reload the page and try again"
        hints = self.hints()
        for name, value in list(bound.arguments.items())[1:]:
            if not _fits(value, hints.get(name, Any)):
                label = name.replace("_", " ")
                return (
                    f"The {label} sent with this action should be {_describe(hints.get(name, Any))}; "
                    "reload the page and try again"
                )
        return None


def _refusal(state: Any, arguments: _Arguments, public: bool, args: tuple, kwargs: dict) -> Any:
    """The events that refuse this call (authorisation first, then the arguments), or None."""
    if not public and signed_in_user(getattr(state, "token", None)) is None:
        return [rx.toast.error(translate(SESSION_ENDED, getattr(state, "lang", "en"))), rx.redirect("/login")]
    problem = arguments.problem(state, args, kwargs)
    return None if problem is None else rx.toast.error(problem)


def _failure(error: DomainError | pydantic.ValidationError, lang: str) -> Any:
    if isinstance(error, DomainError):
        return error_toast(error, lang)
    return _validation_toast(error)  # pydantic.ValidationError


_HANDLED = (DomainError, pydantic.ValidationError)


def _guard(fn: Callable[..., Any], public: bool) -> Callable[..., Any]:
    """The handler behind the checks. Its body runs `reading` the signed-in person's language, so text a
    use case makes for them (a rule engine warning) comes out in it; a generator's every step does."""
    arguments = _Arguments(fn)

    def lang(state: Any) -> str:
        return getattr(state, "lang", "en")

    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def guarded(self, *args, **kwargs):
            refusal = _refusal(self, arguments, public, args, kwargs)
            if refusal is not None:
                yield refusal
                return
            updates = fn(self, *args, **kwargs)
            try:
                while True:
                    with reading(lang(self)):
                        try:
                            update = await updates.__anext__()
                        except StopAsyncIteration:
                            return
                    yield update
            except _HANDLED as error:
                yield _failure(error, lang(self))
    elif inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def guarded(self, *args, **kwargs):
            refusal = _refusal(self, arguments, public, args, kwargs)
            if refusal is not None:
                return refusal
            try:
                with reading(lang(self)):
                    return await fn(self, *args, **kwargs)
            except _HANDLED as error:
                return _failure(error, lang(self))
    elif inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def guarded(self, *args, **kwargs):
            refusal = _refusal(self, arguments, public, args, kwargs)
            if refusal is not None:
                yield refusal
                return
            updates = fn(self, *args, **kwargs)
            try:
                while True:
                    with reading(lang(self)):
                        try:
                            update = next(updates)
                        except StopIteration:
                            return
                    yield update
            except _HANDLED as error:
                yield _failure(error, lang(self))
    else:

        @functools.wraps(fn)
        def guarded(self, *args, **kwargs):
            refusal = _refusal(self, arguments, public, args, kwargs)
            if refusal is not None:
                return refusal
            try:
                with reading(lang(self)):
                    return fn(self, *args, **kwargs)
            except _HANDLED as error:
                return _failure(error, lang(self))

    setattr(guarded, GUARD_MARKER, {"public": public})
    return guarded


def page_event(fn: Callable[..., Any] | None = None, *, public: bool = False, background: bool = False) -> Any:
    """`rx.event` with the guard: the user is resolved first (unless `public`: the sign-in page's own
    handlers), then the arguments are checked against the annotations, and domain or validation
    errors become toasts. Use `@page_event`, `@page_event(public=True)` or `@page_event(background=True)`."""

    def decorate(handler: Callable[..., Any]) -> Any:
        return rx.event(background=True)(_guard(handler, public)) if background else rx.event(_guard(handler, public))

    return decorate(fn) if fn is not None else decorate
