"""Sign-in throttling per account and per client address (OWASP ASVS 5.0 chapter 6).

A number of failed sign-ins within a sliding window pauses sign-in for that account (or from that
address) for a while; each further pause within a day lasts twice as long as the one before, up
to a maximum. While paused, no password is checked at all, so a guesser learns nothing. The
address limit is higher than the account limit, since many people may share one address.

Accounts are keyed by a hash of the email as typed (normalised), known or not, so the throttle
answers the same whether an account exists. The counters live in the rate limits' store; when
it cannot answer, sign-in is refused (Unavailable), never let through unchecked.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from shiftapp.config import Settings, get_settings
from shiftapp.services.errors import RateLimited, Unavailable
from shiftapp.services.rate_limits import SIGN_IN_MEMORY_SECONDS, STORE_ERRORS, Pause, get_failure_log

log = logging.getLogger("shiftapp.sign_in")

STORE_DOWN_MESSAGE = "Sign-in is briefly unavailable while its safety checks cannot run; please try again in a minute"


@dataclass(frozen=True)
class Subject:
    key: str
    kind: str  # "account" or "address"
    threshold: int


@dataclass(frozen=True)
class NewPause:
    """A pause that a failed sign-in has just started."""

    kind: str
    seconds: int
    level: int


def _subjects(email: str, address: str | None, settings: Settings) -> tuple[Subject, Subject]:
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return (
        Subject(f"account:{account}", "account", settings.sign_in_account_failures),
        Subject(f"address:{address or 'unknown'}", "address", settings.sign_in_address_failures),
    )


def _now(now: int | None) -> int:
    return int(time.time()) if now is None else now


def describe_wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _at(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%H:%M UTC")


def _paused_message(kind: str, seconds: int, until: int) -> str:
    whose = "this account" if kind == "account" else "your network address"
    return (
        f"Too many failed sign-ins for {whose}, so sign-in is paused to keep the account safe. "
        f"Please try again in {describe_wait(seconds)} (after {_at(until)}); if you have forgotten "
        "your password, ask an administrator to reset it."
    )


def check(*, email: str, address: str | None, now: int | None = None, settings: Settings | None = None) -> None:
    """Raise RateLimited (with the seconds to wait) if sign-in for this account or from this address is paused."""
    settings = settings or get_settings()
    now = _now(now)
    try:
        store = get_failure_log()
        pauses = [(subject, store.pause_of(subject.key)) for subject in _subjects(email, address, settings)]
    except STORE_ERRORS:
        log.exception("sign-in throttle store unavailable; sign-in refused")
        raise Unavailable(STORE_DOWN_MESSAGE) from None
    active = [(subject, pause) for subject, pause in pauses if pause.until > now]
    if active:
        subject, pause = max(active, key=lambda item: item[1].until)
        raise RateLimited(
            _paused_message(subject.kind, pause.until - now, pause.until),
            retry_after=pause.until - now,
            details={"paused": subject.kind},
        )


def record_failure(
    *, email: str, address: str | None, now: int | None = None, settings: Settings | None = None
) -> list[NewPause]:
    """Count one failed sign-in for the account and the address; pause whichever reached its limit."""
    settings = settings or get_settings()
    now = _now(now)
    started: list[NewPause] = []
    try:
        store = get_failure_log()
        for subject in _subjects(email, address, settings):
            failures = store.add_failure(subject.key, now, settings.sign_in_failure_window_seconds)
            if failures < subject.threshold:
                continue
            previous = store.pause_of(subject.key)
            # Pauses in a row grow; a day without one starts again from the shortest.
            level = previous.level + 1 if previous.until > now - SIGN_IN_MEMORY_SECONDS else 1
            seconds = min(settings.sign_in_lock_seconds * 2 ** min(level - 1, 30), settings.sign_in_lock_max_seconds)
            store.set_pause(subject.key, Pause(now + seconds, level))
            started.append(NewPause(subject.kind, seconds, level))
    except STORE_ERRORS:
        log.exception("sign-in throttle store unavailable; sign-in refused")
        raise Unavailable(STORE_DOWN_MESSAGE) from None
    return started


def record_success(*, email: str, settings: Settings | None = None) -> None:
    """A successful sign-in clears the account's failures and pauses. The address keeps its count:
    otherwise one valid account would let a guesser reset the address limit at will."""
    settings = settings or get_settings()
    account, _address = _subjects(email, None, settings)
    try:
        get_failure_log().forget(account.key)
    except STORE_ERRORS:
        log.exception("sign-in throttle store unavailable; sign-in refused")
        raise Unavailable(STORE_DOWN_MESSAGE) from None


def paused_note(pauses: list[NewPause]) -> str:
    """The sentence a failed sign-in adds when it has just started a pause."""
    if not pauses:
        return ""
    longest = max(pauses, key=lambda pause: pause.seconds)
    whose = "this account" if longest.kind == "account" else "your network address"
    return f"That was too many failed attempts, so sign-in for {whose} is paused for {describe_wait(longest.seconds)}."
