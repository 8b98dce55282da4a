"""Planning PRO use cases beyond shifts and assignments: templates, availability, preview,
publish and the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import func
from sqlmodel import Session, col, select

from shiftapp.models import (
    Assignment,
    AuditEvent,
    Availability,
    Bureau,
    Employee,
    Mission,
    Shift,
    ShiftRoleName,
    ShiftTemplate,
)
from shiftapp.models.common import utcnow
from shiftapp.rules import (
    Assign,
    AssignmentSnapshot,
    Batch,
    ChangeResult,
    CreateShift,
    DeleteShift,
    MoveShift,
    RuleInForce,
    ShiftSnapshot,
    SnapshotError,
    Unassign,
    evaluate,
    evaluate_change,
    rule_catalog,
)
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.rules.engine import StaffChange
from shiftapp.services import access, notifications
from shiftapp.services.audit import overridden_conflicts, record
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, HardConflicts, NotFound, ValidationFailed
from shiftapp.services.shift_views import window_from_local, zone
from shiftapp.services.shifts import parse_hhmm, parse_instant
from shiftapp.services.snapshots import rule_settings, staff_plan
from shiftapp.services.text_limits import check_date_range, check_name, check_reason

# The use cases' typed inputs. The API's request schemas extend them with its length limits and strictness
# (api/schemas/planning.py), so a route hands its parsed body straight to the service.
AvailabilityKind = Literal["leave", "unavailable", "available"]


class NewTemplate(BaseModel):
    bureau_id: str
    name: str
    start_time: str
    end_time: str
    days: list[str] = Field(default_factory=list)
    mission_id: str | None = None
    required_role: ShiftRoleName | None = None
    required_skills: list[str] = Field(default_factory=list)
    capacity: int = 1
    active: bool = True


class TemplateChanges(BaseModel):
    """Only the fields given change; `version`, when given, must be the template's current one."""

    name: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    days: list[str] | None = None
    required_role: ShiftRoleName | None = None
    required_skills: list[str] | None = None
    capacity: int | None = None
    active: bool | None = None
    version: int | None = None


class NewAvailability(BaseModel):
    employee_id: str
    start_time: str
    end_time: str
    kind: AvailabilityKind = "leave"
    reason: str | None = None


class AvailabilityChanges(BaseModel):
    start_time: str | None = None
    end_time: str | None = None
    kind: AvailabilityKind | None = None
    reason: str | None = None


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ------------------------------------------------------------------ templates
def template_view(t: ShiftTemplate) -> dict[str, Any]:
    return {
        "id": t.id,
        "bureau_id": t.bureau_id,
        "mission_id": t.mission_id,
        "name": t.name,
        "start_time": t.start_time,
        "end_time": t.end_time,
        "days": list(t.days),
        "required_role": t.required_role,
        "required_skills": list(t.required_skills),
        "capacity": t.capacity,
        "active": t.active,
        "version": t.version,
    }


def _template_fields(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    if "name" in fields:
        check_name(fields["name"], "name")
    if "bureau_id" in fields and session.get(Bureau, fields["bureau_id"]) is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    if fields.get("mission_id") and session.get(Mission, fields["mission_id"]) is None:
        raise ValidationFailed("mission_id must name a known mission", details={"field": "mission_id"})
    for key in ("start_time", "end_time"):
        if key in fields:
            parse_hhmm(fields[key], key)
    if "days" in fields:
        bad = [d for d in fields["days"] if d not in WEEKDAYS]
        if bad:
            raise ValidationFailed(f"{bad[0]} is not a weekday name like Monday", details={"field": "days"})
    if fields.get("start_time") and fields.get("end_time") and fields["start_time"] == fields["end_time"]:
        raise ValidationFailed("A template's end_time must differ from its start_time", details={"field": "end_time"})
    return fields


def list_templates(*, session: Session, actor: Employee, bureau_id: str | None = None) -> list[ShiftTemplate]:
    query = select(ShiftTemplate)
    if bureau_id:
        query = query.where(ShiftTemplate.bureau_id == bureau_id)
    return list(session.exec(query.order_by(col(ShiftTemplate.name))))


def get_template(session: Session, template_id: str) -> ShiftTemplate:
    template = session.get(ShiftTemplate, template_id)
    if template is None:
        raise NotFound("Shift template not found")
    return template


def create_template(*, session: Session, actor: Employee, template_in: NewTemplate) -> ShiftTemplate:
    access.require_planner(actor, "Only admins, managers and schedulers can change shift templates")
    template = ShiftTemplate(**_template_fields(session, template_in.model_dump()))
    session.add(template)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="shift_template",
        entity_id=template.id,
        action="create",
        after=template_view(template),
    )
    return template


def update_template(*, session: Session, actor: Employee, template_id: str, changes: TemplateChanges) -> ShiftTemplate:
    """Change the fields the caller sent (a field sent as null is set to null); `version`, when sent,
    must match the template's current version."""
    access.require_planner(actor, "Only admins, managers and schedulers can change shift templates")
    template = get_template(session, template_id)
    fields = changes.model_dump(exclude_unset=True)
    expected_version = fields.pop("version", None)
    if expected_version is not None and expected_version != template.version:
        raise Conflict("This template was changed by someone else meanwhile; reload and try again")
    before = template_view(template)
    for key, value in _template_fields(session, fields).items():
        setattr(template, key, value)
    template.updated_at = utcnow()
    session.add(template)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="shift_template",
        entity_id=template.id,
        action="update",
        before=before,
        after=template_view(template),
    )
    return template


def delete_template(*, session: Session, actor: Employee, template_id: str) -> None:
    access.require_planner(actor, "Only admins, managers and schedulers can change shift templates")
    template = get_template(session, template_id)
    before = template_view(template)
    for shift in session.exec(select(Shift).where(Shift.template_id == template.id)):
        shift.template_id = None  # shifts made from it stay; they just forget their origin
        session.add(shift)
    session.delete(template)
    record(
        session=session,
        actor=actor,
        entity_type="shift_template",
        entity_id=template.id,
        action="delete",
        before=before,
    )


# ------------------------------------------------------------------ availability
@dataclass(frozen=True)
class AvailabilityEntry:
    """A leave or availability record as people read it: instants in UTC (`...Z`), the reason only
    for those allowed to read it."""

    id: str
    employee_id: str
    start_time: str
    end_time: str
    kind: str
    reason: str | None


def availability_entry(a: Availability, *, show_reason: bool = True) -> AvailabilityEntry:
    return AvailabilityEntry(
        id=a.id,
        employee_id=a.employee_id,
        start_time=a.start_at.isoformat().replace("+00:00", "Z"),
        end_time=a.end_at.isoformat().replace("+00:00", "Z"),
        kind=a.kind,
        reason=a.reason if show_reason else None,
    )


def availability_view(a: Availability) -> dict[str, Any]:
    """The record as the audit trail stores it."""
    return asdict(availability_entry(a))


def may_read_leave_reason(actor: Employee, employee_id: str) -> bool:
    """A leave reason is the person's own business and their leaders': colleagues see only that they are away."""
    return actor.id == employee_id or access.is_leader_or_planner(actor)


def list_availability(*, session: Session, actor: Employee, employee_id: str | None = None) -> list[AvailabilityEntry]:
    query = select(Availability)
    if employee_id:
        query = query.where(Availability.employee_id == employee_id)
    return [
        availability_entry(a, show_reason=may_read_leave_reason(actor, a.employee_id))
        for a in session.exec(query.order_by(col(Availability.start_at)))
    ]


def _check_availability(
    session: Session,
    actor: Employee,
    employee_id: str,
    start: datetime,
    end: datetime,
    kind: str,
    ignore_id: str | None = None,
) -> None:
    person = session.get(Employee, employee_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("Employee not found")
    if actor.id != employee_id and not access.is_planner(actor):
        from shiftapp.services.errors import Forbidden

        raise Forbidden("You can record leave and availability only for yourself")
    if end <= start:
        raise ValidationFailed("end_time must be after start_time", details={"field": "end_time"})
    overlapping = session.exec(
        select(Availability).where(
            Availability.employee_id == employee_id,
            Availability.start_at < end,
            Availability.end_at > start,
            Availability.kind == kind,
        )
    ).all()
    if any(o.id != ignore_id for o in overlapping):
        raise Conflict("This overlaps another record of the same kind for this employee; change that one instead")


def create_availability(*, session: Session, actor: Employee, availability_in: NewAvailability) -> AvailabilityEntry:
    start = parse_instant(availability_in.start_time, "start_time")
    end = parse_instant(availability_in.end_time, "end_time")
    kind = availability_in.kind
    check_reason(availability_in.reason)
    _check_availability(session, actor, availability_in.employee_id, start, end, kind)
    row = Availability(
        employee_id=availability_in.employee_id, start_at=start, end_at=end, kind=kind, reason=availability_in.reason
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="availability",
        entity_id=row.id,
        action="create",
        after=availability_view(row),
    )
    refresh(session=session, start=start, end=end, actor=actor)
    return availability_entry(row)


def update_availability(
    *, session: Session, actor: Employee, availability_id: str, changes: AvailabilityChanges
) -> AvailabilityEntry:
    """Change the fields the caller sent; an empty start, end or kind keeps the record's own."""
    row = session.get(Availability, availability_id)
    if row is None:
        raise NotFound("Availability record not found")
    start = parse_instant(changes.start_time, "start_time") if changes.start_time else row.start_at
    end = parse_instant(changes.end_time, "end_time") if changes.end_time else row.end_at
    kind = changes.kind or row.kind
    _check_availability(session, actor, row.employee_id, start, end, kind, ignore_id=row.id)
    before = availability_view(row)
    old = (row.start_at, row.end_at)
    row.start_at, row.end_at, row.kind = start, end, kind
    if "reason" in changes.model_fields_set:
        row.reason = check_reason(changes.reason)
    session.add(row)
    record(
        session=session,
        actor=actor,
        entity_type="availability",
        entity_id=row.id,
        action="update",
        before=before,
        after=availability_view(row),
    )
    refresh(session=session, start=min(old[0], start), end=max(old[1], end), actor=actor)
    return availability_entry(row)


def delete_availability(*, session: Session, actor: Employee, availability_id: str) -> None:
    row = session.get(Availability, availability_id)
    if row is None:
        raise NotFound("Availability record not found")
    if actor.id != row.employee_id and not access.is_planner(actor):
        from shiftapp.services.errors import Forbidden

        raise Forbidden("You can remove only your own leave and availability")
    before = availability_view(row)
    session.delete(row)
    session.flush()
    record(session=session, actor=actor, entity_type="availability", entity_id=row.id, action="delete", before=before)
    refresh(session=session, start=row.start_at, end=row.end_at, actor=actor)


# ------------------------------------------------------------------ rules, preview, publish
def rules() -> list[RuleInForce]:
    return rule_catalog(rule_settings())


class PreviewNewShift(BaseModel):
    """A shift to create, with the people to put on it."""

    op: Literal["create_shift"] = "create_shift"
    id: str | None = None
    bureau_id: str
    start_time: str
    end_time: str
    capacity: int = 1
    required_role: str | None = None
    shift_type: str | None = None
    status: str = "draft"
    employee_ids: list[str] = Field(default_factory=list)


class PreviewMove(BaseModel):
    op: Literal["move_shift"] = "move_shift"
    shift_id: str
    start_time: str
    end_time: str


class PreviewAssign(BaseModel):
    op: Literal["assign"] = "assign"
    shift_id: str
    employee_id: str


class PreviewUnassign(BaseModel):
    op: Literal["unassign"] = "unassign"
    assignment_id: str


class PreviewDelete(BaseModel):
    op: Literal["delete_shift"] = "delete_shift"
    shift_id: str


PreviewChange = PreviewNewShift | PreviewMove | PreviewAssign | PreviewUnassign | PreviewDelete


def preview(*, session: Session, actor: Employee, changes: Sequence[PreviewChange]) -> ChangeResult:
    """The hard and soft conflicts a set of proposed changes would cause (and remove), without writing."""
    if not changes:
        raise ValidationFailed("changes must list at least one change", details={"field": "changes"})
    items: list[StaffChange] = []
    windows: list[tuple[datetime, datetime]] = []
    for n, change in enumerate(changes):
        try:
            if isinstance(change, PreviewNewShift):
                start, end = parse_instant(change.start_time, "start_time"), parse_instant(change.end_time, "end_time")
                shift_id = change.id or f"preview-{n}"
                snapshot = ShiftSnapshot(
                    id=shift_id,
                    bureau_id=change.bureau_id,
                    start=start,
                    end=end,
                    capacity=change.capacity,
                    required_role=change.required_role,
                    shift_type=change.shift_type,
                    status=change.status,
                )
                assigns = tuple(
                    AssignmentSnapshot(id=f"{shift_id}:{e}", shift_id=shift_id, employee_id=e)
                    for e in change.employee_ids
                )
                items.append(CreateShift(snapshot, assigns))
                windows.append((start, end))
            elif isinstance(change, PreviewMove):
                shift = _shift(session, change.shift_id)
                start, end = parse_instant(change.start_time, "start_time"), parse_instant(change.end_time, "end_time")
                items.append(MoveShift(shift.id, start, end))
                windows += [(start, end), (shift.start_at, shift.end_at)]
            elif isinstance(change, PreviewAssign):
                shift = _shift(session, change.shift_id)
                # An unknown person is the snapshot check's to refuse (SnapshotError below).
                items.append(
                    Assign(
                        AssignmentSnapshot(
                            id=f"preview-{n}", shift_id=shift.id, employee_id=change.employee_id, status="proposed"
                        )
                    )
                )
                windows.append((shift.start_at, shift.end_at))
            elif isinstance(change, PreviewUnassign):
                assignment = session.get(Assignment, change.assignment_id)
                if assignment is None:
                    raise NotFound(f"change {n}: assignment not found")
                shift = _shift(session, assignment.shift_id)
                items.append(Unassign(assignment.id))
                windows.append((shift.start_at, shift.end_at))
            else:
                shift = _shift(session, change.shift_id)
                items.append(DeleteShift(shift.id))
                windows.append((shift.start_at, shift.end_at))
        except ValidationFailed as error:
            raise ValidationFailed(f"change {n}: {error.message}", details={"index": n}) from None
    plan = staff_plan(session, start=min(w[0] for w in windows), end=max(w[1] for w in windows))
    try:
        result = evaluate_change(plan, Batch(tuple(items)), rule_settings())
    except SnapshotError as error:
        raise ValidationFailed("; ".join(error.problems)) from None
    return result


def _shift(session: Session, shift_id: str) -> Shift:
    shift = session.get(Shift, shift_id) if isinstance(shift_id, str) else None
    if shift is None:
        raise NotFound(f"Shift {shift_id} not found")
    return shift


@dataclass(frozen=True)
class PublishOutcome:
    published: int
    shift_ids: list[str]
    forced: bool
    conflicts_overridden: int
    proposed_assignments_pending: int
    # What a preview (`write=False`) tells before anything is written; a write fills them in too.
    already_published: int = 0
    changed_since_publishing: int = 0
    first_day: str = ""  # local date of the first and last shift to publish ("" when none)
    last_day: str = ""
    blocking: tuple[RuleFinding, ...] = ()
    written: bool = True


def publish(
    *,
    session: Session,
    actor: Employee,
    bureau_id: str,
    start_date: date,
    end_date: date,
    force: bool = False,
    reason: str | None = None,
    write: bool = True,
) -> PublishOutcome:
    """Publish a bureau's shifts in a date range, in one transaction; hard conflicts block unless forced.

    With `write=False` nothing is written and nothing is refused: the answer says what the same call
    would publish (how many drafts, over which days), what is already published (and changed since),
    and the hard conflicts that would block it, so a confirmation shows exactly what the write does."""
    access.require_planner(actor, "Only admins, managers and schedulers can publish")
    bureau = session.get(Bureau, bureau_id)
    if bureau is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    if end_date < start_date:
        raise ValidationFailed("end_date must be on or after start_date", details={"field": "end_date"})
    start = window_from_local(start_date, time(0), time(0))[0]
    end = window_from_local(end_date + timedelta(days=1), time(0), time(0))[0]
    shifts = list(
        session.exec(
            select(Shift).where(
                Shift.bureau_id == bureau_id, Shift.start_at >= start, Shift.start_at < end, Shift.status != "cancelled"
            )
        )
    )
    plan = staff_plan(session, start=start, end=end)
    ids = {s.id for s in shifts}
    blocking = [c for c in evaluate(plan, rule_settings()) if c.severity == "hard" and ids & set(c.shift_ids)]
    drafts = sorted((s for s in shifts if s.status != "published"), key=lambda s: s.start_at)
    live = [s for s in shifts if s.status == "published"]
    changed = _changed_since_publishing(session, live)
    tz = zone()
    days = (
        (drafts[0].start_at.astimezone(tz).date().isoformat(), drafts[-1].start_at.astimezone(tz).date().isoformat())
        if drafts
        else ("", "")
    )
    if not write:
        return PublishOutcome(
            published=len(drafts),
            shift_ids=[s.id for s in drafts],
            forced=False,
            conflicts_overridden=0,
            proposed_assignments_pending=_proposed(session, ids),
            already_published=len(live),
            changed_since_publishing=changed,
            first_day=days[0],
            last_day=days[1],
            blocking=tuple(blocking),
            written=False,
        )
    if blocking and not force:
        raise HardConflicts(
            f"{len(blocking)} hard conflict(s) block publishing; fix them or publish with force and a reason",
            conflicts=blocking,
            details={"conflict_count": len(blocking)},
        )
    # Unlike a forced write (services/shifts.py), publishing past hard conflicts always needs a
    # reason: it releases a whole range at once, and every caller (Planning PRO, the timeline page)
    # has a field for one, so the rule holds for all of them alike.
    if blocking and not (reason or "").strip():
        raise ValidationFailed("Publishing past hard conflicts needs a reason", details={"field": "reason"})
    proposed = _proposed(session, ids)
    now = utcnow()
    published = []
    for shift in shifts:
        if shift.status == "published":
            continue
        before = {"status": shift.status}
        shift.status, shift.published_at, shift.updated_at = "published", now, now
        session.add(shift)
        record(
            session=session,
            actor=actor,
            entity_type="shift",
            entity_id=shift.id,
            action="publish",
            before=before,
            after={"status": "published"},
            reason=reason if blocking else None,
        )
        published.append(shift.id)
    record(
        session=session,
        actor=actor,
        entity_type="schedule",
        entity_id=bureau_id,
        action="publish",
        after={
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
            "shift_ids": published,
            "forced": bool(blocking),
            "conflicts_overridden": overridden_conflicts(blocking),
        },
        reason=reason,
    )
    # One message per person over everything this publish released, not one per shift.
    notifications.schedule_published(
        session,
        bureau=bureau.name,
        start_date=start_date,
        end_date=end_date,
        shifts=[s for s in shifts if s.id in set(published)],
    )
    return PublishOutcome(
        published=len(published),
        shift_ids=published,
        forced=bool(blocking),
        conflicts_overridden=len(blocking),
        proposed_assignments_pending=proposed,
        already_published=len(live),
        changed_since_publishing=changed,
        first_day=days[0],
        last_day=days[1],
        blocking=tuple(blocking),
    )


def _proposed(session: Session, ids: set[str]) -> int:
    if not ids:
        return 0
    return session.exec(
        select(func.count())
        .select_from(Assignment)
        .where(col(Assignment.shift_id).in_(ids), Assignment.status == "proposed")
    ).one()


def _changed_since_publishing(session: Session, live: list[Shift]) -> int:
    """How many published shifts were edited (or restaffed) after publishing, as the schedule marks them."""
    from shiftapp.services.timeline_axis import status_of

    placed: dict[str, list[Assignment]] = {}
    ids = [s.id for s in live]
    for chunk in range(0, len(ids), 500):
        for a in session.exec(select(Assignment).where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500]))):
            placed.setdefault(a.shift_id, []).append(a)
    return sum(status_of(s, placed.get(s.id, [])) == "changed" for s in live)


# ------------------------------------------------------------------ audit
@dataclass(frozen=True)
class AuditEntry:
    """An audit event with its actor's name ("system" for changes no person made) and its instant in UTC."""

    id: str
    kind: str
    entity_type: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    actor_id: str | None
    actor: str | None
    reason: str | None
    at: str


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEntry]
    total: int
    page: int
    page_size: int


def audit_entry(event: AuditEvent, names: dict[str, str]) -> AuditEntry:
    return AuditEntry(
        id=event.id,
        kind=event.kind,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        action=event.action,
        before=event.before,
        after=event.after,
        actor_id=event.actor_id,
        actor=names.get(event.actor_id) if event.actor_id else "system",
        reason=event.reason,
        at=event.at.isoformat().replace("+00:00", "Z"),
    )


def list_audit(
    *,
    session: Session,
    actor: Employee,
    entity_type: str | None = None,
    entity_id: str | None = None,
    actor_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: str | None = "planning_change",
    page: int = 1,
    page_size: int = 50,
) -> AuditPage:
    if not access.is_leader_or_planner(actor):
        from shiftapp.services.errors import Forbidden

        raise Forbidden("Only team leaders, schedulers, managers and admins can read the audit trail")
    query = select(AuditEvent)
    if kind:
        query = query.where(AuditEvent.kind == kind)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    for field, value in (("date_from", date_from), ("date_to", date_to)):
        if value:
            check_date_range(value, field)
    if date_from:
        query = query.where(AuditEvent.at >= datetime.combine(date_from, time(0), tzinfo=UTC))
    if date_to:
        query = query.where(AuditEvent.at < datetime.combine(date_to + timedelta(days=1), time(0), tzinfo=UTC))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = list(
        session.exec(
            query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id))
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    names = (
        {
            e.id: e.full_name
            for e in session.exec(
                select(Employee).where(col(Employee.id).in_({r.actor_id for r in rows if r.actor_id}))
            )
        }
        if rows
        else {}
    )
    return AuditPage(items=[audit_entry(r, names) for r in rows], total=total, page=page, page_size=page_size)
