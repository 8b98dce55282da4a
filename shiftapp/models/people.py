"""People and access: bureaus (sites), missions, skills, employees (who are also the users) and sign-in sessions."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Literal, get_args

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from shiftapp.models import lengths
from shiftapp.models.common import UTCDateTime, new_id, utcnow, version_checked


class ShiftRole(str, Enum):
    editor = "editor"
    senior = "senior"
    correspondent = "correspondent"
    driver = "driver"


# The same four roles as a type, for request schemas that name them (pydantic's Literal keeps the
# values plain strings). One list: the import fails if it and the enum ever disagree.
ShiftRoleName = Literal["editor", "senior", "correspondent", "driver"]
SHIFT_ROLES = frozenset(get_args(ShiftRoleName))
if {role.value for role in ShiftRole} != SHIFT_ROLES:
    raise RuntimeError("ShiftRoleName and ShiftRole list different shift roles")


class AccessRole(str, Enum):
    admin = "admin"
    manager = "manager"
    scheduler = "scheduler"
    staff = "staff"


class EmployeeStatus(str, Enum):
    active = "active"
    on_leave = "on-leave"
    inactive = "inactive"


class Bureau(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    name: str = Field(index=True, unique=True, max_length=lengths.NAME)
    code: str = Field(max_length=lengths.CODE)
    timezone: str = Field(default="Europe/Rome", max_length=lengths.TIMEZONE)
    # Open shifts (issue 20): a staff member's claim is granted at once, or waits for a team leader.
    open_shift_claims_need_approval: bool = False
    # Swaps (issue 20): an accepted swap that brings no conflict is approved without a team leader.
    swaps_auto_approve: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Mission(SQLModel, table=True):
    """A line of work within a bureau (e.g. Breaking News Milan) that shifts belong to."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    bureau_id: str = Field(foreign_key="bureau.id", index=True, max_length=lengths.ID)
    name: str = Field(max_length=lengths.NAME)
    allowed_roles: list[str] = Field(default_factory=list, sa_type=JSON)
    active: bool = True


class Skill(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    name: str = Field(unique=True, max_length=lengths.NAME)


class Employee(SQLModel, table=True):
    """A person on the team. Signing in needs a password hash; not every employee has one."""

    __mapper_args__ = version_checked

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    email: str = Field(index=True, unique=True, max_length=lengths.EMAIL)
    full_name: str = Field(max_length=lengths.NAME)
    phone: str | None = Field(default=None, max_length=lengths.PHONE)
    title: str | None = Field(default=None, max_length=lengths.LABEL)
    shift_role: str = Field(default=ShiftRole.correspondent.value, max_length=lengths.STATUS)
    access_role: str = Field(default=AccessRole.staff.value, max_length=lengths.STATUS)
    is_team_leader: bool = False
    bureau_id: str | None = Field(default=None, foreign_key="bureau.id", index=True, max_length=lengths.ID)
    team: str | None = Field(default=None, max_length=lengths.NAME)
    worker_id: str | None = Field(default=None, max_length=lengths.REFERENCE)
    status: str = Field(default=EmployeeStatus.active.value, max_length=lengths.STATUS, index=True)
    password_hash: str | None = Field(default=None, max_length=lengths.HASH)
    # The interface language the person chose on their profile ("en" or "it"); None until they choose,
    # and then their browser's Accept-Language decides.
    language: str | None = Field(default=None, max_length=lengths.LANGUAGE)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class EmployeeSkill(SQLModel, table=True):
    __tablename__ = "employee_skill"

    employee_id: str = Field(foreign_key="employee.id", primary_key=True, ondelete="CASCADE", max_length=lengths.ID)
    skill_id: str = Field(foreign_key="skill.id", primary_key=True, ondelete="CASCADE", max_length=lengths.ID)


class AuthSession(SQLModel, table=True):
    """A signed-in session. Only the SHA-256 of the token is stored, never the token."""

    __tablename__ = "auth_session"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_auth_session_token_hash"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    token_hash: str = Field(max_length=lengths.TOKEN_HASH)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Invitation(SQLModel, table=True):
    """A one-time link that lets a new employee choose their password. Only the SHA-256 of the link's
    token is stored; it is used once, replaced by a newer invitation, or expires."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_invitation_token_hash"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str = Field(foreign_key="employee.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    token_hash: str = Field(max_length=lengths.TOKEN_HASH)
    created_by: str | None = Field(default=None, max_length=lengths.ID)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RateLimitCounter(SQLModel, table=True):
    """Requests counted per caller and fixed one-minute window, shared by every worker process
    (the fallback store when no Redis is configured)."""

    __tablename__ = "rate_limit_counter"

    key: str = Field(primary_key=True, max_length=lengths.COUNTER_KEY)
    window_start: int = Field(primary_key=True)  # epoch seconds
    count: int = 0
