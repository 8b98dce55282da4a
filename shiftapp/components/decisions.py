"""What the pages that decide on people's requests (time off, open-shift claims, swaps) share: the
Approve / Decline pair and the callout that says what the last action did."""

from __future__ import annotations

from typing import Any

import reflex as rx

from shiftapp.components.i18n import Text, t


def decision_buttons(
    *,
    on_approve: Any,
    on_decline: Any,
    approve_label: Text,
    decline_label: Text,
    class_prefix: str,
    size: str = "1",
    **hstack_props: Any,
) -> rx.Component:
    """Approve and Decline for one request. The labels name the request, so a screen reader's list of
    buttons tells the rows apart; the words, not the colours, say which is which."""
    return rx.hstack(
        rx.button(
            t("Approve"),
            size=size,
            color_scheme="green",
            on_click=on_approve,
            class_name=f"{class_prefix}-approve",
            aria_label=approve_label,
        ),
        rx.button(
            t("Decline"),
            size=size,
            variant="soft",
            color_scheme="red",
            on_click=on_decline,
            class_name=f"{class_prefix}-decline",
            aria_label=decline_label,
        ),
        **hstack_props,
    )


def result_callout(text: Any, kind: Any, *, icons: dict[str, str], colours: dict[str, str], id: str) -> rx.Component:
    """The outcome of the last action, announced as a status. The words say what happened; the icon and
    colour (by `kind`) only repeat them."""
    return rx.cond(
        text != "",
        rx.callout.root(
            rx.match(
                kind,
                *[(name, rx.callout.icon(rx.icon(icon))) for name, icon in icons.items()],
                rx.callout.icon(rx.icon("info")),
            ),
            rx.callout.text(text),
            color_scheme=rx.match(kind, *colours.items(), "gray"),
            id=id,
            role="status",
        ),
    )
