"""Offering: what a person sees (offers they may take, their own, the ones they accepted, their shifts
they could offer), making an offer of one of their published shifts, and withdrawing it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from shiftapp.i18n.messages import Message
from shiftapp.models import Assignment, Employee, Shift, SwapOffer
from shiftapp.models.common import utcnow
from shiftapp.services import notifications
from shiftapp.services.audit import record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shiftapp.services.locks import lock_shifts_and_people
from shiftapp.services.shift_views import ShiftBrief, shift_brief
from shiftapp.services.swaps.common import (
    CONFIRMED,
    HISTORY_DAYS,
    KIND,
    MAX_COLLEAGUES,
    MAX_LISTED,
    OFFERED,
    OPEN_STATUSES,
    PUBLISHED,
    WITHDRAWN,
    Colleague,
    Lookup,
    SwapBoard,
    SwapView,
    audit_view,
    change_status,
    check_version,
    lock_offer,
    offer_rows,
    stale,
    when,
)
from shiftapp.services.swaps.eligibility import confirmed, fitting_offers, on_shift, require_active
from shiftapp.services.text_limits import decision_note


def board(*, session: Session, actor: Employee) -> SwapBoard:
    """What the signed-in person sees: offers they may accept (made to them, or to anyone and fitting
    their schedule: the rule engine finds no hard conflict), their own offers and the ones they
    accepted (still open, or decided in the last days), and their shifts they could offer."""
    now = utcnow()
    recent = now - timedelta(days=HISTORY_DAYS)
    open_to_me = offer_rows(
        session,
        SwapOffer.status == OFFERED,
        col(Shift.start_at) > now,
        SwapOffer.from_employee_id != actor.id,
        or_(col(SwapOffer.to_employee_id).is_(None), col(SwapOffer.to_employee_id) == actor.id),
    )
    mine = offer_rows(
        session,
        SwapOffer.from_employee_id == actor.id,
        or_(col(SwapOffer.status).in_(OPEN_STATUSES), col(SwapOffer.updated_at) > recent),
    )
    taken = offer_rows(
        session,
        SwapOffer.accepted_by == actor.id,
        or_(col(SwapOffer.status).in_(OPEN_STATUSES), col(SwapOffer.updated_at) > recent),
    )
    lookup = Lookup(session, [*open_to_me, *mine, *taken])
    return SwapBoard(
        offers_to_me=fitting_offers(session, actor, open_to_me, lookup) if actor.status == "active" else [],
        my_offers=[lookup.view(o) for o in mine],
        accepted_by_me=[lookup.view(o) for o in taken],
        my_shifts=my_offerable_shifts(session=session, actor=actor),
    )


def my_offerable_shifts(*, session: Session, actor: Employee) -> list[ShiftBrief]:
    """The signed-in person's published shifts that have not started and are not already on offer."""
    now = utcnow()
    rows = list(
        session.exec(
            select(Shift)
            .join(Assignment, col(Assignment.shift_id) == col(Shift.id))
            .where(
                Assignment.employee_id == actor.id,
                Assignment.status == CONFIRMED,
                Shift.status == PUBLISHED,
                col(Shift.start_at) > now,
            )
            .order_by(col(Shift.start_at))
            .limit(MAX_LISTED)
        )
    )
    on_offer = set(
        session.exec(
            select(SwapOffer.shift_id).where(
                SwapOffer.from_employee_id == actor.id, col(SwapOffer.status).in_(OPEN_STATUSES)
            )
        )
    )
    bureaus = bureau_names(session)
    return [shift_brief(s, bureaus) for s in rows if s.id not in on_offer]


def colleagues(*, session: Session, actor: Employee) -> list[Colleague]:
    """Everyone active but the signed-in person, by name: whom an offer may name."""
    bureaus = bureau_names(session)
    rows = session.exec(
        select(Employee)
        .where(Employee.status == "active", col(Employee.deleted_at).is_(None), Employee.id != actor.id)
        .order_by(col(Employee.full_name))
        .limit(MAX_COLLEAGUES)
    )
    return [Colleague(e.id, e.full_name, bureaus.get(e.bureau_id or "", "")) for e in rows]


def colleague_shifts(*, session: Session, actor: Employee, colleague_id: Any) -> list[ShiftBrief]:
    """A colleague's published shifts that have not started: what a swap may ask in return (the
    published schedule is everyone's to read)."""
    require_active(actor)
    colleague = session.get(Employee, colleague_id) if isinstance(colleague_id, str) else None
    if colleague is None or colleague.deleted_at is not None:
        raise NotFound("Colleague not found")
    return my_offerable_shifts(session=session, actor=colleague)


def offer_shift(
    *,
    session: Session,
    actor: Employee,
    shift_id: Any,
    to_employee_id: Any = None,
    swap_shift_id: Any = None,
    note: Any = None,
) -> SwapView:
    """Offer one of your published shifts to a named colleague or to anyone eligible; with
    `swap_shift_id` (a shift of the named colleague's) you take that one in return."""
    require_active(actor)
    if not isinstance(shift_id, str) or not shift_id:
        raise ValidationFailed("shift_id must name one of your shifts", details={"field": "shift_id"})
    if to_employee_id is not None and not isinstance(to_employee_id, str):
        raise ValidationFailed("to_employee_id must be a colleague's id", details={"field": "to_employee_id"})
    if swap_shift_id is not None and not isinstance(swap_shift_id, str):
        raise ValidationFailed("swap_shift_id must be a shift's id", details={"field": "swap_shift_id"})
    to_employee_id = to_employee_id or None
    swap_shift_id = swap_shift_id or None
    text = decision_note(note)
    if to_employee_id == actor.id:
        raise ValidationFailed("You cannot offer a shift to yourself", details={"field": "to_employee_id"})
    if swap_shift_id and not to_employee_id:
        raise ValidationFailed(
            "A swap names the colleague whose shift you take in return: give to_employee_id, or leave out "
            "swap_shift_id for a give-away",
            details={"field": "swap_shift_id"},
        )
    if swap_shift_id == shift_id:
        raise ValidationFailed("The shift in return must be another shift", details={"field": "swap_shift_id"})
    colleague = None
    if to_employee_id:
        colleague = session.get(Employee, to_employee_id)
        if colleague is None or colleague.deleted_at is not None:
            raise NotFound("Colleague not found")
        if colleague.status != "active":
            raise Conflict("{name} is not active and cannot take shifts", params={"name": colleague.full_name})
    lock_shifts_and_people(
        session,
        [shift_id, *([swap_shift_id] if swap_shift_id else [])],
        also=[actor.id, *([to_employee_id] if to_employee_id else [])],
    )
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("Shift not found")
    if confirmed(session, shift.id, actor.id) is None:
        raise Forbidden("You can offer only shifts you are on")
    _require_offerable(shift, "This shift")
    if swap_shift_id and colleague is not None:
        swap_shift = session.get(Shift, swap_shift_id)
        if swap_shift is None:
            raise NotFound("The shift in return was not found")
        _require_offerable(swap_shift, "The shift in return")
        if confirmed(session, swap_shift.id, colleague.id) is None:
            raise Conflict("{name} is not on the shift you ask in return", params={"name": colleague.full_name})
        if on_shift(session, swap_shift.id, actor.id):
            raise Conflict("You are already on the shift you ask in return")
    existing = session.exec(
        select(SwapOffer).where(
            SwapOffer.shift_id == shift.id,
            SwapOffer.from_employee_id == actor.id,
            col(SwapOffer.status).in_(OPEN_STATUSES),
        )
    ).first()
    if existing is not None:
        raise Conflict(
            "You have already offered this shift; withdraw that offer first",
            details={"offer_id": existing.id, "status": existing.status},
        )
    offer = SwapOffer(
        shift_id=shift.id,
        from_employee_id=actor.id,
        to_employee_id=to_employee_id,
        swap_shift_id=swap_shift_id,
        note=text,
    )
    session.add(offer)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="swap_offer",
        entity_id=offer.id,
        action="offer",
        after=audit_view(offer),
        kind=KIND,
    )
    view = Lookup(session, [offer]).view(offer)
    if colleague is not None:
        offered = (
            Message(
                "{name} offers you a swap: their shift {shift} for your {yours}.",
                name=actor.full_name,
                shift=when(view.shift),
                yours=when(view.swap_shift),
            )
            if view.swap_shift
            else Message("{name} offers you their shift {shift}.", name=actor.full_name, shift=when(view.shift))
        )
        notifications.notify(
            session,
            [colleague],
            notifications.SWAP_REQUESTED,
            Message("{name} offers you a shift", name=actor.full_name),
            Message("{text}\n\n{note}", text=offered, note=text) if text else offered,
            "/swaps",
        )
    return view


def _require_offerable(shift: Shift, label: str) -> None:
    if shift.status != PUBLISHED:
        raise Conflict(
            "{shift} is not published; only published shifts can be swapped",
            details={"status": shift.status},
            params={"shift": Message(label)},
        )
    if shift.start_at <= utcnow():
        raise Conflict("{shift} has already started; it can no longer be swapped", params={"shift": Message(label)})


def withdraw_offer(
    *, session: Session, actor: Employee, offer_id: Any, expected_version: int | None = None
) -> SwapView:
    """Take back your own offer while it is not approved (offered, or accepted and waiting)."""
    offer = session.get(SwapOffer, offer_id) if isinstance(offer_id, str) else None
    if offer is None or offer.from_employee_id != actor.id:
        # Another person's offer is answered as missing: its id is not confirmed.
        raise NotFound("Swap offer not found")
    offer = lock_offer(session, offer, [offer.accepted_by] if offer.accepted_by else [])
    if offer.status not in OPEN_STATUSES:
        raise stale(offer, WITHDRAWN)
    check_version(offer, expected_version)
    change_status(session, actor, offer, WITHDRAWN, action="withdraw")
    view = Lookup(session, [offer]).view(offer)
    told = offer.accepted_by or offer.to_employee_id
    if told:
        notifications.notify(
            session,
            [told],
            notifications.SWAP_DECIDED,
            Message("{name} withdrew a shift offer", name=actor.full_name),
            Message("{name} withdrew the offer of {shift}.", name=actor.full_name, shift=when(view.shift)),
            "/swaps",
        )
    return view
