"""Accepting and deciding: a colleague accepts (the rule engine judges the exchange; the bureau may
approve it at once), a team leader or planner approves (the rule engine is asked again, then the
assignments move) or declines; what waits for a leader's decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from shiftapp.i18n.messages import Message
from shiftapp.models import Bureau, Employee, Shift, SwapOffer
from shiftapp.models.common import utcnow
from shiftapp.rules import ChangeResult
from shiftapp.services import access, notifications
from shiftapp.services.audit import assignment_record, record
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, Forbidden, NotFound
from shiftapp.services.swaps.common import (
    ACCEPTED,
    APPROVED,
    AUTO_REASON,
    DECLINED,
    KIND,
    OFFERED,
    SOURCE,
    Lookup,
    SwapView,
    change_status,
    check_version,
    has_started,
    lock_offer,
    offer_rows,
    stale,
    status_of,
    when,
)
from shiftapp.services.swaps.eligibility import (
    Exchange,
    SwapRefused,
    current_exchange,
    judge,
    plan_for,
    quiet_judge,
    require_active,
    require_decider,
)
from shiftapp.services.text_limits import decision_note


def pending_swaps(*, session: Session, actor: Employee) -> list[SwapView]:
    """Accepted swaps waiting for this leader (shifts of their bureau; every bureau's for planners),
    soonest first, each with the hard conflicts approving it would bring now."""
    require_decider(actor)
    where: list[Any] = [SwapOffer.status == ACCEPTED, col(Shift.start_at) > utcnow()]
    if not (access.is_planner(actor) or access.is_admin(actor)):
        if actor.bureau_id is None:
            return []
        where.append(Shift.bureau_id == actor.bureau_id)
    offers = offer_rows(session, *where)
    lookup = Lookup(session, offers)
    offers = [
        o
        for o in offers
        if status_of(o, lookup.shifts[o.shift_id], lookup.shifts.get(o.swap_shift_id or "")) == ACCEPTED
    ]
    if not offers:
        return []
    involved = [lookup.shifts[o.shift_id] for o in offers] + [
        lookup.shifts[o.swap_shift_id] for o in offers if o.swap_shift_id
    ]
    plan = plan_for(session, involved)
    views = []
    for offer in offers:
        accepter = session.get(Employee, offer.accepted_by) if offer.accepted_by else None
        result: ChangeResult | None = None
        problem: str | None = None
        if accepter is not None:
            try:
                result = quiet_judge(plan, offer, current_exchange(session, offer, accepter, lookup.names), accepter.id)
            except Conflict as error:
                problem = error.message
        view = lookup.view(offer, result)
        if problem:
            view = replace(view, conflicts=(problem,))
        views.append(view)
    return views


def accept_offer(*, session: Session, actor: Employee, offer_id: Any, expected_version: int | None = None) -> SwapView:
    """Take an offer made to you or to anyone: the rule engine checks both schedules after the
    exchange; it then waits for a team leader, or is approved at once where the bureau says so and
    nothing conflicts."""
    require_active(actor)
    offer = session.get(SwapOffer, offer_id) if isinstance(offer_id, str) else None
    if offer is None:
        raise NotFound("Swap offer not found")
    if offer.from_employee_id == actor.id:
        raise Forbidden("You cannot accept your own offer")
    if offer.to_employee_id is not None and offer.to_employee_id != actor.id:
        raise Forbidden("This offer was made to someone else")
    offer = lock_offer(session, offer, [actor.id])
    if offer.status != OFFERED:
        raise stale(offer, OFFERED)
    check_version(offer, expected_version)
    shift, swap_shift = _shifts_of(session, offer)
    if has_started(shift, swap_shift):
        raise Conflict("This offer has expired: its shift has started")
    lookup = Lookup(session, [offer])
    exchange = current_exchange(session, offer, actor, lookup.names)
    involved = [shift, *([swap_shift] if swap_shift else [])]
    result = judge(plan_for(session, involved), offer, exchange, actor.id)
    if result.hard:
        raise SwapRefused(result.hard, hint="This swap breaks a rule; it cannot be accepted", change=result)
    now = utcnow()
    change_status(
        session,
        actor,
        offer,
        ACCEPTED,
        action="accept",
        now=now,
        noted={"warnings": [c.message for c in result.soft]},
        accepted_by=actor.id,
        accepted_at=now,
    )
    bureau_ids = sorted({s.bureau_id for s in involved})
    automatic = not result.introduced and all(
        (b := session.get(Bureau, bureau_id)) is not None and b.swaps_auto_approve for bureau_id in bureau_ids
    )
    if automatic:
        _approve(session, None, offer, exchange, actor.id, involved, AUTO_REASON)
    lookup = Lookup(session, [offer])
    view = lookup.view(offer, result)
    offerer = offer.from_employee_id
    if automatic:
        notifications.notify(
            session,
            [offerer],
            notifications.SWAP_DECIDED,
            Message("Swap approved: {name} takes your shift", name=actor.full_name),
            Message(
                "{name} accepted your offer of {shift}; it was approved automatically, and you take {yours}.",
                name=actor.full_name,
                shift=when(view.shift),
                yours=when(view.swap_shift),
            )
            if view.swap_shift
            else Message(
                "{name} accepted your offer of {shift}; it was approved automatically.",
                name=actor.full_name,
                shift=when(view.shift),
            ),
            "/swaps",
        )
    else:
        leaders = _leaders_of(session, bureau_ids, exclude={actor.id, offerer})
        names = {"name": actor.full_name, "offerer": lookup.names.get(offerer, ""), "shift": when(view.shift)}
        body = (
            Message(
                "{name} accepted {offerer}'s offer of {shift} in exchange for {yours}",
                **names,
                yours=when(view.swap_shift),
            )
            if view.swap_shift
            else Message("{name} accepted {offerer}'s offer of {shift}", **names)
        )
        notifications.notify(
            session,
            [offerer],
            notifications.SWAP_REQUESTED,
            Message("{name} accepted your offer", name=actor.full_name),
            Message("{text}. It now waits for a team leader's approval.", text=body),
            "/swaps",
        )
        if leaders:
            notifications.notify(
                session,
                leaders,
                notifications.SWAP_REQUESTED,
                "A swap waits for your decision",
                Message("{text}.", text=body),
                "/swaps",
            )
    return view


def _leaders_of(session: Session, bureau_ids: list[str], exclude: set[str]) -> list[Employee]:
    rows = session.exec(
        select(Employee).where(
            col(Employee.is_team_leader).is_(True),
            col(Employee.bureau_id).in_(bureau_ids),
            Employee.status == "active",
            col(Employee.deleted_at).is_(None),
        )
    )
    return [e for e in rows if e.id not in exclude]


def _approve(
    session: Session,
    actor: Employee | None,
    offer: SwapOffer,
    exchange: Exchange,
    accepter_id: str,
    shifts: list[Shift],
    reason: str | None,
) -> None:
    """Move the assignments and mark the offer approved, each step audited; the caller has judged it."""
    now = utcnow()
    moves = [(exchange.outgoing, accepter_id)]
    if exchange.returning is not None:
        moves.append((exchange.returning, offer.from_employee_id))
    for assignment, to_person in moves:
        before = assignment_record(assignment)
        assignment.employee_id = to_person
        assignment.source = SOURCE
        assignment.updated_at = now
        session.add(assignment)
        session.flush()
        record(
            session=session,
            actor=actor,
            entity_type="assignment",
            entity_id=assignment.id,
            action="swap",
            before=before,
            after={**assignment_record(assignment), "offer_id": offer.id},
            reason=reason,
            kind=KIND,
        )
    change_status(
        session,
        actor,
        offer,
        APPROVED,
        action="approve" if actor else "auto_approve",
        now=now,
        reason=reason,
        decided_by=actor.id if actor else None,
        decided_at=now,
        decision_note=reason if actor else None,
        auto_approved=actor is None,
    )
    refresh(
        session=session,
        start=min(s.start_at for s in shifts) - timedelta(days=1),
        end=max(s.end_at for s in shifts) + timedelta(days=1),
        actor=actor,
    )


def _shifts_of(session: Session, offer: SwapOffer) -> tuple[Shift, Shift | None]:
    shift = session.get(Shift, offer.shift_id)
    swap_shift = session.get(Shift, offer.swap_shift_id) if offer.swap_shift_id else None
    if shift is None or (offer.swap_shift_id and swap_shift is None):
        raise NotFound("Swap not found")
    return shift, swap_shift


def _decide(
    *, session: Session, actor: Employee, offer_id: Any, expected_version: int | None, note: Any, approve: bool
) -> SwapView:
    require_decider(actor)
    offer = session.get(SwapOffer, offer_id) if isinstance(offer_id, str) else None
    if offer is None:
        raise NotFound("Swap offer not found")
    shift, swap_shift = _shifts_of(session, offer)
    involved = [shift, *([swap_shift] if swap_shift else [])]
    if not all(access.leads_or_plans(actor, s.bureau_id) for s in involved):
        raise Forbidden("You can decide only on swaps of shifts in the bureau you lead")
    access.refuse_own_decision(
        actor,
        (offer.from_employee_id, offer.accepted_by),
        "A swap of your own is decided by another team leader or a planner",
    )
    reason = decision_note(note)
    offer = lock_offer(session, offer, [offer.accepted_by] if offer.accepted_by else [])
    if offer.status != ACCEPTED:
        raise stale(offer, ACCEPTED)
    check_version(offer, expected_version)
    shift, swap_shift = _shifts_of(session, offer)
    involved = [shift, *([swap_shift] if swap_shift else [])]
    accepter = session.get(Employee, offer.accepted_by) if offer.accepted_by else None
    if accepter is None:
        raise Conflict("The colleague who accepted this swap no longer exists; decline it")
    if approve:
        if has_started(shift, swap_shift):
            raise Conflict("This swap has expired: its shift has started; decline it instead")
        exchange = current_exchange(session, offer, accepter, Lookup(session, [offer]).names)
        # The plan may have changed since the swap was accepted: ask the rule engine again.
        result = judge(plan_for(session, involved), offer, exchange, accepter.id)
        if result.hard:
            raise SwapRefused(result.hard, hint="Decline the swap, or change the plan so that it fits", change=result)
        _approve(session, actor, offer, exchange, accepter.id, involved, reason)
    else:
        now = utcnow()
        change_status(
            session,
            actor,
            offer,
            DECLINED,
            action="decline",
            now=now,
            reason=reason,
            decided_by=actor.id,
            decided_at=now,
            decision_note=reason,
        )
    view = Lookup(session, [offer]).view(offer)
    verb = "approved" if approve else "declined"
    people = {
        "name": actor.full_name,
        "shift": when(view.shift),
        "giver": view.from_employee_name,
        "taker": view.accepted_by_name,
    }
    if view.swap_shift:
        text = (
            "{name} approved the swap of {shift} from {giver} to {taker} (and of {other} the other way)."
            if approve
            else "{name} declined the swap of {shift} from {giver} to {taker} (and of {other} the other way)."
        )
        body = Message(text, **people, other=when(view.swap_shift))
    else:
        text = (
            "{name} approved the swap of {shift} from {giver} to {taker}."
            if approve
            else "{name} declined the swap of {shift} from {giver} to {taker}."
        )
        body = Message(text, **people)
    notifications.notify(
        session,
        [p for p in (offer.from_employee_id, offer.accepted_by) if p and p != actor.id],
        notifications.SWAP_DECIDED,
        f"Swap {verb}",
        Message("{text}\n\n{note}", text=body, note=reason) if reason else body,
        "/swaps",
    )
    return view


def approve_swap(
    *, session: Session, actor: Employee, offer_id: Any, expected_version: int | None, note: Any = None
) -> SwapView:
    """Approve an accepted swap: the rule engine is asked again, then the assignments move."""
    return _decide(
        session=session, actor=actor, offer_id=offer_id, expected_version=expected_version, note=note, approve=True
    )


def decline_swap(
    *, session: Session, actor: Employee, offer_id: Any, expected_version: int | None, note: Any = None
) -> SwapView:
    """Decline an accepted swap: nothing moves."""
    return _decide(
        session=session, actor=actor, offer_id=offer_id, expected_version=expected_version, note=note, approve=False
    )
