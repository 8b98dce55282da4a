"""Employees page: searchable, filterable, paged; planners create, edit and deactivate."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from shiftapp.i18n import LANGUAGES, format_time, month_name, translate
from shiftapp.models import SHIFT_ROLES
from shiftapp.services import access, employees, invitations
from shiftapp.services.bureaus import bureau_choices
from shiftapp.services.errors import DomainError
from shiftapp.services.shift_views import zone
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

PAGE_SIZE = 10
EDITABLE = ("full_name", "email", "title", "shift_role", "bureau_id", "phone", "team", "worker_id", "status")
ACCESS_ROLES = ("staff", "scheduler", "manager", "admin")


class EmployeesState(AuthState):
    rows: list[dict[str, Any]] = []
    total: int = 0
    page: int = 0
    search: str = ""
    bureau: str = "all"
    role: str = "all"
    status: str = "all"
    bureaus: list[dict[str, str]] = []
    can_edit: bool = False
    can_delete: bool = False
    dialog_open: bool = False
    editing_id: str = ""
    form: dict[str, str] = {}
    editing_version: int = 0
    # Access: administrators choose the role and team leadership; planners add staff only.
    is_admin: bool = False
    form_access_role: str = "staff"
    form_team_leader: bool = False
    form_invite: bool = True
    # A new person's language (invitation, emails, pages until they choose): the adder's own by default.
    form_language: str = "en"
    # What the last create or invitation did, with the one-time link to copy (shown until dismissed).
    created_message: str = ""
    invitation_link: str = ""
    invitation_note: str = ""
    # The deactivation waiting for confirmation.
    confirm_id: str = ""
    confirm_name: str = ""

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def link_copied(self) -> str:
        return self._t("Link copied")

    @rx.var
    def bureau_names(self) -> list[str]:
        return ["all"] + [b["name"] for b in self.bureaus]

    def _reload(self) -> None:
        filters = {
            "bureau": None if self.bureau == "all" else self.bureau,
            "role": None if self.role == "all" else self.role,
            "status": None if self.status == "all" else self.status,
            "search": self.search or None,
        }

        def load(session, user):
            rows, total = employees.list_employees(
                session=session, actor=user, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE, **filters
            )
            bureaus = bureau_choices(session)
            may = (access.is_planner(user), user.access_role in ("admin", "manager"), access.is_admin(user))
            return rows, total, bureaus, may, user.id

        rows, self.total, self.bureaus, may, me = run_as_user(self.token, load)
        self.can_edit, self.can_delete, self.is_admin = may
        self.rows = [_page_row(row, me, self.lang) for row in rows]

    @page_event(public=True)
    def open_employees(self):
        """on_load of Employees: who is signed in and the people listed, in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_employees)

    def _load_employees(self):
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    def _refilter(self):
        self.page = 0
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def set_search(self, value: str):
        self.search = value if isinstance(value, str) else ""
        return self._refilter()

    @page_event
    def set_bureau(self, value: str):
        self.bureau = value if isinstance(value, str) else "all"
        return self._refilter()

    @page_event
    def set_role(self, value: str):
        self.role = value if value in ("all", *SHIFT_ROLES) else "all"
        return self._refilter()

    @page_event
    def set_status(self, value: str):
        self.status = value if value in ("all", *employees.STATUSES) else "all"
        return self._refilter()

    @page_event
    def next_page(self):
        if self.page + 1 < self.page_count:
            self.page += 1
            return self._refilter_keep_page()

    @page_event
    def previous_page(self):
        if self.page > 0:
            self.page -= 1
            return self._refilter_keep_page()

    def _refilter_keep_page(self):
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def open_create(self):
        self.editing_id = ""
        self.editing_version = 0
        self.form = {
            "shift_role": "correspondent",
            "status": "active",
            "bureau_id": self.bureaus[0]["id"] if self.bureaus else "",
        }
        self.form_access_role, self.form_team_leader, self.form_invite = "staff", False, True
        self.form_language = self.lang
        self.dialog_open = True

    @page_event
    def open_edit(self, employee_id: str):
        row = next((r for r in self.rows if r["id"] == employee_id), None)
        if row is None:
            return rx.toast.error(self._t("That employee is no longer on this page; reload it"))
        self.editing_id = employee_id
        self.editing_version = int(row["version"])
        self.form = {
            "full_name": row["name"],
            "email": row["email"],
            "title": row["role"],
            "shift_role": row["shift_role"],
            "bureau_id": row["bureau_id"],
            "phone": row["phone"],
            "team": row["team"],
            "worker_id": row["worker_id"],
            "status": row["status"],
        }
        self.form_access_role, self.form_team_leader = row["access_role"], bool(row["is_team_leader"])
        self.dialog_open = True

    @page_event
    def set_form_field(self, field: str, value: str):
        if field in EDITABLE and isinstance(value, str):
            self.form = {**self.form, field: value}

    @page_event
    def set_form_access_role(self, value: str):
        if value in ACCESS_ROLES:
            self.form_access_role = value

    @page_event
    def set_form_team_leader(self, value: bool):
        self.form_team_leader = value is True

    @page_event
    def set_form_language(self, value: str):
        if value in LANGUAGES:
            self.form_language = value

    @page_event
    def set_form_invite(self, value: bool):
        self.form_invite = value is True

    @page_event
    def close_dialog(self):
        self.dialog_open = False

    @page_event
    def dismiss_created(self):
        self.created_message = self.invitation_link = self.invitation_note = ""

    def _show_invitation(self, issued: invitations.IssuedInvitation) -> None:
        self.invitation_link = issued.link
        expires = issued.expires_at.astimezone(zone())
        month = month_name(expires.month, self.lang, short=True)
        until = f"{expires.day:02d} {month} {expires.year} {format_time(expires)}"
        self.invitation_note = (
            self._t("Emailed to {email}. The link works once, until {until}.", email=issued.email, until=until)
            if issued.emailed
            else self._t(
                "Email is not set up here: copy the link and send it to {email} yourself. "
                "It works once, until {until}.",
                email=issued.email,
                until=until,
            )
        )

    @page_event
    def save(self):
        fields: dict[str, Any] = {k: (v or None) for k, v in self.form.items() if k in EDITABLE}
        editing_id, version, invite = self.editing_id, self.editing_version, self.form_invite
        if self.is_admin:  # others may not set them: the service refuses, and the form does not show them
            fields |= {"access_role": self.form_access_role, "is_team_leader": self.form_team_leader}
        issued: invitations.IssuedInvitation | None = None
        try:
            if editing_id:
                changes = employees.EmployeeChanges(**fields)
                saved = run_as_user(
                    self.token,
                    lambda s, u: employees.update_employee(
                        session=s, actor=u, employee_id=editing_id, changes=changes, expected_version=version
                    ),
                )
            else:
                # An empty required field goes to the service as "", which refuses it naming the field.
                required = {k: fields.get(k) or "" for k in ("email", "full_name", "shift_role", "status")}
                new = employees.NewEmployee(**{**fields, **required}, language=self.form_language)

                def create(s, u):
                    view = employees.create_employee(session=s, actor=u, new=new)
                    # One transaction: the person is not added without the invitation asked for.
                    link = invitations.issue_invitation(session=s, actor=u, employee_id=view.id) if invite else None
                    return view, link

                saved, issued = run_as_user(self.token, create)
            self._reload()
        except DomainError as error:
            return error_toast(error)
        self.dialog_open = False
        if editing_id:
            return rx.toast.success(self._t("Saved the changes to {name}", name=saved.name))
        role = self._t(saved.access_role)
        self.created_message = (
            (
                self._t("{name} was added as {role} and team leader", name=saved.name, role=role)
                if saved.is_team_leader
                else self._t("{name} was added as {role}", name=saved.name, role=role)
            )
            + (self._t(" in {bureau}", bureau=saved.bureau) if saved.bureau else "")
            + "."
        )
        self.invitation_link = self.invitation_note = ""
        if issued is not None:
            self._show_invitation(issued)
        else:
            self.invitation_note = self._t("No invitation was made: use Invite on their row when they should sign in.")
        return rx.toast.success(self._t("{name} was added", name=saved.name))

    @page_event
    def invite(self, employee_id: str):
        try:
            issued = run_as_user(
                self.token,
                lambda s, u: invitations.issue_invitation(session=s, actor=u, employee_id=employee_id),
            )
            self._reload()
        except DomainError as error:
            return error_toast(error)
        self.created_message = self._t(
            "A new invitation for {name}; any earlier link no longer works.", name=issued.employee_name
        )
        self._show_invitation(issued)
        return rx.toast.success(self._t("Invitation made for {name}", name=issued.employee_name))

    @page_event
    def ask_deactivate(self, employee_id: str):
        row = next((r for r in self.rows if r["id"] == employee_id), None)
        if row is None:
            return rx.toast.error(self._t("That employee is no longer on this page; reload it"))
        if row["is_me"]:
            return rx.toast.error(
                self._t("You cannot deactivate your own account: ask another administrator or manager")
            )
        self.confirm_id, self.confirm_name = employee_id, row["name"]

    @page_event
    def cancel_deactivate(self):
        self.confirm_id = self.confirm_name = ""

    @page_event
    def deactivate(self):
        """The confirmed deactivation (the dialog's button); the service refuses one's own account."""
        employee_id, name = self.confirm_id, self.confirm_name
        self.confirm_id = self.confirm_name = ""
        if not employee_id:
            return rx.toast.error(self._t("Pick an employee to deactivate first"))
        row = next((r for r in self.rows if r["id"] == employee_id), None)
        version = int(row["version"]) if row else None
        try:
            run_as_user(
                self.token,
                lambda s, u: employees.update_employee(
                    session=s,
                    actor=u,
                    employee_id=employee_id,
                    changes=employees.EmployeeChanges(status="inactive"),
                    expected_version=version,
                ),
            )
            self._reload()
        except DomainError as error:
            return error_toast(error)
        return rx.toast.success(self._t("{name} was deactivated and signed out everywhere", name=name))


def _page_row(view: employees.EmployeeView, me: str, lang: str = "en") -> dict[str, Any]:
    # The table's keys are the API's (shiftsThisMonth); empty cells rather than None.
    row = {k: ("" if v is None else v) for k, v in asdict(view).items()}
    row["shiftsThisMonth"] = row.pop("shifts_this_month")
    row["is_me"] = view.id == me
    # The stored words stay for the page's checks; these are what people read.
    row["access_role_label"] = translate(view.access_role, lang)
    row["shift_role_label"] = translate(view.shift_role or "", lang) if view.shift_role else ""
    row["status_label"] = translate(view.status, lang)
    return row
