"""The timeline's data for one bureau and a few days: people as rows, days as columns, each shift
with its assignment, source, proposal state and the stored conflicts that touch it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from shiftapp.models import Assignment, Employee, Shift, StoredConflict
from shiftapp.services import access
from shiftapp.services.bureaus import bureau_choices
from shiftapp.services.shift_views import local_window, window_from_local


@dataclass
class TimelineChip:
    """One person's place on one shift (or a shift's open places, on the "open" row)."""

    key: str
    shift_id: str
    assignment_id: str
    label: str  # local HH:MM–HH:MM
    kind: str
    status: str
    source: str
    proposed: bool
    hard: bool  # a stored hard conflict touches it
    soft: bool
    problem: str


@dataclass
class TimelineCell:
    zone: str  # the drop zone: cell:<employee id or "open">:<date>
    chips: list[TimelineChip] = field(default_factory=list)


@dataclass
class TimelineRow:
    employee_id: str  # "open" for the shifts' open places
    name: str
    role: str
    cells: list[TimelineCell]


@dataclass(frozen=True)
class WeekGrid:
    bureaus: list[dict[str, str]]  # the bureau picker's choices
    bureau_id: str
    rows: list[TimelineRow]
    proposed: int
    can_edit: bool
    shift_count: int


def week_grid(*, session: Session, actor: Employee, bureau_id: str | None, dates: list[date]) -> WeekGrid:
    bureaus = bureau_choices(session)
    # Without a choice, people land on their own bureau's week (a team leader plans their own first).
    own = actor.bureau_id if any(b["id"] == actor.bureau_id for b in bureaus) else None
    bid = bureau_id or own or (bureaus[0]["id"] if bureaus else "")
    lo = window_from_local(dates[0], time(0), time(0))[0]
    hi = window_from_local(dates[-1] + timedelta(days=1), time(0), time(0))[0]
    shifts = list(
        session.exec(
            select(Shift)
            .where(Shift.bureau_id == bid, Shift.start_at >= lo, Shift.start_at < hi)
            .order_by(col(Shift.start_at))
        )
    )
    ids = [s.id for s in shifts]
    assignments: list[Assignment] = []
    for chunk in range(0, len(ids), 500):
        assignments += list(
            session.exec(select(Assignment).where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500])))
        )
    people = list(
        session.exec(
            select(Employee)
            .where(Employee.bureau_id == bid, col(Employee.deleted_at).is_(None), Employee.shift_role != "driver")
            .order_by(Employee.full_name)
        )
    )
    extra = {a.employee_id for a in assignments} - {p.id for p in people}
    if extra:
        people += list(session.exec(select(Employee).where(col(Employee.id).in_(extra))))
    flags: dict[tuple[str, str | None], list[StoredConflict]] = {}
    # A chip is flagged by the conflicts of its shift and its person, so only this grid's people's
    # conflicts are read, not the whole organisation's in the week.
    for c in session.exec(
        select(StoredConflict).where(
            col(StoredConflict.status).in_(["unresolved", "acknowledged"]),
            col(StoredConflict.window_start) < hi,
            col(StoredConflict.window_end) > lo,
            col(StoredConflict.employee_id).in_([p.id for p in people]),
        )
    ):
        for shift_id in (c.entities or {}).get("shift_ids", []):
            flags.setdefault((shift_id, c.employee_id), []).append(c)
    index = {d.isoformat(): i for i, d in enumerate(dates)}
    by_shift: dict[str, list[Assignment]] = {}
    for a in assignments:
        by_shift.setdefault(a.shift_id, []).append(a)
    grid: dict[str, list[list[TimelineChip]]] = {p.id: [[] for _ in dates] for p in people}
    grid["open"] = [[] for _ in dates]
    proposed = 0
    for shift in shifts:
        start, end = local_window(shift)
        column = index.get(start.date().isoformat())
        if column is None:
            continue
        label = f"{start:%H:%M}–{end:%H:%M}"
        for a in by_shift.get(shift.id, []):
            found = flags.get((shift.id, a.employee_id), [])
            hard = [c for c in found if c.severity == "hard"]
            proposed += a.status == "proposed"
            grid.setdefault(a.employee_id, [[] for _ in dates])[column].append(
                TimelineChip(
                    key=f"shift:{shift.id}:{a.id}",
                    shift_id=shift.id,
                    assignment_id=a.id,
                    label=label,
                    kind=shift.shift_type or "",
                    status=shift.status,
                    source=a.source,
                    proposed=a.status == "proposed",
                    hard=bool(hard),
                    soft=bool(found) and not hard,
                    problem="; ".join(c.message for c in found[:2]),
                )
            )
        open_places = shift.capacity - len(by_shift.get(shift.id, []))
        if open_places > 0 and shift.status != "cancelled":
            grid["open"][column].append(
                TimelineChip(
                    key=f"shift:{shift.id}:",
                    shift_id=shift.id,
                    assignment_id="",
                    label=label,
                    kind=f"{shift.shift_type or 'Shift'} · {open_places} open",
                    status=shift.status,
                    source="",
                    proposed=False,
                    hard=False,
                    soft=False,
                    problem="",
                )
            )
    rows = [
        TimelineRow(
            employee_id="open",
            name="Open shifts",
            role="",
            cells=[TimelineCell(f"cell:open:{d.isoformat()}", grid["open"][i]) for i, d in enumerate(dates)],
        )
    ]
    for person in people:
        rows.append(
            TimelineRow(
                employee_id=person.id,
                name=person.full_name,
                role=person.shift_role,
                cells=[
                    TimelineCell(f"cell:{person.id}:{d.isoformat()}", grid[person.id][i]) for i, d in enumerate(dates)
                ],
            )
        )
    return WeekGrid(
        bureaus=bureaus,
        bureau_id=bid,
        rows=rows,
        proposed=proposed,
        can_edit=access.is_planner(actor),
        shift_count=len(shifts),
    )
