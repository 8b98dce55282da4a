"""Seed 002 — Authentication and User Profile API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from shiftapp.api.authorisation import AuthoriseFirstRoute, admin
from shiftapp.api.client_address import client_address
from shiftapp.api.deps import CurrentUser, DbSession, OptionalUser, Token
from shiftapp.api.schemas.accounts import (
    AcceptInvitationRequest,
    AcceptInvitationResponse,
    LoginRequest,
    LoginResponse,
    MessageResponse,
    PasswordChangeRequest,
    ProfileResponse,
    ProfileUpdate,
    ProfileUpdateResponse,
    SessionResponse,
    SignupRequest,
    SignupResponse,
    TeamLeaderPublic,
    TeamLeaderRequest,
    TeamLeaderResponse,
)
from shiftapp.services import auth, invitations
from shiftapp.services.errors import AuthRequired, ValidationFailed

router = APIRouter(tags=["auth"], route_class=AuthoriseFirstRoute)


@router.post("/api/auth/login", response_model=LoginResponse)
def login(body: LoginRequest, request: Request) -> Any:
    """Sign in with email and password: a bearer token (shown once) and who it signs in."""
    if not body.email or not body.password:
        raise ValidationFailed("Missing email or password", details={"fields": ["email", "password"]})
    # The use case runs its own transactions: a failed attempt is recorded even though it is refused.
    token, user = auth.sign_in(email=body.email, password=body.password, address=client_address(request))
    return {"token": token, "user": user}


@router.post("/api/auth/signup", response_model=SignupResponse, status_code=201)
def signup(body: SignupRequest, session: DbSession, actor: OptionalUser) -> Any:
    """Create an account: open to the allowed email domain as staff, or any role when an administrator asks."""
    return {"user": auth.signup(session=session, actor=actor, account=body)}


@router.post("/api/auth/accept-invitation", response_model=AcceptInvitationResponse)
def accept_invitation(body: AcceptInvitationRequest, session: DbSession) -> Any:
    """Choose a password with an invitation's token (once; the sign-up rules); then sign in as usual."""
    user = invitations.accept_invitation(session=session, token=body.token, password=body.password)
    return {"message": f"Password set for {user.full_name}: sign in with {user.email}", "user": user}


@router.post("/api/auth/logout", response_model=MessageResponse)
def logout(session: DbSession, token: Token, user: CurrentUser) -> Any:
    """End this session; the person's other sessions stay signed in."""
    if token:
        auth.logout(session=session, token=token)
    return {"message": "Logged out successfully"}


@router.get("/api/auth/session", response_model=SessionResponse)
def current_session(user: CurrentUser) -> Any:
    """Who the bearer token signs in."""
    return {"user": user}


@router.get("/api/users/me", response_model=ProfileResponse)
def get_me(session: DbSession, user: CurrentUser) -> Any:
    """The signed-in user's own profile."""
    return {"user": auth.user_profile(session, user)}


@router.put("/api/users/me", response_model=ProfileUpdateResponse)
def update_me(body: ProfileUpdate, session: DbSession, user: CurrentUser) -> Any:
    """Change one's own name or phone (the fields given)."""
    auth.update_own_profile(session=session, user=user, changes=body)
    return {"message": "Profile updated successfully", "user": auth.user_profile(session, user)}


@router.put("/api/users/me/password", response_model=MessageResponse)
def change_password(body: PasswordChangeRequest, session: DbSession, user: CurrentUser, token: Token) -> Any:
    """Change one's own password; every other session of the account is signed out."""
    auth.change_password(
        session=session,
        user=user,
        current_password=body.current_password or "",
        new_password=body.new_password or "",
        current_token=token,
    )
    return {"message": "Password updated successfully"}


@router.get("/api/users/{user_id}/team-leader", response_model=TeamLeaderPublic)
def get_team_leader(user_id: str, session: DbSession, user: CurrentUser) -> Any:
    """Whether a user is a team leader (who confirms preferences and generates schedules)."""
    return auth.get_user(session=session, user_id=user_id)


@router.put(
    "/api/users/{user_id}/team-leader",
    response_model=TeamLeaderResponse,
    dependencies=[admin("designate team leaders")],
)
def put_team_leader(user_id: str, body: TeamLeaderRequest, session: DbSession, user: CurrentUser) -> Any:
    """Make a user a team leader or no longer one (administrators only)."""
    target = auth.set_team_leader(session=session, actor=user, user_id=user_id, is_team_leader=body.is_team_leader)
    state = "now a team leader" if target.is_team_leader else "no longer a team leader"
    return {"message": f"{target.full_name} is {state}", "user": target}


__all__ = ["AuthRequired", "router"]
