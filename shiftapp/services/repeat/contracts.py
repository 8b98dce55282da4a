"""Copy & repeat's typed contracts: the two requests, their limits, the preview a batch shows and
the outcome of its commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel

from shiftapp.rules import Conflict as RuleFinding
from shiftapp.scheduling.copies import PlannedShift

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
