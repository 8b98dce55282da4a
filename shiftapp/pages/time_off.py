"""Time off: ask for leave, see your requests and yearly totals; leaders decide on their bureau's."""

from typing import Any

import reflex as rx

from shiftapp.components.date_field import date_input
from shiftapp.components.decisions import decision_buttons
from shiftapp.components.i18n import Text, t, tf
from shiftapp.components.layout import card_table, cell, row_header
from shiftapp.components.shell import page_shell
from shiftapp.state.time_off import KINDS
from shiftapp.state.time_off import TimeOffState as S

STATUS_COLOURS = {"requested": "amber", "approved": "green", "declined": "red", "cancelled": "gray"}
TOTAL_COLUMNS = (
    (t("Vacation"), "vacation"),
    (t("Sick"), "sick"),
    (t("Personal"), "personal"),
    (t("Other"), "other"),
    (t("Approved"), "total"),
    (t("Waiting"), "pending"),
)
STATUS_ICONS = {"requested": "clock", "approved": "check", "declined": "x", "cancelled": "minus"}


def _field(label: Text, control_id: str, control: rx.Component, **props: Any) -> rx.Component:
    return rx.vstack(rx.el.label(label, html_for=control_id, style={"fontWeight": 500}), control, spacing="1", **props)


def _status(status: Any) -> rx.Component:
    # The word is always shown: colour and icon only repeat it.
    return rx.match(
        status,
        *[
            (name, rx.badge(rx.icon(STATUS_ICONS[name], size=12), t(name.capitalize()), color_scheme=colour))
            for name, colour in STATUS_COLOURS.items()
        ],
        rx.badge(status),
    )


def _form() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Ask for time off"), size="4", as_="h2", id="time-off-form-heading"),
        rx.flex(
            _field(
                t("First day"),
                "time-off-start",
                date_input(id="time-off-start", value=S.start_date, on_change=S.set_start_date),
            ),
            _field(
                t("Last day"),
                "time-off-end",
                date_input(id="time-off-end", value=S.end_date, on_change=S.set_end_date),
            ),
            _field(
                t("Kind"),
                "time-off-kind",
                rx.el.select(
                    *[rx.el.option(t(kind.capitalize()), value=kind) for kind in KINDS],
                    id="time-off-kind",
                    value=S.kind,
                    on_change=S.set_kind,
                    style={
                        "padding": "6px",
                        "minWidth": "140px",
                        "minHeight": "32px",
                        "border": "1px solid var(--gray-7)",
                        "borderRadius": "var(--radius-2)",
                    },
                ),
            ),
            spacing="4",
            wrap="wrap",
        ),
        _field(
            t("Note for your team leader (optional)"),
            "time-off-note",
            rx.text_area(
                id="time-off-note",
                value=S.note,
                on_change=S.set_note,
                width="100%",
                max_width="480px",
                max_length=2000,
            ),
            width="100%",
        ),
        rx.button(t("Send request"), on_click=S.submit, id="time-off-submit", margin_top="8px"),
        aria_labelledby="time-off-form-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "12px"},
    )


def _my_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Dates"), row["dates"]),
        cell(t("Days"), row["days"]),
        cell(t("Kind"), row["kind"]),
        cell(t("Status"), _status(row["status"]), class_name="time-off-status"),
        cell(
            t("Decided by"),
            rx.text(row["decided_by_name"]),
            rx.text(row["decision_note"], size="1", color_scheme="gray"),
        ),
        cell(t("Note"), rx.text(row["note"], size="1")),
        cell(
            "",
            rx.cond(
                row["cancellable"] != "",
                rx.button(
                    rx.cond(row["status"] == "requested", t("Cancel request"), t("Cancel leave")),
                    size="1",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.cancel(row["id"]),
                    class_name="time-off-cancel",
                ),
            ),
        ),
        id="my-request-" + row["id"].to(str),
        class_name="my-time-off-row",
    )


def _totals_row(totals: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Year"), totals["year"]),
        *[cell(label, totals[key]) for label, key in TOTAL_COLUMNS],
    )


def _mine() -> rx.Component:
    return rx.el.section(
        rx.heading(t("My requests"), size="4", as_="h2", id="my-time-off-heading"),
        rx.cond(
            S.has_requests,
            card_table(
                (t("Dates"), t("Days"), t("Kind"), t("Status"), t("Decided by"), t("Note"), ""),
                S.requests,
                _my_row,
                id="my-time-off",
            ),
            rx.text(t("You have not asked for time off yet."), id="my-time-off-empty"),
        ),
        rx.heading(t("Days per year"), size="3", as_="h3", margin_top="12px"),
        card_table((t("Year"), *[label for label, _key in TOTAL_COLUMNS]), S.totals, _totals_row, id="time-off-totals"),
        aria_labelledby="my-time-off-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _pending_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Person"), rx.text(row["employee_name"], weight="medium"), rx.text(row["bureau_name"], size="1")),
        cell(t("Dates"), row["dates"]),
        cell(t("Days"), row["days"]),
        cell(t("Kind"), row["kind"]),
        cell(t("Note"), rx.text(row["note"], size="1")),
        cell(
            t("If approved"),
            rx.text(tf("{count} new conflict(s)", count=row["conflict_count"]), weight="medium"),
            rx.text(row["conflicts"], size="1"),
            class_name="time-off-conflicts",
        ),
        cell(
            "",
            decision_buttons(
                on_approve=S.approve(row["id"]),
                on_decline=S.decline(row["id"]),
                approve_label=tf("Approve time off of {name}", name=row["employee_name"]),
                decline_label=tf("Decline time off of {name}", name=row["employee_name"]),
                class_prefix="time-off",
            ),
        ),
        id="pending-request-" + row["id"].to(str),
        class_name="pending-time-off-row",
    )


def _approved_row(row: Any) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row["employee_name"], weight="medium"), rx.text(row["bureau_name"], size="1")),
        rx.table.cell(row["dates"]),
        rx.table.cell(row["days"]),
        rx.table.cell(row["kind"]),
        rx.table.cell(row["decided_by_name"]),
        rx.table.cell(
            rx.button(
                t("Withdraw"),
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.withdraw(row["id"]),
                class_name="time-off-withdraw",
                aria_label=tf(
                    "Withdraw the approved leave of {name} {dates}", name=row["employee_name"], dates=row["dates"]
                ),
            )
        ),
        id="approved-request-" + row["id"].to(str),
        class_name="approved-time-off-row",
    )


def _approved() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Approved leave ahead"), size="4", as_="h2", id="approved-time-off-heading"),
        rx.text(
            t("Withdrawing leave removes it from the plan and tells the person, with the note above."),
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            S.has_approved,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in (t("Person"), t("Dates"), t("Days"), t("Kind"), t("Approved by"), "")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(S.approved, _approved_row)),
                id="approved-time-off",
            ),
            rx.text(t("No approved leave ahead."), id="approved-time-off-empty"),
        ),
        aria_labelledby="approved-time-off-heading",
        id="approved-time-off-section",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _pending() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Waiting for your decision"), size="4", as_="h2", id="pending-time-off-heading"),
        _field(
            t("Note with your decision (optional)"),
            "decision-note",
            rx.input(
                id="decision-note",
                value=S.decision_note,
                on_change=S.set_decision_note,
                width="100%",
                max_width="480px",
            ),
            width="100%",
        ),
        rx.cond(
            S.has_pending,
            card_table(
                (t("Person"), t("Dates"), t("Days"), t("Kind"), t("Note"), t("If approved"), ""),
                S.pending,
                _pending_row,
                id="pending-time-off",
            ),
            rx.text(t("No requests are waiting."), id="pending-time-off-empty"),
        ),
        aria_labelledby="pending-time-off-heading",
        id="pending-time-off-section",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def time_off_page() -> rx.Component:
    return page_shell(
        "Time off",
        rx.vstack(
            _form(),
            rx.divider(),
            _mine(),
            rx.cond(S.may_decide, rx.fragment(rx.divider(), _pending(), rx.divider(), _approved())),
            spacing="5",
            align="stretch",
        ),
    )
