"""Which shifts a "copy this week" or "apply these templates" would create: pure planning, no database.

Copies keep wall-clock times in the bureau's time zone: a 08:00–14:00 shift copied across a
daylight-saving change still starts at 08:00 local, so its UTC instant moves by an hour. A planned
shift that exactly repeats one already in the schedule (same window, type, role and mission, and the
same people when people are copied) is skipped and reported, never written twice; each existing
shift absorbs at most one planned copy, so a week holding two identical morning shifts keeps both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CANCELLED = "cancelled"


@dataclass(frozen=True)
class SourceShift:
    """A shift of the source week (or one already in the schedule, for the duplicate check)."""

    id: str
    start: datetime
    end: datetime
    status: str = "draft"
    shift_type: str | None = None
    required_role: str | None = None
    required_skills: tuple[str, ...] = ()
    capacity: int = 1
    mission_id: str | None = None
    notes: str | None = None
    employee_ids: tuple[str, ...] = ()
    assignment_statuses: tuple[str, ...] = ()  # one per employee id, in the same order


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    name: str
    start_time: time
    end_time: time
    days: tuple[str, ...]  # weekday names; empty means every day
    required_role: str | None = None
    required_skills: tuple[str, ...] = ()
    capacity: int = 1
    mission_id: str | None = None


@dataclass(frozen=True)
class PlannedShift:
    """A shift the batch would create. `key` is stable for the same request on the same schedule:
    the rule engine knows the shift by it before it has a database id."""

    key: str
    local_date: date
    start: datetime  # UTC
    end: datetime  # UTC
    start_hhmm: str
    end_hhmm: str
    shift_type: str | None
    required_role: str | None
    required_skills: tuple[str, ...]
    capacity: int
    mission_id: str | None
    notes: str | None
    employee_ids: tuple[str, ...] = ()
    assignment_statuses: tuple[str, ...] = ()
    source_shift_id: str | None = None
    template_id: str | None = None
    template_name: str | None = None
    week_offset: int = 0


@dataclass(frozen=True)
class SkippedShift:
    """A shift the batch leaves out, and why in words."""

    planned: PlannedShift
    reason: str
    existing_shift_id: str | None = None


@dataclass(frozen=True)
class CopyPlan:
    create: list[PlannedShift] = field(default_factory=list)
    skipped: list[SkippedShift] = field(default_factory=list)


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    # fold=0: a wall-clock time that happens twice (autumn) is the first one; one that never happens
    # (spring) lands an hour later, as the clocks read after the change.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def local_window(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A local date and wall-clock times; an end at or before the start is on the next day."""
    end_day = day + timedelta(days=1) if end <= start else day
    return _local(day, start, zone), _local(end_day, end, zone)


def time_of_day_name(start: datetime, zone: ZoneInfo) -> str:
    """The shift type a shift gets from its local start (as a shift created by hand does)."""
    hour = start.astimezone(zone).hour
    return "Night" if hour < 6 else "Morning" if hour < 12 else "Afternoon" if hour < 16 else "Evening"


def _hhmm(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%H:%M")


def _signature(
    start: datetime,
    end: datetime,
    shift_type: str | None,
    required_role: str | None,
    mission_id: str | None,
    people: tuple[str, ...] | None,
) -> tuple[object, ...]:
    return (start, end, shift_type or "", required_role or "", mission_id or "", people)


def _skip_duplicates(
    planned: Iterable[PlannedShift], existing: Sequence[SourceShift], *, with_people: bool
) -> CopyPlan:
    free: dict[tuple[object, ...], list[str]] = {}
    for shift in sorted(existing, key=lambda s: s.id):
        if shift.status == CANCELLED:
            continue
        people = tuple(sorted(shift.employee_ids)) if with_people else None
        key = _signature(shift.start, shift.end, shift.shift_type, shift.required_role, shift.mission_id, people)
        free.setdefault(key, []).append(shift.id)
    plan = CopyPlan()
    for copy in planned:
        wanted = tuple(sorted(copy.employee_ids)) if with_people else None
        key = _signature(copy.start, copy.end, copy.shift_type, copy.required_role, copy.mission_id, wanted)
        matches = free.get(key)
        if matches:
            plan.skipped.append(SkippedShift(copy, "already in the schedule", existing_shift_id=matches.pop(0)))
        else:
            plan.create.append(copy)
    return plan


def plan_week_copies(
    *,
    source: Sequence[SourceShift],
    source_monday: date,
    weeks: int,
    include_assignments: bool,
    zone: ZoneInfo,
    existing: Sequence[SourceShift] = (),
    leavers: frozenset[str] = frozenset(),
) -> CopyPlan:
    """Each shift of the source week, moved by 7·k days for k = 1..weeks at the same local times.

    `existing` are the shifts already in the target weeks (the duplicate check); `leavers` are people
    who may no longer be booked (their places are copied open). Cancelled source shifts are skipped."""
    if source_monday.weekday() != 0:
        raise ValueError("source_monday must be a Monday")
    planned: list[PlannedShift] = []
    cancelled: list[SkippedShift] = []
    ordered = sorted(source, key=lambda s: (s.start, s.end, s.id))
    for k in range(1, weeks + 1):
        for shift in ordered:
            local_start, local_end = shift.start.astimezone(zone), shift.end.astimezone(zone)
            day = local_start.date() + timedelta(days=7 * k)
            end_day = local_end.date() + timedelta(days=7 * k)
            start = _local(day, local_start.time().replace(tzinfo=None), zone)
            end = _local(end_day, local_end.time().replace(tzinfo=None), zone)
            people: tuple[str, ...] = ()
            statuses: tuple[str, ...] = ()
            if include_assignments:
                given = shift.assignment_statuses or tuple("confirmed" for _ in shift.employee_ids)
                kept = [(e, s) for e, s in zip(shift.employee_ids, given, strict=True) if e not in leavers]
                people = tuple(e for e, _ in kept)
                statuses = tuple(s for _, s in kept)
            copy = PlannedShift(
                key=f"copy:{shift.id}:{k}",
                local_date=day,
                start=start,
                end=end,
                start_hhmm=_hhmm(start, zone),
                end_hhmm=_hhmm(end, zone),
                shift_type=shift.shift_type,
                required_role=shift.required_role,
                required_skills=tuple(shift.required_skills),
                capacity=shift.capacity,
                mission_id=shift.mission_id,
                notes=shift.notes,
                employee_ids=people,
                assignment_statuses=statuses,
                source_shift_id=shift.id,
                week_offset=k,
            )
            if shift.status == CANCELLED:
                cancelled.append(SkippedShift(copy, "cancelled in the source week"))
            else:
                planned.append(copy)
    plan = _skip_duplicates(planned, existing, with_people=include_assignments)
    plan.skipped.extend(cancelled)
    plan.skipped.sort(key=lambda s: (s.planned.start, s.planned.key))
    return plan


def plan_template_shifts(
    *,
    templates: Sequence[TemplateSpec],
    start_date: date,
    end_date: date,
    zone: ZoneInfo,
    existing: Sequence[SourceShift] = (),
) -> CopyPlan:
    """One open shift per template and day from start_date to end_date (inclusive) on the template's
    weekdays, at its local times; a shift ending at or before its start ends the next day."""
    planned: list[PlannedShift] = []
    day = start_date
    while day <= end_date:
        weekday = WEEKDAY_NAMES[day.weekday()]
        for template in sorted(templates, key=lambda t: (t.start_time, t.name, t.id)):
            if template.days and weekday not in template.days:
                continue
            start, end = local_window(day, template.start_time, template.end_time, zone)
            planned.append(
                PlannedShift(
                    key=f"template:{template.id}:{day.isoformat()}",
                    local_date=day,
                    start=start,
                    end=end,
                    start_hhmm=_hhmm(start, zone),
                    end_hhmm=_hhmm(end, zone),
                    shift_type=time_of_day_name(start, zone),
                    required_role=template.required_role,
                    required_skills=tuple(template.required_skills),
                    capacity=template.capacity,
                    mission_id=template.mission_id,
                    notes=None,
                    template_id=template.id,
                    template_name=template.name,
                )
            )
        day += timedelta(days=1)
    return _skip_duplicates(planned, existing, with_people=False)


def count_template_shifts(templates: Sequence[TemplateSpec], start_date: date, end_date: date) -> int:
    """How many shifts applying the templates would plan before duplicates are left out (to refuse
    an oversized request before planning it)."""
    days = Counter(
        WEEKDAY_NAMES[(start_date + timedelta(days=n)).weekday()] for n in range((end_date - start_date).days + 1)
    )
    total = sum(days.values())
    return sum(total if not t.days else sum(days[d] for d in set(t.days)) for t in templates)
