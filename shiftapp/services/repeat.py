"""Copy and repeat (issue 20, item 7): copy a bureau's week to the following weeks, or apply shift
templates over a date range, after a preview of what would be created and what the rule engine
finds wrong with it.

Preview and commit are one computation (`_copy_week_batch`, `_template_batch`): the commit runs it
again inside its transaction, after taking the locks, and goes ahead only when the result carries
the fingerprint the preview showed, so what is written is exactly what was previewed. The
fingerprint covers the request, every shift to be created, the skipped ones, the conflicts and the
bureau's shifts (ids, versions, people) over the source and target range; any of them changed
since the preview is a 409. Hard conflicts refuse the batch unless forced (the forcing rule of
`services.shifts`: `force` is enough, a reason is recorded when given). The batch is written in one
transaction: one audit entry per shift and per assignment (as a shift created by hand has) and one
for the batch, which names every shift it made and the conflicts a force went past.

Who may: planners and admins for every bureau, a team leader for the bureau they lead.

The pages and the API run previews and commits in a job worker (`services.repeat_jobs`); what can be
refused without the rule engine (`check_copy_week`, `check_apply_templates`) is answered before a job
is queued."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel
from sqlalchemy import insert
from sqlmodel import Session, col, select

from shiftapp.db import claim_write_lock
from shiftapp.models import Assignment, AuditEvent, Bureau, Employee, Shift, ShiftTemplate
from shiftapp.models.common import new_id, utcnow
from shiftapp.rules import (
    AssignmentSnapshot,
    Batch,
    ChangeResult,
    CreateShift,
    ShiftSnapshot,
    SnapshotError,
    evaluate_change,
)
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.scheduling.copies import (
    CopyPlan,
    PlannedShift,
    SourceShift,
    TemplateSpec,
    count_template_shifts,
    plan_template_shifts,
    plan_week_copies,
)
from shiftapp.services import access
from shiftapp.services.audit import overridden_conflicts, record
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, Forbidden, HardConflicts, TooLarge, ValidationFailed
from shiftapp.services.locks import lock_people
from shiftapp.services.shift_views import zone as planning_zone
from shiftapp.services.shifts import parse_hhmm
from shiftapp.services.snapshots import rule_settings, staff_plan
from shiftapp.services.text_limits import check_date_range, check_reason

MAX_WEEKS = 12
MAX_SHIFTS = 5_000
MAX_TEMPLATE_DAYS = 7 * MAX_WEEKS

BatchKind = Literal["copy_week", "apply_templates"]


class CopyWeekRequest(BaseModel):
    """Copy the bureau's week starting `source_week` (a Monday, local) to the `weeks` weeks after it."""

    bureau_id: str
    source_week: date
    weeks: int = 1
    include_assignments: bool = False


class ApplyTemplatesRequest(BaseModel):
    """Make shifts from templates on each day from `start_date` to `end_date` (inclusive, local);
    `template_ids` empty or left out means every active template of the bureau."""

    bureau_id: str
    start_date: date
    end_date: date
    template_ids: list[str] | None = None


@dataclass(frozen=True)
class PersonOnShift:
    employee_id: str
    name: str
    status: str


@dataclass(frozen=True)
class PreviewRow:
    """A shift the batch would create, in the bureau's local time, with the conflicts it brings."""

    key: str
    date: str
    weekday: str
    start_hhmm: str
    end_hhmm: str
    start_time: str  # UTC instant, ISO with Z
    end_time: str
    shift_type: str | None
    required_role: str | None
    capacity: int
    people: tuple[PersonOnShift, ...]
    source_shift_id: str | None
    template_id: str | None
    template_name: str | None
    week_offset: int
    conflicts: tuple[RuleFinding, ...]


@dataclass(frozen=True)
class SkippedRow:
    key: str
    date: str
    start_hhmm: str
    end_hhmm: str
    shift_type: str | None
    reason: str
    existing_shift_id: str | None


@dataclass(frozen=True)
class BatchPreview:
    kind: BatchKind
    bureau_id: str
    bureau_name: str
    timezone: str
    rows: list[PreviewRow]
    skipped: list[SkippedRow]
    conflicts: list[RuleFinding]
    hard_count: int
    soft_count: int
    fingerprint: str
    # What the commit writes: the planned shifts behind `rows`, in the same order.
    planned: list[PlannedShift] = field(repr=False, default_factory=list)

    @property
    def hard(self) -> list[RuleFinding]:
        return [c for c in self.conflicts if c.severity == "hard"]


@dataclass(frozen=True)
class BatchOutcome:
    batch_id: str
    kind: BatchKind
    bureau_id: str
    created: int
    assignments: int
    skipped: int
    shift_ids: list[str]
    forced: bool
    conflicts_overridden: int
    hard_count: int
    soft_count: int


# ------------------------------------------------------------------ shared pieces
def _bureau(session: Session, actor: Employee, bureau_id: str) -> Bureau:
    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, schedulers, managers and admins can copy weeks or apply templates")
    bureau = session.get(Bureau, bureau_id) if isinstance(bureau_id, str) and bureau_id else None
    if bureau is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    if not access.leads_or_plans(actor, bureau.id):
        raise Forbidden("You can copy weeks and apply templates only in the bureau you lead")
    return bureau


def _zone(bureau: Bureau) -> ZoneInfo:
    try:
        return ZoneInfo(bureau.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return planning_zone()


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _bureau_shifts(session: Session, bureau_id: str, lo: datetime, hi: datetime) -> list[SourceShift]:
    """The bureau's shifts starting in [lo, hi), with their people, as the planner reads them."""
    shifts = list(
        session.exec(
            select(Shift)
            .where(Shift.bureau_id == bureau_id, col(Shift.start_at) >= lo, col(Shift.start_at) < hi)
            .order_by(col(Shift.start_at), col(Shift.id))
        )
    )
    people: dict[str, list[Assignment]] = {}
    ids = [s.id for s in shifts]
    for chunk in range(0, len(ids), 500):
        for a in session.exec(
            select(Assignment)
            .where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500]))
            .order_by(col(Assignment.created_at), col(Assignment.id))
        ):
            people.setdefault(a.shift_id, []).append(a)
    return [
        SourceShift(
            id=s.id,
            start=s.start_at,
            end=s.end_at,
            status=s.status,
            shift_type=s.shift_type,
            required_role=s.required_role,
            required_skills=tuple(s.required_skills or ()),
            capacity=s.capacity,
            mission_id=s.mission_id,
            notes=s.notes,
            employee_ids=tuple(a.employee_id for a in people.get(s.id, [])),
            assignment_statuses=tuple(a.status for a in people.get(s.id, [])),
        )
        for s in shifts
    ]


def _schedule_state(session: Session, bureau_id: str, lo: datetime, hi: datetime) -> list[list[object]]:
    """Ids, versions and people of the bureau's shifts over the range: part of the fingerprint, so a
    shift changed, added or removed there since the preview makes the commit a 409."""
    shifts = session.exec(
        select(Shift.id, Shift.version)
        .where(Shift.bureau_id == bureau_id, col(Shift.start_at) >= lo, col(Shift.start_at) < hi)
        .order_by(col(Shift.id))
    ).all()
    ids = [shift_id for shift_id, _version in shifts]
    people: dict[str, list[list[object]]] = {}
    for chunk in range(0, len(ids), 500):
        for shift_id, employee_id, status, version in session.exec(
            select(Assignment.shift_id, Assignment.employee_id, Assignment.status, Assignment.version)
            .where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500]))
            .order_by(col(Assignment.employee_id))
        ):
            people.setdefault(shift_id, []).append([employee_id, status, version])
    return [[shift_id, version, people.get(shift_id, [])] for shift_id, version in shifts]


def _judge(
    session: Session,
    *,
    kind: BatchKind,
    bureau: Bureau,
    zone: ZoneInfo,
    plan: CopyPlan,
    request: dict[str, object],
    state: list[list[object]],
) -> BatchPreview:
    """The rule engine's verdict on creating every planned shift at once, and the preview's fingerprint."""
    bureau_name = bureau.name
    snapshots = [
        CreateShift(
            ShiftSnapshot(
                id=p.key,
                bureau_id=bureau.id,
                start=p.start,
                end=p.end,
                status="draft",
                capacity=p.capacity,
                required_role=p.required_role,
                required_skills=frozenset(p.required_skills),
                mission_id=p.mission_id,
                shift_type=p.shift_type,
                bureau_name=bureau_name,
            ),
            tuple(
                AssignmentSnapshot(id=f"{p.key}:{e}", shift_id=p.key, employee_id=e, status=s)
                for e, s in zip(p.employee_ids, p.assignment_statuses, strict=True)
            ),
        )
        for p in plan.create
    ]
    result = ChangeResult()
    if snapshots:
        context = staff_plan(session, start=min(p.start for p in plan.create), end=max(p.end for p in plan.create))
        try:
            result = evaluate_change(context, Batch(tuple(snapshots)), rule_settings())
        except SnapshotError as error:
            raise ValidationFailed("; ".join(error.problems[:3])) from None
    by_key: dict[str, list[RuleFinding]] = {}
    for conflict in result.introduced:
        for shift_id in conflict.shift_ids:
            by_key.setdefault(shift_id, []).append(conflict)
    people_ids = {e for p in plan.create for e in p.employee_ids}
    names = (
        {e.id: e.full_name for e in session.exec(select(Employee).where(col(Employee.id).in_(people_ids)))}
        if people_ids
        else {}
    )
    rows = [
        PreviewRow(
            key=p.key,
            date=p.local_date.isoformat(),
            weekday=f"{p.local_date:%A}",
            start_hhmm=p.start_hhmm,
            end_hhmm=p.end_hhmm,
            start_time=_iso(p.start),
            end_time=_iso(p.end),
            shift_type=p.shift_type,
            required_role=p.required_role,
            capacity=p.capacity,
            people=tuple(
                PersonOnShift(employee_id=e, name=names.get(e, e), status=s)
                for e, s in zip(p.employee_ids, p.assignment_statuses, strict=True)
            ),
            source_shift_id=p.source_shift_id,
            template_id=p.template_id,
            template_name=p.template_name,
            week_offset=p.week_offset,
            conflicts=tuple(by_key.get(p.key, ())),
        )
        for p in plan.create
    ]
    skipped = [
        SkippedRow(
            key=s.planned.key,
            date=s.planned.local_date.isoformat(),
            start_hhmm=s.planned.start_hhmm,
            end_hhmm=s.planned.end_hhmm,
            shift_type=s.planned.shift_type,
            reason=s.reason,
            existing_shift_id=s.existing_shift_id,
        )
        for s in plan.skipped
    ]
    digest = {
        "kind": kind,
        "request": request,
        "create": [
            [
                p.key,
                _iso(p.start),
                _iso(p.end),
                p.shift_type,
                p.required_role,
                list(p.required_skills),
                p.capacity,
                p.mission_id,
                p.notes,
                list(p.employee_ids),
                list(p.assignment_statuses),
                p.template_id,
            ]
            for p in plan.create
        ],
        "skipped": [[s.key, s.reason, s.existing_shift_id] for s in skipped],
        "conflicts": sorted([c.key, c.severity, c.message] for c in result.introduced),
        "schedule": state,
    }
    fingerprint = hashlib.sha256(json.dumps(digest, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return BatchPreview(
        kind=kind,
        bureau_id=bureau.id,
        bureau_name=bureau_name,
        timezone=zone.key,
        rows=rows,
        skipped=skipped,
        conflicts=list(result.introduced),
        hard_count=len(result.hard),
        soft_count=len(result.soft),
        fingerprint=fingerprint,
        planned=list(plan.create),
    )


def _too_many(count: int, fix: str) -> TooLarge:
    return TooLarge(
        f"This would plan {count:,} shifts; at most {MAX_SHIFTS:,} are created at once. {fix}",
        details={"shift_count": count, "max_shifts": MAX_SHIFTS},
    )


# ------------------------------------------------------------------ copy a week
@dataclass(frozen=True)
class _CopyScope:
    """A copy request that passed every check before the rule engine: its bureau, zone and weeks."""

    bureau: Bureau
    zone: ZoneInfo
    monday: date
    source_lo: datetime
    source_hi: datetime
    target_hi: datetime
    source: list[SourceShift]


def _copy_scope(session: Session, actor: Employee, request: CopyWeekRequest) -> _CopyScope:
    bureau = _bureau(session, actor, request.bureau_id)
    check_date_range(request.source_week, "source_week")
    monday = request.source_week
    if monday.weekday() != 0:
        start_of_week = monday - timedelta(days=monday.weekday())
        raise ValidationFailed(
            f"source_week must be a Monday; {monday.isoformat()} is a {monday:%A} (its week starts "
            f"{start_of_week.isoformat()})",
            details={"field": "source_week", "monday": start_of_week.isoformat()},
        )
    if request.weeks < 1:
        raise ValidationFailed("weeks must be at least 1", details={"field": "weeks"})
    if request.weeks > MAX_WEEKS:
        raise TooLarge(
            f"weeks may be at most {MAX_WEEKS} (got {request.weeks}); copy the week again from a later week "
            "for a longer stretch",
            details={"field": "weeks", "max_weeks": MAX_WEEKS},
        )
    zone = _zone(bureau)
    source_lo, source_hi = _midnight(monday, zone), _midnight(monday + timedelta(days=7), zone)
    target_hi = _midnight(monday + timedelta(days=7 * (request.weeks + 1)), zone)
    check_date_range(monday + timedelta(days=7 * (request.weeks + 1)), "weeks")
    source = _bureau_shifts(session, bureau.id, source_lo, source_hi)
    if len(source) * request.weeks > MAX_SHIFTS:
        raise _too_many(len(source) * request.weeks, "Copy to fewer weeks at a time.")
    return _CopyScope(bureau, zone, monday, source_lo, source_hi, target_hi, source)


def check_copy_week(*, session: Session, actor: Employee, request: CopyWeekRequest) -> None:
    """Every refusal a copy meets before the rule engine runs (role, bureau, dates, size), in the
    caller's process: a job is queued only for a request that can be computed."""
    _copy_scope(session, actor, request)


def _copy_week_batch(session: Session, actor: Employee, request: CopyWeekRequest) -> BatchPreview:
    scope = _copy_scope(session, actor, request)
    bureau, zone, source = scope.bureau, scope.zone, scope.source
    existing = _bureau_shifts(session, bureau.id, scope.source_hi, scope.target_hi)
    people = {e for s in source for e in s.employee_ids}
    leavers = (
        frozenset(
            e.id
            for e in session.exec(select(Employee).where(col(Employee.id).in_(people)))
            if e.deleted_at is not None or e.status != "active"
        )
        if people and request.include_assignments
        else frozenset()
    )
    plan = plan_week_copies(
        source=source,
        source_monday=scope.monday,
        weeks=request.weeks,
        include_assignments=request.include_assignments,
        zone=zone,
        existing=existing,
        leavers=leavers,
    )
    return _judge(
        session,
        kind="copy_week",
        bureau=bureau,
        zone=zone,
        plan=plan,
        request=request.model_dump(mode="json"),
        state=_schedule_state(session, bureau.id, scope.source_lo, scope.target_hi),
    )


def preview_copy_week(*, session: Session, actor: Employee, request: CopyWeekRequest) -> BatchPreview:
    """What copying the week would create, skip and break; nothing is written."""
    return _copy_week_batch(session, actor, request)


def copy_week(
    *,
    session: Session,
    actor: Employee,
    request: CopyWeekRequest,
    fingerprint: str,
    force: bool = False,
    reason: str | None = None,
) -> BatchOutcome:
    """Create what the preview with this fingerprint showed, in one transaction."""
    check_reason(reason)
    bureau = _bureau(session, actor, request.bureau_id)
    _lock_bureau(session, bureau.id)
    if request.include_assignments and request.source_week.weekday() == 0:
        zone = _zone(bureau)
        lo = _midnight(request.source_week, zone)
        source = _bureau_shifts(session, bureau.id, lo, _midnight(request.source_week + timedelta(days=7), zone))
        lock_people(session, [e for s in source for e in s.employee_ids])
    preview = _copy_week_batch(session, actor, request)
    return _write(session, actor, preview, fingerprint=fingerprint, force=force, reason=reason, request=request)


# ------------------------------------------------------------------ apply templates
@dataclass(frozen=True)
class _TemplateScope:
    """A template request that passed every check before the rule engine: its bureau, templates and days."""

    bureau: Bureau
    zone: ZoneInfo
    chosen: list[ShiftTemplate]
    specs: list[TemplateSpec]
    lo: datetime
    hi: datetime


def _template_scope(session: Session, actor: Employee, request: ApplyTemplatesRequest) -> _TemplateScope:
    bureau = _bureau(session, actor, request.bureau_id)
    check_date_range(request.start_date, "start_date")
    check_date_range(request.end_date, "end_date")
    if request.end_date < request.start_date:
        raise ValidationFailed("end_date must be on or after start_date", details={"field": "end_date"})
    days = (request.end_date - request.start_date).days + 1
    if days > MAX_TEMPLATE_DAYS:
        raise TooLarge(
            f"A date range covers at most {MAX_TEMPLATE_DAYS} days ({MAX_WEEKS} weeks); this one has {days}. "
            "Apply the templates in parts.",
            details={"field": "end_date", "max_days": MAX_TEMPLATE_DAYS},
        )
    chosen = _templates(session, bureau, request.template_ids)
    specs = [
        TemplateSpec(
            id=t.id,
            name=t.name,
            start_time=parse_hhmm(t.start_time, f"template {t.name}: start_time"),
            end_time=parse_hhmm(t.end_time, f"template {t.name}: end_time"),
            days=tuple(t.days or ()),
            required_role=t.required_role,
            required_skills=tuple(t.required_skills or ()),
            capacity=t.capacity,
            mission_id=t.mission_id,
        )
        for t in chosen
    ]
    count = count_template_shifts(specs, request.start_date, request.end_date)
    if count > MAX_SHIFTS:
        raise _too_many(count, "Choose fewer templates or a shorter range.")
    zone = _zone(bureau)
    lo = _midnight(request.start_date, zone)
    hi = _midnight(request.end_date + timedelta(days=1), zone)
    return _TemplateScope(bureau, zone, chosen, specs, lo, hi)


def check_apply_templates(*, session: Session, actor: Employee, request: ApplyTemplatesRequest) -> None:
    """Every refusal applying templates meets before the rule engine runs (role, bureau, templates,
    dates, size), in the caller's process: a job is queued only for a request that can be computed."""
    _template_scope(session, actor, request)


def _template_batch(session: Session, actor: Employee, request: ApplyTemplatesRequest) -> BatchPreview:
    scope = _template_scope(session, actor, request)
    bureau, chosen = scope.bureau, scope.chosen
    plan = plan_template_shifts(
        templates=scope.specs,
        start_date=request.start_date,
        end_date=request.end_date,
        zone=scope.zone,
        existing=_bureau_shifts(session, bureau.id, scope.lo, scope.hi),
    )
    return _judge(
        session,
        kind="apply_templates",
        bureau=bureau,
        zone=scope.zone,
        plan=plan,
        request={**request.model_dump(mode="json"), "template_ids": sorted(t.id for t in chosen)},
        state=_schedule_state(session, bureau.id, scope.lo, scope.hi)
        + [[t.id, t.version, []] for t in sorted(chosen, key=lambda t: t.id)],
    )


def _templates(session: Session, bureau: Bureau, template_ids: Sequence[str] | None) -> list[ShiftTemplate]:
    if not template_ids:
        found = list(
            session.exec(
                select(ShiftTemplate)
                .where(ShiftTemplate.bureau_id == bureau.id, col(ShiftTemplate.active).is_(True))
                .order_by(col(ShiftTemplate.name))
            )
        )
        if not found:
            raise ValidationFailed(
                f"{bureau.name} has no active shift templates; create or activate one first",
                details={"field": "template_ids"},
            )
        return found
    chosen: list[ShiftTemplate] = []
    for template_id in dict.fromkeys(template_ids):
        template = session.get(ShiftTemplate, template_id) if isinstance(template_id, str) else None
        if template is None or template.bureau_id != bureau.id:
            raise ValidationFailed(
                f"template {template_id} is not one of {bureau.name}'s shift templates",
                details={"field": "template_ids"},
            )
        chosen.append(template)
    return chosen


def preview_apply_templates(*, session: Session, actor: Employee, request: ApplyTemplatesRequest) -> BatchPreview:
    """What applying the templates would create, skip and break; nothing is written."""
    return _template_batch(session, actor, request)


def apply_templates(
    *,
    session: Session,
    actor: Employee,
    request: ApplyTemplatesRequest,
    fingerprint: str,
    force: bool = False,
    reason: str | None = None,
) -> BatchOutcome:
    """Create what the preview with this fingerprint showed, in one transaction."""
    check_reason(reason)
    bureau = _bureau(session, actor, request.bureau_id)
    _lock_bureau(session, bureau.id)
    preview = _template_batch(session, actor, request)
    return _write(session, actor, preview, fingerprint=fingerprint, force=force, reason=reason, request=request)


# ------------------------------------------------------------------ the write
def _shift_record(row: dict[str, Any]) -> dict[str, Any]:
    """A new shift's audit record, as `services.shifts.shift_record` writes it for a shift made by hand."""
    return {
        "id": row["id"],
        "bureau_id": row["bureau_id"],
        "mission_id": row["mission_id"],
        "shift_type": row["shift_type"],
        "required_role": row["required_role"],
        "required_skills": list(row["required_skills"]),
        "capacity": row["capacity"],
        "start_time": _iso(row["start_at"]),
        "end_time": _iso(row["end_at"]),
        "status": row["status"],
        "notes": row["notes"],
        "version": row["version"],
    }


def _audit_row(actor: Employee, entity_type: str, entity_id: str, after: dict[str, Any]) -> dict[str, Any]:
    """An audit entry as `services.audit.record` writes it (the batch's reason was checked up front)."""
    return {
        "id": new_id(),
        "kind": "planning_change",
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": "create",
        "before": None,
        "after": after,
        "actor_id": actor.id,
        "at": utcnow(),
    }


def _lock_bureau(session: Session, bureau_id: str) -> None:
    """Two batches into one bureau are decided one after the other (the second sees the first's shifts)."""
    claim_write_lock(session)
    session.exec(select(Bureau.id).where(Bureau.id == bureau_id).with_for_update(key_share=True)).all()


def _write(
    session: Session,
    actor: Employee,
    preview: BatchPreview,
    *,
    fingerprint: str,
    force: bool,
    reason: str | None,
    request: BaseModel,
) -> BatchOutcome:
    if fingerprint != preview.fingerprint:
        raise Conflict(
            "The schedule changed since your preview; preview again and check the new list before creating",
            details={"fingerprint": preview.fingerprint, "your_fingerprint": fingerprint},
        )
    hard = preview.hard
    if hard and not force:
        raise HardConflicts(
            f"{len(hard)} hard conflict(s) in what would be created; fix them or create anyway with force: true",
            conflicts=hard,
            details={"conflict_count": len(hard), "fingerprint": preview.fingerprint},
            hint="Set force: true (a reason is recorded when given) to create the shifts anyway",
            change=ChangeResult(introduced=list(preview.conflicts)),
        )
    batch_id = new_id()
    forced = bool(force and hard)
    now = utcnow()
    # Written as bulk inserts of plain rows: building thousands of SQLModel objects (and their
    # audit entries) one by one costs most of a large batch's time. The rows hold exactly what
    # creating each shift by hand stores, in the same transaction.
    created: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    for planned in preview.planned:
        shift_id = new_id()
        created.append(
            {
                "id": shift_id,
                "bureau_id": preview.bureau_id,
                "mission_id": planned.mission_id,
                "template_id": planned.template_id,
                "shift_type": planned.shift_type,
                "required_role": planned.required_role,
                "required_skills": list(planned.required_skills),
                "capacity": planned.capacity,
                "start_at": planned.start,
                "end_at": planned.end,
                "status": "draft",
                "notes": planned.notes,
                "published_at": None,
                "created_by": actor.id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        assignments += [
            {
                "id": new_id(),
                "shift_id": shift_id,
                "employee_id": e,
                "source": "manual",
                "status": s,
                "created_by": actor.id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for e, s in zip(planned.employee_ids, planned.assignment_statuses, strict=True)
        ]
    audit: list[dict[str, Any]] = []
    for row, planned in zip(created, preview.planned, strict=True):
        origin = {"copied_from": planned.source_shift_id} if planned.source_shift_id else {}
        if planned.template_id:
            origin = {"template_id": planned.template_id}
        audit.append(_audit_row(actor, "shift", row["id"], {**_shift_record(row), "batch": batch_id, **origin}))
    for row in assignments:
        after = {k: row[k] for k in ("shift_id", "employee_id", "source", "status")}
        audit.append(_audit_row(actor, "assignment", row["id"], {**after, "batch": batch_id}))
    for chunk in range(0, len(created), 1000):
        session.execute(insert(Shift), created[chunk : chunk + 1000])
    for chunk in range(0, len(assignments), 1000):
        session.execute(insert(Assignment), assignments[chunk : chunk + 1000])
    for chunk in range(0, len(audit), 1000):
        session.execute(
            insert(AuditEvent), [{**row, "reason": reason if forced else None} for row in audit[chunk : chunk + 1000]]
        )
    if created:
        record(
            session=session,
            actor=actor,
            entity_type="schedule",
            entity_id=preview.bureau_id,
            action=preview.kind,
            after={
                "batch": batch_id,
                "request": request.model_dump(mode="json"),
                "fingerprint": preview.fingerprint,
                "shift_ids": [row["id"] for row in created],
                "assignments": len(assignments),
                "skipped": len(preview.skipped),
                "forced": forced,
                "conflicts_overridden": overridden_conflicts(hard) if forced else [],
            },
            reason=reason,
        )
        refresh(
            session=session,
            start=min(row["start_at"] for row in created) - timedelta(days=1),
            end=max(row["end_at"] for row in created) + timedelta(days=1),
            actor=actor,
        )
    return BatchOutcome(
        batch_id=batch_id,
        kind=preview.kind,
        bureau_id=preview.bureau_id,
        created=len(created),
        assignments=len(assignments),
        skipped=len(preview.skipped),
        shift_ids=[row["id"] for row in created],
        forced=forced,
        conflicts_overridden=len(hard) if forced else 0,
        hard_count=preview.hard_count,
        soft_count=preview.soft_count,
    )
