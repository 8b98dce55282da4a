"""Open shifts: the free places of published schedules you may take, a Claim button for each, your
claims still waiting; team leaders and planners also see the claims waiting for their decision."""

from typing import Any

import reflex as rx

from shiftapp.components.decisions import decision_buttons, result_callout
from shiftapp.components.i18n import t, tf
from shiftapp.components.layout import card_table, cell, row_header
from shiftapp.components.shell import page_shell
from shiftapp.state.open_shifts import OpenShiftsState as S

RESULT_COLOURS = {"granted": "green", "waiting": "amber", "refused": "red", "withdrawn": "gray"}
RESULT_ICONS = {"granted": "check", "waiting": "clock", "refused": "x", "withdrawn": "undo-2"}


def _result() -> rx.Component:
    return result_callout(S.result, S.result_kind, icons=RESULT_ICONS, colours=RESULT_COLOURS, id="claim-result")


def _warnings(row: Any) -> rx.Component:
    return rx.cond(
        row["warnings"] != "",
        rx.text(rx.icon("triangle-alert", size=12), " ", row["warnings"], size="1"),
        rx.text(t("None"), size="1", color_scheme="gray"),
    )


def _open_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Date"), row["date"]),
        cell(t("Time"), row["time"], rx.text(row["shift_type"], size="1", color_scheme="gray")),
        cell(t("Role"), row["role"], rx.text(t("Skills: "), row["skills"], size="1")),
        cell(t("Bureau"), row["bureau_name"]),
        cell(t("Free places"), row["free_places"]),
        cell(t("Warnings"), _warnings(row), class_name="open-shift-warnings"),
        cell(
            "",
            rx.button(
                rx.cond(row["needs_approval"] != "", t("Ask to take it"), t("Claim")),
                size="1",
                on_click=S.claim(row["shift_id"]),
                class_name="open-shift-claim",
                aria_label=tf("Claim the shift of {date} {time}", date=row["date"], time=row["time"]),
            ),
            rx.cond(row["needs_approval"] != "", rx.text(t("Your team leader approves"), size="1")),
        ),
        id="open-shift-" + row["shift_id"].to(str),
        class_name="open-shift-row",
    )


def _open() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Open shifts you can take"), size="4", as_="h2", id="open-shifts-heading"),
        rx.text(
            t("Only places that fit your role, skills, rest, leave and weekly limit are listed."),
            size="2",
            color_scheme="gray",
        ),
        _result(),
        rx.cond(
            S.has_shifts,
            card_table(
                (t("Date"), t("Time"), t("Role"), t("Bureau"), t("Free places"), t("Warnings"), ""),
                S.shifts,
                _open_row,
                id="open-shifts",
            ),
            rx.text(t("No open shifts fit you right now."), id="open-shifts-empty"),
        ),
        aria_labelledby="open-shifts-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _my_claim_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Date"), row["date"]),
        cell(t("Time"), row["time"]),
        cell(t("Bureau"), row["bureau_name"]),
        cell(t("Status"), rx.badge(rx.icon("clock", size=12), t("Waiting for approval"), color_scheme="amber")),
        cell(
            "",
            rx.button(
                t("Withdraw"),
                size="1",
                variant="soft",
                color_scheme="gray",
                on_click=S.withdraw(row["claim_id"]),
                class_name="my-claim-withdraw",
                aria_label=tf("Withdraw your claim for {date} {time}", date=row["date"], time=row["time"]),
            ),
        ),
        id="my-claim-" + row["claim_id"].to(str),
        class_name="my-claim-row",
    )


def _mine() -> rx.Component:
    return rx.el.section(
        rx.heading(t("My claims waiting for approval"), size="4", as_="h2", id="my-claims-heading"),
        rx.cond(
            S.has_my_claims,
            card_table(
                (t("Date"), t("Time"), t("Bureau"), t("Status"), ""), S.my_claims, _my_claim_row, id="my-claims"
            ),
            rx.text(t("None of your claims is waiting."), id="my-claims-empty"),
        ),
        aria_labelledby="my-claims-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _pending_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Person"), rx.text(row["employee_name"], weight="medium")),
        cell(t("Date"), row["date"]),
        cell(t("Time"), row["time"]),
        cell(t("Bureau"), row["bureau_name"]),
        cell(
            t("If approved"),
            rx.text(tf("{count} hard conflict(s)", count=row["conflict_count"]), weight="medium"),
            rx.text(row["conflicts"], size="1"),
            class_name="claim-conflicts",
        ),
        cell(
            "",
            decision_buttons(
                on_approve=S.approve(row["claim_id"]),
                on_decline=S.decline(row["claim_id"]),
                approve_label=tf("Approve the claim of {name}", name=row["employee_name"]),
                decline_label=tf("Decline the claim of {name}", name=row["employee_name"]),
                class_prefix="claim",
            ),
        ),
        id="pending-claim-" + row["claim_id"].to(str),
        class_name="pending-claim-row",
    )


def _pending() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Claims waiting for your decision"), size="4", as_="h2", id="pending-claims-heading"),
        rx.cond(
            S.leads_bureau != "",
            rx.el.label(
                rx.checkbox(
                    checked=S.claims_need_approval,
                    on_change=S.set_claims_need_approval,
                    id="claims-need-approval",
                ),
                rx.text(tf("Claims in {bureau} wait for my approval", bureau=S.leads_bureau), as_="span"),
                html_for="claims-need-approval",
                style={"display": "flex", "gap": "8px", "alignItems": "center"},
            ),
        ),
        rx.cond(
            S.has_pending,
            card_table(
                (t("Person"), t("Date"), t("Time"), t("Bureau"), t("If approved"), ""),
                S.pending,
                _pending_row,
                id="pending-claims",
            ),
            rx.text(t("No claims are waiting."), id="pending-claims-empty"),
        ),
        aria_labelledby="pending-claims-heading",
        id="pending-claims-section",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def open_shifts_page() -> rx.Component:
    return page_shell(
        "Open shifts",
        rx.vstack(
            _open(),
            rx.divider(),
            _mine(),
            rx.cond(S.may_decide, rx.fragment(rx.divider(), _pending())),
            spacing="5",
            align="stretch",
        ),
    )
