"""Column types and helpers shared by every table module."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import declared_attr
from sqlalchemy.types import DateTime, TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    # The seeds' clients expect UUID strings as ids.
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    SQLite has no time zones: values are stored as naive UTC and handed back aware,
    so comparisons never mix naive and aware datetimes.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: attach a time zone (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _version_checked_mapper_args(cls) -> dict:
    return {"version_id_col": cls.__table__.c.version}


# `__mapper_args__ = version_checked` on a table with a `version` column makes the database
# check it: every UPDATE and DELETE says `WHERE version = <the version this session read>` and
# sets the next one, so a write that lost a race matches no row and fails (StaleDataError)
# instead of silently overwriting the winner. Services never bump `version` themselves.
version_checked = declared_attr(_version_checked_mapper_args)
