"""The schedule at scale reads less, and answers the same: the drag preview's narrow plan finds the
conflicts the whole plan finds, and a group's rows are loaded a block at a time."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from shiftapp.models import Assignment, Bureau, Employee, Shift
from shiftapp.rules import Assign, Batch, MoveShift, Unassign
from shiftapp.rules.snapshot import AssignmentSnapshot
from shiftapp.services.shifts import check_change as _check
from shiftapp.services.timeline_rows import WHOLE_UP_TO, axis_rows_view


def _found(result):
    return sorted((c.severity, c.code, c.key, c.message) for c in result.introduced + result.removed)


def test_the_drag_previews_narrow_plan_finds_what_the_whole_plan_finds(db):
    db.expire_all()
    placed = list(db.exec(select(Assignment).order_by(col(Assignment.id)).limit(40)))
    people = list(db.exec(select(Employee).where(col(Employee.deleted_at).is_(None))))
    compared = with_conflicts = 0
    for n, assignment in enumerate(placed):
        shift = db.get_one(Shift, assignment.shift_id)
        if shift.status == "cancelled":
            continue
        other = people[n % len(people)]
        on_it = {a.employee_id for a in placed if a.shift_id == shift.id}
        steps: list = [MoveShift(shift.id, shift.start_at + timedelta(days=1), shift.end_at + timedelta(days=1))]
        if other.id not in on_it and other.id != assignment.employee_id:
            steps += [
                Unassign(assignment.id),
                Assign(AssignmentSnapshot(id=f"new-{n}", shift_id=shift.id, employee_id=other.id)),
            ]
        window = (shift.start_at, shift.end_at + timedelta(days=1))
        whole = _check(db, Batch(tuple(steps)), window=window)
        narrow = _check(db, Batch(tuple(steps)), window=window, around=({shift.id}, {other.id}))
        assert _found(narrow) == _found(whole)
        compared += 1
        with_conflicts += bool(whole.introduced or whole.removed)
    assert compared >= 20 and with_conflicts > 0  # the comparison saw conflicts come and go


def test_a_group_sends_every_row_and_the_items_of_the_rows_asked_for(db):
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    bureaus = [b.id for b in db.exec(select(Bureau))]
    whole = axis_rows_view(session=db, actor=leader, bureau_ids=bureaus, zoom="month")
    groups = whole.view.axis.groups
    people = [g for g in groups if g.kind == "person"]
    assert len(people) == whole.view.axis.people_total
    if len(groups) <= WHOLE_UP_TO:  # the demo's group is loaded whole
        assert (whole.rows_start, whole.rows_end) == (0, len(groups))
    else:  # other tests' people made it a large group: its first rows only
        assert whole.rows_start == 0 and 0 < whole.rows_end < len(groups)
    drawn = {i.group for i in whole.view.axis.items}
    assert drawn <= {g.id for g in groups}
