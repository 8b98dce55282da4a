"""Reading assignments for Planning PRO: the filtered list (paged) and a shift's assignments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from shiftapp.models import Assignment, Employee
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.text_limits import MAX_PAGE

# A page is bounded so one request cannot read the whole table; `total` tells the caller how many
# pages there are, so nothing is cut off without saying so.
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 500


@dataclass(frozen=True)
class AssignmentPage:
    items: list[Assignment]
    total: int
    page: int
    page_size: int


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
) -> AssignmentPage:
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
    return AssignmentPage(items=list(rows), total=total, page=page, page_size=page_size)


def of_shift(session: Session, shift_id: str) -> list[Assignment]:
    """The assignments of one shift, oldest first."""
    return list(
        session.exec(
            select(Assignment)
            .where(Assignment.shift_id == shift_id)
            .order_by(col(Assignment.created_at), col(Assignment.id))
        )
    )
