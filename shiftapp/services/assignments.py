"""Reading assignments for Planning PRO: the filtered list (paged) and a shift with its assignments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from shiftapp.models import Assignment, Employee, Shift
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.shifts import shift_record
from shiftapp.services.text_limits import MAX_PAGE

# A page is bounded so one request cannot read the whole table; `total` tells the caller how many
# pages there are, so nothing is cut off without saying so.
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 500


def assignment_view(assignment: Assignment) -> dict[str, Any]:
    return {
        "id": assignment.id,
        "shift_id": assignment.shift_id,
        "employee_id": assignment.employee_id,
        "source": assignment.source,
        "status": assignment.status,
        "version": assignment.version,
    }


def list_assignments(
    *,
    session: Session,
    actor: Employee,
    shift_id: str | None = None,
    employee_id: str | None = None,
    status: str | None = None,
    source: str | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> dict[str, Any]:
    """One page of the assignments matching every filter given, oldest first, with the total."""
    if not 1 <= page <= MAX_PAGE:
        raise ValidationFailed(f"page must be between 1 and {MAX_PAGE}", details={"field": "page"})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationFailed(f"page_size must be between 1 and {MAX_PAGE_SIZE}", details={"field": "page_size"})
    query = select(Assignment)
    for column, value in (
        (Assignment.shift_id, shift_id),
        (Assignment.employee_id, employee_id),
        (Assignment.status, status),
        (Assignment.source, source),
    ):
        if value:
            query = query.where(column == value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Assignment.created_at), col(Assignment.id)).offset((page - 1) * page_size).limit(page_size)
    )
    return {"items": [assignment_view(a) for a in rows], "total": total, "page": page, "page_size": page_size}


def shift_with_assignments(session: Session, shift: Shift) -> dict[str, Any]:
    """A shift's record with the people assigned to it (id, person, source, status)."""
    assigned = session.exec(
        select(Assignment)
        .where(Assignment.shift_id == shift.id)
        .order_by(col(Assignment.created_at), col(Assignment.id))
    )
    return {
        **shift_record(shift),
        "assignments": [
            {"id": a.id, "employee_id": a.employee_id, "source": a.source, "status": a.status} for a in assigned
        ],
    }
