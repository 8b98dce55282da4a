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

from shiftapp.i18n import translate
from shiftapp.i18n.values import Day, Hours, MonthDay, Number, Term, Weekday, Window
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

    def window(self, start: datetime, end: datetime) -> Window:
        return Window(self.local(start), self.local(end))

    def day(self, value: datetime) -> Day:
        return Day(self.local(value).date())

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


def _hours(delta: timedelta) -> Hours:
    return Hours(delta.total_seconds() / 3600)


def _conflict(code: str, say: tuple[str, dict[str, Any]], settings: RuleSettings, **fields: Any) -> Conflict:
    """`say` is the message's English template (in the i18n catalogue) and its parameters."""
    spec = CATALOG[code]
    severity = settings.min_senior_severity if code == "min_senior_per_shift" else spec.severity
    template, params = say
    return Conflict(
        code=code,
        message=translate(template, "en", **params),
        severity=severity,
        level=spec.level,
        template=template,
        params=params,
        **fields,
    )


def _say(template: str, **params: Any) -> tuple[str, dict[str, Any]]:
    return template, params


# ------------------------------------------------------------------ shift rules
def time_window(plan: StaffPlan, shift: ShiftSnapshot, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    length = shift.end - shift.start
    if length < timedelta(hours=s.min_shift_hours) or length > timedelta(hours=s.max_shift_hours):
        yield _conflict(
            "time_window",
            _say(
                "Shift {when} lasts {hours}; shifts must last {shortest}–{longest} h",
                when=fmt.window(shift.start, shift.end),
                hours=_hours(length),
                shortest=Number(s.min_shift_hours),
                longest=Number(s.max_shift_hours),
            ),
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
            _say(
                "Shift {when} has unknown status '{status}'; use one of {statuses}",
                when=fmt.window(shift.start, shift.end),
                status=shift.status,
                statuses=", ".join(sorted(SHIFT_STATUSES)),
            ),
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
                _say(
                    "Assignment of {employee} has unknown status '{status}'; use proposed or confirmed",
                    employee=plan.employees[a.employee_id].full_name,
                    status=a.status,
                ),
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
    when = fmt.window(shift.start, shift.end)
    if mission is None:
        say = _say("Shift {when} names mission {mission}, which does not exist", when=when, mission=shift.mission_id)
    elif mission.bureau_id != shift.bureau_id:
        say = _say("Shift {when} belongs to a mission of another bureau", when=when)
    elif shift.required_role and mission.allowed_roles and shift.required_role not in mission.allowed_roles:
        say = _say(
            "Shift {when} requires the role {role}, which its mission does not staff",
            when=when,
            role=Term(shift.required_role),
        )
    else:
        return
    yield _conflict(
        "mission_alignment",
        say,
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
        _say(
            "Shift {when} on {day} has {assigned} people for {capacity} place(s)",
            when=fmt.window(shift.start, shift.end),
            day=fmt.day(shift.start),
            assigned=len(assigned),
            capacity=shift.capacity,
        ),
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
        _say(
            "Shift {when} on {day} has {open} open place(s)",
            when=fmt.window(shift.start, shift.end),
            day=fmt.day(shift.start),
            open=shift.capacity - len(assigned),
        ),
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
            _say(
                "Shift {when} on {day} has {seniors} senior(s); at least {required} required",
                when=fmt.window(shift.start, shift.end),
                day=fmt.day(shift.start),
                seniors=seniors,
                required=s.min_seniors,
            ),
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
    say: tuple[str, dict[str, Any]],
    plan: StaffPlan,
    employee_id: str,
    row: SweepRow,
    s: RuleSettings,
    fmt: Formatter,
    **details: Any,
) -> Conflict:
    """A conflict of one assignment; its message may say {when} and {day}, the shift's local times and date.
    Formatting is the costly part, so rules call this only for assignments that break something."""
    start, end, shift_id, assignment_id = row
    day = fmt.local(start).date().isoformat()
    template, params = say
    return _conflict(
        code,
        (template, {**params, "when": fmt.window(start, end), "day": Day(fmt.local(start).date())}),
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
                _say(
                    "{employee} has the role {role}; the shift {when} on {day} needs the role {required}",
                    employee=employee.full_name,
                    role=Term(employee.shift_role),
                    required=Term(required),
                ),
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
                _say(
                    "{employee} lacks {skills} for the shift {when} on {day}",
                    employee=employee.full_name,
                    skills=", ".join(missing),
                ),
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
                template = (
                    "{employee} is on leave during the shift {when} on {day}"
                    if leave.kind == "leave"
                    else "{employee} declared they are unavailable during the shift {when} on {day}"
                )
                yield _assignment_conflict(
                    "leave_overlap",
                    _say(template, employee=employee.full_name),
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
        index = fmt.local(row[0]).weekday()
        day_off = bool(preference.preferred_days) and WEEKDAY_NAMES[index] not in preference.preferred_days
        other_type = bool(
            preference.preferred_shifts and shift.shift_type and shift.shift_type not in preference.preferred_shifts
        )
        if day_off or other_type:
            template = {
                (True, False): "{employee} does not work {weekday}s by preference; assigned {when} on {day}",
                (False, True): "{employee} prefers {types} shifts; assigned {when} on {day}",
                (True, True): "{employee} does not work {weekday}s by preference and prefers {types} shifts; "
                "assigned {when} on {day}",
            }[(day_off, other_type)]
            yield _assignment_conflict(
                "preference_mismatch",
                _say(
                    template,
                    employee=employee.full_name,
                    weekday=Weekday(index),
                    types=", ".join(sorted(preference.preferred_shifts)).lower(),
                ),
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
        elsewhere = bool(b.bureau_name and b.bureau_name != a.bureau_name)
        yield _conflict(
            "double_booking",
            _say(
                "{employee} is already scheduled {first} and also {second} in {bureau} on {day}"
                if elsewhere
                else "{employee} is already scheduled {first} and also {second} on {day}",
                employee=employee.full_name,
                first=fmt.window(start_i, end_i),
                second=fmt.window(start_j, end_j),
                day=MonthDay(fmt.local(start_j).date()),
                **({"bureau": b.bureau_name} if elsewhere else {}),
            ),
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


def _rest_conflict(
    code: str,
    template: str,
    plan: StaffPlan,
    employee_id: str,
    pair: tuple[SweepRow, SweepRow, timedelta],
    s: RuleSettings,
    fmt: Formatter,
    **params: Any,
) -> Conflict:
    """A too-short gap between two shifts (min_rest, back_to_back): said with the person, the gap and the two
    shifts, dated by the later one and spanning the gap itself."""
    earlier, later, gap = pair
    (start_i, end_i, shift_i, _), (start_j, end_j, shift_j, _) = earlier, later
    employee = plan.employees[employee_id]
    return _conflict(
        code,
        _say(
            template,
            employee=employee.full_name,
            rest=_hours(gap),
            first=fmt.window(start_i, end_i),
            second=fmt.window(start_j, end_j),
            **params,
        ),
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


def min_rest(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    for pair in _rest_gaps(plan, employee_id, timedelta(0), timedelta(hours=s.min_rest_hours)):
        yield _rest_conflict(
            "min_rest",
            "{employee} has only {rest} rest between {first} and {second}; {required} h required",
            plan,
            employee_id,
            pair,
            s,
            fmt,
            required=Number(s.min_rest_hours),
        )


def back_to_back(plan: StaffPlan, employee_id: str, s: RuleSettings, fmt: Formatter) -> Iterator[Conflict]:
    rest = timedelta(hours=s.min_rest_hours)
    for pair in _rest_gaps(plan, employee_id, rest, rest + timedelta(hours=s.back_to_back_margin_hours)):
        yield _rest_conflict(
            "back_to_back",
            "{employee} turns around in {rest} between {first} and {second}",
            plan,
            employee_id,
            pair,
            s,
            fmt,
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
            monday_date = datetime.fromisocalendar(year, week, 1).date()
            monday = monday_date.isoformat()
            yield _conflict(
                "max_shifts_per_week",
                _say(
                    "{employee} has {count} shifts in the week of {monday}; at most {most} agreed",
                    employee=employee.full_name,
                    count=len(rows),
                    monday=Day(monday_date),
                    most=preference.max_shifts_per_week,
                ),
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
