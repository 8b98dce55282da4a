"""The timeline's week of one bureau: its chips carry the stored conflicts of their shift and person,
and only that person's conflicts, however many the rest of the organisation has."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from shiftapp.models import Employee, Shift, StoredConflict
from shiftapp.services.shift_views import local_window
from shiftapp.services.timeline import week_grid


def test_a_chip_is_flagged_by_the_stored_conflicts_of_its_shift_and_person(db):
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    stored = [
        c
        for c in db.exec(
            select(StoredConflict).where(
                col(StoredConflict.status).in_(["unresolved", "acknowledged"]),
                col(StoredConflict.employee_id).is_not(None),
            )
        )
        if (c.entities or {}).get("shift_ids")
    ]
    assert stored  # the demo has conflicts of people on shifts
    conflict = stored[0]
    shift = db.get_one(Shift, conflict.entities["shift_ids"][0])
    day = local_window(shift)[0].date()
    monday = day - timedelta(days=day.weekday())
    grid = week_grid(
        session=db, actor=leader, bureau_id=shift.bureau_id, dates=[monday + timedelta(days=i) for i in range(7)]
    )
    chips = {
        (chip.shift_id, row.employee_id): chip
        for row in grid.rows
        for cell in row.cells
        for chip in cell.chips
        if chip.assignment_id
    }
    flagged = chips[(shift.id, conflict.employee_id)]
    found = [c for c in stored if c.employee_id == conflict.employee_id and shift.id in c.entities["shift_ids"]]
    assert flagged.hard == any(c.severity == "hard" for c in found)
    assert flagged.soft == (not flagged.hard)
    assert conflict.message in flagged.problem or len(found) > 2  # the first two messages are shown
    # Everyone else's chips on shifts no stored conflict names stay plain.
    named = {(i, c.employee_id) for c in stored for i in (c.entities or {}).get("shift_ids", [])}
    plain = [chip for key, chip in chips.items() if key not in named]
    assert plain and not any(chip.hard or chip.soft for chip in plain)
