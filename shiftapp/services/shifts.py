"""Shifts and assignments: one model for the seed 002 Shifts API and Planning PRO.

Every write asks the rule engine what it would change; hard conflicts refuse the write (409,
with the conflicts) unless forced, and the audit entry is written in the same transaction as the
change. Stored conflicts are refreshed around the change before commit.

Forcing past hard conflicts is one rule for every caller (seed 002, Planning PRO, the pages):
`force` is enough; the audit entry records who forced it, the conflicts overridden and the reason
when one is given. A reason is not required, because seed 002's bodies have no field for one and
its clients must keep working; a rule that held for some callers only would not be a rule.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, Final

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from shiftapp.config import Settings, get_settings
from shiftapp.i18n.messages import Message
from shiftapp.models import Assignment, Bureau, Employee, Mission, Shift, StoredConflict
from shiftapp.models.common import utcnow
from shiftapp.rules import (
    Assign,
    Batch,
    ChangeResult,
    CreateShift,
    DeleteShift,
    MoveShift,
    SnapshotError,
    Unassign,
    UpdateShift,
    allowed_transition,
    evaluate_change,
)
from shiftapp.rules.engine import StaffChange
from shiftapp.services import access, notifications
from shiftapp.services.audit import assignment_record, overridden_conflicts, record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, Forbidden, HardConflicts, NotFound, ValidationFailed
from shiftapp.services.locks import lock_people, lock_shift_and_people
from shiftapp.services.paging import check_page
from shiftapp.services.shift_views import (
    RowPage,
    ShiftRow,
    local_window,
    shift_rows_page,
    shifts_with_people,
    window_from_local,
    zone,
)
from shiftapp.services.snapshots import (
    assignment_snapshot,
    rule_settings,
    shift_snapshot,
    staff_plan,
    staff_plan_around,
)
from shiftapp.services.text_limits import (
    REFERENCE,
    STATUS,
    check_date_range,
    check_notes,
    check_optional_text,
    check_reason,
)

SHIFT_STATUSES = ("draft", "proposed", "confirmed", "published", "cancelled")


class RuleConflict(HardConflicts):
    """A write refused because of hard conflicts; it carries the engine's whole answer (`change`)."""

    def __init__(self, result: ChangeResult, *, error: str, hint: str):
        super().__init__(
            error, conflicts=result.hard, details={"conflict_count": len(result.hard)}, hint=hint, change=result
        )


@dataclass(frozen=True)
class NewShift:
    """A shift to create: where and when, and optionally who works it.

    Times are ISO date-times with a zone (or aware datetimes). `capacity` left out means places for
    the people named, at least one; `employee_id` (seed 002) and `employee_ids` (Planning PRO) add up."""

    bureau_id: str
    start_time: str | datetime
    end_time: str | datetime
    status: str | None = None  # None: draft
    employee_id: str | None = None
    employee_ids: Sequence[str] = ()
    capacity: int | None = None
    notes: str | None = None
    shift_type: str | None = None  # None: named after the start's time of day
    required_role: str | None = None
    required_skills: Sequence[str] | None = None
    mission_id: str | None = None
    template_id: str | None = None
    source: str | None = None  # of the assignments made: manual unless said
    assignment_status: str | None = None  # of the assignments made: confirmed unless said


class _Unset(Enum):
    UNSET = "unset"


# A change leaves out what it does not touch; None is a value (it clears notes, for one).
UNSET: Final = _Unset.UNSET


@dataclass(frozen=True)
class ShiftChanges:
    """What an update changes: every field left UNSET keeps the shift's own value."""

    start_time: str | datetime | _Unset | None = UNSET
    end_time: str | datetime | _Unset | None = UNSET
    status: str | _Unset | None = UNSET
    notes: str | _Unset | None = UNSET
    capacity: int | _Unset | None = UNSET
    shift_type: str | _Unset | None = UNSET
    required_role: str | _Unset | None = UNSET
    required_skills: Sequence[str] | _Unset | None = UNSET
    mission_id: str | _Unset | None = UNSET
    given: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        names = frozenset(f.name for f in dataclass_fields(self) if f.init and getattr(self, f.name) is not UNSET)
        object.__setattr__(self, "given", names)

    def as_fields(self) -> dict[str, Any]:
        """The fields given, by name."""
        return {name: getattr(self, name) for name in self.given}


@dataclass(frozen=True)
class LocalTimes:
    """A shift's local date and HH:MM times (the seed writes them `date`, `startTime`, `endTime`)."""

    date: str
    start_hhmm: str
    end_hhmm: str


@dataclass(frozen=True)
class MovePreview:
    """What a drag-and-drop move would do, before anything is written."""

    result: ChangeResult
    current: LocalTimes
    proposed: LocalTimes


@dataclass(frozen=True)
class MovedShift:
    """A shift after a move: its timeline row, and what the move introduced."""

    row: ShiftRow
    result: ChangeResult
    forced: bool
    conflicts_overridden: int


def require_planner(actor: Employee) -> None:
    access.require_planner(actor, "Only admins, managers and schedulers can change shifts")


def get_shift(session: Session, shift_id: str) -> Shift:
    shift = session.get(Shift, shift_id) if isinstance(shift_id, str) else None
    if shift is None:
        raise NotFound("Shift not found")
    return shift


def parse_instant(value: str | datetime | None, field: str) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except (TypeError, ValueError):
            raise ValidationFailed(
                f"{field} must be an ISO date-time like 2025-11-01T08:00:00Z", details={"field": field}
            ) from None
    if parsed.tzinfo is None:
        raise ValidationFailed(f"{field} needs a time zone (end it with Z for UTC)", details={"field": field})
    check_date_range(parsed, field)
    return parsed


def parse_hhmm(value: Any, field: str) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except (TypeError, ValueError):
        raise ValidationFailed(f"{field} must be a time like 08:00", details={"field": field}) from None


def validate_window(start: datetime, end: datetime) -> None:
    if end <= start:
        raise ValidationFailed("end_time must be after start_time", details={"field": "end_time"})
    if end - start > timedelta(hours=24):
        raise ValidationFailed("A shift may last at most 24 hours", details={"field": "end_time"})


def _check_free_text(fields: dict[str, Any], reason: Any = None) -> None:
    """Refuse over-long or control-character text before anything is written."""
    if "notes" in fields:
        check_notes(fields["notes"])
    # As long as their columns: a longer value would otherwise reach PostgreSQL's VARCHAR(n).
    for name, limit in (("shift_type", REFERENCE), ("required_role", STATUS)):
        if name in fields:
            check_optional_text(fields[name], name, max_length=limit)
    check_reason(reason)


def check_change(
    session: Session,
    change: StaffChange,
    *,
    window: tuple[datetime, datetime],
    around: tuple[Collection[str], Collection[str]] | None = None,
) -> ChangeResult:
    """The change checked by the rule engine. `around` (the shifts changed, the people brought onto
    them) narrows the plan read to what those can touch (snapshots.staff_plan_around)."""
    if around is None:
        plan = staff_plan(session, start=window[0], end=window[1])
    else:
        plan = staff_plan_around(session, start=window[0], end=window[1], shift_ids=around[0], employee_ids=around[1])
    try:
        return evaluate_change(plan, change, rule_settings())
    except SnapshotError as error:
        raise ValidationFailed("; ".join(error.problems)) from None


def refresh_around(session: Session, actor: Employee, *windows: tuple[datetime, datetime]) -> None:
    session.flush()
    start = min(w[0] for w in windows) - timedelta(days=1)
    end = max(w[1] for w in windows) + timedelta(days=1)
    refresh(session=session, start=start, end=end, actor=actor)


def shift_record(shift: Shift) -> dict[str, Any]:
    return {
        "id": shift.id,
        "bureau_id": shift.bureau_id,
        "mission_id": shift.mission_id,
        "shift_type": shift.shift_type,
        "required_role": shift.required_role,
        "required_skills": list(shift.required_skills or []),
        "capacity": shift.capacity,
        "start_time": shift.start_at.isoformat().replace("+00:00", "Z"),
        "end_time": shift.end_at.isoformat().replace("+00:00", "Z"),
        "status": shift.status,
        "notes": shift.notes,
        "version": shift.version,
    }


def _audit_shift(
    session: Session,
    actor: Employee,
    shift: Shift,
    action: str,
    before: dict[str, Any] | None,
    *,
    reason: str | None = None,
    forced: ChangeResult | None = None,
) -> None:
    after = shift_record(shift) if action != "delete" else None
    if forced is not None and forced.hard:
        after = {**(after or {}), "forced": True, "conflicts_overridden": overridden_conflicts(forced.hard)}
    record(
        session=session,
        actor=actor,
        entity_type="shift",
        entity_id=shift.id,
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


def _tell_people(
    session: Session,
    actor: Employee,
    shift: Shift,
    was_published: bool,
    title: str,
    what: Message,
    people: Sequence[str] | None = None,
) -> None:
    """A published shift's people hear of changes to it made by someone else (drafts are told about
    all at once when they are published, `planning.publish`)."""
    if not (was_published or shift.status == "published"):
        return
    if people is None:
        people = notifications.assigned_people(session, shift.id)
    notifications.shift_changed(session, actor=actor, shift=shift, people=people, title=title, what=what)


# ------------------------------------------------------------------ the write halves
# A caller plans and checks its change (check_change), applies the forcing rule (refuse_unless_forced),
# then writes with these; each writes the row, its audit entry and the people's notices, and leaves
# refreshing the stored conflicts (refresh_around) to the caller, which knows the whole window.


def write_move(
    session: Session,
    actor: Employee,
    shift: Shift,
    new_start: datetime,
    new_end: datetime,
    *,
    new_role: str | _Unset | None = UNSET,
    reason: str | None,
    forced: ChangeResult | None,
) -> None:
    """Move `shift` to the new window, and give it `new_role` when one is passed (None takes the role
    off; the audit entry is then an "update", not a "move"). `forced` is the check's result when the
    caller forced the change (its hard conflicts go in the audit entry) and `reason` the reason to
    keep, if any. Its people hear of it only when the hours changed."""
    before = shift_record(shift)
    bureau = bureau_names(session).get(shift.bureau_id)
    old_description = notifications.describe_shift(shift, bureau)
    moved = (new_start, new_end) != (shift.start_at, shift.end_at)
    shift.start_at, shift.end_at = new_start, new_end
    retyped = not isinstance(new_role, _Unset)
    if not isinstance(new_role, _Unset):
        shift.required_role = new_role
    shift.updated_at = utcnow()
    session.add(shift)
    session.flush()
    action = "update" if retyped else "move"
    _audit_shift(session, actor, shift, action, before, reason=reason, forced=forced)
    if moved:
        _tell_people(
            session,
            actor,
            shift,
            shift.status == "published",
            "Shift moved",
            Message(
                "Your shift on {old} was moved to {new}.",
                old=old_description,
                new=notifications.describe_shift(shift, bureau),
            ),
        )


def write_assign(
    session: Session,
    actor: Employee,
    shift: Shift,
    assignment: Assignment,
    *,
    reason: str | None,
    forced: ChangeResult | None,
) -> None:
    """Add the (new) `assignment` to `shift`; `forced` and `reason` as for write_move."""
    session.add(assignment)
    session.flush()
    after = assignment_record(assignment)
    if forced is not None and forced.hard:
        after |= {"forced": True, "conflicts_overridden": overridden_conflicts(forced.hard)}
    record(
        session=session,
        actor=actor,
        entity_type="assignment",
        entity_id=assignment.id,
        action="create",
        after=after,
        reason=reason,
    )
    _tell_people(
        session,
        actor,
        shift,
        shift.status == "published",
        "New shift",
        Message(
            "You were assigned to the shift on {shift}.",
            shift=notifications.describe_shift(shift, bureau_names(session).get(shift.bureau_id)),
        ),
        people=[assignment.employee_id],
    )


def write_unassign(
    session: Session,
    actor: Employee,
    shift: Shift,
    assignment: Assignment,
    *,
    reason: str | None,
    after: dict[str, Any] | None = None,
) -> None:
    """Take `assignment`'s person off `shift`; `after` is what the audit entry keeps beside the place
    removed (a forced change's conflicts)."""
    record(
        session=session,
        actor=actor,
        entity_type="assignment",
        entity_id=assignment.id,
        action="delete",
        before=assignment_record(assignment),
        after=after,
        reason=reason,
    )
    _tell_people(
        session,
        actor,
        shift,
        shift.status == "published",
        "Removed from a shift",
        Message(
            "You were taken off the shift on {shift}.",
            shift=notifications.describe_shift(shift, bureau_names(session).get(shift.bureau_id)),
        ),
        people=[assignment.employee_id],
    )
    session.delete(assignment)
    session.flush()


# ------------------------------------------------------------------ reads
# A page of GET /api/shifts: by default enough for a bureau's month (50 people × 22 working days is
# 1,100 rows), at most what a client can take in one answer; the total says whether more follow.
SHIFT_PAGE_DEFAULT = 2000
SHIFT_PAGE_MAX = 5000


def list_shifts(
    *,
    session: Session,
    actor: Employee,
    start_date: date | None = None,
    end_date: date | None = None,
    bureau_id: str | None = None,
    employee_id: str | None = None,
    limit: int = SHIFT_PAGE_DEFAULT,
    offset: int = 0,
) -> RowPage:
    """One page of seed 002 rows (one per assigned person) in start order, with the total that match."""
    check_page(limit, offset, max_limit=SHIFT_PAGE_MAX)
    where: list[ColumnElement[bool]] = []
    if start_date:
        check_date_range(start_date, "start_date")
        where.append(col(Shift.start_at) >= window_from_local(start_date, time(0), time(0))[0])
    if end_date:
        check_date_range(end_date, "end_date")
        where.append(col(Shift.start_at) < window_from_local(end_date + timedelta(days=1), time(0), time(0))[0])
    if bureau_id:
        where.append(col(Shift.bureau_id) == bureau_id)
    return shift_rows_page(session, where=where, employee_id=employee_id or None, limit=limit, offset=offset)


@dataclass(frozen=True)
class UpcomingShift:
    """A row of the upcoming shifts: who works which shift, where and when (local date, HH:MM)."""

    id: str
    employee: str | None
    employee_id: str | None
    date: str
    start_hhmm: str
    end_hhmm: str
    bureau: str | None
    status: str


@dataclass(frozen=True)
class UpcomingPage:
    shifts: list[UpcomingShift]
    total: int


def upcoming_page(
    *,
    session: Session,
    actor: Employee,
    days: int = 7,
    bureau_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> UpcomingPage:
    """The rows of the shifts starting in the next `days` days (cancelled ones left out), `limit` of
    them from `offset` (all without a limit), and how many there are."""
    if not 1 <= days <= 90:
        raise ValidationFailed("days must be between 1 and 90", details={"field": "days"})
    if limit is not None:
        check_page(limit, offset, max_limit=SHIFT_PAGE_MAX)
    now = utcnow()
    where = [
        col(Shift.start_at) >= now,
        col(Shift.start_at) < now + timedelta(days=days),
        col(Shift.status) != "cancelled",
    ]
    if bureau_id:
        where.append(col(Shift.bureau_id) == bureau_id)
    page = shift_rows_page(session, where=where, limit=limit, offset=offset)
    return UpcomingPage(
        shifts=[
            UpcomingShift(
                id=r.id,
                employee=r.employee,
                employee_id=r.employee_id,
                date=r.date,
                start_hhmm=r.start_hhmm,
                end_hhmm=r.end_hhmm,
                bureau=r.bureau,
                status=r.status,
            )
            for r in page.rows
        ],
        total=page.total,
    )


def upcoming(*, session: Session, actor: Employee, days: int = 7, bureau_id: str | None = None) -> list[UpcomingShift]:
    """Every row of the shifts starting in the next `days` days (seed 002's unpaged list)."""
    return upcoming_page(session=session, actor=actor, days=days, bureau_id=bureau_id).shifts


# ------------------------------------------------------------------ writes
def create_shift(
    *,
    session: Session,
    actor: Employee,
    shift: NewShift,
    force: bool = False,
    reason: str | None = None,
) -> tuple[Shift, ChangeResult]:
    """Create a shift, and its assignments when people are named."""
    require_planner(actor)
    check_reason(reason)
    planned = plan_new_shift(session=session, actor=actor, draft=shift)
    refuse_unless_forced(planned.result, force, "Conflict detected", "Set force: true to create anyway")
    return write_new_shift(session=session, actor=actor, planned=planned, force=force, reason=reason), planned.result


@dataclass(frozen=True)
class PlannedShift:
    """A shift to create, its places, and the rule engine's verdict on them; nothing written yet."""

    shift: Shift
    assignments: tuple[Assignment, ...]
    result: ChangeResult


def plan_new_shift(*, session: Session, actor: Employee, draft: NewShift) -> PlannedShift:
    """Check a new shift's fields and ask the rule engine about it. The caller has checked access;
    the preview of a new shift and its write (`write_new_shift`) start from this one plan."""
    check_notes(draft.notes)
    check_optional_text(draft.shift_type, "shift_type", max_length=REFERENCE)
    check_optional_text(draft.required_role, "required_role", max_length=STATUS)
    bureau = session.get(Bureau, draft.bureau_id)
    if bureau is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    start = parse_instant(draft.start_time, "start_time")
    end = parse_instant(draft.end_time, "end_time")
    validate_window(start, end)
    status = draft.status or "draft"
    if status not in SHIFT_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(SHIFT_STATUSES)}", details={"field": "status"})
    mission_id = draft.mission_id
    if draft.capacity is not None:
        _checked_capacity(draft.capacity)
    if mission_id is not None and session.get(Mission, mission_id) is None:
        raise ValidationFailed("mission_id does not name a known mission", details={"field": "mission_id"})
    employee_ids = ([draft.employee_id] if draft.employee_id else []) + list(draft.employee_ids)
    # Whoever books these people at the same time waits here, then sees this shift in its check.
    lock_people(session, employee_ids)
    for employee_id in employee_ids:
        person = session.get(Employee, employee_id)
        if person is None or person.deleted_at is not None:
            raise ValidationFailed(f"employee {employee_id} not found", details={"field": "employee_id"})
    created = Shift(
        bureau_id=bureau.id,
        mission_id=mission_id,
        start_at=start,
        end_at=end,
        status=status,
        notes=draft.notes,
        capacity=max(1, len(employee_ids)) if draft.capacity is None else draft.capacity,
        shift_type=draft.shift_type or _shift_type(start),
        required_role=draft.required_role,
        required_skills=list(draft.required_skills or []),
        template_id=draft.template_id,
        created_by=actor.id,
    )
    assignments = [
        Assignment(
            shift_id=created.id,
            employee_id=e,
            source=draft.source or "manual",
            status=draft.assignment_status or "confirmed",
            created_by=actor.id,
        )
        for e in employee_ids
    ]
    names = bureau_names(session)
    result = check_change(
        session,
        CreateShift(shift_snapshot(created, names), tuple(assignment_snapshot(a) for a in assignments)),
        window=(start, end),
    )
    return PlannedShift(created, tuple(assignments), result)


def write_new_shift(
    *, session: Session, actor: Employee, planned: PlannedShift, force: bool, reason: str | None
) -> Shift:
    """Write a planned shift and its places with their audit entries, in the caller's transaction
    (the caller has refused hard conflicts unless forced)."""
    created, assignments, result = planned.shift, planned.assignments, planned.result
    start, end = created.start_at, created.end_at
    session.add(created)
    session.flush()
    for assignment in assignments:
        session.add(assignment)
        record(
            session=session,
            actor=actor,
            entity_type="assignment",
            entity_id=assignment.id,
            action="create",
            after=assignment_record(assignment),
            reason=reason if force else None,
        )
    _audit_shift(
        session, actor, created, "create", None, reason=reason if force else None, forced=result if force else None
    )
    refresh_around(session, actor, (start, end))
    return created


def _shift_type(start: datetime) -> str:
    hour = start.astimezone(zone()).hour
    return "Night" if hour < 6 else "Morning" if hour < 12 else "Afternoon" if hour < 16 else "Evening"


def refuse_unless_forced(result: ChangeResult, force: bool, error: str, hint: str) -> None:
    """The forcing rule (see the module's docstring): hard conflicts refuse the write unless forced.
    No reason is demanded here; the caller's audit entry records it when one is given."""
    if result.hard and not force:
        raise RuleConflict(result, error=error, hint=hint)


def check_version(shift: Shift, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != shift.version:
        raise Conflict(
            "This shift was changed by someone else meanwhile; reload it and try again",
            details={"current_version": shift.version, "your_version": expected_version},
        )


def _checked_capacity(capacity: int | None) -> int:
    # None is refused too: an update that names capacity must give one (the schemas let null through).
    if capacity is None or not 0 <= capacity <= 50:
        raise ValidationFailed("capacity must be a whole number from 0 to 50", details={"field": "capacity"})
    return capacity


def update_shift(
    *,
    session: Session,
    actor: Employee,
    shift_id: str,
    changes: ShiftChanges,
    force: bool = False,
    reason: str | None = None,
    expected_version: int | None = None,
) -> tuple[Shift, ChangeResult]:
    """Change a shift's times, status or details (the fields `changes` gives)."""
    fields = changes.as_fields()
    require_planner(actor)
    lock_shift_and_people(session, shift_id)
    shift = get_shift(session, shift_id)
    check_version(shift, expected_version)
    _check_free_text(fields, reason)
    before = shift_record(shift)
    start = parse_instant(fields["start_time"], "start_time") if fields.get("start_time") else shift.start_at
    end = parse_instant(fields["end_time"], "end_time") if fields.get("end_time") else shift.end_at
    validate_window(start, end)
    status = fields.get("status", shift.status)
    if status not in SHIFT_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(SHIFT_STATUSES)}", details={"field": "status"})
    if not allowed_transition(shift.status, status):
        raise ValidationFailed(f"A {shift.status} shift cannot become {status}", details={"field": "status"})
    old_window = (shift.start_at, shift.end_at)
    if "capacity" in fields:
        _checked_capacity(fields["capacity"])
    updates: dict[str, Any] = {
        k: fields[k] for k in ("notes", "shift_type", "required_role", "capacity", "mission_id") if k in fields
    }
    if "required_skills" in fields:
        updates["required_skills"] = list(fields["required_skills"] or [])
    names = bureau_names(session)
    proposed = replace(
        shift_snapshot(shift, names),
        start=start,
        end=end,
        status=status,
        **{k: v for k, v in updates.items() if k in ("shift_type", "required_role", "capacity", "mission_id")},
        required_skills=frozenset(updates.get("required_skills", shift.required_skills or ())),
    )
    result = check_change(session, UpdateShift(proposed), window=(min(start, old_window[0]), max(end, old_window[1])))
    refuse_unless_forced(result, force, "Update would create conflicts", "Set force: true to update anyway")
    old_description = notifications.describe_shift(shift, names.get(shift.bureau_id))
    shift.start_at, shift.end_at, shift.status = start, end, status
    for key, value in updates.items():
        setattr(shift, key, value)
    if status == "published" and before["status"] != "published":
        shift.published_at = utcnow()
    shift.updated_at = utcnow()
    session.add(shift)
    session.flush()
    _audit_shift(
        session, actor, shift, "update", before, reason=reason if force else None, forced=result if force else None
    )
    new_description = notifications.describe_shift(shift, names.get(shift.bureau_id))
    if status == "cancelled" and before["status"] != "cancelled":
        title, what = "Shift cancelled", Message("Your shift on {shift} was cancelled.", shift=old_description)
    elif (start, end) != old_window:
        title, what = (
            "Shift changed",
            Message("Your shift on {old} now runs {new}.", old=old_description, new=new_description),
        )
    else:
        title, what = (
            "Shift updated",
            Message("Your shift on {shift} was updated; see the schedule.", shift=new_description),
        )
    _tell_people(session, actor, shift, before["status"] == "published", title, what)
    refresh_around(session, actor, old_window, (start, end))
    return shift, result


def _plan_move(
    session: Session, shift: Shift, new_date: str, start_time: str | None, end_time: str | None
) -> tuple[datetime, datetime, MovePreview]:
    """The new window of a drag-and-drop move (a local date, optionally new HH:MM times) and its check."""
    try:
        day = date.fromisoformat(str(new_date))
    except ValueError:
        raise ValidationFailed("date must be a date like 2025-11-02", details={"field": "date"}) from None
    check_date_range(day, "date")
    old_start, old_end = local_window(shift)
    start_at = parse_hhmm(start_time, "start_time") if start_time else old_start.time()
    end_at = parse_hhmm(end_time, "end_time") if end_time else old_end.time()
    new_start, new_end = window_from_local(day, start_at, end_at)
    current = LocalTimes(old_start.date().isoformat(), f"{old_start:%H:%M}", f"{old_end:%H:%M}")
    proposed = LocalTimes(day.isoformat(), f"{start_at:%H:%M}", f"{end_at:%H:%M}")
    result = check_change(
        session,
        MoveShift(shift.id, new_start, new_end),
        window=(min(new_start, shift.start_at), max(new_end, shift.end_at)),
    )
    return new_start, new_end, MovePreview(result=result, current=current, proposed=proposed)


def preview_move(
    *,
    session: Session,
    actor: Employee,
    shift_id: str,
    new_date: str,
    start_time: str | None = None,
    end_time: str | None = None,
) -> MovePreview:
    """What the seed's drag-and-drop move would do; nothing is written."""
    require_planner(actor)
    shift = get_shift(session, shift_id)
    return _plan_move(session, shift, new_date, start_time, end_time)[2]


def move_shift(
    *,
    session: Session,
    actor: Employee,
    shift_id: str,
    new_date: str,
    start_time: str | None = None,
    end_time: str | None = None,
    force: bool = False,
    reason: str | None = None,
    expected_version: int | None = None,
) -> MovedShift:
    """The seed's drag-and-drop move: a new local date and optionally new HH:MM times."""
    require_planner(actor)
    lock_shift_and_people(session, shift_id)
    shift = get_shift(session, shift_id)
    new_start, new_end, planned = _plan_move(session, shift, new_date, start_time, end_time)
    result = planned.result
    check_version(shift, expected_version)
    refuse_unless_forced(
        result,
        force,
        "Move would create conflicts",
        "This move would create scheduling conflicts. Set force=true to move anyway.",
    )
    old_window = (shift.start_at, shift.end_at)
    write_move(
        session,
        actor,
        shift,
        new_start,
        new_end,
        reason=reason if force else None,
        forced=result if force else None,
    )
    refresh_around(session, actor, old_window, (new_start, new_end))
    return MovedShift(
        row=shifts_with_people(session, [shift])[0],
        result=result,
        forced=bool(force and result.hard),
        conflicts_overridden=len(result.hard) if force else 0,
    )


def delete_shift(*, session: Session, actor: Employee, shift_id: str, reason: str | None = None) -> None:
    require_planner(actor)
    write_delete(session=session, actor=actor, shift=get_shift(session, shift_id), reason=reason)


def write_delete(*, session: Session, actor: Employee, shift: Shift, reason: str | None = None) -> None:
    """Remove a shift and its places with their audit entries (the caller has checked access)."""
    before = shift_record(shift)
    window = (shift.start_at, shift.end_at)
    _tell_people(
        session,
        actor,
        shift,
        shift.status == "published",
        "Shift removed",
        Message(
            "Your shift on {shift} was removed from the schedule.",
            shift=notifications.describe_shift(shift, bureau_names(session).get(shift.bureau_id)),
        ),
    )
    for assignment in session.exec(select(Assignment).where(Assignment.shift_id == shift.id)):
        record(
            session=session,
            actor=actor,
            entity_type="assignment",
            entity_id=assignment.id,
            action="delete",
            before=assignment_record(assignment),
            reason=reason,
        )
        session.delete(assignment)
    session.flush()
    session.delete(shift)
    record(
        session=session,
        actor=actor,
        entity_type="shift",
        entity_id=shift.id,
        action="delete",
        before=before,
        reason=reason,
    )
    refresh_around(session, actor, window)


def assign(
    *,
    session: Session,
    actor: Employee,
    shift_id: str,
    employee_id: str,
    source: str = "manual",
    status: str = "confirmed",
    force: bool = False,
    reason: str | None = None,
) -> tuple[Assignment, ChangeResult]:
    require_planner(actor)
    lock_shift_and_people(session, shift_id, also=[employee_id] if isinstance(employee_id, str) else [])
    shift = get_shift(session, shift_id)
    person = session.get(Employee, employee_id) if isinstance(employee_id, str) else None
    if person is None or person.deleted_at is not None:
        raise NotFound("Employee not found")
    if source not in ("manual", "auto", "ai") or status not in ("proposed", "confirmed"):
        raise ValidationFailed("source must be manual, auto or ai and status proposed or confirmed")
    if session.exec(
        select(Assignment).where(Assignment.shift_id == shift.id, Assignment.employee_id == person.id)
    ).first():
        raise Conflict(f"{person.full_name} is already assigned to this shift")
    assignment = Assignment(shift_id=shift.id, employee_id=person.id, source=source, status=status, created_by=actor.id)
    result = check_change(session, Assign(assignment_snapshot(assignment)), window=(shift.start_at, shift.end_at))
    # The hint's "with a reason" is an invitation kept from the first release (Planning PRO clients
    # read this body); the service records a reason when given and requires none.
    refuse_unless_forced(
        result, force, "Assignment would create conflicts", "Set force: true with a reason to assign anyway"
    )
    write_assign(session, actor, shift, assignment, reason=reason if force else None, forced=result if force else None)
    refresh_around(session, actor, (shift.start_at, shift.end_at))
    return assignment, result


def unassign(*, session: Session, actor: Employee, assignment_id: str, reason: str | None = None) -> None:
    require_planner(actor)
    assignment = session.get(Assignment, assignment_id) if isinstance(assignment_id, str) else None
    if assignment is None:
        raise NotFound("Assignment not found")
    shift = get_shift(session, assignment.shift_id)
    write_unassign(session, actor, shift, assignment, reason=reason)
    refresh_around(session, actor, (shift.start_at, shift.end_at))


def set_assignment_status(*, session: Session, actor: Employee, assignment_id: str, status: str) -> Assignment:
    """Accept (confirm) a proposed assignment; proposals were already checked when made."""
    require_planner(actor)
    assignment = session.get(Assignment, assignment_id) if isinstance(assignment_id, str) else None
    if assignment is None:
        raise NotFound("Assignment not found")
    if status not in ("proposed", "confirmed"):
        raise ValidationFailed("status must be proposed or confirmed", details={"field": "status"})
    before = {"status": assignment.status}
    assignment.status = status
    assignment.updated_at = utcnow()
    session.add(assignment)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="assignment",
        entity_id=assignment.id,
        action="status",
        before=before,
        after={"status": status},
    )
    return assignment


def reset_schedule(*, session: Session, actor: Employee, settings: Settings | None = None) -> None:
    """Remove every shift, assignment and conflict: admins only, and only where ALLOW_SCHEDULE_RESET is on.

    The switch is explicit (never inferred from the environment name or the Host header) so that no
    install can lose its schedule to one request unless someone chose to allow it."""
    settings = settings or get_settings()
    if not settings.allow_schedule_reset:
        raise Forbidden("Resetting the schedule is turned off; set ALLOW_SCHEDULE_RESET=true to allow it")
    access.require_admin(actor, "Only administrators can reset the schedule")
    for model in (Assignment, StoredConflict, Shift):
        for row in session.exec(select(model)):
            session.delete(row)
        session.flush()
    record(session=session, actor=actor, entity_type="schedule", entity_id="all", action="reset")


__all__ = [
    "Batch",
    "DeleteShift",
    "Forbidden",
    "LocalTimes",
    "MovePreview",
    "MovedShift",
    "NewShift",
    "PlannedShift",
    "RowPage",
    "RuleConflict",
    "ShiftChanges",
    "ShiftRow",
    "Unassign",
    "UpcomingPage",
    "UpcomingShift",
    "assign",
    "check_change",
    "check_version",
    "create_shift",
    "delete_shift",
    "move_shift",
    "plan_new_shift",
    "preview_move",
    "refresh_around",
    "refuse_unless_forced",
    "unassign",
    "update_shift",
    "validate_window",
    "write_assign",
    "write_delete",
    "write_move",
    "write_new_shift",
    "write_unassign",
]
