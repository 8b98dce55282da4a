"""Swaps: offer one of your shifts (to a colleague, or to anyone eligible; optionally for one of
theirs), accept the offers you may take, follow your own offers; team leaders and planners approve
or decline accepted swaps. Offers are cards, not wide tables, so the page reads on a phone."""

from typing import Any

import reflex as rx

from shiftapp.components.decisions import decision_buttons, result_callout
from shiftapp.components.i18n import Text, t, tf
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


def _field(label: Text, control_id: str, control: rx.Component) -> rx.Component:
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
    return result_callout(S.result, S.result_kind, icons=RESULT_ICONS, colours=RESULT_COLOURS, id="swap-result")


def _line(label: Text, value: Any) -> rx.Component:
    return rx.text(rx.text(label, ": ", weight="medium", as_="span"), value, size="2")


def _notes(row: Any) -> rx.Component:
    return rx.fragment(
        rx.cond(row["note"] != "", _line(t("Note"), row["note"])),
        rx.cond(
            row["conflicts"] != "",
            rx.text(rx.icon("octagon-alert", size=12), " Breaks a rule: ", row["conflicts"], size="2", weight="medium"),
        ),
        rx.cond(
            row["warnings"] != "",
            rx.text(rx.icon("triangle-alert", size=12), " Warnings: ", row["warnings"], size="1"),
        ),
    )


def _offer_card(
    row: Any,
    *,
    id_prefix: str,
    class_name: str,
    lines: tuple[tuple[Text, str], ...],
    status: bool = False,
    decided: bool = False,
    notes: bool = False,
    actions: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """One offer as a card, the same in every list: the shift, its status in words, the people and what
    is given in return (`lines`: label and row key), who decided, the note and the rules' verdict, then
    what the reader may do."""
    return rx.card(
        rx.vstack(
            rx.text(row["shift"], weight="bold"),
            *([_status(row)] if status else []),
            *[_line(label, row[key]) for label, key in lines],
            *([rx.cond(row["decided"] != "", _line(t("Decided by"), row["decided"]))] if decided else []),
            *([_notes(row)] if notes else []),
            *actions,
            spacing="1",
            align="start",
        ),
        id=id_prefix + row["offer_id"].to(str),
        class_name=class_name,
        width="100%",
        max_width="560px",
    )


def _offer_list(
    heading: Text,
    name: str,
    rows: Any,
    card: Any,
    empty: Text,
    *above: rx.Component,
    any_rows: Any,
    list_id: str | None = None,
    section_id: str | None = None,
) -> rx.Component:
    """A section of offer cards (`name` gives the ids: `<name>-heading`, the list, `<name>-empty`)."""
    return rx.el.section(
        rx.heading(heading, size="4", as_="h2", id=f"{name}-heading"),
        *above,
        rx.cond(
            any_rows,
            rx.vstack(rx.foreach(rows, card), id=list_id or name, width="100%"),
            rx.text(empty, id=f"{name}-empty"),
        ),
        aria_labelledby=f"{name}-heading",
        style=SECTION,
        **({"id": section_id} if section_id else {}),
    )


# ------------------------------------------------------------------ offering
def _offer_form() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Offer one of your shifts"), size="4", as_="h2", id="swap-form-heading"),
        rx.cond(
            S.has_my_shifts,
            rx.vstack(
                _field(
                    t("My shift"),
                    "swap-shift",
                    rx.el.select(
                        rx.el.option(t("Choose a shift"), value="", disabled=True),
                        rx.foreach(S.my_shifts, lambda s: rx.el.option(s["label"], value=s["id"])),
                        id="swap-shift",
                        value=S.offer_shift_id,
                        on_change=S.set_offer_shift,
                        style=CONTROL,
                    ),
                ),
                _field(
                    t("Offer to"),
                    "swap-to",
                    rx.el.select(
                        rx.el.option(t("Anyone eligible"), value=ANYONE),
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
                        t("Their shift I take in return (optional)"),
                        "swap-return",
                        rx.el.select(
                            rx.el.option(t("None: give my shift away"), value=""),
                            rx.foreach(S.return_shifts, lambda s: rx.el.option(s["label"], value=s["id"])),
                            id="swap-return",
                            value=S.offer_return_shift_id,
                            on_change=S.set_offer_return_shift,
                            style=CONTROL,
                        ),
                    ),
                ),
                _field(
                    t("Note (optional)"),
                    "swap-note",
                    rx.text_area(
                        id="swap-note", value=S.offer_note, on_change=S.set_offer_note, max_length=500, style=CONTROL
                    ),
                ),
                rx.button(t("Offer shift"), on_click=S.submit_offer, id="swap-submit"),
                spacing="3",
                width="100%",
            ),
            rx.text(t("You have no published shifts to offer right now."), id="swap-no-shifts"),
        ),
        aria_labelledby="swap-form-heading",
        style=SECTION,
    )


# ------------------------------------------------------------------ offers I can take
def _offer_to_me(row: Any) -> rx.Component:
    return _offer_card(
        row,
        id_prefix="offer-to-me-",
        class_name="offer-to-me",
        lines=((t("From"), "from_name"), (t("Kind"), "kind"), (t("You give in return"), "in_return")),
        notes=True,
        actions=(
            rx.button(
                t("Accept"),
                size="2",
                on_click=S.accept(row["offer_id"]),
                class_name="swap-accept",
                aria_label=tf("Accept the offer of {shift} from {name}", shift=row["shift"], name=row["from_name"]),
            ),
        ),
    )


def _to_me() -> rx.Component:
    return _offer_list(
        t("Offers you can take"),
        "offers-to-me",
        S.offers_to_me,
        _offer_to_me,
        t("No offers for you right now."),
        rx.text(
            t("Offers made to you, and offers to anyone that fit your role, skills, rest, leave and weekly limit."),
            size="2",
            color_scheme="gray",
        ),
        any_rows=S.has_offers_to_me,
    )


# ------------------------------------------------------------------ my offers, swaps I accepted
def _my_offer(row: Any) -> rx.Component:
    return _offer_card(
        row,
        id_prefix="my-offer-",
        class_name="my-offer",
        lines=((t("To"), "to_name"), (t("In return"), "in_return"), (t("Accepted by"), "accepted_by_name")),
        status=True,
        decided=True,
        actions=(
            rx.cond(
                row["may_withdraw"] != "",
                rx.button(
                    t("Withdraw"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.withdraw(row["offer_id"]),
                    class_name="swap-withdraw",
                    aria_label=tf("Withdraw the offer of {shift}", shift=row["shift"]),
                ),
            ),
        ),
    )


def _accepted(row: Any) -> rx.Component:
    return _offer_card(
        row,
        id_prefix="accepted-",
        class_name="accepted-by-me",
        lines=((t("From"), "from_name"), (t("You give in return"), "in_return")),
        status=True,
        decided=True,
    )


def _mine() -> rx.Component:
    return _offer_list(
        t("My offers"),
        "my-offers",
        S.my_offers,
        _my_offer,
        t("You have made no offers lately."),
        any_rows=S.has_my_offers,
    )


def _taken() -> rx.Component:
    return _offer_list(
        t("Swaps I accepted"),
        "accepted",
        S.accepted_by_me,
        _accepted,
        t("You have accepted no offers lately."),
        any_rows=S.has_accepted,
        list_id="accepted-by-me",
    )


# ------------------------------------------------------------------ leaders
def _pending_swap(row: Any) -> rx.Component:
    return _offer_card(
        row,
        id_prefix="pending-swap-",
        class_name="pending-swap",
        lines=((t("From"), "from_name"), (t("To"), "accepted_by_name"), (t("In return"), "in_return")),
        notes=True,
        actions=(
            rx.cond(row["conflicts"] == "", rx.text(t("No hard conflict if approved."), size="2")),
            decision_buttons(
                on_approve=S.approve(row["offer_id"]),
                on_decline=S.decline(row["offer_id"]),
                approve_label=tf(
                    "Approve the swap of {shift} to {name}", shift=row["shift"], name=row["accepted_by_name"]
                ),
                decline_label=tf(
                    "Decline the swap of {shift} to {name}", shift=row["shift"], name=row["accepted_by_name"]
                ),
                class_prefix="swap",
                size="2",
                wrap="wrap",
            ),
        ),
    )


def _pending() -> rx.Component:
    return _offer_list(
        t("Swaps waiting for your decision"),
        "pending-swaps",
        S.pending,
        _pending_swap,
        t("No swaps are waiting."),
        rx.cond(
            S.leads_bureau != "",
            rx.el.label(
                rx.checkbox(checked=S.swaps_auto_approve, on_change=S.set_swaps_auto_approve, id="swaps-auto-approve"),
                rx.text(
                    tf("Approve swaps in {bureau} automatically when they bring no conflict", bureau=S.leads_bureau),
                    as_="span",
                ),
                html_for="swaps-auto-approve",
                style={"display": "flex", "gap": "8px", "alignItems": "center"},
            ),
        ),
        any_rows=S.has_pending,
        section_id="pending-swaps-section",
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
