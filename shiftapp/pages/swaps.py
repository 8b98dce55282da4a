"""Swaps: offer one of your shifts (to a colleague, or to anyone eligible; optionally for one of
theirs), accept the offers you may take, follow your own offers; team leaders and planners approve
or decline accepted swaps. Offers are cards, not wide tables, so the page reads on a phone."""

from typing import Any

import reflex as rx

from shiftapp.components.shell import page_shell
from shiftapp.state.swaps import ANYONE
from shiftapp.state.swaps import SwapsState as S

STATUS_COLOURS = {
    "offered": "amber",
    "accepted": "blue",
    "approved": "green",
    "declined": "red",
    "withdrawn": "gray",
    "expired": "gray",
}
STATUS_ICONS = {
    "offered": "clock",
    "accepted": "hourglass",
    "approved": "check",
    "declined": "x",
    "withdrawn": "minus",
    "expired": "calendar-x",
}
RESULT_COLOURS = {"done": "green", "waiting": "amber", "refused": "red"}
RESULT_ICONS = {"done": "check", "waiting": "clock", "refused": "x"}
SECTION = {"display": "flex", "flexDirection": "column", "gap": "8px"}
CONTROL = {"padding": "6px", "width": "100%", "maxWidth": "420px"}


def _field(label: str, control_id: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"fontWeight": 500}), control, spacing="1", width="100%"
    )


def _status(row: Any) -> rx.Component:
    # The words are always shown: colour and icon only repeat them.
    return rx.match(
        row["status"],
        *[
            (
                name,
                rx.badge(
                    rx.icon(STATUS_ICONS[name], size=12),
                    row["status_label"],
                    color_scheme=colour,
                    style={"whiteSpace": "normal", "height": "auto"},
                ),
            )
            for name, colour in STATUS_COLOURS.items()
        ],
        rx.badge(row["status_label"]),
    )


def _result() -> rx.Component:
    return rx.cond(
        S.result != "",
        rx.callout.root(
            rx.match(
                S.result_kind,
                *[(kind, rx.callout.icon(rx.icon(icon))) for kind, icon in RESULT_ICONS.items()],
                rx.callout.icon(rx.icon("info")),
            ),
            rx.callout.text(S.result),
            color_scheme=rx.match(S.result_kind, *RESULT_COLOURS.items(), "gray"),
            id="swap-result",
            role="status",
        ),
    )


def _line(label: str, value: Any) -> rx.Component:
    return rx.text(rx.text(label + ": ", weight="medium", as_="span"), value, size="2")


def _notes(row: Any) -> rx.Component:
    return rx.fragment(
        rx.cond(row["note"] != "", _line("Note", row["note"])),
        rx.cond(
            row["conflicts"] != "",
            rx.text(rx.icon("octagon-alert", size=12), " Breaks a rule: ", row["conflicts"], size="2", weight="medium"),
        ),
        rx.cond(
            row["warnings"] != "",
            rx.text(rx.icon("triangle-alert", size=12), " Warnings: ", row["warnings"], size="1"),
        ),
    )


def _card(row: Any, *children: rx.Component, id_prefix: str, class_name: str) -> rx.Component:
    return rx.card(
        rx.vstack(*children, spacing="1", align="start"),
        id=id_prefix + row["offer_id"].to(str),
        class_name=class_name,
        width="100%",
        max_width="560px",
    )


# ------------------------------------------------------------------ offering
def _offer_form() -> rx.Component:
    return rx.el.section(
        rx.heading("Offer one of your shifts", size="4", as_="h2", id="swap-form-heading"),
        rx.cond(
            S.has_my_shifts,
            rx.vstack(
                _field(
                    "My shift",
                    "swap-shift",
                    rx.el.select(
                        rx.el.option("Choose a shift", value="", disabled=True),
                        rx.foreach(S.my_shifts, lambda s: rx.el.option(s["label"], value=s["id"])),
                        id="swap-shift",
                        value=S.offer_shift_id,
                        on_change=S.set_offer_shift,
                        style=CONTROL,
                    ),
                ),
                _field(
                    "Offer to",
                    "swap-to",
                    rx.el.select(
                        rx.el.option("Anyone eligible", value=ANYONE),
                        rx.foreach(S.colleagues, lambda c: rx.el.option(c["label"], value=c["id"])),
                        id="swap-to",
                        value=S.offer_to,
                        on_change=S.set_offer_to,
                        style=CONTROL,
                    ),
                ),
                rx.cond(
                    S.names_colleague,
                    _field(
                        "Their shift I take in return (optional)",
                        "swap-return",
                        rx.el.select(
                            rx.el.option("None: give my shift away", value=""),
                            rx.foreach(S.return_shifts, lambda s: rx.el.option(s["label"], value=s["id"])),
                            id="swap-return",
                            value=S.offer_return_shift_id,
                            on_change=S.set_offer_return_shift,
                            style=CONTROL,
                        ),
                    ),
                ),
                _field(
                    "Note (optional)",
                    "swap-note",
                    rx.text_area(
                        id="swap-note", value=S.offer_note, on_change=S.set_offer_note, max_length=500, style=CONTROL
                    ),
                ),
                rx.button("Offer shift", on_click=S.submit_offer, id="swap-submit"),
                spacing="3",
                width="100%",
            ),
            rx.text("You have no published shifts to offer right now.", id="swap-no-shifts"),
        ),
        aria_labelledby="swap-form-heading",
        style=SECTION,
    )


# ------------------------------------------------------------------ offers I can take
def _offer_to_me(row: Any) -> rx.Component:
    return _card(
        row,
        rx.text(row["shift"], weight="bold"),
        _line("From", row["from_name"]),
        _line("Kind", row["kind"]),
        _line("You give in return", row["in_return"]),
        _notes(row),
        rx.button(
            "Accept",
            size="2",
            on_click=S.accept(row["offer_id"]),
            class_name="swap-accept",
            aria_label="Accept the offer of " + row["shift"].to(str) + " from " + row["from_name"].to(str),
        ),
        id_prefix="offer-to-me-",
        class_name="offer-to-me",
    )


def _to_me() -> rx.Component:
    return rx.el.section(
        rx.heading("Offers you can take", size="4", as_="h2", id="offers-to-me-heading"),
        rx.text(
            "Offers made to you, and offers to anyone that fit your role, skills, rest, leave and weekly limit.",
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            S.has_offers_to_me,
            rx.vstack(rx.foreach(S.offers_to_me, _offer_to_me), id="offers-to-me", width="100%"),
            rx.text("No offers for you right now.", id="offers-to-me-empty"),
        ),
        aria_labelledby="offers-to-me-heading",
        style=SECTION,
    )


# ------------------------------------------------------------------ my offers, swaps I accepted
def _my_offer(row: Any) -> rx.Component:
    return _card(
        row,
        rx.text(row["shift"], weight="bold"),
        _status(row),
        _line("To", row["to_name"]),
        _line("In return", row["in_return"]),
        _line("Accepted by", row["accepted_by_name"]),
        rx.cond(row["decided"] != "", _line("Decided by", row["decided"])),
        rx.cond(
            row["may_withdraw"] != "",
            rx.button(
                "Withdraw",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.withdraw(row["offer_id"]),
                class_name="swap-withdraw",
                aria_label="Withdraw the offer of " + row["shift"].to(str),
            ),
        ),
        id_prefix="my-offer-",
        class_name="my-offer",
    )


def _accepted(row: Any) -> rx.Component:
    return _card(
        row,
        rx.text(row["shift"], weight="bold"),
        _status(row),
        _line("From", row["from_name"]),
        _line("You give in return", row["in_return"]),
        rx.cond(row["decided"] != "", _line("Decided by", row["decided"])),
        id_prefix="accepted-",
        class_name="accepted-by-me",
    )


def _mine() -> rx.Component:
    return rx.el.section(
        rx.heading("My offers", size="4", as_="h2", id="my-offers-heading"),
        rx.cond(
            S.has_my_offers,
            rx.vstack(rx.foreach(S.my_offers, _my_offer), id="my-offers", width="100%"),
            rx.text("You have made no offers lately.", id="my-offers-empty"),
        ),
        aria_labelledby="my-offers-heading",
        style=SECTION,
    )


def _taken() -> rx.Component:
    return rx.el.section(
        rx.heading("Swaps I accepted", size="4", as_="h2", id="accepted-heading"),
        rx.cond(
            S.has_accepted,
            rx.vstack(rx.foreach(S.accepted_by_me, _accepted), id="accepted-by-me", width="100%"),
            rx.text("You have accepted no offers lately.", id="accepted-empty"),
        ),
        aria_labelledby="accepted-heading",
        style=SECTION,
    )


# ------------------------------------------------------------------ leaders
def _pending_swap(row: Any) -> rx.Component:
    return _card(
        row,
        rx.text(row["shift"], weight="bold"),
        _line("From", row["from_name"]),
        _line("To", row["accepted_by_name"]),
        _line("In return", row["in_return"]),
        _notes(row),
        rx.cond(row["conflicts"] == "", rx.text("No hard conflict if approved.", size="2")),
        rx.hstack(
            rx.button(
                "Approve",
                size="2",
                color_scheme="green",
                on_click=S.approve(row["offer_id"]),
                class_name="swap-approve",
                aria_label="Approve the swap of " + row["shift"].to(str) + " to " + row["accepted_by_name"].to(str),
            ),
            rx.button(
                "Decline",
                size="2",
                variant="soft",
                color_scheme="red",
                on_click=S.decline(row["offer_id"]),
                class_name="swap-decline",
                aria_label="Decline the swap of " + row["shift"].to(str) + " to " + row["accepted_by_name"].to(str),
            ),
            wrap="wrap",
        ),
        id_prefix="pending-swap-",
        class_name="pending-swap",
    )


def _pending() -> rx.Component:
    return rx.el.section(
        rx.heading("Swaps waiting for your decision", size="4", as_="h2", id="pending-swaps-heading"),
        rx.cond(
            S.leads_bureau != "",
            rx.el.label(
                rx.checkbox(checked=S.swaps_auto_approve, on_change=S.set_swaps_auto_approve, id="swaps-auto-approve"),
                rx.text(
                    "Approve swaps in " + S.leads_bureau + " automatically when they bring no conflict", as_="span"
                ),
                html_for="swaps-auto-approve",
                style={"display": "flex", "gap": "8px", "alignItems": "center"},
            ),
        ),
        rx.cond(
            S.has_pending,
            rx.vstack(rx.foreach(S.pending, _pending_swap), id="pending-swaps", width="100%"),
            rx.text("No swaps are waiting.", id="pending-swaps-empty"),
        ),
        aria_labelledby="pending-swaps-heading",
        id="pending-swaps-section",
        style=SECTION,
    )


def swaps_page() -> rx.Component:
    return page_shell(
        "Swaps",
        rx.vstack(
            _result(),
            _offer_form(),
            rx.divider(),
            _to_me(),
            rx.divider(),
            _mine(),
            _taken(),
            rx.cond(S.may_decide, rx.fragment(rx.divider(), _pending())),
            spacing="5",
            align="stretch",
            width="100%",
        ),
    )
