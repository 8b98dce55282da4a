"""The invitation page (/welcome?invitation=…): someone added by an administrator chooses their
password with the one-time link, and is signed in. Nobody is signed in here: the link's token is
the only credential, checked by the service on every step."""

from __future__ import annotations

from typing import Any

import reflex as rx

from shiftapp.services import auth, invitations
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import page_event, run_public


class WelcomeState(AuthState):
    invitation_ok: bool = False
    invitee_name: str = ""
    invitee_email: str = ""
    invitation_error: str = ""
    welcome_error: str = ""
    # The link's token stays on the server (a backend variable), as the browser already has it.
    _invitation: str = ""

    @page_event(public=True)
    def load_welcome(self):
        token = self.router.url.query_parameters.get("invitation", "")
        self._invitation = token
        self.welcome_error = ""
        # Nobody is signed in here: the page speaks the browser's language.
        html_lang = self._set_lang(None)
        try:
            view = run_public(lambda s: invitations.read_invitation(session=s, token=token))
        except DomainError as error:
            self.invitation_ok, self.invitee_name, self.invitee_email = False, "", ""
            self.invitation_error = error.text(self.lang)
            return html_lang
        self.invitation_ok, self.invitation_error = True, ""
        self.invitee_name, self.invitee_email = view.employee_name, view.email
        return html_lang

    @page_event(public=True)
    def choose_password(self, form_data: dict[str, Any]):
        password = form_data.get("password") if isinstance(form_data, dict) else None
        repeated = form_data.get("repeat") if isinstance(form_data, dict) else None
        token = self._invitation
        try:
            email = run_public(
                lambda s: (
                    invitations.accept_invitation(
                        session=s, token=token, password=password, repeated=repeated if repeated is not None else ""
                    ).email
                )
            )
        except DomainError as error:
            self.welcome_error = error.text(self.lang)
            return
        self._invitation, self.invitation_ok, self.welcome_error = "", False, ""
        try:
            # The same throttled, audited sign-in as the sign-in page.
            session_token, user = auth.sign_in(email=email, password=password, address=self.router.session.client_ip)
        except DomainError as error:
            self.invitation_error = self._t(
                "Your password is set, but signing in failed ({problem}); sign in now.", problem=error.text(self.lang)
            )
            return rx.redirect("/login")
        self.token = session_token
        self._show_user(user)
        return [
            rx.toast.success(self._t("Welcome, {name}: your password is set", name=user.full_name)),
            rx.redirect("/"),
        ]
