"""My profile: name, phone and password of the signed-in user; calendar addresses and, for team
leaders and planners, bureau feeds and schedule exports."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from shiftapp.services import auth, exports, feeds
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState, html_lang
from shiftapp.state.base import error_toast, page_event, run_as_user


class ProfileState(AuthState):
    profile: dict[str, Any] = {}
    password_message: str = ""
    feed_active: bool = False
    feed_url: str = ""  # shown only right after it was made: only its hash is kept
    bureaus: list[dict[str, Any]] = []
    may_export: bool = False  # display only: every export and feed is checked again by its service
    bureau_feed_url: str = ""
    bureau_feed_name: str = ""

    def _refresh(self, status: feeds.FeedStatus) -> None:
        self.feed_active = status.personal.active
        self.bureaus = [
            {"id": b.bureau_id, "name": b.bureau_name, "active": "yes" if b.active else "no"} for b in status.bureaus
        ]
        self.may_export = bool(self.bureaus)

    @page_event(public=True)
    def open_profile(self):
        """on_load of My profile: who is signed in, their profile and their calendar addresses, in one
        event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_profile_and_feeds)

    def _load_profile_and_feeds(self):
        refused = self._load_profile()
        try:
            self._load_feeds()
        except DomainError as error:
            return [refused, error_toast(error, self.lang)] if refused is not None else error_toast(error, self.lang)
        return refused

    def _load_feeds(self) -> None:
        self._refresh(run_as_user(self.token, lambda s, u: feeds.feed_status(session=s, actor=u)))

    @page_event
    def create_feed(self):
        def create(session, user):
            made = feeds.create_personal_feed(session=session, actor=user)
            return made, feeds.feed_status(session=session, actor=user)

        made, status = run_as_user(self.token, create)
        self._refresh(status)
        self.feed_url = _absolute(made.path)
        return rx.toast.success(self._t("New calendar URL made; any earlier one no longer works"))

    @page_event
    def revoke_feed(self):
        def revoke(session, user):
            gone = feeds.revoke_personal_feed(session=session, actor=user)
            return gone, feeds.feed_status(session=session, actor=user)

        gone, status = run_as_user(self.token, revoke)
        self._refresh(status)
        self.feed_url = ""
        return rx.toast.success(self._t("Calendar URL revoked" if gone else "You had no calendar URL"))

    @page_event
    def create_bureau_feed(self, form_data: dict[str, Any]):
        bureau_id = form_data.get("bureau_id")

        def create(session, user):
            made = feeds.create_bureau_feed(session=session, actor=user, bureau_id=bureau_id)
            return made, feeds.feed_status(session=session, actor=user)

        made, status = run_as_user(self.token, create)
        self._refresh(status)
        self.bureau_feed_url = _absolute(made.path)
        self.bureau_feed_name = next((b["name"] for b in self.bureaus if b["id"] == made.bureau_id), "")
        return rx.toast.success(self._t("New bureau calendar URL made; any earlier one no longer works"))

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

    @page_event
    def set_language(self, language: str):
        """Save the interface language on the person's own profile (the service checks the value)."""
        self.lang = run_as_user(
            self.token, lambda s, u: auth.set_own_language(session=s, user=u, language=language).language or "en"
        )
        self.profile = {**self.profile, "language": self.lang}
        return [html_lang(self.lang), rx.toast.success(self._t("Language saved"))]

    def _load_profile(self):
        try:
            self.profile = run_as_user(self.token, lambda s, u: _plain(auth.user_profile(s, u)))
        except DomainError as error:
            return error_toast(error, self.lang)

    @page_event
    def save_profile(self, form_data: dict[str, Any]):
        fields = {k: form_data.get(k) for k in ("full_name", "phone") if isinstance(form_data.get(k), str)}
        if not fields:
            return rx.toast.error(self._t("Fill in your name or phone number, then save"))
        changes = auth.ProfileChanges(**fields)
        try:

            def update(session, user):
                auth.update_own_profile(session=session, user=user, changes=changes)
                return _plain(auth.user_profile(session, user))

            self.profile = run_as_user(self.token, update)
        except DomainError as error:
            return error_toast(error, self.lang)
        self.user_name = self.profile["full_name"]
        return rx.toast.success(self._t("Profile updated"))

    @page_event
    def change_password(self, form_data: dict[str, Any]):
        current = form_data.get("current_password")
        new = form_data.get("new_password")
        if not isinstance(current, str) or not isinstance(new, str):
            return rx.toast.error(self._t("Fill in both password fields"))
        try:
            run_as_user(
                self.token,
                lambda s, u: auth.change_password(
                    session=s, user=u, current_password=current, new_password=new, current_token=self.token
                ),
            )
        except DomainError as error:
            self.password_message = error.text(self.lang)
            return error_toast(error, self.lang)
        self.password_message = self._t("Password updated")
        return rx.toast.success(self._t("Password updated; other sessions were signed out"))


def _plain(profile: auth.UserProfile) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in asdict(profile).items()}


def _absolute(path: str) -> str:
    # The API is served by Reflex's backend; a calendar program needs the whole address.
    return rx.config.get_config().api_url.rstrip("/") + path
