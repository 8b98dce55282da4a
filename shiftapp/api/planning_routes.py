"""Planning PRO v1 — /api/v1/planning/*: strict schemas (unknown fields are rejected), normalized
hard/soft conflicts, audit trail, publish and auto-assign jobs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from shiftapp.api.authorisation import (
    AuthoriseFirstRoute,
    OwnAvailabilityOrPlanner,
    leader_or_planner,
    planner,
)
from shiftapp.api.conflict_bodies import planning_conflict, planning_hard_and_soft
from shiftapp.api.deps import CurrentUser, DbSession
from shiftapp.api.schemas.planning import (
    AssignmentChange,
    AssignmentCreate,
    AssignmentPage,
    AssignmentPublic,
    AssignmentUpdate,
    AuditPage,
    AutoAssignRequest,
    AvailabilityCreate,
    AvailabilityList,
    AvailabilityPublic,
    AvailabilityUpdate,
    ConflictPreviewPublic,
    ConflictPreviewRequest,
    JobPublic,
    JobStarted,
    PublishPublic,
    PublishRequest,
    RuleList,
    RulePublic,
    ShiftCreate,
    ShiftInstanceChange,
    ShiftInstancePage,
    ShiftInstancePublic,
    ShiftUpdate,
    TemplateCreate,
    TemplateList,
    TemplatePublic,
    TemplateUpdate,
)
from shiftapp.api.schemas.shifts import shift_row_json
from shiftapp.api.text_fields import ReasonQuery
from shiftapp.models import Shift
from shiftapp.services import assignments, jobs, planning, shifts
from shiftapp.services.auto_assign_shifts import auto_assign_job, start_auto_assign
from shiftapp.services.errors import NotFound
from shiftapp.services.shift_views import shifts_with_people
from shiftapp.services.text_limits import MAX_OFFSET, MAX_PAGE

router = APIRouter(prefix="/api/v1/planning", tags=["planning pro"], route_class=AuthoriseFirstRoute)


def _instance(session: Session, shift: Shift) -> ShiftInstancePublic:
    """A shift's record (as services.shifts writes it) with the people assigned to it."""
    return ShiftInstancePublic.model_validate(
        {**shifts.shift_record(shift), "assignments": assignments.of_shift(session, shift.id)}
    )


# ------------------------------------------------------------------ templates
@router.get("/templates", response_model=TemplateList)
def list_templates(session: DbSession, user: CurrentUser, bureau_id: str | None = None) -> TemplateList:
    """List the shift templates, by name, of one bureau or of all."""
    rows = planning.list_templates(session=session, actor=user, bureau_id=bureau_id)
    return TemplateList(items=[TemplatePublic.model_validate(t) for t in rows])


@router.post(
    "/templates", response_model=TemplatePublic, status_code=201, dependencies=[planner("change shift templates")]
)
def create_template(body: TemplateCreate, session: DbSession, user: CurrentUser) -> TemplatePublic:
    """Create a shift template (its times as HH:MM, its days as weekday names)."""
    return TemplatePublic.model_validate(planning.create_template(session=session, actor=user, template_in=body))


@router.get("/templates/{template_id}", response_model=TemplatePublic)
def get_template(template_id: str, session: DbSession, user: CurrentUser) -> TemplatePublic:
    """Read one shift template."""
    return TemplatePublic.model_validate(planning.get_template(session, template_id))


@router.patch(
    "/templates/{template_id}", response_model=TemplatePublic, dependencies=[planner("change shift templates")]
)
def patch_template(template_id: str, body: TemplateUpdate, session: DbSession, user: CurrentUser) -> TemplatePublic:
    """Change the fields sent of a shift template; a `version` sent must be the template's current one."""
    template = planning.update_template(session=session, actor=user, template_id=template_id, changes=body)
    return TemplatePublic.model_validate(template)


@router.delete("/templates/{template_id}", status_code=204, dependencies=[planner("change shift templates")])
def delete_template(template_id: str, session: DbSession, user: CurrentUser) -> Response:
    """Delete a shift template; the shifts made from it stay."""
    planning.delete_template(session=session, actor=user, template_id=template_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ shift instances
@router.get("/shifts", response_model=ShiftInstancePage)
def list_shifts(
    session: DbSession,
    user: CurrentUser,
    bureau_id: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> ShiftInstancePage:
    """List one page of the shifts in a date range, of one bureau or of all, with the total."""
    offset = (page - 1) * page_size
    # A page past the deepest offset any list reaches is empty; its total is still the real one.
    found = shifts.list_shifts(
        session=session,
        actor=user,
        start_date=start_date,
        end_date=end_date,
        bureau_id=bureau_id,
        limit=page_size if offset <= MAX_OFFSET else 1,
        offset=min(offset, MAX_OFFSET),
    )
    return ShiftInstancePage(
        items=[shift_row_json(r) for r in found.rows] if offset <= MAX_OFFSET else [],
        total=found.total,
        page=page,
        page_size=page_size,
    )


@router.post("/shifts", response_model=ShiftInstanceChange, status_code=201, dependencies=[planner("change shifts")])
def create_shift(body: ShiftCreate, session: DbSession, user: CurrentUser) -> ShiftInstanceChange:
    """Create a shift (with people, if listed); hard conflicts refuse it unless forced with a reason."""
    draft = shifts.NewShift(**body.model_dump(exclude={"force", "reason"}))
    shift, result = shifts.create_shift(session=session, actor=user, shift=draft, force=body.force, reason=body.reason)
    return ShiftInstanceChange.model_validate(
        {
            "shift": _instance(session, shift),
            "conflicts": planning_hard_and_soft(result),
            "forced": bool(body.force and result.hard),
        }
    )


@router.get("/shifts/{shift_id}", response_model=ShiftInstancePublic)
def get_shift(shift_id: str, session: DbSession, user: CurrentUser) -> ShiftInstancePublic:
    """Read one shift with its assignments."""
    return _instance(session, shifts.get_shift(session, shift_id))


@router.patch("/shifts/{shift_id}", response_model=ShiftInstanceChange, dependencies=[planner("change shifts")])
def patch_shift(shift_id: str, body: ShiftUpdate, session: DbSession, user: CurrentUser) -> ShiftInstanceChange:
    """Change the fields sent of a shift; hard conflicts refuse it unless forced with a reason."""
    changes = shifts.ShiftChanges(**body.model_dump(exclude={"force", "reason", "version"}, exclude_unset=True))
    shift, result = shifts.update_shift(
        session=session,
        actor=user,
        shift_id=shift_id,
        changes=changes,
        force=body.force,
        reason=body.reason,
        expected_version=body.version,
    )
    return ShiftInstanceChange.model_validate(
        {
            "shift": _instance(session, shift),
            "conflicts": planning_hard_and_soft(result),
            "forced": bool(body.force and result.hard),
        }
    )


@router.delete("/shifts/{shift_id}", status_code=204, dependencies=[planner("change shifts")])
def delete_shift(shift_id: str, session: DbSession, user: CurrentUser, reason: ReasonQuery = None) -> Response:
    """Delete a shift and its assignments, with an optional reason for the audit trail."""
    shifts.delete_shift(session=session, actor=user, shift_id=shift_id, reason=reason)
    return Response(status_code=204)


# ------------------------------------------------------------------ assignments
@router.get("/assignments", response_model=AssignmentPage)
def list_assignments(
    session: DbSession,
    user: CurrentUser,
    shift_id: str | None = None,
    employee_id: str | None = None,
    status: str | None = None,
    source: str | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=assignments.MAX_PAGE_SIZE)] = assignments.DEFAULT_PAGE_SIZE,
) -> AssignmentPage:
    """List one page of the assignments matching every filter given, oldest first, with the total."""
    found = assignments.list_assignments(
        session=session,
        actor=user,
        shift_id=shift_id,
        employee_id=employee_id,
        status=status,
        source=source,
        page=page,
        page_size=page_size,
    )
    return AssignmentPage.model_validate(found)


@router.post("/assignments", response_model=AssignmentChange, status_code=201, dependencies=[planner("change shifts")])
def create_assignment(body: AssignmentCreate, session: DbSession, user: CurrentUser) -> AssignmentChange:
    """Assign a person to a shift; hard conflicts refuse it unless forced with a reason."""
    assignment, result = shifts.assign(
        session=session,
        actor=user,
        shift_id=body.shift_id,
        employee_id=body.employee_id,
        source=body.source,
        status=body.status,
        force=body.force,
        reason=body.reason,
    )
    return AssignmentChange.model_validate(
        {
            "assignment": assignment,
            "conflicts": planning_hard_and_soft(result),
            "forced": bool(body.force and result.hard),
        }
    )


@router.patch("/assignments/{assignment_id}", response_model=AssignmentPublic, dependencies=[planner("change shifts")])
def patch_assignment(
    assignment_id: str, body: AssignmentUpdate, session: DbSession, user: CurrentUser
) -> AssignmentPublic:
    """Confirm an assignment, or turn it back into a proposal."""
    assignment = shifts.set_assignment_status(
        session=session, actor=user, assignment_id=assignment_id, status=body.status
    )
    return AssignmentPublic.model_validate(assignment)


@router.delete("/assignments/{assignment_id}", status_code=204, dependencies=[planner("change shifts")])
def delete_assignment(
    assignment_id: str, session: DbSession, user: CurrentUser, reason: ReasonQuery = None
) -> Response:
    """Remove an assignment, with an optional reason for the audit trail."""
    shifts.unassign(session=session, actor=user, assignment_id=assignment_id, reason=reason)
    return Response(status_code=204)


# ------------------------------------------------------------------ availability
@router.get("/availability", response_model=AvailabilityList)
def list_availability(session: DbSession, user: CurrentUser, employee_id: str | None = None) -> AvailabilityList:
    """List leave and availability records, of one person or of all; reasons only where the reader may see them."""
    entries = planning.list_availability(session=session, actor=user, employee_id=employee_id)
    return AvailabilityList(items=[AvailabilityPublic.model_validate(e) for e in entries])


@router.post("/availability", response_model=AvailabilityPublic, status_code=201)
def create_availability(body: AvailabilityCreate, session: DbSession, user: CurrentUser) -> AvailabilityPublic:
    """Record leave, unavailability or availability: your own, or anyone's as a planner."""
    entry = planning.create_availability(session=session, actor=user, availability_in=body)
    return AvailabilityPublic.model_validate(entry)


@router.patch(
    "/availability/{availability_id}", response_model=AvailabilityPublic, dependencies=[OwnAvailabilityOrPlanner]
)
def patch_availability(
    availability_id: str, body: AvailabilityUpdate, session: DbSession, user: CurrentUser
) -> AvailabilityPublic:
    """Change the fields sent of a leave or availability record."""
    entry = planning.update_availability(session=session, actor=user, availability_id=availability_id, changes=body)
    return AvailabilityPublic.model_validate(entry)


@router.delete("/availability/{availability_id}", status_code=204, dependencies=[OwnAvailabilityOrPlanner])
def delete_availability(availability_id: str, session: DbSession, user: CurrentUser) -> Response:
    """Delete a leave or availability record."""
    planning.delete_availability(session=session, actor=user, availability_id=availability_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ rules, preview, publish, jobs, audit
@router.get("/rules", response_model=RuleList)
def rules(user: CurrentUser) -> RuleList:
    """List the planning rules with their severity and the parameters in force."""
    return RuleList(rules=[RulePublic.model_validate(rule) for rule in planning.rules()])


@router.post("/conflicts/preview", response_model=ConflictPreviewPublic)
def preview(body: ConflictPreviewRequest, session: DbSession, user: CurrentUser) -> ConflictPreviewPublic:
    """Show the conflicts a set of changes would cause and remove, without writing anything."""
    result = planning.preview(session=session, actor=user, changes=body.changes)
    return ConflictPreviewPublic.model_validate(
        {
            "valid": not result.hard,
            **planning_hard_and_soft(result),
            "removed": [planning_conflict(c) for c in result.removed],
        }
    )


@router.post("/publish", response_model=PublishPublic, dependencies=[planner("publish")])
def publish(body: PublishRequest, session: DbSession, user: CurrentUser) -> PublishPublic:
    """Publish a bureau's shifts in a date range; hard conflicts block unless forced with a reason."""
    outcome = planning.publish(
        session=session,
        actor=user,
        bureau_id=body.bureau_id,
        start_date=body.start_date,
        end_date=body.end_date,
        force=body.force,
        reason=body.reason,
    )
    return PublishPublic.model_validate(outcome)


@router.post("/auto-assign", response_model=JobStarted, status_code=202, dependencies=[planner("run auto-assign")])
def start_auto_assign_job(body: AutoAssignRequest, session: DbSession, user: CurrentUser) -> JobStarted:
    """Start a background job proposing people for a bureau's open places (the same request joins its job)."""
    job, started = start_auto_assign(
        session=session, actor=user, bureau_id=body.bureau_id, start_date=body.start_date, end_date=body.end_date
    )
    return JobStarted(job_id=job.id, status=job.status, started=started)


@router.get("/auto-assign/{job_id}", response_model=JobPublic, dependencies=[planner("follow auto-assign jobs")])
def auto_assign_status(job_id: str, session: DbSession, user: CurrentUser) -> JobPublic:
    """Follow an auto-assign job: its status, progress and, once done, its result."""
    return JobPublic.model_validate(jobs.job_view(auto_assign_job(session=session, actor=user, job_id=job_id)))


@router.get("/audit", response_model=AuditPage, dependencies=[leader_or_planner("read the audit trail")])
def audit(
    session: DbSession,
    user: CurrentUser,
    entity_type: str | None = None,
    entity_id: str | None = None,
    actor_id: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AuditPage:
    """List one page of the planning audit trail, newest first, with the total."""
    found = planning.list_audit(
        session=session,
        actor=user,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_id=actor_id,
        date_from=date_from,
        date_to=date_to,
        page=page,
        page_size=page_size,
    )
    return AuditPage.model_validate(found)


__all__ = ["NotFound", "router", "shifts_with_people"]
