"""Swaps and give-aways (issue 20, item 2): staff hand one of their published shifts to a colleague.

An offer names one of the offerer's own published shifts that has not started, and either a
colleague or nobody (anyone eligible may take it). With a shift of the named colleague's in
return (`swap_shift_id`) it is a true swap, otherwise a give-away. A colleague accepts: the rule
engine judges the whole exchange at once (a `Batch`: the offerer off the shift and the accepter
on it, and for a swap the reverse on the other shift), so both people's schedules are checked
after the change, including role and skills; a hard conflict refuses the acceptance with the
rule's own message. The accepted offer then waits for a team leader of the shift's bureau (or a
planner), who approves, after the rule engine is asked again, or declines. Where every bureau
concerned has `Bureau.swaps_auto_approve` on and the exchange brings no conflict at all (hard or
soft), acceptance approves it at once. Only approval moves the assignments, in the transaction of
the decision, with an audit entry per assignment moved. Accepting and deciding lock the shifts and
the people concerned first (`services.locks`), so of two people accepting one offer the second
finds it taken (409). The offerer may withdraw until it is approved. Every step is audited (kind
`swap`); the people concerned are told through `services.notifications`.

`expired` is never stored: an offer still offered or accepted when one of its shifts starts is
shown as expired and can no longer be accepted or approved (withdrawing it is still fine)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from shiftapp.models import Assignment, Bureau, Employee, Shift, SwapOffer, SwapStatus
from shiftapp.models.common import utcnow
from shiftapp.rules import (
    Assign,
    AssignmentSnapshot,
    Batch,
    ChangeResult,
    SnapshotError,
    StaffPlan,
    Unassign,
    evaluate_change,
)
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.services import access, notifications
from shiftapp.services.audit import record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, Forbidden, HardConflicts, NotFound, ValidationFailed
from shiftapp.services.locks import lock_shifts_and_people
from shiftapp.services.shift_views import local_window
from shiftapp.services.snapshots import rule_settings, staff_plan
from shiftapp.services.text_limits import check_reason

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


class SwapRefused(HardConflicts):
    """An acceptance (or approval) the rule engine refuses: the error is the rules' own messages."""

    def __init__(self, conflicts: list[RuleFinding], *, hint: str, change: ChangeResult | None = None):
        super().__init__(
            "; ".join(c.message for c in conflicts),
            conflicts=conflicts,
            details={"conflict_count": len(conflicts), "rules": sorted({c.code for c in conflicts})},
            hint=hint,
            change=change,
        )


# ------------------------------------------------------------------ views
@dataclass(frozen=True)
class ShiftBrief:
    shift_id: str
    bureau_id: str
    bureau_name: str
    date: str
    start_time: str
    end_time: str
    start_at: str
    end_at: str
    shift_type: str | None
    required_role: str | None
    required_skills: tuple[str, ...]
    version: int


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
    return value.isoformat().replace("+00:00", "Z") if value else None


def _brief(shift: Shift, bureaus: dict[str, str]) -> ShiftBrief:
    start, end = local_window(shift)
    return ShiftBrief(
        shift_id=shift.id,
        bureau_id=shift.bureau_id,
        bureau_name=bureaus.get(shift.bureau_id, ""),
        date=start.date().isoformat(),
        start_time=start.strftime("%H:%M"),
        end_time=end.strftime("%H:%M"),
        start_at=_iso(shift.start_at) or "",
        end_at=_iso(shift.end_at) or "",
        shift_type=shift.shift_type,
        required_role=shift.required_role,
        required_skills=tuple(shift.required_skills or ()),
        version=shift.version,
    )


class _Lookup:
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
            status=_status(offer, shift, swap_shift),
            version=offer.version,
            shift=_brief(shift, self.bureaus),
            swap_shift=_brief(swap_shift, self.bureaus) if swap_shift else None,
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
            conflicts=tuple(c.message for c in change.hard) if change else (),
            warnings=tuple(c.message for c in change.soft) if change else (),
        )


def _status(offer: SwapOffer, shift: Shift, swap_shift: Shift | None) -> str:
    if offer.status in OPEN_STATUSES and _started(shift, swap_shift):
        return EXPIRED
    return offer.status


def _started(shift: Shift, swap_shift: Shift | None) -> bool:
    now = utcnow()
    return shift.start_at <= now or (swap_shift is not None and swap_shift.start_at <= now)


def _audit_view(offer: SwapOffer) -> dict[str, Any]:
    return {
        "shift_id": offer.shift_id,
        "swap_shift_id": offer.swap_shift_id,
        "from_employee_id": offer.from_employee_id,
        "to_employee_id": offer.to_employee_id,
        "accepted_by": offer.accepted_by,
        "status": offer.status,
    }


def _assignment_audit(assignment: Assignment) -> dict[str, Any]:
    return {
        "shift_id": assignment.shift_id,
        "employee_id": assignment.employee_id,
        "source": assignment.source,
        "status": assignment.status,
    }


# ------------------------------------------------------------------ who may do what
def _require_active(actor: Employee) -> None:
    if actor.status != "active" or actor.deleted_at is not None:
        raise Forbidden("Only active staff can offer or take shifts")


def _require_decider(actor: Employee) -> None:
    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, schedulers, managers and admins can decide on swaps")


# ------------------------------------------------------------------ the rule engine
@dataclass(frozen=True)
class _Exchange:
    """The assignments a swap moves: the offerer's on the offered shift, and for a true swap the
    accepter's on the shift given back."""

    outgoing: Assignment
    returning: Assignment | None


def _confirmed(session: Session, shift_id: str, employee_id: str) -> Assignment | None:
    return session.exec(
        select(Assignment).where(
            Assignment.shift_id == shift_id, Assignment.employee_id == employee_id, Assignment.status == CONFIRMED
        )
    ).first()


def _on_shift(session: Session, shift_id: str, employee_id: str) -> bool:
    row = session.exec(
        select(Assignment.id).where(Assignment.shift_id == shift_id, Assignment.employee_id == employee_id)
    ).first()
    return row is not None


def _exchange(session: Session, offer: SwapOffer, accepter: Employee, names: dict[str, str]) -> _Exchange:
    """The assignments as they are now, or a 409 saying which person is no longer where the offer says."""
    offerer_name = names.get(offer.from_employee_id, "The offerer")
    outgoing = _confirmed(session, offer.shift_id, offer.from_employee_id)
    if outgoing is None:
        raise Conflict(f"{offerer_name} is no longer on this shift; the offer cannot go ahead")
    if _on_shift(session, offer.shift_id, accepter.id):
        raise Conflict(f"{accepter.full_name} is already on this shift")
    returning = None
    if offer.swap_shift_id:
        returning = _confirmed(session, offer.swap_shift_id, accepter.id)
        if returning is None:
            raise Conflict(f"{accepter.full_name} is no longer on the shift offered in return")
        if _on_shift(session, offer.swap_shift_id, offer.from_employee_id):
            raise Conflict(f"{offerer_name} is already on the shift offered in return")
    return _Exchange(outgoing, returning)


def _batch(offer: SwapOffer, exchange: _Exchange, accepter_id: str) -> Batch:
    changes: list[Assign | Unassign] = [
        Unassign(exchange.outgoing.id),
        Assign(AssignmentSnapshot(f"swap:{offer.id}:in", offer.shift_id, accepter_id, CONFIRMED, SOURCE)),
    ]
    if exchange.returning is not None and offer.swap_shift_id:
        changes += [
            Unassign(exchange.returning.id),
            Assign(
                AssignmentSnapshot(
                    f"swap:{offer.id}:back", offer.swap_shift_id, offer.from_employee_id, CONFIRMED, SOURCE
                )
            ),
        ]
    return Batch(tuple(changes))


def _plan_for(session: Session, shifts: list[Shift]) -> StaffPlan:
    return staff_plan(session, start=min(s.start_at for s in shifts), end=max(s.end_at for s in shifts))


def _judge(plan: StaffPlan, offer: SwapOffer, exchange: _Exchange, accepter_id: str) -> ChangeResult:
    try:
        return evaluate_change(plan, _batch(offer, exchange, accepter_id), rule_settings())
    except SnapshotError as error:
        raise Conflict("; ".join(error.problems)) from None


def _quiet_judge(plan: StaffPlan, offer: SwapOffer, exchange: _Exchange, accepter_id: str) -> ChangeResult | None:
    try:
        return evaluate_change(plan, _batch(offer, exchange, accepter_id), rule_settings())
    except SnapshotError:
        return None


def _shifts_of(session: Session, offer: SwapOffer) -> tuple[Shift, Shift | None]:
    shift = session.get(Shift, offer.shift_id)
    swap_shift = session.get(Shift, offer.swap_shift_id) if offer.swap_shift_id else None
    if shift is None or (offer.swap_shift_id and swap_shift is None):
        raise NotFound("Swap not found")
    return shift, swap_shift


def _lock_offer(session: Session, offer: SwapOffer, people: list[str]) -> SwapOffer:
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


def _check_version(offer: SwapOffer, expected_version: int | None) -> None:
    if expected_version is not None and offer.version != expected_version:
        raise Conflict(
            "This offer was changed meanwhile; reload and try again",
            details={"current_version": offer.version, "your_version": expected_version},
        )


def _stale(offer: SwapOffer, wanted: str) -> Conflict:
    """The 409 for an offer that is no longer in the state the action needs."""
    messages = {
        OFFERED: "This offer has not been accepted yet; there is nothing to decide",
        ACCEPTED: TAKEN if wanted == OFFERED else "This swap is already waiting for a decision",
        APPROVED: "This swap was already approved" if wanted != OFFERED else TAKEN,
        DECLINED: "This swap was already declined",
        WITHDRAWN: "This offer was withdrawn",
    }
    return Conflict(
        f"{messages.get(offer.status, 'This offer can no longer be changed')}; reload to see the current list",
        details={"status": offer.status, "current_version": offer.version},
    )


# ------------------------------------------------------------------ reading
def _offer_rows(session: Session, *where: Any, limit: int = MAX_LISTED) -> list[SwapOffer]:
    return list(
        session.exec(
            select(SwapOffer)
            .join(Shift, col(Shift.id) == col(SwapOffer.shift_id))
            .where(*where)
            .order_by(col(Shift.start_at), col(SwapOffer.created_at))
            .limit(limit)
        )
    )


def board(*, session: Session, actor: Employee) -> SwapBoard:
    """What the signed-in person sees: offers they may accept (made to them, or to anyone and fitting
    their schedule: the rule engine finds no hard conflict), their own offers and the ones they
    accepted (still open, or decided in the last days), and their shifts they could offer."""
    now = utcnow()
    recent = now - timedelta(days=HISTORY_DAYS)
    open_to_me = _offer_rows(
        session,
        SwapOffer.status == OFFERED,
        col(Shift.start_at) > now,
        SwapOffer.from_employee_id != actor.id,
        or_(col(SwapOffer.to_employee_id).is_(None), col(SwapOffer.to_employee_id) == actor.id),
    )
    mine = _offer_rows(
        session,
        SwapOffer.from_employee_id == actor.id,
        or_(col(SwapOffer.status).in_(OPEN_STATUSES), col(SwapOffer.updated_at) > recent),
    )
    taken = _offer_rows(
        session,
        SwapOffer.accepted_by == actor.id,
        or_(col(SwapOffer.status).in_(OPEN_STATUSES), col(SwapOffer.updated_at) > recent),
    )
    lookup = _Lookup(session, [*open_to_me, *mine, *taken])
    return SwapBoard(
        offers_to_me=_fitting(session, actor, open_to_me, lookup) if actor.status == "active" else [],
        my_offers=[lookup.view(o) for o in mine],
        accepted_by_me=[lookup.view(o) for o in taken],
        my_shifts=my_offerable_shifts(session=session, actor=actor),
    )


def _fitting(session: Session, actor: Employee, offers: list[SwapOffer], lookup: _Lookup) -> list[SwapView]:
    """Offers to anyone are listed when taking them breaks no hard rule for anyone concerned; offers
    made to this person by name are always listed, with the conflicts accepting would bring."""
    candidates = [
        o for o in offers if not _started(lookup.shifts[o.shift_id], lookup.shifts.get(o.swap_shift_id or ""))
    ]
    if not candidates:
        return []
    involved = [lookup.shifts[o.shift_id] for o in candidates]
    involved += [lookup.shifts[o.swap_shift_id] for o in candidates if o.swap_shift_id]
    plan = _plan_for(session, involved)
    views = []
    for offer in candidates:
        try:
            exchange = _exchange(session, offer, actor, lookup.names)
        except Conflict:
            continue
        result = _quiet_judge(plan, offer, exchange, actor.id)
        if result is None:
            continue
        if offer.to_employee_id is None and result.hard:
            continue
        views.append(lookup.view(offer, result))
    return views


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
    return [_brief(s, bureaus) for s in rows if s.id not in on_offer]


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
    _require_active(actor)
    colleague = session.get(Employee, colleague_id) if isinstance(colleague_id, str) else None
    if colleague is None or colleague.deleted_at is not None:
        raise NotFound("Colleague not found")
    return my_offerable_shifts(session=session, actor=colleague)


def pending_swaps(*, session: Session, actor: Employee) -> list[SwapView]:
    """Accepted swaps waiting for this leader (shifts of their bureau; every bureau's for planners),
    soonest first, each with the hard conflicts approving it would bring now."""
    _require_decider(actor)
    where: list[Any] = [SwapOffer.status == ACCEPTED, col(Shift.start_at) > utcnow()]
    if not (access.is_planner(actor) or access.is_admin(actor)):
        if actor.bureau_id is None:
            return []
        where.append(Shift.bureau_id == actor.bureau_id)
    offers = _offer_rows(session, *where)
    lookup = _Lookup(session, offers)
    offers = [
        o for o in offers if _status(o, lookup.shifts[o.shift_id], lookup.shifts.get(o.swap_shift_id or "")) == ACCEPTED
    ]
    if not offers:
        return []
    involved = [lookup.shifts[o.shift_id] for o in offers] + [
        lookup.shifts[o.swap_shift_id] for o in offers if o.swap_shift_id
    ]
    plan = _plan_for(session, involved)
    views = []
    for offer in offers:
        accepter = session.get(Employee, offer.accepted_by) if offer.accepted_by else None
        result: ChangeResult | None = None
        problem: str | None = None
        if accepter is not None:
            try:
                result = _quiet_judge(plan, offer, _exchange(session, offer, accepter, lookup.names), accepter.id)
            except Conflict as error:
                problem = error.message
        view = lookup.view(offer, result)
        if problem:
            view = replace(view, conflicts=(problem,))
        views.append(view)
    return views


# ------------------------------------------------------------------ offering
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
    _require_active(actor)
    if not isinstance(shift_id, str) or not shift_id:
        raise ValidationFailed("shift_id must name one of your shifts", details={"field": "shift_id"})
    if to_employee_id is not None and not isinstance(to_employee_id, str):
        raise ValidationFailed("to_employee_id must be a colleague's id", details={"field": "to_employee_id"})
    if swap_shift_id is not None and not isinstance(swap_shift_id, str):
        raise ValidationFailed("swap_shift_id must be a shift's id", details={"field": "swap_shift_id"})
    to_employee_id = to_employee_id or None
    swap_shift_id = swap_shift_id or None
    text = check_reason(note, "note")
    text = text.strip() if text and text.strip() else None
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
            raise Conflict(f"{colleague.full_name} is not active and cannot take shifts")
    lock_shifts_and_people(
        session,
        [shift_id, *([swap_shift_id] if swap_shift_id else [])],
        also=[actor.id, *([to_employee_id] if to_employee_id else [])],
    )
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("Shift not found")
    if _confirmed(session, shift.id, actor.id) is None:
        raise Forbidden("You can offer only shifts you are on")
    _require_offerable(shift, "This shift")
    if swap_shift_id and colleague is not None:
        swap_shift = session.get(Shift, swap_shift_id)
        if swap_shift is None:
            raise NotFound("The shift in return was not found")
        _require_offerable(swap_shift, "The shift in return")
        if _confirmed(session, swap_shift.id, colleague.id) is None:
            raise Conflict(f"{colleague.full_name} is not on the shift you ask in return")
        if _on_shift(session, swap_shift.id, actor.id):
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
        after=_audit_view(offer),
        kind=KIND,
    )
    view = _Lookup(session, [offer]).view(offer)
    if colleague is not None:
        what = (
            f"a swap: their shift {_when(view.shift)} for your {_when(view.swap_shift)}"
            if view.swap_shift
            else (f"their shift {_when(view.shift)}")
        )
        notifications.notify(
            session,
            [colleague],
            notifications.SWAP_REQUESTED,
            f"{actor.full_name} offers you a shift",
            f"{actor.full_name} offers you {what}." + (f"\n\n{text}" if text else ""),
            "/swaps",
        )
    return view


def _when(brief: ShiftBrief | None) -> str:
    if brief is None:
        return ""
    return f"{brief.date} {brief.start_time}–{brief.end_time} ({brief.bureau_name})"


def _require_offerable(shift: Shift, label: str) -> None:
    if shift.status != PUBLISHED:
        raise Conflict(
            f"{label} is not published; only published shifts can be swapped", details={"status": shift.status}
        )
    if shift.start_at <= utcnow():
        raise Conflict(f"{label} has already started; it can no longer be swapped")


# ------------------------------------------------------------------ accepting
def accept_offer(*, session: Session, actor: Employee, offer_id: Any, expected_version: int | None = None) -> SwapView:
    """Take an offer made to you or to anyone: the rule engine checks both schedules after the
    exchange; it then waits for a team leader, or is approved at once where the bureau says so and
    nothing conflicts."""
    _require_active(actor)
    offer = session.get(SwapOffer, offer_id) if isinstance(offer_id, str) else None
    if offer is None:
        raise NotFound("Swap offer not found")
    if offer.from_employee_id == actor.id:
        raise Forbidden("You cannot accept your own offer")
    if offer.to_employee_id is not None and offer.to_employee_id != actor.id:
        raise Forbidden("This offer was made to someone else")
    offer = _lock_offer(session, offer, [actor.id])
    if offer.status != OFFERED:
        raise _stale(offer, OFFERED)
    _check_version(offer, expected_version)
    shift, swap_shift = _shifts_of(session, offer)
    if _started(shift, swap_shift):
        raise Conflict("This offer has expired: its shift has started")
    lookup = _Lookup(session, [offer])
    exchange = _exchange(session, offer, actor, lookup.names)
    involved = [shift, *([swap_shift] if swap_shift else [])]
    result = _judge(_plan_for(session, involved), offer, exchange, actor.id)
    if result.hard:
        raise SwapRefused(result.hard, hint="This swap breaks a rule; it cannot be accepted", change=result)
    before = _audit_view(offer)
    now = utcnow()
    offer.status = ACCEPTED
    offer.accepted_by = actor.id
    offer.accepted_at = now
    offer.updated_at = now
    session.add(offer)
    session.flush()
    warnings = [c.message for c in result.soft]
    record(
        session=session,
        actor=actor,
        entity_type="swap_offer",
        entity_id=offer.id,
        action="accept",
        before=before,
        after={**_audit_view(offer), "warnings": warnings},
        kind=KIND,
    )
    bureau_ids = sorted({s.bureau_id for s in involved})
    automatic = not result.introduced and all(
        (b := session.get(Bureau, bureau_id)) is not None and b.swaps_auto_approve for bureau_id in bureau_ids
    )
    if automatic:
        _approve(session, None, offer, exchange, actor.id, involved, AUTO_REASON)
    lookup = _Lookup(session, [offer])
    view = lookup.view(offer, result)
    offerer = offer.from_employee_id
    if automatic:
        notifications.notify(
            session,
            [offerer],
            notifications.SWAP_DECIDED,
            f"Swap approved: {actor.full_name} takes your shift",
            f"{actor.full_name} accepted your offer of {_when(view.shift)}; it was approved automatically"
            + (f", and you take {_when(view.swap_shift)}" if view.swap_shift else "")
            + ".",
            "/swaps",
        )
    else:
        leaders = _leaders_of(session, bureau_ids, exclude={actor.id, offerer})
        body = f"{actor.full_name} accepted {lookup.names.get(offerer, '')}'s offer of {_when(view.shift)}" + (
            f" in exchange for {_when(view.swap_shift)}" if view.swap_shift else ""
        )
        notifications.notify(
            session,
            [offerer],
            notifications.SWAP_REQUESTED,
            f"{actor.full_name} accepted your offer",
            f"{body}. It now waits for a team leader's approval.",
            "/swaps",
        )
        if leaders:
            notifications.notify(
                session, leaders, notifications.SWAP_REQUESTED, "A swap waits for your decision", f"{body}.", "/swaps"
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
    exchange: _Exchange,
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
        before = _assignment_audit(assignment)
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
            after={**_assignment_audit(assignment), "offer_id": offer.id},
            reason=reason,
            kind=KIND,
        )
    before_offer = _audit_view(offer)
    offer.status = APPROVED
    offer.decided_by = actor.id if actor else None
    offer.decided_at = now
    offer.decision_note = reason if actor else None
    offer.auto_approved = actor is None
    offer.updated_at = now
    session.add(offer)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="swap_offer",
        entity_id=offer.id,
        action="approve" if actor else "auto_approve",
        before=before_offer,
        after=_audit_view(offer),
        reason=reason,
        kind=KIND,
    )
    refresh(
        session=session,
        start=min(s.start_at for s in shifts) - timedelta(days=1),
        end=max(s.end_at for s in shifts) + timedelta(days=1),
        actor=actor,
    )


# ------------------------------------------------------------------ deciding
def _decide(
    *, session: Session, actor: Employee, offer_id: Any, expected_version: int | None, note: Any, approve: bool
) -> SwapView:
    _require_decider(actor)
    offer = session.get(SwapOffer, offer_id) if isinstance(offer_id, str) else None
    if offer is None:
        raise NotFound("Swap offer not found")
    shift, swap_shift = _shifts_of(session, offer)
    involved = [shift, *([swap_shift] if swap_shift else [])]
    if not all(access.leads_or_plans(actor, s.bureau_id) for s in involved):
        raise Forbidden("You can decide only on swaps of shifts in the bureau you lead")
    if actor.id in (offer.from_employee_id, offer.accepted_by) and not access.is_admin(actor):
        raise Forbidden("A swap of your own is decided by another team leader or a planner")
    text = check_reason(note, "note")
    reason = text.strip() if text and text.strip() else None
    offer = _lock_offer(session, offer, [offer.accepted_by] if offer.accepted_by else [])
    if offer.status != ACCEPTED:
        raise _stale(offer, ACCEPTED)
    _check_version(offer, expected_version)
    shift, swap_shift = _shifts_of(session, offer)
    involved = [shift, *([swap_shift] if swap_shift else [])]
    accepter = session.get(Employee, offer.accepted_by) if offer.accepted_by else None
    if accepter is None:
        raise Conflict("The colleague who accepted this swap no longer exists; decline it")
    if approve:
        if _started(shift, swap_shift):
            raise Conflict("This swap has expired: its shift has started; decline it instead")
        exchange = _exchange(session, offer, accepter, _Lookup(session, [offer]).names)
        # The plan may have changed since the swap was accepted: ask the rule engine again.
        result = _judge(_plan_for(session, involved), offer, exchange, accepter.id)
        if result.hard:
            raise SwapRefused(result.hard, hint="Decline the swap, or change the plan so that it fits", change=result)
        _approve(session, actor, offer, exchange, accepter.id, involved, reason)
    else:
        before = _audit_view(offer)
        now = utcnow()
        offer.status = DECLINED
        offer.decided_by = actor.id
        offer.decided_at = now
        offer.decision_note = reason
        offer.updated_at = now
        session.add(offer)
        session.flush()
        record(
            session=session,
            actor=actor,
            entity_type="swap_offer",
            entity_id=offer.id,
            action="decline",
            before=before,
            after=_audit_view(offer),
            reason=reason,
            kind=KIND,
        )
    view = _Lookup(session, [offer]).view(offer)
    verb = "approved" if approve else "declined"
    body = f"{actor.full_name} {verb} the swap of {_when(view.shift)}"
    body += f" from {view.from_employee_name} to {view.accepted_by_name}"
    if view.swap_shift:
        body += f" (and of {_when(view.swap_shift)} the other way)"
    notifications.notify(
        session,
        [p for p in (offer.from_employee_id, offer.accepted_by) if p and p != actor.id],
        notifications.SWAP_DECIDED,
        f"Swap {verb}",
        body + "." + (f"\n\n{reason}" if reason else ""),
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


def withdraw_offer(
    *, session: Session, actor: Employee, offer_id: Any, expected_version: int | None = None
) -> SwapView:
    """Take back your own offer while it is not approved (offered, or accepted and waiting)."""
    offer = session.get(SwapOffer, offer_id) if isinstance(offer_id, str) else None
    if offer is None or offer.from_employee_id != actor.id:
        # Another person's offer is answered as missing: its id is not confirmed.
        raise NotFound("Swap offer not found")
    offer = _lock_offer(session, offer, [offer.accepted_by] if offer.accepted_by else [])
    if offer.status not in OPEN_STATUSES:
        raise _stale(offer, WITHDRAWN)
    _check_version(offer, expected_version)
    before = _audit_view(offer)
    offer.status = WITHDRAWN
    offer.updated_at = utcnow()
    session.add(offer)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="swap_offer",
        entity_id=offer.id,
        action="withdraw",
        before=before,
        after=_audit_view(offer),
        kind=KIND,
    )
    view = _Lookup(session, [offer]).view(offer)
    told = offer.accepted_by or offer.to_employee_id
    if told:
        notifications.notify(
            session,
            [told],
            notifications.SWAP_DECIDED,
            f"{actor.full_name} withdrew a shift offer",
            f"{actor.full_name} withdrew the offer of {_when(view.shift)}.",
            "/swaps",
        )
    return view
