"""Pages of long lists: the bounds every paged read checks, and where the next page starts."""

from __future__ import annotations

from shiftapp.services.errors import ValidationFailed
from shiftapp.services.text_limits import MAX_OFFSET


def check_page(limit: object, offset: object, *, max_limit: int, limit_field: str = "limit") -> None:
    """Refuse a page size or start no client can mean (the API's query bounds say the same, for its
    OpenAPI description; the pages call the services directly). `limit_field` names the page size as the
    caller's parameter does."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= max_limit:
        raise ValidationFailed(
            f"{limit_field} must be a whole number from 1 to {max_limit:,}", details={"field": limit_field}
        )
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise ValidationFailed(f"offset must be a whole number from 0 to {MAX_OFFSET:,}", details={"field": "offset"})


def next_offset(total: int, *, limit: int, offset: int) -> int | None:
    """Where the page after this one starts, or None when this page reaches the end of the list."""
    following = offset + limit
    return following if following < total else None
