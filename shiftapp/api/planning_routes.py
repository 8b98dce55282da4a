"""Planning PRO v1 — /api/v1/planning/*: strict schemas (unknown fields are rejected), normalized
hard/soft conflicts, audit trail, publish and auto-assign jobs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.authorisation import (
    AuthoriseFirstRoute,
    OwnAvailabilityOrPlanner,
    leader_or_planner,
    planner,
)
from shiftapp.api.conflict_bodies import planning_conflict, planning_hard_and_soft
from shiftapp.api.deps import CurrentUser, DbSession
from shiftapp.api.text_fields import (
    REQUEST_TEXT_BACKSTOP,
    IdText,
    NameText,
    NotesText,
    ReasonQuery,
    ReasonText,
    ReferenceText,
    StatusText,
    TimestampText,
)
from shiftapp.models import Shift, ShiftRoleName
from shiftapp.services import assignments, planning, shifts
from shiftapp.services.auto_assign_shifts import auto_assign_job, start_auto_assign
from shiftapp.services.errors import NotFound
from shiftapp.services.shift_views import shifts_with_people
from shiftapp.services.text_limits import MAX_PAGE

router = APIRouter(prefix="/api/v1/planning", tags=["planning pro"], route_class=AuthoriseFirstRoute)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=REQUEST_TEXT_BACKSTOP)


class TemplateIn(Strict):
    bureau_id: IdText
    name: NameText = Field(min_length=1)
    start_time: TimestampText
    end_time: TimestampText
    days: list[StatusText] = Field(default_factory=list)
    mission_id: IdText | None = None
    required_role: ShiftRoleName | None = None
    required_skills: list[NameText] = Field(default_factory=list)
    capacity: int = Field(1, ge=0, le=50)
    active: bool = True


class TemplatePatch(Strict):
    name: NameText | None = Field(None, min_length=1)
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    days: list[StatusText] | None = None
    required_role: ShiftRoleName | None = None
    required_skills: list[NameText] | None = None
    capacity: int | None = Field(None, ge=0, le=50)
    active: bool | None = None
    version: int | None = None


class ShiftIn(Strict):
    bureau_id: IdText
    start_time: TimestampText
    end_time: TimestampText
    status: Literal["draft", "proposed", "confirmed", "published", "cancelled"] = "draft"
    capacity: int = Field(1, ge=0, le=50)
    mission_id: IdText | None = None
    template_id: IdText | None = None
    shift_type: ReferenceText | None = None
    required_role: ShiftRoleName | None = None
    required_skills: list[NameText] = Field(default_factory=list)
    notes: NotesText | None = None
    employee_ids: list[IdText] = Field(default_factory=list)
    force: bool = False
    reason: ReasonText | None = None


class ShiftPatch(Strict):
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    status: Literal["draft", "proposed", "confirmed", "published", "cancelled"] | None = None
    capacity: int | None = Field(None, ge=0, le=50)
    required_role: ShiftRoleName | None = None
    required_skills: list[NameText] | None = None
    notes: NotesText | None = None
    version: int | None = None
    force: bool = False
    reason: ReasonText | None = None


class AssignmentIn(Strict):
    shift_id: IdText
    employee_id: IdText
    source: Literal["manual", "auto", "ai"] = "manual"
    status: Literal["proposed", "confirmed"] = "confirmed"
    force: bool = False
    reason: ReasonText | None = None


class AssignmentPatch(Strict):
    status: Literal["proposed", "confirmed"]


class AvailabilityIn(Strict):
    employee_id: IdText
    start_time: TimestampText
    end_time: TimestampText
    kind: Literal["leave", "unavailable", "available"] = "leave"
    reason: ReasonText | None = Field(None, max_length=500)


class AvailabilityPatch(Strict):
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    kind: Literal["leave", "unavailable", "available"] | None = None
    reason: ReasonText | None = Field(None, max_length=500)


class PreviewIn(Strict):
    changes: list[dict[str, Any]] = Field(min_length=1, max_length=500)


class PublishIn(Strict):
    bureau_id: IdText
    start_date: date
    end_date: date
    force: bool = False
    reason: ReasonText | None = None


class AutoAssignIn(Strict):
    bureau_id: IdText
    start_date: date
    end_date: date


def _instance(session, shift: Shift) -> dict[str, Any]:
    return assignments.shift_with_assignments(session, shift)


# ------------------------------------------------------------------ templates
@router.get("/templates")
def list_templates(session: DbSession, user: CurrentUser, bureau_id: str | None = None):
    return {"items": planning.list_templates(session=session, actor=user, bureau_id=bureau_id)}


@router.post("/templates", status_code=201, dependencies=[planner("change shift templates")])
def create_template(body: TemplateIn, session: DbSession, user: CurrentUser):
    return planning.create_template(session=session, actor=user, fields=body.model_dump())


@router.get("/templates/{template_id}")
def get_template(template_id: str, session: DbSession, user: CurrentUser):
    return planning.template_view(planning.get_template(session, template_id))


@router.patch("/templates/{template_id}", dependencies=[planner("change shift templates")])
def patch_template(template_id: str, body: TemplatePatch, session: DbSession, user: CurrentUser):
    fields = body.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    return planning.update_template(
        session=session, actor=user, template_id=template_id, fields=fields, expected_version=version
    )


@router.delete("/templates/{template_id}", status_code=204, dependencies=[planner("change shift templates")])
def delete_template(template_id: str, session: DbSession, user: CurrentUser):
    planning.delete_template(session=session, actor=user, template_id=template_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ shift instances
@router.get("/shifts")
def list_shifts(
    session: DbSession,
    user: CurrentUser,
    bureau_id: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 200,
):
    rows = shifts.list_shifts(
        session=session, actor=user, start_date=start_date, end_date=end_date, bureau_id=bureau_id
    )
    return {
        "items": rows[(page - 1) * page_size : page * page_size],
        "total": len(rows),
        "page": page,
        "page_size": page_size,
    }


@router.post("/shifts", status_code=201, dependencies=[planner("change shifts")])
def create_shift(body: ShiftIn, session: DbSession, user: CurrentUser):
    fields = body.model_dump(exclude={"force", "reason"})
    shift, result = shifts.create_shift(
        session=session, actor=user, fields=fields, force=body.force, reason=body.reason
    )
    return {
        "shift": _instance(session, shift),
        "conflicts": planning_hard_and_soft(result),
        "forced": bool(body.force and result.hard),
    }


@router.get("/shifts/{shift_id}")
def get_shift(shift_id: str, session: DbSession, user: CurrentUser):
    return _instance(session, shifts.get_shift(session, shift_id))


@router.patch("/shifts/{shift_id}", dependencies=[planner("change shifts")])
def patch_shift(shift_id: str, body: ShiftPatch, session: DbSession, user: CurrentUser):
    fields = body.model_dump(exclude={"force", "reason", "version"}, exclude_unset=True)
    shift, result = shifts.update_shift(
        session=session,
        actor=user,
        shift_id=shift_id,
        fields=fields,
        force=body.force,
        reason=body.reason,
        expected_version=body.version,
    )
    return {
        "shift": _instance(session, shift),
        "conflicts": planning_hard_and_soft(result),
        "forced": bool(body.force and result.hard),
    }


@router.delete("/shifts/{shift_id}", status_code=204, dependencies=[planner("change shifts")])
def delete_shift(shift_id: str, session: DbSession, user: CurrentUser, reason: ReasonQuery = None):
    shifts.delete_shift(session=session, actor=user, shift_id=shift_id, reason=reason)
    return Response(status_code=204)


# ------------------------------------------------------------------ assignments
@router.get("/assignments")
def list_assignments(
    session: DbSession,
    user: CurrentUser,
    shift_id: str | None = None,
    employee_id: str | None = None,
    status: str | None = None,
    source: str | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=assignments.MAX_PAGE_SIZE)] = assignments.DEFAULT_PAGE_SIZE,
):
    return assignments.list_assignments(
        session=session,
        actor=user,
        shift_id=shift_id,
        employee_id=employee_id,
        status=status,
        source=source,
        page=page,
        page_size=page_size,
    )


@router.post("/assignments", status_code=201, dependencies=[planner("change shifts")])
def create_assignment(body: AssignmentIn, session: DbSession, user: CurrentUser):
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
    return {
        "assignment": {
            "id": assignment.id,
            "shift_id": assignment.shift_id,
            "employee_id": assignment.employee_id,
            "source": assignment.source,
            "status": assignment.status,
        },
        "conflicts": planning_hard_and_soft(result),
        "forced": bool(body.force and result.hard),
    }


@router.patch("/assignments/{assignment_id}", dependencies=[planner("change shifts")])
def patch_assignment(assignment_id: str, body: AssignmentPatch, session: DbSession, user: CurrentUser):
    a = shifts.set_assignment_status(session=session, actor=user, assignment_id=assignment_id, status=body.status)
    return {"id": a.id, "shift_id": a.shift_id, "employee_id": a.employee_id, "source": a.source, "status": a.status}


@router.delete("/assignments/{assignment_id}", status_code=204, dependencies=[planner("change shifts")])
def delete_assignment(assignment_id: str, session: DbSession, user: CurrentUser, reason: ReasonQuery = None):
    shifts.unassign(session=session, actor=user, assignment_id=assignment_id, reason=reason)
    return Response(status_code=204)


# ------------------------------------------------------------------ availability
@router.get("/availability")
def list_availability(session: DbSession, user: CurrentUser, employee_id: str | None = None):
    return {"items": planning.list_availability(session=session, actor=user, employee_id=employee_id)}


@router.post("/availability", status_code=201)
def create_availability(body: AvailabilityIn, session: DbSession, user: CurrentUser):
    return planning.create_availability(session=session, actor=user, fields=body.model_dump())


@router.patch("/availability/{availability_id}", dependencies=[OwnAvailabilityOrPlanner])
def patch_availability(availability_id: str, body: AvailabilityPatch, session: DbSession, user: CurrentUser):
    return planning.update_availability(
        session=session, actor=user, availability_id=availability_id, fields=body.model_dump(exclude_unset=True)
    )


@router.delete("/availability/{availability_id}", status_code=204, dependencies=[OwnAvailabilityOrPlanner])
def delete_availability(availability_id: str, session: DbSession, user: CurrentUser):
    planning.delete_availability(session=session, actor=user, availability_id=availability_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ rules, preview, publish, jobs, audit
@router.get("/rules")
def rules(user: CurrentUser):
    return {"rules": planning.rules()}


@router.post("/conflicts/preview")
def preview(body: PreviewIn, session: DbSession, user: CurrentUser):
    result = planning.preview(session=session, actor=user, changes=body.changes)
    return {
        "valid": not result.hard,
        **planning_hard_and_soft(result),
        "removed": [planning_conflict(c) for c in result.removed],
    }


@router.post("/publish", dependencies=[planner("publish")])
def publish(body: PublishIn, session: DbSession, user: CurrentUser):
    return planning.publish(
        session=session,
        actor=user,
        bureau_id=body.bureau_id,
        start_date=body.start_date,
        end_date=body.end_date,
        force=body.force,
        reason=body.reason,
    )


@router.post("/auto-assign", status_code=202, dependencies=[planner("run auto-assign")])
def start_auto_assign_job(body: AutoAssignIn, session: DbSession, user: CurrentUser):
    job, started = start_auto_assign(
        session=session, actor=user, bureau_id=body.bureau_id, start_date=body.start_date, end_date=body.end_date
    )
    return {"job_id": job.id, "status": job.status, "started": started}


@router.get("/auto-assign/{job_id}", dependencies=[planner("follow auto-assign jobs")])
def auto_assign_status(job_id: str, session: DbSession, user: CurrentUser):
    return auto_assign_job(session=session, actor=user, job_id=job_id)


@router.get("/audit", dependencies=[leader_or_planner("read the audit trail")])
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
):
    return planning.list_audit(
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


__all__ = ["NotFound", "router", "shifts_with_people"]
