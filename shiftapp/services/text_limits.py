"""Limits on what people may type: one place for every free-text field and date the services accept.

Lengths keep one person's input from bloating every list that carries it (names travel into
the employee list, the conflicts and the timeline); control characters are refused because
they corrupt exports and logs, and bidi overrides such as U+202E can disguise a name.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from shiftapp.models.lengths import *  # noqa: F403  (the limits, defined once for tables, schemas and checks)
from shiftapp.models.lengths import LABEL, NAME, NOTES, REASON, SEARCH
from shiftapp.services.errors import ValidationFailed

# Dates the app plans in; outside this range datetime arithmetic overflows and no roster makes sense.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

_MULTILINE_ALLOWED = {"\n", "\t", "\r"}


def _bad_character(value: str, *, multiline: bool) -> str | None:
    """Describe the first character a text field may not hold, or None if all are acceptable."""
    for char in value:
        if multiline and char in _MULTILINE_ALLOWED:
            continue
        if "\ud800" <= char <= "\udfff":
            return "an unpaired surrogate"
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs"):
            return f"the control character U+{ord(char):04X}"
    return None


def check_text(value: Any, field: str, *, max_length: int, multiline: bool = False) -> str:
    """Return the text unchanged, or raise ValidationFailed naming the field and the limit broken."""
    if not isinstance(value, str):
        raise ValidationFailed(f"{field} must be text", details={"field": field})
    if len(value) > max_length:
        raise ValidationFailed(
            f"{field} may be at most {max_length:,} characters (got {len(value):,})",
            details={"field": field, "max_length": max_length},
        )
    bad = _bad_character(value, multiline=multiline)
    if bad is not None:
        allowed = " (line breaks and tabs are fine)" if multiline else ""
        raise ValidationFailed(f"{field} may not contain {bad}{allowed}", details={"field": field})
    return value


def check_optional_text(value: Any, field: str, *, max_length: int, multiline: bool = False) -> str | None:
    return None if value is None else check_text(value, field, max_length=max_length, multiline=multiline)


def check_name(value: Any, field: str = "full_name") -> str:
    return check_text(value, field, max_length=NAME)


def check_notes(value: Any, field: str = "notes") -> str | None:
    return check_optional_text(value, field, max_length=NOTES, multiline=True)


def check_label(value: Any, field: str) -> str | None:
    return check_optional_text(value, field, max_length=LABEL)


def check_reason(value: Any, field: str = "reason") -> str | None:
    return check_optional_text(value, field, max_length=REASON, multiline=True)


def decision_note(value: Any, field: str = "note") -> str | None:
    """A note written for someone else to read (with a decision, a withdrawal, a swap offer): checked
    as a reason, trimmed, and None when blank."""
    text = check_reason(value, field)
    return text.strip() if text and text.strip() else None


def check_search(value: Any, field: str = "search") -> str | None:
    """A search or filter typed into a box: one line, short enough to stay a search."""
    return check_optional_text(value, field, max_length=SEARCH)


def check_date_range(value: date | datetime, field: str) -> date | datetime:
    """Refuse dates the app cannot plan in, before any arithmetic on them overflows."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationFailed(
            f"{field} must be between {EARLIEST_YEAR} and {LATEST_YEAR} (got year {value.year})",
            details={"field": field},
        )
    return value


# Deepest row a list may be paged to; beyond this the database's integer overflows and no list is that long.
MAX_OFFSET = 1_000_000
MAX_PAGE = 10_000
