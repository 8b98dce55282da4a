"""My shifts: the next four weeks as a list, and a month as a calendar (on phones: the days that have
shifts, one under the other). Every shift is written out as text; colour only marks today."""

from typing import Any

import reflex as rx

from shiftapp.components.i18n import t
from shiftapp.components.layout import card_table, cell, row_header, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.my_shifts import DayCell, Week
from shiftapp.state.my_shifts import MyShiftsState as S

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _upcoming_row(row: Any) -> rx.Component:
    return rx.table.row(
        row_header(t("Date"), row["date"]),
        cell(t("Time"), row["time"]),
        cell(t("Shift"), row["type"]),
        cell(t("Bureau"), row["bureau"]),
        class_name="my-upcoming-row",
    )


def _upcoming() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Next four weeks"), size="4", as_="h2", id="my-upcoming-heading"),
        rx.cond(
            S.has_upcoming,
            card_table((t("Date"), t("Time"), t("Shift"), t("Bureau")), S.upcoming, _upcoming_row, id="my-upcoming"),
            rx.text(t("No shifts in the next four weeks."), id="my-upcoming-empty"),
        ),
        aria_labelledby="my-upcoming-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def _day(day: DayCell) -> rx.Component:
    classes = rx.cond(day.in_month, "", "outside-month ") + rx.cond(day.has_shifts, "", "no-shifts ")
    return rx.el.td(
        rx.el.div(day.number, class_name="day-number", aria_hidden="true"),
        rx.el.div(day.label, class_name="day-name"),
        rx.el.ul(rx.foreach(day.shifts, lambda text: rx.el.li(text))),
        class_name=classes + rx.cond(day.today, "today", ""),
        custom_attrs={"data-day": day.iso},
    )


def _week(week: Week) -> rx.Component:
    return rx.el.tr(rx.foreach(week.days, _day))


def _month() -> rx.Component:
    return rx.el.section(
        rx.heading(t("Month"), size="4", as_="h2", id="my-month-heading"),
        rx.text(S.month_title, weight="bold", size="4", id="month-title", role="status"),
        wrapping_row(
            rx.button(t("Previous month"), on_click=S.previous_month, variant="soft", id="month-previous"),
            rx.button(t("Next month"), on_click=S.next_month, variant="soft", id="month-next"),
            rx.button(t("This month"), on_click=S.this_month, variant="outline", id="month-today"),
        ),
        rx.text(S.month_summary, id="month-count", size="2"),
        rx.el.table(
            rx.el.caption(S.month_title, class_name="sr-only"),
            rx.el.thead(rx.el.tr(*[rx.el.th(t(name[:3]), scope="col", abbr=t(name)) for name in WEEKDAY_NAMES])),
            rx.el.tbody(rx.foreach(S.weeks, _week)),
            class_name="month-grid",
            id="my-month",
        ),
        aria_labelledby="my-month-heading",
        style={"display": "flex", "flexDirection": "column", "gap": "8px"},
    )


def my_shifts_page() -> rx.Component:
    return page_shell("My shifts", rx.vstack(_upcoming(), rx.divider(), _month(), spacing="5", align="stretch"))
