"""Calendar and exports on the profile page: the personal feed URL (shown once, rotated, revoked)
and, for team leaders and planners, bureau feeds and schedule exports."""

from __future__ import annotations

from typing import Any

import reflex as rx

from shiftapp.services import exports, feeds
from shiftapp.state.auth import AuthState
from shiftapp.state.base import page_event, run_as_user


def _absolute(path: str) -> str:
    # The API is served by Reflex's backend; a calendar program needs the whole address.
    return rx.config.get_config().api_url.rstrip("/") + path


class CalendarState(AuthState):
    feed_active: bool = False
    feed_url: str = ""  # shown only right after it was made: only its hash is kept
    bureaus: list[dict[str, Any]] = []
    may_export: bool = False  # display only: every export and feed is checked again by its service
    bureau_feed_url: str = ""
    bureau_feed_name: str = ""

    def _refresh(self, status: dict[str, Any]) -> None:
        self.feed_active = bool(status["personal"]["active"])
        self.bureaus = [
            {"id": b["bureau_id"], "name": b["bureau_name"], "active": "yes" if b["active"] else "no"}
            for b in status["bureaus"]
        ]
        self.may_export = bool(self.bureaus)

    @page_event
    def load_feeds(self):
        self._refresh(run_as_user(self.token, lambda s, u: feeds.feed_status(session=s, actor=u)))

    @page_event
    def create_feed(self):
        def create(session, user):
            made = feeds.create_personal_feed(session=session, actor=user)
            return made, feeds.feed_status(session=session, actor=user)

        made, status = run_as_user(self.token, create)
        self._refresh(status)
        self.feed_url = _absolute(made["path"])
        return rx.toast.success("New calendar URL made; any earlier one no longer works")

    @page_event
    def revoke_feed(self):
        def revoke(session, user):
            gone = feeds.revoke_personal_feed(session=session, actor=user)
            return gone, feeds.feed_status(session=session, actor=user)

        gone, status = run_as_user(self.token, revoke)
        self._refresh(status)
        self.feed_url = ""
        return rx.toast.success("Calendar URL revoked" if gone else "You had no calendar URL")

    @page_event
    def create_bureau_feed(self, form_data: dict[str, Any]):
        bureau_id = form_data.get("bureau_id")

        def create(session, user):
            made = feeds.create_bureau_feed(session=session, actor=user, bureau_id=bureau_id)
            return made, feeds.feed_status(session=session, actor=user)

        made, status = run_as_user(self.token, create)
        self._refresh(status)
        self.bureau_feed_url = _absolute(made["path"])
        self.bureau_feed_name = next((b["name"] for b in self.bureaus if b["id"] == made["bureau_id"]), "")
        return rx.toast.success("New bureau calendar URL made; any earlier one no longer works")

    @page_event
    def download_schedule(self, form_data: dict[str, Any]):
        kind = form_data.get("format") or "csv"

        def export(session, user):
            if kind == "rota":
                return exports.rota_export(
                    session=session, actor=user, bureau_id=form_data.get("bureau_id"), week=form_data.get("start_date")
                )
            return exports.schedule_export(
                session=session,
                actor=user,
                bureau_id=form_data.get("bureau_id"),
                start_date=form_data.get("start_date"),
                end_date=form_data.get("end_date"),
                export_format=kind,
            )

        file = run_as_user(self.token, export)
        return rx.download(data=file.content, filename=file.filename, mime_type=file.media_type.split(";")[0])
