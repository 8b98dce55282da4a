"""Row locks that serialise decisions about one person, one shift or one delivery plan.

The rule engine decides on a snapshot of the plan: two requests that book one person at the
same time would each see the other's shift missing and both pass. Taking the person's row lock
before reading makes the second wait for the first to commit, and then it reads the first one's
shift. On PostgreSQL that is ``SELECT ... FOR NO KEY UPDATE`` (rows that only refer to a locked
one, such as audit entries, are not held up), always shift before people and people in id
order, so two requests never wait for each other in a circle. SQLite has no row locks: there
each of these takes the database's one write lock (`shiftapp.db.claim_write_lock`; a writing
unit of work holds it from its start) and the row statements are plain reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from shiftapp.db import claim_write_lock
from shiftapp.models import Assignment, Employee, Plan, Shift


def lock_people(session: Session, employee_ids: Iterable[str]) -> None:
    """Wait for, then hold until commit, the row lock of each of these people."""
    ids = sorted({e for e in employee_ids if isinstance(e, str)})
    claim_write_lock(session)
    if ids:
        session.exec(
            select(Employee.id).where(col(Employee.id).in_(ids)).order_by(Employee.id).with_for_update(key_share=True)
        ).all()


def lock_shift_and_people(session: Session, shift_id: str, also: Iterable[str] = ()) -> None:
    """Lock a shift, then everyone assigned to it (and `also`), before deciding a change to it.

    The shift first: someone assigned to it meanwhile has to wait for this change, and is then
    checked against the shift's new window.
    """
    if not isinstance(shift_id, str):
        return
    claim_write_lock(session)
    session.exec(select(Shift.id).where(Shift.id == shift_id).with_for_update(key_share=True)).all()
    assigned = session.exec(select(Assignment.employee_id).where(Assignment.shift_id == shift_id)).all()
    lock_people(session, [*assigned, *also])


def lock_plan(session: Session, plan_id: str) -> None:
    """Serialise changes to one delivery plan's units and loads (the load rules look at the whole plan)."""
    claim_write_lock(session)
    if isinstance(plan_id, str):
        session.exec(select(Plan.id).where(Plan.id == plan_id).with_for_update(key_share=True)).all()


def lock_shifts_and_people(session: Session, shift_ids: Iterable[str], also: Iterable[str] = ()) -> None:
    """`lock_shift_and_people` for a change that touches several shifts at once (a swap): every
    shift first, in id order, then everyone on them (and `also`), in id order."""
    ids = sorted({s for s in shift_ids if isinstance(s, str)})
    claim_write_lock(session)
    if ids:
        session.exec(
            select(Shift.id).where(col(Shift.id).in_(ids)).order_by(Shift.id).with_for_update(key_share=True)
        ).all()
    assigned = (
        session.exec(select(Assignment.employee_id).where(col(Assignment.shift_id).in_(ids))).all() if ids else []
    )
    lock_people(session, [*assigned, *also])
