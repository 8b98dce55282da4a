"""Planning PRO (/api/v1/planning) schemas: per resource a Create and an Update body and the Public view.

Request bodies are strict (seed 000: unknown fields are refused) and every string documents its maximum
length. Public models are the response bodies, field for field in the order the seed's contract lists them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.schemas.common import RequestBody
from shiftapp.api.schemas.json_values import IsoDatetime, JsonValue
from shiftapp.api.text_fields import (
    REQUEST_TEXT_BACKSTOP,
    IdText,
    NameText,
    NotesText,
    ReasonText,
    ReferenceText,
    StatusText,
    TimestampText,
)
from shiftapp.models import ShiftRoleName
from shiftapp.services.planning import (
    AvailabilityChanges,
    AvailabilityKind,
    NewAvailability,
    NewTemplate,
    PreviewAssign,
    PreviewDelete,
    PreviewMove,
    PreviewNewShift,
    PreviewUnassign,
    TemplateChanges,
)

ShiftStatus = Literal["draft", "proposed", "confirmed", "published", "cancelled"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=REQUEST_TEXT_BACKSTOP)


class Public(BaseModel):
    # Public views are read from the services' rows and dataclasses by attribute.
    model_config = ConfigDict(from_attributes=True)


# ------------------------------------------------------------------ conflicts
class ConflictWindow(Public):
    start: str | None
    end: str | None


class ConflictPublic(Public):
    code: str
    name: str
    severity: str
    level: str
    message: str
    entities: JsonValue
    date: str | None
    window: ConflictWindow
    details: JsonValue
    key: JsonValue


class ConflictsPublic(Public):
    hard: list[ConflictPublic]
    soft: list[ConflictPublic]


# ------------------------------------------------------------------ templates
class TemplateCreate(Strict, NewTemplate):
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


class TemplateUpdate(Strict, TemplateChanges):
    name: NameText | None = Field(None, min_length=1)
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    days: list[StatusText] | None = None
    required_role: ShiftRoleName | None = None
    required_skills: list[NameText] | None = None
    capacity: int | None = Field(None, ge=0, le=50)
    active: bool | None = None
    version: int | None = None


class TemplatePublic(Public):
    id: str
    bureau_id: str
    mission_id: str | None
    name: str
    start_time: str
    end_time: str
    days: list[str]
    required_role: str | None
    required_skills: list[str]
    capacity: int
    active: bool
    version: int


class TemplateList(Public):
    items: list[TemplatePublic]


# ------------------------------------------------------------------ shift instances
class ShiftCreate(Strict):
    bureau_id: IdText
    start_time: TimestampText
    end_time: TimestampText
    status: ShiftStatus = "draft"
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


class ShiftUpdate(Strict):
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    status: ShiftStatus | None = None
    capacity: int | None = Field(None, ge=0, le=50)
    required_role: ShiftRoleName | None = None
    required_skills: list[NameText] | None = None
    notes: NotesText | None = None
    version: int | None = None
    force: bool = False
    reason: ReasonText | None = None


class ShiftAssignmentPublic(Public):
    id: str
    employee_id: str
    source: str
    status: str


class ShiftInstancePublic(Public):
    id: str
    bureau_id: str
    mission_id: str | None
    shift_type: str | None
    required_role: str | None
    required_skills: list[str]
    capacity: int
    start_time: str
    end_time: str
    status: str
    notes: str | None
    version: int
    assignments: list[ShiftAssignmentPublic]


class ShiftInstanceChange(Public):
    shift: ShiftInstancePublic
    conflicts: ConflictsPublic
    forced: bool


class ShiftInstancePage(Public):
    # The rows of services.shifts.list_shifts, as api.schemas.shifts.shift_row_json writes them.
    items: list[JsonValue]
    total: int
    page: int
    page_size: int


# ------------------------------------------------------------------ assignments
class AssignmentCreate(Strict):
    shift_id: IdText
    employee_id: IdText
    source: Literal["manual", "auto", "ai"] = "manual"
    status: Literal["proposed", "confirmed"] = "confirmed"
    force: bool = False
    reason: ReasonText | None = None


class AssignmentUpdate(Strict):
    status: Literal["proposed", "confirmed"]


class AssignmentPublic(Public):
    id: str
    shift_id: str
    employee_id: str
    source: str
    status: str


class AssignmentListItem(AssignmentPublic):
    version: int


class AssignmentPage(Public):
    items: list[AssignmentListItem]
    total: int
    page: int
    page_size: int


class AssignmentChange(Public):
    assignment: AssignmentPublic
    conflicts: ConflictsPublic
    forced: bool


# ------------------------------------------------------------------ availability
class AvailabilityCreate(Strict, NewAvailability):
    employee_id: IdText
    start_time: TimestampText
    end_time: TimestampText
    kind: AvailabilityKind = "leave"
    reason: ReasonText | None = Field(None, max_length=500)


class AvailabilityUpdate(Strict, AvailabilityChanges):
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    kind: AvailabilityKind | None = None
    reason: ReasonText | None = Field(None, max_length=500)


class AvailabilityPublic(Public):
    id: str
    employee_id: str
    start_time: str
    end_time: str
    kind: str
    reason: str | None


class AvailabilityList(Public):
    items: list[AvailabilityPublic]


# ------------------------------------------------------------------ rules and the conflict preview
class RulePublic(Public):
    code: str
    name: str
    severity: str
    level: str
    area: str
    description: str
    parameters: JsonValue
    enabled: bool


class RuleList(Public):
    rules: list[RulePublic]


# The changes a preview weighs, told apart by their `op`; unknown keys are ignored, as they always were.
class PreviewNewShiftIn(RequestBody, PreviewNewShift):
    op: Literal["create_shift"]
    id: IdText | None = None
    bureau_id: IdText
    start_time: TimestampText
    end_time: TimestampText
    capacity: int = Field(1, ge=0, le=50)
    required_role: StatusText | None = None
    shift_type: ReferenceText | None = None
    status: StatusText = "draft"
    employee_ids: list[IdText] = Field(default_factory=list, max_length=50)


class PreviewMoveIn(RequestBody, PreviewMove):
    op: Literal["move_shift"]
    shift_id: IdText
    start_time: TimestampText
    end_time: TimestampText


class PreviewAssignIn(RequestBody, PreviewAssign):
    op: Literal["assign"]
    shift_id: IdText
    employee_id: IdText


class PreviewUnassignIn(RequestBody, PreviewUnassign):
    op: Literal["unassign"]
    assignment_id: IdText


class PreviewDeleteIn(RequestBody, PreviewDelete):
    op: Literal["delete_shift"]
    shift_id: IdText


PreviewChangeIn = Annotated[
    PreviewNewShiftIn | PreviewMoveIn | PreviewAssignIn | PreviewUnassignIn | PreviewDeleteIn, Field(discriminator="op")
]


class ConflictPreviewRequest(Strict):
    changes: list[PreviewChangeIn] = Field(min_length=1, max_length=500)


class ConflictPreviewPublic(Public):
    valid: bool
    hard: list[ConflictPublic]
    soft: list[ConflictPublic]
    removed: list[ConflictPublic]


# ------------------------------------------------------------------ publish
class PublishRequest(Strict):
    bureau_id: IdText
    start_date: date
    end_date: date
    force: bool = False
    reason: ReasonText | None = None


class PublishPublic(Public):
    published: int
    shift_ids: list[str]
    forced: bool
    conflicts_overridden: int
    proposed_assignments_pending: int


# ------------------------------------------------------------------ auto-assign jobs
class AutoAssignRequest(Strict):
    bureau_id: IdText
    start_date: date
    end_date: date


class JobStarted(Public):
    job_id: str
    status: str
    started: bool


class JobAccepted(BaseModel):
    """A synchronous route's answer when its job outlived the wait (202): the job to follow."""

    job_id: str
    status: str = Field(description="`queued` or `running`")
    status_url: str = Field(description="Where to follow the job: `GET /api/jobs/{job_id}`, also in `Location`")
    message: str


class JobPublic(Public):
    job_id: str
    id: str
    kind: str
    status: str
    progress: float
    message: str | None
    params: JsonValue
    result: JsonValue
    error: str | None
    created_at: IsoDatetime
    started_at: IsoDatetime
    finished_at: IsoDatetime
    attempts: int  # runs so far: more than one when a worker stopped and another took the job up
    stop_requested: bool


# ------------------------------------------------------------------ audit
class AuditEventPublic(Public):
    id: str
    kind: str
    entity_type: str
    entity_id: str | None
    action: str
    before: JsonValue
    after: JsonValue
    actor_id: str | None
    actor: str | None
    reason: str | None
    at: str


class AuditPage(Public):
    items: list[AuditEventPublic]
    total: int
    page: int
    page_size: int
