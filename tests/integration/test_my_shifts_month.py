"""A person's month of shifts: only their own, cancelled ones left out, weeks from Monday to Sunday
covering the whole month, each shift on its local day; a month outside the app's range is refused."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

import pytest
from sqlmodel import select

from shiftapp.models import Assignment, Bureau, Employee, Shift
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.my_shifts import my_month, parse_month, shift_month
from shiftapp.services.shift_views import to_utc


def _person(db, bureau: Bureau) -> Employee:
    person = Employee(email=f"month.{uuid.uuid4().hex[:8]}@example.com", full_name="Mona Month", bureau_id=bureau.id)
    db.add(person)
    db.flush()
    return person


def _shift(db, bureau: Bureau, day: date, at: time, *, status: str = "published", assignee=None) -> Shift:
    start = to_utc(day, at)
    shift = Shift(
        bureau_id=bureau.id, start_at=start, end_at=start + timedelta(hours=8), status=status, shift_type="Night"
    )
    db.add(shift)
    db.flush()
    if assignee is not None:
        db.add(Assignment(shift_id=shift.id, employee_id=assignee.id))
    return shift


def test_a_month_holds_my_shifts_on_their_local_days_and_nobody_elses(db):
    bureau = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    me, colleague = _person(db, bureau), _person(db, bureau)
    # A year no seed plans, so only these rows are in it.
    night = _shift(db, bureau, date(2031, 3, 31), time(22, 0), assignee=me)  # ends on 1 April
    _shift(db, bureau, date(2031, 3, 10), time(8, 0), status="cancelled", assignee=me)
    _shift(db, bureau, date(2031, 3, 12), time(8, 0), assignee=colleague)
    draft = _shift(db, bureau, date(2031, 3, 3), time(6, 30), status="draft", assignee=me)
    db.commit()

    view = my_month(session=db, user=me, year=2031, month=3)
    days = [d for week in view.weeks for d in week]
    assert all(len(week) == 7 for week in view.weeks)
    assert days[0].day.weekday() == 0 and days[-1].day.weekday() == 6
    assert {d.day for d in days if d.in_month} == {date(2031, 3, n) for n in range(1, 32)}
    with_shifts = {d.day: [s.shift_id for s in d.shifts] for d in days if d.shifts}
    assert with_shifts == {date(2031, 3, 3): [draft.id], date(2031, 3, 31): [night.id]}
    assert view.shift_count == 2
    last = next(d for d in days if d.day == date(2031, 3, 31)).shifts[0]
    assert (last.start_hhmm, last.end_hhmm, last.bureau, last.status) == ("22:00", "06:00", "Rome", "published")
    # The night belongs to 31 March, not to April's grid.
    assert my_month(session=db, user=me, year=2031, month=4).shift_count == 0


def test_months_are_read_and_moved_and_out_of_range_ones_refused(db):
    assert parse_month("2026-03") == (2026, 3)
    assert shift_month(2026, 12, 1) == (2027, 1)
    assert shift_month(2026, 1, -1) == (2025, 12)
    for bad in ("2026-13", "1999-12", "march", "", "2026-3-1", "2101-01"):
        with pytest.raises(ValidationFailed):
            parse_month(bad)
    me = db.exec(select(Employee).where(Employee.email == "staff@example.com")).one()
    with pytest.raises(ValidationFailed):
        my_month(session=db, user=me, year=2026, month=0)
