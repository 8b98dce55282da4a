"""Who may take part in a swap and what the rule engine says of it: the exchange is judged whole (a
`Batch`: the offerer off the shift and the accepter on it, and for a swap the reverse on the other
shift), so both people's schedules are checked after the change; offers to anyone are shown only to
the people they fit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from shiftapp.i18n import reading_language
from shiftapp.models import Assignment, Employee, Shift, SwapOffer
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
from shiftapp.services import access
from shiftapp.services.errors import Conflict, Forbidden, HardConflicts
from shiftapp.services.snapshots import rule_settings, staff_plan
from shiftapp.services.swaps.common import CONFIRMED, SOURCE, Lookup, SwapView, has_started


class SwapRefused(HardConflicts):
    """An acceptance (or approval) the rule engine refuses: the error is the rules' own messages."""

    def __init__(self, conflicts: list[RuleFinding], *, hint: str, change: ChangeResult | None = None):
        super().__init__(
            "; ".join(c.text(reading_language()) for c in conflicts),
            conflicts=conflicts,
            details={"conflict_count": len(conflicts), "rules": sorted({c.code for c in conflicts})},
            hint=hint,
            change=change,
        )


def require_active(actor: Employee) -> None:
    if actor.status != "active" or actor.deleted_at is not None:
        raise Forbidden("Only active staff can offer or take shifts")


def require_decider(actor: Employee) -> None:
    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, schedulers, managers and admins can decide on swaps")


@dataclass(frozen=True)
class Exchange:
    """The assignments a swap moves: the offerer's on the offered shift, and for a true swap the
    accepter's on the shift given back."""

    outgoing: Assignment
    returning: Assignment | None


def confirmed(session: Session, shift_id: str, employee_id: str) -> Assignment | None:
    return session.exec(
        select(Assignment).where(
            Assignment.shift_id == shift_id, Assignment.employee_id == employee_id, Assignment.status == CONFIRMED
        )
    ).first()


def on_shift(session: Session, shift_id: str, employee_id: str) -> bool:
    row = session.exec(
        select(Assignment.id).where(Assignment.shift_id == shift_id, Assignment.employee_id == employee_id)
    ).first()
    return row is not None


def current_exchange(session: Session, offer: SwapOffer, accepter: Employee, names: dict[str, str]) -> Exchange:
    """The assignments as they are now, or a 409 saying which person is no longer where the offer says."""
    offerer_name = names.get(offer.from_employee_id, "The offerer")
    outgoing = confirmed(session, offer.shift_id, offer.from_employee_id)
    if outgoing is None:
        raise Conflict("{name} is no longer on this shift; the offer cannot go ahead", params={"name": offerer_name})
    if on_shift(session, offer.shift_id, accepter.id):
        raise Conflict("{name} is already on this shift", params={"name": accepter.full_name})
    returning = None
    if offer.swap_shift_id:
        returning = confirmed(session, offer.swap_shift_id, accepter.id)
        if returning is None:
            raise Conflict("{name} is no longer on the shift offered in return", params={"name": accepter.full_name})
        if on_shift(session, offer.swap_shift_id, offer.from_employee_id):
            raise Conflict("{name} is already on the shift offered in return", params={"name": offerer_name})
    return Exchange(outgoing, returning)


def _batch(offer: SwapOffer, exchange: Exchange, accepter_id: str) -> Batch:
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


def plan_for(session: Session, shifts: list[Shift]) -> StaffPlan:
    return staff_plan(session, start=min(s.start_at for s in shifts), end=max(s.end_at for s in shifts))


def judge(plan: StaffPlan, offer: SwapOffer, exchange: Exchange, accepter_id: str) -> ChangeResult:
    try:
        return evaluate_change(plan, _batch(offer, exchange, accepter_id), rule_settings())
    except SnapshotError as error:
        raise Conflict("; ".join(error.problems)) from None


def quiet_judge(plan: StaffPlan, offer: SwapOffer, exchange: Exchange, accepter_id: str) -> ChangeResult | None:
    try:
        return evaluate_change(plan, _batch(offer, exchange, accepter_id), rule_settings())
    except SnapshotError:
        return None


def fitting_offers(session: Session, actor: Employee, offers: list[SwapOffer], lookup: Lookup) -> list[SwapView]:
    """Offers to anyone are listed when taking them breaks no hard rule for anyone concerned; offers
    made to this person by name are always listed, with the conflicts accepting would bring."""
    candidates = [
        o for o in offers if not has_started(lookup.shifts[o.shift_id], lookup.shifts.get(o.swap_shift_id or ""))
    ]
    if not candidates:
        return []
    involved = [lookup.shifts[o.shift_id] for o in candidates]
    involved += [lookup.shifts[o.swap_shift_id] for o in candidates if o.swap_shift_id]
    plan = plan_for(session, involved)
    views = []
    for offer in candidates:
        try:
            exchange = current_exchange(session, offer, actor, lookup.names)
        except Conflict:
            continue
        result = quiet_judge(plan, offer, exchange, actor.id)
        if result is None:
            continue
        if offer.to_employee_id is None and result.hard:
            continue
        views.append(lookup.view(offer, result))
    return views
