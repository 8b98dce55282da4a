"""Open shifts (issue 20, item 1): the free places of published schedules, claimed by staff.

A place is open while a published shift that has not started yet holds more people than are
assigned to it (proposed or confirmed). Staff see the open places the rule engine lets them take
(role, skills, rest, overlap, leave, weekly maximum: the Assign change adds no hard conflict),
with the soft warnings taking one would bring. A claim locks the shift and the person
(`services.locks`), so two claims for the last place are decided one after the other: the second
finds the shift full (409). Per bureau (`Bureau.open_shift_claims_need_approval`) a claim is a
confirmed assignment at once, or a proposed one (source `claim`) that a team leader of the
shift's bureau (or a planner) approves, after the rule engine is asked again, or declines.
Every step is audited (kind `open_shift`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from shiftapp.i18n import reading_language
from shiftapp.i18n.messages import Message
from shiftapp.models import Assignment, AuditEvent, Bureau, Employee, Shift
from shiftapp.models.common import utcnow
from shiftapp.rules import Assign, AssignmentSnapshot, ChangeResult, SnapshotError, StaffPlan, Unassign, evaluate_change
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.services import access, notifications
from shiftapp.services.audit import assignment_record, record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, Forbidden, HardConflicts, NotFound
from shiftapp.services.locks import lock_shift_and_people
from shiftapp.services.shift_views import ShiftBrief, brief_fields, iso_utc
from shiftapp.services.snapshots import rule_settings, staff_plan
from shiftapp.services.text_limits import decision_note

# How far ahead open places are offered, and the most a list evaluates (one Assign each).
HORIZON_DAYS = 42
MAX_LISTED = 200
MAX_PENDING = 100
SOURCE = "claim"
PROPOSED = "proposed"
CONFIRMED = "confirmed"
PUBLISHED = "published"
FILLED = "This shift has just been filled"


class ClaimRefused(HardConflicts):
    """A claim (or its approval) the rule engine refuses: the error is the rules' own messages."""

    def __init__(self, conflicts: list[RuleFinding], *, hint: str, change: ChangeResult | None = None):
        super().__init__(
            "; ".join(c.text(reading_language()) for c in conflicts),
            conflicts=conflicts,
            details={"conflict_count": len(conflicts), "rules": sorted({c.code for c in conflicts})},
            hint=hint,
            change=change,
        )


# ------------------------------------------------------------------ views
@dataclass(frozen=True)
class OpenPlace(ShiftBrief):
    """A published shift as the open-shift lists show it, with its places."""

    capacity: int
    taken: int
    free_places: int


@dataclass(frozen=True)
class ListedOpenShift(OpenPlace):
    """An open place the signed-in person may claim, with the soft warnings taking it would bring."""

    needs_approval: bool
    warnings: list[str]


@dataclass(frozen=True)
class ClaimView(OpenPlace):
    """A claim (a proposed or confirmed assignment of source `claim`) with its shift."""

    claim_id: str
    employee_id: str
    employee_name: str
    status: str
    claimed_at: str
    claim_version: int


@dataclass(frozen=True)
class ClaimMade(ClaimView):
    """What a claim did: granted at once, or waiting for a leader."""

    granted: bool
    needs_approval: bool
    warnings: list[str]


@dataclass(frozen=True)
class PendingClaim(ClaimView):
    """A claim waiting for a leader, with the hard conflicts approving it would keep."""

    conflicts_if_approved: list[str]


@dataclass(frozen=True)
class DecidedClaim(ClaimView):
    """A claim just approved, declined or withdrawn (`status`), with who did it."""

    decided_by_name: str
    note: str | None


def _fields(view: OpenPlace) -> dict[str, Any]:
    """A view's fields, to build a richer view of the same claim or shift (shallow: no copies)."""
    return {f.name: getattr(view, f.name) for f in fields(view)}


def _shift_view(shift: Shift, bureaus: dict[str, str], taken: int) -> OpenPlace:
    return OpenPlace(
        **brief_fields(shift, bureaus),
        capacity=shift.capacity,
        taken=taken,
        free_places=max(shift.capacity - taken, 0),
    )


def _claim_view(
    assignment: Assignment, shift: Shift, employee: Employee, bureaus: dict[str, str], taken: int
) -> ClaimView:
    return ClaimView(
        **_fields(_shift_view(shift, bureaus, taken)),
        claim_id=assignment.id,
        employee_id=employee.id,
        employee_name=employee.full_name,
        status=assignment.status,
        claimed_at=iso_utc(assignment.created_at),
        claim_version=assignment.version,
    )


def _taken(session: Session, shift_ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in range(0, len(shift_ids), 500):
        rows = session.exec(
            select(Assignment.shift_id, func.count())
            .where(col(Assignment.shift_id).in_(shift_ids[chunk : chunk + 500]))
            .group_by(col(Assignment.shift_id))
        ).all()
        counts.update({shift_id: int(count) for shift_id, count in rows})
    return counts


def _require_active(actor: Employee) -> None:
    if actor.status != "active" or actor.deleted_at is not None:
        raise Forbidden("Only active staff can claim open shifts")


def _claim_snapshot(shift_id: str, employee_id: str, assignment_id: str | None = None) -> AssignmentSnapshot:
    return AssignmentSnapshot(
        id=assignment_id or f"claim:{shift_id}:{employee_id}",
        shift_id=shift_id,
        employee_id=employee_id,
        status=CONFIRMED,
        source=SOURCE,
    )


def _assign_result(plan: StaffPlan, shift_id: str, employee_id: str) -> ChangeResult | None:
    """What assigning this person would add; None when the plan cannot judge it (a broken snapshot)."""
    try:
        return evaluate_change(plan, Assign(_claim_snapshot(shift_id, employee_id)), rule_settings())
    except SnapshotError:
        return None


# ------------------------------------------------------------------ reading
def open_shifts(*, session: Session, actor: Employee) -> list[ListedOpenShift]:
    """The open places the signed-in person may claim, soonest first, each with the soft warnings
    (preferences, ...) taking it would bring and whether the bureau's leader must approve."""
    _require_active(actor)
    now = utcnow()
    shifts = list(
        session.exec(
            select(Shift)
            .where(
                Shift.status == PUBLISHED,
                col(Shift.start_at) > now,
                col(Shift.start_at) < now + timedelta(days=HORIZON_DAYS),
            )
            .order_by(col(Shift.start_at), col(Shift.id))
        )
    )
    if not shifts:
        return []
    ids = [s.id for s in shifts]
    taken = _taken(session, ids)
    mine = set(
        session.exec(
            select(Assignment.shift_id).where(Assignment.employee_id == actor.id, col(Assignment.shift_id).in_(ids))
        ).all()
    )
    candidates = [s for s in shifts if s.capacity > taken.get(s.id, 0) and s.id not in mine][:MAX_LISTED]
    if not candidates:
        return []
    plan = staff_plan(session, start=min(s.start_at for s in candidates), end=max(s.end_at for s in candidates))
    bureaus = bureau_names(session)
    approval = {b.id: b.open_shift_claims_need_approval for b in session.exec(select(Bureau))}
    views = []
    for shift in candidates:
        result = _assign_result(plan, shift.id, actor.id)
        if result is None or result.hard:
            continue
        views.append(
            ListedOpenShift(
                **_fields(_shift_view(shift, bureaus, taken.get(shift.id, 0))),
                needs_approval=approval.get(shift.bureau_id, False),
                warnings=[c.text(reading_language()) for c in result.soft],
            )
        )
    return views


def _require_decider(actor: Employee) -> None:
    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, schedulers, managers and admins can decide on shift claims")


def _hard_conflicts_of(session: Session, assignment: Assignment, shift: Shift) -> list[RuleFinding]:
    """The hard conflicts this (proposed) assignment takes part in now: what removing it would clear."""
    plan = staff_plan(session, start=shift.start_at, end=shift.end_at)
    try:
        result = evaluate_change(plan, Unassign(assignment.id), rule_settings())
    except SnapshotError:
        return []
    return [c for c in result.removed if c.severity == "hard"]


def pending_claims(*, session: Session, actor: Employee) -> list[PendingClaim]:
    """Claims waiting for this leader (their bureau's shifts; every bureau's for planners), soonest
    shift first, each with the hard conflicts approving it would keep (none, unless the plan changed)."""
    _require_decider(actor)
    query = (
        select(Assignment, Shift, Employee)
        .join(Shift, col(Shift.id) == col(Assignment.shift_id))
        .join(Employee, col(Employee.id) == col(Assignment.employee_id))
        .where(Assignment.source == SOURCE, Assignment.status == PROPOSED)
    )
    if not (access.is_planner(actor) or access.is_admin(actor)):
        if actor.bureau_id is None:
            return []
        query = query.where(Shift.bureau_id == actor.bureau_id)
    rows = list(session.exec(query.order_by(col(Shift.start_at), col(Assignment.created_at)).limit(MAX_PENDING)))
    if not rows:
        return []
    bureaus = bureau_names(session)
    taken = _taken(session, sorted({s.id for _a, s, _e in rows}))
    return [
        PendingClaim(
            **_fields(_claim_view(assignment, shift, employee, bureaus, taken.get(shift.id, 0))),
            conflicts_if_approved=[c.text(reading_language()) for c in _hard_conflicts_of(session, assignment, shift)],
        )
        for assignment, shift, employee in rows
    ]


def my_pending_claims(*, session: Session, actor: Employee) -> list[ClaimView]:
    """The signed-in person's claims still waiting for a leader, soonest first."""
    rows = list(
        session.exec(
            select(Assignment, Shift)
            .join(Shift, col(Shift.id) == col(Assignment.shift_id))
            .where(
                Assignment.employee_id == actor.id,
                Assignment.source == SOURCE,
                Assignment.status == PROPOSED,
                col(Shift.start_at) > utcnow(),
            )
            .order_by(col(Shift.start_at))
            .limit(MAX_PENDING)
        )
    )
    if not rows:
        return []
    bureaus = bureau_names(session)
    taken = _taken(session, sorted({s.id for _a, s in rows}))
    return [_claim_view(a, s, actor, bureaus, taken.get(s.id, 0)) for a, s in rows]


# ------------------------------------------------------------------ changing
def claim(*, session: Session, actor: Employee, shift_id: Any, expected_version: int | None = None) -> ClaimMade:
    """Claim a free place for yourself: granted at once, or waiting for a leader where the bureau says so.

    The shift and the person are locked first, so the count of free places and the rule check
    see every claim decided before this one."""
    _require_active(actor)
    if not isinstance(shift_id, str):
        raise NotFound("Shift not found")
    lock_shift_and_people(session, shift_id, also=[actor.id])
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("Shift not found")
    if shift.status != PUBLISHED:
        raise Conflict("This shift is not published, so it has no open places", details={"status": shift.status})
    if shift.start_at <= utcnow():
        raise Conflict("This shift has already started; it can no longer be claimed")
    if expected_version is not None and shift.version != expected_version:
        raise Conflict(
            "This shift was changed meanwhile; reload the open shifts and look again",
            details={"current_version": shift.version, "your_version": expected_version},
        )
    existing = session.exec(
        select(Assignment).where(Assignment.shift_id == shift.id, Assignment.employee_id == actor.id)
    ).first()
    if existing is not None:
        raise Conflict(
            "You have already claimed this shift" if existing.source == SOURCE else "You are already on this shift",
            details={"claim_id": existing.id, "status": existing.status},
        )
    taken = _taken(session, [shift.id]).get(shift.id, 0)
    if taken >= shift.capacity:
        raise Conflict(FILLED, details={"capacity": shift.capacity, "taken": taken, "free_places": 0})
    bureau = session.get(Bureau, shift.bureau_id)
    needs_approval = bool(bureau and bureau.open_shift_claims_need_approval)
    plan = staff_plan(session, start=shift.start_at, end=shift.end_at)
    assignment = Assignment(
        shift_id=shift.id,
        employee_id=actor.id,
        source=SOURCE,
        status=PROPOSED if needs_approval else CONFIRMED,
        created_by=actor.id,
    )
    try:
        result = evaluate_change(plan, Assign(_claim_snapshot(shift.id, actor.id, assignment.id)), rule_settings())
    except SnapshotError as error:
        raise Conflict("; ".join(error.problems)) from None
    if result.hard:
        raise ClaimRefused(
            result.hard, hint="This shift breaks a rule for you; choose another open shift", change=result
        )
    session.add(assignment)
    session.flush()
    warnings = [c.message for c in result.soft]
    record(
        session=session,
        actor=actor,
        entity_type="assignment",
        entity_id=assignment.id,
        action="claim",
        after={**assignment_record(assignment), "granted": not needs_approval, "warnings": warnings},
        kind="open_shift",
    )
    _refresh(session, actor, shift)
    bureaus = bureau_names(session)
    if not needs_approval:
        # Granted at once: the confirmation (and its email) is the person's record of the new shift.
        _tell_claimant(session, actor, shift, bureaus, "granted", note=None)
    return ClaimMade(
        **_fields(_claim_view(assignment, shift, actor, bureaus, taken + 1)),
        granted=not needs_approval,
        needs_approval=needs_approval,
        warnings=[c.text(reading_language()) for c in result.soft],
    )


# Whole sentences, not a word put in one: the past participle agrees in Italian.
_ALREADY = {
    "declined": "This claim was already declined; reload to see the current list",
    "withdrawn": "This claim was already withdrawn; reload to see the current list",
}


def _refresh(session: Session, actor: Employee, shift: Shift) -> None:
    session.flush()
    refresh(
        session=session, start=shift.start_at - timedelta(days=1), end=shift.end_at + timedelta(days=1), actor=actor
    )


def _tell_claimant(
    session: Session, claimant: Employee, shift: Shift, bureaus: dict[str, str], decision: str, *, note: str | None
) -> None:
    """The claimant's inbox message (and email after the commit) about their claim's outcome."""
    when = notifications.describe_shift(shift, bureaus.get(shift.bureau_id))
    text = {
        "granted": "Your claim is granted: you are on the shift of {when}.",
        "approved": "Your claim for the shift of {when} was approved: you are on it.",
        "declined": "Your claim for the shift of {when} was declined; the place is open again.",
    }[decision]
    title = {"granted": "Shift claim granted", "approved": "Shift claim approved", "declined": "Shift claim declined"}
    body = notifications.with_note(Message(text, when=when), note)
    link = "/schedule" if decision != "declined" else "/open-shifts"
    notifications.notify(session, [claimant], notifications.CLAIM_DECIDED, title[decision], body, link)


def _decided(
    session: Session, view: ClaimView, shift: Shift, *, status: str, by: Employee, note: str | None
) -> DecidedClaim:
    """The claim as it was decided (its view taken before the change), with the places counted after it."""
    taken = _taken(session, [shift.id]).get(shift.id, 0)
    changed = {"status": status, "taken": taken, "free_places": max(shift.capacity - taken, 0)}
    return DecidedClaim(**(_fields(view) | changed), decided_by_name=by.full_name, note=note)


def _decide(
    *, session: Session, actor: Employee, claim_id: Any, expected_version: int | None, note: Any, approve: bool
) -> DecidedClaim:
    _require_decider(actor)
    assignment = session.get(Assignment, claim_id) if isinstance(claim_id, str) else None
    if assignment is None or assignment.source != SOURCE:
        raise NotFound("Claim not found")
    shift = session.get(Shift, assignment.shift_id)
    employee = session.get(Employee, assignment.employee_id)
    if shift is None or employee is None:
        raise NotFound("Claim not found")
    if not access.leads_or_plans(actor, shift.bureau_id):
        raise Forbidden("You can decide only on claims for shifts of the bureau you lead")
    access.refuse_own_decision(actor, (employee.id,), "Your own claim is decided by another team leader or a planner")
    reason = decision_note(note)
    lock_shift_and_people(session, shift.id, also=[employee.id])
    session.expire_all()
    assignment = session.get(Assignment, claim_id)
    shift = session.get(Shift, shift.id)
    if assignment is None or shift is None:
        raise Conflict("This claim was already declined or withdrawn; reload to see the current list")
    if assignment.status != PROPOSED:
        raise Conflict(
            "This claim was already approved; reload to see the current list",
            details={"status": assignment.status, "current_version": assignment.version},
        )
    if expected_version is not None and assignment.version != expected_version:
        raise Conflict(
            "This claim was changed meanwhile; reload and try again",
            details={"current_version": assignment.version, "your_version": expected_version},
        )
    before = assignment_record(assignment)
    if approve:
        if shift.start_at <= utcnow():
            raise Conflict("This shift has already started; decline the claim instead")
        # The plan may have changed since the claim was made: ask the rule engine again.
        hard = _hard_conflicts_of(session, assignment, shift)
        if hard:
            raise ClaimRefused(hard, hint="Decline the claim, or change the plan so that it fits")
        assignment.status = CONFIRMED
        assignment.updated_at = utcnow()
        session.add(assignment)
        session.flush()
        after = assignment_record(assignment)
    else:
        after = {**before, "status": "declined"}
    record(
        session=session,
        actor=actor,
        entity_type="assignment",
        entity_id=assignment.id,
        action="approve_claim" if approve else "decline_claim",
        before=before,
        after=after,
        reason=reason,
        kind="open_shift",
    )
    decision = "approved" if approve else "declined"
    bureaus = bureau_names(session)
    view = _claim_view(assignment, shift, employee, bureaus, 0)
    if not approve:
        session.delete(assignment)
    _refresh(session, actor, shift)
    _tell_claimant(session, employee, shift, bureaus, decision, note=reason)
    return _decided(session, view, shift, status=decision, by=actor, note=reason)


def approve_claim(
    *, session: Session, actor: Employee, claim_id: Any, expected_version: int | None, note: Any = None
) -> DecidedClaim:
    """Approve a waiting claim: the rule engine is asked again, then the assignment is confirmed."""
    return _decide(
        session=session, actor=actor, claim_id=claim_id, expected_version=expected_version, note=note, approve=True
    )


def decline_claim(
    *, session: Session, actor: Employee, claim_id: Any, expected_version: int | None, note: Any = None
) -> DecidedClaim:
    """Decline a waiting claim: the proposed assignment is removed and the place is open again."""
    return _decide(
        session=session, actor=actor, claim_id=claim_id, expected_version=expected_version, note=note, approve=False
    )


def _was_decided(session: Session, claim_id: str, claimant_id: str) -> str | None:
    """How this person's claim whose row is gone ended ('declined', 'withdrawn'), read from the audit
    trail; None for an id that was never their claim (so another person's id is not confirmed)."""
    entries = session.exec(
        select(AuditEvent).where(
            AuditEvent.entity_type == "assignment",
            AuditEvent.entity_id == claim_id,
            col(AuditEvent.action).in_(("decline_claim", "withdraw_claim")),
        )
    )
    for entry in entries:
        if (entry.before or {}).get("employee_id") == claimant_id:
            return {"decline_claim": "declined", "withdraw_claim": "withdrawn"}[entry.action]
    return None


def withdraw_claim(
    *, session: Session, actor: Employee, claim_id: Any, expected_version: int | None = None
) -> DecidedClaim:
    """Staff take back their own claim while it still waits for a leader: the proposed assignment
    is removed (audited) and the place is open again. A claim already decided is a 409; someone
    else's claim is refused (403) and left as it is."""
    assignment = session.get(Assignment, claim_id) if isinstance(claim_id, str) else None
    if assignment is None or assignment.source != SOURCE:
        ended = _was_decided(session, claim_id, actor.id) if isinstance(claim_id, str) else None
        if ended is not None:
            raise Conflict(_ALREADY[ended], details={"status": ended})
        raise NotFound("Claim not found")
    if assignment.employee_id != actor.id:
        raise Forbidden("You can withdraw only your own claims")
    shift_id = assignment.shift_id
    lock_shift_and_people(session, shift_id, also=[actor.id])
    session.expire_all()
    assignment = session.get(Assignment, claim_id)
    shift = session.get(Shift, shift_id)
    if assignment is None or shift is None:
        ended = _was_decided(session, claim_id, actor.id) or "declined"
        raise Conflict(_ALREADY[ended], details={"status": ended})
    if assignment.status != PROPOSED:
        raise Conflict(
            "This claim was already approved, so you are on the shift; ask your team leader to take you off it",
            details={"status": assignment.status, "current_version": assignment.version},
        )
    if expected_version is not None and assignment.version != expected_version:
        raise Conflict(
            "This claim was changed meanwhile; reload and try again",
            details={"current_version": assignment.version, "your_version": expected_version},
        )
    before = assignment_record(assignment)
    record(
        session=session,
        actor=actor,
        entity_type="assignment",
        entity_id=assignment.id,
        action="withdraw_claim",
        before=before,
        after={**before, "status": "withdrawn"},
        kind="open_shift",
    )
    view = _claim_view(assignment, shift, actor, bureau_names(session), 0)
    session.delete(assignment)
    _refresh(session, actor, shift)
    return _decided(session, view, shift, status="withdrawn", by=actor, note=None)
