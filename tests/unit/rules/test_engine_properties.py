"""Hypothesis: on random small plans the engine agrees with an all-pairs reference written here
independently, and evaluate_change equals the difference of two evaluate calls."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftapp.rules import (
    Assign,
    AssignmentSnapshot,
    CreateShift,
    DeleteShift,
    EmployeeSnapshot,
    LeaveSnapshot,
    MoveShift,
    PreferenceSnapshot,
    RuleSettings,
    ShiftSnapshot,
    StaffPlan,
    Unassign,
    evaluate,
    evaluate_change,
)
from tests.unit.rules.plan_builders import MONDAY

RULES = RuleSettings(timezone="UTC", min_seniors=1)
ROLES = ["editor", "senior", "correspondent"]
COVERS = {"editor": {"editor"}, "senior": {"senior"}, "correspondent": {"correspondent", "senior"}}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@st.composite
def plans(draw):
    n_people = draw(st.integers(1, 4))
    people = [
        EmployeeSnapshot(
            id=f"e{i}",
            full_name=f"E{i}",
            shift_role=draw(st.sampled_from(ROLES)),
            skills=frozenset(draw(st.sets(st.sampled_from(["video", "markets"]), max_size=2))),
        )
        for i in range(n_people)
    ]
    shifts = []
    for i in range(draw(st.integers(1, 7))):
        start = MONDAY + timedelta(hours=draw(st.integers(0, 14 * 24 - 1)) + draw(st.sampled_from([0, 0.5])))
        hours = draw(st.sampled_from([4, 8, 8, 10, 13]))
        shifts.append(
            ShiftSnapshot(
                id=f"s{i}",
                bureau_id="b",
                start=start,
                end=start + timedelta(hours=hours),
                status=draw(st.sampled_from(["draft", "confirmed", "published", "cancelled"])),
                capacity=draw(st.integers(0, 2)),
                required_role=draw(st.sampled_from([None, *ROLES])),
                required_skills=frozenset(draw(st.sets(st.sampled_from(["video", "markets"]), max_size=1))),
                shift_type=draw(st.sampled_from(["Morning", "Evening"])),
                bureau_name="B",
            )
        )
    pairs = draw(
        st.sets(
            st.tuples(st.sampled_from([s.id for s in shifts]), st.sampled_from([p.id for p in people])), max_size=10
        )
    )
    assignments = [AssignmentSnapshot(id=f"a-{s}-{e}", shift_id=s, employee_id=e) for s, e in sorted(pairs)]
    leaves = []
    for p in people:
        if draw(st.booleans()):
            start = MONDAY + timedelta(hours=draw(st.integers(0, 14 * 24)))
            leaves.append(
                LeaveSnapshot(
                    id=f"l-{p.id}", employee_id=p.id, start=start, end=start + timedelta(hours=draw(st.integers(1, 72)))
                )
            )
    preferences = [
        PreferenceSnapshot(
            employee_id=p.id,
            preferred_days=frozenset(draw(st.sets(st.sampled_from(DAYS)))),
            preferred_shifts=frozenset(draw(st.sets(st.sampled_from(["Morning", "Evening"])))),
            max_shifts_per_week=draw(st.sampled_from([None, 1, 2, 3])),
            confirmed=draw(st.booleans()),
        )
        for p in people
        if draw(st.booleans())
    ]
    return StaffPlan.build(
        shifts=shifts, assignments=assignments, employees=people, leaves=leaves, preferences=preferences
    )


def reference(plan: StaffPlan, s: RuleSettings) -> set[str]:
    """All pairs, no indexes, no early exits: the definitions as a person would check them."""
    found = set()

    def key(code, *ids, date=None):
        return f"{code}:{','.join(sorted(set(ids)))}" + (f"|{date}" if date else "")

    live = [a for a in plan.assignments.values() if plan.shifts[a.shift_id].status != "cancelled"]
    for shift in plan.shifts.values():
        hours = (shift.end - shift.start).total_seconds() / 3600
        if hours < s.min_shift_hours or hours > s.max_shift_hours:
            found.add(key("time_window", shift.id))
        if shift.status == "cancelled":
            continue
        members = [a for a in plan.assignments.values() if a.shift_id == shift.id]
        if len(members) > shift.capacity:
            found.add(key("capacity", shift.id))
        elif len(members) < shift.capacity:
            found.add(key("understaffed", shift.id))
        if sum(plan.employees[a.employee_id].shift_role == "senior" for a in members) < s.min_seniors:
            found.add(key("min_senior_per_shift", shift.id))
    for a in live:
        shift, person = plan.shifts[a.shift_id], plan.employees[a.employee_id]
        if shift.required_role and person.shift_role not in COVERS[shift.required_role]:
            found.add(key("role_match", shift.id, person.id))
        if not shift.required_skills <= person.skills:
            found.add(key("missing_skill", shift.id, person.id))
        for leave in plan.leaves.get(person.id, []):
            if leave.start < shift.end and shift.start < leave.end:
                found.add(key("leave_overlap", shift.id, person.id))
        pref = plan.preferences.get(person.id)
        if pref and pref.confirmed:
            day_bad = pref.preferred_days and DAYS[shift.start.weekday()] not in pref.preferred_days
            type_bad = pref.preferred_shifts and shift.shift_type not in pref.preferred_shifts
            if day_bad or type_bad:
                found.add(key("preference_mismatch", shift.id, person.id))
        for b in live:
            if b.employee_id != a.employee_id or b.id == a.id:
                continue
            other = plan.shifts[b.shift_id]
            if shift.start < other.end and other.start < shift.end:
                found.add(key("double_booking", shift.id, other.id, person.id))
            elif other.start >= shift.end:
                gap = (other.start - shift.end).total_seconds() / 3600
                if gap < s.min_rest_hours:
                    found.add(key("min_rest", shift.id, other.id, person.id))
                elif gap < s.min_rest_hours + s.back_to_back_margin_hours:
                    found.add(key("back_to_back", shift.id, other.id, person.id))
    for person in plan.employees.values():
        pref = plan.preferences.get(person.id)
        if not (pref and pref.confirmed and pref.max_shifts_per_week is not None):
            continue
        weeks: dict = {}
        for a in live:
            if a.employee_id == person.id:
                iso = plan.shifts[a.shift_id].start.isocalendar()
                weeks.setdefault((iso.year, iso.week), []).append(a.shift_id)
        for (year, week), shift_ids in weeks.items():
            if len(shift_ids) > pref.max_shifts_per_week:
                monday = MONDAY.fromisocalendar(year, week, 1).date().isoformat()
                found.add(key("max_shifts_per_week", *shift_ids, person.id, date=monday))
    return found


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_engine_equals_all_pairs_reference(plan):
    assert {c.key for c in evaluate(plan, RULES)} == reference(plan, RULES)


@st.composite
def plans_and_changes(draw):
    plan = draw(plans())
    kind = draw(st.sampled_from(["move", "assign", "unassign", "delete", "create"]))
    shift_ids = sorted(plan.shifts)
    if kind == "move":
        shift_id = draw(st.sampled_from(shift_ids))
        delta = timedelta(hours=draw(st.integers(-48, 48)))
        old = plan.shifts[shift_id]
        return plan, MoveShift(shift_id, old.start + delta, old.end + delta)
    if kind == "assign":
        shift_id, employee_id = draw(st.sampled_from(shift_ids)), draw(st.sampled_from(sorted(plan.employees)))
        if f"a-{shift_id}-{employee_id}" in plan.assignments:
            return plan, DeleteShift(shift_id)
        return plan, Assign(
            AssignmentSnapshot(id=f"a-{shift_id}-{employee_id}", shift_id=shift_id, employee_id=employee_id)
        )
    if kind == "unassign" and plan.assignments:
        return plan, Unassign(draw(st.sampled_from(sorted(plan.assignments))))
    if kind == "create":
        start = MONDAY + timedelta(hours=draw(st.integers(0, 14 * 24)))
        new = ShiftSnapshot(
            id="s-new",
            bureau_id="b",
            start=start,
            end=start + timedelta(hours=8),
            capacity=1,
            bureau_name="B",
            shift_type="Morning",
        )
        employee_id = draw(st.sampled_from(sorted(plan.employees)))
        return plan, CreateShift(new, (AssignmentSnapshot(id="a-new", shift_id="s-new", employee_id=employee_id),))
    return plan, DeleteShift(draw(st.sampled_from(shift_ids)))


def _after(plan, change) -> StaffPlan:
    shifts, assignments = dict(plan.shifts), dict(plan.assignments)
    if isinstance(change, MoveShift):
        old = shifts[change.shift_id]
        shifts[change.shift_id] = ShiftSnapshot(**{**old.__dict__, "start": change.start, "end": change.end})
    elif isinstance(change, Assign):
        assignments[change.assignment.id] = change.assignment
    elif isinstance(change, Unassign):
        del assignments[change.assignment_id]
    elif isinstance(change, DeleteShift):
        del shifts[change.shift_id]
        assignments = {k: a for k, a in assignments.items() if a.shift_id != change.shift_id}
    elif isinstance(change, CreateShift):
        shifts[change.shift.id] = change.shift
        assignments.update({a.id: a for a in change.assignments})
    leaves = [leave for rows in plan.leaves.values() for leave in rows]
    return StaffPlan.build(
        shifts=shifts.values(),
        assignments=assignments.values(),
        employees=plan.employees.values(),
        leaves=leaves,
        preferences=plan.preferences.values(),
    )


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_and_changes())
def test_evaluate_change_equals_difference_of_two_evaluations(case):
    plan, change = case
    before = {(c.key, c.message) for c in evaluate(plan, RULES)}
    after = {(c.key, c.message) for c in evaluate(_after(plan, change), RULES)}
    result = evaluate_change(plan, change, RULES)
    assert {(c.key, c.message) for c in result.introduced} == after - before
    assert {(c.key, c.message) for c in result.removed} == before - after
