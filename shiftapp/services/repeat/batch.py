"""What both kinds of batch are computed from: who may plan the bureau, its local time, its shifts as
the planner reads them, and the rule engine's verdict on creating every planned shift at once with
the preview's fingerprint."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, select

from shiftapp.models import Assignment, Bureau, Employee, Shift
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
    SourceShift,
)
from shiftapp.services import access
from shiftapp.services.errors import Forbidden, TooLarge, ValidationFailed
from shiftapp.services.repeat.contracts import (
    MAX_SHIFTS,
    BatchKind,
    BatchPreview,
    PersonOnShift,
    PreviewRow,
    SkippedRow,
)
from shiftapp.services.shift_views import zone as planning_zone
from shiftapp.services.snapshots import rule_settings, staff_plan


def bureau_to_plan(session: Session, actor: Employee, bureau_id: str) -> Bureau:
    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, schedulers, managers and admins can copy weeks or apply templates")
    bureau = session.get(Bureau, bureau_id) if isinstance(bureau_id, str) and bureau_id else None
    if bureau is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    if not access.leads_or_plans(actor, bureau.id):
        raise Forbidden("You can copy weeks and apply templates only in the bureau you lead")
    return bureau


def bureau_zone(bureau: Bureau) -> ZoneInfo:
    try:
        return ZoneInfo(bureau.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return planning_zone()


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def bureau_shifts(session: Session, bureau_id: str, lo: datetime, hi: datetime) -> list[SourceShift]:
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


def schedule_state(session: Session, bureau_id: str, lo: datetime, hi: datetime) -> list[list[object]]:
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


def judge(
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
            start_time=utc_iso(p.start),
            end_time=utc_iso(p.end),
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
                utc_iso(p.start),
                utc_iso(p.end),
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


def too_many(count: int, fix: str) -> TooLarge:
    return TooLarge(
        f"This would plan {count:,} shifts; at most {MAX_SHIFTS:,} are created at once. {fix}",
        details={"shift_count": count, "max_shifts": MAX_SHIFTS},
    )
