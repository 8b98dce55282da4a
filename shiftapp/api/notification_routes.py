"""Notifications — /api/v1/notifications/*: the signed-in person's inbox.

Everyone reads and marks only their own messages: another person's message is a 404, as one that
does not exist. Errors use the staff scheduling body (`{"error", "code", "details"}`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shiftapp.api.authorisation import AuthoriseFirstRoute
from shiftapp.api.deps import CurrentUser, DbSession
from shiftapp.api.schemas.notifications import InboxOut, MarkedOut, NotificationOut, UnreadCountOut
from shiftapp.services import notifications

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"], route_class=AuthoriseFirstRoute)


@router.get("", response_model=InboxOut)
def my_notifications(
    session: DbSession,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=notifications.MAX_PAGE)] = 25,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    unread_only: bool = False,
):
    """Your messages, newest first, a page at a time (`unread_only` for the unread ones)."""
    return notifications.list_mine(session=session, actor=user, limit=limit, offset=offset, unread_only=unread_only)


@router.get("/unread-count", response_model=UnreadCountOut)
def unread_count(session: DbSession, user: CurrentUser):
    """How many of your messages are unread."""
    return UnreadCountOut(unread=notifications.unread_count(session=session, actor=user))


@router.post("/read-all", response_model=MarkedOut)
def mark_all_read(session: DbSession, user: CurrentUser):
    """Mark all your unread messages read; answers how many were."""
    return MarkedOut(marked=notifications.mark_all_read(session=session, actor=user))


@router.post("/{notification_id}/read", response_model=NotificationOut)
def mark_read(notification_id: str, session: DbSession, user: CurrentUser):
    """Mark one of your messages read (another person's is not found)."""
    return notifications.mark_read(session=session, actor=user, notification_id=notification_id)
