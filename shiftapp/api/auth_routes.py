"""Seed 002 — Authentication and User Profile API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from shiftapp.api.authorisation import AuthoriseFirstRoute, admin
from shiftapp.api.client_address import client_address
from shiftapp.api.deps import CurrentUser, DbSession, OptionalUser, Token
from shiftapp.api.text_fields import (
    REQUEST_TEXT_BACKSTOP,
    EmailText,
    IdText,
    LabelText,
    NameText,
    PasswordText,
    PhoneText,
    StatusText,
)
from shiftapp.services import auth
from shiftapp.services.errors import AuthRequired, ValidationFailed

router = APIRouter(tags=["auth"], route_class=AuthoriseFirstRoute)


class Lenient(BaseModel):
    # Seed 002 clients may send fields we do not use; accept and ignore them.
    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


class LoginRequest(Lenient):
    email: EmailText | None = None
    password: PasswordText | None = None


class UserSummary(BaseModel):
    id: str
    email: str
    full_name: str
    role: str
    bureau_id: str | None = None
    team: str | None = None
    is_team_leader: bool = False


class LoginResponse(BaseModel):
    token: str
    user: UserSummary


class SignupRequest(Lenient):
    email: EmailText
    password: PasswordText
    full_name: NameText
    role: StatusText | None = None
    title: LabelText | None = None
    shift_role: StatusText | None = None
    bureau_id: IdText | None = None
    team: NameText | None = None


class SignupUser(BaseModel):
    id: str
    email: str
    full_name: str


class SignupResponse(BaseModel):
    user: SignupUser


class MessageResponse(BaseModel):
    message: str


class SessionResponse(BaseModel):
    user: UserSummary


class Profile(BaseModel):
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


class ProfileResponse(BaseModel):
    user: Profile


class ProfileUpdateRequest(Lenient):
    full_name: NameText | None = None
    phone: PhoneText | None = None


class ProfileUpdateResponse(BaseModel):
    message: str
    user: Profile


class PasswordChangeRequest(Lenient):
    current_password: PasswordText | None = None
    new_password: PasswordText | None = None


class TeamLeaderInfo(BaseModel):
    id: str
    email: str
    full_name: str
    is_team_leader: bool


class TeamLeaderRequest(Lenient):
    is_team_leader: bool


class TeamLeaderResponse(BaseModel):
    message: str
    user: TeamLeaderInfo


@router.post("/api/auth/login", response_model=LoginResponse)
def login(body: LoginRequest, request: Request):
    if not body.email or not body.password:
        raise ValidationFailed("Missing email or password", details={"fields": ["email", "password"]})
    # The use case runs its own transactions: a failed attempt is recorded even though it is refused.
    token, user = auth.sign_in(email=body.email, password=body.password, address=client_address(request))
    return {"token": token, "user": auth.user_summary(user)}


@router.post("/api/auth/signup", response_model=SignupResponse, status_code=201)
def signup(body: SignupRequest, session: DbSession, actor: OptionalUser):
    user = auth.signup(session=session, actor=actor, **body.model_dump())
    return {"user": {"id": user.id, "email": user.email, "full_name": user.full_name}}


@router.post("/api/auth/logout", response_model=MessageResponse)
def logout(session: DbSession, token: Token, user: CurrentUser):
    auth.logout(session=session, token=token)
    return {"message": "Logged out successfully"}


@router.get("/api/auth/session", response_model=SessionResponse)
def current_session(user: CurrentUser):
    return {"user": auth.user_summary(user)}


@router.get("/api/users/me", response_model=ProfileResponse)
def get_me(session: DbSession, user: CurrentUser):
    return {"user": auth.user_profile(session, user)}


@router.put("/api/users/me", response_model=ProfileUpdateResponse)
def update_me(body: ProfileUpdateRequest, session: DbSession, user: CurrentUser):
    auth.update_own_profile(session=session, user=user, fields=body.model_dump(exclude_unset=True))
    return {"message": "Profile updated successfully", "user": auth.user_profile(session, user)}


@router.put("/api/users/me/password", response_model=MessageResponse)
def change_password(body: PasswordChangeRequest, session: DbSession, user: CurrentUser, token: Token):
    auth.change_password(
        session=session,
        user=user,
        current_password=body.current_password or "",
        new_password=body.new_password or "",
        current_token=token,
    )
    return {"message": "Password updated successfully"}


@router.get("/api/users/{user_id}/team-leader", response_model=TeamLeaderInfo)
def get_team_leader(user_id: str, session: DbSession, user: CurrentUser):
    target = auth.get_user(session=session, user_id=user_id)
    return {
        "id": target.id,
        "email": target.email,
        "full_name": target.full_name,
        "is_team_leader": target.is_team_leader,
    }


@router.put(
    "/api/users/{user_id}/team-leader",
    response_model=TeamLeaderResponse,
    dependencies=[admin("designate team leaders")],
)
def put_team_leader(user_id: str, body: TeamLeaderRequest, session: DbSession, user: CurrentUser):
    target = auth.set_team_leader(session=session, actor=user, user_id=user_id, is_team_leader=body.is_team_leader)
    state = "now a team leader" if target.is_team_leader else "no longer a team leader"
    return {
        "message": f"{target.full_name} is {state}",
        "user": {
            "id": target.id,
            "email": target.email,
            "full_name": target.full_name,
            "is_team_leader": target.is_team_leader,
        },
    }


__all__ = ["AuthRequired", "router"]
