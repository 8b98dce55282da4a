"""Scheduling: preferences, availability and leave, shift templates, shifts, assignments,
stored conflicts, the audit trail and background jobs.

One shift model serves both seeds: a ShiftSmart "shift with an employee" is a Planning PRO
shift instance with one assignment.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from shiftapp.models import lengths
from shiftapp.models.common import UTCDateTime, new_id, utcnow, version_checked


class ShiftStatus(str, Enum):
    draft = "draft"
    proposed = "proposed"
    confirmed = "confirmed"
    published = "published"
    cancelled = "cancelled"


class AssignmentSource(str, Enum):
    manual = "manual"
    auto = "auto"
    ai = "ai"
    claim = "claim"  # staff claimed an open shift themselves (services/open_shifts.py)
    swap = "swap"  # moved to this person by an approved swap or give-away (services/swaps/decisions.py)


class AssignmentStatus(str, Enum):
    proposed = "proposed"
    confirmed = "confirmed"


class ConflictStatus(str, Enum):
    unresolved = "unresolved"
    acknowledged = "acknowledged"
    resolved = "resolved"
    dismissed = "dismissed"


class JobStatus(str, Enum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class Preference(SQLModel, table=True):
    __mapper_args__ = version_checked
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", unique=True, ondelete="CASCADE", max_length=lengths.ID)
    preferred_days: list[str] = Field(default_factory=list, sa_type=JSON)
    preferred_shifts: list[str] = Field(default_factory=list, sa_type=JSON)
    max_shifts_per_week: int | None = None
    notes: str | None = Field(default=None, max_length=lengths.NOTES)
    confirmed: bool = False
    confirmed_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class Availability(SQLModel, table=True):
    """Leave or declared unavailability of one employee over a time range (UTC)."""

    # A person's leave in a time range: the rule engine's and the overlap check's lookup.
    __table_args__ = (Index("ix_availability_employee_start", "employee_id", "start_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    start_at: datetime = Field(sa_type=UTCDateTime)
    end_at: datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(default="leave", max_length=lengths.STATUS)  # leave | unavailable
    reason: str | None = Field(default=None, max_length=lengths.REASON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ShiftTemplate(SQLModel, table=True):
    __tablename__ = "shift_template"
    __mapper_args__ = version_checked

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    bureau_id: str = Field(foreign_key="bureau.id", index=True, max_length=lengths.ID)
    mission_id: str | None = Field(default=None, foreign_key="mission.id", max_length=lengths.ID)
    name: str = Field(max_length=lengths.NAME)
    start_time: str = Field(max_length=lengths.TIME_OF_DAY)  # HH:MM, bureau local time
    end_time: str = Field(max_length=lengths.TIME_OF_DAY)
    days: list[str] = Field(default_factory=list, sa_type=JSON)
    required_role: str | None = Field(default=None, max_length=lengths.STATUS)
    required_skills: list[str] = Field(default_factory=list, sa_type=JSON)
    capacity: int = 1
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class Shift(SQLModel, table=True):
    __table_args__ = (Index("ix_shift_bureau_start", "bureau_id", "start_at"),)
    __mapper_args__ = version_checked

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    bureau_id: str = Field(foreign_key="bureau.id", index=True, max_length=lengths.ID)
    mission_id: str | None = Field(default=None, foreign_key="mission.id", max_length=lengths.ID)
    template_id: str | None = Field(default=None, foreign_key="shift_template.id", max_length=lengths.ID)
    shift_type: str | None = Field(default=None, max_length=lengths.REFERENCE)  # Morning / Afternoon / Evening / Night
    required_role: str | None = Field(default=None, max_length=lengths.STATUS)
    required_skills: list[str] = Field(default_factory=list, sa_type=JSON)
    capacity: int = 1
    start_at: datetime = Field(sa_type=UTCDateTime, index=True)
    end_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default=ShiftStatus.draft.value, max_length=lengths.STATUS)
    notes: str | None = Field(default=None, max_length=lengths.NOTES)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class Assignment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("shift_id", "employee_id", name="uq_assignment_shift_employee"),)
    __mapper_args__ = version_checked

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    shift_id: str = Field(foreign_key="shift.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", index=True, max_length=lengths.ID)
    source: str = Field(default=AssignmentSource.manual.value, max_length=lengths.STATUS)
    status: str = Field(default=AssignmentStatus.confirmed.value, max_length=lengths.STATUS)
    created_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class StoredConflict(SQLModel, table=True):
    """A conflict found by the rule engine, kept so people can acknowledge or dismiss it.

    `key` is the rule code plus the sorted ids involved: detection upserts by it, so an
    acknowledged conflict stays acknowledged while it is still detected.
    """

    __tablename__ = "conflict"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    key: str = Field(index=True, unique=True, max_length=lengths.CONFLICT_KEY)
    rule_code: str = Field(max_length=lengths.REFERENCE, index=True)
    severity: str = Field(max_length=lengths.STATUS)  # hard | soft
    level: str = Field(max_length=lengths.STATUS, index=True)  # high | medium | low
    status: str = Field(default=ConflictStatus.unresolved.value, max_length=lengths.STATUS, index=True)
    bureau_id: str | None = Field(default=None, foreign_key="bureau.id", index=True, max_length=lengths.ID)
    employee_id: str | None = Field(default=None, foreign_key="employee.id", index=True, max_length=lengths.ID)
    entities: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    message: str = Field(max_length=lengths.MESSAGE)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    date: str | None = Field(default=None, max_length=lengths.ISO_DATE)
    window_start: datetime | None = Field(default=None, sa_type=UTCDateTime)
    window_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    detected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    acknowledged_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by: str | None = Field(default=None, max_length=lengths.ID)  # an employee id or "system"
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """Append-only trail of every planning change (the seed's `planning_change`)."""

    __tablename__ = "audit_event"
    # The audit trail's page: one kind, newest first (the biggest table in a big organisation).
    __table_args__ = (Index("ix_audit_entity", "entity_type", "entity_id"), Index("ix_audit_kind_at", "kind", "at"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    kind: str = Field(default="planning_change", max_length=lengths.REFERENCE)
    entity_type: str = Field(max_length=lengths.REFERENCE)
    entity_id: str = Field(max_length=lengths.ID)
    action: str = Field(max_length=lengths.REFERENCE)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    actor_id: str | None = Field(default=None, foreign_key="employee.id", index=True, max_length=lengths.ID)
    reason: str | None = Field(default=None, max_length=lengths.MESSAGE)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class Job(SQLModel, table=True):
    """A long-running piece of work (auto-assign, schedule generation) and its status.

    The id is derived from the request and the data it reads, so repeating a request
    returns the same job instead of starting another.
    """

    id: str = Field(primary_key=True, max_length=lengths.ID)
    kind: str = Field(max_length=lengths.REFERENCE, index=True)
    status: str = Field(default=JobStatus.queued.value, max_length=lengths.STATUS, index=True)
    progress: float = 0.0
    message: str | None = Field(default=None, max_length=lengths.MESSAGE)
    # `message` as a template and parameters, rendered in the reader's language (the worker writing it
    # has no reader); empty when the message is a plain sentence the catalogue translates as it is.
    message_text: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    result: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    error: str | None = Field(default=None, max_length=lengths.ERROR)
    # A failed run's domain error (its type, message, details, conflicts), so a web process waiting on
    # the job (the synchronous API routes) raises the same error and answers the same status and body.
    error_detail: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    worker_pid: int | None = None
    # Run by queue workers (services/jobs.py): the worker holding the job renews its lease; a lease
    # run out means the worker stopped, and the job is queued again (at most MAX_ATTEMPTS runs).
    worker_id: str | None = Field(default=None, max_length=lengths.REFERENCE)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    attempts: int = 0
    stop_requested: bool = False
    # What a run saved so far to start again from (the best roster of a generation).
    checkpoint: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class TimeOffKind(str, Enum):
    vacation = "vacation"
    sick = "sick"
    personal = "personal"
    other = "other"


class TimeOffStatus(str, Enum):
    requested = "requested"
    approved = "approved"
    declined = "declined"
    cancelled = "cancelled"


class TimeOffRequest(SQLModel, table=True):
    """Leave a person asks for, whole local days from start_date to end_date inclusive. Approved, it
    becomes an Availability row of kind leave (`availability_id`), which the rule engine reads."""

    __tablename__ = "time_off_request"
    __table_args__ = (Index("ix_time_off_request_employee_start", "employee_id", "start_date"),)
    __mapper_args__ = version_checked

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", ondelete="CASCADE", max_length=lengths.ID)
    start_date: date
    end_date: date
    kind: str = Field(default=TimeOffKind.vacation.value, max_length=lengths.STATUS)
    note: str | None = Field(default=None, max_length=lengths.NOTES)
    status: str = Field(default=TimeOffStatus.requested.value, max_length=lengths.STATUS, index=True)
    decided_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = Field(default=None, max_length=lengths.REASON)
    availability_id: str | None = Field(
        default=None, foreign_key="availability.id", ondelete="SET NULL", max_length=lengths.ID
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class SwapStatus(str, Enum):
    offered = "offered"  # waiting for a colleague to accept
    accepted = "accepted"  # a colleague accepted; waiting for a team leader
    approved = "approved"  # the assignments have moved
    declined = "declined"  # a team leader said no
    withdrawn = "withdrawn"  # the offerer took it back before approval
    expired = "expired"  # the shift started before the offer was approved (shown, never stored)


class SwapOffer(SQLModel, table=True):
    """A staff member offers one of their published shifts to a named colleague (`to_employee_id`)
    or to anyone eligible (empty). With `swap_shift_id` it is a true swap: the offerer takes that
    shift of the colleague's in return; without it a give-away. A colleague accepts
    (`accepted_by`), then a team leader approves or declines (`decided_by`; empty when the bureau
    approves automatically). Only approval moves assignments (services/swaps/decisions.py)."""

    __tablename__ = "swap_offer"
    __table_args__ = (Index("ix_swap_offer_status_shift", "status", "shift_id"),)
    __mapper_args__ = version_checked

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    shift_id: str = Field(foreign_key="shift.id", ondelete="CASCADE", max_length=lengths.ID)
    from_employee_id: str = Field(foreign_key="employee.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    to_employee_id: str | None = Field(
        default=None, foreign_key="employee.id", index=True, ondelete="CASCADE", max_length=lengths.ID
    )
    swap_shift_id: str | None = Field(default=None, foreign_key="shift.id", ondelete="CASCADE", max_length=lengths.ID)
    note: str | None = Field(default=None, max_length=lengths.REASON)
    status: str = Field(default=SwapStatus.offered.value, max_length=lengths.STATUS)
    accepted_by: str | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL", max_length=lengths.ID)
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: str | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL", max_length=lengths.ID)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = Field(default=None, max_length=lengths.REASON)
    auto_approved: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class CalendarFeed(SQLModel, table=True):
    """A secret iCal URL: one person's published shifts (`bureau_id` empty) or a whole bureau's.

    Only the SHA-256 of the URL's token is stored; rotating replaces the row, revoking deletes it.
    A person has at most one personal feed and one per bureau (two partial unique indexes, so that
    two "make my feed" calls at once cannot leave two working URLs).
    """

    __tablename__ = "calendar_feed"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_calendar_feed_token_hash"),
        Index(
            "uq_calendar_feed_personal",
            "employee_id",
            unique=True,
            sqlite_where=text("bureau_id IS NULL"),
            postgresql_where=text("bureau_id IS NULL"),
        ),
        Index(
            "uq_calendar_feed_bureau",
            "employee_id",
            "bureau_id",
            unique=True,
            sqlite_where=text("bureau_id IS NOT NULL"),
            postgresql_where=text("bureau_id IS NOT NULL"),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    bureau_id: str | None = Field(default=None, foreign_key="bureau.id", ondelete="CASCADE", max_length=lengths.ID)
    token_hash: str = Field(max_length=lengths.TOKEN_HASH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
