import reflex as rx

from shiftapp.components.shell import page_shell
from shiftapp.state.employees import EmployeesState as S

ROLES = ["all", "editor", "senior", "correspondent", "driver"]
STATUSES = ["all", "active", "on-leave", "inactive"]


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.avatar(fallback=row["initials"], size="2"),
                rx.vstack(
                    rx.text(row["name"], weight="medium"),
                    rx.text(row["email"], size="1", color_scheme="gray"),
                    spacing="0",
                ),
            )
        ),
        rx.table.cell(row["role"]),
        rx.table.cell(row["shift_role"]),
        rx.table.cell(row["bureau"]),
        rx.table.cell(
            rx.badge(
                row["status"], color_scheme=rx.match(row["status"], ("active", "green"), ("on-leave", "amber"), "gray")
            )
        ),
        rx.table.cell(row["shiftsThisMonth"].to_string()),
        rx.table.cell(
            rx.cond(
                S.can_edit,
                rx.hstack(
                    rx.button(
                        "Edit", size="1", variant="soft", on_click=S.open_edit(row["id"]), class_name="edit-employee"
                    ),
                    rx.cond(
                        row["status"] != "inactive",
                        rx.button(
                            "Deactivate",
                            size="1",
                            color_scheme="red",
                            variant="soft",
                            on_click=S.deactivate(row["id"]),
                            class_name="deactivate-employee",
                        ),
                    ),
                ),
            )
        ),
        class_name="employee-row",
    )


def _field(label: str, field: str, **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.input(
            value=S.form[field],
            on_change=lambda v: S.set_form_field(field, v),
            id=f"employee-{field}",
            width="100%",
            **props,
        ),
        spacing="1",
        width="100%",
    )


def _select(label: str, field: str, options) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select(options, value=S.form[field], on_change=lambda v: S.set_form_field(field, v), id=f"employee-{field}"),
        spacing="1",
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing_id != "", "Edit employee", "New employee")),
            rx.vstack(
                _field("Full name", "full_name"),
                _field("Email", "email", type="email"),
                _field("Title", "title"),
                _field("Phone", "phone"),
                _field("Team", "team"),
                _field("Worker id", "worker_id"),
                rx.hstack(
                    _select("Shift role", "shift_role", ROLES[1:]),
                    _select("Status", "status", STATUSES[1:]),
                    rx.vstack(
                        rx.text("Bureau", size="2", weight="medium"),
                        rx.select.root(
                            rx.select.trigger(id="employee-bureau_id"),
                            rx.select.content(
                                rx.foreach(S.bureaus, lambda b: rx.select.item(b["name"], value=b["id"]))
                            ),
                            value=S.form["bureau_id"],
                            on_change=lambda v: S.set_form_field("bureau_id", v),
                        ),
                        spacing="1",
                    ),
                ),
                rx.hstack(
                    rx.button("Cancel", variant="soft", on_click=S.close_dialog),
                    rx.button("Save", on_click=S.save, id="employee-save"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
            ),
        ),
        open=S.dialog_open,
        on_open_change=lambda _open: S.close_dialog(),
    )


def employees_page() -> rx.Component:
    return page_shell(
        "Employees",
        rx.hstack(
            rx.input(
                placeholder="Search name or email",
                value=S.search,
                on_change=S.set_search.debounce(300),
                id="employee-search",
                width="260px",
            ),
            rx.select(S.bureau_names, value=S.bureau, on_change=S.set_bureau, id="filter-bureau"),
            rx.select(ROLES, value=S.role, on_change=S.set_role, id="filter-role"),
            rx.select(STATUSES, value=S.status, on_change=S.set_status, id="filter-status"),
            rx.spacer(),
            rx.cond(S.can_edit, rx.button("New employee", on_click=S.open_create, id="new-employee")),
            width="100%",
            padding_bottom="12px",
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Employee", "Title", "Shift role", "Bureau", "Status", "Shifts this month", "")
                    ]
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            width="100%",
            id="employees-table",
        ),
        rx.hstack(
            rx.button("Previous", on_click=S.previous_page, disabled=S.page == 0, variant="soft"),
            rx.text(
                "Page ",
                (S.page + 1).to_string(),
                " of ",
                S.page_count.to_string(),
                " · ",
                S.total.to_string(),
                " employees",
                id="employees-paging",
            ),
            rx.button(
                "Next", on_click=S.next_page, disabled=S.page + 1 >= S.page_count, variant="soft", id="employees-next"
            ),
            padding_top="12px",
        ),
        _dialog(),
    )
