"""Changes made on the schedule's time axis: move a shift in time, resize it, give a person's place to
someone else, assign an open place, or open a place up again.

One function both previews and writes (`change_on_axis`, with `write=False` or `True`): the preview
is the same plan, checked by the same rule engine call, as the write that follows it, so the two
cannot disagree. A write refuses hard conflicts unless forced (the forcing rule of services/shifts.py:
`force` is enough, a reason is kept when given), and refuses a shift changed since its preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from shiftapp.models import Assignment, Employee, Shift
from shiftapp.models.common import utcnow
from shiftapp.rules import Assign, Batch, ChangeResult, MoveShift, Unassign
from shiftapp.rules.snapshot import AssignmentSnapshot
from shiftapp.services import notifications
from shiftapp.services.audit import overridden_conflicts, record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.errors import Conflict, NotFound, ValidationFailed
from shiftapp.services.locks import lock_shift_and_people
from shiftapp.services.shift_views import zone
from shiftapp.services.shifts import (
    _audit_shift,
    _check,
    _refresh_around,
    _refuse_unless_forced,
    _stale,
    _tell_people,
    _validate_window,
    require_planner,
    shift_record,
)
from shiftapp.services.text_limits import check_date_range, check_reason


@dataclass(frozen=True)
class AxisChange:
    """What a drag, a resize or the Move dialog asks for.

    `item_id` is an axis item: `a:<assignment id>` (a person's place) or `o:<shift id>` (open places).
    `start` and `end` are wall-clock times in the planning zone ("2026-12-07T08:15"); None keeps the
    shift's own (a start alone keeps the shift's length). `target` is a row: `p:<employee id>` or
    `open:<bureau id>`; None keeps the item's row."""

    item_id: str
    start: str | None = None
    end: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class AxisOutcome:
    result: ChangeResult
    summary: str  # the change in words
    shift_id: str
    shift_version: int
    written: bool
    forced: bool


def _wall(value: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationFailed(
            f"{field} must be a date and time like 2026-12-07T08:00", details={"field": field}
        ) from None
    if parsed.tzinfo is not None:
        raise ValidationFailed(f"{field} must be a local time, without a zone", details={"field": field})
    check_date_range(parsed.date(), field)
    return parsed.replace(tzinfo=zone())


def _describe(at: datetime, until: datetime) -> str:
    start, end = at.astimezone(zone()), until.astimezone(zone())
    return f"{start:%a %d %b} {start:%H:%M}–{end:%H:%M}"


def _person(session: Session, employee_id: str) -> Employee:
    person = session.get(Employee, employee_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("Employee not found")
    return person


def _item(session: Session, item_id: Any) -> tuple[Shift, Assignment | None]:
    if not isinstance(item_id, str) or item_id[:2] not in ("a:", "o:"):
        raise ValidationFailed("Pick a shift on the schedule", details={"field": "item_id"})
    if item_id.startswith("a:"):
        assignment = session.get(Assignment, item_id[2:])
        if assignment is None:
            raise NotFound("This place on the shift is gone; reload the schedule")
        shift = session.get(Shift, assignment.shift_id)
        if shift is None:
            raise NotFound("Shift not found")
        return shift, assignment
    shift = session.get(Shift, item_id[2:])
    if shift is None:
        raise NotFound("Shift not found")
    return shift, None


def change_on_axis(
    *,
    session: Session,
    actor: Employee,
    change: AxisChange,
    write: bool,
    force: bool = False,
    reason: str | None = None,
    expected_version: int | None = None,
) -> AxisOutcome:
    """Plan the change, check it with the rule engine, and, when `write`, make it (see the module)."""
    require_planner(actor)
    check_reason(reason)
    shift, assignment = _item(session, change.item_id)
    target = change.target
    new_person: Employee | None = None
    opens_place = False
    if target is not None:
        if not isinstance(target, str):
            raise ValidationFailed("Drop the shift on a person or on Open shifts", details={"field": "target"})
        if target.startswith("p:"):
            new_person = _person(session, target[2:])
            if assignment is not None and new_person.id == assignment.employee_id:
                new_person = None
        elif target.startswith("open:"):
            if target[5:] != shift.bureau_id:
                raise ValidationFailed(
                    "A shift stays in its bureau: drop it on a person, or on its own bureau's Open shifts row",
                    details={"field": "target"},
                )
            opens_place = assignment is not None
        else:
            raise ValidationFailed(
                "Drop the shift on a person's row or on Open shifts, not on a heading", details={"field": "target"}
            )
    if write:
        lock_shift_and_people(session, shift.id, also=[new_person.id] if new_person else [])
        session.refresh(shift)
    old_start, old_end = shift.start_at, shift.end_at
    new_start = _wall(change.start, "start") if change.start else old_start
    if change.end:
        new_end = _wall(change.end, "end")
    elif change.start:
        new_end = new_start + (old_end - old_start)
    else:
        new_end = old_end
    _validate_window(new_start, new_end)
    moves = (new_start, new_end) != (old_start, old_end)
    placed = list(session.exec(select(Assignment).where(Assignment.shift_id == shift.id)))
    if new_person is not None:
        if any(a.employee_id == new_person.id for a in placed):
            raise Conflict(f"{new_person.full_name} is already on this shift")
        if assignment is None and len(placed) >= shift.capacity:
            raise ValidationFailed("This shift has no open place left", details={"field": "item_id"})
    if not (moves or new_person or opens_place):
        raise ValidationFailed("Nothing to change: the shift is already there", details={"field": "start"})
    if shift.status == "cancelled":
        raise ValidationFailed("A cancelled shift cannot be moved or staffed", details={"field": "item_id"})

    steps: list[Any] = []
    words: list[str] = []
    who = _person(session, assignment.employee_id).full_name if assignment is not None else ""
    kind = f"{shift.shift_type} shift" if shift.shift_type else "shift"
    what = f"{who}'s {kind}" if who else f"the open {kind}"
    what += f" on {_describe(old_start, old_end)}"
    if moves:
        steps.append(MoveShift(shift.id, new_start, new_end))
        others = len(placed) - (1 if assignment is not None else 0)
        words.append(
            f"Move {what} to {_describe(new_start, new_end)}"
            + (f" (also for {others} other person(s) on it)" if others > 0 else "")
        )
    new_assignment: Assignment | None = None
    if assignment is not None and (new_person is not None or opens_place):
        steps.append(Unassign(assignment.id))
        the_shift = "it" if moves else f"the {kind} on {_describe(old_start, old_end)}"
        if opens_place or new_person is None:
            words.append(f"take {who} off {the_shift} (the place stays open)")
        else:
            words.append(f"give {who}'s place on {the_shift} to {new_person.full_name}")
    if new_person is not None:
        new_assignment = Assignment(
            shift_id=shift.id, employee_id=new_person.id, source="manual", status="confirmed", created_by=actor.id
        )
        steps.append(
            Assign(
                AssignmentSnapshot(
                    id=new_assignment.id,
                    shift_id=shift.id,
                    employee_id=new_person.id,
                    status="confirmed",
                    source="manual",
                )
            )
        )
        if assignment is None:
            words.append(f"assign {new_person.full_name} to {what}")
    summary = "; ".join(words)
    summary = summary[:1].upper() + summary[1:]
    # Only this shift and the people on it or coming onto it can gain or lose conflicts: the rules read
    # their shifts, not the whole organisation's (a drag preview answers while the pointer waits).
    result = _check(
        session,
        Batch(tuple(steps)),
        window=(min(new_start, old_start), max(new_end, old_end)),
        around=({shift.id}, {new_person.id} if new_person is not None else set()),
    )
    if not write:
        return AxisOutcome(result, summary, shift.id, shift.version, written=False, forced=False)

    _stale(shift, expected_version)
    _refuse_unless_forced(
        result, force, "This change would create conflicts", "Confirm with force to make the change anyway"
    )
    forced = force and bool(result.hard)
    forced_note: dict[str, Any] = (
        {"forced": True, "conflicts_overridden": overridden_conflicts(result.hard)} if forced else {}
    )
    bureau = bureau_names(session).get(shift.bureau_id)
    if moves:
        before = shift_record(shift)
        old_description = notifications.describe_shift(shift, bureau)
        shift.start_at, shift.end_at = new_start, new_end
        shift.updated_at = utcnow()
        session.add(shift)
        session.flush()
        _audit_shift(
            session, actor, shift, "move", before, reason=reason if forced else None, forced=result if forced else None
        )
        _tell_people(
            session,
            actor,
            shift,
            shift.status == "published",
            "Shift moved",
            f"Your shift on {old_description} was moved to {notifications.describe_shift(shift, bureau)}.",
        )
    if assignment is not None and (new_person is not None or opens_place):
        record(
            session=session,
            actor=actor,
            entity_type="assignment",
            entity_id=assignment.id,
            action="delete",
            before={
                "shift_id": shift.id,
                "employee_id": assignment.employee_id,
                "source": assignment.source,
                "status": assignment.status,
            },
            after=None if moves else forced_note or None,
            reason=reason if forced and not moves else None,
        )
        _tell_people(
            session,
            actor,
            shift,
            shift.status == "published",
            "Removed from a shift",
            f"You were taken off the shift on {notifications.describe_shift(shift, bureau)}.",
            people=[assignment.employee_id],
        )
        session.delete(assignment)
        session.flush()
    if new_assignment is not None and new_person is not None:
        session.add(new_assignment)
        session.flush()
        after: dict[str, Any] = {
            "shift_id": shift.id,
            "employee_id": new_person.id,
            "source": "manual",
            "status": "confirmed",
        }
        if not moves:
            after |= forced_note
        record(
            session=session,
            actor=actor,
            entity_type="assignment",
            entity_id=new_assignment.id,
            action="create",
            after=after,
            reason=reason if forced and not moves else None,
        )
        _tell_people(
            session,
            actor,
            shift,
            shift.status == "published",
            "New shift",
            f"You were assigned to the shift on {notifications.describe_shift(shift, bureau)}.",
            people=[new_person.id],
        )
    _refresh_around(session, actor, (old_start, old_end), (new_start, new_end))
    return AxisOutcome(result, summary, shift.id, shift.version, written=True, forced=forced)


def shift_of_item(session: Session, item_id: Any) -> tuple[Shift, Assignment | None]:
    """The shift (and place) an axis item stands for; NotFound when it is gone."""
    return _item(session, item_id)


__all__ = ["AxisChange", "AxisOutcome", "change_on_axis", "shift_of_item"]
