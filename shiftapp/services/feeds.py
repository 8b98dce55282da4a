"""Calendar feeds: secret, revocable iCal URLs of published shifts (a person's own, or a bureau's).

The URL's token is shown once, when it is made; only its SHA-256 is stored, so a leaked database
leaks no working URL. Making a feed again replaces the old one (the old URL stops working).

A person has at most one personal feed and one per bureau: two partial unique indexes
(`uq_calendar_feed_personal`, `uq_calendar_feed_bureau`) hold that even when two "make my feed"
calls run at once; the one that loses the race gets a 409 (the winner's URL, shown once to the
winner, cannot be shown again) instead of a second working feed."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from shiftapp.config import get_settings
from shiftapp.exports.calendar import FeedEvent, build_calendar
from shiftapp.models import Assignment, Bureau, CalendarFeed, Employee, Shift
from shiftapp.models.common import utcnow
from shiftapp.services import access
from shiftapp.services.audit import record
from shiftapp.services.auth import hash_token
from shiftapp.services.errors import Conflict, NotFound, ValidationFailed

# What a feed holds: published shifts from this many days ago to this many days ahead.
PAST_DAYS = 92
FUTURE_DAYS = 400
FEED_GONE = "No calendar feed at this address: it was revoked or replaced. Make a new one on your profile page"
FEED_PATH = "/api/v1/calendar/{token}.ics"
MADE_MEANWHILE = (
    "Another request made this calendar feed at the same moment, and its URL was shown there; "
    "make the feed again if you need a new URL"
)


@dataclass(frozen=True)
class FeedCreated:
    """A feed just made: its secret `token` and `path` are shown this once."""

    token: str
    path: str
    scope: Literal["personal", "bureau"]
    bureau_id: str | None


@dataclass(frozen=True)
class PersonalFeedStatus:
    active: bool
    created_at: datetime | None


@dataclass(frozen=True)
class BureauFeedStatus:
    bureau_id: str
    bureau_name: str
    active: bool
    created_at: datetime | None


@dataclass(frozen=True)
class FeedStatus:
    personal: PersonalFeedStatus
    bureaus: list[BureauFeedStatus]


def zone_name(bureau: Bureau | None) -> str:
    """The bureau's IANA time zone, or the app's (TIMEZONE) when it has none or an unknown one."""
    name = bureau.timezone if bureau and bureau.timezone else get_settings().timezone
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return get_settings().timezone
    return name


def feed_path(token: str) -> str:
    return FEED_PATH.format(token=token)


def _bureau(session: Session, bureau_id: Any) -> Bureau:
    bureau = session.get(Bureau, bureau_id) if isinstance(bureau_id, str) and bureau_id else None
    if bureau is None:
        raise NotFound("Bureau not found", details={"field": "bureau_id"})
    return bureau


def _replace(session: Session, actor: Employee, bureau_id: str | None) -> str:
    for old in session.exec(
        select(CalendarFeed).where(CalendarFeed.employee_id == actor.id, CalendarFeed.bureau_id == bureau_id)
    ):
        session.delete(old)
    session.flush()
    token = secrets.token_urlsafe(32)
    session.add(CalendarFeed(employee_id=actor.id, bureau_id=bureau_id, token_hash=hash_token(token)))
    try:
        session.flush()
    except IntegrityError:
        # Another call made this feed after the delete above read none: its unique index refuses a
        # second one. The caller's unit of work rolls the whole change back.
        raise Conflict(MADE_MEANWHILE, details={"bureau_id": bureau_id}) from None
    return token


def _remove(session: Session, actor: Employee, bureau_id: str | None) -> bool:
    rows = list(
        session.exec(
            select(CalendarFeed).where(CalendarFeed.employee_id == actor.id, CalendarFeed.bureau_id == bureau_id)
        )
    )
    for row in rows:
        session.delete(row)
    return bool(rows)


def create_personal_feed(*, session: Session, actor: Employee) -> FeedCreated:
    """A new secret URL of the actor's own published shifts; any earlier one stops working."""
    token = _replace(session, actor, None)
    record(session=session, actor=actor, entity_type="calendar_feed", entity_id=actor.id, action="create")
    return FeedCreated(token=token, path=feed_path(token), scope="personal", bureau_id=None)


def revoke_personal_feed(*, session: Session, actor: Employee) -> bool:
    removed = _remove(session, actor, None)
    if removed:
        record(session=session, actor=actor, entity_type="calendar_feed", entity_id=actor.id, action="revoke")
    return removed


def create_bureau_feed(*, session: Session, actor: Employee, bureau_id: Any) -> FeedCreated:
    """A new secret URL of a bureau's published shifts, for its team leaders and planners."""
    if not isinstance(bureau_id, str) or not bureau_id:
        raise ValidationFailed("bureau_id is required", details={"field": "bureau_id"})
    access.require_bureau_schedule(actor, bureau_id)
    bureau = _bureau(session, bureau_id)
    token = _replace(session, actor, bureau.id)
    record(
        session=session,
        actor=actor,
        entity_type="calendar_feed",
        entity_id=actor.id,
        action="create",
        after={"bureau_id": bureau.id},
    )
    return FeedCreated(token=token, path=feed_path(token), scope="bureau", bureau_id=bureau.id)


def revoke_bureau_feed(*, session: Session, actor: Employee, bureau_id: Any) -> bool:
    if not isinstance(bureau_id, str) or not bureau_id:
        raise ValidationFailed("bureau_id is required", details={"field": "bureau_id"})
    removed = _remove(session, actor, bureau_id)
    if removed:
        record(
            session=session,
            actor=actor,
            entity_type="calendar_feed",
            entity_id=actor.id,
            action="revoke",
            after={"bureau_id": bureau_id},
        )
    return removed


def feed_status(*, session: Session, actor: Employee) -> FeedStatus:
    """Which feeds the actor has (never their URLs: those were shown once) and which bureaus they may add."""
    rows = list(session.exec(select(CalendarFeed).where(CalendarFeed.employee_id == actor.id)))
    personal = next((r for r in rows if r.bureau_id is None), None)
    by_bureau = {r.bureau_id: r for r in rows if r.bureau_id is not None}
    bureaus = [
        BureauFeedStatus(
            bureau_id=b.id,
            bureau_name=b.name,
            active=b.id in by_bureau,
            created_at=by_bureau[b.id].created_at if b.id in by_bureau else None,
        )
        for b in session.exec(select(Bureau).order_by(Bureau.name))
        if access.may_see_bureau_schedule(actor, b.id)
    ]
    return FeedStatus(
        personal=PersonalFeedStatus(active=personal is not None, created_at=personal.created_at if personal else None),
        bureaus=bureaus,
    )


def _feed_for_token(session: Session, token: str) -> CalendarFeed:
    digest = hash_token(token)
    row = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == digest)).first()
    # The lookup is by hash (an index), so timing says nothing about the token; compared again in
    # constant time all the same, so the check does not rest on the database's string comparison.
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        raise NotFound(FEED_GONE)
    return row


def calendar_for_token(*, session: Session, token: str) -> bytes:
    """The feed behind a secret URL (anonymous: the token is the credential). 404 for a revoked or
    unknown token, and for a feed whose owner has left or may no longer see the bureau."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise NotFound(FEED_GONE)
    feed = _feed_for_token(session, token)
    owner = session.get(Employee, feed.employee_id)
    if owner is None or owner.deleted_at is not None or owner.status == "inactive":
        raise NotFound(FEED_GONE)
    now = utcnow()
    since, until = now - timedelta(days=PAST_DAYS), now + timedelta(days=FUTURE_DAYS)
    window = (Shift.status == "published", Shift.start_at >= since, Shift.start_at < until)
    bureaus = {b.id: b for b in session.exec(select(Bureau))}
    if feed.bureau_id is None:
        rows = session.exec(
            select(Shift)
            .join(Assignment, col(Assignment.shift_id) == Shift.id)
            .where(*window, Assignment.employee_id == owner.id, Assignment.status == "confirmed")
        ).all()
        events = [_event(shift, bureaus.get(shift.bureau_id), [], f"{shift.id}.{owner.id}") for shift in rows]
        return build_calendar(
            name=f"My shifts — {owner.full_name}",
            timezone_name=zone_name(bureaus.get(owner.bureau_id or "")),
            events=events,
            stamp=now,
        )
    if not access.may_see_bureau_schedule(owner, feed.bureau_id):
        raise NotFound(FEED_GONE)
    bureau = bureaus.get(feed.bureau_id)
    shifts = session.exec(select(Shift).where(*window, Shift.bureau_id == feed.bureau_id)).all()
    names: dict[str, list[str]] = {s.id: [] for s in shifts}
    if names:
        for assignment, person in session.exec(
            select(Assignment, Employee)
            .join(Employee, col(Employee.id) == Assignment.employee_id)
            .where(col(Assignment.shift_id).in_(list(names)), Assignment.status == "confirmed")
            .order_by(Employee.full_name)
        ):
            names[assignment.shift_id].append(person.full_name)
    events = [_event(shift, bureau, names[shift.id], shift.id) for shift in shifts]
    return build_calendar(
        name=f"{bureau.name if bureau else 'Bureau'} — published shifts",
        timezone_name=zone_name(bureau),
        events=events,
        stamp=now,
    )


def _event(shift: Shift, bureau: Bureau | None, people: list[str], uid: str) -> FeedEvent:
    kind = shift.shift_type or "Shift"
    where = bureau.name if bureau else ""
    summary = f"{kind}: {', '.join(people)}" if people else f"{kind} shift" + (f" · {where}" if where else "")
    details = [f"Bureau: {where}" if where else "", f"Role: {shift.required_role}" if shift.required_role else ""]
    if people:
        details.append("On shift: " + ", ".join(people))
    return FeedEvent(
        uid=f"{uid}@shiftapp",
        start=shift.start_at,
        end=shift.end_at,
        summary=summary,
        description="\n".join(d for d in details if d),
        location=where,
        sequence=max(0, shift.version - 1),
        last_modified=shift.updated_at,
    )
