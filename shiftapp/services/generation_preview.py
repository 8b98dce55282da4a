"""A generated schedule shown on the timeline before it is saved: the bureau's week as the schedule
page draws it (people × days, existing shifts included), with the generated shifts added as proposed
chips carrying the rule engine's findings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from shiftapp.models import Employee
from shiftapp.services import access
from shiftapp.services.generation_contracts import GeneratedShift
from shiftapp.services.timeline import TimelineChip, TimelineRow, week_grid


def preview_week(
    *, session: Session, actor: Employee, bureau_id: str, dates: list[date], generated: Sequence[GeneratedShift]
) -> list[TimelineRow]:
    """Timeline rows for `dates`: existing shifts as they are, generated ones as proposals."""
    access.require_team_leader_or_admin(actor, "Only team leaders and administrators can generate schedules")
    grid = week_grid(session=session, actor=actor, bureau_id=bureau_id, dates=dates)
    rows = [row for row in grid.rows if row.employee_id != "open"]
    for row in rows:
        for cell in row.cells:
            for chip in cell.chips:
                chip.source = chip.source or "existing"
    by_person = {row.employee_id: row for row in rows}
    column = {d.isoformat(): i for i, d in enumerate(dates)}
    for n, shift in enumerate(generated):
        person_row, i = by_person.get(shift.employee_id), column.get(shift.date)
        if person_row is None or i is None:
            continue
        found = shift.conflicts
        hard = [c for c in found if c.severity == "hard"]
        person_row.cells[i].chips.append(
            TimelineChip(
                key=f"generated:{n}",
                shift_id="",
                assignment_id="",
                label=f"{shift.start_time}–{shift.end_time}",
                kind=shift.shift_type or "",
                status="generated",
                source="new",
                proposed=True,
                hard=bool(hard),
                soft=bool(found) and not hard,
                problem="; ".join(c.message for c in found[:2]),
            )
        )
    return rows
