import reflex as rx

from shiftapp.components.shell import page_shell
from shiftapp.state.home import HomeState


def _stat(label: str, key: str) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"),
                             rx.heading(HomeState.overview[key].to_string(), size="6"), spacing="1"),
                   id=f"stat-{key}", min_width="160px")


def _shift_row(shift: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(shift["date"]), rx.table.cell(shift["time"]), rx.table.cell(shift["type"]),
        rx.table.cell(shift["bureau"]), rx.table.cell(rx.badge(shift["status"])),
    )


def home_page() -> rx.Component:
    return page_shell(
        "Home",
        rx.text("Welcome, ", rx.text.strong(HomeState.user_name), ".", padding_bottom="12px", id="welcome"),
        rx.cond(
            HomeState.has_overview,
            rx.flex(
                _stat("Active employees", "active_employees"),
                _stat("Preferences to confirm", "pending_preferences"),
                _stat("Shifts in the next 7 days", "shifts_next_7_days"),
                _stat("Open shifts", "open_shifts"),
                _stat("Unresolved conflicts", "unresolved_conflicts"),
                spacing="3", wrap="wrap", padding_bottom="20px", id="team-overview",
            ),
        ),
        rx.heading("My next shifts", size="4", padding_bottom="8px"),
        rx.cond(
            HomeState.my_shifts.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                ("Date", "Time", "Shift", "Bureau", "Status")])),
                rx.table.body(rx.foreach(HomeState.my_shifts, _shift_row)),
                id="my-shifts",
            ),
            rx.text("No shifts in the next two weeks.", color_scheme="gray", id="my-shifts-empty"),
        ),
    )
