"""In-app notifications: one row per message to one person, read or not (issue 20, item 5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from shiftapp.models import lengths
from shiftapp.models.common import UTCDateTime, new_id, utcnow


class Notification(SQLModel, table=True):
    """A message in one person's inbox. `read_at` is empty until they read it; the unread count is
    answered from the (recipient_id, read_at) index alone."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_recipient_read", "recipient_id", "read_at"),
        Index("ix_notification_recipient_created", "recipient_id", "created_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    recipient_id: str = Field(foreign_key="employee.id", ondelete="CASCADE", max_length=lengths.ID)
    kind: str = Field(max_length=lengths.REFERENCE)
    title: str = Field(max_length=lengths.LABEL)
    body: str = Field(max_length=lengths.NOTES)
    link: str | None = Field(default=None, max_length=lengths.ADDRESS)
    # The title and body as templates and parameters ({"title": ..., "body": ...}), rendered in the
    # reader's language when read; `title` and `body` keep the English reading. Empty on older rows.
    text: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
