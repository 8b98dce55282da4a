"""Notifications: what the inbox routes answer. Read from `services.notifications`' dataclasses."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    title: str
    body: str
    link: str | None = None
    created_at: str
    read_at: str | None = None
    read: bool


class InboxOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    items: list[NotificationOut]
    total: int
    unread: int
    limit: int
    offset: int


class UnreadCountOut(BaseModel):
    unread: int


class MarkedOut(BaseModel):
    marked: int
