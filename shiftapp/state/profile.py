"""My profile: name, phone and password of the signed-in user."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from shiftapp.services import auth
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user


class ProfileState(AuthState):
    profile: dict[str, Any] = {}
    password_message: str = ""

    @page_event
    def load_profile(self):
        try:
            self.profile = run_as_user(self.token, lambda s, u: _plain(auth.user_profile(s, u)))
        except DomainError as error:
            return error_toast(error)

    @page_event
    def save_profile(self, form_data: dict[str, Any]):
        fields = {k: form_data.get(k) for k in ("full_name", "phone") if isinstance(form_data.get(k), str)}
        if not fields:
            return rx.toast.error("Fill in your name or phone number, then save")
        changes = auth.ProfileChanges(**fields)
        try:

            def update(session, user):
                auth.update_own_profile(session=session, user=user, changes=changes)
                return _plain(auth.user_profile(session, user))

            self.profile = run_as_user(self.token, update)
        except DomainError as error:
            return error_toast(error)
        self.user_name = self.profile["full_name"]
        return rx.toast.success("Profile updated")

    @page_event
    def change_password(self, form_data: dict[str, Any]):
        current = form_data.get("current_password")
        new = form_data.get("new_password")
        if not isinstance(current, str) or not isinstance(new, str):
            return rx.toast.error("Fill in both password fields")
        try:
            run_as_user(
                self.token,
                lambda s, u: auth.change_password(
                    session=s, user=u, current_password=current, new_password=new, current_token=self.token
                ),
            )
        except DomainError as error:
            self.password_message = error.message
            return error_toast(error)
        self.password_message = "Password updated"
        return rx.toast.success("Password updated; other sessions were signed out")


def _plain(profile: auth.UserProfile) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in asdict(profile).items()}
