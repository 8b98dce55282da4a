"""Stored conflicts kept in step with the rule engine, and what people do with them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from shiftapp.i18n import reading_language
from shiftapp.models import Assignment, Bureau, Employee, Shift, StoredConflict
from shiftapp.models.common import utcnow
from shiftapp.rules import Conflict, evaluate
from shiftapp.services import access
from shiftapp.services.audit import record
from shiftapp.services.errors import NotFound, ValidationFailed
from shiftapp.services.snapshots import rule_settings, staff_plan

if TYPE_CHECKING:
    from shiftapp.services.shift_views import ShiftRow

# Open places show on the timeline as open slots; storing each as a "conflict" would drown schedule health.
NOT_STORED = {"understaffed"}
OPEN_STATUSES = ("unresolved", "acknowledged")


@dataclass(frozen=True)
class ConflictShift:
    """A shift a stored conflict names: its local "HH:MM - HH:MM" and bureau (None where not recorded)."""

    time: str | None
    bureau: str | None


@dataclass(frozen=True)
class ConflictView:
    """A stored conflict as Schedule Health lists it (seed 002's field names).

    `severity` is the level (high, medium, low), `rule_severity` the rule's (hard, soft); each of
    `shifts` has the shift's `time` and `bureau` where the rule named them (None otherwise)."""

    id: str
    type: str
    code: str
    severity: str
    rule_severity: str
    status: str
    employee: str | None
    employee_id: str | None
    description: str
    date: str | None
    shifts: tuple[ConflictShift, ...]
    shift_ids: tuple[str, ...]
    detected_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    bureau_id: str | None


@dataclass(frozen=True)
class ConflictState:
    """A stored conflict's status after someone acted on it."""

    id: str
    status: str
    resolved_at: datetime | None
    resolved_by: str | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None


def refresh(*, session: Session, start: datetime, end: datetime, actor: Employee | None) -> dict[str, int]:
    """Re-detect conflicts of shifts overlapping [start, end]: new ones are stored, existing ones keep
    their status (an acknowledged conflict stays acknowledged), and open ones no longer detected are
    marked resolved by whoever made the change (or "system")."""
    plan = staff_plan(session, start=start, end=end)
    detected = {
        c.key: c for c in evaluate(plan, rule_settings()) if c.code not in NOT_STORED and _within(c, start, end)
    }
    shifts = plan.shifts
    stored = {
        c.key: c
        for c in session.exec(
            select(StoredConflict).where(col(StoredConflict.window_start) < end, col(StoredConflict.window_end) > start)
        )
    }
    stored.update(
        {c.key: c for c in session.exec(select(StoredConflict).where(col(StoredConflict.key).in_(list(detected))))}
        if detected
        else {}
    )
    now = utcnow()
    counts = {"new": 0, "still": 0, "resolved": 0}
    for key, conflict in detected.items():
        row = stored.get(key)
        bureau_id = (
            shifts[conflict.shift_ids[0]].bureau_id if conflict.shift_ids and conflict.shift_ids[0] in shifts else None
        )
        if row is None:
            row = StoredConflict(
                key=key,
                message=conflict.message[:1000],
                rule_code=conflict.code,
                severity=conflict.severity,
                level=conflict.level,
                bureau_id=bureau_id,
                detected_at=now,
            )
            counts["new"] += 1
        else:
            counts["still"] += 1
            if row.status == "resolved":  # it came back: it needs a look again
                row.status, row.resolved_at, row.resolved_by = "unresolved", None, None
        row.employee_id = conflict.employee_ids[0] if conflict.employee_ids else None
        row.entities = conflict.entities
        row.message = conflict.message[:1000]
        # The Italian reading is kept beside the English message (the stored row's language): the health
        # page shows each reader the conflict in their language without the rule engine's parameters.
        row.details = {**_jsonable(conflict.details), ITALIAN_MESSAGE: conflict.text("it")[:1000]}
        row.date = conflict.date
        row.window_start, row.window_end = _window(conflict)
        row.last_seen_at = now
        session.add(row)
    for key, row in stored.items():
        if (
            key not in detected
            and row.status in OPEN_STATUSES
            and row.window_start
            and row.window_start < end
            and row.window_end is not None
            and row.window_end > start
        ):
            row.status, row.resolved_at = "resolved", now
            row.resolved_by = actor.id if actor else "system"
            session.add(row)
            counts["resolved"] += 1
    session.flush()
    return counts


def refresh_all(*, session: Session, actor: Employee | None) -> dict[str, int]:
    bounds = session.exec(select(func.min(Shift.start_at), func.max(Shift.end_at))).one()
    if bounds[0] is None:
        return {"new": 0, "still": 0, "resolved": 0}
    return refresh(session=session, start=bounds[0], end=bounds[1], actor=actor)


def _within(conflict: Conflict, start: datetime, end: datetime) -> bool:
    lo, hi = _window(conflict)
    return lo is None or hi is None or (lo < end and hi > start)


def _window(conflict: Conflict) -> tuple[datetime | None, datetime | None]:
    if conflict.start and conflict.end:
        return conflict.start, max(conflict.end, conflict.start + timedelta(minutes=1))
    if conflict.date:
        day = datetime.fromisoformat(conflict.date).replace(tzinfo=conflict.start.tzinfo if conflict.start else None)

        day = day.replace(tzinfo=UTC)
        return day, day + timedelta(days=7 if conflict.code == "max_shifts_per_week" else 1)
    return None, None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


ITALIAN_MESSAGE = "message_it"


def _message_for_reader(row: StoredConflict) -> str:
    """The conflict in the language of the person being answered (English for rows from before the
    Italian reading was kept)."""
    if reading_language() == "it" and row.details and row.details.get(ITALIAN_MESSAGE):
        return str(row.details[ITALIAN_MESSAGE])
    return row.message


def conflict_view(session: Session, row: StoredConflict, names: dict[str, str] | None = None) -> ConflictView:
    from shiftapp.rules.catalog import CATALOG

    employee = (names or {}).get(row.employee_id) if row.employee_id else None
    if row.employee_id and employee is None:
        person = session.get(Employee, row.employee_id)
        employee = person.full_name if person else None
    shifts = row.details.get("shifts", []) if row.details else []
    return ConflictView(
        id=row.id,
        type=CATALOG[row.rule_code].name if row.rule_code in CATALOG else row.rule_code,
        code=row.rule_code,
        severity=row.level,
        rule_severity=row.severity,
        status=row.status,
        employee=employee,
        employee_id=row.employee_id,
        description=_message_for_reader(row),
        date=row.date,
        shifts=tuple(ConflictShift(time=s.get("time"), bureau=s.get("bureau")) for s in shifts),
        shift_ids=tuple((row.entities or {}).get("shift_ids", [])),
        detected_at=row.detected_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
        bureau_id=row.bureau_id,
    )


def list_conflicts(
    *,
    session: Session,
    actor: Employee,
    status: str | None = None,
    severity: str | None = None,
    limit: int = 100,
    offset: int = 0,
    bureau_id: str | None = None,
) -> tuple[list[ConflictView], int]:
    query = select(StoredConflict)
    if status:
        if status not in ("unresolved", "acknowledged", "resolved", "dismissed"):
            raise ValidationFailed(
                "status must be unresolved, acknowledged, resolved or dismissed", details={"field": "status"}
            )
        query = query.where(StoredConflict.status == status)
    if severity:
        if severity not in ("high", "medium", "low"):
            raise ValidationFailed("severity must be high, medium or low", details={"field": "severity"})
        query = query.where(StoredConflict.level == severity)
    if bureau_id:
        query = query.where(StoredConflict.bureau_id == bureau_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # Hard before soft ("hard" sorts first), then by date.
    rows = list(
        session.exec(
            query.order_by(col(StoredConflict.severity), col(StoredConflict.date), col(StoredConflict.detected_at))
            .offset(offset)
            .limit(max(1, min(limit, 500)))
        )
    )
    names = {
        e.id: e.full_name
        for e in session.exec(
            select(Employee).where(col(Employee.id).in_({r.employee_id for r in rows if r.employee_id}))
        )
    }
    return [conflict_view(session, r, names) for r in rows], total


def _load(session: Session, conflict_id: str) -> StoredConflict:
    row = session.get(StoredConflict, conflict_id) if isinstance(conflict_id, str) else None
    if row is None:
        raise NotFound("Conflict not found")
    return row


def act_on_conflict(*, session: Session, actor: Employee, conflict_id: str, action: str) -> ConflictState:
    """acknowledge (seen, accepted for now) or resolve (handled outside the plan)."""
    if not access.is_leader_or_planner(actor):
        from shiftapp.services.errors import Forbidden

        raise Forbidden("Only team leaders, schedulers, managers and admins can change conflicts")
    if action not in ("acknowledge", "resolve"):
        raise ValidationFailed('action must be "acknowledge" or "resolve"', details={"field": "action"})
    row = _load(session, conflict_id)
    before = {"status": row.status}
    now = utcnow()
    if action == "acknowledge":
        row.status, row.acknowledged_by, row.acknowledged_at = "acknowledged", actor.id, now
    else:
        row.status, row.resolved_by, row.resolved_at = "resolved", actor.id, now
    session.add(row)
    record(
        session=session,
        actor=actor,
        entity_type="conflict",
        entity_id=row.id,
        action=action,
        before=before,
        after={"status": row.status},
        kind="conflict_change",
    )
    return ConflictState(
        id=row.id,
        status=row.status,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
    )


def dismiss_conflict(*, session: Session, actor: Employee, conflict_id: str) -> None:
    """A false positive: kept (so it is not raised again while detected) but hidden as dismissed."""
    if not access.is_leader_or_planner(actor):
        from shiftapp.services.errors import Forbidden

        raise Forbidden("Only team leaders, schedulers, managers and admins can dismiss conflicts")
    row = _load(session, conflict_id)
    before = {"status": row.status}
    row.status, row.resolved_by, row.resolved_at = "dismissed", actor.id, utcnow()
    session.add(row)
    record(
        session=session,
        actor=actor,
        entity_type="conflict",
        entity_id=row.id,
        action="dismiss",
        before=before,
        after={"status": "dismissed"},
        kind="conflict_change",
    )


def unresolved_by_severity(*, session: Session, actor: Employee, bureau_id: str | None = None) -> dict[str, int]:
    """How many unresolved conflicts there are at each level (high, medium, low), in one query."""
    query = select(StoredConflict.level, func.count()).where(StoredConflict.status == "unresolved")
    if bureau_id:
        query = query.where(StoredConflict.bureau_id == bureau_id)
    counts = dict(session.exec(query.group_by(StoredConflict.level)).all())
    return {level: counts.get(level, 0) for level in ("high", "medium", "low")}


def shifts_of_conflicts(session: Session, views: list[ConflictView]) -> dict[str, list[ShiftRow]]:
    """The shifts each listed conflict involves (as `list_conflicts` returned them), by conflict id:
    one query for the shifts of the whole page, not one per conflict."""
    from shiftapp.services.shift_views import shifts_with_people

    wanted = {shift_id for view in views for shift_id in view.shift_ids}
    found = (
        list(session.exec(select(Shift).where(col(Shift.id).in_(wanted)).order_by(col(Shift.start_at))))
        if wanted
        else []
    )
    rows_by_shift: dict[str, list[ShiftRow]] = {}
    for row in shifts_with_people(session, found):
        rows_by_shift.setdefault(row.id, []).append(row)
    return {view.id: [row for shift_id in view.shift_ids for row in rows_by_shift.get(shift_id, [])] for view in views}


__all__ = [
    "Assignment",
    "Bureau",
    "ConflictState",
    "ConflictView",
    "act_on_conflict",
    "dismiss_conflict",
    "list_conflicts",
    "refresh",
    "refresh_all",
    "shifts_of_conflicts",
    "unresolved_by_severity",
]
