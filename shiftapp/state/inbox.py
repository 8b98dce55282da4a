"""The inbox: the signed-in person's notifications, newest first, a page at a time."""

from __future__ import annotations

import reflex as rx

from shiftapp.i18n import format_date
from shiftapp.services import notifications
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

PAGE = 25


class InboxState(AuthState):
    items: list[dict[str, str]] = []
    total: int = 0
    offset: int = 0

    @rx.var
    def has_items(self) -> bool:
        return bool(self.items)

    @rx.var
    def has_more(self) -> bool:
        return self.offset + PAGE < self.total

    @rx.var
    def has_previous(self) -> bool:
        return self.offset > 0

    def _reload(self) -> None:
        page = run_as_user(
            self.token,
            lambda session, user: notifications.list_mine(session=session, actor=user, limit=PAGE, offset=self.offset),
        )
        self.items = [
            {
                "id": n.id,
                "title": n.title,
                "body": n.body,
                "link": n.link or "",
                "created_at": f"{format_date(n.created_at, self.lang)} {n.created_at[11:16]}",
                "state": self._t("Read" if n.read else "Unread"),
                "unread": "" if n.read else "yes",
            }
            for n in page.items
        ]
        self.total, self.unread_count = page.total, page.unread

    @page_event(public=True)
    def open_inbox(self):
        """on_load of the inbox: who is signed in and their notifications, in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_inbox)

    def _load_inbox(self):
        try:
            self._reload()
        except DomainError as error:
            self.items, self.total = [], 0
            return error_toast(error, self.lang)

    @page_event
    def mark_read(self, notification_id: str):
        run_as_user(
            self.token,
            lambda session, user: notifications.mark_read(session=session, actor=user, notification_id=notification_id),
        )
        self._reload()

    @page_event
    def mark_all_read(self):
        run_as_user(self.token, lambda session, user: notifications.mark_all_read(session=session, actor=user))
        self._reload()

    @page_event
    def next_page(self):
        if self.offset + PAGE < self.total:
            self.offset += PAGE
            self._reload()

    @page_event
    def previous_page(self):
        self.offset = max(0, self.offset - PAGE)
        self._reload()
