"""The inbox: your notifications, unread ones marked by word (not colour alone), with mark-read buttons."""

from typing import Any

import reflex as rx

from shiftapp.components.i18n import t, tf
from shiftapp.components.shell import page_shell
from shiftapp.state.inbox import InboxState as S


def _item(item: Any) -> rx.Component:
    unread = item["unread"] == "yes"
    return rx.el.li(
        rx.card(
            rx.vstack(
                rx.flex(
                    rx.badge(item["state"], color_scheme=rx.cond(unread, "blue", "gray"), class_name="inbox-state"),
                    rx.heading(item["title"], size="3", as_="h3", weight=rx.cond(unread, "bold", "regular")),
                    rx.spacer(),
                    rx.text(item["created_at"], size="1", color_scheme="gray"),
                    width="100%",
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(item["body"], white_space="pre-wrap", class_name="inbox-body"),
                rx.hstack(
                    rx.cond(item["link"] != "", rx.link(t("Open"), href=item["link"], padding_y="2px")),
                    rx.cond(
                        unread,
                        rx.button(
                            t("Mark read"),
                            size="1",
                            variant="soft",
                            on_click=S.mark_read(item["id"]),
                            aria_label=tf("Mark read: {title}", title=item["title"]),
                        ),
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        class_name="inbox-item",
        list_style="none",
    )


def inbox_page() -> rx.Component:
    return page_shell(
        "Inbox",
        rx.el.section(
            rx.hstack(
                rx.text(S.inbox_label, id="inbox-summary", role="status"),
                rx.spacer(),
                rx.button(
                    t("Mark all read"), on_click=S.mark_all_read, id="inbox-read-all", disabled=S.unread_count == 0
                ),
                width="100%",
                align="center",
            ),
            rx.cond(
                S.has_items,
                rx.el.ul(
                    rx.foreach(S.items, _item), id="inbox-list", padding="0", style={"display": "grid", "gap": "8px"}
                ),
                rx.text(t("No notifications yet."), id="inbox-empty"),
            ),
            rx.hstack(
                rx.button(t("Newer"), on_click=S.previous_page, disabled=~S.has_previous, variant="outline"),
                rx.button(t("Older"), on_click=S.next_page, disabled=~S.has_more, variant="outline"),
                aria_label=t("Inbox pages"),
            ),
            aria_label=t("Notifications"),
            width="100%",
        ),
    )
