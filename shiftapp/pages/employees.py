import reflex as rx

from shiftapp.components.layout import card_table, cell, field, label_id, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.employees import EmployeesState as S

ROLES = ["all", "editor", "senior", "correspondent", "driver"]
STATUSES = ["all", "active", "on-leave", "inactive"]


HEADERS = ("Employee", "Title", "Shift role", "Bureau", "Status", "Shifts this month", "")


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        cell(
            "Employee",
            rx.hstack(
                rx.avatar(fallback=row["initials"], size="2"),
                rx.vstack(
                    rx.text(row["name"], weight="medium"),
                    rx.text(row["email"], size="1", color_scheme="gray"),
                    spacing="0",
                ),
            ),
        ),
        cell("Title", row["role"]),
        cell("Shift role", row["shift_role"]),
        cell("Bureau", row["bureau"]),
        cell(
            "Status",
            rx.badge(
                row["status"], color_scheme=rx.match(row["status"], ("active", "green"), ("on-leave", "amber"), "gray")
            ),
        ),
        cell("Shifts this month", row["shiftsThisMonth"].to_string()),
        cell(
            "",
            rx.cond(
                S.can_edit,
                rx.hstack(
                    rx.button(
                        "Edit",
                        size="1",
                        variant="soft",
                        on_click=S.open_edit(row["id"]),
                        class_name="edit-employee",
                        aria_label="Edit " + row["name"].to(str),
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
                            aria_label="Deactivate " + row["name"].to(str),
                        ),
                    ),
                ),
            ),
        ),
        class_name="employee-row",
    )


def _field(label: str, name: str, **props) -> rx.Component:
    control_id = f"employee-{name}"
    return field(
        label,
        control_id,
        rx.input(
            value=S.form[name],
            on_change=lambda v: S.set_form_field(name, v),
            id=control_id,
            width="100%",
            **props,
        ),
        width="100%",
    )


def _select(label: str, name: str, options) -> rx.Component:
    control_id = f"employee-{name}"
    return field(
        label,
        control_id,
        rx.select(
            options,
            value=S.form[name],
            on_change=lambda v: S.set_form_field(name, v),
            id=control_id,
            custom_attrs={"aria-labelledby": label_id(control_id)},
        ),
    )


def _filter(label: str, control_id: str, options, value, on_change) -> rx.Component:
    return field(
        label,
        control_id,
        rx.select(
            options,
            value=value,
            on_change=on_change,
            id=control_id,
            custom_attrs={"aria-labelledby": label_id(control_id)},
        ),
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
                    field(
                        "Bureau",
                        "employee-bureau_id",
                        rx.select.root(
                            rx.select.trigger(id="employee-bureau_id", aria_labelledby=label_id("employee-bureau_id")),
                            rx.select.content(
                                rx.foreach(S.bureaus, lambda b: rx.select.item(b["name"], value=b["id"]))
                            ),
                            value=S.form["bureau_id"],
                            on_change=lambda v: S.set_form_field("bureau_id", v),
                        ),
                    ),
                    wrap="wrap",
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
        wrapping_row(
            field(
                "Search",
                "employee-search",
                rx.input(
                    placeholder="Name or email",
                    value=S.search,
                    on_change=S.set_search.debounce(300),
                    id="employee-search",
                    width="min(260px, 100%)",
                ),
            ),
            _filter("Bureau", "filter-bureau", S.bureau_names, S.bureau, S.set_bureau),
            _filter("Shift role", "filter-role", ROLES, S.role, S.set_role),
            _filter("Status", "filter-status", STATUSES, S.status, S.set_status),
            rx.spacer(),
            rx.cond(S.can_edit, rx.button("New employee", on_click=S.open_create, id="new-employee")),
            width="100%",
            align="end",
            padding_bottom="12px",
        ),
        card_table(HEADERS, S.rows, _row, width="100%", id="employees-table"),
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
