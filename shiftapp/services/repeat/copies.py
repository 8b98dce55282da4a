"""Copy a bureau's week to the weeks after it: the checks, the preview, and the commit that computes
the preview again inside its transaction before writing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from shiftapp.models import Bureau, Employee
from shiftapp.scheduling.copies import (
    SourceShift,
    plan_week_copies,
)
from shiftapp.services.errors import TooLarge, ValidationFailed
from shiftapp.services.locks import lock_people
from shiftapp.services.repeat.batch import (
    bureau_shifts,
    bureau_to_plan,
    bureau_zone,
    judge,
    local_midnight,
    schedule_state,
    too_many,
)
from shiftapp.services.repeat.contracts import MAX_SHIFTS, MAX_WEEKS, BatchOutcome, BatchPreview, CopyWeekRequest
from shiftapp.services.repeat.write import lock_bureau, write_batch
from shiftapp.services.text_limits import check_date_range, check_reason


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
    bureau = bureau_to_plan(session, actor, request.bureau_id)
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
    zone = bureau_zone(bureau)
    source_lo, source_hi = local_midnight(monday, zone), local_midnight(monday + timedelta(days=7), zone)
    target_hi = local_midnight(monday + timedelta(days=7 * (request.weeks + 1)), zone)
    check_date_range(monday + timedelta(days=7 * (request.weeks + 1)), "weeks")
    source = bureau_shifts(session, bureau.id, source_lo, source_hi)
    if len(source) * request.weeks > MAX_SHIFTS:
        raise too_many(len(source) * request.weeks, "Copy to fewer weeks at a time.")
    return _CopyScope(bureau, zone, monday, source_lo, source_hi, target_hi, source)


def check_copy_week(*, session: Session, actor: Employee, request: CopyWeekRequest) -> None:
    """Every refusal a copy meets before the rule engine runs (role, bureau, dates, size), in the
    caller's process: a job is queued only for a request that can be computed."""
    _copy_scope(session, actor, request)


def _copy_week_batch(session: Session, actor: Employee, request: CopyWeekRequest) -> BatchPreview:
    scope = _copy_scope(session, actor, request)
    bureau, zone, source = scope.bureau, scope.zone, scope.source
    existing = bureau_shifts(session, bureau.id, scope.source_hi, scope.target_hi)
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
    return judge(
        session,
        kind="copy_week",
        bureau=bureau,
        zone=zone,
        plan=plan,
        request=request.model_dump(mode="json"),
        state=schedule_state(session, bureau.id, scope.source_lo, scope.target_hi),
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
    bureau = bureau_to_plan(session, actor, request.bureau_id)
    lock_bureau(session, bureau.id)
    if request.include_assignments and request.source_week.weekday() == 0:
        zone = bureau_zone(bureau)
        lo = local_midnight(request.source_week, zone)
        source = bureau_shifts(session, bureau.id, lo, local_midnight(request.source_week + timedelta(days=7), zone))
        lock_people(session, [e for s in source for e in s.employee_ids])
    preview = _copy_week_batch(session, actor, request)
    return write_batch(session, actor, preview, fingerprint=fingerprint, force=force, reason=reason, request=request)
