import reflex as rx

from shiftapp.components.i18n import lang_attrs, t
from shiftapp.state.auth import AuthState


def login_page() -> rx.Component:
    return rx.el.main(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("Sign in to shiftapp"), size="6", as_="h1"),
                    rx.text(t("Plan shifts, confirm preferences and load deliveries."), color_scheme="gray"),
                    rx.el.label(t("Email"), html_for="login-email", style={"fontWeight": 500}),
                    rx.input(
                        name="email",
                        id="login-email",
                        type="email",
                        placeholder="you@example.com",
                        width="100%",
                        auto_complete="username",
                    ),
                    rx.el.label(t("Password"), html_for="login-password", style={"fontWeight": 500}),
                    rx.input(
                        name="password",
                        id="login-password",
                        type="password",
                        width="100%",
                        auto_complete="current-password",
                    ),
                    rx.cond(
                        AuthState.login_error != "",
                        rx.callout(
                            AuthState.login_error,
                            icon="triangle_alert",
                            color_scheme="red",
                            id="login-error",
                            width="100%",
                        ),
                    ),
                    rx.button(t("Sign in"), type="submit", id="login-submit", width="100%"),
                    spacing="3",
                    width="min(320px, calc(100vw - 72px))",
                ),
                on_submit=AuthState.sign_in,
                reset_on_submit=False,
            ),
        ),
        min_height="100vh",
        display="flex",
        align_items="center",
        justify_content="center",
        padding="12px",
        background=rx.color("gray", 2),
        custom_attrs=lang_attrs(),
    )
