"""A dialog that asks for a few fields and then does one thing: the schedule's Edit… / Add shift / Move
together… and the plan board's Move… / Assign…. Its title and description name it for screen readers
(Radix ties them to the dialog), Cancel and Escape close it without a change, and the one action
button says what it does."""

from __future__ import annotations

from typing import Any

import reflex as rx

from shiftapp.components.i18n import Text, t


def form_dialog(
    *body: rx.Component,
    title: Any,
    description: Any,
    is_open: Any,
    on_close: Any,
    action: Text,
    on_action: Any,
    action_id: str,
    action_disabled: Any = False,
    **content_props: Any,
) -> rx.Component:
    """`on_close` is an event handler (Cancel, Escape and a click outside call it); `on_action` what the
    action button does (it checks or writes; the dialog closes when the state says so)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(description, size="2"),
            *body,
            rx.hstack(
                rx.button(t("Cancel"), variant="soft", color_scheme="gray", on_click=on_close),
                rx.button(action, on_click=on_action, id=action_id, disabled=action_disabled),
                justify="end",
                spacing="3",
                width="100%",
                padding_top="12px",
            ),
            **content_props,
        ),
        open=is_open,
        on_open_change=lambda _opened: on_close(),
    )
