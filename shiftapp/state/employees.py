"""Employees page: searchable, filterable, paged; planners create, edit and deactivate."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from shiftapp.models import SHIFT_ROLES
from shiftapp.services import access, employees
from shiftapp.services.bureaus import bureau_choices
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

PAGE_SIZE = 10
EDITABLE = ("full_name", "email", "title", "shift_role", "bureau_id", "phone", "team", "worker_id", "status")


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

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

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
            return rows, total, bureaus, access.is_planner(user), user.access_role in ("admin", "manager")

        rows, self.total, self.bureaus, self.can_edit, self.can_delete = run_as_user(self.token, load)
        self.rows = [_page_row(row) for row in rows]

    @page_event
    def load_employees(self):
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
        self.dialog_open = True

    @page_event
    def open_edit(self, employee_id: str):
        row = next((r for r in self.rows if r["id"] == employee_id), None)
        if row is None:
            return rx.toast.error("That employee is no longer on this page; reload it")
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
        self.dialog_open = True

    @page_event
    def set_form_field(self, field: str, value: str):
        if field in EDITABLE and isinstance(value, str):
            self.form = {**self.form, field: value}

    @page_event
    def close_dialog(self):
        self.dialog_open = False

    @page_event
    def save(self):
        fields = {k: (v or None) for k, v in self.form.items() if k in EDITABLE}
        editing_id, version = self.editing_id, self.editing_version
        try:
            if editing_id:
                changes = employees.EmployeeChanges(**fields)
                run_as_user(
                    self.token,
                    lambda s, u: employees.update_employee(
                        session=s, actor=u, employee_id=editing_id, changes=changes, expected_version=version
                    ),
                )
            else:
                # An empty required field goes to the service as "", which refuses it naming the field.
                required = {k: fields.get(k) or "" for k in ("email", "full_name", "shift_role", "status")}
                new = employees.NewEmployee(**{**fields, **required})
                run_as_user(self.token, lambda s, u: employees.create_employee(session=s, actor=u, new=new))
            self._reload()
        except DomainError as error:
            return error_toast(error)
        self.dialog_open = False
        return rx.toast.success("Employee saved")

    @page_event
    def deactivate(self, employee_id: str):
        if not isinstance(employee_id, str):
            return rx.toast.error("Pick an employee")
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
        return rx.toast.success("Employee deactivated; their sessions were signed out")


def _page_row(view: employees.EmployeeView) -> dict[str, Any]:
    # The table's keys are the API's (shiftsThisMonth); empty cells rather than None.
    row = {k: ("" if v is None else v) for k, v in asdict(view).items()}
    row["shiftsThisMonth"] = row.pop("shifts_this_month")
    return row
