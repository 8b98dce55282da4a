"""Notifications (issue 20, item 5): an in-app inbox per person, and email when SMTP is set up.

`notify` is called by the services that make the changes people need to hear about, inside their
transaction: the inbox rows commit (or roll back) with the change, and the email is queued on the
session and sent by `services.mail` only after the commit. Each person reads and marks only their
own messages; another person's message is answered as not found (its id is not confirmed).

Kinds (`KINDS`), for the services that call `notify`:
- schedule_published: a bureau's range was published; one message per person, listing their shifts.
- shift_changed: a published shift of the person's was changed, moved, cancelled or deleted, or they
  were assigned to or removed from one, by someone else.
- time_off_decided: their time-off request was approved or declined, or approved leave withdrawn.
- preference_confirmed: their team leader confirmed their preferences.
- claim_decided: their open-shift claim was granted at once, approved or declined.
- swap_requested, swap_decided: shift swaps (their service calls `notify` with these).

Language (issue 21): a title or body given as an `i18n.Message` is kept as its template and parameters
and rendered when read, in the reader's language (the inbox page's choice, the API's Accept-Language);
`title` and `body` keep the English reading, and rows written before show that as it is. Email is
rendered in the recipient's own language (`employee.language`), since nobody reads it through the app."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, update
from sqlmodel import Session, col, select

from shiftapp.config import get_settings
from shiftapp.i18n import language_or_default, reading_language, translate
from shiftapp.i18n.messages import DayLabel, Lines, Message, ShiftWhen, from_json, to_json
from shiftapp.models import Assignment, Employee, Notification, Shift, lengths
from shiftapp.models.common import utcnow
from shiftapp.services import mail
from shiftapp.services.errors import NotFound, ValidationFailed
from shiftapp.services.shift_views import local_window

SCHEDULE_PUBLISHED = "schedule_published"
SHIFT_CHANGED = "shift_changed"
TIME_OFF_DECIDED = "time_off_decided"
PREFERENCE_CONFIRMED = "preference_confirmed"
CLAIM_DECIDED = "claim_decided"
SWAP_REQUESTED = "swap_requested"
SWAP_DECIDED = "swap_decided"
KINDS = (
    SCHEDULE_PUBLISHED,
    SHIFT_CHANGED,
    TIME_OFF_DECIDED,
    PREFERENCE_CONFIRMED,
    CLAIM_DECIDED,
    SWAP_REQUESTED,
    SWAP_DECIDED,
)
MAX_PAGE = 100


@dataclass(frozen=True)
class NotificationView:
    id: str
    kind: str
    title: str
    body: str
    link: str | None
    created_at: str
    read_at: str | None
    read: bool


@dataclass(frozen=True)
class InboxPage:
    items: list[NotificationView]
    total: int
    unread: int
    limit: int
    offset: int


def _instant(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _stored(row: Notification, part: str) -> Message | None:
    return from_json(row.text.get(part)) if isinstance(row.text, dict) else None


def view(row: Notification, lang: str | None = None) -> NotificationView:
    """The message as its reader reads it: in `lang` (the reading language when not given) when it was
    kept as a template, else its stored text."""
    language = language_or_default(lang or reading_language())
    title, body = _stored(row, "title"), _stored(row, "body")
    return NotificationView(
        id=row.id,
        kind=row.kind,
        title=_clip(title.render(language), lengths.LABEL) if title else row.title,
        body=_clip(body.render(language), lengths.NOTES) if body else row.body,
        link=row.link,
        created_at=_instant(row.created_at) or "",
        read_at=_instant(row.read_at),
        read=row.read_at is not None,
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _email_text(body: str, link: str | None, lang: str) -> str:
    if not link:
        return body
    base = (get_settings().app_url or "").rstrip("/")
    return f"{body}\n\n{translate('Open: {address}', lang, address=base + link)}\n"


def describe_shift(shift: Shift, bureau: str | None = None) -> ShiftWhen:
    """'Mon 14 Dec 2026, 08:00–14:00 (Rome, Morning)' in the bureaus' time zone, per language."""
    start, end = local_window(shift)
    return ShiftWhen(start=start, end=end, bureau=bureau, shift_type=shift.shift_type)


def assigned_people(session: Session, shift_id: str) -> list[str]:
    return list(session.exec(select(Assignment.employee_id).where(Assignment.shift_id == shift_id)))


# ------------------------------------------------------------------ writing
def notify(
    session: Session,
    recipients: Iterable[Employee | str],
    kind: str,
    title: str | Message,
    body: str | Message,
    link: str | None = None,
) -> list[Notification]:
    """One inbox message per recipient (each person once), written in the caller's transaction; an
    email to each with an address is sent after the commit when SMTP is set up, in their language.
    Title and body are read in each reader's language: a `Message` with its parameters, a plain sentence
    when the catalogue has it (else as it was written)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}; add it to KINDS")
    people: dict[str, Employee | None] = {}
    for recipient in recipients:
        if isinstance(recipient, Employee):
            people[recipient.id] = recipient
        else:
            people.setdefault(recipient, None)
    missing = [pid for pid, person in people.items() if person is None]
    if missing:
        for found in session.exec(select(Employee).where(col(Employee.id).in_(missing))):
            people[found.id] = found
    if not people:
        return []
    # A plain title or body is kept too: a sentence the catalogue has then reads in the reader's language.
    title, body = (v if isinstance(v, Message) else Message(v) for v in (title, body))
    kept = {"title": to_json(title), "body": to_json(body)}

    def reading(lang: str) -> tuple[str, str]:
        return _clip(title.render(lang), lengths.LABEL), _clip(body.render(lang), lengths.NOTES)

    english = reading("en")
    rows: list[Notification] = []
    emails: list[mail.OutgoingEmail] = []
    for person in people.values():
        if person is None or person.deleted_at is not None:
            continue
        rows.append(
            Notification(recipient_id=person.id, kind=kind, title=english[0], body=english[1], link=link, text=kept)
        )
        if person.email:
            lang = language_or_default(person.language)
            subject, text = reading(lang) if lang != "en" else english
            emails.append(mail.OutgoingEmail(to=person.email, subject=subject, body=_email_text(text, link, lang)))
    session.add_all(rows)
    if emails and mail.enabled():
        mail.queue(session, emails)
    return rows


def with_note(message: Message, note: str | None) -> Message:
    """The message with the decider's note under it (the note as they wrote it)."""
    return Message("{text}\n\nNote: {note}", text=message, note=note) if note else message


def shift_changed(
    session: Session, *, actor: Employee, shift: Shift, people: Iterable[str], title: str | Message, what: Message
) -> None:
    """Tell the people of a published shift (not the one who made the change) what happened to it."""
    others = [p for p in dict.fromkeys(people) if p != actor.id]
    if others:
        body = Message("{what}\n\nChanged by {name}.", what=what, name=actor.full_name)
        notify(session, others, SHIFT_CHANGED, title, body, "/schedule")


def schedule_published(session: Session, *, bureau: str, start_date: date, end_date: date, shifts: list[Shift]) -> int:
    """One message per person with shifts among those just published, listing all of theirs; returns
    how many people were told."""
    if not shifts:
        return 0
    by_id = {s.id: s for s in shifts}
    mine: dict[str, list[Shift]] = {}
    rows = session.exec(
        select(Assignment.employee_id, Assignment.shift_id).where(col(Assignment.shift_id).in_(list(by_id)))
    )
    for employee_id, shift_id in rows:
        mine.setdefault(employee_id, []).append(by_id[shift_id])
    title = Message(
        "Schedule published: {bureau}, {start} to {end}",
        bureau=bureau,
        start=DayLabel(start_date),
        end=DayLabel(end_date),
    )
    for employee_id, theirs in mine.items():
        theirs.sort(key=lambda s: s.start_at)
        lines = Lines(tuple(describe_shift(s) for s in theirs), prefix="- ")
        body = (
            Message("Your 1 shift:\n{lines}", lines=lines)
            if len(theirs) == 1
            else Message("Your {count} shifts:\n{lines}", count=len(theirs), lines=lines)
        )
        notify(session, [employee_id], SCHEDULE_PUBLISHED, title, body, "/schedule")
    return len(mine)


# ------------------------------------------------------------------ reading
def unread_count(*, session: Session, actor: Employee) -> int:
    """Answered from the (recipient_id, read_at) index."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == actor.id, col(Notification.read_at).is_(None))
        ).one()
    )


def list_mine(
    *, session: Session, actor: Employee, limit: int = 25, offset: int = 0, unread_only: bool = False
) -> InboxPage:
    """The signed-in person's messages, newest first, a page at a time."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed(f"limit must be a whole number from 1 to {MAX_PAGE}", details={"field": "limit"})
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise ValidationFailed("offset must be a whole number, 0 or more", details={"field": "offset"})
    where: list[ColumnElement[bool]] = [col(Notification.recipient_id) == actor.id]
    if unread_only:
        where.append(col(Notification.read_at).is_(None))
    total = int(session.exec(select(func.count()).select_from(Notification).where(*where)).one())
    rows = session.exec(
        select(Notification)
        .where(*where)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return InboxPage(
        items=[view(r) for r in rows],
        total=total,
        unread=unread_count(session=session, actor=actor),
        limit=limit,
        offset=offset,
    )


# ------------------------------------------------------------------ marking
def mark_read(*, session: Session, actor: Employee, notification_id: str) -> NotificationView:
    """Mark one of your own messages read (again is fine: the first reading's time is kept)."""
    row = session.get(Notification, notification_id) if isinstance(notification_id, str) else None
    if row is None or row.recipient_id != actor.id:
        raise NotFound("Notification not found")
    if row.read_at is None:
        row.read_at = utcnow()
        session.add(row)
        session.flush()
    return view(row)


def mark_all_read(*, session: Session, actor: Employee) -> int:
    """Mark every unread message of yours read; returns how many were."""
    count = unread_count(session=session, actor=actor)
    if count:
        session.execute(
            update(Notification)
            .where(col(Notification.recipient_id) == actor.id, col(Notification.read_at).is_(None))
            .values(read_at=utcnow())
        )
    return count
