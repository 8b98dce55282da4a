"""Staff scheduling rules: one function per rule, each yielding conflicts for the shifts or
employees in scope. Per-employee rules sweep that employee's time-sorted assignments, never
all pairs."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from shiftapp.rules.catalog import CATALOG, RuleSettings
from shiftapp.rules.conflict import Conflict
from shiftapp.rules.snapshot import IGNORED_SHIFT_STATUSES, ShiftSnapshot, StaffPlan

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
ROLE_COVERS = {"editor": {"editor"}, "senior": {"senior"}, "correspondent": {"correspondent", "senior"},
               "driver": {"driver"}}
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

    def shift_detail(self, shift: ShiftSnapshot, label: str | None = None) -> dict:
        s, e = self.local(shift.start), self.local(shift.end)
        row = {"shift_id": shift.id, "time": f"{s:%H:%M} - {e:%H:%M}", "bureau": shift.bureau_name,
               "date": s.date().isoformat(), "start": f"{s:%H:%M}", "end": f"{e:%H:%M}"}
        if label:
            row["label"] = label
        return row


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} h" if hours == int(hours) else f"{hours:.1f} h"


def _conflict(code: str, message: str, settings: RuleSettings, **fields) -> Conflict:
    spec = CATALOG[code]
    severity = settings.min_senior_severity if code == "min_senior_per_shift" else spec.severity
    return Conflict(code=code, message=message, severity=severity, level=spec.level, **fields)


# ------------------------------------------------------------------ shift rules
def time_window(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    length = shift.end - shift.start
    if length < timedelta(hours=s.min_shift_hours) or length > timedelta(hours=s.max_shift_hours):
        yield _conflict("time_window", f"Shift {fmt.window(shift.start, shift.end)} lasts {_hours(length)}; shifts "
                        f"must last {s.min_shift_hours:g}–{s.max_shift_hours:g} h", s, shift_ids=(shift.id,),
                        date=fmt.local(shift.start).date().isoformat(), start=shift.start, end=shift.end,
                        details={"shifts": [fmt.shift_detail(shift)], "hours": length.total_seconds() / 3600})


def status(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if shift.status not in SHIFT_STATUSES:
        yield _conflict("status", f"Shift {fmt.window(shift.start, shift.end)} has unknown status "
                        f"'{shift.status}'; use one of {', '.join(sorted(SHIFT_STATUSES))}", s, shift_ids=(shift.id,),
                        date=fmt.local(shift.start).date().isoformat(), start=shift.start, end=shift.end)
    for a in plan.assignments_by_shift.get(shift.id, ()):
        if a.status not in ASSIGNMENT_STATUSES:
            yield _conflict("status", f"Assignment of {plan.employees[a.employee_id].full_name} has unknown status "
                            f"'{a.status}'; use proposed or confirmed", s, shift_ids=(shift.id,),
                            assignment_ids=(a.id,), employee_ids=(a.employee_id,),
                            date=fmt.local(shift.start).date().isoformat(), start=shift.start, end=shift.end)


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
    yield _conflict("mission_alignment", f"Shift {fmt.window(shift.start, shift.end)} {problem}", s,
                    shift_ids=(shift.id,), date=day, start=shift.start, end=shift.end)


def capacity(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if shift.status in IGNORED_SHIFT_STATUSES:
        return
    assigned = plan.assignments_by_shift.get(shift.id, ())
    day = fmt.local(shift.start).date().isoformat()
    common = dict(shift_ids=(shift.id,), date=day, start=shift.start, end=shift.end,
                  details={"shifts": [fmt.shift_detail(shift)], "assigned": len(assigned), "capacity": shift.capacity})
    if len(assigned) > shift.capacity:
        yield _conflict("capacity", f"Shift {fmt.window(shift.start, shift.end)} on {day} has {len(assigned)} people "
                        f"for {shift.capacity} place(s)", s, assignment_ids=tuple(sorted(a.id for a in assigned)),
                        **common)
    elif len(assigned) < shift.capacity:
        yield _conflict("understaffed", f"Shift {fmt.window(shift.start, shift.end)} on {day} has "
                        f"{shift.capacity - len(assigned)} open place(s)", s, **common)


def min_senior_per_shift(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    if s.min_seniors <= 0 or shift.status in IGNORED_SHIFT_STATUSES:
        return
    seniors = sum(1 for a in plan.assignments_by_shift.get(shift.id, ())
                  if plan.employees[a.employee_id].shift_role == "senior")
    if seniors < s.min_seniors:
        day = fmt.local(shift.start).date().isoformat()
        yield _conflict("min_senior_per_shift", f"Shift {fmt.window(shift.start, shift.end)} on {day} has {seniors} "
                        f"senior(s); at least {s.min_seniors} required", s, shift_ids=(shift.id,), date=day,
                        start=shift.start, end=shift.end, details={"shifts": [fmt.shift_detail(shift)]})


SHIFT_RULES = (time_window, status, mission_alignment, capacity, min_senior_per_shift)


# ------------------------------------------------------------------ assignment rules (one assignment at a time)
def assignment_rules(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    """role_match, missing_skill, leave_overlap and preference_mismatch for one employee's assignments."""
    employee = plan.employees[employee_id]
    leaves = plan.leaves.get(employee_id, ())
    preference = plan.preferences.get(employee_id)
    for start, end, shift_id, assignment_id in plan.timeline_by_employee.get(employee_id, ()):
        shift = plan.shifts[shift_id]
        problems: list[tuple[str, str, dict]] = []
        if shift.required_role and employee.shift_role not in ROLE_COVERS.get(shift.required_role,
                                                                                {shift.required_role}):
            problems.append(("role_match", f"{employee.full_name} is a {employee.shift_role}; the shift {{when}} "
                             f"needs a {shift.required_role}", {}))
        missing = sorted(shift.required_skills - employee.skills)
        if missing:
            problems.append(("missing_skill", f"{employee.full_name} lacks {', '.join(missing)} for the shift {{when}}",
                             {"missing": missing}))
        for leave in leaves:
            if leave.start >= end:
                break
            if leave.end > start:
                what = "is on leave" if leave.kind == "leave" else "declared they are unavailable"
                problems.append(("leave_overlap", f"{employee.full_name} {what} during the shift {{when}}",
                                 {"leave_id": leave.id, "kind": leave.kind}))
        if preference is not None and preference.confirmed and (preference.preferred_days or preference.preferred_shifts):
            weekday = WEEKDAY_NAMES[fmt.local(start).weekday()]
            reasons = []
            if preference.preferred_days and weekday not in preference.preferred_days:
                reasons.append(f"does not work {weekday}s by preference")
            if preference.preferred_shifts and shift.shift_type and shift.shift_type not in preference.preferred_shifts:
                reasons.append(f"prefers {', '.join(sorted(preference.preferred_shifts)).lower()} shifts")
            if reasons:
                problems.append(("preference_mismatch", f"{employee.full_name} {' and '.join(reasons)}; assigned "
                                 "{when}", {}))
        if not problems:
            continue  # formatting is the costly part: only for assignments that break something
        day = fmt.local(start).date().isoformat()
        when = f"{fmt.window(start, end)} on {day}"
        details = {"employee": employee.full_name, "shifts": [fmt.shift_detail(shift)]}
        for code, message, extra in problems:
            yield _conflict(code, message.replace("{when}", when), s, shift_ids=(shift_id,),
                            assignment_ids=(assignment_id,), employee_ids=(employee_id,), date=day, start=start,
                            end=end, details={**details, **extra})


# ------------------------------------------------------------------ time-sweep rules per employee
def sweep_rules(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    """double_booking, min_rest and back_to_back: each assignment against the ones that start before
    its end plus the rest window; the list is sorted by start so the scan stops early."""
    timeline = plan.timeline_by_employee.get(employee_id, ())
    if len(timeline) < 2:
        return
    employee = plan.employees[employee_id]
    rest = timedelta(hours=s.min_rest_hours)
    tight = rest + timedelta(hours=s.back_to_back_margin_hours)
    for i, (start_i, end_i, shift_i, assign_i) in enumerate(timeline):
        horizon = end_i + tight
        for start_j, end_j, shift_j, assign_j in timeline[i + 1:]:
            if start_j >= horizon:
                break
            a, b = plan.shifts[shift_i], plan.shifts[shift_j]
            ids = dict(shift_ids=(shift_i, shift_j), assignment_ids=(assign_i, assign_j), employee_ids=(employee_id,))
            if start_j < end_i:
                day = fmt.local(start_j).date().isoformat()
                where = f" in {b.bureau_name}" if b.bureau_name and b.bureau_name != a.bureau_name else ""
                yield _conflict("double_booking", f"{employee.full_name} is already scheduled "
                                f"{fmt.window(start_i, end_i)} and also {fmt.window(start_j, end_j)}{where} on "
                                f"{fmt.local(start_j):%b %d}", s, date=day, start=start_j, end=min(end_i, end_j),
                                details={"employee": employee.full_name, "shifts": [
                                    fmt.shift_detail(a, "Existing shift"), fmt.shift_detail(b, "Overlapping shift")]},
                                **ids)
                continue
            # Rest counts from the latest end among earlier overlapping shifts only through this pair.
            gap = start_j - end_i
            if gap < rest:
                yield _conflict("min_rest", f"{employee.full_name} has only {_hours(gap)} rest between "
                                f"{fmt.window(start_i, end_i)} and {fmt.window(start_j, end_j)}; "
                                f"{s.min_rest_hours:g} h required", s, date=fmt.local(start_j).date().isoformat(),
                                start=end_i, end=start_j, details={"employee": employee.full_name, "rest_hours":
                                gap.total_seconds() / 3600, "shifts": [fmt.shift_detail(a), fmt.shift_detail(b)]},
                                **ids)
            elif gap < tight:
                yield _conflict("back_to_back", f"{employee.full_name} turns around in {_hours(gap)} between "
                                f"{fmt.window(start_i, end_i)} and {fmt.window(start_j, end_j)}", s,
                                date=fmt.local(start_j).date().isoformat(), start=end_i, end=start_j,
                                details={"employee": employee.full_name, "rest_hours": gap.total_seconds() / 3600,
                                         "shifts": [fmt.shift_detail(a), fmt.shift_detail(b)]}, **ids)


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
            yield _conflict("max_shifts_per_week", f"{employee.full_name} has {len(rows)} shifts in the week of "
                            f"{monday}; at most {preference.max_shifts_per_week} agreed", s,
                            shift_ids=tuple(sorted(r[0] for r in rows)), assignment_ids=tuple(sorted(r[1] for r in rows)),
                            employee_ids=(employee_id,), date=monday,
                            details={"employee": employee.full_name, "count": len(rows),
                                     "max": preference.max_shifts_per_week})


EMPLOYEE_RULES = (assignment_rules, sweep_rules, max_shifts_per_week)


def evaluate_staff(plan: StaffPlan, settings: RuleSettings, *, shift_ids: Iterable[str] | None = None,
                   employee_ids: Iterable[str] | None = None) -> list[Conflict]:
    """Conflicts of the given shifts and employees (all of them when None)."""
    fmt = Formatter(settings)
    shifts = plan.shifts.values() if shift_ids is None else [plan.shifts[i] for i in shift_ids if i in plan.shifts]
    people = plan.timeline_by_employee.keys() if employee_ids is None else [
        i for i in employee_ids if i in plan.employees]
    found: dict[str, Conflict] = {}
    for shift in shifts:
        for rule in SHIFT_RULES:
            if rule.__name__ not in settings.disabled:
                for conflict in rule(plan, shift, settings, fmt):
                    found.setdefault(conflict.key, conflict)
    for employee_id in people:
        for rule in EMPLOYEE_RULES:
            for conflict in rule(plan, employee_id, settings, fmt):
                if conflict.code not in settings.disabled:
                    found.setdefault(conflict.key, conflict)
    return list(found.values())
