import reflex as rx

from shiftapp.components.layout import card_table, cell, field, label_id, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.employees import EmployeesState as S

ROLES = ["all", "editor", "senior", "correspondent", "driver"]
STATUSES = ["all", "active", "on-leave", "inactive"]
ACCESS_ROLES = ["staff", "scheduler", "manager", "admin"]


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
                    # Who may do what, under the name: a column of its own would push the actions off screen.
                    rx.hstack(
                        rx.badge(row["access_role"], variant="soft", size="1"),
                        rx.cond(row["is_team_leader"], rx.badge("team leader", color_scheme="green", size="1")),
                        rx.cond(
                            ~row["has_password"].to(bool), rx.badge("no password yet", color_scheme="amber", size="1")
                        ),
                        wrap="wrap",
                        spacing="1",
                        padding_top="2px",
                        class_name="employee-access",
                    ),
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
                        ~row["has_password"].to(bool) & (row["status"] != "inactive"),
                        rx.button(
                            "Invite",
                            size="1",
                            variant="soft",
                            on_click=S.invite(row["id"]),
                            class_name="invite-employee",
                            aria_label="Make an invitation link for " + row["name"].to(str),
                        ),
                    ),
                    rx.cond(
                        (row["status"] != "inactive") & ~row["is_me"].to(bool),
                        rx.button(
                            "Deactivate",
                            size="1",
                            color_scheme="red",
                            variant="soft",
                            on_click=S.ask_deactivate(row["id"]),
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


def _access() -> rx.Component:
    return rx.cond(
        S.is_admin,
        rx.hstack(
            rx.vstack(
                rx.el.label("Access role", html_for="employee-access_role", style={"fontWeight": 500}),
                rx.select(
                    ACCESS_ROLES,
                    value=S.form_access_role,
                    on_change=S.set_form_access_role,
                    id="employee-access_role",
                ),
                spacing="1",
            ),
            rx.el.label(
                rx.checkbox(checked=S.form_team_leader, on_change=S.set_form_team_leader, id="employee-team-leader"),
                rx.text("Team leader (confirms preferences, generates schedules)", as_="span", size="2"),
                html_for="employee-team-leader",
                style={"display": "flex", "gap": "8px", "alignItems": "center"},
            ),
            align="end",
            spacing="4",
            wrap="wrap",
        ),
        rx.text(
            "Added as staff: only administrators give a higher access role or make someone a team leader.",
            size="2",
            color_scheme="gray",
            id="employee-access-note",
        ),
    )


def _invite_choice() -> rx.Component:
    return rx.cond(
        S.editing_id == "",
        rx.el.label(
            rx.checkbox(checked=S.form_invite, on_change=S.set_form_invite, id="employee-invite"),
            rx.text(
                "Invite them: make a one-time link with which they choose their password (emailed when email "
                "is set up)",
                as_="span",
                size="2",
            ),
            html_for="employee-invite",
            style={"display": "flex", "gap": "8px", "alignItems": "center"},
        ),
    )


def _created() -> rx.Component:
    return rx.cond(
        S.created_message != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("user-check")),
            rx.vstack(
                rx.text(S.created_message, weight="medium", id="employee-created-message"),
                rx.cond(
                    S.invitation_link != "",
                    rx.hstack(
                        rx.input(
                            value=S.invitation_link,
                            read_only=True,
                            id="invitation-link",
                            width="min(520px, 70vw)",
                            aria_label="Invitation link",
                        ),
                        rx.button(
                            "Copy link",
                            size="1",
                            on_click=[rx.set_clipboard(S.invitation_link), rx.toast.info("Link copied")],
                            id="copy-invitation",
                        ),
                        align="center",
                        wrap="wrap",
                    ),
                ),
                rx.cond(S.invitation_note != "", rx.text(S.invitation_note, size="2", id="invitation-note")),
                rx.button("Dismiss", size="1", variant="soft", on_click=S.dismiss_created, id="dismiss-created"),
                spacing="2",
                align="start",
            ),
            color_scheme="green",
            id="employee-created",
            role="status",
            margin_bottom="12px",
        ),
    )


def _confirm_deactivate() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Deactivate ", S.confirm_name, "?"),
            rx.alert_dialog.description(
                S.confirm_name,
                " is signed out everywhere at once and can no longer sign in. Their shifts stay on the schedule "
                "until you change them; you can make them active again with Edit.",
            ),
            rx.hstack(
                # Plain buttons, not Radix's cancel/action: the state closes the dialog, once.
                rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel_deactivate),
                rx.button("Deactivate", color_scheme="red", on_click=S.deactivate, id="confirm-deactivate"),
                justify="end",
                width="100%",
                padding_top="12px",
            ),
        ),
        open=S.confirm_id != "",
        on_open_change=lambda _o: S.cancel_deactivate(),
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
                _access(),
                _invite_choice(),
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
        _created(),
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
        _confirm_deactivate(),
    )
