import reflex as rx

from shiftapp.components.i18n import t
from shiftapp.components.layout import card_table, cell, field, label_id, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.home import HomeState as H

STAT_CARDS = (
    (t("Employees"), "totalEmployees"),
    (t("Active"), "activeEmployees"),
    (t("Shifts this week"), "shiftsThisWeek"),
    (t("Shifts this month"), "shiftsThisMonth"),
    (t("Upcoming shifts"), "upcomingShifts"),
    (t("Unresolved conflicts"), "unresolvedConflicts"),
    (t("High severity"), "highSeverityConflicts"),
)


def _stat(label: str, key: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"), rx.heading(H.stats[key].to_string(), size="6"), spacing="1"
        ),
        id=f"stat-{key}",
        min_width="150px",
        flex="1 1 150px",
    )


def _table(headers, rows, cells, **props) -> rx.Component:
    return card_table(
        headers,
        rows,
        lambda r: rx.table.row(*[cell(h, c(r)) for h, c in zip(headers, cells, strict=True)]),
        size="1",
        **props,
    )


def home_page() -> rx.Component:
    return page_shell(
        "Dashboard",
        wrapping_row(
            rx.text(t("Welcome, "), rx.text.strong(H.user_name), ".", id="welcome"),
            rx.spacer(),
            field(
                t("Bureau"),
                "dashboard-bureau",
                rx.select.root(
                    rx.select.trigger(id="dashboard-bureau", aria_labelledby=label_id("dashboard-bureau")),
                    rx.select.content(
                        rx.select.item(t("All bureaus"), value="all"),
                        rx.foreach(H.bureaus, lambda b: rx.select.item(b["name"], value=b["id"])),
                    ),
                    value=H.bureau_filter,
                    on_change=H.set_bureau_filter,
                ),
                direction="row",
                align="center",
                spacing="2",
            ),
            width="100%",
            padding_bottom="12px",
        ),
        rx.flex(
            *[_stat(label, key) for label, key in STAT_CARDS],
            spacing="3",
            wrap="wrap",
            padding_bottom="16px",
            id="dashboard-stats",
        ),
        rx.cond(
            H.has_overview,
            rx.callout(
                rx.text(
                    H.overview["pending_preferences"].to_string(),
                    t(" preferences to confirm · "),
                    H.overview["open_shifts"].to_string(),
                    t(" open shifts ahead · "),
                    rx.link(t("Team availability"), href="/team"),
                ),
                icon="users",
                id="team-overview",
                margin_bottom="16px",
            ),
        ),
        rx.flex(
            rx.box(
                rx.heading(t("Upcoming shifts (7 days)"), size="4", padding_bottom="6px"),
                _table(
                    (t("Date"), t("Time"), t("Employee"), t("Bureau"), t("Status")),
                    H.upcoming,
                    (
                        lambda r: r["date"],
                        lambda r: rx.text(r["startTime"], "–", r["endTime"]),
                        lambda r: rx.cond(
                            r["employee"] != "", r["employee"], rx.badge(t("open"), color_scheme="amber")
                        ),
                        lambda r: r["bureau"],
                        lambda r: rx.badge(r["status"]),
                    ),
                    id="upcoming-shifts",
                ),
                rx.hstack(
                    rx.button(t("Previous"), size="1", variant="soft", on_click=H.previous_upcoming),
                    rx.text(H.upcoming_total.to_string(), t(" shifts"), size="2"),
                    rx.button(t("Next"), size="1", variant="soft", on_click=H.next_upcoming),
                    padding_top="6px",
                ),
                min_width="min(420px, 100%)",
                flex="2",
            ),
            rx.vstack(
                rx.heading(t("Unresolved conflicts"), size="4"),
                rx.hstack(
                    rx.badge(t("High "), H.by_severity["high"].to_string(), color_scheme="red", size="3"),
                    rx.badge(t("Medium "), H.by_severity["medium"].to_string(), color_scheme="amber", size="3"),
                    rx.badge(t("Low "), H.by_severity["low"].to_string(), color_scheme="gray", size="3"),
                    id="conflicts-by-severity",
                ),
                rx.link(t("Open schedule health"), href="/health"),
                rx.heading(t("Per bureau"), size="4", padding_top="12px"),
                _table(
                    (t("Bureau"), t("Employees"), t("Shifts this month")),
                    H.bureau_rows,
                    (lambda r: r["name"], lambda r: r["employees"], lambda r: r["shifts"]),
                    id="bureau-stats",
                ),
                rx.heading(t("My next shifts"), size="4", padding_top="12px"),
                rx.cond(
                    H.my_shifts.length() > 0,
                    _table(
                        (t("Date"), t("Time"), t("Bureau")),
                        H.my_shifts,
                        (lambda r: r["date"], lambda r: r["time"], lambda r: r["bureau"]),
                        id="my-shifts",
                    ),
                    rx.text(t("No shifts in the next two weeks."), color_scheme="gray", id="my-shifts-empty"),
                ),
                rx.link(t("All my shifts, by month"), href="/my-shifts", id="all-my-shifts"),
                flex="1",
                min_width="min(300px, 100%)",
                align="start",
            ),
            spacing="6",
            wrap="wrap",
            width="100%",
        ),
    )
