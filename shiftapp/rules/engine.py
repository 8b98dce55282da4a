"""The engine's entry points: every conflict in a plan, and what a proposed change would add or remove."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from shiftapp.rules.catalog import RuleSettings
from shiftapp.rules.conflict import Conflict
from shiftapp.rules.errors import SnapshotError
from shiftapp.rules.load_rules import LoadAssignment, LoadPlan, evaluate_loads
from shiftapp.rules.snapshot import IGNORED_SHIFT_STATUSES, AssignmentSnapshot, ShiftSnapshot, StaffPlan, validate
from shiftapp.rules.staff_rules import evaluate_staff


# ------------------------------------------------------------------ changes
@dataclass(frozen=True)
class CreateShift:
    shift: ShiftSnapshot
    assignments: tuple[AssignmentSnapshot, ...] = ()


@dataclass(frozen=True)
class MoveShift:
    shift_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class UpdateShift:
    shift: ShiftSnapshot


@dataclass(frozen=True)
class DeleteShift:
    shift_id: str


@dataclass(frozen=True)
class Assign:
    assignment: AssignmentSnapshot


@dataclass(frozen=True)
class Unassign:
    assignment_id: str


@dataclass(frozen=True)
class Batch:
    """Several changes judged together (a saved schedule, a set of accepted proposals)."""

    changes: tuple[StaffChange, ...] = ()


@dataclass(frozen=True)
class AssignOrders:
    assignments: tuple[LoadAssignment, ...]


@dataclass(frozen=True)
class UnassignOrders:
    order_ids: tuple[str, ...]
    unit_id: str | None = None


@dataclass(frozen=True)
class MoveOrders:
    """Orders taken off one unit and put on another as one change: judged on the plan after both, so
    an order never counts twice (exclusivity) nor the unit it leaves as still carrying it."""

    order_ids: tuple[str, ...]
    from_unit_id: str
    assignments: tuple[LoadAssignment, ...]


# What evaluate_change takes: a staff change for a StaffPlan, a load change for a LoadPlan.
StaffChange = CreateShift | MoveShift | UpdateShift | DeleteShift | Assign | Unassign | Batch
LoadChange = AssignOrders | UnassignOrders | MoveOrders


@dataclass
class ChangeResult:
    introduced: list[Conflict] = field(default_factory=list)
    removed: list[Conflict] = field(default_factory=list)

    @property
    def hard(self) -> list[Conflict]:
        return [c for c in self.introduced if c.severity == "hard"]

    @property
    def soft(self) -> list[Conflict]:
        return [c for c in self.introduced if c.severity == "soft"]


def evaluate(plan: StaffPlan | LoadPlan, settings: RuleSettings | None = None) -> list[Conflict]:
    settings = settings or RuleSettings()
    if isinstance(plan, LoadPlan):
        return evaluate_loads(plan, settings)
    return evaluate_staff(plan, settings)


def evaluate_change(
    plan: StaffPlan | LoadPlan, change: StaffChange | LoadChange, settings: RuleSettings | None = None
) -> ChangeResult:
    settings = settings or RuleSettings()
    # A change of the wrong kind for the plan is refused by apply_change / apply_load_change (SnapshotError).
    if isinstance(plan, LoadPlan):
        return _difference(evaluate_loads(plan, settings), evaluate_loads(apply_load_change(plan, change), settings))
    after, shift_ids, employee_ids = apply_change(plan, change)
    before = evaluate_staff(plan, settings, shift_ids=shift_ids, employee_ids=employee_ids)
    now = evaluate_staff(after, settings, shift_ids=shift_ids, employee_ids=employee_ids)
    return _difference(before, now)


def _difference(before: list[Conflict], after: list[Conflict]) -> ChangeResult:
    """Conflicts are the same when key and message agree: a rest that shrinks from 9 h to 8 h is
    one conflict removed and another introduced."""
    old = {(c.key, c.message): c for c in before}
    new = {(c.key, c.message): c for c in after}
    return ChangeResult(
        _sorted(new[k] for k in new.keys() - old.keys()), _sorted(old[k] for k in old.keys() - new.keys())
    )


def _sorted(conflicts: Iterable[Conflict]) -> list[Conflict]:
    return sorted(conflicts, key=lambda c: (c.severity != "hard", c.code, c.key))


def apply_change(plan: StaffPlan, change: StaffChange | LoadChange) -> tuple[StaffPlan, set[str], set[str]]:
    """A new plan with the change applied (sharing what it does not touch), and the shifts and
    employees whose conflicts may differ."""
    shifts, assignments = dict(plan.shifts), dict(plan.assignments)
    touched: set[str] = set()
    added: list[AssignmentSnapshot] = []
    changes = change.changes if isinstance(change, Batch) else (change,)
    for item in changes:
        if isinstance(item, CreateShift):
            if item.shift.id in shifts:
                raise SnapshotError([f"shift {item.shift.id} already exists"])
            shifts[item.shift.id] = item.shift
            touched.add(item.shift.id)
            for a in item.assignments:
                _add(assignments, added, a)
        elif isinstance(item, MoveShift):
            shifts[item.shift_id] = replace(_shift(shifts, item.shift_id), start=item.start, end=item.end)
            touched.add(item.shift_id)
        elif isinstance(item, UpdateShift):
            _shift(shifts, item.shift.id)
            shifts[item.shift.id] = item.shift
            touched.add(item.shift.id)
        elif isinstance(item, DeleteShift):
            _shift(shifts, item.shift_id)
            del shifts[item.shift_id]
            touched.add(item.shift_id)
            for a in [*plan.assignments_by_shift.get(item.shift_id, ()), *added]:
                if a.shift_id == item.shift_id:
                    assignments.pop(a.id, None)
        elif isinstance(item, Assign):
            _add(assignments, added, item.assignment)
            touched.add(item.assignment.shift_id)
        elif isinstance(item, Unassign):
            if item.assignment_id not in assignments:
                raise SnapshotError([f"unknown assignment {item.assignment_id}"])
            touched.add(assignments.pop(item.assignment_id).shift_id)
        else:
            raise SnapshotError([f"unknown change {type(item).__name__}"])
    after = StaffPlan(
        shifts=shifts,
        assignments=assignments,
        employees=plan.employees,
        leaves=plan.leaves,
        preferences=plan.preferences,
        missions=plan.missions,
    )
    # Only the touched shifts' rows change: reuse the base indexes for everything else.
    by_shift = dict(plan.assignments_by_shift)
    for shift_id in touched:
        rows = [a for a in plan.assignments_by_shift.get(shift_id, ()) if a.id in assignments]
        rows += [a for a in added if a.shift_id == shift_id and a.id in assignments]
        if rows and shift_id in shifts:
            by_shift[shift_id] = rows
        else:
            by_shift.pop(shift_id, None)
    after.__dict__["assignments_by_shift"] = by_shift
    people = {a.employee_id for s in touched for a in plan.assignments_by_shift.get(s, ())}
    people |= {a.employee_id for s in touched for a in by_shift.get(s, ())}
    timeline = dict(plan.timeline_by_employee)
    for employee_id in people:
        sweep = [r for r in plan.timeline_by_employee.get(employee_id, ()) if r[2] not in touched]
        for shift_id in touched:
            shift = shifts.get(shift_id)
            if shift is not None and shift.status not in IGNORED_SHIFT_STATUSES:
                sweep += [
                    (shift.start, shift.end, shift_id, a.id)
                    for a in by_shift.get(shift_id, ())
                    if a.employee_id == employee_id
                ]
        timeline[employee_id] = sorted(sweep)
    after.__dict__["timeline_by_employee"] = timeline
    validate_partial(after, touched)
    return after, touched, people


def _add(assignments: dict[str, AssignmentSnapshot], added: list[AssignmentSnapshot], a: AssignmentSnapshot) -> None:
    if a.id in assignments:
        raise SnapshotError([f"assignment {a.id} already exists"])
    assignments[a.id] = a
    added.append(a)


def _shift(shifts: dict[str, ShiftSnapshot], shift_id: str) -> ShiftSnapshot:
    if shift_id not in shifts:
        raise SnapshotError([f"unknown shift {shift_id}"])
    return shifts[shift_id]


def validate_partial(plan: StaffPlan, shift_ids: set[str]) -> None:
    """Validate only what a change touched (the rest was validated when the plan was built)."""
    sub = StaffPlan(
        shifts={i: plan.shifts[i] for i in shift_ids if i in plan.shifts},
        assignments={a.id: a for i in shift_ids for a in plan.assignments_by_shift.get(i, ())},
        employees=plan.employees,
    )
    validate(sub)


def _without(plan: LoadPlan, drop: set[str], unit_id: str | None) -> list[LoadAssignment]:
    """The plan's assignments less those of `drop` in this plan (on `unit_id` only, when given)."""
    return [
        a
        for a in plan.assignments
        if not (a.plan_id == plan.plan_id and a.order_id in drop and (unit_id is None or a.unit_id == unit_id))
    ]


def apply_load_change(plan: LoadPlan, change: StaffChange | LoadChange) -> LoadPlan:
    after = copy.copy(plan)
    if isinstance(change, AssignOrders):
        after.assignments = [*plan.assignments, *change.assignments]
    elif isinstance(change, UnassignOrders):
        after.assignments = _without(plan, set(change.order_ids), change.unit_id)
    elif isinstance(change, MoveOrders):
        if any(a.order_id not in change.order_ids for a in change.assignments):
            raise SnapshotError(["a move may only put back the orders it takes off"])
        after.assignments = [*_without(plan, set(change.order_ids), change.from_unit_id), *change.assignments]
    else:
        raise SnapshotError([f"unknown load change {type(change).__name__}"])
    return LoadPlan.build(
        plan_id=plan.plan_id,
        start=plan.start,
        end=plan.end,
        branch_ids=plan.branch_ids,
        units=plan.units.values(),
        orders=plan.orders.values(),
        assignments=after.assignments,
    )
