"""The language of the person being answered, for text made deep inside a use case (a rule engine
conflict turned into a warning line). Page events set it from the signed-in person's choice, API requests
from Accept-Language; everything else (the audit trail, stored rows, mail) stays in English by not asking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from shiftapp.i18n.languages import Language, language_or_default

_reading: ContextVar[Language] = ContextVar("reading_language", default="en")


def reading_language() -> Language:
    return _reading.get()


@contextmanager
def reading(lang: object) -> Iterator[Language]:
    """Answer in `lang` for the duration of the block (English for anything but "it")."""
    token = _reading.set(language_or_default(lang))
    try:
        yield _reading.get()
    finally:
        _reading.reset(token)
