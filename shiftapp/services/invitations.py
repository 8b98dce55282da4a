"""Invitations: a one-time link with which a new employee chooses their own password.

Whoever adds people (planners) issues one for someone who has no password yet; the link is shown to
them once to copy, and emailed when SMTP is configured. Only the SHA-256 of its token is stored. A
link works once, until it expires, and only while it is the person's newest one. Planners invite
staff; someone with a role above staff, or a team leader, only an administrator invites, so that
nobody hands out a way into an account that may do more than they may."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from shiftapp.config import Settings, get_settings
from shiftapp.i18n import language_or_default, month_name, translate
from shiftapp.models import AccessRole, Employee, EmployeeStatus, Invitation
from shiftapp.models.common import utcnow
from shiftapp.services import access, mail
from shiftapp.services.audit import record
from shiftapp.services.auth import hash_token, revoke_all_sessions
from shiftapp.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shiftapp.services.passwords import MAX_PASSWORD_LENGTH, check_password_rules, hash_password

INVITATION_DAYS = 7
WELCOME_PATH = "/welcome"
# The longest token a link can carry (token_urlsafe(32) is 43 characters); anything longer is not one.
MAX_TOKEN_LENGTH = 128
NOT_VALID = (
    "This invitation link is not valid: it was already used, replaced by a newer one or has expired. "
    "Ask whoever added you for a new invitation."
)


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation: the token and link are shown once, to the person who issued it."""

    employee_id: str
    employee_name: str
    email: str
    token: str
    link: str
    expires_at: datetime
    emailed: bool


@dataclass(frozen=True)
class InvitationView:
    """Who an invitation link is for, as the set-your-password page greets them."""

    employee_name: str
    email: str
    expires_at: datetime


def invitation_link(token: str, settings: Settings | None = None) -> str:
    base = ((settings or get_settings()).app_url or "").rstrip("/")
    return f"{base}{WELCOME_PATH}?invitation={token}"


def _may_invite(actor: Employee, person: Employee) -> None:
    access.require_planner(actor, "Only admins, managers and schedulers can invite people")
    above_staff = person.access_role != AccessRole.staff.value or person.is_team_leader
    if above_staff and not access.is_admin(actor):
        raise Forbidden(
            f"Only administrators can invite {person.full_name}: their access role is {person.access_role}"
            + (" and they lead a team" if person.is_team_leader else "")
        )


def revoke_open_invitations(session: Session, employee_id: str, now: datetime | None = None) -> None:
    """Every unused link of this person stops working (a newer one, their password set, deactivation)."""
    _revoke_open(session, employee_id, now or utcnow())


def _revoke_open(session: Session, employee_id: str, now: datetime) -> None:
    for earlier in session.exec(
        select(Invitation).where(
            Invitation.employee_id == employee_id,
            col(Invitation.used_at).is_(None),
            col(Invitation.revoked_at).is_(None),
        )
    ):
        earlier.revoked_at = now
        session.add(earlier)


def issue_invitation(
    *, session: Session, actor: Employee, employee_id: str, settings: Settings | None = None
) -> IssuedInvitation:
    """A new one-time link for someone without a password (any earlier link of theirs stops working)."""
    settings = settings or get_settings()
    person = session.get(Employee, employee_id) if isinstance(employee_id, str) else None
    if person is None or person.deleted_at is not None:
        raise NotFound("Employee not found")
    _may_invite(actor, person)
    if person.status == EmployeeStatus.inactive.value:
        raise Conflict(
            f"{person.full_name} is inactive: make them active again before inviting them",
            details={"field": "status"},
        )
    if person.password_hash is not None:
        raise Conflict(
            f"{person.full_name} has already chosen a password and can sign in; "
            "they change it themselves under My profile",
            details={"employee_id": person.id},
        )
    now = utcnow()
    _revoke_open(session, person.id, now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        employee_id=person.id,
        token_hash=hash_token(token),
        created_by=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    session.add(invitation)
    session.flush()
    link = invitation_link(token, settings)
    emailed = settings.email_enabled
    if emailed:
        until = invitation.expires_at.astimezone(ZoneInfo(settings.timezone))
        # In the person's own language when whoever added them chose one; else the app's default.
        lang = language_or_default(person.language)
        until_text = (
            f"{until.day} {month_name(until.month, lang, short=True)} {until:%Y %H:%M}"
            if lang == "it"
            else f"{until:%d %b %Y %H:%M}"
        )
        mail.queue(
            session,
            [
                mail.OutgoingEmail(
                    to=person.email,
                    subject=translate("Your shiftapp account: choose your password", lang),
                    body=translate(
                        "Hello {name},\n\n{inviter} added you to shiftapp. Open this link to choose your password; "
                        "it works once, until {until}:\n\n{link}\n\n"
                        "Then sign in with your email address and that password.",
                        lang,
                        name=person.full_name,
                        inviter=actor.full_name,
                        until=until_text,
                        link=link,
                    ),
                )
            ],
        )
    record(
        session=session,
        actor=actor,
        entity_type="employee",
        entity_id=person.id,
        action="invite",
        after={"invitation_id": invitation.id, "expires_at": invitation.expires_at.isoformat(), "emailed": emailed},
        kind="access_change",
    )
    return IssuedInvitation(
        employee_id=person.id,
        employee_name=person.full_name,
        email=person.email,
        token=token,
        link=link,
        expires_at=invitation.expires_at,
        emailed=emailed,
    )


def _open_invitation(session: Session, token: object) -> tuple[Invitation, Employee]:
    if not isinstance(token, str) or not token.strip() or len(token) > MAX_TOKEN_LENGTH:
        raise NotFound(NOT_VALID)
    invitation = session.exec(select(Invitation).where(Invitation.token_hash == hash_token(token.strip()))).first()
    if invitation is None or invitation.used_at is not None or invitation.revoked_at is not None:
        raise NotFound(NOT_VALID)
    if invitation.expires_at <= utcnow():
        raise NotFound(NOT_VALID)
    person = session.get(Employee, invitation.employee_id)
    if (
        person is None
        or person.deleted_at is not None
        or person.status == EmployeeStatus.inactive.value
        or person.password_hash is not None
    ):
        raise NotFound(NOT_VALID)
    return invitation, person


def read_invitation(*, session: Session, token: object) -> InvitationView:
    """Who a link is for (nothing is written; an invalid link is one message, whatever the reason)."""
    invitation, person = _open_invitation(session, token)
    return InvitationView(employee_name=person.full_name, email=person.email, expires_at=invitation.expires_at)


def accept_invitation(*, session: Session, token: object, password: object, repeated: object = None) -> Employee:
    """Set the invited person's password (the sign-up rules) and use up the link."""
    invitation, person = _open_invitation(session, token)
    if not isinstance(password, str) or not password:
        raise ValidationFailed("Choose a password", details={"field": "password"})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"Password may be at most {MAX_PASSWORD_LENGTH} characters long", details={"field": "password"}
        )
    check_password_rules(password)
    if repeated is not None and repeated != password:
        raise ValidationFailed("The two passwords differ: type the same password twice", details={"field": "repeat"})
    now = utcnow()
    person.password_hash = hash_password(password)
    person.updated_at = now
    session.add(person)
    invitation.used_at = now
    session.add(invitation)
    _revoke_open(session, person.id, now)
    session.flush()
    revoke_all_sessions(session=session, employee_id=person.id)
    record(
        session=session,
        actor=person,
        entity_type="employee",
        entity_id=person.id,
        action="accept_invitation",
        after={"invitation_id": invitation.id},
        kind="access_change",
    )
    return person


__all__ = [
    "INVITATION_DAYS",
    "InvitationView",
    "IssuedInvitation",
    "accept_invitation",
    "invitation_link",
    "issue_invitation",
    "read_invitation",
    "revoke_open_invitations",
]
