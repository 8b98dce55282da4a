"""Typed domain errors. The API maps them to status codes and the seed's error body;
the pages show their message in a toast."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from shiftapp.i18n import translate

if TYPE_CHECKING:
    from shiftapp.rules import ChangeResult
    from shiftapp.rules import Conflict as RuleFinding


class DomainError(Exception):
    """`message` is the English text (what the API answers); a refusal with a name or a date in it is
    raised with its template and `params`, so a page can show it in the reader's language (`text`)."""

    status_code = 400
    code = "BAD_REQUEST"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None, params: dict[str, Any] | None = None):
        self.template = message
        self.params = dict(params or {})
        rendered = translate(message, "en", **self.params) if self.params else message
        super().__init__(rendered)
        self.message = rendered
        self.details = details or {}

    def text(self, lang: str) -> str:
        """The refusal in `lang` (its English text when the catalogue lacks it)."""
        return translate(self.template, lang, **self.params)


class ValidationFailed(DomainError):
    status_code = 400
    code = "VALIDATION_ERROR"


class AuthRequired(DomainError):
    status_code = 401
    code = "AUTH_REQUIRED"


class InvalidToken(DomainError):
    status_code = 401
    code = "INVALID_TOKEN"


class InvalidCredentials(DomainError):
    status_code = 401
    code = "INVALID_CREDENTIALS"


class Forbidden(DomainError):
    status_code = 403
    code = "FORBIDDEN"


class NotFound(DomainError):
    status_code = 404
    code = "NOT_FOUND"


class Conflict(DomainError):
    """A duplicate, a stale write (someone else changed the row first) or a rule conflict."""

    status_code = 409
    code = "CONFLICT"


class HardConflicts(Conflict):
    """The rule engine's hard conflicts block the request.

    Carries the conflicts themselves, never a rendered body: each API family renders them in its
    own shape at the edge (`api/conflict_bodies.py`) and pages read them as they are. `change` is
    the engine's whole answer when a single write was refused (what it would add, hard and soft);
    `hint` tells the caller how to go ahead anyway."""

    def __init__(
        self,
        message: str,
        *,
        conflicts: Iterable[RuleFinding],
        details: dict[str, Any] | None = None,
        hint: str | None = None,
        change: ChangeResult | None = None,
        params: dict[str, Any] | None = None,
    ):
        super().__init__(message, details=details, params=params)
        self.conflicts: list[RuleFinding] = list(conflicts)
        self.hint = hint
        self.change = change


class TooLarge(DomainError):
    """A well-formed request for more than the app does at once (too many weeks or shifts in one batch)."""

    status_code = 422
    code = "TOO_LARGE"


class RateLimited(DomainError):
    """Too many requests or sign-in attempts; `retry_after` (seconds) becomes the Retry-After header."""

    status_code = 429
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int, details: dict[str, Any] | None = None):
        super().__init__(message, details=details)
        self.retry_after = max(1, int(retry_after))
        self.headers = {"Retry-After": str(self.retry_after)}


class Unavailable(DomainError):
    """A store the app needs to decide safely (the rate-limit counters) cannot answer: refuse, never guess."""

    status_code = 503
    code = "UNAVAILABLE"

    def __init__(self, message: str, *, retry_after: int = 5, details: dict[str, Any] | None = None):
        super().__init__(message, details=details)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}
