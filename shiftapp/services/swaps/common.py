"""What every step of a swap shares: the statuses and limits, the views the pages and the API show
(`SwapView`, `ShiftBrief`, ...) built from a batch of offers read at once (`Lookup`), and the checks
before a change (the offer locked and read again, its version, the 409 for an offer moved on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from shiftapp.i18n import reading_language
from shiftapp.i18n.messages import Message
from shiftapp.i18n.values import Day
from shiftapp.models import Employee, Shift, SwapOffer, SwapStatus
from shiftapp.models.common import utcnow
from shiftapp.rules import ChangeResult
from shiftapp.services.audit import record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.errors import Conflict
from shiftapp.services.locks import lock_shifts_and_people
from shiftapp.services.shift_views import ShiftBrief, iso_utc, shift_brief

OFFERED = SwapStatus.offered.value
ACCEPTED = SwapStatus.accepted.value
APPROVED = SwapStatus.approved.value
DECLINED = SwapStatus.declined.value
WITHDRAWN = SwapStatus.withdrawn.value
EXPIRED = SwapStatus.expired.value
OPEN_STATUSES = (OFFERED, ACCEPTED)
PUBLISHED = "published"
CONFIRMED = "confirmed"
SOURCE = "swap"
KIND = "swap"
# The most offers one list evaluates with the rule engine (one Batch each) or shows.
MAX_LISTED = 100
# How far back decided offers stay in their people's lists.
HISTORY_DAYS = 30
MAX_COLLEAGUES = 500
TAKEN = "This swap has already been taken"
AUTO_REASON = "Approved automatically: the bureau approves swaps that bring no conflict"


@dataclass(frozen=True)
class SwapView:
    offer_id: str
    kind: str  # swap | give_away
    status: str  # offered | accepted | approved | declined | withdrawn | expired
    version: int
    shift: ShiftBrief
    swap_shift: ShiftBrief | None
    from_employee_id: str
    from_employee_name: str
    to_employee_id: str | None
    to_employee_name: str | None
    accepted_by: str | None
    accepted_by_name: str | None
    note: str | None
    created_at: str
    accepted_at: str | None
    decided_by_name: str | None
    decided_at: str | None
    decision_note: str | None
    auto_approved: bool
    # What the exchange would bring now, for the one looking (the accepter, or the deciding leader).
    conflicts: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SwapBoard:
    offers_to_me: list[SwapView]
    my_offers: list[SwapView]
    accepted_by_me: list[SwapView]
    my_shifts: list[ShiftBrief]


@dataclass(frozen=True)
class Colleague:
    employee_id: str
    full_name: str
    bureau_name: str


def _iso(value: datetime | None) -> str | None:
    return iso_utc(value) if value else None


class Lookup:
    """Shifts, names and bureau names for a batch of offers, each read once."""

    def __init__(self, session: Session, offers: list[SwapOffer]):
        shift_ids = {o.shift_id for o in offers} | {o.swap_shift_id for o in offers if o.swap_shift_id}
        people = {
            p
            for o in offers
            for p in (o.from_employee_id, o.to_employee_id, o.accepted_by, o.decided_by)
            if p is not None
        }
        self.shifts = (
            {s.id: s for s in session.exec(select(Shift).where(col(Shift.id).in_(sorted(shift_ids))))}
            if shift_ids
            else {}
        )
        self.names = (
            {e.id: e.full_name for e in session.exec(select(Employee).where(col(Employee.id).in_(sorted(people))))}
            if people
            else {}
        )
        self.bureaus = bureau_names(session)

    def view(self, offer: SwapOffer, change: ChangeResult | None = None) -> SwapView:
        shift = self.shifts[offer.shift_id]
        swap_shift = self.shifts.get(offer.swap_shift_id) if offer.swap_shift_id else None
        name = self.names.get
        return SwapView(
            offer_id=offer.id,
            kind="swap" if offer.swap_shift_id else "give_away",
            status=status_of(offer, shift, swap_shift),
            version=offer.version,
            shift=shift_brief(shift, self.bureaus),
            swap_shift=shift_brief(swap_shift, self.bureaus) if swap_shift else None,
            from_employee_id=offer.from_employee_id,
            from_employee_name=name(offer.from_employee_id, ""),
            to_employee_id=offer.to_employee_id,
            to_employee_name=name(offer.to_employee_id) if offer.to_employee_id else None,
            accepted_by=offer.accepted_by,
            accepted_by_name=name(offer.accepted_by) if offer.accepted_by else None,
            note=offer.note,
            created_at=_iso(offer.created_at) or "",
            accepted_at=_iso(offer.accepted_at),
            decided_by_name=name(offer.decided_by) if offer.decided_by else None,
            decided_at=_iso(offer.decided_at),
            decision_note=offer.decision_note,
            auto_approved=offer.auto_approved,
            conflicts=tuple(c.text(reading_language()) for c in change.hard) if change else (),
            warnings=tuple(c.text(reading_language()) for c in change.soft) if change else (),
        )


def status_of(offer: SwapOffer, shift: Shift, swap_shift: Shift | None) -> str:
    if offer.status in OPEN_STATUSES and has_started(shift, swap_shift):
        return EXPIRED
    return offer.status


def has_started(shift: Shift, swap_shift: Shift | None) -> bool:
    now = utcnow()
    return shift.start_at <= now or (swap_shift is not None and swap_shift.start_at <= now)


def when(brief: ShiftBrief) -> Message:
    """A shift as the swap messages name it: "2026-12-14 08:00–14:00 (Rome)" / "lun 14 dic 2026 08:00–14:00 (Rome)"."""
    return Message(
        "{day} {start}–{end} ({bureau})",
        day=Day(date.fromisoformat(brief.date)),
        start=brief.start_time,
        end=brief.end_time,
        bureau=brief.bureau_name,
    )


def audit_view(offer: SwapOffer) -> dict[str, Any]:
    return {
        "shift_id": offer.shift_id,
        "swap_shift_id": offer.swap_shift_id,
        "from_employee_id": offer.from_employee_id,
        "to_employee_id": offer.to_employee_id,
        "accepted_by": offer.accepted_by,
        "status": offer.status,
    }


def change_status(
    session: Session,
    actor: Employee | None,
    offer: SwapOffer,
    status: str,
    *,
    action: str,
    now: datetime | None = None,
    reason: str | None = None,
    noted: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    """Move `offer` to `status` (and set the other offer `fields` given), write it, and audit the step
    as `action`; `noted` adds to the audit entry's after-view. `actor` None is the app itself."""
    before = audit_view(offer)
    offer.status = status
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.updated_at = now or utcnow()
    session.add(offer)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="swap_offer",
        entity_id=offer.id,
        action=action,
        before=before,
        after={**audit_view(offer), **(noted or {})},
        reason=reason,
        kind=KIND,
    )


def offer_rows(session: Session, *where: Any, limit: int = MAX_LISTED) -> list[SwapOffer]:
    return list(
        session.exec(
            select(SwapOffer)
            .join(Shift, col(Shift.id) == col(SwapOffer.shift_id))
            .where(*where)
            .order_by(col(Shift.start_at), col(SwapOffer.created_at))
            .limit(limit)
        )
    )


def lock_offer(session: Session, offer: SwapOffer, people: list[str]) -> SwapOffer:
    """Lock the shifts and people of an offer, then read it again: whatever was decided before this
    request got the locks is what it sees."""
    offer_id = offer.id
    shift_ids = [offer.shift_id, *([offer.swap_shift_id] if offer.swap_shift_id else [])]
    lock_shifts_and_people(session, shift_ids, also=[offer.from_employee_id, *people])
    session.expire_all()
    fresh = session.get(SwapOffer, offer_id)
    if fresh is None:
        raise Conflict("This offer no longer exists; reload to see the current list")
    return fresh


def check_version(offer: SwapOffer, expected_version: int | None) -> None:
    if expected_version is not None and offer.version != expected_version:
        raise Conflict(
            "This offer was changed meanwhile; reload and try again",
            details={"current_version": offer.version, "your_version": expected_version},
        )


def stale(offer: SwapOffer, wanted: str) -> Conflict:
    """The 409 for an offer that is no longer in the state the action needs."""
    messages = {
        OFFERED: "This offer has not been accepted yet; there is nothing to decide",
        ACCEPTED: TAKEN if wanted == OFFERED else "This swap is already waiting for a decision",
        APPROVED: "This swap was already approved" if wanted != OFFERED else TAKEN,
        DECLINED: "This swap was already declined",
        WITHDRAWN: "This offer was withdrawn",
    }
    return Conflict(
        "{problem}; reload to see the current list",
        details={"status": offer.status, "current_version": offer.version},
        params={"problem": Message(messages.get(offer.status, "This offer can no longer be changed"))},
    )
