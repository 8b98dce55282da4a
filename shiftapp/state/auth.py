"""Signing in and out, and resolving the signed-in user on every event.

The browser keeps only the session token (in localStorage). It is a bearer credential
checked against the hashed sessions table on each event; identity and role are never
taken from anything the client sends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import reflex as rx

from shiftapp.i18n import language_from_accept, language_or_default, reading, translate
from shiftapp.models import Employee
from shiftapp.services import access, auth, notifications
from shiftapp.services.errors import DomainError, InvalidToken
from shiftapp.state.base import SESSION_ENDED, error_toast, page_event, run_as_user, signed_in_user

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
    # The interface language (display only: "en" or "it"). The profile's choice when signed in,
    # else the browser's Accept-Language; kept after signing out, so the sign-in page stays in it.
    lang: str = "en"
    lang_known: bool = False

    def _t(self, text: str, **params: Any) -> str:
        """Text made on the server (toasts, labels) in the reader's language."""
        return translate(text, self.lang, **params)

    def _set_lang(self, user: Employee | None) -> Any:
        if user is not None and user.language:
            self.lang = language_or_default(user.language)
        elif user is not None or not self.lang_known:
            self.lang = language_from_accept(self.router.headers.accept_language)
        self.lang_known = True
        return html_lang(self.lang)

    def _user_or_none(self) -> Employee | None:
        return signed_in_user(self.token)

    def _require_user(self) -> Employee:
        user = self._user_or_none()
        if user is None:
            raise InvalidToken(SESSION_ENDED)
        return user

    def _show_user(self, user: Employee) -> Any:
        """Show who is signed in; returns the event that sets the page's language."""
        self.user_id = user.id
        self.user_name = user.full_name
        self.user_email = user.email
        self.user_role = user.access_role
        self.is_team_leader = user.is_team_leader
        self.nav_items = access.navigation_for(user)
        self._count_unread()
        return self._set_lang(user)

    def _count_unread(self) -> None:
        # One indexed count (recipient_id, read_at); a failure leaves the last number shown.
        with contextlib.suppress(DomainError):
            self.unread_count = run_as_user(
                self.token, lambda session, user: notifications.unread_count(session=session, actor=user)
            )

    @rx.var
    def inbox_label(self) -> str:
        if self.unread_count:
            return translate("Inbox ({count} unread)", self.lang, count=self.unread_count)
        return translate("Inbox (none unread)", self.lang)

    @rx.var
    def nav_links(self) -> list[dict[str, str]]:
        return [{"label": translate(i["label"], self.lang), "href": i["href"]} for i in self.nav_items]

    @rx.var
    def role_label(self) -> str:
        return translate(self.user_role, self.lang)

    def _forget_user(self) -> None:
        self.user_id = self.user_name = self.user_email = self.user_role = ""
        self.is_team_leader = False
        self.nav_items = []
        self.unread_count = 0

    def _open_signed_in(self, load: Callable[[], Any]) -> list[Any] | Any:
        """A signed-in page's on_load in one event: strangers go to the sign-in page with nothing loaded;
        for the signed-in, the shell (name, navigation, language) and what `load` loads or asks for, in
        one update. The page opens on a websocket whose events run one after another, each answered with
        its own update: one event instead of two saves a round of both before the page shows. Call it
        from a `page_event(public=True)`, which is this check itself."""
        user = self._user_or_none()
        if user is None:
            self._forget_user()
            return rx.redirect(LOGIN_ROUTE)
        sent = [self._show_user(user)]
        try:
            # The guard set the reading language before the user's own was known: text the load makes
            # (a toast, a rule's message) comes out in theirs.
            with reading(self.lang):
                loaded = load()
        except DomainError as error:
            loaded = error_toast(error, self.lang)
        sent += loaded if isinstance(loaded, list) else [loaded]
        return [event for event in sent if event is not None]

    @page_event(public=True)
    def redirect_if_signed_in(self):
        if self._user_or_none() is not None:
            return rx.redirect("/")
        return self._set_lang(None)

    @page_event(public=True)
    def sign_in(self, form_data: dict[str, Any]):
        email = form_data.get("email") if isinstance(form_data, dict) else None
        password = form_data.get("password") if isinstance(form_data, dict) else None
        if not isinstance(email, str) or not isinstance(password, str) or not email.strip() or not password:
            self.login_error = self._t("Enter your email and password.")
            return
        try:
            # The same throttled, audited use case as POST /api/auth/login.
            token, user = auth.sign_in(email=email, password=password, address=self.router.session.client_ip)
        except DomainError as error:
            self.login_error = error.text(self.lang)
            return
        self.token = token
        self.login_error = ""
        return [self._show_user(user), rx.redirect("/")]

    @page_event(public=True)
    def sign_out(self):
        auth.sign_out(self.token)
        self.token = ""
        self._forget_user()
        return rx.redirect(LOGIN_ROUTE)


def html_lang(lang: str) -> Any:
    """Set `<html lang>` for screen readers and the browser's spell checker and hyphenation
    (the value is one of the two codes, never text from the client)."""
    return rx.call_script(f"document.documentElement.lang = '{language_or_default(lang)}'")
