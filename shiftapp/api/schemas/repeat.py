"""Copy and repeat (/api/v1/schedule) schemas: strict request bodies (unknown fields are refused) that
extend the service's requests, and the preview and outcome views."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.schemas.planning import ConflictPublic, ConflictsPublic
from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, IdText, ReasonText
from shiftapp.services.repeat import MAX_WEEKS, ApplyTemplatesRequest, CopyWeekRequest


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=REQUEST_TEXT_BACKSTOP)


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CopyWeekPreviewIn(Strict, CopyWeekRequest):
    bureau_id: IdText
    source_week: date = Field(description="The Monday (bureau's local date) the week to copy starts on")
    weeks: int = Field(1, ge=1, description=f"How many following weeks get a copy: 1 to {MAX_WEEKS} (more is a 422)")
    include_assignments: bool = Field(False, description="Copy who works each shift too (else the copies are open)")


class CopyWeekIn(CopyWeekPreviewIn):
    fingerprint: str = Field(min_length=1, max_length=64, description="The preview's fingerprint")
    force: bool = False
    reason: ReasonText | None = None


class ApplyTemplatesPreviewIn(Strict, ApplyTemplatesRequest):
    bureau_id: IdText
    start_date: date
    end_date: date = Field(description="Inclusive; the range covers at most 84 days (more is a 422)")
    template_ids: list[IdText] | None = Field(
        None, max_length=200, description="The templates to apply; left out or empty: every active one"
    )


class ApplyTemplatesIn(ApplyTemplatesPreviewIn):
    fingerprint: str = Field(min_length=1, max_length=64, description="The preview's fingerprint")
    force: bool = False
    reason: ReasonText | None = None


class PersonOnShiftPublic(Public):
    employee_id: str
    name: str
    status: str


class PreviewRowPublic(Public):
    key: str
    date: str
    weekday: str
    start_hhmm: str
    end_hhmm: str
    start_time: str
    end_time: str
    shift_type: str | None
    required_role: str | None
    capacity: int
    people: list[PersonOnShiftPublic]
    source_shift_id: str | None
    template_id: str | None
    template_name: str | None
    week_offset: int
    conflicts: list[ConflictPublic]


class SkippedRowPublic(Public):
    key: str
    date: str
    start_hhmm: str
    end_hhmm: str
    shift_type: str | None
    reason: str
    existing_shift_id: str | None


class BatchPreviewPublic(Public):
    kind: Literal["copy_week", "apply_templates"]
    bureau_id: str
    bureau_name: str
    timezone: str
    fingerprint: str
    create_count: int
    skipped_count: int
    hard_count: int
    soft_count: int
    rows: list[PreviewRowPublic]
    skipped: list[SkippedRowPublic]
    conflicts: ConflictsPublic


class BatchOutcomePublic(Public):
    batch_id: str
    kind: Literal["copy_week", "apply_templates"]
    bureau_id: str
    created: int
    assignments: int
    skipped: int
    shift_ids: list[str]
    forced: bool
    conflicts_overridden: int
    hard_count: int
    soft_count: int
