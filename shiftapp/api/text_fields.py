"""String types for request schemas, so /openapi.json documents every text field's maximum length.

The numbers come from the one place the limits live (`shiftapp.models.lengths`, re-exported by
`services.text_limits`). A value over its limit is refused by pydantic, which the error handlers
turn into the route family's 400 naming the field, before anything reaches the database (where
PostgreSQL's VARCHAR(n) would otherwise raise). The services still check text themselves, so
the pages, which do not pass through these schemas, get the same limits.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import Field

from shiftapp.services import text_limits as limits

# Every request base class sets `str_max_length` to this: a string field without a tighter type
# below still has a documented, enforced maximum (dict values in chat history, free lists).
REQUEST_TEXT_BACKSTOP = limits.NOTES

IdText = Annotated[str, Field(max_length=limits.ID)]
NameText = Annotated[str, Field(max_length=limits.NAME)]
EmailText = Annotated[str, Field(max_length=limits.EMAIL)]
LabelText = Annotated[str, Field(max_length=limits.LABEL)]
NotesText = Annotated[str, Field(max_length=limits.NOTES)]
ReasonText = Annotated[str, Field(max_length=limits.REASON)]
PhoneText = Annotated[str, Field(max_length=limits.PHONE)]
ReferenceText = Annotated[str, Field(max_length=limits.REFERENCE)]
StatusText = Annotated[str, Field(max_length=limits.STATUS)]
TimestampText = Annotated[str, Field(max_length=limits.TIMESTAMP)]
PasswordText = Annotated[str, Field(max_length=limits.PASSWORD)]

# Query parameters people type (searches, filters, a reason on a delete): documented here, and
# checked again by the services (which also serve the pages).
SearchQuery = Annotated[str | None, Query(max_length=limits.SEARCH)]
ReasonQuery = Annotated[str | None, Query(max_length=limits.REASON)]
