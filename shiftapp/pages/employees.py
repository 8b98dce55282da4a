import reflex as rx

from shiftapp.components.i18n import Text, language_select, t, tf
from shiftapp.components.layout import card_table, cell, field, label_id, wrapping_row
from shiftapp.components.shell import page_shell
from shiftapp.state.employees import EmployeesState as S

ROLES = ["all", "editor", "senior", "correspondent", "driver"]
STATUSES = ["all", "active", "on-leave", "inactive"]
ACCESS_ROLES = ["staff", "scheduler", "manager", "admin"]


HEADERS = (t("Employee"), t("Title"), t("Shift role"), t("Bureau"), t("Status"), t("Shifts this month"), "")


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        cell(
            t("Employee"),
            rx.hstack(
                rx.avatar(fallback=row["initials"], size="2"),
                rx.vstack(
                    rx.text(row["name"], weight="medium"),
                    rx.text(row["email"], size="1", color_scheme="gray"),
                    # Who may do what, under the name: a column of its own would push the actions off screen.
                    rx.hstack(
                        rx.badge(row["access_role_label"], variant="soft", size="1"),
                        rx.cond(row["is_team_leader"], rx.badge(t("team leader"), color_scheme="green", size="1")),
                        rx.cond(
                            ~row["has_password"].to(bool),
                            rx.badge(t("no password yet"), color_scheme="amber", size="1"),
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
        cell(t("Title"), row["role"]),
        cell(t("Shift role"), row["shift_role_label"]),
        cell(t("Bureau"), row["bureau"]),
        cell(
            t("Status"),
            rx.badge(
                row["status_label"],
                color_scheme=rx.match(row["status"], ("active", "green"), ("on-leave", "amber"), "gray"),
            ),
        ),
        cell(t("Shifts this month"), row["shiftsThisMonth"].to_string()),
        cell(
            "",
            rx.cond(
                S.can_edit,
                rx.hstack(
                    rx.button(
                        t("Edit"),
                        size="1",
                        variant="soft",
                        on_click=S.open_edit(row["id"]),
                        class_name="edit-employee",
                        aria_label=tf("Edit {name}", name=row["name"]),
                    ),
                    rx.cond(
                        ~row["has_password"].to(bool) & (row["status"] != "inactive"),
                        rx.button(
                            t("Invite"),
                            size="1",
                            variant="soft",
                            on_click=S.invite(row["id"]),
                            class_name="invite-employee",
                            aria_label=tf("Make an invitation link for {name}", name=row["name"]),
                        ),
                    ),
                    rx.cond(
                        (row["status"] != "inactive") & ~row["is_me"].to(bool),
                        rx.button(
                            t("Deactivate"),
                            size="1",
                            color_scheme="red",
                            variant="soft",
                            on_click=S.ask_deactivate(row["id"]),
                            class_name="deactivate-employee",
                            aria_label=tf("Deactivate {name}", name=row["name"]),
                        ),
                    ),
                ),
            ),
        ),
        class_name="employee-row",
    )


def _field(label: Text, name: str, **props) -> rx.Component:
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


def _choices(control_id: str, options, value, on_change) -> rx.Component:
    """A Radix select whose items read in the reader's language (the value stays the stored word)."""
    return rx.select.root(
        rx.select.trigger(id=control_id, aria_labelledby=label_id(control_id)),
        rx.select.content(*[rx.select.item(t(o), value=o) for o in options]),
        value=value,
        on_change=on_change,
    )


def _select(label: Text, name: str, options) -> rx.Component:
    control_id = f"employee-{name}"
    return field(label, control_id, _choices(control_id, options, S.form[name], lambda v: S.set_form_field(name, v)))


def _filter(label: Text, control_id: str, options, value, on_change) -> rx.Component:
    return field(label, control_id, _choices(control_id, options, value, on_change))


def _bureau_filter() -> rx.Component:
    """Bureaus by name (their own words), under "all" in the reader's language."""
    return field(
        t("Bureau"),
        "filter-bureau",
        rx.select.root(
            rx.select.trigger(id="filter-bureau", aria_labelledby=label_id("filter-bureau")),
            rx.select.content(
                rx.select.item(t("all"), value="all"),
                rx.foreach(S.bureaus, lambda b: rx.select.item(b["name"], value=b["name"])),
            ),
            value=S.bureau,
            on_change=S.set_bureau,
        ),
    )


def _access() -> rx.Component:
    return rx.cond(
        S.is_admin,
        rx.hstack(
            rx.vstack(
                rx.el.label(t("Access role"), html_for="employee-access_role", style={"fontWeight": 500}),
                _choices("employee-access_role", ACCESS_ROLES, S.form_access_role, S.set_form_access_role),
                spacing="1",
            ),
            rx.el.label(
                rx.checkbox(checked=S.form_team_leader, on_change=S.set_form_team_leader, id="employee-team-leader"),
                rx.text(t("Team leader (confirms preferences, generates schedules)"), as_="span", size="2"),
                html_for="employee-team-leader",
                style={"display": "flex", "gap": "8px", "alignItems": "center"},
            ),
            align="end",
            spacing="4",
            wrap="wrap",
        ),
        rx.text(
            t("Added as staff: only administrators give a higher access role or make someone a team leader."),
            size="2",
            color_scheme="gray",
            id="employee-access-note",
        ),
    )


def _language_choice() -> rx.Component:
    """A new person's language, each named in its own words (as on the profile, where they change it)."""
    return rx.cond(
        S.editing_id == "",
        rx.vstack(
            rx.el.label(
                t("Their language (invitation, emails and pages until they choose)"),
                html_for="employee-language",
                style={"fontWeight": 500},
            ),
            language_select("employee-language", S.form_language, S.set_form_language),
            spacing="1",
        ),
    )


def _invite_choice() -> rx.Component:
    return rx.cond(
        S.editing_id == "",
        rx.el.label(
            rx.checkbox(checked=S.form_invite, on_change=S.set_form_invite, id="employee-invite"),
            rx.text(
                t(
                    "Invite them: make a one-time link with which they choose their password (emailed when email "
                    "is set up)"
                ),
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
                            aria_label=t("Invitation link"),
                        ),
                        rx.button(
                            t("Copy link"),
                            size="1",
                            on_click=[rx.set_clipboard(S.invitation_link), rx.toast.info(S.link_copied)],
                            id="copy-invitation",
                        ),
                        align="center",
                        wrap="wrap",
                    ),
                ),
                rx.cond(S.invitation_note != "", rx.text(S.invitation_note, size="2", id="invitation-note")),
                rx.button(t("Dismiss"), size="1", variant="soft", on_click=S.dismiss_created, id="dismiss-created"),
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
            rx.alert_dialog.title(tf("Deactivate {name}?", name=S.confirm_name)),
            rx.alert_dialog.description(
                tf(
                    "{name} is signed out everywhere at once and can no longer sign in. Their shifts stay on the "
                    "schedule until you change them; you can make them active again with Edit.",
                    name=S.confirm_name,
                ),
            ),
            rx.hstack(
                # Plain buttons, not Radix's cancel/action: the state closes the dialog, once.
                rx.button(t("Cancel"), variant="soft", color_scheme="gray", on_click=S.cancel_deactivate),
                rx.button(t("Deactivate"), color_scheme="red", on_click=S.deactivate, id="confirm-deactivate"),
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
            rx.dialog.title(rx.cond(S.editing_id != "", t("Edit employee"), t("New employee"))),
            rx.vstack(
                _field(t("Full name"), "full_name"),
                _field(t("Email"), "email", type="email"),
                _field(t("Title"), "title"),
                _field(t("Phone"), "phone"),
                _field(t("Team"), "team"),
                _field(t("Worker id"), "worker_id"),
                rx.hstack(
                    _select(t("Shift role"), "shift_role", ROLES[1:]),
                    _select(t("Status"), "status", STATUSES[1:]),
                    field(
                        t("Bureau"),
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
                _language_choice(),
                _invite_choice(),
                rx.hstack(
                    rx.button(t("Cancel"), variant="soft", on_click=S.close_dialog),
                    rx.button(t("Save"), on_click=S.save, id="employee-save"),
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
                t("Search"),
                "employee-search",
                rx.input(
                    placeholder=t("Name or email"),
                    value=S.search,
                    on_change=S.set_search.debounce(300),
                    id="employee-search",
                    width="min(260px, 100%)",
                ),
            ),
            _bureau_filter(),
            _filter(t("Shift role"), "filter-role", ROLES, S.role, S.set_role),
            _filter(t("Status"), "filter-status", STATUSES, S.status, S.set_status),
            rx.spacer(),
            rx.cond(S.can_edit, rx.button(t("New employee"), on_click=S.open_create, id="new-employee")),
            width="100%",
            align="end",
            padding_bottom="12px",
        ),
        _created(),
        card_table(HEADERS, S.rows, _row, width="100%", id="employees-table"),
        rx.hstack(
            rx.button(t("Previous"), on_click=S.previous_page, disabled=S.page == 0, variant="soft"),
            rx.text(
                tf(
                    "Page {page} of {count} · {total} employees",
                    page=(S.page + 1).to_string(),
                    count=S.page_count.to_string(),
                    total=S.total.to_string(),
                ),
                id="employees-paging",
            ),
            rx.button(
                t("Next"),
                on_click=S.next_page,
                disabled=S.page + 1 >= S.page_count,
                variant="soft",
                id="employees-next",
            ),
            padding_top="12px",
        ),
        _dialog(),
        _confirm_deactivate(),
    )
