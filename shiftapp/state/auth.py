"""Signing in and out, and resolving the signed-in user on every event.

The browser keeps only the session token (in localStorage). It is a bearer credential
checked against the hashed sessions table on each event; identity and role are never
taken from anything the client sends.
"""

from __future__ import annotations

import contextlib
from typing import Any

import reflex as rx

from shiftapp.models import Employee
from shiftapp.services import access, auth, notifications
from shiftapp.services.errors import DomainError, InvalidToken
from shiftapp.state.base import SESSION_ENDED, page_event, run_as_user, signed_in_user

LOGIN_ROUTE = "/login"


class AuthState(rx.State):
    token: str = rx.LocalStorage("", name="shiftapp_token", sync=True)
    # Display-only copies of who is signed in; authorisation never reads them.
    user_id: str = ""
    user_name: str = ""
    user_email: str = ""
    user_role: str = ""
    is_team_leader: bool = False
    nav_items: list[dict[str, str]] = []
    # The signed-in person's unread notifications, shown in the shell as text ("Inbox (3 unread)").
    unread_count: int = 0
    login_error: str = ""
    signing_in: bool = False

    def _user_or_none(self) -> Employee | None:
        return signed_in_user(self.token)

    def _require_user(self) -> Employee:
        user = self._user_or_none()
        if user is None:
            raise InvalidToken(SESSION_ENDED)
        return user

    def _show_user(self, user: Employee) -> None:
        self.user_id = user.id
        self.user_name = user.full_name
        self.user_email = user.email
        self.user_role = user.access_role
        self.is_team_leader = user.is_team_leader
        self.nav_items = access.navigation_for(user)
        self._count_unread()

    def _count_unread(self) -> None:
        # One indexed count (recipient_id, read_at); a failure leaves the last number shown.
        with contextlib.suppress(DomainError):
            self.unread_count = run_as_user(
                self.token, lambda session, user: notifications.unread_count(session=session, actor=user)
            )

    @rx.var
    def inbox_label(self) -> str:
        return f"Inbox ({self.unread_count} unread)" if self.unread_count else "Inbox (none unread)"

    def _forget_user(self) -> None:
        self.user_id = self.user_name = self.user_email = self.user_role = ""
        self.is_team_leader = False
        self.nav_items = []
        self.unread_count = 0

    @page_event(public=True)
    def require_signed_in(self):
        """on_load of every signed-in page: send strangers to the sign-in page."""
        user = self._user_or_none()
        if user is None:
            self._forget_user()
            return rx.redirect(LOGIN_ROUTE)
        self._show_user(user)

    @page_event(public=True)
    def redirect_if_signed_in(self):
        if self._user_or_none() is not None:
            return rx.redirect("/")

    @page_event(public=True)
    def sign_in(self, form_data: dict[str, Any]):
        email = form_data.get("email") if isinstance(form_data, dict) else None
        password = form_data.get("password") if isinstance(form_data, dict) else None
        if not isinstance(email, str) or not isinstance(password, str) or not email.strip() or not password:
            self.login_error = "Enter your email and password."
            return
        try:
            # The same throttled, audited use case as POST /api/auth/login.
            token, user = auth.sign_in(email=email, password=password, address=self.router.session.client_ip)
        except DomainError as error:
            self.login_error = error.message
            return
        self.token = token
        self.login_error = ""
        self._show_user(user)
        return rx.redirect("/")

    @page_event(public=True)
    def sign_out(self):
        auth.sign_out(self.token)
        self.token = ""
        self._forget_user()
        return rx.redirect(LOGIN_ROUTE)
