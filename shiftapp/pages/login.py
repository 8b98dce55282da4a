import reflex as rx

from shiftapp.state.auth import AuthState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading("Sign in to shiftapp", size="6"),
                    rx.text("Plan shifts, confirm preferences and load deliveries.", color_scheme="gray"),
                    rx.text("Email", as_="label", html_for="login-email", weight="medium"),
                    rx.input(
                        name="email",
                        id="login-email",
                        type="email",
                        placeholder="you@example.com",
                        width="100%",
                        auto_complete="username",
                    ),
                    rx.text("Password", as_="label", html_for="login-password", weight="medium"),
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
                    rx.button("Sign in", type="submit", id="login-submit", width="100%"),
                    spacing="3",
                    width="320px",
                ),
                on_submit=AuthState.sign_in,
                reset_on_submit=False,
            ),
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
    )
