"""Request and response bodies of the sign-in and own-profile routes (seed 002: Authentication, User Profile).

As in `people`: request bodies are the services' inputs (`NewAccount`, `ProfileChanges`) with documented
maximum lengths; the Public bodies read the signed-in `Employee` row or the service's `UserProfile`.
"""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, Field

from shiftapp.api.schemas.people import Lenient, Public
from shiftapp.api.text_fields import EmailText, IdText, LabelText, NameText, PasswordText, PhoneText, StatusText
from shiftapp.services.auth import NewAccount, ProfileChanges


class LoginRequest(Lenient):
    # Optional here so a missing one is the seed's own 400 ("Missing email or password"), not a schema error.
    email: EmailText | None = None
    password: PasswordText | None = None


class UserPublic(Public):
    id: str
    email: str
    full_name: str
    # The access role: `access_role` on the employee row.
    role: str = Field(validation_alias=AliasChoices("role", "access_role"))
    bureau_id: str | None = None
    team: str | None = None
    is_team_leader: bool = False


class LoginResponse(Public):
    token: str
    user: UserPublic


class SignupRequest(Lenient, NewAccount):
    email: EmailText
    password: PasswordText
    full_name: NameText
    role: StatusText | None = None
    title: LabelText | None = None
    shift_role: StatusText | None = None
    bureau_id: IdText | None = None
    team: NameText | None = None


class SignupUser(Public):
    id: str
    email: str
    full_name: str


class SignupResponse(Public):
    user: SignupUser


class MessageResponse(BaseModel):
    message: str


class AcceptInvitationRequest(Lenient):
    # Optional here so a missing one is the service's own 400 naming it, not a schema error.
    token: str | None = Field(None, max_length=128, description="The `invitation` parameter of the link")
    password: PasswordText | None = None


class AcceptInvitationResponse(Public):
    message: str
    user: UserPublic


class SessionResponse(Public):
    user: UserPublic


class ProfilePublic(Public):
    id: str
    email: str
    full_name: str
    phone: str | None = None
    title: str | None = None
    shift_role: str
    bureau: str | None = None
    bureau_id: str | None = None
    team: str | None = None
    status: str
    role: str
    is_team_leader: bool = False


class ProfileResponse(Public):
    user: ProfilePublic


class ProfileUpdate(Lenient, ProfileChanges):
    full_name: NameText | None = None
    phone: PhoneText | None = None


class ProfileUpdateResponse(Public):
    message: str
    user: ProfilePublic


class PasswordChangeRequest(Lenient):
    current_password: PasswordText | None = None
    new_password: PasswordText | None = None


class TeamLeaderPublic(Public):
    id: str
    email: str
    full_name: str
    is_team_leader: bool


class TeamLeaderRequest(Lenient):
    is_team_leader: bool


class TeamLeaderResponse(Public):
    message: str
    user: TeamLeaderPublic
