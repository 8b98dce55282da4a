"""Sign-in, sessions and the signed-in user's own profile (seed 002: Authentication, User Profile)."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from shiftapp.config import Settings, get_settings
from shiftapp.db import open_session, session_scope
from shiftapp.i18n import LANGUAGES
from shiftapp.models import SHIFT_ROLES, AccessRole, AuthSession, Bureau, Employee, EmployeeStatus
from shiftapp.models.common import utcnow
from shiftapp.services import access, sign_in_throttle
from shiftapp.services.audit import record
from shiftapp.services.errors import (
    Conflict,
    Forbidden,
    InvalidCredentials,
    InvalidToken,
    NotFound,
    Unavailable,
    ValidationFailed,
)
from shiftapp.services.passwords import check_password_rules, hash_password, verify_password
from shiftapp.services.text_limits import check_label, check_name

# Writing last_seen on every request would serialise all readers on SQLite; once a minute is enough.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class NewAccount(BaseModel):
    """A person signing up (or signed up by an administrator); the role defaults to staff."""

    email: str
    password: str
    full_name: str
    role: str | None = None
    title: str | None = None
    shift_role: str | None = None
    bureau_id: str | None = None
    team: str | None = None


class ProfileChanges(BaseModel):
    """What people may change on their own profile; only the fields given change."""

    full_name: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class UserProfile:
    """The signed-in user's own profile (seed 002: GET /api/users/me)."""

    id: str
    email: str
    full_name: str
    phone: str | None
    title: str | None
    shift_role: str
    bureau: str | None
    bureau_id: str | None
    team: str | None
    status: str
    role: str
    is_team_leader: bool
    language: str | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email or len(email) > 254:
        raise ValidationFailed("Email must be a valid address like name@example.com", details={"field": "email"})
    return email


def user_profile(session: Session, user: Employee) -> UserProfile:
    bureau = session.get(Bureau, user.bureau_id) if user.bureau_id else None
    return UserProfile(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        phone=user.phone,
        title=user.title,
        shift_role=user.shift_role,
        bureau=bureau.name if bureau else None,
        bureau_id=user.bureau_id,
        team=user.team,
        status=user.status,
        role=user.access_role,
        is_team_leader=user.is_team_leader,
        language=user.language,
    )


def _is_active(user: Employee) -> bool:
    return user.deleted_at is None and user.status != EmployeeStatus.inactive.value


def _open_session(session: Session, user: Employee, settings: Settings) -> str:
    token = secrets.token_urlsafe(32)  # 256 random bits
    now = utcnow()
    session.add(
        AuthSession(
            employee_id=user.id,
            token_hash=hash_token(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
        )
    )
    session.flush()
    return token


def _check_credentials(session: Session, email: str, password: str) -> tuple[Employee | None, str]:
    """The account and the outcome: "ok", "unknown_account", "wrong_password" or "deactivated"."""
    user = session.exec(select(Employee).where(Employee.email == email)).first()
    # Always verify (against a dummy hash when unknown) so timing does not reveal which emails exist.
    if not verify_password(password, user.password_hash if user else None) or user is None:
        return user, "unknown_account" if user is None else "wrong_password"
    return user, "ok" if _is_active(user) else "deactivated"


def _record_sign_in(
    session: Session,
    *,
    user: Employee | None,
    email: str,
    address: str | None,
    action: str,
    reason: str | None = None,
    paused_seconds: int | None = None,
) -> None:
    # Never the password; the email as typed only when it names no account (it is already the entity otherwise).
    after: dict[str, Any] = {"address": address or "unknown"}
    if user is None:
        after["email"] = email[:254]
    if reason:
        after["reason"] = reason
    if paused_seconds:
        after["paused_seconds"] = paused_seconds
    record(
        session=session,
        actor=user if action == "sign_in" else None,
        entity_type="employee",
        entity_id=user.id if user else "unknown",
        action=action,
        after=after,
        kind="sign_in",
    )


def sign_in(
    *, email: str | None, password: str | None, address: str | None, settings: Settings | None = None
) -> tuple[str, Employee]:
    """Sign a person in from the REST API or the sign-in page: throttled per account and per client
    address, and recorded in the audit trail whether it succeeds or not. Returns the raw token (shown
    once) and the user, detached from any session."""
    settings = settings or get_settings()
    if not isinstance(email, str) or not isinstance(password, str) or not email.strip() or not password:
        raise ValidationFailed("Enter your email and password", details={"fields": ["email", "password"]})
    email = email.strip().lower()
    sign_in_throttle.check(email=email, address=address, settings=settings)
    store_error: Unavailable | None = None
    pauses: list[sign_in_throttle.NewPause] = []
    with session_scope() as session:
        user, outcome = _check_credentials(session, email, password)
        if outcome == "ok" and user is not None:
            sign_in_throttle.record_success(email=email, settings=settings)
            token = _open_session(session, user, settings)
            _record_sign_in(session, user=user, email=email, address=address, action="sign_in")
            session.flush()
            session.expunge(user)
            return token, user
        if outcome != "deactivated":  # the right password for a closed account is no guess
            try:
                pauses = sign_in_throttle.record_failure(email=email, address=address, settings=settings)
            except Unavailable as error:  # still record the attempt, then refuse
                store_error = error
        _record_sign_in(
            session,
            user=user,
            email=email,
            address=address,
            action="sign_in_failed",
            reason=outcome,
            paused_seconds=max((p.seconds for p in pauses), default=None),
        )
    if store_error is not None:
        raise store_error
    if outcome == "deactivated":
        raise InvalidCredentials("This account is deactivated; ask an administrator to reactivate it")
    note = sign_in_throttle.paused_note(pauses)
    raise InvalidCredentials("Invalid email or password" + (f". {note}" if note else ""))


def resolve_token(*, session: Session, token: str | None, settings: Settings | None = None) -> Employee:
    """The user behind a bearer token, or InvalidToken if it is unknown, revoked or expired."""
    settings = settings or get_settings()
    if not token:
        raise InvalidToken("Invalid or expired session")
    # The session and its person in one indexed query (token_hash is unique).
    found = session.exec(
        select(AuthSession, Employee)
        .join(Employee, col(Employee.id) == col(AuthSession.employee_id))
        .where(AuthSession.token_hash == hash_token(token))
    ).first()
    now = utcnow()
    auth, user = found if found is not None else (None, None)
    if auth is None or auth.revoked_at is not None or auth.expires_at <= now:
        raise InvalidToken("Invalid or expired session")
    if auth.last_seen_at + timedelta(minutes=settings.session_idle_minutes) <= now:
        raise InvalidToken("Session expired after inactivity; please sign in again")
    if user is None or not _is_active(user):
        raise InvalidToken("Invalid or expired session")
    if now - auth.last_seen_at >= LAST_SEEN_RESOLUTION:
        auth.last_seen_at = now
        session.add(auth)
    return user


def signed_in_user_id(token: str | None, settings: Settings | None = None) -> str | None:
    """Who a bearer token speaks for right now (the same checks as `resolve_token`: revoked,
    expired, idle, deactivated), or None. Read-only, in its own short unit of work: the rate
    limiter asks before the request's own unit of work starts, and the route records the use."""
    if not token:
        return None
    with open_session(write=False) as session:
        try:
            return resolve_token(session=session, token=token, settings=settings).id
        except InvalidToken:
            return None
        finally:
            session.rollback()  # never write last_seen from here


# Who a token speaks for, remembered briefly per process for the rate limiter, which asks on every
# request before the route resolves the token again. A sign-out or revocation in this process forgets
# at once; one in another worker is seen within CALLER_MEMORY_SECONDS. The limiter only chooses a
# bucket from it: every route still resolves the token against the database.
CALLER_MEMORY_SECONDS = 5.0
_CALLER_MEMORY_SIZE = 10_000
_callers: dict[str, tuple[str | None, float]] = {}
_callers_lock = threading.Lock()


def remembered_caller(token: str) -> tuple[bool, str | None]:
    """(True, who) when this process resolved the token within CALLER_MEMORY_SECONDS, else
    (False, None). No I/O: the rate limiter asks on the event loop."""
    remembered = _callers.get(hash_token(token))
    if remembered is not None and remembered[1] > time.monotonic():
        return True, remembered[0]
    return False, None


def signed_in_user_id_cached(token: str | None) -> str | None:
    """`signed_in_user_id`, remembered for up to CALLER_MEMORY_SECONDS (see above)."""
    if not token:
        return None
    known, who = remembered_caller(token)
    if known:
        return who
    key = hash_token(token)
    now = time.monotonic()
    user_id = signed_in_user_id(token)
    with _callers_lock:
        if len(_callers) >= _CALLER_MEMORY_SIZE:
            _callers.clear()
        _callers[key] = (user_id, now + CALLER_MEMORY_SECONDS)
    return user_id


def _forget_callers(*, token_hash: str | None = None, employee_id: str | None = None) -> None:
    with _callers_lock:
        if token_hash is not None:
            _callers.pop(token_hash, None)
        if employee_id is not None:
            for key in [k for k, (who, _) in _callers.items() if who == employee_id]:
                del _callers[key]


def signed_in_user(token: str | None) -> Employee | None:
    """The user behind a session token, detached from the database session, or None. Unlike
    `signed_in_user_id` it records the use (last seen), as any signed-in action does."""
    if not token or not isinstance(token, str):
        return None
    try:
        with session_scope() as session:
            user = resolve_token(session=session, token=token)
            session.expunge(user)
            return user
    except InvalidToken:
        return None


def sign_out(token: str | None) -> None:
    """End this one session (a page's sign-out); other sessions of the same person stay."""
    if token and isinstance(token, str):
        with session_scope() as session:
            logout(session=session, token=token)


def logout(*, session: Session, token: str) -> None:
    auth = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
    if auth is not None and auth.revoked_at is None:
        auth.revoked_at = utcnow()
        session.add(auth)
    _forget_callers(token_hash=hash_token(token))


def revoke_all_sessions(*, session: Session, employee_id: str, except_token: str | None = None) -> int:
    keep = hash_token(except_token) if except_token else None
    count = 0
    for auth in session.exec(
        select(AuthSession).where(AuthSession.employee_id == employee_id, col(AuthSession.revoked_at).is_(None))
    ):
        if auth.token_hash != keep:
            auth.revoked_at = utcnow()
            session.add(auth)
            count += 1
    _forget_callers(employee_id=employee_id)
    return count


def signup(
    *, session: Session, actor: Employee | None, account: NewAccount, settings: Settings | None = None
) -> Employee:
    """Register a user. Only an admin may choose a role above staff; without an admin signed in,
    signup is open only to the email domain that settings allow."""
    settings = settings or get_settings()
    email = normalize_email(account.email)
    role = account.role or AccessRole.staff.value
    password, shift_role, bureau_id = account.password, account.shift_role, account.bureau_id
    if role not in {r.value for r in AccessRole}:
        raise ValidationFailed("role must be one of admin, manager, scheduler, staff", details={"field": "role"})
    actor_is_admin = actor is not None and access.is_admin(actor)
    if not actor_is_admin:
        domain = (settings.signup_allowed_domain or "").lower().lstrip("@")
        if not domain:
            raise Forbidden("Signup is closed: ask an administrator to create your account")
        if not email.endswith("@" + domain):
            raise Forbidden(f"Signup is open only to @{domain} addresses")
        if role != AccessRole.staff.value:
            raise Forbidden("Only administrators can create accounts with a role above staff")
    check_password_rules(password)
    full_name = check_name(account.full_name or "").strip()
    if len(full_name) < 2:
        raise ValidationFailed("Full name must be at least 2 characters long", details={"field": "full_name"})
    if shift_role is not None and shift_role not in SHIFT_ROLES:
        raise ValidationFailed(
            "shift_role must be one of editor, senior, correspondent, driver", details={"field": "shift_role"}
        )
    if bureau_id is not None and session.get(Bureau, bureau_id) is None:
        raise ValidationFailed("bureau_id does not name a known bureau", details={"field": "bureau_id"})
    if session.exec(select(Employee).where(Employee.email == email)).first() is not None:
        raise Conflict("An account with this email already exists", details={"field": "email"})
    user = Employee(
        email=email,
        full_name=full_name,
        access_role=role,
        title=account.title,
        shift_role=shift_role or "correspondent",
        bureau_id=bureau_id,
        team=account.team,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="employee",
        entity_id=user.id,
        action="signup",
        after={"email": email, "role": role},
        kind="access_change",
    )
    return user


def update_own_profile(*, session: Session, user: Employee, changes: ProfileChanges) -> Employee:
    """Staff may change only their name and phone here (seed: PUT /api/users/me)."""
    given = changes.model_fields_set
    if "full_name" in given:
        name = check_name(changes.full_name or "").strip()
        if not name:
            raise ValidationFailed("Full name cannot be empty", details={"field": "full_name"})
        if len(name) < 2:
            raise ValidationFailed("Full name must be at least 2 characters long", details={"field": "full_name"})
        user.full_name = name
    if "phone" in given:
        phone = changes.phone.strip() if changes.phone is not None else None
        if phone is not None and len(phone) > 40:
            raise ValidationFailed("Phone number may be at most 40 characters", details={"field": "phone"})
        if phone is not None:
            check_label(phone, "phone")
        user.phone = phone or None
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    return user


def set_own_language(*, session: Session, user: Employee, language: str) -> Employee:
    """The interface language the signed-in person reads the app in (only their own)."""
    if language not in LANGUAGES:
        raise ValidationFailed("Choose English or Italian", details={"field": "language"})
    user.language = language
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    return user


def change_password(
    *, session: Session, user: Employee, current_password: str, new_password: str, current_token: str | None
) -> None:
    if not current_password:
        raise ValidationFailed("Current password is required", details={"field": "current_password"})
    if not new_password:
        raise ValidationFailed("New password is required", details={"field": "new_password"})
    check_password_rules(new_password, field="new_password")
    if user.password_hash is None:
        raise Forbidden("Account not set up properly")
    if not verify_password(current_password, user.password_hash):
        raise InvalidCredentials("Current password is incorrect", details={"field": "current_password"})
    user.password_hash = hash_password(new_password)
    user.updated_at = utcnow()
    session.add(user)
    # Anyone holding an old session loses it; the session that changed the password stays.
    revoke_all_sessions(session=session, employee_id=user.id, except_token=current_token)
    record(
        session=session,
        actor=user,
        entity_type="employee",
        entity_id=user.id,
        action="password_change",
        kind="access_change",
    )


def get_user(*, session: Session, user_id: str) -> Employee:
    user = session.get(Employee, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound("User not found")
    return user


def set_team_leader(*, session: Session, actor: Employee, user_id: str, is_team_leader: bool) -> Employee:
    access.require_admin(actor, "Only administrators can designate team leaders")
    user = get_user(session=session, user_id=user_id)
    before = {"is_team_leader": user.is_team_leader}
    user.is_team_leader = bool(is_team_leader)
    user.updated_at = utcnow()
    session.add(user)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="employee",
        entity_id=user.id,
        action="team_leader",
        before=before,
        after={"is_team_leader": user.is_team_leader},
        kind="access_change",
    )
    return user


def session_expiry(now: datetime, settings: Settings) -> datetime:
    return now + timedelta(hours=settings.session_absolute_hours)
