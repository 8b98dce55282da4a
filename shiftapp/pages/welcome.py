import reflex as rx

from shiftapp.components.i18n import lang_attrs, t, tf
from shiftapp.state.welcome import WelcomeState as W


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(tf("Welcome, {name}", name=W.invitee_name), size="6", as_="h1", id="welcome-title"),
            rx.text(
                t("Choose the password you will sign in with as "),
                rx.text(W.invitee_email, weight="bold", as_="span"),
                t(": at least 8 characters, and not one of the common ones."),
                color_scheme="gray",
            ),
            rx.el.label(t("Password"), html_for="welcome-password", style={"fontWeight": 500}),
            rx.input(
                name="password",
                id="welcome-password",
                type="password",
                width="100%",
                auto_complete="new-password",
            ),
            rx.el.label(t("The same password again"), html_for="welcome-repeat", style={"fontWeight": 500}),
            rx.input(name="repeat", id="welcome-repeat", type="password", width="100%", auto_complete="new-password"),
            rx.cond(
                W.welcome_error != "",
                rx.callout(
                    W.welcome_error, icon="triangle_alert", color_scheme="red", id="welcome-error", width="100%"
                ),
            ),
            rx.button(t("Set password and sign in"), type="submit", id="welcome-submit", width="100%"),
            spacing="3",
            width="min(360px, calc(100vw - 72px))",
        ),
        on_submit=W.choose_password,
        reset_on_submit=False,
    )


def _invalid() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Invitation"), size="6", as_="h1"),
        rx.callout(W.invitation_error, icon="triangle_alert", color_scheme="red", id="invitation-invalid"),
        rx.link(t("Go to sign in"), href="/login"),
        spacing="3",
        width="min(360px, calc(100vw - 72px))",
    )


def welcome_page() -> rx.Component:
    return rx.el.main(
        rx.card(rx.cond(W.invitation_ok, _form(), rx.cond(W.invitation_error != "", _invalid(), rx.spinner()))),
        min_height="100vh",
        display="flex",
        align_items="center",
        justify_content="center",
        padding="12px",
        background=rx.color("gray", 2),
        custom_attrs=lang_attrs(),
    )
