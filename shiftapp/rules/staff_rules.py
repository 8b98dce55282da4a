"""Staff scheduling rules: one function per rule, named by its catalog code, each yielding the
conflicts of one shift (shift rules) or one employee's assignments (employee rules).
Per-employee rules sweep that employee's time-sorted assignments, never all pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from shiftapp.rules.catalog import CATALOG, RuleSettings
from shiftapp.rules.conflict import Conflict
from shiftapp.rules.snapshot import IGNORED_SHIFT_STATUSES, AssignmentSnapshot, ShiftSnapshot, StaffPlan, SweepRow

SHIFT_STATUSES = frozenset({"draft", "proposed", "confirmed", "published", "cancelled"})
ASSIGNMENT_STATUSES = frozenset({"proposed", "confirmed"})
# Which status may follow which (a published shift can still be cancelled; cancelled is final).
STATUS_TRANSITIONS = {
    "draft": {"draft", "proposed", "confirmed", "published", "cancelled"},
    "proposed": {"proposed", "draft", "confirmed", "published", "cancelled"},
    "confirmed": {"confirmed", "draft", "published", "cancelled"},
    "published": {"published", "confirmed", "cancelled"},
    "cancelled": {"cancelled"},
}
# Who may fill a shift that requires a role: a senior can cover a correspondent's shift.
ROLE_COVERS = {
    "editor": {"editor"},
    "senior": {"senior"},
    "correspondent": {"correspondent", "senior"},
    "driver": {"driver"},
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def allowed_transition(old: str, new: str) -> bool:
    return new in STATUS_TRANSITIONS.get(old, set())


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


class Formatter:
    """Local dates and times for messages people read."""

    def __init__(self, settings: RuleSettings):
        self.zone = _zone(settings.timezone)

    def local(self, value: datetime) -> datetime:
        return value.astimezone(self.zone)

    def window(self, start: datetime, end: datetime) -> str:
        s, e = self.local(start), self.local(end)
        return f"{s:%a} {s:%H:%M}–{e:%H:%M}"

    def shift_detail(self, shift: ShiftSnapshot, label: str | None = None) -> dict[str, str | None]:
        s, e = self.local(shift.start), self.local(shift.end)
        row = {
            "shift_id": shift.id,
            "time": f"{s:%H:%M} - {e:%H:%M}",
            "bureau": shift.bureau_name,
            "date": s.date().isoformat(),
            "start": f"{s:%H:%M}",
            "end": f"{e:%H:%M}",
        }
        if label:
            row["label"] = label
        return row


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} h" if hours == int(hours) else f"{hours:.1f} h"


def _conflict(code: str, message: str, settings: RuleSettings, **fields: Any) -> Conflict:
    spec = CATALOG[code]
    severity = settings.min_senior_severity if code == "min_senior_per_shift" else spec.severity
    return Conflict(code=code, message=message, severity=severity, level=spec.level, **fields)


# ------------------------------------------------------------------ shift rules
def time_window(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    length = shift.end - shift.start
    if length < timedelta(hours=s.min_shift_hours) or length > timedelta(hours=s.max_shift_hours):
        yield _conflict(
            "time_window",
            f"Shift {fmt.window(shift.start, shift.end)} lasts {_hours(length)}; shifts "
            f"must last {s.min_shift_hours:g}–{s.max_shift_hours:g} h",
            s,
            shift_ids=(shift.id,),
            date=fmt.local(shift.start).date().isoformat(),
            start=shift.start,
            end=shift.end,
            details={"shifts": [fmt.shift_detail(shift)], "hours": length.total_seconds() / 3600},
        )


def status(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if shift.status not in SHIFT_STATUSES:
        yield _conflict(
            "status",
            f"Shift {fmt.window(shift.start, shift.end)} has unknown status "
            f"'{shift.status}'; use one of {', '.join(sorted(SHIFT_STATUSES))}",
            s,
            shift_ids=(shift.id,),
            date=fmt.local(shift.start).date().isoformat(),
            start=shift.start,
            end=shift.end,
        )
    for a in plan.assignments_by_shift.get(shift.id, ()):
        if a.status not in ASSIGNMENT_STATUSES:
            yield _conflict(
                "status",
                f"Assignment of {plan.employees[a.employee_id].full_name} has unknown status "
                f"'{a.status}'; use proposed or confirmed",
                s,
                shift_ids=(shift.id,),
                assignment_ids=(a.id,),
                employee_ids=(a.employee_id,),
                date=fmt.local(shift.start).date().isoformat(),
                start=shift.start,
                end=shift.end,
            )


def mission_alignment(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if shift.mission_id is None:
        return
    mission = plan.missions.get(shift.mission_id)
    day = fmt.local(shift.start).date().isoformat()
    if mission is None:
        problem = f"names mission {shift.mission_id}, which does not exist"
    elif mission.bureau_id != shift.bureau_id:
        problem = "belongs to a mission of another bureau"
    elif shift.required_role and mission.allowed_roles and shift.required_role not in mission.allowed_roles:
        problem = f"requires a {shift.required_role}, which its mission does not staff"
    else:
        return
    yield _conflict(
        "mission_alignment",
        f"Shift {fmt.window(shift.start, shift.end)} {problem}",
        s,
        shift_ids=(shift.id,),
        date=day,
        start=shift.start,
        end=shift.end,
    )


def _staffing(
    plan: StaffPlan, shift: ShiftSnapshot, fmt: Formatter
) -> tuple[Sequence[AssignmentSnapshot], dict[str, Any]]:
    assigned = plan.assignments_by_shift.get(shift.id, ())
    return assigned, dict(
        shift_ids=(shift.id,),
        date=fmt.local(shift.start).date().isoformat(),
        start=shift.start,
        end=shift.end,
        details={"shifts": [fmt.shift_detail(shift)], "assigned": len(assigned), "capacity": shift.capacity},
    )


def capacity(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if shift.status in IGNORED_SHIFT_STATUSES or len(plan.assignments_by_shift.get(shift.id, ())) <= shift.capacity:
        return
    assigned, common = _staffing(plan, shift, fmt)
    yield _conflict(
        "capacity",
        f"Shift {fmt.window(shift.start, shift.end)} on {common['date']} has {len(assigned)} "
        f"people for {shift.capacity} place(s)",
        s,
        assignment_ids=tuple(sorted(a.id for a in assigned)),
        **common,
    )


def understaffed(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if shift.status in IGNORED_SHIFT_STATUSES or len(plan.assignments_by_shift.get(shift.id, ())) >= shift.capacity:
        return
    assigned, common = _staffing(plan, shift, fmt)
    yield _conflict(
        "understaffed",
        f"Shift {fmt.window(shift.start, shift.end)} on {common['date']} has "
        f"{shift.capacity - len(assigned)} open place(s)",
        s,
        **common,
    )


def min_senior_per_shift(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if s.min_seniors <= 0 or shift.status in IGNORED_SHIFT_STATUSES:
        return
    seniors = sum(
        1 for a in plan.assignments_by_shift.get(shift.id, ()) if plan.employees[a.employee_id].shift_role == "senior"
    )
    if seniors < s.min_seniors:
        day = fmt.local(shift.start).date().isoformat()
        yield _conflict(
            "min_senior_per_shift",
            f"Shift {fmt.window(shift.start, shift.end)} on {day} has {seniors} "
            f"senior(s); at least {s.min_seniors} required",
            s,
            shift_ids=(shift.id,),
            date=day,
            start=shift.start,
            end=shift.end,
            details={"shifts": [fmt.shift_detail(shift)]},
        )


SHIFT_RULES = (time_window, status, mission_alignment, capacity, understaffed, min_senior_per_shift)


# ------------------------------------------------------------------ assignment rules (one assignment at a time)
def _assignment_conflict(
    code: str,
    message: str,
    plan: StaffPlan,
    employee_id: str,
    row: SweepRow,
    s: RuleSettings,
    fmt: Formatter,
    **details: Any,
) -> Conflict:
    """A conflict of one assignment; `message` may say {when}, filled with the shift's local time and day.
    Formatting is the costly part, so rules call this only for assignments that break something."""
    start, end, shift_id, assignment_id = row
    day = fmt.local(start).date().isoformat()
    when = f"{fmt.window(start, end)} on {day}"
    return _conflict(
        code,
        message.replace("{when}", when),
        s,
        shift_ids=(shift_id,),
        assignment_ids=(assignment_id,),
        employee_ids=(employee_id,),
        date=day,
        start=start,
        end=end,
        details={
            "employee": plan.employees[employee_id].full_name,
            "shifts": [fmt.shift_detail(plan.shifts[shift_id])],
            **details,
        },
    )


def role_match(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    employee = plan.employees[employee_id]
    for row in plan.timeline_by_employee.get(employee_id, ()):
        required = plan.shifts[row[2]].required_role
        if required and employee.shift_role not in ROLE_COVERS.get(required, {required}):
            yield _assignment_conflict(
                "role_match",
                f"{employee.full_name} is a {employee.shift_role}; the shift {{when}} needs a {required}",
                plan,
                employee_id,
                row,
                s,
                fmt,
            )


def missing_skill(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    employee = plan.employees[employee_id]
    for row in plan.timeline_by_employee.get(employee_id, ()):
        missing = sorted(plan.shifts[row[2]].required_skills - employee.skills)
        if missing:
            yield _assignment_conflict(
                "missing_skill",
                f"{employee.full_name} lacks {', '.join(missing)} for the shift {{when}}",
                plan,
                employee_id,
                row,
                s,
                fmt,
                missing=missing,
            )


def leave_overlap(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    leaves = plan.leaves.get(employee_id, ())
    if not leaves:
        return
    employee = plan.employees[employee_id]
    for row in plan.timeline_by_employee.get(employee_id, ()):
        start, end = row[0], row[1]
        for leave in leaves:  # sorted by start: stop at the first leave after the shift
            if leave.start >= end:
                break
            if leave.end > start:
                what = "is on leave" if leave.kind == "leave" else "declared they are unavailable"
                yield _assignment_conflict(
                    "leave_overlap",
                    f"{employee.full_name} {what} during the shift {{when}}",
                    plan,
                    employee_id,
                    row,
                    s,
                    fmt,
                    leave_id=leave.id,
                    kind=leave.kind,
                )


def preference_mismatch(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    preference = plan.preferences.get(employee_id)
    if preference is None or not preference.confirmed or not (preference.preferred_days or preference.preferred_shifts):
        return
    employee = plan.employees[employee_id]
    for row in plan.timeline_by_employee.get(employee_id, ()):
        shift = plan.shifts[row[2]]
        weekday = WEEKDAY_NAMES[fmt.local(row[0]).weekday()]
        reasons = []
        if preference.preferred_days and weekday not in preference.preferred_days:
            reasons.append(f"does not work {weekday}s by preference")
        if preference.preferred_shifts and shift.shift_type and shift.shift_type not in preference.preferred_shifts:
            reasons.append(f"prefers {', '.join(sorted(preference.preferred_shifts)).lower()} shifts")
        if reasons:
            yield _assignment_conflict(
                "preference_mismatch",
                f"{employee.full_name} {' and '.join(reasons)}; assigned {{when}}",
                plan,
                employee_id,
                row,
                s,
                fmt,
            )


# ------------------------------------------------------------------ time-sweep rules per employee
def _pairs_within(plan: StaffPlan, employee_id: str, reach: timedelta) -> Iterator[tuple[SweepRow, SweepRow]]:
    """Pairs of one employee's assignments where the later one starts before the earlier one's end plus
    `reach`; the timeline is sorted by start, so each scan stops at the first one beyond it (no all-pairs)."""
    timeline = plan.timeline_by_employee.get(employee_id, ())
    for i, earlier in enumerate(timeline):
        horizon = earlier[1] + reach
        for later in timeline[i + 1 :]:
            if later[0] >= horizon:
                break
            yield earlier, later


def _pair_ids(employee_id: str, earlier: SweepRow, later: SweepRow) -> dict[str, tuple[str, ...]]:
    return dict(shift_ids=(earlier[2], later[2]), assignment_ids=(earlier[3], later[3]), employee_ids=(employee_id,))


def double_booking(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    employee = plan.employees[employee_id]
    for earlier, later in _pairs_within(plan, employee_id, timedelta(0)):
        (start_i, end_i, shift_i, _), (start_j, end_j, shift_j, _) = earlier, later
        a, b = plan.shifts[shift_i], plan.shifts[shift_j]
        where = f" in {b.bureau_name}" if b.bureau_name and b.bureau_name != a.bureau_name else ""
        yield _conflict(
            "double_booking",
            f"{employee.full_name} is already scheduled {fmt.window(start_i, end_i)} "
            f"and also {fmt.window(start_j, end_j)}{where} on {fmt.local(start_j):%b %d}",
            s,
            date=fmt.local(start_j).date().isoformat(),
            start=start_j,
            end=min(end_i, end_j),
            details={
                "employee": employee.full_name,
                "shifts": [fmt.shift_detail(a, "Existing shift"), fmt.shift_detail(b, "Overlapping shift")],
            },
            **_pair_ids(employee_id, earlier, later),
        )


def _rest_gaps(
    plan: StaffPlan, employee_id: str, shortest: timedelta, reach: timedelta
) -> Iterator[tuple[SweepRow, SweepRow, timedelta]]:
    """Pairs that do not overlap and leave a rest gap in [shortest, reach): (earlier, later, gap).
    An overlapping pair is a double booking, not a short rest."""
    for earlier, later in _pairs_within(plan, employee_id, reach):
        gap = later[0] - earlier[1]
        if shortest <= gap < reach:
            yield earlier, later, gap


def min_rest(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    employee = plan.employees[employee_id]
    for earlier, later, gap in _rest_gaps(plan, employee_id, timedelta(0), timedelta(hours=s.min_rest_hours)):
        (start_i, end_i, shift_i, _), (start_j, end_j, shift_j, _) = earlier, later
        yield _conflict(
            "min_rest",
            f"{employee.full_name} has only {_hours(gap)} rest between "
            f"{fmt.window(start_i, end_i)} and {fmt.window(start_j, end_j)}; "
            f"{s.min_rest_hours:g} h required",
            s,
            date=fmt.local(start_j).date().isoformat(),
            start=end_i,
            end=start_j,
            details={
                "employee": employee.full_name,
                "rest_hours": gap.total_seconds() / 3600,
                "shifts": [fmt.shift_detail(plan.shifts[shift_i]), fmt.shift_detail(plan.shifts[shift_j])],
            },
            **_pair_ids(employee_id, earlier, later),
        )


def back_to_back(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    employee = plan.employees[employee_id]
    rest = timedelta(hours=s.min_rest_hours)
    for earlier, later, gap in _rest_gaps(plan, employee_id, rest, rest + timedelta(hours=s.back_to_back_margin_hours)):
        (start_i, end_i, shift_i, _), (start_j, end_j, shift_j, _) = earlier, later
        yield _conflict(
            "back_to_back",
            f"{employee.full_name} turns around in {_hours(gap)} between "
            f"{fmt.window(start_i, end_i)} and {fmt.window(start_j, end_j)}",
            s,
            date=fmt.local(start_j).date().isoformat(),
            start=end_i,
            end=start_j,
            details={
                "employee": employee.full_name,
                "rest_hours": gap.total_seconds() / 3600,
                "shifts": [fmt.shift_detail(plan.shifts[shift_i]), fmt.shift_detail(plan.shifts[shift_j])],
            },
            **_pair_ids(employee_id, earlier, later),
        )


def max_shifts_per_week(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    preference = plan.preferences.get(employee_id)
    if preference is None or not preference.confirmed or preference.max_shifts_per_week is None:
        return
    weeks: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for start, _end, shift_id, assignment_id in plan.timeline_by_employee.get(employee_id, ()):
        iso = fmt.local(start).isocalendar()
        weeks[(iso.year, iso.week)].append((shift_id, assignment_id))
    employee = plan.employees[employee_id]
    for (year, week), rows in weeks.items():
        if len(rows) > preference.max_shifts_per_week:
            monday = datetime.fromisocalendar(year, week, 1).date().isoformat()
            yield _conflict(
                "max_shifts_per_week",
                f"{employee.full_name} has {len(rows)} shifts in the week of "
                f"{monday}; at most {preference.max_shifts_per_week} agreed",
                s,
                shift_ids=tuple(sorted(r[0] for r in rows)),
                assignment_ids=tuple(sorted(r[1] for r in rows)),
                employee_ids=(employee_id,),
                date=monday,
                details={"employee": employee.full_name, "count": len(rows), "max": preference.max_shifts_per_week},
            )


EMPLOYEE_RULES = (
    role_match,
    missing_skill,
    leave_overlap,
    preference_mismatch,
    double_booking,
    min_rest,
    back_to_back,
    max_shifts_per_week,
)


def evaluate_staff(
    plan: StaffPlan,
    settings: RuleSettings,
    *,
    shift_ids: Iterable[str] | None = None,
    employee_ids: Iterable[str] | None = None,
) -> list[Conflict]:
    """Conflicts of the given shifts and employees (all of them when None)."""
    fmt = Formatter(settings)
    shifts = plan.shifts.values() if shift_ids is None else [plan.shifts[i] for i in shift_ids if i in plan.shifts]
    people = (
        plan.timeline_by_employee.keys() if employee_ids is None else [i for i in employee_ids if i in plan.employees]
    )
    found: dict[str, Conflict] = {}
    shift_rules = [rule for rule in SHIFT_RULES if rule.__name__ not in settings.disabled]
    employee_rules = [rule for rule in EMPLOYEE_RULES if rule.__name__ not in settings.disabled]
    for shift in shifts:
        for shift_rule in shift_rules:
            for conflict in shift_rule(plan, shift, settings, fmt):
                found.setdefault(conflict.key, conflict)
    for employee_id in people:
        for employee_rule in employee_rules:
            for conflict in employee_rule(plan, employee_id, settings, fmt):
                found.setdefault(conflict.key, conflict)
    return list(found.values())
