"""Request and response bodies of the people routes (seed 002: employees, preferences, team availability,
dashboard), one family per resource: Create / Update for what clients send, Public for what they get.

The Create and Update bodies are the services' own inputs (`NewEmployee`, `EmployeeChanges`,
`PreferenceChanges`) with the documented maximum lengths added, so a route hands the parsed body straight
to its service. The Public bodies read the services' results by attribute (`from_attributes`), so a route
returns what the service returned and `response_model` renders the seed's body from it.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.text_fields import (
    REQUEST_TEXT_BACKSTOP,
    EmailText,
    IdText,
    LabelText,
    NameText,
    NotesText,
    PhoneText,
    ReferenceText,
    StatusText,
)
from shiftapp.services.employees import EmployeeChanges, NewEmployee
from shiftapp.services.preferences import PreferenceChanges


class Lenient(BaseModel):
    # Seed 002 clients may send fields we do not use; accept and ignore them.
    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


class Public(BaseModel):
    # Responses are read from the services' dataclasses and database rows.
    model_config = ConfigDict(from_attributes=True)


class EmployeeCreate(Lenient, NewEmployee):
    email: EmailText
    full_name: NameText
    title: LabelText | None = None
    shift_role: StatusText = "correspondent"
    bureau_id: IdText | None = None
    phone: PhoneText | None = None
    worker_id: ReferenceText | None = None
    team: NameText | None = None
    status: StatusText = "active"
    access_role: StatusText = Field("staff", description="admin, manager, scheduler or staff; above staff: admins only")
    is_team_leader: bool = Field(False, description="Team leaders confirm preferences and generate; admins only")


class EmployeeUpdate(Lenient, EmployeeChanges):
    email: EmailText | None = None
    full_name: NameText | None = None
    title: LabelText | None = None
    shift_role: StatusText | None = None
    bureau_id: IdText | None = None
    phone: PhoneText | None = None
    worker_id: ReferenceText | None = None
    team: NameText | None = None
    status: StatusText | None = None
    access_role: StatusText | None = Field(None, description="Administrators only, and not on their own record")
    is_team_leader: bool | None = Field(None, description="Administrators only, and not on their own record")
    # The version the client last read (like If-Match, which it overrides); not a change itself.
    version: int | None = None


class EmployeePublic(Public):
    id: str
    name: str
    email: str
    phone: str | None = None
    role: str | None = None
    shift_role: str
    bureau: str | None = None
    bureau_id: str | None = None
    status: str
    team: str | None = None
    worker_id: str | None = None
    is_team_leader: bool = False
    access_role: str = Field(description="admin, manager, scheduler or staff: what they may do in shiftapp")
    shifts_this_month: int = Field(default=0, serialization_alias="shiftsThisMonth")
    initials: str
    version: int


class EmployeeList(Public):
    employees: list[EmployeePublic]
    total: int


class EmployeeEnvelope(Public):
    employee: EmployeePublic


class Message(BaseModel):
    message: str


class InvitationPublic(Public):
    employee_id: str
    employee_name: str
    email: str
    token: str = Field(description="Shown once: only its hash is stored")
    link: str = Field(description="The set-your-password page with the token (absolute when APP_URL is set)")
    expires_at: datetime
    emailed: bool = Field(description="Whether it was sent by email (SMTP configured)")


class InvitationEnvelope(Public):
    invitation: InvitationPublic


class PreferenceUpdate(Lenient, PreferenceChanges):
    preferred_days: list[StatusText] | None = None
    preferred_shifts: list[StatusText] | None = None
    max_shifts_per_week: int | None = None
    notes: NotesText | None = None
    # Team leaders and admins may confirm what they save in the same step.
    auto_confirm: bool = False
    version: int | None = None


class PreferencePublic(Public):
    id: str | None = None
    user_id: str
    employee_id: str
    employee_name: str
    preferred_days: list[str]
    preferred_shifts: list[str]
    max_shifts_per_week: int | None = None
    notes: str | None = None
    confirmed: bool
    confirmed_by: str | None = None
    confirmed_by_name: str | None = None
    confirmed_at: datetime | None = None
    version: int = 0


class PreferenceEnvelope(Public):
    preferences: PreferencePublic


class PreferenceConfirmed(Public):
    message: str
    preferences: PreferencePublic


class TeamPreferences(Public):
    preferred_days: list[str]
    preferred_shifts: list[str]
    max_shifts_per_week: int | None = None
    notes: str | None = None
    confirmed: bool
    confirmed_by: str | None = None
    confirmed_by_name: str | None = None
    confirmed_at: datetime | None = None


class TeamMember(Public):
    id: str
    email: str
    full_name: str
    title: str | None = None
    shift_role: str
    is_team_leader: bool
    bureau_id: str | None = None
    bureau_name: str | None = None
    preferences: TeamPreferences | None = None
    status: str


class TeamStats(Public):
    total: int
    confirmed: int
    pending: int
    missing: int


class TeamAvailability(Public):
    employees: list[TeamMember]
    stats: TeamStats


class BulkConfirm(BaseModel):
    message: str
    confirmed_count: int


class BureauStats(BaseModel):
    employees: int
    shifts: int


class DashboardStats(BaseModel):
    totalEmployees: int
    activeEmployees: int
    totalShifts: int
    upcomingShifts: int
    unresolvedConflicts: int
    highSeverityConflicts: int
    shiftsThisWeek: int
    shiftsThisMonth: int
    bureaus: dict[str, BureauStats]


class DashboardEnvelope(BaseModel):
    stats: DashboardStats
