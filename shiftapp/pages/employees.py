import reflex as rx

from shiftapp.components.shell import page_shell
from shiftapp.state.employees import EmployeesState as S

ROLES = ["all", "editor", "senior", "correspondent", "driver"]
STATUSES = ["all", "active", "on-leave", "inactive"]
ACCESS_ROLES = ["staff", "scheduler", "manager", "admin"]


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
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
        _created(),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in (
                            "Employee",
                            "Title",
                            "Shift role",
                            "Bureau",
                            "Status",
                            "Shifts this month",
                            "",
                        )
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
        _confirm_deactivate(),
    )
