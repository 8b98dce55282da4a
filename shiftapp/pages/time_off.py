"""Time off: ask for leave, see your requests and yearly totals; leaders decide on their bureau's."""

from typing import Any

import reflex as rx

from shiftapp.components.layout import card_table, cell, row_header
from shiftapp.components.shell import page_shell
from shiftapp.state.time_off import KINDS
from shiftapp.state.time_off import TimeOffState as S

STATUS_COLOURS = {"requested": "amber", "approved": "green", "declined": "red", "cancelled": "gray"}
TOTAL_COLUMNS = (
    ("Vacation", "vacation"),
    ("Sick", "sick"),
    ("Personal", "personal"),
    ("Other", "other"),
    ("Approved", "total"),
    ("Waiting", "pending"),
)
STATUS_ICONS = {"requested": "clock", "approved": "check", "declined": "x", "cancelled": "minus"}


def _field(label: str, control_id: str, control: rx.Component, **props: Any) -> rx.Component:
    return rx.vstack(rx.el.label(label, html_for=control_id, style={"fontWeight": 500}), control, spacing="1", **props)


def _status(status: Any) -> rx.Component:
    # The word is always shown: colour and icon only repeat it.
    return rx.match(
        status,
        *[
            (name, rx.badge(rx.icon(STATUS_ICONS[name], size=12), name.capitalize(), color_scheme=colour))
            for name, colour in STATUS_COLOURS.items()
        ],
        rx.badge(status),
    )


def _form() -> rx.Component:
    return rx.el.section(
        rx.heading("Ask for time off", size="4", as_="h2", id="time-off-form-heading"),
        rx.flex(
            _field(
                "First day",
                "time-off-start",
                rx.input(type="date", id="time-off-start", value=S.start_date, on_change=S.set_start_date),
            ),
            _field(
                "Last day",
                "time-off-end",
                rx.input(type="date", id="time-off-end", value=S.end_date, on_change=S.set_end_date),
            ),
            _field(
                "Kind",
                "time-off-kind",
                rx.el.select(
                    *[rx.el.option(kind.capitalize(), value=kind) for kind in KINDS],
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
            "Note for your team leader (optional)",
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
        rx.button("Send request", on_click=S.submit, id="time-off-submit", margin_top="8px"),
        aria_labelledby="time-off-form-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "12px"},
    )


def _my_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header("Dates", row["dates"]),
        cell("Days", row["days"]),
        cell("Kind", row["kind"]),
        cell("Status", _status(row["status"]), class_name="time-off-status"),
        cell(
            "Decided by",
            rx.text(row["decided_by_name"]),
            rx.text(row["decision_note"], size="1", color_scheme="gray"),
        ),
        cell("Note", rx.text(row["note"], size="1")),
        cell(
            "",
            rx.cond(
                row["cancellable"] != "",
                rx.button(
                    rx.cond(row["status"] == "requested", "Cancel request", "Cancel leave"),
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
        row_header("Year", totals["year"]),
        *[cell(label, totals[key]) for label, key in TOTAL_COLUMNS],
    )


def _mine() -> rx.Component:
    return rx.el.section(
        rx.heading("My requests", size="4", as_="h2", id="my-time-off-heading"),
        rx.cond(
            S.has_requests,
            card_table(
                ("Dates", "Days", "Kind", "Status", "Decided by", "Note", ""), S.requests, _my_row, id="my-time-off"
            ),
            rx.text("You have not asked for time off yet.", id="my-time-off-empty"),
        ),
        rx.heading("Days per year", size="3", as_="h3", margin_top="12px"),
        card_table(("Year", *[label for label, _key in TOTAL_COLUMNS]), S.totals, _totals_row, id="time-off-totals"),
        aria_labelledby="my-time-off-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _pending_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header("Person", rx.text(row["employee_name"], weight="medium"), rx.text(row["bureau_name"], size="1")),
        cell("Dates", row["dates"]),
        cell("Days", row["days"]),
        cell("Kind", row["kind"]),
        cell("Note", rx.text(row["note"], size="1")),
        cell(
            "If approved",
            rx.text(row["conflict_count"], " new conflict(s)", weight="medium"),
            rx.text(row["conflicts"], size="1"),
            class_name="time-off-conflicts",
        ),
        cell(
            "",
            rx.hstack(
                rx.button(
                    "Approve",
                    size="1",
                    color_scheme="green",
                    on_click=S.approve(row["id"]),
                    class_name="time-off-approve",
                    aria_label="Approve time off of " + row["employee_name"].to(str),
                ),
                rx.button(
                    "Decline",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.decline(row["id"]),
                    class_name="time-off-decline",
                    aria_label="Decline time off of " + row["employee_name"].to(str),
                ),
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
                "Withdraw",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.withdraw(row["id"]),
                class_name="time-off-withdraw",
                aria_label="Withdraw the approved leave of "
                + row["employee_name"].to(str)
                + " "
                + row["dates"].to(str),
            )
        ),
        id="approved-request-" + row["id"].to(str),
        class_name="approved-time-off-row",
    )


def _approved() -> rx.Component:
    return rx.el.section(
        rx.heading("Approved leave ahead", size="4", as_="h2", id="approved-time-off-heading"),
        rx.text(
            "Withdrawing leave removes it from the plan and tells the person, with the note above.",
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
                            for h in ("Person", "Dates", "Days", "Kind", "Approved by", "")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(S.approved, _approved_row)),
                id="approved-time-off",
            ),
            rx.text("No approved leave ahead.", id="approved-time-off-empty"),
        ),
        aria_labelledby="approved-time-off-heading",
        id="approved-time-off-section",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _pending() -> rx.Component:
    return rx.el.section(
        rx.heading("Waiting for your decision", size="4", as_="h2", id="pending-time-off-heading"),
        _field(
            "Note with your decision (optional)",
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
                ("Person", "Dates", "Days", "Kind", "Note", "If approved", ""),
                S.pending,
                _pending_row,
                id="pending-time-off",
            ),
            rx.text("No requests are waiting.", id="pending-time-off-empty"),
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
