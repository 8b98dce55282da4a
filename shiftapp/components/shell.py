"""The app shell: navigation for what the signed-in role may use, and sign-out."""

from __future__ import annotations

import reflex as rx

from shiftapp.state.auth import AuthState
from shiftapp.state.generate import HelpState


def _nav_link(item: rx.Var) -> rx.Component:
    return rx.link(
        rx.text(item["label"], size="3"),
        href=item["href"],
        class_name="nav-link",
        underline="none",
        padding="6px 10px",
        border_radius="6px",
        _hover={"background": rx.color("accent", 3)},
    )


def sidebar() -> rx.Component:
    return rx.vstack(
        rx.heading("shiftapp", size="5", padding_bottom="12px"),
        rx.vstack(
            rx.foreach(AuthState.nav_items, _nav_link),
            rx.link(
                rx.text(AuthState.inbox_label, size="3", weight=rx.cond(AuthState.unread_count > 0, "bold", "regular")),
                href="/inbox",
                id="inbox-link",
                class_name="nav-link",
                underline="none",
                padding="6px 10px",
                border_radius="6px",
                _hover={"background": rx.color("accent", 3)},
            ),
            spacing="1",
            id="main-nav",
            width="100%",
        ),
        rx.spacer(),
        rx.vstack(
            rx.text(AuthState.user_name, weight="bold", id="signed-in-name"),
            rx.hstack(
                rx.badge(AuthState.user_role, id="signed-in-role"),
                rx.cond(AuthState.is_team_leader, rx.badge("team leader", color_scheme="green")),
            ),
            rx.button("Help", on_click=HelpState.toggle_help, variant="outline", id="help-toggle", width="100%"),
            rx.button("Sign out", on_click=AuthState.sign_out, variant="soft", id="sign-out", width="100%"),
            width="100%",
        ),
        width="220px",
        min_width="220px",
        min_height="100vh",
        position="sticky",
        top="0",
        padding="20px",
        background=rx.color("gray", 2),
        border_right=f"1px solid {rx.color('gray', 5)}",
        align="start",
    )


def help_panel() -> rx.Component:
    return rx.cond(
        HelpState.help_open,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading("Help", size="3"),
                    rx.spacer(),
                    rx.button("×", variant="ghost", size="1", on_click=HelpState.toggle_help),
                ),
                rx.scroll_area(
                    rx.vstack(
                        rx.foreach(
                            HelpState.messages,
                            lambda m: rx.box(
                                rx.markdown(m["content"]),
                                padding="6px",
                                border_radius="6px",
                                class_name="help-message",
                                background=rx.cond(m["role"] == "user", "var(--accent-3)", "var(--gray-3)"),
                            ),
                        ),
                        spacing="2",
                    ),
                    max_height="320px",
                ),
                rx.form(
                    rx.hstack(
                        rx.input(
                            value=HelpState.question,
                            on_change=HelpState.set_question,
                            placeholder="Ask how to do something",
                            id="help-question",
                            width="100%",
                        ),
                        rx.button("Ask", type="submit", id="help-ask"),
                    ),
                    on_submit=lambda _form: HelpState.ask(),
                    width="100%",
                ),
                width="100%",
            ),
            position="fixed",
            bottom="16px",
            right="16px",
            width="360px",
            z_index="50",
            id="help-panel",
        ),
    )


def page_shell(title: str, *children: rx.Component) -> rx.Component:
    return rx.hstack(
        sidebar(),
        rx.box(
            rx.heading(title, size="7", padding_bottom="16px", id="page-title"),
            *children,
            help_panel(),
            padding="24px 32px",
            width="100%",
            min_width="0",  # lets wide boards scroll inside the page instead of stretching it
            overflow_x="auto",
        ),
        spacing="0",
        align="start",
        width="100%",
    )


def not_allowed(message: str) -> rx.Component:
    return rx.callout(message, icon="lock", color_scheme="red", id="not-allowed")
